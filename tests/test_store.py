"""The store: migrations, atomic article writes, duplicate detection."""

import pytest

from wirewatch.records import Actor, Article, Event, Extraction, Span
from wirewatch.store import DuplicateArticle, Store


def _extraction(n_events=2):
    ev = Event(type="ASSAULT", trigger=Span("shelled", 0, 7), sentence={"start": 0, "end": 20},
               actor=Actor("Russia", 0, 6, "Russia", "country", "RUS", "GOV"))
    return Extraction(id="x", events=[ev] * n_events)


def test_migrations_are_recorded_and_idempotent(db_target):
    path = db_target
    with Store(path) as s:
        v = s.schema_version()
        assert v >= 1
    with Store(path) as s:
        assert s.schema_version() == v
        rows = s.conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
        assert rows == len({m[0] for m in __import__("wirewatch.store", fromlist=["x"]).all_migrations()})


def test_duplicates_by_content_and_updates_by_url(db_target):
    with Store(db_target) as s:
        a = Article(id="one", text="Some  text\nhere.", url="http://example.org/1")
        pk, _ = s.add_article(a, _extraction())
        assert s.find_duplicate(Article(id="two", text="Some text here.")) == "one"  # whitespace-normalised
        # the same URL with other content is no duplicate: an update, stored as its own row
        update = Article(id="three", text="Other", url="http://example.org/1")
        assert s.find_duplicate(update) is None and s.find_at_url(update.url) == (pk, "one")
        pk3, _ = s.add_article(update, _extraction())
        assert s.find_at_url(update.url) == (pk3, "three")
        assert s.find_duplicate(Article(id="four", text="Other")) == "three"
        assert s.find_duplicate(Article(id="five", text="Else")) is None and s.find_at_url(None) is None


def test_same_id_different_content_gets_suffix(db_target):
    with Store(db_target) as s:
        _, first = s.add_article(Article(id="a", text="first"), _extraction(0))
        _, second = s.add_article(Article(id="a", text="second"), _extraction(0))
        assert (first, second) == ("a", "a~2")


def test_article_and_events_are_written_atomically(db_target):
    with Store(db_target) as s:
        bad = _extraction()
        bad.events[0] = "not an event"  # makes the event insert fail half-way
        with pytest.raises(Exception):
            s.add_article(Article(id="x", text="text"), bad)
        assert s.counts() == {"articles": 0, "events": 0, "failures": 0}
        s.add_article(Article(id="x", text="text"), _extraction())
        assert s.counts()["events"] == 2


def test_a_duplicate_stored_by_another_writer_is_refused_inside_the_transaction(db_target):
    """Two writers may both pass ``find_duplicate`` before either commits: the second one's
    ``add_article`` re-checks under the write lock and reports the duplicate (not a failure)."""
    with Store(db_target) as one, Store(db_target) as two:
        article = Article(id="a", text="the same text", url="http://example.org/a")
        assert one.find_duplicate(article) is None and two.find_duplicate(article) is None
        one.add_article(article, _extraction())
        with pytest.raises(DuplicateArticle) as err:
            two.add_article(Article(id="b", text="the same text"), _extraction())
        assert err.value.existing_id == "a"
        assert two.counts() == {"articles": 1, "events": 2, "failures": 0}


def test_schema_types_round_trip(db_target):
    """Values come back with the same Python types on both engines (floats stay doubles, 64-bit
    LSH keys fit, rows read by name and position)."""
    with Store(db_target) as s:
        pk, _ = s.add_article(Article(id="t", text="text"), _extraction(1))
        row = s.conn.execute("SELECT a.pk, ingested_at, data FROM articles a JOIN events e ON e.article_pk = a.pk"
                             " WHERE a.pk = ?", (pk,)).fetchone()
        assert row["pk"] == row[0] == pk and isinstance(row["ingested_at"], float)
        assert abs(row["ingested_at"] - __import__("time").time()) < 3600  # a double, not float4
        with s.transaction() as c:
            c.execute("INSERT INTO article_lsh (band, key, article_pk) VALUES (?,?,?)", (1, -2**63 + 5, pk))
        assert s.conn.execute("SELECT key FROM article_lsh").fetchone()[0] == -2**63 + 5
