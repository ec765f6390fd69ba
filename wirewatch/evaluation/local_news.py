"""local-news: invented US/UK local-news paragraphs with gold toponyms (``eval/local-news/``).

Data: ``local-news.jsonl`` built by ``eval/local-news/make_local_news.py`` from the marked-up
``articles.txt``: 40 paragraphs in the style of small-town papers (datelines such as "LOWER LAKE,
Calif. --", "the Springfield-based ...", "THRUXTON, Hampshire --"), each toponym with its span and
GeoNames id; populated places also carry GeoNames' point (cities500), admin units and countries only
their id (no GeoNames coordinates are packaged for them). Issue 11 found detection recall and
acc@161 km weak on text of this style.

Every gold toponym is literal (as in LGL / TR-News), and scoring is exactly the GeoWebNews suite's
(``geowebnews.score_articles``): toponym detection precision / recall / F1 by span overlap, and
accuracy@161 km (and the same or same GeoNames id) over the detected toponyms that have a point.
"""
from __future__ import annotations

import time
from typing import Optional

from . import metrics
from .geowebnews import GoldArticle, GoldToponym, score_articles

DEFAULT_FILE = "local-news.jsonl"


def _article(row: dict) -> GoldArticle:
    tops = [GoldToponym(text=t["text"], start=int(t["start"]), end=int(t["end"]), type="Literal",
                        lat=t.get("lat"), lon=t.get("lon"), geonameid=t.get("geonameid"))
            for t in row["toponyms"]]
    return GoldArticle(id=str(row["id"]), text=row["text"], toponyms=tops)


def load(path: str) -> list[GoldArticle]:
    """Articles of the JSONL (or of ``local-news.jsonl`` in a directory); a bad line raises."""
    return metrics.read_jsonl(path, DEFAULT_FILE, _article, "local-news article")


def run(path: str, limit: Optional[int] = None, half: Optional[int] = None, pipeline=None) -> dict:
    """Score the extractor (``pipeline`` or a fresh ``Pipeline()``) on the local-news JSONL."""
    articles = metrics.select(load(path), lambda a: a.id, limit, half)
    started = time.perf_counter()
    extractions = list(metrics.extract_dicts([{"id": a.id, "text": a.text} for a in articles], pipeline))
    predictions = [list(x.get("places", [])) for x in extractions]
    result, worst = score_articles(articles, predictions)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return {"suite": "local-news", "path": path, "n": len(articles), "half": half, "metrics": result,
            "worst": worst}


if __name__ == "__main__":  # pragma: no cover
    import sys

    from .report import main
    sys.exit(main(sys.modules[__name__]))
