"""eval/news-dates-b, -c, -d and -e: the blind TimeML date batches are exact builds of their sources
and eval_all runs them.

Reads only the sources (eval/news-dates/articles-b.txt, articles-c.txt, articles-d.txt,
articles-e.txt) and their built files
(eval/news-dates-b/tml/, eval/news-dates-c/tml/, eval/news-dates-d/tml/, eval/news-dates-e/tml/); no wirewatch output on the batches is
computed or looked at here.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_script

from wirewatch.evaluation import get_suite, timeml

ROOT = Path(__file__).resolve().parents[1]
# suite name -> (source, file-name prefix, gold TIMEX3 counts by type)
BATCHES = {
    "news-dates-b": ("articles-b.txt", "ndb", {"DATE": 485, "DURATION": 79, "TIME": 28, "SET": 15}),
    # third blind batch, conflict and geopolitical news (eval/README.md "news-dates-c")
    "news-dates-c": ("articles-c.txt", "ndc", {"DATE": 414, "DURATION": 85, "TIME": 44, "SET": 12}),
    # fourth blind batch, markets / energy / shipping / elections / courts / conflict (eval/README.md "news-dates-d")
    "news-dates-d": ("articles-d.txt", "ndd", {"DATE": 384, "DURATION": 46, "TIME": 15, "SET": 10}),
    # fifth blind batch, conflict / humanitarian / politics / health / science / sport (eval/README.md "news-dates-e")
    "news-dates-e": ("articles-e.txt", "nde", {"DATE": 289, "DURATION": 49, "TIME": 23, "SET": 31}),
}


def builder():
    return load_script(ROOT / "eval" / "news-dates" / "make_news_dates.py", "wirewatch_make_news_dates_b")


@pytest.mark.parametrize("suite", sorted(BATCHES))
def test_batch_files_match_their_source(tmp_path, suite):
    """eval/<suite>/tml/ is what make_news_dates.py builds from its source (no hand edits)."""
    source, prefix, _ = BATCHES[suite]
    built_dir = ROOT / "eval" / suite / "tml"
    arts = builder().build(ROOT / "eval" / "news-dates" / source, tmp_path)
    built = sorted(p.name for p in tmp_path.glob("*.tml"))
    assert built == sorted(p.name for p in built_dir.glob("*.tml")) and len(arts) == len(built) == 40
    assert built[0] == f"{prefix}-01.tml" and built[-1] == f"{prefix}-40.tml"
    for name in built:
        assert (tmp_path / name).read_text() == (built_dir / name).read_text(), name


@pytest.mark.parametrize("suite", sorted(BATCHES))
def test_batch_is_read_back_by_the_scorer(suite):
    """The scorer's reader finds the built TIMEX3 (offsets on the marked words, a DCT in every file)."""
    docs = [timeml.parse_tml(f) for f in timeml.iter_files(str(ROOT / "eval" / suite))]
    assert len(docs) == 40 and all(d.dct is not None for d in docs)
    kinds: dict[str, int] = {}
    for doc in docs:
        assert all(doc.text[g.start:g.end] == g.text for g in doc.timexes)
        for g in doc.timexes:
            kinds[g.type] = kinds.get(g.type, 0) + 1
    assert kinds == BATCHES[suite][2]


@pytest.mark.parametrize("suite", sorted(BATCHES))
def test_blind_batch_registered_in_eval_all(suite):
    module = load_script(ROOT / "scripts" / "eval_all.py", "wirewatch_eval_all_ndb")
    rows = {name: (path, figures) for name, path, figures in module.SUITES}
    assert Path(rows[suite][0]) == ROOT / "eval" / suite
    assert rows[suite][1] == rows["news-dates"][1]  # the same three figures
    assert get_suite(module.SCORER[suite]) is timeml
