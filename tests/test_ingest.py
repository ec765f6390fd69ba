"""wirewatch.ingest: dedup before analysis, merge/story after storing, crash safety and idempotency."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch import stories
from wirewatch import ingest as ingest_mod
from wirewatch.ingest import ingest
from wirewatch.store import Store

FIX = Path(__file__).parent / "fixtures" / "stories"
WEEK = FIX / "week"
VERSIONS = FIX / "versions.jsonl"


class Crash(BaseException):
    """Stands for a kill: not an Exception, so nothing in ingest may swallow it."""


def snapshot(store: Store) -> dict:
    """Everything a re-run must reproduce exactly: articles, events, mentions, story partition."""
    c = store.conn
    return {
        "articles": sorted(r[0] for r in c.execute("SELECT id FROM articles")),
        "events": c.execute("SELECT COUNT(*) FROM events").fetchone()[0],
        "mentions": c.execute("SELECT COUNT(*), COUNT(DISTINCT event_pk) FROM event_mentions").fetchone()[:],
        "story_rows": c.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0],
        "stories": sorted(sorted(s["article_ids"]) for s in stories.list_stories(store, limit=None)),
        "versions": sorted(r[0] for r in c.execute(
            "SELECT a.id FROM article_versions v JOIN articles a ON a.pk = v.article_pk")),
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory, pipeline):
    """The result of one uninterrupted ingest of the week and the version fixtures, on SQLite: the
    PostgreSQL runs must reproduce it exactly."""
    with Store(tmp_path_factory.mktemp("ref") / "ref.db") as store:
        ingest([str(WEEK), str(VERSIONS)], store, pipeline=pipeline)
        return snapshot(store)


@pytest.mark.parametrize("crash_after", [3, 12])
def test_killed_merge_then_rerun_completes_without_duplicates(make_db, pipeline, reference, monkeypatch,
                                                              crash_after):
    """Crash between storing an article and merging it; the re-run catches up and matches the reference."""
    real = stories.process_article
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == crash_after:
            raise Crash()
        return real(*args, **kwargs)

    db = make_db("crash")
    monkeypatch.setattr(stories, "process_article", flaky)
    with Store(db) as store, pytest.raises(Crash):
        ingest([str(WEEK), str(VERSIONS)], store, pipeline=pipeline)
    monkeypatch.setattr(stories, "process_article", real)
    with Store(db) as store:
        stored = store.counts()["articles"]
        assert 0 < stored < len(reference["articles"])
        unprocessed = store.conn.execute("SELECT COUNT(*) FROM articles WHERE pk NOT IN"
                                         " (SELECT article_pk FROM story_articles)").fetchone()[0]
        assert unprocessed == 1
        report = ingest([str(WEEK), str(VERSIONS)], store, pipeline=pipeline)
        assert report.caught_up == 1
        assert len(report.added) == len(reference["articles"]) - stored
        assert snapshot(store) == reference


def test_killed_during_analysis_then_rerun(make_db, pipeline, reference, monkeypatch):
    """A kill inside the pipeline loses only the batch in flight; the re-run stores the rest once."""
    real = pipeline.extract_many
    batches = {"n": 0}

    def flaky(rows, *a, **kw):
        batches["n"] += 1
        if batches["n"] == 2:
            raise Crash()
        return real(rows, *a, **kw)

    monkeypatch.setattr(ingest_mod, "BATCH", 4)
    monkeypatch.setattr(pipeline, "extract_many", flaky)
    db = make_db("crash2")
    with Store(db) as store, pytest.raises(Crash):
        ingest([str(WEEK), str(VERSIONS)], store, pipeline=pipeline)
    monkeypatch.setattr(pipeline, "extract_many", real)
    with Store(db) as store:
        assert store.counts()["articles"] == 4
        report = ingest([str(WEEK), str(VERSIONS)], store, pipeline=pipeline)
        assert report.caught_up == 0
        assert snapshot(store) == reference


def test_rerun_is_idempotent(make_db, pipeline, reference):
    db = make_db("twice")
    with Store(db) as store:
        ingest([str(WEEK), str(VERSIONS)], store, pipeline=pipeline)
        again = ingest([str(WEEK), str(VERSIONS)], store, pipeline=pipeline)
        assert again.added == [] and again.events == 0 and again.caught_up == 0
        assert len(again.duplicates) == len(reference["articles"]) + 1  # + the exact copy in the fixtures
        assert snapshot(store) == reference


def test_failures_are_recorded_and_the_batch_goes_on(tmp_path, make_db, pipeline):
    bad = tmp_path / "mixed.jsonl"
    good = json.loads(VERSIONS.read_text().splitlines()[0])
    bad.write_text("{not json\n" + json.dumps(good) + "\n" + json.dumps({"id": "no-text"}) + "\n")
    with Store(make_db("f")) as store:
        report = ingest([str(bad), str(tmp_path / "missing.txt")], store, pipeline=pipeline)
        assert report.added == ["kharkiv-base"]
        assert len(report.failures) == 3 and store.counts()["failures"] == 3
        assert stories.story_of(store, "kharkiv-base") is not None


def test_a_merge_error_is_recorded_and_retried_next_run(make_db, pipeline, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    db = make_db("m")
    monkeypatch.setattr(stories, "process_article", broken)
    with Store(db) as store:
        report = ingest([str(WEEK / "09-nairobi-a.txt"), str(WEEK / "10-nairobi-b.txt")], store, pipeline=pipeline)
        assert len(report.added) == 2 and len(report.failures) == 2
        assert "could not merge: disk full" in report.failures[0].reason
    monkeypatch.undo()
    with Store(db) as store:
        report = ingest([str(WEEK / "09-nairobi-a.txt")], store, pipeline=pipeline)
        assert report.caught_up == 2
        assert stories.story_of(store, "09-nairobi-a") == stories.story_of(store, "10-nairobi-b") is not None


def test_near_duplicate_in_the_same_batch_is_still_a_version(tmp_path, make_db, pipeline):
    """The original is still in the analysis batch when its copy arrives: it is stored first."""
    with Store(make_db("b")) as store:
        report = ingest([str(VERSIONS)], store, pipeline=pipeline)
        assert {v for v, _ in report.versions} == {"kharkiv-headline", "kharkiv-paragraph", "kharkiv-byline",
                                                    "kharkiv-whitespace"}
