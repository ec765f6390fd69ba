"""wirewatch.stories: merged events and storylines, on a week of fixture articles (tests/fixtures/stories/week).

The week: five articles on the Tomahawk question (10-17 Oct 2025, three outlets), three reports of
one Kharkiv drone strike (different fatality counts), two on a Nairobi protest, one on Goma fighting.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NO_PG, PG_ENV, drop_pg_database, new_pg_database

from wirewatch.records import period_bounds
from wirewatch import stories
from wirewatch.ingest import ingest
from wirewatch.store import Store

WEEK = Path(__file__).parent / "fixtures" / "stories" / "week"
TOMAHAWK = {"01-tomahawk-request", "02-tomahawk-trump", "03-tomahawk-kremlin", "04-tomahawk-delegation",
            "05-tomahawk-meeting"}
KHARKIV = {"06-kharkiv-a", "07-kharkiv-b", "08-kharkiv-c"}
NAIROBI = {"09-nairobi-a", "10-nairobi-b"}
GOMA = {"11-goma-fighting"}
GOLD = [TOMAHAWK, KHARKIV, NAIROBI, GOMA]


def partition(store: Store) -> list[set]:
    return sorted((set(s["article_ids"]) for s in stories.list_stories(store, limit=None)), key=sorted)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def week_db(request, tmp_path_factory, pipeline):
    """The week fixture ingested once per backend (the PostgreSQL one needs a server)."""
    if request.param == "postgresql":
        if not os.environ.get(PG_ENV):
            pytest.skip(NO_PG)
        path = new_pg_database("week")
        request.addfinalizer(lambda: drop_pg_database(path))
    else:
        path = tmp_path_factory.mktemp("week") / "w.db"
    with Store(path) as store:
        ingest([str(WEEK)], store, pipeline=pipeline)
    return path


@pytest.fixture()
def store(week_db):
    with Store(week_db) as s:
        yield s


# -------------------------------------------------------------------------- stories


def test_week_is_grouped_into_its_four_storylines(store):
    assert partition(store) == sorted(GOLD, key=sorted)


def test_story_fields_and_title(store):
    rows = stories.list_stories(store, limit=None)
    tomahawk = next(s for s in rows if set(s["article_ids"]) == TOMAHAWK)
    assert tomahawk["first_seen"] == "2025-10-10" and tomahawk["last_seen"] == "2025-10-17"
    assert "Tomahawk" in tomahawk["title"]
    assert tomahawk["event_count"] >= 1
    assert [r["last_seen"] for r in rows] == sorted((r["last_seen"] for r in rows), reverse=True)
    one = stories.story(store, tomahawk["id"])
    assert {a["id"] for a in one["articles"]} == TOMAHAWK
    assert all(e["num_mentions"] >= 1 for e in one["events"])
    assert stories.story(store, 10_000) is None


def test_paging(store):
    everything = stories.list_stories(store, limit=None)
    assert stories.list_stories(store, limit=2, offset=1) == everything[1:3]


def test_stories_grow_incrementally(tmp_path, pipeline):
    """Articles arriving one ingest at a time end up in the same storylines as one batch."""
    with Store(tmp_path / "inc.db") as store:
        for f in sorted(WEEK.iterdir()):
            ingest([str(f)], store, pipeline=pipeline)
        assert partition(store) == sorted(GOLD, key=sorted)


# -------------------------------------------------------------------------- merged events


def kharkiv_strike(store: Store) -> dict:
    rows = [r for r in stories.merged_events(store, type="ASSAULT")
            if {m["article_id"] for m in r["mentions"]} & KHARKIV]
    return max(rows, key=lambda r: r["num_sources"])


def test_the_strike_is_one_event_with_three_sources(store):
    strike = kharkiv_strike(store)
    assert {m["article_id"] for m in strike["mentions"]} == KHARKIV
    assert strike["num_sources"] == 3 and strike["num_mentions"] >= 3
    assert strike["first_seen"] == "2025-10-07" and strike["last_seen"] == "2025-10-08"
    assert strike["location_name"] == "Kharkiv" and strike["date"] == "2025-10-07"


def test_conflicting_fatality_claims_are_kept_with_their_source(store):
    strike = kharkiv_strike(store)
    claims = {(c["article_id"], c["fatalities"]) for c in strike["claims"]}
    assert ("07-kharkiv-b", 5) in claims and ("06-kharkiv-a", 4) in claims
    assert strike["conflicting_fatalities"] is True


def test_merged_rows_look_like_store_rows(store):
    plain = store.events()[0]
    merged = stories.merged_events(store)
    assert set(plain) <= set(merged[0])
    for key in ("num_mentions", "num_sources", "first_seen", "last_seen", "mentions", "claims"):
        assert key in merged[0]
    event_pks = [m["event_pk"] for r in merged for m in r["mentions"]]
    assert len(event_pks) == len(set(event_pks)) == store.counts()["events"]
    assert len(merged) < store.counts()["events"]


def test_merged_filters(store):
    assert all(r["type"] == "ASSAULT" for r in stories.merged_events(store, type="assault"))
    ukr = stories.merged_events(store, country="UKR")
    assert ukr and all("UKR" in (r["actor_country"], r["recipient_country"], r["location_country"]) for r in ukr)
    dated = stories.merged_events(store, since="2025-10-12", until="2025-10-13")
    # the period of each kept event overlaps the window (a week or month around it is kept)
    bounds = [period_bounds(r["date"]) for r in dated]
    assert dated and all(b and b[1].isoformat() >= "2025-10-12" and b[0].isoformat() <= "2025-10-13" for b in bounds)
    assert len(stories.merged_events(store, limit=2)) == 2
    assert stories.merged_events(store, limit=2, offset=1)[0]["merged_id"] == \
        stories.merged_events(store, limit=3)[1]["merged_id"]


def test_different_strikes_are_not_merged(store):
    goma = [r for r in stories.merged_events(store, type="ASSAULT")
            if {m["article_id"] for m in r["mentions"]} & GOMA]
    assert goma and all({m["article_id"] for m in r["mentions"]} == GOMA for r in goma)


# -------------------------------------------------------------------------- matching rules


def mention(**kw) -> dict:
    base = {"type": "ASSAULT", "_window": (739531, 739531), "_day_precise": True, "_evidence": {"drone", "strike"},
            "location_country": "UKR", "lat": 49.98, "lon": 36.25, "location_precision": "place", "geonameid": 1,
            "actor_name": "Russia", "actor_country": "RUS", "actor_role": "GOV"}
    base.update(kw)
    return base


def merged(**kw) -> dict:
    loc = {"location_country": "UKR", "lat": 49.98, "lon": 36.25, "location_precision": "place", "geonameid": 1}
    loc.update(kw.pop("loc", {}))
    base = {"type": "ASSAULT", "family": "violence", "lo": 739531, "hi": 739531, "date_precision": "day",
            "evidence": "drone strike", "_loc": loc, "actor_name": "Russia", "actor_country": "RUS",
            "_actor_role": "GOV"}
    base.update(kw)
    return base


def test_match_accepts_the_same_happening():
    assert stories.match_score(mention(), merged()) >= stories.MERGE_SCORE


def test_distance_allowed_depends_on_precision():
    kyiv = {"lat": 50.45, "lon": 30.52, "geonameid": 2}
    assert stories.match_score(mention(), merged(loc=kyiv)) is None  # 410 km apart, both cities
    oblast = dict(kyiv, location_precision="admin1", lat=49.6, lon=35.0)  # ~100 km, admin1 precision
    assert stories.match_score(mention(), merged(loc=oblast)) is not None


def test_dates_types_and_actors_must_be_compatible():
    assert stories.match_score(mention(_window=(739540, 739540)), merged()) is None
    assert stories.match_score(mention(_window=(739532, 739532)), merged()) is not None  # one day of slack
    assert stories.match_score(mention(type="AGREE"), merged()) is None
    assert stories.match_score(mention(actor_name="Ukraine", actor_country="UKR"), merged()) is None
    month = mention(_window=stories.date_window("2025-10"), _day_precise=False)
    assert stories.match_score(month, merged(lo=stories.date_window("2025-10-07")[0],
                                             hi=stories.date_window("2025-10-07")[0])) is not None


def test_country_alone_is_not_enough():
    vague = mention(actor_name=None, actor_country=None, location_precision="country", geonameid=None,
                    lat=None, lon=None)
    assert stories.match_score(vague, merged(actor_name=None, actor_country=None)) is None


@pytest.mark.parametrize("value,days", [("2025-10-07", 1), ("2025-W42", 7), ("2025-W42-WE", 2), ("2025-10", 31), ("2025", 365),
                                        ("2025-SU", 92), ("2025-10-07T12:00:00", 1),
                                        ("2024-H1", 182), ("2025-H2", 184), ("2025-Q1", 90), ("199", 3652)])
def test_date_window(value, days):
    lo, hi = stories.date_window(value)
    assert hi - lo + 1 == days


def test_half_year_is_too_vague_to_merge():
    """A half-dated mention has a window (not 'undated'), too wide to merge into a story."""
    assert not stories._mergeable(stories.date_window("2025-H2"))
    assert stories.DATE_RANK["day"] < stories.DATE_RANK["half"] < stories.DATE_RANK["year"]


def test_unreadable_dates_have_no_window():
    assert stories.date_window("PRESENT_REF") is None and stories.date_window(None) is None
    assert stories.date_window("PAST_REF") is None and stories.date_window("FUTURE_REF") is None


# -------------------------------------------------------------------------- catch-up and CLI


def _new_like(week_db, tmp_path, name: str) -> str:
    """An empty database on the backend of ``week_db``."""
    if str(week_db).startswith("postgresql://"):
        return new_pg_database(name)
    return str(tmp_path / f"{name}.db")


def test_catch_up_builds_stories_for_an_older_database(week_db, tmp_path):
    from wirewatch import dbcopy
    copy = _new_like(week_db, tmp_path, "old")
    try:
        assert dbcopy.copy(str(week_db), copy).ok
        with Store(copy) as store:
            expected = partition(store)
            with store.transaction() as c:
                for table in ("story_articles", "stories", "event_mentions", "merged_keys", "merged_events",
                              "article_terms", "term_df", "story_stats", "article_lsh", "article_signatures"):
                    c.execute(f"DELETE FROM {table}")
            assert stories.catch_up(store) == 11
            assert partition(store) == expected
            assert stories.catch_up(store) == 0
    finally:
        if copy.startswith("postgresql://"):
            drop_pg_database(copy)


def test_db_copy_sqlite_to_postgresql_and_back_loses_nothing(week_db, tmp_path):
    """SQLite -> PostgreSQL -> SQLite: every table's rows and checksum survive both legs, and the
    copies answer the same queries (stories, merged events); new rows get fresh keys after a copy."""
    from wirewatch import dbcopy
    from wirewatch.cli import main
    if str(week_db).startswith("postgresql://"):
        pytest.skip("the round trip starts from the SQLite week")
    if not os.environ.get(PG_ENV):
        pytest.skip(NO_PG)
    pg = new_pg_database("copy")
    back = str(tmp_path / "back.db")
    try:
        r = CliRunner().invoke(main, ["db", "copy", str(week_db), pg])
        assert r.exit_code == 0, r.output
        assert "events checksum" in r.output and "same" in r.output and r.output.strip().endswith("checksum")
        r = CliRunner().invoke(main, ["db", "copy", pg, back])
        assert r.exit_code == 0, r.output
        for table in dbcopy.tables():
            with Store(week_db) as a, Store(back) as b:
                if table in a.conn.tables():
                    assert dbcopy.checksum(a.conn, table) == dbcopy.checksum(b.conn, table), table
        with Store(week_db) as a, Store(pg) as p:
            assert partition(a) == partition(p)
            assert [(m["merged_id"], m["num_mentions"], m["date"]) for m in stories.merged_events(a)] == \
                   [(m["merged_id"], m["num_mentions"], m["date"]) for m in stories.merged_events(p)]
            top = p.conn.execute("SELECT MAX(pk) FROM articles").fetchone()[0]
            from wirewatch.records import Article, Extraction
            pk, _ = p.add_article(Article(id="after-copy", text="A new article after the copy."), Extraction(id="x"))
            assert pk == top + 1
        r = CliRunner().invoke(main, ["db", "copy", str(week_db), pg])
        assert r.exit_code != 0 and "not empty" in r.output
    finally:
        drop_pg_database(pg)


def test_cli_lists_stories(week_db):
    from wirewatch.cli import main
    runner = CliRunner()
    r = runner.invoke(main, ["stories", "--db", str(week_db), "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert sorted((set(s["article_ids"]) for s in rows), key=sorted) == sorted(GOLD, key=sorted)
    r = runner.invoke(main, ["stories", "--db", str(week_db)])
    assert r.exit_code == 0 and "Tomahawk" in r.output and "4 stories" in r.output
    r = runner.invoke(main, ["stories", "--db", str(week_db), "--id", str(rows[0]["id"])])
    assert r.exit_code == 0 and "articles:" in r.output and "events:" in r.output


def test_generic_names_are_weak_evidence():
    nowhere = {"location_country": None, "lat": None, "lon": None, "geonameid": None}
    generic = mention(actor_name="Civilians", actor_country=None, _actor_proper=False, **nowhere)
    other = merged(actor_name="Civilians", actor_country=None, _actor_proper=False, loc=nowhere)
    assert stories.match_score(generic, other) is None
    named = mention(actor_name="Oleh Syniehubov", actor_country=None, **nowhere)
    assert stories.match_score(named, merged(actor_name="Oleh Syniehubov", actor_country=None, loc=nowhere)) \
        >= stories.MERGE_SCORE
    short = mention(actor_name="Syniehubov", actor_country=None, **nowhere)  # "Trump" / "Donald Trump"
    assert stories.match_score(short, merged(actor_name="Oleh Syniehubov", actor_country=None, loc=nowhere)) \
        >= stories.MERGE_SCORE


def test_is_proper():
    assert stories.is_proper({"text": "Oleh Syniehubov", "start": 40}, sentence_start=0)
    assert not stories.is_proper({"text": "civilians", "start": 40}, sentence_start=0)
    assert not stories.is_proper({"text": "Civilians", "start": 0}, sentence_start=0)
    assert not stories.is_proper(None)


def test_differently_named_people_are_different_actors():
    a = mention(actor_name="Karolu Polromar", _actor_person=True)
    b = merged(actor_name="Fenlu Luro", _actor_person=True)
    assert stories.match_score(a, b) is None
    # organisations keep the country + role rule (name variants are common)
    assert stories.match_score(mention(actor_name="Russian forces"), merged(actor_name="Kremlin")) is not None
