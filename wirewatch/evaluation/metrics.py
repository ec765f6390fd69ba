"""Scoring arithmetic shared by the evaluation suites, plus the plumbing every suite needs.

Why hand-written rather than scikit-learn: the suites only need per-class counts, P/R/F1 and a few
confusion pairs; pulling scipy/numpy/sklearn (~100 MB) into the project for that is not worth it.
Conventions follow scikit-learn's ``zero_division=0``: a class never predicted has precision 0, a
class never in gold has recall 0. Macro averages skip labels that occur neither in gold nor in the
predictions (their F1 is undefined, e.g. a class absent from one half of a split).

Suite plumbing (``select``, ``extract_dicts``, ``top_event``) lives here too so that every suite
picks records, runs the extractor and chooses "the" event of a text in exactly the same way.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from typing import Callable, Iterable, Iterator, Optional, Sequence, TypeVar

T = TypeVar("T")


# ---------------------------------------------------------------- classification metrics


def _safe_div(num: float, den: float) -> float:
    return num / den if den else 0.0


def f1(precision: float, recall: float) -> float:
    return _safe_div(2 * precision * recall, precision + recall)


def per_class(gold: Sequence[str], pred: Sequence[str],
              labels: Optional[Iterable[str]] = None) -> dict[str, dict]:
    """Precision, recall, F1, support (gold count) and predicted count for each label.

    ``labels`` defaults to every label seen in gold or predictions.
    """
    _check_aligned(gold, pred)
    tp: Counter = Counter(g for g, p in zip(gold, pred) if g == p)
    support = Counter(gold)
    predicted = Counter(pred)
    names = list(labels) if labels is not None else sorted(set(gold) | set(pred))
    out: dict[str, dict] = {}
    for label in names:
        p = _safe_div(tp[label], predicted[label])
        r = _safe_div(tp[label], support[label])
        out[label] = {"precision": p, "recall": r, "f1": f1(p, r),
                      "support": support[label], "predicted": predicted[label], "tp": tp[label]}
    return out


def macro_f1(classes: dict[str, dict], labels: Optional[Iterable[str]] = None) -> float:
    """Unweighted mean F1 over ``labels`` (default: all), skipping labels seen nowhere."""
    names = list(labels) if labels is not None else list(classes)
    scored = [classes[n]["f1"] for n in names
              if n in classes and (classes[n]["support"] or classes[n]["predicted"])]
    return _safe_div(sum(scored), len(scored))


def accuracy(gold: Sequence, pred: Sequence) -> float:
    _check_aligned(gold, pred)
    return _safe_div(sum(1 for g, p in zip(gold, pred) if g == p), len(gold))


def share(flags: Iterable[bool]) -> float:
    """Fraction of true values (0.0 for none): rates such as "non-ACLED texts given an ACLED type"."""
    flags = list(flags)
    return _safe_div(sum(1 for f in flags if f), len(flags))


def confusion_pairs(gold: Sequence[str], pred: Sequence[str], top: int = 10) -> list[list]:
    """The ``top`` most frequent off-diagonal (gold, predicted, count) triples, most frequent first."""
    _check_aligned(gold, pred)
    pairs = Counter((g, p) for g, p in zip(gold, pred) if g != p)
    ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
    return [[g, p, n] for (g, p), n in ranked[:top]]


def classification(gold: Sequence[str], pred: Sequence[str], labels: Optional[Iterable[str]] = None,
                   top: int = 10) -> dict:
    """The usual bundle: accuracy, macro-F1 over ``labels``, per-class scores and confusion pairs.

    Per-class rows cover ``labels`` plus any other label that occurs, so stray predictions (such as
    "no event") stay visible even though they do not enter the macro average.
    """
    labels = list(labels) if labels is not None else None
    seen = sorted(set(gold) | set(pred))
    rows = (labels + [s for s in seen if s not in labels]) if labels is not None else seen
    classes = per_class(gold, pred, rows)
    return {"accuracy": accuracy(gold, pred), "macro_f1": macro_f1(classes, labels),
            "per_class": classes, "confusion": confusion_pairs(gold, pred, top)}


def _check_aligned(gold: Sequence, pred: Sequence) -> None:
    if len(gold) != len(pred):
        raise ValueError(f"gold and predictions differ in length: {len(gold)} != {len(pred)}")


# ---------------------------------------------------------------- record selection (splits)


def half_of(key: str) -> int:
    """1 or 2, from a stable hash of the record id: the same record always lands in the same half
    (Python's ``hash`` is salted per process, so it would not do)."""
    return 1 + hashlib.sha1(key.encode("utf-8")).digest()[0] % 2


def select(records: Iterable[T], key: Callable[[T], str], limit: Optional[int] = None,
           half: Optional[int] = None) -> list[T]:
    """Records of one half (``half`` 1 or 2, None for all), then the first ``limit`` of them."""
    if half not in (None, 1, 2):
        raise ValueError(f"half must be 1, 2 or None, not {half!r}")
    chosen = [r for r in records if half is None or half_of(key(r)) == half]
    return chosen[:limit] if limit is not None else chosen


def parse_source(lines: Iterable[str], parse_line: Callable[[str, str], T], key: Callable[[T], str],
                 error: type = ValueError) -> list[T]:
    """Records of a hand-written suite source, one record a line (the builders ``eval/*/make_*.py``):
    blank lines and ``#`` comments are skipped, ``parse_line(line, "line N")`` makes each record, and
    a record id (``key``) seen twice raises ``error``."""
    records, seen = [], set()
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        record = parse_line(line, f"line {n}")
        if key(record) in seen:
            raise error(f"line {n}: duplicate id {key(record)}")
        seen.add(key(record))
        records.append(record)
    return records


# ---------------------------------------------------------------- running the extractor


def extract_dicts(rows: Sequence[dict], pipeline=None) -> Iterator[dict]:
    """``extract --jsonl`` dicts for rows ``{"id", "text", "published"?}``, in input order.

    Scoring the JSON form (not the records) measures exactly what users of the CLI receive.
    """
    if pipeline is None:
        from wirewatch.pipeline import Pipeline
        pipeline = Pipeline()
    for extraction in pipeline.extract_many(list(rows)):
        yield extraction.to_dict() if hasattr(extraction, "to_dict") else extraction


def top_event(events: Sequence[dict], where: Callable[[dict], bool] = lambda e: True) -> Optional[dict]:
    """The most confident event satisfying ``where``; ties go to the earliest in the text."""
    best: Optional[dict] = None
    for event in events:
        if where(event) and (best is None or event.get("confidence", 0.0) > best.get("confidence", 0.0)):
            best = event
    return best


# ---------------------------------------------------------------- project-written JSONL gold


def read_jsonl(path: str, default_file: str, make: Callable[[dict], T], what: str) -> list[T]:
    """``make(row)`` for every line of a JSONL gold file (or of ``default_file`` inside a directory).

    A line that is not valid JSON or lacks a field raises ``ValueError`` naming the file and line:
    gold must never be skipped silently."""
    if os.path.isdir(path):
        path = os.path.join(path, default_file)
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                out.append(make(json.loads(line)))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path}:{n}: not a {what} ({exc})") from None
    return out


def place_km(lat: float, lon: float, place: Optional[dict]) -> Optional[float]:
    """Great-circle km from a gold point to an extracted place dict; None without a place or point."""
    if not place or place.get("lat") is None or place.get("lon") is None:
        return None
    from wirewatch.gazetteer import haversine_km
    return haversine_km(lat, lon, place["lat"], place["lon"])
