"""Period-aware date filters and date order (store, merged events, CLI, HTTP API) and the migration that
adds each event's first and last day to an existing database.

Every event here is invented: one article per event, its actor's name says which kind of date it has
(a day, a week, its weekend, a month, a quarter, a half, a year, a decade, undated, a TimeML reference
value). A filter keeps an event when its period overlaps the window: ``since=D`` keeps periods ending on
or after D, ``until=D`` periods starting on or before D. Before the change the date *strings* were
compared, so '2024-Q3' and '2024-H1' sorted after '2024-12-31' and '2024' before '2024-01-01'.
Each test runs on SQLite and, when ``WIREWATCH_TEST_PG`` names a server, on PostgreSQL.
"""
from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from wirewatch import api, stories
from wirewatch import store as store_mod
from wirewatch.cli import main
from wirewatch.records import Actor, Article, Event, Extraction, Span, period_bounds
from wirewatch.store import (MAX_PERIOD_DAYS, NO_PERIOD, UNFILLED, Store, StoreError, add_date_bounds, date_bounds,
                             date_columns, date_lookback, fill_date_bounds)

# label -> (date value, precision, PLOVER type): one type each, so no two events merge into one story event
DATED = {
    "day": ("2024-10-15", "day", "ASSAULT"),
    "week": ("2024-W42", "week", "PROTEST"),          # Monday 2024-10-14 .. Sunday 2024-10-20
    "weekend": ("2024-W42-WE", "week", "COERCE"),     # 2024-10-19 .. 2024-10-20
    "month": ("2024-07", "month", "CONSULT"),
    "quarter": ("2024-Q3", "quarter", "AGREE"),       # 2024-07-01 .. 2024-09-30
    "half": ("2024-H1", "half", "AID"),               # 2024-01-01 .. 2024-06-30
    "year": ("2024", "year", "SANCTION"),
    "decade": ("202", "decade", "THREATEN"),          # 2020-01-01 .. 2029-12-31
    "oldday": ("2023-12-31", "day", "MOBILIZE"),
}
UNDATED = {
    "undated": (None, None, "REQUEST"),
    "reference": ("PRESENT_REF", "reference", "ACCUSE"),  # TimeML "now": no calendar date
}
ALL = {**DATED, **UNDATED}

# (since, until) -> the labels kept, worked out by hand from the periods above
WINDOWS = [
    (("2024-10-16", None), {"week", "weekend", "year", "decade"}),
    ((None, "2024-06-30"), {"half", "year", "decade", "oldday"}),
    (("2024-07-15", "2024-07-20"), {"month", "quarter", "year", "decade"}),
    (("2024-10-20", "2024-10-20"), {"week", "weekend", "year", "decade"}),
    (("2024-10-15", "2024-10-15"), {"day", "week", "year", "decade"}),
    (("2024-01-01", "2024-12-31"), set(DATED) - {"oldday"}),
    (("2023-12-31", "2023-12-31"), {"oldday", "decade"}),
    (("2030-01-01", None), set()),
    ((None, "2019-12-31"), set()),
]
# date order: first day, then last day (the finer period first among those starting on one day)
DATE_ORDER = ["decade", "oldday", "half", "year", "month", "quarter", "week", "day", "weekend"]


def _event(label: str) -> Event:
    value, precision, etype = ALL[label]
    return Event(type=etype, trigger=Span("did", 0, 3), sentence={"start": 0, "end": 20}, date=value,
                 date_precision=precision, actor=Actor(label, 0, 3, label, "person"))


def _fill(target: str) -> None:
    with Store(target) as s:
        for label in ALL:
            s.add_article(Article(id=label, text=f"{label} did something."), Extraction(id=label, events=[_event(label)]))
        stories.catch_up(s)  # merged events and stories, as an ingest builds them


@pytest.fixture
def filled(db_target) -> str:
    _fill(db_target)
    return db_target


def _labels(rows) -> list[str]:
    return [r["actor_name"] for r in rows]


def test_date_bounds_of_each_kind_of_value():
    assert date_bounds("2024-10-15") == ("2024-10-15", "2024-10-15")
    assert date_bounds("2024-10-15T08:00") == ("2024-10-15", "2024-10-15")
    assert date_bounds("2024-W42") == ("2024-10-14", "2024-10-20")
    assert date_bounds("2024-W42-WE") == ("2024-10-19", "2024-10-20")
    assert date_bounds("2024-Q3") == ("2024-07-01", "2024-09-30")
    assert date_bounds("2024-H1") == ("2024-01-01", "2024-06-30")
    assert date_bounds("2024-WI") == ("2024-12-01", "2025-02-28")
    assert date_bounds("202") == ("2020-01-01", "2029-12-31")
    for value in (None, "", "PRESENT_REF", "PAST_REF", "2024-Q5", "2024-13", "soon"):
        assert date_bounds(value) == (None, None)


def test_no_period_is_longer_than_the_index_bound():
    """``since`` gives the date_first indexes the lower bound D - MAX_PERIOD_DAYS: it must hold for the
    longest period any value can name (decades with three leap years included)."""
    longest = max((b[1] - b[0]).days for b in map(period_bounds, ["196", "199", "200", "202", "2024",
                                                                  "2024-WI", "2023-WI", "2024-H2"]))
    assert longest < MAX_PERIOD_DAYS


def test_stored_events_carry_their_first_and_last_day(filled):
    with Store(filled) as s:
        rows = {r["actor_name"]: (r["date_first"], r["date_last"], r["date_days"]) for r in s.events()}
        assert date_lookback(s.conn) == date_lookback(s.conn, "merged_events") == 3652  # the decade
    assert rows == {label: date_columns(ALL[label][0]) for label in ALL}
    assert rows["week"][2] == 6 and rows["day"][2] == 0 and rows["undated"][2] is None
    assert rows["reference"] == (None, None, NO_PERIOD)  # dated, no calendar period: marked, not refilled


def test_since_looks_back_as_far_as_the_longest_stored_period(db_target):
    """``since`` bounds the date index walk by the longest period stored: a store of days looks back 0
    days; once a year-dated event is stored it is found by a ``since`` inside its year."""
    with Store(db_target) as s:
        s.add_article(Article(id="d", text="day did something."), Extraction(id="d", events=[_event("day")]))
        stories.catch_up(s)
        assert date_lookback(s.conn) == 0
        assert _labels(s.events(since="2024-10-15")) == ["day"]
        assert s.events(since="2024-10-16") == []
        s.add_article(Article(id="y", text="year did something."), Extraction(id="y", events=[_event("year")]))
        stories.catch_up(s)
        assert date_lookback(s.conn) == 365
        assert _labels(s.events(since="2024-10-16")) == ["year"]
        assert _labels(stories.merged_events(s, since="2024-10-16")) == ["year"]


def test_the_api_lookback_follows_new_rows(db_target):
    with Store(db_target) as s:
        s.add_article(Article(id="d", text="day did something."), Extraction(id="d", events=[_event("day")]))
    client = TestClient(api.create_app(db_target))
    ask = lambda path: [i["actor_name"] for i in client.get(path, params={"since": "2024-10-16"}).json()["items"]]
    assert ask("/api/events") == [] and ask("/api/actors") == []
    with Store(db_target) as s:
        s.add_article(Article(id="q", text="quarter did something."), Extraction(id="q", events=[_event("decade")]))
    assert ask("/api/events") == ["decade"]
    assert [i["name"] for i in client.get("/api/actors", params={"since": "2024-10-16"}).json()["items"]] == ["decade"]


@pytest.mark.parametrize("window, expected", WINDOWS)
def test_since_until_keep_the_periods_overlapping_the_window(filled, window, expected):
    since, until = window
    with Store(filled) as s:
        assert set(_labels(s.events(since=since, until=until))) == expected
        # the same with dates instead of strings (the API passes dates)
        as_dates = {k: date.fromisoformat(v) for k, v in (("since", since), ("until", until)) if v}
        assert set(_labels(s.events(**as_dates))) == expected


@pytest.mark.parametrize("window, expected", WINDOWS)
def test_merged_events_filter_the_same_way(filled, window, expected):
    since, until = window
    with Store(filled) as s:
        merged = stories.merged_events(s, since=since, until=until)
        assert sorted(_labels(merged)) == sorted(expected)
        row = s.conn.execute("SELECT date_first, date_last FROM merged_events WHERE date = '2024-Q3'").fetchone()
        assert tuple(row) == ("2024-07-01", "2024-09-30")


def test_date_order_is_first_day_then_precision(filled):
    with Store(filled) as s:
        ascending = _labels(s.events(order="date"))
        descending = _labels(s.events(order="-date"))
        merged = _labels(stories.merged_events(s))
    for got in (ascending, merged):
        assert [x for x in got if x in DATED] == DATE_ORDER
        assert set(got[:2]) == set(UNDATED)  # undated first in date order, on both engines
    assert [x for x in descending if x in DATED] == DATE_ORDER[::-1]
    assert set(descending[-2:]) == set(UNDATED)  # and last newest first


# -- the CLI --------------------------------------------------------------------------------------------
def _cli_labels(target: str, *args: str) -> set[str]:
    r = CliRunner().invoke(main, ["events", "--db", target, "--mentions", "--format", "json", *args])
    assert r.exit_code == 0, r.output
    return {e["actor"]["name"] for e in json.loads(r.output)}


# (since, until) written as periods -> the labels kept: a period stands for its first day as since, its
# last day as until (one parser, records.window_day, for the CLI and the HTTP API)
PERIOD_WINDOWS = [
    (("2024-Q4", None), {"day", "week", "weekend", "year", "decade"}),
    ((None, "2024-Q2"), {"half", "year", "decade", "oldday"}),
    (("2024-07", "2024-07"), {"month", "quarter", "year", "decade"}),
    (("2024-W42", "2024-W42"), {"day", "week", "weekend", "year", "decade"}),
    (("2024-H2", None), {"day", "week", "weekend", "month", "quarter", "year", "decade"}),
    ((None, "2024-H1"), {"half", "year", "decade", "oldday"}),
    (("2024", "2024"), set(DATED) - {"oldday"}),
    ((None, "2023"), {"oldday", "decade"}),
    (("2024-W42", "2024-10-19"), {"day", "week", "weekend", "year", "decade"}),  # a period and a day mixed
]
BAD_BOUNDS = ["2024-Q5", "2024-13", "yesterday", "2024-02-30", "PRESENT_REF", "2024-W42-WE", "202", "2024-SU",
              # past date.max (OverflowError before review2 item 2: API 500, CLI traceback), no week 53 in
              # 2024, year 0, and digits that are not ASCII (full-width, Arabic-Indic: review2 item 7)
              "9999-W52", "2024-W53", "0000", "\uff12\uff10\uff12\uff14", "\u0662\u0660\u0662\u0664-07"]


def test_window_day_gives_a_periods_first_or_last_day():
    from wirewatch.records import window_day
    assert [window_day(v, end=False).isoformat() for v in ("2024-10-15", "2024-W42", "2024-07", "2024-Q3",
                                                            "2024-H2", "2024")] == \
        ["2024-10-15", "2024-10-14", "2024-07-01", "2024-07-01", "2024-07-01", "2024-01-01"]
    assert [window_day(v, end=True).isoformat() for v in ("2024-10-15", "2024-W42", "2024-02", "2024-Q3",
                                                           "2024-H1", "2024")] == \
        ["2024-10-15", "2024-10-20", "2024-02-29", "2024-09-30", "2024-06-30", "2024-12-31"]
    for bad in BAD_BOUNDS:
        with pytest.raises(ValueError):
            window_day(bad, end=False)


def test_cli_since_until(filled):
    assert _cli_labels(filled, "--since", "2024-10-16") == {"week", "weekend", "year", "decade"}
    for window, expected in PERIOD_WINDOWS:
        args = [a for opt, v in zip(("--since", "--until"), window) if v for a in (opt, v)]
        assert _cli_labels(filled, *args) == expected, window
    assert _cli_labels(filled, "--merged", "--until", "2023") == {"oldday", "decade"}


@pytest.mark.parametrize("bad", BAD_BOUNDS)
def test_cli_refuses_a_bound_that_is_no_day_or_period(filled, bad):
    r = CliRunner().invoke(main, ["events", "--db", filled, "--since", bad])
    assert r.exit_code == 2 and "is not a day" in r.output


# -- the HTTP API ---------------------------------------------------------------------------------------
@pytest.fixture
def client(filled) -> TestClient:
    return TestClient(api.create_app(filled))


@pytest.mark.parametrize("window, expected", WINDOWS)
@pytest.mark.parametrize("path", ["/api/events", "/api/merged-events"])
def test_api_since_until(client, path, window, expected):
    params = {k: v for k, v in zip(("since", "until"), window) if v}
    for fast in ({}, {"type": "assault"}):  # the fast path, and a filter walking another index
        r = client.get(path, params={**params, **fast, "limit": 100})
        assert r.status_code == 200, r.text
        body = r.json()
        items = body["items"] if isinstance(body, dict) else body
        want = expected & {"day"} if fast else expected
        assert {i["actor_name"] for i in items} == want
        if path == "/api/events":
            assert body["total"] == len(want)


@pytest.mark.parametrize("window, expected", PERIOD_WINDOWS)
@pytest.mark.parametrize("path", ["/api/events", "/api/merged-events"])
def test_api_since_until_take_the_clis_periods(client, path, window, expected):
    """since / until take a period as the CLI does (before: a day only, 422 for '2024-Q3')."""
    test_api_since_until(client, path, window, expected)


@pytest.mark.parametrize("bad", BAD_BOUNDS)
@pytest.mark.parametrize("name", ["since", "until"])
def test_api_refuses_a_bound_that_is_no_day_or_period(client, bad, name):
    for path in ("/api/events", "/api/merged-events"):
        for extra in ({}, {"type": "assault"}):
            r = client.get(path, params={name: bad, **extra})
            assert r.status_code == 422 and "is not a day" in r.text, (path, r.status_code)
    assert api.plain_events_query(f"{name}={bad}".encode()) is None  # the fast path leaves it to FastAPI


def test_api_refuses_a_period_window_that_is_empty(client):
    r = client.get("/api/events", params={"since": "2024-Q4", "until": "2024-Q3"})
    assert r.status_code == 422 and "is after" in r.text
    assert client.get("/api/events", params={"since": "2024-Q3", "until": "2024-Q3"}).status_code == 200


def test_the_fast_path_reads_periods_as_fastapi_does():
    f, _, _ = api.plain_events_query(b"since=2024-Q3&until=2024-W42")
    assert (f.since, f.until) == (date(2024, 7, 1), date(2024, 10, 20))


def test_api_sorts_by_first_day_then_precision(client):
    for sort, order in (("date", DATE_ORDER), ("-date", DATE_ORDER[::-1])):
        items = client.get("/api/events", params={"sort": sort, "limit": 100}).json()["items"]
        assert [i["actor_name"] for i in items if i["actor_name"] in DATED] == order


def test_api_aggregates_use_the_window_too(client):
    counts = client.get("/api/stats/counts", params={"by": "type", "since": "2024-10-16"}).json()["counts"]
    assert {c["key"] for c in counts} == {ALL[x][2] for x in ("week", "weekend", "year", "decade")}
    by_day = client.get("/api/stats/counts", params={"by": "day"}).json()["counts"]
    assert by_day == [{"key": "2023-12-31", "count": 1}, {"key": "2024-10-15", "count": 1}]
    by_month = client.get("/api/stats/counts", params={"by": "month"}).json()["counts"]
    # the day, the week and the weekend lie in October, the month is July; Q3, H1, the year do not count
    assert by_month == [{"key": "2023-12", "count": 1}, {"key": "2024-07", "count": 1}, {"key": "2024-10", "count": 3}]
    timeline = client.get("/api/stats/timeline").json()
    assert {r["day"] for r in timeline["rows"]} == {"2024-10-15", "2023-12-31"}  # a weekend is not one day
    assert timeline["not_day_precise"] == len(ALL) - 2
    assert client.get("/api/meta").json()["date_range"] == {"first": "2023-12-31", "last": "2024-10-15"}


# -- the migration from a database written before the change ----------------------------------------------
# the migrations that add date_first / date_last (events, merged events), order and repair them
OLD_VERSIONS = {2, 3, 4, 101, 102, 103}
OLD_COLUMNS = store_mod._EVENT_COLUMNS.replace(", date_first, date_last, date_days", "")


def _build_old(target: str, monkeypatch) -> None:
    """A store as the previous release left it: its migrations only, events written without the columns."""
    with monkeypatch.context() as m:
        old = [mig for mig in store_mod.all_migrations() if mig[0] not in OLD_VERSIONS]
        m.setattr(store_mod, "all_migrations", lambda: old)
        with Store(target) as s:
            assert "date_first" not in _columns(s, "events")
            with s.transaction() as c:
                for i, label in enumerate(ALL):
                    pk = c.insert("INSERT INTO articles (id, text, content_hash, ingested_at) VALUES (?,?,?,?)",
                                  (label, f"{label} did something.", f"hash-{label}", 1.0))
                    row = store_mod._event_row(pk, 0, _event(label))[:-3]
                    c.execute(f"INSERT INTO events ({OLD_COLUMNS}) VALUES ({','.join('?' * len(row))})", row)
                    value, precision, etype = ALL[label]
                    c.execute("INSERT INTO merged_events (type, family, date, date_precision, num_mentions)"
                              " VALUES (?,?,?,?,1)", (etype, etype, value, precision))


def _columns(s: Store, table: str) -> list[str]:
    return [d[0] for d in s.conn.execute(f"SELECT * FROM {table} LIMIT 0").description]


def _snapshot(s: Store, table: str, columns: list[str]) -> list[tuple]:
    return [tuple(r) for r in s.conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY pk")]


def test_an_old_database_is_upgraded_in_place_on_open(db_target, monkeypatch):
    _build_old(db_target, monkeypatch)
    with Store(db_target) as s:  # nothing patched: the old store still lacks versions 2 and 101
        pass
    # (opening above migrated it; check from a fresh open that nothing else changed)
    with Store(db_target) as s:
        done = {r[0] for r in s.conn.execute("SELECT version FROM schema_migrations")}
        assert OLD_VERSIONS <= done
        for table in ("events", "merged_events"):
            assert {"date_first", "date_last", "date_days"} <= set(_columns(s, table))
            got = {r[0]: tuple(r[1:]) for r in s.conn.execute(f"SELECT date, date_first, date_last, date_days FROM {table}")}
            assert got == {ALL[x][0]: date_columns(ALL[x][0]) for x in ALL}
            assert date_lookback(s.conn, table) == 3652
        assert {"events_date_bounds", "merged_events_date_bounds", "events_date_days"} <= s.conn.indexes()
        assert set(_labels(s.events(since="2024-10-16"))) == {"week", "weekend", "year", "decade"}


def test_the_upgrade_keeps_every_row_and_value(db_target, monkeypatch):
    _build_old(db_target, monkeypatch)
    with monkeypatch.context() as m:
        old = [mig for mig in store_mod.all_migrations() if mig[0] not in OLD_VERSIONS]
        m.setattr(store_mod, "all_migrations", lambda: old)
        with Store(db_target) as s:
            before = {t: (_columns(s, t), _snapshot(s, t, _columns(s, t))) for t in ("articles", "events",
                                                                                     "merged_events")}
    with Store(db_target) as s:
        for table, (columns, rows) in before.items():
            assert _snapshot(s, table, columns) == rows
        bounds = _snapshot(s, "events", ["date_first", "date_last", "date_days"])
        with s.transaction() as c:  # run again: the same values, nothing else touched
            assert add_date_bounds(c, "events") == len(DATED) + 1  # + the PRESENT_REF one (NO_PERIOD)
        assert _snapshot(s, "events", ["date_first", "date_last", "date_days"]) == bounds
        assert _snapshot(s, "events", before["events"][0]) == before["events"][1]
        version = s.schema_version()
    with Store(db_target) as s:  # a second open applies nothing
        assert s.schema_version() == version
        assert s.conn.execute("SELECT COUNT(*) FROM schema_migrations WHERE version = 2").fetchone()[0] == 1


def test_a_failed_upgrade_leaves_the_old_database_as_it_was(db_target, monkeypatch):
    """The schema migrations run in one transaction: a failure half-way through them (here in the last
    one that adds the bounds) rolls back the added columns and the version records too, and the next
    open upgrades it whole. (A failure in the backfill after it: tests/test_backfill.py.)"""
    _build_old(db_target, monkeypatch)

    def failing(conn, table):
        raise ValueError("simulated failure during the upgrade")

    with monkeypatch.context() as m:
        m.setattr(stories, "_repair_old_writers", failing)
        with pytest.raises((StoreError, ValueError)):
            Store(db_target)
    with monkeypatch.context() as m:
        old = [mig for mig in store_mod.all_migrations() if mig[0] not in OLD_VERSIONS]
        m.setattr(store_mod, "all_migrations", lambda: old)
        with Store(db_target) as s:
            assert "date_first" not in _columns(s, "events") and "date_first" not in _columns(s, "merged_events")
            assert not OLD_VERSIONS & {r[0] for r in s.conn.execute("SELECT version FROM schema_migrations")}
    with Store(db_target) as s:
        assert set(_labels(s.events(until="2024-06-30"))) == {"half", "year", "decade", "oldday"}


# -- bounds near year 1 (review finding 2) ----------------------------------------------------------------
def test_since_near_year_one_keeps_every_dated_event(filled):
    """``since`` looks back the longest stored period (a decade here) from its day: from 0001-01-01 that
    is before the first day a date can have, so the lower bound is that first day, not an OverflowError."""
    with Store(filled) as s:
        assert set(_labels(s.events(since="0001-01-01"))) == set(DATED)
        assert set(_labels(s.events(since="0001-01-01", type="ASSAULT"))) == {"day"}
        assert set(_labels(stories.merged_events(s, since="0001-01-05"))) == set(DATED)
    assert _cli_labels(filled, "--since", "0001") == set(DATED)
    client = TestClient(api.create_app(filled), raise_server_exceptions=False)
    for path, params in (("/api/events", {}), ("/api/events", {"type": "assault"}), ("/api/merged-events", {}),
                         ("/api/stats/counts", {"by": "type"}), ("/api/actors", {})):
        r = client.get(path, params={"since": "0001-01-01", **params})
        assert r.status_code == 200, (path, r.text)
    assert {i["actor_name"] for i in client.get("/api/events?since=0001-01-01&limit=100").json()["items"]} == set(DATED)


# -- rows written without bounds by an older release's process (review finding 3) -------------------------
def _old_writer_insert(target: str, label: str, article_id: str) -> None:
    """What a process of the release before migration 2, still running, writes into an upgraded store:
    its event INSERT names no date_first / date_last / date_days."""
    with Store(target) as s, s.transaction() as c:
        pk = c.insert("INSERT INTO articles (id, text, content_hash, ingested_at) VALUES (?,?,?,?)",
                      (article_id, f"{label} did it again.", f"hash-old-{article_id}", 1.0))
        row = store_mod._event_row(pk, 0, _event(label))[:-3]
        c.execute(f"INSERT INTO events ({OLD_COLUMNS}) VALUES ({','.join('?' * len(row))})", row)


def _unfilled(s: Store) -> int:
    return s.conn.execute(f"SELECT COUNT(*) FROM events WHERE {UNFILLED}").fetchone()[0]


def test_rows_of_an_old_writer_get_their_bounds_on_the_next_open(db_target, monkeypatch):
    with Store(db_target):
        pass
    # the old writer's rows are inserted by raw SQL (no fill there); opens before this fix left them
    with monkeypatch.context() as m:
        m.setattr(Store, "_fill_unfilled", lambda self: None, raising=False)  # as an open before this fix
        _old_writer_insert(db_target, "week", "old-week")
        _old_writer_insert(db_target, "reference", "old-ref")
        with Store(db_target) as s:
            assert _unfilled(s) == 2
            assert s.events(since="2024-10-16") == []  # the week is invisible to the date filters
    with Store(db_target) as s:  # any open fills them
        assert _unfilled(s) == 0
        assert _labels(s.events(since="2024-10-16")) == ["week"]
        assert _labels(s.events(until="2024-10-14")) == ["week"]
        rows = {r["actor_name"]: (r["date_first"], r["date_last"], r["date_days"]) for r in s.events()}
        assert rows == {"week": date_columns("2024-W42"), "reference": (None, None, NO_PERIOD)}
        with s.transaction() as c:
            assert fill_date_bounds(c) == 0  # idempotent: the reference value is marked, not refilled


def test_a_new_writer_fills_rows_an_old_writer_stored_meanwhile(db_target, monkeypatch):
    """A long-running reader (the API) never reopens; the next article a current writer stores fills
    them, in its own transaction."""
    with Store(db_target) as s:
        with monkeypatch.context() as m:
            m.setattr(Store, "_fill_unfilled", lambda self: None, raising=False)
            _old_writer_insert(db_target, "year", "old-year")
        assert _unfilled(s) == 1
        s.add_article(Article(id="d", text="day did something."), Extraction(id="d", events=[_event("day")]))
        assert _unfilled(s) == 0
        assert set(_labels(s.events(since="2024-10-15"))) == {"year", "day"}
        assert date_lookback(s.conn) == 365


def test_looking_for_unfilled_rows_walks_only_the_partial_index(db_target):
    with Store(db_target) as s:
        assert "events_unfilled" in s.conn.indexes()
        if s.dialect == "sqlite":
            plan = " ".join(str(tuple(r)) for r in s.conn.execute(
                "EXPLAIN QUERY PLAN SELECT DISTINCT date FROM " + store_mod._unfilled_rows(s.conn, "events")))
            assert "events_unfilled" in plan


# -- the CLI refuses an empty window (review finding 11) -----------------------------------------------
@pytest.mark.parametrize("command", ["events", "export"])
def test_cli_refuses_since_after_until(filled, command):
    r = CliRunner().invoke(main, [command, "--db", filled, "--mentions", "--since", "2024-10-16", "--until",
                                  "2024-10-15"])
    assert r.exit_code == 2 and "--since (2024-10-16) is after --until (2024-10-15)" in r.output
    # a period as both bounds stands for its first and last day: not empty
    assert _cli_labels(filled, "--since", "2024-10", "--until", "2024-10") == {"day", "week", "weekend", "year",
                                                                               "decade"}


# -- the API reads the lookback under the page's version (review finding 7) -----------------------------
def test_a_since_request_reads_the_database_version_once(filled, monkeypatch):
    reads = []
    real = api.Database.version

    def counting(self):
        if getattr(self._local, "version", None) is None:
            reads.append(1)
        return real(self)

    monkeypatch.setattr(api.Database, "version", counting)
    client = TestClient(api.create_app(filled, warm=False))  # no warm-up thread reading meanwhile
    for path in ("/api/events?since=2024-10-16", "/api/events?since=2024-10-17&type=protest",
                 "/api/actors?since=2024-10-18", "/api/stats/counts?by=type&since=2024-10-19"):
        reads.clear()
        assert client.get(path).status_code == 200
        assert len(reads) == 1, path


def test_the_lookback_of_a_page_is_read_under_the_page_version(db_target, monkeypatch):
    """A decade-long event stored while a ``since`` page is computed: that page (filed under the version
    read before) may miss it, the next request (a newer version) lists it. (A guard: the code before the
    fix passed this too; ``test_a_since_request_reads_the_database_version_once`` is the one it failed.)"""
    with Store(db_target) as s:
        s.add_article(Article(id="d", text="day did something."), Extraction(id="d", events=[_event("day")]))
    client = TestClient(api.create_app(db_target, warm=False))
    real, inserted = store_mod.date_lookback, []

    def lookback_then_insert(conn, table="events"):
        value = real(conn, table)
        if not inserted:
            inserted.append(1)
            with Store(db_target) as s:
                s.add_article(Article(id="x", text="decade did something."), Extraction(id="x", events=[_event("decade")]))
        return value

    monkeypatch.setattr(store_mod, "date_lookback", lookback_then_insert)
    seen = []
    for _ in range(2):
        body = client.get("/api/events", params={"since": "2024-10-16"}).json()
        seen.append(({i["actor_name"] for i in body["items"]}, body["total"]))
    assert inserted and seen[-1] == ({"decade"}, 1)


# -- period_bounds never raises (review2 item 2) ---------------------------------------------------------
def test_period_bounds_gives_none_not_an_error_for_any_text():
    from hypothesis import given, settings, strategies as st
    from wirewatch.records import period_bounds

    digits = st.text("0123456789", min_size=3, max_size=5)
    shaped = st.tuples(digits, st.sampled_from(["", "-W52", "-W53", "-W52-WE", "-Q5", "-H3", "-WI", "-13", "-12-31",
                                                "-00", "-W00"])).map("".join)

    @settings(max_examples=300, deadline=None)
    @given(st.one_of(st.text(max_size=12), shaped, st.binary(max_size=8), st.integers()))
    def check(value):
        bounds = period_bounds(value)
        assert bounds is None or bounds[0] <= bounds[1]

    check()
    assert period_bounds("9999-W52") is None and period_bounds("9999-12-31") is not None


def test_the_last_month_quarter_and_half_of_year_9999_are_periods():
    """_last_day went through 10000-01-01 for December, so '9999-12' / '9999-Q4' / '9999-H2' named no
    period (the dashboard's check, app.js ``periodProblem``, follows period_bounds)."""
    from datetime import date
    from wirewatch.records import window_day
    assert {window_day(v, end=True) for v in ("9999-12", "9999-Q4", "9999-H2", "9999")} == {date(9999, 12, 31)}
