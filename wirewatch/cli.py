"""The ``wirewatch`` command line: ingest, extract, modality, events, export, eval."""
from __future__ import annotations

import contextlib
import json
import re
import sys
import time
from datetime import date
from pathlib import Path
from typing import Callable, Optional

import click

from .db import first_line, operational_errors as db_operational_errors
from .store import DEFAULT_DB, Store, StoreError

DB_OPTION = click.option("--db", default=DEFAULT_DB, show_default=True, envvar="WIREWATCH_DB",
                         help="SQLite database file or postgresql://user@host:port/db URL.")


WORKERS_OPTION = click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True,
                              help="Extraction on N local Dask worker processes; 1 = in this process.")
SCHEDULER_OPTION = click.option("--scheduler", metavar="ADDR",
                                help="Extraction on the workers of a running Dask scheduler (tcp://host:8786).")


def _date(ctx, param, value) -> Optional[date]:
    if value is None:
        return None
    from .sources import PUBLISHED_MAX, PUBLISHED_MIN, in_range
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)")
    if not in_range(day):
        raise click.BadParameter(f"{value} is out of range ({PUBLISHED_MIN} .. {PUBLISHED_MAX})")
    return day


def _window_day(ctx, param, value) -> Optional[str]:
    """``--since`` / ``--until``: a day or a period (``records.window_day``, shared with the API):
    ``--since`` takes the period's first day, ``--until`` its last."""
    if value is None:
        return None
    from .records import window_day
    try:
        return window_day(value, end=param.name == "until").isoformat()
    except ValueError as exc:
        raise click.BadParameter(str(exc))


class Commands(click.Group):
    """Faults of the environment (unwritable or read-only database, missing --db for a read command)
    end the command with one ``Error:`` line and exit status 1, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
        except db_operational_errors() as exc:  # read-only file, disk full, locked too long, server gone
            raise click.ClickException(f"database error: {first_line(exc)}") from None


@click.group(cls=Commands)
@click.version_option(package_name="wirewatch")
def main() -> None:
    """wirewatch: geopolitical and conflict news -> structured, evidence-linked event data."""


@contextlib.contextmanager
def _extractor(workers: int, scheduler: Optional[str]):
    """None (extraction in this process) or Dask workers, shut down afterwards; a clear error when the
    scheduler cannot be reached."""
    if workers <= 1 and not scheduler:
        yield None
        return
    from .scale import DaskExtractor
    try:
        extractor = DaskExtractor(workers, scheduler)
    except (OSError, TimeoutError) as exc:
        raise click.ClickException(f"cannot start Dask workers{f' on {scheduler}' if scheduler else ''}: {exc}")
    with extractor:
        yield extractor


# -- ingest -------------------------------------------------------------------------------------
@main.command()
@click.argument("sources", nargs=-1, required=True)
@DB_OPTION
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) where a source has none.")
@click.option("--allow-private", is_flag=True, help="Allow URLs on private/loopback addresses (off: SSRF guard).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option("--quiet", is_flag=True, help="Only the summary line.")
@WORKERS_OPTION
@SCHEDULER_OPTION
def ingest(sources, db, published, allow_private, progress, quiet, workers, scheduler) -> None:
    """Read SOURCES (files, directories, feed or page URLs, JSONL) and store new articles with their events.

    Exit status 0 when every source was read, 1 when any failed (each failure is listed with its reason).
    """
    from tqdm import tqdm
    from .ingest import ingest as run_ingest

    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(unit="item", disable=not show, file=sys.stderr)
    started = time.perf_counter()
    with Store(db) as store, _extractor(workers, scheduler) as extractor:
        report = run_ingest(sources, store, published=published, allow_private=allow_private,
                            on_item=lambda item: bar.update(1), extractor=extractor)
        bar.close()
        elapsed = time.perf_counter() - started
        if not quiet:
            for f in report.failures:
                click.echo(f"FAILED {f.source}: {f.reason}", err=True)
            for new_id, old_id in report.duplicates:
                click.echo(f"duplicate {new_id}: already stored as {old_id}", err=True)
            for old_id, published, dated in report.redated:
                click.echo(f"duplicate of {old_id} gave it its publication date {published}"
                           f" ({dated} undated event(s) dated with it)", err=True)
            for new_id, old_id in report.updates:
                click.echo(f"update {new_id}: other content at the URL of {old_id}, stored as its new version", err=True)
        counts = store.counts()
    nothing = " (nothing new: all already stored)" if not report.added and report.duplicates else ""
    updates = (f", {len(report.updates)} of them update(s) at a stored URL, analysed" if report.updates else "")
    versions = f" ({len(report.versions)} stored as versions of an earlier article{updates})" if report.versions else ""
    resumed = f"; finished {report.caught_up} article(s) of an interrupted run" if report.caught_up else ""
    click.echo(f"ingested {len(report.added)} new article(s){versions} with {report.events} event(s); "
               f"{len(report.duplicates)} duplicate(s) skipped; {len(report.failures)} failure(s){nothing}{resumed} "
               f"in {elapsed:.1f}s. Database {db}: {counts['articles']} articles, {counts['events']} events.")
    sys.exit(1 if report.failures else 0)


# -- extract / modality -----------------------------------------------------------------------------
def _jsonl_entries(stream, check: Callable[[dict], None]) -> list[dict]:
    """``--jsonl`` input of ``extract`` and ``modality``: one entry per non-blank line, in order.

    A line is read as ``ingest`` reads JSONL (``sources.load_json``: UTF-8, nesting depth guarded).
    ``check(row)`` raises ``Refused`` for a row this command cannot answer; such a line, like one that
    is not a JSON object, becomes ``{"id", "error"}`` so every other line is still answered.
    """
    from .records import scrub_json
    from .sources import Refused, load_json, one_line, row_id
    rows = []
    for n, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        row = None
        try:
            row = load_json(raw, "JSON lines")
            if not isinstance(row, dict):
                raise Refused("not a JSON object")
            text = row.get("text")
            if text is not None and not isinstance(text, str):
                raise Refused("'text' is not a string")
            row_id(row)  # a list or object id is refused, as ingest refuses it
            check(row)
        except Refused as exc:
            rid = row.get("id") if isinstance(row, dict) else None
            rows.append({"id": scrub_json(rid),
                         "error": one_line(f"line {n}: {exc}")})
            continue
        rows.append(scrub_json(row))  # lone surrogates cannot be written out as UTF-8
    return rows


def _extract_rows(stream) -> list[dict]:
    """``extract --jsonl`` input: a missing ``text`` is an empty document (answered); an ``"id": null`` is no
    id, as a missing one (its output id is "", not the Python text "None"; review4)."""
    def check(row: dict) -> None:
        if "id" in row and row["id"] is None:
            del row["id"]
    return _jsonl_entries(stream, check)


def _predicate_span(row: dict) -> tuple[int, int]:
    """The ``[start, end)`` character span of a ``modality --jsonl`` row, or ``Refused``."""
    from .sources import Refused
    try:
        start, end = int(row["start"]), int(row["end"])
    except (KeyError, TypeError, ValueError, OverflowError):
        raise Refused("needs integer 'start' and 'end'") from None
    if not 0 <= start <= end <= len(row.get("text") or ""):
        raise Refused(f"span {start}..{end} is not inside the text")
    return start, end


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--published", callback=_date, help="Publication date used to resolve relative dates.")
@click.option("--jsonl", is_flag=True, help='Read lines {"id","text","published"?}; write one line per input.')
@click.option("--id", "doc_id", default="doc", help="Id for a single document.")
@WORKERS_OPTION
@SCHEDULER_OPTION
def extract(file, published, jsonl, doc_id, workers, scheduler) -> None:
    """Extract events, actors, places and times from FILE (or - for stdin) without storing.

    FILE is decoded as `ingest` decodes files (UTF-8, UTF-16 with BOM, legacy code pages; binary
    refused). With --jsonl, a bad line gets `{"id", "error"}` in its place, the other lines are
    answered, and the exit status is 1.
    """
    from .pipeline import Pipeline
    if not jsonl:
        from .sources import Refused, decode_document
        try:
            text = decode_document(file.read())
            if not text.strip():  # as ingest refuses it (sources.read_bytes), not an empty answer
                raise Refused("empty document")
        except Refused as exc:
            raise click.ClickException(f"{getattr(file, 'name', '-')}: {exc}") from None
        result = Pipeline().extract(text, published=published, id=doc_id)
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return
    entries = _extract_rows(file)
    rows = [e for e in entries if "error" not in e]
    from .pipeline import parse_date
    for row in rows:
        if published and not row.get("published"):
            row["published"] = published.isoformat()
        try:
            parse_date(row.get("published"))
        except (TypeError, ValueError):
            row["published"] = None  # an unreadable date is treated as absent, not fatal
    from .records import Extraction
    from .scale import extract_ordered
    outcomes = extract_ordered(rows, workers=workers, scheduler=scheduler)
    failed = refused = 0
    for entry in entries:
        if "error" in entry:
            refused += 1
            click.echo(json.dumps(entry, ensure_ascii=False))
            continue
        outcome = next(outcomes)
        if isinstance(outcome, str):  # still one line per input; the reason goes to stderr, exit status 1
            failed += 1
            click.echo(f"FAILED {entry.get('id', '')}: {outcome}", err=True)
            outcome = Extraction(id=str(entry.get("id", "")))
        click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False))
    if refused:
        click.echo(f"extract: {refused} line(s) refused (an error line in their place)", err=True)
    if failed or refused:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--jsonl", is_flag=True, required=True, help='Read {"id","text","start","end"}; write {"id","modality"}.')
def modality(file, jsonl) -> None:
    """Classify the modality of a predicate span: occurred | planned | possible | negated.

    Lines are read as `extract --jsonl` reads them: a bad line (not JSON, no integer `start`/`end`,
    a span outside the text) gets `{"id", "error"}` in its place, the others are answered, and the
    exit status is 1.
    """
    from . import modality as modality_stage
    from .pipeline import Pipeline
    entries = _jsonl_entries(file, _predicate_span)
    rows = [e for e in entries if "error" not in e]
    docs = iter(Pipeline().nlp.pipe((r.get("text") or "" for r in rows), batch_size=32))
    refused = 0
    for entry in entries:
        if "error" in entry:
            refused += 1
            click.echo(json.dumps(entry))
            continue
        start, end = _predicate_span(entry)
        label = modality_stage.classify_span(next(docs), start, end)
        click.echo(json.dumps({"id": entry.get("id"), "modality": label}))
    if refused:
        click.echo(f"modality: {refused} line(s) refused (an error line in their place)", err=True)
        sys.exit(1)


# -- events / export -----------------------------------------------------------------------------
def _filters(f):
    for opt in reversed([
        click.option("--type", "type_", help="PLOVER type, e.g. ASSAULT."),
        click.option("--actor", help="Substring of actor or recipient name."),
        click.option("--country", help="ISO3 code of actor, recipient or location."),
        click.option("--since", callback=_window_day, metavar="DAY",
                     help="Events whose period ends on or after DAY (YYYY-MM-DD; a period such as 2024-Q3"
                          " stands for its first day): a month, quarter or year overlapping the window is kept."),
        click.option("--until", callback=_window_day, metavar="DAY",
                     help="Events whose period starts on or before DAY (YYYY-MM-DD; a period such as"
                          " 2024-Q3 stands for its last day). Undated events match neither option."),
        click.option("--modality", type=click.Choice(["occurred", "planned", "possible", "negated"])),
        click.option("--limit", type=int, default=None, help="At most this many events."),
    ]):
        f = opt(f)
    return f


MERGED_OPTION = click.option("--merged/--mentions", default=True, show_default=True,
                             help="One record per real-world event with its sources, or every mention.")


def _query(store: Store, merged: bool, **filters) -> list[dict]:
    """Merged events (stories stage) or raw mentions, with the same filters. A window whose
    ``--since`` is after its ``--until`` is a usage error (exit 2), as the API's 422."""
    since, until = filters.get("since"), filters.get("until")
    if since and until and since > until:  # ISO days: their order is the days' order
        raise click.UsageError(f"--since ({since}) is after --until ({until}): the window is empty")
    if merged:
        from . import stories
        return stories.merged_events(store, **filters)
    return store.events(**filters)


@main.command()
@DB_OPTION
@_filters
@MERGED_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def events(db, type_, actor, country, since, until, modality, limit, merged, fmt) -> None:
    """List stored events (merged across articles by default)."""
    from . import export as ex
    with Store(db, create=False) as store:
        rows = _query(store, merged, type=type_, actor=actor, country=country, since=since, until=until,
                      modality=modality, limit=limit)
        if fmt == "json":
            click.echo(ex.to_json(rows))
        elif fmt == "csv":
            click.echo(ex.to_csv(ex.flat(rows), ex.FLAT_COLUMNS), nl=False)
        else:
            click.echo(format_table(rows))


def format_table(rows: list[dict]) -> str:
    """A compact fixed-width table of events for the terminal."""
    cols = [("date", 10), ("type", 9), ("modality", 8), ("actor", 24), ("recipient", 22), ("location", 16),
            ("acled", 22), ("trigger", 12)]
    if rows and "num_sources" in rows[0]:
        cols.append(("sources", 7))
    def cell(r, name):
        if name == "actor":
            v = r.get("actor_name") and f"{r['actor_name']} ({r.get('actor_country') or '?'})"
        elif name == "recipient":
            v = r.get("recipient_name") and f"{r['recipient_name']} ({r.get('recipient_country') or '?'})"
        elif name == "location":
            v = r.get("location_name")
        elif name == "acled":
            v = r.get("acled_sub_event_type")
        elif name == "trigger":
            v = r.get("trigger_text")
        elif name == "sources":
            v = r.get("num_sources")
        else:
            v = r.get(name)
        return str(v or "-")
    line = lambda vals: "  ".join(v[:w].ljust(w) for v, (_, w) in zip(vals, cols)).rstrip()
    out = [line([c for c, _ in cols]), line(["-" * w for _, w in cols])]
    out += [line([cell(r, c) for c, _ in cols]) for r in rows]
    out.append(f"{len(rows)} event(s)")
    return "\n".join(out)


@main.command()
@DB_OPTION
@_filters
@MERGED_OPTION
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "parquet", "acled", "gdelt"]), default="csv",
              show_default=True, help="csv = all flat fields; acled / gdelt = those layouts (CSV).")
@click.option("--out", "-o", type=click.Path(dir_okay=False), help="Output file (required for parquet).")
def export(db, type_, actor, country, since, until, modality, limit, merged, fmt, out) -> None:
    """Export stored events as CSV, JSON, Parquet, ACLED-like or GDELT-like CSV (merged by default)."""
    from . import export as ex
    with Store(db, create=False) as store:
        rows = _query(store, merged, type=type_, actor=actor, country=country, since=since, until=until,
                      modality=modality, limit=limit)
        if fmt == "parquet":
            if not out:
                raise click.UsageError("--out is required for parquet")
            ex.to_parquet(ex.flat(rows), out)
            click.echo(f"wrote {len(rows)} events to {out}", err=True)
            return
        if fmt == "json":
            text = ex.to_json(rows)
        elif fmt == "acled":
            text = ex.to_csv(ex.acled_rows(rows, store.evidence_sentence), ex.ACLED_COLUMNS)
        elif fmt == "gdelt":
            text = ex.to_csv(ex.gdelt_rows(rows), ex.GDELT_COLUMNS)
        else:
            text = ex.to_csv(ex.flat(rows), ex.FLAT_COLUMNS)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(rows)} events to {out}", err=True)
    else:
        click.echo(text, nl=False)


@main.command()
@DB_OPTION
@click.option("--limit", type=int, default=50)
def failures(db, limit) -> None:
    """Sources that could not be read, newest first, with their reasons."""
    with Store(db, create=False) as store:
        rows, total = store.failures(limit), store.counts()["failures"]
    for f in rows:
        click.echo(f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(f['at']))}  {f['source']}: {f['reason']}")
    more = f" (the newest; --limit {total} shows all)" if total > len(rows) else ""
    click.echo(f"{len(rows)} of {total} failure(s) shown{more}")


# -- eval -------------------------------------------------------------------------------------------
@main.command(name="eval")
@click.argument("suite")
@click.argument("path", type=click.Path(exists=True))
@click.option("--limit", type=int, default=None, help="Score only the first N records.")
@click.option("--half", type=click.IntRange(1, 2), default=None, help="Score one deterministic half.")
@click.option("--json-out", type=click.Path(dir_okay=False), help="Also write the full JSON report here.")
@click.option("--show-records", is_flag=True,
              help="Also print worst examples and confusion pairs when not scoring --half 1 (not for development: "
                   "half 2 is the lockbox).")
def eval_(suite, path, limit, half, json_out, show_records) -> None:
    """Score wirewatch on a gold SUITE at PATH.

    Suites over others' gold (../shared/eval): case2021, plover-gsr, meantime, petrarch2, geowebnews,
    timeml (TBAQ or MEANTIME TimeML), clusters. Team-written suites (eval/ in this repository):
    conflict-notes, ua-places, local-news, no-event.

    Worst examples and confusion pairs are printed for ``--half 1`` (the working half) only: half 2 is
    the lockbox, read by its figures alone (docs/accuracy.md).
    """
    import inspect
    from .evaluation import get_suite
    try:
        module = get_suite(suite)
    except KeyError as exc:
        raise click.UsageError(str(exc))
    kwargs = {"limit": limit}
    if half is not None and "half" in inspect.signature(module.run).parameters:
        kwargs["half"] = half
    started = time.perf_counter()
    report = module.run(path, **kwargs)
    report.setdefault("seconds", round(time.perf_counter() - started, 1))
    from .evaluation.report import hide_records
    report = hide_records(report, half, show_records)
    try:
        from .evaluation.report import format_table as fmt_report
        click.echo(fmt_report(report))
    except ImportError:
        click.echo(json.dumps(report.get("metrics", {}), indent=1))
    click.echo(json.dumps(report, ensure_ascii=False, default=str))
    if json_out:
        Path(json_out).write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def _register_plugins() -> None:
    """Commands of later stages live in ``wirewatch/commands/<name>.py``: a click command ``command``, or
    a list ``commands`` when a module adds several."""
    import importlib
    import pkgutil
    from . import commands
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        for cmd in getattr(module, "commands", None) or [module.command]:
            main.add_command(cmd)


_register_plugins()

if __name__ == "__main__":
    main()
