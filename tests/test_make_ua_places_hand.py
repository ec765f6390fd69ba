"""The ``--src`` mode of eval/ua-places/make_ua_places.py (hand-written ua-places lines).

Every line here is invented for the test; no text of any suite."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "eval" / "ua-places" / "make_ua_places.py"


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("make_ua_places", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _place(gid, name, code, lat, lon, cc="UA"):
    return {"geonameid": gid, "name": name, "code": code, "countrycode": cc, "latitude": lat,
            "longitude": lon, "population": 1000}


def test_src_mode_span_variant_and_missing_place(builder, tmp_path, capsys):
    """On cities500: span = first occurrence of the written form, ``hand`` variant only when the
    folded spelling differs, a place absent from its admin1 fails the build with a message."""
    src = tmp_path / "hand.txt"
    out = tmp_path / "hand.jsonl"
    src.write_text("# a comment line\n"
                   "t-1 | Kupiansk | Kupyansk | Kharkiv | UKR | Smoke rose over Kupiansk after the strike, Kupiansk officials said.\n"
                   "t-2 | Izyum | Izyum | Kharkiv | UKR | A new bridge was opened in Izyum on Friday.\n",
                   encoding="utf-8")
    assert builder.main(["--src", str(src), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["t-1", "t-2"]
    first, second = rows
    assert first["span"] == {"start": 16, "end": 24, "text": "Kupiansk"}
    assert first["variant"] == "hand" and second["variant"] is None
    assert first["gold"]["name"] == "Kupyansk" and first["gold"]["admin1"] == "Kharkiv"
    assert first["gold"]["country"] == "UKR" and abs(first["gold"]["lat"] - 49.7) < 0.2
    assert second["text"][second["span"]["start"]:second["span"]["end"]] == "Izyum"

    src.write_text("t-3 | Izyum | Izyum | Odesa | UKR | Izyum was quiet overnight.\n", encoding="utf-8")
    assert builder.main(["--src", str(src), "--out", str(out)]) == 1
    assert "no cities500 place 'Izyum' in Odesa" in capsys.readouterr().err


def test_homonyms_spread_and_format_errors(builder):
    """Invented gazetteer: homonyms = oblasts having the name; two places of the name more than
    15 km apart in the admin1 fail; bad field count, wrong ISO3 and an absent written form fail."""
    places = [_place(1, "Testivka", "UA.05", 48.0, 37.0), _place(2, "Testivka", "UA.05", 48.05, 37.0),
              _place(3, "Testivka", "UA.07", 49.5, 36.5), _place(4, "Farivka", "UA.26", 47.0, 35.0),
              _place(5, "Farivka", "UA.26", 47.5, 35.0)]
    [row] = builder.build_hand(["h-1 | Testivka | Testivka | Donetsk | UKR | Shelling hit Testivka."], places)
    assert row["gold"]["homonyms"] == 2 and row["gold"]["admin1_code"] == "UA.05"
    assert row["span"]["start"] == len("Shelling hit ")
    bad = {"h-2 | Farivka | Farivka | Zaporizhzhia | UKR | Drones over Farivka.": "km apart",
           "h-3 | Testivka | Testivka | Donetsk | Shelling hit Testivka.": "6 fields",
           "h-4 | Testivka | Testivka | Donetsk | RUS | Shelling hit Testivka.": "ISO3",
           "h-5 | Testyvka | Testivka | Donetsk | UKR | Shelling hit Testivka.": "not in the text"}
    for line, message in bad.items():
        with pytest.raises(builder.SourceError, match=message):
            builder.build_hand([line], places)


def test_hand_regions_cover_crimea_and_sevastopol(builder):
    """Hand-written lines may target occupied Crimea / Sevastopol (``HAND_REGIONS``), which the
    generator leaves out; the generator's own region list is unchanged, and ``homonyms`` counts the
    generator's oblasts having the name plus the target's own region (so Sevastopol's namesake does
    not change the count of an oblast target)."""
    assert "UA.11" not in builder.REGIONS and builder.HAND_REGIONS["UA.11"] == "Crimea"
    places = [_place(7, "Probnyi", "UA.11", 45.0, 34.0), _place(8, "Probnyi", "UA.20", 44.6, 33.5),
              _place(9, "Probnyi", "UA.05", 48.0, 37.5)]
    [row] = builder.build_hand(["c-1 | Probnoye | Probnyi | Crimea | UKR | Sirens sounded over Probnoye."], places)
    assert row["gold"]["admin1"] == "Crimea" and row["gold"]["admin1_code"] == "UA.11"
    assert row["gold"]["homonyms"] == 2 and row["variant"] == "hand"
    [oblast] = builder.build_hand(["c-3 | Probnyi | Probnyi | Donetsk | UKR | Probnyi was shelled."], places)
    assert oblast["gold"]["homonyms"] == 1 and oblast["variant"] is None
    [city] = builder.build_hand(["c-2 | Simferopol | Simferopol | Crimea | UKR | Smoke rose over Simferopol."])
    assert city["gold"]["country"] == "UKR" and abs(city["gold"]["lat"] - 44.95) < 0.2
