"""Scale-out: run the extraction pipeline on several worker processes (or machines) with Dask.

spaCy releases little of the GIL, so more cores mean more processes. Dask's distributed scheduler
gives process workers on one machine (``LocalCluster``) or many (``dask scheduler`` / ``dask worker``)
with the same client code. What makes it pay:

* each worker loads the pipeline ONCE, when it joins (``PipelinePlugin``), never per task;
* work goes out in small chunks (a few ``nlp.pipe`` batches' worth) and only ``{"id", "text",
  "published"}`` rows go out, only small ``Extraction`` records come back (never spaCy Docs);
* at most ``max_in_flight`` chunks are submitted or held at once, and results are handed back as they
  finish, so the client's memory does not grow with the batch;
* reading sources and writing the store stay in the client (one writer): ``ingest`` keeps its
  duplicate handling and stories, only the order in which articles arrive can differ.

A failure of one chunk (an exception in the task, a worker killed mid-task) becomes a failure of each
of its rows with the reason; an exception on one text inside a chunk fails that text alone.
"""
from __future__ import annotations

from collections import deque
from typing import Callable, Hashable, Iterable, Iterator, Optional, Union

from .records import Extraction

CHUNK = 16         # rows per task: one nlp.pipe batch, as in-process (ingest.BATCH); halves the client's per-task
                   # CPU of chunks of 8 (1.2 -> 0.6 ms per article, shared with the workers' cores)
IN_FLIGHT = 4      # chunks in flight (or finished but not yet handed back) per worker

WARM_UP = "Police arrested 14 protesters in Nairobi on Monday, the Kenyan interior ministry said."
CONNECT_TIMEOUT = "15s"  # to reach a --scheduler
Outcome = Union[Extraction, str]  # an extraction, or the reason it failed

_PIPELINES: dict = {}  # per process: (model, classifier) -> Pipeline


def worker_pipeline(model: Optional[str] = None, classifier: bool = True):
    """The pipeline of this process, loaded on first use and kept (a worker loads it once)."""
    key = (model, classifier)
    if key not in _PIPELINES:
        from .pipeline import Pipeline
        _PIPELINES[key] = Pipeline(model, classifier=classifier)
    return _PIPELINES[key]


try:
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - distributed is a dependency; keep import of this module cheap otherwise
    _WorkerPlugin = object


class PipelinePlugin(_WorkerPlugin):
    """Loads the pipeline when a worker starts (and on every worker that joins later)."""

    name = "wirewatch-pipeline"

    def __init__(self, model: Optional[str] = None, classifier: bool = True):
        self.model, self.classifier = model, classifier

    def setup(self, worker=None) -> None:
        # one short text loads what the pipeline opens lazily (gazetteer index, classifier) now, so
        # start-up is paid here and not by the first chunks
        worker_pipeline(self.model, self.classifier).extract(WARM_UP, "2025-01-01", "warm-up")


def extract_rows(pipeline, rows: list[dict]) -> list[Outcome]:
    """One outcome per row, in order, through ``nlp.pipe``; a text that raises fails alone."""
    try:
        return list(pipeline.extract_many(rows))
    except Exception:  # find the culprit: redo the rows one by one
        out: list[Outcome] = []
        for row in rows:
            try:
                out.append(pipeline.extract(row.get("text") or "", row.get("published"), str(row.get("id", ""))))
            except Exception as exc:
                out.append(f"extraction failed: {type(exc).__name__}: {exc}")
        return out


def extract_chunk(rows: list[dict], model: Optional[str] = None, classifier: bool = True) -> list[Outcome]:
    """The task run on a worker, with the worker's pipeline."""
    return extract_rows(worker_pipeline(model, classifier), rows)


def local_config(allowed_failures: int = 1) -> dict:
    """Dask settings for the clusters wirewatch starts (set them in the Dask config of your own cluster).

    allowed-failures: a text that kills its worker should fail its chunk, not be retried on (and kill)
    every worker in turn. The rest cuts Dask's housekeeping, which competes with the extraction for
    the GIL and the cores: the worker profiler (samples every thread every 10 ms) off, event-loop tick
    (20 ms), work stealing (100 ms), memory (100 ms) and system (500 ms) monitors slowed to >= 1 s.
    Measured on an idle LocalCluster of 2 workers: 0.025 -> 0.008 CPU s/s in the client process
    (scheduler and nannies live there), 0.020 -> 0.003 per worker.

    And the nanny does NOT set ``MALLOC_TRIM_THRESHOLD_=65536`` in the workers' environment (Dask's
    default, to hand freed memory back to the OS sooner): setting it switches off glibc's adaptive
    mmap threshold, so every buffer of >= 128 KiB that spaCy/thinc allocate per batch is a fresh
    mmap, page-faulted in and unmapped again. Measured per article (same texts, load 5-6): 2240 minor
    page faults and 4.3 ms system CPU on a worker with it, 465 and 1.0 ms without; an in-process run
    with it set shows the same 2221 and 4.2 ms (370 and 1.2 ms without): about 3 of the ~5 ms more
    CPU per article the workers used than one process on an idle machine. A worker's peak RSS is ~8 MiB higher without it (447-449 vs 440
    MiB over 600 articles), and flat.
    """
    return {"distributed.scheduler.allowed-failures": allowed_failures,
            "distributed.worker.profile.enabled": False,
            "distributed.admin.tick.interval": "1s",
            "distributed.scheduler.work-stealing-interval": "1s",
            "distributed.worker.memory.monitor-interval": "1s",
            "distributed.admin.system-monitor.interval": "2s",
            "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"extraction failed on a worker: {type(exc).__name__}" + (f": {text[0][:200]}" if text else "")


class SerialExtractor:
    """In-process extraction in ``nlp.pipe`` batches; same interface as ``DaskExtractor``."""

    def __init__(self, pipeline=None, batch: int = 16):
        if pipeline is None:
            from .pipeline import Pipeline
            pipeline = Pipeline()
        self.pipeline, self.batch = pipeline, batch
        self.rows: list[tuple[Hashable, dict]] = []

    def submit(self, key: Hashable, row: dict) -> None:
        self.rows.append((key, row))

    def pending(self) -> int:
        return len(self.rows)

    def results(self, wait: bool = False) -> Iterator[tuple[Hashable, Outcome]]:
        """Finished ``(key, outcome)`` pairs; ``wait``: finish everything submitted first."""
        if not self.rows or (not wait and len(self.rows) < self.batch):
            return
        rows, self.rows = self.rows, []
        yield from zip((k for k, _ in rows), extract_rows(self.pipeline, [r for _, r in rows]))

    def close(self) -> None:
        pass


class PrecomputedExtractor:
    """Hands back outcomes computed before ``ingest_items`` started, keyed by ``precomputed_key(row)``,
    so a caller can run the slow NLP outside its write lock (``api.Ingestor``) and keep only the
    short store transactions inside it. A row with no precomputed outcome is extracted then by the
    extractor ``fallback()`` makes (made on first need), so nothing is ever lost."""

    def __init__(self, outcomes: dict[tuple, Outcome], fallback: Callable[[], "SerialExtractor"]):
        self.outcomes, self.make_fallback = outcomes, fallback
        self.fallback: Optional[SerialExtractor] = None
        self.ready: list[tuple[Hashable, Outcome]] = []

    def submit(self, key: Hashable, row: dict) -> None:
        outcome = self.outcomes.get(precomputed_key(row))
        if outcome is not None:
            self.ready.append((key, outcome))
            return
        if self.fallback is None:
            self.fallback = self.make_fallback()
        self.fallback.submit(key, row)

    def pending(self) -> int:
        return len(self.ready) + (self.fallback.pending() if self.fallback is not None else 0)

    def results(self, wait: bool = False) -> Iterator[tuple[Hashable, Outcome]]:
        ready, self.ready = self.ready, []
        yield from ready
        if self.fallback is not None:
            yield from self.fallback.results(wait=wait)

    def close(self) -> None:
        pass


def precomputed_key(row: dict) -> tuple:
    """What identifies an extraction row: id and text (two articles may share an id, never both)."""
    return str(row.get("id")), row.get("text") or "", str(row.get("published"))


class DaskExtractor:
    """Extraction on Dask workers, streamed: ``submit`` rows, take ``results`` as chunks finish.

    ``scheduler``: address of a running scheduler (``tcp://host:8786``); otherwise a LocalCluster of
    ``workers`` single-threaded processes is started and shut down by ``close``. ``ordered``: hand
    results back in submission order (``extract --jsonl``); otherwise as they finish (``ingest``).
    Memory stays bounded: at most ``max_in_flight`` chunks are submitted or held at a time; ``results``
    blocks when that many are out.
    """

    def __init__(self, workers: int = 2, scheduler: Optional[str] = None, *, chunk: int = CHUNK,
                 max_in_flight: Optional[int] = None, ordered: bool = False, model: Optional[str] = None,
                 classifier: bool = True, allowed_failures: int = 1, task=None):
        import dask
        from dask.distributed import Client, LocalCluster
        self.chunk, self.ordered, self.model, self.classifier = chunk, ordered, model, classifier
        self.task = task or extract_chunk  # tests pass a stand-in that fails on purpose
        self.cluster = None
        with dask.config.set(local_config(allowed_failures)):
            if scheduler:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=":0", silence_logs=40)
                self.client = Client(self.cluster)
        try:
            nworkers = len(self.client.scheduler_info()["workers"]) or workers
            self.max_in_flight = max_in_flight or max(2, IN_FLIGHT * nworkers)
            # loads the pipeline on every worker now (and on later joiners): start-up is paid here, once
            self.client.register_plugin(PipelinePlugin(model, classifier))
        except BaseException:
            self.close()
            raise
        from dask.distributed import as_completed
        self.done = as_completed([], with_results=False)
        self.buffer: list[tuple[Hashable, dict]] = []
        self.out: deque = deque()       # submitted chunks, in order: (keys, future)
        self.finished: set = set()      # futures done but not yet handed back (ordered mode)
        self.n_workers = nworkers

    def submit(self, key: Hashable, row: dict) -> None:
        self.buffer.append((key, row))
        if len(self.buffer) >= self.chunk:
            self._send()

    def _send(self) -> None:
        if not self.buffer:
            return
        keys = [k for k, _ in self.buffer]
        rows = [{"id": r.get("id", ""), "text": r.get("text") or "", "published": r.get("published")}
                for _, r in self.buffer]
        self.buffer = []
        future = self.client.submit(self.task, rows, self.model, self.classifier, pure=False)
        self.out.append((keys, future))
        if not self.ordered:
            self.done.add(future)

    def pending(self) -> int:
        return len(self.buffer) + sum(len(keys) for keys, _ in self.out)

    def _collect(self, keys, future) -> list[tuple[Hashable, Outcome]]:
        try:
            outcomes = future.result()
        except Exception as exc:  # the task raised, its worker died (KilledWorker), ...
            outcomes = [_reason(exc)] * len(keys)
        finally:
            future.release()
        return list(zip(keys, outcomes))

    def results(self, wait: bool = False) -> Iterator[tuple[Hashable, Outcome]]:
        """Finished ``(key, outcome)`` pairs; blocks while ``max_in_flight`` chunks are out, and with
        ``wait`` until everything submitted is back."""
        if wait:
            self._send()
        while self.out:
            must_block = wait or len(self.out) >= self.max_in_flight
            if self.ordered:
                keys, future = self.out[0]
                if future.done() or must_block:
                    self.out.popleft()
                    yield from self._collect(keys, future)
                    continue
                return
            if not must_block and not self.done.has_ready():
                return
            ready = set(self.done.next_batch(block=True))
            for keys, future in [x for x in self.out if x[1] in ready]:
                self.out.remove((keys, future))
                yield from self._collect(keys, future)

    def close(self) -> None:
        try:
            if getattr(self, "client", None) is not None:
                self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()

    def __enter__(self) -> "DaskExtractor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def extract_ordered(rows: Iterable[dict], workers: int = 1, scheduler: Optional[str] = None,
                    **options) -> Iterator[Outcome]:
    """Outcomes for ``rows`` in input order, streamed with bounded memory: in this process when
    ``workers`` is 1 and no ``scheduler`` is given, else on Dask workers."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return
    if workers <= 1 and not scheduler:
        extractor = SerialExtractor(batch=32)
    else:
        extractor = DaskExtractor(workers, scheduler, ordered=True, **options)
    try:
        extractor.submit(0, first)
        for n, row in enumerate(iterator, 1):
            extractor.submit(n, row)
            for _, outcome in extractor.results():
                yield outcome
        for _, outcome in extractor.results(wait=True):
            yield outcome
    finally:
        extractor.close()
