"""``wirewatch watch`` (poll feeds continuously) and ``wirewatch alerts test`` (dry-run alert rules).

The plugin loader in cli.py registers every command listed in ``commands``.
"""
from __future__ import annotations

import click

from ..store import DEFAULT_DB, Store

DB_OPTION = click.option("--db", default=DEFAULT_DB, show_default=True, envvar="WIREWATCH_DB",
                         help="SQLite database file or postgresql://user@host:port/db URL.")


def _duration(ctx, param, value):
    from ..watch import parse_duration
    if value is None:
        return None
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc))


@click.command(name="watch")
@click.argument("feeds_file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--feed", "feed_urls", multiple=True, help="A feed URL to watch (repeatable).")
@click.option("--every", default="15m", show_default=True, callback=_duration,
              help="Poll interval per feed (30s, 15m, 2h ...).")
@DB_OPTION
@click.option("--once", is_flag=True, help="Poll every feed once (except those backing off) and exit: for cron.")
@click.option("--max-cycles", type=click.IntRange(min=1), default=None, help="Stop after N polling cycles.")
@click.option("--allow-private", is_flag=True, help="Allow feeds/webhooks on private or loopback addresses.")
@click.option("--alerts", "rules_file", type=click.Path(exists=True, dir_okay=False),
              help="YAML alert rules evaluated on every new event.")
@click.option("--host-delay", default="2s", show_default=True, callback=_duration,
              help="Minimum pause between two requests to the same host.")
@click.option("--timeout", default="15s", show_default=True, callback=_duration, help="Per-request timeout.")
@click.option("--backoff-base", default=None, callback=_duration,
              help="First backoff after an error (default: the --every interval).")
@click.option("--backoff-max", default="6h", show_default=True, callback=_duration, help="Longest backoff.")
@click.option("--item-pages/--no-item-pages", default=True, show_default=True,
              help="Fetch the linked page of items that carry only a short summary.")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Also append the log to this file.")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging (politeness waits, duplicates).")
@click.option("--status", is_flag=True, help="Print the stored state of every watched feed and exit.")
def command(feeds_file, feed_urls, every, db, once, max_cycles, allow_private, rules_file, host_delay, timeout,
            backoff_base, backoff_max, item_pages, log_file, verbose, status) -> None:
    """Watch RSS/Atom feeds: conditional GETs, per-host politeness, backoff, alerts.

    FEEDS_FILE lists one feed URL per line (# comments). Stops cleanly on SIGINT/SIGTERM (exit 0).
    """
    from .. import watch as w
    from ..alerts import AlertEngine, RuleError, load_rules

    if status:
        with Store(db) as store:
            click.echo(format_status(w.WatchState(store).feeds()))
        return

    urls = list(feed_urls)
    if feeds_file:
        try:
            urls = w.read_feeds_file(feeds_file) + urls
        except ValueError as exc:
            raise click.UsageError(str(exc))
    if not urls:
        raise click.UsageError("give a FEEDS_FILE or at least one --feed URL")
    if every <= 0:
        raise click.BadParameter("must be more than 0", param_hint="--every")
    try:
        rules = load_rules(rules_file) if rules_file else []
    except RuleError as exc:
        raise click.UsageError(str(exc))
    w.setup_logging(log_file, verbose)
    config = w.WatchConfig(every=every, host_delay=host_delay, backoff_base=backoff_base, backoff_max=backoff_max,
                           timeout=timeout, allow_private=allow_private, fetch_item_pages=item_pages)
    with Store(db) as store:
        engine = AlertEngine(store, rules, allow_private=allow_private) if rules else None
        watcher = w.Watcher(store, urls, config, alerts=engine)
        with w.stop_on_signals(watcher):
            totals = watcher.run(once=once, max_cycles=max_cycles)
        counts = store.counts()
    click.echo(f"watched {len(set(urls))} feed(s) for {totals.cycles} cycle(s): {totals.polls} poll(s), "
               f"{totals.new} new article(s), {totals.duplicates} duplicate(s), {totals.versions} version(s), "
               f"{totals.not_modified} not modified, "
               f"{totals.failed_polls} failed poll(s), {totals.failed_items} failed item(s), "
               f"{totals.alerts} alert(s). Database {db}: {counts['articles']} articles, {counts['events']} events.",
               err=True)


def format_status(feeds: list[dict]) -> str:
    """One line per feed: last status, failures, when it is polled next, totals, last error."""
    import time as _time
    when = lambda t: _time.strftime("%Y-%m-%d %H:%M:%S", _time.gmtime(t)) if t else "-"
    lines = [f"{'status':6}  {'fails':>5}  {'next poll (UTC)':19}  {'new':>5}  {'dup':>5}  {'polls':>5}  feed"]
    for f in feeds:
        line = (f"{f['last_status'] or '-':6}  {f['consecutive_failures']:>5}  {when(f['next_attempt_at']):19}  "
                f"{f['items_new']:>5}  {f['items_duplicate']:>5}  {f['polls']:>5}  {f['url']}")
        if f["last_error"]:
            line += f"  ({f['last_error']})"
        lines.append(line)
    lines.append(f"{len(feeds)} feed(s)")
    return "\n".join(lines)


@click.group(name="alerts")
def alerts_command() -> None:
    """Alert rules (YAML) evaluated by `wirewatch watch --alerts`."""


@alerts_command.command(name="test")
@click.argument("rules_file", type=click.Path(exists=True, dir_okay=False))
@DB_OPTION
@click.option("--show", type=int, default=5, show_default=True, help="Matching events listed per rule.")
def alerts_test(rules_file, db, show) -> None:
    """Dry-run RULES_FILE over the stored events: what would fire, nothing is sent or recorded."""
    from ..alerts import AlertEngine, RuleError, event_rows, load_rules, summary

    try:
        rules = load_rules(rules_file)
    except RuleError as exc:
        raise click.UsageError(str(exc))
    with Store(db) as store:
        events = event_rows(store.conn)
        engine = AlertEngine(store, rules)
        matches = engine.dry_run(events)
        fired = {(rule.name, ev["pk"]) for rule, ev in matches if engine.already_fired(rule, ev)}
    for rule in rules:
        hits = [ev for r, ev in matches if r is rule]
        already = sum((rule.name, ev["pk"]) in fired for ev in hits)
        click.echo(f"{rule.name}: {len(hits)} of {len(events)} event(s) match ({already} already alerted) "
                   f"-> {', '.join(f'{t} {getattr(rule, t)}' if t != 'log' else 'log only' for t in rule.targets)}")
        for ev in hits[:show]:
            click.echo(f"  [{ev['pk']}] {summary(ev)} | {ev['article_id']} | {ev['evidence'][:120]}")


commands = [command, alerts_command]

