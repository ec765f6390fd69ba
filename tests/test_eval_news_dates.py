"""eval/news-dates: the builder of the team-written TimeML date suite and the timeml scorer reading it.

The fixture (tests/fixtures/eval/news-dates/articles.txt) is invented for these tests; predictions
are hand-made stand-ins, so every expected figure is computed by hand and does not depend on
wirewatch's date resolver.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from conftest import load_script

from wirewatch.evaluation import get_suite, timeml

ROOT = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures" / "eval" / "news-dates" / "articles.txt"


def builder():
    return load_script(ROOT / "eval" / "news-dates" / "make_news_dates.py", "wirewatch_make_news_dates")


@pytest.fixture()
def built(tmp_path):
    builder().build(FIX, tmp_path)
    return {p.stem: timeml.parse_tml(str(p)) for p in sorted(tmp_path.glob("*.tml"))}


def test_builder_output_is_read_back_by_parse_tml(built):
    assert sorted(built) == ["fx-1", "fx-2"]
    one, two = built["fx-1"], built["fx-2"]
    assert one.dct == date(2024, 3, 15) and two.dct == date(2021, 1, 4)
    assert one.text.startswith("Talks resume Monday\nOfficials said on Friday")
    assert "held last week & first in 2023" in one.text  # escaped on writing, unescaped on reading
    assert "<for>" in two.text and "{" not in one.text + two.text
    got = [(g.text, g.type, g.value) for g in one.timexes]
    assert got == [("Monday", "DATE", "2024-03-18"), ("Friday", "DATE", "2024-03-15"),
                   ("last week", "DATE", "2024-W10"), ("2023", "DATE", "2023"),
                   ("two weeks", "DURATION", "P2W"), ("9 a.m.", "TIME", "2024-03-18T09:00")]
    for doc in built.values():  # the offsets point at the marked words in the plain text
        assert all(doc.text[g.start:g.end] == g.text for g in doc.timexes)
    assert [(g.text, g.type) for g in two.timexes] == [
        ("Yesterday", "DATE"), ("weekly", "SET"), ("late last year", "DATE"), ("the holidays", "DURATION")]


def test_builder_writes_the_mod(tmp_path):
    builder().build(FIX, tmp_path)
    assert 'value="2020" mod="END">late last year</TIMEX3>' in (tmp_path / "fx-2.tml").read_text()


@pytest.mark.parametrize("line, message", [
    ("On {Tuesday|2024-03-18} it rained.", "is a monday"),            # weekday against the value
    ("Since {May 2023|2023-06} ...", "month 06 is not in the text"),    # month name against the value
    ("In {March 2022|2023-03} ...", "the year in the text is 2022"),
    ("It said {yesterday|2024-03-13}.", "is 2024-03-14 from the DCT"),  # anchored on the DCT
    ("It said {this week|2024-W12}.", "is 2024-W11 from the DCT"),
    ("For {two weeks|DURATION|2W}.", "is not a TimeML value"),
    ("On {Friday|WHEN}.", "'WHEN' of 'Friday' is not a TimeML value"),
    ("On {Friday|2024-03-15|LATE}.", "bad mod 'LATE'"),
    ("On {Friday|DATE|2024-03-15|END|X}.", "bad mark"),
    ("A stray } brace.", "unbalanced brace"),
])
def test_builder_rejects_what_cannot_be_meant(line, message):
    mod = builder()
    with pytest.raises(mod.BuildError, match=message):
        mod.parse_source(f"=== x 2024-03-15\n{line}\n")


def test_builder_rejects_a_repeated_id_and_text_before_a_header():
    mod = builder()
    with pytest.raises(mod.BuildError, match="twice"):
        mod.parse_source("=== a 2024-03-15\nx\n=== a 2024-03-16\ny\n")
    with pytest.raises(mod.BuildError, match="before the first"):
        mod.parse_source("loose text\n=== a 2024-03-15\nx\n")


@dataclass
class Pred:
    text: str
    start: int
    end: int
    value: str


def test_scorer_on_the_built_fixture_hand_computed(built):
    doc = built["fx-1"]

    def at(word, value, width=None):
        s = doc.text.index(word)
        return Pred(word, s, s + (width or len(word)), value)

    preds = [at("Monday", "2024-03-18"),       # detected, right value
             at("Friday", "2024-03-14"),       # detected, wrong value
             at("9 a.m.", "2024-03-18"),       # on a gold TIME: ignored
             at("Officials", "2024-03-15"),    # spurious
             at("two weeks", "P2W")]           # on a gold DURATION: spurious
    counts, errors = timeml._Counts(), []
    timeml._score_doc(doc, preds, counts, errors)
    m = timeml._metrics(counts, 0.0)
    # gold DATEs: Monday, Friday, last week, 2023 -> 2 detected, 1 right value
    assert (m["gold_dates"], m["predicted"], m["detected_gold"]) == (4, 4, 2)
    assert m["detect_recall"] == 0.5 and m["value_accuracy_detected"] == 0.5
    assert m["value_accuracy_end_to_end"] == 0.25 and m["detect_precision"] == 0.5
    kinds = sorted((e["kind"], e["text"]) for e in errors)
    assert kinds == [("missed", "2023"), ("missed", "last week"), ("spurious", "Officials"),
                     ("spurious", "two weeks"), ("value", "Friday")]


def test_suite_files_match_their_source(tmp_path):
    """eval/news-dates/tml/ is what make_news_dates.py builds from articles.txt (no hand edits)."""
    here = ROOT / "eval" / "news-dates"
    arts = builder().build(here / "articles.txt", tmp_path)
    built = sorted(p.name for p in tmp_path.glob("*.tml"))
    assert built == sorted(p.name for p in (here / "tml").glob("*.tml")) and len(arts) == len(built)
    for name in built:
        assert (tmp_path / name).read_text() == (here / "tml" / name).read_text(), name


def test_news_dates_registered_in_eval_all():
    module = load_script(ROOT / "scripts" / "eval_all.py", "wirewatch_eval_all")
    rows = {name: path for name, path, _ in module.SUITES}
    assert Path(rows["news-dates"]) == ROOT / "eval" / "news-dates"
    assert get_suite(module.SCORER["news-dates"]) is timeml
