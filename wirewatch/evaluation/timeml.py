"""TimeML (TempEval-3 .tml) suite: date expressions and their normalised values.

Also reads MEANTIME's CAT XML (``.xml``; TIMEX3 markables on tokens), a second TimeML-annotated
news corpus (Wikinews, 2004-2012) to see how the figures carry over from TBAQ.

The document creation time (the TIMEX3 with functionInDocument="CREATION_TIME") is passed as the
publication date; the <TEXT> element, stripped of its tags with offsets kept, is run through the
spaCy model and ``wirewatch.times.find_times``. Gold items are the TIMEX3 of type DATE in <TEXT>.

Metrics (a prediction and a gold item *match* when their character spans overlap):
  detect_recall            gold DATEs overlapped by one of our expressions, over all gold DATEs
  value_accuracy_detected  exact ``value`` agreement over the gold DATEs we detected
  value_accuracy_end_to_end  exact ``value`` agreement over ALL gold DATEs (= value_recall): a
                           missed DATE costs as much as a wrong value; the held-out measure of
                           issue 11, equal to detect_recall * value_accuracy_detected
  value_precision/recall/f1  strict: a true positive needs overlap AND the exact value
  detect_precision/recall/f1  overlap only
Predictions overlapping a gold TIMEX3 of type TIME are ignored (a clock time on a known day is not
a wrong date); overlapping DURATION / SET count as false positives (we must not emit durations).
``gold_dates_not_calendar`` counts gold DATEs whose value is no calendar date (PRESENT_REF for
"now", PAST_REF for "recently", durations such as P1W): by design we emit no value for them, so
they bound the recall. Gold values are rewritten in our notation before comparing
(``_norm_value``): unspecified trailing parts dropped ("1998-XX" -> "1998"), "199X" -> "199",
"2000-W7" -> "2000-W07", and a part of day or clock time on a day dropped ("2000-01-05TEV" ->
"2000-01-05"). A file name met twice (TBAQ's ``testpipeline/`` copy) is scored once.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator, Optional

from defusedxml import ElementTree as ET


@dataclass
class GoldTimex:
    text: str
    start: int
    end: int
    type: str
    value: str


@dataclass
class TmlDoc:
    name: str
    dct: Optional[date]
    text: str
    timexes: list[GoldTimex] = field(default_factory=list)


def _norm_value(value: str) -> str:
    """Gold value in our notation: the same date, written as we write it.

    '1998-XX' -> '1998', '1998-10-XX' -> '1998-10' (unspecified parts), '199X' -> '199' (decade),
    '2000-W7' -> '2000-W07' (ISO week padding), '2000-01-05TEV' -> '2000-01-05' (a part of day or
    clock time on a day: we resolve dates to the day).
    """
    v = re.sub(r"^(\d{4}-\d{2}-\d{2})T.*$", r"\1", value)
    while re.search(r"-X+$", v):
        v = re.sub(r"-X+$", "", v)
    v = re.sub(r"^(\d{3})X$", r"\1", v)
    return re.sub(r"^(\d{4})-W(\d)$", r"\g<1>-W0\2", v)


def parse_cat(root, path: str) -> TmlDoc:
    """A MEANTIME (NewsReader CAT XML) document: TIMEX3 markables anchored on tokens, the text
    rebuilt from the tokens as the meantime suite does; a second TimeML-annotated news corpus."""
    from .meantime import rebuild_text

    tokens = [(t.get("t_id"), t.get("sentence"), t.text or "") for t in root.iter("token")]
    text, offsets = rebuild_text(tokens)
    timexes = []
    for tx in root.iter("TIMEX3"):
        anchors = [offsets[a.get("t_id")] for a in tx.iter("token_anchor") if a.get("t_id") in offsets]
        if anchors:
            start, end = min(a for a, _ in anchors), max(b for _, b in anchors)
            timexes.append(GoldTimex(text[start:end], start, end, tx.get("type", ""),
                                     tx.get("value", "")))
    return TmlDoc(os.path.basename(path), _dct(root), text, sorted(timexes, key=lambda g: g.start))


def _dct(root) -> Optional[date]:
    """The document creation time: the TIMEX3 with functionInDocument="CREATION_TIME"."""
    for tx in root.iter("TIMEX3"):
        if tx.get("functionInDocument") == "CREATION_TIME":
            try:
                return date.fromisoformat((tx.get("value") or "")[:10])
            except ValueError:
                return None
    return None


def parse_tml(path: str) -> TmlDoc:
    """Plain text of <TEXT> with the TIMEX3 it contains, offsets into that text (a CAT XML
    document, MEANTIME's format, is read by ``parse_cat``)."""
    root = ET.parse(path).getroot()
    if root.tag == "Document":
        return parse_cat(root, path)
    dct = _dct(root)
    text_el = root.find("TEXT")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    pos = 0

    def walk(el) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3":
            timexes.append(GoldTimex("".join(parts)[start:pos], start, pos, el.get("type", ""),
                                     el.get("value", "")))

    if text_el is not None:
        walk(text_el)
    return TmlDoc(os.path.basename(path), dct, "".join(parts), timexes)


def iter_files(path: str) -> Iterator[str]:
    """The .tml files under ``path``; a file name seen in an earlier folder is skipped (copies)."""
    if os.path.isfile(path):
        yield path
        return
    seen: set[str] = set()
    for dirpath, dirs, files in os.walk(path):
        dirs.sort()
        for f in sorted(files):
            if f.endswith((".tml", ".xml")) and f not in seen:
                seen.add(f)
                yield os.path.join(dirpath, f)


def _overlap(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def run(path: str, limit: int | None = None, half: int | None = None) -> dict:
    """The suite report; ``worst`` lists wrong values first, then spurious, then missed.
    ``half`` keeps one deterministic half of the documents (by file name)."""
    n, metrics, errors = evaluate(path, limit, half)
    return {"suite": "timeml", "path": path, "n": n, "metrics": metrics, "worst": errors[:50]}


@dataclass
class _Counts:
    gold: int = 0            # gold DATE expressions
    not_calendar: int = 0    # ... of which with a non-calendar value (PRESENT_REF, P1W, ...)
    pred: int = 0            # our expressions, less those on a gold TIME
    pred_hit: int = 0        # ... overlapping a gold DATE
    gold_hit: int = 0        # gold DATEs overlapped by one of ours
    value_ok: int = 0        # ... with one of them giving the exact value


def _score_doc(tml: TmlDoc, preds: list, c: _Counts, errors: list[dict]) -> None:
    gold = [g for g in tml.timexes if g.type == "DATE"]
    times_of_day = [g for g in tml.timexes if g.type == "TIME"]
    c.gold += len(gold)
    c.not_calendar += sum(1 for g in gold if not g.value[:1].isdigit())
    base = {"doc": tml.name, "dct": str(tml.dct)}
    for p in preds:
        if any(_overlap(p, g) for g in gold):
            c.pred += 1
            c.pred_hit += 1
        elif not any(_overlap(p, g) for g in times_of_day):
            c.pred += 1
            errors.append({**base, "kind": "spurious", "text": p.text, "start": p.start,
                           "pred": p.value})
    for g in gold:
        hits = [p for p in preds if _overlap(p, g)]
        if not hits:
            errors.append({**base, "kind": "missed", "text": g.text, "start": g.start,
                           "gold": g.value})
            continue
        c.gold_hit += 1
        if any(p.value == _norm_value(g.value) for p in hits):
            c.value_ok += 1
        else:
            errors.append({**base, "kind": "value", "text": g.text, "gold": g.value,
                           "pred": hits[0].value, "pred_text": hits[0].text,
                           "start": hits[0].start})


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _metrics(c: _Counts, seconds: float) -> dict:
    det_p = c.pred_hit / c.pred if c.pred else 0.0
    det_r = c.gold_hit / c.gold if c.gold else 0.0
    val_p = c.value_ok / c.pred if c.pred else 0.0
    val_r = c.value_ok / c.gold if c.gold else 0.0
    return {
        "value_accuracy_detected": round(c.value_ok / c.gold_hit, 4) if c.gold_hit else 0.0,
        "value_accuracy_end_to_end": round(val_r, 4),
        "value_precision": round(val_p, 4), "value_recall": round(val_r, 4),
        "value_f1": round(_f1(val_p, val_r), 4),
        "detect_precision": round(det_p, 4), "detect_recall": round(det_r, 4),
        "detect_f1": round(_f1(det_p, det_r), 4),
        "gold_dates": c.gold, "gold_dates_not_calendar": c.not_calendar, "predicted": c.pred,
        "detected_gold": c.gold_hit, "seconds": round(seconds, 1),
    }


def evaluate(path: str, limit: int | None = None, half: int | None = None) -> tuple[int, dict, list[dict]]:
    """(documents, metrics, every error) over the .tml files under ``path``."""
    import os

    from wirewatch import nlp as nlp_stage
    from wirewatch.evaluation.metrics import select
    from wirewatch.times import find_times

    files = select(list(iter_files(path)), lambda f: os.path.basename(str(f)), limit, half)
    docs = [parse_tml(f) for f in files]
    nlp = nlp_stage.load()
    t0 = time.time()
    counts, errors = _Counts(), []
    for tml, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=16)):
        _score_doc(tml, find_times(doc, tml.dct), counts, errors)
    order = {"value": 0, "spurious": 1, "missed": 2}
    errors.sort(key=lambda e: order[e["kind"]])
    return len(docs), _metrics(counts, time.time() - t0), errors
