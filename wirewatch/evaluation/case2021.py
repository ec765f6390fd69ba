"""CASE 2021 task 2: ACLED sub-event type of real news snippets.

Gold: ``dev.tsv`` (``id<TAB>EventSnippet<TAB>SubType``, CRLF) and ``event_types.txt`` (the CASE codes of
the 24 ACLED sub-event types plus OTHER). Labels not in ``event_types.txt`` (NATURAL_DISASTER,
MAN_MADE_DISASTER, DIPLO, ORG_CRIME, ATTRIB) are non-ACLED texts that must NOT be coded as conflict.

Prediction for a snippet: the ACLED sub-event type of the most confident event that has one, mapped
to its CASE code, or ``NO_ACLED`` when no event carries an ACLED sub-type. Per-class scores are
computed over every snippet, so a disaster report coded as "Attack" costs ATTACK precision too.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from typing import Optional, Sequence

from ..ontology import ACLED_SUB_TO_TYPE
from . import metrics

NO_ACLED = "NO_ACLED"

# ACLED sub-event names (reference/acled-event-types.md, wirewatch.ontology) -> CASE 2021 codes.
ACLED_TO_CASE: dict[str, str] = {
    "Armed clash": "ARMED_CLASH",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Chemical weapon": "CHEM_WEAP",
    "Air/drone strike": "AIR_STRIKE",
    "Suicide bomb": "SUIC_BOMB",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Grenade": "GRENADE",
    "Sexual violence": "SEX_VIOL",
    "Attack": "ATTACK",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    "Agreement": "AGREEMENT",
    "Arrests": "ARREST",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Disrupted weapons use": "DISR_WEAP",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Other": "OTHER",
}
CASE_TO_ACLED = {v: k for k, v in ACLED_TO_CASE.items()}

# The 24 specific sub-event types the macro-F1 target is defined over ("Other" is a catch-all).
MACRO_LABELS: list[str] = [c for c in ACLED_TO_CASE.values() if c != "OTHER"]

# Sub-types under "Strategic developments" are not violence; coding a non-ACLED text with one of the
# others (battles, explosions, violence against civilians, protests, riots) is a false conflict event.
STRATEGIC = {"AGREEMENT", "ARREST", "CHANGE_TO_GROUP_ACT", "DISR_WEAP", "HQ_ESTABLISHED",
             "PROPERTY_DISTRUCT", "NON_VIOL_TERRIT_TRANSFER", "OTHER"}


@dataclass(frozen=True)
class Snippet:
    id: str
    text: str
    gold: str


def _files(path: str) -> tuple[str, Optional[str]]:
    """(tsv, event_types.txt or None) from a directory or a direct path to the TSV."""
    if os.path.isdir(path):
        tsv = os.path.join(path, "dev.tsv")
        folder = path
    else:
        tsv, folder = path, os.path.dirname(path)
    types = os.path.join(folder, "event_types.txt")
    return tsv, types if os.path.exists(types) else None


def load(path: str) -> list[Snippet]:
    """Snippets of a CASE 2021 task-2 TSV (header row ``id EventSnippet SubType``)."""
    tsv, _ = _files(path)
    with open(tsv, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    out = []
    for row in rows[1:]:
        if len(row) >= 3 and row[0].strip():
            out.append(Snippet(row[0].strip(), row[1].strip(), row[2].strip()))
    return out


def acled_codes(path: str) -> set[str]:
    """The codes that name ACLED sub-event types: ``event_types.txt`` when present, else our map."""
    _, types = _files(path)
    if types is None:
        return set(ACLED_TO_CASE.values())
    with open(types, encoding="utf-8") as fh:
        return {line.strip() for line in fh if line.strip()}


def predict_one(extraction: dict) -> tuple[str, Optional[dict]]:
    """(CASE code, chosen event) for one ``extract --jsonl`` record."""
    event = metrics.top_event(extraction.get("events", []), lambda e: bool(e.get("acled_sub_event_type")))
    if event is None:
        return NO_ACLED, None
    sub = event["acled_sub_event_type"]
    return ACLED_TO_CASE.get(sub, f"UNMAPPED:{sub}"), event


def score(snippets: Sequence[Snippet], extractions: Sequence[dict],
          acled: Optional[set[str]] = None) -> dict:
    """Metrics and worst examples for aligned gold snippets and extractor outputs."""
    acled = acled if acled is not None else set(ACLED_TO_CASE.values())
    chosen = [predict_one(x) for x in extractions]
    # For a non-ACLED text the right answer is "no ACLED event": score it as NO_ACLED so that the
    # per-class table and the confusion pairs show real errors only (per-class detail: "non_acled").
    gold = [s.gold if s.gold in acled else NO_ACLED for s in snippets]
    pred = [code for code, _ in chosen]
    report = metrics.classification(gold, pred, MACRO_LABELS, top=15)
    on_acled = [(g, p) for g, p in zip(gold, pred) if g in acled]
    originals = [s.gold for s in snippets]
    result = {
        "macro_f1_24": report["macro_f1"],
        "accuracy_acled_gold": metrics.accuracy([g for g, _ in on_acled], [p for _, p in on_acled]),
        "event_type_accuracy_acled_gold": metrics.accuracy([event_type(g) for g, _ in on_acled],
                                                           [event_type(p) for _, p in on_acled]),
        "missed_acled_gold": metrics.share(p == NO_ACLED for _, p in on_acled),
        # ranking vs detection: share of ACLED snippets where SOME event carries the gold sub-type
        "gold_in_any_event": metrics.share(
            s.gold in {ACLED_TO_CASE.get(e.get("acled_sub_event_type") or "") for e in x.get("events", [])}
            for s, x in zip(snippets, extractions) if s.gold in acled),
        "n_acled_gold": len(on_acled),
        "non_acled": _non_acled(originals, pred, acled),
        "per_class": report["per_class"],
        "confusion": report["confusion"],
    }
    return {"metrics": result, "worst": _worst(snippets, chosen, acled)}


def event_type(code: str) -> str:
    """The ACLED event type (Battles, Riots, ...) of a CASE code; other labels stay as they are."""
    return ACLED_SUB_TO_TYPE.get(CASE_TO_ACLED.get(code, ""), code)


def _non_acled(gold: Sequence[str], pred: Sequence[str], acled: set[str]) -> dict:
    """How often texts of the non-ACLED classes were coded as ACLED events anyway."""
    pairs = [(g, p) for g, p in zip(gold, pred) if g not in acled]
    out: dict = {
        "n": len(pairs),
        "given_any_acled": metrics.share(p != NO_ACLED for _, p in pairs),
        "given_violent_acled": metrics.share(p != NO_ACLED and p not in STRATEGIC for _, p in pairs),
    }
    for label in sorted({g for g, _ in pairs}):
        preds = [p for g, p in pairs if g == label]
        out[f"{label}_given_any_acled"] = metrics.share(p != NO_ACLED for p in preds)
    return out


def _worst(snippets: Sequence[Snippet], chosen: Sequence[tuple[str, Optional[dict]]], acled: set[str],
           keep: int = 60) -> list[dict]:
    """Errors, most confident first: a confident wrong answer is the most harmful."""
    wrong = []
    for s, (code, event) in zip(snippets, chosen):
        if code == (s.gold if s.gold in acled else NO_ACLED):
            continue
        wrong.append({"id": s.id, "gold": s.gold, "predicted": code,
                      "confidence": round(event.get("confidence", 0.0), 3) if event else 0.0,
                      "trigger": (event.get("trigger") or {}).get("text") if event else None,
                      "plover": event.get("type") if event else None,
                      "text": s.text[:200]})
    wrong.sort(key=lambda w: -w["confidence"])
    return wrong[:keep]


def run(path: str, limit: Optional[int] = None, half: Optional[int] = None, pipeline=None) -> dict:
    """Score the extractor (``pipeline`` or a fresh ``Pipeline()``) on a CASE 2021 TSV."""
    snippets = metrics.select(load(path), lambda s: s.id, limit, half)
    rows = [{"id": s.id, "text": s.text} for s in snippets]
    extractions = list(metrics.extract_dicts(rows, pipeline))
    result = score(snippets, extractions, acled_codes(path))
    return {"suite": "case2021", "path": path, "n": len(snippets), "half": half, **result}


if __name__ == "__main__":  # pragma: no cover
    import sys

    from .report import main
    sys.exit(main(sys.modules[__name__]))
