"""The GeoNames gazetteer index: building, versioning, folding, lookups and coverage."""
import os
import sqlite3
from pathlib import Path

import pytest

from wirewatch import gazetteer as gz

FIXTURE = str(Path(__file__).parent / "fixtures" / "geo" / "mini_geonames.txt")


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> gz.Gazetteer:
    """An index built only from the small GeoNames-format dump in tests/fixtures/geo."""
    path = tmp_path_factory.mktemp("gaz") / "mini.sqlite"
    gz.build_index(path, include_packaged=False, dumps=[FIXTURE])
    return gz.Gazetteer(path)


def test_dump_rows_become_entries(mini):
    kyiv = mini.get(703448)
    assert kyiv is not None and kyiv.name == "Kyiv" and kyiv.country == "UKR"
    assert kyiv.feature == "populated place" and kyiv.population == 2952301
    assert mini.get(709716).feature == "admin1"
    assert mini.get(2960000).feature == "other"  # a river: kept, but not a populated place


@pytest.mark.parametrize("query,gid", [
    ("Kyiv", 703448), ("kyiv", 703448), ("KYIV", 703448), ("Kiev", 703448),
    ("Kharkov", 706483), ("Nikolaev", 700569), ("Kupyansk", 703656), ("Kup’yans’k", 703656),
    ("Robotyne", 9990001), ("Rabotino", 9990001), ("Donetsk region", 709716),
    ("Donetsk Oblast", 709716),
])
def test_lookup_folds_case_diacritics_apostrophes(mini, query, gid):
    assert gid in [e.geonameid for e in mini.lookup(query)]


def test_alternate_names_are_flagged_and_rank_after_primary(mini):
    odessa = mini.lookup("Odessa")
    assert {e.geonameid for e in odessa} == {698740, 5527554}
    assert odessa[0].geonameid == 5527554 and not odessa[0].alias  # primary name first
    assert odessa[1].alias
    assert not mini.lookup("Kyiv")[0].alias


def test_all_candidates_of_an_ambiguous_name(mini):
    assert {e.geonameid for e in mini.lookup("Novopavlivka")} == {699373, 699377}
    assert mini.lookup("Atlantis") == []
    assert mini.lookup("") == []


def test_near_is_sorted_by_distance(mini):
    hits = mini.near(48.28, 37.18, 60)
    assert [e.geonameid for _, e in hits][:3] == [704422, 699373, 709716]
    assert all(a <= b for (a, _), (b, _) in zip(hits, hits[1:]))
    assert 699377 not in [e.geonameid for _, e in hits]


def test_build_is_atomic_and_versioned(tmp_path):
    path = tmp_path / "g.sqlite"
    meta = gz.build_index(path, include_packaged=False, dumps=[FIXTURE], fingerprint="abc")
    assert meta["entries"] == 12
    assert os.listdir(tmp_path) == ["g.sqlite"]  # no temp file left behind
    assert gz._is_current(path, "abc")
    assert not gz._is_current(path, "other")
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
    con.commit()
    con.close()
    assert not gz._is_current(path, "abc")  # an index of another version is stale
    path.write_bytes(b"not a database")
    assert not gz._is_current(path, "abc")


def test_admin_base_names():
    assert "donetsk" in gz.admin_base_names(["Donetska oblast"])
    assert "kursk" in gz.admin_base_names(["Kurskaya oblast'"])
    assert "zabul" in gz.admin_base_names(["Zabul Province"])


def test_region_press_forms_go_to_the_unit_around_a_city_unit():
    """A city that is an admin1 unit of its own beside the oblast named after it: "the Zlatograd
    region" / "Zlatograd Oblast" is the oblast, not the city unit (invented names)."""
    units = {
        1: ("UKR", 1, ["Zlatograd", "Zlatograd City"], "Zlatograd"),            # the city unit
        2: ("UKR", 1, ["Zlatogradska oblast", "Zlatograd Oblast"], "Bilopil"),  # the oblast
        3: ("UKR", 1, ["Riverska oblast", "River Oblast"], "River"),  # named after its main town
        4: ("UKR", 2, ["Bilopil"], "Bilopil"),      # districts named after a town keep their forms
        5: ("UKR", 2, ["Bilopilskyi raion"], "Bilopil"),
    }
    skip = gz._city_unit_bases(units)
    assert skip == {1: {"zlatograd"}}
    b = gz._Builder()
    for gid, (country, level, names, top) in units.items():
        if level == 1:
            b.add(gid, names[0], 50.0, 30.0, country, names[0], None, "admin1", 1000)
            b.add_names(gid, names, alias=False)
            gz._add_admin_keys(b, gid, names, "admin1", country, top,
                               frozenset(skip.get(gid, ())))
    owners = lambda key: {g for (k, g) in b.names if k == key}
    assert owners("zlatograd region") == {2}
    assert owners("zlatograd oblast") == {2}
    assert owners("zlatograd city") == {1}   # its own names stay
    assert owners("river region") == {3}     # no city unit beside it: unchanged
    assert 1 in owners("zlatograd") and 2 in owners("zlatograd")


def test_arabic_article_is_dropped_only_from_long_names_in_arabic_speaking_countries():
    assert [gz.article_dropped(k) for k in ("al qamishli", "al bab", "kyiv")] == ["qamishli", None, None]
    b = gz._Builder()
    b.add(1, "Al Qamishli", 37.05, 41.22, "SYR", None, None, "populated place", 180000)
    b.add(2, "El Salvador", 13.8, -88.9, "SLV", None, None, "country", 6000000)
    b.add(3, "El Paso", 31.76, -106.49, "USA", None, None, "populated place", 680000)
    assert b.names[("qamishli", 1)] == 1, "the bare form is an alias, the full name stays primary"
    assert ("salvador", 2) not in b.names and ("paso", 3) not in b.names


def test_admin_point_is_the_centre_of_the_towns_extent():
    # a sparse north counts; one stray town and a far island do not
    lats = [42.0 + 0.01 * i for i in range(200)] + [56.0, 55.0, 54.5] + [44.0]
    lons = [-80.0 - 0.01 * i for i in range(200)] + [-88.0, -87.5, -87.0] + [-109.0]
    lat, lon = gz._extent_centre(lats, lons)
    assert 48 < lat < 50 and -85 < lon < -83
    lat, lon = gz._extent_centre([65.0, 65.5, 66.0], [179.0, -179.5, -178.0])  # antimeridian
    assert 65 < lat < 66 and (lon > 178 or lon < -178)


def test_fingerprint_follows_country_points(monkeypatch):
    import dataclasses
    before = gz._fingerprint(True, [])
    moved = [dataclasses.replace(c, lat=c.lat + 1) if c.iso3 == "USA" else c
             for c in gz.all_countries()]
    monkeypatch.setattr(gz, "all_countries", lambda: moved)
    assert gz._fingerprint(True, []) != before


def test_haversine():
    assert gz.haversine_km(50.45, 30.52, 50.45, 30.52) == 0
    assert 430 < gz.haversine_km(50.45, 30.52, 46.48, 30.73) < 455  # Kyiv - Odesa


# --- the default, packaged gazetteer (built once into the cache directory) ---------------

@pytest.fixture(scope="module")
def full() -> gz.Gazetteer:
    return gz.default_gazetteer()


@pytest.mark.parametrize("query,country,feature", [
    ("Kyiv", "UKR", "populated place"), ("Kiev", "UKR", "populated place"),
    ("Odesa", "UKR", "populated place"), ("Kharkov", "UKR", "populated place"),
    ("Nikolaev", "UKR", "populated place"), ("Novopavlivka", "UKR", "populated place"),
    ("Pokrovsk", "UKR", "populated place"), ("Kupiansk", "UKR", "populated place"),
    ("Donetsk Oblast", "UKR", "admin1"), ("Donetsk region", "UKR", "admin1"),
    ("Kharkiv region", "UKR", "admin1"), ("Kursk region", "RUS", "admin1"),
    ("Russia", "RUS", "country"), ("US", "USA", "country"), ("Calif.", "USA", "admin1"),
    ("Qamishli", "SYR", "populated place"),  # GeoNames: "Al Qamishli"
])
def test_default_gazetteer_coverage(full, query, country, feature):
    assert any(e.country == country and e.feature == feature for e in full.lookup(query))


def test_default_gazetteer_admin_names_and_size(full):
    pokrovsk = next(e for e in full.lookup("Pokrovsk") if e.country == "UKR"
                    and e.feature == "populated place")
    assert pokrovsk.admin1 == "Donetsk Oblast"
    assert pokrovsk.admin2  # the raion
    assert os.path.getsize(full.path) < 300e6
    assert full.meta()["version"] == gz.INDEX_VERSION


# --- Ukrainian villages from the KATOTTG codifier ---------------------------------------

def _ukrainian_towns() -> gz._Builder:
    """A builder holding a few GeoNames towns, as _add_packaged leaves them."""
    b = gz._Builder()
    towns = [  # gid, name, lat, lon, admin1, admin2, population, Cyrillic name
        (691999, "Tokmak", 47.2555, 35.7084, "Zaporizhzhia Oblast", "Polohy Raion", 30000, "Токмак"),
        (698428, "Orikhiv", 47.5761, 35.7833, "Zaporizhzhia Oblast", "Polohy Raion", 14479, "Оріхів"),
        (689965, "Verbove", 47.43, 35.99, "Zaporizhzhia Oblast", "Polohy Raion", 1246, "Вербове"),
        (694216, "Synelnykove", 48.32, 35.51, "Dnipropetrovsk Oblast", "Synelnykove Raion",
         30000, "Синельникове"),
        (702134, "Mezhova", 48.25, 36.73, "Dnipropetrovsk Oblast", "Synelnykove Raion", 7000,
         "Межова"),
    ]
    for gid, name, lat, lon, a1, a2, pop, cyr in towns:
        b.add(gid, name, lat, lon, "UKR", a1, a2, "populated place", pop)
        b.local_names[gid] = [name, cyr]
    return b


def test_katottg_villages_get_their_community_centre(monkeypatch):
    rows = [("UA23", "UA2310", "UA23100270", "M", "Токмак"),
            ("UA23", "UA2310", "UA23100270", "C", "Роботине"),     # Tokmak's community
            ("UA23", "UA2310", "UA23100190", "M", "Оріхів"),
            ("UA23", "UA2310", "UA23100190", "C", "Вербове"),      # in GeoNames: kept as is
            ("UA23", "UA2310", "UA23100500", "C", "Нове"),         # community without a town
            ("UA12", "UA1214", "UA12140190", "M", "Синельникове"),
            ("UA12", "UA1214", "UA12140190", "C", "Вербове"),      # a namesake elsewhere
            ("UA12", "UA1214", "UA12140200", "T", "Межова")]
    monkeypatch.setattr(gz, "_katottg_rows", lambda: rows)
    b = _ukrainian_towns()
    counts = gz._add_katottg(b)
    assert counts == {"katottg matched": 5, "katottg admin3": 2, "katottg admin2": 1}
    added = {e[1] + "/" + e[5]: e for e in b.entries.values() if e[0] < 0}
    robotyne = added["Robotyne/Zaporizhzhia Oblast"]
    assert robotyne[2:4] == (47.2555, 35.7084) and robotyne[9] == "admin3"
    assert robotyne[6] == "Polohy Raion" and robotyne[8] == 0
    assert added["Nove/Zaporizhzhia Oblast"][9] == "admin2"  # the raion's biggest town
    assert added["Verbove/Dnipropetrovsk Oblast"][2:4] == (48.32, 35.51)
    assert "Verbove/Zaporizhzhia Oblast" not in added  # GeoNames has it: no duplicate
    assert ("robotyne", robotyne[0]) in b.names


def test_katottg_romanisation_is_the_national_system():
    assert gz._romanised("Роботине")[0] == "Robotyne"
    assert gz._romanised("Новопавлівка")[0] == "Novopavlivka"
    assert gz._romanised("Куп'янськ")[0] == "Kupiansk"
    assert "Urozhayne" in gz._romanised("Урожайне")[1]  # the BGN spelling, as an alternate


def test_default_gazetteer_has_small_ukrainian_villages(full):
    hits = [e for e in full.lookup("Robotyne") if e.country == "UKR"]
    assert hits and hits[0].admin1 == "Zaporizhzhia Oblast"
    assert hits[0].precision in ("admin3", "admin2")
    assert gz.haversine_km(hits[0].lat, hits[0].lon, 47.45, 35.84) < 25
    kupiansk = [e for e in full.lookup("Kupiansk") if e.country == "UKR"]
    assert [e.geonameid for e in kupiansk] == [703656]  # matched, not added twice
    assert kupiansk[0].precision is None
    counts = full.meta()["counts"]
    assert counts["katottg matched"] > 5000 and counts["katottg admin3"] > 20000


def test_a_village_from_a_geonames_dump_keeps_its_own_point(monkeypatch):
    monkeypatch.setattr(gz, "_katottg_rows", lambda: [
        ("UA23", "UA2310", "UA23100270", "M", "Токмак"),
        ("UA23", "UA2310", "UA23100270", "C", "Роботине"),
        ("UA23", "UA2310", "UA23100190", "M", "Оріхів")])
    b = _ukrainian_towns()
    gz._add_dump(b, FIXTURE)  # has Robotyne at 47.44 N 35.84 E, Cyrillic name included
    counts = gz._add_katottg(b)
    assert counts == {"katottg matched": 3}
    assert b.entries[9990001][2:4] == (47.44, 35.84)


@pytest.mark.parametrize("spellings", [
    ("Vodiane", "Vodyane", "Vodyanoye", "Vodjane"),           # KMU, BGN, Russian, older press
    ("Serhiivka", "Serhiyivka", "Sergeevka", "Sergeyevka"),
    ("Rumiantseve", "Rum'yantseve", "Rumyantsevo"),
    ("Zaporizhzhia region", "Zaporizhia region", "Zaporizhzhya region"),
    ("Donetsk", "Donets'k"),
    ("Zhabie", "Zhab'ye"),
    # Russian adjective endings against Ukrainian ones, -ino against -yne, ikavism (round 4)
    ("Borova", "Borovaya"),
    ("Zolotyi", "Zolotoy"),
    ("Nyzhni Petrivtsi", "Nizhniye Petrovtsy", "Nizhnie Petrovtsy"),
    ("Kalynyne", "Kalinino"),
    ("Artemivsk", "Artemovsk"),
    ("Kharkiv", "Kharkov"),
    # iotation written or left out (session 12): Russian ё as "yo" (BGN/PCGN, press) or "e" (ICAO,
    # passport; Ukrainian е), Russian е as "ye" (BGN/PCGN) or "e" (ICAO, GOST 2006) after a vowel or initially
    ("Fedorivka", "Fyodorovka", "Fedorovka"),
    ("Novoselivka", "Novosyolovka", "Novoselovka"),
    ("Yelanets", "Elanets"),
    ("Nikolayev", "Nikolaev"),
])
def test_skeleton_merges_romanisations_of_one_name(spellings):
    keys = {gz.skeleton(gz.fold(s)) for s in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize("a,b", [("Kyiv", "Kherson"), ("Lviv", "Liv"), ("Sumy", "Summy Hill"),
                                 ("Borova", "Borovoy"), ("Kalynivka", "Kalinino"),
                                 ("Semenivka", "Simonivka"), ("Kiev", "Keve")])
def test_skeleton_keeps_different_names_apart(a, b):
    assert gz.skeleton(gz.fold(a)) != gz.skeleton(gz.fold(b))
    assert gz.skeleton("Київ") == ""  # only Latin keys


def test_cyrillic_romanisations_cover_ukrainian_and_russian_systems():
    assert {"Vodiane", "Vodyane"} <= gz.cyrillic_romanisations("Водяне")
    assert "Serhiivka" in gz.cyrillic_romanisations("Сергіївка")
    assert "Sergeyevka" in gz.cyrillic_romanisations("Сергеевка") or \
        "Sergeevka" in gz.cyrillic_romanisations("Сергеевка")
    assert gz.cyrillic_romanisations("Kyiv") == set()
    assert gz.cyrillic_romanisations("Мазыр ў") == set()  # Belarusian letters: not ours


def test_variant_spellings_reach_the_entry(full):
    # "Donets'k" (BGN with apostrophe) reaches the Ukrainian city, not only its Russian namesake
    assert any(e.country == "UKR" and e.feature == "populated place"
               for e in full.lookup("Donets'k"))
    oblast = [e for e in full.lookup("Zaporizhia region") if e.feature == "admin1"]
    assert oblast and oblast[0].name == "Zaporizhzhia Oblast" and oblast[0].variant
    # a Russian-based spelling of a Ukrainian village
    assert any(e.name == "Vodiane" and e.admin1 == "Donetsk Oblast" for e in full.lookup("Vodyanoye"))
    # exact names keep their place: no variant flag on a primary match
    kyiv = full.lookup("Kyiv")[0]
    assert kyiv.country == "UKR" and not kyiv.variant


def test_skeleton_keys_only_for_cyrillic_romanised_countries(mini):
    # the mini dump has Kyiv (UKR) and non-Cyrillic countries: skeleton keys exist for Kyiv only
    con = sqlite3.connect(mini.path)
    gids = {g for (g,) in con.execute("SELECT DISTINCT gid FROM names WHERE key LIKE '~%'")}
    countries = {mini.get(g).country for g in gids}
    assert "UKR" in countries and countries <= gz.SKELETON_COUNTRIES


def test_a_letter_without_decomposition_is_looked_up_plain(full):
    # Turkish dotless i: "Diyarbakır" as written in the press reaches GeoNames' Diyarbakır
    found = full.lookup("Diyarbakır")
    assert found and found[0].country == "TUR" and found[0].feature == "populated place"
    assert [e.name for e in found] == [e.name for e in full.lookup("Diyarbakir")]
