"""Every list the CLI, the HTTP API, the dashboard and the exports show is in the same order on SQLite
and PostgreSQL: undated rows (NULL) where the docs say, and ties broken the same way.

The rule (docs/data-model.md, "Order"): a NULL sorts as the smallest value on both engines, as SQLite
does by itself. So in date order (``date``, the CLI's and the exports' default) undated events come
first, and in newest-first order (``-date``, the API's and the dashboard's default) they come last;
the same for a source article without a publication date. Counts and rankings break ties by their
key. PostgreSQL alone puts NULLs last in ascending order and first in descending order, and returns
equal counts in whatever order its plan produces.

Invented events only: each article is one invented sentence, its events built by hand.
"""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from conftest import PG_ENV, drop_pg_database, new_pg_database
from wirewatch import api, stories
from wirewatch.cli import main
from wirewatch.records import Actor, Article, Event, Extraction, Place, Span
from wirewatch.store import Store

# (actor, recipient, type, date, precision, place, published): two undated events, two dated the same
# day (a tie broken by pk), types, places and pairs counted the same number of times (ties in counts)
ROWS = [
    ("Alpha", "Bravo", "ASSAULT", "2024-10-15", "day", ("Xton", 10.0, 20.0, "AAA"), "2024-10-16"),
    ("Charlie", None, "PROTEST", None, None, ("Yville", 11.0, 21.0, "BBB"), None),
    ("Delta", "Echo", "CONSULT", "2024-10-15", "day", None, "2024-10-16"),
    ("Foxtrot", None, "AID", "2024-W42", "week", ("Xton", 10.0, 20.0, "AAA"), None),
    ("Golf", "Hotel", "ACCUSE", None, None, ("Zburg", 12.0, 22.0, "CCC"), "2024-10-17"),
    ("India", None, "SANCTION", "2024", "year", None, None),
    ("Juliet", "Kilo", "COERCE", "2024-10-14", "day", ("Yville", 11.0, 21.0, "BBB"), "2024-10-15"),
    ("Lima", "Mike", "THREATEN", "2024-10-14", "day", ("Zburg", 12.0, 22.0, "CCC"), None),
]
UNDATED = {"Charlie", "Golf"}


def _event(actor, recipient, etype, value, precision, place, i) -> Event:
    loc = Place(place[0], 0, 4, place[0], None, place[1], place[2], place[3], None, "populated place",
                "place") if place else None
    return Event(type=etype, trigger=Span("did", 0, 3), sentence={"start": 0, "end": 20}, date=value,
                 date_precision=precision, actor=Actor(actor, 0, 3, actor, "person", "AAA"),
                 recipient=recipient and Actor(recipient, 0, 3, recipient, "person", "BBB"), location=loc,
                 confidence=0.5)


def fill(target: str) -> None:
    from datetime import date
    with Store(target) as s:
        for i, (actor, recipient, etype, value, precision, place, published) in enumerate(ROWS):
            art = Article(id=f"a{i}", text=f"{actor} did something number {i}.", title=f"Title {i}",
                          published=date.fromisoformat(published) if published else None)
            s.add_article(art, Extraction(id=art.id, events=[_event(actor, recipient, etype, value, precision,
                                                                    place, i)]))
        stories.catch_up(s)


@pytest.fixture
def filled(db_target) -> str:
    fill(db_target)
    return db_target


def _names(rows) -> list[str]:
    return [r["actor_name"] for r in rows]


def test_undated_events_sort_first_in_date_order_and_last_newest_first(filled):
    """The same places on both engines (before: first on SQLite, last on PostgreSQL, and the reverse
    for ``-date``)."""
    with Store(filled) as s:
        ascending = _names(s.events(order="date"))
        descending = _names(s.events(order="-date"))
        merged = _names(stories.merged_events(s))
    assert set(ascending[:2]) == UNDATED and set(merged[:2]) == UNDATED
    assert set(descending[-2:]) == UNDATED
    client = TestClient(api.create_app(filled))
    for sort, where in (("date", slice(0, 2)), ("-date", slice(-2, None))):
        items = client.get("/api/events", params={"sort": sort, "limit": 100}).json()["items"]
        assert set(_names(items)[where]) == UNDATED, sort
        # a page boundary through the undated rows gives the same rows as the full list
        page = client.get("/api/events", params={"sort": sort, "limit": 3, "offset": 6}).json()["items"]
        assert _names(page) == _names(items)[6:9]
    merged_api = client.get("/api/merged-events", params={"limit": 100}).json()
    merged_api = merged_api["items"] if isinstance(merged_api, dict) else merged_api
    assert set(_names(merged_api)[:2]) == UNDATED


def _answers(target: str) -> dict:
    """Every ordered answer of the read surfaces, as text."""
    client = TestClient(api.create_app(target))
    out = {}
    for path, params in [("/api/events", {"sort": s, "limit": 100}) for s in ("date", "-date", "id", "-id", "type",
                                                                                "-confidence")] + [
            ("/api/merged-events", {"limit": 100}), ("/api/stats/timeline", {}), ("/api/map", {}),
            ("/api/network", {}), ("/api/actors", {}), ("/api/places", {}), ("/api/meta", {}),
            ("/api/stories", {}), ("/api/articles", {})] + [("/api/stats/counts", {"by": b, "limit": 3})
                                     for b in ("day", "month", "type", "country", "modality", "quad")] + [
            ("/api/map", {"limit": 1}), ("/api/network", {"limit": 2}), ("/api/actors", {"limit": 3})]:
        r = client.get(path, params=params)
        assert r.status_code == 200, (path, r.text)
        out[(path, tuple(sorted(params.items())))] = r.json()
    for story in out[("/api/stories", ())]["items"] if isinstance(out[("/api/stories", ())], dict) else \
            out[("/api/stories", ())]:
        out[("story", story["id"])] = client.get(f"/api/stories/{story['id']}").json()
    for item in out[("/api/events", (("limit", 100), ("sort", "id")))]["items"]:
        out[("event", item["id"])] = client.get(f"/api/events/{item['id']}").json()
    for args in (["events", "--mentions"], ["events", "--merged"]):
        r = CliRunner().invoke(main, [*args, "--db", target, "--format", "json"])
        assert r.exit_code == 0, r.output
        out[tuple(args)] = json.loads(r.output)
    for fmt in ("csv", "acled", "gdelt", "json"):
        for merged in ("--mentions", "--merged"):
            r = CliRunner().invoke(main, ["export", "--db", target, "--format", fmt, merged])
            assert r.exit_code == 0, r.output
            out[("export", fmt, merged)] = r.output
    return out


def _strip(value):
    """Answers minus what differs between two stores by construction (ingest times)."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("ingested_at", "version", "generated_at")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


@pytest.mark.skipif(not os.environ.get(PG_ENV), reason="needs a PostgreSQL server (WIREWATCH_TEST_PG)")
def test_every_list_is_in_the_same_order_on_both_engines(tmp_path):
    lite = str(tmp_path / "order.db")
    pg = new_pg_database("order")
    try:
        fill(lite)
        fill(pg)
        a, b = _answers(lite), _answers(pg)
    finally:
        drop_pg_database(pg)
    assert a.keys() == b.keys()
    differ = [key for key in a if _strip(a[key]) != _strip(b[key])]
    assert differ == []


def test_date_ordered_pages_walk_a_date_index_on_postgresql(filled):
    """``NULLS FIRST`` in the order would make PostgreSQL sort every match if its indexes kept NULLs
    last (their default): the date indexes are built with NULLs first (``conn.nulls_first``), and an
    API date index built before that (NULLs last) is rebuilt at start-up."""
    with Store(filled) as s:
        if s.dialect != "postgresql":
            pytest.skip("SQLite's indexes keep NULLs first already")
        s.conn.execute("DROP INDEX api_ev3_date") if "api_ev3_date" in s.conn.indexes() else None
        s.conn.execute("CREATE INDEX api_ev3_date ON events(date_first, date_last, type, modality, actor_name,"
                       " recipient_name) INCLUDE (pk)")  # as the API built it before
    api.Database(filled).prepare()
    from wirewatch.store import DATE_ORDER, DATE_ORDER_DESC
    with Store(filled) as s:
        assert "NULLS FIRST" in s.conn.index_definitions()["api_ev3_date"]
        s.conn.execute("SET enable_seqscan = off")
        plans = []
        for order in (DATE_ORDER, DATE_ORDER_DESC):
            for table, alias in (("events", "e"), ("merged_events", "m")):
                plans.append([r[0] for r in s.conn.execute(
                    f"EXPLAIN SELECT {alias}.pk FROM {table} {alias} ORDER BY {order.format(a=alias)} LIMIT 2")])
        for plan in plans:
            text = "\n".join(plan)
            assert "Index" in text and "Presorted Key: date_first, date_last" in text, text
