"""Story clustering: B-cubed precision / recall / F1 of article -> story against a gold partition.

Gold: a directory of Giveme5W1H ``news_cluster`` JSON files (one article each: ``title``, ``text``,
``date_publish``, ``url``; ``newsCluster.EventId`` is the gold story). The articles are ingested in
publication order into a temporary store through the real ingest path (dedup, pipeline, event
merging, story assignment), then each article's story is compared with its gold cluster.

B-cubed (Bagga & Baldwin 1998): for each article, precision = share of its story that is in its gold
cluster, recall = share of its gold cluster that is in its story; both averaged over articles.
``merged_cross_story`` counts merged events (2+ sources) whose sources lie in different gold clusters:
a lower bound on false event merges (the gold has no event-level labels).
"""
from __future__ import annotations

import glob
import json
import os
import tempfile
from collections import Counter, defaultdict
from datetime import date
from typing import Optional

from . import metrics


def load(path: str) -> list[dict]:
    """Gold articles as ``{"id", "title", "text", "published", "url", "gold", "gold_name"}``."""
    files = sorted(glob.glob(os.path.join(path, "*.json"))) if os.path.isdir(path) else [path]
    out = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            d = json.load(fh)
        cluster = d.get("newsCluster") or {}
        out.append({"id": os.path.splitext(os.path.basename(f))[0], "title": d.get("title"),
                    "text": d.get("text") or "", "description": d.get("description") or "",
                    "published": (d.get("date_publish") or "")[:10] or None, "url": d.get("url"),
                    "gold": cluster.get("EventId"), "gold_name": cluster.get("Event")})
    return out


def bcubed(pred: dict[str, object], gold: dict[str, object]) -> dict:
    """B-cubed precision, recall, F1 of two partitions given as item -> cluster label."""
    items = [i for i in gold if i in pred]
    pred_members, gold_members = defaultdict(set), defaultdict(set)
    for i in items:
        pred_members[pred[i]].add(i)
        gold_members[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        common = len(pred_members[pred[i]] & gold_members[gold[i]])
        p += common / len(pred_members[pred[i]])
        r += common / len(gold_members[gold[i]])
    n = len(items) or 1
    precision, recall = p / n, r / n
    return {"precision": precision, "recall": recall, "f1": metrics.f1(precision, recall), "n": len(items)}


def _articles(rows: list[dict]):
    from ..records import Article
    for r in rows:
        text = r["text"] if r["text"].strip() else r["description"]
        yield Article(id=r["id"], text=text, title=r["title"], url=r["url"],
                      published=date.fromisoformat(r["published"]) if r["published"] else None,
                      source=r["id"])


def predict(rows: list[dict], pipeline=None) -> tuple[dict[str, int], dict, list[set]]:
    """Ingest ``rows`` (publication order) into a temporary store.

    Returns article id -> story id, ingest stats, and the article ids of each multi-source merged event.
    """
    from ..ingest import ingest_items
    from ..store import Store
    from .. import stories
    ordered = sorted(rows, key=lambda r: (r["published"] or "9999", r["id"]))
    with tempfile.TemporaryDirectory() as tmp:
        with Store(os.path.join(tmp, "clusters.db")) as store:
            report = ingest_items(_articles(ordered), store, pipeline=pipeline)
            pred = {}
            for s in stories.list_stories(store, limit=None):
                for art_id in s["article_ids"]:
                    pred[art_id] = s["id"]
            merged = store.conn.execute("SELECT COUNT(*), SUM(num_sources > 1) FROM merged_events"
                                        " WHERE num_mentions > 0").fetchone()
            by_event = defaultdict(set)
            for merged_pk, art_id in store.conn.execute(
                    "SELECT em.merged_pk, a.id FROM event_mentions em JOIN articles a ON a.pk = em.article_pk"):
                by_event[merged_pk].add(art_id)
            stats = {"stories": len(set(pred.values())), "versions": len(report.versions),
                     "duplicates": len(report.duplicates), "failures": len(report.failures),
                     "events": report.events, "merged_events": merged[0],
                     "merged_multi_source": merged[1] or 0}
    for new_id, old_id in report.duplicates:  # exact duplicates belong where their stored copy is
        if old_id in pred:
            pred[new_id] = pred[old_id]
    return pred, stats, [ids for ids in by_event.values() if len(ids) > 1]


def worst(rows: list[dict], pred: dict[str, int], top: int = 15) -> list[dict]:
    """Gold clusters split over several stories, and stories mixing gold clusters, largest errors first."""
    by_id = {r["id"]: r for r in rows}
    out = []
    gold_groups = defaultdict(list)
    for r in rows:
        gold_groups[r["gold"]].append(r["id"])
    for g, ids in gold_groups.items():
        stories_of = Counter(pred.get(i) for i in ids)
        if len(stories_of) > 1:
            out.append({"error": "split", "gold": by_id[ids[0]]["gold_name"], "size": len(ids),
                        "stories": len(stories_of),
                        "titles": [f"[{pred.get(i)}] {(by_id[i]['title'] or '')[:70]}" for i in ids]})
    story_groups = defaultdict(list)
    for i, s in pred.items():
        if i in by_id:
            story_groups[s].append(i)
    for s, ids in story_groups.items():
        golds = Counter(by_id[i]["gold_name"] for i in ids)
        if len(golds) > 1:
            out.append({"error": "mixed", "story": s, "size": len(ids), "gold_clusters": dict(golds),
                        "titles": [f"[{by_id[i]['gold_name'][:25]}] {(by_id[i]['title'] or '')[:60]}" for i in ids]})
    out.sort(key=lambda e: -e["size"])
    return out[:top]


def run(path: str, limit: Optional[int] = None, half: Optional[int] = None, pipeline=None) -> dict:
    """Score story clustering on the gold clusters at ``path`` (``half``: deterministic half by file name)."""
    rows = metrics.select(load(path), lambda r: r["id"], limit, half)
    pred, stats, multi = predict(rows, pipeline=pipeline)
    gold = {r["id"]: r["gold"] for r in rows}
    scores = bcubed(pred, gold)
    # event-merge sanity check: a merged event whose sources lie in different gold stories is a false merge
    stats["merged_cross_story"] = sum(1 for ids in multi if len({gold[i] for i in ids}) > 1)
    return {"suite": "clusters", "path": path, "n": len(rows), "half": half,
            "metrics": {"bcubed_precision": scores["precision"], "bcubed_recall": scores["recall"],
                        "bcubed_f1": scores["f1"], "gold_clusters": len(set(gold.values())), **stats},
            "worst": worst(rows, pred)}


if __name__ == "__main__":
    import sys
    from .report import main
    sys.exit(main(sys.modules[__name__]))
