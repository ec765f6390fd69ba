"""``wirewatch stories``: storylines (groups of articles about one happening) from the store."""
from __future__ import annotations

import json

import click

from ..store import DEFAULT_DB, Store


@click.command(name="stories")
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="WIREWATCH_DB", help="SQLite database file or postgresql://user@host:port/db URL.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many stories.")
@click.option("--offset", type=int, default=0, help="Skip this many stories (most recent first).")
@click.option("--id", "story_id", type=int, default=None, help="Show one story with its articles and events.")
def command(db, fmt, limit, offset, story_id) -> None:
    """List stories, most recently active first (or one story with --id)."""
    from .. import stories
    with Store(db, create=False) as store:
        stories.catch_up(store)  # a database ingested before stories existed gets its stories now
        if story_id is not None:
            one = stories.story(store, story_id)
            if one is None:
                raise click.ClickException(f"no story {story_id}")
            click.echo(json.dumps(one, ensure_ascii=False, indent=1, default=str) if fmt == "json"
                       else format_story(one))
            return
        rows = stories.list_stories(store, limit=limit, offset=offset)
    click.echo(json.dumps(rows, ensure_ascii=False, indent=1) if fmt == "json" else format_table(rows))


def format_table(rows: list[dict]) -> str:
    cols = [("id", 5), ("first_seen", 10), ("last_seen", 10), ("arts", 4), ("evts", 4), ("title", 60),
            ("articles", 40)]
    line = lambda vals: "  ".join(str(v)[:w].ljust(w) for v, (_, w) in zip(vals, cols)).rstrip()
    out = [line([c for c, _ in cols]), line(["-" * w for _, w in cols])]
    for r in rows:
        out.append(line([r["id"], r["first_seen"] or "-", r["last_seen"] or "-", len(r["article_ids"]),
                         r["event_count"], r["title"] or "-", ",".join(r["article_ids"])]))
    out.append(f"{len(rows)} stor{'y' if len(rows) == 1 else 'ies'}")
    return "\n".join(out)


def format_story(s: dict) -> str:
    out = [f"story {s['id']}: {s['title']}  ({s['first_seen']} .. {s['last_seen']})", "articles:"]
    for a in s["articles"]:
        ver = f"  [version of {a['version_of']}]" if a.get("version_of") else ""
        out.append(f"  {a['published'] or '-':10}  {a['id']}  {a['title'] or ''}{ver}")
    out.append("events:")
    for e in s["events"]:
        loc = e.get("location_name") or "-"
        actor = e.get("actor_name") or "-"
        out.append(f"  {e.get('date') or '-':10}  {e['type']:9} {e['modality']:8} {actor} @ {loc}"
                   f"  sources={e['num_sources']} mentions={e['num_mentions']}")
    return "\n".join(out)
