"""Choose the classifier's and refine's numbers by k-fold cross-validation on the team's own corpus.

    .venv/bin/python scripts/cv_settings.py [--folds 5] [--json /tmp/cv.json]

Why: the numbers of the classifier / refine path (C, the naive-Bayes alpha and weight, the
neighbourhood weight, refine's probability cut-offs and margins) were picked by looking at dev scores,
which fits them to the dev records. Here each is chosen without any gold data: every corpus text
(``wirewatch/data/training``) is run through the whole pipeline with a classifier trained on the
other folds (out-of-fold), and the top event is scored as the CASE suite scores it (macro-F1 over
the ACLED sub-types, "Other" left out, non-ACLED texts counted as "no ACLED event") and as the
PLOVER GSR suite does (type category of the top event, macro-F1 over the types).

``--by-batch`` holds out whole part files instead of random sentences (StratifiedGroupKFold): sentences
of one batch share their writer's habits, so random folds flatter settings that memorise wording;
held-out batches are the nearest thing in the corpus to text never seen.

Search: one pass of coordinate ascent from the current values, in the order of ``GRID``; each
number takes the grid value with the best objective (mean of the two macro-F1s), the current value
on a tie (< 0.002 apart). Parsing and the rule coder run once; refine is re-applied per setting on
copies of the rule events.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from train_classifier import build_corpus, targets  # noqa: E402

from wirewatch import classify  # noqa: E402
from wirewatch import refine  # noqa: E402

# name -> grid; classifier numbers first (they change the predictions), then refine's
GRID = {
    "C": [8.0, 16.0, 32.0, 64.0, 128.0],
    "alpha": [0.1, 0.3, 1.0],
    "nb_weight": [0.0, 0.25, 0.5, 0.75],
    "CONTEXT_WEIGHT": [0.0, 0.15, 0.3, 0.5],
    "RETYPE_MIN": [0.1, 0.15, 0.2, 0.3],
    "RETYPE_MARGIN": [0.0, 0.06, 0.12, 0.2],
    "CROSS_MIN": [0.25, 0.35, 0.5],
    "CREATE_MIN": [0.15, 0.2, 0.3, 0.4],
    "NONE_MARGIN": [0.0, 0.03, 0.05, 0.1],
    "DISASTER_MIN": [0.4, 0.5, 0.6, 0.8],
    "NON_POLITICAL_MIN": [0.5, 0.6, 0.7, 0.8, 1.0],
}
CLASSIFIER_KEYS = ("C", "alpha", "nb_weight", "CONTEXT_WEIGHT")
TIE = 0.002


def current() -> dict:
    return {"C": 64.0, "alpha": 0.3, "nb_weight": classify.NB_WEIGHT,
            **{k: getattr(refine, k) for k in GRID if k not in ("C", "alpha", "nb_weight")}}


class Folds:
    """Parsed corpus, rule events, fold models and out-of-fold predictions (cached per setting)."""

    def __init__(self, records: list[dict], k: int, by_batch: bool = False):
        from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

        from wirewatch import nlp as nlp_stage
        from wirewatch.pipeline import Pipeline

        self.records = records
        pipe = Pipeline(classifier=False)
        t0 = time.perf_counter()
        texts = [r["text"] for r in records]
        self.docs = list(nlp_stage.parse_many(pipe.nlp, texts, batch_size=32))
        self.found = [pipe._find(doc, None) for doc in self.docs]
        print(f"parsed and rule-coded {len(texts)} texts in {time.perf_counter() - t0:.0f}s", flush=True)
        self.train_texts = []
        for text, f in zip(texts, self.found):
            tokens = classify.role_tokens(f["events"])
            self.train_texts.append(f"{text} {tokens}" if tokens else text)
        roles = type("Roles", (), {"meta": {"roles": True}})()
        self.inputs = [refine.classifier_inputs(doc, f["events"], roles) for doc, f in zip(self.docs, self.found)]
        y = [r["acled"] for r in records]
        if by_batch:  # whole part files held out: text by other writers at other times, never seen
            groups = [r["batch"] for r in records]
            self.folds = list(StratifiedGroupKFold(k, shuffle=True, random_state=0).split(texts, y, groups))
        else:
            self.folds = list(StratifiedKFold(k, shuffle=True, random_state=0).split(texts, y))
        self.targets = targets(records)
        self._x, self._lr, self._nb, self._preds = {}, {}, {}, {}

    def _features(self, fold: int):
        if fold not in self._x:
            train, _ = self.folds[fold]
            features = classify.build_features()
            x = features.fit_transform([self.train_texts[i] for i in train])
            self._x[fold] = (features, x)
        return self._x[fold]

    def _heads(self, fold: int, c: float) -> dict:
        if (fold, c) not in self._lr:
            train, _ = self.folds[fold]
            _, x = self._features(fold)
            self._lr[fold, c] = {n: classify.build_head(c).fit(x, [y[i] for i in train])
                                 for n, y in self.targets.items()}
        return self._lr[fold, c]

    def _nbs(self, fold: int, alpha: float) -> dict:
        if (fold, alpha) not in self._nb:
            train, _ = self.folds[fold]
            _, x = self._features(fold)
            nbs = {n: classify.build_nb(alpha).fit(x, [y[i] for i in train]) for n, y in self.targets.items()}
            for nb in nbs.values():
                classify.compact_nb(nb)
            self._nb[fold, alpha] = nbs
        return self._nb[fold, alpha]

    def predictions(self, s: dict) -> list:
        key = tuple(s[k] for k in CLASSIFIER_KEYS)
        if key not in self._preds:
            t0 = time.perf_counter()
            out = [None] * len(self.records)
            for fold, (_, test) in enumerate(self.folds):
                features, _ = self._features(fold)
                nbs = self._nbs(fold, s["alpha"]) if s["nb_weight"] else {}
                model = classify.EventClassifier(features, self._heads(fold, s["C"]),
                                                 {"nb_weight": s["nb_weight"], "roles": True}, nbs)
                preds = model.predict_many([self.inputs[i][1] for i in test], context_weight=s["CONTEXT_WEIGHT"],
                                           window=refine.CONTEXT_WINDOW)
                for i, p in zip(test, preds):
                    out[i] = p
            self._preds[key] = out
            print(f"  predictions {dict(zip(CLASSIFIER_KEYS, key))} in {time.perf_counter() - t0:.0f}s", flush=True)
        return self._preds[key]

    def score(self, s: dict) -> dict:
        """The pipeline's top events on every text, out of fold, under the setting ``s``."""
        from wirewatch.ontology import plover_category

        preds = self.predictions(s)
        saved = {k: getattr(refine, k) for k in GRID if hasattr(refine, k)}
        for k in saved:
            setattr(refine, k, s[k])
        acled_pred, plover_pred = [], []
        try:
            for doc, f, (sents, _), p in zip(self.docs, self.found, self.inputs, preds):
                events = refine.apply_predictions(doc, copy.deepcopy(f["events"]), f["actors"], f["places"],
                                                  f["times"], None, sents, p)
                top = _top(events, lambda e: bool(e.acled_sub_event_type))
                acled_pred.append(top.acled_sub_event_type if top else classify.NONE)
                top = _top(events, lambda e: True)
                plover_pred.append(plover_category(top.type, top.modality) if top else classify.NONE)
        finally:
            for k, v in saved.items():
                setattr(refine, k, v)
        return summary(self.records, acled_pred, plover_pred)


def _top(events, where):
    best = None
    for ev in events:
        if where(ev) and (best is None or ev.confidence > best.confidence):
            best = ev
    return best


def summary(records: list[dict], acled_pred: list[str], plover_pred: list[str]) -> dict:
    from sklearn.metrics import f1_score

    gold_a = [r["acled"] for r in records]
    gold_p = [r["plover"] for r in records]
    subtypes = sorted(set(gold_a) - {classify.NONE, "Other"})
    types = sorted(set(gold_p) - {classify.NONE})
    acled_f1 = f1_score(gold_a, acled_pred, labels=subtypes, average="macro", zero_division=0)
    plover_f1 = f1_score(gold_p, plover_pred, labels=types, average="macro", zero_division=0)
    non = [p for r, p in zip(records, acled_pred) if r["nonacled"]]
    return {"objective": round((acled_f1 + plover_f1) / 2, 4), "acled_macro_f1": round(acled_f1, 4),
            "plover_macro_f1": round(plover_f1, 4),
            "non_acled_given_acled": round(sum(p != classify.NONE for p in non) / max(1, len(non)), 4),
            "acled_missed": round(sum(p == classify.NONE for g, p in zip(gold_a, acled_pred)
                                      if g != classify.NONE) / max(1, sum(g != classify.NONE for g in gold_a)), 4)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", help="write every setting tried and its scores here")
    ap.add_argument("--by-batch", action="store_true",
                    help="folds of whole part files (StratifiedGroupKFold by batch) instead of random sentences")
    ap.add_argument("--only", default="", help="comma-separated numbers to search (default: all of GRID)")
    args = ap.parse_args(argv)
    records = build_corpus(write=False)
    print(f"corpus: {len(records)} records; ACLED labels {Counter(r['acled'] for r in records).most_common(3)}...")
    cv = Folds(records, args.folds, args.by_batch)
    best = current()
    trials = []
    base = cv.score(best)
    print(f"current {best}: {base}", flush=True)
    trials.append({"setting": dict(best), **base})
    only = set(filter(None, args.only.split(","))) or set(GRID)
    for name in GRID:
        if name not in only:
            continue
        scores = {}
        for value in GRID[name]:
            s = {**best, name: value}
            scores[value] = base if value == best[name] else cv.score(s)
            if value != best[name]:
                trials.append({"setting": s, **scores[value]})
            print(f"{name}={value}: {scores[value]}", flush=True)
        top = max(scores, key=lambda v: scores[v]["objective"])
        if scores[top]["objective"] - scores[best[name]]["objective"] >= TIE:
            best = {**best, name: top}
            base = scores[top]
        print(f"-> {name} = {best[name]}", flush=True)
    print("chosen:", json.dumps(best), json.dumps(base))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"chosen": best, "score": base, "start": current(), "trials": trials}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
