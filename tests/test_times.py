"""Date expressions normalised against a fixed publication date (own short sentences only)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from wirewatch import nlp as nlp_stage
from wirewatch.times import event_date, find_times

TUE = date(2025, 10, 14)  # a Tuesday, like the seed article's publication date
FIXTURES = Path(__file__).parent / "fixtures" / "times"


@pytest.fixture(scope="module")
def nlp():
    return nlp_stage.load()


def times(nlp, text: str, published=TUE) -> dict[str, tuple[str, str]]:
    doc = nlp(text)
    found = find_times(doc, published)
    for t in found:
        assert doc.text[t.start:t.end] == t.text
    return {t.text: (t.value, t.precision) for t in found}


@pytest.mark.parametrize("text, expr, value", [
    # weekdays: direction from the governing verb's tense / modality
    ("US President Donald Trump is all set to meet Ukrainian President Volodymyr Zelenskyy on "
     "Friday amid a revival of support.", "Friday", "2025-10-17"),
    ("The two presidents will meet on Friday in Washington.", "Friday", "2025-10-17"),
    ("The minister plans to visit the front on Friday.", "Friday", "2025-10-17"),
    ("Talks are scheduled for Monday.", "Monday", "2025-10-20"),
    ("The ministry is going to publish the figures on Thursday.", "Thursday", "2025-10-16"),
    ("Militants attacked the convoy on Friday.", "Friday", "2025-10-10"),
    ("Drones struck the port on Monday, killing four.", "Monday", "2025-10-13"),
    ("Police said on Wednesday that two people died.", "Wednesday", "2025-10-08"),
    ("The army said it shelled the village on Tuesday.", "Tuesday", "2025-10-14"),
    ("The leaders will speak again on Tuesday.", "Tuesday", "2025-10-14"),
    ("He met the envoy last Friday.", "last Friday", "2025-10-10"),
    ("He will meet the envoy next Monday.", "next Monday", "2025-10-20"),
])
def test_weekday_direction(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "day")


@pytest.mark.parametrize("text, expr, value", [
    ("The mayor spoke today.", "today", "2025-10-14"),
    ("The mayor spoke yesterday.", "yesterday", "2025-10-13"),
    ("The mayor will speak tomorrow.", "tomorrow", "2025-10-15"),
    ("Shelling continued overnight.", "overnight", "2025-10-14"),
    ("Shelling continued last night.", "last night", "2025-10-13"),
    ("In the past 24 hours, 12 drones were downed.", "the past 24 hours", "2025-10-14"),
    ("Three days ago, the bridge was blown up.", "Three days ago", "2025-10-11"),
])
def test_relative_days(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "day")


@pytest.mark.parametrize("text, expr, value, precision", [
    ("Protests began last week.", "last week", "2025-W41", "week"),
    ("Talks resume next week.", "next week", "2025-W43", "week"),
    ("The deal was signed this week.", "this week", "2025-W42", "week"),
    ("Prices rose earlier this month.", "earlier this month", "2025-10", "month"),
    ("Prices rose last month.", "last month", "2025-09", "month"),
    ("The vote will be held next month.", "next month", "2025-11", "month"),
    ("Elections took place last year.", "last year", "2024", "year"),
    ("Elections will take place next year.", "next year", "2026", "year"),
    ("Elections took place in 2024.", "2024", "2024", "year"),
    ("Troops will withdraw next spring.", "next spring", "2026-SP", "season"),
    ("This winter will be hard for the grid.", "This winter", "2025-WI", "season"),
    ("Last winter the grid failed.", "Last winter", "2024-WI", "season"),
    ("The offensive began last summer.", "last summer", "2025-SU", "season"),
    ("Sales fell in the third quarter.", "the third quarter", "2025-Q3", "quarter"),
    ("The war began in the 1990s.", "the 1990s", "199", "decade"),
])
def test_relative_units_and_seasons(nlp, text, expr, value, precision):
    assert times(nlp, text)[expr] == (value, precision)


def test_winter_spans_the_new_year(nlp):
    found = times(nlp, "This winter is cold.", date(2026, 1, 20))
    assert found["This winter"] == ("2025-WI", "season")


@pytest.mark.parametrize("text, expr, value", [
    ("He visited Kyiv in March.", "March", "2025-03"),
    ("He will visit Kyiv in March.", "March", "2026-03"),
    ("Fighting intensified in October.", "October", "2025-10"),
    ("The summit will take place in November.", "November", "2025-11"),
    ("Fighting intensified in November.", "November", "2024-11"),
])
def test_month_direction(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "month")


@pytest.mark.parametrize("text, expr, value", [
    ("The summit is due on October 17.", "October 17", "2025-10-17"),
    ("The summit opened on 17 October 2025.", "17 October 2025", "2025-10-17"),
    ("The summit will open on Oct. 17.", "Oct. 17", "2025-10-17"),
    ("The ceasefire collapsed on Oct. 2, 2024.", "Oct. 2, 2024", "2024-10-02"),
    ("The ceasefire collapsed on Sept. 2.", "Sept. 2", "2025-09-02"),
    ("The meeting is on Friday, Oct. 17.", "Friday, Oct. 17", "2025-10-17"),
    ("The file is dated 2025-10-01.", "2025-10-01", "2025-10-01"),
])
def test_calendar_dates(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "day")


def test_past_range_of_weekdays(nlp):
    # Published on a Tuesday: Monday alone would be yesterday and Wednesday last week; the range
    # keeps its order by moving the start back one week.
    found = times(nlp, "Fighting continued from Monday to Wednesday.")
    assert found == {"Monday": ("2025-10-06", "day"), "Wednesday": ("2025-10-08", "day")}


def test_future_range_of_weekdays(nlp):
    found = times(nlp, "Fighting will continue from Monday to Wednesday.")
    assert found == {"Monday": ("2025-10-20", "day"), "Wednesday": ("2025-10-22", "day")}


def test_without_publication_date_only_absolute(nlp):
    found = times(nlp, "On Friday, 17 October 2025, he said that last week, in 2024 and in "
                       "October, talks failed.", published=None)
    assert found == {"Friday, 17 October 2025": ("2025-10-17", "day"), "2024": ("2024", "year")}


@pytest.mark.parametrize("text", [
    "The siege lasted for three days.",
    "A 24-hour curfew was imposed.",
    "The conflict has lasted decades.",
    "The victim was 45 years old.",
    "A 45-year-old man was arrested.",
    "About 2,000 people fled and 1999 troops arrived.",
    "The rebels may attack, officials fear.",
    "The march began at noon.",
])
def test_not_dates(nlp, text):
    assert times(nlp, text) == {}


def test_event_date_prefers_the_attached_expression(nlp):
    text = "Officials said on Monday that rebels attacked the town on Saturday."
    doc = nlp(text)
    found = find_times(doc, TUE)
    said = next(t.i for t in doc if t.text == "said")
    attacked = next(t.i for t in doc if t.text == "attacked")
    assert event_date(doc, attacked, found, TUE) == ("2025-10-11", "day")
    assert event_date(doc, said, found, TUE) == ("2025-10-13", "day")


def test_event_date_noun_trigger(nlp):
    doc = nlp("The attack on Sunday was condemned by the council on Monday.")
    found = find_times(doc, TUE)
    attack = next(t.i for t in doc if t.text == "attack")
    assert event_date(doc, attack, found, TUE) == ("2025-10-12", "day")


def test_event_date_falls_back_to_publication(nlp):
    doc = nlp("Rebels attacked the town. Last month the army withdrew.")
    found = find_times(doc, TUE)
    attacked = next(t.i for t in doc if t.text == "attacked")
    assert event_date(doc, attacked, found, TUE) == ("2025-10-14", "published")
    assert event_date(doc, attacked, find_times(doc, None), None) == (None, None)


def test_seed_fixture(nlp):
    """A short article written for these tests: expected values are in the fixture."""
    case = json.loads((FIXTURES / "short-article.json").read_text())
    doc = nlp(case["text"])
    found = {(t.text, t.value, t.precision)
             for t in find_times(doc, date.fromisoformat(case["published"]))}
    for expected in case["expected"]:
        assert tuple(expected) in found


def test_timeml_parse_keeps_offsets():
    from wirewatch.evaluation import timeml
    doc = timeml.parse_tml(str(FIXTURES / "tml" / "sub" / "sample.tml"))
    assert doc.dct == TUE
    kinds = [(g.text, g.type) for g in doc.timexes]
    assert kinds[:2] == [("Friday", "DATE"), ("three days", "DURATION")]
    for g in doc.timexes:
        assert doc.text[g.start:g.end] == g.text
    assert "&" in doc.text and "<" not in doc.text


def test_timeml_suite_reads_meantime_cat_xml():
    """MEANTIME's CAT XML (TIMEX3 markables on tokens): same offsets, DCT and scoring."""
    from wirewatch.evaluation import timeml
    path = FIXTURES / "cat" / "council.xml"
    doc = timeml.parse_tml(str(path))
    assert doc.dct == TUE
    assert [(g.text, g.value) for g in doc.timexes] == [
        ("Friday", "2025-10-10"), ("next month", "2025-11"), ("2019", "2019")]
    for g in doc.timexes:
        assert doc.text[g.start:g.end] == g.text
    m = timeml.run(str(path.parent))["metrics"]
    assert (m["gold_dates"], m["detected_gold"], m["value_accuracy_end_to_end"]) == (3, 3, 1.0)


def test_timeml_suite_scores_the_sample():
    from wirewatch.evaluation import timeml
    report = timeml.run(str(FIXTURES / "tml"))
    m = report["metrics"]
    assert report["suite"] == "timeml" and report["n"] == 1
    # 4 gold DATEs; "now" (PRESENT_REF) is not a calendar date, emitted with precision "reference".
    assert (m["gold_dates"], m["gold_dates_not_calendar"], m["detected_gold"]) == (4, 1, 4)
    assert m["value_accuracy_detected"] == 1.0 and m["detect_precision"] == 1.0
    assert m["value_recall"] == m["value_accuracy_end_to_end"] == 1.0
    assert m["detect_recall"] == 1.0
    assert report["worst"] == []


@pytest.mark.parametrize("text, expr, value, precision", [
    ("Zelenskyy to meet Trump on Friday amid missile talks", "Friday", "2025-10-17", "day"),
    ("Lawyers sought to overturn Friday's ruling.", "Friday", "2025-10-10", "day"),
    ("Troops deployed ahead of Sunday's vote.", "Sunday", "2025-10-19", "day"),
    ("The market was attacked on Christmas Eve.", "Christmas Eve", "2024-12-24", "day"),
    ("Talks will resume after Easter.", "Easter", "2026-04-05", "day"),
    ("The envoy arrived on the 9th.", "the 9th", "2025-10-09", "day"),
    ("Rebels attacked over the weekend.", "the weekend", "2025-W41-WE", "week"),
    ("Output fell in the current quarter.", "the current quarter", "2025-Q4", "quarter"),
    ("Use was delayed earlier in the year by rain.", "earlier in the year", "2025", "year"),
    ("Orders were low in the early summer.", "the early summer", "2025-SU", "season"),
    ("The victims of the 1990s war were buried.", "the 1990s", "199", "decade"),
    ("The city was besieged in the '90s.", "the '90s", "199", "decade"),
    ("Fighting raged this past weekend.", "this past weekend", "2025-W41-WE", "week"),
    # spelled-out years (broadcast transcripts), read with text2num
    ("In nineteen ninety-six the war ended.", "nineteen ninety-six", "1996", "year"),
    ("By the year two thousand, peace held.", "the year two thousand", "2000", "year"),
    ("The mine closed in two thousand and five.", "two thousand and five", "2005", "year"),
    # decades in words
    ("The music was popular in the nineties.", "the nineties", "199", "decade"),
    # quarters named relative to another year
    ("Profit fell in the year-ago third quarter.", "the year-ago third quarter", "2024-Q3",
     "quarter"),
    ("Sales will rise in next year's first quarter.", "next year's first quarter", "2026-Q1",
     "quarter"),
    # a future quarter whose results are still to come: the one ended weeks ago (results are
    # filed up to 45 days after a quarter ends), else the coming one
    ("The bank will report earnings for the third quarter.", "the third quarter", "2025-Q3",
     "quarter"),
    ("The bank will report earnings for the second quarter.", "the second quarter", "2026-Q2",
     "quarter"),
    ("The mill will close in the fourth quarter.", "the fourth quarter", "2025-Q4", "quarter"),
    # half years (TimeML value grammar YYYY-H1/H2), only with a year to anchor them
    ("Exports slumped in the first half of 2024.", "the first half of 2024", "2024-H1", "half"),
    ("Exports slumped in the first half of the year 2019.", "the first half of the year 2019",
     "2019-H1", "half"),
    ("The mill expects demand to pick up in the second half of the year.",
     "the second half of the year", "2025-H2", "half"),
    ("Orders are seen firming in the second half of next year.",
     "the second half of next year", "2026-H2", "half"),
    ("Last year's second half was the weakest on record.", "Last year's second half", "2024-H2",
     "half"),
    ("The grocer posted 1H25 margins of 4 percent.", "1H25", "2025-H1", "half"),
    ("The smelter guided for H2 2025 output near last year's.", "H2 2025", "2025-H2", "half"),
    # quarters in business shorthand
    ("Freight volumes rose in Q3 2024.", "Q3 2024", "2024-Q3", "quarter"),
    ("The carrier's 2Q25 loss narrowed.", "2Q25", "2025-Q2", "quarter"),
    ("Deliveries in Q1'26 will be light.", "Q1'26", "2026-Q1", "quarter"),
    # two-digit years pivot on publication: over ten years ahead is the century before
    ("Margins in Q4'99 were thin.", "Q4'99", "1999-Q4", "quarter"),
    ("The 1H98 loss widened.", "1H98", "1998-H1", "half"),
    # the same day / week as the reference
    ("Stocks fell later in the day.", "later in the day", "2025-10-14", "day"),
    ("For the week, the index dropped 3%.", "the week", "2025-W42", "week"),
])
def test_more_expressions(nlp, text, expr, value, precision):
    assert times(nlp, text)[expr] == (value, precision)


@pytest.mark.parametrize("text", [
    "Protesters called for the fall of the regime.",
    "The visitors scored twice in the second half.",  # a match's half, no year named
    "The first half of the report deals with refugees.",
    "The first half of the year-long siege was the worst.",  # "year-long" modifies "siege"
    "Two grenades exploded at 1700 GMT.",
    "A Christmas market was attacked.",
    "The shell hit the 5th floor on the 9th floor.",
    "A force of 2000 soldiers arrived.",
    "The Good Friday Agreement ended the conflict.",
    "June Smith fled the city.",
    # number words that are no years
    "Nineteen people died in the blast.",
    "He led two thousand troops.",
    "She is in her nineties.",
])
def test_more_non_dates(nlp, text):
    assert times(nlp, text) == {}


NOTE_DAY = date(2020, 5, 9)  # publication date of the invented conflict notes below


def _event_dates(nlp, text: str, published=NOTE_DAY) -> dict[str, tuple[str, str]]:
    doc = nlp(text)
    found = find_times(doc, published)
    return {tok.text: event_date(doc, tok.i, found, published) for tok in doc if tok.pos_ == "VERB"}


def test_heading_date_dates_the_whole_note(nlp):
    """ACLED-style note: the sentence-initial date dates the later sentences of the report too."""
    got = _event_dates(nlp, "On 4 May 2020, unidentified gunmen attacked a police post near the "
                            "market. Two officers were killed and the attackers fled.")
    assert got["attacked"] == got["killed"] == got["fled"] == ("2020-05-04", "day")


def test_heading_date_ends_at_a_new_paragraph(nlp):
    got = _event_dates(nlp, "On 2 May, protesters marched in the capital.\n\nPolice arrested "
                            "ten people.")
    assert got["marched"] == ("2020-05-02", "day")
    assert got["arrested"] == ("2020-05-09", "published")


def test_heading_date_needs_the_sentence_start(nlp):
    """A date inside an earlier sentence is not a heading: the later event keeps the fallback."""
    got = _event_dates(nlp, "Troops clashed with rebels on 2 May near the border. Villagers fled.")
    assert got["fled"] == ("2020-05-09", "published")


@pytest.mark.parametrize("text, pieces, verb", [
    # TimeML / TIDES: one TIMEX3 per date of a range or list, the month written once shared by all
    ("Between 1 and 3 May 2020, militants looted shops.",
     {"1": "2020-05-01", "3 May 2020": "2020-05-03"}, "looted"),
    ("Militias clashed 6-7 May in the hills.", {"6": "2020-05-06", "7 May": "2020-05-07"},
     "clashed"),
    ("On or around 3 May 2020, troops shelled the village.", {"3 May 2020": "2020-05-03"},
     "shelled"),
    ("On 4, 5 and 6 May 2020, protesters marched.",
     {"4": "2020-05-04", "5": "2020-05-05", "6 May 2020": "2020-05-06"}, "marched"),
])
def test_day_ranges_give_each_day_and_date_events_by_the_first(nlp, text, pieces, verb):
    found = times(nlp, text, NOTE_DAY)
    assert {k: found[k] for k in pieces} == {k: (v, "day") for k, v in pieces.items()}
    assert _event_dates(nlp, text)[verb] == (min(pieces.values()), "day")


def test_range_heading_dates_the_note(nlp):
    """'Between 1 and 3 May 2020, ...' heads the report by its first day."""
    got = _event_dates(nlp, "Between 1 and 3 May 2020, gunmen raided three villages. Dozens of "
                            "families fled.")
    assert got["fled"] == ("2020-05-01", "day")


@pytest.mark.parametrize("text, expected", [
    # sequence anaphora: counted from the latest date of the text (TimeML's reference time)
    ("On 4 May 2020, gunmen attacked a post. The next day, troops arrived. Two days later they "
     "left.", {"The next day": ("2020-05-05", "day"), "Two days later": ("2020-05-07", "day")}),
    ("Talks opened on 3 March 2019. The previous week, envoys had met.",
     {"The previous week": ("2019-W08", "week")}),
    ("Rebels took the town on 12 April 2018 and lost it the day after.",
     {"the day after": ("2018-04-13", "day")}),
    # years: a year value counted from the reference time, whatever its precision (TIDES)
    ("The militia seized the town on 3 June 2014. Two years later, the army took it back.",
     {"Two years later": ("2016", "year")}),
    ("The plant closed in 2005; three years earlier it had employed 900 people.",
     {"three years earlier": ("2002", "year")}),
    # demonstrative / same-unit anaphora
    ("Floods hit the valley in June 2017. Later that month, aid arrived. That year, the dam broke.",
     {"Later that month": ("2017-06", "month"), "That year": ("2017", "year")}),
    ("Police fired tear gas on 2 May 2020. That same day, the curfew began.",
     {"That same day": ("2020-05-02", "day")}),
    # without an earlier date: the publication date is the reference
    ("The next day is a holiday.", {"The next day": ("2025-10-15", "day")}),
    # financial report periods: the quarter named before, else the latest ended quarter
    ("Profit rose in the third quarter of 2024. A year earlier, the firm lost money. The "
     "year-ago quarter had a charge.",
     {"A year earlier": ("2023-Q3", "quarter"), "The year-ago quarter": ("2023-Q3", "quarter")}),
    ("Sales fell 4% in the latest quarter.", {"the latest quarter": ("2025-Q3", "quarter")}),
    ("Earnings for the year will rise.", {"the year": ("2025", "year")}),
    # "a year ago" in a report comparing a quarter's figures: the same quarter a year back
    ("Acme's third-quarter profit rose to $12 million from $9 million a year ago.",
     {"a year ago": ("2024-Q3", "quarter")}),
])
def test_anaphoric_expressions(nlp, text, expected):
    got = times(nlp, text)
    for expr, value in expected.items():
        assert got[expr] == value


@pytest.mark.parametrize("text", [
    "Two days after the vote, the result was annulled.",   # counted from an event, not a date
    "The day of the attack was cold.",
    "That week-long visit ended.",
    "Two years later, the war ended.",   # later than what: no time named before
])
def test_anaphora_not_taken(nlp, text):
    got = times(nlp, text)
    assert not any(k.lower().startswith(("two days", "two years", "the day", "that week")) for k in got), got



def test_report_date_does_not_date_the_event(nlp):
    """'(as reported on 18 July)' tells when it was reported, not when the shelling happened."""
    got = _event_dates(nlp, "Around 14 July 2022 (as reported on 18 July), Russian forces shelled "
                            "the village. One civilian was wounded.", date(2022, 7, 20))
    assert got["shelled"] == got["wounded"] == ("2022-07-14", "day")


def test_overnight_on_a_named_date(nlp):
    got = _event_dates(nlp, "Overnight on 8-9 September 2023, an armed group abducted five "
                            "farmers. The victims were released.", date(2023, 9, 12))
    assert got["abducted"] == got["released"] == ("2023-09-08", "day")
    assert "Overnight" not in times(nlp, "Overnight on 8 September 2023, gunmen struck.",
                                    date(2023, 9, 12))


def test_week_of_heading(nlp):
    got = _event_dates(nlp, "Week of 4 May 2020: militias clashed near the river. Three fighters "
                            "died.")
    assert got["died"] == ("2020-05-04", "day")


@pytest.mark.parametrize("published, expected", [
    (date(9999, 12, 31), {"The previous day": ("9999-12-30", "day"),
                          "The quarter": ("9999-Q3", "quarter")}),
    (date(1, 1, 1), {"The next day": ("0001-01-02", "day"),
                     "The previous day": ("0001-01-01", "day")}),  # counted from "the next day"
])
def test_anaphora_at_the_ends_of_the_calendar(nlp, published, expected):
    """An anaphor whose value falls outside Python's dates is dropped, not raised; the rest stay."""
    got = times(nlp, "The next day, troops left. The previous day, talks failed. The quarter "
                     "was weak.", published)
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    # the reference time holds in the anaphor's paragraph and the one before it
    ("Fighting broke out on 3 March 2019.\n\nThe next day, envoys arrived.",
     {"The next day": ("2019-03-04", "day")}),
    # two paragraphs on, the text has moved on: the publication date is the reference (TimeML:
    # relative expressions anchor to the DCT unless clearly anaphoric to a time nearby)
    ("Fighting broke out on 3 March 2019.\n\nThe town was rebuilt.\n\nThe mayor spoke.\n\n"
     "The next day, envoys arrive.", {"The next day": ("2025-10-15", "day")}),
    ("Profit rose in the second quarter of 2024.\n\nThe firm hired staff.\n\nIt opened shops.\n\n"
     "Sales fell in the latest quarter.", {"the latest quarter": ("2025-Q3", "quarter")}),
    ("Profit rose in the second quarter of 2024.\n\nSales fell in the latest quarter.",
     {"the latest quarter": ("2024-Q2", "quarter")}),
])
def test_anaphora_reference_within_two_paragraphs(nlp, text, expected):
    got = times(nlp, text)
    for expr, value in expected.items():
        assert got[expr] == value, got


def _pattern_cases() -> list:
    lines = (FIXTURES / "pattern-classes.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("case", _pattern_cases(), ids=lambda c: c["text"][:40])
def test_pattern_class_fixtures(nlp, case):
    """Invented sentences, one or more per pattern class of docs/times.md (issue 11): the
    expressions and TimeML values each must give."""
    got = times(nlp, case["text"], date.fromisoformat(case["published"]))
    for text, value, precision in case["expected"]:
        assert got.get(text) == (value, precision), (case["class"], got)


@pytest.mark.parametrize("text, expr, value", [
    ("The ceasefire was signed on 2025-10-17 in Doha.", "2025-10-17", "2025-10-17"),
    ("The ceasefire was signed on 10/17/2025 in Doha.", "10/17/2025", "2025-10-17"),
    ("The ceasefire was signed on 17/10/2025 in Doha.", "17/10/2025", "2025-10-17"),
    ("The ceasefire was signed on 10/17/25 in Doha.", "10/17/25", "2025-10-17"),
    ("The ceasefire was signed on 5/6/70 in Doha.", "5/6/70", "1970-05-06"),
])
def test_numeric_dates_do_not_depend_on_publication_or_on_an_earlier_call(nlp, text, expr, value):
    """Numeric dates are read by dateparser and remembered per string (times._numeric_date): the
    reading must be the same whatever the publication date, on the first call and on later ones."""
    from wirewatch.times import _numeric_date

    _numeric_date.cache_clear()
    first = times(nlp, text)
    assert first[expr] == (value, "day")
    for published in (TUE, date(1990, 1, 1), date(2090, 6, 1), None):
        assert times(nlp, text, published)[expr] == (value, "day")
    assert _numeric_date.cache_info().hits >= 4


def test_an_impossible_numeric_date_is_no_date(nlp):
    assert "13/13/2020" not in times(nlp, "The file was dated 13/13/2020 by mistake.")


@pytest.mark.parametrize("text, expr, value", [
    ("Government troops now hold the bridge.", "now", "PRESENT_REF"),
    ("The port is currently closed to shipping.", "currently", "PRESENT_REF"),
    ("Power cuts are common these days in the capital.", "these days", "PRESENT_REF"),
    ("Militants recently attacked a checkpoint.", "recently", "PAST_REF"),
    ("Raids have grown more frequent in recent years.", "recent years", "PAST_REF"),
    ("The two sides had clashed in the past.", "the past", "PAST_REF"),
    ("Talks may resume in the future.", "the future", "FUTURE_REF"),
    ("More troops will arrive in the coming months.", "the coming months", "FUTURE_REF"),
    ("Aid convoys may resume in the near future.", "the near future", "FUTURE_REF"),
    ("The garrison will stay for the foreseeable future.", "the foreseeable future", "FUTURE_REF"),
    ("Fuel prices should ease in the short term.", "the short term", "FUTURE_REF"),
    ("The ministry sees no relief in the near term.", "the near term", "FUTURE_REF"),
    ("The envoy will return in the immediate future.", "the immediate future", "FUTURE_REF"),
    ("A settlement may come only in the distant future.", "the distant future", "FUTURE_REF"),
    ("Analysts said grain prices would ease in the short term.", "the short term", "FUTURE_REF"),
    # attributive "current" / "recent" (TIDES 2005 lexical triggers; dates session 9)
    ("The current ceasefire holds along the river.", "current", "PRESENT_REF"),
    ("Recent shelling damaged the water plant.", "Recent", "PAST_REF"),
    ("Residents fled after the recent floods in the valley.", "recent", "PAST_REF"),
    # "soon" (dates session 10; eval/README.md news-dates-b: FUTURE_REF "soon")
    ("The border crossing will reopen soon, officials said.", "soon", "FUTURE_REF"),
    ("Aid will soon reach the camps.", "soon", "FUTURE_REF"),
])
def test_timeml_reference_values(nlp, text, expr, value):
    """TimeML 1.2.1 / TIDES: DATEs with no calendar value get PRESENT_REF / PAST_REF / FUTURE_REF."""
    assert times(nlp, text)[expr] == (value, "reference")


@pytest.mark.parametrize("text", [
    "Prices rose over the past week.",              # a duration
    "The past few days were calm.",
    "The future president met the envoy.",          # an adjective
    "They discussed the future of the alliance.",
    "The near future of the port is unclear.",      # "the future of"
    "Near-term demand for grain fell.",              # an adjective
    "The bank cut the short term rates again.",
    "Prices rose sharply in the short term after the port closed.",   # a past verb's span: no future
    "The blockade was felt in the near term by every bakery.",
    "Now that the truce holds, roads reopened.",    # a conjunction
    "The now-defunct militia disbanded.",
    "The mayor had previously denied the report.",  # measured: 2 right, 12 spurious on TBAQ half 1
    "Convoys will leave as soon as the road is cleared.",   # a conjunction
    "Soldiers arrived soon after the blast.",       # counted from an event
    "The current account deficit widened sharply.",  # a balance-of-payments term
    "The data on the river levels is current.",     # predicative, no time expression
    "Swimmers were swept away by a strong current.",  # the noun
])
def test_not_reference_values(nlp, text):
    assert all(p != "reference" for _, p in times(nlp, text).values())


def test_reference_value_is_never_an_event_date(nlp):
    doc = nlp("Rebels now control the town after they attacked it.")
    found = find_times(doc, TUE)
    assert [(t.text, t.value, t.precision) for t in found] == [("now", "PRESENT_REF", "reference")]
    attacked = next(t.i for t in doc if t.text == "attacked")
    assert event_date(doc, attacked, found, TUE) == ("2025-10-14", "published")
    doc = nlp("Militants recently attacked a checkpoint near the border.")
    found = find_times(doc, TUE)
    attacked = next(t.i for t in doc if t.text == "attacked")
    assert event_date(doc, attacked, found, TUE) == ("2025-10-14", "published")
    assert event_date(doc, attacked, found, None) == (None, None)


@pytest.mark.parametrize("text, expr, value", [
    # a hyphenated pair of months bounding one calendar quarter names that quarter (TimeML YYYY-Qn)
    ("Exports rose in the April-June quarter.", "the April-June quarter", "2025-Q2"),
    ("Exports rose 4% in July-September, the agency said.", "July-September", "2025-Q3"),
    ("Output fell in the Jan.-March period of 2024.", "the Jan.-March period of 2024", "2024-Q1"),
    ("Arrivals fell in the July–September quarter of 2023.", "the July–September quarter of 2023", "2023-Q3"),
])
def test_month_pair_quarters(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "quarter")


def test_month_pair_not_a_quarter(nlp):
    """Months that do not bound one calendar quarter stay months."""
    got = times(nlp, "Rains fell in the March-May season.")
    assert all(p != "quarter" for _, p in got.values())
    assert got["March"] == ("2025-03", "month")


@pytest.mark.parametrize("text, expr, value", [
    # TimeML / TIDES: a century is its first two digits (eval/README.md news-dates: "the 17th century" = 16)
    ("The mosque was built in the 14th century.", "the 14th century", "13"),
    ("The fort dates from the early eighteenth century.", "the early eighteenth century", "17"),
    ("A 19th-century bridge was shelled.", "19th-century", "18"),
    ("The region enters the twenty-first century poorer.", "the twenty-first century", "20"),
    ("Villagers rebuilt the 1st century shrine.", "the 1st century", "00"),
])
def test_centuries(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "century")


@pytest.mark.parametrize("text", [
    "They live in a century-old farmhouse.",        # an age
    "The city fell in the fifth century BC.",       # no value before year 1 in our notation
    "Twentieth Century Holdings bought the mill.",  # a name
    "Rebels shelled the town this century.",        # deictic centuries are not taken (ambiguous near 2000)
])
def test_not_centuries(nlp, text):
    assert all(p != "century" for _, p in times(nlp, text).values())


def test_century_is_never_an_event_date(nlp):
    doc = nlp("Militants damaged the 12th century citadel on Friday.")
    found = find_times(doc, TUE)
    assert ("the 12th century", "11", "century") in [(t.text, t.value, t.precision) for t in found]
    damaged = next(t.i for t in doc if t.text == "damaged")
    assert event_date(doc, damaged, found, TUE) == ("2025-10-10", "day")
    doc = nlp("Invaders destroyed the town in the 12th century.")
    found = find_times(doc, TUE)
    destroyed = next(t.i for t in doc if t.text == "destroyed")
    assert event_date(doc, destroyed, found, TUE) == ("2025-10-14", "published")


@pytest.mark.parametrize("text, expr, value", [
    # a season anchored on the reference time (TimeML anchoring; eval/README.md news-dates-b: "the following spring")
    ("Floods hit the delta in June 2019. The following spring, the levees were rebuilt.",
     "The following spring", "2020-SP"),
    ("Militias seized the pass in 2016. That winter, the road stayed closed.", "That winter", "2016-WI"),
    ("The truce collapsed in 2012. The following summer, fighting spread.", "The following summer", "2013-SU"),
    ("Aid resumed in October 2020. The preceding spring had been the worst.", "The preceding spring", "2020-SP"),
])
def test_anaphoric_seasons(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "season")


def test_reference_value_is_no_anaphora_reference_time(nlp):
    """'the next day' counts from a calendar date, never from 'recently'."""
    got = times(nlp, "Troops entered the town on Friday. They had recently left it. The next day they withdrew.")
    assert got["recently"] == ("PAST_REF", "reference")
    assert got["The next day"] == ("2025-10-11", "day")


@pytest.mark.parametrize("text, span", [
    # the numeral and the approximator belong to the expression's span
    ("The depot opened one year ago.", "one year ago"),
    ("The depot opened about a year ago.", "about a year ago"),
    ("The depot opened nearly a year ago.", "nearly a year ago"),
])
def test_a_year_ago_span_keeps_its_numeral_and_approximator(nlp, text, span):
    got = times(nlp, text)
    assert got.get(span) == ("2024", "year"), got


@pytest.mark.parametrize("text, expected", [
    # no quarter named: the year before publication, as before
    ("The depot opened a year ago.", "2024"),
    # "ago" is deictic (counted from the time of writing), "earlier" anaphoric: a year written
    # earlier in the sentence moves "a year earlier" but not "a year ago"
    ("In 2021 the mill shut, and a year ago it reopened.", "2024"),
    ("In 2021 the mill shut; a year earlier it had been sold.", "2020"),
])
def test_a_year_ago_is_deictic(nlp, text, expected):
    got = times(nlp, text)
    key = next(k for k in got if k.lower().startswith("a year"))
    assert got[key] == (expected, "year"), got



@pytest.mark.parametrize("text, published, value", [
    # "of the year" without a deictic: the latest such half begun by publication (as quarters)
    ("Exports fell in the second half of the year.", date(2025, 1, 10), "2024-H2"),
    ("Exports fell in the first half of the year.", date(2025, 1, 10), "2025-H1"),
    ("Exports will rise in the second half of the year.", date(2025, 1, 10), "2025-H2"),
    ("Exports fell in the second half of this year.", date(2025, 1, 10), "2025-H2"),  # deictic
])
def test_half_of_the_year_follows_tense(nlp, text, published, value):
    found = times(nlp, text, published)
    assert [v for v in found.values() if v[1] == "half"] == [(value, "half")]


def test_coordinated_days_share_the_month(nlp):
    """'July 7 and 8': each day of the conjunction is a date (TimeML: one TIMEX3 per date)."""
    found = times(nlp, "The panel meets on July 7 and 8, and voters go to the polls on Nov. 3, 4 "
                       "and 5.", published=date(2026, 6, 30))
    assert found["8"] == ("2026-07-08", "day")
    assert found["4"] == ("2026-11-04", "day") and found["5"] == ("2026-11-05", "day")
    # a count after the conjunction is no day
    assert "8" not in times(nlp, "On July 7 and 8 soldiers were hurt.", published=date(2026, 7, 9))


def test_coordinated_days_share_a_trailing_year(nlp):
    """'July 7 and 8, 2019': the year written once after the list dates every day of it."""
    found = times(nlp, "The ferry strike ran on July 7 and 8, 2019, in the port.", published=TUE)
    assert found["July 7"] == ("2019-07-07", "day") and found["8, 2019"] == ("2019-07-08", "day")
    found = times(nlp, "The fair closed on Feb. 28 and 29, 2024 after storms.", published=TUE)
    assert found["29, 2024"] == ("2024-02-29", "day")  # a leap day, valid only in the named year
    from wirewatch.times import _range_head
    ordered = find_times(nlp("The ferry strike ran on July 7 and 8, 2019, in the port."), TUE)
    assert _range_head("The ferry strike ran on July 7 and 8, 2019, in the port.", ordered, 1) == 0


def test_range_across_a_month_end(nlp):
    """'between 30 and 2 May': the first day, above the last, is in the month before; an
    impossible day of a range ('31 April') is dropped, the others kept."""
    found = times(nlp, "Rebels held the bridge between 30 and 2 January 2020.", published=TUE)
    assert found["30"] == ("2019-12-30", "day") and found["2 January 2020"] == ("2020-01-02", "day")
    found = times(nlp, "Rebels held the bridge on 30 and 31 April 2020.", published=TUE)
    assert found == {"30": ("2020-04-30", "day")}


def test_two_ranges_each_keep_their_month(nlp):
    """'between 1 and 3 May and 4 and 5 June 2020': the second range's head is '4' (June 2020),
    not the first range's '1' -- two pieces carrying a month never chain."""
    doc = nlp("Strikes shut the mines between 1 and 3 May and 4 and 5 June 2020.")
    found = find_times(doc, TUE)
    from wirewatch.times import _range_head
    ordered = sorted(found, key=lambda t: t.start)
    texts = [t.text for t in ordered]
    assert _range_head(doc.text, ordered, texts.index("5 June 2020")) == texts.index("4")
    assert _range_head(doc.text, ordered, texts.index("3 May")) == texts.index("1")


@pytest.mark.parametrize("text, expr, value", [
    # affirmative "could" + plain infinitive: epistemic possibility, after the speech time
    ("Forecasters said up to 60 mm of rain could fall between Friday and Sunday.", "Friday",
     "2025-10-17"),
    ("Forecasters said up to 60 mm of rain could fall between Friday and Sunday.", "Sunday",
     "2025-10-19"),
    ("The envoy could arrive in the capital as early as Thursday, aides said.", "Thursday",
     "2025-10-16"),
    # negated or perfect "could": the past of "can"
    ("Police could not reach the family on Monday.", "Monday", "2025-10-13"),
    ("The convoy could have crossed the border on Sunday.", "Sunday", "2025-10-12"),
    # "could" + a perception verb (Levin 30.1): what was perceptible then, the past of "can"
    ("On Saturday villagers could hear gunfire across the valley.", "Saturday", "2025-10-11"),
    ("Fishermen said that on Sunday they could see flames above the refinery.", "Sunday",
     "2025-10-12"),
    ("On Friday neighbours could smell gas in the stairwell.", "Friday", "2025-10-10"),
    ("On Saturday the crew could make out a second boat near the reef.", "Saturday",
     "2025-10-11"),
    # "make" without "out" is no perception: epistemic, after the speech time
    ("The council could make a decision on Friday, aides said.", "Friday", "2025-10-17"),
])
def test_could_direction(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "day")


@pytest.mark.parametrize("text, expr", [
    ("Defence spending will double by the end of the decade.", "the end of the decade"),
    ("Officials expect two more droughts this decade.", "this decade"),
    ("Output has doubled in the current decade.", "the current decade"),
])
def test_decade_of_publication(nlp, text, expr):
    """TIDES: 'this decade', 'the end of the decade' are the publication's decade (`202`)."""
    assert times(nlp, text)[expr] == ("202", "decade")


@pytest.mark.parametrize("text, published, expr, value, precision", [
    # a present perfect is a weak past: without the bound these became the coming month / day
    ("More than 300 migrants have drowned on the route since January, the agency said.",
     date(2025, 12, 29), "January", "2025-01", "month"),
    ("It is the first prisoner exchange since December, mediators said.", date(2025, 9, 24),
     "December", "2024-12", "month"),
    ("Ferries have not sailed since Jan. 2, the port authority says.", date(2025, 12, 30),
     "Jan. 2", "2025-01-02", "day"),
    ("The market has stayed closed since Friday.", TUE, "Friday", "2025-10-10", "day"),
    # the publication month itself and the usual past readings stay as they were
    ("Prices have risen since early October.", TUE, "early October", "2025-10", "month"),
    ("The road has been shut since mid-June.", TUE, "mid-June", "2025-06", "month"),
])
def test_since_bounds_the_time_to_the_past(nlp, text, published, expr, value, precision):
    """'since' names the starting point of a period running up to the reference time (Quirk et al.
    1985, prepositions of time): never after publication, whatever the tense."""
    assert times(nlp, text, published)[expr] == (value, precision)


@pytest.mark.parametrize("text, expr, value, precision", [
    # "since" introducing a clause of reason (Quirk et al. 1985 §15.45): the time is that clause's subject (or
    # its possessor) and keeps the reading of its own tense (review finding 16; invented sentences)
    ("Since Thursday's ballot will be close, the parties are campaigning hard.", "Thursday", "2025-10-16", "day"),
    ("Since Friday is a public holiday, the banks will close early.", "Friday", "2025-10-17", "day"),
    ("Since April will bring the rains, the offensive is expected to stall.", "April", "2026-04", "month"),
    # the preposition of time keeps its past bound, also before a finite verb of the noun it modifies
    ("Raids since January have killed forty herders.", "January", "2025-01", "month"),
    ("Since Monday the army has shelled the port.", "Monday", "2025-10-13", "day"),
])
def test_since_of_reason_is_no_past_bound(nlp, text, expr, value, precision):
    assert times(nlp, text)[expr] == (value, precision)


@pytest.mark.parametrize("text, expr, value", [
    # review6 finding 8: an explicit year beside the season wins over the reference time
    ("Militias left the valley the following spring, in 2021.", "the following spring", ("2021-SP", "season")),
])
def test_anaphoric_season_explicit_year(nlp, text, expr, value):
    assert times(nlp, text)[expr] == value


def test_following_season_anchored_on_publication_only_is_unresolved(nlp):
    """review6 finding 8: "the following spring" with no earlier time in the text is not dated after publication."""
    assert "the following spring" not in times(nlp, "Militias left the valley the following spring.")


@pytest.mark.parametrize("text, expr, value", [
    # dates6: a month with a demonstrative or sequence adjective is anchored on the text's
    # reference time (TimeML / TIDES anaphora), not on publication
    ("The cooperative was founded in 2019. That November its warehouse burned down.",
     "November", "2019-11"),
    ("The league was set up in September 2022 and held its first vote the following January.",
     "January", "2023-01"),
    ("The pier collapsed on 4 June 2018. The previous March engineers had found cracks.",
     "March", "2018-03"),
    ("The mine closed in 2016. The following April the valley flooded.", "April", "2017-04"),
])
def test_anaphoric_months(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "month")


def test_anaphoric_month_without_earlier_time_keeps_publication_reading(nlp):
    """With no time named before it, 'that March' is read around publication as before."""
    assert times(nlp, "That March the orchard froze.")["March"] == ("2025-03", "month")


@pytest.mark.parametrize("text, expr, value", [
    # dates6: more named days of the Western calendar (TIDES 2005: a holiday is its calendar day)
    ("The ferry sank on Boxing Day 2004.", "Boxing Day 2004", "2004-12-26"),
    ("Rioters looted shops on Easter Monday 2019.", "Easter Monday 2019", "2019-04-22"),
    ("The pilgrims gathered on Palm Sunday 2024.", "Palm Sunday 2024", "2024-03-24"),
    ("The decree was signed on Ash Wednesday 2023.", "Ash Wednesday 2023", "2023-02-22"),
    ("The strike began on Valentine's Day 2021.", "Valentine's Day 2021", "2021-02-14"),
    ("The vandals struck on Halloween 2022.", "Halloween 2022", "2022-10-31"),
    ("The march was held on St. Patrick's Day 2020.", "St. Patrick's Day 2020", "2020-03-17"),
    ("Bells rang on Orthodox Christmas 2024.", "Orthodox Christmas 2024", "2024-01-07"),
    ("The cease-fire broke down on Boxing Day.", "Boxing Day", "2024-12-26"),
])
def test_more_holidays(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "day")


@pytest.mark.parametrize("text, expr, value", [
    # dates6: "the weekend" after any preposition of time (TimeML annotates the noun phrase
    # whatever the preposition); the Tuesday-published fixture's last / coming weekends
    ("The curfew will last until the weekend.", "the weekend", "2025-W42-WE"),
    ("Shelling went on through the weekend.", "the weekend", "2025-W41-WE"),
    ("The rebels pulled back before the weekend.", "the weekend", "2025-W41-WE"),
])
def test_weekend_after_time_prepositions(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "week")


def test_new_year_alone(nlp):
    """dates6: "New Year" after a preposition of time is 1 January (TIDES 2005 holiday);
    not "Lunar New Year", not a compound ("New Year celebrations"), not a name."""
    assert times(nlp, "The strike will last until New Year.")["New Year"] == ("2026-01-01", "day")
    assert times(nlp, "Crowds gathered for New Year.")["New Year"] == ("2025-01-01", "day")
    assert not times(nlp, "The Lunar New Year holiday began.")
    assert not times(nlp, "New Year celebrations were cancelled.")


@pytest.mark.parametrize("text, expr, value", [
    # dates7: "until / till" + a time under a past verb that sets a bound (not a verb of lasting) is
    # the end of the state the event brought about, which may lie after publication (Quirk et al. 1985:
    # "until" with a non-durative verb bounds its resulting state): a weak future
    ("The court adjourned the hearing until Thursday.", "Thursday", "2025-10-16"),
    ("The governor extended the curfew until Monday.", "Monday", "2025-10-20"),
    ("Militants gave the garrison until Friday to surrender.", "Friday", "2025-10-17"),
    ("The ferry service was suspended till Saturday.", "Saturday", "2025-10-18"),
    # a verb of lasting measures its own completed period; a perfect or "not ... until" stays past
    ("Shops stayed shut until Sunday.", "Sunday", "2025-10-12"),
    ("Fighting continued until Monday.", "Monday", "2025-10-13"),
    ("Until Thursday, the police had not named a suspect.", "Thursday", "2025-10-09"),
    ("The convoy waited at the border until Saturday.", "Saturday", "2025-10-11"),
])
def test_until_bound_of_a_past_event(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "day")


def test_until_range_across_publication(nlp):
    """dates7: a span "from X until Y" ordered by a past directive may run across publication: its
    start is the past day, its end (an open bound) the coming one."""
    found = times(nlp, "The council told traders to keep their stalls closed from Thursday until Sunday.",
                  published=date(2025, 10, 18))
    assert found["Thursday"] == ("2025-10-16", "day")
    assert found["Sunday"] == ("2025-10-19", "day")


WED = date(2026, 12, 9)  # a Wednesday


@pytest.mark.parametrize("text, trigger, expected", [
    # dates8: a time after "until / till" is the end point of the event's period (Quirk et al. 1985 §9.36), not
    # its date (TimeML: an event is anchored at its start or the point it holds at). Ending at or after the
    # report, the event is under way then: the report day, or another time / heading date of the text
    ("Farmers barricaded the ring road until Saturday.", "barricaded", ("2026-12-09", "published")),
    ("The regulator grounded the fleet till Thursday.", "grounded", ("2026-12-09", "published")),
    ("On Monday, strikers occupied the depot until Saturday.", "occupied", ("2026-12-07", "day")),
    ("The junta imposed martial law until 2029.", "imposed", ("2026-12-09", "published")),
    # over before the report with no start named: the bound is the one date given, at its own precision
    ("The guerrillas controlled the plateau until 1987.", "controlled", ("1987", "year")),
    ("Pickets blocked the harbour until 2 December.", "blocked", ("2026-12-02", "day")),
    # not after a negated verb: "not ... until X" places the event at X
    ("The brigade did not withdraw until Monday.", "withdraw", ("2026-12-07", "day")),
    # an ordinary time adjunct is unchanged
    ("Farmers barricaded the ring road on Saturday.", "barricaded", ("2026-12-05", "day")),
])
def test_until_bound_is_not_the_event_date(nlp, text, trigger, expected):
    doc = nlp(text)
    found = find_times(doc, WED)
    tok = next(t.i for t in doc if t.text == trigger)
    assert event_date(doc, tok, found, WED) == expected


def test_until_bound_without_publication_date_is_a_date(nlp):
    """dates8: with no publication date the bound's side of the report is unknown; an absolute bound dates as
    before (so a history dated to a year keeps its year)."""
    doc = nlp("The guerrillas controlled the plateau until 2031.")
    tok = next(t.i for t in doc if t.text == "controlled")
    assert event_date(doc, tok, find_times(doc, None), None) == ("2031", "year")


def test_until_bound_heading_date_before_past_bound(nlp):
    """dates8: a past bound yields to the date heading the note (the report's date of what it tells)."""
    got = _event_dates(nlp, "On 3 May 2020, villagers clashed with herders near the well. Herders blocked "
                            "the track until 6 May.")
    assert got["blocked"] == ("2020-05-03", "day")


@pytest.mark.parametrize("text, expr", [
    # dates8: a vague quantity of units back names no calendar period: TimeBank's PAST_REF (a definite count is
    # the "N units ago" pattern's calendar value)
    ("A few years ago the mill shut down.", "A few years ago"),
    ("Several weeks ago the ferry sank.", "Several weeks ago"),
    ("The harbour was busier decades ago.", "decades ago"),
    ("Some months ago the council met.", "Some months ago"),
])
def test_vague_ago_is_past_ref(nlp, text, expr):
    assert times(nlp, text)[expr] == ("PAST_REF", "reference")


def test_counted_ago_keeps_its_calendar_value(nlp):
    assert times(nlp, "Two years ago the mill shut down.")["Two years ago"] == ("2023", "year")
    assert times(nlp, "Three weeks ago the ferry sank.")["Three weeks ago"][1] == "week"


@pytest.mark.parametrize("text, published, pieces", [
    # dates9: a month-first range of days is one date per day, like "12-14 Aug." (TimeML / TIDES: one TIMEX3 per
    # date of a range); the first piece keeps the start day
    ("The summit will run on Nov. 12-14.", TUE, {"Nov. 12": "2025-11-12", "14": "2025-11-14"}),
    ("Delegates met on September 8-9 in Geneva.", TUE, {"September 8": "2025-09-08", "9": "2025-09-09"}),
])
def test_month_first_range_is_split(nlp, text, published, pieces):
    found = times(nlp, text, published)
    for expr, value in pieces.items():
        assert found[expr] == (value, "day")


def test_month_first_range_keeps_an_event_on_its_first_day(nlp):
    got = _event_dates(nlp, "Herders clashed with farmers on April 8-9 near the river.")
    assert got["clashed"] == ("2020-04-08", "day")


@pytest.mark.parametrize("text, published, expr, value", [
    # dates9: a quarter under a weak future (present simple) is the one of that number nearer to publication,
    # the past one weighted as against the tense (x3, as months): in February, "the second quarter" of a plant
    # that "reopens" is the coming one, not the one that ended eight months before
    ("The smelter reopens in the second quarter.", date(2026, 2, 10), "the second quarter", "2026-Q2"),
    # ... but a quarter just ended keeps the past reading, and a past tense is unchanged
    ("Margins narrow in the third quarter, the brewer says.", date(2025, 11, 20), "the third quarter", "2025-Q3"),
    ("Shipments fell in the second quarter.", date(2026, 2, 10), "the second quarter", "2025-Q2"),
])
def test_quarter_under_weak_future(nlp, text, published, expr, value):
    assert times(nlp, text, published)[expr] == (value, "quarter")


@pytest.mark.parametrize("text, expr, value", [
    # dates9: "until X" is no open bound when the clause is iterative (a frequency adverbial makes the event
    # durative, Quirk et al. 1985 §4.19-4.20) or when "until X" is fronted (the setting of a past period that has
    # ended): the known wrong "Until Friday, rebels shelled the city every night" of issue 11
    ("Until Thursday, militiamen mortared the camp every evening.", "Thursday", "2025-10-09"),
    ("Until Thursday, militiamen mortared the camp.", "Thursday", "2025-10-09"),
    ("Gunmen raided the hamlets daily until Saturday.", "Saturday", "2025-10-11"),
    # guards: a verb that sets a bound keeps the open bound
    ("The judge adjourned the hearing until Thursday.", "Thursday", "2025-10-16"),
    ("Gunmen blocked the pass until Saturday.", "Saturday", "2025-10-18"),
])
def test_until_iterative_or_fronted_is_past(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "day")


@pytest.mark.parametrize("text, expr, value", [
    # dates9: the same for a half year anchored on "the year": under a weak future the half nearer to
    # publication, the past one weighted as against the tense
    ("The smelter reopens in the second half of the year.", "the second half of the year", "2026-H2"),
    ("Output fell in the second half of the year.", "the second half of the year", "2025-H2"),
])
def test_half_under_weak_future(nlp, text, expr, value):
    assert times(nlp, text, date(2026, 4, 20))[expr] == (value, "half")


def test_bare_quarter_shorthand(nlp):
    """dates9: a bare "Q3" (business shorthand without a year) is read as "the third quarter"; not in a model
    name after a proper noun."""
    found = times(nlp, "Bookings in Q3 were weaker than in Q2, the carrier said.", date(2025, 11, 4))
    assert found["Q3"] == ("2025-Q3", "quarter")
    assert found["Q2"] == ("2025-Q2", "quarter")
    assert "Q3" not in times(nlp, "The dealer sold an Audi Q3 on Monday.")


@pytest.mark.parametrize("text, expr, value", [
    # review15: "every / each" makes a frequency adverbial only on a noun of time ("each day", "every week"); on any
    # other noun it quantifies the objects of one act, whose resulting state keeps the open bound
    ("The army closed every checkpoint until Sunday.", "Sunday", "2025-10-19"),
    ("Authorities shut each school until Monday.", "Monday", "2025-10-20"),
    ("Drones hit the port each day until Friday.", "Friday", "2025-10-10"),
    ("Militias raided every week until Friday.", "Friday", "2025-10-10"),
])
def test_every_on_an_object_is_no_frequency(nlp, text, expr, value):
    assert times(nlp, text)[expr] == (value, "day")
