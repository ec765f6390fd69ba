"""The extraction pipeline: text -> spaCy Doc -> places, times, actors -> events -> refined events.

Each stage is a plain function in its own module taking the Doc and the records of the stages
before it; this module only wires them in order. ``Pipeline.extract_many`` streams documents
through ``nlp.pipe`` so throughput stays close to bare spaCy; a text longer than
``nlp.BLOCK_CHARS`` is parsed in blocks of paragraphs (``nlp.parse_many``) so cost stays linear.
"""
from __future__ import annotations

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

MAX_CHARS = 1_000_000  # longer texts are analysed up to this many characters


def parse_date(value) -> Optional[date]:
    """Accept a date, an ISO string (date or datetime) or None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


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
        events = events_stage.find_events(doc, actors, places, times, published)
        return {"places": places, "times": times, "actors": actors, "events": events}

    @staticmethod
    def _extraction(doc, id: str, found: dict) -> Extraction:
        events, places, times, actors = found["events"], found["places"], found["times"], found["actors"]
        for event in events:  # after refinement, which reads a missing actor as "no named attacker"
            arguments_stage.unidentified_actor(event)
        footers = sources_stage.footer_spans(doc.text)
        if footers:  # analysed with the rest (parsing needs it), but nothing is reported from it
            def kept(start: int) -> bool:
                return not any(s <= start < end for s, end in footers)
            events = [e for e in events if kept(e.trigger.start)]
            places, times, actors = ([x for x in xs if kept(x.start)] for xs in (places, times, actors))
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
        doc = nlp_stage.parse(self.nlp, text[:MAX_CHARS])
        return self._analyse(doc, id, parse_date(published))

    def extract_many(self, rows: Iterable[dict], batch_size: int = 32) -> Iterator[Extraction]:
        """Rows are ``{"id", "text", "published"?}``; results come back in input order."""
        rows = list(rows) if not isinstance(rows, list) else rows
        texts = ((r.get("text") or "")[:MAX_CHARS] for r in rows)
        batch: list = []
        for row, doc in zip(rows, nlp_stage.parse_many(self.nlp, texts, batch_size=batch_size)):
            batch.append((doc, str(row.get("id", "")), parse_date(row.get("published"))))
            if len(batch) == batch_size:
                yield from self._analyse_batch(batch)
                batch = []
        if batch:
            yield from self._analyse_batch(batch)

    def modality(self, text: str, start: int, end: int, published=None) -> str:
        """Modality of the predicate at ``text[start:end]`` (occurred|planned|possible|negated)."""
        from . import modality as modality_stage
        doc = self.nlp(text[:MAX_CHARS])
        return modality_stage.classify_span(doc, start, end)
