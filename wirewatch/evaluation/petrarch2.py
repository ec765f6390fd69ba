"""PETRARCH2 unit-test records: CAMEO root codes and source/target countries as a regression check.

Gold: ``<Sentence id category>`` elements holding ``<EventCoding sourcecode targetcode eventcode>``
(or ``noevents="True"`` / ``error=...``) and a ``<Text>``. Most records are synthetic sentences about
invented countries (Arnor, Gondor, ...) coded with invented actor codes, so only part is comparable:

* event: expected codes whose first two digits are a CAMEO root 01-20 (some tests use 80/90/91);
  our event's root is ``event["cameo"][:2]``. Also scored at quad level (verbal/material x
  cooperation/conflict), which is fairer to a PLOVER-first coder whose types merge CAMEO roots.
* actors: an expected code whose first three letters are a real ISO 3166 country that the sentence
  actually names (name, demonym, capital or alternative spelling, per countryinfo/pycountry);
  "Eriador" coded ERI is thereby excluded while "Pyongyang" coded PRK is kept.
* ``noevents`` records: the share on which we still code an event (false events).

Prediction for a sentence: the most confident event; set-level precision/recall over all events too.
"""
from __future__ import annotations

import re
from datetime import datetime
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

import pycountry
from countryinfo import CountryInfo
from defusedxml import ElementTree

from . import metrics

NO_EVENT = "NONE"
CAMEO_ROOTS = {f"{i:02d}" for i in range(1, 21)}


@dataclass(frozen=True)
class Coding:
    source: str
    target: str
    event: str


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    text: str
    date: Optional[str]
    codings: tuple[Coding, ...] = field(default_factory=tuple)
    noevents: bool = False
    error: Optional[str] = None

    @property
    def roots(self) -> list[str]:
        """Expected CAMEO roots in coding order, without duplicates."""
        out: list[str] = []
        for c in self.codings:
            r = cameo_root(c.event)
            if r and r not in out:
                out.append(r)
        return out


def cameo_root(code: Optional[str]) -> Optional[str]:
    root = (code or "").strip()[:2]
    return root if root in CAMEO_ROOTS else None


def quad(root: Optional[str]) -> Optional[str]:
    """CAMEO quad class of a root: 01-05 verbal coop, 06-08 material coop, 09-13 verbal conflict,
    14-20 material conflict."""
    if root not in CAMEO_ROOTS:
        return None
    n = int(root)
    return "VC" if n <= 5 else "MC" if n <= 8 else "VX" if n <= 13 else "MX"


def load(path: str) -> list[Case]:
    """Every ``<Sentence>`` of a PETRARCH validation file, text whitespace-normalised."""
    root = ElementTree.parse(path).getroot()
    cases = []
    for s in root.iter("Sentence"):
        text = " ".join((s.findtext("Text") or "").split())
        codings, noevents, error = [], False, None
        for e in s.findall("EventCoding"):
            if (e.get("noevents") or "").strip().lower() == "true":
                noevents = True
            elif e.get("error"):
                error = e.get("error")
            elif e.get("eventcode") is not None:
                codings.append(Coding(e.get("sourcecode") or "", e.get("targetcode") or "", e.get("eventcode") or ""))
        cases.append(Case(s.get("id", ""), s.get("category", ""), text, _iso_date(s.get("date")),
                          tuple(codings), noevents, error))
    return cases


def _iso_date(value: Optional[str]) -> Optional[str]:
    """``19950101`` -> ``1995-01-01`` (None when absent or not a real date)."""
    try:
        return datetime.strptime(value or "", "%Y%m%d").date().isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=None)
def _country_pattern(iso3: str) -> Optional[re.Pattern]:
    """A regex matching the ways a text can name the country ``iso3`` (None if not a country)."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return None
    names = {country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")}
    try:
        info = CountryInfo(iso3)
        names |= {info.name() or "", info.demonym() or "", info.capital() or ""}
        names |= {a for a in (info.alt_spellings() or []) if len(a) > 3}
    except Exception:  # countryinfo lacks a few territories; pycountry's names still apply
        pass
    names = {n for n in names if n}
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")",
                      re.IGNORECASE)


def comparable_country(code: str, text: str) -> Optional[str]:
    """ISO3 of an expected actor code if it is a real country the sentence names, else None."""
    iso3 = (code or "")[:3].upper()
    pattern = _country_pattern(iso3) if len(iso3) == 3 and iso3.isalpha() else None
    return iso3 if pattern is not None and pattern.search(text) else None


def _root_of(event: Optional[dict]) -> str:
    return cameo_root((event or {}).get("cameo")) or NO_EVENT


def _countries(case: Case, attr: str) -> set[str]:
    return {c for c in (comparable_country(getattr(x, attr), case.text) for x in case.codings) if c}


def score(cases: Sequence[Case], extractions: Sequence[dict]) -> dict:
    """Metrics and worst examples for aligned test records and extractor outputs."""
    events = [x.get("events", []) for x in extractions]
    tops = [metrics.top_event(e) for e in events]
    coded = [(c, t, evs) for c, t, evs in zip(cases, tops, events) if c.roots]
    gold, pred = [], []
    for case, top, _ in coded:
        root = _root_of(top)
        gold.append(root if root in case.roots else case.roots[0])
        pred.append(root)
    report = metrics.classification(gold, pred, sorted(CAMEO_ROOTS), top=12)
    quad_hits = [quad(p) in {quad(r) for r in c.roots} for (c, _, _), p in zip(coded, pred)]
    noevent_cases = [evs for c, evs in zip(cases, events) if c.noevents]
    result = {
        "n_comparable_event": len(coded),
        "comparable_event_share": metrics.share(bool(c.roots) for c in cases),
        "root_accuracy": report["accuracy"],
        "root_macro_f1": report["macro_f1"],
        "quad_accuracy": metrics.share(quad_hits),
        "no_event_on_coded": metrics.share(p == NO_EVENT for p in pred),
        "root_set": _set_scores([(set(c.roots), {_root_of(e) for e in evs} - {NO_EVENT})
                                 for c, _, evs in coded]),
        "false_events_on_noevents": {"n": len(noevent_cases),
                                     "share": metrics.share(bool(e) for e in noevent_cases)},
        "events_without_cameo": sum(1 for evs in events for e in evs if not e.get("cameo")),
        "source_country": _country_scores(cases, tops, "source", "actor"),
        "target_country": _country_scores(cases, tops, "target", "recipient"),
        "per_class": report["per_class"],
        "confusion": report["confusion"],
    }
    return {"metrics": result, "worst": _worst(coded, gold, pred)}


def _set_scores(pairs: Sequence[tuple[set, set]]) -> dict:
    tp = sum(len(g & p) for g, p in pairs)
    n_pred, n_gold = sum(len(p) for _, p in pairs), sum(len(g) for g, _ in pairs)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    return {"precision": precision, "recall": recall, "f1": metrics.f1(precision, recall)}


def _country_scores(cases: Sequence[Case], tops: Sequence[Optional[dict]], attr: str, role: str) -> dict:
    """Accuracy of the top event's actor (or recipient) country where the expected one is comparable."""
    n = right = 0
    for case, top in zip(cases, tops):
        expected = _countries(case, attr)
        if not expected:
            continue
        n += 1
        got = ((top or {}).get(role) or {}).get("country")
        right += bool(got) and got.upper() in expected
    return {"n": n, "accuracy": right / n if n else 0.0, "comparable_share": n / len(cases) if cases else 0.0}


def _worst(coded, gold: Sequence[str], pred: Sequence[str], keep: int = 60) -> list[dict]:
    """Records whose top event has the wrong CAMEO root, in file order (they come in themed runs)."""
    out = []
    for (case, top, _), g, p in zip(coded, gold, pred):
        if g != p:
            out.append({"id": case.id, "gold": g, "predicted": p,
                        "plover": (top or {}).get("type"),
                        "trigger": ((top or {}).get("trigger") or {}).get("text"), "text": case.text[:200]})
    return out[:keep]


def run(path: str, limit: Optional[int] = None, half: Optional[int] = None, pipeline=None) -> dict:
    """Score the extractor (``pipeline`` or a fresh ``Pipeline()``) on a PETRARCH validation file."""
    cases = metrics.select(load(path), lambda c: c.id, limit, half)
    rows = [{"id": c.id, "text": c.text, "published": c.date} for c in cases]
    extractions = list(metrics.extract_dicts(rows, pipeline))
    return {"suite": "petrarch2", "path": path, "n": len(cases), "half": half, **score(cases, extractions)}


if __name__ == "__main__":  # pragma: no cover
    import sys

    from .report import main
    sys.exit(main(sys.modules[__name__]))
