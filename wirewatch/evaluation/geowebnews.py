"""GeoWebNews suite (also LGL / TR-News XML): toponym detection and resolution.

Gold format (Gritta et al. 2019, "A Pragmatic Guide to Geoparsing Evaluation"): each <article>
has <text> and <toponym> items with character offsets, a <type>, and for real toponyms
<latitude>/<longitude> (and usually a <geonamesID>). Types are grouped as the paper does:

  literal      Literal, Mixed, Literal_Modifier, Embedded_Literal, Coercion  (the place itself)
  associative  Metonymic, Non_Literal_Modifier, Embedded_Non_Lit, Demonym, Language, Homonym
               (a toponym standing for people, a government, a language, or used as adjective)
  ignored      Literal_Expression, Non_Lit_Expression, Non_Toponym (common nouns / non-toponyms)

LGL / TR-News files (<toponym><start/><end/><phrase/><gaztag geonameid=".."><lat/><lon/>) have
no <type>: every toponym there counts as literal.

Matching is by character-span overlap. Detection is scored two ways:
  literal_*   recall over literal gold toponyms; a prediction counts as true positive when it
              overlaps a literal toponym, is *neutral* when it only overlaps an associative one
              (we do tag "Turkey" in "Turkey said" as a toponym; whether it is a location is
              ``places.is_locative``'s job), and is a false positive otherwise;
  all_*       every gold toponym that has coordinates (literal or associative) is gold.
Resolution: over gold toponyms with coordinates that we detect, the great-circle distance between
our coordinates and gold's: accuracy@161 km (100 miles) and the median error in km. Because our
admin points, and country points outside ``countries._GEONAMES_POINTS``, are estimates rather than
GeoNames' own (the packaged data has no GeoNames coordinates for them: admin units use the
centre of their towns' extent, countries countryinfo's centre), ``accuracy_161km_or_same_id``
also counts a resolution as right when the GeoNames id is gold's.

Predictions come from ``wirewatch.pipeline.Pipeline().extract_many`` (i.e. from
``places.find_places``); if the pipeline cannot run, ``find_places`` is called on spaCy docs.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Iterator, Optional

from defusedxml import ElementTree as ET

from wirewatch.gazetteer import haversine_km

LITERAL = {"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal", "Coercion"}
ASSOCIATIVE = {"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit", "Demonym", "Language",
               "Homonym"}
ACC_KM = 161.0


@dataclass
class GoldToponym:
    text: str
    start: int
    end: int
    type: str
    lat: Optional[float]
    lon: Optional[float]
    geonameid: Optional[int]

    @property
    def literal(self) -> bool:
        return self.type in LITERAL

    @property
    def toponym(self) -> bool:
        return self.type in LITERAL or self.type in ASSOCIATIVE


@dataclass
class GoldArticle:
    id: str
    text: str
    toponyms: list


def _float(el, *tags: str) -> Optional[float]:
    """First numeric value among ``tags`` (searched anywhere below ``el``)."""
    for tag in tags:
        value = el.findtext(f".//{tag}")
        try:
            if value not in (None, ""):
                return float(value)
        except ValueError:
            continue
    return None


def _geonameid(el) -> Optional[int]:
    """GeoWebNews <geonamesID>, or LGL / TR-News <gaztag geonameid="...">."""
    value = el.findtext("geonamesID")
    if not value:
        gaztag = el.find("gaztag")
        value = gaztag.get("geonameid") if gaztag is not None else None
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def read(path: str) -> Iterator[GoldArticle]:
    """Articles of a GeoWebNews-format XML file."""
    root = ET.parse(path).getroot()
    for n, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            start, end = t.findtext("start"), t.findtext("end")
            if start is None or end is None:
                continue
            tops.append(GoldToponym(
                text=t.findtext("extractedName") or t.findtext("phrase") or "",
                start=int(start), end=int(end), type=t.findtext("type") or "Literal",
                lat=_float(t, "latitude", "lat"), lon=_float(t, "longitude", "lon"),
                geonameid=_geonameid(t)))
        yield GoldArticle(id=art.get("file") or str(n), text=text, toponyms=tops)


def _predict(articles: list[GoldArticle]) -> tuple[list[list[dict]], str]:
    """Place dicts for each article, via the pipeline when it runs, else via find_places."""
    rows = [{"id": a.id, "text": a.text} for a in articles]
    try:
        from wirewatch.pipeline import Pipeline
        out = [[p if isinstance(p, dict) else p.to_dict() for p in ex.places]
               for ex in Pipeline().extract_many(rows)]
        return out, "pipeline"
    except Exception:  # another stage failing must not hide the places figures
        from wirewatch import nlp as nlp_stage
        from wirewatch.places import find_places
        nlp = nlp_stage.load()
        docs = nlp.pipe((r["text"] for r in rows), batch_size=16)
        return [[p.to_dict() for p in find_places(doc)] for doc in docs], "find_places"


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _score_article(art: GoldArticle, preds: list[dict], acc: dict) -> dict:
    """Add one article's counts to ``acc``; return its per-article error summary."""
    gold_lit = [g for g in art.toponyms if g.literal]
    gold_all = [g for g in art.toponyms if g.toponym and g.lat is not None]
    assoc = [g for g in art.toponyms if g.type in ASSOCIATIVE]
    errors = {"id": art.id, "missed": [], "spurious": [], "far": []}
    for p in preds:
        hits_lit = any(_overlaps(p["start"], p["end"], g.start, g.end) for g in gold_lit)
        hits_assoc = any(_overlaps(p["start"], p["end"], g.start, g.end) for g in assoc)
        hits_all = any(_overlaps(p["start"], p["end"], g.start, g.end) for g in gold_all)
        if hits_lit:
            acc["lit_tp_pred"] += 1
        elif not hits_assoc:
            acc["lit_fp"] += 1
            errors["spurious"].append(p["text"])
        acc["all_tp_pred" if hits_all else "all_fp"] += 1
    for g in gold_lit:
        found = any(_overlaps(p["start"], p["end"], g.start, g.end) for p in preds)
        acc["lit_gold"] += 1
        acc["lit_found"] += found
        if g.geonameid is not None:
            acc["lit_gn_gold"] += 1
            acc["lit_gn_found"] += found
        if not found:
            errors["missed"].append(g.text)
    for g in gold_all:
        match = [p for p in preds if _overlaps(p["start"], p["end"], g.start, g.end)]
        acc["all_gold"] += 1
        acc["all_found"] += bool(match)
        if match and match[0].get("lat") is not None:
            km = haversine_km(g.lat, g.lon, match[0]["lat"], match[0]["lon"])
            acc["errors_km"].append(km)
            acc["id_or_161"] += km <= ACC_KM or (
                g.geonameid is not None and g.geonameid == match[0].get("geonameid"))
            if km > ACC_KM:
                errors["far"].append(f"{g.text} -> {match[0].get('name')} "
                                     f"({match[0].get('country')}) {km:.0f} km")
    errors["n_errors"] = len(errors["missed"]) + len(errors["spurious"]) + len(errors["far"])
    return errors


def _prf(tp_pred: int, fp: int, found: int, gold: int) -> dict:
    p = tp_pred / (tp_pred + fp) if tp_pred + fp else 0.0
    r = found / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def score_articles(articles: list[GoldArticle], predictions: list[list[dict]]) -> tuple[dict, list[dict]]:
    """(metrics, worst articles) for gold articles and aligned place dicts: the detection and
    resolution figures shared by every toponym suite (geowebnews, local-news)."""
    acc = {"lit_tp_pred": 0, "lit_fp": 0, "lit_gold": 0, "lit_found": 0, "lit_gn_gold": 0,
           "lit_gn_found": 0, "all_tp_pred": 0, "all_fp": 0, "all_gold": 0, "all_found": 0,
           "errors_km": [], "id_or_161": 0}
    per_article = [_score_article(a, p, acc) for a, p in zip(articles, predictions)]
    errs = acc["errors_km"]
    lit = _prf(acc["lit_tp_pred"], acc["lit_fp"], acc["lit_found"], acc["lit_gold"])
    every = _prf(acc["all_tp_pred"], acc["all_fp"], acc["all_found"], acc["all_gold"])
    metrics = {
        "literal_precision": lit["precision"], "literal_recall": lit["recall"],
        "literal_f1": lit["f1"],
        "literal_recall_geonames": round(acc["lit_gn_found"] / acc["lit_gn_gold"], 4)
        if acc["lit_gn_gold"] else 0.0,
        "all_precision": every["precision"], "all_recall": every["recall"], "all_f1": every["f1"],
        "accuracy_161km": round(sum(e <= ACC_KM for e in errs) / len(errs), 4) if errs else 0.0,
        "accuracy_161km_or_same_id": round(acc["id_or_161"] / len(errs), 4) if errs else 0.0,
        "median_error_km": round(statistics.median(errs), 1) if errs else None,
        "mean_error_km": round(statistics.fmean(errs), 1) if errs else None,
        "resolved": len(errs), "gold_literal": acc["lit_gold"],
        "gold_with_coordinates": acc["all_gold"], "predicted_places": sum(map(len, predictions)),
    }
    worst = sorted(per_article, key=lambda e: -e["n_errors"])[:10]
    return metrics, worst


def run(path: str, limit: Optional[int] = None, half: Optional[int] = None) -> dict:
    """Score ``find_places`` on a GeoWebNews-format file; JSON-ready report.

    ``half`` (1 or 2) scores one deterministic half of the articles (by article id)."""
    from wirewatch.evaluation.metrics import select
    articles = select(list(read(path)), key=lambda a: a.id, limit=limit, half=half)
    started = time.perf_counter()
    predictions, mode = _predict(articles)
    seconds = time.perf_counter() - started
    metrics, worst = score_articles(articles, predictions)
    metrics.update({"seconds": round(seconds, 1), "mode": mode})
    return {"suite": "geowebnews", "path": path, "n": len(articles), "half": half, "metrics": metrics,
            "worst": worst}
