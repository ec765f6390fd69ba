"""Rows without their date bounds: merged events an older writer stored (open fault 2) and the batched
backfill of an upgrade (open fault 3).

An *older writer* is a process of a release before the bounds existed, still running against an upgraded
store: its SQL names no ``date_first`` / ``date_last`` / ``date_days``. For merged events it writes what
``stories._reconcile`` wrote then: a new merged event is an ``INSERT (type, family)`` followed by an
``UPDATE`` of its fields, dates included; a mention joining an existing merged event re-dates it by the
same ``UPDATE``, which leaves the bounds of the old date behind. Each test runs on SQLite and, when
``WIREWATCH_TEST_PG`` names a server, on PostgreSQL. Invented events only.
"""
from __future__ import annotations

import pytest

from test_date_filters import ALL, DATED, OLD_COLUMNS, _build_old, _event, _fill, _labels
from wirewatch import stories
from wirewatch import store as store_mod
from wirewatch.store import UNFILLED, Store, date_columns

# the fields an older release's _reconcile set (no bounds)
ALL_MIGRATIONS = tuple(store_mod.all_migrations())
OLD_RECONCILE = ("UPDATE merged_events SET type=?, date=?, date_precision=?, lo=?, hi=?, num_mentions=1,"
                 " num_sources=1 WHERE pk=?")


def _old_writer_merged(s: Store, etype: str, value: str, precision: str) -> int:
    with s.transaction() as c:
        pk = c.insert("INSERT INTO merged_events (type, family) VALUES (?, ?)", (etype, etype))
        c.execute(OLD_RECONCILE, (etype, value, precision, 1, 2, pk))
    return pk


def _redate_old_writer(s: Store, pk: int, value: str, precision: str) -> None:
    with s.transaction() as c:
        row = c.execute("SELECT type FROM merged_events WHERE pk = ?", (pk,)).fetchone()
        c.execute(OLD_RECONCILE, (row[0], value, precision, 1, 2, pk))


def _bounds(s: Store, table: str, pk: int) -> tuple:
    return tuple(s.conn.execute(f"SELECT date_first, date_last, date_days FROM {table} WHERE pk = ?", (pk,)).fetchone())


def _unfilled(s: Store, table: str) -> int:
    return s.conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {UNFILLED}").fetchone()[0]


def _merged_pk(s: Store, label: str) -> int:
    return s.conn.execute("SELECT pk FROM merged_events WHERE actor_name = ?", (label,)).fetchone()[0]


# -- fault 2: merged events ------------------------------------------------------------------------------
def test_merged_events_of_an_old_writer_get_their_bounds_on_the_next_open(filled):
    with Store(filled) as s:
        pk = _old_writer_merged(s, "ASSAULT", "2024-W42", "week")
        assert _bounds(s, "merged_events", pk) == (None, None, None)
    with Store(filled) as s:  # any open fills them
        assert _bounds(s, "merged_events", pk) == date_columns("2024-W42")
        assert _unfilled(s, "merged_events") == 0


def test_a_merged_event_re_dated_by_an_old_writer_keeps_no_stale_bounds(filled):
    """The old UPDATE changes ``date`` and leaves the bounds of the previous date: a trigger clears them
    (the row is then unfilled) and the next open or write fills them from the new date."""
    with Store(filled) as s:
        assert "merged_events_date_stale" in s.conn.triggers()
        pk = _merged_pk(s, "day")
        assert _bounds(s, "merged_events", pk) == date_columns("2024-10-15")
        _redate_old_writer(s, pk, "2024-07", "month")
        _redate_old_writer(s, _merged_pk(s, "week"), None, None)  # an old writer may also drop the date
    with Store(filled) as s:
        assert _bounds(s, "merged_events", pk) == date_columns("2024-07")
        assert _bounds(s, "merged_events", _merged_pk(s, "week")) == (None, None, None)
        assert "day" in _labels(stories.merged_events(s, since="2024-07-20", until="2024-07-20"))
        assert "day" not in _labels(stories.merged_events(s, since="2024-10-15", until="2024-10-15"))


def test_a_current_writer_re_dating_a_merged_event_is_not_cleared(filled):
    """The trigger only fires when the bounds were left as they were: ``_reconcile`` of this release
    writes the new bounds with the new date, and they stay."""
    with Store(filled) as s:
        pk = _merged_pk(s, "day")
        with s.transaction() as c:
            c.execute("UPDATE merged_events SET date = ?, date_first = ?, date_last = ?, date_days = ? WHERE pk = ?",
                      ("2024-07", *date_columns("2024-07"), pk))
        assert _bounds(s, "merged_events", pk) == date_columns("2024-07")


@pytest.mark.parametrize("before", [None, 104])
def test_a_current_writer_moving_a_merged_event_between_reference_values_keeps_its_bounds(db_target, monkeypatch, before):
    """Review2 item 4: PRESENT_REF -> PAST_REF (or a corrupt value -> a reference value) with the bounds
    written too leaves them as they were, (None, None, NO_PERIOD) both; the trigger of migration 103 took
    that for an older writer and cleared them, so the row was unfilled until the next write. ``before``:
    a store made before migration 104, which replaces the trigger on the next open."""
    with monkeypatch.context() as m:
        if before:
            m.setattr(store_mod, "all_migrations", lambda: [x for x in ALL_MIGRATIONS if x[0] != before])
        _fill(db_target)
    with Store(db_target) as s:
        pks = [_old_writer_merged(s, "ASSAULT", v, "reference") for v in ("PRESENT_REF", "2024-Q5", "2024-10-15")]
    with Store(db_target) as s:
        assert [_bounds(s, "merged_events", pk)[2] for pk in pks] == [store_mod.NO_PERIOD, store_mod.NO_PERIOD, 0]
        with s.transaction() as c:
            for pk in pks:  # this release's _reconcile: the date and its bounds together
                c.execute("UPDATE merged_events SET date = ?, date_first = ?, date_last = ?, date_days = ? WHERE pk = ?",
                          ("PAST_REF", *date_columns("PAST_REF"), pk))
        assert [_bounds(s, "merged_events", pk) for pk in pks] == [date_columns("PAST_REF")] * 3
        assert s.unfilled() == {"events": 0, "merged_events": 0}
        _redate_old_writer(s, pks[2], "2024-07", "month")  # an older writer: NO_PERIOD left with a period
        _redate_old_writer(s, pks[0], "2024-Q5", "quarter")  # and with a corrupt digit value: refilled alike
        assert _bounds(s, "merged_events", pks[2]) == (None, None, None)
    with Store(db_target) as s:
        assert _bounds(s, "merged_events", pks[2]) == date_columns("2024-07")
        assert _bounds(s, "merged_events", pks[0]) == date_columns("2024-Q5") == (None, None, store_mod.NO_PERIOD)


def test_a_new_writer_fills_merged_rows_an_old_writer_stored_meanwhile(filled):
    with Store(filled) as s:  # one open, as a long-running ingest
        pk = _old_writer_merged(s, "PROTEST", "2024-Q3", "quarter")
        s.add_article(store_mod.Article(id="n", text="day did something new."),
                      store_mod.Extraction(id="n", events=[_event("day")]))
        assert _bounds(s, "merged_events", pk) == date_columns("2024-Q3")


def test_a_store_of_the_previous_release_is_refilled_once(db_target, monkeypatch):
    """A store at the previous release's schema (merged events with bounds, then rows an older writer
    left without them, and one re-dated with stale bounds) is repaired by the new migration on its
    first open; a second open changes nothing."""
    new = {v for v, _ in store_mod.all_migrations()} - {v for v, _ in PREVIOUS_RELEASE}
    assert new, "the repair ships as a new migration"
    with monkeypatch.context() as m:
        m.setattr(store_mod, "all_migrations", lambda: list(PREVIOUS_RELEASE))
        m.setattr(Store, "_fill_unfilled", lambda self: None)  # the previous release filled events only
        _fill(db_target)
        with Store(db_target) as s:
            unfilled = _old_writer_merged(s, "AID", "2024", "year")
            stale = _merged_pk(s, "month")
            _redate_old_writer(s, stale, "2024-H1", "half")
            assert _bounds(s, "merged_events", stale) == date_columns("2024-07")  # stale before the fix
    with Store(db_target) as s:
        assert new <= {r[0] for r in s.conn.execute("SELECT version FROM schema_migrations")}
        assert _bounds(s, "merged_events", unfilled) == date_columns("2024")
        assert _bounds(s, "merged_events", stale) == date_columns("2024-H1")
        every = s.conn.execute("SELECT pk, date, date_first, date_last, date_days FROM merged_events ORDER BY pk").fetchall()
        assert all(tuple(r[2:]) == (date_columns(r[1]) if r[1] else (None, None, None)) for r in every)
    with Store(db_target) as s:  # idempotent
        assert s.conn.execute("SELECT pk, date, date_first, date_last, date_days FROM merged_events"
                              " ORDER BY pk").fetchall() == every


@pytest.fixture
def filled(db_target) -> str:
    _fill(db_target)
    return db_target


# the migrations of the release before this change (session 7): no merged-event repair yet; plus 105
# (session 9: the lede columns of article_signatures, which this release's dedup.save writes when the
# test fills the store; unrelated to the date repair tested here)
PREVIOUS_RELEASE = tuple(m for m in store_mod.all_migrations() if m[0] in (1, 2, 3, 100, 101, 105, 200, 210, 211))


# -- fault 3: the upgrade's backfill, batched -------------------------------------------------------------
def _all_bounds(s: Store, table: str) -> dict:
    return {r[0]: tuple(r[1:]) for r in s.conn.execute(f"SELECT pk, date, date_first, date_last, date_days FROM {table}")}


def _correct(rows: dict) -> bool:
    return all(v[1:] == (date_columns(v[0]) if v[0] else (None, None, None)) for v in rows.values())


def test_the_upgrade_commits_the_schema_then_fills_in_short_transactions(db_target, monkeypatch):
    """An old store (before migration 2): the columns are added in the migration's transaction, then
    the rows are filled in pk ranges of BACKFILL_BATCH, each its own transaction; another connection
    reads the store meanwhile without waiting and sees the batches already committed."""
    _build_old(db_target, monkeypatch)
    monkeypatch.setattr(store_mod, "BACKFILL_BATCH", 3)
    seen = []
    fill_rows = store_mod._fill_rows

    def watched(conn, table, rows):
        if table == "events":
            import wirewatch.db as wdb
            other = wdb.connect(db_target, read_only=True)
            try:
                if other.dialect == "postgresql":
                    other.execute("SET statement_timeout = 2000")  # fail rather than wait for a lock
                seen.append(other.execute("SELECT COUNT(*) FROM events WHERE date_days IS NOT NULL").fetchone()[0])
            finally:
                other.close()
        return fill_rows(conn, table, rows)

    monkeypatch.setattr(store_mod, "_fill_rows", watched)
    with Store(db_target) as s:
        assert s.unfilled() == {"events": 0, "merged_events": 0}
        assert _correct(_all_bounds(s, "events")) and _correct(_all_bounds(s, "merged_events"))
    # 11 events, pks 1..11: ranges [1,4) [4,7) [7,10) [10,13); each saw the batches before it committed
    assert seen == [0, 3, 6, 9]


def test_a_crash_mid_backfill_leaves_a_store_the_next_open_finishes(db_target, monkeypatch):
    _build_old(db_target, monkeypatch)
    monkeypatch.setattr(store_mod, "BACKFILL_BATCH", 3)
    calls = []

    def failing(value):
        calls.append(value)
        if len(calls) == 5:  # in the second batch
            raise ValueError("simulated crash during the backfill")
        return date_columns(value)

    with monkeypatch.context() as m:
        m.setattr(store_mod, "date_columns", failing)
        with pytest.raises((ValueError, store_mod.StoreError)):
            Store(db_target)
    import wirewatch.db as wdb
    conn = wdb.connect(db_target)
    try:  # the schema is there and says so; the first batch is filled, the rest waits in the partial index
        versions = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
        assert {2, 3, 4, 101, 102, 103} <= versions
        filled = conn.execute("SELECT COUNT(*) FROM events WHERE date_days IS NOT NULL").fetchone()[0]
        left = conn.execute(f"SELECT COUNT(*) FROM events WHERE {UNFILLED}").fetchone()[0]
        assert filled == 3 and left == len(ALL) - 1 - 3  # the undated one is neither
    finally:
        conn.close()
    with Store(db_target) as s:  # the next open finishes it
        assert s.unfilled() == {"events": 0, "merged_events": 0}
        rows = _all_bounds(s, "events")
        assert _correct(rows) and len(rows) == len(ALL)
        assert set(_labels(s.events(since="2024-10-16"))) == {"week", "weekend", "year", "decade"}
    with Store(db_target) as s:
        assert _all_bounds(s, "events") == rows  # idempotent
        with s.transaction() as c:
            assert store_mod.fill_date_bounds(c, "events") == 0


def test_rows_added_during_the_backfill_are_filled_too(db_target, monkeypatch):
    """A row an older writer inserts while the backfill runs (above the highest pk it started with) is
    found by its next pass."""
    _build_old(db_target, monkeypatch)
    monkeypatch.setattr(store_mod, "BACKFILL_BATCH", 4)
    fill_rows, added = store_mod._fill_rows, []

    def with_writer(conn, table, rows):
        if table == "events" and not added:
            added.append(1)
            pk = conn.insert("INSERT INTO articles (id, text, content_hash, ingested_at) VALUES (?,?,?,?)",
                             ("late", "late did something.", "hash-late", 1.0))
            row = store_mod._event_row(pk, 0, _event("month"))[:-3]
            conn.execute(f"INSERT INTO events ({OLD_COLUMNS}) VALUES ({','.join('?' * len(row))})", row)
        return fill_rows(conn, table, rows)

    monkeypatch.setattr(store_mod, "_fill_rows", with_writer)
    with Store(db_target) as s:
        assert s.unfilled()["events"] == 0
        assert _correct(_all_bounds(s, "events")) and len(_all_bounds(s, "events")) == len(ALL) + 1


def test_health_reports_rows_still_without_bounds(filled, monkeypatch):
    """While a backfill is under way (or after an older writer's row, before the next write), date
    filters miss the unfilled rows: /api/health says how many there are."""
    from fastapi.testclient import TestClient
    from wirewatch import api
    client = TestClient(api.create_app(filled))
    assert client.get("/api/health").json()["unfilled"] == {"events": 0, "merged_events": 0}
    with Store(filled) as s:
        _old_writer_merged(s, "AID", "2024-Q3", "quarter")
    assert client.get("/api/health").json()["unfilled"] == {"events": 0, "merged_events": 1}


def test_a_corrupt_date_is_marked_once_not_refilled_on_every_open(filled, monkeypatch):
    """An event whose stored date is no period at all (an empty string, an impossible day: written by
    hand, an import, another tool) gets NO_PERIOD like a reference value. Before, an empty string got
    no date_days, so it stayed unfilled: every open ran a backfill from its pk to the end, and every
    write rewrote it."""
    with Store(filled) as s:
        with s.transaction() as c:
            for text in ("", "2024-13-45"):
                pk = c.insert("INSERT INTO articles (id, text, content_hash, ingested_at) VALUES (?,?,?,?)",
                              (f"corrupt{text}", f"corrupt {text}", f"hash-corrupt-{text}", 1.0))
                row = list(store_mod._event_row(pk, 0, _event("day"))[:-3])
                row[5] = text  # the date column
                c.execute(f"INSERT INTO events ({OLD_COLUMNS}) VALUES ({','.join('?' * len(row))})", row)
    with Store(filled) as s:
        assert s.unfilled()["events"] == 0
        got = {r[0]: tuple(r[1:]) for r in s.conn.execute(
            "SELECT date, date_first, date_last, date_days FROM events WHERE date IN ('', '2024-13-45')")}
        assert got == {"": (None, None, store_mod.NO_PERIOD), "2024-13-45": (None, None, store_mod.NO_PERIOD)}
    calls = []
    monkeypatch.setattr(store_mod, "backfill", lambda *a, **k: calls.append(a) or 0)
    with Store(filled):
        pass
    assert calls == []  # nothing left to look at on the next open


def test_an_sqlite_without_update_from_fills_row_by_row(tmp_path, monkeypatch, caplog):
    """Review2 item 5: the batched fill's ``UPDATE ... FROM (VALUES ...)`` needs SQLite >= 3.33. On an
    older library (emulated: that statement fails as a syntax error there) the fill takes one UPDATE per
    row; before, the error was swallowed at open and every row stayed unfilled."""
    import sqlite3
    import wirewatch.db as wdb
    target = str(tmp_path / "old-lib.db")
    _build_old(target, monkeypatch)
    plain = wdb.SQLiteConnection.execute

    def old_library(self, sql, *args):
        if "FROM (VALUES" in sql:
            raise sqlite3.OperationalError('near "FROM": syntax error')
        return plain(self, sql, *args)

    monkeypatch.setattr(wdb.SQLiteConnection, "execute", old_library)
    monkeypatch.setattr(store_mod, "BACKFILL_BATCH", 3)
    with monkeypatch.context() as m, caplog.at_level("WARNING", logger="wirewatch.store"):
        m.setattr(store_mod, "SQLITE_UPDATE_FROM", True, raising=False)  # the batched fill: the error is said
        with Store(target) as s:
            assert s.unfilled()["events"] > 0
        assert "syntax error" in caplog.text
    monkeypatch.setattr(store_mod, "SQLITE_UPDATE_FROM", False, raising=False)
    with Store(target) as s:
        assert s.unfilled() == {"events": 0, "merged_events": 0}
        assert _correct(_all_bounds(s, "events")) and _correct(_all_bounds(s, "merged_events"))
        pk = _old_writer_merged(s, "AID", "2024-Q3", "quarter")  # a write fills its bounded share too
        s.add_article(store_mod.Article(id="n", text="day did something new."),
                      store_mod.Extraction(id="n", events=[_event("day")]))
        assert _bounds(s, "merged_events", pk) == date_columns("2024-Q3")


# stored date values no release writes (by hand, an import, another tool): none may stop a store opening
ODD_DATES = ("", "2024-13-45", "0000", "9999-W52", "9999-W53", "9999-W52-WE", "9999-WI", "10000", "2024-Q5",
             "2024-H3", "garbage", "\uff12\uff10\uff12\uff14", "2024-W00", "0000-01-01")


def test_no_stored_date_value_stops_a_store_opening(filled):
    """Review2 item 2: '9999-W52' raised OverflowError in ``period_bounds`` (its Sunday is past
    date.max), so an events or merged_events row holding it without bounds made every open fail. Every
    such value gets NO_PERIOD once, and opens, writes and date filters go on."""
    with Store(filled) as s:
        with s.transaction() as c:
            for i, text in enumerate(ODD_DATES):
                pk = c.insert("INSERT INTO articles (id, text, content_hash, ingested_at) VALUES (?,?,?,?)",
                              (f"odd{i}", f"odd {i}", f"hash-odd-{i}", 1.0))
                row = list(store_mod._event_row(pk, 0, _event("day"))[:-3])
                row[5] = text  # the date column
                c.execute(f"INSERT INTO events ({OLD_COLUMNS}) VALUES ({','.join('?' * len(row))})", row)
        for text in ODD_DATES:
            _old_writer_merged(s, "ASSAULT", text, "day")
    with Store(filled) as s:
        assert s.unfilled() == {"events": 0, "merged_events": 0}
        for table in ("events", "merged_events"):
            got = {r[0]: tuple(r[1:]) for r in s.conn.execute(
                f"SELECT date, date_first, date_last, date_days FROM {table} WHERE date_days = ?",
                (store_mod.NO_PERIOD,))}
            assert set(ODD_DATES) <= set(got) and {got[t] for t in ODD_DATES} == {(None, None, store_mod.NO_PERIOD)}
        s.add_article(store_mod.Article(id="after-odd", text="day did something new."),
                      store_mod.Extraction(id="after-odd", events=[_event("day")]))
        assert "day" in _labels(s.events(since="2024-10-15", until="2024-10-15"))


def test_two_threads_opening_an_old_store_at_once_upgrade_it_once(db_target, monkeypatch):
    """Two opens at the same time, in two threads (as a server and an ingest started together would): the
    schema migrations run once under the write lock, both backfill, and every row ends with its own bounds
    (that each row is written only once is not checked here)."""
    import threading
    _build_old(db_target, monkeypatch)
    monkeypatch.setattr(store_mod, "BACKFILL_BATCH", 2)
    errors, start = [], threading.Barrier(2)

    def open_store():
        try:
            start.wait()
            with Store(db_target):
                pass
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store(db_target) as s:
        assert s.unfilled() == {"events": 0, "merged_events": 0}
        assert _correct(_all_bounds(s, "events")) and _correct(_all_bounds(s, "merged_events"))
        versions = [r[0] for r in s.conn.execute("SELECT version FROM schema_migrations")]
        assert len(versions) == len(set(versions))


class _Recorder:
    """A connection that keeps the statements run through it."""

    def __init__(self, conn):
        self.conn, self.statements = conn, []

    def __getattr__(self, name):
        return getattr(self.conn, name)

    def execute(self, sql, *args):
        self.statements.append((sql, args))
        return self.conn.execute(sql, *args)


def test_the_per_write_probe_reads_one_row_whatever_is_unfilled(filled):
    """Review s8, section E: every article write probes each table for unfilled rows. The probe answers in
    one row (EXISTS); ``SELECT DISTINCT date`` read every unfilled row, and psycopg fetches a whole result,
    so right after an upgrade each write paid for all of them (docs/data-model.md, fmode's figures)."""
    with Store(filled) as s:
        with s.transaction() as c:  # as right after an upgrade: every dated row without its bounds
            c.execute(f"UPDATE events SET date_first = NULL, date_last = NULL, date_days = NULL"
                      f" WHERE date IS NOT NULL")
        rec = _Recorder(s.conn)
        assert store_mod.has_unfilled(rec, "events")
        (sql, args), = rec.statements
        assert len(s.conn.execute(sql, *args).fetchall()) == 1
        store_mod.backfill(s.conn, "events")
        assert not store_mod.has_unfilled(s.conn, "events")


def test_each_backfill_batch_bumps_the_write_revision(filled):
    """review5 finding 2: the backfill changes rows without adding any; the API's caches (keyed on the
    largest keys and the write revision, ``api.Database.version``) must see it."""
    with Store(filled) as s:
        with s.transaction() as c:
            c.execute("UPDATE events SET date_first = NULL, date_last = NULL, date_days = NULL WHERE date IS NOT NULL")
        before = s.conn.execute("SELECT n FROM revision").fetchone()[0]
        top = s.conn.execute("SELECT MAX(pk) FROM events").fetchone()[0]
        assert store_mod.backfill(s.conn, "events", batch=max(1, top // 2)) > 0
        assert s.conn.execute("SELECT n FROM revision").fetchone()[0] >= before + 2   # one per batch that filled
        after = s.conn.execute("SELECT n FROM revision").fetchone()[0]
        assert store_mod.backfill(s.conn, "events") == 0                                 # nothing left: no bump
        assert s.conn.execute("SELECT n FROM revision").fetchone()[0] == after
