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
