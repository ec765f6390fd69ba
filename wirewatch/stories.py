"""Stories: one record per real-world happening, however many outlets report it.

Three layers, all incremental (each stored article is processed once, in its own transaction, and
only compared with a few candidates found through indexes — never a full recomputation):

1. **Versions** (``wirewatch.dedup``): a near-duplicate of a stored article (syndicated copy, update)
   is stored as a *version* of its canonical article (table ``article_versions``). Ingest skips its
   analysis, so it adds no event mentions; it joins the canonical's story. An article at the URL of a
   stored one with other content is an *update*: also a version, but analysed, and its mentions merge
   with the earlier versions' (a revised toll becomes the reconciled figure, the old one stays a claim).
2. **Merged events** (``merged_events`` + ``event_mentions``): each stored event mention is matched
   against canonical events of the same type family, sharing a country key and an overlapping date
   window (index ``merged_keys``), scored on actors, place distance (by precision), date and evidence
   words; it joins the best one or founds a new one. Fields are reconciled from the mentions: most
   precise place and date, modality of the most direct report, every fatality claim with its source.
3. **Stories** (``stories`` + ``story_articles``): an article joins the story of its most similar
   recent article (TF-IDF cosine of keywords within a time window, penalised by the time gap, plus a
   bonus for shared merged events), else founds a new story. Title = title of the most central article.

``process_article`` is the single entry point used by ingest; ``catch_up`` processes stored articles
that were never processed (a crash between storing and processing, or a database older than this
module), which makes a re-run of an interrupted ingest complete and idempotent.
"""
from __future__ import annotations

import functools
import json
import math
import re
import time
from collections import Counter, defaultdict
from datetime import date
from typing import TYPE_CHECKING, Iterable, Optional

from .db import Connection
from .records import period_bounds

if TYPE_CHECKING:  # imported lazily: the store imports this module for MIGRATIONS on every open
    from . import dedup

# Versions 100-199 belong to this module (see wirewatch.store.MIGRATION_MODULES).
MIGRATIONS: list[tuple[int, str]] = [
    (100, """
    CREATE TABLE article_signatures (
        article_pk INTEGER PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
        minhash BLOB NOT NULL,             -- datasketch MinHash hash values (128)
        n_shingles INTEGER NOT NULL
    );
    CREATE TABLE article_lsh (
        band INTEGER NOT NULL, key INTEGER NOT NULL,
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE
    );
    CREATE INDEX article_lsh_key ON article_lsh(band, key);
    CREATE INDEX article_lsh_article ON article_lsh(article_pk);
    CREATE TABLE article_versions (
        article_pk INTEGER PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
        canonical_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        jaccard REAL NOT NULL, containment REAL NOT NULL
    );
    CREATE INDEX article_versions_canonical ON article_versions(canonical_pk);
    CREATE TABLE merged_events (
        pk INTEGER PRIMARY KEY,
        type TEXT NOT NULL, family TEXT NOT NULL,
        date TEXT, date_precision TEXT, lo INTEGER, hi INTEGER,   -- lo/hi: day ordinals of the date
        modality TEXT,
        actor_name TEXT, actor_country TEXT, recipient_name TEXT, recipient_country TEXT,
        location_country TEXT,
        rep_event_pk INTEGER,               -- the mention whose row the merged event is shown as
        num_mentions INTEGER NOT NULL DEFAULT 0, num_sources INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT, last_seen TEXT,
        evidence TEXT NOT NULL DEFAULT '',  -- content words of the mentions' sentences
        data TEXT NOT NULL DEFAULT '{}'     -- reconciled fields and claims (JSON)
    );
    CREATE INDEX merged_events_date ON merged_events(date);
    CREATE INDEX merged_events_type ON merged_events(type);
    CREATE TABLE merged_keys (
        merged_pk INTEGER NOT NULL REFERENCES merged_events(pk) ON DELETE CASCADE,
        family TEXT NOT NULL,
        country TEXT NOT NULL,              -- key: ISO3 country of place/actor/recipient, or 'n:<name>'
        lo INTEGER NOT NULL, hi INTEGER NOT NULL
    );
    CREATE INDEX merged_keys_lookup ON merged_keys(family, country, hi);
    CREATE INDEX merged_keys_merged ON merged_keys(merged_pk);
    CREATE TABLE event_mentions (
        event_pk INTEGER PRIMARY KEY REFERENCES events(pk) ON DELETE CASCADE,
        merged_pk INTEGER NOT NULL REFERENCES merged_events(pk) ON DELETE CASCADE,
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        score REAL
    );
    CREATE INDEX event_mentions_merged ON event_mentions(merged_pk);
    CREATE INDEX event_mentions_article ON event_mentions(article_pk);
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT, title_article_pk INTEGER,
        first_seen TEXT, last_seen TEXT,
        num_articles INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    CREATE INDEX stories_last_seen ON stories(last_seen);
    CREATE TABLE story_articles (
        article_pk INTEGER PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        day INTEGER NOT NULL,               -- day ordinal of publication (or ingestion)
        similarity REAL,                    -- to the article it joined through (NULL: founded the story)
        centrality REAL NOT NULL DEFAULT 0, -- sum of similarities with later members (title choice)
        is_version INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE article_terms (
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        term TEXT NOT NULL, weight REAL NOT NULL, day INTEGER NOT NULL,
        PRIMARY KEY (article_pk, term)
    ) WITHOUT ROWID;
    CREATE INDEX article_terms_term ON article_terms(term, day);
    CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE story_stats (key TEXT PRIMARY KEY, value REAL NOT NULL)
    """),
    # The merged event's stated date as its first and last day (ISO, NULL when undated), as events
    # have them (store migration 2): the date filters and order of merged events compare days.
    # (``lo``/``hi`` are not that: an undated event's window there is built from publication days.)
    # (Since session 8 the columns only: ``store.backfill`` fills the rows after the migration commits.)
    (101, lambda conn: _add_date_bounds(conn, "merged_events")),
    # Undated merged events first in date order on both engines (store migration 4).
    (102, lambda conn: _null_order_index(conn, "merged_events")),
    # Merged events an older release's writer stored or re-dated (its SQL names no bounds): a partial
    # index of the rows without bounds, filled on every open and write as events are (store migration
    # 3), and a trigger that clears the bounds an UPDATE of ``date`` left as they were, so such a row
    # joins that index instead of keeping the previous date's bounds.
    (103, lambda conn: _repair_old_writers(conn, "merged_events")),
    # The trigger of 103 no longer clears a current writer's bounds when it moves a merged event between
    # two values that name no period (PRESENT_REF -> PAST_REF: both (None, None, NO_PERIOD); review2 item 4).
    (104, lambda conn: _stale_bounds_trigger(conn, "merged_events")),
    # The MinHash of each article's lede (``dedup.lede``): a near-duplicate must share its lede (session
    # 9, review3 finding 2). NULL for articles signed before: the lede test is skipped with them.
    (105, """
    ALTER TABLE article_signatures ADD COLUMN lede_minhash BLOB;
    ALTER TABLE article_signatures ADD COLUMN lede_shingles INTEGER
    """),
]


def _add_date_bounds(conn, table: str) -> int:
    from .store import add_date_bounds
    return add_date_bounds(conn, table, fill=False)


def _null_order_index(conn, table: str) -> None:
    from .store import null_order_index
    null_order_index(conn, table)


def _repair_old_writers(conn, table: str) -> None:
    from .store import add_unfilled_index, date_columns
    # rows an older writer already re-dated keep the previous date's bounds: clear the bounds of every
    # date value stored with bounds that are not its own (the distinct combinations: thousands, not the
    # rows), so the index built next holds them and the backfill after the migration refills them
    combos = conn.execute(f"SELECT DISTINCT date, date_first, date_last, date_days FROM {table}"
                          " WHERE date IS NOT NULL AND date_days IS NOT NULL").fetchall()
    stale = sorted({r[0] for r in combos if tuple(r[1:]) != date_columns(r[0])})
    conn.executemany(f"UPDATE {table} SET date_first = NULL, date_last = NULL, date_days = NULL WHERE date = ?",
                     [(value,) for value in stale])
    add_unfilled_index(conn, table)
    _stale_bounds_trigger(conn, table)


def _stale_bounds_trigger(conn, table: str) -> None:
    """The trigger clearing the bounds an UPDATE of ``date`` left as they were (an older writer's SQL),
    except when they were NO_PERIOD and the new value names no period either (no leading digits:
    PRESENT_REF, PAST_REF ...): those bounds are the new value's too. A row an older writer moves from a
    period to a reference value still has the period's bounds, and is cleared; one moved to a corrupt
    digit value ('2024-Q5') is cleared and gets NO_PERIOD again from the next fill."""
    from .store import NO_PERIOD
    conn.clear_when_stale(table, "date", ("date_first", "date_last", "date_days"),
                          unless=f"OLD.date_days = {NO_PERIOD} AND NEW.date IS NOT NULL"
                                 f" AND NOT {conn.starts_with_digits('NEW.date', 3)}")

# -- thresholds (docs/stories.md explains each) -------------------------------------------------------
MERGE_SCORE = 2.5          # minimum match score for an event mention to join a canonical event
DATE_SLACK = 1             # days of tolerance around dates (time zones, "overnight")
MAX_WINDOW_DAYS = 62       # mentions dated more vaguely than ~2 months (season, year) are not merged
NO_DATE_WINDOW = 7         # an undated mention happened within this many days before publication
PLACE_KM = {"place": 40.0, "admin2": 120.0, "admin1": 400.0}   # max distance by the coarser precision
STORY_WINDOW = 120         # days: only articles this close in time are story candidates
STORY_SIM = 0.12           # minimum story score (gap-adjusted cosine) to join a story
GAP_PENALTY = 0.03         # subtracted from the cosine per doubling of (1 + gap/3 days)
EVENT_BONUS = 0.1          # per shared merged event with the candidate story (at most 2)
KEYWORDS = 40              # terms kept per article (highest TF-IDF at insertion)
LOOKUP_TERMS = 15          # of which these are used to look up candidate articles
PRIOR_DOCS = 30            # pseudo-documents added to the IDF denominator (see _idf)
LINK_TOP = 2               # story score = mean of its LINK_TOP best candidate members (limits chaining)
POSTINGS_PER_TERM = 50     # postings read per lookup term (nearest in time first)
MAX_CANDIDATES = 20        # candidate articles scored per new article
LOOKUP_MAX_DF = 0.05       # lookup terms must be in at most this share of the stored articles ...
LOOKUP_MIN_DF = 50         # ... or in at most this many (so a young store can still find candidates)

FAMILIES = {
    "ASSAULT": "violence", "COERCE": "coerce", "PROTEST": "protest", "MOBILIZE": "mobilize",
    "THREATEN": "threaten", "SANCTION": "sanction", "ACCUSE": "verbal-conflict", "REJECT": "verbal-conflict",
    "REQUEST": "verbal-conflict", "CONSULT": "consult", "AGREE": "agree", "SUPPORT": "cooperate",
    "COOPERATE": "cooperate", "AID": "cooperate", "CONCEDE": "concede", "RETREAT": "concede",
}
DATE_RANK = {"day": 0, "published": 1, "week": 2, "month": 3, "season": 4, "quarter": 4, "half": 5,
             "year": 6, "decade": 7}  # published: date
# of publication used for want of a stated date: day resolution but a guess
PLACE_RANK = {"place": 0, "admin3": 1, "admin2": 1, "admin1": 2, "country": 3}  # admin3 (a village at its hromada
# centre, ~10 km off) is matched with the admin2 radius
MODALITY_RANK = {"occurred": 0, "negated": 1, "possible": 2, "planned": 3}


def family(event_type: str) -> str:
    return FAMILIES.get((event_type or "").upper(), (event_type or "").lower())


# -- text features ----------------------------------------------------------------------------------
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{2,}", re.UNICODE)


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset:
    """spaCy's English stop words plus news boilerplate; loaded lazily because the store imports this
    module for its migrations and must not pay for importing spaCy."""
    from spacy.lang.en.stop_words import STOP_WORDS
    base = set(STOP_WORDS)
    # reporting verbs and news boilerplate carry no topic
    base |= {"said", "says", "told", "according", "reported", "report", "reports", "news", "year", "years",
             "people", "time", "new", "like", "just", "week", "day", "days", "monday", "tuesday", "wednesday",
             "thursday", "friday", "saturday", "sunday", "percent", "photo", "image", "images", "getty",
             "reuters", "associated", "press", "read", "story", "click", "share", "follow", "twitter",
             "facebook", "advertisement", "copyright", "rights", "reserved", "mr", "mrs", "ms", "also"}
    return frozenset(base)


def tokens(text: str) -> list[str]:
    """Lower-cased content words, possessives and simple plurals folded (cheap, language-agnostic enough)."""
    out, stop = [], stop_words()
    for tok in _TOKEN.findall(text.lower()):
        tok = tok.replace("’", "'")
        if tok.endswith("'s"):
            tok = tok[:-2]
        if len(tok) < 3 or tok in stop:
            continue
        if len(tok) > 4 and tok.endswith("s") and not tok.endswith(("ss", "us", "is")):
            tok = tok[:-1]
        out.append(tok)
    return out


def term_counts(title: Optional[str], text: str, entities: Iterable[str] = ()) -> Counter:
    """Bag of terms of an article: body words, title words x3, entity names (as ``e:name``) x2."""
    counts = Counter(tokens(text))
    for t in tokens(title or ""):
        counts[t] += 3
    for name in entities:
        key = "e:" + " ".join(tokens(name))
        if key != "e:":
            counts[key] += 2
    return counts


# -- dates and places ---------------------------------------------------------------------------------
def date_window(value: Optional[str]) -> Optional[tuple[int, int]]:
    """Day-ordinal interval a date value stands for (day ... half, year, decade: ``period_bounds``)."""
    bounds = period_bounds(value)
    return (bounds[0].toordinal(), bounds[1].toordinal()) if bounds else None


def _day_of(published: Optional[str], ingested_at: Optional[float]) -> int:
    if published:
        try:
            return date.fromisoformat(published[:10]).toordinal()
        except ValueError:
            pass
    return date.fromtimestamp(ingested_at or time.time()).toordinal()


def _iso(day: Optional[int]) -> Optional[str]:
    return date.fromordinal(day).isoformat() if day else None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# -- event matching -----------------------------------------------------------------------------------
def _place_match(a: dict, b: dict) -> Optional[float]:
    """Strength of place agreement; None = incompatible. Distance allowed depends on the coarser precision."""
    if a.get("location_country") is None and a.get("lat") is None:
        return 0.0
    if b.get("location_country") is None and b.get("lat") is None:
        return 0.0
    pa, pb = a.get("location_precision") or "country", b.get("location_precision") or "country"
    coarse = max(PLACE_RANK.get(pa, 3), PLACE_RANK.get(pb, 3))
    if a.get("geonameid") and a.get("geonameid") == b.get("geonameid"):
        return {0: 2.0, 1: 2.0, 2: 1.0}.get(coarse, 0.5)
    ca, cb = a.get("location_country"), b.get("location_country")
    if coarse >= 3 or a.get("lat") is None or b.get("lat") is None:
        if ca and cb and ca != cb:
            return None
        return 0.5 if ca and ca == cb else 0.0
    limit = PLACE_KM[{0: "place", 1: "admin2", 2: "admin1"}[coarse]]
    if km(a["lat"], a["lon"], b["lat"], b["lon"]) > limit:
        return None
    return 2.0 if coarse <= 1 else 1.0


def _actor_match(a_name, a_country, a_role, b_name, b_country, b_role, named: bool = True,
                 persons: bool = False) -> Optional[float]:
    """Same canonical name: 2 (1.5 when one name's words are a subset of the other's: "Trump" /
    "Donald Trump"); same country (+ role): 1 (0.3 if roles differ); unknown: 0; conflict: None.
    ``named``: both mentions are proper names; the same generic name ("civilians", "police") is weak (0.5).
    ``persons``: both are named persons, so different names conflict (organisations have name variants)."""
    if not (a_name or a_country) or not (b_name or b_country):
        return 0.0
    if a_name and b_name:
        wa, wb = set(a_name.casefold().split()), set(b_name.casefold().split())
        if wa == wb:
            return 2.0 if named else 0.5
        if named and (wa <= wb or wb <= wa) and (a_country == b_country or not a_country or not b_country):
            return 1.5
        if persons:
            return None  # two differently named people are two actors, whatever their country
    if a_country and b_country:
        if a_country != b_country:
            return None
        return 1.0 if (a_role == b_role or not a_role or not b_role) else 0.3
    return 0.0


def is_proper(actor: Optional[dict], sentence_start: Optional[int] = None) -> bool:
    """Whether an actor mention is a proper name (capitalised, not merely sentence-initial)."""
    if not actor or not actor.get("text"):
        return False
    return actor["text"][:1].isupper() and actor.get("start") != sentence_start


def _date_match(a: tuple[int, int], b: tuple[int, int], both_days: bool) -> Optional[float]:
    if a[0] > b[1] + DATE_SLACK or b[0] > a[1] + DATE_SLACK:
        return None
    return 1.0 if both_days else 0.3


def _participant(mention: dict, merged: dict, side: str) -> Optional[float]:
    """``_actor_match`` of one side (actor or recipient) of a mention and a canonical event."""
    both = lambda flag, default: mention.get(f"_{side}_{flag}", default) and merged.get(f"_{side}_{flag}", default)
    return _actor_match(mention.get(f"{side}_name"), mention.get(f"{side}_country"), mention.get(f"{side}_role"),
                        merged.get(f"{side}_name"), merged.get(f"{side}_country"), merged.get(f"_{side}_role"),
                        named=both("proper", True), persons=both("person", False))


def match_score(mention: dict, merged: dict) -> Optional[float]:
    """Score of a mention against a canonical event; None when they cannot be the same happening."""
    if family(mention["type"]) != merged["family"]:
        return None
    d = _date_match(mention["_window"], (merged["lo"], merged["hi"]),
                    mention.get("_day_precise", False) and merged.get("date_precision") == "day")
    if d is None:
        return None
    place = _place_match(mention, merged["_loc"])
    if place is None:
        return None
    actor, recip = _participant(mention, merged, "actor"), _participant(mention, merged, "recipient")
    if actor is None or recip is None:
        return None
    if max(actor, recip) < 1.0 and place < 1.0:
        return None  # need a named participant or a precise place in common, not just a country
    words = mention["_evidence"]
    other = set(merged["evidence"].split())
    overlap = len(words & other) / max(1, min(len(words), len(other))) if words and other else 0.0
    same_type = 0.5 if mention["type"] == merged["type"] else 0.0
    return same_type + d + place + actor + recip + 2.0 * overlap


def _keys(row: dict) -> list[str]:
    """Index keys of an event: its countries (location, actor, recipient) and participant names."""
    keys = {row.get("location_country"), row.get("actor_country"), row.get("recipient_country")}
    keys |= {"n:" + n.casefold() for n in (row.get("actor_name"), row.get("recipient_name")) if n}
    keys.discard(None)
    return sorted(keys)


def _mergeable(window: tuple[int, int]) -> bool:
    """Vague dates (season, year) never merge: "attacks this year" is not one happening."""
    return window[1] - window[0] <= MAX_WINDOW_DAYS


def _mention_features(row: dict, text: str, published_day: int) -> dict:
    row = dict(row)
    window = date_window(row.get("date"))
    if window is None:
        window = (published_day - NO_DATE_WINDOW, published_day)
    row["_window"] = window
    row["_day_precise"] = row.get("date_precision") == "day"
    sentence = text[row.get("sentence_start") or 0:row.get("sentence_end") or 0]
    row["_evidence"] = set(tokens(sentence))
    for side in ("actor", "recipient"):
        row.update({f"_{k}": v for k, v in _side_flags(row, side).items()})
    return row


def _candidates(conn: Connection, mention: dict) -> list[dict]:
    """Canonical events of the same family sharing a country key with an overlapping date window."""
    lo, hi = mention["_window"]
    keys = _keys(mention)
    if not keys or not _mergeable(mention["_window"]):
        return []
    q = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT DISTINCT m.* FROM merged_keys k JOIN merged_events m ON m.pk = k.merged_pk"
        f" WHERE k.family = ? AND k.country IN ({q}) AND k.hi >= ? AND k.lo <= ?",
        [family(mention["type"]), *keys, lo - DATE_SLACK, hi + DATE_SLACK]).fetchall()
    out = []
    for r in rows:
        d = dict(r)
        data = json.loads(d["data"])
        d["_loc"] = data.get("location_fields", {})
        for side in ("actor", "recipient"):
            for flag, default in (("role", None), ("proper", True), ("person", False)):
                d[f"_{side}_{flag}"] = data.get(f"{side}_{flag}", default)
        out.append(d)
    return out


def _merge_mention(conn: Connection, mention: dict, article_pk: int) -> int:
    """Attach one event mention to its best canonical event (or a new one); returns the merged pk."""
    best, best_score = None, MERGE_SCORE
    for cand in _candidates(conn, mention):
        s = match_score(mention, cand)
        if s is not None and s >= best_score:
            best, best_score = cand["pk"], s
    if best is None:
        new_pk = conn.insert("INSERT INTO merged_events (type, family) VALUES (?, ?)",
                           (mention["type"], family(mention["type"])))
        best, best_score = new_pk, None
    conn.execute("INSERT INTO event_mentions (event_pk, merged_pk, article_pk, score) VALUES (?,?,?,?)"
                 " ON CONFLICT DO NOTHING",
                 (mention["pk"], best, article_pk, best_score))
    _reconcile(conn, best, extra_evidence=mention["_evidence"])
    return best


def _most(rows: list[dict], key) -> Optional[dict]:
    return min(rows, key=key) if rows else None


def _side_flags(row: Optional[dict], side: str) -> dict:
    """{side_proper, side_person} of an events row's actor or recipient (see ``_actor_match``)."""
    a = (json.loads(row.get("data") or "{}").get(side) or {}) if row else {}
    proper = bool(row) and is_proper(a, row.get("sentence_start"))
    return {f"{side}_proper": proper, f"{side}_person": proper and a.get("kind") == "person"}


def _reconcile(conn: Connection, merged_pk: int, extra_evidence: Iterable[str] = ()) -> None:
    """Recompute one canonical event's fields from its mentions (only this event: bounded work)."""
    rows = [dict(r) for r in conn.execute(
        "SELECT e.*, a.id AS article_id, a.published AS article_published, a.ingested_at AS article_ingested,"
        " COALESCE(v.canonical_pk, a.pk) AS canonical_pk"
        " FROM event_mentions m JOIN events e ON e.pk = m.event_pk JOIN articles a ON a.pk = e.article_pk"
        " LEFT JOIN article_versions v ON v.article_pk = a.pk WHERE m.merged_pk = ? ORDER BY e.pk", (merged_pk,))]
    if not rows:
        return
    directness = lambda r: (r["said_by_name"] is not None, MODALITY_RANK.get(r["modality"], 9), -r["confidence"], r["pk"])
    loc = _most([r for r in rows if r["location_name"]], lambda r: (PLACE_RANK.get(r["location_precision"], 4), r["pk"]))
    dated = _most([r for r in rows if r["date"]], lambda r: (DATE_RANK.get(r["date_precision"], 9), r["pk"]))
    direct = _most(rows, directness)
    actor = _most([r for r in rows if r["actor_name"]], lambda r: (-sum(x["actor_name"] == r["actor_name"] for x in rows), r["pk"]))
    recip = _most([r for r in rows if r["recipient_name"]],
                  lambda r: (-sum(x["recipient_name"] == r["recipient_name"] for x in rows), r["pk"]))
    types = Counter(r["type"] for r in rows)
    etype = max(types, key=lambda t: (types[t], t == direct["type"]))
    claims, claimed = [], set()
    for r in rows:  # one claim per (article, figure): a figure repeated within an article is one claim
        if r["fatalities"] is not None and (r["article_pk"], r["fatalities"]) not in claimed:
            claimed.add((r["article_pk"], r["fatalities"]))
            claims.append({"article_id": r["article_id"], "event_pk": r["pk"], "fatalities": r["fatalities"],
                           "said_by": r["said_by_name"]})
    with_fat = [r for r in rows if r["fatalities"] is not None]
    # an update supersedes the earlier versions of its article: their figures stay claims, the latest
    # version's figure is the reconciled one (a revised toll)
    latest = {}
    for r in with_fat:
        latest[r["canonical_pk"]] = max(latest.get(r["canonical_pk"], 0), r["article_pk"])
    with_fat = [r for r in with_fat if r["article_pk"] == latest[r["canonical_pk"]]]
    fatalities = _most(with_fat, directness)["fatalities"] if with_fat else None
    days = [_day_of(r["article_published"], r["article_ingested"]) for r in rows]
    window = date_window(dated["date"]) if dated else None
    if window is None:
        window = (min(days) - NO_DATE_WINDOW, max(days))
    loc_fields = {k: loc[k] for k in ("location_name", "geonameid", "lat", "lon", "admin1", "location_country",
                                      "location_precision")} if loc else {}
    data = {
        "location_fields": loc_fields, "location_event_pk": loc and loc["pk"],
        "date_event_pk": dated and dated["pk"], "modality_event_pk": direct["pk"],
        "actor_event_pk": actor and actor["pk"], "recipient_event_pk": recip and recip["pk"],
        "actor_role": actor and actor["actor_role"], "recipient_role": recip and recip["recipient_role"],
        **_side_flags(actor, "actor"), **_side_flags(recip, "recipient"),
        "fatalities": fatalities, "claims": claims,
        "conflicting_fatalities": len({c["fatalities"] for c in claims}) > 1,
        "modalities": dict(Counter(r["modality"] for r in rows)),
    }
    old = conn.execute("SELECT evidence FROM merged_events WHERE pk = ?", (merged_pk,)).fetchone()[0]
    evidence = set(old.split()) | set(extra_evidence)
    conn.execute(
        "UPDATE merged_events SET type=?, date=?, date_precision=?, date_first=?, date_last=?, date_days=?, lo=?, hi=?,"
        " modality=?, actor_name=?, actor_country=?, recipient_name=?, recipient_country=?, location_country=?,"
        " rep_event_pk=?, num_mentions=?, num_sources=?, first_seen=?, last_seen=?, evidence=?, data=? WHERE pk=?",
        (etype, dated and dated["date"], dated and dated["date_precision"],
         dated and dated["date_first"], dated and dated["date_last"], dated and dated["date_days"],
         window[0], window[1],
         direct["modality"], actor and actor["actor_name"], actor and actor["actor_country"],
         recip and recip["recipient_name"], recip and recip["recipient_country"],
         loc_fields.get("location_country"), direct["pk"], len(rows), len({r["canonical_pk"] for r in rows}),
         _iso(min(days)), _iso(max(days)), " ".join(sorted(evidence)[:400]), json.dumps(data), merged_pk))
    keys = {k for r in rows for k in _keys(r)}  # every mention's countries and names find this event
    conn.execute("DELETE FROM merged_keys WHERE merged_pk = ?", (merged_pk,))
    if _mergeable(window):
        conn.executemany("INSERT INTO merged_keys (merged_pk, family, country, lo, hi) VALUES (?,?,?,?,?)",
                         [(merged_pk, family(etype), k, window[0], window[1]) for k in sorted(keys)])


# -- story assignment ---------------------------------------------------------------------------------
def _df(conn: Connection, terms: Iterable[str]) -> dict[str, int]:
    terms = list(set(terms))
    out: dict[str, int] = {}
    for i in range(0, len(terms), 500):
        chunk = terms[i:i + 500]
        q = ",".join("?" * len(chunk))
        out.update(conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({q})", chunk).fetchall())
    return out


def _idf(n_docs: int, df: int) -> float:
    """Smoothed IDF with PRIOR_DOCS pseudo-documents that contain no term, so that in a young store
    (few articles) a story's own words are not punished for being in every article seen so far."""
    return math.log((1 + PRIOR_DOCS + n_docs) / (1 + df)) + 1.0


def _stat(conn: Connection, key: str) -> float:
    row = conn.execute("SELECT value FROM story_stats WHERE key = ?", (key,)).fetchone()
    return row[0] if row else 0.0


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _gap_penalty(gap_days: int) -> float:
    return GAP_PENALTY * math.log2(1 + abs(gap_days) / 3.0)


def _keywords(conn: Connection, counts: Counter) -> tuple[dict[str, float], int, dict[str, int]]:
    """Top TF-IDF terms of an article (log tf), with the document count and document frequencies used."""
    n = int(_stat(conn, "articles"))
    df = _df(conn, counts)
    scored = {t: (1 + math.log(c)) * _idf(n + 1, df.get(t, 0) + 1) for t, c in counts.items()}
    top = sorted(scored, key=lambda t: (-scored[t], t))[:KEYWORDS]
    return {t: 1 + math.log(counts[t]) for t in top}, n, df


def _weighted(vec: dict[str, float], idf: dict[str, float]) -> dict[str, float]:
    return {t: w * idf.get(t, 1.0) for t, w in vec.items()}


def _candidate_articles(conn: Connection, lookup: list[str], day: int) -> list[int]:
    """Articles within the story window sharing >= 2 lookup terms, most shared first (MAX_CANDIDATES).

    Each term reads at most POSTINGS_PER_TERM postings, nearest in time first, so the cost per article
    stays flat however many articles the window holds.
    """
    shared: Counter = Counter()
    for term in lookup:  # two index range scans (term, day): back from ``day``, then forward from it
        for sql, bounds in ((" day BETWEEN ? AND ? ORDER BY day DESC", (day - STORY_WINDOW, day)),
                            (" day > ? AND day <= ? ORDER BY day", (day, day + STORY_WINDOW))):
            rows = conn.execute("SELECT article_pk FROM article_terms WHERE term = ? AND" + sql + " LIMIT ?",
                                (term, *bounds, POSTINGS_PER_TERM))
            shared.update(r[0] for r in rows)
    ranked = sorted((pk for pk, c in shared.items() if c >= 2), key=lambda pk: (-shared[pk], -pk))
    return ranked[:MAX_CANDIDATES]


def _assign_story(conn: Connection, article_pk: int, day: int, counts: Counter,
                  merged_pks: Iterable[int]) -> tuple[int, list[int]]:
    """Join the story of the most similar recent article (or found a new one).

    Returns the story id and the members whose centrality changed."""
    keywords, n, df_mine = _keywords(conn, counts)
    # terms in more than LOOKUP_MAX_DF of the store find everything and nothing: not used for lookup
    max_df = max(LOOKUP_MIN_DF, LOOKUP_MAX_DF * n)
    lookup = [t for t in sorted(keywords, key=lambda t: -keywords[t]) if df_mine.get(t, 0) <= max_df][:LOOKUP_TERMS]
    cand_pks = _candidate_articles(conn, lookup, day)
    vectors: dict[int, dict[str, float]] = defaultdict(dict)
    if cand_pks:
        q = ",".join("?" * len(cand_pks))
        for pk, term, w in conn.execute(f"SELECT article_pk, term, weight FROM article_terms"
                                        f" WHERE article_pk IN ({q})", cand_pks):
            vectors[pk][term] = w
    df = _df(conn, {t for v in vectors.values() for t in v} - set(df_mine))
    df.update(df_mine)
    idf = {t: _idf(n + 1, d) for t, d in df.items()}
    idf_default = _idf(n + 1, 0)
    for t in keywords:
        idf.setdefault(t, idf_default)
    mine = _weighted(keywords, idf)
    members = {}
    if cand_pks:
        q = ",".join("?" * len(cand_pks))
        members = {r[0]: (r[1], r[2]) for r in conn.execute(
            f"SELECT article_pk, story_id, day FROM story_articles WHERE article_pk IN ({q})", cand_pks)}
    sims: dict[int, float] = {}
    scores: dict[int, list[float]] = defaultdict(list)
    for pk in cand_pks:
        if pk not in members:
            continue
        story_id, other_day = members[pk]
        sims[pk] = _cosine(mine, _weighted(vectors[pk], idf))
        scores[story_id].append(sims[pk] - _gap_penalty(day - other_day))
    best_by_story = {sid: _link(vals) for sid, vals in scores.items()}
    for story_id, shared_events in _event_stories(conn, article_pk, merged_pks).items():
        best_by_story[story_id] = best_by_story.get(story_id, 0.0) + EVENT_BONUS * min(2, shared_events)
    story_id, similarity = None, None
    if best_by_story:
        sid = max(best_by_story, key=lambda s: (best_by_story[s], -s))
        if best_by_story[sid] >= STORY_SIM:
            story_id, similarity = sid, best_by_story[sid]
    if story_id is None:
        story_id = conn.insert("INSERT INTO stories (created_at) VALUES (?)", (time.time(),), key="id")
    centrality, touched = 0.0, []
    for pk, s in sims.items():
        if members[pk][0] == story_id:
            centrality += s
            touched.append(pk)
            conn.execute("UPDATE story_articles SET centrality = centrality + ? WHERE article_pk = ?", (s, pk))
    conn.execute("INSERT INTO story_articles (article_pk, story_id, day, similarity, centrality, is_version)"
                 " VALUES (?,?,?,?,?,0)", (article_pk, story_id, day, similarity, centrality))
    conn.executemany("INSERT INTO article_terms (article_pk, term, weight, day) VALUES (?,?,?,?) ON CONFLICT"
                     " (article_pk, term) DO UPDATE SET weight = excluded.weight, day = excluded.day",
                     [(article_pk, t, w, day) for t, w in keywords.items()])
    return story_id, touched


def _link(scores: list[float]) -> float:
    """Story score from its members' scores: the mean of the best LINK_TOP, so that one article
    bridging two topics does not chain them (with one candidate member, its score)."""
    top = sorted(scores, reverse=True)[:LINK_TOP]
    return sum(top) / len(top)


def _event_stories(conn: Connection, article_pk: int, merged_pks: Iterable[int]) -> dict[int, int]:
    """Stories of other articles that mention the same canonical events: {story_id: shared events}."""
    pks = sorted(set(merged_pks))
    if not pks:
        return {}
    q = ",".join("?" * len(pks))
    rows = conn.execute(
        f"SELECT s.story_id, COUNT(DISTINCT m.merged_pk) FROM event_mentions m JOIN story_articles s"
        f" ON s.article_pk = m.article_pk WHERE m.merged_pk IN ({q}) AND m.article_pk != ? GROUP BY s.story_id",
        [*pks, article_pk]).fetchall()
    return dict(rows)


def _update_df(conn: Connection, counts: Counter) -> None:
    conn.executemany("INSERT INTO term_df (term, df) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = term_df.df + 1",
                     [(t,) for t in counts])
    conn.execute("INSERT INTO story_stats (key, value) VALUES ('articles', 1)"
                 " ON CONFLICT(key) DO UPDATE SET value = story_stats.value + 1")


def _refresh_story(conn: Connection, story_id: int, article_pk: int, day: int,
                   touched: Iterable[int] = ()) -> None:
    """Account for one new member: dates, size, and the title (most central article's title, else a
    summary of its events). Only the new member, the members whose centrality just changed (``touched``)
    and the current title article compete, so the work does not grow with the story."""
    row = conn.execute("SELECT first_seen, last_seen, num_articles, title_article_pk FROM stories WHERE id = ?",
                       (story_id,)).fetchone()
    iso = _iso(day)
    first = min(row[0] or iso, iso)
    last = max(row[1] or iso, iso)
    contenders = sorted({article_pk, *touched, *([row[3]] if row[3] else [])})
    q = ",".join("?" * len(contenders))
    central = conn.execute(
        f"SELECT a.pk, a.title, a.text FROM story_articles s JOIN articles a ON a.pk = s.article_pk"
        f" WHERE s.article_pk IN ({q}) AND s.is_version = 0 ORDER BY (a.title IS NULL OR a.title = ''),"
        f" s.centrality DESC, a.pk LIMIT 1", contenders).fetchone()
    title, title_pk = None, row[3]
    if central is not None:
        title_pk = central[0]
        title = central[1] or _event_title(conn, story_id) or _first_words(central[2])
    else:
        title = conn.execute("SELECT title FROM stories WHERE id = ?", (story_id,)).fetchone()[0]
    conn.execute("UPDATE stories SET first_seen=?, last_seen=?, num_articles=?, title=?, title_article_pk=?"
                 " WHERE id=?", (first, last, row[2] + 1, title, title_pk, story_id))


def _event_title(conn: Connection, story_id: int) -> Optional[str]:
    row = conn.execute(
        f"SELECT m.type, m.actor_name, m.recipient_name, {conn.json_text('m.data', 'location_fields', 'location_name')}"
        " FROM merged_events m WHERE m.pk IN (SELECT em.merged_pk FROM event_mentions em JOIN story_articles s"
        " ON s.article_pk = em.article_pk WHERE s.story_id = ?) ORDER BY m.num_sources DESC, m.num_mentions DESC,"
        " m.pk LIMIT 1", (story_id,)).fetchone()
    if row is None:
        return None
    parts = [row[1], row[0].lower(), row[2], row[3] and f"in {row[3]}"]
    return " ".join(p for p in parts if p)


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" ..." if len(words) > n else "")


# -- public: processing ---------------------------------------------------------------------------------
def is_processed(conn: Connection, article_pk: int) -> bool:
    return conn.execute("SELECT 1 FROM story_articles WHERE article_pk = ?", (article_pk,)).fetchone() is not None


def process_article(store, article_pk: int, *, signature: Optional[dedup.Signature] = None,
                    version_of: Optional[dedup.Match] = None, check_version: bool = True) -> dict:
    """Dedup-link, merge events and place one stored article in a story, in one transaction.

    ``version_of``: the near-duplicate match found before analysis (ingest); with ``check_version`` the
    match is looked up here (catch-up). Idempotent: an already processed article is left alone.
    An article at the URL of an earlier stored one is an update: a version of it whatever the text
    similarity, whose (analysed) events are merged. Returns ``{"story_id", "version_of", "merged"}``
    (plus ``"update_of"``: the id of the article at that URL, for an update).
    """
    from . import dedup
    with store.transaction() as conn:
        if is_processed(conn, article_pk):
            row = conn.execute("SELECT story_id FROM story_articles WHERE article_pk = ?", (article_pk,)).fetchone()
            return {"story_id": row[0], "version_of": None, "merged": [], "skipped": True}
        art = dict(conn.execute("SELECT * FROM articles WHERE pk = ?", (article_pk,)).fetchone())
        sig = signature or dedup.Signature.of(art["text"])
        update = version_of is None and dedup.update_of(conn, article_pk, art["url"], sig)
        if update:  # an update at a stored URL (always looked up: one index probe)
            version_of = update
        elif version_of is None and check_version:
            version_of = dedup.find_version(conn, sig, exclude=[article_pk])
        dedup.save(conn, article_pk, sig)
        day = _day_of(art["published"], art["ingested_at"])
        if version_of is not None:
            result = _store_version(conn, art, day, version_of)
            if update:
                result["update_of"] = conn.execute("SELECT id FROM articles WHERE pk = ?",
                                                   (update.matched_pk,)).fetchone()[0]
            return result
        merged = _merge_article_events(conn, art, day)
        counts = term_counts(art["title"], art["text"], _entity_names(conn, article_pk))
        story_id, touched = _assign_story(conn, article_pk, day, counts, merged)
        _update_df(conn, counts)
        _refresh_story(conn, story_id, article_pk, day, touched)
        return {"story_id": story_id, "version_of": None, "merged": merged}


def _store_version(conn: Connection, art: dict, day: int, match: "dedup.Match") -> dict:
    conn.execute("INSERT INTO article_versions (article_pk, canonical_pk, jaccard, containment) VALUES (?,?,?,?)"
                 " ON CONFLICT (article_pk) DO UPDATE SET canonical_pk = excluded.canonical_pk,"
                 " jaccard = excluded.jaccard, containment = excluded.containment", (art["pk"], match.canonical_pk, match.jaccard, match.containment))
    row = conn.execute("SELECT story_id FROM story_articles WHERE article_pk = ?", (match.canonical_pk,)).fetchone()
    story_id = row[0] if row else conn.insert("INSERT INTO stories (created_at) VALUES (?)",
                                              (time.time(),), key="id")
    conn.execute("INSERT INTO story_articles (article_pk, story_id, day, similarity, is_version) VALUES (?,?,?,?,1)",
                 (art["pk"], story_id, day, match.jaccard))
    # a near-duplicate was not analysed (no events); an update at a stored URL was: its mentions merge
    # with the earlier versions' mentions of the same happening (docs/stories.md "Updates")
    merged = _merge_article_events(conn, art, day)
    _refresh_story(conn, story_id, art["pk"], day)
    canonical_id = conn.execute("SELECT id FROM articles WHERE pk = ?", (match.canonical_pk,)).fetchone()[0]
    return {"story_id": story_id, "version_of": canonical_id, "merged": merged}


def redate_article(store, article_pk: int, published: date, extraction) -> Optional[int]:
    """Give a stored article without publication date the date ``published`` of a duplicate, and its
    undated events the dates ``extraction`` (its stored text analysed with that date) found for them:
    an event keeps its date when it has one; an undated one takes the date of the re-analysed event
    with the same sentence, trigger and type (a relative "on Monday", or the publication-date
    fallback), with the date bounds of ``store.date_columns``. The article's times annotation becomes
    the re-analysis's, its story day the publication day, and the merged events of the re-dated
    mentions are reconciled (their windows and keys follow; a mention is not moved to another merged
    event: merging is never revised). One transaction; returns the number of events dated, or None
    when the article has a date already (another writer was first)."""
    from .store import bump_revision, date_columns
    with store.transaction() as conn:
        if conn.execute("UPDATE articles SET published = ? WHERE pk = ? AND published IS NULL",
                        (published.isoformat(), article_pk)).rowcount == 0:
            return None
        found = {(ev.sentence["start"], ev.trigger.start, ev.type): ev for ev in extraction.events if ev.date}
        dated, touched = 0, set()
        for row in conn.execute("SELECT pk, type, sentence_start, trigger_start, data FROM events"
                                " WHERE article_pk = ? AND date IS NULL", (article_pk,)).fetchall():
            ev = found.get((row["sentence_start"], row["trigger_start"], row["type"]))
            if ev is None:
                continue
            data = json.loads(row["data"])
            data.update(date=ev.date, date_precision=ev.date_precision)
            conn.execute("UPDATE events SET date = ?, date_precision = ?, date_first = ?, date_last = ?,"
                         " date_days = ?, data = ? WHERE pk = ?",
                         (ev.date, ev.date_precision, *date_columns(ev.date), json.dumps(data), row["pk"]))
            dated += 1
            touched.update(r[0] for r in conn.execute("SELECT merged_pk FROM event_mentions WHERE event_pk = ?",
                                                      (row["pk"],)))
        conn.execute("UPDATE annotations SET times = ? WHERE article_pk = ?",
                     (json.dumps([t.to_dict() for t in extraction.times]), article_pk))
        conn.execute("UPDATE story_articles SET day = ? WHERE article_pk = ?", (published.toordinal(), article_pk))
        for merged_pk in sorted(touched):
            _reconcile(conn, merged_pk)
        bump_revision(conn)  # rows changed, none added: the API's caches must see it (review5 finding 2)
        return dated


def _merge_article_events(conn: Connection, art: dict, day: int) -> list[int]:
    rows = conn.execute("SELECT * FROM events WHERE article_pk = ? ORDER BY idx", (art["pk"],)).fetchall()
    return [_merge_mention(conn, _mention_features(dict(r), art["text"], day), art["pk"]) for r in rows]


def _entity_names(conn: Connection, article_pk: int) -> list[str]:
    row = conn.execute("SELECT actors, places FROM annotations WHERE article_pk = ?", (article_pk,)).fetchone()
    if row is None:
        return []
    # proper names only: generic actors ("civilians", "police") would link unrelated stories of one country
    names = [a.get("name") for a in json.loads(row[0]) if a.get("kind") != "country" and is_proper(a)]
    names += [p.get("name") for p in json.loads(row[1]) if p.get("feature") != "country"]
    return [n for n in names if n]


def catch_up(store) -> int:
    """Process every stored article that has not been processed yet (oldest first); returns how many."""
    pks = [r[0] for r in store.conn.execute(
        "SELECT pk FROM articles WHERE pk NOT IN (SELECT article_pk FROM story_articles) ORDER BY pk")]
    for pk in pks:
        process_article(store, pk)
    return len(pks)


# -- public: queries ----------------------------------------------------------------------------------
def merged_events(store, *, type: Optional[str] = None, actor: Optional[str] = None,
                  country: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                  modality: Optional[str] = None, limit: Optional[int] = None, offset: int = 0) -> list[dict]:
    """Canonical events, filtered like ``Store.events``; each row is a ``Store.events`` row of its most
    direct mention with reconciled fields, plus num_mentions, num_sources, first_seen, last_seen,
    mentions [{article_id, event_pk}], claims [{article_id, event_pk, fatalities, said_by}]."""
    from .store import DATE_ORDER, date_lookback, event_filters
    where, args = event_filters("m", type=type, actor=actor, country=country, since=since, until=until,
                                modality=modality,
                                lookback=date_lookback(store.conn, "merged_events") if since else None)
    sql = "SELECT m.* FROM merged_events m WHERE m.num_mentions > 0"
    if where:
        sql += " AND " + " AND ".join(where)
    sql += " ORDER BY " + DATE_ORDER.format(a="m")
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"; args += [limit, offset]
    elif offset:
        sql += " LIMIT -1 OFFSET ?"; args.append(offset)
    merged = [dict(r) for r in store.conn.execute(sql, args)]
    return [row for row in (_merged_row(store.conn, m) for m in merged) if row is not None]


_BASE_SQL = ("SELECT e.*, a.id AS article_id, a.url AS article_url, a.title AS article_title,"
             " a.published AS article_published FROM events e JOIN articles a ON a.pk = e.article_pk WHERE e.pk = ?")


def _merged_row(conn: Connection, m: dict) -> Optional[dict]:
    data = json.loads(m["data"])
    base = conn.execute(_BASE_SQL, (m["rep_event_pk"],)).fetchone()
    if base is None:  # its articles were deleted by hand: nothing left to show
        return None
    row = dict(base)
    row["data"] = json.loads(row["data"])
    full = row["data"]
    loc_pk, date_pk = data.get("location_event_pk"), data.get("date_event_pk")
    if loc_pk and loc_pk != row["pk"]:
        row.update(data["location_fields"])
        full["location"] = json.loads(conn.execute("SELECT data FROM events WHERE pk = ?", (loc_pk,)).fetchone()[0])["location"]
    if date_pk and date_pk != row["pk"]:
        for key in ("date", "date_precision", "date_first", "date_last", "date_days"):
            row[key] = m[key]
        full["date"], full["date_precision"] = m["date"], m["date_precision"]
    for side, key in (("actor", "actor_event_pk"), ("recipient", "recipient_event_pk")):
        pk = data.get(key)
        if pk and pk != row["pk"]:
            other = json.loads(conn.execute("SELECT data FROM events WHERE pk = ?", (pk,)).fetchone()[0])
            full[side] = other[side]
            a = other[side] or {}
            row[f"{side}_name"], row[f"{side}_country"], row[f"{side}_role"] = a.get("name"), a.get("country"), a.get("role")
    row["type"] = full["type"] = m["type"]
    row["fatalities"] = full["fatalities"] = data.get("fatalities")
    mentions = [{"article_id": r[0], "event_pk": r[1]} for r in conn.execute(
        "SELECT a.id, em.event_pk FROM event_mentions em JOIN articles a ON a.pk = em.article_pk"
        " WHERE em.merged_pk = ? ORDER BY em.event_pk", (m["pk"],))]
    story = conn.execute("SELECT story_id FROM story_articles WHERE article_pk = (SELECT article_pk FROM"
                         " events WHERE pk = ?)", (m["rep_event_pk"],)).fetchone()
    row.update({"merged_id": m["pk"], "num_mentions": m["num_mentions"], "num_sources": m["num_sources"],
                "first_seen": m["first_seen"], "last_seen": m["last_seen"], "mentions": mentions,
                "claims": data.get("claims", []), "conflicting_fatalities": data.get("conflicting_fatalities", False),
                "story_id": story[0] if story else None})
    return row


def _story_dict(conn: Connection, s: dict) -> dict:
    ids = [r[0] for r in conn.execute("SELECT a.id FROM story_articles sa JOIN articles a ON a.pk = sa.article_pk"
                                      " WHERE sa.story_id = ? ORDER BY sa.day, a.pk", (s["id"],))]
    events = conn.execute("SELECT COUNT(DISTINCT em.merged_pk) FROM event_mentions em JOIN story_articles sa"
                          " ON sa.article_pk = em.article_pk WHERE sa.story_id = ?", (s["id"],)).fetchone()[0]
    return {"id": s["id"], "title": s["title"], "article_ids": ids, "event_count": events,
            "first_seen": s["first_seen"], "last_seen": s["last_seen"]}


def list_stories(store, limit: Optional[int] = 50, offset: int = 0) -> list[dict]:
    """Stories, most recently active first: {id, title, article_ids, event_count, first_seen, last_seen}."""
    sql = "SELECT * FROM stories WHERE num_articles > 0 ORDER BY last_seen DESC NULLS LAST, id DESC LIMIT ? OFFSET ?"
    if limit is None:
        sql = sql.replace("LIMIT ?", "LIMIT -1")
    rows = store.conn.execute(sql, ((limit,) if limit is not None else ()) + (offset,)).fetchall()
    return [_story_dict(store.conn, dict(r)) for r in rows]


def story(store, id: int) -> Optional[dict]:
    """One story with its articles (id, title, published, url, version_of) and merged events."""
    from .store import DATE_ORDER
    row = store.conn.execute("SELECT * FROM stories WHERE id = ?", (id,)).fetchone()
    if row is None:
        return None
    out = _story_dict(store.conn, dict(row))
    out["articles"] = [dict(r) for r in store.conn.execute(
        "SELECT a.id, a.title, a.published, a.url, c.id AS version_of FROM story_articles sa"
        " JOIN articles a ON a.pk = sa.article_pk LEFT JOIN article_versions v ON v.article_pk = a.pk"
        " LEFT JOIN articles c ON c.pk = v.canonical_pk WHERE sa.story_id = ? ORDER BY sa.day, a.pk", (id,))]
    pks = [r[0] for r in store.conn.execute(
        "SELECT DISTINCT em.merged_pk FROM event_mentions em JOIN story_articles sa ON sa.article_pk = em.article_pk"
        " WHERE sa.story_id = ?", (id,))]
    merged = [dict(r) for r in store.conn.execute(
        f"SELECT * FROM merged_events WHERE pk IN ({','.join('?' * len(pks))})"
        " ORDER BY " + DATE_ORDER.format(a="merged_events"), pks)] if pks else []
    out["events"] = [r for r in (_merged_row(store.conn, m) for m in merged) if r is not None]
    return out


def story_of(store, article_id: str) -> Optional[int]:
    """Story id of a stored article (by the id given at ingest)."""
    row = store.conn.execute("SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.pk = sa.article_pk"
                             " WHERE a.id = ?", (article_id,)).fetchone()
    return row[0] if row else None
