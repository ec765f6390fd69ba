"""wirewatch.watch against a scriptable feed server on 127.0.0.1 (allow_private=True to reach it).

A fake clock makes schedules and backoff instant; only the slow-response test waits (for a short timeout).
"""
from __future__ import annotations

import logging
import random
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from wirewatch import watch as w
from conftest import load_feedserver
from wirewatch.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "watch"



fs = load_feedserver()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(0.0, seconds)


def config(**kw) -> w.WatchConfig:
    base = dict(every=600.0, host_delay=1.0, backoff_base=60.0, backoff_max=3600.0, timeout=2.0,
                allow_private=True)
    base.update(kw)
    return w.WatchConfig(**base)


def watcher(store, feeds, clock, pipeline=None, **kw) -> w.Watcher:
    return w.Watcher(store, feeds, config(**kw), pipeline=pipeline or fs.StubPipeline(),
                     clock=clock.time, sleep=clock.sleep, rng=random.Random(7))


def stored_urls(store) -> list[str]:
    return sorted(r[0] for r in store.conn.execute("SELECT url FROM articles"))


# ---------------------------------------------------------------- small helpers

def test_parse_duration():
    assert w.parse_duration("15m") == 900
    assert w.parse_duration("30s") == 30
    assert w.parse_duration("2h") == 7200
    assert w.parse_duration("500ms") == 0.5
    assert w.parse_duration("45") == 45
    with pytest.raises(ValueError):
        w.parse_duration("soon")


def test_read_feeds_file(tmp_path):
    path = tmp_path / "feeds.txt"
    path.write_text("# my feeds\n\nhttps://a.example/rss  # world desk\nhttps://b.example/atom\n"
                    "https://a.example/rss\n", encoding="utf-8")
    assert w.read_feeds_file(path) == ["https://a.example/rss", "https://b.example/atom"]
    path.write_text("ftp://nope.example/feed\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line|:1"):
        w.read_feeds_file(path)


def test_backoff_grows_exponentially_with_bounded_jitter():
    cfg = w.WatchConfig(every=60, backoff_base=10, backoff_max=100, jitter=0.5)
    rng = random.Random(1)
    for failures, raw in [(1, 10), (2, 20), (3, 40), (4, 80), (5, 100), (9, 100), (5000, 100)]:
        delays = [w.backoff_delay(failures, cfg, rng) for _ in range(50)]
        assert all(raw * 0.5 <= d <= raw for d in delays)
        assert len(set(delays)) > 1  # jittered, not lockstep


# ---------------------------------------------------------------- polling

def test_conditional_get_dedup_across_feeds_and_politeness(server, store):
    items = [fs.make_item(server.url("/"), n) for n in range(4)]
    server.feeds["/a.xml"] = fs.Feed(items=items[:3])
    server.feeds["/b.xml"] = fs.Feed(items=[items[2], items[3]])  # item 2 is under both feeds
    clock = FakeClock()
    wt = watcher(store, [server.url("/a.xml"), server.url("/b.xml")], clock)
    totals = wt.run(max_cycles=3)

    assert stored_urls(store) == sorted(it.link for it in items)          # nothing lost
    assert store.counts()["articles"] == 4                                # nothing duplicated
    assert totals.new == 4 and totals.duplicates == 1
    a_requests = [h for p, h, s in server.requests if p == "/a.xml"]
    assert "If-None-Match" not in a_requests[0]
    assert a_requests[1]["If-None-Match"] and a_requests[1]["If-Modified-Since"]
    assert [s for p, h, s in server.requests if p == "/a.xml"][1:] == [304, 304]
    assert totals.not_modified == 4
    # both feeds are on 127.0.0.1: the second waited for the host delay in every cycle
    assert clock.slept.count(1.0) >= 3
    seen = store.conn.execute("SELECT feed_url, outcome FROM watch_seen ORDER BY feed_url, item_key").fetchall()
    assert [o for _, o in seen] == ["new", "new", "new", "duplicate", "new"]


def test_new_items_after_304_and_reserved_items(server, store):
    feed = fs.Feed(items=[fs.make_item(server.url("/"), 0)])
    server.feeds["/a.xml"] = feed
    clock = FakeClock()
    wt = watcher(store, [server.url("/a.xml")], clock)
    wt.run(max_cycles=2)                      # 200 then 304
    feed.add(fs.make_item(server.url("/"), 1))
    r = wt.run_cycle(respect_schedule=False)[0]
    assert r.status == "200" and r.new == 1 and r.seen == 1 and r.duplicates == 0
    assert store.counts()["articles"] == 2


def test_item_updated_under_the_same_guid_is_read_again_as_an_update(server, store):
    """review3 finding 1: watch_seen keyed on the guid alone never re-read an updated item."""
    item = fs.make_item(server.url("/"), 0)
    feed = fs.Feed(items=[item])
    server.feeds["/a.xml"] = feed
    clock = FakeClock()
    wt = watcher(store, [server.url("/a.xml")], clock)
    wt.run_cycle(respect_schedule=False)
    item.text = fs.article_text(0) + " " + fs.article_text(5)    # the same guid and link, new text
    feed.modified_at += 60
    r = wt.run_cycle(respect_schedule=False)[0]
    assert r.status == "200" and r.seen == 0 and r.versions == 1 and r.new == 0
    assert store.counts()["articles"] == 2                       # the old text is kept
    assert store.conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0] == 1
    assert store.conn.execute("SELECT outcome FROM watch_seen").fetchall()[0][0] == "update"
    feed.add(fs.make_item(server.url("/"), 1))                   # re-served unchanged: seen
    r = wt.run_cycle(respect_schedule=False)[0]
    assert r.status == "200" and r.seen == 1 and r.versions == 0 and r.new == 1
    assert store.counts()["articles"] == 3


class RawRefFeed(fs.Feed):
    """A feed whose titles may carry a raw numeric reference (``Feed.body`` escapes '&')."""

    def body(self) -> bytes:
        return super().body().replace(b"BADREF", b"&#xD800;")


def test_bad_character_reference_in_one_item_keeps_the_others(server, store):
    """review5 finding 1: '&#xD800;' in one title failed every poll of the feed (traceback, backoff)."""
    items = [fs.make_item(server.url("/"), n) for n in range(3)]
    items[1].title = "Shelling BADREF report"
    server.feeds["/a.xml"] = RawRefFeed(items=items)
    wt = watcher(store, [server.url("/a.xml")], FakeClock())
    r = wt.run_cycle(respect_schedule=False)[0]
    assert r.status == "200" and r.new == 3
    titles = {t for (t,) in store.conn.execute("SELECT title FROM articles")}
    assert titles == {"Shelling \ufffd report", "Shelling report 0", "Shelling report 2"}


def test_items_that_share_a_guid_are_each_seen_once(server, store):
    """review5 finding 8: three stories under one guid ("0") were one watch_seen row, so every later poll
    read all three again (seen=0, dup=3)."""
    items = [fs.make_item(server.url("/"), n) for n in range(3)]
    for it in items:
        it.guid = "0"
    twin = fs.make_item(server.url("/"), 3)
    twin.guid, twin.link = "0", items[0].link            # the same guid and link, another story
    server.feeds["/a.xml"] = feed = fs.Feed(items=items + [twin])
    clock = FakeClock()
    wt = watcher(store, [server.url("/a.xml")], clock)
    r = wt.run_cycle(respect_schedule=False)[0]
    assert r.status == "200" and r.new == 3 and r.versions == 1 and r.duplicates == 0   # the twin: an update of its URL
    feed.add(fs.make_item(server.url("/"), 4))             # a new response (no 304) with the same four items
    r = wt.run_cycle(respect_schedule=False)[0]
    assert r.status == "200" and r.seen == 4 and r.new == 1 and r.duplicates == 0
    assert store.conn.execute("SELECT COUNT(*) FROM watch_seen").fetchone()[0] == 5
    assert w.item_keys([{"id": "a"}, {"id": "b", "link": "x"}]) == ["a", "b"]   # unique keys stay as they were


def test_seen_rows_of_an_older_release_stay_seen(server, store):
    """A row without a stamp (before migration 201) is seen, and takes the stamp of the next poll."""
    item = fs.make_item(server.url("/"), 0)
    server.feeds["/a.xml"] = fs.Feed(items=[item])
    state = w.WatchState(store)
    key = server.url("/" + item.guid)  # the guid as feedparser resolves it against the feed's base
    state.mark_seen(server.url("/a.xml"), key, item.link, None, "new")
    wt = watcher(store, [server.url("/a.xml")], FakeClock())
    r = wt.run_cycle(respect_schedule=False)[0]
    assert r.seen == 1 and store.counts()["articles"] == 0
    assert store.conn.execute("SELECT stamp FROM watch_seen").fetchone()[0] is not None


def test_errors_back_off_then_recover(server, store, caplog):
    feed = fs.Feed(items=[fs.make_item(server.url("/"), n) for n in range(2)], behaviours=["500", "503", "500"])
    server.feeds["/a.xml"] = feed
    clock = FakeClock()
    wt = watcher(store, [server.url("/a.xml")], clock)
    with caplog.at_level(logging.INFO, logger="wirewatch.watch"):
        totals = wt.run(max_cycles=4)
    polls = [r for r in totals.results]
    assert [r.status for r in polls] == ["error", "error", "error", "200"]
    assert [r.failures for r in polls] == [1, 2, 3, 0]
    backoffs = [r.backoff for r in polls[:3]]
    assert 30 <= backoffs[0] <= 60 and 60 <= backoffs[1] <= 120 and 120 <= backoffs[2] <= 240
    lines = [rec.getMessage() for rec in caplog.records if "backoff=" in rec.getMessage()]
    assert len(lines) == 3 and "HTTP 500" in lines[0] and "failures=2" in lines[1]
    st = w.WatchState(store).feed(server.url("/a.xml"))
    assert st.consecutive_failures == 0 and st.last_status == "200" and st.etag
    assert store.counts()["articles"] == 2


def test_slow_and_malformed_feeds_fail_without_hurting_others(server, store, caplog):
    server.feeds["/slow.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), 0)], behaviours=["slow"],
                                        slow_seconds=2.0)
    server.feeds["/bad.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), 1)], behaviours=["malformed"])
    server.feeds["/ok.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), 2)])
    clock = FakeClock()
    wt = watcher(store, [server.url(p) for p in ("/slow.xml", "/bad.xml", "/ok.xml")], clock, timeout=0.3)
    with caplog.at_level(logging.WARNING, logger="wirewatch.watch"):
        first = wt.run_cycle()
    assert [r.status for r in first] == ["error", "error", "200"]
    assert "timed out" in first[0].error
    assert "malformed" in first[1].error
    assert sum("backoff=" in rec.getMessage() for rec in caplog.records) == 2
    wt.run(max_cycles=3)  # both recover after their backoff
    assert store.counts()["articles"] == 3
    assert all(s["consecutive_failures"] == 0 for s in w.WatchState(store).feeds())


def test_state_survives_restart(server, tmp_path):
    db = tmp_path / "restart.db"
    feed = fs.Feed(items=[fs.make_item(server.url("/"), n) for n in range(2)])
    server.feeds["/a.xml"] = feed
    server.feeds["/down.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), 9)], behaviours=["500", "500"])
    urls = [server.url("/a.xml"), server.url("/down.xml")]
    clock = FakeClock()
    with Store(db) as st1:
        watcher(st1, urls, clock).run(once=True)
        assert st1.counts()["articles"] == 2
    feed.add(fs.make_item(server.url("/"), 2))
    n_requests = len(server.requests)
    with Store(db) as st2:          # a new process: new Store, new Watcher, same file
        wt2 = watcher(st2, urls, clock)
        r = wt2.run(once=True).results
        # the failing feed is still backing off (persisted), so --once skips it
        assert [x.feed for x in r] == [urls[0]]
        a_req = [h for p, h, s in server.requests[n_requests:] if p == "/a.xml"][0]
        assert a_req.get("If-None-Match")                   # stored validator was sent
        assert r[0].new == 1 and r[0].seen == 2
        assert w.WatchState(st2).feed(urls[1]).consecutive_failures == 1
        wt2.run(max_cycles=2)                               # backoff expires: fails once more, then recovers
        down = w.WatchState(st2).feed(urls[1])
        assert down.consecutive_failures == 0 and down.last_status == "200"
        assert st2.counts()["articles"] == 4


def test_stop_mid_feed_loses_nothing(server, tmp_path):
    db = tmp_path / "stop.db"
    server.feeds["/a.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), n) for n in range(4)])
    url = server.url("/a.xml")
    clock = FakeClock()
    holder = {}
    stub = fs.StubPipeline(before_each=lambda n, row: holder["w"].stop() if n == 2 else None)
    with Store(db) as st:
        holder["w"] = wt = watcher(st, [url], clock, pipeline=stub)
        res = wt.run(max_cycles=5).results
        assert res[-1].status == "stopped" and wt.totals.cycles == 1
        assert st.counts()["articles"] == 2                # the article in hand was finished
        state = w.WatchState(st).feed(url)
        assert state.etag is None                          # validators not saved: the rest is re-read
    with Store(db) as st:
        r = watcher(st, [url], clock).run(once=True).results[0]
        assert r.status == "200" and r.new == 2 and r.seen == 2
        assert st.counts()["articles"] == 4


def test_store_error_is_retried_not_lost(server, store):
    server.feeds["/a.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), n) for n in range(2)])
    url = server.url("/a.xml")
    clock = FakeClock()
    wt = watcher(store, [url], clock)
    real_add = store.add_article
    calls = {"n": 0}

    def flaky(article, extraction):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("disk full")
        return real_add(article, extraction)

    store.add_article = flaky
    first = wt.run_cycle()[0]
    assert first.status == "error" and first.new == 1 and first.failed == 1
    assert w.WatchState(store).feed(url).etag is None
    wt.run(max_cycles=1)
    assert store.counts()["articles"] == 2


def test_refused_item_is_recorded_once(server, store):
    german = fs.Item(guid="de-1", link=server.url("/news/de"), title="Bericht",
                     text="Die Regierung hat am Montag in der Hauptstadt neue Regeln für den Verkehr und die "
                          "Schulen beschlossen, wie der Sprecher des Ministeriums am Abend mitteilte.")
    server.feeds["/a.xml"] = fs.Feed(items=[german, fs.make_item(server.url("/"), 0)])
    wt = watcher(store, [server.url("/a.xml")], FakeClock())
    r = wt.run_cycle()[0]
    assert r.status == "200" and r.new == 1 and r.failed == 1
    assert "not English" in store.failures()[0]["reason"]
    server.feeds["/a.xml"].add(fs.make_item(server.url("/"), 1))   # force a 200 re-read
    r2 = wt.run_cycle(respect_schedule=False)[0]
    assert r2.failed == 0 and r2.seen == 2 and r2.new == 1
    assert store.counts()["failures"] == 1


def test_cli_once_with_feeds_file(server, tmp_path, monkeypatch):
    server.feeds["/a.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), 0)])
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test\n{server.url('/a.xml')}\n", encoding="utf-8")
    log_file = tmp_path / "watch.log"
    monkeypatch.setattr(w.ArticleSink, "pipeline", property(lambda self: fs.StubPipeline()))
    from wirewatch.cli import main
    result = CliRunner().invoke(main, ["watch", str(feeds), "--db", str(tmp_path / "c.db"), "--once",
                                       "--allow-private", "--host-delay", "0s", "--log-file", str(log_file)])
    assert result.exit_code == 0, result.output
    assert "1 new article(s)" in result.output
    assert "status=200 new=1" in log_file.read_text(encoding="utf-8")
    logging.getLogger("wirewatch").handlers.clear()
    status = CliRunner().invoke(main, ["watch", "--status", "--db", str(tmp_path / "c.db")])
    assert status.exit_code == 0 and server.url("/a.xml") in status.output
    assert status.output.splitlines()[1].startswith("200 ") and "1 feed(s)" in status.output


def test_cli_refuses_private_feed_without_flag(server, tmp_path, monkeypatch):
    server.feeds["/a.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), 0)])
    from wirewatch.cli import main
    result = CliRunner().invoke(main, ["watch", "--feed", server.url("/a.xml"), "--db", str(tmp_path / "p.db"),
                                       "--once"])
    logging.getLogger("wirewatch").handlers.clear()
    assert result.exit_code == 0
    assert "1 failed poll(s)" in result.output
    assert not server.requests  # the SSRF guard refused before connecting


def test_sigterm_finishes_current_article(server, store):
    """The real signal handler: SIGTERM arrives while an article is analysed; it is stored, then stop."""
    import os
    import signal

    server.feeds["/a.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), n) for n in range(3)])
    stub = fs.StubPipeline(before_each=lambda n, row: os.kill(os.getpid(), signal.SIGTERM) if n == 1 else None)
    wt = watcher(store, [server.url("/a.xml")], FakeClock(), pipeline=stub)
    before = signal.getsignal(signal.SIGTERM)
    with w.stop_on_signals(wt):
        res = wt.run(max_cycles=3).results
    assert signal.getsignal(signal.SIGTERM) is before
    assert [r.status for r in res] == ["stopped"] and res[0].new == 1
    assert store.counts()["articles"] == 1


def test_cli_exits_zero_on_sigterm(server, tmp_path):
    import os
    import signal
    import subprocess
    import time

    server.feeds["/down.xml"] = fs.Feed(behaviours=["500"] * 50)
    cmd = [sys.executable, "-c", "from wirewatch.commands.watch import command; command()",  # no other plugins
           "--feed", server.url("/down.xml"), "--allow-private",
           "--db", str(tmp_path / "sig.db"), "--every", "1h"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            lines.append(line)
            if "backoff=" in line or not line:
                break
        assert any("backoff=" in x for x in lines), lines
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=90)[1]  # generous: a loaded CI machine is slow, not wrong
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "received SIGTERM" in rest and "1 failed poll(s)" in rest


def test_summary_only_items_fetch_their_page_politely(server, store):
    item = fs.make_item(server.url("/"), 3)
    server.feeds["/a.xml"] = fs.Feed(items=[item], summary_only=True)
    path = item.link.split(str(server.httpd.server_address[1]), 1)[1]
    server.pages[path] = (f"<html><head><title>{item.title}</title></head><body><article><h1>{item.title}</h1>"
                          f"<p>{item.text}</p></article></body></html>").encode()
    clock = FakeClock()
    r = watcher(store, [server.url("/a.xml")], clock, host_delay=5.0).run_cycle()[0]
    assert r.new == 1
    assert [p for p, h, s in server.requests] == ["/a.xml", path]
    assert clock.slept == [5.0]                 # the page request waited for the same host
    text = store.conn.execute("SELECT text FROM articles").fetchone()[0]
    assert "Artillery shelled" in text


def test_retry_after_is_obeyed(server, store):
    server.feeds["/a.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), 0)], behaviours=["429"], retry_after="900")
    clock = FakeClock()
    r = watcher(store, [server.url("/a.xml")], clock).run_cycle()[0]
    assert r.status == "error" and "429" in r.error
    assert r.backoff == 900.0                       # the base backoff (60 s) would have been far shorter
    assert w.retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480.0 - 60) == 60.0
    assert w.retry_after_seconds("soon", 0.0) is None


def test_last_modified_only_feed_gets_304(server, store):
    feed = fs.Feed(items=[fs.make_item(server.url("/"), 0)], use_etag=False)
    server.feeds["/lm.xml"] = feed
    wt = watcher(store, [server.url("/lm.xml")], FakeClock())
    wt.run(max_cycles=2)
    second = server.requests[1][1]
    assert "If-None-Match" not in second and second["If-Modified-Since"]
    assert [s for _, _, s in server.requests] == [200, 304]
    feed.add(fs.make_item(server.url("/"), 1))             # a newer Last-Modified: full response again
    assert wt.run(max_cycles=1).results[-1].new == 1


def test_connection_refused_backs_off(store):
    import socket

    with socket.socket() as sock:                          # a port with nobody listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed.xml"
    r = watcher(store, [url], FakeClock()).run_cycle()[0]
    assert r.status == "error" and "refused" in r.error and r.backoff >= 30
    assert w.WatchState(store).feed(url).consecutive_failures == 1


# Redirect targets a hostile or broken feed server can send: each once let an exception other than
# FetchError out of get_feed and killed `wirewatch watch` (issue 10 item 7).
BAD_LOCATIONS = [
    "http://xn--zz-.example/feed.xml",   # IDNA A-label ending in a hyphen: idna.IDNAError (a UnicodeError)
    "http://xn--a/feed.xml",             # punycode that decodes to a forbidden code point: idna.InvalidCodepoint
    "http://[::1/feed.xml",              # unclosed IPv6 bracket: httpx.InvalidURL / ValueError in urljoin
    "http://127.0.0.1:8x/feed.xml",      # port that is not a number
    "/feed\x7f.xml",                     # non-printable character in the path: httpx.InvalidURL
]


@pytest.mark.parametrize("location", BAD_LOCATIONS)
def test_bad_redirect_is_a_recorded_failure_and_other_feeds_still_polled(server, store, location):
    server.feeds["/bad.xml"] = fs.Feed(redirect_to=location)
    server.feeds["/ok.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), 0)])
    feeds = [server.url("/bad.xml"), server.url("/ok.xml")]
    results = watcher(store, feeds, FakeClock()).run_cycle()
    assert [r.status for r in results] == ["error", "200"]
    assert "redirect" in results[0].error or "not a URL" in results[0].error
    assert results[0].backoff >= 30 and results[0].failures == 1
    st = w.WatchState(store).feed(feeds[0])                # the failure was saved with its reason
    assert st.consecutive_failures == 1 and st.last_status == "error" and st.last_error == results[0].error
    assert st.next_attempt_at is not None
    assert store.counts()["articles"] == 1                 # the other feed was polled and stored


@pytest.mark.parametrize("location", BAD_LOCATIONS)
def test_bad_redirect_is_a_fetch_error(server, location):
    from wirewatch.fetch import FetchError, fetch

    server.feeds["/bad.xml"] = fs.Feed(redirect_to=location)
    with pytest.raises(FetchError):
        fetch(server.url("/bad.xml"), allow_private=True, timeout=2.0)


def test_unexpected_error_in_one_feed_does_not_stop_the_others(server, store, monkeypatch):
    """Last-resort net: a surprise from a parser is that feed's failure, logged with its type."""
    server.feeds["/a.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), 0)])
    server.feeds["/b.xml"] = fs.Feed(items=[fs.make_item(server.url("/"), 1)])
    real = w.parse_entries

    def parse(result):
        if result.url.endswith("/a.xml"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(result)

    monkeypatch.setattr(w, "parse_entries", parse)
    results = watcher(store, [server.url("/a.xml"), server.url("/b.xml")], FakeClock()).run_cycle()
    assert [r.status for r in results] == ["error", "200"]
    assert results[0].error == "unexpected RecursionError: maximum recursion depth exceeded"
    assert w.WatchState(store).feed(server.url("/a.xml")).consecutive_failures == 1
    assert store.counts()["articles"] == 1
