"""Dask scale-out: the same results as the in-process pipeline, failures recorded, memory bounded.

One LocalCluster (2 single-threaded worker processes) serves the whole module: starting one costs
seconds. The tests reach it by address, as ``--scheduler`` does on a real cluster.
"""
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from wirewatch import stories
from wirewatch.cli import main
from wirewatch.ingest import ingest, ingest_items
from wirewatch.records import Article, Extraction
from wirewatch.scale import DaskExtractor, SerialExtractor, extract_chunk, extract_rows, local_config
from wirewatch.store import Store

FIX = Path(__file__).parent / "fixtures" / "stories"
TEXTS = [
    "Russian forces shelled Kharkiv on Monday, killing two civilians.",
    "Police arrested 14 protesters outside the parliament in Kampala.",
    "",
    "The foreign ministers of Kenya and Ethiopia will meet in Nairobi on Friday.",
    "Rebels attacked an army base near Goma, the army said.",
]


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    import dask
    from dask.distributed import LocalCluster
    cache = os.environ.get("WIREWATCH_TEST_CACHE") or str(tmp_path_factory.getbasetemp().parent / "ww-cache")
    os.environ["WIREWATCH_TEST_CACHE"] = cache
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIREWATCH_CACHE", cache)  # the worker processes inherit it
        with dask.config.set(local_config()):
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                   silence_logs=40)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def rows_file(tmp_path, texts):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t, "published": "2025-10-14"}) + "\n"
                           for i, t in enumerate(texts)))
    return src


def test_parallel_extract_matches_serial(tmp_path, scheduler):
    src = rows_file(tmp_path, TEXTS * 4)
    runner = CliRunner()
    serial = runner.invoke(main, ["extract", "--jsonl", str(src)])
    parallel = runner.invoke(main, ["extract", "--jsonl", str(src), "--scheduler", scheduler])
    assert serial.exit_code == 0 and parallel.exit_code == 0, parallel.output
    s = [json.loads(line) for line in serial.output.splitlines()]
    p = [json.loads(line) for line in parallel.output.splitlines() if line.startswith("{")]
    assert [x["id"] for x in p] == [f"d{i}" for i in range(len(TEXTS) * 4)]
    assert sum(len(x["events"]) for x in p) > 0
    assert p == s


def snapshot(store: Store) -> dict:
    """What a parallel ingest must reproduce: the articles with their events, merged events, stories."""
    c = store.conn
    return {
        "events": sorted(tuple(r) for r in c.execute("SELECT a.id, e.idx, e.type, e.modality, e.date FROM events e "
                                   "JOIN articles a ON a.pk = e.article_pk").fetchall()),
        "merged": sorted((e["type"], e["num_sources"]) for e in stories.merged_events(store)),
        "stories": sorted(sorted(s["article_ids"]) for s in stories.list_stories(store, limit=None)),
        "versions": sorted(r[0] for r in c.execute(
            "SELECT a.id FROM article_versions v JOIN articles a ON a.pk = v.article_pk")),
    }


def test_parallel_ingest_matches_serial(tmp_path, scheduler, pipeline):
    sources = [str(FIX / "week"), str(FIX / "versions.jsonl")]
    with Store(tmp_path / "serial.db") as store:
        serial = ingest(sources, store, pipeline=pipeline)
        expected = snapshot(store)
    with Store(tmp_path / "dask.db") as store, DaskExtractor(scheduler=scheduler, chunk=2) as ex:
        parallel = ingest(sources, store, extractor=ex)
        got = snapshot(store)
    assert sorted(parallel.added) == sorted(serial.added) and parallel.failures == serial.failures == []
    assert sorted(parallel.versions) == sorted(serial.versions) and serial.versions
    assert expected["events"] and got == expected


def test_extraction_exception_fails_that_text_alone(store):
    class Fragile:
        classifier = True

        def extract_many(self, rows):
            for row in rows:
                if "POISON" in row["text"]:
                    raise ValueError("bad text")
                yield Extraction(id=row["id"])

        def extract(self, text, published=None, id="doc"):
            return next(self.extract_many([{"id": id, "text": text}]))

    out = extract_rows(Fragile(), [{"id": "a", "text": "fine"}, {"id": "b", "text": "POISON"},
                                   {"id": "c", "text": "fine too"}])
    assert [o.id for o in out if not isinstance(o, str)] == ["a", "c"]
    assert out[1] == "extraction failed: ValueError: bad text"
    # and through ingest, in-process: a recorded failure, the others stored
    items = [Article(id=i, text=t, source=f"file-{i}") for i, t in (("a", "fine one"), ("b", "POISON here"),
                                                                      ("c", "another fine text"))]
    report = ingest_items(items, store, extractor=SerialExtractor(Fragile()))
    assert sorted(report.added) == ["a", "c"]
    assert [(f.source, f.reason) for f in report.failures] == [("file-b", "extraction failed: ValueError: bad text")]
    assert [f["source"] for f in store.failures()] == ["file-b"]


def test_worker_exception_becomes_recorded_failure(store, scheduler):
    def task(rows, model=None, classifier=True):  # a local function: cloudpickle sends it by value
        if any("POISON" in r["text"] for r in rows):
            raise RuntimeError("worker blew up")
        return extract_chunk(rows, model, classifier)

    items = [Article(id=f"a{i}", text=f"{t} (report {i})", source=f"src-{i}")
             for i, t in enumerate(["Rebels attacked an army base near Goma.", "POISON",
                                    "Police arrested 14 protesters in Kampala."])]
    with DaskExtractor(scheduler=scheduler, chunk=1, task=task) as ex:
        report = ingest_items(items, store, extractor=ex)
    assert sorted(report.added) == ["a0", "a2"] and report.events >= 2
    assert [f.source for f in report.failures] == ["src-1"]
    assert report.failures[0].reason == "extraction failed on a worker: RuntimeError: worker blew up"
    assert [f["source"] for f in store.failures()] == ["src-1"]


def test_results_stream_with_bounded_in_flight(scheduler):
    rows = [{"id": f"d{i}", "text": TEXTS[i % len(TEXTS)], "published": "2025-10-14"} for i in range(12)]
    seen, most = [], 0
    with DaskExtractor(scheduler=scheduler, chunk=1, max_in_flight=3, ordered=True) as ex:
        for n, row in enumerate(rows):
            ex.submit(n, row)
            most = max(most, len(ex.out))
            seen += [(n, key) for key, _ in ex.results()]
            assert len(ex.out) < 3  # results() never leaves the bound reached
        seen += [(len(rows), key) for key, _ in ex.results(wait=True)]
    assert most <= 3
    assert [key for _, key in seen] == list(range(12))       # ordered
    assert seen[0][0] < len(rows) - 1                          # streamed: results before the last submit


def test_killed_worker_fails_its_chunk_and_the_batch_goes_on(store, scheduler):
    """Last in the module: the killed workers come back (the nanny restarts them, the plugin reloads)."""
    def task(rows, model=None, classifier=True):
        if any("KILL" in r["text"] for r in rows):
            os._exit(1)
        return extract_chunk(rows, model, classifier)

    items = [Article(id=f"k{i}", text=t, source=f"src-{i}")
             for i, t in enumerate(["Rebels attacked an army base near Goma.", "KILL",
                                    "Police arrested 14 protesters in Kampala."])]
    # one chunk out at a time: Dask counts a worker's death against EVERY task it holds (a single-threaded
    # worker may hold 2, one queued), so with more in flight an innocent chunk that met the killer on
    # both of its workers would fail too, depending on scheduling (that made this test flaky)
    with DaskExtractor(scheduler=scheduler, chunk=1, max_in_flight=1, task=task) as ex:
        report = ingest_items(items, store, extractor=ex)
    assert sorted(report.added) == ["k0", "k2"]
    assert [f.source for f in report.failures] == ["src-1"]
    assert report.failures[0].reason.startswith("extraction failed on a worker: KilledWorker")


def test_loading_the_model_leaves_one_blas_thread(monkeypatch):
    """An extraction process runs numpy's BLAS on one thread (its idle threads spin: docs/scale.md)."""
    from threadpoolctl import threadpool_info, threadpool_limits
    from wirewatch import nlp
    monkeypatch.delenv("WIREWATCH_BLAS_THREADS", raising=False)
    blas = [p for p in threadpool_info() if p["user_api"] == "blas"]
    if not blas:
        pytest.skip("numpy is built without a BLAS thread pool here")
    with threadpool_limits(limits=2, user_api="blas"):
        nlp.limit_blas_threads()
        assert {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"} == {1}
        monkeypatch.setenv("WIREWATCH_BLAS_THREADS", "2")
        nlp.limit_blas_threads()
        assert {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"} == {2}
