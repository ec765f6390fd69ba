"""``wirewatch db copy SRC DST``: move a whole store between SQLite and PostgreSQL without loss.

Why row by row through the seam and not a dump: the two engines share the schema (``wirewatch.db``
translates it), so copying every table in creation order (parents before children), keeping primary
keys, reproduces the store exactly; identity counters are then moved past the copied keys so new
rows never collide. The copy is checked, not trusted: row counts of every table and an
order-independent checksum of every table's rows (events included) are computed on both sides.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from .store import Store, all_migrations

CHUNK = 2000
_CREATE = re.compile(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", re.I)


class CopyError(Exception):
    pass


@dataclass
class CopyReport:
    tables: dict = field(default_factory=dict)   # table -> (source rows, destination rows)
    checksums: dict = field(default_factory=dict)  # table -> (source sha256, destination sha256)

    @property
    def ok(self) -> bool:
        return all(a == b for a, b in self.tables.values()) and all(a == b for a, b in self.checksums.values())


def tables() -> list[str]:
    """Every table of the schema, in creation order (a parent before the tables referencing it)."""
    out = []
    for _, sql in all_migrations():
        if not isinstance(sql, str):  # a migration in Python changes tables, creates none
            continue
        out += [m.group(1) for m in _CREATE.finditer(sql) if m.group(1) not in out]
    return out


def _columns(conn, table: str) -> list[str]:
    cur = conn.execute(f"SELECT * FROM {table} LIMIT 0")
    return [d[0] for d in cur.description]


def checksum(conn, table: str) -> tuple[int, str]:
    """(rows, sha256 of the sorted row digests): independent of row order and of the engine."""
    cols = _columns(conn, table)
    digests = []
    cur = conn.execute(f"SELECT {', '.join(cols)} FROM {table}")
    while True:
        rows = cur.fetchmany(CHUNK)
        if not rows:
            break
        for row in rows:
            values = [v.hex() if isinstance(v, (bytes, bytearray, memoryview)) else v for v in
                      (bytes(x) if isinstance(x, memoryview) else x for x in row)]
            digests.append(hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).digest())
    digests.sort()
    return len(digests), hashlib.sha256(b"".join(digests)).hexdigest()


def copy(src: str, dst: str, *, progress=None) -> CopyReport:
    """Copy every table of ``src`` into the empty store ``dst``; returns the verification report."""
    with Store(src) as source, Store(dst) as dest:
        if dest.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]:
            raise CopyError(f"destination is not empty: {dest.counts()['articles']} articles")
        present = source.conn.tables()
        names = [t for t in tables() if t in present]
        with dest.transaction() as d:
            for table in names:
                cols = _columns(source.conn, table)
                insert = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
                cur = source.conn.execute(f"SELECT {', '.join(cols)} FROM {table}")
                while True:
                    rows = cur.fetchmany(CHUNK)
                    if not rows:
                        break
                    d.executemany(insert, [tuple(r) for r in rows])
                    if progress:
                        progress(table, len(rows))
                if "pk" in cols or "id" in cols:
                    d.reset_identity(table, "pk" if "pk" in cols else "id")
        report = CopyReport()
        for table in names:
            n_src, h_src = checksum(source.conn, table)
            n_dst, h_dst = checksum(dest.conn, table)
            report.tables[table] = (n_src, n_dst)
            report.checksums[table] = (h_src, h_dst)
        return report
