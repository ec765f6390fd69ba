"""PLOVER gold-standard records: event type, actor/recipient country and mode per sentence.

Gold: a JSON list of records ``{"id", "text", "event", "source": [{"actorText", "code"}],
"target": [...] | "" | null, "mode"?}``. Labels use the 2021 PLOVER names; ``LEGACY`` maps them onto
the 16 PLOVER 2024 types our extractor emits. Actor codes are ISO 3166-1 alpha-3 for countries and
pseudo-codes for others (IGO, NGO, ...); only real country codes are scored, and a compound actor
("Hungarian and Romanian officials") counts as right when any of its codes is predicted.

Prediction for a sentence: the most confident event (type, actor.country, recipient.country, mode);
its type is read as the PLOVER category gold coders give (``category``: a planned CONSULT, SUPPORT,
COOPERATE or AID is AGREE, manual §3.1); ``accuracy_type_only`` reads the type alone.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Optional, Sequence

import pycountry

from ..ontology import plover_category
from . import metrics

NO_EVENT = "NO_EVENT"

PLOVER_2024 = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
               "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]

# 2021 names -> 2024 types (PLOVER manual; CAMEO2PLOVER-2021.txt).
LEGACY = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
# 2021 mode names that PLOVER 2024 renamed or merged (the rest are compared as they are).
LEGACY_MODES = {"demo-org": "demo", "demo-spon": "demo", "riot-spon": "riot", "strike-hun": "hunger",
                "assassinate": "targeted", "detain": "arrest", "ban": "restrict"}


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    type: str
    source_codes: tuple[str, ...] = field(default_factory=tuple)
    target_codes: tuple[str, ...] = field(default_factory=tuple)
    mode: Optional[str] = None


def is_country(code: Optional[str]) -> bool:
    """True for a real ISO 3166-1 alpha-3 code (not the IGO/NGO/... pseudo-codes of the gold)."""
    return bool(code) and len(code) == 3 and pycountry.countries.get(alpha_3=code.upper()) is not None


def _codes(actors) -> tuple[str, ...]:
    if not isinstance(actors, list):
        return ()
    return tuple(a["code"].upper() for a in actors if isinstance(a, dict) and a.get("code"))


def load(path: str) -> list[GoldRecord]:
    """Records of a PLOVER gold JSON list, with labels and modes under their 2024 names."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return [GoldRecord(id=str(r["id"]), text=r["text"], type=LEGACY.get(r["event"], r["event"]),
                       source_codes=_codes(r.get("source")), target_codes=_codes(r.get("target")),
                       mode=LEGACY_MODES.get(r.get("mode") or "", r.get("mode") or None))
            for r in data]


def _country_hits(golds: Sequence[tuple[str, ...]], preds: Sequence[Optional[str]]) -> dict:
    """Accuracy over records whose gold has at least one real country code."""
    pairs = [(tuple(c for c in g if is_country(c)), p) for g, p in zip(golds, preds)]
    pairs = [(g, p) for g, p in pairs if g]
    right = sum(1 for g, p in pairs if p and p.upper() in g)
    return {"accuracy": right / len(pairs) if pairs else 0.0, "n": len(pairs),
            "predicted_none": sum(1 for _, p in pairs if not p)}


def _field(event: Optional[dict], role: str) -> Optional[str]:
    actor = (event or {}).get(role) or {}
    return actor.get("country")


def category(event: Optional[dict]) -> str:
    """The PLOVER category gold coders give an event: its type, except that future cooperation (a planned
    CONSULT, SUPPORT, COOPERATE or AID, which wirewatch keeps as such with modality "planned") is AGREE,
    as the PLOVER manual (§3.1) codes intentions (``ontology.plover_category``)."""
    if not event:
        return NO_EVENT
    return plover_category(event["type"], event.get("modality"))


def score(records: Sequence[GoldRecord], extractions: Sequence[dict]) -> dict:
    """Metrics and worst examples for aligned gold records and extractor outputs."""
    events = [metrics.top_event(x.get("events", [])) for x in extractions]
    gold = [r.type for r in records]
    pred = [category(e) for e in events]
    report = metrics.classification(gold, pred, PLOVER_2024, top=15)
    with_mode = [(r.mode, (e or {}).get("mode"), r.type == p)
                 for r, e, p in zip(records, events, pred) if r.mode]
    right_type = [(g, m) for g, m, ok in with_mode if ok]
    result = {
        "accuracy": report["accuracy"],
        "macro_f1": report["macro_f1"],
        # the same top events read by their type alone (a planned CONSULT/SUPPORT/COOPERATE/AID stays
        # itself): how much of the headline the PLOVER manual's future-cooperation rule (3.1) carries
        "accuracy_type_only": metrics.share(r.type == ((e or {}).get("type") or NO_EVENT)
                                            for r, e in zip(records, events)),
        "no_event": metrics.share(p == NO_EVENT for p in pred),
        # ranking vs detection: share of sentences where SOME event has the gold type
        "gold_type_in_any_event": metrics.share(r.type in {category(e) for e in x.get("events", [])}
                                                for r, x in zip(records, extractions)),
        "actor_country": _country_hits([r.source_codes for r in records], [_field(e, "actor") for e in events]),
        "recipient_country": _country_hits([r.target_codes for r in records],
                                           [_field(e, "recipient") for e in events]),
        "mode": {"accuracy": metrics.share(g == m for g, m, _ in with_mode), "n": len(with_mode),
                 "accuracy_when_type_right": metrics.share(g == m for g, m in right_type),
                 "n_type_right": len(right_type)},
        "per_class": report["per_class"],
        "confusion": report["confusion"],
    }
    return {"metrics": result, "worst": _worst(records, events)}


def _worst(records: Sequence[GoldRecord], events: Sequence[Optional[dict]], keep: int = 60) -> list[dict]:
    wrong = []
    for r, e in zip(records, events):
        pred = category(e)
        if pred == r.type:
            continue
        wrong.append({"id": r.id, "gold": r.type, "predicted": pred,
                      "confidence": round(e.get("confidence", 0.0), 3) if e else 0.0,
                      "trigger": (e.get("trigger") or {}).get("text") if e else None,
                      "text": r.text[:200]})
    wrong.sort(key=lambda w: -w["confidence"])
    return wrong[:keep]


def run(path: str, limit: Optional[int] = None, half: Optional[int] = None, pipeline=None) -> dict:
    """Score the extractor (``pipeline`` or a fresh ``Pipeline()``) on a PLOVER gold JSON file."""
    records = metrics.select(load(path), lambda r: r.id, limit, half)
    extractions = list(metrics.extract_dicts([{"id": r.id, "text": r.text} for r in records], pipeline))
    return {"suite": "plover-gsr", "path": path, "n": len(records), "half": half,
            **score(records, extractions)}


if __name__ == "__main__":  # pragma: no cover
    import sys

    from .report import main
    sys.exit(main(sys.modules[__name__]))
