"""Evaluation suites: each scores wirewatch on one gold format under ../shared/eval or eval/.

A suite is a module exposing ``run(path: str, limit: int | None = None) -> dict`` that returns a
JSON-ready report ``{"suite", "path", "n", "metrics": {...}, "worst": [...]}``. ``wirewatch eval SUITE
PATH`` looks the module up here, prints a table and the JSON. Suites import the pipeline only through
``wirewatch.pipeline`` so they measure exactly what ``extract --jsonl`` produces.
"""
from __future__ import annotations

import importlib

SUITES = {
    "case2021": "wirewatch.evaluation.case2021",
    "plover-gsr": "wirewatch.evaluation.plover_gsr",
    "meantime": "wirewatch.evaluation.meantime",
    "petrarch2": "wirewatch.evaluation.petrarch2",
    "geowebnews": "wirewatch.evaluation.geowebnews",
    "timeml": "wirewatch.evaluation.timeml",
    "clusters": "wirewatch.evaluation.clusters",
    # team-written suites: invented data in the repository's eval/ folder (eval/README.md)
    "conflict-notes": "wirewatch.evaluation.conflict_notes",
    "ua-places": "wirewatch.evaluation.ua_places",
    "local-news": "wirewatch.evaluation.local_news",
    "no-event": "wirewatch.evaluation.no_event",
}


def get_suite(name: str):
    if name not in SUITES:
        raise KeyError(f"unknown suite {name!r}; known: {', '.join(sorted(SUITES))}")
    return importlib.import_module(SUITES[name])
