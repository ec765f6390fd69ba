"""ua-places: Ukrainian (and Russian border-oblast) settlements written with their region.

Data: ``eval/ua-places/ua-places.jsonl``, generated from GeoNames cities500 by
``eval/ua-places/make_ua_places.py`` (fixed seed): ~1,200 settlements, most of them names that exist
in several oblasts, each in an invented sentence such as "in X, Y Oblast", "near X, Y", "in the area
of X, Y region", "X (Y Oblast)", "the village of X in the Y region"; plus a *variant* portion where the
settlement is written in another romanisation of its Cyrillic name (national 2010 / KMU, BGN/PCGN, or a
Russian-style romanisation of the Russian form). Issue 11: the region written next to the name must
choose among homonyms, and the spelling must not matter.

Scoring, per record: the place wirewatch resolved for the written settlement is the extraction's
place whose span overlaps the settlement's span (the first such place); a record with no such place
is "not found" and counts as wrong.

  within_15km / within_25km   over the GeoNames-spelling records: resolved within 15 / 25 km of
                              GeoNames' point (15 km: a village placed at another village of the
                              same district is still wrong)
  median_km, found            over the same records
  homonym_within_15km         the same, only names found in two or more oblasts
  variant_within_15km         over the variant-spelling records (``variant_found`` likewise), and
                              ``by_variant`` per romanisation system
  event_within_15km           diagnostic: the most confident event's location within 15 km
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Optional, Sequence

from . import metrics

KM = 15.0
KM_WIDE = 25.0
DEFAULT_FILE = "ua-places.jsonl"


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    start: int
    end: int
    variant: Optional[str]
    gold: dict


def load(path: str) -> list[Record]:
    """Records of the JSONL (or of ``ua-places.jsonl`` in a directory); a bad line raises
    ``ValueError`` naming it."""
    return metrics.read_jsonl(path, DEFAULT_FILE, lambda row: Record(
        str(row["id"]), row["text"], int(row["span"]["start"]), int(row["span"]["end"]),
        row.get("variant"), row["gold"]), "ua-places record")


def resolved_place(record: Record, extraction: dict) -> Optional[dict]:
    """The first extracted place whose span overlaps the written settlement."""
    for place in extraction.get("places", []):
        if place.get("start", 0) < record.end and record.start < place.get("end", 0):
            return place
    return None


def _km(gold: dict, place: Optional[dict]) -> Optional[float]:
    return metrics.place_km(gold["lat"], gold["lon"], place)


def _within(rows: list[dict], km: float) -> float:
    return metrics.share(r["km"] is not None and r["km"] <= km for r in rows)


def score(records: Sequence[Record], extractions: Sequence[dict]) -> dict:
    """Metrics and worst examples for aligned records and ``extract --jsonl`` dicts."""
    if len(records) != len(extractions):
        raise ValueError(f"{len(records)} records but {len(extractions)} extractions")
    rows = []
    for rec, ex in zip(records, extractions):
        place = resolved_place(rec, ex)
        event = metrics.top_event(ex.get("events", []))
        rows.append({"rec": rec, "place": place, "km": _km(rec.gold, place),
                     "event_km": _km(rec.gold, (event or {}).get("location"))})
    base = [r for r in rows if not r["rec"].variant]
    var = [r for r in rows if r["rec"].variant]
    homonyms = [r for r in base if r["rec"].gold.get("homonyms", 1) > 1]
    kms = [r["km"] for r in base if r["km"] is not None]
    result = {
        "within_15km": _within(base, KM),
        "within_25km": _within(base, KM_WIDE),
        "median_km": round(statistics.median(kms), 1) if kms else None,
        "found": metrics.share(r["place"] is not None for r in base),
        "homonym_within_15km": _within(homonyms, KM),
        "variant_within_15km": _within(var, KM),
        "variant_found": metrics.share(r["place"] is not None for r in var),
        "event_within_15km": metrics.share(r["event_km"] is not None and r["event_km"] <= KM for r in base),
        "n": len(base), "n_homonym": len(homonyms), "n_variant": len(var),
        "by_variant": {system: {"n": len(group), "within_15km": _within(group, KM),
                                "found": metrics.share(r["place"] is not None for r in group)}
                       for system in sorted({r["rec"].variant for r in var})
                       for group in [[r for r in var if r["rec"].variant == system]]},
    }
    return {"metrics": result, "worst": _worst(rows)}


def _worst(rows: list[dict], keep: int = 60) -> list[dict]:
    """Misses and far resolutions, furthest first (a miss counts as the furthest)."""
    bad = [r for r in rows if r["km"] is None or r["km"] > KM]
    bad.sort(key=lambda r: -(r["km"] if r["km"] is not None else 1e9))
    out = []
    for r in bad[:keep]:
        gold, place = r["rec"].gold, r["place"] or {}
        out.append({"id": r["rec"].id, "variant": r["rec"].variant,
                    "km": round(r["km"], 1) if r["km"] is not None else None,
                    "gold": f"{gold['name']}, {gold['admin1']} ({gold['country']})",
                    "resolved": f"{place.get('name')}, {place.get('admin1')} ({place.get('country')})" if place else None,
                    "text": r["rec"].text})
    return out


def run(path: str, limit: Optional[int] = None, half: Optional[int] = None, pipeline=None) -> dict:
    """Score the extractor (``pipeline`` or a fresh ``Pipeline()``) on a ua-places JSONL."""
    records = metrics.select(load(path), lambda r: r.id, limit, half)
    extractions = list(metrics.extract_dicts([{"id": r.id, "text": r.text} for r in records], pipeline))
    return {"suite": "ua-places", "path": path, "n": len(records), "half": half, **score(records, extractions)}


if __name__ == "__main__":  # pragma: no cover
    import sys

    from .report import main
    sys.exit(main(sys.modules[__name__]))
