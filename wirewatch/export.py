"""Exports in the field's formats: JSON, CSV, Parquet, ACLED-like CSV and GDELT-like CSV.

All exporters take the event rows of ``Store.events`` so filters apply to every format alike.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Callable, Iterable, Optional

from .countries import geonames_country
from .records import period_bounds
from .ontology import PLOVER_TYPES, plover_category

FLAT_COLUMNS = ["article_id", "idx", "type", "mode", "modality", "date", "date_precision",
                "actor_name", "actor_country", "actor_role", "recipient_name", "recipient_country",
                "recipient_role", "said_by_name", "location_name", "geonameid", "lat", "lon", "admin1",
                "location_country", "location_precision", "acled_event_type", "acled_sub_event_type", "cameo",
                "quad", "intensity", "fatalities", "confidence", "trigger_text", "article_url", "article_title"]

ACLED_COLUMNS = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                 "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "iso", "country", "admin1", "admin2", "admin3",
                 "location",
                 "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "modality"]
GDELT_COLUMNS = ["GLOBALEVENTID", "SQLDATE", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code", "Actor2Name",
                 "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent", "EventCode", "EventRootCode",
                 "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "ActionGeo_Type",
                 "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_Lat",
                 "ActionGeo_Long", "ActionGeo_FeatureID", "SOURCEURL", "PloverType", "PloverCategory", "Modality"]
# ACLED interaction codes by our roles: 1 state forces, 2 rebels, 3 political militias,
# 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other.
INTER = {"MIL": 1, "COP": 1, "GOV": 1, "REB": 2, "PRO": 6, "CVL": 7, "MED": 7, "REF": 7}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "season": 3, "quarter": 3, "half": 3, "year": 3, "decade": 3,
                  "published": 2}
# ACLED geo_precision: 1 the town itself, 2 near a town / part of a region (a village at its community's
# or raion's centre), 3 a larger region (an admin1 unit, a country, a sea or press region).
GEO_PRECISION = {"place": 1, "admin3": 2, "admin2": 2, "admin1": 3, "country": 3, "region": 3}
QUAD_NUM = {"VERBAL COOPERATION": 1, "MATERIAL COOPERATION": 2, "VERBAL CONFLICT": 3, "MATERIAL CONFLICT": 4}
GDELT_GEO_TYPE = {"country": 1, "admin1": 2, "admin2": 2, "admin3": 2, "place": 4}  # admin3: ~10-25 km off, not a city point


# ACLED's country names where they differ from GeoNames' (ACLED writes "Democratic Republic of Congo",
# GeoNames "Democratic Republic of the Congo"); every other country keeps its GeoNames name.
ACLED_COUNTRY_NAMES = {"COD": "Democratic Republic of Congo", "COG": "Republic of Congo", "PSE": "Palestine",
                       "SWZ": "eSwatini", "TLS": "East Timor", "CZE": "Czech Republic", "CPV": "Cape Verde"}
# FIPS 10-4 splits the Palestinian territories in two "countries", GZ (Gaza Strip) and WE (West Bank), as
# GDELT does; GeoNames gives the whole PSE the fips WE and makes GZ / WE its admin1 codes. FIPS 10-4 has
# no code for the two together: a PSE place with neither admin1 (Palestine itself, a town the index has no
# admin1 for) gets no country code rather than the West Bank's (review2 item 6).
FIPS_COUNTRY_ADMIN1 = {("PSE", "GZ"): "GZ", ("PSE", "WE"): "WE"}
FIPS_SPLIT_COUNTRIES = {iso3 for iso3, _ in FIPS_COUNTRY_ADMIN1}


def acled_country(iso3: Optional[str]) -> tuple[Optional[str], Optional[int]]:
    """ACLED's ``country`` (the name) and ``iso`` (ISO 3166-1 numeric, GeoNames' country table) of an ISO3
    code; (None, None) when GeoNames has no such country."""
    info = geonames_country(iso3)
    if info is None:
        return None, None
    # (stripped: GeoNames writes "Bonaire, Saint Eustatius and Saba " with a trailing space)
    return ACLED_COUNTRY_NAMES.get(info["iso3"], info["name"].strip()), int(info["isonumeric"])


def gdelt_geo_codes(iso3: Optional[str], precision: Optional[str],
                    admin1: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """GDELT's ``ActionGeo_CountryCode`` (FIPS 10-4, GeoNames' country table) and ``ActionGeo_ADM1Code``
    (FIPS country code + the place's GeoNames admin1 code ``admin1``, "UP07"; the country code alone for a
    country-level place or an unknown admin1, as GDELT writes a country)."""
    info = geonames_country(iso3)
    if info is None or not info.get("fips"):
        return None, None
    fips = FIPS_COUNTRY_ADMIN1.get((info["iso3"], admin1))
    if fips:  # a FIPS "country" of its own: no admin1 below it
        return fips, fips
    if info["iso3"] in FIPS_SPLIT_COUNTRIES:  # neither part known: no FIPS country covers the place
        return None, None
    if precision == "country" or not admin1 or (admin1.isdigit() and len(admin1) > 3):
        return info["fips"], info["fips"]  # (GeoNames' Kosovo admin1 "codes" are GeoNames ids)
    return info["fips"], info["fips"] + admin1


def place_admin1_code(row: dict) -> Optional[str]:
    """The GeoNames admin1 code of the event's place (``gazetteer.admin1_code``); None for none / a country."""
    if not row.get("location_country") or row.get("location_precision") in (None, "country"):
        return None
    from .gazetteer import admin1_code
    return admin1_code(row.get("geonameid"), row.get("location_country"), row.get("admin1"))


def place_admin2_name(row: dict) -> Optional[str]:
    """ACLED's ``admin2``: the name of the GeoNames admin2 unit of the event's place
    (``gazetteer.admin2_name``); None for none, a country, a region or an admin1 unit."""
    if not row.get("location_country") or row.get("location_precision") in (None, "country", "region", "admin1"):
        return None
    from .gazetteer import admin2_name
    return admin2_name(row.get("geonameid"), row.get("location_country"), row.get("admin1"),
                       row.get("location_name"))


def acled_date(value: str | None, precision: str | None) -> tuple[str, int]:
    """ACLED wants a day plus time_precision (1 day, 2 week, 3 month or coarser): the first day of the
    period our value names ("2025-W42" -> Monday 2025-10-13, precision 2)."""
    import re
    v = value or ""
    if precision == "reference":  # TimeML PRESENT_REF / PAST_REF / FUTURE_REF: no calendar date
        return "", 3
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return v, 2 if precision == "published" else 1  # a publication-date fallback is "within a week"
    bounds = period_bounds(v)  # a week (a weekend from its Saturday), month, season, quarter, half,
    if bounds is None:         # year or decade: from its first day
        return "", 3
    return bounds[0].isoformat(), 2 if re.fullmatch(r"\d{4}-W\d{2}(-WE)?", v) else 3


def flat(rows: Iterable[dict]) -> list[dict]:
    return [{k: r.get(k) for k in FLAT_COLUMNS} for r in rows]


def acled_rows(rows: Iterable[dict], sentence_of,
               admin2_of: Callable[[dict], Optional[str]] = place_admin2_name) -> list[dict]:
    """ACLED-like records; only events with an ACLED type (conflict and protest events). ``admin2`` is
    the place's GeoNames admin2 name (``admin2_of``); ``admin3`` stays empty: no installed package names
    the GeoNames admin3 unit of a place (KATOTTG's hromadas are codes only in the index)."""
    out = []
    for r in rows:
        if not r.get("acled_event_type"):
            continue
        out.append({
            "event_id_cnty": f"{r.get('location_country') or 'XXX'}{r['pk']}",
            "event_date": acled_date(r.get("date"), r.get("date_precision"))[0],
            "time_precision": acled_date(r.get("date"), r.get("date_precision"))[1],
            "event_type": r["acled_event_type"], "sub_event_type": r["acled_sub_event_type"],
            "actor1": r.get("actor_name"), "assoc_actor_1": None, "inter1": INTER.get(r.get("actor_role"), 8 if r.get("actor_name") else None),
            "actor2": r.get("recipient_name"), "assoc_actor_2": None,
            "inter2": INTER.get(r.get("recipient_role"), 8 if r.get("recipient_name") else None),
            "iso": acled_country(r.get("location_country"))[1],
            "country": acled_country(r.get("location_country"))[0], "admin1": r.get("admin1"),
            "admin2": admin2_of(r), "admin3": None, "location": r.get("location_name"),
            "latitude": r.get("lat"), "longitude": r.get("lon"),
            "geo_precision": GEO_PRECISION.get(r.get("location_precision")),
            "source": r.get("article_url") or r.get("article_title") or r.get("article_id"),
            "notes": sentence_of(r), "fatalities": r.get("fatalities") or 0, "modality": r.get("modality"),
        })
    return out


def gdelt_rows(rows: Iterable[dict], admin1_code: Callable[[dict], Optional[str]] = place_admin1_code) -> list[dict]:
    """GDELT 2.0-like event records (CAMEO root code, quad class, PLOVER score as Goldstein; FIPS 10-4
    place codes: ``gdelt_geo_codes``, the admin1 code of a row from ``admin1_code``).

    A planned meeting or aid delivery is coded as CAMEO and PLOVER code it, an intention (CAMEO 03,
    PLOVER AGREE: ``ontology.plover_category``); ``PloverType`` keeps wirewatch's own type."""
    out = []
    for r in rows:
        category = plover_category(r.get("type"), r.get("modality"))
        country_code, adm1_code = gdelt_geo_codes(r.get("location_country"), r.get("location_precision"),
                                                  admin1_code(r))
        cameo, quad, score = ((r.get("cameo"), r.get("quad"), r.get("intensity")) if category == r.get("type")
                              else PLOVER_TYPES[category])
        out.append({
            "GLOBALEVENTID": r["pk"], "SQLDATE": acled_date(r.get("date"), r.get("date_precision"))[0].replace("-", ""),
            "Actor1Name": r.get("actor_name"), "Actor1CountryCode": r.get("actor_country"),
            "Actor1Type1Code": r.get("actor_role"), "Actor2Name": r.get("recipient_name"),
            "Actor2CountryCode": r.get("recipient_country"), "Actor2Type1Code": r.get("recipient_role"),
            "IsRootEvent": 1, "EventCode": cameo, "EventRootCode": cameo,
            "QuadClass": QUAD_NUM.get(quad), "GoldsteinScale": score,
            "NumMentions": r.get("num_mentions", 1), "NumSources": r.get("num_sources", 1),
            "ActionGeo_Type": GDELT_GEO_TYPE.get(r.get("location_precision"), 0),
            "ActionGeo_FullName": r.get("location_name"), "ActionGeo_CountryCode": country_code,
            "ActionGeo_ADM1Code": adm1_code, "ActionGeo_Lat": r.get("lat"), "ActionGeo_Long": r.get("lon"),
            "ActionGeo_FeatureID": r.get("geonameid"), "SOURCEURL": r.get("article_url") or r.get("article_id"),
            "PloverType": r.get("type"), "PloverCategory": category, "Modality": r.get("modality"),
        })
    return out


# CSV formula injection (OWASP "CSV Injection"): a spreadsheet evaluates a cell that starts with one of
# these as a formula, and the exports carry article text (ACLED notes, actor names, titles). A text cell
# starting with one gets a leading ' (shown as text, not evaluated); numbers - and text that is just a
# number, such as "-9.0" - are written as they are, so they stay numeric.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(value):
    """``value`` as a CSV cell: a text starting with a formula character gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_csv(records: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    for rec in records:
        w.writerow({k: csv_cell(v) for k, v in rec.items()})
    return buf.getvalue()


def to_json(rows: Iterable[dict]) -> str:
    return json.dumps([{**r["data"], "article_id": r.get("article_id"), "article_url": r.get("article_url")}
                       for r in rows], ensure_ascii=False, indent=1)


# Parquet column types of FLAT_COLUMNS: one schema for every export (empty, filtered or full), so daily
# files read as one dataset; before, pyarrow inferred them from the rows (all strings when empty, null
# for a column empty in every row). Every other column is a string.
PARQUET_TYPES = {"idx": "int64", "geonameid": "int64", "lat": "float64", "lon": "float64",
                 "intensity": "float64", "fatalities": "int64", "confidence": "float64"}


def parquet_schema():
    import pyarrow as pa
    return pa.schema([(c, getattr(pa, PARQUET_TYPES.get(c, "string"))()) for c in FLAT_COLUMNS])


def to_parquet(records: list[dict], path: str) -> None:
    """``flat`` rows as Parquet with ``parquet_schema`` (the same column types whatever the rows)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    schema = parquet_schema()
    pq.write_table(pa.Table.from_pylist([{c: r.get(c) for c in FLAT_COLUMNS} for r in records], schema=schema), path)
