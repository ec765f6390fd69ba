"""The extraction pipeline: text -> spaCy Doc -> places, times, actors -> events -> refined events.

Each stage is a plain function in its own module taking the Doc and the records of the stages
before it; this module only wires them in order. ``Pipeline.extract_many`` streams documents
through ``nlp.pipe`` so throughput stays close to bare spaCy; a text longer than
``nlp.BLOCK_CHARS`` is parsed in blocks of paragraphs (``nlp.parse_many``) so cost stays linear, and one
longer than ``MAX_CHARS`` is analysed as consecutive parts (``parts``) so memory stays bounded.
"""
from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Iterable, Iterator, Optional

from . import actors as actors_stage
from . import arguments as arguments_stage
from . import events as events_stage
from . import nlp as nlp_stage
from . import places as places_stage
from . import refine as refine_stage
from . import sources as sources_stage
from . import times as times_stage
from .records import Extraction

# A longer text is analysed as consecutive parts of at most this many characters (``parts``), each cut
# where a line starts, and their results joined: memory per analysis stays that of a 1M-character Doc
# and cost stays linear. Before session 9 the rest of the text was silently not analysed (review3 item 3).
MAX_CHARS = 1_000_000
_LINE_START = re.compile(r"\n\s*(?=\S)")  # where a part may begin (as nlp.plan_pieces cuts blocks)
_SPACE = re.compile(r"\s+")


def parts(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """``[(offset, text[offset:offset + n])]``: the whole text when it fits in ``limit`` (``MAX_CHARS``), else
    parts of at most ``limit`` characters that tile it, each ending before a line that starts with a
    non-space (else after a space; a text with neither is cut at ``limit``)."""
    limit = MAX_CHARS if limit is None else limit
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit + 1]
        cut = max((m.end() for m in _LINE_START.finditer(window) if m.end() <= limit), default=0)
        if cut <= 0:
            cut = max((m.end() for m in _SPACE.finditer(window) if m.end() <= limit), default=0) or limit
        out.append((start, text[start:start + cut]))
        start += cut
    out.append((start, text[start:]))
    return out


def _shifted(extraction: Extraction, offset: int) -> Extraction:
    """``extraction`` with every character offset in it (spans, sentences, nested actors and places,
    quantities) moved by ``offset``; an object shared by two lists is moved once."""
    seen: set[int] = set()

    def move(value) -> None:
        if isinstance(value, list):
            for v in value:
                move(v)
        elif isinstance(value, dict):
            if isinstance(value.get("start"), int) and isinstance(value.get("end"), int) and id(value) not in seen:
                seen.add(id(value))
                value["start"] += offset
                value["end"] += offset
        elif dataclasses.is_dataclass(value) and id(value) not in seen:
            seen.add(id(value))
            if isinstance(getattr(value, "start", None), int) and isinstance(getattr(value, "end", None), int):
                value.start += offset
                value.end += offset
            for f in dataclasses.fields(value):
                if f.name not in ("start", "end"):
                    move(getattr(value, f.name))

    if offset:
        for name in ("events", "actors", "places", "times"):
            move(getattr(extraction, name))
    return extraction


def _joined(id: str, pieces: list[tuple[int, Extraction]]) -> Extraction:
    """One Extraction of a text from those of its ``parts`` (offsets made the whole text's)."""
    if len(pieces) == 1 and pieces[0][0] == 0:
        return pieces[0][1]
    whole = Extraction(id=id)
    for offset, extraction in pieces:
        extraction = _shifted(extraction, offset)
        for name in ("events", "actors", "places", "times"):
            getattr(whole, name).extend(getattr(extraction, name))
    return whole


def parse_date(value) -> Optional[date]:
    """Accept a date, an ISO string (date or datetime) or None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _inside(start: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start < end for s, end in spans)


def _outside(items: list, spans: list[tuple[int, int]]) -> list:
    """``items`` (places, times, actors) that do not start inside ``spans`` (``sources.footer_spans``)."""
    return [x for x in items if not _inside(x.start, spans)]


class Pipeline:
    """``classifier=False`` keeps the rule coder alone (no sentence classifier refinement)."""

    def __init__(self, model: str | None = None, classifier: bool = True):
        self.nlp = nlp_stage.load(model)
        self.classifier = classifier

    def _analyse(self, doc, id: str, published: Optional[date]) -> Extraction:
        found = self._find(doc, published)
        if self.classifier:
            found["events"] = refine_stage.refine(doc, found["events"], found["actors"], found["places"],
                                                  found["times"], published)
        return self._extraction(doc, id, found)

    def _find(self, doc, published: Optional[date]) -> dict:
        """Places, times, actors and the rule coder's events of one Doc."""
        places = places_stage.find_places(doc)
        times = times_stage.find_times(doc, published)
        actors = actors_stage.find_actors(doc, places, published)
        footers = sources_stage.footer_spans(doc.text)
        if footers:  # a place, time or actor of a footer / "Related stories" list is no argument of the
            # article's events (its location, date, actor): it belongs to another story (review4)
            places, times, actors = (_outside(xs, footers) for xs in (places, times, actors))
        events = events_stage.find_events(doc, actors, places, times, published)
        return {"places": places, "times": times, "actors": actors, "events": events}

    @staticmethod
    def _extraction(doc, id: str, found: dict) -> Extraction:
        events, places, times, actors = found["events"], found["places"], found["times"], found["actors"]
        for event in events:  # after refinement, which reads a missing actor as "no named attacker"
            arguments_stage.unidentified_actor(event)
            arguments_stage.complement_recipient(event, doc, actors)
            arguments_stage.domestic_armed_recipient(event)
            arguments_stage.single_country_recipient(event, doc, actors, places)
        footers = sources_stage.footer_spans(doc.text)
        if footers:  # analysed with the rest (parsing needs it), but nothing is reported from it
            events = [e for e in events if not _inside(e.trigger.start, footers)]
            places, times, actors = (_outside(xs, footers) for xs in (places, times, actors))
        return Extraction(id=id, events=events, actors=actors, places=places, times=times)

    def _analyse_batch(self, batch: list) -> list[Extraction]:
        """``_analyse`` of each ``(doc, id, published)``, with the sentence classifier run once for the
        whole batch (``EventClassifier.predict_many``): the same results, less per-call cost."""
        found = [self._find(doc, published) for doc, _, published in batch]
        if self.classifier:
            classifier = refine_stage._classifier()
            inputs = [refine_stage.classifier_inputs(doc, f["events"], classifier) for (doc, _, _), f in zip(batch, found)]
            preds = classifier.predict_many([texts for _, texts in inputs], context_weight=refine_stage.CONTEXT_WEIGHT,
                                            window=refine_stage.CONTEXT_WINDOW)
            for (doc, _, published), f, (sents, _), p in zip(batch, found, inputs, preds):
                f["events"] = refine_stage.apply_predictions(doc, f["events"], f["actors"], f["places"], f["times"],
                                                             published, sents, p)
        return [self._extraction(doc, id, f) for (doc, id, _), f in zip(batch, found)]

    def extract(self, text: str, published=None, id: str = "doc") -> Extraction:
        """A text longer than ``MAX_CHARS`` is analysed in ``parts``, one after the other."""
        published = parse_date(published)
        return _joined(id, [(offset, self._analyse(nlp_stage.parse(self.nlp, part), id, published))
                            for offset, part in parts(text)])

    def extract_many(self, rows: Iterable[dict], batch_size: int = 32) -> Iterator[Extraction]:
        """Rows are ``{"id", "text", "published"?}``; results come back in input order (a text longer
        than ``MAX_CHARS`` is analysed in ``parts`` and joined)."""
        rows = list(rows) if not isinstance(rows, list) else rows
        plan = [(i, offset, part) for i, r in enumerate(rows) for offset, part in parts(r.get("text") or "")]
        parts_of = [0] * len(rows)
        for i, _, _ in plan:
            parts_of[i] += 1
        done: list = []  # (row index, offset, extraction) of analysed parts, in plan order, not yet yielded

        def finished() -> Iterator[Extraction]:
            while done and len(done) >= parts_of[done[0][0]]:  # all parts of the first row are in
                i, n = done[0][0], parts_of[done[0][0]]
                mine = done[:n]
                del done[:n]
                yield _joined(str(rows[i].get("id", "")), [(offset, ex) for _, offset, ex in mine])

        def analyse(batch: list) -> None:
            done.extend((i, offset, ex) for (_, _, _, i, offset), ex in zip(batch, self._analyse_batch(
                [b[:3] for b in batch])))

        batch: list = []
        docs = nlp_stage.parse_many(self.nlp, (part for _, _, part in plan), batch_size=batch_size)
        for (i, offset, _), doc in zip(plan, docs):
            batch.append((doc, str(rows[i].get("id", "")), parse_date(rows[i].get("published")), i, offset))
            if len(batch) == batch_size:
                analyse(batch)
                batch = []
                yield from finished()
        if batch:
            analyse(batch)
        yield from finished()

    def modality(self, text: str, start: int, end: int, published=None) -> str:
        """Modality of the predicate at ``text[start:end]`` (occurred|planned|possible|negated)."""
        from . import modality as modality_stage
        doc = self.nlp(text[:MAX_CHARS])
        return modality_stage.classify_span(doc, start, end)
