"""Build the news-dates TimeML suite: ``articles.txt`` (hand-written, inline marks) -> one ``.tml``
file per article, readable by ``wirewatch.evaluation.timeml.parse_tml``.

    .venv/bin/python eval/news-dates/make_news_dates.py [SOURCE] [OUT_DIR]

Source format (see eval/README.md, "news-dates"):
    === ID YYYY-MM-DD          an article: its id (the .tml file name) and its creation time (DCT)
    # ...                      a comment line (outside the text)
    {text|value}               a TIMEX3 of type DATE
    {text|TYPE|value}          a TIMEX3 of another type (TIME, DURATION, SET)
    {text|value|MOD}, {text|TYPE|value|MOD}   ... with a TimeML mod (START, MID, END, APPROX, ...)
The first line of an article is its headline; the lines after it are the body. The text is written
into <TEXT> as it is (XML-escaped), so the offsets parse_tml computes are those of the plain text.

The build only checks the author's arithmetic, it never decides a value: a value of the wrong form,
a weekday or month name that disagrees with the value's calendar day or month, a four-digit year in
the text that is not the value's year, and "today" / "yesterday" / "tomorrow" / "this|last|next
week|month|year" that do not agree with the DCT (TimeML 1.2.1 / TIDES 2005 anchoring on the DCT)
fail the build.
"""
from __future__ import annotations

import re
import sys
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
TYPES = ("DATE", "TIME", "DURATION", "SET")
MODS = ("BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS",
        "EQUAL_OR_MORE", "START", "MID", "END", "APPROX")  # TimeML 1.2.1
MARK = re.compile(r"\{([^{}|]+)\|([^{}]+)\}")
HEADER = re.compile(r"^=== (\S+) (\d{4}-\d{2}-\d{2})\s*$")
# TIDES value forms for DATE: calendar day / month / year, ISO week (and its weekend), quarter, half,
# season, fiscal year, decade (3 digits), century (2 digits), and the three vague references
DATE_VALUE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|\d{4}-W\d{2}(-WE)?|\d{4}-(Q[1-4]|H[12]|SP|SU|FA|WI)"
                        r"|FY\d{4}|\d{2,3}|PRESENT_REF|PAST_REF|FUTURE_REF)$")
TIME_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}T(\d{2}:\d{2}|MO|AF|EV|NI|DT)$")
DURATION_VALUE = re.compile(r"^P(\d+|X)(Y|M|W|D|DE|CE|Q)$|^PT(\d+|X)(H|M)$")
SET_VALUE = re.compile(r"^P(\d+)(Y|M|W|D)$|^XXXX-WXX-[1-7]$")
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december"]
MONTH = re.compile(r"\b(" + "|".join(MONTH_NAMES) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b")


class BuildError(ValueError):
    pass


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_month(d: date, n: int) -> str:
    m = d.year * 12 + d.month - 1 + n
    return f"{m // 12}-{m % 12 + 1:02d}"


def expected_from_dct(text: str, dct: date) -> str | None:
    """The value an expression that is anchored on the DCT alone must have, or None."""
    t = text.lower().strip()
    fixed = {"today": dct.isoformat(), "yesterday": (dct - timedelta(1)).isoformat(),
             "tomorrow": (dct + timedelta(1)).isoformat(),
             "this week": _week(dct), "last week": _week(dct - timedelta(7)),
             "next week": _week(dct + timedelta(7)),
             "this month": _shift_month(dct, 0), "last month": _shift_month(dct, -1),
             "next month": _shift_month(dct, 1),
             "this year": str(dct.year), "last year": str(dct.year - 1), "next year": str(dct.year + 1)}
    return fixed.get(t)


def check(text: str, typ: str, value: str, dct: date, where: str) -> None:
    """Fail on a value that cannot be what the author meant (form, weekday, month, year, DCT)."""
    form = {"DATE": DATE_VALUE, "TIME": TIME_VALUE, "DURATION": DURATION_VALUE, "SET": SET_VALUE}[typ]
    if not form.match(value):
        raise BuildError(f"{where}: {typ} value {value!r} of {text!r} is not a TimeML value")
    if typ not in ("DATE", "TIME"):
        return
    low = text.lower()
    day = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if day:
        d = date(int(day[1]), int(day[2]), int(day[3]))  # raises on 2026-02-30
        for i, name in enumerate(WEEKDAYS):
            if re.search(rf"\b{name[:3]}(\.|{name[3:]}\b|\b)", low) and d.weekday() != i:
                raise BuildError(f"{where}: {text!r} = {value} is a {WEEKDAYS[d.weekday()]}")
    month = re.match(r"^\d{4}-(\d{2})", value)
    if month:
        names = {[m[:3] for m in MONTH_NAMES].index(found[:3]) + 1 for found in MONTH.findall(low)}
        if names and int(month[1]) not in names:
            raise BuildError(f"{where}: {text!r} = {value}: month {month[1]} is not in the text")
    years = re.findall(r"(?<![\d-])(1[89]\d\d|20\d\d)(?![\d-])", text)
    if years and value[:1].isdigit() and len(years) == 1 and not value.startswith(years[0][:len(value)]):
        raise BuildError(f"{where}: {text!r} = {value}: the year in the text is {years[0]}")
    if typ == "DATE":
        want = expected_from_dct(text, dct)
        if want is not None and value != want:
            raise BuildError(f"{where}: {text!r} is {want} from the DCT {dct}, not {value}")


def parse_source(source: str) -> list[dict]:
    """The articles of ``source``: [{id, dct, text, timexes: [(start, end, type, value, mod)]}]."""
    articles: list[dict] = []
    cur = None
    for n, line in enumerate(source.splitlines(), 1):
        head = HEADER.match(line)
        if head:
            cur = {"id": head[1], "dct": date.fromisoformat(head[2]), "lines": [], "line": n}
            if any(a["id"] == cur["id"] for a in articles):
                raise BuildError(f"line {n}: id {cur['id']} twice")
            articles.append(cur)
        elif line.startswith("#") or (cur is None and not line.strip()):
            continue
        elif cur is None:
            raise BuildError(f"line {n}: text before the first '=== ID DCT' header")
        else:
            cur["lines"].append((n, line))
    for art in articles:
        while art["lines"] and not art["lines"][-1][1].strip():
            art["lines"].pop()
        art["text"], art["timexes"] = _strip_marks(art)
        del art["lines"]
    return articles


def _strip_marks(art: dict) -> tuple[str, list[tuple]]:
    out: list[str] = []
    timexes = []
    pos = 0
    for k, (n, line) in enumerate(art["lines"]):
        if k:
            out.append("\n")
            pos += 1
        last = 0
        for m in MARK.finditer(line):
            out.append(line[last:m.start()])
            pos += m.start() - last
            parts = m[2].split("|")
            if parts[0] not in TYPES:  # {text|value} and {text|value|MOD} are DATEs
                parts.insert(0, "DATE")
            typ, value, mod = (parts + [""])[:3]
            if len(parts) > 3 or len(parts) < 2:
                raise BuildError(f"{art['id']} line {n}: bad mark {m[0]!r}")
            if mod and mod not in MODS:
                raise BuildError(f"{art['id']} line {n}: bad mod {mod!r} in {m[0]!r}")
            check(m[1], typ, value, art["dct"], f"{art['id']} line {n}")
            timexes.append((pos, pos + len(m[1]), typ, value, mod))
            out.append(m[1])
            pos += len(m[1])
            last = m.end()
        rest = line[last:]
        if re.search(r"[{}]", rest):
            raise BuildError(f"{art['id']} line {n}: unbalanced brace in {rest!r}")
        out.append(rest)
        pos += len(rest)
    return "".join(out), timexes


def to_tml(art: dict) -> str:
    """The article as a TimeML document: DCT TIMEX3 (CREATION_TIME) and inline TIMEX3 in <TEXT>."""
    text, body, last = art["text"], [], 0
    for i, (start, end, typ, value, mod) in enumerate(art["timexes"], 1):
        body.append(escape(text[last:start]))
        attrs = f'tid="t{i}" type="{typ}" value={quoteattr(value)}'
        if mod:
            attrs += f' mod="{mod}"'
        body.append(f"<TIMEX3 {attrs}>{escape(text[start:end])}</TIMEX3>")
        last = end
    body.append(escape(text[last:]))
    dct = art["dct"].isoformat()
    return ('<?xml version="1.0" ?>\n<TimeML>\n'
            f"<DOCID>{escape(art['id'])}</DOCID>\n"
            f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" temporalFunction="false" '
            f'functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>\n'
            f"<TEXT>{''.join(body)}</TEXT>\n</TimeML>\n")


def build(source_path: Path, out_dir: Path) -> list[dict]:
    """Write one ``ID.tml`` per article of ``source_path`` into ``out_dir``; the articles."""
    articles = parse_source(source_path.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    for art in articles:
        (out_dir / f"{art['id']}.tml").write_text(to_tml(art), encoding="utf-8")
    return articles


def main(argv: list[str]) -> None:
    source = Path(argv[0]) if argv else HERE / "articles.txt"
    out = Path(argv[1]) if len(argv) > 1 else HERE / "tml"
    try:
        arts = build(source, out)
    except BuildError as e:
        sys.exit(f"build failed: {e}")
    kinds: dict[str, int] = {}
    for a in arts:
        for t in a["timexes"]:
            kinds[t[2]] = kinds.get(t[2], 0) + 1
    print(f"{len(arts)} articles -> {out}: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))


if __name__ == "__main__":
    main(sys.argv[1:])
