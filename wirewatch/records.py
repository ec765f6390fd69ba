"""Small typed records passed between pipeline stages.

The data path is: sources -> Article -> (spaCy Doc) -> Actor / Place / TimeExpr -> Event -> store.
Each stage only consumes and produces these records, so a stage can be rewritten without touching
the others. ``to_dict`` gives the JSON shape of the ``extract --jsonl`` contract (docs/data-model.md).
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Optional


_SCALARS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # dataclass -> its field names, in order


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:  # most values: answered before the dataclass test, which is the costly one
        return value
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


class Record:
    """Mixin: JSON-ready dict of a dataclass (dates as ISO strings, nested records as dicts)."""

    def to_dict(self) -> dict:
        return _plain(self)


@dataclass
class Span(Record):
    """Character span into the article text: ``text == article_text[start:end]``."""
    text: str
    start: int
    end: int


@dataclass
class Actor(Record):
    """A mention of an actor. ``name`` is the canonical name shared by all mentions of one entity.

    kind: person | organization | country | group.  country: ISO 3166-1 alpha-3 or None.
    role: GOV, MIL, REB, CVL, MED, BUS, ... (see wirewatch.actors.ROLES).
    """
    text: str
    start: int
    end: int
    name: str
    kind: str
    country: Optional[str] = None
    role: Optional[str] = None


@dataclass
class Place(Record):
    """A toponym resolved to GeoNames.

    feature: populated place | admin1 | admin2 | country | region | other.
    precision: the level the coordinates stand for: place | admin3 (a known village placed at its
    community centre) | admin2 | admin1 | country | region.
    """
    text: str
    start: int
    end: int
    name: str
    geonameid: Optional[int]
    lat: float
    lon: float
    country: Optional[str]
    admin1: Optional[str] = None
    feature: str = "populated place"
    precision: str = "place"


@dataclass
class TimeExpr(Record):
    """A date expression normalised against the publication date.

    value: ISO 8601 / TimeML ("2025-10-17", "2025-10", "2025-W42", "2025-W42-WE", "2025",
    "2025-WI" for seasons, "2025-Q3", "2025-H2", "202" for the 2020s, "19" for the 20th century).
    precision: day | week | month | season | quarter | half | year | decade | century, or reference for
    TimeML's PRESENT_REF / PAST_REF / FUTURE_REF ("now", "recently"), which are no calendar date.
    A century is never an event's date (``times.event_date`` skips it, as it skips reference values).
    ``period_bounds`` gives the first and last day of a value.
    """
    text: str
    start: int
    end: int
    value: str
    precision: str


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}


def _last_day(y: int, mo: int) -> date:
    """Last day of month ``mo`` of year ``y`` (``mo`` may run past 12 into the next year)."""
    y, mo = y + (mo - 1) // 12, (mo - 1) % 12 + 1
    return date(y, 12, 31) if mo == 12 else date(y, mo + 1, 1) - timedelta(days=1)  # (9999-12: no year 10000)


def period_bounds(value: Optional[str]) -> Optional[tuple[date, date]]:
    """First and last day of a TimeExpr value (day, week, weekend, month, season, quarter, half,
    year, decade); None for values naming no calendar period. The one place period arithmetic
    lives: stories' date windows, ACLED's event_date, the store's date_first / date_last (date filters
    and order) and the anaphora resolution use it."""
    if not value or not isinstance(value, str):  # (a stored BLOB or number names no period either)
        return None
    try:
        if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            d = date.fromisoformat(value[:10])
            return d, d
        if m := re.fullmatch(r"([0-9]{4})-W([0-9]{2})(-WE)?", value):  # a week, or its weekend (TimeML)
            first = date.fromisocalendar(int(m[1]), int(m[2]), 6 if m[3] else 1)
            return first, first + timedelta(days=1 if m[3] else 6)
        if m := re.fullmatch(r"([0-9]{4})-([0-9]{2})", value):
            return date(int(m[1]), int(m[2]), 1), _last_day(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"([0-9]{4})-(SP|SU|FA|AU|WI)", value):
            a, b = _SEASON_MONTHS[m[2]]
            return date(int(m[1]), a, 1), _last_day(int(m[1]), b)
        if m := re.fullmatch(r"([0-9]{4})-([QH])([1-4])", value):
            n = 3 if m[2] == "Q" else 6  # months in a quarter / half year
            if n * int(m[3]) > 12:
                return None
            return date(int(m[1]), n * int(m[3]) - n + 1, 1), _last_day(int(m[1]), n * int(m[3]))
        if m := re.fullmatch(r"([0-9]{4})", value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
        if m := re.fullmatch(r"([0-9]{3})", value):  # a decade (TimeML "199" = the 1990s)
            return date(int(m[1]) * 10, 1, 1), date(int(m[1]) * 10 + 9, 12, 31)
    except (ValueError, OverflowError):  # 2024-13, 0000; 9999-W52 runs past date.max (OverflowError)
        return None
    return None


# The forms ``--since`` / ``--until`` and the API's ``since`` / ``until`` accept: a day, or a period
# written as dates are stored (2024, 2024-07, 2024-Q3, 2024-H1, 2024-W42).
WINDOW_FORMS = "a day (YYYY-MM-DD) or a period (2024, 2024-07, 2024-Q3, 2024-H1, 2024-W42)"
_WINDOW_VALUE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?|-Q[1-4]|-H[12]|-W[0-9]{2})?")  # ASCII digits only


def window_day(value: str, end: bool) -> date:
    """The day a date filter's bound stands for: ``value`` itself for a day, else the first day of the
    period (``since``, ``end`` false) or its last (``until``): with the store's overlap test, since=2024-Q3
    keeps what ends on or after 1 July, until=2024-Q3 what starts on or before 30 September. The one
    parser of the CLI's --since / --until and the HTTP API's since / until; ValueError for other text."""
    text = (value or "").strip()
    bounds = period_bounds(text) if _WINDOW_VALUE.fullmatch(text) else None
    if bounds is None:
        raise ValueError(f"{value!r} is not {WINDOW_FORMS}")
    return bounds[1 if end else 0]


@dataclass
class Quantity(Record):
    text: str
    start: int
    end: int
    value: float
    unit: Optional[str] = None


@dataclass
class Event(Record):
    """One coded event mention. See docs/data-model.md for every field's meaning."""
    type: str
    trigger: Span
    sentence: dict  # {"start": int, "end": int}
    modality: str = "occurred"  # occurred | planned | possible | negated
    mode: Optional[str] = None
    context: list = field(default_factory=list)
    actor: Optional[Actor] = None
    recipient: Optional[Actor] = None
    location: Optional[Place] = None
    date: Optional[str] = None
    date_precision: Optional[str] = None
    said_by: Optional[Actor] = None
    acled_event_type: Optional[str] = None
    acled_sub_event_type: Optional[str] = None
    cameo: Optional[str] = None
    quad: Optional[str] = None
    intensity: Optional[float] = None
    fatalities: Optional[int] = None
    quantities: list = field(default_factory=list)
    confidence: float = 0.5


@dataclass
class Extraction(Record):
    """Everything extracted from one text: the ``extract`` output for one document."""
    id: str
    events: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    places: list = field(default_factory=list)
    times: list = field(default_factory=list)


@dataclass
class Article(Record):
    """A news article as read from a source, before any analysis.

    id: the id given by the source (JSONL ``id``) or derived from URL / content.
    source: where it was read from (file path, feed URL, page URL).
    """
    id: str
    text: str
    title: Optional[str] = None
    url: Optional[str] = None
    published: Optional[date] = None
    source: Optional[str] = None

    def __post_init__(self) -> None:
        # JSON can carry lone surrogates ("\\ud800"), which cannot be encoded to UTF-8 for hashing or
        # storage: each becomes U+FFFD, one character for one, so offsets into the text stay valid.
        for name in ("id", "text", "title", "url", "source"):
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, scrub_surrogates(value))

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass
class SourceFailure(Record):
    """A source (or one item of it) that could not be read, with a one-line reason."""
    source: str
    reason: str


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (same length: offsets are unchanged)."""
    return _SURROGATE.sub("\ufffd", text)


def scrub_json(value):
    """A parsed JSON value with ``scrub_surrogates`` applied to every string in it (keys too): how every
    JSON reader (``ingest`` / ``extract`` JSONL lines, ``POST /api/ingest`` bodies) repairs lone surrogates."""
    if isinstance(value, str):
        return scrub_surrogates(value)
    if isinstance(value, list):
        return [scrub_json(v) for v in value]
    if isinstance(value, dict):
        return {scrub_json(k): scrub_json(v) for k, v in value.items()}
    return value


def content_hash(text: str) -> str:
    """Hash of whitespace-normalised text: the same article re-read is recognised as the same."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()
