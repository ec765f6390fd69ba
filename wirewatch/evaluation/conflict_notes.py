"""conflict-notes: the project's own invented ACLED-style notes (``eval/conflict-notes/notes.jsonl``).

Each note is 1-3 sentences in the way ACLED coders write their "notes" field ("On 14 March 2025,
Russian forces shelled Kupiansk, Kharkiv oblast, killing 2 civilians ...") with a gold event date,
ACLED event / sub-event type, fatalities and a GeoNames point (see ``eval/README.md``). It measures
what issues 11 and 12 found weak on held-out text of this style: place with region, event date,
sub-event type and fatalities of a short dated report.

"The" event of a note (the rule every figure uses): the most confident event that carries an ACLED
sub-event type, as in the CASE 2021 suite; when no event has one, the most confident event of any
kind (so that location, date and fatalities are still scored); no event at all scores wrong on
every field. Scoring:

  location_25km    the event's location within 25 km of gold's point; an event without a location
                   (or no event) counts as wrong
  median_km        median distance over events that have a location
  event_date       the event's ``date`` equals gold's day exactly (a month or week value is wrong)
  event_type / sub_event_type   exact ACLED names; no ACLED type counts as wrong
  fatalities       exact; an event with no fatalities figure counts as 0 (ACLED codes "no report" 0)
  place_25km_any   diagnostic: some place of the extraction lies within 25 km of gold (resolution
                   right, attachment to the event wrong when this is above location_25km)
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Optional, Sequence

from ..ontology import ACLED_SUB_TO_TYPE
from . import metrics

KM = 25.0
NO_EVENT = "NO_EVENT"
DEFAULT_FILE = "notes.jsonl"


@dataclass(frozen=True)
class Note:
    id: str
    text: str
    published: Optional[str]
    gold: dict


def load(path: str) -> list[Note]:
    """Notes of a JSONL file (or of ``notes.jsonl`` inside a directory). A line that is not a
    note raises ``ValueError`` naming the line: gold data must not be skipped silently."""
    return metrics.read_jsonl(path, DEFAULT_FILE, lambda row: Note(
        str(row["id"]), row["text"], row.get("published"), row["gold"]), "conflict note")


def choose_event(extraction: dict) -> Optional[dict]:
    """The most confident event with an ACLED sub-type, else the most confident event."""
    events = extraction.get("events", [])
    return (metrics.top_event(events, lambda e: bool(e.get("acled_sub_event_type")))
            or metrics.top_event(events))


def _km(gold_loc: dict, place: Optional[dict]) -> Optional[float]:
    return metrics.place_km(gold_loc["lat"], gold_loc["lon"], place)


def score(notes: Sequence[Note], extractions: Sequence[dict]) -> dict:
    """Metrics and worst examples for aligned notes and ``extract --jsonl`` dicts."""
    if len(notes) != len(extractions):
        raise ValueError(f"{len(notes)} notes but {len(extractions)} extractions")
    rows = []
    for note, ex in zip(notes, extractions):
        gold = note.gold
        event = choose_event(ex)
        km = _km(gold["location"], (event or {}).get("location"))
        sub = (event or {}).get("acled_sub_event_type") or NO_EVENT
        fatal = ((event.get("fatalities") or 0) if event else None)
        near_any = any(d is not None and d <= KM for d in (_km(gold["location"], p) for p in ex.get("places", [])))
        rows.append({"note": note, "event": event, "km": km, "sub": sub,
                     "type": ACLED_SUB_TO_TYPE.get(sub, NO_EVENT), "date": (event or {}).get("date"),
                     "fatalities": fatal, "near_any": near_any})
    n = len(rows)
    kms = [r["km"] for r in rows if r["km"] is not None]
    gold_sub = [r["note"].gold["sub_event_type"] for r in rows]
    pred_sub = [r["sub"] for r in rows]
    report = metrics.classification(gold_sub, pred_sub, sorted(set(gold_sub)), top=15)
    result = {
        "location_25km": metrics.share(r["km"] is not None and r["km"] <= KM for r in rows),
        "median_km": round(statistics.median(kms), 1) if kms else None,
        "event_date": metrics.share(r["date"] == r["note"].gold["event_date"] for r in rows),
        "sub_event_type": report["accuracy"],
        "event_type": metrics.accuracy([r["note"].gold["event_type"] for r in rows], [r["type"] for r in rows]),
        "fatalities": metrics.share(r["fatalities"] == r["note"].gold["fatalities"] for r in rows),
        "sub_event_macro_f1": report["macro_f1"],
        "place_25km_any": metrics.share(r["near_any"] for r in rows),
        "no_event": metrics.share(r["event"] is None for r in rows),
        "with_location": metrics.share(r["km"] is not None for r in rows),
        "n": n,
        "per_class": report["per_class"],
        "confusion": report["confusion"],
    }
    return {"metrics": result, "worst": _worst(rows)}


def _worst(rows: list[dict], keep: int = 60) -> list[dict]:
    """Notes with the most wrong fields first; ties by distance (furthest first)."""
    out = []
    for r in rows:
        gold = r["note"].gold
        wrong = [name for name, bad in (
            ("location", r["km"] is None or r["km"] > KM), ("date", r["date"] != gold["event_date"]),
            ("sub_event_type", r["sub"] != gold["sub_event_type"]),
            ("fatalities", r["fatalities"] != gold["fatalities"])) if bad]
        if not wrong:
            continue
        loc = (r["event"] or {}).get("location") or {}
        out.append({"id": r["note"].id, "wrong": ",".join(wrong),
                    "km": round(r["km"], 1) if r["km"] is not None else None,
                    "place": loc.get("name"), "gold_place": f"{gold['location']['name']}, {gold['location']['admin1']}",
                    "date": r["date"], "gold_date": gold["event_date"],
                    "sub": r["sub"], "gold_sub": gold["sub_event_type"],
                    "fatalities": r["fatalities"], "gold_fatalities": gold["fatalities"],
                    "text": r["note"].text})
    out.sort(key=lambda w: (-len(w["wrong"].split(",")), -(w["km"] if w["km"] is not None else 1e9)))
    return out[:keep]


def run(path: str, limit: Optional[int] = None, half: Optional[int] = None, pipeline=None) -> dict:
    """Score the extractor (``pipeline`` or a fresh ``Pipeline()``) on a conflict-notes JSONL."""
    notes = metrics.select(load(path), lambda x: x.id, limit, half)
    rows = [{"id": x.id, "text": x.text, **({"published": x.published} if x.published else {})} for x in notes]
    extractions = list(metrics.extract_dicts(rows, pipeline))
    return {"suite": "conflict-notes", "path": path, "n": len(notes), "half": half, **score(notes, extractions)}


if __name__ == "__main__":  # pragma: no cover
    import sys

    from .report import main
    sys.exit(main(sys.modules[__name__]))
