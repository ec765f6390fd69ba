"""The dashboard in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

A uvicorn server runs in a thread on a free 127.0.0.1 port over the fixture database
(tests/fixtures/api). Every request the page makes outside that server is aborted and recorded, so
these tests also prove the dashboard needs no network (no CDN, no tile server).
"""
from __future__ import annotations

import importlib.util
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FIXTURES = Path(__file__).parent / "fixtures" / "api"
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fixture_module():
    spec = importlib.util.spec_from_file_location("api_fixture_db", FIXTURES / "fixture_db.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _serve(path: str):
    """Serve ``path`` with uvicorn in a thread: yields its base URL, stops it after."""
    import uvicorn
    from wirewatch import api
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(api.create_app(str(path)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    """The fixture database served from SQLite, then from PostgreSQL (when WIREWATCH_TEST_PG is set)."""
    from conftest import NO_PG, PG_ENV, drop_pg_database, new_pg_database
    if request.param == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(NO_PG)
    path = str(tmp_path_factory.mktemp("dash") / "fx.db") if request.param == "sqlite" else new_pg_database("dash")
    _fixture_module().build(path)
    yield from _serve(path)
    if request.param == "postgresql":
        drop_pg_database(path)


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = ctx.new_page()
    pg.outside = []      # requests that tried to leave the test server
    pg.errors = []       # uncaught page errors
    def route(r):
        if r.request.url.startswith(server + "/") or r.request.url.startswith("data:"):
            r.continue_()
        else:
            pg.outside.append(r.request.url)
            r.abort()
    pg.route("**/*", route)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(server + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=20_000)
    yield pg
    ctx.close()


def _page_total(pg) -> int:
    match = re.search(r"of ([\d,]+)", pg.inner_text("#page-info"))
    assert match, pg.inner_text("#page-info")
    return int(match.group(1).replace(",", ""))


def _wait_total(pg, want: int) -> None:
    pg.wait_for_function("want => (document.querySelector('#page-info').textContent.match(/of ([\\d,]+)/) || [])[1]"
                         " === String(want)", arg=want, timeout=10_000)


def test_map_shows_markers_and_views_render_offline(page):
    assert page.evaluate("document.body.dataset.error") == ""
    markers = page.locator("#map .ww-marker, #map .ww-cluster")
    assert markers.count() > 0
    assert page.locator("#map path.leaflet-interactive, #map canvas").count() > 0  # basemap drawn
    assert page.locator("#timeline path.series").count() > 0
    assert page.locator("#network line").count() > 0
    assert page.outside == [] and page.errors == []


def test_filters_update_the_list_and_the_views(page):
    total = _page_total(page)
    assert total == 8
    series_before = page.locator("#timeline path.series").count()
    page.select_option("#f-type", "ASSAULT")
    _wait_total(page, 3)
    types = page.locator("#events tbody tr td:nth-child(2)").all_inner_texts()
    assert types and set(types) == {"ASSAULT"}
    page.wait_for_function("n => document.querySelectorAll('#timeline path.series').length < n", arg=series_before)
    assert page.locator("#timeline path.series").get_attribute("data-type") == "ASSAULT"
    assert "type=ASSAULT" in page.url
    page.select_option("#f-country", "KEN")
    page.select_option("#f-type", "")
    _wait_total(page, 2)
    page.fill("#f-since", "2025-03-06")
    page.click("#f-reset")
    _wait_total(page, 8)



def _set(pg, selector: str, value: str) -> None:
    pg.fill(selector, value)
    pg.press(selector, "Tab")  # a text input reports its change when it loses focus


def test_date_inputs_take_periods_as_the_api_does(page):
    """The fixture's events are dated 2025-03-02 (week 9) and 2025-03-03 .. 2025-03-07 (week 10)."""
    assert _page_total(page) == 8
    _set(page, "#f-period", "2025-w09")  # lower case is written as the API takes it
    _wait_total(page, 1)
    assert page.input_value("#f-since") == page.input_value("#f-until") == "2025-W09"
    assert "since=2025-W09&until=2025-W09" in page.url
    _set(page, "#f-until", "2025-Q1")  # a quarter as the upper bound: period shows nothing, bounds differ
    _wait_total(page, 8)
    assert page.input_value("#f-period") == ""
    _set(page, "#f-since", "2025-W10")
    _wait_total(page, 7)
    _set(page, "#f-since", "last week")  # not a day or period: flagged, nothing sent, filters unchanged
    assert page.evaluate("document.querySelector('#f-since').matches(':invalid')")
    page.wait_for_timeout(300)
    assert _page_total(page) == 7 and "since=2025-W10" in page.url
    assert page.evaluate("document.body.dataset.error") == ""
    _set(page, "#f-period", "2025-W10")
    _wait_total(page, 7)
    assert page.input_value("#f-until") == "2025-W10"
    _set(page, "#f-period", "")          # clearing the period clears both bounds
    _wait_total(page, 8)
    assert "since" not in page.url and "until" not in page.url
    assert page.errors == []


def test_date_inputs_refuse_what_the_api_refuses(page):
    """Review2 item 7: the pattern is syntax only, so '2024-W53' (2024 has 52 ISO weeks), '2025-13',
    '2025-02-29', '0000' and '9999-W52' (ends past 9999-12-31) went to the API and came back 422 with
    nothing shown. Now they are flagged (:invalid, with the reason) and no request is made."""
    assert _page_total(page) == 8
    for bad in ("2024-W53", "2025-13", "2025-02-29", "0000", "9999-W52"):
        _set(page, "#f-since", bad)
        assert page.evaluate("document.querySelector('#f-since').matches(':invalid')"), bad
        assert "names no day or period" in page.evaluate("document.querySelector('#f-since').validationMessage")
        page.wait_for_timeout(200)
        assert _page_total(page) == 8 and "since" not in page.url, bad
        assert page.evaluate("document.body.dataset.error") == ""
    _set(page, "#f-since", "2020-W53")  # 2020 has 53 weeks: taken
    _wait_total(page, 8)
    assert "since=2020-W53" in page.url
    assert not page.evaluate("document.querySelector('#f-since').matches(':invalid')")
    _set(page, "#f-since", "")
    _wait_total(page, 8)
    assert page.errors == []


def test_a_period_in_the_url_is_shown_and_applied(page):
    base = page.url.split("#")[0]
    page.goto(base + "#since=2025-Q2&until=2025-Q2")
    page.reload()
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    assert page.input_value("#f-period") == "2025-Q2" and page.input_value("#f-since") == "2025-Q2"
    assert page.inner_text("#page-info") == "" or _page_total(page) == 0
    page.goto(base + "#since=2025-03&until=2025-W09")
    page.reload()
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    assert (page.input_value("#f-since"), page.input_value("#f-until"), page.input_value("#f-period")) == \
        ("2025-03", "2025-W09", "")
    _wait_total(page, 1)
    assert page.evaluate("document.body.dataset.error") == "" and page.errors == []

def _open_evidence(pg, row_text: str):
    pg.locator("#events tbody tr", has_text=row_text).first.click()
    pg.wait_for_selector("#evidence:not([hidden])")
    pg.wait_for_selector("#ev-text mark.k-trigger")


def test_evidence_highlights_spans_and_spells_out_modality(page):
    _open_evidence(page, "planned")
    marks = {k: page.locator(f"#ev-text mark.k-{k}").all_inner_texts()
             for k in ("trigger", "actor", "recipient", "place", "time", "source")}
    assert marks["trigger"] == ["meet"]
    assert marks["actor"] == ["Armenia"] and marks["recipient"] == ["Azerbaijan"]
    assert marks["place"] == ["Abu Dhabi"] and marks["time"] == ["Friday"]
    assert marks["source"] == ["Armenia's foreign ministry"]
    assert "planned, said by Armenia foreign ministry" in page.inner_text("#ev-modality")
    assert page.inner_text("#ev-text").startswith("The foreign ministers")


def test_hostile_article_is_shown_as_text_and_runs_nothing(page):
    page.locator("#network circle").first.hover(force=True)  # tooltips are SVG <title> text, not HTML
    page.locator("#map .ww-marker, #map .ww-cluster").first.hover(force=True)
    assert page.evaluate("window.__pwned") is None  # titles and names in list, map and network
    _open_evidence(page, "M23")
    page.wait_for_timeout(300)  # give any injected handler (img onerror, svg onload) time to fire
    assert page.evaluate("window.__pwned") is None
    text = page.inner_text("#ev-text")
    assert "<script>window.__pwned='script'</script>" in text
    assert "<img src=x onerror=" in text
    assert page.locator("#evidence script, #evidence img, #events img, #network img, #map img.leaflet-marker-icon").count() == 0
    assert "<img src=x" in page.inner_text("#ev-title")
    assert page.errors == []


# An invented article whose speaker's name carries astral characters (two UTF-16 units each in JavaScript)
EMOJI_TEXT = ("Zorah Qel-Varin \U0001F600\U0001F680 said Ninth Ridge fighters attacked a tanker near Port Selby on "
              "Monday, the coast guard said.")
EMOJI_EVENT = {"type": "ASSAULT", "modality": "occurred", "trigger": "attacked", "date": "2025-03-03",
               "quad": "MATERIAL CONFLICT",
               "actor": {"text": "Ninth Ridge fighters", "name": "Ninth Ridge", "country": "YEM", "role": "REB"},
               "said_by": {"text": "Zorah Qel-Varin \U0001F600\U0001F680", "name": "Zorah Qel-Varin"},
               "location": {"text": "Port Selby", "name": "Port Selby", "geonameid": 1, "lat": 14.8, "lon": 42.95,
                            "country": "YEM"},
               "time": {"text": "Monday", "value": "2025-03-03"}}


@pytest.fixture(scope="module")
def emoji_server(tmp_path_factory):
    from datetime import date
    from wirewatch.records import Article, Extraction
    from wirewatch.store import Store
    path = str(tmp_path_factory.mktemp("emoji") / "e.db")
    ev, times = _fixture_module()._event(EMOJI_TEXT, EMOJI_EVENT)
    with Store(path) as store:
        store.add_article(Article(id="emoji", text=EMOJI_TEXT, title="Tanker attacked near Port Selby",
                                  published=date(2025, 3, 3), source="invented"),
                          Extraction(id="emoji", events=[ev], actors=[ev.actor, ev.said_by], places=[ev.location],
                                     times=times))
    yield from _serve(path)


def test_evidence_tooltips_of_spans_with_astral_characters(browser, emoji_server):
    """review5 finding 9: the server's offsets count code points, app.js compared them with UTF-16 lengths,
    so the speaker's mark (two emoji) lost its tooltip."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(emoji_server + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=20_000)
    _open_evidence(pg, "ASSAULT")
    titles = {k: pg.locator(f"#ev-text mark.k-{k}").first.get_attribute("title")
              for k in ("source", "actor", "place", "trigger")}
    assert titles["source"] == "source: Zorah Qel-Varin", titles
    assert titles["actor"] == "actor: Ninth Ridge" and titles["place"] == "place: Port Selby", titles
    assert titles["trigger"].startswith("trigger: attacked"), titles
    assert errors == []
    ctx.close()
