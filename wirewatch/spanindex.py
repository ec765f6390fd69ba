"""Per-document indexes of mention lists, so that per-event look-ups cost O(log n) and not O(n).

An event stage asks, for each trigger, "which place lies in this sentence?", "which actor covers this
token?": scanning the whole mention list each time makes extraction quadratic in the text's length.
``index(doc, items)`` builds a sorted index of ``items`` (records with ``start``/``end`` character
offsets) once and keeps it in ``doc.user_data`` (so it lives exactly as long as the document); it is
rebuilt if the list grows or shrinks. Results come back in the list's own order, so callers that pick
the first or best match in list order decide exactly as a full scan would.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Sequence, TypeVar

from spacy.tokens import Doc, Span

T = TypeVar("T")
_KEY = "wirewatch_index"


class SpanIndex:
    """Items sorted by start offset, answering range and covering queries in list order."""

    def __init__(self, items: Sequence):
        self.items = items
        self.order = sorted(range(len(items)), key=lambda i: items[i].start)
        self.starts = [items[i].start for i in self.order]
        self.longest = max((items[i].end - items[i].start for i in self.order), default=0)

    def starting_in(self, lo: int, hi: int) -> list:
        """Items with ``lo <= start < hi``, in list order."""
        a, b = bisect_left(self.starts, lo), bisect_left(self.starts, hi)
        return [self.items[i] for i in sorted(self.order[a:b])]

    def covering(self, pos: int) -> list:
        """Items with ``start <= pos < end``, in list order."""
        a, b = bisect_left(self.starts, pos - self.longest), bisect_right(self.starts, pos)
        return [self.items[i] for i in sorted(self.order[a:b]) if pos < self.items[i].end]


def cached(doc: Doc, name: str, owner: object, build: Callable[[], T]) -> T:
    """``build()`` once per (document, ``name``, ``owner`` object); rebuilt when ``owner``'s length changes."""
    store = doc.user_data.setdefault(_KEY, {})
    key = (name, id(owner))
    size = len(owner) if hasattr(owner, "__len__") else None
    hit = store.get(key)
    if hit is not None and hit[0] is owner and hit[1] == size:
        return hit[2]
    value = build()
    store[key] = (owner, size, value)  # holding ``owner`` keeps its id from being reused meanwhile
    return value


def index(doc: Doc, items: Sequence) -> SpanIndex:
    """The SpanIndex of ``items`` (places, actors, times of ``doc``), built once."""
    return cached(doc, "spans", items, lambda: SpanIndex(items))


def _span_memo(span: Span, name: str, build: Callable[[], T]) -> T:
    """``build()`` once per (document, ``name``, token range of ``span``)."""
    store = span.doc.user_data.setdefault(_KEY, {})
    key = (name, span.start, span.end)
    if key not in store:
        store[key] = build()
    return store[key]


def span_words(span: Span) -> frozenset:
    """The words of ``span`` (a sentence, mostly) in lower case, as written and as lemmas.

    Built once per document and token range: the event stages ask it of the same sentence for each
    trigger in it (contexts, sub-type, fire, casualties, disasters), and each pass over a Span makes
    a Python object of every token."""
    return _span_memo(span, "words", lambda: frozenset({t.lower_ for t in span} | {t.lemma_.lower() for t in span}))


def doc_text(doc: Doc) -> str:
    """``doc.text``, which spaCy rebuilds from every token on each access, computed once."""
    store = doc.user_data.setdefault(_KEY, {})
    if "text" not in store:  # a Doc's text never changes (retokenizing keeps it)
        store["text"] = doc.text
    return store["text"]


class Occupied:
    """Character ranges taken so far: testing and marking a range costs its length, not the number
    of ranges already taken (a list of ranges scanned per mention is quadratic in a long text)."""

    def __init__(self, size: int, ranges: Sequence[tuple[int, int]] = ()):
        self._mask = bytearray(size)
        for start, end in ranges:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        return self._mask.find(1, start, end) != -1

    def add(self, start: int, end: int) -> None:
        if end > len(self._mask):
            self._mask.extend(bytes(end - len(self._mask)))
        self._mask[start:end] = b"\x01" * (end - start)
