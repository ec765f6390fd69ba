"""Country names, acronyms, demonyms and capitals resolve to the right ISO 3166-1 record."""
import pytest

from wirewatch.countries import (all_countries, country_by_capital, country_by_demonym,
                                 country_by_iso3, country_by_name, fold)


@pytest.mark.parametrize("text,iso3", [
    ("Russia", "RUS"), ("the United States", "USA"), ("The United States", "USA"),
    ("U.S.", "USA"), ("US", "USA"), ("USA", "USA"), ("America", "USA"), ("Britain", "GBR"),
    ("UK", "GBR"), ("United Kingdom", "GBR"), ("South Korea", "KOR"), ("North Korea", "PRK"),
    ("Ivory Coast", "CIV"), ("Côte d’Ivoire", "CIV"), ("DR Congo", "COD"), ("Ukraine", "UKR"),
    ("Russian Federation", "RUS"), ("Iran", "IRN"), ("Syria", "SYR"), ("Kosovo", "XKX"),
    ("the Netherlands", "NLD"), ("Czech Republic", "CZE"), ("Germany", "DEU"),
])
def test_country_by_name(text, iso3):
    country = country_by_name(text)
    assert country is not None and country.iso3 == iso3


@pytest.mark.parametrize("text", ["us", "uk", "turkey", "chad", "Washington", "Donetsk", "", "the"])
def test_country_by_name_rejects_non_countries(text):
    assert country_by_name(text) is None


@pytest.mark.parametrize("text,iso3", [
    ("Ukrainian", "UKR"), ("Russian", "RUS"), ("American", "USA"), ("Israeli", "ISR"),
    ("Palestinian", "PSE"), ("British", "GBR"), ("Iranian", "IRN"), ("Ukrainians", "UKR"),
    ("Israelis", "ISR"), ("Chinese", "CHN"), ("French", "FRA"),
])
def test_country_by_demonym(text, iso3):
    country = country_by_demonym(text)
    assert country is not None and country.iso3 == iso3


def test_demonym_needs_capital_letter():
    assert country_by_demonym("russian") is None
    assert country_by_demonym("Kyiv") is None


@pytest.mark.parametrize("text,iso3", [
    ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Moscow", "RUS"), ("Washington", "USA"),
    ("Beijing", "CHN"), ("London", "GBR"), ("Tehran", "IRN"),
])
def test_country_by_capital(text, iso3):
    country = country_by_capital(text)
    assert country is not None and country.iso3 == iso3


def test_country_record_fields():
    ukr = country_by_iso3("ukr")
    assert ukr is not None
    assert (ukr.iso2, ukr.name, ukr.capital) == ("UA", "Ukraine", "Kyiv")
    assert ukr.geonameid == 690791
    assert 44 < ukr.lat < 53 and 22 < ukr.lon < 41
    assert country_by_iso3("XXX") is None


def test_all_countries_are_unique_and_complete():
    countries = all_countries()
    codes = [c.iso3 for c in countries]
    assert len(codes) == len(set(codes)) >= 249
    assert all(len(c.iso2) == 2 and c.name for c in countries)


def test_fold_normalises_case_diacritics_apostrophes():
    assert fold("Côte d’Ivoire") == fold("cote d'ivoire")
    assert fold("  KYIV ") == "kyiv"
    assert fold("Ivano-Frankivsk") == fold("Ivano Frankivsk")


@pytest.mark.parametrize("iso3, lat, lon", [
    ("USA", 39.76, -98.5),       # GeoNames: centre of the contiguous states (countryinfo: 38, -97)
    ("JPN", 35.685, 139.753),    # GeoNames: Tokyo
    ("UKR", 49.0, 32.0),         # countryinfo and GeoNames agree
])
def test_country_points_are_geonames_points(iso3, lat, lon):
    country = country_by_iso3(iso3)
    assert abs(country.lat - lat) < 0.01 and abs(country.lon - lon) < 0.01
