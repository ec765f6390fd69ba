"""wirewatch.dedup: near-duplicate articles (syndicated copies, updates) become versions of one article.

Fixtures (tests/fixtures/stories/versions.jsonl): one Kharkiv report ("kharkiv-base") and its
variants: reworded headline, added paragraph, changed byline, whitespace/punctuation spacing, exact
copy. distinct.jsonl: an independently written report of the same strike and an unrelated article;
neither may be merged with the base (the other direction of the test).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch import dedup, stories
from wirewatch.ingest import ingest
from wirewatch.store import Store

FIX = Path(__file__).parent / "fixtures" / "stories"
VERSIONS = FIX / "versions.jsonl"
DISTINCT = FIX / "distinct.jsonl"
NEAR = {"kharkiv-headline", "kharkiv-paragraph", "kharkiv-byline", "kharkiv-whitespace"}


def texts(path: Path) -> dict[str, str]:
    return {row["id"]: row["text"] for row in map(json.loads, path.read_text().splitlines())}


# -------------------------------------------------------------------------- signatures


def test_every_variant_is_a_version_of_the_base():
    rows = texts(VERSIONS)
    base = dedup.Signature.of(rows["kharkiv-base"])
    for name in NEAR:
        ok, j, c = dedup.is_version(dedup.Signature.of(rows[name]), base)
        assert ok, (name, j, c)


def test_same_topic_and_other_topic_are_not_versions():
    base = dedup.Signature.of(texts(VERSIONS)["kharkiv-base"])
    for name, text in texts(DISTINCT).items():
        ok, j, c = dedup.is_version(dedup.Signature.of(text), base)
        assert not ok, (name, j, c)
        assert j < 0.2


def test_shingles_ignore_spacing_and_case():
    assert dedup.shingle_set("Kharkiv  was\n\nhit , again") == dedup.shingle_set("kharkiv was hit, AGAIN")


def test_signature_roundtrips_through_blob():
    sig = dedup.Signature.of(texts(VERSIONS)["kharkiv-base"])
    back = dedup.Signature.from_blob(sig.blob(), sig.size)
    assert back.jaccard(sig) == 1.0 and back.band_keys() == sig.band_keys()


def test_tiny_texts_are_never_versions():
    a, b = dedup.Signature.of("Talks held."), dedup.Signature.of("Talks held.")
    assert dedup.is_version(a, b)[0] is False


# distinct reports sharing a standard background paragraph (review3 finding 2); invented texts
BACKGROUND = ("\n\nThe northern region has been battling an armed insurgency for more than a decade, since "
              "separatist and jihadist groups seized several towns. The violence has since spread south and "
              "across the border, killing thousands of people and forcing hundreds of thousands from their homes.")
REPORT_A = ("Four soldiers were killed and two wounded when gunmen attacked a checkpoint outside Tessit on "
            "Tuesday, the defence ministry said in a statement." + BACKGROUND)
REPORT_B = ("Seven villagers were killed when armed men raided a cattle market near Ansongo on Friday, a "
            "local official said by telephone." + BACKGROUND)


def test_reports_sharing_only_a_background_paragraph_are_not_versions():
    a, b = dedup.Signature.of(REPORT_A), dedup.Signature.of(REPORT_B)
    ok, j, c = dedup.is_version(a, b)
    assert (j >= dedup.JACCARD or c >= dedup.CONTAINMENT) and not ok  # similar overall, other lede
    # a copy with another byline and dateline line keeps its lede: still a version
    copy = dedup.Signature.of("By Staff Reporter\nBAMAKO\n" + REPORT_A + "\nAll rights reserved.")
    assert dedup.is_version(copy, a)[0]


def test_the_lede_skips_headline_and_byline_lines():
    text = "Gunmen attack checkpoint\nBy Staff Reporter\n" + REPORT_A
    assert dedup.lede(text).startswith("Four soldiers were killed") and dedup.lede(text).endswith("statement")
    assert dedup.lede("Short line.\nAnother one.") == "Short line Another one"


def test_one_sentence_snippets_differing_by_a_place_are_not_versions():
    base = "Troops clashed with insurgents near {} on Sunday, killing nine fighters, the army said."
    a, b = (dedup.Signature.of(base.format(p)) for p in ("Ramadi", "Samarra"))
    assert a.size < dedup.MIN_SHINGLES and not dedup.is_version(a, b)[0]


def test_a_signature_stored_without_lede_skips_the_lede_test():
    a, b = dedup.Signature.of(REPORT_A), dedup.Signature.of(REPORT_B)
    old = dedup.Signature.from_blob(b.blob(), b.size)  # as stored before session 9 (no lede columns)
    assert old.lede is None and dedup.is_version(a, old)[0]  # the whole-text figures decide, as before
    back = dedup.Signature.from_blob(a.blob(), a.size, a.lede.blob(), a.lede.size)
    assert back.lede.jaccard(a.lede) == 1.0


# -------------------------------------------------------------------------- through ingest


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("dedup") / "d.db"
    with Store(path) as store:
        first = ingest([str(VERSIONS), str(DISTINCT)], store, pipeline=pipeline)
    return path, first


def test_ingest_stores_variants_as_versions_without_events(db):
    path, report = db
    assert {v for v, _ in report.versions} == NEAR
    assert all(canonical == "kharkiv-base" for _, canonical in report.versions)
    assert report.duplicates == [("kharkiv-exact-copy", "kharkiv-base")]
    with Store(path) as store:
        for name in NEAR:
            pk = store.article(name)["pk"]
            assert store.conn.execute("SELECT COUNT(*) FROM events WHERE article_pk = ?", (pk,)).fetchone()[0] == 0
            assert store.conn.execute("SELECT COUNT(*) FROM event_mentions WHERE article_pk = ?",
                                      (pk,)).fetchone()[0] == 0
        # the versions join the canonical's story; the other outlet's report is its own article
        base_story = stories.story_of(store, "kharkiv-base")
        assert all(stories.story_of(store, n) == base_story for n in NEAR)
        versions = {r[0] for r in store.conn.execute(
            "SELECT a.id FROM article_versions v JOIN articles a ON a.pk = v.article_pk")}
        assert versions == NEAR


def test_mentions_are_never_counted_twice(db):
    path, _ = db
    with Store(path) as store:
        merged = stories.merged_events(store)
        sources = [m["article_id"] for row in merged for m in row["mentions"]]
        assert not set(sources) & NEAR
        event_pks = [m["event_pk"] for row in merged for m in row["mentions"]]
        assert len(event_pks) == len(set(event_pks)) == store.counts()["events"]


def test_detection_persists_across_processes_without_texts(db, tmp_path, pipeline):
    """A new Store (as another process would open) finds the version from stored signatures only."""
    path, _ = db
    copy = tmp_path / "copy.db"
    with Store(path) as src, Store(copy) as dst:
        src.conn.backup(dst.conn)
    with Store(copy) as store:
        store.conn.execute("UPDATE articles SET text = 'x'")  # texts gone: only signatures can match
        store.conn.commit()
        syndicated = tmp_path / "syndicated.jsonl"
        text = texts(VERSIONS)["kharkiv-base"].replace("By Anna Petrenko, Kharkiv", "By Agence Wire")
        syndicated.write_text(json.dumps({"id": "syndicated", "text": text + "\nCopyright Agence Wire.",
                                          "published": "2025-10-08"}) + "\n")
        report = ingest([str(syndicated)], store, pipeline=pipeline)
        assert report.versions == [("syndicated", "kharkiv-base")]


def test_version_of_a_version_resolves_to_the_canonical(db, tmp_path, pipeline):
    path, _ = db
    copy = tmp_path / "copy2.db"
    with Store(path) as src, Store(copy) as dst:
        src.conn.backup(dst.conn)
    with Store(copy) as store:
        paragraph = texts(VERSIONS)["kharkiv-paragraph"]
        later = tmp_path / "later.jsonl"
        later.write_text(json.dumps({"id": "update-2", "text": paragraph + "\nA second update followed.",
                                     "published": "2025-10-08"}) + "\n")
        report = ingest([str(later)], store, pipeline=pipeline)
        assert report.versions == [("update-2", "kharkiv-base")]


def test_distinct_reports_sharing_background_are_both_analysed(tmp_path, pipeline):
    rows = [{"id": "tessit", "text": REPORT_A, "published": "2025-10-14"},
            {"id": "ansongo", "text": REPORT_B, "published": "2025-10-17"}]
    (tmp_path / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    with Store(tmp_path / "r.db") as store:
        report = ingest([str(tmp_path / "r.jsonl")], store, pipeline=pipeline)
        assert report.versions == [] and report.added == ["tessit", "ansongo"]
        for name in ("tessit", "ansongo"):
            pk = store.article(name)["pk"]
            assert store.conn.execute("SELECT COUNT(*) FROM events WHERE article_pk = ?", (pk,)).fetchone()[0] >= 1
