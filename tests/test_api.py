"""HTTP API: filters, pagination, evidence, aggregates, validation (never a 500) and write auth.

The database is built from tests/fixtures/api/articles.json with hand-coded events, so these tests do
not depend on the extraction quality; only the ingest test runs the real pipeline. The whole module
runs once per backend: SQLite, and PostgreSQL when ``WIREWATCH_TEST_PG`` names a server (CI starts one).
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import os

import pytest
from conftest import NO_PG, PG_ENV, drop_pg_database, new_pg_database
from fastapi.testclient import TestClient

from wirewatch import api
from wirewatch.db import db_errors

FIXTURES = Path(__file__).parent / "fixtures" / "api"


def _fixture_module():
    spec = importlib.util.spec_from_file_location("api_fixture_db", FIXTURES / "fixture_db.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def new_db(request, tmp_path_factory):
    """``new_db(name)`` -> a new, empty database of the module's backend (a SQLite path or a
    PostgreSQL URL; the PostgreSQL ones are dropped when the module is done)."""
    if request.param == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(NO_PG)
    folder, created = tmp_path_factory.mktemp("api"), []

    def make(name: str) -> str:
        created.append(str(folder / f"{name}-{len(created)}.db") if request.param == "sqlite"
                       else new_pg_database(name))
        return created[-1]

    make.backend = request.param
    yield make
    for url in created if request.param == "postgresql" else ():
        drop_pg_database(url)


@pytest.fixture(scope="module")
def db_path(new_db) -> str:
    path = new_db("fx")
    _fixture_module().build(path)
    return path


def fixture_copy(new_db, name: str) -> str:
    """A new database holding the fixture articles (for tests that write)."""
    path = new_db(name)
    _fixture_module().build(path)
    return path


@pytest.fixture(scope="module")
def specs() -> list[dict]:
    import json
    return json.loads((FIXTURES / "articles.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def client(db_path) -> TestClient:
    return TestClient(api.create_app(str(db_path)))


def _events(client, **params) -> dict:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    return r.json()


# -- events ------------------------------------------------------------------------------------------
def test_events_lists_everything_newest_first(client, specs):
    body = _events(client)
    assert body["total"] == sum(len(s["events"]) for s in specs)
    dates = [e["date"] for e in body["items"]]
    assert dates == sorted(dates, reverse=True)
    assert {e["article_id"] for e in body["items"]} == {s["id"] for s in specs}


@pytest.mark.parametrize("params, expected", [
    ({"type": "ASSAULT"}, {"ASSAULT"}),
    ({"type": "assault"}, {"ASSAULT"}),
    ({"modality": "planned"}, {"CONSULT"}),
    ({"country": "KEN"}, {"COERCE", "PROTEST"}),
    ({"country": "blr"}, {"SANCTION", "THREATEN"}),
    ({"actor": "Kenya police"}, {"COERCE"}),
    ({"since": "2025-03-06"}, {"SANCTION", "THREATEN", "CONSULT"}),
    ({"until": "2025-03-02"}, {"ASSAULT"}),
    ({"type": "ASSAULT", "country": "UKR", "since": "2025-03-03"}, {"ASSAULT"}),
])
def test_event_filters(client, params, expected):
    body = _events(client, **params)
    assert body["total"] > 0
    assert {e["type"] for e in body["items"]} == expected


def test_filters_match_the_cli_store_semantics(client, db_path):
    from wirewatch.store import Store
    with Store(db_path) as store:
        for kw in ({"country": "UKR"}, {"actor": "gov"}, {"since": "2025-03-04", "until": "2025-03-05"}):
            want = sorted(r["pk"] for r in store.events(**kw))
            got = sorted(e["id"] for e in _events(client, **kw)["items"])
            assert got == want, kw


@pytest.mark.parametrize("sort, order", [("date", "date"), ("-date", "-date")])
def test_country_pages_match_a_plain_sorted_query(client, db_path, sort, order):
    """The country filter is answered by three index walks; pages must equal the plain OR query's."""
    from wirewatch.store import Store
    with Store(db_path) as store:
        for country in ("UKR", "KEN", "BLR", "ARM"):
            want = [r["pk"] for r in store.events(country=country, order=order)]
            got = []
            for offset in range(0, len(want) + 1):
                got += [e["id"] for e in _events(client, country=country, sort=sort, limit=1, offset=offset)["items"]]
            assert got == want, country


def test_actor_filter_treats_like_wildcards_literally(client):
    assert _events(client, actor="%")["total"] == 0
    assert _events(client, actor="M_3")["total"] == 0  # unescaped, "_" would match the "2" of M23
    assert _events(client, actor="M23")["total"] == 1


def test_pagination_and_sorting(client):
    everything = _events(client, sort="id", limit=500)["items"]
    ids = [e["id"] for e in everything]
    assert ids == sorted(ids)
    page2 = _events(client, sort="id", limit=3, offset=3)
    assert [e["id"] for e in page2["items"]] == ids[3:6]
    assert page2["total"] == len(ids) and page2["limit"] == 3 and page2["offset"] == 3
    assert [e["id"] for e in _events(client, sort="-id", limit=2)["items"]] == ids[::-1][:2]


@pytest.mark.parametrize("query", [
    "limit=abc", "limit=0", "limit=100000", "limit=-1", "offset=-5", "offset=999999999", "offset=1e3",
    "since=yesterday", "until=2025-13-45", "since=2025-03-07&until=2025-03-01", "country=12", "country=UKRAINE",
    "modality=maybe", "type=ASSAULT;DROP", "type=" + "A" * 100, "sort=random", "sort=e.pk;--",
    "actor=" + "x" * 500, "since=%00", "type=%F0%9F%92%A5",
])
def test_garbage_query_gets_4xx_with_reason(client, query):
    r = client.get("/api/events?" + query)
    assert 400 <= r.status_code < 500, (query, r.status_code, r.text)
    body = r.json()
    assert body.get("reasons") or body.get("detail")


@pytest.mark.parametrize("path", ["/api/events", "/api/stats/counts", "/api/map"])
def test_unknown_or_repeated_type_is_a_422(client, path):
    """review5 finding 10: type=nonsense answered 200 with no rows (docs/api.md: a bad value answers 422),
    and a repeated type silently kept its last value."""
    r = client.get(path + "?type=nonsense")
    assert r.status_code == 422 and r.json()["detail"].startswith("unknown type 'nonsense': one of ACCUSE, AGREE")
    r = client.get(path + "?type=ASSAULT&type=PROTEST")
    assert r.status_code == 422 and r.json()["detail"].startswith("parameter type given more than once")
    assert client.get(path + "?type=assault").status_code == 200                 # any case of a PLOVER type


# -- the fast path for GET /api/events and the index walks ---------------------------------------------
@pytest.fixture(scope="module")
def fastapi_only(db_path) -> TestClient:
    return TestClient(api.create_app(str(db_path), prepare=False, warm=False, fast_path=False))


PLAIN_QUERIES = ["", "type=ASSAULT", "type=assault&limit=2&offset=1", "country=ukr", "country=KEN&modality=occurred",
                 "actor=police", "actor=gov&since=2025-03-04", "since=2025-03-04&until=2025-03-05", "sort=date",
                 "sort=type&limit=3", "sort=-confidence&offset=2", "type=ASSAULT&modality=occurred&country=UKR",
                 "type=PROTEST&other=1", "actor=%25", "actor=%F0%9F%92%A5", "limit=500&offset=100000", "sort=-id"]
LEFT_TO_FASTAPI = ["limit=abc", "limit=0", "limit=501", "limit=007", "offset=100001", "offset=1e3", "since=yesterday",
                   "until=2025-13-45", "until=2025-02-30", "since=2025-03-07&until=2025-03-01", "since=20250301",
                   "country=12", "country=UKRAINE", "modality=maybe", "modality=OCCURRED", "type=ASSAULT;DROP",
                   "type=" + "A" * 41, "type=", "sort=random", "actor=" + "x" * 201, "actor=", "type=A&type=B",
                   "since=%00", "type=%F0%9F%92%A5", "type=nonsense", "type=ASSAULT&type=PROTEST", "limit=5&limit=6"]


@pytest.mark.parametrize("query", PLAIN_QUERIES + LEFT_TO_FASTAPI)
def test_fast_path_answers_exactly_like_fastapi(client, fastapi_only, query):
    """``EventsFastPath`` serves what it can parse plainly and leaves the rest to FastAPI: either way the
    status, body and headers are FastAPI's."""
    assert (api.plain_events_query(query.encode()) is not None) == (query in PLAIN_QUERIES)
    fast, slow = client.get("/api/events?" + query), fastapi_only.get("/api/events?" + query)
    assert (fast.status_code, fast.json()) == (slow.status_code, slow.json()), query
    for header in ("content-type", "content-security-policy", "x-content-type-options"):
        assert fast.headers[header] == slow.headers[header]


def test_fast_path_values_are_fastapis():
    f, page, sort = api.plain_events_query(b"type=assault&country=ukr&actor=a%20b&since=2025-03-01&until=2025-03-02"
                                           b"&modality=planned&limit=7&offset=3&sort=date")
    assert f == api.Filters(type="assault", actor="a b", country="ukr", since=api.date(2025, 3, 1),
                            until=api.date(2025, 3, 2), modality="planned")
    assert page == (7, 3) and sort is api.Sort.date


def test_events_without_the_api_indexes(new_db):
    """A database served without the API's indexes (read-only file) names no index it lacks."""
    from wirewatch.store import Store
    path = fixture_copy(new_db, "plain")
    with Store(path) as store:
        for name in api.OBSOLETE_INDEXES + tuple(i.split()[5] for i in api.API_INDEXES):
            store.conn.execute(f"DROP INDEX IF EXISTS {name}")
        store.conn.commit()
    c = TestClient(api.create_app(str(path), prepare=False, warm=False))
    for query in ("type=ASSAULT&modality=occurred", "country=UKR&type=ASSAULT", "actor=police&sort=date"):
        r = c.get("/api/events?" + query)
        assert r.status_code == 200 and r.json()["items"], query
    assert api.walk_index(api.Filters(type="ASSAULT"), frozenset()) == ""


def test_list_indexes_carry_the_pk_on_postgresql(client, new_db, db_path):
    """PostgreSQL's indexes do not end with the pk as SQLite's end with the rowid: the list indexes
    include it, so a page's pks come from an index-only scan."""
    if new_db.backend != "postgresql":
        pytest.skip("SQLite indexes carry the rowid (= pk) already")
    from wirewatch.store import Store
    with Store(db_path) as store:
        defs = dict(store.conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'api_ev3_%'"))
    assert len(defs) == len(api.LIST_INDEXES)
    assert all(d.endswith("INCLUDE (pk)") for d in defs.values()), defs


def test_row_cache_pages_equal_uncached_pages(db_path):
    """Pages built from the row cache (small enough to evict on every page) equal pages built by SQL."""
    import json
    db = api.Database(str(db_path))
    rows = api.RowCache(db, size=3)
    for sort in api.Sort:
        for offset in range(0, 9, 2):
            for f in (api.Filters(), api.Filters(country="UKR"), api.Filters(actor="gov")):
                args = (db.conn(), f, 4, offset, sort, None, db.indexes())
                assert json.loads(api.list_events(*args, rows)) == json.loads(api.list_events(*args)), (sort, f)
    assert 0 < len(rows._rows) <= 3


def test_a_row_added_while_computing_does_not_file_old_data_under_the_new_version(new_db):
    """An ingest that commits while a cached value is computed: the old value must not be served
    afterwards as if it were current."""
    from wirewatch.store import Store
    path = fixture_copy(new_db, "race")
    db = api.Database(str(path))

    def count_then_ingest():
        n = db.conn().execute("SELECT COUNT(*) FROM events").fetchone()[0]
        with Store(path) as w, w.transaction() as c:  # another writer commits a row in the meantime
            cols = [d[0] for d in c.execute("SELECT * FROM events LIMIT 0").description if d[0] != "pk"]
            picked = ", ".join("999" if c == "idx" else c for c in cols)
            c.execute(f"INSERT INTO events ({', '.join(cols)}) SELECT {picked} FROM events LIMIT 1")
        return n

    stale = db.cached(("count",), count_then_ingest)
    fresh = db.cached(("count",), lambda: db.conn().execute("SELECT COUNT(*) FROM events").fetchone()[0])
    assert fresh == stale + 1


def test_an_uncached_page_reads_the_version_once(db_path, new_db):
    """The page's nested caches (its count, its rows) are filed under the page's version instead of
    asking again: each ask is a round trip on PostgreSQL."""
    if new_db.backend != "sqlite":
        pytest.skip("statements are traced on SQLite (set_trace_callback); the code path is the same")
    db, sql = api.Database(str(db_path)), []
    rows, f = api.RowCache(db), api.Filters(type="ASSAULT")
    conn = db.conn()
    conn.set_trace_callback(sql.append)
    total = conn.execute("SELECT COUNT(*) FROM events WHERE type = 'ASSAULT'").fetchone()[0]
    sql.clear()
    page = db.cached(("page", f), lambda: api.list_events(
        conn, f, 2, 0, api.Sort.date_desc, db.peek(("count", f)), rows=rows,
        counted=lambda n: db.remember(("count", f), n)))
    conn.set_trace_callback(None)
    assert sum("MAX(pk) FROM events" in s for s in sql) == 1
    assert len(rows._rows) == 2 and f'"total": {total}' in page and total > 2
    assert db._caches[256][(db.version(), "count", f)] == total  # filed under the page's version


def test_a_page_counts_in_the_statement_of_its_pks(client, db_path):
    """An uncached page asks the database for its pks and its total in one statement (one round trip
    on PostgreSQL); a later page of the same filter takes the total from the cache; totals are those
    of a plain count, country filters (three columns) included."""
    db = api.Database(str(db_path))
    page = api.event_pages(db)
    conn, traced = db.conn(), []
    for kw in ({"type": "ASSAULT"}, {"country": "UKR"}, {"country": "UKR", "type": "ASSAULT"}, {}):
        f = api.Filters(**kw)
        if conn.dialect == "sqlite":  # statements are traced on SQLite; the code path is the same
            conn.set_trace_callback(traced.append)
        first = json.loads(page(f, (1, 0), api.Sort.date_desc))
        if conn.dialect == "sqlite":
            conn.set_trace_callback(None)
            counts = [s for s in traced if "COUNT(*)" in s]
            assert len(counts) == 1 and "ORDER BY" in counts[0], traced  # the count rode with the pks
            traced.clear()
        where, args = f.where()
        assert first["total"] == conn.execute(f"SELECT COUNT(*) FROM events e{where}", args).fetchone()[0], kw
        assert db.peek(("count", f), api.PAGE_CACHE_SIZE) == first["total"], kw
        db.remember(("count", f), 7, api.PAGE_CACHE_SIZE)  # the next page's total comes from the cache
        assert json.loads(page(f, (1, 1), api.Sort.date_desc))["total"] == 7, kw
    assert db.version() == tuple(conn.execute(  # outside a computation: asked again, fresh
        "SELECT (SELECT MAX(pk) FROM events), (SELECT MAX(pk) FROM articles),"
        " (SELECT n FROM revision WHERE id = 1)").fetchone())


def test_concurrent_requests_share_a_version_read_only_if_it_began_after_they_asked(db_path):
    """A version read that began after a request asked sees every row committed before it asked: it
    serves that request too. One that began before does not (it may miss a row added meanwhile)."""
    import time
    db = api.Database(str(db_path))
    fresh = db.version()
    assert db._last_version[1] == fresh
    db._last_version = (time.monotonic_ns() + 10**12, ("a read that began after this call",))
    assert db.version() == ("a read that began after this call",)
    db._last_version = (time.monotonic_ns() - 1, ("a read that began before this call",))
    assert db.version() == fresh


def test_row_cache_never_goes_back_to_an_older_version():
    assert api._newer((5, 2), (4, 2)) and not api._newer((4, 2), (5, 2)) and not api._newer((4, 2), (4, 2))
    assert api._newer((1, 1), None) and api._newer((1, 1), (None, None)) and not api._newer(None, (1, 1))


def test_an_index_dropped_while_serving_is_not_named_again(new_db):
    from wirewatch.store import Store
    path = fixture_copy(new_db, "drop")
    c = TestClient(api.create_app(str(path), warm=False))
    assert c.get("/api/events?type=ASSAULT").status_code == 200
    with Store(path) as store:
        store.conn.execute("DROP INDEX api_ev3_type")
        store.conn.commit()
    r = c.get("/api/events?type=ASSAULT&limit=2")
    assert r.status_code == 200 and r.json()["items"], r.text


@pytest.mark.parametrize("cap", [1, 2, 3, 1000])
def test_capped_counts_match_a_plain_count(db_path, monkeypatch, cap):
    """``count_events`` counts each country column apart before the union: the capped total must be the
    plain OR query's, with an event that names one country twice counted once."""
    from wirewatch.store import Store
    monkeypatch.setattr(api, "COUNT_CAP", cap)
    monkeypatch.setattr(api, "ACTOR_COUNT_CAP", cap)
    db = api.Database(str(db_path))
    with Store(db_path) as store:
        for kw in ({"country": "UKR"}, {"country": "KEN"}, {"country": "BLR", "modality": "occurred"},
                   {"country": "ARM", "type": "CONSULT"}, {"actor": "gov"}, {"type": "ASSAULT"}, {}):
            want = len(store.events(**kw, limit=10_000))
            assert api.count_events(db.conn(), api.Filters(**kw), db.indexes()) == min(want, cap + 1), kw


@pytest.mark.parametrize("path", ["/api/events/0", "/api/events/-3", "/api/events/abc", "/api/events/99999999",
                                  "/api/events/1e9", "/api/articles/nope", "/api/map?limit=0",
                                  "/api/stats/counts?by=weekday", "/api/network?limit=99999", "/api/nope"])
def test_bad_paths_get_4xx(client, path):
    r = client.get(path)
    assert 400 <= r.status_code < 500, (path, r.status_code, r.text)


# -- one event and its evidence ---------------------------------------------------------------------
def _event_id(client, **params) -> int:
    items = _events(client, **params)["items"]
    assert items
    return items[0]["id"]


def test_event_evidence_spans_point_into_the_text(client):
    event = client.get(f"/api/events/{_event_id(client, modality='planned')}").json()
    ev = event["evidence"]
    assert event["modality_text"] == "planned, said by Armenia foreign ministry"
    kinds = {s["kind"]: ev["text"][s["start"]:s["end"]] for s in ev["spans"]}
    assert kinds["trigger"] == "meet"
    assert kinds["actor"] == "Armenia" and kinds["recipient"] == "Azerbaijan"
    assert kinds["place"] == "Abu Dhabi" and kinds["time"] == "Friday"
    assert kinds["source"] == "Armenia's foreign ministry"
    assert "".join(s["text"] for s in ev["segments"]) == ev["text"]
    marked = {s["text"] for s in ev["segments"] if "trigger" in s["kinds"]}
    assert marked == {"meet"}
    assert ev["sentence"]["text"].startswith("The foreign ministers")
    assert event["sources"][0]["article_id"] == "talks-planned"


def test_evidence_of_a_long_article_is_a_window(new_db):
    body = "Filler sentence about nothing in particular. " * 400
    text = body + "Troops shelled Kharkiv on Monday. " + body
    from wirewatch.records import Article, Event, Extraction, Span
    from wirewatch.store import Store
    start = text.index("shelled")
    path = new_db("long")
    with Store(path) as store:
        store.add_article(Article(id="long", text=text), Extraction(id="long", events=[
            Event(type="ASSAULT", trigger=Span("shelled", start, start + 7),
                  sentence={"start": start - 7, "end": start + 26})]))
    c = TestClient(api.create_app(str(path)))
    ev = c.get("/api/events/1").json()["evidence"]
    assert len(ev["text"]) < len(text) and ev["offset"] > 0
    trig = [s for s in ev["spans"] if s["kind"] == "trigger"][0]
    assert ev["text"][trig["start"]:trig["end"]] == "shelled"


# -- articles, aggregates ---------------------------------------------------------------------------
def test_articles_list_and_one(client, specs):
    items = client.get("/api/articles", params={"limit": 500}).json()["items"]
    assert {a["id"] for a in items} == {s["id"] for s in specs}
    one = client.get("/api/articles/nairobi-protest").json()
    assert one["text"].startswith("Police arrested") and [e["type"] for e in one["events"]] == ["COERCE", "PROTEST"]
    assert client.get("/api/articles/missing").status_code == 404


def test_actors_are_aggregated_by_canonical_name(client):
    items = client.get("/api/actors").json()["items"]
    by_name = {a["name"]: a for a in items}
    assert by_name["Kenya protesters"]["count"] == 2  # recipient once, actor once
    assert by_name["Kenya protesters"]["as_actor"] == 1 and by_name["Kenya protesters"]["as_recipient"] == 1
    assert by_name["Kenya police"]["country"] == "KEN" and by_name["Kenya police"]["role"] == "GOV"
    assert by_name["European Union"]["count"] == 2
    only_ken = {a["name"] for a in client.get("/api/actors", params={"country": "KEN"}).json()["items"]}
    assert only_ken == {"Kenya police", "Kenya protesters"}


def test_places_and_map_points(client):
    places = {p["name"]: p for p in client.get("/api/places").json()["items"]}
    assert places["Nairobi"]["count"] == 2 and places["Nairobi"]["lat"] == pytest.approx(-1.28333)
    m = client.get("/api/map").json()
    nairobi = [p for p in m["points"] if p["name"] == "Nairobi"][0]
    assert nairobi["count"] == 2 and nairobi["sources"] == 1 and nairobi["types"] == {"COERCE": 1, "PROTEST": 1}
    assert m["unlocated"] == 1  # the THREATEN event has no place
    assert client.get("/api/map", params={"type": "SANCTION"}).json()["located"] == 1


def test_timeline_counts_and_network(client):
    rows = client.get("/api/stats/timeline").json()["rows"]
    assert {"day": "2025-03-04", "type": "COERCE", "count": 1} in rows
    assert sum(r["count"] for r in rows) == 8
    by_type = {c["key"]: c["count"] for c in client.get("/api/stats/counts", params={"by": "type"}).json()["counts"]}
    assert by_type["ASSAULT"] == 3
    days = client.get("/api/stats/counts", params={"by": "day", "type": "ASSAULT"}).json()["counts"]
    assert [d["key"] for d in days] == sorted(d["key"] for d in days)
    net = client.get("/api/network").json()
    edge = [e for e in net["edges"] if e["source"] == "Kenya police"][0]
    assert edge == {"source": "Kenya police", "target": "Kenya protesters", "quad": "MATERIAL CONFLICT", "count": 1}
    assert {"Kenya police", "Kenya protesters"} <= {n["id"] for n in net["nodes"]}
    coop = client.get("/api/network", params={"type": "CONSULT"}).json()["edges"]
    assert [e["quad"] for e in coop] == ["VERBAL COOPERATION"]


def test_meta_and_openapi(client):
    meta = client.get("/api/meta").json()
    assert {t["key"] for t in meta["types"]} >= {"ASSAULT", "CONSULT"}
    assert meta["date_range"] == {"first": "2025-03-02", "last": "2025-03-07"}
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/ingest", "/api/map"} <= set(schema["paths"])


def test_aggregate_cache_sees_new_rows(new_db):
    path = fixture_copy(new_db, "copy")
    c = TestClient(api.create_app(str(path)))
    before = c.get("/api/stats/counts", params={"by": "type"}).json()
    from wirewatch.records import Article, Event, Extraction, Span
    from wirewatch.store import Store
    with Store(path) as store:
        store.add_article(Article(id="new", text="Troops shelled a town."), Extraction(id="new", events=[
            Event(type="ASSAULT", trigger=Span("shelled", 7, 14), sentence={"start": 0, "end": 22})]))
    after = c.get("/api/stats/counts", params={"by": "type"}).json()
    count = lambda body: {x["key"]: x["count"] for x in body["counts"]}["ASSAULT"]
    assert count(after) == count(before) + 1


def test_reads_use_a_read_only_connection(db_path):
    db = api.Database(str(db_path))
    with pytest.raises(db_errors()) as info:
        db.conn().execute("DELETE FROM events")
    assert "read-only" in str(info.value) or "readonly" in str(info.value)
    assert db.conn().execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0


def test_dashboard_and_vendored_assets_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "app.js" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from the network
    for asset in ("/static/app.js", "/static/vendor/leaflet/leaflet.js", "/static/vendor/world-atlas/countries-50m.json",
                  "/static/vendor/markercluster/leaflet.markercluster.js", "/static/vendor/d3/d3-force.min.js"):
        assert client.get(asset).status_code == 200, asset
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_serve_command_is_registered():
    from click.testing import CliRunner
    from wirewatch.cli import main
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output


# -- writes --------------------------------------------------------------------------------------------
def test_writes_are_refused_without_a_configured_token(client, monkeypatch):
    monkeypatch.delenv(api.TOKEN_ENV, raising=False)
    r = client.post("/api/ingest", json={"text": "Troops shelled the town of Kharkiv on Monday."},
                    headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403 and api.TOKEN_ENV in r.json()["detail"]


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic c2VjcmV0", "Bearer "])
def test_writes_need_the_right_token(client, monkeypatch, header):
    monkeypatch.setenv(api.TOKEN_ENV, "s3cret")
    headers = {"Authorization": header} if header is not None else {}
    r = client.post("/api/ingest", json={"text": "Troops shelled the town."}, headers=headers)
    assert r.status_code == 401 and r.json()["detail"]


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "a", "url": "http://example.com/"},
                                  {"url": "file:///etc/passwd"}, {"feed": "ftp://x"}, {"text": 5}, [1, 2],
                                  {"text": "ok", "published": "someday"}, {"text": "ok", "id": "../../etc"}])
def test_malformed_ingest_bodies_get_422(client, monkeypatch, body):
    monkeypatch.setenv(api.TOKEN_ENV, "s3cret")
    r = client.post("/api/ingest", json=body, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 422, r.text


def test_ingest_url_to_loopback_is_refused_by_the_ssrf_guard(new_db, monkeypatch):
    path = fixture_copy(new_db, "w")
    monkeypatch.setenv(api.TOKEN_ENV, "s3cret")
    c = TestClient(api.create_app(str(path)))
    r = c.post("/api/ingest", json={"url": "http://127.0.0.1:9/feed.xml"}, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 422
    failure = r.json()["failures"][0]
    assert "127.0.0.1" in failure["source"] and failure["reason"]


def test_ingest_text_stores_the_article_with_the_real_pipeline(new_db, monkeypatch):
    path = fixture_copy(new_db, "w")
    monkeypatch.setenv(api.TOKEN_ENV, "s3cret")
    c = TestClient(api.create_app(str(path)))
    text = "Russian drones struck the Ukrainian city of Kharkiv on Monday, killing two people, officials said."
    auth = {"Authorization": "Bearer s3cret"}
    r = c.post("/api/ingest", json={"text": text, "title": "Drones hit Kharkiv", "published": "2025-03-10",
                                     "id": "api-test-1"}, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["added"] == ["api-test-1"]
    article = c.get("/api/articles/api-test-1").json()
    assert article["title"] == "Drones hit Kharkiv" and article["published"] == "2025-03-10"
    assert len(article["events"]) == r.json()["events"]
    again = c.post("/api/ingest", json={"text": text}, headers=auth).json()
    assert again["added"] == [] and again["duplicates"][0]["stored_as"] == "api-test-1"


def test_ingest_repairs_a_lone_surrogate_as_the_cli_does(new_db, monkeypatch):
    """review3 item 14b: pydantic refused the whole body (422) where `ingest x.jsonl` stores the text with
    U+FFFD; both now read it through sources.load_json + records.scrub_json."""
    path = fixture_copy(new_db, "w")
    monkeypatch.setenv(api.TOKEN_ENV, "s3cret")
    c = TestClient(api.create_app(str(path)))
    body = b'{"text": "\\ud800 Rebels attacked an army post in Kidal on Monday, officials said.", "id": "sur-1"}'
    r = c.post("/api/ingest", content=body, headers={"Authorization": "Bearer s3cret",
                                                     "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json()["added"] == ["sur-1"]
    assert c.get("/api/articles/sur-1").json()["text"].startswith("\ufffd Rebels attacked")


@pytest.mark.parametrize("body,expected", [
    (b'{"text": "a\\ud800b", "t": ["\\uDFFF"]}', {"text": "a\ufffdb", "t": ["\ufffd"]}),
    (b'{"text": "\\ud83d\\ude00 ok"}', None),       # a valid pair: unchanged
    (b'{"text": "no escapes"}', None),
    (b'{"text": "\\ud800" broken', None),            # no JSON: FastAPI answers it
])
def test_repaired_body(body, expected):
    import json as jsonlib
    out = api.repaired_body(body)
    if expected is None:
        assert out == body or jsonlib.loads(out) == jsonlib.loads(body)
    else:
        assert jsonlib.loads(out) == expected


# -- stories (wirewatch.stories, when installed) -----------------------------------------------------
def test_stories_and_merged_events_when_built(new_db):
    stories = pytest.importorskip("wirewatch.stories")
    from wirewatch.store import Store
    path = fixture_copy(new_db, "stories")
    c = TestClient(api.create_app(str(path)))
    assert c.get("/api/stories").json()["items"] == []  # tables exist, nothing processed yet
    with Store(path) as store:
        stories.catch_up(store)
    items = c.get("/api/stories", params={"limit": 50}).json()["items"]
    assert items and all(s["article_ids"] for s in items)
    one = c.get(f"/api/stories/{items[0]['id']}")
    assert one.status_code == 200 and one.json()["id"] == items[0]["id"]
    assert c.get("/api/stories/999999").status_code == 404
    merged = c.get("/api/merged-events", params={"type": "ASSAULT"}).json()["items"]
    assert merged and {m["type"] for m in merged} == {"ASSAULT"}
    event = c.get(f"/api/events/{_event_id(c, modality='planned')}").json()
    assert event["sources"][0]["article_id"] == "talks-planned"


def test_cached_event_pages_follow_new_rows(new_db):
    """Pages are cached for repeated dashboard queries, but a new article is visible at once."""
    from wirewatch.records import Article, Event, Extraction, Span
    from wirewatch.store import Store

    def add(store, n):
        text = f"Troops shelled town {n} on Monday."
        store.add_article(Article(id=f"a{n}", text=text), Extraction(id=f"a{n}", events=[
            Event(type="ASSAULT", trigger=Span("shelled", 7, 14), sentence={"start": 0, "end": len(text)})]))

    path = new_db("cache")
    with Store(path) as store:
        add(store, 1)
    c = TestClient(api.create_app(str(path), warm=False))
    first = c.get("/api/events", params={"type": "ASSAULT"}).json()
    assert first["total"] == 1 and c.get("/api/events", params={"type": "ASSAULT"}).json() == first
    with Store(path) as store:
        add(store, 2)
    again = c.get("/api/events", params={"type": "ASSAULT"}).json()
    assert again["total"] == 2 and len(again["items"]) == 2


# -- POST /api/ingest: token before body, body cap (issue 10, item 8) -------------------------------
def _asgi_post(app, chunks, headers):
    """Drive the ASGI app with a body sent in ``chunks``; returns (status, body, chunks read)."""
    import asyncio

    read, out = [0], {}

    async def receive():
        if read[0] < len(chunks):
            read[0] += 1
            return {"type": "http.request", "body": chunks[read[0] - 1], "more_body": read[0] < len(chunks)}
        await asyncio.sleep(3600)  # the client never disconnects during the test

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
        elif message["type"] == "http.response.body":
            out["body"] = out.get("body", b"") + message.get("body", b"")

    scope = {"type": "http", "method": "POST", "path": "/api/ingest", "raw_path": b"/api/ingest",
             "query_string": b"", "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
             "http_version": "1.1", "scheme": "http", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1),
             "root_path": ""}
    asyncio.run(asyncio.wait_for(app(scope, receive, send), 60))
    return out["status"], out.get("body", b""), read[0]


def test_ingest_checks_token_before_reading_the_body(db_path, monkeypatch):
    monkeypatch.setenv("WIREWATCH_TOKEN", "s3cret")
    app = api.create_app(str(db_path), prepare=False, warm=False)
    chunks = [b"x" * 1_000_000] * 50  # 50 MB, no Content-Length
    status, body, read = _asgi_post(app, chunks, {"content-type": "application/json"})
    assert status == 401 and read == 0
    status, _, read = _asgi_post(app, chunks, {"authorization": "Bearer wrong"})
    assert status == 401 and read == 0


def test_ingest_body_over_the_cap_is_413_without_reading_past_it(db_path, monkeypatch):
    monkeypatch.setenv("WIREWATCH_TOKEN", "s3cret")
    app = api.create_app(str(db_path), prepare=False, warm=False, max_body=3_000_000)
    auth = {"authorization": "Bearer s3cret", "content-type": "application/json"}
    status, body, read = _asgi_post(app, [b"x" * 1_000_000] * 50, auth)
    assert status == 413 and read == 4 and b"3000000" in body
    # a declared length over the cap is refused before any byte is read
    status, _, read = _asgi_post(app, [b"{}"], {**auth, "content-length": "9000000"})
    assert status == 413 and read == 0


def test_ingest_under_the_cap_reaches_the_endpoint(db_path, monkeypatch):
    monkeypatch.setenv("WIREWATCH_TOKEN", "s3cret")
    app = api.create_app(str(db_path), prepare=False, warm=False, max_body=1000)
    body = b'{"text": 5}'  # invalid request: FastAPI answers 422, so the body did get through
    status, _, read = _asgi_post(app, [body[:4], body[4:]], {"authorization": "Bearer s3cret",
                                                               "content-type": "application/json"})
    assert status == 422 and read == 2
