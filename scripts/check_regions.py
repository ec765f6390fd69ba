"""Generated check: a region written with its unit word resolves to that admin1 unit (issue 11).

"Drones attacked the Kyiv region", "shelling in Kharkiv Oblast", "in the Moscow region": the
press names a first-level unit by its base name and a unit word. For every admin1 unit of the
index whose English name ends in a unit word (Oblast, Region, Province, Krai, Governorate), the
script writes invented sentences in three press patterns ("in the B region", "B Oblast" as a
subject, "across the B oblast") and ``places.find_places`` must resolve the mention of B to that
unit (same id). The sentences are templates written for this check, not copied from any corpus,
and they name nothing else: a unit whose name another country's unit shares ("Sofia Province")
may go abroad, which is what a context-free sentence gives. Halves by ``metrics.half_of`` of the
unit's GeoNames id; read errors only on half 1.

    WIREWATCH_CACHE=/tmp/wwcache .venv/bin/python scripts/check_regions.py --half 1 [--errors 30]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter

UNIT_WORDS = ("Oblast", "Region", "Province", "Krai", "Governorate")
TEMPLATES = [
    "Shelling was reported in the {b} region on Monday.",
    "{b} {unit} came under a drone attack overnight, officials said.",
    "Power was cut in several towns across the {b} {lower}.",
]


def records(half: int | None):
    from wirewatch.evaluation.metrics import half_of
    from wirewatch.gazetteer import default_gazetteer
    gaz = default_gazetteer()
    rows = gaz._con().execute(
        "SELECT gid, name, country FROM entries WHERE feature = 'admin1'").fetchall()
    out = []
    for gid, name, country in sorted(rows):
        head, _, unit = name.rpartition(" ")
        if unit not in UNIT_WORDS or not head or (half is not None and half_of(str(gid)) != half):
            continue
        template = TEMPLATES[gid % len(TEMPLATES)]
        out.append({"gid": gid, "name": name, "country": country, "b": head,
                    "text": template.format(b=head, unit=unit, lower=unit.lower()),
                    "template": TEMPLATES.index(template)})
    return out


RAION_TEMPLATES = [
    "Shelling hit {x} in {raion} district, {oblast} region, on Monday.",
    "A drone struck a house in {x} ({raion} raion), officials said.",
    "Russian troops attacked {x}, {raion} Raion, {oblast} Oblast.",
]


def raion_records(half: int | None):
    """``--raions``: every Ukrainian settlement (cities500 or KATOTTG) whose name several
    places of its oblast carry but only one of its raion, written with its raion: the raion
    must choose it (the mention resolved to that entry's point, within 1 km)."""
    from collections import defaultdict
    from wirewatch.evaluation.metrics import half_of
    from wirewatch.gazetteer import default_gazetteer
    gaz = default_gazetteer()
    rows = gaz._con().execute(
        "SELECT gid, name, lat, lon, admin1, admin2 FROM entries WHERE country = 'UKR' AND "
        "feature = 'populated place' AND admin1 LIKE '% Oblast' AND admin2 LIKE '% Raion'").fetchall()
    per_oblast, per_raion = defaultdict(int), defaultdict(int)
    for _g, name, _la, _lo, a1, a2 in rows:
        per_oblast[(name, a1)] += 1
        per_raion[(name, a1, a2)] += 1
    out = []
    for gid, name, lat, lon, a1, a2 in sorted(rows):
        if per_oblast[(name, a1)] < 2 or per_raion[(name, a1, a2)] != 1 or (
                half is not None and half_of(str(gid)) != half):
            continue
        template = RAION_TEMPLATES[abs(gid) % len(RAION_TEMPLATES)]
        out.append({"gid": gid, "name": name, "country": a2, "b": name, "lat": lat, "lon": lon,
                    "text": template.format(x=name, raion=a2[: -len(" Raion")],
                                            oblast=a1[: -len(" Oblast")]),
                    "template": RAION_TEMPLATES.index(template)})
    return out


def resolved(recs: list[dict], key: str):
    """(record, the place ``find_places`` gives at the record's ``key`` words, or None)."""
    from wirewatch import nlp
    from wirewatch.places import find_places
    model = nlp.load()
    for rec, doc in zip(recs, model.pipe(r["text"] for r in recs)):
        start = rec["text"].index(rec[key])
        yield rec, next((p for p in find_places(doc) if p.start <= start < p.end), None)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", type=int, choices=(1, 2))
    ap.add_argument("--errors", type=int, default=0, help="print N errors (half 1 only)")
    ap.add_argument("--raions", action="store_true", help="Ukrainian settlements with their raion")
    args = ap.parse_args(argv)
    from wirewatch.gazetteer import haversine_km
    recs = raion_records(args.half) if args.raions else records(args.half)
    ok = found = 0
    by_tpl: Counter = Counter()
    ok_tpl: Counter = Counter()
    errors = []
    for rec, place in resolved(recs, "b"):
        by_tpl[rec["template"]] += 1
        found += place is not None
        if place is not None and (place.geonameid == rec["gid"] or args.raions and haversine_km(
                place.lat, place.lon, rec["lat"], rec["lon"]) <= 1):
            ok += 1
            ok_tpl[rec["template"]] += 1
        else:
            errors.append((rec, place))
    n = len(recs)
    print(f"{'settlements' if args.raions else 'units'} {n}  found {found / n:.3f}  "
          f"{'the raion namesake' if args.raions else 'the unit itself'} {ok / n:.3f}")
    print("by template: " + ", ".join(f"{k} {ok_tpl[k] / v:.3f} ({v})" for k, v in sorted(by_tpl.items())))
    if args.errors and args.half == 1:
        show_errors(errors[: args.errors], lambda rec: f"{rec['name']}, {rec['country']}")
    return 0


def show_errors(errors: list, label) -> None:
    for rec, place in errors:
        got = f"{place.name} ({place.feature}, {place.country})" if place else "-"
        print(f"  [{label(rec)}] {rec['text']}  -> {got}")


if __name__ == "__main__":
    sys.exit(main())
