"""Ingest: sources -> articles -> dedup -> extraction -> store -> merge events / stories.

Per article, in order:
1. exact duplicates (same whitespace-normalised content hash) are skipped before anything else
   (a duplicate that has a publication date where the stored copy has none gives it that date, and
   its undated events the dates resolved with it: ``stories.redate_article``);
   an article at a stored URL with other content is an UPDATE: analysed like a new article (step 3),
   then linked as a version of the article at that URL, its event mentions merged with the earlier
   ones (``stories.process_article``); re-ingesting the same update is an exact duplicate;
2. near-duplicates (syndicated copies, updated versions; MinHash, ``wirewatch.dedup``) are stored
   WITHOUT analysis as versions of their canonical article, so they never add event mentions;
3. the others are analysed in small batches through ``nlp.pipe`` (speed), in this process or on Dask
   workers (``wirewatch.scale``), and committed one by one as their results come back:
   ``Store.add_article`` (article + annotations + events, one transaction), then
   ``stories.process_article`` (signature, event merging, story, one transaction).

Crash safety: killing an ingest loses at most the batch in flight. An article stored but not yet
processed (crash between the two commits) is picked up by ``stories.catch_up`` at the start of the
next run, so a re-run completes the work, and skips everything already stored: it is idempotent.
Failures (unreadable sources, store or merge errors) are recorded with their reason and the batch
goes on. Another writer (a second ``ingest`` process, the API) may store the same article between our
duplicate check and our commit: the UNIQUE constraint then refuses it, and that is a duplicate, not a
failure. Errors of the database itself (read-only file, disk full) stop the run: every later article
would fail the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Optional

from . import db, dedup, stories
from .pipeline import Pipeline
from .records import Article, Extraction, SourceFailure
from .sources import read_sources
from .store import DuplicateArticle, Store

BATCH = 16
CACHE_KIB = 64 * 1024  # SQLite page cache of the ingesting connection


@dataclass
class IngestReport:
    added: list = field(default_factory=list)       # stored article ids (versions included)
    duplicates: list = field(default_factory=list)  # (new id, id of the stored copy)
    versions: list = field(default_factory=list)    # (stored id, id of the canonical article)
    updates: list = field(default_factory=list)     # (stored id, id of the article at its URL): analysed versions
    redated: list = field(default_factory=list)     # (stored id, publication date, events dated): a duplicate
                                                     # gave an undated stored article its publication date
    failures: list = field(default_factory=list)    # SourceFailure
    events: int = 0
    caught_up: int = 0                               # articles of an interrupted run processed first


def ingest(sources: Iterable[str], store: Store, *, pipeline: Optional[Pipeline] = None,
           published: Optional[date] = None, allow_private: bool = False,
           on_item: Optional[Callable[[object], None]] = None,
           on_article: Optional[Callable[[str, Article], None]] = None, extractor=None) -> IngestReport:
    """Read every source, store new articles with their events; never raises for bad input."""
    items = read_sources(list(sources), published=published, allow_private=allow_private)
    return ingest_items(items, store, pipeline=pipeline, on_item=on_item, on_article=on_article, extractor=extractor)


def ingest_items(items: Iterable[Article | SourceFailure], store: Store, *, pipeline: Optional[Pipeline] = None,
                 on_item: Optional[Callable[[object], None]] = None,
                 on_article: Optional[Callable[[str, Article], None]] = None, extractor=None) -> IngestReport:
    """Ingest already-read articles (and failures to record); the core of ``ingest``.

    ``extractor``: where the NLP runs, a ``wirewatch.scale.DaskExtractor`` (workers) or by default a
    ``SerialExtractor`` of ``pipeline`` in this process. Either way this process alone reads and
    writes the store; results are stored as they come back.
    """
    from .scale import SerialExtractor
    report = IngestReport()
    # the dedup / story indexes are written at random places: a bigger page cache keeps commits cheap
    store.conn.tune_for_writes(CACHE_KIB)
    report.caught_up = stories.catch_up(store)
    if extractor is None:
        extractor = SerialExtractor(pipeline or Pipeline(), batch=BATCH)
    in_flight: dict[int, tuple[Article, dedup.Signature]] = {}  # submitted for extraction, not yet stored
    seen: dict[str, str] = {}  # content hash of this run's articles -> article id
    redating: dict[int, tuple[Article, int]] = {}  # submitted to date an undated stored copy (pk)

    def fail(article: Article, reason: str) -> None:
        failure = SourceFailure(article.source or article.id, reason)
        store.record_failure(failure)
        report.failures.append(failure)

    def finish(article: Article, extraction: Extraction, sig: dedup.Signature,
               match: Optional[dedup.Match]) -> None:
        try:
            pk, stored_id = store.add_article(article, extraction)
        except DuplicateArticle as dup:  # another writer stored the same article meanwhile
            report.duplicates.append((article.id, dup.existing_id))
            return
        except db.operational_errors():
            raise  # the database itself: see the module docstring
        except Exception as exc:  # a store error for one article must not stop the batch
            fail(article, f"could not store: {db.first_line(exc)}")
            return
        report.added.append(stored_id)
        report.events += len(extraction.events)
        try:
            result = stories.process_article(store, pk, signature=sig, version_of=match, check_version=False)
        except Exception as exc:  # stored; catch_up retries the merge on the next run
            fail(article, f"stored as {stored_id} but could not merge: {db.first_line(exc)}")
        else:
            if result.get("version_of"):
                report.versions.append((stored_id, result["version_of"]))
            if result.get("update_of"):
                report.updates.append((stored_id, result["update_of"]))
        if on_article:
            on_article(stored_id, article)

    def redate(article: Article, pk: int, extraction: Extraction) -> None:
        try:
            dated = stories.redate_article(store, pk, article.published, extraction)
        except db.operational_errors():
            raise
        except Exception as exc:  # the stored copy stays as it was (one transaction); the batch goes on
            fail(article, f"duplicate, but could not give the stored copy its date: {db.first_line(exc)}")
            return
        if dated is not None:
            stored_id = store.conn.execute("SELECT id FROM articles WHERE pk = ?", (pk,)).fetchone()[0]
            report.redated.append((stored_id, article.published.isoformat(), dated))

    def store_results(wait: bool = False) -> None:
        for key, outcome in extractor.results(wait=wait):
            if key in redating:
                article, pk = redating.pop(key)
                if isinstance(outcome, str):
                    fail(article, f"duplicate, but could not give the stored copy its date: {outcome}")
                else:
                    redate(article, pk, outcome)
                continue
            article, sig = in_flight.pop(key)
            if isinstance(outcome, str):  # the extraction failed (on a worker): the batch goes on
                fail(article, outcome)
            else:
                finish(article, outcome, sig, None)

    for n, item in enumerate(items):
        if on_item:
            on_item(item)
        if isinstance(item, SourceFailure):
            store.record_failure(item)
            report.failures.append(item)
            continue
        dup = store.find_duplicate(item) or seen.get(item.content_hash)
        if dup is not None:  # stored already, or earlier in this run
            report.duplicates.append((item.id, dup))
            if item.published is not None and any(a.content_hash == item.content_hash and a.published is None
                                                  for a, _ in in_flight.values()):
                store_results(wait=True)  # its undated copy of this run is still in flight: store it, to date it
            undated = store.undated_copy(item)
            if undated is not None and undated not in {pk for _, pk in redating.values()}:
                # the stored copy has no publication date and this one has: the stored text (its offsets:
                # the copies may differ in whitespace) analysed again with that date, to date the stored
                # copy's undated events (stories.redate_article)
                redating[n] = (item, undated)
                text = store.conn.execute("SELECT text FROM articles WHERE pk = ?", (undated,)).fetchone()[0]
                extractor.submit(n, {"id": item.id, "text": text, "published": item.published})
                store_results()
            continue
        seen[item.content_hash] = item.id
        sig = dedup.Signature.of(item.text)
        if any(dedup.is_version(sig, s)[0] or (item.url and a.url == item.url) for a, s in in_flight.values()):
            store_results(wait=True)  # its original is still in flight: store that first so the match below sees it
        match = None if store.find_at_url(item.url) else dedup.find_version(store.conn, sig)
        if match is not None:  # a near-duplicate; an update at a stored URL is analysed (linked after storing)
            finish(item, Extraction(id=item.id), sig, match)
            continue
        in_flight[n] = (item, sig)
        extractor.submit(n, {"id": item.id, "text": item.text, "published": item.published})
        store_results()
    store_results(wait=True)
    return report
