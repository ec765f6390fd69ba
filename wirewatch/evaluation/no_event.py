"""no-event: invented ordinary-news sentences that report no PLOVER event (``eval/no-event/``).

Why: the PLOVER and CASE suites hold only sentences that report an event, so a change that makes
events out of nothing scores as a gain there. This suite counts such false events: every event the
extractor finds in it is false, because none of the sentences reports an event of any of the 16 PLOVER
2024 types (reported or planned, by any actor). See ``eval/README.md`` ("no-event") for what is in it.

Data: ``sentences.txt``, one sentence a line, ``id | date | text`` (ISO date, used as the publication
date; text may itself contain "|"); blank lines and ``#`` comments are skipped; a malformed line or a
repeated id raises ``ValueError`` naming the line.

Metrics (lower is better for all three rates):

  false_event_rate           share of sentences with at least one event
  false_events_per_sentence  events found / sentences
  false_acled_rate           share of sentences with an event carrying an ACLED sub-event type
  per_type                   for each PLOVER type: sentences with such an event, and events of it

Worst: the sentences with events, most confident (highest event confidence) first.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

from . import metrics
from .plover_gsr import PLOVER_2024

DEFAULT_FILE = "sentences.txt"
ID_RE = re.compile(r"^NE-\d{3,}$")


@dataclass(frozen=True)
class Sentence:
    id: str
    date: str
    text: str


def parse_line(line: str, where: str) -> Sentence:
    """One ``id | date | text`` line; ``ValueError`` (naming ``where``) when it is not one."""
    parts = [p.strip() for p in line.split("|", 2)]
    if len(parts) != 3:
        raise ValueError(f"{where}: expected 'id | date | text', got {line[:60]!r}")
    sid, date, text = parts
    if not ID_RE.match(sid):
        raise ValueError(f"{where}: bad id {sid!r} (expected NE-001 ...)")
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise ValueError(f"{where}: bad date {date!r} (expected YYYY-MM-DD)") from None
    if not text:
        raise ValueError(f"{where}: empty text")
    return Sentence(sid, date, text)


def load(path: str) -> list[Sentence]:
    """Sentences of ``path`` (or of ``sentences.txt`` inside a directory)."""
    if os.path.isdir(path):
        path = os.path.join(path, DEFAULT_FILE)
    with open(path, encoding="utf-8") as fh:
        return metrics.parse_source(fh, parse_line, lambda s: s.id)


def score(sentences: Sequence[Sentence], extractions: Sequence[dict], keep: int = 60) -> dict:
    """Metrics and worst examples for aligned sentences and ``extract --jsonl`` dicts."""
    if len(sentences) != len(extractions):
        raise ValueError(f"{len(sentences)} sentences but {len(extractions)} extractions")
    events = [list(x.get("events", [])) for x in extractions]
    n = len(sentences)
    type_events = Counter(e.get("type") for evs in events for e in evs)
    type_sentences = Counter(t for evs in events for t in {e.get("type") for e in evs})
    types = PLOVER_2024 + sorted(t for t in type_events if t not in PLOVER_2024)
    result = {
        "false_event_rate": metrics.share(bool(evs) for evs in events),
        "false_events_per_sentence": sum(len(evs) for evs in events) / n if n else 0.0,
        "false_acled_rate": metrics.share(any(e.get("acled_sub_event_type") for e in evs) for evs in events),
        "per_type": {str(t): {"sentences": type_sentences[t], "events": type_events[t]} for t in types},
    }
    worst = []
    for s, evs in zip(sentences, events):
        if not evs:
            continue
        top = metrics.top_event(evs)
        worst.append({"id": s.id, "confidence": round(top.get("confidence", 0.0), 3),
                      "events": [[e.get("type"), e.get("acled_sub_event_type"),
                                  round(e.get("confidence", 0.0), 3), (e.get("trigger") or {}).get("text")]
                                 for e in evs],
                      "text": s.text[:200]})
    worst.sort(key=lambda w: -w["confidence"])
    return {"metrics": result, "worst": worst[:keep]}


def run(path: str, limit: Optional[int] = None, half: Optional[int] = None, pipeline=None) -> dict:
    """Score the extractor (``pipeline`` or a fresh ``Pipeline()``) on the no-event sentences."""
    sentences = metrics.select(load(path), lambda s: s.id, limit, half)
    rows = [{"id": s.id, "text": s.text, "published": s.date} for s in sentences]
    extractions = list(metrics.extract_dicts(rows, pipeline))
    return {"suite": "no-event", "path": path, "n": len(sentences), "half": half,
            **score(sentences, extractions)}


if __name__ == "__main__":  # pragma: no cover
    import sys

    from .report import main
    sys.exit(main(sys.modules[__name__]))
