"""Property-based fuzzing of the input side (issue 10): mutated files, feeds and JSONL lines.

Hypothesis mutates good inputs the project writes itself (a text file with a header, an HTML page, an
RSS feed, JSONL lines): truncation, byte flips, wrong encodings, lone surrogates, huge nesting, control
characters, NUL bytes. Each is fed in-process to ``ingest``, ``extract FILE``, ``extract --jsonl`` and
``modality --jsonl``; feeds whose items are mutated one by one are also served over HTTP (127.0.0.1)
to ``ingest URL`` and to one poll of ``wirewatch watch``.
Properties: nothing escapes as an exception (no traceback), no reason is the catch-all
``unexpected error`` (which would mean a crash was papered over), every input that was not mutated is
stored or answered, and every refused one is named with a one-line reason.

Bounded for CI: a fixed number of examples per property, derandomized (the same examples every run,
so a failure reproduces), no example database written to the working tree.
"""
import contextlib
import hashlib
import ipaddress
import itertools
import json
import re
import socket
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import load_feedserver
from wirewatch import watch
from wirewatch.cli import main
from wirewatch.ingest import ingest
from wirewatch.records import Article, SourceFailure
from wirewatch.sources import read_sources
from wirewatch.store import Store

FUZZ = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

ARTICLES = [
    "Government troops shelled rebel positions near the northern town of Kidal on Monday, killing three "
    "fighters and wounding eleven civilians, a regional official said.",
    "The foreign ministers of two neighbouring states met in the capital on Friday and signed an "
    "agreement to reopen the border crossing to trade, according to a joint communique.",
    "Police fired tear gas at thousands of teachers marching on the parliament on Wednesday to demand "
    "unpaid wages, and arrested forty of them, witnesses said.",
    "The navy intercepted a cargo ship carrying rifles and ammunition off the southern coast on Thursday "
    "and detained its crew of twelve, a military spokesman told reporters.",
]

SEEDS = {
    "text": ("Title: Shelling near Kidal\nPublished: 2025-10-14\n\n" + ARTICLES[0] + "\n").encode(),
    "html": (f"<html><head><title>Border deal</title><meta charset='utf-8'></head><body><article>"
             f"<h1>Border deal</h1><p>{ARTICLES[1]}</p><p>{ARTICLES[2]}</p></article></body></html>").encode(),
    "feed": ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
             + "".join(f"<item><title>Item {n}</title><link>http://127.0.0.1:9/story/{n}</link>"
                       f"<pubDate>Tue, 14 Oct 2025 09:00:00 +0000</pubDate><description>{text}</description></item>"
                       for n, text in enumerate(ARTICLES[2:]))
             + "</channel></rss>").encode(),
}
EXTENSIONS = {"text": ".txt", "html": ".html", "feed": ".xml"}
# The feed's items have only a short summary, so ingest asks for their linked pages: the links are
# loopback literals, which the SSRF guard refuses before any connection (the summary is used).


@pytest.fixture(autouse=True)
def no_dns(monkeypatch):
    """Offline: a byte flip can turn a link's host into a name ('a27.0.0.1'); it does not resolve
    here, as on a machine without DNS, instead of querying the machine's resolver. IP literals (the
    test server on 127.0.0.1) are looked up as usual, which asks no server."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        try:
            ipaddress.ip_address(host.decode() if isinstance(host, bytes) else str(host).strip("[]"))
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (no DNS in tests)") from None
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def mutate(data: bytes, draw) -> bytes:
    """One mutation of ``data``, chosen and parameterised by Hypothesis."""
    kind = draw(st.sampled_from(["truncate", "flip", "encoding", "surrogate", "nesting", "control", "nul",
                                 "garbage"]))
    at = draw(st.integers(0, max(0, len(data) - 1)))
    if kind == "truncate":
        return data[:at]
    if kind == "flip":
        out = bytearray(data)
        for pos in draw(st.lists(st.integers(0, max(0, len(data) - 1)), min_size=1, max_size=8)):
            if out:
                out[pos] ^= draw(st.integers(1, 255))
        return bytes(out)
    if kind == "encoding":
        text = data.decode("utf-8", errors="replace")
        codec = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1", "cp1250"]))
        return text.replace("e", draw(st.sampled_from(["e", "é", "ë", "ę"]))).encode(codec, errors="replace")
    if kind == "surrogate":  # CESU-style surrogate bytes, or a JSON escape of a lone surrogate
        return data[:at] + draw(st.sampled_from([b"\xed\xa0\x80", b"\\ud800", b"\\udfff x"])) + data[at:]
    if kind == "nesting":
        return data[:at] + b"[" * draw(st.integers(1, 5_000)) + data[at:]
    if kind == "control":
        chars = draw(st.text(st.characters(codec="ascii", categories=["Cc"]), min_size=1, max_size=400))
        return data[:at] + chars.encode() + data[at:]
    if kind == "nul":
        return data[:at] + b"\x00" * draw(st.integers(1, 20)) + data[at:]
    return data[:at] + draw(st.binary(min_size=1, max_size=300)) + data[at:]


def assert_named(failures: list) -> None:
    for f in failures:
        assert f.reason and "\n" not in f.reason, f
        assert "unexpected error" not in f.reason, f  # a crash caught by the catch-all


@FUZZ
@given(data=st.data())
def test_ingest_survives_mutated_files(pipeline, data):
    kind = data.draw(st.sampled_from(sorted(SEEDS)))
    raw = mutate(SEEDS[kind], data.draw)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in{EXTENSIONS[kind]}"
        path.write_bytes(raw)
        with Store(Path(tmp) / "w.db") as store:
            report = ingest([str(path)], store, pipeline=pipeline)
            assert report.added or report.duplicates or report.failures  # named either way
            assert_named(report.failures)
            assert store.counts()["articles"] == len(report.added)


def article_row(n: int, text: str) -> dict:
    return {"id": f"good{n}", "text": text, "published": "2025-10-14"}


def predicate_row(n: int, text: str) -> dict:
    """A ``modality --jsonl`` row: the span of the article's third word (its verb or subject)."""
    word = text.split()[2]
    return {"id": f"good{n}", "text": text, "start": text.index(word), "end": text.index(word) + len(word)}


ARTICLE_BAD_LINES = [
    b'{"id": "t", "text": 5}', b'{"id": "t", "text": ["x"]}', b"not json", b"[1, 2]", b"[" * 100_000,
    b'{"id": "t", "text": "x", "published": "9999-12-31"}', b'{"id": "t", "text": "\\ud800"}']
PREDICATE_BAD_LINES = [
    b'{"id": "t", "text": "x", "start": 0}', b'{"id": "t", "text": "x", "start": 0, "end": 9}',
    b'{"id": "t", "text": "x", "start": NaN, "end": 1}', b"not json", b"[" * 100_000, b"[1, 2]"]


@st.composite
def jsonl_file(draw, row_of=article_row, bad_lines=ARTICLE_BAD_LINES):
    """(file bytes, ids of the lines left intact): good lines interleaved with mutated ones."""
    lines, good = [], []
    for n, text in enumerate(ARTICLES):
        row = json.dumps(row_of(n, text)).encode()
        if draw(st.booleans()):
            lines.append(row)
            good.append(f"good{n}")
        else:
            bad = mutate(row, draw).replace(b"\n", b" ").replace(b"\r", b" ")
            lines.append(bad.replace(f"good{n}".encode(), f"bad{n}".encode()))
    lines.append(draw(st.sampled_from(bad_lines)))
    order = draw(st.permutations(range(len(lines))))
    return b"\n".join(lines[i] for i in order) + b"\n", good


@FUZZ
@given(case=jsonl_file())
def test_ingest_jsonl_stores_every_intact_line(pipeline, case):
    raw, good = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        path.write_bytes(raw)
        items = list(read_sources([str(path)]))
        assert all(isinstance(i, (Article, SourceFailure)) for i in items)
        assert_named([i for i in items if isinstance(i, SourceFailure)])
        with Store(Path(tmp) / "w.db") as store:
            report = ingest([str(path)], store, pipeline=pipeline)
            assert_named(report.failures)
            kept = set(report.added) | {new for new, _ in report.duplicates}
            assert set(good) <= kept, (good, report)


@FUZZ
@given(data=st.data())
def test_extract_file_answers_or_names_the_problem(data):
    kind = data.draw(st.sampled_from(sorted(SEEDS)))
    raw = mutate(SEEDS[kind], data.draw)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in{EXTENSIONS[kind]}"
        path.write_bytes(raw)
        r = CliRunner().invoke(main, ["extract", str(path), "--published", "2025-10-14"])
    assert r.exit_code in (0, 1) and (r.exception is None or isinstance(r.exception, SystemExit)), r.output
    if r.exit_code == 0:
        assert set(json.loads(r.stdout)) == {"id", "events", "actors", "places", "times"}
    else:
        assert r.output.startswith("Error: ") and len(r.output.strip().splitlines()) == 1, r.output


def assert_every_line_answered(raw: bytes, good: list, args: list, answer_keys: set) -> list[dict]:
    """Run ``wirewatch ARGS in.jsonl`` on ``raw``: one line out per line in, every intact line answered
    in order, every other one a one-line ``{"id", "error"}``, exit status 1 exactly when one was refused."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        path.write_bytes(raw)
        r = CliRunner().invoke(main, args + [str(path)])
    assert r.exit_code in (0, 1) and (r.exception is None or isinstance(r.exception, SystemExit)), r.output
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(out) == sum(1 for line in raw.split(b"\n") if line.strip())  # one answer per line
    answered = [o["id"] for o in out if "error" not in o]
    in_input_order = sorted(good, key=lambda g: raw.index(f'"id": "{g}"'.encode()))
    assert [i for i in answered if i in good] == in_input_order  # every intact line, in order
    for o in out:
        if "error" in o:
            assert set(o) == {"id", "error"} and o["error"].startswith("line ") and "\n" not in o["error"]
        else:
            assert set(o) == answer_keys
    assert r.exit_code == (1 if any("error" in o for o in out) else 0)
    return out


@FUZZ
@given(case=jsonl_file())
def test_extract_jsonl_answers_every_line_in_order(case):
    assert_every_line_answered(*case, ["extract", "--jsonl"], {"id", "events", "actors", "places", "times"})


@FUZZ
@given(case=jsonl_file(predicate_row, PREDICATE_BAD_LINES))
def test_modality_jsonl_answers_every_line_in_order(case):
    out = assert_every_line_answered(*case, ["modality", "--jsonl"], {"id", "modality"})
    assert all(o["modality"] in ("occurred", "planned", "possible", "negated") for o in out if "error" not in o)


# -- feeds served over HTTP, mutated item by item -----------------------------------------------------
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
BAD_DATES = ["9999-12-31", "0001-01-01T00:00:00Z", "Mon, 99 Oct 2025 09:00:00 GMT", "-2025-01-01", "yesterday"]
FOREIGN = ["Regierungstruppen beschossen am Montag Stellungen der Rebellen nahe der nördlichen Stadt und "
           "töteten drei Kämpfer, wie ein Beamter der Region in einer Erklärung mitteilte.",
           "政府军周一炮击了北部城镇附近的叛军阵地，造成三名武装人员死亡，十一名平民受伤，一名地区官员在声明中说。"]
PATHS = itertools.count()


@st.composite
def feed_items(draw):
    """(items of an RSS feed, numbers of the intact ones): each item intact or mutated on its own -
    its text (any mutation of ``mutate``, kept to characters XML allows), its date, a foreign
    language, or no text at all (with or without a link)."""
    items, intact = [], []
    for n, text in enumerate(ARTICLES, start=1):
        item = {"title": f"Item {n}", "link": f"/story/{n}", "date": "Tue, 14 Oct 2025 09:00:00 +0000",
                "text": text}
        kind = draw(st.sampled_from(["intact", "text", "date", "foreign", "empty", "nothing"]))
        if kind == "intact":
            intact.append(n)
        elif kind == "text":
            item["text"] = XML_ILLEGAL.sub("", mutate(text.encode(), draw).decode("utf-8", errors="replace"))
        elif kind == "date":
            item["date"] = draw(st.sampled_from(BAD_DATES))
        elif kind == "foreign":
            item["text"] = draw(st.sampled_from(FOREIGN))
        else:
            item["text"] = ""
            item["link"] = item["link"] if kind == "empty" else ""
        items.append(item)
    return items, intact


def rss(items: list, base: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>'
            + "".join(f"<item><title>{escape(i['title'])}</title>"
                      + (f"<link>{escape(base + i['link'])}</link>" if i["link"] else "")
                      + f"<pubDate>{escape(i['date'])}</pubDate>"
                      + (f"<content:encoded>{escape(i['text'])}</content:encoded>" if i["text"] else "")
                      + "</item>" for i in items)
            + "</channel></rss>").encode("utf-8")


def served_feed(server, items: list) -> str:
    """A new path on the test server answering exactly these items (its item pages are 404s)."""
    feedserver = load_feedserver()

    class RawFeed(feedserver.Feed):
        def body(self) -> bytes:
            return rss(items, server.url(""))

    path = f"/fuzz/{next(PATHS)}.xml"
    server.feeds[path] = RawFeed()
    return server.url(path)


@contextlib.contextmanager
def served_to_a_new_store(server, items: list):
    """(feed URL on the test server, an empty store) for one example."""
    url = served_feed(server, items)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "w.db") as store:
        yield url, store


def item_id(server, n: int) -> str:
    return hashlib.sha1(server.url(f"/story/{n}").encode()).hexdigest()[:16]


@FUZZ
@given(case=feed_items())
def test_ingest_of_a_feed_url_stores_every_intact_item_and_names_the_others(pipeline, server, case):
    items, intact = case
    with served_to_a_new_store(server, items) as (url, store):
        report = ingest([url], store, pipeline=pipeline, allow_private=True)
        assert_named(report.failures)
        kept = set(report.added) | {new for new, _ in report.duplicates}
        assert {item_id(server, n) for n in intact} <= kept, (intact, report)
        named = {int(m.group(1)) for f in report.failures if (m := re.match(r"feed item (\d+): ", f.reason))}
        for n in range(1, len(items) + 1):  # every item is stored or its refusal names it
            assert n in named or item_id(server, n) in kept, (n, items[n - 1], report)
        assert store.counts()["articles"] == len(report.added)


@FUZZ
@given(case=feed_items())
def test_a_watch_poll_stores_every_intact_item_and_records_the_others(pipeline, server, case):
    items, intact = case
    with served_to_a_new_store(server, items) as (url, store):
        config = watch.WatchConfig(every=600.0, host_delay=0.0, backoff_base=60.0, backoff_max=3600.0,
                                   timeout=5.0, allow_private=True)
        result = watch.Watcher(store, [url], config, pipeline=pipeline).poll(url)
        assert result.status == "200" and not result.error, result
        urls = {row[0] for row in store.conn.execute("SELECT url FROM articles")}
        assert {server.url(f"/story/{n}") for n in intact} <= urls
        failures = [(row[0], row[1]) for row in store.conn.execute("SELECT source, reason FROM ingest_failures")]
        assert_named([SourceFailure(source, reason) for source, reason in failures])
        assert result.new + result.duplicates + result.versions + result.failed == len(items), result
        assert result.failed == len(failures)
