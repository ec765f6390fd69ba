"""The store: migrations, atomic article writes, duplicate detection."""

import pytest

from wirewatch.records import Actor, Article, Event, Extraction, Span
from wirewatch.store import Store


def _extraction(n_events=2):
    ev = Event(type="ASSAULT", trigger=Span("shelled", 0, 7), sentence={"start": 0, "end": 20},
               actor=Actor("Russia", 0, 6, "Russia", "country", "RUS", "GOV"))
    return Extraction(id="x", events=[ev] * n_events)


def test_migrations_are_recorded_and_idempotent(tmp_path):
    path = tmp_path / "a.db"
    with Store(path) as s:
        v = s.schema_version()
        assert v >= 1
    with Store(path) as s:
        assert s.schema_version() == v
        rows = s.conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
        assert rows == len({m[0] for m in __import__("wirewatch.store", fromlist=["x"]).all_migrations()})


def test_duplicates_by_content_and_url(tmp_path):
    with Store(tmp_path / "a.db") as s:
        a = Article(id="one", text="Some  text\nhere.", url="http://example.org/1")
        s.add_article(a, _extraction())
        assert s.find_duplicate(Article(id="two", text="Some text here.")) == "one"  # whitespace-normalised
        assert s.find_duplicate(Article(id="three", text="Other", url="http://example.org/1")) == "one"
        assert s.find_duplicate(Article(id="four", text="Other")) is None


def test_same_id_different_content_gets_suffix(tmp_path):
    with Store(tmp_path / "a.db") as s:
        _, first = s.add_article(Article(id="a", text="first"), _extraction(0))
        _, second = s.add_article(Article(id="a", text="second"), _extraction(0))
        assert (first, second) == ("a", "a~2")


def test_article_and_events_are_written_atomically(tmp_path):
    with Store(tmp_path / "a.db") as s:
        bad = _extraction()
        bad.events[0] = "not an event"  # makes the event insert fail half-way
        with pytest.raises(Exception):
            s.add_article(Article(id="x", text="text"), bad)
        assert s.counts() == {"articles": 0, "events": 0, "failures": 0}
        s.add_article(Article(id="x", text="text"), _extraction())
        assert s.counts()["events"] == 2
