"""``wirewatch serve``: the HTTP API and the offline dashboard (see wirewatch.api, docs/api.md)."""
from __future__ import annotations

import os

import click

from ..store import DEFAULT_DB


@click.command(name="serve")
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="WIREWATCH_DB", help="SQLite database file or postgresql://user@host:port/db URL.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (each with its own read-only connections).")
@click.option("--allow-private", is_flag=True, help="Let POST /api/ingest fetch private/loopback URLs (off: SSRF guard).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Host header name the server answers (repeatable, or comma-separated in "
                   "$WIREWATCH_ALLOWED_HOSTS; '*' = any, '*.example.org' = subdomains). Default: "
                   "localhost, 127.0.0.1, [::1] when --host is a loopback address; required with --host 0.0.0.0.")
@click.option("--header-timeout", default="10s", show_default=True, metavar="DURATION", envvar="WIREWATCH_HEADER_TIMEOUT",
              help="Close a connection (408) whose request line and headers take longer than this ($WIREWATCH_HEADER_TIMEOUT; 0 = no limit).")
@click.option("--body-timeout", default="60s", show_default=True, metavar="DURATION", envvar="WIREWATCH_BODY_TIMEOUT",
              help="Answer 408 to a POST /api/ingest whose body takes longer than this to arrive ($WIREWATCH_BODY_TIMEOUT; 0 = no limit).")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def command(db: str, host: str, port: int, workers: int, allow_private: bool, allowed_hosts: tuple,
            header_timeout: str, body_timeout: str, log_level: str) -> None:
    """Serve the HTTP API and the dashboard at http://HOST:PORT/ .

    Reads are open. POST /api/ingest needs `Authorization: Bearer $WIREWATCH_TOKEN`; without
    WIREWATCH_TOKEN set, the server is read-only (writes get 403). Requests whose Host header is
    not an allowed name get 400 (DNS rebinding).
    """
    import uvicorn
    from ..api import ALLOWED_HOSTS_ENV, BODY_TIMEOUT_ENV, Database, allowed_host_list, default_allowed_hosts
    from ..httpserver import HEADER_TIMEOUT_ENV, Protocol
    from ..db import display, is_postgres
    from ..store import Store
    from ..watch import parse_duration

    try:
        hosts = allowed_host_list(list(allowed_hosts) or [os.environ.get(ALLOWED_HOSTS_ENV, "")])
        timeout, body_seconds = parse_duration(header_timeout), parse_duration(body_timeout)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    hosts = hosts or default_allowed_hosts(host)
    if hosts is None:
        raise click.UsageError(f"--host {host} listens on every interface: name the Host headers to answer with "
                               "--allowed-host NAME (repeatable) or $WIREWATCH_ALLOWED_HOSTS, or --allowed-host '*' "
                               "to answer any (exposes the API to DNS rebinding)")

    Store(db, create=False).close()  # a mistyped --db must not serve a new, empty database

    click.echo(f"wirewatch: preparing {display(db)} (the first start on a big database builds indexes: ~1 min per"
               " million events)", err=True)
    Database(db).prepare()  # migrate + indexes once, before workers start
    os.environ["WIREWATCH_SERVE_DB"] = db if is_postgres(db) else os.path.abspath(db)
    os.environ["WIREWATCH_SERVE_ALLOW_PRIVATE"] = "1" if allow_private else ""
    os.environ["WIREWATCH_SERVE_ALLOWED_HOSTS"] = ",".join(hosts)
    os.environ[HEADER_TIMEOUT_ENV] = repr(timeout)  # read by the protocol in every worker process
    os.environ[BODY_TIMEOUT_ENV] = repr(body_seconds)  # read by create_app in every worker process
    if not os.environ.get("WIREWATCH_TOKEN"):
        click.echo("WIREWATCH_TOKEN is not set: the API is read-only (POST /api/ingest answers 403).", err=True)
    click.echo(f"wirewatch: serving {display(db)} at http://{host}:{port}/ (OpenAPI schema at /openapi.json);"
               f" Host names answered: {', '.join(hosts)}", err=True)
    uvicorn.run("wirewatch.api:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, access_log=False, http=Protocol)
