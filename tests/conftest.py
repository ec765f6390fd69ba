import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def pipeline():
    from wirewatch.pipeline import Pipeline
    return Pipeline()


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    """Keep the gazetteer index of the test run in one shared temp cache, not in the user's home.

    Session-scoped so it is set before any module- or session-scoped fixture opens the default gazetteer
    (a function-scoped one came too late for those, and a test run once rebuilt the user's own cache)."""
    cache = os.environ.get("WIREWATCH_TEST_CACHE") or str(tmp_path_factory.getbasetemp().parent / "ww-cache")
    os.environ["WIREWATCH_TEST_CACHE"] = cache
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIREWATCH_CACHE", cache)
        yield cache


def load_script(path, name):
    """A script or fixture module loaded once by file path (tests/ is not a package)."""
    import importlib.util
    import sys
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def load_feedserver():
    """tests/fixtures/watch/feedserver.py."""
    return load_script(FIXTURES / "watch" / "feedserver.py", "wirewatch_test_feedserver")


class FakeExtractor:
    """Stands in for Pipeline in the scorers' tests: the events chosen per record id (none otherwise)."""

    def __init__(self, by_id):
        self.by_id = by_id

    def extract_many(self, rows):
        for row in rows:
            yield {"id": row["id"], "events": self.by_id.get(row["id"], [])}


@pytest.fixture
def server():
    """A scriptable feed server on 127.0.0.1 (tests/fixtures/watch/feedserver.py)."""
    with load_feedserver().FeedServer() as srv:
        yield srv


@pytest.fixture
def store(tmp_path):
    """An empty SQLite store (tests meant for both backends take ``db_target`` / ``make_db``)."""
    from wirewatch.store import Store
    with Store(tmp_path / "test.db") as st:
        yield st


# ---------------------------------------------------------------- database backends
PG_ENV = "WIREWATCH_TEST_PG"
NO_PG = (f"no PostgreSQL server given: set {PG_ENV}=postgresql://user@host:port/db "
         "(bash .ci/run starts one and sets it)")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    """Runs the test once per store backend; the PostgreSQL run needs a real server (no mock)."""
    if request.param == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(NO_PG)
    return request.param


@pytest.fixture
def make_db(backend, tmp_path):
    """``make_db(name)`` -> a new, empty database of the test's backend: a SQLite file, or a fresh
    PostgreSQL database (dropped after the test), so every test has its own."""
    created = []

    def make(name: str = "test") -> str:
        if backend == "sqlite":
            return str(tmp_path / f"{name}.db")
        url = new_pg_database(name)
        created.append(url)
        return url

    yield make
    for url in created:
        drop_pg_database(url)


@pytest.fixture
def db_target(make_db) -> str:
    return make_db("test")


def new_pg_database(name: str) -> str:
    """Create an empty database on the server of ``WIREWATCH_TEST_PG``; returns its URL."""
    import uuid
    import psycopg
    base = os.environ[PG_ENV]
    db = f"ww_{name}_{uuid.uuid4().hex[:12]}".lower()
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')
    return base.rsplit("/", 1)[0] + "/" + db


def drop_pg_database(url: str) -> None:
    import psycopg
    db = url.rsplit("/", 1)[1]
    with psycopg.connect(os.environ[PG_ENV], autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
