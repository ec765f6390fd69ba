"""Build a CASE 2021-format suite (``dev.tsv`` + ``event_types.txt``, the task-2 format read by
``wirewatch.evaluation.case2021``) from a hand-written ``snippets.txt``: ``case-b`` by default, any other
batch (``case-c``) with ``--src`` / ``--out``; one builder serves every batch.

Why a source file and a builder: one line per record is easy to write and review, and the builder
checks what a hand-typed TSV would get wrong silently: a label that is neither a CASE 2021 code of an
ACLED sub-event type nor one of the scorer's non-ACLED labels, a duplicate id, an empty snippet, a tab
or a ``|`` inside a snippet (which would shift the TSV's columns or the source's fields).

Line format (``#`` starts a comment line; fields are separated by `` | ``)::

    id | CODE | snippet

* ``CODE``: a CASE 2021 code (``ARMED_CLASH``, ``REM_EXPLOS``, ... : ``case2021.ACLED_TO_CASE``) or a
  non-ACLED label (``NON_ACLED``: natural / man-made disaster, diplomacy, organised crime, attributions).

Output: ``dev.tsv`` (header ``id EventSnippet SubType``, tab-separated, CRLF line ends, as the
CASE 2021 release) and ``event_types.txt`` (the ACLED codes only, one a line, CRLF): the scorer
treats every label missing from ``event_types.txt`` as a text that must not be coded as conflict.

    .venv/bin/python eval/case-b/make_case_b.py            # writes dev.tsv and event_types.txt beside it
    .venv/bin/python eval/case-b/make_case_b.py --src eval/case-c/snippets.txt --out eval/case-c
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from wirewatch.evaluation import metrics
from wirewatch.evaluation.case2021 import ACLED_TO_CASE

HERE = Path(__file__).resolve().parent

ACLED_CODES = sorted(ACLED_TO_CASE.values())          # the 24 sub-types + OTHER
NON_ACLED = ["NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ORG_CRIME", "ATTRIB"]
HEADER = ("id", "EventSnippet", "SubType")


class FormatError(ValueError):
    """A line of the source file that does not follow the format or the label tables."""


def parse_line(line: str, where: str = "line") -> tuple[str, str, str]:
    """``(id, snippet, code)`` of one source line (``FormatError`` when the line breaks the format)."""
    parts = [p.strip() for p in line.split(" | ")]
    if len(parts) != 3:
        raise FormatError(f"{where}: {len(parts)} fields, expected 3 (id | CODE | snippet; no '|' in a snippet)")
    rid, code, text = parts
    if not rid or any(c.isspace() for c in rid):
        raise FormatError(f"{where}: id {rid!r} is empty or contains spaces")
    if code not in ACLED_CODES and code not in NON_ACLED:
        raise FormatError(f"{where}: {code!r} is neither a CASE 2021 code nor a non-ACLED label")
    if not text:
        raise FormatError(f"{where}: empty snippet")
    if "\t" in text:
        raise FormatError(f"{where}: tab in the snippet")
    return rid, text, code


def build(lines) -> list[tuple[str, str, str]]:
    """Rows ``(id, snippet, code)`` of the source lines, in order; ids must be unique."""
    return metrics.parse_source(lines, parse_line, lambda row: row[0], FormatError)


def render(rows) -> tuple[str, str]:
    """The text of ``dev.tsv`` and of ``event_types.txt`` for the rows."""
    tsv = "".join("\t".join(r) + "\r\n" for r in [HEADER, *rows])
    return tsv, "".join(code + "\r\n" for code in ACLED_CODES)


def main(src: Path = HERE / "snippets.txt", out_dir: Path = HERE) -> int:
    rows = build(Path(src).read_text(encoding="utf-8").splitlines())
    tsv, types = render(rows)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # newline="" keeps the CRLF exactly as rendered
    with open(out_dir / "dev.tsv", "w", encoding="utf-8", newline="") as fh:
        fh.write(tsv)
    with open(out_dir / "event_types.txt", "w", encoding="utf-8", newline="") as fh:
        fh.write(types)
    counts = Counter(code for _, _, code in rows)
    print(f"{len(rows)} snippets -> {out_dir / 'dev.tsv'}")
    print(" ".join(f"{c}={counts[c]}" for c in [*ACLED_CODES, *NON_ACLED] if counts[c]))
    return 0


def cli(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Build dev.tsv + event_types.txt from a snippets source file.")
    ap.add_argument("--src", type=Path, default=HERE / "snippets.txt", help="source file (default: case-b's)")
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: the source's folder)")
    a = ap.parse_args(argv)
    return main(a.src, a.out if a.out is not None else a.src.resolve().parent)


if __name__ == "__main__":
    sys.exit(cli())
