import pytest

from wirewatch.export import acled_date


@pytest.mark.parametrize("value,precision,expected", [
    ("2025-10-17", "day", ("2025-10-17", 1)),
    ("2025-10-14", "published", ("2025-10-14", 2)),
    ("2025-W42", "week", ("2025-10-13", 2)),
    ("2025-10", "month", ("2025-10-01", 3)),
    ("2025-WI", "season", ("2025-12-01", 3)),
    ("2025-Q3", "quarter", ("2025-07-01", 3)),
    ("2025", "year", ("2025-01-01", 3)),
    ("199", "decade", ("1990-01-01", 3)),
    (None, None, ("", 3)),
])
def test_acled_dates_are_days_with_precision(value, precision, expected):
    assert acled_date(value, precision) == expected
