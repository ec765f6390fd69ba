"""An article at a stored URL with other content is an UPDATE (review3 finding 1; docs/stories.md
"Updates"): stored as its own article, linked as a version of the article at that URL, analysed, and
its event mentions merged with the earlier ones (the revised toll is the reconciled figure, the old
one stays a claim). The same update again is an exact duplicate. Invented texts only."""
from __future__ import annotations

import json

from wirewatch import stories
from wirewatch.ingest import ingest
from wirewatch.store import Store

URL = "http://news.example.org/valmora-strike"
FIRST = ("A missile strike on an apartment block in the city of Kharkiv killed three people on Monday, "
         "the regional governor said. Rescue teams searched the rubble through the night, and the "
         "governor said the attack had damaged a school and several shops nearby.")
UPDATE = ("Monday's missile strike on an apartment block in the city of Kharkiv killed 14 people, the regional "
          "governor said on Tuesday, as rescue teams pulled more bodies from the rubble. Separately, Ukrainian "
          "forces said they had shot down two Russian jets over Zaporizhzhia.")


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


def test_update_at_a_stored_url_is_an_analysed_version(tmp_path, pipeline):
    first = _jsonl(tmp_path / "first.jsonl", [{"id": "strike", "url": URL, "text": FIRST, "published": "2025-10-13"}])
    later = _jsonl(tmp_path / "later.jsonl", [{"id": "strike", "url": URL, "text": UPDATE, "published": "2025-10-14"}])
    with Store(tmp_path / "u.db") as store:
        ingest([first], store, pipeline=pipeline)
        report = ingest([later], store, pipeline=pipeline)
        assert report.duplicates == [] and report.added == ["strike~2"]
        assert report.updates == [("strike~2", "strike")] and report.versions == [("strike~2", "strike")]
        assert report.events >= 2  # analysed: the new facts (the toll, the jets) are extracted
        assert store.counts()["articles"] == 2  # the old article is kept
        assert stories.story_of(store, "strike~2") == stories.story_of(store, "strike")
        # the update's mention of the strike joins the earlier mention; the revised toll is the figure
        strike = [m for m in stories.merged_events(store, type="ASSAULT")
                  if {c["fatalities"] for c in m["claims"]} == {3, 14}]
        assert len(strike) == 1 and strike[0]["fatalities"] == 14 and strike[0]["num_sources"] == 1
        assert {m["article_id"] for m in strike[0]["mentions"]} == {"strike", "strike~2"}
        # idempotent: the same update (or the first text) again is an exact duplicate
        again = ingest([later, first], store, pipeline=pipeline)
        assert again.added == [] and sorted(again.duplicates) == [("strike", "strike"), ("strike", "strike~2")]
        assert store.counts()["articles"] == 2


def test_an_update_is_linked_after_a_crash_too(tmp_path, pipeline):
    """catch_up (an update stored, its processing interrupted) finds the URL link by itself."""
    with Store(tmp_path / "c.db") as store:
        ingest([_jsonl(tmp_path / "a.jsonl", [{"id": "s", "url": URL, "text": FIRST}])], store, pipeline=pipeline)
        from wirewatch.records import Article
        article = Article(id="s2", text=UPDATE, url=URL)
        extraction = next(iter(pipeline.extract_many([{"id": "s2", "text": UPDATE}])))
        store.add_article(article, extraction)  # stored, not processed: as after a crash
        assert stories.catch_up(store) == 1
        assert stories.story(store, stories.story_of(store, "s2"))["articles"][1]["version_of"] == "s"


NODATE = ("Rebels attacked a police post in the town of Tessalit on Monday, killing four officers, the army "
          "said.\n\nLater, soldiers arrested ten suspects in the town.")


def test_a_dated_duplicate_dates_the_undated_stored_copy(tmp_path, pipeline):
    """review3 finding 14c: the stored copy had no publication date, so its events stayed undated."""
    undated = _jsonl(tmp_path / "u.jsonl", [{"id": "plain", "text": NODATE}])
    # the dated copy differs in whitespace only (the same content hash), so its offsets differ
    dated = _jsonl(tmp_path / "d.jsonl", [{"id": "wire", "text": "  " + NODATE.replace("\n\n", "\n \n"),
                                           "published": "2025-10-15"}])
    with Store(tmp_path / "d.db") as store:
        ingest([undated], store, pipeline=pipeline)
        assert [e["date"] for e in store.events()] == [None, None]
        report = ingest([dated], store, pipeline=pipeline)
        assert report.duplicates == [("wire", "plain")] and report.added == []
        assert report.redated == [("plain", "2025-10-15", 2)]
        assert store.article("plain")["published"] == "2025-10-15"
        events = store.events(order="id")
        assert [(e["date"], e["date_first"], e["date_last"]) for e in events] == [
            ("2025-10-13", "2025-10-13", "2025-10-13"), ("2025-10-15", "2025-10-15", "2025-10-15")]
        assert all(e["data"]["date"] == e["date"] for e in events)
        assert [e["date"] for e in store.events(since="2025-10-13", until="2025-10-13")] == ["2025-10-13"]
        assert "2025-10-13" in {m["date"] for m in stories.merged_events(store)}  # reconciled
        again = ingest([dated], store, pipeline=pipeline)  # idempotent: dated already, a plain duplicate
        assert again.redated == [] and again.duplicates == [("wire", "plain")]


def test_a_dated_duplicate_in_the_same_run_dates_the_undated_copy(tmp_path, pipeline):
    """review4: the undated copy earlier in the same run was still in flight (not stored), so the dated
    duplicate found no undated stored copy and the article and its events stayed undated."""
    both = _jsonl(tmp_path / "b.jsonl", [{"id": "plain", "text": NODATE},
                                         {"id": "wire", "text": NODATE, "published": "2025-10-15"}])
    with Store(tmp_path / "b.db") as store:
        report = ingest([both], store, pipeline=pipeline)
        assert report.added == ["plain"] and report.duplicates == [("wire", "plain")]
        assert report.redated == [("plain", "2025-10-15", 2)]
        assert store.article("plain")["published"] == "2025-10-15"
        assert [e["date"] for e in store.events(order="id")] == ["2025-10-13", "2025-10-15"]


def test_api_caches_see_a_re_dating(tmp_path, pipeline):
    """review5 finding 2: the API's caches were keyed on the largest event and article keys only, so
    after a re-dating (rows changed, none added) lists, date filters and counts stayed undated."""
    from fastapi.testclient import TestClient

    from wirewatch import api
    db = str(tmp_path / "r.db")
    undated = _jsonl(tmp_path / "u.jsonl", [{"id": "plain", "text": NODATE}])
    dated = _jsonl(tmp_path / "d.jsonl", [{"id": "wire", "text": NODATE, "published": "2025-10-15"}])
    with Store(db) as store:
        ingest([undated], store, pipeline=pipeline)
    client = TestClient(api.create_app(db))
    asks = ("/api/events", "/api/events?since=2025-10-01", "/api/stats/counts?by=day")

    def answers():
        out = []
        for url in asks:
            r = client.get(url)
            assert r.status_code == 200, r.text
            out.append(r.json())
        return out

    before = answers()
    assert [e["date"] for e in before[0]["items"]] == [None, None] and before[1]["total"] == 0
    with Store(db) as store:
        revision = store.conn.execute("SELECT n FROM revision").fetchone()[0]
        assert ingest([dated], store, pipeline=pipeline).redated == [("plain", "2025-10-15", 2)]
        assert store.conn.execute("SELECT n FROM revision").fetchone()[0] == revision + 1
    after = answers()
    assert sorted(e["date"] for e in after[0]["items"]) == ["2025-10-13", "2025-10-15"]
    assert after[1]["total"] == 2
    assert after[2] != before[2]
