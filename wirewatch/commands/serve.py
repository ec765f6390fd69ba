"""``wirewatch serve``: the HTTP API and the offline dashboard (see wirewatch.api, docs/api.md)."""
from __future__ import annotations

import os

import click

from ..store import DEFAULT_DB


@click.command(name="serve")
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="WIREWATCH_DB", help="SQLite database file.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (each with its own read-only connections).")
@click.option("--allow-private", is_flag=True, help="Let POST /api/ingest fetch private/loopback URLs (off: SSRF guard).")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def command(db: str, host: str, port: int, workers: int, allow_private: bool, log_level: str) -> None:
    """Serve the HTTP API and the dashboard at http://HOST:PORT/ .

    Reads are open. POST /api/ingest needs `Authorization: Bearer $WIREWATCH_TOKEN`; without
    WIREWATCH_TOKEN set, the server is read-only (writes get 403).
    """
    import uvicorn
    from ..api import Database
    from ..store import Store

    Store(db, create=False).close()  # a mistyped --db must not serve a new, empty database

    click.echo(f"wirewatch: preparing {db} (the first start on a big database builds indexes: ~1 min per"
               " million events)", err=True)
    Database(db).prepare()  # migrate + indexes once, before workers start
    os.environ["WIREWATCH_SERVE_DB"] = os.path.abspath(db)
    os.environ["WIREWATCH_SERVE_ALLOW_PRIVATE"] = "1" if allow_private else ""
    if not os.environ.get("WIREWATCH_TOKEN"):
        click.echo("WIREWATCH_TOKEN is not set: the API is read-only (POST /api/ingest answers 403).", err=True)
    click.echo(f"wirewatch: serving {db} at http://{host}:{port}/ (OpenAPI schema at /openapi.json)", err=True)
    uvicorn.run("wirewatch.api:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, access_log=False)
