"""The store: SQLite by default (one file, nothing to start), PostgreSQL for a team (a URL).

Both engines run the same schema, migrations and SQL through ``wirewatch.db`` (the backend seam).
Each article is written together with its annotations and events in ONE transaction, so a crash
mid-batch never leaves half an article, and re-running an ingest skips what is already stored
(the content hash is unique; an article at a stored URL with other content is an update). Write transactions exclude each other on both engines, so several
ingest processes can share one store: the duplicate check is repeated inside the transaction.
Events keep their full JSON (``data``) plus flat, indexed columns for filtering and export.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Optional, Union

from . import db
from .records import Article, Event, Extraction, SourceFailure, period_bounds

DEFAULT_DB = "wirewatch.db"

# A migration is SQL (statements separated by ';') or a function of the connection (for a step SQL
# alone cannot do, such as computing period bounds in Python).
Migration = Union[str, Callable[[db.Connection], None]]


# ``date_days`` of a dated row whose value names no calendar period (a TimeML reference such as
# PRESENT_REF): its bounds stay NULL, and this marks the row as done so ``fill_date_bounds`` skips it.
NO_PERIOD = -1


def date_columns(value: Optional[str]) -> tuple[Optional[str], Optional[str], Optional[int]]:
    """``(date_first, date_last, date_days)`` stored with a date value: its bounds and the days from
    first to last (0 for a day, 6 for a week, 364 or 365 for a year), all None when undated (None);
    ``(None, None, NO_PERIOD)`` for a value that names no calendar period (PRESENT_REF, or a corrupt
    value: an empty string, '2024-13-45'). Every non-NULL value gets a ``date_days``: a row whose date
    is not NULL and whose ``date_days`` is would stay UNFILLED, and every open would try it again."""
    bounds = period_bounds(value)
    if not bounds:
        return None, None, (NO_PERIOD if value is not None else None)
    return bounds[0].isoformat(), bounds[1].isoformat(), (bounds[1] - bounds[0]).days


def date_bounds(value: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """``(date_first, date_last)`` of a stored date value: the ISO first and last day of the period it
    names (``records.period_bounds``: a day, week, weekend, month, season, quarter, half, year or
    decade), or ``(None, None)`` when undated or when the value names no calendar period."""
    return date_columns(value)[:2]


# The longest period a date value can name: a decade (``period_bounds``), 3 652 days from first to
# last day at most (tests/test_date_filters.py checks it). ``since`` filters use the longest period
# actually stored (``date_lookback``), this only when that is unknown.
MAX_PERIOD_DAYS = 3653


def date_lookback(conn, table: str = "events") -> int:
    """Days from first to last day of the longest period stored in ``table`` (one probe of the
    ``date_days`` index): a period that ends on or after D starts on or after D minus this, which
    gives ``since`` a lower bound on ``date_first``, so a date index walk stops there. A store of
    day-dated events has 0: ``since`` then walks exactly the days asked for."""
    value = conn.execute(f"SELECT MAX(date_days) FROM {table}").fetchone()[0]
    return int(value) if value is not None else 0


def add_date_bounds(conn, table: str, *, fill: bool = True) -> int:
    """Give ``table`` (which has a ``date`` column) its ``date_first`` / ``date_last`` / ``date_days``
    columns and their indexes, and (``fill``) fill them from the stored ``date`` values. Idempotent:
    columns that exist are kept, every dated row gets the bounds of its own ``date`` again (the same
    values on a second run), rows without a date keep NULL; no other column is touched. Runs inside the
    caller's transaction, so a failure leaves the database as it was. Returns the rows updated.

    The upgrade (migrations 2 and 101) adds the columns only (``fill=False``): the rows are then
    UNFILLED, and ``backfill`` fills them after the migration commits, in short transactions (below)."""
    have = {d[0] for d in conn.execute(f"SELECT * FROM {table} LIMIT 0").description}
    for column, kind in (("date_first", "TEXT"), ("date_last", "TEXT"), ("date_days", "INTEGER")):
        if column not in have:
            conn.execute(conn.ddl(f"ALTER TABLE {table} ADD COLUMN {column} {kind}"))
    conn.execute(f"CREATE INDEX IF NOT EXISTS {table}_date_bounds ON {table}({conn.nulls_first('date_first, date_last')})")
    conn.execute(f"CREATE INDEX IF NOT EXISTS {table}_date_days ON {table}(date_days)")
    if not fill:
        return 0
    updated = 0
    values = [r[0] for r in conn.execute(f"SELECT DISTINCT date FROM {table} WHERE date IS NOT NULL")]
    for value in values:  # one UPDATE per distinct value (thousands), through the date index
        updated += conn.execute(f"UPDATE {table} SET date_first = ?, date_last = ?, date_days = ? WHERE date = ?",
                                (*date_columns(value), value)).rowcount
    return updated


# Rows that have a date but no bounds yet: rows of a store being upgraded (the migration adds the
# columns, ``backfill`` fills them), rows written by a process of a release before migration 2 that still
# runs against an upgraded store (its INSERT names no date_first / date_last / date_days), and merged
# events such a process stored or re-dated (stories migration 103). The partial index
# ``{table}_unfilled`` (store migration 3, stories migration 103) holds exactly these rows, so looking
# for them costs one index probe when there are none.
UNFILLED = "date IS NOT NULL AND date_days IS NULL"

# The tables whose rows may be unfilled, with the migration that indexes those rows (and after which
# ``fill_date_bounds`` / ``backfill`` may look for them through that index).
UNFILLED_TABLES = (("events", 3), ("merged_events", 103))

# Rows filled per transaction by ``backfill`` (a pk range this wide) and at most by one article's write.
BACKFILL_BATCH = 5000


def fill_date_bounds(conn, table: str = "events", *, indexed: bool = True, limit: Optional[int] = None) -> int:
    """Give the rows of ``table`` that have a date but no bounds (``UNFILLED``) the bounds of their
    date (a reference value gets ``NO_PERIOD``, so it is not looked at again): all of them, or at most
    ``limit`` (a writer's bounded share). Idempotent; returns the rows updated (0, after one probe of
    ``{table}_unfilled``, when there are none; ``indexed=False``: before that index exists)."""
    if limit is None:
        updated = 0
        for value in [r[0] for r in conn.execute(f"SELECT DISTINCT date FROM {_unfilled_rows(conn, table, indexed)}")]:
            updated += conn.execute(f"UPDATE {table} SET date_first = ?, date_last = ?, date_days = ?"
                                    f" WHERE date = ? AND date_days IS NULL", (*date_columns(value), value)).rowcount
        return updated
    rows = conn.execute(f"SELECT pk, date FROM {_unfilled_rows(conn, table, indexed)} LIMIT ?", (limit,)).fetchall()
    return _fill_rows(conn, table, rows)


# SQLite has ``UPDATE ... FROM`` since 3.33 (2020-08) and takes 32 766 bound parameters since 3.32 (999
# before); Python may run on an older system library. There ``_fill_rows`` writes one UPDATE per row
# instead (review2 item 5): the same rows filled, slower. Read once per process: the library is linked in.
SQLITE_UPDATE_FROM = sqlite3.sqlite_version_info >= (3, 33, 0)


def _fill_rows(conn, table: str, rows, chunk: int = 5000) -> int:
    """Fill these ``(pk, date)`` rows of ``table``: one ``UPDATE ... FROM (VALUES ...)`` per ``chunk``
    rows (both engines name a VALUES list's columns column1, column2 ...; SQLite has UPDATE FROM since
    3.33), the bounds of each distinct date computed once. The pk range in the condition narrows the
    rows PostgreSQL's planner joins with (right after the upgrade it has no statistics of the new
    columns and hashed every row without bounds); most of a batch's time is index maintenance anyway
    (EXPLAIN ANALYZE of one batch of 4 437 rows: 398 ms, 30 ms of it the join)."""
    bounds: dict = {}
    args = [(pk, *(bounds[d] if d in bounds else bounds.setdefault(d, date_columns(d)))) for pk, d in rows]
    if conn.dialect == "sqlite" and not SQLITE_UPDATE_FROM:
        conn.executemany(f"UPDATE {table} SET date_first = ?, date_last = ?, date_days = ?"
                         f" WHERE pk = ? AND date_days IS NULL", [(*row[1:], row[0]) for row in args])
        return len(args)
    for lo in range(0, len(args), chunk):
        part = args[lo:lo + chunk]
        conn.execute(f"UPDATE {table} SET date_first = v.column2, date_last = v.column3, date_days = v.column4"
                     f" FROM (VALUES {','.join(['(?,?,?,?)'] * len(part))}) AS v"
                     f" WHERE {table}.pk = v.column1 AND {table}.pk >= ? AND {table}.pk <= ? AND {table}.date_days IS NULL",
                     [x for row in part for x in row] + [min(r[0] for r in part), max(r[0] for r in part)])
    return len(args)


def backfill(conn, table: str = "events", *, batch: Optional[int] = None, passes: int = 10) -> int:
    """Fill every UNFILLED row of ``table`` in pk ranges ``batch`` wide, each range in its own short
    write transaction, from the lowest unfilled pk to the highest pk; then look again (rows an older
    writer added meanwhile) up to ``passes`` times. Resumable and idempotent: the unfilled rows are
    exactly the work left, so a crash or an error between two batches leaves a store whose next open
    (``Store.migrate``) finishes it, and a filled row is never written again. On PostgreSQL a batch
    holds row locks only: readers never wait, writers wait at most one batch. Returns the rows filled."""
    total, batch = 0, batch or BACKFILL_BATCH
    for _ in range(passes):
        first = conn.execute(f"SELECT MIN(pk) FROM {_unfilled_rows(conn, table)}").fetchone()[0]
        if first is None:
            break
        top = conn.execute(f"SELECT MAX(pk) FROM {table}").fetchone()[0]
        for lo in range(first, top + 1, batch):
            began = time.perf_counter()
            with conn.transaction() as c:
                rows = c.execute(f"SELECT pk, date FROM {table} WHERE pk >= ? AND pk < ? AND {UNFILLED}",
                                 (lo, lo + batch)).fetchall()
                total += _fill_rows(c, table, rows)
                if rows:
                    bump_revision(c)  # rows changed, none added: the API's caches must see it
            if conn.writer_pause:  # let a waiting writer in (see db.SQLiteConnection.writer_pause)
                time.sleep(min(conn.writer_pause, time.perf_counter() - began))
    return total


def has_unfilled(conn, table: str = "events") -> bool:
    """Whether ``table`` has UNFILLED rows: one ``EXISTS`` probe, answered in one row. (It was ``SELECT
    DISTINCT date``, which reads every unfilled row, and psycopg fetches the whole result: right after an
    upgrade each article write paid 23-32 ms for events and 11 ms for merged events on PostgreSQL with
    100k events, against 0.03 ms for ``EXISTS`` through ``{table}_unfilled``. With statistics taken while
    every row was unfilled and the backfill then done, both are planned as a table scan and cost the same,
    13-14 ms; measured by fmode, session 8, docs/data-model.md.)"""
    return bool(conn.execute(f"SELECT EXISTS (SELECT 1 FROM {_unfilled_rows(conn, table)})").fetchone()[0])


def _unfilled_rows(conn, table: str, indexed: bool = True) -> str:
    """``FROM`` target and condition of the UNFILLED rows, through the partial index (migration 3) on
    SQLite, whose planner would otherwise walk every undated row of ``{table}_date_days``."""
    hint = f" INDEXED BY {table}_unfilled" if indexed and conn.index_hints else ""
    return f"{table}{hint} WHERE {UNFILLED}"


# Each migration is applied once, in order, inside a transaction; never edit a released one.
MIGRATIONS: list[tuple[int, Migration]] = [
    (1, """
    CREATE TABLE articles (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,           -- id given at ingest (JSONL id, file stem, URL hash)
        url TEXT,
        title TEXT,
        published TEXT,                    -- ISO date or NULL
        source TEXT,                       -- where it was read from
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE, -- sha256 of whitespace-normalised text
        ingested_at REAL NOT NULL
    );
    CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
    CREATE TABLE annotations (
        article_pk INTEGER PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
        actors TEXT NOT NULL, places TEXT NOT NULL, times TEXT NOT NULL   -- JSON lists
    );
    CREATE TABLE events (
        pk INTEGER PRIMARY KEY,
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        idx INTEGER NOT NULL,              -- order of the event within its article
        type TEXT NOT NULL, mode TEXT, modality TEXT NOT NULL,
        date TEXT, date_precision TEXT,
        actor_name TEXT, actor_country TEXT, actor_role TEXT,
        recipient_name TEXT, recipient_country TEXT, recipient_role TEXT,
        said_by_name TEXT,
        location_name TEXT, geonameid INTEGER, lat REAL, lon REAL, admin1 TEXT, location_country TEXT,
        location_precision TEXT,
        acled_event_type TEXT, acled_sub_event_type TEXT, cameo TEXT, quad TEXT, intensity REAL,
        fatalities INTEGER, confidence REAL,
        sentence_start INTEGER, sentence_end INTEGER, trigger_text TEXT, trigger_start INTEGER,
        data TEXT NOT NULL,                -- the full event as in `extract --jsonl`
        UNIQUE(article_pk, idx)
    );
    CREATE INDEX events_type ON events(type);
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_actor_country ON events(actor_country);
    CREATE INDEX events_recipient_country ON events(recipient_country);
    CREATE INDEX events_location_country ON events(location_country);
    CREATE TABLE ingest_failures (
        pk INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        reason TEXT NOT NULL,
        at REAL NOT NULL
    );
    """),
    # Each event's period as its first and last day (ISO dates, NULL when undated), so date filters
    # and date order compare days, not the value strings ('2024-Q3' sorted after '2024-12-31').
    # (Since session 8 the columns only: the rows are filled by ``backfill`` after the migration commits.)
    (2, lambda conn: add_date_bounds(conn, "events", fill=False)),
    # Rows written without bounds by an older release's process (see UNFILLED), found through a partial
    # index and filled on every open and every write; reference values (PRESENT_REF) stored before this
    # get NO_PERIOD here, so they leave the index.
    (3, lambda conn: add_unfilled_index(conn, "events")),
    # The date order puts undated events first (NULL is the smallest value, docs/data-model.md "Order"):
    # on PostgreSQL, whose default indexes keep NULLs last, the date index is rebuilt in that order.
    (4, lambda conn: null_order_index(conn, "events")),
    # An article at a stored URL with different content is an UPDATE, stored as its own row (session 9,
    # review3 finding 1; docs/stories.md "Updates"): the URL index stays, no longer unique. The content
    # hash stays unique: the same text twice is still one article.
    (5, """
    DROP INDEX IF EXISTS articles_url;
    CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL
    """),
    # A write revision (session 10, review5 finding 2): a write that changes stored rows without adding
    # any (a re-dating, the date-bounds backfill) bumps it, so the API's caches, keyed on the largest
    # event and article keys, see it too (``bump_revision``; docs/data-model.md "Write revision").
    (6, lambda conn: add_revision(conn)),
]


def add_revision(conn) -> None:
    """The one-row ``revision`` table (``n`` starts at 0)."""
    conn.execute("CREATE TABLE revision (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    conn.execute("INSERT INTO revision (id, n) VALUES (1, 0)")


def bump_revision(conn) -> None:
    """Count one write that changed stored rows without adding any, inside the writer's transaction.

    Why a table and not SQLite's ``PRAGMA data_version``: that pragma does not change for the
    connection's own writes, and PostgreSQL has no such counter; a row works on both engines and
    commits (or rolls back) with the change it counts."""
    conn.execute("UPDATE revision SET n = n + 1 WHERE id = 1")


def null_order_index(conn, table: str) -> None:
    """Rebuild ``{table}_date_bounds`` with NULLs first where that is not the engine's default order
    (PostgreSQL: ``conn.nulls_first``), so the date order (``DATE_ORDER``) walks it; nothing on SQLite."""
    columns = conn.nulls_first("date_first, date_last")
    if columns != "date_first, date_last":
        conn.execute(f"DROP INDEX IF EXISTS {table}_date_bounds")
        conn.execute(f"CREATE INDEX {table}_date_bounds ON {table}({columns})")


def add_unfilled_index(conn, table: str = "events") -> None:
    """The partial index of the UNFILLED rows of ``table``. (Up to session 7 migration 3 filled the rows
    first, in the migration's transaction; since session 8 ``backfill`` fills them after it commits, in
    short transactions, through this index. On PostgreSQL the index then keeps the filled rows' old
    versions until the next (auto)vacuum: a probe for unfilled rows takes ~2 ms instead of ~0.01 ms
    until then.)"""
    conn.execute(f"CREATE INDEX IF NOT EXISTS {table}_unfilled ON {table}(date) WHERE {UNFILLED}")


def like_pattern(substring: str) -> str:
    """A LIKE pattern matching ``substring`` literally (use with ``ESCAPE '\\'``): '%' and '_' typed by
    a user are characters to find, not wildcards."""
    return "%" + substring.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def event_filters(alias: str = "e", *, type: Optional[str] = None, actor: Optional[str] = None,
                  country: Optional[str] = None, since=None, until=None, modality: Optional[str] = None,
                  country_column: Optional[str] = None, lookback: Optional[int] = None) -> tuple[list[str], list]:
    """SQL conditions and arguments for the event filters every query surface shares (CLI, API,
    merged events). ``country`` matches actor, recipient or location unless ``country_column`` names
    one column; ``actor`` is a substring of actor or recipient name.

    ``since`` / ``until`` (ISO day strings or dates) keep the events whose period overlaps the window:
    ``since=D`` those whose period (``date_first`` .. ``date_last``) ends on or after D, ``until=D``
    those whose period starts on or before D. Undated events match neither. ``lookback``: the days of
    the longest period stored (``date_lookback``), default the longest any value can name."""
    where, args = [], []
    if type:
        where.append(f"{alias}.type = ?"); args.append(type.upper())
    if modality:
        where.append(f"{alias}.modality = ?"); args.append(modality.lower())
    if actor:
        pattern = like_pattern(actor)
        where.append(f"({alias}.actor_name LIKE ? ESCAPE '\\' OR {alias}.recipient_name LIKE ? ESCAPE '\\')")
        args += [pattern, pattern]
    if country and country_column:
        where.append(f"{alias}.{country_column} = ?"); args.append(country.upper())
    elif country:
        where.append(f"({alias}.actor_country = ? OR {alias}.recipient_country = ? OR {alias}.location_country = ?)")
        args += [country.upper()] * 3
    if since:
        # the event's period ends on or after ``since``; the second test is implied by the first (no
        # stored period is longer than ``lookback``): it only gives the date_first indexes a lower bound
        day = _day(since)
        back = MAX_PERIOD_DAYS if lookback is None else lookback
        where.append(f"{alias}.date_last >= ? AND {alias}.date_first >= ?")
        # near year 1 the lower bound is date.min (day - back would be before it: OverflowError)
        args += [day.isoformat(), (day - timedelta(days=back) if day.toordinal() > back else date.min).isoformat()]
    if until:
        # the event's period starts on or before ``until``
        where.append(f"{alias}.date_first <= ?"); args.append(_day(until).isoformat())
    return where, args


def _day(value) -> date:
    """A filter bound as a date: a ``date`` or an ISO ``YYYY-MM-DD`` string (a datetime's day)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# Order of events by date: first day, then last day, so among periods starting on the same day the
# finer one comes first (a day before the week, month, quarter, half, year that begin on it).
# Undated events (NULL bounds) sort as the earliest on both engines: first in date order, last in
# newest-first order. SQLite does that by itself; PostgreSQL sorts NULLs the other way round, so the
# order says it (``NULLS FIRST`` / ``DESC NULLS LAST``), and its date indexes keep NULLs first
# (``conn.nulls_first``) so an ordered page still walks one.
DATE_ORDER = "{a}.date_first NULLS FIRST, {a}.date_last NULLS FIRST, {a}.pk"
DATE_ORDER_DESC = "{a}.date_first DESC NULLS LAST, {a}.date_last DESC NULLS LAST, {a}.pk DESC"


# Later stages keep their own tables: each module listed here may define ``MIGRATIONS`` with versions
# in its own range (stories 100-199, watch 200-299) so stages never edit each other's schema.
MIGRATION_MODULES = ("wirewatch.stories", "wirewatch.watch")


def all_migrations() -> list[tuple[int, Migration]]:
    import importlib
    out = list(MIGRATIONS)
    for name in MIGRATION_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        out.extend(getattr(module, "MIGRATIONS", []))
    return sorted(out, key=lambda m: m[0])


class StoreError(Exception):
    """The database cannot be opened or created (missing, unwritable folder, not SQLite, read-only,
    no PostgreSQL server); ``str(e)`` is a one-line reason for the user."""


class DuplicateArticle(Exception):
    """The article was stored meanwhile (by another writer) with the same content."""

    def __init__(self, existing_id: str):
        super().__init__(f"duplicate of {existing_id}")
        self.existing_id = existing_id


class Store:
    """A wirewatch database: a SQLite path or a ``postgresql://`` URL. Use as a context manager or
    call ``close()``.

    ``create=False`` (read commands) refuses a database file that does not exist instead of creating
    an empty one, so a mistyped ``--db`` is an error rather than an empty, successful answer.
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, create: bool = True):
        self.path = str(path)
        where = db.display(self.path)
        if self.path != ":memory:" and not db.is_postgres(self.path):
            if not create and not Path(self.path).is_file():
                raise StoreError(f"no database at {self.path} (check --db / WIREWATCH_DB, or run"
                                 " `wirewatch ingest` first)")
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder of database {self.path}:"
                                 f" {exc.strerror or exc}") from None
        try:
            self.conn = db.connect(self.path)
        except db.db_errors() as exc:
            raise StoreError(f"cannot {'open' if db.is_postgres(self.path) else 'use'} database {where}:"
                             f" {db.first_line(exc)}") from None
        try:
            self.migrate()
        except db.db_errors() as exc:
            self.conn.close()
            raise StoreError(f"cannot use database {where}: {db.first_line(exc)}") from None
        except BaseException:
            self.conn.close()
            raise

    @property
    def dialect(self) -> str:
        return self.conn.dialect

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- schema --------------------------------------------------------------------------------
    def migrate(self) -> int:
        """Apply pending migrations; returns the schema version. Runs under the write lock, so
        processes opening a new store at once apply each migration exactly once."""
        if "schema_migrations" not in self.conn.tables() or self._pending():
            with self.transaction() as c:
                c.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                          " applied_at REAL NOT NULL)")
                done = {r[0] for r in c.execute("SELECT version FROM schema_migrations")}
                for version, sql in all_migrations():
                    if version in done:
                        continue
                    if callable(sql):
                        sql(c)
                    else:
                        for stmt in [s for s in sql.split(";") if s.strip()]:
                            c.execute(c.ddl(stmt))
                    c.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, time.time()))
        self._fill_unfilled()
        return self.schema_version()

    def _unfilled_tables(self) -> list[str]:
        """The tables whose unfilled rows are indexed (``UNFILLED_TABLES``: their migration is done);
        read once per Store once both are (a migration is never undone)."""
        known = getattr(self, "_unfilled_known", None)
        if known is not None:
            return known
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        tables = [table for table, version in UNFILLED_TABLES if version in done]
        if len(tables) == len(UNFILLED_TABLES):
            self._unfilled_known = tables
        return tables

    def _fill_unfilled(self) -> None:
        """Fill the rows left without bounds (an upgrade's columns just added, an older release's writer,
        a backfill interrupted by a crash) through ``backfill``: short transactions, one index probe per
        table when there are none. A store this process may not write keeps them as they are (date
        filters miss them, date order puts them with the undated) until a writable open or the next
        article stored."""
        for table in self._unfilled_tables():
            if not has_unfilled(self.conn, table):
                continue
            try:
                backfill(self.conn, table)
            except db.db_errors() as exc:  # said, not swallowed: a read-only store, or a failing engine
                logging.getLogger(__name__).warning("rows of %s keep no date bounds for now: %s", table, exc)
                return

    def unfilled(self) -> dict[str, int]:
        """Rows still without their bounds, per table (0 once the backfill is done)."""
        return {table: self.conn.execute(f"SELECT COUNT(*) FROM {_unfilled_rows(self.conn, table)}").fetchone()[0]
                for table in self._unfilled_tables()}

    def _pending(self) -> bool:
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        return any(v not in done for v, _ in all_migrations())

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    def transaction(self):
        """A write transaction (excludes other writers; rolled back on error); yields the connection."""
        return self.conn.transaction()

    # -- articles ------------------------------------------------------------------------------
    def find_duplicate(self, article: Article) -> Optional[str]:
        """Id of a stored article with the same content (whitespace-normalised hash), else None.
        The same URL with other content is not a duplicate but an update (``find_at_url``)."""
        row = self.conn.execute("SELECT id FROM articles WHERE content_hash = ?", (article.content_hash,)).fetchone()
        return row[0] if row else None

    def undated_copy(self, article: Article) -> Optional[int]:
        """pk of the stored article with the same content when it has no publication date and
        ``article`` has one (its duplicate can date it: ``stories.redate_article``), else None."""
        if article.published is None:
            return None
        row = self.conn.execute("SELECT pk FROM articles WHERE content_hash = ? AND published IS NULL",
                                (article.content_hash,)).fetchone()
        return row[0] if row else None

    def find_at_url(self, url: Optional[str]) -> Optional[tuple[int, str]]:
        """(pk, id) of the latest stored article at ``url`` (the one an update supersedes), else None."""
        if not url:
            return None
        row = self.conn.execute("SELECT pk, id FROM articles WHERE url = ? ORDER BY pk DESC LIMIT 1", (url,)).fetchone()
        return (row[0], row[1]) if row else None

    def _free_id(self, wanted: str) -> str:
        """The requested id, or ``id~2``, ``id~3`` ... when another article already holds it."""
        candidate, n = wanted, 1
        while self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone():
            n += 1
            candidate = f"{wanted}~{n}"
        return candidate

    def add_article(self, article: Article, extraction: Extraction) -> tuple[int, str]:
        """Store an article with its annotations and events atomically. Returns (pk, stored id);
        raises ``DuplicateArticle`` when the same content is already stored (an article at a stored URL
        with other content is stored: it is an update, linked as a version by ``stories``)."""
        with self.transaction() as c:
            existing = self.find_duplicate(article)  # again, under the lock: another writer may have won
            if existing is not None:
                raise DuplicateArticle(existing)
            art_id = self._free_id(article.id)
            pk = c.insert(
                "INSERT INTO articles (id, url, title, published, source, text, content_hash, ingested_at)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (art_id, article.url, article.title, article.published.isoformat() if article.published else None,
                 article.source, article.text, article.content_hash, time.time()))
            c.execute("INSERT INTO annotations VALUES (?,?,?,?)", (
                pk, json.dumps([a.to_dict() for a in extraction.actors]),
                json.dumps([p.to_dict() for p in extraction.places]),
                json.dumps([t.to_dict() for t in extraction.times])))
            for i, ev in enumerate(extraction.events):
                c.execute(_EVENT_INSERT, _event_row(pk, i, ev))
            for table in self._unfilled_tables():  # rows an older writer stored meanwhile (one index probe)
                if has_unfilled(c, table):
                    fill_date_bounds(c, table, limit=BACKFILL_BATCH)
        return pk, art_id

    def record_failure(self, failure: SourceFailure) -> None:
        with self.transaction() as c:
            c.execute("INSERT INTO ingest_failures (source, reason, at) VALUES (?,?,?)",
                      (failure.source, failure.reason, time.time()))

    def article(self, article_id: str) -> Optional[dict]:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return dict(row) if row else None

    def articles(self, limit: int = 100, offset: int = 0) -> list[dict]:
        rows = self.conn.execute("SELECT pk, id, url, title, published, source, ingested_at FROM articles"
                                 " ORDER BY pk LIMIT ? OFFSET ?", (limit, offset))
        return [dict(r) for r in rows]

    def counts(self) -> dict:
        q = lambda sql: self.conn.execute(sql).fetchone()[0]
        return {"articles": q("SELECT COUNT(*) FROM articles"), "events": q("SELECT COUNT(*) FROM events"),
                "failures": q("SELECT COUNT(*) FROM ingest_failures")}

    def failures(self, limit: int = 100) -> list[dict]:
        rows = self.conn.execute("SELECT source, reason, at FROM ingest_failures ORDER BY pk DESC LIMIT ?", (limit,))
        return [dict(r) for r in rows]

    # -- events --------------------------------------------------------------------------------
    def events(self, *, type: Optional[str] = None, actor: Optional[str] = None, country: Optional[str] = None,
               since: Optional[str] = None, until: Optional[str] = None, modality: Optional[str] = None,
               limit: Optional[int] = None, offset: int = 0, order: str = "date") -> list[dict]:
        """Events with their article's id/url/title, filtered; ``country`` matches actor, recipient or place."""
        where, args = event_filters("e", type=type, actor=actor, country=country, since=since, until=until,
                                    modality=modality, lookback=date_lookback(self.conn) if since else None)
        orders = {"date": DATE_ORDER.format(a="e"), "-date": DATE_ORDER_DESC.format(a="e"), "id": "e.pk",
                  "type": "e.type, e.pk", "-confidence": "e.confidence DESC NULLS LAST, e.pk"}
        sql = ("SELECT e.*, a.id AS article_id, a.url AS article_url, a.title AS article_title,"
               " a.published AS article_published FROM events e JOIN articles a ON a.pk = e.article_pk")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + orders.get(order, orders["date"])
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"; args += [limit, offset]
        out = []
        for r in self.conn.execute(sql, args):
            d = dict(r)
            d["data"] = json.loads(d["data"])
            out.append(d)
        return out

    def evidence_sentence(self, event: dict) -> str:
        row = self.conn.execute("SELECT text FROM articles WHERE pk = ?", (event["article_pk"],)).fetchone()
        return row[0][event["sentence_start"]:event["sentence_end"]].strip() if row else ""


_EVENT_COLUMNS = ("article_pk, idx, type, mode, modality, date, date_precision, actor_name, actor_country,"
                  " actor_role, recipient_name, recipient_country, recipient_role, said_by_name, location_name,"
                  " geonameid, lat, lon, admin1, location_country, location_precision, acled_event_type,"
                  " acled_sub_event_type, cameo, quad, intensity, fatalities, confidence, sentence_start,"
                  " sentence_end, trigger_text, trigger_start, data, date_first, date_last, date_days")
_EVENT_INSERT = (f"INSERT INTO events ({_EVENT_COLUMNS}) VALUES "
                 f"({','.join('?' * len(_EVENT_COLUMNS.split(',')))})")


def _event_row(article_pk: int, idx: int, ev: Event) -> tuple:
    a, r, loc, s = ev.actor, ev.recipient, ev.location, ev.said_by
    return (article_pk, idx, ev.type, ev.mode, ev.modality, ev.date, ev.date_precision,
            a and a.name, a and a.country, a and a.role, r and r.name, r and r.country, r and r.role,
            s and s.name, loc and loc.name, loc and loc.geonameid, loc and loc.lat, loc and loc.lon,
            loc and loc.admin1, loc and loc.country, loc and loc.precision, ev.acled_event_type,
            ev.acled_sub_event_type, ev.cameo, ev.quad, ev.intensity, ev.fatalities, ev.confidence,
            ev.sentence["start"], ev.sentence["end"], ev.trigger.text, ev.trigger.start, json.dumps(ev.to_dict()),
            *date_columns(ev.date))
