"""Read news articles from anything: text/HTML/JSONL files, RSS/Atom feeds, web pages, directories.

``read_sources`` is the single entry point. It never raises for bad input: every source (or one item
of a feed / one line of a JSONL file) that cannot be read becomes a ``SourceFailure`` with a one-line
reason, and reading goes on with the next one. Why so strict about refusing: the later stages are
English-only and expensive, so binary junk, empty pages, foreign-language text, entity bombs and
oversized documents are stopped here with a reason a person can act on (see docs/sources.md).
"""
from __future__ import annotations

import email.utils
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional
from urllib.parse import urlsplit

from .fetch import FetchError, FetchResult, fetch, too_large
from .records import Article, SourceFailure

Item = Article | SourceFailure

TEXT_EXTS = {".txt", ".text", ".md"}
HTML_EXTS = {".html", ".htm", ".xhtml"}
FEED_EXTS = {".xml", ".rss", ".atom", ".rdf"}
JSONL_EXTS = {".jsonl", ".ndjson"}  # .json (object or array) is read whole
FEED_ROOTS = {"rss", "feed", "rdf"}
FEED_MEDIA = {"application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml", "application/x-rss+xml"}
TITLE_MAX_CHARS = 200          # a first line longer than this is body text, not a title
FULL_SUMMARY_CHARS = 1000      # a feed summary this long is taken as the full article
LANG_MIN_WORDS = 12            # below this, language ID is too unreliable to refuse on
LANG_MIN_CONFIDENCE = 0.9      # refuse as non-English only when the detector is this sure
LANG_SAMPLE_CHARS = 4000
FAST_HTML_CHARS = 1_000_000    # a page with more markup is extracted by trafilatura without its fallbacks
_SCRIPT_STYLE = re.compile(r"<(script|style)\b", re.IGNORECASE)


def markup_chars(html: str) -> int:
    """Characters of ``html`` outside ``<script>`` / ``<style>`` elements (an unclosed one runs to the end,
    as a browser reads it). One pass: each search starts after the element before."""
    lower, inside, pos = None, 0, 0
    while (m := _SCRIPT_STYLE.search(html, pos)) is not None:
        lower = html.lower() if lower is None else lower
        end = lower.find("</" + m.group(1).lower(), m.end())
        end = len(html) if end < 0 else end
        inside += end - m.start()
        pos = end + 1
    return len(html) - inside
HEADER_KEYS = {"title", "published", "date", "url", "id"}
# Publication dates outside this range are placeholders (0001-01-01, 9999-12-31) or typos, and the
# times stage computes dates years around the publication date, which would leave Python's date range.
PUBLISHED_MIN, PUBLISHED_MAX = date(1800, 1, 1), date(2199, 12, 31)


class Refused(Exception):
    """A whole source cannot be read; ``str(e)`` is the one-line reason."""


@dataclass(frozen=True)
class Options:
    published: Optional[date]
    allow_private: bool
    max_bytes: int
    fetch_item_pages: bool


def read_sources(sources: Iterable[str | os.PathLike], *, published: date | None = None,
                 allow_private: bool = False, max_bytes: int = 5_000_000,
                 fetch_item_pages: bool = True) -> Iterator[Article | SourceFailure]:
    """Yield one Article per readable document (or feed item / JSONL line), else a SourceFailure.

    ``published`` is the fallback publication date for documents that carry none.
    ``allow_private`` lets URLs reach private/loopback hosts (off: SSRF guard, see wirewatch.fetch).
    ``max_bytes`` caps each file / response (each line for JSONL, which may hold a whole corpus).
    ``fetch_item_pages``: for feed items with only a short summary, fetch and extract the linked page.
    """
    opts = Options(published, allow_private, max_bytes, fetch_item_pages)
    for source in sources:
        yield from guarded(str(source), lambda s=str(source): read_one(s, opts))


def guarded(source: str, make: Callable[[], Iterable[Item]]) -> Iterator[Item]:
    """Run a reader, turning a refusal or any unexpected error into a SourceFailure."""
    try:
        yield from make()
    except (Refused, FetchError) as exc:
        yield SourceFailure(source=source, reason=one_line(str(exc)))
    except OSError as exc:  # permissions, vanished files, I/O errors
        yield SourceFailure(source=source, reason=one_line(f"cannot read: {exc.strerror or exc}"))
    except Exception as exc:  # never let one bad source stop the rest
        yield SourceFailure(source=source, reason=one_line(f"unexpected error: {type(exc).__name__}: {exc}"))


def one_line(text: str) -> str:
    return " ".join(text.split()) or "unknown error"


def read_one(source: str, opts: Options) -> Iterator[Item]:
    """Dispatch one source string: URL, directory or file."""
    if not source.strip():
        raise Refused("empty source name")
    try:
        scheme = urlsplit(source).scheme.lower()
    except ValueError as exc:  # e.g. an unclosed IPv6 bracket
        raise Refused(f"not a URL: {exc}") from None
    if scheme in ("http", "https"):
        yield from read_url(source, opts)
    elif len(scheme) > 1 and "://" in source:
        raise Refused(f"unsupported URL scheme '{scheme}'")
    else:
        path = Path(source)
        if path.is_dir():
            yield from read_directory(path, opts)
        elif path.is_file():
            yield from read_file(path, opts)
        elif path.exists():
            raise Refused("not a regular file or directory")
        else:
            raise Refused("not found: no such file or directory")


# ---------------------------------------------------------------- directories and files

def read_directory(root: Path, opts: Options, seen: Optional[set] = None) -> Iterator[Item]:
    """Recurse in sorted order, skipping hidden entries; each file is guarded on its own."""
    seen = set() if seen is None else seen
    real = root.resolve()
    if real in seen:  # symlink loop
        return
    seen.add(real)
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from guarded(str(entry), lambda e=entry: read_directory(e, opts, seen))
        elif entry.is_file():
            yield from guarded(str(entry), lambda e=entry: read_file(e, opts))


def read_file(path: Path, opts: Options) -> Iterator[Item]:
    """Read one file, choosing the reader by extension and content sniffing."""
    ext = path.suffix.lower()
    if ext in JSONL_EXTS:
        yield from read_jsonl(path, opts)
        return
    size = path.stat().st_size
    if size > opts.max_bytes:
        raise Refused(too_large(size, opts.max_bytes))
    with path.open("rb") as fh:
        data = fh.read(opts.max_bytes + 1)
    if len(data) > opts.max_bytes:  # grew while we looked
        raise Refused(too_large(None, opts.max_bytes))
    yield from read_bytes(data, str(path), opts, id=path.stem, ext=ext)


def read_bytes(data: bytes, source: str, opts: Options, *, id: str, ext: str = "",
               media: Optional[str] = None, charset: Optional[str] = None,
               url: Optional[str] = None) -> Iterator[Item]:
    """Read a document already in memory (file content or HTTP body); ``id`` names it."""
    if not data.strip():
        raise Refused("empty document")
    refuse_binary(data)
    kind = sniff_kind(data, ext, media)
    if kind == "json":
        yield from read_json(data, source, id, opts)
    elif kind == "feed":
        yield from read_feed(data, source, opts, base_url=url)
    elif kind == "jsonl":
        yield from read_jsonl_lines(data.splitlines(), source, id, opts)
    elif kind == "html":
        yield read_html(decode_text(data, charset or html_charset(data)), source, opts, id=id, url=url)
    else:
        yield read_text(decode_text(data, charset), source, opts, id=id, url=url)


def sniff_kind(data: bytes, ext: str, media: Optional[str]) -> str:
    """'feed' | 'html' | 'json' | 'jsonl' | 'text' from content first, then extension / media type."""
    if ext == ".json" or media == "application/json":
        return "json"
    head = data[:4096].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        root = xml_root_name(head)
        if root in FEED_ROOTS or head.startswith("<?xml") or ext in FEED_EXTS or media in FEED_MEDIA:
            return "html" if root == "html" else "feed"
        return "html"
    if ext in HTML_EXTS or media in ("text/html", "application/xhtml+xml"):
        return "html"
    if ext in FEED_EXTS or media in FEED_MEDIA:
        return "feed"
    if head.startswith("{") and looks_like_jsonl(head) and ext not in TEXT_EXTS:
        return "jsonl"
    return "text"


def looks_like_jsonl(head: str) -> bool:
    first = head.split("\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


XML_PROLOG = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>", re.S | re.I)


def xml_root_name(head: str) -> Optional[str]:
    """Local name (lower case) of the first element after prolog, comments and doctype."""
    match = re.search(r"<([A-Za-z_][\w.:-]*)", XML_PROLOG.sub("", head))
    return match.group(1).split(":")[-1].lower() if match else None


# ---------------------------------------------------------------- decoding and checks

def refuse_binary(data: bytes) -> None:
    """NUL bytes mean binary, except in UTF-16/32 text that announces itself with a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    if b"\x00" in data[:65536]:
        raise Refused("binary content (not text)")


def decode_document(data: bytes, declared: Optional[str] = None) -> str:
    """Bytes of a text document -> text, as ``ingest`` reads it (binary refused, see ``decode_text``)."""
    refuse_binary(data)
    return decode_text(data, declared)


def decode_text(data: bytes, declared: Optional[str] = None) -> str:
    """UTF-8 first (BOM stripped), then the declared charset, then charset_normalizer's guess.

    Line endings become ``\\n`` so character offsets are the same on every platform.
    """
    text = try_decode(data, declared)
    if text is None:
        raise Refused("binary content (not text)")
    if control_ratio(text) > 0.01:
        raise Refused("binary content (not text)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def try_decode(data: bytes, declared: Optional[str]) -> Optional[str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", declared):
        if encoding:
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                pass
    return guess_decode(data)


WESTERN = ("cp1252", "latin_1", "iso8859_15")


def guess_decode(data: bytes) -> Optional[str]:
    """charset_normalizer's best match, preferring Western code pages among equally good ones.

    Why: on short English text, cp1250 and cp1252 score the same, and picking cp1250 turns
    'Genève' into 'Genčve'. wirewatch reads English, where Western code pages are far likelier.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if match.encoding in WESTERN and match.chaos <= best.chaos + 0.01:
            best = match
            break
    return str(best)


def control_ratio(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    return bad / max(1, len(sample))


META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def html_charset(data: bytes) -> Optional[str]:
    match = META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii") if match else None


_identifier = None
# Scripts written without spaces between words (Han, kana, Thai, Lao, Myanmar, Khmer): a run of them
# is one regex "word" however long it is, so these characters are counted instead, two to a word.
UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
                      "\u4e00-\u9fff\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words in spaced scripts plus half the characters of unspaced ones (see ``UNSPACED``)."""
    unspaced = len(UNSPACED.findall(text))
    return len(re.findall(r"[^\W\d_]{2,}", UNSPACED.sub(" ", text))) + unspaced // 2


def detect_language(text: str) -> tuple[Optional[str], float]:
    """(most likely language, probability that it is NOT English), or (None, 0) when too short.

    Why 1 - P(English) rather than the top language's probability: for Chinese py3langid spreads
    the probability over zh and its neighbours (zh 0.59, wuu ...), so no single language reaches
    the threshold although English is ruled out.
    """
    global _identifier
    sample = text[:LANG_SAMPLE_CHARS]
    if word_count(sample) < LANG_MIN_WORDS:
        return None, 0.0
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ranked = _identifier.rank(sample)
    english = next((float(p) for lang, p in ranked if lang == "en"), 0.0)
    return ranked[0][0], 1.0 - english


def check_text(text: str) -> str:
    """Refuse empty and confidently non-English text; return the text stripped."""
    text = text.strip()
    if not text:
        raise Refused("empty document")
    lang, not_english = detect_language(text)
    if lang is not None and lang != "en" and not_english >= LANG_MIN_CONFIDENCE:
        raise Refused(f"not English (detected: {lang})")
    return text


# ---------------------------------------------------------------- dates and ids

def parse_date(value: Any) -> Optional[date]:
    """A date from an ISO string / datetime / loose English date string; None if unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    if ISO_START.match(text):
        # ISO-looking but not ISO: keep the date part only when the rest is a plausible time
        # ('2025-10-14 10:00 EST'); '-2025-01-01' and '9999-12-31T99:99' are unreadable
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return None
        return day if ISO_TIME_REST.match(text[10:]) else None
    import dateparser  # slow import: only for non-ISO dates

    parsed = dateparser.parse(text, languages=["en"], settings={
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["custom-formats", "absolute-time"],  # no 'tomorrow': relative to what?
    })
    return parsed.date() if parsed else None


ISO_START = re.compile(r"[+-]|\d{4}-\d")
ISO_TIME_REST = re.compile(r"(?:[T ](?:[01]\d|2[0-3])(?::[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?)?)?"
                           r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?|[A-Z]{2,5})?$")


def in_range(day: date) -> bool:
    return PUBLISHED_MIN <= day <= PUBLISHED_MAX


def out_of_range() -> str:
    return f"out of range ({PUBLISHED_MIN} .. {PUBLISHED_MAX})"


def fallback_date(own: Optional[date], opts: Options) -> Optional[date]:
    """The document's own date, else the caller's fallback; a date out of range is refused."""
    published = own or opts.published
    if published is not None and not in_range(published):
        raise Refused(f"published date {published} {out_of_range()}")
    return published


def url_id(url: str) -> str:
    """Stable id for a URL-addressed document: the same URL always gives the same id."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- plain text

HEADER_LINE = re.compile(r"^([A-Za-z]+):[ \t]*(.*)$")


def split_header(text: str) -> tuple[dict, str]:
    """Optional ``Title: / Published: / URL: / Id:`` lines, then a blank line, before the body.

    Why: a .txt file has nowhere else to carry its publication date, which later stages need to
    resolve 'on Friday'. Only a block made entirely of these keys counts, so ordinary text whose
    first line happens to contain a colon is left alone.
    """
    head, sep, body = text.lstrip("\n").partition("\n\n")
    fields = {}
    for line in head.split("\n"):
        match = HEADER_LINE.match(line.strip())
        if not match or match.group(1).lower() not in HEADER_KEYS:
            return {}, text
        fields[match.group(1).lower()] = match.group(2).strip()
    return (fields, body) if sep and fields else ({}, text)


# Syndication footers that feeds append to item text ("The post X appeared first on Y"): they repeat
# the headline, so events coded from them would duplicate or misdate the article's own events.
FOOTER_LINE = re.compile(
    r"^[ \t]*(?:The post .{3,400}? appeared first on .{1,120}?"
    r"|This (?:article|story|post) (?:was )?(?:originally|first) (?:published|appeared) (?:on|in|at) [^,;]{1,80}?)"
    r"[ \t.]*$", re.MULTILINE)


# Navigation boilerplate inside the text (a "Read more" / "Related stories" heading and the list of other
# stories' headlines after it): plain text, JSONL and feed content keep it, and so does trafilatura on a
# page whose list sits inside <article> (its options favor_precision / include_links do not drop it: checked
# on an invented page, docs/sources.md). Its headlines are other articles' events, so they would be coded as
# this article's, dated by its publication. Linguistic class: navigation text, not prose (review3 item 4b).
NAV_HEADS = (r"read (?:more|also|next)|also read|see also|related(?: (?:stories|articles|coverage|news|content"
             r"|reading|posts|links|topics))?|more (?:stories|news|coverage|headlines|from [^.!?\n]{1,60})"
             r"|most (?:read|popular|viewed|shared)|recommended(?: (?:stories|articles|reading|for you))?"
             r"|you (?:may|might) (?:also )?like")
NAV_HEADING = re.compile(rf"^[ \t]*(?:{NAV_HEADS})[ \t]*:?[ \t]*$", re.IGNORECASE | re.MULTILINE)
# "Read more: <headline>" on one line: the heading with one link (only the heads that introduce a link)
NAV_INLINE = re.compile(r"^[ \t]*(?:read (?:more|also|next)|also read|see also|related(?: stories| articles"
                        r"| coverage)?)[ \t]*:[ \t]*\S[^\n]{0,238}$", re.IGNORECASE | re.MULTILINE)
NAV_ITEM_CHARS = 200  # a longer line is prose, not a link to a story
_NAV_BULLET = re.compile(r"[ \t]*[-*\u2022\u00b7\u25aa\u25ba\u2013>][ \t]+\S")


def _nav_item(line: str) -> bool:
    """A line of a "Related stories" list: a bulleted line, or a short one that does not end a sentence
    (a headline has no full stop; prose has)."""
    text = line.strip()
    if not text or len(text) > NAV_ITEM_CHARS:
        return False
    return bool(_NAV_BULLET.match(line)) or text[-1] not in ".!\"'\u201d"


_FIRST_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*[ \t]*$")


def _wrapped(text: str, line: str, line_end: int) -> bool:
    """Does ``line``, ending at ``line_end``, run on into the next line ("... the army\nsaid, adding ...")?
    A hard-wrapped sentence of prose, not a headline (review4), when all of these hold (review5 finding 3:
    the first word's lower-case letter alone cut a list at "iPhone sales slump" or "eBay to cut jobs"):

    * the next line's first word is all lower case ("said", not a brand such as "iPhone" / "eBay");
    * ``line`` is no bullet item (a bulleted line is a list line whatever follows);
    * the run from the next line ends a sentence (a line ending in . ! ?) before its paragraph ends (a
      blank line or the end of the text): wrapped prose finishes its sentence, a list of headlines does not.
    """
    if line_end >= len(text) or _NAV_BULLET.match(line):
        return False
    word = _FIRST_WORD.match(text, line_end + 1)
    if not word or not word.group().islower():
        return False
    start = line_end + 1
    while start < len(text):
        stop = text.find("\n", start)
        stop = len(text) if stop < 0 else stop
        nxt = text[start:stop]
        if not nxt.strip():
            return False
        if _SENTENCE_END.search(nxt):
            return True
        start = stop + 1
    return False


def nav_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of navigation boilerplate: a heading such as "Read more" or "Related stories"
    and the run of list lines after it (blank lines between them included, the span ends at the last
    item), and a one-line "Read more: <headline>"."""
    spans = [m.span() for m in NAV_INLINE.finditer(text)]
    for m in NAV_HEADING.finditer(text):
        end, pos = m.end(), m.end()
        while pos < len(text):
            nl = text.find("\n", pos + 1)
            line_end = len(text) if nl < 0 else nl
            line = text[pos + 1:line_end]
            if not line.strip():
                pos = line_end
                continue
            if not _nav_item(line) or _wrapped(text, line, line_end):
                break
            end = pos = line_end
        spans.append((m.start(), end))
    return sorted(spans)


def footer_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of syndication footer lines and navigation boilerplate (``nav_spans``) in an
    article's text: kept in the text, but nothing is reported from them."""
    return sorted([m.span() for m in FOOTER_LINE.finditer(text)] + nav_spans(text))


def read_text(text: str, source: str, opts: Options, *, id: str, url: Optional[str] = None) -> Article:
    """A plain-text document: optional header block, title = first line if short."""
    fields, body = split_header(text)
    body = check_text(body)
    title = fields.get("title") or first_line_title(body)
    given = fields.get("published") or fields.get("date")
    published = parse_date(given)
    if given and published is None:
        raise Refused(f"unreadable published date '{given}'")
    if published is not None and not in_range(published):
        raise Refused(f"published date '{given}' {out_of_range()}")
    return Article(id=fields.get("id") or id, text=body, title=title, url=fields.get("url") or url,
                   published=fallback_date(published, opts), source=source)


def first_line_title(text: str) -> Optional[str]:
    first, _, rest = text.partition("\n")
    first = first.strip()
    return first if rest.strip() and 0 < len(first) <= TITLE_MAX_CHARS else None


# ---------------------------------------------------------------- HTML

def extract_html(html: str, url: Optional[str]) -> tuple[str, Optional[str], Optional[date]]:
    """Main text, title and date of a page via trafilatura (boilerplate, nav and ads dropped)."""
    import trafilatura

    # a page with over FAST_HTML_CHARS of markup: trafilatura's fast mode (no readability / justext
    # comparison) in precision focus (no recall retry): on a 4.9 MB page of nav links these took over half
    # the time (docs/sources.md "Big HTML pages"). Inline scripts and styles do not count: they make many
    # ordinary news pages big, and trafilatura drops them first.
    big = len(html) > FAST_HTML_CHARS and markup_chars(html) > FAST_HTML_CHARS
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, fast=big,
                                      favor_precision=big)
    if doc is None or not (doc.text or "").strip():
        return "", getattr(doc, "title", None), None
    title = (doc.title or "").strip() or None
    text = doc.text.strip()
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        text = rest.strip()  # trafilatura repeats the <h1> headline as the first line
    return text, title, parse_date(doc.date)


def read_html(html: str, source: str, opts: Options, *, id: str, url: Optional[str] = None) -> Article:
    text, title, published = extract_html(html, url)
    if not text:
        raise Refused("no article text found in HTML")
    return Article(id=id, text=check_text(text), title=title, url=url,
                   published=fallback_date(published, opts), source=source)


BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
              "section", "article", "pre", "figure", "figcaption", "table", "ul", "ol")


def html_fragment_text(fragment: str) -> str:
    """Text of a feed's HTML content, one paragraph per line.

    Why not trafilatura here: feed content is already the article body, and trafilatura's
    boilerplate rules may drop its short paragraphs or lists.
    """
    import html
    import lxml.html

    if "<" not in fragment:
        return " ".join(html.unescape(fragment).split())
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:
        return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for el in root.iter():  # source line breaks are just spaces in HTML
        el.text = re.sub(r"\s+", " ", el.text) if el.text else el.text
        el.tail = re.sub(r"\s+", " ", el.tail) if el.tail else el.tail
    for el in root.iter(*BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- feeds

def check_xml_safety(data: bytes) -> None:
    """Refuse DTD entity tricks before feedparser sees the bytes (billion laughs, XXE)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            raise Refused(f"XML external entity refused ('{exc.name}' -> {exc.sysid or exc.pubid})") from None
        raise Refused("XML entity expansion refused (possible entity bomb)") from None
    except ExternalReferenceForbidden:
        raise Refused("XML external entity refused") from None
    except (ParseError, ValueError):
        # Not well-formed: feedparser's tolerant parser may still read it, but never with
        # entity declarations in it.
        if re.search(rb"<!ENTITY", data, re.I):  # the whole document: a declaration can come late
            raise Refused("XML entity expansion refused (possible entity bomb)") from None


CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def xml_char(cp: int) -> bool:
    """True when code point ``cp`` is a character XML 1.0 allows (tab, LF, CR and the Char ranges)."""
    return cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF


def clean_char_refs(data: bytes) -> bytes:
    """Replace numeric character references that name no XML character (a surrogate such as
    ``&#xD800;``, a value above U+10FFFF, a control character) with ``&#xFFFD;``.

    Why: one such reference makes the document invalid, and feedparser's loose fallback parser
    then raises (UnicodeEncodeError, "chr() arg not in range") for the whole feed, so one bad
    item lost every other item (review5 finding 1). The item keeps its text, with U+FFFD in
    place of the reference. (A UTF-16/32 feed is left as it is: its references are not ASCII bytes.)
    """
    def sub(m: "re.Match[bytes]") -> bytes:
        digits = (m.group(1) or m.group(2)).lstrip(b"0") or b"0"
        if len(digits) > 8:                      # far above U+10FFFF (and no huge int() to build)
            return b"&#xFFFD;"
        cp = int(digits, 16) if m.group(1) else int(digits)
        return m.group(0) if xml_char(cp) else b"&#xFFFD;"

    return CHAR_REF.sub(sub, data) if b"&#" in data else data


def parse_feed(data: bytes, base_url: Optional[str] = None) -> Any:
    """feedparser's result for a feed already checked by ``check_xml_safety``: bad character
    references are cleaned first, and an exception of feedparser itself is a Refused with its
    reason (never an "unexpected error"). Used by ``read_feed`` and ``watch.parse_entries``."""
    import feedparser

    headers = {"content-location": base_url} if base_url else None
    try:
        return feedparser.parse(clean_char_refs(data), response_headers=headers, sanitize_html=True)
    except Exception as exc:  # noqa: BLE001 - feedparser's loose parser raises many kinds
        raise Refused(f"malformed feed: {type(exc).__name__}: {one_line(str(exc))}") from None


def read_feed(data: bytes, source: str, opts: Options, base_url: Optional[str] = None) -> Iterator[Item]:
    """One Article per feed item; a broken item becomes a SourceFailure and the rest go on."""
    check_xml_safety(data)
    head = data[:4096].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    root = xml_root_name(head)
    if root and root not in FEED_ROOTS:
        raise Refused(f"not a feed: XML root element <{root}> is not RSS or Atom")
    parsed = parse_feed(data, base_url)
    if not parsed.entries:
        if parsed.get("bozo"):
            detail = one_line(str(parsed.get("bozo_exception") or "unreadable XML"))
            raise Refused(f"malformed feed: {detail}")
        raise Refused("empty feed (no items)")
    for index, entry in enumerate(parsed.entries, start=1):
        link = (entry.get("link") or "").strip() or None
        item_source = link or f"{source}#item-{index}"
        yield from guarded(item_source, lambda e=entry, i=index: iter([feed_item(e, i, source, opts)]))


def entry_date(entry: Any) -> Optional[date]:
    """The item's date in the publisher's own time zone.

    Why not feedparser's ``*_parsed``: those are converted to UTC, so a story dated 23:30 -05:00
    on the 14th would become the 15th, and 'on Friday' in its text would resolve a day off.
    """
    for key in ("published", "updated", "created"):
        local = local_date(entry.get(key))
        if local:
            return local
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def local_date(raw: Any) -> Optional[date]:
    """Date part of an RFC 822 (RSS) or ISO 8601 (Atom) timestamp as written, else None."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        return email.utils.parsedate_to_datetime(raw.strip()).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


def entry_full_content(entry: Any) -> str:
    """Text of content:encoded / atom:content (the longest part), '' if the item has none."""
    parts = [c.get("value") or "" for c in entry.get("content") or []]
    texts = [html_fragment_text(p) for p in parts if p.strip()]
    return max(texts, key=len, default="")


def feed_item(entry: Any, index: int, source: str, opts: Options) -> Article:
    """Article for one item; short summaries are replaced by the linked page when it can be read."""
    link = (entry.get("link") or "").strip() or None
    title = one_line(entry.get("title") or "") if entry.get("title") else None
    text = entry_full_content(entry)
    page_problem = None
    if not text:
        summary = html_fragment_text(entry.get("summary") or "")
        text = summary
        if link and opts.fetch_item_pages and len(summary) < FULL_SUMMARY_CHARS:
            page_text, page_problem = item_page_text(link, opts)
            if len(page_text) > len(summary):
                text = page_text
    if not text.strip():
        what = "no text and no link" if not link else "no text (no content or summary)"
        if page_problem:
            what += f", linked page unreadable: {page_problem}"
        raise Refused(f"feed item {index}: {what}")
    try:
        text = check_text(text)
    except Refused as exc:
        raise Refused(f"feed item {index}: {exc}") from None
    key = link or f"{source}#{entry.get('id') or title or index}"
    try:
        published = fallback_date(entry_date(entry), opts)
    except Refused as exc:
        raise Refused(f"feed item {index}: {exc}") from None
    return Article(id=url_id(key), text=text, title=title, url=link, published=published, source=source)


def item_page_text(link: str, opts: Options) -> tuple[str, Optional[str]]:
    """(main text of an item's page, None) or ('', reason): on failure the summary is used."""
    try:
        result = fetch(link, allow_private=opts.allow_private, max_bytes=opts.max_bytes)
        html = decode_document(result.content, result.charset or html_charset(result.content))
        text = extract_html(html, result.final_url)[0]
        return text, None if text else "no article text found in HTML"
    except (FetchError, Refused) as exc:
        return "", str(exc)
    except Exception as exc:  # a bad page must not cost us the item
        return "", f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------- URLs

def read_url(url: str, opts: Options) -> Iterator[Item]:
    """Fetch a page or feed URL and read it by its content (not just its Content-Type)."""
    result: FetchResult = fetch(url, allow_private=opts.allow_private, max_bytes=opts.max_bytes)
    media = result.content_type
    if media and not (media.startswith("text/") or "xml" in media or "json" in media):
        raise Refused(f"unsupported content type '{media}'")
    ext = Path(urlsplit(result.final_url).path).suffix.lower()
    yield from read_bytes(result.content, url, opts, id=url_id(url), ext=ext, media=media,
                          charset=result.charset, url=result.final_url)


# ---------------------------------------------------------------- JSONL

def read_jsonl(path: Path, opts: Options) -> Iterator[Item]:
    """Stream a JSONL file line by line: ``max_bytes`` applies per line, not to the whole corpus."""
    with path.open("rb") as fh:
        yield from read_jsonl_lines(iter_lines(fh, opts.max_bytes), str(path), path.stem, opts)


def iter_lines(fh: Any, max_bytes: int) -> Iterator[bytes]:
    """Lines of a binary file; an over-long line comes out as its first max_bytes+1 bytes."""
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            fh.readline()  # skip the rest of the over-long line (bounded by file size)
        yield line


def read_jsonl_lines(lines: Iterable[bytes], source: str, stem: str, opts: Options) -> Iterator[Item]:
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        seen_any = True
        where = f"{source}:{number}"
        if len(raw) > opts.max_bytes:
            yield SourceFailure(source=where, reason=f"line {number}: {too_large(None, opts.max_bytes)}")
            continue
        try:
            yield jsonl_article(raw, number, source, stem, opts)
        except Refused as exc:
            yield SourceFailure(source=where, reason=one_line(f"line {number}: {exc}"))
        except Exception as exc:  # one bad line must not cost the lines after it
            yield SourceFailure(source=where, reason=one_line(f"line {number}: unexpected error: "
                                                              f"{type(exc).__name__}: {exc}"))
    if not seen_any:
        raise Refused("empty document")


def jsonl_article(raw: bytes, number: int, source: str, stem: str, opts: Options) -> Article:
    """One JSONL line -> Article (see ``row_article``)."""
    return row_article(load_json(raw, "JSON lines"), f"{stem}-{number}", source, opts)


def load_json(data: bytes, what: str = "JSON") -> Any:
    """Parse UTF-8 JSON (a BOM is fine); any failure is a one-line refusal."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Refused(f"not UTF-8 ({what} must be UTF-8)") from None
    except json.JSONDecodeError as exc:  # where: a JSON line is one line, a .json file has many
        at = f"column {exc.colno}" if what == "JSON lines" else f"line {exc.lineno} column {exc.colno}"
        raise Refused(f"invalid JSON: {exc.msg.removesuffix(' at')} at {at}") from None
    except ValueError as exc:
        raise Refused(f"invalid JSON: {exc}") from None
    except RecursionError:  # e.g. 100,000 nested '[': the decoder recurses once per level
        raise Refused("invalid JSON: nested too deeply") from None


def row_article(row: Any, fallback_id: str, source: str, opts: Options) -> Article:
    """A ``{"id","text","title","url","published"}`` object -> Article.

    id: the row's own, else derived from its URL, else ``fallback_id`` (file stem + position).
    """
    if not isinstance(row, dict):
        raise Refused("not a JSON object")
    text = row.get("text")
    if not isinstance(text, str):
        raise Refused("missing 'text'" if text is None else "'text' is not a string")
    url = row.get("url") if isinstance(row.get("url"), str) and row.get("url").strip() else None
    if row.get("published") not in (None, "") and not isinstance(row.get("published"), str):
        # 20251014 or 1728864000 is not read as a date: a number is ambiguous (day? epoch seconds?)
        raise Refused(f"'published' is not a string: {json.dumps(row.get('published'))} (write a date such as "
                      f"\"2025-10-14\")")
    published = parse_date(row.get("published"))
    if row.get("published") not in (None, "") and published is None:
        raise Refused(f"unreadable 'published' value {row.get('published')!r}")
    if published is not None and not in_range(published):
        raise Refused(f"'published' value {row.get('published')!r} {out_of_range()}")
    given_id = row_id(row)  # an id of spaces only is no id, as "" (review5 finding 11: it was stored as '  ')
    art_id = given_id if given_id and given_id.strip() else (url_id(url) if url else fallback_id)
    title = row.get("title") if isinstance(row.get("title"), str) and row.get("title") else None
    return Article(id=art_id, text=check_text(text.replace("\r\n", "\n")), title=title, url=url,
                   published=fallback_date(published, opts), source=source)


def row_id(row: dict) -> Optional[str]:
    """A JSON(L) row's own ``id`` as text: a string as it is, an integer in decimal, None when absent.

    Anything else (a list, object, boolean or fraction) is refused: its Python text (``['a']``) would be
    stored as the id, and no later row could name it.
    """
    value = row.get("id")
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise Refused(f"'id' is not a string or an integer: {json.dumps(value)[:80]}")


def read_json(data: bytes, source: str, stem: str, opts: Options) -> Iterator[Item]:
    """A .json file: one article object, or an array of them (each judged on its own)."""
    value = load_json(data)
    if isinstance(value, dict):
        yield row_article(value, stem, source, opts)
        return
    if not isinstance(value, list):
        raise Refused("JSON is neither an article object nor an array of them")
    if not value:
        raise Refused("empty document")
    for number, row in enumerate(value, start=1):
        try:
            yield row_article(row, f"{stem}-{number}", source, opts)
        except Refused as exc:
            yield SourceFailure(source=f"{source}[{number}]", reason=one_line(f"item {number}: {exc}"))


__all__ = ["read_sources", "Refused", "parse_date", "url_id", "decode_document", "decode_text", "detect_language",
           "load_json", "in_range", "row_id"]
