"""Ingest: sources -> articles -> extraction -> store, one article per transaction.

Duplicates (same content hash or URL) are skipped before any analysis, failures are recorded with
their reason and the batch goes on. Articles are analysed in small batches through ``nlp.pipe`` for
speed but committed one by one, so killing an ingest loses at most the batch in flight and a re-run
picks up exactly where it stopped.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Optional

from .pipeline import Pipeline
from .records import Article, SourceFailure
from .sources import read_sources
from .store import Store

BATCH = 16


@dataclass
class IngestReport:
    added: list = field(default_factory=list)       # stored article ids
    duplicates: list = field(default_factory=list)  # (new id, id of the stored copy)
    failures: list = field(default_factory=list)    # SourceFailure
    events: int = 0


def ingest(sources: Iterable[str], store: Store, *, pipeline: Optional[Pipeline] = None,
           published: Optional[date] = None, allow_private: bool = False,
           on_item: Optional[Callable[[object], None]] = None,
           on_article: Optional[Callable[[str, Article], None]] = None) -> IngestReport:
    """Read every source, store new articles with their events; never raises for bad input."""
    report = IngestReport()
    pipeline = pipeline or Pipeline()
    batch: list[Article] = []
    seen_hashes: set[str] = set()

    def flush() -> None:
        rows = [{"id": a.id, "text": a.text, "published": a.published} for a in batch]
        for article, extraction in zip(batch, pipeline.extract_many(rows)):
            try:
                _, stored_id = store.add_article(article, extraction)
            except Exception as exc:  # a store error for one article must not stop the batch
                failure = SourceFailure(article.source or article.id, f"could not store: {exc}")
                store.record_failure(failure)
                report.failures.append(failure)
                continue
            report.added.append(stored_id)
            report.events += len(extraction.events)
            if on_article:
                on_article(stored_id, article)
        batch.clear()

    for item in read_sources(list(sources), published=published, allow_private=allow_private):
        if on_item:
            on_item(item)
        if isinstance(item, SourceFailure):
            store.record_failure(item)
            report.failures.append(item)
            continue
        dup = store.find_duplicate(item)
        if dup is not None or item.content_hash in seen_hashes:
            report.duplicates.append((item.id, dup or item.id))
            continue
        seen_hashes.add(item.content_hash)
        batch.append(item)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return report
