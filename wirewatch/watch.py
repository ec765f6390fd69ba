"""Continuous feed watching: poll RSS/Atom feeds politely, store what is new, fire alerts.

Why a watcher and not a cron'd ``ingest``: a feed re-serves the same items for days, so re-reading
it blindly costs bandwidth (theirs and ours) and analysis time. The watcher sends conditional GETs
(If-None-Match / If-Modified-Since; 304 = nothing new), remembers which items of each feed it has
already handled, waits between requests to one host, and backs off exponentially (with jitter) on
a feed that keeps failing. All of that state lives in the database (tables below), so a restarted
watcher carries on exactly where the last one stopped.

Crash safety: each article is stored in its own transaction *before* its item is marked seen, and a
feed's new ETag / Last-Modified is saved only after every item of that response was handled. A kill
at any point therefore loses nothing (the next poll re-reads the feed) and duplicates nothing (the
store refuses the same content hash twice; other content at a stored URL is stored as an update).

Updated items: an item is seen under its key (guid, else link) AND its stamp (``item_stamp``: a hash
of its dates, title, summary and content as the feed serves them). An item the feed re-serves under
the same guid with another stamp is read again; if its text changed, ingest stores it as an update of
the article at its URL (docs/stories.md "Updates"), else it is an exact duplicate.
"""
from __future__ import annotations

import contextlib
import email.utils
import hashlib
import logging
import random
import re
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Protocol
from urllib.parse import urlsplit

from . import alerts as alerts_mod
from .fetch import FetchError, FetchResult
from .records import Article, Extraction, SourceFailure

log = logging.getLogger("wirewatch.watch")

# Versions 200-299 belong to this module (see store.MIGRATION_MODULES); alert tables come from alerts.py.
MIGRATIONS: list[tuple[int, str]] = [
    (200, """
    CREATE TABLE watch_feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,                          -- validators of the last fully handled 200 response
        last_modified TEXT,
        next_attempt_at REAL,               -- unix time, NULL = due now
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        last_status TEXT,                   -- '200', '304', 'error'
        last_error TEXT,
        last_polled_at REAL,
        last_success_at REAL,
        items_new INTEGER NOT NULL DEFAULT 0,       -- running totals, for `watch` status output
        items_duplicate INTEGER NOT NULL DEFAULT 0,
        polls INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE watch_seen (
        feed_url TEXT NOT NULL,
        item_key TEXT NOT NULL,             -- the item's guid/id, else its link, else a content hash
        link TEXT,
        article_id TEXT,                    -- stored article (new or the existing duplicate), NULL if refused
        outcome TEXT NOT NULL,              -- new | version | update | duplicate | refused
        seen_at REAL NOT NULL,
        PRIMARY KEY (feed_url, item_key)
    );
    """),
    # the stamp an item was seen with (``item_stamp``); NULL for rows of an older release: such a row
    # takes the stamp of the next poll that re-serves its item (``WatchState.is_seen``)
    (201, "ALTER TABLE watch_seen ADD COLUMN stamp TEXT"),
] + alerts_mod.MIGRATIONS

DEFAULT_EVERY = 15 * 60.0


# ---------------------------------------------------------------- configuration and inputs

@dataclass
class WatchConfig:
    """Knobs of the watcher; all durations in seconds.

    A failing feed waits ``backoff_base * 2**(failures-1)`` (capped at ``backoff_max``), of which the
    upper ``jitter`` fraction is random so that many feeds failing together do not retry in lockstep.
    """
    every: float = DEFAULT_EVERY
    host_delay: float = 2.0
    backoff_base: Optional[float] = None    # None = ``every``: a failing feed never retries faster than normal
    backoff_max: float = 6 * 3600.0
    jitter: float = 0.5
    timeout: float = 15.0
    allow_private: bool = False
    max_bytes: int = 5_000_000
    fetch_item_pages: bool = True

    @property
    def base(self) -> float:
        return self.every if self.backoff_base is None else self.backoff_base


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$", re.I)
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str | float) -> float:
    """'15m', '30s', '2h', '1d', '500ms' or a plain number of seconds -> seconds."""
    if isinstance(text, (int, float)):
        return float(text)
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(f"not a duration: {text!r} (use e.g. 30s, 15m, 2h)")
    return float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]


def read_feeds_file(path: str | Path) -> list[str]:
    """Feed URLs, one per line; blank lines and ``#`` comments ignored, duplicates dropped."""
    urls: list[str] = []
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        fields = raw.split()
        if not fields or fields[0].startswith("#"):
            continue
        line = fields[0]  # anything after the URL on the line is a comment
        scheme = urlsplit(line).scheme.lower()
        if scheme not in ("http", "https"):
            raise ValueError(f"{path}:{number}: not an http(s) feed URL: {line!r}")
        if line not in urls:
            urls.append(line)
    return urls


def backoff_delay(failures: int, config: WatchConfig, rng: random.Random) -> float:
    """Seconds to wait after the ``failures``-th consecutive failure (exponential, capped, jittered)."""
    raw = min(config.backoff_max, config.base * 2.0 ** min(max(0, failures - 1), 60))  # no float overflow
    return raw * (1 - config.jitter) + rng.uniform(0, raw * config.jitter)


# ---------------------------------------------------------------- persisted state

@dataclass
class FeedState:
    url: str
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    next_attempt_at: Optional[float] = None
    consecutive_failures: int = 0
    last_status: Optional[str] = None
    last_error: Optional[str] = None
    last_polled_at: Optional[float] = None
    last_success_at: Optional[float] = None


class WatchState:
    """Reads and writes the watch_* tables of a store (each write is its own short transaction)."""

    def __init__(self, store: Any):
        self.store = store
        self.conn = store.conn

    def feed(self, url: str) -> FeedState:
        row = self.conn.execute("SELECT * FROM watch_feeds WHERE url = ?", (url,)).fetchone()
        if row is None:
            return FeedState(url)
        return FeedState(**{k: row[k] for k in FeedState.__dataclass_fields__})

    def feeds(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM watch_feeds ORDER BY url")]

    def save(self, st: FeedState, new: int = 0, duplicates: int = 0) -> None:
        with self.store.transaction() as c:
            c.execute(
                "INSERT INTO watch_feeds (url, etag, last_modified, next_attempt_at, consecutive_failures,"
                " last_status, last_error, last_polled_at, last_success_at, items_new, items_duplicate, polls)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,1) ON CONFLICT(url) DO UPDATE SET etag=excluded.etag,"
                " last_modified=excluded.last_modified, next_attempt_at=excluded.next_attempt_at,"
                " consecutive_failures=excluded.consecutive_failures, last_status=excluded.last_status,"
                " last_error=excluded.last_error, last_polled_at=excluded.last_polled_at,"
                " last_success_at=excluded.last_success_at, items_new=watch_feeds.items_new+excluded.items_new,"
                " items_duplicate=watch_feeds.items_duplicate+excluded.items_duplicate, polls=watch_feeds.polls+1",
                (st.url, st.etag, st.last_modified, st.next_attempt_at, st.consecutive_failures,
                 st.last_status, st.last_error, st.last_polled_at, st.last_success_at, new, duplicates))

    def is_seen(self, feed_url: str, key: str, stamp: Optional[str] = None) -> bool:
        """Whether this item was handled with this stamp; an item re-served with another stamp (it was
        updated) is not seen. A row of an older release (no stamp) counts as seen and takes ``stamp``."""
        row = self.conn.execute("SELECT stamp FROM watch_seen WHERE feed_url = ? AND item_key = ?",
                                (feed_url, key)).fetchone()
        if row is None:
            return False
        if row[0] is None and stamp is not None:
            with self.store.transaction() as c:
                c.execute("UPDATE watch_seen SET stamp = ? WHERE feed_url = ? AND item_key = ? AND stamp IS NULL",
                          (stamp, feed_url, key))
            return True
        return stamp is None or row[0] == stamp

    def mark_seen(self, feed_url: str, key: str, link: Optional[str], article_id: Optional[str],
                  outcome: str, stamp: Optional[str] = None) -> None:
        with self.store.transaction() as c:
            c.execute("INSERT INTO watch_seen (feed_url, item_key, link, article_id, outcome, seen_at, stamp)"
                      " VALUES (?,?,?,?,?,?,?) ON CONFLICT (feed_url, item_key) DO UPDATE SET link = excluded.link,"
                      " article_id = excluded.article_id, outcome = excluded.outcome, seen_at = excluded.seen_at,"
                      " stamp = excluded.stamp",
                      (feed_url, key, link, article_id, outcome, time.time(), stamp))


# ---------------------------------------------------------------- storing articles

class PipelineLike(Protocol):
    def extract_many(self, rows: list[dict]) -> Iterator[Extraction]: ...


class ArticleSink:
    """Hands one already-fetched Article to ``wirewatch.ingest.ingest_items`` and says what became of it.

    Going through ingest keeps one set of rules for every way in: exact duplicates (content hash)
    skipped before analysis, other content at a stored URL stored and analysed as an update,
    near-duplicates stored as versions without analysis, article and
    events in one transaction, then event merging and story assignment (``wirewatch.stories``).
    """

    def __init__(self, store: Any, pipeline: Optional[PipelineLike] = None):
        self.store = store
        self._pipeline = pipeline

    @property
    def pipeline(self) -> PipelineLike:
        if self._pipeline is None:  # spaCy loads in seconds: only when a first unseen item arrives
            from .pipeline import Pipeline
            self._pipeline = Pipeline()
        return self._pipeline

    def add(self, article: Article) -> tuple[str, str, Optional[int]]:
        """('new' | 'version' | 'update', stored id, article pk) or ('duplicate', id of the stored copy, None).

        Raises StoreFailed when the article could not be stored (worth retrying on the next poll).
        """
        from .ingest import ingest_items

        dup = self.store.find_duplicate(article)  # cheap check first: no spaCy load for re-served items
        if dup is not None and self.store.undated_copy(article) is None:  # (else ingest dates the copy)
            return "duplicate", dup, None
        report = ingest_items([article], self.store, pipeline=self.pipeline)
        if report.duplicates:
            return "duplicate", report.duplicates[0][1], None
        if not report.added:
            reason = report.failures[0].reason if report.failures else "not stored"
            raise StoreFailed(reason)
        stored_id = report.added[0]
        pk = self.store.conn.execute("SELECT pk FROM articles WHERE id = ?", (stored_id,)).fetchone()[0]
        return ("update" if report.updates else "version" if report.versions else "new"), stored_id, pk


class StoreFailed(Exception):
    """An article could not be stored (the reason is already recorded in ingest_failures)."""


# ---------------------------------------------------------------- politeness

class HostGate:
    """At least ``delay`` seconds between the end of one request to a host and the start of the next."""

    def __init__(self, delay: float, clock: Callable[[], float], sleep: Callable[[float], None]):
        self.delay, self.clock, self.sleep = delay, clock, sleep
        self.last: dict[str, float] = {}
        self.waited = 0.0

    def wait(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        pause = self.last.get(host, float("-inf")) + self.delay - self.clock()
        if pause > 0:
            log.debug("politeness: waiting %.2fs before next request to %s", pause, host)
            self.waited += pause
            self.sleep(pause)

    def done(self, url: str) -> None:
        self.last[(urlsplit(url).hostname or "").lower()] = self.clock()


# ---------------------------------------------------------------- fetching

class RetryLater(FetchError):
    """A 429 / 503 answer; ``retry_after`` is the server's Retry-After in seconds (None if absent)."""

    def __init__(self, reason: str, retry_after: Optional[float]):
        super().__init__(reason)
        self.retry_after = retry_after


def retry_after_seconds(value: Optional[str], now: float) -> Optional[float]:
    """Retry-After as seconds from ``now``: delta-seconds or an HTTP date; None if absent/unreadable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, IndexError):
        return None


def get_feed(url: str, *, allow_private: bool, max_bytes: int, timeout: float, headers: dict) -> FetchResult:
    """``wirewatch.fetch.fetch`` (same SSRF guard, pinning, caps, redirects, FetchError for anything
    that goes wrong) that also keeps the Retry-After of a 429 / 503, which ``fetch`` drops: a server
    asking us to slow down is obeyed."""
    from . import fetch as f

    def retry_later(response: Any) -> None:
        if response.status_code in (429, 503):
            raise RetryLater(f"HTTP {response.status_code} {response.reason_phrase or ''}".strip(),
                             retry_after_seconds(response.headers.get("retry-after"), time.time()))

    return f.fetch(url, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout, headers=dict(headers),
                   check=retry_later)


# ---------------------------------------------------------------- feed parsing

class FeedProblem(Exception):
    """The feed response cannot be read as a feed (counts as a failure: backoff)."""


def parse_entries(result: FetchResult) -> list[Any]:
    """feedparser entries of a fetched feed, with the same safety checks as ``sources.read_feed``."""
    from . import sources

    data = result.content
    if not data.strip():
        raise FeedProblem("empty response")
    try:
        sources.refuse_binary(data)
        sources.check_xml_safety(data)
    except sources.Refused as exc:
        raise FeedProblem(str(exc)) from None
    head = data[:4096].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    root = sources.xml_root_name(head)
    if root not in sources.FEED_ROOTS:
        raise FeedProblem(f"not a feed: root element <{root}>" if root else "not a feed: no XML element")
    try:
        parsed = sources.parse_feed(data, result.final_url)
    except sources.Refused as exc:
        raise FeedProblem(str(exc)) from None
    if not parsed.entries and parsed.get("bozo"):
        raise FeedProblem("malformed feed: " + " ".join(str(parsed.get("bozo_exception")).split()))
    return list(parsed.entries)


def item_key(entry: Any) -> str:
    """What identifies an item across polls: guid/id, else link, else a hash of title + summary."""
    for k in ("id", "link"):
        value = (entry.get(k) or "").strip()
        if value:
            return value
    blob = f"{entry.get('title') or ''}\n{entry.get('summary') or ''}"
    return "sha1:" + hashlib.sha1(blob.encode("utf-8")).hexdigest()


def item_keys(entries: list[Any]) -> list[str]:
    """``item_key`` of each entry of one response, made unique within it: entries that share a key (a
    feed that gives every item the same guid, "0") are keyed by key + link, and any still shared by
    key + link + ``item_stamp``. Without this ``watch_seen`` kept one row for all of them, so every poll
    found them unseen and read them all again (review5 finding 8)."""
    keys = [item_key(e) for e in entries]
    for extra in (lambda e: (e.get("link") or "").strip(), item_stamp):
        counts = Counter(keys)
        keys = [f"{k}\n{extra(e)}" if counts[k] > 1 else k for k, e in zip(keys, entries)]
    return keys


def item_stamp(entry: Any) -> str:
    """What changes when the feed updates an item: a hash of its dates, title, summary and content."""
    get = (lambda k: dict.get(entry, k)) if isinstance(entry, dict) else entry.get  # no feedparser alias warning
    parts = [str(get(k) or "") for k in ("updated", "published", "title", "summary")]
    parts += [str(c.get("value") or "") for c in get("content") or [] if isinstance(c, dict)]
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def needs_item_page(entry: Any) -> bool:
    """True when ``sources.feed_item`` will fetch the item's page (so politeness applies to it)."""
    from . import sources

    if not (entry.get("link") or "").strip() or sources.entry_full_content(entry):
        return False
    return len(sources.html_fragment_text(entry.get("summary") or "")) < sources.FULL_SUMMARY_CHARS


# ---------------------------------------------------------------- the watcher

@dataclass
class PollResult:
    """What one poll of one feed did; ``str()`` is its log line."""
    feed: str
    status: str                      # '200', '304', 'error', 'stopped'
    new: int = 0
    duplicates: int = 0
    versions: int = 0                # near-duplicates stored as versions of an earlier article
    seen: int = 0
    failed: int = 0                  # items that could not be read or stored
    error: Optional[str] = None
    failures: int = 0                # consecutive failures of the feed after this poll
    backoff: Optional[float] = None  # seconds, when this poll failed
    retry_after: Optional[float] = None  # the server's Retry-After (429/503), seconds
    next_at: Optional[float] = None

    def __str__(self) -> str:
        nxt = datetime.fromtimestamp(self.next_at, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") \
            if self.next_at is not None else "-"
        line = (f"poll {self.feed} status={self.status} new={self.new} dup={self.duplicates} "
                f"ver={self.versions} seen={self.seen} failed={self.failed} next={nxt}")
        if self.error is not None:
            line += f" failures={self.failures} backoff={self.backoff:.1f}s error=\"{self.error}\""
        return line


@dataclass
class RunTotals:
    cycles: int = 0
    polls: int = 0
    new: int = 0
    duplicates: int = 0
    versions: int = 0
    seen: int = 0
    failed_items: int = 0
    failed_polls: int = 0
    not_modified: int = 0
    backoffs: int = 0
    alerts: int = 0
    results: list = field(default_factory=list)

    def add(self, r: PollResult) -> None:
        self.polls += 1
        self.new += r.new
        self.duplicates += r.duplicates
        self.versions += r.versions
        self.seen += r.seen
        self.failed_items += r.failed
        self.not_modified += r.status == "304"
        if r.error is not None:
            self.failed_polls += 1
            self.backoffs += 1
        self.results.append(r)


class _Interrupted(Exception):
    """Stop requested between two articles: leave the feed's validators unchanged."""


class Schedule:
    """When each feed is due and how long a failing one waits: the schedule and the backoff.

    A normal schedule has a little slack (a tenth of the interval, at most a minute) so that feeds
    which drifted apart by politeness waits are still polled together in one cycle; a backoff has none.
    """

    def __init__(self, config: WatchConfig, clock: Callable[[], float], rng: random.Random):
        self.config, self.clock, self.rng = config, clock, rng

    @property
    def slack(self) -> float:
        return min(0.1 * self.config.every, 60.0)

    def is_due(self, st: FeedState, now: float, respect_schedule: bool) -> bool:
        if st.next_attempt_at is None:
            return True
        if st.consecutive_failures:  # backing off: never early
            return st.next_attempt_at <= now
        return not respect_schedule or st.next_attempt_at <= now + self.slack

    def next_due(self, states: list[FeedState]) -> float:
        """Earliest next_attempt_at of ``states`` (now for a feed never polled)."""
        times = [st.next_attempt_at for st in states]
        return min((t if t is not None else float("-inf")) for t in times) if times else self.clock()

    def settle(self, st: FeedState, result: "PollResult") -> None:
        """Set the feed's next attempt from what its poll did: at once after a stop, after a jittered
        exponential backoff (never sooner than a Retry-After, at most a day) after a failure, after
        the normal interval after a success."""
        now = self.clock()
        st.last_polled_at = now
        if result.status == "stopped":
            st.next_attempt_at = now  # resume this feed first on restart
        elif result.error is not None:
            st.consecutive_failures += 1
            result.backoff = backoff_delay(st.consecutive_failures, self.config, self.rng)
            if result.retry_after is not None:  # the server said when: never sooner, at most a day
                result.backoff = max(result.backoff, min(result.retry_after, 86400.0))
            st.next_attempt_at = now + result.backoff
            st.last_status, st.last_error = "error", result.error
        else:
            st.consecutive_failures = 0
            st.next_attempt_at = now + self.config.every
            st.last_status, st.last_error, st.last_success_at = result.status, None, now
        result.failures, result.next_at = st.consecutive_failures, st.next_attempt_at


class FeedFetcher:
    """The conditional, polite GET of one feed (validators from its state, one request per host at a time)."""

    def __init__(self, config: WatchConfig, gate: HostGate, stopping: Callable[[], bool]):
        self.config, self.gate, self.stopping = config, gate, stopping

    def get(self, st: FeedState) -> Optional[FetchResult]:
        """The response (200 or 304), None when asked to stop during the politeness wait (no request
        is started then); FetchError / RetryLater when the fetch failed."""
        headers = {}
        if st.etag:
            headers["If-None-Match"] = st.etag
        if st.last_modified:
            headers["If-Modified-Since"] = st.last_modified
        self.gate.wait(st.url)
        if self.stopping():
            return None
        try:
            return get_feed(st.url, allow_private=self.config.allow_private, max_bytes=self.config.max_bytes,
                            timeout=self.config.timeout, headers=headers)
        finally:
            self.gate.done(st.url)


class ItemHandler:
    """Turns the unseen items of a fetched feed into stored articles, each marked seen after it is stored.

    ``stored`` is called after each new article or version (the watcher runs the alerts there)."""

    def __init__(self, state: WatchState, sink: ArticleSink, gate: HostGate, config: WatchConfig,
                 stopping: Callable[[], bool], stored: Callable[[], None]):
        self.state, self.sink, self.gate, self.config = state, sink, gate, config
        self.stopping, self.stored = stopping, stored

    def handle(self, feed: str, entries: list[Any], result: "PollResult") -> None:
        """Store each unseen item; raise _Interrupted if asked to stop, so validators are not saved."""
        transient = 0
        for index, (entry, key) in enumerate(zip(entries, item_keys(entries)), start=1):
            stamp = item_stamp(entry)
            if self.state.is_seen(feed, key, stamp):
                result.seen += 1
                continue
            if self.stopping():
                raise _Interrupted()
            transient += not self.handle_item(feed, key, index, entry, result, stamp)
        if transient:  # an item must be retried: keep the old validators so the next poll re-reads all
            raise FeedProblem(f"{transient} item(s) could not be stored; feed will be re-read")

    def read_item(self, feed: str, index: int, entry: Any) -> Article:
        """The item as an Article (its page fetched, politely, when it has only a summary)."""
        from . import sources

        link = (entry.get("link") or "").strip() or None
        opts = sources.Options(None, self.config.allow_private, self.config.max_bytes,
                               self.config.fetch_item_pages)
        page = bool(link) and self.config.fetch_item_pages and needs_item_page(entry)
        if page:  # the item's own page will be fetched: same politeness as for feeds
            self.gate.wait(link)
            if self.stopping():  # woken by a stop request: no new request, item stays unseen
                raise _Interrupted()
        try:
            return sources.feed_item(entry, index, feed, opts)
        finally:
            if page:
                self.gate.done(link)

    def handle_item(self, feed: str, key: str, index: int, entry: Any, result: "PollResult",
                    stamp: Optional[str] = None) -> bool:
        """Read, store and mark one item. False when it failed in a way worth retrying."""
        link = (entry.get("link") or "").strip() or None
        try:
            article = self.read_item(feed, index, entry)
        except _Interrupted:
            raise
        except Exception as exc:  # Refused or a parser surprise: permanent for this item
            reason = " ".join(str(exc).split()) or type(exc).__name__
            self.sink.store.record_failure(SourceFailure(link or f"{feed}#item-{index}", reason))
            self.state.mark_seen(feed, key, link, None, "refused", stamp)
            result.failed += 1
            log.info("item refused %s: %s", link or f"{feed}#item-{index}", reason)
            return True
        try:
            outcome, article_id, pk = self.sink.add(article)
        except Exception as exc:  # store trouble (disk full, locked): retry on the next poll
            result.failed += 1
            log.error("could not store %s: %s", article.url or article.id, " ".join(str(exc).split()))
            return False
        self.state.mark_seen(feed, key, link, article_id, outcome, stamp)
        if outcome in ("new", "version", "update"):
            result.new += outcome == "new"
            result.versions += outcome in ("version", "update")
            self.stored()
        else:
            result.duplicates += 1
            log.debug("duplicate %s: already stored as %s", article.url or article.id, article_id)
        return True


class Watcher:
    """Polls ``feeds`` into ``store``. ``clock``/``sleep``/``rng`` are injectable for tests.

    ``alerts`` is an :class:`wirewatch.alerts.AlertEngine` (or None); it sees every newly stored article.
    The parts: ``schedule`` (when, backoff), ``fetcher`` (the GET), ``parse_entries`` (the feed),
    ``items`` (each item stored), ``state`` (the tables); the watcher runs the cycles and keeps totals.
    """

    def __init__(self, store: Any, feeds: list[str], config: Optional[WatchConfig] = None, *,
                 pipeline: Optional[PipelineLike] = None, alerts: Optional["alerts_mod.AlertEngine"] = None,
                 clock: Callable[[], float] = time.time, sleep: Optional[Callable[[float], None]] = None,
                 rng: Optional[random.Random] = None):
        self.store = store
        self.feeds = list(dict.fromkeys(feeds))
        self.config = config or WatchConfig()
        self.state = WatchState(store)
        self.sink = ArticleSink(store, pipeline)
        self.alerts = alerts
        self.clock = clock
        self._stop = threading.Event()
        self.sleep = sleep or self._interruptible_sleep
        self.rng = rng or random.Random()
        self.gate = HostGate(self.config.host_delay, clock, self.sleep)
        self.totals = RunTotals()
        self.schedule = Schedule(self.config, clock, self.rng)
        self.fetcher = FeedFetcher(self.config, self.gate, lambda: self.stopping)
        self.items = ItemHandler(self.state, self.sink, self.gate, self.config, lambda: self.stopping,
                                 self._article_stored)

    # -- control ---------------------------------------------------------------------------------
    def _interruptible_sleep(self, seconds: float) -> None:
        """Sleep until ``seconds`` pass or stop() is called, waking at least every half second.

        Why the slices: a signal may be delivered to a native thread (a BLAS pool, say) instead of the
        main one, and then nothing interrupts a long wait; Python only runs the handler once the main
        thread executes bytecode again."""
        deadline = time.monotonic() + max(0.0, seconds)
        while not self._stop.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self._stop.wait(min(remaining, 0.5))

    def stop(self) -> None:
        """Ask the watcher to stop after the article in hand (safe from a signal handler)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self, *, once: bool = False, max_cycles: Optional[int] = None) -> RunTotals:
        """Poll until stopped (or one cycle with ``once``, or ``max_cycles`` cycles).

        A cycle sleeps until the earliest feed is due, then polls every due feed. ``once`` (for cron)
        polls every feed now, except those still waiting out an error backoff.
        """
        cycles = 0
        while not self.stopping and (max_cycles is None or cycles < max_cycles):
            if not once:
                self._sleep_until(self.next_due())
                if self.stopping:
                    break
            self.run_cycle(respect_schedule=not once)
            cycles += 1
            self.totals.cycles += 1
            if once:
                break
        return self.totals

    def run_cycle(self, respect_schedule: bool = True) -> list[PollResult]:
        """Poll every feed that is due (or, without schedule, every feed not in backoff)."""
        now = self.clock()
        results = []
        for url in self.feeds:
            if self.stopping:
                break
            if self.schedule.is_due(self.state.feed(url), now, respect_schedule):
                results.append(self.poll(url))
        if self.alerts is not None and not self.stopping:
            self.totals.alerts += self.alerts.catch_up()  # events stored by other writers, or missed by a kill
            self.alerts.retry_failed()
        return results

    def next_due(self) -> float:
        """Earliest next_attempt_at over the watched feeds (now for a feed never polled)."""
        return self.schedule.next_due([self.state.feed(u) for u in self.feeds])

    def _sleep_until(self, when: float) -> None:
        pause = when - self.clock()
        if pause > 0:
            self.sleep(pause)

    # -- one poll --------------------------------------------------------------------------------
    def poll(self, url: str) -> PollResult:
        """Conditional GET of one feed, store its new items, update and persist the feed's state."""
        st = self.state.feed(url)
        result = PollResult(feed=url, status="error")
        try:
            response = self.fetcher.get(st)
            if response is None:  # asked to stop during the politeness wait: no request was made
                result.status = "stopped"
            else:
                result.status = str(response.status)
                if response.status != 304:
                    self.items.handle(url, parse_entries(response), result)
                    st.etag = response.headers.get("etag") or None
                    st.last_modified = response.headers.get("last-modified") or None
        except (FetchError, FeedProblem) as exc:
            result.status, result.error = "error", " ".join(str(exc).split())
            result.retry_after = getattr(exc, "retry_after", None)
        except _Interrupted:
            result.status = "stopped"
        except Exception as exc:  # a surprise from one feed (a parser bug, say) must not stop the others
            log.exception("unexpected error polling %s", url)
            result.status, result.error = "error", f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())}"
        return self._finish(st, result)

    def _finish(self, st: FeedState, result: PollResult) -> PollResult:
        self.schedule.settle(st, result)
        self.state.save(st, result.new, result.duplicates)
        self.totals.add(result)
        (log.warning if result.error is not None else log.info)("%s", result)
        return result

    def _article_stored(self) -> None:
        if self.alerts is not None:
            self.totals.alerts += self.alerts.catch_up()  # the events just stored (and any missed)


# ---------------------------------------------------------------- process plumbing

@contextlib.contextmanager
def stop_on_signals(watcher: Watcher) -> Iterator[None]:
    """SIGINT/SIGTERM ask the watcher to stop cleanly; a second one exits at once.

    Installed in the main thread only; the previous handlers are restored afterwards.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: Any) -> None:
        name = signal.Signals(signum).name
        if watcher.stopping:  # a second signal: the user will not wait (open transactions roll back)
            log.warning("received %s again: exiting now", name)
            raise SystemExit(128 + signum)
        log.info("received %s: stopping after the current article (again to exit at once)", name)
        # Not watcher.stop() here: the handler may interrupt the main thread inside Event.wait() while it
        # holds the event's lock, and setting the event from the same thread would deadlock on that lock.
        threading.Thread(target=watcher.stop, name="wirewatch-stop", daemon=True).start()

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def setup_logging(log_file: Optional[str] = None, verbose: bool = False) -> None:
    """One line per event to stderr, and to ``log_file`` too when given."""
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    root = logging.getLogger("wirewatch")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for old in [h for h in root.handlers if getattr(h, "_wirewatch_watch", False)]:  # called again: replace
        root.removeHandler(old)
        old.close()
    for h in handlers:
        h.setFormatter(fmt)
        h._wirewatch_watch = True  # type: ignore[attr-defined]
        root.addHandler(h)


__all__ = ["MIGRATIONS", "WatchConfig", "Watcher", "Schedule", "FeedFetcher", "ItemHandler", "WatchState", "FeedState", "PollResult", "RunTotals",
           "ArticleSink", "StoreFailed", "HostGate", "get_feed", "RetryLater", "parse_duration", "read_feeds_file", "backoff_delay", "parse_entries",
           "item_key", "item_keys", "item_stamp", "stop_on_signals", "setup_logging"]
