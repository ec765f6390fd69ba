import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def pipeline():
    from wirewatch.pipeline import Pipeline
    return Pipeline()


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Keep the gazetteer index of the test run in one shared temp cache, not in the user's home."""
    cache = os.environ.get("WIREWATCH_TEST_CACHE") or str(tmp_path_factory.getbasetemp().parent / "ww-cache")
    os.environ["WIREWATCH_TEST_CACHE"] = cache
    monkeypatch.setenv("WIREWATCH_CACHE", cache)


def load_feedserver():
    """tests/fixtures/watch/feedserver.py, loaded once by file path (tests/ is not a package)."""
    import importlib.util
    import sys
    name = "wirewatch_test_feedserver"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, FIXTURES / "watch" / "feedserver.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def server():
    """A scriptable feed server on 127.0.0.1 (tests/fixtures/watch/feedserver.py)."""
    with load_feedserver().FeedServer() as srv:
        yield srv


@pytest.fixture
def store(tmp_path):
    from wirewatch.store import Store
    with Store(tmp_path / "test.db") as st:
        yield st
