"""Event classifier: shipped model loads and predicts the right shape, a few clear-cut sentences come out
right, and the corpus/training code (scripts/train_classifier.py) parses, splits and fits as documented."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from wirewatch.classify import MODEL_PATH, EventClassifier
from wirewatch.ontology import ACLED_SUB_TO_TYPE, PLOVER_TYPES

ROOT = Path(__file__).resolve().parents[1]
NONACLED = {"NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME", "DIPLO", "ATTRIB", "OTHER"}


def _train_module():
    spec = importlib.util.spec_from_file_location("train_classifier", ROOT / "scripts" / "train_classifier.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def model() -> EventClassifier:
    assert os.path.exists(MODEL_PATH), "run scripts/train_classifier.py to build the model"
    return EventClassifier.load()


def test_load_is_cached(model):
    assert EventClassifier.load() is model


def test_predict_shape(model):
    sentences = ["Rebels shelled the town on Monday.", "The minister opened a new school.", ""]
    out = model.predict(sentences)
    assert len(out) == len(sentences)
    for row in out:
        assert set(row) == {"acled", "acled_probs", "plover", "nonacled"}
        acled, p = row["acled"]
        assert acled is None or acled in ACLED_SUB_TO_TYPE
        assert 0.0 <= p <= 1.0
        assert row["plover"][0] is None or row["plover"][0] in PLOVER_TYPES
        assert row["nonacled"][0] is None or row["nonacled"][0] in NONACLED
        assert abs(sum(row["acled_probs"].values()) - 1.0) < 1e-4
        assert max(row["acled_probs"].values()) == pytest.approx(p)
    assert model.predict([]) == []


CLEAR_ACLED = [
    ("A suicide bomber blew himself up outside a police station in Kabul on Tuesday, killing six officers.",
     "Suicide bomb"),
    ("Several thousand teachers marched peacefully through Accra to demand higher salaries.", "Peaceful protest"),
    ("Bomb disposal experts defused an explosive device found near the entrance of the market.",
     "Disrupted weapons use"),
    ("Police arrested the leader of the opposition party at his home in the capital.", "Arrests"),
    ("Israeli warplanes carried out airstrikes on targets in southern Lebanon overnight.", "Air/drone strike"),
    ("Gunmen kidnapped 25 pupils from a secondary school in Kaduna state.", "Abduction/forced disappearance"),
]


@pytest.mark.parametrize("text,label", CLEAR_ACLED)
def test_clear_cut_acled(model, text, label):
    assert model.predict([text])[0]["acled"][0] == label


def test_disaster_is_not_an_acled_event(model):
    row = model.predict(["A magnitude 6.9 earthquake struck the coastal province, killing at least 40 people."])[0]
    assert row["acled"][0] is None
    assert row["nonacled"][0] == "NATURAL_DISASTER"


def test_meeting_is_diplomacy(model):
    row = model.predict(["The foreign ministers of Kenya and Ethiopia met in Nairobi to discuss border trade."])[0]
    assert row["acled"][0] is None
    assert row["nonacled"][0] == "DIPLO"
    assert row["plover"][0] == "CONSULT"


# ---------------------------------------------------------------- corpus and training code

PART = """# comment
@ Armed clash | ASSAULT | null
Troops and rebels exchanged fire near the river.
Soldiers fought militants in the hills overnight.
@ NONE | CONSULT | DIPLO
The two presidents met in Geneva.
"""


def test_parse_part(tmp_path):
    tc = _train_module()
    path = tmp_path / "01.txt"
    path.write_text(PART, encoding="utf-8")
    recs = tc.parse_part(str(path))
    assert [r["acled"] for r in recs] == ["Armed clash", "Armed clash", "NONE"]
    assert recs[0]["nonacled"] is None and recs[2]["nonacled"] == "DIPLO"
    assert recs[2]["plover"] == "CONSULT"


def test_parse_part_records_batch_and_source(tmp_path):
    tc = _train_module()
    path = tmp_path / "31_defs.txt"
    path.write_text("# batch note, not a source\n"
                    "@ Attack | ASSAULT | null\nGunmen shot two farmers.\n"
                    "# source: ACLED codebook, Agreement -\n# ceasefires and prisoner exchanges\n\n"
                    "@ Agreement | AGREE | null\nThe two sides exchanged prisoners.\n"
                    "@ Agreement | AGREE | null\nRebels surrendered to the army.\n", encoding="utf-8")
    recs = tc.parse_part(str(path))
    assert [r["batch"] for r in recs] == ["31_defs"] * 3
    assert recs[0]["source"] is None
    assert recs[1]["source"] == recs[2]["source"] == "ACLED codebook, Agreement - ceasefires and prisoner exchanges"


def test_definition_batches_cite_a_source():
    tc = _train_module()
    tried = sorted((ROOT / "wirewatch" / "data" / "training" / "tried").glob("*.txt"))
    records = [r for r in tc.build_corpus(write=False, extra=tuple(map(str, tried))) if r["batch"] >= "28"]
    assert records and all(r["source"] for r in records)


@pytest.mark.parametrize("header", ["@ Armed clashes | ASSAULT | null", "@ NONE | FIGHT | OTHER",
                                    "@ NONE | NONE | null", "@ Attack | ASSAULT | DIPLO"])
def test_bad_headers_fail(tmp_path, header):
    tc = _train_module()
    path = tmp_path / "bad.txt"
    path.write_text(header + "\nSome sentence.\n", encoding="utf-8")
    with pytest.raises(ValueError):
        tc.parse_part(str(path))


def test_validation_split_is_stable_and_about_15_percent():
    tc = _train_module()
    texts = [f"sentence number {i}" for i in range(2000)]
    first = [tc.is_validation(t) for t in texts]
    assert first == [tc.is_validation(t) for t in texts]
    assert 0.10 < sum(first) / len(first) < 0.20


def test_shipped_corpus_covers_every_subtype():
    tc = _train_module()
    records = tc.build_corpus(write=False)
    counts: dict[str, int] = {}
    for r in records:
        counts[r["acled"]] = counts.get(r["acled"], 0) + 1
    assert set(ACLED_SUB_TO_TYPE) <= set(counts)
    assert min(counts[s] for s in ACLED_SUB_TO_TYPE) >= 40


def _write_part(root, groups: dict[str, str], n: int) -> None:
    """``root/parts/a.txt`` with ``n`` numbered variants of each group's sentence under its header."""
    (root / "parts").mkdir()
    (root / "parts" / "a.txt").write_text(
        "".join(f"@ {header}\n" + "".join(sentence.format(i) + "\n" for i in range(n))
                for header, sentence in groups.items()), encoding="utf-8")


def test_fit_small_corpus_learns_the_split(tmp_path):
    tc = _train_module()
    _write_part(tmp_path, {"Peaceful protest | PROTEST | null":
                           "Hundreds of workers marched peacefully in town {} to demand higher pay.",
                           "NONE | NONE | NATURAL_DISASTER":
                           "Heavy floods swept through valley {}, destroying homes and crops."},
                8)
    records = tc.build_corpus(str(tmp_path))
    assert (tmp_path / "events.jsonl").read_text(encoding="utf-8").count("\n") == 16
    small = tc.fit(records, c=4.0)
    rows = small.predict(["Nurses marched peacefully to demand better pay.", "Floods destroyed homes in the valley."])
    assert rows[0]["acled"][0] == "Peaceful protest"
    assert rows[1]["acled"][0] is None and rows[1]["nonacled"][0] == "NATURAL_DISASTER"


def test_bagged_heads_are_the_mean_of_bootstrap_fits(tmp_path):
    """--bag K: each head's weights (and its naive-Bayes partner's table) are the mean over K fits on
    bootstrap draws of the rows; the same seed gives the same model, another seed another one."""
    import numpy as np

    from wirewatch.classify import build_head, build_nb

    tc = _train_module()
    _write_part(tmp_path, {"Peaceful protest | PROTEST | null":
                           "Crowd {} of teachers rallied calmly outside the ministry over wages.",
                           "Attack | ASSAULT | null": "Gunmen {} opened fire on villagers at a market, killing several.",
                           "NONE | NONE | OTHER": "The choir {} gave a concert of folk songs at the festival."}, 9)
    records = tc.build_corpus(str(tmp_path), write=False)
    bagged = tc.fit(records, c=4.0, bag=3, seed=7)
    assert bagged.meta["bag"] == 3 and bagged.meta["bag_seed"] == 7
    x = bagged.features.transform([r["text"] for r in records])
    y = np.asarray(tc.targets(records)["acled"])
    rng = np.random.RandomState(7)
    draws = [rng.randint(0, len(records), len(records)) for _ in range(3)]
    lr = [build_head(4.0).fit(x[i], y[i]) for i in draws]
    nb = [build_nb().fit(x[i], y[i]) for i in draws]
    mean_coef, mean_bias = np.mean([m.coef_ for m in lr], axis=0), np.mean([m.intercept_ for m in lr], axis=0)
    np.testing.assert_allclose(bagged.heads["acled"].coef_, mean_coef, atol=1e-6)  # lbfgs tolerance
    np.testing.assert_allclose(bagged.heads["acled"].intercept_, mean_bias, atol=1e-6)
    np.testing.assert_allclose(bagged.nb_heads["acled"].feature_log_prob_,
                               np.mean([m.feature_log_prob_ for m in nb], axis=0), rtol=1e-5, atol=1e-6)  # float32 table
    assert not np.allclose(bagged.heads["acled"].coef_, lr[0].coef_)  # an average, not one fit
    again = tc.fit(records, c=4.0, bag=3, seed=7)
    np.testing.assert_array_equal(bagged.heads["plover"].coef_, again.heads["plover"].coef_)
    other = tc.fit(records, c=4.0, bag=3, seed=8)
    assert not np.array_equal(bagged.heads["plover"].coef_, other.heads["plover"].coef_)
    rows = bagged.predict(["Teachers rallied calmly over wages.", "Gunmen opened fire at a market."])
    assert [r["acled"][0] for r in rows] == ["Peaceful protest", "Attack"]
    # the stacked one-product path (three classes per head) gives the per-head probabilities
    fast = bagged.predict(["Teachers rallied calmly over wages."])[0]["acled_probs"]
    slow = tc.classify.head_proba(bagged.heads["acled"], bagged.nb_heads["acled"], bagged._nb_weight(),
                                  bagged.features.transform(["Teachers rallied calmly over wages."]))[0]
    np.testing.assert_allclose([fast[str(c)] for c in bagged.heads["acled"].classes_], slow, rtol=1e-4)


def test_fast_probabilities_match_scikit_learn(model):
    from wirewatch.classify import HEADS, _proba

    x = model._transform(["Rebels shelled the town.", "Floods hit the valley.", "The ministers met in Rome."])
    for head in HEADS:
        assert _proba(model.heads[head], x) == pytest.approx(model.heads[head].predict_proba(x), abs=1e-9)


def test_context_mixes_neighbouring_sentences(model):
    """A sentence naming no weapon leans toward the sub-type its neighbour names; alone it does not move."""
    sents = ["Dozens of people were taken to hospital with breathing problems.",
             "Witnesses said the rockets released a chlorine cloud over the neighbourhood."]
    alone = model.predict(sents)
    mixed = model.predict(sents, context_weight=0.5, window=1)
    key = "Chemical weapon"
    assert mixed[0]["acled_probs"][key] > alone[0]["acled_probs"][key]
    assert abs(sum(mixed[0]["acled_probs"].values()) - 1.0) < 1e-4
    one = model.predict(sents[:1], context_weight=0.5, window=3)  # a window wider than the text is fine
    assert one[0]["acled_probs"][key] == pytest.approx(alone[0]["acled_probs"][key], abs=1e-5)


def test_naive_bayes_partner_matches_scikit_learn_and_is_mixed_in(model):
    from wirewatch.classify import HEADS, _nb_proba, _proba

    x = model._transform(["Rebels shelled the town.", "Floods hit the valley.", "The ministers met in Rome."])
    assert set(model.nb_heads) == set(HEADS)
    for head in HEADS:
        nb = model.nb_heads[head]
        assert _nb_proba(nb, x) == pytest.approx(nb.predict_proba(x), abs=1e-5)
        w = model.meta["nb_weight"]
        mixed = (1 - w) * _proba(model.heads[head], x) + w * _nb_proba(nb, x)
        assert model._head_proba(head, x) == pytest.approx(mixed, abs=1e-9)


def test_one_product_path_matches_the_per_head_path(model):
    """predict's fast path (stacked weights, context on logits) gives the per-head probabilities."""
    import numpy as np

    from wirewatch.classify import HEADS

    sents = ["Rebels shelled the town.", "Two children were wounded.", "The ministers met in Rome."]
    x, ctx = model._transform(sents, 1)
    fast = model._fast_proba(sents, 0.3, 1)
    for head in HEADS:
        slow = 0.7 * model._head_proba(head, x) + 0.3 * model._head_proba(head, ctx)
        assert np.abs(fast[head] - slow).max() < 1e-4
    plain = model._fast_proba(sents, 0.0, 1)
    assert all(np.abs(plain[h] - model._head_proba(h, x)).max() < 1e-4 for h in HEADS)


def test_role_tokens_name_agent_and_target_roles():
    from wirewatch.classify import role_tokens
    from wirewatch.pipeline import Pipeline

    events = Pipeline(classifier=False).extract("Soldiers attacked the protesters with batons in the capital.").events
    assert set(role_tokens(events).split()) == {"zzagmil", "zztgpro"}
    assert role_tokens([]) == ""


def test_shipped_model_was_trained_with_role_words(model):
    assert model.meta.get("roles") is True


def test_a_batch_of_documents_gives_each_document_its_own_probabilities_to_the_bit(model):
    """``predict_many`` runs one product for the whole batch; the neighbourhood band is block-diagonal,
    so no sentence mixes with another document's and every number equals ``predict`` of that document
    alone (exact equality, not approximate: extraction output must not move)."""
    documents = [["Rebels shelled the town.", "Two children were wounded.", "The ministers met in Rome."],
                 [], ["Police arrested three protesters in the capital."],
                 ["Talks resumed on Monday.", "Gunmen kidnapped 25 pupils from a school."]]
    for window in (1, 2):
        for weight in (0.0, 0.3):
            batched = model.predict_many(documents, context_weight=weight, window=window)
            assert batched == [model.predict(d, context_weight=weight, window=window) for d in documents]
    # and the batch is not read as one text: the first sentence of a document has no neighbour before it
    glued = model.predict([s for d in documents for s in d], context_weight=0.3)
    assert model.predict_many(documents, context_weight=0.3)[2] != glued[3:4]


def test_band_is_the_per_document_diagonal_band():
    import numpy as np
    from scipy import sparse

    from wirewatch.classify import _band

    band = _band([3, 1, 4], 1)
    expected = sparse.block_diag([sparse.diags([np.ones(n - abs(k)) for k in (-1, 0, 1) if abs(k) < n],
                                               [k for k in (-1, 0, 1) if abs(k) < n], shape=(n, n))
                                  for n in (3, 1, 4)], format="csr")
    assert (band != expected).nnz == 0 and band.shape == (8, 8)
    assert all(list(band.indices[a:b]) == sorted(band.indices[a:b]) for a, b in zip(band.indptr, band.indptr[1:]))
    assert _band(2, 5).toarray().tolist() == [[1.0, 1.0], [1.0, 1.0]]


def test_character_ngrams_counted_word_by_word_give_scikit_learns_matrix_to_the_bit(model):
    """``classify._tfidf`` builds the char_wb block from per-word n-gram columns (remembered per word);
    it must equal the vectorizer's own ``transform`` exactly: structure, dtype and every value,
    with accents, odd spacing, Unicode spaces, empty texts, and a word seen before and after."""
    import numpy as np

    from wirewatch.classify import _WORD_NGRAMS, _tfidf

    vec = dict(model.features.transformer_list)["char"]
    texts = ["Rebels shelled the town of Kramatorsk on Monday, killing two civilians.",
             "Café  in   Zürich\u00a0was\tshelled\n\nyesterday ", "", " ", "a", "NAÏVE résumé — “quoted” ’s",
             "x\u2028y\u3000z ﬁre Ａｂｃ", "The town was shelled again; two more civilians were killed."]
    _WORD_NGRAMS.clear()
    for chunk in (texts, texts[:1], texts[2:5], texts):  # the last pass reads every word from the memo
        ours, theirs = _tfidf(vec, chunk), vec.transform(chunk)
        assert type(ours) is type(theirs) and ours.dtype == theirs.dtype and ours.shape == theirs.shape
        for part in ("indptr", "indices", "data"):
            assert np.array_equal(getattr(ours, part), getattr(theirs, part)), part
    assert _tfidf(vec, texts[:1]).nnz > 50
    # and a vectorizer of another kind goes through scikit-learn itself
    words = dict(model.features.transformer_list)["word"]
    assert (_tfidf(words, texts) != words.transform(texts)).nnz == 0


def test_frozen_role_words_cover_the_shipped_corpus():
    """A rebuild from the repository uses the role words the shipped model was trained with
    (training/role-words.tsv), not the current rules' - so every corpus text must have its entry."""
    tc = _train_module()
    records = tc.build_corpus(write=False)
    frozen = tc.load_role_words()
    missing = [r["text"] for r in records if tc.text_key(r["text"]) not in frozen]
    assert not missing, f"{len(missing)} corpus texts lack frozen role words; run train_classifier.py"
    assert all(t.startswith(("zzag", "zztg")) for w in frozen.values() for t in w.split())
    assert sum(bool(w) for w in frozen.values()) > len(frozen) // 3


def test_frozen_role_words_are_used_and_only_missing_texts_are_recomputed(tmp_path):
    tc = _train_module()
    path = tmp_path / "role-words.tsv"
    tc.save_role_words({tc.text_key("Rebels seized the depot."): "zzagreb", tc.text_key("Rain fell."): ""}, str(path))
    calls = []

    def rules(texts):
        calls.append(list(texts))
        return ["zzagnew" for _ in texts]

    texts = ["Rebels seized the depot.", "Rain fell.", "Police detained a reporter."]
    words, computed = tc.frozen_role_words(texts, path=str(path), compute=rules)
    assert computed == 1 and calls == [["Police detained a reporter."]]
    assert tc.with_roles(texts, words) == ["Rebels seized the depot. zzagreb", "Rain fell.",
                                           "Police detained a reporter. zzagnew"]
    words, computed = tc.frozen_role_words(texts, recompute=True, path=str(path), compute=rules)
    assert computed == 3 and tc.with_roles(texts, words)[0] == "Rebels seized the depot. zzagnew"
    tc.save_role_words(words, str(path))
    assert tc.load_role_words(str(path)) == words


def test_a_rebuild_with_frozen_role_words_gives_the_shipped_vocabulary(model):
    """The vectorizers (and so the naive-Bayes tables) of a refit on the corpus with the frozen role words
    are the shipped ones: cheap check that the frozen file is the one the artefact was trained with."""
    from wirewatch import classify

    tc = _train_module()
    records = tc.build_corpus(write=False)
    texts = tc.with_roles([r["text"] for r in records], tc.load_role_words())
    features = classify.build_features().fit(texts)
    for (_, rebuilt), (_, shipped) in zip(features.transformer_list, model.features.transformer_list):
        assert rebuilt.vocabulary_ == shipped.vocabulary_
