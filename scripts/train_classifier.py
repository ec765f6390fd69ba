"""Build the training corpus from its hand-written parts and train wirewatch's event classifier.

    .venv/bin/python scripts/train_classifier.py            # build corpus, report validation, ship model
    .venv/bin/python scripts/train_classifier.py --no-save  # only report validation figures

Parts (``wirewatch/data/training/parts/*.txt``) are written by hand, grouped by label: a line
``@ ACLED sub-event | PLOVER type | non-ACLED class`` sets the labels of the sentences below it
("NONE" = no such event, "null" = not a non-ACLED text). They are concatenated, in file order, into
``wirewatch/data/training/events.jsonl``. 15 % of the corpus (chosen by a hash of the text, so the
split is stable when sentences are added) is held out to report figures; the shipped model is then
refit on the whole corpus. Everything is deterministic. The role words appended to each text are read from
``training/role-words.tsv`` (frozen with the shipped artefact; ``--recompute-roles`` to refresh them from
the current rules), so a rebuild from a later commit reproduces the shipped model.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import sys
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from wirewatch import classify  # noqa: E402
from wirewatch.ontology import ACLED_SUB_TO_TYPE, PLOVER_TYPES  # noqa: E402

TRAINING = os.path.join(ROOT, "wirewatch", "data", "training")
ROLE_WORDS = os.path.join(TRAINING, "role-words.tsv")
NONACLED = {"NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME", "DIPLO", "ATTRIB", "OTHER"}
VALIDATION_SHARE = 15  # percent


def parse_part(path: str) -> list[dict]:
    """Records of one part file; fails loudly on an unknown label so typos cannot train silently.

    Each record carries its provenance: ``batch`` (the part file's name) and ``source`` (the text of the
    last ``# source: ...`` comment above it and the comment lines that continue it; None in parts
    written before sources were recorded), so a sentence can always be traced to the definition it
    was written from."""
    records, labels, source, in_source = [], None, None, False
    batch = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.strip()
            if line.startswith("#"):
                comment = line.lstrip("#").strip()
                if comment.lower().startswith("source:"):
                    source, in_source = comment[len("source:"):].strip(), True
                elif in_source and comment:
                    source = f"{source} {comment}"
                continue
            in_source = False
            if not line:
                continue
            if line.startswith("@"):
                labels = _header(line[1:], f"{path}:{n}")
                continue
            if labels is None:
                raise ValueError(f"{path}:{n}: sentence before any '@' header")
            records.append({"text": line, **labels, "batch": batch, "source": source})
    return records


def _header(spec: str, where: str) -> dict:
    acled, plover, nonacled = (s.strip() for s in spec.split("|"))
    if acled != classify.NONE and acled not in ACLED_SUB_TO_TYPE:
        raise ValueError(f"{where}: unknown ACLED sub-event {acled!r}")
    if plover != classify.NONE and plover not in PLOVER_TYPES:
        raise ValueError(f"{where}: unknown PLOVER type {plover!r}")
    nonacled_label = None if nonacled == "null" else nonacled
    if nonacled_label is not None and nonacled_label not in NONACLED:
        raise ValueError(f"{where}: unknown non-ACLED class {nonacled!r}")
    if (acled == classify.NONE) != (nonacled_label is not None):
        raise ValueError(f"{where}: a text is either an ACLED event or of a non-ACLED class")
    return {"acled": acled, "plover": plover, "nonacled": nonacled_label}


def build_corpus(training_dir: str = TRAINING, write: bool = True, extra: tuple[str, ...] = ()) -> list[dict]:
    """All parts (and the ``extra`` part files, e.g. a batch from ``training/tried/``), de-duplicated on
    text (first occurrence wins), written to events.jsonl."""
    seen, records = set(), []
    for path in sorted(glob.glob(os.path.join(training_dir, "parts", "*.txt"))) + list(extra):
        for rec in parse_part(path):
            key = rec["text"].lower()
            if key not in seen:
                seen.add(key)
                records.append(rec)
    if not write:
        return records
    with open(os.path.join(training_dir, "events.jsonl"), "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return records


def is_validation(text: str) -> bool:
    """Stable 15 % hold-out chosen by text hash."""
    return int(hashlib.md5(text.encode("utf-8")).hexdigest(), 16) % 100 < VALIDATION_SHARE


def targets(records: list[dict]) -> dict[str, list[str]]:
    """Label lists per head; the non-ACLED head names ACLED texts "ACLED"."""
    return {
        "acled": [r["acled"] for r in records],
        "plover": [r["plover"] for r in records],
        "nonacled": [r["nonacled"] or classify.ACLED_HEAD for r in records],
    }


def text_key(text: str) -> str:
    """Key of a corpus text in the frozen role-word file: the md5 of its UTF-8 bytes."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def rule_role_words(texts: list[str]) -> list[str]:
    """The role words (``classify.role_tokens``) of each text's events as *today's* rule pipeline codes them."""
    from wirewatch.pipeline import Pipeline

    rows = [{"id": str(i), "text": t} for i, t in enumerate(texts)]
    return [classify.role_tokens(x.events) for x in Pipeline(classifier=False).extract_many(rows)]


def load_role_words(path: str = ROLE_WORDS) -> dict[str, str]:
    """The frozen role words: ``text_key`` -> words (possibly empty); '#' lines are comments."""
    out = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                key, _, words = line.rstrip("\n").partition("\t")
                out[key] = words
    return out


def save_role_words(words: dict[str, str], path: str = ROLE_WORDS) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# md5(text)\trole words (classify.role_tokens) the shipped classifier was trained with;\n"
                 "# written by scripts/train_classifier.py (refresh: --recompute-roles), see docs/classifier.md\n")
        for key, value in words.items():
            fh.write(f"{key}\t{value}\n")


def frozen_role_words(texts: list[str], recompute: bool = False, path: str = ROLE_WORDS,
                      compute=rule_role_words) -> tuple[dict[str, str], int]:
    """Role words covering ``texts``: the frozen file's, and for texts it lacks (all with ``recompute``) the
    current rules' (``compute``). Returns the words and how many were computed now. Why frozen: the role
    words come from the rule pipeline, which changes every session; recomputing them made a rebuild from
    a later commit a different model from the shipped one (docs/classifier.md, "Reproducing the shipped model")."""
    words = {} if recompute else load_role_words(path)
    missing = list(dict.fromkeys(t for t in texts if text_key(t) not in words))
    for text, value in zip(missing, compute(missing) if missing else []):
        words[text_key(text)] = value
    return words, len(missing)


def with_roles(texts: list[str], role_words: dict[str, str] | None = None) -> list[str]:
    """Each text followed by the role words of its rule-coded events: from ``role_words`` (the frozen
    file, ``frozen_role_words``) or, without it, computed by the current rules (``rule_role_words``)."""
    if role_words is None:
        tokens = rule_role_words(texts)
    else:
        tokens = [role_words[text_key(t)] for t in texts]
    return [f"{text} {tok}" if tok else text for text, tok in zip(texts, tokens)]


def fit(records: list[dict], c: float = 64.0, nb_weight: float = classify.NB_WEIGHT,
        roles: bool = False, bag: int = 0, seed: int = 0, bag_mode: str = "bootstrap",
        role_words: dict[str, str] | None = None) -> classify.EventClassifier:
    """One shared feature space, three logistic-regression heads, each with a naive-Bayes partner.

    With ``bag`` = K > 1, each head (and its partner) is the average of K fits on bootstrap resamples
    of the records, or on the K complements of a K-fold split (``bag_mode="kfold"``; ``bagged_heads``);
    the vectorizers are fitted once on all records."""
    import sklearn

    texts = [r["text"] for r in records]
    if roles:
        texts = with_roles(texts, role_words)
    features = classify.build_features()
    x = features.fit_transform(texts)
    if bag > 1:
        heads, nb_heads = bagged_heads(x, targets(records), c, nb_weight, bag, seed, bag_mode)
    else:
        heads = {name: classify.build_head(c).fit(x, y) for name, y in targets(records).items()}
        nb_heads = {name: classify.build_nb().fit(x, y) for name, y in targets(records).items()} if nb_weight else {}
    for nb in nb_heads.values():
        classify.compact_nb(nb)
    meta = {"sklearn": sklearn.__version__, "n_train": len(records), "c": c, "nb_weight": nb_weight, "roles": roles}
    if bag > 1:
        meta.update(bag=bag, bag_seed=seed, bag_mode=bag_mode)
    return classify.EventClassifier(features, heads, meta, nb_heads)


def bagged_heads(x, labels: dict[str, list[str]], c: float, nb_weight: float, k: int, seed: int,
                 mode: str = "bootstrap"):
    """Bagging (Breiman 1996, "Bagging predictors"): each head fitted on ``k`` bootstrap resamples of the
    rows (numpy ``RandomState(seed)``, one draw of row indices per resample, shared by the heads) or,
    with ``mode="kfold"``, on the ``k`` complements of a K-fold split of a ``RandomState(seed)``
    permutation of the rows (each fit sees (k-1)/k of the records), and its weights averaged.
    For a linear head the averaged weights give the averaged logits, so the model keeps the shape and
    the cost of a single fit: a logistic regression with the mean ``coef_`` / ``intercept_``, a
    complement naive Bayes with the mean ``feature_log_prob_`` (the geometric mean of its complement
    tables). Why: one fit's lockbox figures move by 0.01-0.03 when six neutral sentences are added to
    the corpus; an average of resampled fits is a lower-variance estimate of the same model. Not the
    default: measured in docs/classifier.md ("Session 7, helper bag"), no bagged model was kept."""
    import numpy as np

    rng = np.random.RandomState(seed)
    n = x.shape[0]
    if mode == "kfold":
        folds = np.array_split(rng.permutation(n), k)
        draws = [np.sort(np.concatenate(folds[:j] + folds[j + 1:])) for j in range(k)]
    else:
        draws = [rng.randint(0, n, n) for _ in range(k)]
    heads, nb_heads = {}, {}
    for name, y in labels.items():
        y = np.asarray(y)
        classes = np.unique(y)
        fits = [classify.build_head(c).fit(x[i], y[i]) for i in draws]
        nbs = [classify.build_nb().fit(x[i], y[i]) for i in draws] if nb_weight else []
        for m in fits + nbs:
            if not np.array_equal(m.classes_, classes):  # a resample without a class cannot be averaged
                raise ValueError(f"bag resample lacks classes of head {name!r}")
        heads[name] = _mean_of(fits, ("coef_", "intercept_"))
        if nbs:
            nb_heads[name] = _mean_of(nbs, ("feature_log_prob_", "feature_count_", "feature_all_",
                                            "class_count_", "class_log_prior_"))
    return heads, nb_heads


def _mean_of(models: list, attributes: tuple[str, ...]):
    """The first model, its ``attributes`` replaced by their mean over ``models``."""
    import numpy as np

    out = models[0]
    for attr in attributes:
        setattr(out, attr, np.mean([getattr(m, attr) for m in models], axis=0))
    return out


def evaluate(model: classify.EventClassifier, records: list[dict], role_words: dict[str, str] | None = None) -> dict:
    """Accuracy per head and macro-F1 over the ACLED sub-types on held-out records."""
    from sklearn.metrics import f1_score

    texts = [r["text"] for r in records]
    preds = model.predict(with_roles(texts, role_words) if model.meta.get("roles") else texts)
    gold = targets(records)
    out = {}
    for head in classify.HEADS:
        fallback = classify.ACLED_HEAD if head == "nonacled" else classify.NONE
        pred = [p[head][0] or fallback for p in preds]
        out[f"{head}_accuracy"] = sum(a == b for a, b in zip(gold[head], pred)) / len(pred)
        if head == "acled":
            labels = sorted(set(gold[head]) - {classify.NONE, "Other"})
            out["acled_macro_f1_subtypes"] = f1_score(gold[head], pred, labels=labels, average="macro",
                                                      zero_division=0)
            out["acled_errors"] = Counter(f"{g} -> {p}" for g, p in zip(gold[head], pred) if g != p
                                          ).most_common(12)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-save", action="store_true", help="report validation figures only")
    ap.add_argument("-C", type=float, default=64.0, help="inverse regularisation of the heads")
    ap.add_argument("--nb-weight", type=float, default=classify.NB_WEIGHT,
                    help="share of the naive-Bayes partner in each head (0: logistic regression alone)")
    ap.add_argument("--no-roles", dest="roles", action="store_false",
                    help="texts alone, without the rule coder's role words (classify.role_tokens)")
    ap.add_argument("--recompute-roles", action="store_true",
                    help="recompute every text's role words with the current rules (default: the frozen "
                         "training/role-words.tsv; only texts missing from it are computed); saving rewrites it")
    ap.add_argument("--extra", action="append", default=[],
                    help="also train on this part file (a batch kept out of the shipped corpus, training/tried/)")
    ap.add_argument("--bag", type=int, default=0,
                    help="average each head over K bootstrap fits (bagging; 0 or 1: a single fit)")
    ap.add_argument("--bag-seed", type=int, default=0, help="seed of the bootstrap draws / of the K-fold split")
    ap.add_argument("--bag-mode", choices=("bootstrap", "kfold"), default="bootstrap",
                    help="bag over bootstrap resamples or over the complements of a K-fold split")
    ap.add_argument("--no-validation", dest="validation", action="store_false",
                    help="skip the 85 %% fit and its figures")
    ap.add_argument("--out", default=classify.MODEL_PATH, help="where to write the artefact")
    args = ap.parse_args(argv)

    records = build_corpus(extra=tuple(args.extra))
    counts = Counter(r["acled"] for r in records)
    print(f"corpus: {len(records)} records; ACLED labels: {len(counts) - 1} + NONE; "
          f"smallest class: {min(counts.items(), key=lambda kv: kv[1])}")
    role_words = None
    if args.roles:
        role_words, computed = frozen_role_words([r["text"] for r in records], args.recompute_roles)
        print(f"role words: {len(records) - computed} frozen ({ROLE_WORDS}), {computed} computed by the current rules")
    train = [r for r in records if not is_validation(r["text"])]
    valid = [r for r in records if is_validation(r["text"])]
    if args.validation:
        t0 = time.perf_counter()
        model = fit(train, args.C, args.nb_weight, args.roles, args.bag, args.bag_seed, args.bag_mode, role_words)
        print(f"trained on {len(train)} in {time.perf_counter() - t0:.1f}s; validation n={len(valid)}")
        print(json.dumps(evaluate(model, valid, role_words), indent=1))
    if not args.no_save:
        final = fit(records, args.C, args.nb_weight, args.roles, args.bag, args.bag_seed, args.bag_mode, role_words)
        final.save(args.out)
        if role_words is not None and (computed or args.recompute_roles) and args.out == classify.MODEL_PATH:
            # the frozen words go with the shipped artefact: an experiment written elsewhere leaves them alone
            save_role_words(role_words)
            print(f"wrote {ROLE_WORDS} ({len(role_words)} texts)")
        print(f"saved {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
