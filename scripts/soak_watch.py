#!/usr/bin/env python
"""Soak test of ``wirewatch watch``: a bounded run against a misbehaving local feed server.

Everything stays on 127.0.0.1: the server (tests/fixtures/watch/feedserver.py) serves five feeds:
  grow.xml    gains a new item most cycles (conditional GETs: mostly 304 otherwise)
  mirror.xml  re-serves grow.xml's items (the same articles under a second feed: duplicates)
  flaky.xml   answers 500/503 at random (~40% of requests), then recovers
  slow.xml    sometimes answers after the client's timeout
  broken.xml  sometimes serves a malformed feed
and receives webhook alerts on /hook, failing 0, 2 or 5 posts in a row now and then.
The watcher is restarted (new Store + Watcher on the same database) halfway through and is also
asked to stop in the middle of a feed once. After the chaos cycles, a few calm cycles let every
backoff expire. Then it prints: items served vs stored, duplicates, backoff events, alerts.
It stops by itself after --cycles (+ at most --drain calm cycles).

    .venv/bin/python scripts/soak_watch.py --cycles 40          # real extraction pipeline (spaCy)
    .venv/bin/python scripts/soak_watch.py --cycles 40 --stub   # stub extractor: seconds, no spaCy
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wirewatch import alerts as al  # noqa: E402
from wirewatch import watch as w  # noqa: E402
from wirewatch.store import Store  # noqa: E402


def load_feedserver():
    spec = importlib.util.spec_from_file_location("wirewatch_test_feedserver",
                                                  ROOT / "tests" / "fixtures" / "watch" / "feedserver.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class CountingHandler(logging.Handler):
    """Counts the watcher's log lines by kind (what an operator would grep for)."""

    def __init__(self) -> None:
        super().__init__()
        self.polls = self.backoff_lines = 0

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if msg.startswith("poll "):
            self.polls += 1
            self.backoff_lines += "backoff=" in msg


def chaos(fs, srv, feeds: dict, rng: random.Random, next_item: list) -> None:
    """Script the next cycle's misbehaviour and new items."""
    if rng.random() < 0.7:
        item = fs.make_item(srv.url("/"), next_item[0])
        next_item[0] += 1
        feeds["/grow.xml"].add(item)
        feeds["/mirror.xml"].add(item)
    if rng.random() < 0.3:
        item = fs.make_item(srv.url("/"), next_item[0])
        next_item[0] += 1
        for path in ("/flaky.xml", "/slow.xml", "/broken.xml"):
            feeds[path].add(fs.Item(item.guid + path, item.link + path.replace(".xml", ""), item.title,
                                    fs.article_text(next_item[0] * 1000 + len(path) + ord(path[1]))))
    feeds["/flaky.xml"].behaviours = [rng.choice(["500", "503"])] if rng.random() < 0.4 else []
    feeds["/slow.xml"].behaviours = ["slow"] if rng.random() < 0.25 else []
    feeds["/broken.xml"].behaviours = ["malformed"] if rng.random() < 0.25 else []


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cycles", type=int, default=40, help="chaos cycles (default 40)")
    ap.add_argument("--drain", type=int, default=30, help="max calm cycles afterwards (default 30)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stub", action="store_true", help="stub extractor instead of the spaCy pipeline")
    ap.add_argument("--db", help="database file (default: a temporary one)")
    ap.add_argument("--log", action="store_true", help="print the watcher's log to stderr")
    args = ap.parse_args()

    fs = load_feedserver()
    rng = random.Random(args.seed)
    counter = CountingHandler()
    logging.getLogger("wirewatch").addHandler(counter)
    logging.getLogger("wirewatch").setLevel(logging.INFO)
    if args.log:
        w.setup_logging()
    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db or Path(tmp.name) / "soak.db")
    rules_path = Path(tmp.name) / "rules.yml"
    rules_path.write_text("- name: all-assaults\n  type: ASSAULT\n  jsonl: alerts.jsonl\n"
                          "- name: kharkiv\n  keywords: [kharkiv]\n  per: event\n  jsonl: kharkiv.jsonl\n",
                          encoding="utf-8")
    cfg = w.WatchConfig(every=0.3, host_delay=0.05, backoff_base=0.2, backoff_max=1.5, timeout=0.5,
                        allow_private=True)
    pipeline = fs.StubPipeline() if args.stub else None
    started = time.monotonic()
    with fs.FeedServer() as srv:
        with rules_path.open("a", encoding="utf-8") as fh:  # a webhook that fails now and then
            fh.write(f"- name: odesa-hook\n  keywords: [odesa]\n  webhook: {srv.url('/hook')}\n")
        rules = al.load_rules(rules_path)
        feeds = {p: fs.Feed(slow_seconds=1.0) for p in
                 ("/grow.xml", "/mirror.xml", "/flaky.xml", "/slow.xml", "/broken.xml")}
        srv.feeds.update(feeds)
        next_item = [0]
        for _ in range(3):
            chaos(fs, srv, feeds, rng, next_item)
        urls = [srv.url(p) for p in feeds]
        totals = []

        def session(n_cycles: int, calm: bool, stop_mid_feed: bool = False) -> None:
            with Store(db) as store:
                sink_pipeline = pipeline
                engine = al.AlertEngine(store, rules, allow_private=True, retry_delay=0.05, down_for=0.5,
                                        timeout=0.5)
                watcher = w.Watcher(store, urls, cfg, pipeline=sink_pipeline, alerts=engine,
                                    rng=random.Random(args.seed))
                if stop_mid_feed:  # stop after the next stored article, as SIGTERM would
                    original = watcher.sink.add
                    def add_then_stop(article):
                        out = original(article)
                        if article.url and article.url.endswith("/news/10000"):
                            watcher.stop()
                        return out
                    watcher.sink.add = add_then_stop
                    chaos(fs, srv, feeds, rng, next_item)
                    feeds["/grow.xml"].add(fs.make_item(srv.url("/"), 10_000))
                    feeds["/grow.xml"].add(fs.make_item(srv.url("/"), 10_001))
                    watcher.run(max_cycles=n_cycles)
                    totals.append(watcher.totals)
                    return
                for _ in range(n_cycles):
                    if calm:
                        for f in feeds.values():
                            f.behaviours = []
                        srv.fail_hooks(0)
                    else:
                        chaos(fs, srv, feeds, rng, next_item)
                        srv.fail_hooks(rng.choice([0, 0, 2, 5]))
                    watcher.run(max_cycles=1)
                    if calm and all(s["consecutive_failures"] == 0 and s["last_status"] != "error"
                                    for s in w.WatchState(store).feeds()) and watcher.totals.cycles >= 3:
                        break
                totals.append(watcher.totals)

        half = args.cycles // 2
        session(half, calm=False)
        session(20, calm=False, stop_mid_feed=True)         # runs until it stops in the middle of a feed
        session(args.cycles - half, calm=False)             # restart: same DB, new Store and Watcher
        session(args.drain, calm=True)                      # let backoffs expire, re-read interrupted feeds
        hook_ids = [body["alert_id"] for _, body in srv.hooks]
        hook_failures = sum(1 for p, _, status in srv.requests if p == "/hook" and status != 204)
        served_guids = set(srv.served_items)
        served_texts = {it.text for f in feeds.values() for it in f.items if it.guid in served_guids}
        requests = sum(1 for path, _, _ in srv.requests if path.endswith(".xml"))
    with Store(db) as store:
        stored = store.counts()["articles"]
        hashes = store.conn.execute("SELECT COUNT(DISTINCT content_hash) FROM articles").fetchone()[0]
        from wirewatch.records import content_hash
        stored_hashes = {r[0] for r in store.conn.execute("SELECT content_hash FROM articles")}
        missing = len({content_hash(t) for t in served_texts} - stored_hashes)
        fired = store.conn.execute("SELECT COUNT(*) FROM watch_alerts WHERE status='delivered'"
                                   " AND target='jsonl'").fetchone()[0]
        hooks_delivered = store.conn.execute("SELECT COUNT(*) FROM watch_alerts WHERE status='delivered'"
                                             " AND target='webhook'").fetchone()[0]
        hooks_pending = store.conn.execute("SELECT COUNT(*) FROM watch_alerts WHERE status!='delivered'"
                                           ).fetchone()[0]
        events = store.counts()["events"]
    alert_lines = sum(len((Path(tmp.name) / f).read_text().splitlines()) for f in ("alerts.jsonl", "kharkiv.jsonl")
                      if (Path(tmp.name) / f).exists())
    sum_ = lambda attr: sum(getattr(t, attr) for t in totals)
    figures = {
        "seconds": round(time.monotonic() - started, 1),
        "pipeline": "stub" if args.stub else "spacy",
        "cycles": sum_("cycles"), "feed_requests": requests, "polls": sum_("polls"),
        "distinct_articles_served": len(served_texts), "articles_stored": stored,
        "distinct_content_hashes_stored": hashes, "served_but_missing": missing,
        "new": sum_("new"), "versions": sum_("versions"), "duplicates_skipped": sum_("duplicates"),
        "not_modified_304": sum_("not_modified"), "failed_polls": sum_("failed_polls"),
        "backoff_events": sum_("backoffs"), "backoff_log_lines": counter.backoff_lines,
        "stopped_polls": sum(1 for t in totals for r in t.results if r.status == "stopped"),
        "events_stored": events, "jsonl_alerts_delivered": fired, "alert_jsonl_lines": alert_lines,
        "webhook_alerts_delivered": hooks_delivered, "webhook_posts_received": len(hook_ids),
        "webhook_distinct_alert_ids": len(set(hook_ids)), "webhook_failed_posts": hook_failures,
        "alerts_not_delivered": hooks_pending,
    }
    print(json.dumps(figures, indent=1))
    ok = (missing == 0 and stored == hashes and fired == alert_lines and hooks_pending == 0
          and hooks_delivered == len(hook_ids) == len(set(hook_ids)))
    print("OK: nothing lost, nothing duplicated, every alert written once" if ok else "PROBLEM: see figures")
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
