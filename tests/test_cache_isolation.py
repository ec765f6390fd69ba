"""The test run never touches the user's gazetteer cache, not even from module-scoped fixtures."""
import os
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def cache_seen_by_module_fixture():
    # a module-scoped fixture (like test_gazetteer's ``full``) runs before function-scoped ones
    return os.environ.get("WIREWATCH_CACHE")


def test_module_fixtures_already_see_the_test_cache(cache_seen_by_module_fixture):
    assert cache_seen_by_module_fixture == os.environ["WIREWATCH_TEST_CACHE"]
    assert Path(cache_seen_by_module_fixture) != Path.home() / ".cache" / "wirewatch"
