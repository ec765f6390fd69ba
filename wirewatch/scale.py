"""Scale-out: run the extraction pipeline on several worker processes with Dask.

spaCy releases little of the GIL, so more cores mean more processes. Dask's distributed scheduler
gives us process workers, partitioned data and ordered results; the same code runs on a
``LocalCluster`` here and on a multi-machine cluster when ``scheduler`` names one. Each worker loads
the pipeline once (module-level cache), so the per-document cost stays that of ``extract_many``.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Optional

_PIPELINE = None


def _worker_pipeline():
    global _PIPELINE
    if _PIPELINE is None:
        from .pipeline import Pipeline
        _PIPELINE = Pipeline()
    return _PIPELINE


def _extract_partition(rows: list[dict]) -> list[dict]:
    pipeline = _worker_pipeline()
    return [result.to_dict() for result in pipeline.extract_many(rows)]


def extract_parallel(rows: Iterable[dict], workers: int = 2, partition_size: int = 64,
                     scheduler: Optional[str] = None) -> Iterator[dict]:
    """Extraction results (``Extraction.to_dict()``) for ``rows``, in input order, computed by Dask.

    ``scheduler``: address of an existing Dask scheduler; by default a LocalCluster of ``workers``
    single-threaded processes is started for the call and shut down after it.
    """
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    rows = list(rows)
    if not rows:
        return iter(())
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        npart = max(1, min(len(rows) // max(1, partition_size) + 1, workers * 8))
        bag = db.from_sequence(rows, npartitions=npart)
        results = bag.map_partitions(_extract_partition).compute()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return iter(results)
