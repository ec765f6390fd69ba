"""eval/news-dates-b: the second blind TimeML date batch is an exact build of its source and eval_all runs it.

Reads only the source (eval/news-dates/articles-b.txt) and its built files (eval/news-dates-b/tml/); no
wirewatch output on the batch is computed or looked at here.
"""
from __future__ import annotations

from pathlib import Path

from conftest import load_script

from wirewatch.evaluation import get_suite, timeml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "eval" / "news-dates" / "articles-b.txt"
BUILT = ROOT / "eval" / "news-dates-b" / "tml"


def builder():
    return load_script(ROOT / "eval" / "news-dates" / "make_news_dates.py", "wirewatch_make_news_dates_b")


def test_batch_b_files_match_their_source(tmp_path):
    """eval/news-dates-b/tml/ is what make_news_dates.py builds from articles-b.txt (no hand edits)."""
    arts = builder().build(SOURCE, tmp_path)
    built = sorted(p.name for p in tmp_path.glob("*.tml"))
    assert built == sorted(p.name for p in BUILT.glob("*.tml")) and len(arts) == len(built) == 40
    assert built[0] == "ndb-01.tml" and built[-1] == "ndb-40.tml"
    for name in built:
        assert (tmp_path / name).read_text() == (BUILT / name).read_text(), name


def test_batch_b_is_read_back_by_the_scorer():
    """The scorer's reader finds the built TIMEX3 (offsets on the marked words, a DCT in every file)."""
    docs = [timeml.parse_tml(f) for f in timeml.iter_files(str(BUILT.parent))]
    assert len(docs) == 40 and all(d.dct is not None for d in docs)
    kinds: dict[str, int] = {}
    for doc in docs:
        assert all(doc.text[g.start:g.end] == g.text for g in doc.timexes)
        for g in doc.timexes:
            kinds[g.type] = kinds.get(g.type, 0) + 1
    assert kinds == {"DATE": 485, "DURATION": 79, "TIME": 28, "SET": 15}


def test_news_dates_b_registered_in_eval_all():
    module = load_script(ROOT / "scripts" / "eval_all.py", "wirewatch_eval_all_ndb")
    rows = {name: (path, figures) for name, path, figures in module.SUITES}
    assert Path(rows["news-dates-b"][0]) == ROOT / "eval" / "news-dates-b"
    assert rows["news-dates-b"][1] == rows["news-dates"][1]  # the same three figures
    assert get_suite(module.SCORER["news-dates-b"]) is timeml
