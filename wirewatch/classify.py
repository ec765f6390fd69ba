"""Sentence-level event classifier: ACLED sub-event type, PLOVER type and non-ACLED class.

Why: the trigger rules in ``events.py`` plateau on sub-event typing (the right ACLED sub-type often
depends on a weapon, a victim or an outcome that no single trigger carries). A linear model over word
and character n-grams, trained on our own written corpus (``data/training/events.jsonl``, see
``docs/classifier.md``), reads the whole sentence and is fast enough to run on every sentence
(thousands of sentences per second on one core).

Artefact: ``data/models/event_classifier.joblib`` (scikit-learn objects; rebuild it with
``scripts/train_classifier.py`` whenever the corpus or the scikit-learn version changes).
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import Optional, Sequence

MODEL_PATH = os.path.join(os.path.dirname(__file__), "data", "models", "event_classifier.joblib")
NONE = "NONE"          # corpus label: no ACLED event / no PLOVER event
ACLED_HEAD = "ACLED"   # label of the non-ACLED head for texts that ARE ACLED events
HEADS = ("acled", "plover", "nonacled")
NB_WEIGHT = 0.5        # share of the naive-Bayes partner in each head's probabilities

_LOCK = threading.Lock()
_CACHE: dict[str, "EventClassifier"] = {}


def build_features():
    """Word 1-2 grams + character 3-6 grams inside word boundaries, both tf-idf with sublinear tf.

    Why both: words carry the event semantics ("shelled", "defused"), character n-grams make the model
    robust to inflection, compounds and unseen names ("drone-strike", "IEDs", "airstrikes").
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    common = dict(lowercase=True, strip_accents="unicode", sublinear_tf=True, dtype=_float32())
    return FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=1,
                                 token_pattern=r"(?u)\b\w[\w'-]*\b", **common)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 6), min_df=2, max_features=150_000,
                                 **common)),
    ])


def build_head(c: float = 64.0):
    """Multinomial logistic regression: calibrated-enough probabilities without an extra CV step."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=0)


def build_nb(alpha: float = 0.3):
    """Complement naive Bayes over the same tf-idf: averaged with the logistic regression it generalises
    better to real news than either alone (CASE 2021 dev: macro-F1 +0.02, non-ACLED texts given an ACLED
    label 0.14 -> 0.08; docs/classifier.md), at the cost of one more sparse product."""
    from sklearn.naive_bayes import ComplementNB

    return ComplementNB(alpha=alpha)


def compact_nb(nb) -> None:
    """Store the dense class x feature table as float32 in Fortran order: half the artefact, and its
    transpose is C-contiguous, which makes the sparse product ~80x faster (same predictions)."""
    import numpy as np

    nb.feature_log_prob_ = np.asfortranarray(nb.feature_log_prob_, dtype=np.float32)


def role_tokens(events) -> str:
    """Who did what to whom, as words the tf-idf can weigh: the roles of the rule-coded events' agents
    and targets (``zzagmil zztgpro``). N-grams see the words, not the roles (a protest's or a capture's
    sub-type hinges on them); training and ``refine`` append this same text. (Event-type words and
    agent-target pairs were tried too and did worse on CASE 2021, docs/classifier.md.)"""
    toks = set()
    for ev in events:
        for prefix, actor in (("zzag", ev.actor), ("zztg", ev.recipient)):
            if actor is not None and actor.role:
                toks.add(prefix + actor.role.lower())
    return " ".join(sorted(toks))


def _float32():
    import numpy as np

    return np.float32


def feature_blocks(features, sentences: list[str]) -> list:
    """The tf-idf blocks (word, char) of ``sentences``: FeatureUnion.transform without its parallel
    dispatch (same columns, same order)."""
    parts = getattr(features, "transformer_list", None)
    return [features.transform(sentences)] if parts is None else [_tfidf(vec, sentences) for _, vec in parts]


def _tfidf(vec, sentences: list[str]):
    """``vec.transform(sentences)``; for a fitted character n-gram vectorizer (``char_wb``), the same
    matrix to the bit from word-by-word counts (``char_wb_counts``)."""
    if getattr(vec, "analyzer", None) != "char_wb" or type(vec).__name__ != "TfidfVectorizer" \
            or getattr(vec, "binary", True) or not hasattr(vec, "vocabulary_"):
        return vec.transform(sentences)
    return vec._tfidf.transform(char_wb_counts(vec, sentences), copy=False)


_WORD_NGRAMS: dict = {}  # id(vectorizer) -> (vectorizer, {word: its n-grams' columns})


def char_wb_counts(vec, sentences: list[str]):
    """The count matrix ``CountVectorizer.transform`` builds for a ``char_wb`` vectorizer, to the bit.

    Why: its n-grams never cross a word (each word is padded with a space and cut on its own), so
    the columns of a word's n-grams are a function of the word, remembered here; scikit-learn
    instead cuts every word again and looks each n-gram up, raising a KeyError for every one outside
    the vocabulary (most of them), which made this the costliest step of the classifier. Sentences
    are preprocessed and split exactly as scikit-learn does; the counts per column are the same
    and the matrix is built as it builds it (int counts cast to ``vec.dtype``, indices sorted).
    tests/test_classify.py compares it with ``vec.transform`` on texts with accents and odd spacing."""
    import numpy as np
    import scipy.sparse as sp

    owner, memo = _WORD_NGRAMS.get(id(vec), (None, None))
    if owner is not vec:
        memo = {}
        _WORD_NGRAMS[id(vec)] = (vec, memo)
    if len(memo) > 200_000:  # an unbounded stream of new words (names, typos) must not grow it forever
        memo.clear()
    preprocess, vocab = vec.build_preprocessor(), vec.vocabulary_
    indices: list[int] = []
    values: list[int] = []
    indptr = [0]
    for sentence in sentences:
        counts: dict[int, int] = {}
        for word in vec._white_spaces.sub(" ", preprocess(vec.decode(sentence))).split():
            columns = memo.get(word)
            if columns is None:
                columns = memo[word] = [vocab[g] for g in vec._char_wb_ngrams(word) if g in vocab]
            for j in columns:
                counts[j] = counts.get(j, 0) + 1
        indices.extend(counts)
        values.extend(counts.values())
        indptr.append(len(indices))
    x = sp.csr_matrix((np.asarray(values, dtype=np.intc), np.asarray(indices, dtype=np.int32),
                       np.asarray(indptr, dtype=np.int32)), shape=(len(sentences), len(vocab)), dtype=vec.dtype)
    x.sort_indices()
    return x


def context_rows(blocks: list, window: int):
    """Per sentence, the tf-idf of sentences i-window .. i+window, summed and re-normalised per block.

    Why rows and not the joined text: it costs a sparse product instead of a second pass of the
    vectorizers."""
    import scipy.sparse as sp

    n = blocks[0].shape[0]
    k = min(window, n - 1)
    band = sp.diags([1.0] * (2 * k + 1), list(range(-k, k + 1)), shape=(n, n), format="csr", dtype=blocks[0].dtype)
    return sp.hstack([_l2_rows(band @ b) for b in blocks], format="csr")


def head_proba(head, nb, nb_weight: float, x):
    """Class probabilities of one head: the logistic regression, averaged with its naive-Bayes partner."""
    p = _proba(head, x)
    return p if nb is None else (1 - nb_weight) * p + nb_weight * _nb_proba(nb, x)


@dataclass
class StackedHeads:
    """Every head (and its naive-Bayes partner) as one weight matrix: all probabilities from one sparse
    product per feature block.

    Why: per-call overhead of scipy/scikit-learn, not arithmetic, dominates on the few sentences of an
    article. Logits are linear in the tf-idf row, so the logits of a summed, re-normalised
    neighbourhood are the summed block logits divided by the neighbourhood's norm, which the
    banded sum of their rows gives. Same numbers as the per-head path (a test compares them).
    """

    weights: object       # float32, features x (all heads' classes, LR and NB side by side)
    bias: object
    slices: dict          # head -> (LR columns, NB columns or None, NB weight)

    @classmethod
    def build(cls, heads: dict, nb_heads: dict, nb_weight: float) -> Optional["StackedHeads"]:
        """None when a head does not fit the stacked form (binary heads of small test models)."""
        import numpy as np

        cols, bias, slices, at = [], [], {}, 0
        for name in HEADS:
            head, nb = heads[name], nb_heads.get(name)
            if len(head.classes_) < 3 or (nb is not None and len(nb.classes_) < 2):
                return None
            k = len(head.classes_)
            cols.append(head.coef_.T)
            bias.append(head.intercept_)
            lr_cols, nb_cols = slice(at, at + k), None
            at += k
            if nb is not None:
                cols.append(nb.feature_log_prob_.T)
                bias.append(np.zeros(k))
                nb_cols = slice(at, at + k)
                at += k
            slices[name] = (lr_cols, nb_cols, nb_weight)
        return cls(np.ascontiguousarray(np.hstack(cols), dtype=np.float32),
                   np.concatenate(bias).astype(np.float32), slices)

    def proba(self, blocks: list, context_weight: float, window: int,
              lengths: Optional[Sequence[int]] = None) -> dict:
        """Every head's probabilities; with ``context_weight`` mixed with the neighbourhood's.

        ``blocks`` may hold the sentences of several documents one after the other, ``lengths`` being
        their sentence counts (default: one document): a neighbourhood never crosses a document, so
        each row is what the document alone gives, to the bit (each product and sum is row by row).
        One call for a batch of documents saves scipy's per-call cost, which dominates short texts."""
        import numpy as np

        logits, at = [], 0
        for b in blocks:
            logits.append(np.asarray(b @ self.weights[at:at + b.shape[1]]))
            at += b.shape[1]
        z = sum(logits) + self.bias
        if context_weight:
            # The band (|i - j| <= window, within a document) as a sparse matrix: cost linear in the
            # number of sentences (a dense n x n band and Gram matrix made one long document cubic).
            band = _band(blocks[0].shape[0] if lengths is None else lengths, window)
            zc = self.bias.copy()
            for b, zb in zip(blocks, logits):
                hood = band @ b  # each neighbourhood's summed tf-idf row: its norm is the re-normalisation
                norm = np.sqrt(np.asarray(hood.multiply(hood).sum(axis=1)).ravel())
                norm[norm == 0] = 1.0
                zc = zc + (band @ zb) / norm[:, None]
        out = {}
        for name, (lr, nb, w) in self.slices.items():
            p = _mix(z, lr, nb, w)
            out[name] = (1 - context_weight) * p + context_weight * _mix(zc, lr, nb, w) if context_weight else p
        return out


def _band(lengths, window: int):
    """Block-diagonal 0/1 band: row i has ones at the columns j of i's own document with
    |i - j| <= ``window``, in increasing order (as ``scipy.sparse.diags(...).tocsr()`` lays them out).
    ``lengths`` is one sentence count or a list of them."""
    import numpy as np
    from scipy import sparse

    lengths = [lengths] if isinstance(lengths, int) else list(lengths)
    indptr, indices, start = [0], [], 0
    for n in lengths:
        for i in range(start, start + n):
            indices.extend(range(max(start, i - window), min(start + n, i + window + 1)))
            indptr.append(len(indices))
        start += n
    return sparse.csr_matrix((np.ones(len(indices)), np.asarray(indices, dtype=np.int32),
                              np.asarray(indptr, dtype=np.int32)), shape=(start, start))


def _mix(z, lr, nb, w):
    p = _softmax(z[:, lr])
    return p if nb is None else (1 - w) * p + w * _softmax(z[:, nb])


@dataclass
class EventClassifier:
    """Three linear heads over one shared tf-idf representation: loading, saving and ``predict``.

    The arithmetic lives in two parts a reader can take one at a time: ``feature_blocks`` /
    ``context_rows`` (the representation) and ``StackedHeads`` (all heads in one product);
    ``head_proba`` is the plain per-head path used by small test models and by the tests."""

    features: object
    heads: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)
    nb_heads: dict = field(default_factory=dict)   # optional naive-Bayes partner per head (see build_nb)

    @classmethod
    def load(cls, path: str = MODEL_PATH) -> "EventClassifier":
        """The shipped model, loaded once per process (thread-safe)."""
        with _LOCK:
            if path not in _CACHE:
                import joblib

                blob = joblib.load(path)
                _check_version(blob.get("meta", {}))
                nb_heads = blob.get("nb_heads", {})
                for nb in nb_heads.values():
                    compact_nb(nb)  # no-op for artefacts written by train_classifier.py
                _CACHE[path] = cls(blob["features"], blob["heads"], blob.get("meta", {}), nb_heads)
            return _CACHE[path]

    def save(self, path: str = MODEL_PATH) -> None:
        """Write the artefact (compressed: the repo copy must stay small)."""
        import joblib

        os.makedirs(os.path.dirname(path), exist_ok=True)
        for _, vectorizer in getattr(self.features, "transformer_list", []):
            # an id() cache inside scikit-learn's vectorizers; dropping it keeps the file byte-identical
            # across rebuilds (scikit-learn reads it with a default)
            vectorizer.__dict__.pop("_stop_words_id", None)
        joblib.dump({"features": self.features, "heads": self.heads, "meta": self.meta, "nb_heads": self.nb_heads},
                    path, compress=3)

    def predict(self, sentences: Sequence[str], context_weight: float = 0.0, window: int = 1) -> list[dict]:
        """Per sentence: top label and probability of each head, plus all ACLED probabilities.

        ``sentences`` in text order; with ``context_weight`` > 0 each sentence's probabilities are mixed
        with those of its neighbourhood (``window`` sentences each side, see ``context_rows``): a report
        often names the weapon or the outcome in the sentence before or after the event's verb.

        ``acled`` / ``plover`` labels are ``None`` when the top class is "no event"; ``nonacled`` is
        ``None`` when the text reads as an ACLED event (its probability is then that of "ACLED").
        """
        if not sentences:
            return []
        import sklearn

        # Per-call validation and FeatureUnion's joblib dispatch cost ~3 ms, more than the model itself
        # on one sentence: skip them (our inputs are always finite tf-idf rows).
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            if getattr(self, "_stacked", None) is None:
                self._stacked = StackedHeads.build(self.heads, self.nb_heads, self._nb_weight()) or False
            if self._stacked:
                probs = self._fast_proba(list(sentences), context_weight, window)
            elif context_weight:  # small models in tests: per-head products on explicit context rows
                x, ctx = self._transform(list(sentences), window)
                w = context_weight
                probs = {name: (1 - w) * self._head_proba(name, x) + w * self._head_proba(name, ctx)
                         for name in HEADS}
            else:
                x = self._transform(list(sentences))
                probs = {name: self._head_proba(name, x) for name in HEADS}
        return self._rows(len(sentences), probs)

    def predict_many(self, documents: Sequence[Sequence[str]], context_weight: float = 0.0,
                     window: int = 1) -> list[list[dict]]:
        """``predict`` for each document's sentences; the same numbers, with the tf-idf vectorizers run
        once over all the documents' sentences (their cost per call dominates on short documents).
        The neighbourhood mixing stays within each document."""
        documents = [list(d) for d in documents]
        if getattr(self, "_stacked", None) is None:
            self._stacked = StackedHeads.build(self.heads, self.nb_heads, self._nb_weight()) or False
        if not self._stacked or sum(map(len, documents)) == 0:
            return [self.predict(d, context_weight, window) for d in documents]
        import sklearn

        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            blocks = feature_blocks(self.features, [s for d in documents for s in d])
            lengths = [len(d) for d in documents if d]
            rows = self._rows(sum(lengths), self._stacked.proba(blocks, context_weight, window, lengths))
        out, at = [], 0
        for sentences in documents:
            out.append(rows[at:at + len(sentences)])
            at += len(sentences)
        return out

    def _rows(self, n: int, probs: dict) -> list[dict]:
        """Per sentence: top label and probability of each head, plus all ACLED probabilities."""
        acled_classes = [str(c) for c in self.heads["acled"].classes_]
        acled_probs = probs["acled"][:n].tolist()  # Python floats, as float() of each element gives
        out = []
        for i in range(n):
            row = {name: _top(self.heads[name].classes_, probs[name][i]) for name in HEADS}
            row["acled_probs"] = dict(zip(acled_classes, acled_probs[i]))
            out.append(row)
        return out

    def _nb_weight(self) -> float:
        return self.meta.get("nb_weight", NB_WEIGHT)

    def _transform(self, sentences: list[str], window: int = 0):
        """Stacked tf-idf rows; with ``window`` > 0, ``(x, x_context)`` (see ``context_rows``)."""
        import scipy.sparse as sp

        blocks = feature_blocks(self.features, sentences)
        x = sp.hstack(blocks, format="csr")
        return (x, context_rows(blocks, window)) if window else x

    def _fast_proba(self, sentences: list[str], context_weight: float, window: int) -> dict:
        stacked = StackedHeads.build(self.heads, self.nb_heads, self._nb_weight()) \
            if getattr(self, "_stacked", None) is None else self._stacked
        return stacked.proba(feature_blocks(self.features, sentences), context_weight, window)

    def _head_proba(self, name: str, x):
        return head_proba(self.heads[name], self.nb_heads.get(name), self._nb_weight(), x)


def _softmax(z):
    """Row-wise softmax (numerically stable), without scikit-learn's per-call dispatch."""
    import numpy as np

    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _l2_rows(m):
    """Rows scaled to unit L2 norm (empty rows stay empty), as ``sklearn.preprocessing.normalize``."""
    import numpy as np
    import scipy.sparse as sp

    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.diags(1.0 / norms, dtype=m.dtype) @ m


def _nb_proba(head, x):
    """``ComplementNB.predict_proba`` (softmax of its joint log-likelihood) without the per-call checks."""
    from sklearn.utils.extmath import safe_sparse_dot, softmax

    jll = safe_sparse_dot(x, head.feature_log_prob_.T, dense_output=True)
    if len(head.classes_) == 1:
        jll = jll + head.class_log_prior_
    return softmax(jll)


def _proba(head, x):
    """``head.predict_proba(x)`` for a multinomial logistic regression, minus its per-call input checks.

    Same formula as scikit-learn's (softmax of the decision function, its own ``softmax``); the checks
    it skips cost more than the product itself on a single sentence. Tests compare both.
    """
    from sklearn.utils.extmath import safe_sparse_dot, softmax

    if len(head.classes_) < 3:
        return head.predict_proba(x)
    return softmax(safe_sparse_dot(x, head.coef_.T, dense_output=True) + head.intercept_)


def _check_version(meta: dict) -> None:
    """Pickled scikit-learn objects are only guaranteed to load right under the version that wrote them."""
    import warnings

    import sklearn

    trained = meta.get("sklearn")
    if trained and trained != sklearn.__version__:
        warnings.warn(f"event classifier was trained with scikit-learn {trained}, running {sklearn.__version__}; "
                      "rebuild it with scripts/train_classifier.py", RuntimeWarning, stacklevel=3)


def _top(classes, probs) -> tuple[Optional[str], float]:
    """(label, probability) of the most probable class; "no event" labels become ``None``."""
    j = int(probs.argmax())
    label = str(classes[j])
    return (None if label in (NONE, ACLED_HEAD) else label), float(probs[j])
