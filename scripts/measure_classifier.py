"""Measure the shipped event classifier (wirewatch.classify) on the gold dev sets, alone.

    .venv/bin/python scripts/measure_classifier.py [--shared /work/shared] [--confusion]

Reports, for the classifier's top label only (no rules involved):
- CASE 2021 dev: macro-F1 over the 24 ACLED sub-event types (the repo's own metric code), accuracy on
  ACLED-gold snippets, and the share of non-ACLED snippets that were given an ACLED label;
- PLOVER gold-standard records: type accuracy (2021 names mapped to 2024 types);
- speed: seconds per 1000 sentences (model already loaded, single process).
The gold is read for measurement only; nothing from it is written anywhere.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from wirewatch.classify import EventClassifier  # noqa: E402
from wirewatch.evaluation import case2021, metrics, plover_gsr  # noqa: E402


def _texts(model: EventClassifier, texts: list[str]) -> list[str]:
    """The texts as the model was trained on them: with the rule coder's role words if it used them."""
    if not model.meta.get("roles"):
        return texts
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from train_classifier import with_roles
    return with_roles(texts)


def measure_case(model: EventClassifier, shared: str, confusion: bool) -> dict:
    """CASE 2021 task-2 figures for the classifier's top ACLED label."""
    path = os.path.join(shared, "eval", "case2021")
    snippets = case2021.load(path)
    acled = case2021.acled_codes(path)
    preds = model.predict(_texts(model, [s.text for s in snippets]))
    gold = [s.gold if s.gold in acled else case2021.NO_ACLED for s in snippets]
    pred = [case2021.ACLED_TO_CASE[p["acled"][0]] if p["acled"][0] else case2021.NO_ACLED for p in preds]
    report = metrics.classification(gold, pred, case2021.MACRO_LABELS, top=25)
    on_acled = [(g, p) for g, p in zip(gold, pred) if g in acled]
    non = [(s.gold, p) for s, p in zip(snippets, pred) if s.gold not in acled]
    out = {
        "n": len(snippets),
        "macro_f1_24": round(report["macro_f1"], 4),
        "accuracy_acled_gold": round(sum(g == p for g, p in on_acled) / len(on_acled), 4),
        "non_acled_n": len(non),
        "non_acled_given_acled_label": round(sum(p != case2021.NO_ACLED for _, p in non) / len(non), 4),
        "non_acled_given_by_class": {c: round(sum(p != case2021.NO_ACLED for g, p in non if g == c)
                                              / max(1, sum(g == c for g, _ in non)), 3)
                                     for c in sorted({g for g, _ in non})},
    }
    if confusion:
        out["per_class_f1"] = {k: round(v["f1"], 3) for k, v in report["per_class"].items()}
        out["confusion"] = Counter(f"{g} -> {p}" for g, p in zip([s.gold for s in snippets], pred)
                                   if (g if g in acled else case2021.NO_ACLED) != p).most_common(30)
    return out


def measure_plover(model: EventClassifier, shared: str, confusion: bool) -> dict:
    """PLOVER type accuracy on the gold-standard records (a sentence with no event counts as wrong)."""
    records = plover_gsr.load(os.path.join(shared, "eval", "plover", "gsr-dev.json"))
    preds = model.predict(_texts(model, [r.text for r in records]))
    pairs = [(r.type, p["plover"][0] or "NONE") for r, p in zip(records, preds)]
    out = {"n": len(records), "type_accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 4)}
    if confusion:
        out["confusion"] = Counter(f"{g} -> {p}" for g, p in pairs if g != p).most_common(25)
    return out


def measure_speed(model: EventClassifier, shared: str, n: int = 3000) -> dict:
    """Seconds per 1000 sentences, batch of 500, on CASE snippets repeated to n."""
    texts = [s.text for s in case2021.load(os.path.join(shared, "eval", "case2021"))]
    texts = (texts * (n // len(texts) + 1))[:n]
    model.predict(texts[:10])
    t0 = time.perf_counter()
    for i in range(0, n, 500):
        model.predict(texts[i:i + 500])
    dt = time.perf_counter() - t0
    return {"sentences": n, "seconds_per_1000": round(dt * 1000 / n, 3), "sentences_per_s": round(n / dt)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    ap.add_argument("--confusion", action="store_true", help="also print per-class F1 and confusions")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    model = EventClassifier.load()
    load_s = time.perf_counter() - t0
    result = {"load_seconds": round(load_s, 2),
              "case2021": measure_case(model, args.shared, args.confusion),
              "plover": measure_plover(model, args.shared, args.confusion),
              "speed": measure_speed(model, args.shared)}
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
