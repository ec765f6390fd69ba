"""HTTP API and dashboard over a wirewatch database (FastAPI).

Why it looks the way it does:
- Reads are open and go through one *read-only* connection per worker thread (SQLite: WAL lets them
  run beside an ingest; PostgreSQL: read-only sessions), the SQL written once for both engines
  (``wirewatch.db`` holds the few dialect differences); writes (POST /api/ingest) need ``Authorization: Bearer $WIREWATCH_TOKEN``
  and are refused outright (403) when no token is configured, so a server started by accident is
  never writable.
- Every parameter is validated by FastAPI/pydantic, so garbage gives a 4xx with a reason, not a 500.
- The dashboard never downloads raw events: maps, timelines and networks are aggregated in SQL here
  (and cached until the database grows or changes), lists are paginated with a hard cap.
- Responses are built as plain dicts and serialised once (``_json``): no per-row pydantic work.
- ``GET /api/events`` is the hot path (p95 target under 50 clients on 1M events): plainly valid requests
  skip FastAPI (``EventsFastPath``), each filter walks one covering index (``walk_index``), and pages and
  rows are cached until a row is added or changed. docs/api.md has the figures.

See docs/api.md for every endpoint.
"""
from __future__ import annotations

import hmac
import json
import os
import re
import sqlite3
import threading
import time
from collections import OrderedDict
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence
from urllib.parse import parse_qsl

import anyio
from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware
from pydantic import BaseModel, Field, model_validator

from .db import connect as db_connect, db_errors, is_postgres, operational_errors, schema_errors
from .ontology import PLOVER_TYPES
from .store import DATE_ORDER, DATE_ORDER_DESC, Store, like_pattern

STATIC_DIR = Path(__file__).parent / "static"
MAX_LIMIT = 500            # rows per page, any list endpoint
MAX_OFFSET = 100_000       # deeper pages: narrow the filters (since/until) instead
COUNT_CAP = 1_000          # ``total`` is exact up to this, then reported as capped (counting costs)
ACTOR_COUNT_CAP = 1_000    # ... also with an actor filter (a substring test reads every row)
MAX_TEXT_CHARS = 1_000_000
EVIDENCE_WINDOW = 3_000    # chars of context either side of the sentence for long articles
TOKEN_ENV = "WIREWATCH_TOKEN"
MAX_BODY_ENV = "WIREWATCH_MAX_BODY"  # bytes a POST /api/ingest body may have (default MAX_BODY)
MAX_BODY = 4 * 1024 * 1024
BODY_TIMEOUT_ENV = "WIREWATCH_BODY_TIMEOUT"  # seconds a POST /api/ingest body may take to arrive (0 = no limit)
BODY_TIMEOUT = 60.0
ALLOWED_HOSTS_ENV = "WIREWATCH_ALLOWED_HOSTS"   # Host header names the server answers (comma-separated)
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")  # the default when bound to a loopback address
PAGE_CACHE_ENV = "WIREWATCH_API_PAGE_CACHE"   # "0" switches the event page/count cache off (benchmarks)
PAGE_CACHE_SIZE = 4096     # event pages and counts kept (LRU), apart from the aggregates' 256

# Indexes the API's filters and aggregates lean on; created once at server start (store.py is not ours).
NAMES = "actor_name, recipient_name"
DAYS = "date_first, date_last"  # an event's period (store migration 2): the date order and date filters
LIST_INDEXES = (
    # Filtered lists and counts walk one of these in date order (``walk_index`` picks it): first day,
    # then last day, so ``since`` (on date_last) is tested inside the index too. Every filter
    # column is in the index - type, modality and the names the actor substring is tested on - so rows
    # that do not match are skipped (and counted) without reading the large event row. They also
    # carry the pk (conn.with_row_key), so a page's pks come from the index alone.
    f"CREATE INDEX IF NOT EXISTS api_ev3_type ON events(type, {DAYS}, modality, {NAMES})",
    f"CREATE INDEX IF NOT EXISTS api_ev3_modality ON events(modality, {DAYS}, type, {NAMES})",
    f"CREATE INDEX IF NOT EXISTS api_ev3_type_modality ON events(type, modality, {DAYS}, {NAMES})",
    f"CREATE INDEX IF NOT EXISTS api_ev3_date ON events({DAYS}, type, modality, {NAMES})",
    *(f"CREATE INDEX IF NOT EXISTS api_ev3_{c} ON events({c}, {DAYS}, type, modality, {NAMES})"
      for c in ("actor_country", "recipient_country", "location_country")),
    *(f"CREATE INDEX IF NOT EXISTS api_ev3_{c}_type ON events({c}, type, {DAYS}, modality, {NAMES})"
      for c in ("actor_country", "recipient_country", "location_country")),
    *(f"CREATE INDEX IF NOT EXISTS api_ev3_{c}_modality ON events({c}, modality, {DAYS}, type, {NAMES})"
      for c in ("actor_country", "recipient_country", "location_country")),
)
API_INDEXES = LIST_INDEXES + (
    # Covering indexes for the aggregates: event rows carry their full JSON, so GROUP BYs must not
    # touch the table.
    "CREATE INDEX IF NOT EXISTS api_ev_map ON events(lat, lon, type, article_pk, location_country,"
    " location_precision, location_name)",
    "CREATE INDEX IF NOT EXISTS api_ev_quad ON events(quad)",
    "CREATE INDEX IF NOT EXISTS api_ev_pairs ON events(actor_name, recipient_name, quad, actor_country,"
    " recipient_country)",
    "CREATE INDEX IF NOT EXISTS api_ev_actor ON events(actor_name, actor_country, actor_role)",
    "CREATE INDEX IF NOT EXISTS api_ev_recipient ON events(recipient_name, recipient_country, recipient_role)",
)


def list_indexes(conn) -> list[str]:
    """``LIST_INDEXES`` as this engine builds them: with the pk (``conn.with_row_key``) and the days in
    the shared NULL order (``conn.nulls_first``: undated events first in date order, last newest
    first; on PostgreSQL ``NULLS FIRST``, not a default index's order)."""
    days = conn.nulls_first(DAYS)
    return [conn.with_row_key(stmt.replace(DAYS, days)) for stmt in LIST_INDEXES]


def stale_list_indexes(conn) -> list[str]:
    """List indexes built before in another NULL order (PostgreSQL's ``api_ev3_*`` up to session 8 kept
    NULLs last, so a date-ordered page could not walk them): dropped and rebuilt at start-up."""
    days, defs = conn.nulls_first(DAYS), conn.index_definitions()
    names = [stmt.split(" ON ")[0].split()[-1] for stmt in LIST_INDEXES]
    return [name for name in names if name in defs and days not in defs[name]]


# Indexes of earlier versions of this module, dropped at start-up.
OBSOLETE_INDEXES = tuple(f"api_events_{n}" for n in (
    "latlon", "type_date", "modality_date", "date_type", "map", "quad", "pairs", "actor", "recipient",
    "actor_country", "recipient_country", "location_country", "actor_country_date", "recipient_country_date",
    "location_country_date", "actor_country_type", "recipient_country_type", "location_country_type")) + tuple(
    f"api_ev_{n}{s}" for n in ("actor_country", "recipient_country", "location_country")
    for s in ("", "_type", "_modality")) + ("api_ev_type", "api_ev_modality", "api_ev_date") + tuple(
    # (type|modality|country, date, ...): ordered by the date string, before events had date_first/last
    f"api_ev2_{n}" for n in ("type", "modality", "type_modality", "date", *(
        f"{c}{s}" for c in ("actor_country", "recipient_country", "location_country")
        for s in ("", "_type", "_modality"))))


class Modality(str, Enum):
    occurred = "occurred"
    planned = "planned"
    possible = "possible"
    negated = "negated"


class Sort(str, Enum):
    date = "date"
    date_desc = "-date"
    id = "id"
    id_desc = "-id"
    type = "type"
    confidence_desc = "-confidence"


ORDERS = {Sort.date: DATE_ORDER.format(a="e"), Sort.date_desc: DATE_ORDER_DESC.format(a="e"), Sort.id: "e.pk",
          Sort.id_desc: "e.pk DESC", Sort.type: "e.type, e.pk", Sort.confidence_desc: "e.confidence DESC NULLS LAST, e.pk"}


class CountBy(str, Enum):
    day = "day"
    month = "month"
    type = "type"
    country = "country"
    modality = "modality"
    quad = "quad"


COUNT_KEYS = {CountBy.day: "e.date_first", CountBy.month: "substr(e.date_first, 1, 7)", CountBy.type: "e.type",
              CountBy.country: "e.location_country", CountBy.modality: "e.modality", CountBy.quad: "e.quad"}
# Counting by day or month counts the events whose period lies within one day / one month (a week
# across two months, a quarter, a year are in neither): a key is a day or month, never '2024-Q3'.
COUNT_WITHIN = {CountBy.day: "e.date_first = e.date_last",
                CountBy.month: "substr(e.date_first, 1, 7) = substr(e.date_last, 1, 7)"}


# -- filters ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    """The ``wirewatch events`` filters; ``country`` matches actor, recipient or place (ISO3)."""
    type: Optional[str] = None
    actor: Optional[str] = None
    country: Optional[str] = None
    since: Optional[date] = None
    until: Optional[date] = None
    modality: Optional[str] = None
    lookback: Optional[int] = None  # days of the longest stored period (``Database.lookback``), for ``since``
    # where ``since`` asks the lookback when none is given: inside a ``Database.cached`` computation it is
    # read under the version that computation is filed under (no second version read, no older lookback)
    db: Optional["Database"] = field(default=None, compare=False, hash=False, repr=False)

    def where(self, country_column: Optional[str] = None) -> tuple[str, list]:
        """SQL ``WHERE`` clause (or '') and its arguments, same semantics as ``Store.events``.

        ``country_column`` restricts the country test to that one column (see ``list_events``).
        """
        from .store import event_filters
        lookback = self.lookback
        if self.since and lookback is None and self.db is not None:
            lookback = self.db.lookback()
        where, args = event_filters("e", type=self.type, actor=self.actor, country=self.country,
                                    since=self.since.isoformat() if self.since else None,
                                    until=self.until.isoformat() if self.until else None,
                                    modality=self.modality, country_column=country_column,
                                    lookback=lookback)
        return (" WHERE " + " AND ".join(where) if where else ""), args

    def extra(self, condition: str) -> tuple[str, list]:
        """The WHERE clause with one more SQL condition ANDed in."""
        sql, args = self.where()
        return (sql + " AND " + condition if sql else " WHERE " + condition), args


def single_values(request: Request) -> None:
    """Every parameter of the API takes one value: a repeated one (``type=ASSAULT&type=PROTEST``) is a
    422 naming it, not silently its last value (review5 finding 10; docs/api.md)."""
    keys = [k for k, _ in request.query_params.multi_items()]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        hint = " (one type per request; leave type out for every type)" if "type" in repeated else ""
        raise HTTPException(422, f"parameter {', '.join(repeated)} given more than once: each parameter takes"
                                 f" one value{hint}")


def plover_type(value: Optional[str]) -> Optional[str]:
    """``value`` when it names a PLOVER type (any case), else a 422 listing them (review5 finding 10)."""
    if value is not None and value.upper() not in PLOVER_TYPES:
        raise HTTPException(422, f"unknown type '{value}': one of {', '.join(sorted(PLOVER_TYPES))}")
    return value


def event_filters(
    request: Request,
    type: Optional[str] = Query(None, max_length=40, pattern=r"^[A-Za-z_]+$", description="PLOVER type, e.g. ASSAULT"),
    actor: Optional[str] = Query(None, min_length=1, max_length=200, description="Substring of actor or recipient name"),
    country: Optional[str] = Query(None, pattern=r"^[A-Za-z]{3}$", description="ISO3 of actor, recipient or place"),
    since: Optional[str] = Query(None, max_length=40, description="Events whose period (day, week, month, quarter,"
                                 " ...) ends on or after this day (YYYY-MM-DD) or the first day of this period"
                                 " (2024, 2024-07, 2024-Q3, 2024-H1, 2024-W42)"),
    until: Optional[str] = Query(None, max_length=40, description="Events whose period starts on or before this"
                                 " day (YYYY-MM-DD) or the last day of this period (2024-Q3: 30 September)"),
    modality: Optional[Modality] = Query(None),
) -> Filters:
    since_day, until_day = window_days(since, until)
    f = Filters(type=plover_type(type), actor=actor, country=country, since=since_day, until=until_day,
                modality=modality.value if modality else None)
    db = getattr(request.app.state, "db", None)
    return with_lookback(f, db) if db is not None else f


def window_days(since: Optional[str], until: Optional[str]) -> tuple[Optional[date], Optional[date]]:
    """``since`` / ``until`` as the CLI reads them (``records.window_day``: a day, or a period's first /
    last day); 422 for other text or an empty window."""
    from .records import window_day
    try:
        days = (window_day(since, end=False) if since is not None else None,
                window_day(until, end=True) if until is not None else None)
    except ValueError as exc:
        raise HTTPException(422, str(exc))
    if days[0] and days[1] and days[0] > days[1]:
        raise HTTPException(422, f"since ({since}) is after until ({until})")
    return days


def with_lookback(f: Filters, db: "Database") -> Filters:
    """``f`` reading the lookback its ``since`` needs (the longest period stored) from ``db`` when its
    SQL is built, i.e. inside the cached computation of the answer (``Filters.db``)."""
    return replace(f, db=db) if f.since and f.lookback is None and f.db is None else f


def page(limit: int = Query(100, ge=1, le=MAX_LIMIT, description=f"Rows per page (1-{MAX_LIMIT})"),
         offset: int = Query(0, ge=0, le=MAX_OFFSET, description=f"Rows to skip (0-{MAX_OFFSET})")) -> tuple[int, int]:
    return limit, offset


# -- database access -------------------------------------------------------------------------------
class Database:
    """Per-thread read-only connections to one database (a SQLite file or a PostgreSQL URL), plus a
    small aggregate cache."""

    def __init__(self, path: str):
        self.path = str(path) if is_postgres(path) else str(Path(path).resolve())
        self._local = threading.local()
        self._caches: dict[int, OrderedDict[tuple, Any]] = {}
        self._cache_lock = threading.Lock()
        self.write_lock = threading.Lock()
        self._indexes: Optional[frozenset] = None
        self._version_lock = threading.Lock()
        self._last_version: tuple[int, Any] = (-1, None)  # (monotonic ns when that read began, version)
        self._version_sql: Optional[str] = None

    def prepare(self) -> None:
        """Create/migrate the database and the API's indexes (the only writes done at start-up).

        A database we may not write (read-only file or directory) is served as it is, just slower.
        """
        try:
            self._prepare()
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc).replace(" ", "").lower() and "unable to open" not in str(exc):
                raise
            import warnings
            warnings.warn(f"{self.path}: cannot add the API's indexes ({exc}); serving without them")

    def _prepare(self) -> None:
        with Store(self.path) as store:
            for name in OBSOLETE_INDEXES:
                store.conn.execute(f"DROP INDEX IF EXISTS {name}")
            for name in stale_list_indexes(store.conn):
                store.conn.execute(f"DROP INDEX IF EXISTS {name}")
            before = store.conn.indexes()
            for stmt in list_indexes(store.conn) + list(API_INDEXES[len(LIST_INDEXES):]):
                store.conn.execute(stmt)
            store.conn.commit()
            store.conn.analyze(force=bool(store.conn.indexes() - before))  # new indexes need statistics
        self._indexes = None

    def conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = db_connect(self.path, read_only=True)
            conn.tune_for_reads()
            self._local.conn = conn
        return conn

    def reader(self) -> Store:
        """A ``Store`` over this thread's read-only connection (for helpers that take a Store)."""
        store = Store.__new__(Store)
        store.path, store.conn = self.path, self.conn()
        return store

    def indexes(self) -> frozenset:
        """Names of the indexes ``walk_index`` may name, read once (only ``prepare`` adds any): an index
        is named only when it exists, so a database served without them still answers. None on
        PostgreSQL, whose planner takes no hints (and needs none: it keeps statistics per value)."""
        if self._indexes is None:
            conn = self.conn()
            self._indexes = frozenset(conn.indexes() if conn.index_hints else ())
        return self._indexes

    def lookback(self) -> int:
        """Days of the longest period stored (``store.date_lookback``), until a row is added."""
        from .store import date_lookback
        return self.cached(("lookback",), lambda: date_lookback(self.conn()))

    def forget_indexes(self) -> None:
        self._indexes = None

    def version_sql(self) -> str:
        """The version's query: the largest event and article keys (rows added) and the write revision
        (rows changed without any added: a re-dating, the date-bounds backfill; ``store.bump_revision``).
        A store served read-only before its migration 6 has no revision: rows added only, as before."""
        if self._version_sql is None:
            revision = ", (SELECT n FROM revision WHERE id = 1)" if "revision" in self.conn().tables() else ""
            self._version_sql = f"SELECT (SELECT MAX(pk) FROM events), (SELECT MAX(pk) FROM articles){revision}"
        return self._version_sql

    def version(self) -> tuple:
        """Changes whenever rows are added or changed (``version_sql``): the aggregate cache key. Inside
        a ``cached`` computation, the version that computation is filed under: its nested caches (the page's count, its rows)
        do not ask the database again (on PostgreSQL each ask is a round trip to a server process)."""
        current = getattr(self._local, "version", None)
        if current is not None:
            return current
        # Concurrent requests share one read: a read that began after this request asked sees every
        # row committed before it asked, as a read of its own would. One read at a time; a request
        # that arrives while one runs takes the next, which serves every request waiting by then
        # (on PostgreSQL a cached page costs only this read, a round trip to a server process).
        asked = time.monotonic_ns()
        with self._version_lock:
            began, version = self._last_version
            if began > asked:
                return version
            began = time.monotonic_ns()
            version = tuple(self.conn().execute(self.version_sql()).fetchone())
            self._last_version = (began, version)
            return version

    def cached(self, key: tuple, compute: Callable[[], Any], size: int = 256) -> Any:
        """``compute()``, remembered under ``key`` until a row is added or changed. Each ``size`` is its own LRU,
        so the many small event pages never push out the few costly aggregates."""
        version = self.version()  # read once, before computing: a row added meanwhile must not be
        value = self.peek(key, size, version)  # filed under the newer version with older data
        if value is None:
            outer, self._local.version = getattr(self._local, "version", None), version
            try:
                value = compute()
            finally:
                self._local.version = outer
            self.remember(key, value, size, version)
        return value

    def remember(self, key: tuple, value: Any, size: int = 256, version: Optional[tuple] = None) -> None:
        """File ``value`` under ``key`` at ``version`` (default: the current one, which inside a
        ``cached`` computation is the version that computation is filed under)."""
        cache = self._caches.setdefault(size, OrderedDict())
        key = (self.version() if version is None else version,) + key
        with self._cache_lock:
            cache[key] = value
            while len(cache) > size:
                cache.popitem(last=False)

    def peek(self, key: tuple, size: int = 256, version: Optional[tuple] = None) -> Any:
        """The value ``cached`` holds for ``key`` at the current version, or None."""
        key = (self.version() if version is None else version,) + key
        cache = self._caches.get(size, {})
        with self._cache_lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        return None


def _newer(a: Optional[tuple], b: Optional[tuple]) -> bool:
    """Is database version ``a`` later than ``b``? (versions only grow; None/NULL = nothing yet)"""
    if a is None or b is None:
        return b is None and a is not None
    return tuple(-1 if x is None else x for x in a) > tuple(-1 if x is None else x for x in b)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _json(obj: Any, status: int = 200) -> Response:
    return Response(_dumps(obj), status_code=status, media_type="application/json")


def _rows(cursor) -> list[dict]:
    return [dict(r) for r in cursor]


# -- events ----------------------------------------------------------------------------------------
COUNTRY_COLUMNS = ("actor_country", "recipient_country", "location_country")
EVENT_FIELDS = (("id", "e.pk"), ("article_id", "a.id"), ("article_title", "a.title"), ("article_url", "a.url"),
                ("article_published", "a.published"), ("idx", "e.idx"), ("type", "e.type"), ("mode", "e.mode"),
                ("modality", "e.modality"), ("date", "e.date"), ("date_precision", "e.date_precision"),
                ("actor_name", "e.actor_name"), ("actor_country", "e.actor_country"), ("actor_role", "e.actor_role"),
                ("recipient_name", "e.recipient_name"), ("recipient_country", "e.recipient_country"),
                ("recipient_role", "e.recipient_role"), ("said_by_name", "e.said_by_name"),
                ("location_name", "e.location_name"), ("geonameid", "e.geonameid"), ("lat", "e.lat"), ("lon", "e.lon"),
                ("admin1", "e.admin1"), ("location_country", "e.location_country"),
                ("location_precision", "e.location_precision"), ("acled_event_type", "e.acled_event_type"),
                ("acled_sub_event_type", "e.acled_sub_event_type"), ("cameo", "e.cameo"), ("quad", "e.quad"),
                ("intensity", "e.intensity"), ("fatalities", "e.fatalities"), ("confidence", "e.confidence"),
                ("trigger_text", "e.trigger_text"),
                ("modality_text", "coalesce(e.modality, 'unknown') || coalesce(', said by ' || e.said_by_name,"
                                  " ', reported')"))
EVENT_COLUMNS = ", ".join(f"{sql} AS {name}" for name, sql in EVENT_FIELDS[:-1])
_EVENT_JSON: dict[str, str] = {}


def event_json(conn) -> str:
    """The list row of an event as JSON text, built by the database itself: no per-row Python work
    on the hot path."""
    sql = _EVENT_JSON.get(conn.dialect)
    if sql is None:
        sql = _EVENT_JSON[conn.dialect] = conn.json_object(EVENT_FIELDS)
    return sql


def walk_index(f: Filters, indexes: frozenset, column: Optional[str] = None) -> str:
    """`` INDEXED BY ...`` for the index a filtered list or count should walk, or '' if it is missing.

    SQLite's statistics assume every value is equally common, so for a rare modality ('negated' is 3 %)
    it walks the date index and reads event rows one by one to find 100 matches (tens of ms). The
    filters say which index leads: an equality column first, then date, with every other filter column
    in the index.
    """
    if column:
        name = f"api_ev3_{column}_type" if f.type else f"api_ev3_{column}_modality" if f.modality else \
            f"api_ev3_{column}"
    else:
        name = "api_ev3_type_modality" if f.type and f.modality else "api_ev3_type" if f.type else \
            "api_ev3_modality" if f.modality else "api_ev3_date"
    return f" INDEXED BY {name}" if name in indexes else ""


def page_query(f: Filters, limit: int, offset: int, sort: Sort, indexes: frozenset = frozenset()) -> tuple[str, list]:
    """SQL selecting the pks of one page of events, in order.

    A country filter is an OR over three columns, which SQLite can only answer by collecting and
    sorting every match (seconds for a big country). For date order, each column's (country, date)
    index is walked separately for its first ``offset + limit`` rows and the union re-sorted: the page
    is always inside that union, so the result is the same, at the cost of three short index walks.
    """
    order = ORDERS[sort]
    by_date = sort in (Sort.date, Sort.date_desc)
    if f.country and by_date:
        n = limit + offset
        parts, args = [], []
        for column in COUNTRY_COLUMNS:
            where, a = f.where(country_column=column)
            parts.append(f"SELECT * FROM (SELECT e.pk, e.date_first, e.date_last FROM events e{walk_index(f, indexes, column)}{where}"
                         f" ORDER BY {order} LIMIT {n}) {column}")
            args += a
        return (f"SELECT e.pk FROM ({' UNION '.join(parts)}) e ORDER BY {order} LIMIT ? OFFSET ?",
                args + [limit, offset])
    where, args = f.where()
    hint = walk_index(f, indexes) if by_date else ""
    return f"SELECT e.pk FROM events e{hint}{where} ORDER BY {order} LIMIT ? OFFSET ?", args + [limit, offset]


def count_cap(f: Filters) -> int:
    return ACTOR_COUNT_CAP if f.actor else COUNT_CAP


def count_query(f: Filters, indexes: frozenset = frozenset()) -> tuple[str, list]:
    """SQL of one value: the matches, counted up to the cap + 1 (all a capped ``total`` needs).

    A country filter is an OR over three columns: each column's index is counted apart first (up to
    the cap + 1, a short walk that builds nothing), and a column that reaches it makes the total
    capped at once (``CASE`` evaluates a branch's subquery only when it gets there); only otherwise
    are the three sets of pks unioned, all small by then. One statement, so it can share a round
    trip with the page's pks (``list_events``).
    """
    cap = count_cap(f) + 1
    if not f.country:
        where, args = f.where()
        return f"SELECT COUNT(*) FROM (SELECT 1 FROM events e{walk_index(f, indexes)}{where} LIMIT {cap}) c", args
    parts, whens, args, union_args = [], [], [], []
    for column in COUNTRY_COLUMNS:
        where, a = f.where(country_column=column)
        part = f"SELECT e.pk FROM events e{walk_index(f, indexes, column)}{where} LIMIT {cap}"
        whens.append(f"WHEN (SELECT COUNT(*) FROM ({part}) c) >= {cap} THEN {cap}")
        parts.append(f"SELECT * FROM ({part}) {column}")
        args += a
        union_args += a
    return (f"SELECT CASE {' '.join(whens)} ELSE (SELECT COUNT(*) FROM ({' UNION '.join(parts)}) c) END",
            args + union_args)


def count_events(conn, f: Filters, indexes: frozenset = frozenset()) -> int:
    return conn.execute(*count_query(f, indexes)).fetchone()[0]


class RowCache:
    """Each event's list JSON by pk, until a row is added (``Database.version``, as the page cache).

    A filter nobody asked before still lists mostly rows other filters showed (the newest events of
    a type, a country, ...): building their JSON is half the SQL of a page, a dict lookup is not.
    """

    def __init__(self, db: Database, size: int = 50_000):
        self.db, self.size = db, size
        self._version: Optional[tuple] = None
        self._rows: OrderedDict[int, str] = OrderedDict()  # oldest first: O(1) eviction (a plain dict
        # emptied from the front makes next(iter()) skip every deleted slot: 5 % of the server's time)
        self._lock = threading.Lock()

    def items(self, conn, pks: list[int]) -> str:
        """The JSON array of these events, in this order."""
        version = self.db.version()
        with self._lock:
            if _newer(version, self._version):  # never back to an older version read by a slow thread
                self._version, self._rows = version, OrderedDict()
            rows = self._rows
        # a snapshot (dict.get is atomic): another thread's eviction cannot drop a row from it
        found = {pk: row for pk in pks if (row := rows.get(pk)) is not None}
        missing = [pk for pk in pks if pk not in found]
        if missing:
            where, args = conn.in_list("e.pk", missing)
            got = dict(conn.execute(f"SELECT e.pk, {event_json(conn)} FROM events e JOIN articles a ON a.pk = e.article_pk"
                                    f" WHERE {where}", args).fetchall())
            found.update(got)
            with self._lock:
                if self._version == version:
                    while len(rows) + len(got) > self.size and rows:
                        rows.popitem(last=False)
                    rows.update(got)
        return "[" + ",".join(found[pk] for pk in pks if pk in found) + "]"


def list_events(conn, f: Filters, limit: int, offset: int, sort: Sort,
                total: Optional[int] = None, indexes: frozenset = frozenset(),
                rows: Optional[RowCache] = None, counted: Optional[Callable[[int], None]] = None) -> str:
    """One page of events as a JSON document (a string, ready to send).

    ``total``: the (capped) count when already known, e.g. from a cache (paging through one filter
    counts once); otherwise it is counted in the same statement as the page's pks (one round trip
    to the database, not two) and handed to ``counted``.
    ``indexes``: the index names the database has (``Database.indexes``), for ``walk_index``.
    ``rows``: a cache of the rows' JSON.
    """
    pks, args = page_query(f, limit, offset, sort, indexes)
    if rows is not None:
        if total is None:
            count, count_args = count_query(f, indexes)
            page_pks, total = conn.execute(f"SELECT {conn.column_of(pks)}, ({count})", args + count_args).fetchone()
            page_pks = conn.load_column(page_pks)
            if counted:
                counted(total)
        else:
            page_pks = conn.column(pks, args)
        items = rows.items(conn, page_pks)
    else:
        # One row holding the whole page: on SQLite one sqlite3_step, so one GIL hand-over instead of
        # one per row (under load the event loop holds the GIL, and a worker waits for it at every
        # step). The pks subquery is ordered and limited, so it cannot be flattened, and the loop join
        # keeps it the outer loop: the array is in page order (PostgreSQL orders the aggregate itself).
        join = conn.loop_join
        items = conn.execute(
            f"SELECT {conn.json_array(event_json(conn), ORDERS[sort])} FROM ({pks}) p {join} events e"
            f" ON e.pk = p.pk {join} articles a ON a.pk = e.article_pk", args).fetchone()[0]
    if total is None:
        total = count_events(conn, f, indexes)
        if counted:
            counted(total)
    cap = count_cap(f)
    head = json.dumps({"total": min(total, cap), "total_capped": total > cap, "limit": limit,
                       "offset": offset, "sort": sort.value})
    return head[:-1] + ',"items":' + items + "}"


MODALITY_WORDS = {"occurred": "reported as having happened", "planned": "announced or intended, not yet happened",
                  "possible": "reported as uncertain or conditional", "negated": "reported as not having happened"}


def describe_modality(modality: Optional[str], said_by: Optional[str]) -> str:
    """'planned, said by Trump': the modality in words, with who said so when known."""
    text = (modality or "unknown")
    return f"{text}, said by {said_by}" if said_by else f"{text}, reported"


def event_detail(db: Database, event_id: int) -> Optional[dict]:
    conn = db.conn()
    row = conn.execute(f"SELECT {EVENT_COLUMNS}, e.article_pk, e.sentence_start, e.sentence_end, e.data"
                       " FROM events e JOIN articles a ON a.pk = e.article_pk WHERE e.pk = ?", (event_id,)).fetchone()
    if row is None:
        return None
    event = dict(row)
    data = json.loads(event.pop("data"))
    article = conn.execute("SELECT a.pk, a.id, a.url, a.title, a.published, a.source, a.text, n.actors, n.places,"
                           " n.times FROM articles a LEFT JOIN annotations n ON n.article_pk = a.pk WHERE a.pk = ?",
                           (event.pop("article_pk"),)).fetchone()
    event["modality_text"] = describe_modality(event["modality"], event["said_by_name"])
    event["modality_words"] = MODALITY_WORDS.get(event["modality"], event["modality"])
    event["data"] = data
    event["evidence"] = evidence(article, data)
    event["sources"] = sources_for(db, event_id, article)
    return event


def evidence(article: sqlite3.Row, data: dict) -> dict:
    """The article text around the event with every span to highlight (offsets into ``text``).

    ``segments`` cuts ``text`` at every span boundary so a client can render it with plain text nodes
    (never HTML): each segment lists the span kinds covering it.
    """
    full = article["text"]
    sent = data.get("sentence") or {"start": 0, "end": 0}
    if len(full) <= 4 * EVIDENCE_WINDOW:
        lo, hi = 0, len(full)
    else:
        lo, hi = max(0, sent["start"] - EVIDENCE_WINDOW), min(len(full), sent["end"] + EVIDENCE_WINDOW)
    spans = event_spans(data, article, sent)
    spans = [dict(s, start=s["start"] - lo, end=s["end"] - lo) for s in spans if s["start"] >= lo and s["end"] <= hi]
    text = full[lo:hi]
    return {"text": text, "offset": lo, "article_length": len(full),
            "sentence": {"start": sent["start"] - lo, "end": sent["end"] - lo,
                         "text": full[sent["start"]:sent["end"]]},
            "spans": spans,
            "segments": segments(text, spans + [{"kind": "sentence", "start": sent["start"] - lo,
                                                 "end": sent["end"] - lo}])}


EVENT_SPAN_KINDS = (("trigger", "trigger"), ("actor", "actor"), ("recipient", "recipient"),
                    ("location", "place"), ("said_by", "source"))


def event_spans(data: dict, article: sqlite3.Row, sent: dict) -> list[dict]:
    """Spans of the event's own roles, then the other annotated mentions inside its sentence."""
    spans = []
    for key, kind in EVENT_SPAN_KINDS:
        part = data.get(key)
        if isinstance(part, dict) and isinstance(part.get("start"), int) and isinstance(part.get("end"), int):
            spans.append({"kind": kind, "start": part["start"], "end": part["end"], "text": part.get("text"),
                          "label": part.get("name") or part.get("text")})
    own = {(s["start"], s["end"]) for s in spans}  # a role span wins over a plain mention of the same words
    for column, kind in (("times", "time"), ("actors", "mention"), ("places", "mention")):
        raw = article[column] if article is not None else None
        for m in json.loads(raw) if raw else []:
            s, e = m.get("start"), m.get("end")
            if isinstance(s, int) and isinstance(e, int) and sent["start"] <= s and e <= sent["end"] \
                    and (s, e) not in own:
                label = m.get("value") if kind == "time" else m.get("name")
                spans.append({"kind": kind, "start": s, "end": e, "text": m.get("text"), "label": label})
                own.add((s, e))
    return sorted(spans, key=lambda s: (s["start"], -s["end"]))


def segments(text: str, spans: list[dict]) -> list[dict]:
    """Split ``text`` at span boundaries; each piece carries the kinds of spans that cover it."""
    cuts = sorted({0, len(text)} | {max(0, min(len(text), p)) for s in spans for p in (s["start"], s["end"])})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        kinds = [s["kind"] for s in spans if s["start"] <= a and b <= s["end"]]
        out.append({"start": a, "text": text[a:b], "kinds": sorted(set(kinds))})
    return out


def sources_for(db: Database, event_id: int, article: sqlite3.Row) -> list[dict]:
    """Articles reporting this event: its own first, then those whose mentions wirewatch.stories
    merged with it (table ``event_mentions``; absent in databases built without stories)."""
    own = {"article_id": article["id"], "title": article["title"], "url": article["url"],
           "published": article["published"], "source": article["source"], "event_id": event_id}
    try:
        rows = db.conn().execute(
            "SELECT a.id AS article_id, a.title, a.url, a.published, a.source, em.event_pk AS event_id"
            " FROM event_mentions me JOIN event_mentions em ON em.merged_pk = me.merged_pk"
            " JOIN articles a ON a.pk = em.article_pk WHERE me.event_pk = ? AND em.event_pk != ?"
            " ORDER BY a.published NULLS FIRST, a.pk", (event_id, event_id)).fetchall()
    except schema_errors():  # no stories tables in this database
        rows = []
    return [own] + [dict(r) for r in rows if r["article_id"] != own["article_id"]]


def _stories_module():
    try:
        from . import stories
    except ImportError:
        return None
    return stories


# -- aggregates ------------------------------------------------------------------------------------
def map_points(conn, f: Filters, limit: int) -> dict:
    """Events grouped by coordinates: count, distinct source articles, dominant type, per-type counts."""
    where, args = f.extra("e.lat IS NOT NULL AND e.lon IS NOT NULL")
    rows = conn.execute(
        f"SELECT e.lat, e.lon, COUNT(*) AS n, MAX(e.location_name), MAX(e.location_country),"
        f" MAX(e.location_precision), COUNT(DISTINCT e.article_pk) FROM events e{where}"
        f" GROUP BY e.lat, e.lon ORDER BY n DESC, e.lat, e.lon", args).fetchall()
    located = sum(r[2] for r in rows)
    points = {(lat, lon): {"lat": lat, "lon": lon, "name": name, "country": country, "precision": precision,
                           "count": n, "sources": sources, "types": {}}
              for lat, lon, n, name, country, precision, sources in rows[:limit]}
    for lat, lon, typ, n in conn.execute(f"SELECT e.lat, e.lon, e.type, COUNT(*) FROM events e{where}"
                                         " GROUP BY e.lat, e.lon, e.type", args):
        if (lat, lon) in points:
            points[(lat, lon)]["types"][typ] = n
    for p in points.values():
        p["type"] = max(p["types"].items(), key=lambda kv: (kv[1], kv[0]))[0] if p["types"] else None
    where_all, args_all = f.where()
    total = conn.execute(f"SELECT COUNT(*) FROM events e{where_all}", args_all).fetchone()[0]
    return {"points": list(points.values()), "truncated": len(rows) > limit, "located": located,
            "unlocated": total - located}


def timeline(conn, f: Filters) -> dict:
    """Counts per day and type, for events dated to the day (a period of one day: coarser dates, a
    weekend included, are counted apart).

    Grouped on (date_first, date_last, type), which streams through the api_ev3_date index.
    """
    where, args = f.extra("e.date_first = e.date_last")
    per_day: dict[tuple[str, str], int] = {}
    for d, _, t, n in conn.execute(f"SELECT e.date_first, e.date_last, e.type, COUNT(*) FROM events e{where}"
                                   " GROUP BY e.date_first, e.date_last, e.type", args):
        per_day[(d, t)] = per_day.get((d, t), 0) + n
    where_c, args_c = f.extra("(e.date_first IS NULL OR e.date_first <> e.date_last)")
    coarse = conn.execute(f"SELECT COUNT(*) FROM events e{where_c}", args_c).fetchone()[0]
    return {"rows": [{"day": d, "type": t, "count": n} for (d, t), n in sorted(per_day.items())],
            "not_day_precise": coarse}


def counts(conn, f: Filters, by: CountBy, limit: int) -> dict:
    key = COUNT_KEYS[by]
    where, args = f.extra(COUNT_WITHIN[by]) if by in COUNT_WITHIN else f.where()
    rows = conn.execute(f"SELECT {key} AS k, COUNT(*) AS n FROM events e{where} GROUP BY k"
                        f" ORDER BY {'' if by in (CountBy.day, CountBy.month) else 'n DESC, '}k NULLS FIRST LIMIT ?",
                        args + [limit]).fetchall()
    return {"by": by.value, "counts": [{"key": k, "count": n} for k, n in rows]}


def network(conn, f: Filters, limit: int) -> dict:
    """Who acted on whom: edges (actor -> recipient, quad) with counts, the ``limit`` heaviest."""
    where, args = f.extra("e.actor_name IS NOT NULL AND e.recipient_name IS NOT NULL")
    rows = conn.execute(
        f"SELECT e.actor_name, e.recipient_name, e.quad, COUNT(*) AS n, MAX(e.actor_country),"
        f" MAX(e.recipient_country) FROM events e{where} GROUP BY 1, 2, 3"
        f" ORDER BY n DESC, 1, 2, 3 NULLS FIRST LIMIT ?",
        args + [limit]).fetchall()
    nodes: dict[str, dict] = {}
    edges = []
    for src, dst, quad, n, c_src, c_dst in rows:
        for name, country in ((src, c_src), (dst, c_dst)):
            node = nodes.setdefault(name, {"id": name, "country": country, "count": 0})
            node["count"] += n
        edges.append({"source": src, "target": dst, "quad": quad, "count": n})
    return {"nodes": list(nodes.values()), "edges": edges}


def actors(conn, f: Filters, limit: int, offset: int) -> dict:
    """Actors by canonical name (as actor or recipient), with their most frequent country and role."""
    w1, a1 = f.extra("e.actor_name IS NOT NULL")
    w2, a2 = f.extra("e.recipient_name IS NOT NULL")
    rows = conn.execute(
        "SELECT name, MAX(country) AS country, MAX(role) AS role, SUM(as_actor) + SUM(as_recipient) AS count,"
        " SUM(as_actor) AS as_actor, SUM(as_recipient) AS as_recipient FROM ("
        f" SELECT e.actor_name AS name, e.actor_country AS country, e.actor_role AS role, 1 AS as_actor,"
        f" 0 AS as_recipient FROM events e{w1}"
        f" UNION ALL SELECT e.recipient_name, e.recipient_country, e.recipient_role, 0, 1 FROM events e{w2}"
        " ) n GROUP BY name ORDER BY count DESC, name LIMIT ? OFFSET ?", a1 + a2 + [limit, offset])
    return {"limit": limit, "offset": offset, "items": _rows(rows)}


def places(conn, f: Filters, limit: int, offset: int) -> dict:
    where, args = f.extra("e.location_name IS NOT NULL")
    rows = conn.execute(
        "SELECT e.location_name AS name, e.geonameid, e.lat, e.lon, MAX(e.location_country) AS country,"
        " MAX(e.admin1) AS admin1, MAX(e.location_precision) AS precision, COUNT(*) AS count,"
        " COUNT(DISTINCT e.article_pk) AS sources"
        f" FROM events e{where} GROUP BY e.location_name, e.geonameid, e.lat, e.lon"
        " ORDER BY count DESC, name, e.geonameid NULLS FIRST, e.lat NULLS FIRST, e.lon NULLS FIRST"
        " LIMIT ? OFFSET ?", args + [limit, offset])
    return {"limit": limit, "offset": offset, "items": _rows(rows)}


def meta(conn) -> dict:
    """What the filter controls offer: types, countries, modalities with counts, and the date range.

    Each GROUP BY runs on its own covering index; countries are merged here from the three columns.
    """
    q = lambda sql: [{"key": k, "count": n} for k, n in conn.execute(sql) if k is not None]
    countries: dict[str, int] = {}
    for column in ("location_country", "actor_country", "recipient_country"):
        for k, n in conn.execute(f"SELECT {column}, COUNT(*) FROM events GROUP BY {column}"):
            if k is not None:
                countries[k] = countries.get(k, 0) + n
    day = "SELECT date_first FROM events WHERE date_first = date_last ORDER BY date_first {} LIMIT 1"
    first, last = (conn.execute(day.format(order)).fetchone() for order in ("ASC", "DESC"))
    return {
        "counts": {"articles": conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
                   "events": conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]},
        "types": q("SELECT type, COUNT(*) n FROM events GROUP BY type ORDER BY n DESC, type NULLS FIRST"),
        "modalities": q("SELECT modality, COUNT(*) n FROM events GROUP BY modality ORDER BY n DESC, modality NULLS FIRST"),
        "quads": q("SELECT quad, COUNT(*) n FROM events GROUP BY quad ORDER BY n DESC, quad NULLS FIRST"),
        "countries": [{"key": k, "count": n} for k, n in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))],
        "date_range": {"first": first and first[0], "last": last and last[0]},
        "stories": _stories_module() is not None,
    }


# -- ingest ----------------------------------------------------------------------------------------
class IngestRequest(BaseModel):
    """Exactly one of ``text`` (an article body), ``url`` (a page) or ``feed`` (an RSS/Atom URL)."""
    text: Optional[str] = Field(None, min_length=1, max_length=MAX_TEXT_CHARS)
    title: Optional[str] = Field(None, max_length=500)
    published: Optional[date] = None
    id: Optional[str] = Field(None, min_length=1, max_length=200, pattern=r"^[\w.:~-]+$")
    url: Optional[str] = Field(None, max_length=2000, pattern=r"^https?://")
    feed: Optional[str] = Field(None, max_length=2000, pattern=r"^https?://")

    @model_validator(mode="after")
    def one_source(self) -> "IngestRequest":
        given = [k for k in ("text", "url", "feed") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(f"give exactly one of text, url, feed (got {', '.join(given) or 'none'})")
        return self


class Ingestor:
    """Runs the NLP pipeline for POSTed sources; the model loads on first use.

    The extraction runs BEFORE the write lock is taken, on the request's own worker thread, so a
    long document does not hold up other writes: only the short store transactions (one per
    article) are serialised by ``Database.write_lock``."""

    def __init__(self, db: Database, allow_private: bool = False):
        self.db, self.allow_private = db, allow_private
        self._pipeline = None
        self._pipeline_lock = threading.Lock()

    def pipeline(self):
        with self._pipeline_lock:  # two first POSTs at once must not load the model twice
            if self._pipeline is None:
                from .pipeline import Pipeline
                self._pipeline = Pipeline()
        return self._pipeline

    def items(self, req: IngestRequest) -> list:
        from . import sources
        opts = sources.Options(published=req.published, allow_private=self.allow_private,
                               max_bytes=5_000_000, fetch_item_pages=True)
        if req.text is not None:
            source = "api:text"
            body = (f"Title: {' '.join(req.title.split())}\n\n" if req.title else "") + req.text
            make = lambda: [sources.read_text(body, source, opts, id=req.id or _text_id(req.text))]
            return list(sources.guarded(source, make))
        target = req.url or req.feed
        return list(sources.read_sources([target], published=req.published, allow_private=self.allow_private))

    def extract(self, items: list) -> dict:
        """``scale.precomputed_key(row)`` -> extraction (or failure reason) of every article not
        already stored, computed with no lock held and no transaction open (the read-only connection
        only looks up duplicates)."""
        from .records import Article
        from .scale import extract_rows, precomputed_key
        reader = self.db.reader()
        rows = [{"id": a.id, "text": a.text, "published": a.published} for a in items
                if isinstance(a, Article) and (reader.find_duplicate(a) is None or reader.undated_copy(a) is not None)]
        if not rows:
            return {}
        return {precomputed_key(row): outcome for row, outcome in zip(rows, extract_rows(self.pipeline(), rows))}

    def run(self, req: IngestRequest) -> dict:
        """Same path as ``wirewatch ingest`` (dedup, extraction, store, event merging / stories)."""
        from .ingest import ingest_items
        from .scale import PrecomputedExtractor, SerialExtractor
        items = self.items(req)
        outcomes = self.extract(items)
        with self.db.write_lock, Store(self.db.path) as store:
            # ingest_items submits only articles that are not stored, all extracted above; the
            # fallback (extraction under the lock) is for an article that was stored at our look-up
            # and no longer is, which does not happen as long as nothing deletes articles
            extractor = PrecomputedExtractor(outcomes, fallback=lambda: SerialExtractor(self.pipeline()))
            report = ingest_items(items, store, extractor=extractor)
        return {"added": report.added, "events": report.events,
                "duplicates": [{"id": n, "stored_as": o} for n, o in report.duplicates],
                "versions": [{"id": n, "version_of": o} for n, o in getattr(report, "versions", [])],
                "updates": [{"id": n, "update_of": o} for n, o in report.updates],
                "redated": [{"id": o, "published": p, "events_dated": k} for o, p, k in report.redated],
                "failures": [{"source": f.source, "reason": f.reason} for f in report.failures]}


def _text_id(text: str) -> str:
    from .records import content_hash
    return "api-" + content_hash(text)[:16]


def token_problem(authorization: Optional[str]) -> Optional[tuple[int, str]]:
    """(status, reason) why a write is refused, or None: bearer token from $WIREWATCH_TOKEN; with no
    token configured the API is read-only."""
    expected = os.environ.get(TOKEN_ENV, "")
    if not expected:
        return 403, f"writes are disabled: start the server with {TOKEN_ENV} set to enable them"
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        return 401, "missing bearer token (Authorization: Bearer <token>)"
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        return 401, "invalid token"
    return None


def require_token(authorization: Optional[str] = Header(None)) -> None:
    problem = token_problem(authorization)
    if problem is not None:
        raise HTTPException(problem[0], problem[1],
                            headers={"WWW-Authenticate": "Bearer"} if problem[0] == 401 else None)


class IngestGuard:
    """Pure ASGI middleware for ``POST /api/ingest``: the token is checked BEFORE any of the body is
    read, and the body is read here in chunks up to ``max_body`` bytes (413 past it, never reading
    further) and only then handed to FastAPI, which would otherwise read a body of any size first."""

    def __init__(self, app, max_body: int, body_timeout: Optional[float] = None):
        self.app, self.max_body, self.body_timeout = app, max_body, body_timeout

    async def __call__(self, scope, receive, send):
        if not (scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == "/api/ingest"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        problem = token_problem(headers.get("authorization"))
        if problem is not None:
            return await _send_json(send, problem[0], {"detail": problem[1]},
                                    [(b"www-authenticate", b"Bearer")] if problem[0] == 401 else [])
        declared = headers.get("content-length", "")
        if declared.strip().isdigit() and int(declared) > self.max_body:
            return await _send_json(send, 413, {"detail": f"body larger than {self.max_body} bytes"})
        chunks, size, more = [], 0, True
        # a body trickled in a byte at a time would hold the connection for ever (the head has its own
        # limit, wirewatch.httpserver): the whole body must arrive within body_timeout
        with anyio.move_on_after(self.body_timeout) as deadline:
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_body:
                    return await _send_json(send, 413, {"detail": f"body larger than {self.max_body} bytes"})
                chunks.append(chunk)
                more = message.get("more_body", False)
        if deadline.cancelled_caught:
            return await _send_json(send, 408, {"detail": f"request body not received within {self.body_timeout:g} s"},
                                    [(b"connection", b"close")])
        body = repaired_body(b"".join(chunks))
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect as the server would say it

        await self.app(scope, replay, send)


_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def repaired_body(body: bytes) -> bytes:
    """A JSON body whose strings carry escaped lone surrogates (``"\\ud800"``), read as ``ingest`` reads a
    JSON line (``sources.load_json``, then ``records.scrub_json``: each becomes U+FFFD, one character for
    one) and written back; pydantic would refuse the whole body (422 "unable to parse raw data as a
    unicode string"), where the CLI stores the text. Any other body passes unchanged: a body that is no
    JSON gets FastAPI's own 422."""
    if not _ESCAPED_SURROGATE.search(body):  # (a valid surrogate pair matches too: then nothing changes)
        return body
    from .records import scrub_json
    from .sources import Refused, load_json
    try:
        value = load_json(body)
    except Refused:
        return body
    return json.dumps(scrub_json(value), ensure_ascii=False).encode("utf-8")


async def _send_json(send, status: int, payload: dict, extra: list = ()) -> None:
    body = _dumps(payload).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-length", str(len(body)).encode()),
                            (b"content-type", b"application/json"), *extra]})
    await send({"type": "http.response.body", "body": body})


# -- application -----------------------------------------------------------------------------------
WORKER_THREADS = 6   # requests run on this many threads: SQLite releases the GIL, Python does not, and
                     # 40 threads (anyio's default) spend more CPU fighting for the GIL than working


@asynccontextmanager
async def _lifespan(app: FastAPI):
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield


DASHBOARD_MAP_LIMIT, DASHBOARD_NETWORK_LIMIT = 5000, 120   # what the dashboard asks for (static/app.js)


def warm_up(db: Database) -> None:
    """Fill the cache with the dashboard's unfiltered first-render aggregates, so the first visitor after
    a start does not wait for full-table GROUP BYs."""
    f = Filters()
    try:
        db.cached(("meta",), lambda: meta(db.conn()))
        db.cached(("map", f, DASHBOARD_MAP_LIMIT), lambda: map_points(db.conn(), f, DASHBOARD_MAP_LIMIT))
        db.cached(("timeline", f), lambda: timeline(db.conn(), f))
        db.cached(("network", f, DASHBOARD_NETWORK_LIMIT), lambda: network(db.conn(), f, DASHBOARD_NETWORK_LIMIT))
    except db_errors():
        pass  # an empty or busy database: requests will compute what they need


def create_app(db_path: str, *, prepare: bool = True, allow_private: bool = False, warm: bool = True,
               fast_path: bool = True, max_body: Optional[int] = None,
               allowed_hosts: Optional[Sequence[str]] = None, body_timeout: Optional[float] = None) -> FastAPI:
    """The API + dashboard for the database at ``db_path`` (created if missing when ``prepare``).

    ``fast_path=False`` leaves every request to FastAPI (tests compare the two); ``max_body`` caps a
    POST /api/ingest body (default $WIREWATCH_MAX_BODY, else MAX_BODY); ``allowed_hosts``: the Host
    header names answered (``allowed_host_list``; None = any, as for an app mounted elsewhere;
    ``wirewatch serve`` always passes a list); ``body_timeout``: seconds an ingest body may take to
    arrive (default $WIREWATCH_BODY_TIMEOUT, else BODY_TIMEOUT; 0 = no limit). The parts: read routes
    (``meta_routes``, ``event_routes``, ``article_routes``, ``aggregate_routes``, ``story_routes``),
    write routes (``write_routes``), the dashboard (``mount_dashboard``) and the ASGI guards around
    them all (``add_guards``)."""
    db = Database(db_path)
    if prepare:
        db.prepare()
    _stories_module()  # import now (it is slow to import), not during the first request
    if warm:
        threading.Thread(target=warm_up, args=(db,), name="wirewatch-warm-up", daemon=True).start()
    app = FastAPI(title="wirewatch", version=_version(), docs_url=None, redoc_url=None,  # their UIs need a CDN
                  lifespan=_lifespan, dependencies=[Depends(single_values)],
                  description="Evidence-linked geopolitical event data. Reads are open; writes need a bearer token.")
    app.state.db = db
    install_error_handlers(app)
    events_page = event_pages(db, page_cache=os.environ.get(PAGE_CACHE_ENV, "1") != "0")
    app.state.ingestor = Ingestor(db, allow_private=allow_private)
    for router in (meta_routes(db), event_routes(db, events_page), article_routes(db), aggregate_routes(db),
                   story_routes(db), write_routes(app.state.ingestor)):
        app.include_router(router)
    mount_dashboard(app)
    add_guards(app, events_page if fast_path else None,
               max_body=max_body or int(os.environ.get(MAX_BODY_ENV) or MAX_BODY), allowed_hosts=allowed_hosts,
               body_timeout=body_timeout if body_timeout is not None else
               float(os.environ.get(BODY_TIMEOUT_ENV) or BODY_TIMEOUT))
    return app


EventsPage = Callable[[Filters, tuple, Sort], bytes]


def event_pages(db: Database, page_cache: bool = True) -> EventsPage:
    """``events_page(filters, (limit, offset), sort)``: one ``GET /api/events`` answer as JSON (UTF-8),
    shared by the FastAPI route and ``EventsFastPath``; cached until a row is added unless
    ``page_cache`` is off (benchmarks)."""
    row_cache = RowCache(db)

    def events_page(f: Filters, pg: tuple[int, int], sort: Sort) -> bytes:
        f = with_lookback(f, db)
        try:
            return _events_page(f, pg, sort)
        except sqlite3.OperationalError as exc:  # an index named by walk_index (SQLite only) was dropped since
            if "no such index" not in str(exc):
                raise
            db.forget_indexes()
            return _events_page(f, pg, sort)

    def _events_page(f: Filters, pg: tuple[int, int], sort: Sort) -> bytes:
        conn, indexes = db.conn(), db.indexes()
        if not page_cache:
            return list_events(conn, f, pg[0], pg[1], sort, indexes=indexes).encode()
        count = ("count", f)  # a filter's total, kept apart from its pages: paging counts once
        # Dashboards re-ask the same pages; a page is cached until a row is added (Database.version),
        # as the bytes sent (encoding 90 KB of text on every hit was a tenth of the server's CPU).
        return db.cached(("page", f, pg, sort),
                         lambda: list_events(conn, f, pg[0], pg[1], sort, db.peek(count, PAGE_CACHE_SIZE), indexes,
                                             row_cache, lambda n: db.remember(count, n, PAGE_CACHE_SIZE)).encode(),
                         size=PAGE_CACHE_SIZE)

    return events_page


def meta_routes(db: Database) -> APIRouter:
    """``/api/health`` and ``/api/meta``."""
    r = APIRouter(tags=["meta"])

    @r.get("/api/health")
    def health() -> Response:
        conn = db.conn()
        try:  # rows still without date bounds (an upgrade's backfill under way): date filters miss them
            unfilled = db.reader().unfilled()
        except schema_errors():
            unfilled = None
        return _json({"ok": True, "events": conn.execute("SELECT COUNT(*) FROM events").fetchone()[0],
                      "articles": conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
                      "writes_enabled": bool(os.environ.get(TOKEN_ENV)), "unfilled": unfilled})

    @r.get("/api/meta", summary="Filter choices (types, countries, modalities) and date range")
    def get_meta() -> Response:
        return _json(db.cached(("meta",), lambda: meta(db.conn())))

    return r


def event_routes(db: Database, events_page: EventsPage) -> APIRouter:
    """``/api/events`` (the slow path of ``EventsFastPath``) and ``/api/events/{id}``."""
    r = APIRouter(tags=["events"])

    @r.get("/api/events", summary="Filtered, sorted, paginated events")
    def get_events(f: Filters = Depends(event_filters), pg: tuple = Depends(page),
                   sort: Sort = Query(Sort.date_desc)) -> Response:
        return Response(events_page(f, pg, sort), media_type="application/json")

    @r.get("/api/events/{event_id}", summary="One event with its evidence and sources")
    def get_event(event_id: int = PathParam(..., ge=1, le=2**62)) -> Response:
        event = event_detail(db, event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id}")
        return _json(event)

    return r


def article_routes(db: Database) -> APIRouter:
    """``/api/articles`` (newest first, title search) and ``/api/articles/{id}``."""
    r = APIRouter(tags=["articles"])

    @r.get("/api/articles")
    def get_articles(pg: tuple = Depends(page),
                     q: Optional[str] = Query(None, min_length=1, max_length=200, description="Title substring")) -> Response:
        where, args = ("", []) if not q else (" WHERE title LIKE ? ESCAPE '\\'", [like_pattern(q)])
        rows = _rows(db.conn().execute(
            "SELECT a.id, a.url, a.title, a.published, a.source, a.ingested_at,"
            " (SELECT COUNT(*) FROM events e WHERE e.article_pk = a.pk) AS events"
            f" FROM articles a{where} ORDER BY a.pk DESC LIMIT ? OFFSET ?", args + list(pg)))
        return _json({"limit": pg[0], "offset": pg[1], "items": rows})

    @r.get("/api/articles/{article_id}", summary="One article with its text and events")
    def get_article(article_id: str = PathParam(..., min_length=1, max_length=300)) -> Response:
        conn = db.conn()
        row = conn.execute("SELECT pk, id, url, title, published, source, ingested_at, text FROM articles"
                           " WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise HTTPException(404, f"no article {article_id!r}")
        art = dict(row)
        events = _rows(conn.execute(f"SELECT {EVENT_COLUMNS} FROM events e JOIN articles a ON a.pk = e.article_pk"
                                    " WHERE e.article_pk = ? ORDER BY e.idx", (art.pop("pk"),)))
        return _json(dict(art, events=events))

    return r


def aggregate_routes(db: Database) -> APIRouter:
    """The dashboard's views: actors, places, map, timeline, counts, network (cached per filter)."""
    r = APIRouter(tags=["aggregates"])

    @r.get("/api/actors", summary="Actors by canonical name with country, role, count")
    def get_actors(f: Filters = Depends(event_filters), pg: tuple = Depends(page)) -> Response:
        return _json(db.cached(("actors", f, pg), lambda: actors(db.conn(), f, *pg)))

    @r.get("/api/places", summary="Places with coordinates and counts")
    def get_places(f: Filters = Depends(event_filters), pg: tuple = Depends(page)) -> Response:
        return _json(db.cached(("places", f, pg), lambda: places(db.conn(), f, *pg)))

    @r.get("/api/map", summary="Map points: events grouped by location")
    def get_map(f: Filters = Depends(event_filters),
                limit: int = Query(DASHBOARD_MAP_LIMIT, ge=1, le=20000)) -> Response:
        return _json(db.cached(("map", f, limit), lambda: map_points(db.conn(), f, limit)))

    @r.get("/api/stats/timeline", summary="Event counts per day and type")
    def get_timeline(f: Filters = Depends(event_filters)) -> Response:
        return _json(db.cached(("timeline", f), lambda: timeline(db.conn(), f)))

    @r.get("/api/stats/counts", summary="Event counts by day, month, type, country, ...")
    def get_counts(f: Filters = Depends(event_filters), by: CountBy = Query(CountBy.type),
                   limit: int = Query(1000, ge=1, le=10000)) -> Response:
        return _json(db.cached(("counts", f, by, limit), lambda: counts(db.conn(), f, by, limit)))

    @r.get("/api/network", summary="Actor network: who acted on whom, by quad")
    def get_network(f: Filters = Depends(event_filters), limit: int = Query(150, ge=1, le=2000)) -> Response:
        return _json(db.cached(("network", f, limit), lambda: network(db.conn(), f, limit)))

    return r


def story_routes(db: Database) -> APIRouter:
    """Stories and merged events from ``wirewatch.stories`` (501 without it, 503 when not built)."""
    r = APIRouter(tags=["stories"])

    @r.get("/api/stories", summary="Stories (clusters of events), if wirewatch.stories is installed")
    def get_stories(pg: tuple = Depends(page)) -> Response:
        stories = _require_stories()
        try:
            items = stories.list_stories(db.reader(), limit=pg[0], offset=pg[1])
        except schema_errors() as exc:
            raise HTTPException(503, f"stories are not built for this database ({exc})")
        return _json({"limit": pg[0], "offset": pg[1], "items": items}, )

    @r.get("/api/stories/{story_id}", summary="One story with its articles and merged events")
    def get_story(story_id: int = PathParam(..., ge=1, le=2**62)) -> Response:
        stories = _require_stories()
        try:
            story = stories.story(db.reader(), story_id)
        except schema_errors() as exc:
            raise HTTPException(503, f"stories are not built for this database ({exc})")
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return _json(story)

    @r.get("/api/merged-events",
           summary="Canonical events (mentions merged across articles), filtered like /api/events")
    def get_merged_events(f: Filters = Depends(event_filters), pg: tuple = Depends(page)) -> Response:
        stories = _require_stories()
        if not hasattr(stories, "merged_events"):
            raise HTTPException(501, "this wirewatch.stories has no merged_events")
        try:
            items = stories.merged_events(db.reader(), type=f.type, actor=f.actor, country=f.country,
                                          since=f.since and f.since.isoformat(), until=f.until and f.until.isoformat(),
                                          modality=f.modality, limit=pg[0], offset=pg[1])
        except schema_errors() as exc:
            raise HTTPException(503, f"merged events are not built for this database ({exc})")
        return _json({"limit": pg[0], "offset": pg[1], "items": items})

    return r


def write_routes(ingestor: Ingestor) -> APIRouter:
    """``POST /api/ingest`` (bearer token; ``IngestGuard`` has checked it and capped the body already)."""
    r = APIRouter(tags=["write"])

    @r.post("/api/ingest", dependencies=[Depends(require_token)],
            summary="Ingest an article text, a page URL or a feed URL (bearer token required)")
    def post_ingest(req: IngestRequest) -> Response:
        result = ingestor.run(req)
        status = 200 if result["added"] or result["duplicates"] else 422
        return _json(result, status)

    return r


def mount_dashboard(app: FastAPI) -> None:
    """The offline dashboard: ``/`` and its assets under ``/static``."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


def add_guards(app: FastAPI, events_page: Optional[EventsPage], max_body: int,
               allowed_hosts: Optional[Sequence[str]] = None, body_timeout: Optional[float] = None) -> None:
    """The pure-ASGI layers, innermost first: the events fast path (when given), the ingest guard
    (token before body, body cap), the Host allow-list (when given: DNS rebinding), the security
    headers (outermost: every answer gets them)."""
    if events_page is not None:
        app.add_middleware(EventsFastPath, events_page=events_page)
    app.add_middleware(IngestGuard, max_body=max_body, body_timeout=body_timeout or None)
    if allowed_hosts is not None:
        # A page on evil.example whose name is re-pointed at 127.0.0.1 (DNS rebinding) can make the
        # browser call this API, but the request says "Host: evil.example": refused with a 400.
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts), www_redirect=False)
    app.add_middleware(SecurityHeaders)


def allowed_host_list(values: Iterable[str]) -> list[str]:
    """Host names from ``--allowed-host`` / $WIREWATCH_ALLOWED_HOSTS values (comma- or space-separated),
    as TrustedHostMiddleware compares them: lower case, no port, IPv6 in brackets; ``*`` = any host,
    ``*.example.org`` = its subdomains. ValueError for a pattern it cannot use."""
    hosts: list[str] = []
    for value in values:
        for name in re.split(r"[,\s]+", value.strip().lower()):
            if not name:
                continue
            if name.count(":") >= 2 and not name.startswith("["):   # a bare IPv6 address
                name = f"[{name}]"
            elif name.startswith("["):
                name = name[:name.index("]") + 1] if "]" in name else name
            elif ":" in name:                                         # name:port
                name = name.split(":")[0]
            if "*" in name[1:] or (name.startswith("*") and name != "*" and not name.startswith("*.")):
                raise ValueError(f"bad allowed host {name!r}: a wildcard must be '*' or '*.example.org'")
            if name not in hosts:
                hosts.append(name)
    return hosts


def default_allowed_hosts(bind_host: str) -> Optional[list[str]]:
    """The Host names answered when none are given: the loopback names when bound to a loopback
    address or ``localhost``, the bound address or name itself otherwise; None when bound to every
    interface (0.0.0.0, ::), where only the operator knows the names clients use."""
    host = bind_host.strip().strip("[]").lower()
    if host in ("", "0.0.0.0", "::"):
        return None
    if host == "localhost":
        return list(LOCAL_HOSTS)
    try:
        import ipaddress
        ip = ipaddress.ip_address(host)
    except ValueError:
        return [host]
    if ip.is_loopback:
        return list(LOCAL_HOSTS)
    return [f"[{ip}]" if ip.version == 6 else str(ip)]


_PLAIN_TYPE = re.compile(r"[A-Za-z_]{1,40}")
_PLAIN_COUNTRY = re.compile(r"[A-Za-z]{3}")
_PLAIN_INT = re.compile(r"0|[1-9][0-9]{0,5}")
_MODALITIES = {m.value for m in Modality}
_SORTS = {s.value: s for s in Sort}


def plain_events_query(query_string: bytes) -> Optional[tuple[Filters, tuple[int, int], Sort]]:
    """The ``GET /api/events`` parameters when every one is plainly valid, else None.

    Deliberately narrower than the FastAPI declarations of ``get_events`` (same bounds, stricter
    syntax: no repeated parameter, no empty value, dates only as YYYY-MM-DD): whatever it accepts,
    FastAPI accepts with the same values, and whatever it refuses is left to FastAPI to answer.
    """
    try:  # parsed as Starlette parses it
        pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    except ValueError:
        return None
    q: dict[str, str] = {}
    for key, value in pairs:
        if key in q or not value:
            return None
        q[key] = value
    type_, actor, country = q.get("type"), q.get("actor"), q.get("country")
    modality, since, until = q.get("modality"), q.get("since"), q.get("until")
    if (type_ is not None and (not _PLAIN_TYPE.fullmatch(type_) or type_.upper() not in PLOVER_TYPES)) or (actor is not None and len(actor) > 200) \
            or (country is not None and not _PLAIN_COUNTRY.fullmatch(country)) \
            or (modality is not None and modality not in _MODALITIES) or q.get("sort", "-date") not in _SORTS:
        return None
    try:
        dates = window_days(since, until)
    except HTTPException:
        return None
    limit, offset = q.get("limit", "100"), q.get("offset", "0")
    if not (_PLAIN_INT.fullmatch(limit) and _PLAIN_INT.fullmatch(offset)):
        return None
    limit_n, offset_n = int(limit), int(offset)
    if not (1 <= limit_n <= MAX_LIMIT and offset_n <= MAX_OFFSET):
        return None
    f = Filters(type=type_, actor=actor, country=country, since=dates[0], until=dates[1], modality=modality)
    return f, (limit_n, offset_n), _SORTS[q.get("sort", "-date")]


class EventsFastPath:
    """Answers plainly valid ``GET /api/events`` requests without FastAPI's routing and per-parameter
    dependency solving, which cost about as much CPU as the SQL of a page; under 50 concurrent clients
    on two cores that CPU is the queue. Everything else, errors included, goes on to FastAPI (see
    ``plain_events_query``), so both paths give the same answers."""

    def __init__(self, app, events_page: Callable[[Filters, tuple, Sort], bytes]):
        self.app, self.events_page = app, events_page

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == "/api/events":
            parsed = plain_events_query(scope.get("query_string", b""))
            if parsed is not None:
                try:
                    # even a cached page is looked up on a worker thread: answering hits here, on the
                    # event loop, starved the misses of the GIL (p95 x3 with 50 clients)
                    body, status = await anyio.to_thread.run_sync(self.events_page, *parsed), 200
                except operational_errors() as exc:  # as install_error_handlers answers it
                    body, status = _dumps({"detail": f"database unavailable: {exc}"}).encode(), 503
                await send({"type": "http.response.start", "status": status,
                            "headers": [(b"content-length", str(len(body)).encode()),
                                        (b"content-type", b"application/json")]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Pure ASGI middleware (Starlette's BaseHTTPMiddleware costs ~1 ms a request): defence in depth
    for the dashboard - no inline scripts, nothing loaded from anywhere else, no MIME sniffing."""

    HEADERS = [(b"content-security-policy",
                b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
                b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
               (b"x-content-type-options", b"nosniff")]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.HEADERS
            await send(message)
        await self.app(scope, receive, send_with_headers)


def _require_stories():
    stories = _stories_module()
    if stories is None or not hasattr(stories, "list_stories"):
        raise HTTPException(501, "stories are not available in this installation (wirewatch.stories missing)")
    return stories


def install_error_handlers(app: FastAPI) -> None:
    """Validation errors as 422 with short reasons; database trouble as 503, never a bare 500."""

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        reasons = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()]
        return JSONResponse({"detail": "invalid request", "reasons": reasons}, status_code=422)

    async def db_error(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": f"database unavailable: {exc}"}, status_code=503)

    for error in operational_errors():  # either engine: locked/unreadable file, server gone
        app.add_exception_handler(error, db_error)


def _version() -> str:
    from . import __version__
    return __version__


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (used by ``wirewatch serve``, one call per worker process)."""
    hosts = os.environ.get("WIREWATCH_SERVE_ALLOWED_HOSTS")
    return create_app(os.environ.get("WIREWATCH_SERVE_DB", "wirewatch.db"), prepare=False,
                      allow_private=bool(os.environ.get("WIREWATCH_SERVE_ALLOW_PRIVATE")),
                      allowed_hosts=allowed_host_list([hosts]) if hosts is not None else None)
