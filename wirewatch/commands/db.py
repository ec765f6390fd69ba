"""``wirewatch db``: store maintenance (``db copy SRC DST`` between SQLite and PostgreSQL)."""
from __future__ import annotations

import sys

import click


@click.group(name="db")
def command() -> None:
    """Store maintenance: copy a store between SQLite files and PostgreSQL URLs."""


@command.command(name="copy")
@click.argument("src")
@click.argument("dst")
def copy_command(src: str, dst: str) -> None:
    """Copy the store SRC into the new, empty store DST (each a SQLite path or a postgresql:// URL).

    Prints the rows of every table on both sides and the checksum of events; exit status 1 when
    anything differs.
    """
    from ..db import db_errors, display
    from ..dbcopy import CopyError, copy
    try:
        report = copy(src, dst)
    except CopyError as exc:
        raise click.ClickException(str(exc))
    except db_errors() as exc:
        raise click.ClickException(f"could not copy {display(src)} -> {display(dst)}: {exc}".splitlines()[0])
    click.echo(f"{'table':<22} {'source':>10} {'copy':>10}")
    for table, (a, b) in report.tables.items():
        click.echo(f"{table:<22} {a:>10} {b:>10}{'' if a == b else '  DIFFERS'}")
    for table, (a, b) in report.checksums.items():
        if a != b:
            click.echo(f"checksum of {table} differs: {a[:16]} vs {b[:16]}")
    ev = report.checksums.get("events", ("", ""))
    click.echo(f"events checksum: source {ev[0][:16]}  copy {ev[1][:16]}  "
               f"{'same' if ev[0] == ev[1] else 'DIFFERENT'}")
    click.echo(f"{'OK' if report.ok else 'FAILED'}: {display(src)} -> {display(dst)}, every table compared by"
               " row count and checksum")
    if not report.ok:
        sys.exit(1)
