"""The backend seam: one connection interface over SQLite (a file, the default) and PostgreSQL (a URL).

Why a seam and not two stores: every stage (store, dedup, stories, watch, alerts, API) keeps ONE copy
of its SQL, written in the common subset of both engines (``?`` placeholders, ``INSERT ... ON CONFLICT``,
``CASE`` instead of scalar ``MAX(a, b)``). The few real differences live here and nowhere else:

* ``connect(target)`` opens SQLite for a path, PostgreSQL (psycopg 3) for ``postgresql://...``;
* ``conn.insert(sql, args)`` returns the new primary key (``lastrowid`` / ``RETURNING``);
* ``conn.transaction()`` is a write transaction that excludes every other writer for its duration,
  as SQLite's ``BEGIN IMMEDIATE`` does; on PostgreSQL a transaction-scoped advisory lock gives the
  same guarantee, so N concurrent ingest processes commit articles one at a time (extraction still
  runs in parallel: it happens before the transaction);
* ``conn.ddl(sql)`` turns the SQLite schema text into PostgreSQL types (identity keys, BIGINT,
  DOUBLE PRECISION, BYTEA; every TEXT column ``COLLATE "C"`` so comparisons and ordering of strings
  are by code point on both engines, whatever the database's locale);
* ``conn.json_text(expr, *path)``, ``conn.tables()``, ``conn.indexes()``, ``conn.index_definitions()``, ``conn.dialect``;
* ``conn.clear_when_stale(table, source, derived, unless)`` / ``conn.triggers()``: the one trigger (SQLite
  ``CREATE TRIGGER``; PostgreSQL a PL/pgSQL function) that keeps derived columns from going stale;
* for the API's read path: ``conn.json_object(pairs)`` / ``conn.json_array(expr, order)`` build JSON
  text in the database (SQLite ``json_object``/``json_group_array``, PostgreSQL
  ``row_to_json``/``json_agg``), ``conn.index_hints`` (whether ``INDEXED BY`` exists: SQLite's
  planner needs it for skewed values; PostgreSQL's keeps statistics per value and takes no hints),
  ``conn.loop_join`` (the join that keeps its left side the outer loop: SQLite ``CROSS JOIN``),
  ``conn.nulls_first(columns)`` (index columns in the shared NULL order: a NULL is the smallest value,
  SQLite's rule, written out as ``NULLS FIRST`` / ``DESC NULLS LAST`` in every ``ORDER BY``),
  ``conn.column(sql, args)`` / ``conn.column_of(sql)``, ``conn.in_list(expr, values)``, ``conn.with_row_key(create_index)`` (PostgreSQL's indexes do not carry
  the pk as SQLite's carry the rowid), ``conn.tune_for_reads()`` and ``conn.analyze()``.

Rows support both ``row[0]`` and ``row["name"]`` (and ``dict(row)``) on both engines.
"""
from __future__ import annotations

import functools
import json
import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

PG_SCHEMES = ("postgresql://", "postgres://")
WRITE_LOCK = 0x77697265  # advisory lock key of the single writer ("wire")


def is_postgres(target: object) -> bool:
    return str(target).startswith(PG_SCHEMES)


def display(target: object) -> str:
    """The target without a password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", str(target))


# ---------------------------------------------------------------- SQLite
class SQLiteConnection(sqlite3.Connection):
    """``sqlite3.Connection`` plus the seam's methods (no wrapper in the hot read path)."""
    dialect = "sqlite"
    index_hints = True
    loop_join = "CROSS JOIN"
    # Seconds a run of short write transactions (``store.backfill``) pauses between two, at most as
    # long as the one before took: a writer waiting for the lock sleeps in SQLite's busy handler and
    # retries every 100 ms once it has waited ~0.3 s, so back-to-back transactions starve it (measured:
    # a writer waited 3.2 s, as long as the whole backfill).
    writer_pause = 0.1

    def insert(self, sql: str, args: Sequence = (), key: str = "pk") -> int:
        return self.execute(sql, args).lastrowid

    @contextmanager
    def transaction(self) -> Iterator["SQLiteConnection"]:
        self.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.execute("ROLLBACK")
            raise
        else:
            self.execute("COMMIT")

    def ddl(self, sql: str) -> str:
        return sql

    def json_text(self, expr: str, *path: str) -> str:
        return f"json_extract({expr}, '$.{'.'.join(path)}')"

    def tables(self) -> set[str]:
        return {r[0] for r in self.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def indexes(self) -> set[str]:
        return {r[0] for r in self.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}

    def index_definitions(self) -> dict[str, str]:
        """Index name -> its ``CREATE INDEX`` text (NULL for automatic indexes)."""
        return {r[0]: r[1] or "" for r in self.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")}

    def tune_for_writes(self, cache_kib: int) -> None:
        self.execute(f"PRAGMA cache_size = -{cache_kib}")

    def clear_when_stale(self, table: str, source: str, derived: Sequence[str], unless: str = "") -> None:
        """A trigger: an UPDATE that changes ``source`` and leaves every ``derived`` column as it was (a
        writer that does not know them) sets them NULL, unless the SQL condition ``unless`` (on NEW /
        OLD) holds. (The inner UPDATE does not set ``source``, so it does not fire the trigger again.)
        Replaces the trigger of that name, so a migration can change its condition."""
        same = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in derived)
        keep = f" AND NOT COALESCE(({unless}), 0)" if unless else ""
        self.execute(f"DROP TRIGGER IF EXISTS {table}_{source}_stale")
        self.execute(f"CREATE TRIGGER {table}_{source}_stale AFTER UPDATE OF {source} ON {table}"
                     f" FOR EACH ROW WHEN NEW.{source} IS NOT OLD.{source} AND {same}{keep} BEGIN"
                     f" UPDATE {table} SET {', '.join(f'{c} = NULL' for c in derived)} WHERE rowid = NEW.rowid; END")

    def starts_with_digits(self, expr: str, n: int) -> str:
        """SQL: ``expr`` (text) begins with ``n`` ASCII digits."""
        return f"({expr} GLOB '{'[0-9]' * n}*')"

    def triggers(self) -> set[str]:
        return {r[0] for r in self.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}

    def reset_identity(self, table: str, column: str) -> None:
        pass  # SQLite's next rowid is always MAX(rowid) + 1

    # -- the API's read path
    def json_object(self, pairs: Sequence[tuple[str, str]]) -> str:
        return "json_object(" + ", ".join(f"'{k}', {expr}" for k, expr in pairs) + ")"

    def json_array(self, expr: str, order: str) -> str:
        """JSON array text of ``expr`` over the rows; SQLite aggregates in the order the join loop
        visits rows, so the caller makes that loop follow ``order`` (CROSS JOIN from an ordered subquery)."""
        return f"json_group_array({expr})"

    def in_list(self, expr: str, values: Sequence) -> tuple[str, list]:
        """``expr IN (...)`` for these values: (SQL, args)."""
        return f"{expr} IN ({','.join('?' * len(values))})", list(values)

    def column_of(self, sql: str, name: str = "pk") -> str:
        """An expression: the ``name`` column of ``sql``'s rows, in order, as one value (read it with
        ``load_column``), so it can share a statement with other values."""
        return f"(SELECT json_group_array({name}) FROM ({sql}) c)"

    def load_column(self, value: Any) -> list:
        return json.loads(value)

    def column(self, sql: str, args: Sequence = (), name: str = "pk") -> list:
        """The ``name`` column of every row, in order. Fetched as ONE row (a JSON array): one
        sqlite3_step, one GIL hand-over, instead of one per row (under load the event loop holds
        the GIL and a worker thread waits for it at every step)."""
        return self.load_column(self.execute(f"SELECT {self.column_of(sql, name)}", args).fetchone()[0])

    def with_row_key(self, create_index: str) -> str:
        return create_index  # every SQLite index ends with the rowid, which is the pk

    def nulls_first(self, columns: str) -> str:
        """Index columns (``"a, b"``) ordered as the shared ``ORDER BY a NULLS FIRST, b NULLS FIRST``
        reads them: SQLite's indexes already keep NULLs first (and last when walked backwards, which is
        ``DESC NULLS LAST``)."""
        return columns

    def tune_for_reads(self) -> None:
        self.execute("PRAGMA mmap_size = 1073741824")  # read pages straight from the OS cache
        self.execute("PRAGMA cache_size = -32768")     # 32 MiB per connection

    def analyze(self, force: bool = False) -> None:
        """Planner statistics: when asked, or when the database has none yet. Sampled (seconds, not
        minutes on a million events)."""
        if force or not self.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            self.execute("PRAGMA analysis_limit = 2000")
            self.execute("ANALYZE")


def connect_sqlite(path: str, *, read_only: bool = False) -> SQLiteConnection:
    if read_only:
        from urllib.parse import quote
        conn = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True, timeout=30, check_same_thread=False,
                               factory=SQLiteConnection)
    else:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, check_same_thread=False, factory=SQLiteConnection)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    if read_only:
        conn.execute("PRAGMA query_only = 1")
    elif path != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


# ---------------------------------------------------------------- PostgreSQL
class Row(tuple):
    """A result row readable by position and by column name, like ``sqlite3.Row``."""
    __slots__ = ()
    _index: dict = {}

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor):
    if cursor.description is None:
        return tuple
    return _row_class(tuple(c.name for c in cursor.description))


@functools.lru_cache(maxsize=1024)
def _row_class(names: tuple[str, ...]) -> type:
    """One ``Row`` class per column list, made once (not per query: the API runs the same few)."""
    return type("Row", (Row,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})


@functools.lru_cache(maxsize=4096)
def pg_sql(sql: str) -> str:
    """SQLite-flavoured SQL -> PostgreSQL: ``?`` -> ``%s`` (outside string literals), literal ``%``
    doubled, ``LIMIT -1`` -> ``LIMIT ALL``."""
    out, quote = [], False
    for ch in sql:
        if ch == "'":
            quote = not quote
            out.append(ch)
        elif ch == "?" and not quote:
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out).replace("LIMIT -1", "LIMIT ALL")


_DDL_RULES = [
    (re.compile(r"\b(pk|id)\s+INTEGER\s+PRIMARY\s+KEY\b", re.I), r"\1 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b", re.I), "BIGINT"),
    (re.compile(r"\bREAL\b", re.I), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b", re.I), "BYTEA"),
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
    (re.compile(r"\)\s*WITHOUT\s+ROWID\s*$", re.I), ")"),
]


def pg_ddl(sql: str) -> str:
    sql = re.sub(r"--[^\n]*", "", sql)
    for pattern, repl in _DDL_RULES:
        sql = pattern.sub(repl, sql)
    return sql


class PGConnection:
    """A psycopg 3 connection behind the same interface as ``SQLiteConnection``.

    Autocommit outside ``transaction()``: every read sees the latest committed data, as SQLite's does.
    """
    dialect = "postgresql"
    index_hints = False
    loop_join = "JOIN"
    writer_pause = 0.0  # a waiting writer queues on the advisory lock and gets it next

    def __init__(self, url: str, *, read_only: bool = False):
        import psycopg
        self.url = url
        self.raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory)
        _register_numeric(self.raw)
        if read_only:
            self.raw.execute("SET default_transaction_read_only = on")
        self._depth = 0

    def execute(self, sql: str, args: Sequence | None = ()):
        return self.raw.execute(pg_sql(sql), tuple(args or ()))

    def executemany(self, sql: str, rows: Iterable[Sequence]):
        rows = [tuple(r) for r in rows]
        cur = self.raw.cursor()
        if rows:
            cur.executemany(pg_sql(sql), rows)
        return cur

    def insert(self, sql: str, args: Sequence = (), key: str = "pk") -> int:
        return self.execute(f"{sql} RETURNING {key}", args).fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator["PGConnection"]:
        with self.raw.transaction():
            if self._depth == 0:
                self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1

    def commit(self) -> None:  # autocommit: nothing pending outside transaction()
        pass

    def close(self) -> None:
        self.raw.close()

    def ddl(self, sql: str) -> str:
        return pg_ddl(sql)

    def json_text(self, expr: str, *path: str) -> str:
        return f"(({expr})::jsonb #>> '{{{','.join(path)}}}')"

    def tables(self) -> set[str]:
        return {r[0] for r in self.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}

    def indexes(self) -> set[str]:
        return {r[0] for r in self.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}

    def index_definitions(self) -> dict[str, str]:
        """Index name -> its definition as PostgreSQL prints it (``pg_indexes.indexdef``)."""
        return {r[0]: r[1] for r in self.execute("SELECT indexname, indexdef FROM pg_indexes"
                                                 " WHERE schemaname = current_schema()")}

    def tune_for_writes(self, cache_kib: int) -> None:
        pass

    def clear_when_stale(self, table: str, source: str, derived: Sequence[str], unless: str = "") -> None:
        """As ``SQLiteConnection.clear_when_stale``: a ``BEFORE UPDATE`` row trigger (PL/pgSQL) that
        clears the derived columns in the row being written."""
        same = " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in derived)
        keep = f" AND NOT COALESCE(({unless}), false)" if unless else ""
        name = f"{table}_{source}_stale"
        self.execute(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN"
                     f" IF NEW.{source} IS DISTINCT FROM OLD.{source} AND {same}{keep} THEN "
                     + " ".join(f"NEW.{c} := NULL;" for c in derived) + " END IF; RETURN NEW; END $fn$")
        self.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        self.execute(f"CREATE TRIGGER {name} BEFORE UPDATE OF {source} ON {table} FOR EACH ROW"
                     f" EXECUTE FUNCTION {name}()")

    def triggers(self) -> set[str]:
        return {r[0] for r in self.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}

    def starts_with_digits(self, expr: str, n: int) -> str:
        return f"({expr} ~ '^[0-9]{{{n}}}')"

    def reset_identity(self, table: str, column: str) -> None:
        """Move the identity counter past copied keys (rows inserted with explicit keys)."""
        self.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                     f" COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)")

    # -- the API's read path (as text: psycopg would otherwise parse json values into Python objects)
    def json_object(self, pairs: Sequence[tuple[str, str]]) -> str:
        """``row_to_json`` of a one-row subquery, not ``json_build_object``: compact text as SQLite's
        ``json_object`` writes it (``json_build_object`` writes ``"k" : v``, 10 % more bytes to send
        a page) and 15 % less backend time (100 events: 1.31 vs 1.51 ms, median of 15)."""
        return ("(SELECT row_to_json(o) FROM (SELECT " + ", ".join(f"{expr} AS {k}" for k, expr in pairs)
                + ") o)::text")

    def json_array(self, expr: str, order: str) -> str:
        return f"COALESCE(json_agg(({expr})::json ORDER BY {order}), '[]')::text"

    def in_list(self, expr: str, values: Sequence) -> tuple[str, list]:
        """``expr = ANY(array)``: one statement text whatever the number of values, so psycopg
        prepares it once per connection (an IN list of 1-100 values was up to 100 texts, each planned
        afresh: 0.3-7 ms of planning for 100 pks under load)."""
        return f"{expr} = ANY(?)", [list(values)]

    def column_of(self, sql: str, name: str = "pk") -> str:
        """``ARRAY(subquery)`` keeps the subquery's order; ``sql`` selects the one column ``name``."""
        return f"ARRAY({sql})"

    def load_column(self, value: Any) -> list:
        return list(value)

    def column(self, sql: str, args: Sequence = (), name: str = "pk") -> list:
        return [r[0] for r in self.execute(sql, args)]

    def with_row_key(self, create_index: str) -> str:
        """``CREATE INDEX ...`` that also carries the pk (``INCLUDE``), as SQLite's indexes do: a list
        page is then an index-only scan (measured on 1M events: 90 ms -> 1.2 ms for a week's 11th page,
        which read 4 292 event rows from the table before)."""
        return f"{create_index} INCLUDE (pk)"

    def nulls_first(self, columns: str) -> str:
        """Index columns with NULLs first, so ``ORDER BY a NULLS FIRST`` walks the index forwards and
        ``ORDER BY a DESC NULLS LAST`` backwards (a default index keeps them last: every ordered page
        would be a sort of all matches)."""
        return ", ".join(f"{c.strip()} NULLS FIRST" for c in columns.split(","))

    def tune_for_reads(self) -> None:
        pass

    def analyze(self, force: bool = False) -> None:
        """Planner statistics and the visibility map index-only scans need (autovacuum keeps both
        fresh later): when asked, or when never gathered (e.g. right after ``db copy``)."""
        if force or self.execute("SELECT COALESCE(MAX(last_vacuum), MAX(last_autovacuum)) IS NULL"
                                 " FROM pg_stat_user_tables WHERE relname = 'events'").fetchone()[0]:
            self.execute("VACUUM (ANALYZE)")


def _register_numeric(raw) -> None:
    """SUM/AVG of integers are NUMERIC in PostgreSQL: load them as int (whole) or float, as SQLite
    returns them, so JSON output is the same on both engines."""
    from psycopg.adapt import Loader

    class NumericLoader(Loader):
        def load(self, data):
            text = bytes(data).decode()
            value = float(text)
            return int(text) if text.lstrip("-").isdigit() else value

    raw.adapters.register_loader("numeric", NumericLoader)


Connection = Any  # SQLiteConnection | PGConnection


def connect(target: str | Path, *, read_only: bool = False) -> Connection:
    """Open ``target``: a PostgreSQL URL or a SQLite path (``:memory:`` included)."""
    target = str(target)
    if is_postgres(target):
        return PGConnection(target, read_only=read_only)
    return connect_sqlite(target, read_only=read_only)


def is_db_error(exc: BaseException) -> bool:
    """Whether ``exc`` is an error of either engine (for handlers that answer 503/500 on it)."""
    if isinstance(exc, sqlite3.Error):
        return True
    try:
        import psycopg
    except ImportError:
        return False
    return isinstance(exc, psycopg.Error)


def db_errors() -> tuple[type, ...]:
    """Exception classes of both engines (``except db_errors()``)."""
    try:
        import psycopg
        return (sqlite3.Error, psycopg.Error)
    except ImportError:
        return (sqlite3.Error,)


def schema_errors() -> tuple[type, ...]:
    """Errors of a query on a table or column the database lacks (e.g. a store built before the
    stories tables existed, served read-only): the API answers them 503, not 500."""
    try:
        import psycopg
        return (sqlite3.OperationalError, psycopg.errors.UndefinedTable, psycopg.errors.UndefinedColumn)
    except ImportError:
        return (sqlite3.OperationalError,)


def operational_errors() -> tuple[type, ...]:
    """Errors of the database itself (read-only file, disk full, server gone): they stop a run."""
    try:
        import psycopg
        return (sqlite3.OperationalError, psycopg.OperationalError)
    except ImportError:
        return (sqlite3.OperationalError,)


def first_line(exc: BaseException) -> str:
    """First line of an error (PostgreSQL errors span several lines: query, hint)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
