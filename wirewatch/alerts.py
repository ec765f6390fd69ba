"""Alert rules: saved event filters that notify a webhook and/or a JSONL file when a new event matches.

Rules live in a YAML file (a list of mappings, see docs/watch.md)::

    - name: ukr-assaults
      type: ASSAULT            # one type or a list
      country: UKR             # actor, recipient or location country (ISO3)
      modality: occurred
      min_confidence: 0.5
      webhook: http://127.0.0.1:8080/hook
      jsonl: alerts.jsonl      # relative to the rules file

Unknown keys are an error, so a typo ("contry") can never silently turn a rule into match-all.
Every (rule, event, target) pair is recorded in ``watch_alerts`` *before* delivery, so an alert is
never fired twice, also across restarts; failed deliveries stay in the table and are retried a
bounded number of times. Payloads carry an ``alert_id`` (sent as ``Idempotency-Key`` too) so a
receiver can drop the one repeat that a crash in the middle of a delivery could cause.
"""
from __future__ import annotations

import json
import logging
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

log = logging.getLogger("wirewatch.alerts")

# Applied through wirewatch.watch.MIGRATIONS (the watch range 200-299).
MIGRATIONS: list[tuple[int, str]] = [
    (210, """
    CREATE TABLE watch_alerts (
        rule TEXT NOT NULL,
        event_key TEXT NOT NULL,            -- 'merged:<pk>' (real-world event, wirewatch.stories) or 'event:<pk>'
        event_pk INTEGER NOT NULL,          -- the stored event mention that fired
        target TEXT NOT NULL,               -- 'webhook', 'jsonl' or 'log' (rule without a target)
        status TEXT NOT NULL,               -- pending | delivered | failed
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at REAL NOT NULL,
        delivered_at REAL,
        PRIMARY KEY (rule, event_key, target)
    );
    CREATE INDEX watch_alerts_status ON watch_alerts(status);
    """),
    (211, """
    CREATE TABLE watch_alert_cursors (
        rule TEXT PRIMARY KEY,
        last_event_pk INTEGER NOT NULL      -- every event up to this pk has been evaluated for the rule
    );
    """),
]
MERGE_WAIT = 600.0  # s: an event not yet merged by wirewatch.stories is waited for this long, then taken as is

LIST_KEYS = ("type", "country", "actor_country", "recipient_country", "location_country", "modality", "keywords")
SCALAR_KEYS = ("name", "actor", "min_confidence", "min_fatalities", "webhook", "jsonl", "per")
PER = ("event", "mention")
MODALITIES = {"occurred", "planned", "possible", "negated"}


class RuleError(ValueError):
    """The rules file is unreadable or a rule is invalid; ``str`` names the rule and the problem."""


# ---------------------------------------------------------------- rules

def _as_set(value: Any, upper: bool) -> Optional[frozenset]:
    if value is None:
        return None
    values = value if isinstance(value, list) else [value]
    return frozenset((str(v).upper() if upper else str(v).lower()).strip() for v in values)


@dataclass(frozen=True)
class Rule:
    """One saved filter; every given condition must hold (AND), values inside a list are OR."""
    name: str
    type: Optional[frozenset] = None
    country: Optional[frozenset] = None
    actor_country: Optional[frozenset] = None
    recipient_country: Optional[frozenset] = None
    location_country: Optional[frozenset] = None
    modality: Optional[frozenset] = None
    actor: Optional[str] = None              # substring of actor or recipient name, case-insensitive
    keywords: Optional[frozenset] = None     # any of them in the evidence sentence or article title
    min_confidence: Optional[float] = None
    min_fatalities: Optional[int] = None
    webhook: Optional[str] = None
    jsonl: Optional[str] = None
    # 'mention' (default): once per stored event mention, never misses one; 'event': once per real-world
    # event (mentions merged by wirewatch.stories), quieter but only as good as the merging
    per: str = "mention"

    @property
    def targets(self) -> list[str]:
        return [t for t in ("webhook", "jsonl") if getattr(self, t)] or ["log"]

    def matches(self, ev: dict) -> bool:
        """Does a stored event row (``Store.events`` shape plus ``evidence``) pass this rule?"""
        countries = {ev.get("actor_country"), ev.get("recipient_country"), ev.get("location_country")}
        checks = [
            self.type is None or (ev.get("type") or "").upper() in self.type,
            self.modality is None or (ev.get("modality") or "") in self.modality,
            self.country is None or bool(self.country & countries),
            self.actor_country is None or ev.get("actor_country") in self.actor_country,
            self.recipient_country is None or ev.get("recipient_country") in self.recipient_country,
            self.location_country is None or ev.get("location_country") in self.location_country,
            self.actor is None or any(self.actor in (ev.get(k) or "").lower()
                                      for k in ("actor_name", "recipient_name")),
            self.min_confidence is None or (ev.get("confidence") or 0.0) >= self.min_confidence,
            self.min_fatalities is None or (ev.get("fatalities") or 0) >= self.min_fatalities,
            self.keywords is None or any(k in f"{ev.get('evidence') or ''} {ev.get('article_title') or ''}".lower()
                                         for k in self.keywords),
        ]
        return all(checks)


def parse_rule(raw: Any, base_dir: Path) -> Rule:
    """One YAML mapping -> Rule, refusing unknown keys and ill-typed values."""
    if not isinstance(raw, dict):
        raise RuleError(f"a rule must be a mapping, got {type(raw).__name__}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RuleError(f"rule without a 'name': {raw!r}")
    where = f"rule '{name}'"
    unknown = set(raw) - set(LIST_KEYS) - set(SCALAR_KEYS)
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    kw: dict[str, Any] = {"name": name.strip()}
    for key in LIST_KEYS:
        if raw.get(key) is not None:
            kw[key] = _as_set(raw[key], upper=key not in ("modality", "keywords"))
    if kw.get("modality") and not kw["modality"] <= MODALITIES:
        raise RuleError(f"{where}: modality must be among {', '.join(sorted(MODALITIES))}")
    try:
        if raw.get("min_confidence") is not None:
            kw["min_confidence"] = float(raw["min_confidence"])
        if raw.get("min_fatalities") is not None:
            kw["min_fatalities"] = int(raw["min_fatalities"])
    except (TypeError, ValueError):
        raise RuleError(f"{where}: min_confidence / min_fatalities must be numbers") from None
    if raw.get("actor") is not None:
        kw["actor"] = str(raw["actor"]).lower()
    if raw.get("webhook") is not None:
        url = str(raw["webhook"])
        if not url.lower().startswith(("http://", "https://")):
            raise RuleError(f"{where}: webhook must be an http(s) URL")
        kw["webhook"] = url
    if raw.get("per") is not None:
        if raw["per"] not in PER:
            raise RuleError(f"{where}: per must be 'event' or 'mention'")
        kw["per"] = raw["per"]
    if raw.get("jsonl") is not None:
        path = Path(str(raw["jsonl"])).expanduser()
        kw["jsonl"] = str(path if path.is_absolute() else base_dir / path)
    return Rule(**kw)


def load_rules(path: str | Path) -> list[Rule]:
    """Rules from a YAML file: a list of rules, or a mapping with a ``rules:`` list."""
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"cannot read {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None
    if isinstance(data, dict) and "rules" in data:
        data = data["rules"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise RuleError(f"{path}: expected a list of rules")
    rules = [parse_rule(raw, path.parent) for raw in data]
    names = [r.name for r in rules]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise RuleError(f"{path}: duplicate rule name(s) {', '.join(dupes)}")
    return rules


# ---------------------------------------------------------------- events

_EVENT_SQL = ("SELECT e.*, a.id AS article_id, a.url AS article_url, a.title AS article_title,"
              " a.published AS article_published, a.ingested_at AS article_ingested_at,"
              " a.text AS article_text{merged}"
              " FROM events e JOIN articles a ON a.pk = e.article_pk{join}")


def _has_table(conn: Any, name: str) -> bool:
    return name in conn.tables()


def event_rows(conn: Any, where: str = "", args: Iterable[Any] = ()) -> list[dict]:
    """Stored events as dicts (like ``Store.events``) with ``evidence`` = the event's sentence and
    ``merged_pk`` = the real-world event it was merged into by wirewatch.stories (None if not merged)."""
    if _has_table(conn, "event_mentions"):
        sql = _EVENT_SQL.format(merged=", m.merged_pk AS merged_pk",
                                join=" LEFT JOIN event_mentions m ON m.event_pk = e.pk")
    else:
        sql = _EVENT_SQL.format(merged=", NULL AS merged_pk", join="")
    rows = []
    for r in conn.execute(f"{sql} {where} ORDER BY e.pk", tuple(args)):
        d = dict(r)
        text = d.pop("article_text") or ""
        d["evidence"] = text[d["sentence_start"]:d["sentence_end"]].strip() if d["sentence_start"] is not None else ""
        d["data"] = json.loads(d["data"])
        rows.append(d)
    return rows


def summary(ev: dict) -> str:
    """'ASSAULT occurred 2025-10-06: Russia (RUS) -> Ukraine (UKR) @ Kharkiv' for logs and payloads."""
    who = lambda n, c: f"{n} ({c or '?'})" if n else None
    actors = " -> ".join(x for x in (who(ev.get("actor_name"), ev.get("actor_country")),
                                     who(ev.get("recipient_name"), ev.get("recipient_country"))) if x)
    out = f"{ev.get('type')} {ev.get('modality')} {ev.get('date') or 'undated'}"
    if actors:
        out += f": {actors}"
    if ev.get("location_name"):
        out += f" @ {ev['location_name']}"
    return out


def event_key(rule: Rule, ev: dict) -> str:
    """What 'the same event' means for a rule: the merged real-world event, or the single mention."""
    if rule.per == "event" and ev.get("merged_pk") is not None:
        return f"merged:{ev['merged_pk']}"
    return f"event:{ev['pk']}"


def payload(rule: Rule, ev: dict) -> dict:
    """The JSON sent to webhooks and written to JSONL files."""
    return {
        "alert_id": f"{rule.name}:{event_key(rule, ev)}",
        "rule": rule.name,
        "fired_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "event_id": ev["pk"],
        "merged_event_id": ev.get("merged_pk"),
        "summary": summary(ev),
        "evidence": ev.get("evidence"),
        "article": {"id": ev.get("article_id"), "url": ev.get("article_url"), "title": ev.get("article_title"),
                    "published": ev.get("article_published")},
        "event": ev.get("data"),
    }


# ---------------------------------------------------------------- delivery

def post_json(url: str, body: dict, *, allow_private: bool = False, timeout: float = 10.0,
              headers: Optional[dict] = None) -> int:
    """POST JSON through the same SSRF guard as ``wirewatch.fetch`` (checked, pinned address).

    Redirects are not followed (a POST must not be bounced elsewhere). Raises FetchError unless 2xx.
    """
    import httpx

    from .fetch import FetchError, check_url, describe_transport_error, pinned_request

    host, port, addrs = check_url(url, allow_private)
    content = json.dumps(body, ensure_ascii=False).encode("utf-8")
    extra = {"Content-Type": "application/json", **(headers or {})}
    error: Optional[Exception] = None
    with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False) as client:
        for ip in addrs:
            pinned = pinned_request(client, url, host, port, ip, extra)  # a GET; reuse its pinning
            request = client.build_request("POST", pinned.url, headers=pinned.headers, content=content,
                                           extensions=pinned.extensions)
            try:
                response = client.send(request)
            except httpx.ConnectError as exc:
                error = exc
                continue
            except httpx.TransportError as exc:
                raise FetchError(describe_transport_error(exc, timeout)) from None
            if not 200 <= response.status_code < 300:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase or ''}".strip())
            return response.status_code
    raise FetchError(describe_transport_error(error, timeout) if error else "unreachable")


def append_jsonl(path: str, body: dict) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(body, ensure_ascii=False) + "\n")
        fh.flush()


class AlertLedger:
    """The ``watch_alerts`` table: one row per (rule, event key, target), claimed before delivery.

    The claim is what makes delivery exactly-once: only the writer whose INSERT took the row sends."""

    def __init__(self, store: Any):
        self.store = store

    def claim(self, rule: Rule, target: str, ev: dict) -> bool:
        with self.store.transaction() as c:
            cur = c.execute("INSERT INTO watch_alerts (rule, event_key, event_pk, target, status,"
                            " created_at) VALUES (?,?,?,?,'pending',?) ON CONFLICT DO NOTHING",
                            (rule.name, event_key(rule, ev), ev["pk"], target, time.time()))
        return cur.rowcount == 1

    def record(self, rule: Rule, key: str, target: str, tries: int, error: Optional[str]) -> None:
        with self.store.transaction() as c:
            c.execute("UPDATE watch_alerts SET status=?, attempts=attempts+?, last_error=?, delivered_at=?"
                      " WHERE rule=? AND event_key=? AND target=?",
                      ("failed" if error else "delivered", tries, error, None if error else time.time(),
                       rule.name, key, target))

    def unfinished(self, max_attempts: int) -> list[tuple]:
        """(rule, event_key, event_pk, target) of failed and crash-interrupted pending alerts, oldest first."""
        return self.store.conn.execute(
            "SELECT rule, event_key, event_pk, target FROM watch_alerts WHERE status IN ('failed', 'pending')"
            " AND attempts < ? ORDER BY created_at", (max_attempts,)).fetchall()

    def has(self, rule: Rule, ev: dict) -> bool:
        return self.store.conn.execute("SELECT 1 FROM watch_alerts WHERE rule = ? AND event_key = ?",
                                       (rule.name, event_key(rule, ev))).fetchone() is not None


def send_with_retries(send: Callable[[], None], attempts: int, retry_delay: float, sleep: Callable[[float], None],
                      rng: random.Random, label: str) -> tuple[int, Optional[str]]:
    """Call ``send`` up to ``attempts`` times with jittered exponential backoff; (tries, last error or None).

    Any exception is a failed try (FetchError, OSError, anything): a delivery never crashes the watcher."""
    error, tries = None, 0
    for attempt in range(attempts):
        tries += 1
        try:
            send()
            return tries, None
        except Exception as exc:
            error = " ".join(str(exc).split()) or type(exc).__name__
            log.warning("alert %s failed (try %d/%d): %s", label, attempt + 1, attempts, error)
            if attempt + 1 < attempts:
                delay = retry_delay * 2 ** attempt
                sleep(delay / 2 + rng.uniform(0, delay / 2))
    return tries, error


@dataclass
class AlertEngine:
    """Evaluates rules on newly stored events and delivers matches exactly once per (rule, event, target).

    A delivery makes ``attempts`` tries with exponential backoff (``retry_delay`` * 2**i, jittered);
    if all fail the pair is marked failed and ``retry_failed`` (called once per watch cycle) tries again,
    up to ``max_total_attempts``. Delivery errors are logged, never raised. A webhook that just failed
    is left alone for ``down_for`` seconds (its alerts are deferred, not tried), so a dead receiver
    costs one round of tries per ``down_for``, not one per alert. The record of what was delivered
    is an :class:`AlertLedger`; the tries are :func:`send_with_retries`.
    """
    store: Any
    rules: list[Rule]
    allow_private: bool = False
    timeout: float = 10.0
    attempts: int = 3
    retry_delay: float = 1.0
    max_total_attempts: int = 12
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)
    down_for: float = 60.0
    fired: int = 0
    _down_until: dict = field(default_factory=dict, init=False, repr=False)  # webhook URL -> skip until

    def __post_init__(self) -> None:
        self.ledger = AlertLedger(self.store)
        self.start_cursors()

    # -- which events: cursors per rule ----------------------------------------------------------------
    def start_cursors(self) -> None:
        """A rule seen for the first time starts at the newest stored event: it alerts on what is
        stored from now on, not on the history (use ``alerts test`` for that)."""
        top = self.store.conn.execute("SELECT COALESCE(MAX(pk), 0) FROM events").fetchone()[0]
        with self.store.transaction() as c:
            for rule in self.rules:
                c.execute("INSERT INTO watch_alert_cursors VALUES (?, ?) ON CONFLICT DO NOTHING", (rule.name, top))

    def catch_up(self) -> int:
        """Evaluate every event stored since each rule's cursor; returns alerts delivered.

        Why cursors and not only ``on_article``: events stored by a run killed before its alerts, or
        by another writer (``wirewatch ingest`` on the same database), are alerted too. Events not
        yet merged into a real-world event (their article is still being processed) are left for the
        next call, up to MERGE_WAIT, so ``per: event`` rules see their merged id.
        """
        if not self.rules:
            return 0
        conn = self.store.conn
        cursors = {r: pk for r, pk in conn.execute("SELECT rule, last_event_pk FROM watch_alert_cursors")}
        low = min(cursors.get(r.name, 0) for r in self.rules)
        merging = _has_table(conn, "event_mentions")
        delivered, last = 0, low
        for ev in event_rows(conn, "WHERE e.pk > ?", (low,)):
            if merging and ev["merged_pk"] is None and time.time() - (ev["article_ingested_at"] or 0) < MERGE_WAIT:
                break
            delivered += self._evaluate(ev, [r for r in self.rules if ev["pk"] > cursors.get(r.name, 0)])
            last = ev["pk"]
        if last > low:
            self._advance_cursors(last)
        return delivered

    def _advance_cursors(self, last: int) -> None:
        with self.store.transaction() as c:
            c.executemany("UPDATE watch_alert_cursors SET last_event_pk = ? WHERE rule = ? AND last_event_pk < ?",
                          [(last, r.name, last) for r in self.rules])

    def on_article(self, article_pk: int) -> int:
        """Evaluate all rules on the events of a newly stored article; returns alerts delivered."""
        if not self.rules:
            return 0
        return self.process(event_rows(self.store.conn, "WHERE e.article_pk = ?", (article_pk,)))

    def process(self, events: list[dict]) -> int:
        return sum(self._evaluate(ev, self.rules) for ev in events)

    def _evaluate(self, ev: dict, rules: list[Rule]) -> int:
        """Fire every rule of ``rules`` that matches ``ev`` to each of its targets; alerts delivered."""
        delivered = 0
        for rule in rules:
            if rule.matches(ev):
                delivered += sum(self._fire(rule, target, ev) for target in rule.targets)
        return delivered

    # -- delivery ------------------------------------------------------------------------------------
    def _fire(self, rule: Rule, target: str, ev: dict) -> bool:
        if not self.ledger.claim(rule, target, ev):
            return False  # already fired (or being retried) for this event and rule
        return self._deliver(rule, target, ev, event_key(rule, ev))

    def _deliver(self, rule: Rule, target: str, ev: dict, key: str) -> bool:
        body = payload(rule, ev)
        if target == "webhook" and self._down_until.get(rule.webhook, 0.0) > time.time():
            self.ledger.record(rule, key, target, 0, "deferred: webhook failed recently")
            return False
        tries, error = send_with_retries(lambda: self._send(rule, target, body), self.attempts, self.retry_delay,
                                         self.sleep, self.rng, f"{rule.name} -> {target}")
        self.ledger.record(rule, key, target, tries, error)
        if target == "webhook":
            if error is None:
                self._down_until.pop(rule.webhook, None)
            else:
                self._down_until[rule.webhook] = time.time() + self.down_for
        if error is None:
            self.fired += 1
            log.info("alert %s -> %s: %s", rule.name, target, body["summary"])
        return error is None

    def _send(self, rule: Rule, target: str, body: dict) -> None:
        if target == "webhook":
            post_json(rule.webhook, body, allow_private=self.allow_private, timeout=self.timeout,
                      headers={"Idempotency-Key": body["alert_id"]})
        elif target == "jsonl":
            append_jsonl(rule.jsonl, body)

    def retry_failed(self) -> int:
        """Re-deliver failed (and crash-interrupted pending) alerts whose rule still exists."""
        by_name = {r.name: r for r in self.rules}
        delivered = 0
        for rule_name, key, event_pk, target in self.ledger.unfinished(self.max_total_attempts):
            rule = by_name.get(rule_name)
            events = event_rows(self.store.conn, "WHERE e.pk = ?", (event_pk,))
            if rule is None or target not in rule.targets or not events:
                continue
            delivered += self._deliver(rule, target, events[0], key)
        return delivered

    def already_fired(self, rule: Rule, ev: dict) -> bool:
        return self.ledger.has(rule, ev)

    def dry_run(self, events: list[dict]) -> list[tuple[Rule, dict]]:
        """(rule, event) for every match, without delivering or recording anything."""
        return [(rule, ev) for ev in events for rule in self.rules if rule.matches(ev)]


__all__ = ["Rule", "RuleError", "AlertEngine", "AlertLedger", "send_with_retries", "MERGE_WAIT", "load_rules",
           "parse_rule", "event_rows", "event_key", "payload", "summary", "post_json", "MIGRATIONS"]
