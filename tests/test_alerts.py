"""wirewatch.alerts: rule files, matching, exactly-once delivery to a local webhook and a JSONL file."""
from __future__ import annotations

import json
import logging
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from wirewatch import alerts as al
from wirewatch import watch as w
from wirewatch.records import Article
from conftest import load_feedserver
from wirewatch.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "watch"



fs = load_feedserver()


def add_articles(store, texts: list[str]) -> list[int]:
    """Store articles with the stub extractor's events; returns article pks."""
    pks = []
    for i, text in enumerate(texts):
        ext = next(fs.StubPipeline().extract_many([{"id": f"a{i}", "text": text}]))
        pk, _ = store.add_article(Article(id=f"a{i}", text=text, title=f"Title {i}", url=f"https://x.example/{i}"),
                                  ext)
        pks.append(pk)
    return pks


def engine(store, rules, **kw) -> al.AlertEngine:
    return al.AlertEngine(store, rules, allow_private=True, retry_delay=0.0, sleep=lambda s: None,
                          rng=random.Random(3), **kw)


def write_rules(tmp_path, text: str) -> Path:
    path = tmp_path / "rules.yml"
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- rule files and matching

def test_load_rules_and_validation(tmp_path):
    path = write_rules(tmp_path, """
- name: ukr-assaults
  type: assault
  country: ukr
  modality: occurred
  min_confidence: 0.5
  jsonl: out/alerts.jsonl
- name: anything-in-kharkiv
  keywords: [Kharkiv]
""")
    rules = al.load_rules(path)
    assert [r.name for r in rules] == ["ukr-assaults", "anything-in-kharkiv"]
    assert rules[0].type == {"ASSAULT"} and rules[0].country == {"UKR"} and rules[0].modality == {"occurred"}
    assert rules[0].jsonl == str(tmp_path / "out" / "alerts.jsonl")   # relative to the rules file
    assert rules[0].targets == ["jsonl"] and rules[1].targets == ["log"]
    for bad, msg in [("- name: x\n  contry: UKR\n", "unknown key"),
                     ("- name: x\n  modality: happened\n", "modality"),
                     ("- name: x\n  min_confidence: high\n", "number"),
                     ("- name: x\n  webhook: file:///etc/passwd\n", "http"),
                     ("- name: x\n  per: story\n", "per"),
                     ("- type: ASSAULT\n", "name"),
                     ("- name: x\n- name: x\n", "duplicate"),
                     ("- name: [unclosed\n", "YAML")]:
        with pytest.raises(al.RuleError, match=msg):
            al.load_rules(write_rules(tmp_path, bad))


def test_rule_matching():
    ev = {"type": "ASSAULT", "modality": "occurred", "actor_name": "Russian forces", "actor_country": "RUS",
          "recipient_name": None, "recipient_country": None, "location_country": "UKR", "confidence": 0.7,
          "fatalities": 3, "evidence": "Russian forces shelled Kharkiv.", "article_title": "Shelling"}
    rule = lambda **kw: al.parse_rule({"name": "r", **kw}, Path("."))
    assert rule(type="ASSAULT", country="UKR").matches(ev)           # location country counts
    assert rule(type=["COERCE", "ASSAULT"]).matches(ev)
    assert not rule(type="PROTEST").matches(ev)
    assert not rule(actor_country="UKR").matches(ev)
    assert rule(actor="russian").matches(ev)
    assert not rule(min_confidence=0.9).matches(ev)
    assert rule(min_fatalities=3).matches(ev) and not rule(min_fatalities=4).matches(ev)
    assert rule(keywords=["kharkiv", "odesa"]).matches(ev) and not rule(keywords=["odesa"]).matches(ev)
    assert not rule(modality=["planned", "possible"]).matches(ev)


# ---------------------------------------------------------------- delivery

def test_jsonl_fires_once_also_after_restart(tmp_path):
    db, out = tmp_path / "r.db", tmp_path / "alerts.jsonl"
    rules = [al.parse_rule({"name": "kharkiv", "type": "ASSAULT", "keywords": ["Kharkiv"], "jsonl": str(out)},
                           tmp_path)]
    with Store(db) as st:
        pks = add_articles(st, [fs.article_text(0), fs.article_text(1), fs.article_text(10)])  # 0, 10: Kharkiv
        eng = engine(st, rules)
        assert sum(eng.on_article(pk) for pk in pks) == 2
        assert sum(eng.on_article(pk) for pk in pks) == 0
    with Store(db) as st:
        assert sum(engine(st, rules).on_article(pk) for pk in pks) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2 and {x["rule"] for x in lines} == {"kharkiv"}
    assert lines[0]["event"]["type"] == "ASSAULT" and "Kharkiv" in lines[0]["evidence"]
    assert lines[0]["alert_id"] != lines[1]["alert_id"]


def test_webhook_retries_then_delivers(server, store, caplog):
    rules = [al.parse_rule({"name": "hook", "type": "ASSAULT", "webhook": server.url("/hook")}, Path("."))]
    pk = add_articles(store, [fs.article_text(0)])[0]
    server.fail_hooks(2)
    with caplog.at_level(logging.WARNING, logger="wirewatch.alerts"):
        assert engine(store, rules, attempts=3).on_article(pk) == 1
    assert len(server.hooks) == 1
    headers, body = server.hooks[0]
    assert body["rule"] == "hook" and body["event"]["type"] == "ASSAULT"
    assert headers["Idempotency-Key"] == body["alert_id"]
    assert sum("failed (try" in r.getMessage() for r in caplog.records) == 2
    row = store.conn.execute("SELECT status, attempts FROM watch_alerts").fetchone()
    assert tuple(row) == ("delivered", 3)


def test_webhook_down_is_logged_then_retried_later(server, store, caplog):
    rules = [al.parse_rule({"name": "hook", "webhook": server.url("/hook")}, Path("."))]
    pk = add_articles(store, [fs.article_text(0)])[0]
    server.fail_hooks(5)
    eng = engine(store, rules, attempts=2, down_for=0.0)
    with caplog.at_level(logging.WARNING, logger="wirewatch.alerts"):
        assert eng.on_article(pk) == 0                    # no exception, just logged
    assert any("HTTP 500" in r.getMessage() for r in caplog.records)
    assert store.conn.execute("SELECT status FROM watch_alerts").fetchone()[0] == "failed"
    assert eng.retry_failed() == 0                        # still failing (2 more tries used)
    assert eng.retry_failed() == 1                        # the 5th try succeeds
    assert eng.retry_failed() == 0 and len(server.hooks) == 1


def test_webhook_ssrf_guard_applies(server, store):
    rules = [al.parse_rule({"name": "hook", "webhook": server.url("/hook")}, Path("."))]
    pk = add_articles(store, [fs.article_text(0)])[0]
    eng = al.AlertEngine(store, rules, allow_private=False, sleep=lambda s: None)
    assert eng.on_article(pk) == 0
    err = store.conn.execute("SELECT last_error FROM watch_alerts").fetchone()[0]
    assert "refused" in err and not server.hooks


# ---------------------------------------------------------------- with the watcher and the CLI

def test_watcher_fires_alerts_once_to_webhook_and_jsonl(server, tmp_path):
    db, out = tmp_path / "wa.db", tmp_path / "alerts.jsonl"
    items = [fs.make_item(server.url("/"), n) for n in (0, 1, 10)]     # 0 and 10 are in Kharkiv
    server.feeds["/a.xml"] = fs.Feed(items=items[:2])
    server.feeds["/b.xml"] = fs.Feed(items=[items[0], items[2]])       # item 0 again, under another feed
    rules = al.load_rules(write_rules(tmp_path, f"""
- name: kharkiv-assaults          # once per real-world event (mentions merged by wirewatch.stories)
  type: ASSAULT
  country: UKR
  keywords: [Kharkiv]
  per: event
  webhook: {server.url("/hook")}
- name: kharkiv-mentions          # once per stored mention (the default)
  keywords: [Kharkiv]
  jsonl: {out.name}
"""))
    urls = [server.url("/a.xml"), server.url("/b.xml")]
    cfg = w.WatchConfig(every=60, host_delay=0, allow_private=True)
    for _restart in range(2):
        with Store(db) as st:
            wt = w.Watcher(st, urls, cfg, pipeline=fs.StubPipeline(), alerts=engine(st, rules))
            wt.run(once=True)
    with Store(db) as st:
        assert st.counts()["articles"] == 3
        kharkiv = [ev for ev in al.event_rows(st.conn) if "Kharkiv" in ev["evidence"]]
    assert len(kharkiv) == 2
    real_events = {al.event_key(rules[0], ev) for ev in kharkiv}
    assert len(server.hooks) == len(real_events) >= 1
    assert {b["alert_id"] for _, b in server.hooks} == {f"kharkiv-assaults:{k}" for k in real_events}
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(x["article"]["url"] for x in lines) == sorted([items[0].link, items[2].link])


def test_cli_alerts_test_is_a_dry_run(tmp_path):
    db = tmp_path / "cli.db"
    with Store(db) as st:
        add_articles(st, [fs.article_text(0), fs.article_text(1)])
    out = tmp_path / "never.jsonl"
    rules = write_rules(tmp_path, f"- name: kharkiv\n  keywords: [kharkiv]\n  jsonl: {out}\n"
                                  "- name: protests\n  type: PROTEST\n")
    from wirewatch.cli import main
    result = CliRunner().invoke(main, ["alerts", "test", str(rules), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "kharkiv: 1 of 2 event(s) match (0 already alerted)" in result.output
    assert "protests: 0 of 2 event(s) match" in result.output
    assert not out.exists()
    with Store(db) as st:
        assert st.conn.execute("SELECT COUNT(*) FROM watch_alerts").fetchone()[0] == 0
    bad = write_rules(tmp_path, "- name: x\n  typo: 1\n")
    assert CliRunner().invoke(main, ["alerts", "test", str(bad), "--db", str(db)]).exit_code == 2


def test_real_pipeline_end_to_end(server, tmp_path, pipeline):
    """Feed -> spaCy pipeline -> stored events -> alert, with the project's real extractor."""
    item = fs.Item(guid="real-1", link=server.url("/news/real-1"), title="Shelling in Kharkiv",
                   text="Russian forces shelled the city of Kharkiv on Monday, killing three civilians and "
                        "wounding twelve others, regional officials said. Emergency crews worked through the "
                        "night to clear the rubble of two apartment buildings.")
    server.feeds["/a.xml"] = fs.Feed(items=[item])
    out = tmp_path / "real.jsonl"
    rules = [al.parse_rule({"name": "assaults", "type": "ASSAULT", "per": "mention", "jsonl": str(out)}, tmp_path)]
    with Store(tmp_path / "real.db") as st:
        eng = engine(st, rules)
        wt = w.Watcher(st, [server.url("/a.xml")], w.WatchConfig(host_delay=0, allow_private=True),
                       pipeline=pipeline, alerts=eng)
        totals = wt.run(once=True)
        expected = eng.dry_run(al.event_rows(st.conn))
    assert totals.new == 1
    assert len(expected) >= 1
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(expected)
    assert all(x["event"]["type"] == "ASSAULT" and x["article"]["url"] == item.link for x in lines)


def test_dead_webhook_is_not_hammered(server, store):
    rules = [al.parse_rule({"name": "hook", "webhook": server.url("/hook")}, Path("."))]
    pks = add_articles(store, [fs.article_text(n) for n in range(4)])
    server.fail_hooks(100)
    eng = engine(store, rules, attempts=3, down_for=3600.0)
    assert sum(eng.on_article(pk) for pk in pks) == 0
    assert eng.retry_failed() == 0
    posts = [r for r in server.requests if r[0] == "/hook"]
    assert len(posts) == 3                                # one round of tries, the other alerts deferred
    rows = store.conn.execute("SELECT status, attempts FROM watch_alerts ORDER BY event_pk").fetchall()
    assert [tuple(r) for r in rows] == [("failed", 3)] + [("failed", 0)] * 3
    server.fail_hooks(0)
    eng.down_for = 0.0
    eng._down_until.clear()
    assert eng.retry_failed() == 4 and len(server.hooks) == 4


def test_catch_up_alerts_new_events_only_also_after_a_kill(tmp_path):
    """Cursors: history is not alerted; events stored without alerting (a kill, another writer) are."""
    from wirewatch.ingest import ingest_items

    db, out = tmp_path / "c.db", tmp_path / "c.jsonl"
    rules = [al.parse_rule({"name": "all", "type": "ASSAULT", "jsonl": str(out)}, tmp_path)]
    art = lambda n: Article(id=f"n{n}", text=fs.article_text(n), url=f"https://x.example/{n}")
    with Store(db) as st:
        ingest_items([art(0)], st, pipeline=fs.StubPipeline())          # history, before alerting
        assert engine(st, rules).catch_up() == 0                       # first engine: cursor at the top
        ingest_items([art(1), art(2)], st, pipeline=fs.StubPipeline())  # stored, process killed before alerts
    with Store(db) as st:                                               # restart
        eng = engine(st, rules)
        assert eng.catch_up() == 2
        assert eng.catch_up() == 0
    urls = sorted(json.loads(x)["article"]["url"] for x in out.read_text(encoding="utf-8").splitlines())
    assert urls == ["https://x.example/1", "https://x.example/2"]
