"""Date expressions, normalised against the publication date.

``find_times`` finds date expressions with a small grammar of regular expressions (one pattern per
kind of expression, see ``_PATTERNS``) and resolves each to an ISO 8601 value:

    day ``2025-10-17`` | ISO week ``2025-W42`` | month ``2025-10`` | quarter ``2025-Q3`` |
    season ``2025-WI`` (TimeML: SP SU FA WI) | year ``2025`` | decade ``202`` (TimeML)

and TimeML's reference values ``PRESENT_REF`` ("now"), ``PAST_REF`` ("recently"), ``FUTURE_REF`` ("in the
future") with precision ``reference``: no calendar date, never an event's date.

Relative expressions ("on Friday", "last month", "in October") need the publication date and the
direction of time the sentence speaks in: the tense / modality of the verb that governs the
expression ("will meet on Friday" -> the coming Friday, "attacked on Friday" -> the last one).
Without a publication date only absolute expressions ("17 October 2025", "2024") are returned.
Numeric dates ("2025-10-17", "10/17/2025") are parsed with dateparser; the arithmetic for
weekdays, months, seasons, quarters and holidays is ours, because dateparser knows neither tense
nor seasons. Durations ("for three days", "24-hour", "decades") and
ages ("45 years old") are not dates and are never matched. See docs/times.md for every rule.

``event_date`` picks the date of an event trigger: the time expression syntactically attached to
the trigger's clause, else the nearest one in its sentence, else the publication date (precision
"published"); reference values are skipped.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Callable, Optional

from dateparser.date import DateDataParser
from text_to_num import alpha2digit
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from spacy.tokens import Doc, Span, Token

from .records import TimeExpr, period_bounds
from .spanindex import Occupied, cached, doc_text, index

# ---------------------------------------------------------------- vocabulary

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
            "sunday": 6}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # winter YYYY = Dec YYYY .. Feb YYYY+1
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4}

# "the nineties" -> 199 (the decade digit; the century as for "the '90s")
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}
# Number words of spelled-out years ("nineteen ninety-six", "the year two thousand"), which
# broadcast transcripts write; text2num turns them into digits.
_UNITS_W = "one|two|three|four|five|six|seven|eight|nine"
_TEENS_W = ("ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen")
_TENS_W = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"

# Months that are also ordinary words or names: alone they need a date context to count.
AMBIGUOUS_MONTHS = {"may", "march", "jan", "mar", "jun", "jul", "dec", "sep", "oct", "nov"}
# Words before a bare year / month that make it a date ("in 2024", "since May").
DATE_PREPS = {"in", "since", "of", "during", "until", "till", "by", "before", "after", "from",
              "to", "through", "between", "and", "early", "late", "mid", "fiscal", "last", "next",
              "this", "around", "for", "throughout", "spring", "summer", "fall", "autumn",
              "winter", "-", "–", "or"}

# Heads whose infinitive complement lies in the future: "plans to meet", "is set to meet".
FUTURE_HEADS = {"plan", "set", "schedule", "due", "expect", "intend", "hope", "want", "seek",
                "aim", "prepare", "agree", "decide", "promise", "vow", "pledge", "threaten",
                "propose", "offer", "invite", "urge", "call", "ask", "slate", "go", "be", "wish",
                "expected", "likely", "poised", "ready", "about", "able", "willing", "need",
                "have", "try", "attempt", "scheduled", "planned", "arrange", "await"}
# Passive participles that by themselves point forward: "talks are scheduled for Monday".
FUTURE_PARTICIPLES = {"schedule", "plan", "slate", "expect", "postpone", "delay", "reschedule",
                      "arrange"}
# "could" is left out: in news it is mostly the past of "can" ("could not be reached Friday").
FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "may", "might", "should", "must", "can",
              "ca", "going"}
# Perception verbs (Levin 1993, *English Verb Classes and Alternations*, 30.1 "see" verbs:
# see, hear, feel, smell, taste, notice, detect, discern, sense; with watch, observe, spot and the
# phrasal "make out" of 30.2 "sight" verbs): "could" + one of them reports what was perceptible
# then, the past of "can" with a verb of perception (Palmer, *Mood and Modality*, 2001; Quirk et
# al. 1985 on "can" + perception verbs), not epistemic possibility ("residents could hear
# explosions on Monday").
PERCEPTION_VERBS = {"see", "hear", "feel", "smell", "taste", "notice", "watch", "observe",
                    "spot", "sense", "discern", "detect", "make"}
# Verbs whose past tense looks like the present: the tagger often reads "hurt" as VBP.
SAME_FORM_PAST = {"hurt", "put", "set", "cut", "hit", "let", "cost", "shut", "spread", "quit",
                  "beat", "burst", "cast", "split", "read", "bet", "shed", "upset"}
REPORTING = {"say", "tell", "report", "announce", "state", "claim", "confirm", "add", "write"}

_M = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
      r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)")
_MON = rf"(?P<mon>{_M})"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"
# Modifiers kept in the span but not in the value: "late October" is 2025-10.
_MOD = (r"(?:(?:early|earlier|late|later|mid"
        r"|the\s+(?:end|beginning|start|middle)\s+of)[\s-]+)?")
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
# A year must not run on into a number, an age ("1998-year-old"), money or a percentage.
_YEAR_END = r"(?![\d%]|,\d|-?\s?years?-old|\s*(?i:gmt|utc|hrs?\b|hours|local\s+time))"

_DD = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first",
                                                 "REQUIRE_PARTS": ["year"]})


# ---------------------------------------------------------------- context passed to handlers

@dataclass
class _Ctx:
    """What a pattern handler needs: the publication date and (lazily) the tense direction."""
    doc: Doc
    start: int
    end: int
    published: Optional[date]
    _direction: Optional[int] = None

    @property
    def direction(self) -> int:
        """-2..+2 (see ``tense_direction``): from the verb governing the expression; after
        "since" a clear past (see ``_LEAD_WORD``)."""
        if self._direction is None:
            span = self.doc.char_span(self.start, self.end, alignment_mode="expand")
            d = tense_direction(span.root) if span is not None and len(span) else 0
            if self.since_bound:
                d = -2
            elif d < 0 and self.lead in ("until", "till") and _open_bound(span.root):
                d = 1
            self._direction = d
        return self._direction

    @property
    def since_bound(self) -> bool:
        """Is the expression the starting point of a "since" period (not after publication)? Not when
        "since" is the subordinator of reason (see ``_causal_since``)."""
        if self.lead != "since":
            return False
        span = self.doc.char_span(self.start, self.end, alignment_mode="expand")
        return not _causal_since(span)

    @property
    def lead(self) -> str:
        """The word just before the expression, lower case ("since" in "since early May")."""
        m = _LEAD_WORD.search(doc_text(self.doc)[max(0, self.start - 24):self.start])
        return m.group(1).lower() if m else ""


# "since" + a time (Quirk et al. 1985, prepositions of time: "since" names the starting point of a
# period that runs up to the reference time; TIDES 2005 / TimeML value the expression after it as
# the point it names): "since May", "since Jan. 3", "since Monday" lie at or before publication
# whatever the tense. A present perfect is only a weak past (-1), which let "since January" said in
# late December become the coming January.
_LEAD_WORD = re.compile(r"([A-Za-z]+)[\s]*\Z")


# Verbs of lasting (Levin 1993 47.1 "exist" verbs: stay, remain, live, last, ...; with the aspectual
# "continue" and "wait", "keep" and the copula): "until X" after them in the past (finite or a reduced
# relative: "the truce, held until Sunday") measures their own, completed, duration ("shops stayed shut
# until Sunday").
DURATIVE = {"be", "stay", "remain", "continue", "last", "wait", "keep", "live", "hold", "sit", "run",
            "persist", "linger", "survive", "endure", "stand"}


def _open_bound(tok: Token) -> bool:
    """Is "until / till" + ``tok`` under a past verb the end of the state that the verb's event brought
    about, which may lie after publication ("adjourned the trial until Monday", "extended the curfew
    until Sunday", "gave them until mid-November": Quirk et al. 1985 on "until" with a non-durative
    verb, which then bounds the resulting state), rather than a completed past period? Not after a
    verb of lasting in the past ("stayed shut until Sunday": its own duration), a perfect ("had not
    named him until Thursday": complete before a past reference time) or a negated verb ("did not
    leave until Friday": "not ... until" places the event at that time, Quirk et al. 1985), nor in an
    iterative clause or after a fronted "until" (dates9: ``_iterative``, ``_fronted_until``)."""
    verb = governing_verb(tok)
    if verb is None:
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if any(c.dep_ == "neg" for c in verb.children) or aux & {"had", "has", "have", "'d", "'ve"}:
        return False
    if _fronted_until(tok) or _iterative(verb):
        return False
    # an infinitive of lasting keeps the open bound: "ordered residents to stay home until Sunday"
    return verb.tag_ == "VB" or verb.lemma_ not in DURATIVE


# Adverbials of frequency ("every night", "daily", "repeatedly") make an event verb iterative, and an
# iterated event is durative (Quirk et al. 1985 §4.19-4.20, habitual / iterative aspect): "until X"
# then measures the series itself ("shelled the city every night until Friday"), a completed period.
_FREQUENCY = {"daily", "nightly", "weekly", "repeatedly", "regularly", "routinely", "constantly",
              "continually", "continuously", "frequently", "often", "intermittently", "sporadically"}


# The nouns of a definite frequency adverbial, "every / each" + a unit of time (Quirk et al. 1985 ch. 8, definite
# frequency adjuncts): "every night", "each morning", "every two days", "each time" (review15). "every" on any other
# noun quantifies over the objects, not the occasions ("closed every checkpoint until Sunday" is one act whose
# resulting state runs to Sunday: an open bound).
_OCCASIONS = {"second", "minute", "hour", "day", "night", "morning", "afternoon", "evening", "week", "weekend",
              "fortnight", "month", "year", "time", "occasion"}


def _iterative(verb: Token) -> bool:
    """Does a frequency adverbial ("daily", "every night", "each day") modify ``verb``?"""
    for c in verb.children:
        if c.lower_ in _FREQUENCY:
            return True
        if c.dep_ in ("npadvmod", "advmod", "dobj", "prep", "nmod") and c.lemma_.lower() in _OCCASIONS and any(
                k.dep_ == "det" and k.lower_ in ("every", "each") for k in c.children):
            return True
    return False


def _fronted_until(tok: Token) -> bool:
    """Does "until X" open its clause ("Until Friday, rebels shelled the city")? A fronted "until"
    adjunct is the setting of the clause (Quirk et al. 1985 §8.18, initial time adjuncts) and sets the
    past period off against what followed: the state has ended, so it is no open bound."""
    prep = tok.head if tok.head.lower_ in ("until", "till", "til") else None
    if prep is None:
        return False
    first = prep.sent.start
    return prep.i == first or (prep.i == first + 1 and prep.doc[first].dep_ in ("cc", "punct"))


def _causal_since(span) -> bool:
    """Is "since" before ``span`` the subordinator of reason ("Since Friday is a holiday, ...": Quirk et al.
    1985 §15.45, "since" introducing a finite clause of reason), not the preposition of time? The expression is
    then (the possessor of) the subject of that clause: "since" parsed as the clause's marker (``mark``), the
    expression parsed as its subject, or "since" parsed as a preposition hanging on the finite verb right after
    the expression when that verb has no subject of its own (the parser's reading of "Since Friday is a ...")."""
    if span is None or not len(span) or not span.start:
        return False
    doc, r = span.doc, span.root
    since = doc[span.start - 1]
    if since.dep_ == "mark" or r.dep_ in ("nsubj", "nsubjpass") or (
            r.dep_ == "poss" and r.head.dep_ in ("nsubj", "nsubjpass")):
        return True
    verb = since.head
    return (since.dep_ == "prep" and verb.i == span.end and verb.pos_ in ("VERB", "AUX")
            and verb.tag_ in ("VBZ", "VBD", "VBP", "MD")
            and not any(k.dep_ in ("nsubj", "nsubjpass", "expl") for k in verb.children))

Value = Optional[tuple[str, str]]
Handler = Callable[[re.Match, _Ctx], Value]


# ---------------------------------------------------------------- tense

def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass")


def _path_to_verb(tok: Token) -> list[Token]:
    """The heads above ``tok``, up to and including its governing verb (if any)."""
    path, t = [], tok
    for _ in range(60):
        if t.head.i == t.i:
            break
        t = t.head
        path.append(t)
        if _is_verb(t):
            break
    return path


def governing_verb(tok: Token) -> Optional[Token]:
    """First verb (or auxiliary used as main verb) above ``tok`` in the dependency tree."""
    path = _path_to_verb(tok)
    return path[-1] if path and _is_verb(path[-1]) else None


def tense_direction(tok: Token) -> int:
    """Direction of time of the clause governing ``tok``: -2..+2 (sign: past/future; 2: strong).

    When the expression reaches its verb only through a noun or adjective ("declared a dividend
    payable Dec. 7", "under a June agreement") the verb's tense often belongs to another event:
    a strong direction is weakened to 1, a weak one dropped.
    """
    while tok.dep_ == "conj" and tok.head.i != tok.i and tok.head.pos_ in ("PROPN", "NOUN", "NUM"):
        tok = tok.head  # "statements made Friday and Thursday": conjuncts share the verb
    path = _path_to_verb(tok)
    verb = path[-1] if path and _is_verb(path[-1]) else None
    indirect = any(t.pos_ in ("NOUN", "PROPN", "ADJ", "PRON") for t in path[:-1])
    if tok.dep_ == "poss" or (tok.i + 1 < len(tok.doc) and tok.nbor().tag_ == "POS"):
        # "Friday's ruling": an event already known, unless the clause says "will"
        before = " ".join(t.lower_ for t in tok.doc[max(0, tok.i - 3):tok.i])
        will = verb is not None and any(c.lower_ in ("will", "'ll", "shall", "wo")
                                        for c in verb.children)
        return 1 if will or before.endswith(("ahead of", "ahead of the", "before")) else -1
    if verb is None:
        return 0
    d = _verb_direction(_reporting_verb(tok, verb), 0)
    if indirect:  # keep only a clear tense, weakened
        return int(d / 2)
    return d


def _reporting_verb(tok: Token, verb: Token) -> Token:
    """The verb a date between a reporting verb and its complement clause belongs to.

    "Russia said on Monday it would retaliate": the parser often hangs "on Monday" on the
    complement's verb, but a constituent of the complement clause follows its subject (or a
    "that"); one standing between the reporting verb and the clause's subject modifies the
    reporting verb ("said on Monday"), and takes its tense, not the reported "would".
    """
    head = verb.head
    if verb.dep_ != "ccomp" or head.lemma_ not in REPORTING or not head.i < tok.i < verb.i:
        return verb
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if not subjects or tok.i >= subjects[0].left_edge.i:
        return verb
    if any(t.dep_ == "mark" or t.lower_ == "that" for t in tok.doc[head.i + 1:tok.i]):
        return verb  # "said that on Monday it would ...": the clause's own date
    return head


def _verb_direction(v: Token, depth: int) -> int:
    """-2..+2 from the verb's tag, auxiliaries and (for non-finite verbs) its head."""
    low = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
    if v.lemma_ in FUTURE_PARTICIPLES and v.tag_ in ("VBN", "VBD"):
        return 2  # "is scheduled for", "has scheduled ... Thursday", "planned ... Saturday"
    if low & {"will", "'ll", "shall", "wo"}:
        return -1 if low & {"have", "'ve"} else 2
    if low & {"had"} and v.tag_ == "VBN":
        return -2
    if low & {"has", "have", "'ve", "'s"} and v.tag_ == "VBN":
        return -1
    if "could" in low:
        # "could not be reached Friday": the past of "can"; affirmative "could" + a plain
        # infinitive is epistemic possibility, which lies after the speech time ("rain could
        # fall between Saturday and Monday", "could arrive as early as Tuesday": Palmer, *Mood
        # and Modality*, 2001, ch. 2; Quirk et al. 1985 §4.60)
        negated = any(c.dep_ == "neg" for c in v.children)
        if v.lemma_ == "make" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in v.children):
            perceived = False  # only the phrasal "make out" perceives
        else:
            perceived = v.lemma_ in PERCEPTION_VERBS
        return -1 if negated or perceived or low & {"have", "'ve"} or v.tag_ != "VB" else 1
    if low & (FUTURE_AUX - {"will", "'ll", "shall", "wo"}):
        return -1 if low & {"have", "'ve"} else 1
    if v.tag_ == "VBD" or (v.tag_ == "VBN" and low & {"was", "were", "been"}):
        return -2
    if v.tag_ == "VBN" and not low:
        return -1  # reduced relative "the injunction issued Thursday"
    if v.tag_ == "VBG":
        if low & {"was", "were"}:
            return -2
        if low & {"is", "are", "am", "'s", "'re", "'m"}:
            return 1
    if v.tag_ in ("VB", "VBG") and v.head.i != v.i and depth < 4:
        head = v.head
        if "to" in low and v.dep_ == "xcomp" and (head.lemma_ in FUTURE_HEADS
                                                   or head.lower_ in FUTURE_HEADS):
            return 2  # "plans to meet", "is set to meet", "is due to meet"
        if head.pos_ in ("VERB", "AUX") and v.dep_ in ("xcomp", "ccomp", "conj", "advcl"):
            d = _verb_direction(head, depth + 1)
            # an infinitive lies after its head's time: "subpoenaed him to testify on Feb. 10"
            return max(d, -1) if "to" in low else d
        if "to" in low and head.pos_ not in ("VERB", "AUX"):
            return 1  # headline "Zelenskyy to meet Trump on Friday", "plans to meet"
        return 0
    if v.tag_ in ("VBZ", "VBP"):
        if v.lemma_ in REPORTING or (v.tag_ == "VBP" and v.lower_ in SAME_FORM_PAST):
            return 0
        return 1  # "meets Friday" / "the vote is on Friday"
    return 0


# ---------------------------------------------------------------- date arithmetic

def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _month(d: date) -> str:
    return f"{d.year}-{d.month:02d}"


# Cost factor for a candidate date lying against the tense's direction, by strength 0..2 (for
# strength 0, future candidates cost double: news mostly reports the past).
_AGAINST = {0: 2.0, 1: 3.0, 2: 12.0}


def _pick(candidates: list[date], published: date, direction: int) -> date:
    """The candidate nearest to publication, distances against the tense's direction weighted.

    A strong past tense with "in November" published in October gives last November; but a date
    reached only through a noun ("a dividend payable Dec. 7" in a past-tense sentence) may still
    be the near future rather than eleven months back.
    """
    def cost(c: date) -> tuple[float, bool]:
        days = (c - published).days
        against = (days > 0 and direction <= 0) or (days < 0 and direction > 0)
        factor = _AGAINST[abs(direction)] if against else 1.0
        return abs(days) * factor, c > published
    return min(candidates, key=cost)


def resolve_weekday(weekday: int, published: date, direction: int) -> date:
    """Weekday nearest to ``published`` in ``direction``; the publication weekday is that day."""
    delta = weekday - published.weekday()
    cands = [published + timedelta(days=delta + k) for k in (-7, 0, 7)]
    if delta == 0:
        return published
    if direction:  # weekdays always follow the tense, whatever its strength
        return _pick(cands, published, 2 if direction > 0 else -2)
    return _pick(cands, published, 0)


def _season_of(d: date) -> tuple[int, str]:
    """(season year, code): Jan/Feb belong to the previous year's winter."""
    m = d.month
    if m in (12, 1, 2):
        return (d.year if m == 12 else d.year - 1, "WI")
    return d.year, {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(m, "FA")


def _season_start(year: int, code: str) -> date:
    return date(year, SEASON_START[code], 1)


def resolve_season(code: str, which: str, published: date, direction: int) -> str:
    """``which``: this | last | next; seasons are ordered by their start date."""
    cur_year, cur_code = _season_of(published)
    cur_start = _season_start(cur_year, cur_code)
    cands = [_season_start(y, code) for y in (published.year - 2, published.year - 1,
                                              published.year, published.year + 1)]
    if which == "last":
        chosen = max(c for c in cands if c < cur_start)
    elif which == "next":
        chosen = min(c for c in cands if c > cur_start)
    elif code == cur_code:
        chosen = cur_start
    else:  # "this winter" / "in the summer": nearest by the season's middle, tense breaks ties
        mid = {c: c + timedelta(days=45) for c in cands}
        dist = {c: abs((mid[c] - published).days) for c in cands}
        best = min(dist.values())
        near = [c for c in cands if dist[c] - best < 30]
        chosen = _pick(near, published, direction) if len(near) > 1 else near[0]
    return f"{chosen.year}-{code}"


# ---------------------------------------------------------------- pattern handlers

def _g(m: re.Match, name: str) -> Optional[str]:
    """Named group or None when the pattern has no such group."""
    return m.groupdict().get(name)


def _num(text: str) -> Optional[int]:
    text = text.lower()
    return NUMBERS.get(text) if not text.isdigit() else int(text)


def _month_no(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _day_no(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _safe_date(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _h_full_date(m: re.Match, ctx: _Ctx) -> Value:
    """'October 17, 2025', '17 October 2025', 'Oct. 17 2025' (an impossible day is dropped)."""
    d = _safe_date(int(m["year"]), _month_no(m["mon"]), _day_no(m["day"]))
    return (d.isoformat(), "day") if d else None


def _h_month_day(m: re.Match, ctx: _Ctx) -> Value:
    """'October 17', '17 Oct.': the nearest such day in the tense's direction."""
    if ctx.published is None:
        return None
    mo, d = _month_no(m["mon"]), _day_no(m["day"])
    p = ctx.published
    which = (_g(m, "which") or "").lower()
    direction = {"last": -2, "next": 2}.get(which, ctx.direction)
    cands = [c for c in (_safe_date(y, mo, d) for y in (p.year - 1, p.year, p.year + 1)) if c]
    if not which and ctx.since_bound:  # "since Jan. 3": not after publication
        cands = [c for c in cands if c <= p]
    return (_pick(cands, p, direction).isoformat(), "day") if cands else None


def _h_day_range(m: re.Match, ctx: _Ctx) -> Value:
    """'between 1 and 3 May 2020', '1-3 May': the first day of the range.

    A choice, like "Oct. 3-5" (the start day): ACLED gives a span of days one event_date with
    time_precision 2 (within a week, docs/times.md); we date it by the day it began.
    """
    return _h_full_date(m, ctx) if m["year"] else _h_month_day(m, ctx)


def _h_month_year(m: re.Match, ctx: _Ctx) -> Value:
    return f"{int(m['year'])}-{_month_no(m['mon']):02d}", "month"


def _h_month(m: re.Match, ctx: _Ctx) -> Value:
    """'in October', 'last March': the nearest such month in the tense's (or word's) direction."""
    if ctx.published is None:
        return None
    mo, p = _month_no(m["mon"]), ctx.published
    which = (_g(m, "which") or "").lower()
    direction = {"last": -2, "next": 2}.get(which, ctx.direction)
    cands = [date(y, mo, 1) for y in (p.year - 1, p.year, p.year + 1)]
    first = date(p.year, p.month, 1)
    if which in ("last", "next"):  # strictly before / after the current month
        cands = [c for c in cands if (c < first if which == "last" else c > first)]
    elif which == "this":  # "this September": the publication year's
        return f"{p.year}-{mo:02d}", "month"
    elif ctx.since_bound:  # "since January": not after the publication month
        cands = [c for c in cands if c <= first]
    # Compare months by their 15th, so one month apart is ~30 days whatever the day of publication.
    mid = _pick([c.replace(day=15) for c in cands], first.replace(day=15), direction)
    return _month(mid), "month"


def _h_weekday(m: re.Match, ctx: _Ctx) -> Value:
    if ctx.published is None:
        return None
    wd, p = WEEKDAYS[m["wd"].lower()], ctx.published
    which = ((_g(m, "which") or "").lower().split() or [""])[-1]  # "this coming" -> "coming"
    which = {"coming": "next", "past": "last"}.get(which, which)
    if which == "last":
        d = p - timedelta(days=(p.weekday() - wd - 1) % 7 + 1)
    elif which == "next":
        d = p + timedelta(days=(wd - p.weekday() - 1) % 7 + 1)
    else:
        d = resolve_weekday(wd, p, ctx.direction)
    return d.isoformat(), "day"


_REL_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
             "earlier today": 0, "later today": 0, "overnight": 0, "yesterday": -1,
             "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
             "the day after tomorrow": 2, "the past 24 hours": 0, "the last 24 hours": 0}


def _h_rel_day(m: re.Match, ctx: _Ctx) -> Value:
    if ctx.published is None:
        return None
    key = re.sub(r"\s+", " ", m["rel"].lower())
    key = re.sub(r"^(yesterday|tomorrow) \w+$", r"\1", key)
    return (ctx.published + timedelta(days=_REL_DAYS[key])).isoformat(), "day"


def _h_rel_unit(m: re.Match, ctx: _Ctx) -> Value:
    """'last week', 'earlier this month', 'next year', 'this weekend', 'the end of the year'."""
    if ctx.published is None:
        return None
    which, unit = (_g(m, "which") or "this").lower().split()[-1], m["unit"].lower()
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
    p = ctx.published
    if unit == "week":
        return _iso_week(p + timedelta(weeks=step)), "week"
    if unit == "weekend":
        monday = p - timedelta(days=p.weekday())
        sat = monday + timedelta(days=5 + 7 * step)
        return _iso_week(sat) + "-WE", "week"  # TimeML / TIDES: a weekend is YYYY-Wnn-WE
    if unit == "month":
        return _month(p + relativedelta(months=step)), "month"
    if unit == "decade":  # TimeML writes a decade as its first three digits
        return str(p.year // 10 + step), "decade"
    if unit == "quarter":
        q = date(p.year, 3 * ((p.month - 1) // 3) + 1, 1) + relativedelta(months=3 * step)
        return f"{q.year}-Q{(q.month - 1) // 3 + 1}", "quarter"
    return str(p.year + step), "year"


def _h_weekend(m: re.Match, ctx: _Ctx) -> Value:
    """'(over) the weekend': the coming one in a future sentence, else the last one."""
    if ctx.published is None:
        return None
    p = ctx.published
    sat = resolve_weekday(5, p, ctx.direction if ctx.direction else -1)
    if p.weekday() == 6:  # on a Sunday "the weekend" is the one ending today
        sat = p - timedelta(days=1)
    return _iso_week(sat) + "-WE", "week"


def _h_ago(m: re.Match, ctx: _Ctx) -> Value:
    """'three days ago', 'a year ago', 'a decade ago': precision of the unit named."""
    if ctx.published is None:
        return None
    n, unit = _num(m["n"]), m["unit"].lower()
    if n is None:
        return None
    p = ctx.published
    if unit == "day":
        return (p - timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return _iso_week(p - timedelta(weeks=n)), "week"
    if unit == "month":
        return _month(p - relativedelta(months=n)), "month"
    if unit == "decade":
        n *= 10
    return str(p.year - n), "year"


def _h_year(m: re.Match, ctx: _Ctx) -> Value:
    return m["year"], "year"


def _h_decade(m: re.Match, ctx: _Ctx) -> Value:
    """'the 1990s' -> '199'; "the '90s" -> '199', "the '10s" -> '201' (the latest such decade
    begun by publication, or by 2029 without a publication date)."""
    if _g(m, "dec"):
        return m["dec"][:3], "decade"
    last = ctx.published.year if ctx.published else 2029
    digit = int(m["short"]) if _g(m, "short") else DECADE_WORDS[m["word"].lower()]
    start = (last // 100) * 100 + digit * 10
    return str(start if start <= last else start - 100)[:3], "decade"


CENTURY = "century"
_CENTURY_WORDS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), 1)}
_CENTURY_WORDS["twenty first"] = 21
_CENTURY_ALT = "|".join(w.replace(" ", r"[\s-]+") for w in sorted(_CENTURY_WORDS, key=len, reverse=True))


def _h_century(m: re.Match, ctx: _Ctx) -> Value:
    """'the 20th century' -> '19' (TimeML 1.2.1 / TIDES 2005 value grammar: a century is its first
    two digits, as the news-dates README writes "the 17th century" = `16`); 'this century', 'last
    century' from the publication year."""
    word = m["cord"].lower()
    n = int(word[:-2]) - 1 if word[0].isdigit() else _CENTURY_WORDS[re.sub(r"[\s-]+", " ", word)] - 1
    return (f"{n:02d}", CENTURY) if 0 <= n <= 99 else None


def _h_spelled_year(m: re.Match, ctx: _Ctx) -> Value:
    """'nineteen ninety-six' -> '1996', 'the year two thousand' -> '2000' (text2num reads the
    number words; a century and its two-digit rest come out as two numbers, '19 96')."""
    digits = alpha2digit(re.sub(r"[\s-]+", " ", m["words"].lower()), "en").split()
    if not all(d.isdigit() for d in digits) or not 1 <= len(digits) <= 2:
        return None
    year = int(digits[0]) * 100 + int(digits[1]) if len(digits) == 2 else int(digits[0])
    if len(digits) == 2 and not int(digits[1]) < 100:
        return None
    return (str(year), "year") if 1600 <= year <= 2099 else None


def _h_season(m: re.Match, ctx: _Ctx) -> Value:
    code = SEASONS[m["season"].lower()]
    if m["year"]:
        return f"{m['year']}-{code}", "season"
    if ctx.published is None:
        return None
    which = (_g(m, "which") or "this").lower()
    which = {"past": "last", "coming": "next", "previous": "last"}.get(which, which)
    return resolve_season(code, which, ctx.published, ctx.direction), "season"


def _h_quarter(m: re.Match, ctx: _Ctx) -> Value:
    """'the third quarter': the latest such quarter begun by publication (future: next ending)."""
    # "the June quarter" (Australian, New Zealand and IMF usage): the quarter ending that month
    q = ORDINALS[m["ord"].lower()] if m["ord"] else MONTHS[m["qmon"].lower()] // 3
    return _quarter(q, m["year"] or m["year2"], m["rel"], bool(m["ago"]), ctx)


def _h_month_pair_quarter(m: re.Match, ctx: _Ctx) -> Value:
    """'the April-June quarter', 'July-September': a hyphenated pair of months that are the first
    and the last of one calendar quarter names that quarter (TimeML value YYYY-Qn; statistics and
    earnings releases name quarters so)."""
    first, last = _month_no(m["m1"]), _month_no(m["m2"])
    if first % 3 != 1 or last != first + 2:
        return None
    return _quarter(last // 3, m["year"] or m["year2"], None, False, ctx)


def _quarter(q: int, year: Optional[str], rel: Optional[str], ago: bool, ctx: _Ctx) -> Value:
    if year:
        return f"{year}-Q{q}", "quarter"
    if ctx.published is None:
        return None
    p = ctx.published
    if rel:  # "next year's first quarter"
        return f"{p.year + {'last': -1, 'next': 1}.get(rel.lower(), 0)}-Q{q}", "quarter"
    starts = [date(y, 3 * q - 2, 1) for y in (p.year - 1, p.year, p.year + 1)]
    if ctx.direction == 1:  # a weak future ("the smelter reopens in the second quarter")
        chosen = _nearer_period(starts, 3, p)
    elif ctx.direction >= 2:  # only a clear future ("will report ... in the fourth quarter")
        # a quarter's results come out up to 45 days after it ends (SEC Form 10-Q deadline for
        # large filers), so "expects to report ... for the third quarter" in late October is the
        # one just ended, not next year's
        chosen = min(s for s in starts if s + relativedelta(months=3, days=45) > p)
    else:
        chosen = max(s for s in starts if s <= p)
    if ago:  # "the year-ago third quarter": the same quarter one year before
        chosen = chosen - relativedelta(years=1)
    return f"{chosen.year}-Q{q}", "quarter"


def _nearer_period(starts: list[date], months: int, p: date) -> date:
    """Under a weak future (+1: a present simple, "the smelter reopens in the second quarter") the
    quarter or half of that number nearer to publication: the coming one against the latest begun, whose
    distance is counted from its end and weighted as lying against the tense (x3, ``_AGAINST[1]``, as for
    months). In February "the second quarter" of a plant that "reopens" is the coming one (the past one
    ended eight months before); in late November "the third quarter" is still the one just ended
    (dates9; measured on the news-dates suites, docs/times.md)."""
    past = max(s for s in starts if s <= p)
    ahead = min(s for s in starts if s > p)
    gone = (p - (past + relativedelta(months=months))).days
    return ahead if (ahead - p).days < _AGAINST[1] * max(gone, 0) else past


# Half years (TimeML 1.2.1 / TIDES value grammar: "2025-H2"; precision "half"). Taken only with
# a year to anchor them ("the second half of 2025", "the first half of the year", "next year's
# first half", "1H25", "H2 2024"): "the second half" alone is mostly a match's.
HALF = "half"


def _short_year(yy: str, published: Optional[date] = None) -> int:
    """'25' in '1H25' / 'Q3'24' (business shorthand): the year of the publication's century, or
    of the one before when that would lie over ten years after publication ("Q4'99" in 2025 is
    1999; the usual two-digit-year pivot). Without a publication date, the century of 2000."""
    if published is None:
        return 2000 + int(yy)
    year = published.year // 100 * 100 + int(yy)
    return year - 100 if year > published.year + 10 else year


def _h_half(m: re.Match, ctx: _Ctx) -> Value:
    """'the second half of 2025', 'the first half of the year', '1H25', 'H2 2024' -> YYYY-Hn."""
    g = m.groupdict()
    h = int(g["hnum"] or g["hnum2"] or ORDINALS[(g["hord"] or g["hord2"]).lower()])
    yy = g["yy"] or g["yy2"]
    year = (g["year"] or g["year2"] or g["year3"] or g["year4"] or g["year5"]
            or (yy and _short_year(yy, ctx.published)))
    if year:
        return f"{year}-H{h}", HALF
    if ctx.published is None:
        return None
    p = ctx.published
    rel = (g["rel"] or g["rel2"] or g["this"] or "").lower()
    if rel:  # "this year's first half", "the second half of next year": that year, whatever the tense
        return f"{p.year + {'last': -1, 'next': 1}.get(rel, 0)}-H{h}", HALF
    # "the second half of the year" (definite, no deictic): as for quarters, the latest such half
    # begun by publication, unless the sentence clearly speaks of the future (then the next ending)
    starts = [date(y, 6 * h - 5, 1) for y in (p.year - 1, p.year, p.year + 1)]
    if ctx.direction == 1:  # a weak future: the nearer of the two, as for quarters
        chosen = _nearer_period(starts, 6, p)
    elif ctx.direction >= 2:
        chosen = min(s for s in starts if s + relativedelta(months=6) > p)
    else:
        chosen = max(s for s in starts if s <= p)
    return f"{chosen.year}-H{h}", HALF


def _h_compact_quarter(m: re.Match, ctx: _Ctx) -> Value:
    """Business shorthand for quarters (TimeML value YYYY-Qn): 'Q3 2024', '3Q24', 'Q3'24'."""
    yy = m["yy"] or m["yy2"]
    return f"{m['year'] or m['year2'] or _short_year(yy, ctx.published)}-Q{m['q'] or m['q2']}", "quarter"


def _h_bare_quarter(m: re.Match, ctx: _Ctx) -> Value:
    """A bare 'Q2' (business shorthand without a year): read as 'the second quarter' (``_quarter``)."""
    return _quarter(int(m["bq"]), None, None, False, ctx)


def _h_numeric(m: re.Match, ctx: _Ctx) -> Value:
    """'2025-10-17', '10/17/2025', '17/10/2025': dateparser (month first when ambiguous)."""
    value = _numeric_date(m.group())
    return (value, "day") if value else None


@lru_cache(maxsize=4096)
def _numeric_date(text: str) -> Optional[str]:
    """dateparser's reading of one numeric date, remembered: it is a function of the string alone
    (every form the pattern admits carries its year, ``REQUIRE_PARTS`` refuses any other, and with
    ``PREFER_DATES_FROM`` at its default a two-digit year is read without the clock), and one call
    costs ~2 ms, more than the rest of ``find_times`` on a short article; dates recur in a feed."""
    parsed = _DD.get_date_data(text).date_obj
    return parsed.date().isoformat() if parsed else None


def _thanksgiving(year: int) -> date:
    nov1 = date(year, 11, 1)
    return nov1 + timedelta(days=(3 - nov1.weekday()) % 7 + 21)  # 4th Thursday


# Fixed or computable public holidays common in the news (Western calendar only).
HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas": lambda y: date(y, 12, 25), "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24), "new year's eve": lambda y: date(y, 12, 31),
    "new year's day": lambda y: date(y, 1, 1), "easter": easter, "easter sunday": easter,
    "good friday": lambda y: easter(y) - timedelta(days=2),
    "thanksgiving": _thanksgiving, "thanksgiving day": _thanksgiving,
    # more named days of the Western calendar (TIDES 2005: a holiday is the calendar day it names)
    "boxing day": lambda y: date(y, 12, 26), "easter monday": lambda y: easter(y) + timedelta(days=1),
    "palm sunday": lambda y: easter(y) - timedelta(days=7),
    "ash wednesday": lambda y: easter(y) - timedelta(days=46),
    "maundy thursday": lambda y: easter(y) - timedelta(days=3),
    "holy saturday": lambda y: easter(y) - timedelta(days=1),
    "valentine's day": lambda y: date(y, 2, 14), "halloween": lambda y: date(y, 10, 31),
    "st patrick's day": lambda y: date(y, 3, 17), "st. patrick's day": lambda y: date(y, 3, 17),
    "orthodox christmas": lambda y: date(y, 1, 7), "orthodox christmas day": lambda y: date(y, 1, 7),
    "orthodox christmas eve": lambda y: date(y, 1, 6),  # 25 / 24 December Julian, 1900-2099
    "new year": lambda y: date(y, 1, 1), "new year's": lambda y: date(y, 1, 1),  # "over New Year"
}


def _h_holiday(m: re.Match, ctx: _Ctx) -> Value:
    """'on Christmas Eve', 'over Easter': the nearest occurrence in the tense's direction."""
    key = re.sub(r"\s+", " ", m["hol"].lower()).replace("’", "'")
    rule = HOLIDAYS[key]
    if m["year"]:
        return rule(int(m["year"])).isoformat(), "day"
    if ctx.published is None:
        return None
    p = ctx.published
    cands = [rule(y) for y in (p.year - 1, p.year, p.year + 1)]
    return _pick(cands, p, ctx.direction).isoformat(), "day"


# TimeML 1.2.1 / TIDES reference values for DATE expressions with no calendar value: "now",
# "currently", "current" (PRESENT_REF), "recently", "recent", "in the past" (PAST_REF), "in the future"
# (FUTURE_REF).
# Precision "reference": never a calendar date, never an event's date (see ``event_date``).
REFERENCE = "reference"
# The attributive adjectives "current" (PRESENT_REF) and "recent" (PAST_REF) are markable time
# expressions in TIDES 2005 (lexical triggers; "the current crisis", "recent clashes") and TimeBank
# annotates them so (dates session 9, helper dates4, issue 11): only before their noun (``_accept``),
# never in the lexicalised compounds below, where "current" is no time of the text (accounting and
# balance-of-payments terms; "current affairs" = news topics).
_NOT_TIME_CURRENT = {"account", "accounts", "affairs", "asset", "assets", "liability", "liabilities"}
_REF_VALUE = {"present": "PRESENT_REF", "past": "PAST_REF", "future": "FUTURE_REF"}


def _h_ref(m: re.Match, ctx: _Ctx) -> Value:
    which = next(k for k in ("present", "past", "future") if m.group(k))
    return _REF_VALUE[which], REFERENCE


def _h_ordinal_day(m: re.Match, ctx: _Ctx) -> Value:
    """'on the 17th': that day of the previous, current or next month, by tense."""
    if ctx.published is None:
        return None
    p, d = ctx.published, _day_no(m["day"])
    first = date(p.year, p.month, 1)
    cands = [c for c in (_safe_date((first + relativedelta(months=k)).year,
                                    (first + relativedelta(months=k)).month, d)
                         for k in (-1, 0, 1)) if c]
    return (_pick(cands, p, ctx.direction).isoformat(), "day") if cands else None


# ---------------------------------------------------------------- patterns

_WHICH = r"(?P<which>last|next|this|past|coming|previous)"
# What may stand before a season word for it to be a date ("this winter", "the winter", "in
# winter", "late summer", "summer 2024") rather than the noun ("winter approaches").
_SEASON_LEAD = (rf"(?:{_WHICH}\s+|the\s+|(?<=early\s)|(?<=late\s)|(?<=mid-)|(?<=\bin\s)"
                rf"|(?<=\bduring\s)|(?<=\bby\s)|(?<=\buntil\s)|(?=\w+\s+(?:of\s+)?{_YEAR}))")
_MDY = rf"(?:(?i:(?P<which>last|next|this)\s+))?(?:{_WD},?\s+)?{_MON}\s+(?P<day>{_DAY})"
_DMY = rf"(?:{_WD},?\s+)?(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?{_MON}"
# (name, pattern, handler); on overlaps the longest match wins, then the earlier pattern.
_PATTERNS: list[tuple[str, re.Pattern, Handler]] = [
    ("numeric", re.compile(r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))\b"),
     _h_numeric),
    ("full_date", re.compile(rf"\b{_MDY},?\s+(?P<year>{_YEAR}){_YEAR_END}"), _h_full_date),
    ("full_date", re.compile(rf"\b{_DMY},?\s+(?P<year>{_YEAR}){_YEAR_END}"), _h_full_date),
    ("day_range", re.compile(
        rf"\b(?:(?i:between)\s+)?(?:the\s+)?(?P<day>{_DAY})(?:,\s*{_DAY})*,?"  # "4, 5 and 6 May"
        rf"\s*(?:[-–]|\s(?i:and|to|until|till)\s)"
        rf"\s*(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+(?P<year>{_YEAR}){_YEAR_END})?(?!\w|[:.]\d)"),
     _h_day_range),
    ("month_day", re.compile(rf"\b{_MDY}(?:\s*[-–]\s*{_DAY})?(?!\w|[:.]\d)"), _h_month_day),
    ("month_day", re.compile(rf"\b{_DMY}(?!\w|[:.]\d)"), _h_month_day),
    ("month_year", re.compile(rf"\b{_MOD}{_MON},?\s+(?:of\s+)?(?P<year>{_YEAR}){_YEAR_END}"),
     _h_month_year),
    ("quarter", re.compile(
        rf"(?i:\b(?:the\s+)?(?:(?P<rel>last|next|this)\s+year['’]s\s+|(?P<ago>year[\s-](?:ago|earlier))\s+"
        rf"|(?P<year>{_YEAR})\s+)?"
        rf"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
        rf"|(?-i:(?P<qmon>March|June|September|December)))"  # "the March quarter": Jan-Mar
        rf"[\s-]+quarter\b(?:\s+of\s+(?P<year2>{_YEAR}))?)"),
     _h_quarter),
    ("quarter", re.compile(
        rf"\b(?:(?i:the)\s+)?(?:(?P<year>{_YEAR})\s+)?(?P<m1>{_M})[-–](?P<m2>{_M})(?!\w)"
        rf"(?:\s+(?i:quarter|period)\b)?(?:,?\s+(?:(?i:of)\s+)?(?P<year2>{_YEAR}){_YEAR_END})?"),
     _h_month_pair_quarter),
    # half years: "last year's second half", "2025's first half", "the second half of 2025",
    # "first-half 2024", "the first half of the year|of next year", "1H25", "1H 2025", "H2 2024"
    ("half", re.compile(
        rf"(?i:\b(?:the\s+)?(?:(?P<rel>last|next|this)\s+year['’]s\s+|(?P<year>{_YEAR})['’]s\s+)"
        rf"(?P<hord>first|second)[\s-]+half\b"
        rf"|\b(?:the\s+)?(?P<hord2>first|second)[\s-]+half\s+(?:of\s+)?"
        rf"(?:(?P<year2>{_YEAR}){_YEAR_END}|(?:(?P<this>this)|the)\s+year(?:\s+(?P<year5>{_YEAR}))?\b(?!-)"
        rf"|(?P<rel2>last|next)\s+year\b))"
        rf"|\b(?P<hnum>[12])H\s?(?:(?P<year3>{_YEAR})|(?P<yy>\d\d))\b"
        rf"|\bH(?P<hnum2>[12])(?:\s(?P<year4>{_YEAR})|\s?['’](?P<yy2>\d\d))\b"),
     _h_half),
    # quarters in business shorthand: "Q3 2024", "Q3'24", "3Q24", "3Q 2024"
    ("quarter", re.compile(
        rf"\b(?:(?P<q>[1-4])Q\s?(?:(?P<year>{_YEAR})|(?P<yy>\d\d))"
        rf"|Q(?P<q2>[1-4])(?:\s(?P<year2>{_YEAR})|\s?['’](?P<yy2>\d\d)))\b"),
     _h_compact_quarter),
    # a bare "Q2" ("orders in Q2 so far"; dates9): the quarter of that number, read as "the second quarter"
    ("quarter", re.compile(r"\bQ(?P<bq>[1-4])\b(?![-'’]\d|\s+(?:19|20)\d\d)"), _h_bare_quarter),
    ("season", re.compile(
        rf"(?i:\b(?:the\s+(?=early|late|mid))?{_MOD}{_SEASON_LEAD}(?P<season>{_SEASON})"
        rf"(?:\s+(?:of\s+)?(?P<year>{_YEAR}))?\b)(?!-)"),
     _h_season),
    ("holiday", re.compile(
        rf"(?i:\b(?P<hol>(?:orthodox\s+)?christmas(?:\s+(?:day|eve))?|new\s+year['’]s\s+(?:day|eve)|(?-i:New\s+Year)(?:['’]s)?"
        rf"|easter(?:\s+(?:sunday|monday))?|good\s+friday|thanksgiving(?:\s+day)?|boxing\s+day"
        rf"|palm\s+sunday|ash\s+wednesday|maundy\s+thursday|holy\s+saturday|valentine['’]s\s+day"
        rf"|halloween|st\.?\s+patrick['’]s\s+day)"
        rf"(?:,?\s+(?P<year>{_YEAR}))?\b)"),
     _h_holiday),
    ("ordinal_day", re.compile(
        r"(?i:(?<=\bon\s)the\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b)"),
     _h_ordinal_day),
    ("decade", re.compile(
        r"(?i:\b(?:the\s+)?(?:early\s+|mid-?|late\s+)?(?P<dec>(?:1[6-9]|20)\d0)'?s\b)"),
     _h_decade),
    ("decade", re.compile(
        r"(?i:(?:\bthe\s+)?(?:early\s+|mid-?|late\s+)?['’](?P<short>\d)0s\b)"), _h_decade),
    ("decade", re.compile(
        rf"(?i:\bthe\s+(?:early\s+|mid-?|late\s+)?(?P<word>{'|'.join(DECADE_WORDS)})\b)"),
     _h_decade),
    # centuries (TimeML value: the first two digits): "the 20th century", "the nineteenth century",
    # "20th-century", "this / the current / last century"; not "century-old", not BC dates
    ("century", re.compile(
        rf"(?i:\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:(?P<cord>(?:[1-9]|1\d|2[01])(?:st|nd|rd|th)"
        rf"|{_CENTURY_ALT}))[\s-]+century\b)"
        rf"(?![\s-]*(?:old|B\.?C|A\.?D\b)|['’]s\s+(?:old|oldest))"),
     _h_century),
    ("spelled_year", re.compile(
        rf"(?i:\b(?:the\s+year\s+)?(?P<words>(?:seventeen|eighteen|nineteen|twenty)[\s-]+"
        rf"(?:(?:{_TENS_W})(?:[\s-]+(?:{_UNITS_W}))?|{_TEENS_W}|hundred|oh[\s-]+(?:{_UNITS_W}))"
        rf"|two\s+thousand(?:\s+(?:and\s+)?(?:(?:twenty)(?:[\s-]+(?:{_UNITS_W}))?|{_TEENS_W}"
        rf"|{_UNITS_W}))?)\b)(?![\s-]+(?:{_UNITS_W}|{_TEENS_W}|{_TENS_W}|hundred|thousand|million)\b)"),
     _h_spelled_year),
    ("rel_day", re.compile(
        r"(?i:\b(?P<rel>today|tonight|overnight|yesterday(?:\s+(?:morning|afternoon|evening))?"
        r"|tomorrow(?:\s+(?:morning|afternoon|evening))?|this\s+(?:morning|afternoon|evening)"
        r"|earlier\s+today|later\s+today|last\s+night|the\s+day\s+before\s+yesterday"
        r"|the\s+day\s+after\s+tomorrow|the\s+(?:past|last)\s+24\s+hours)\b)"),
     _h_rel_day),
    ("rel_unit", re.compile(
        rf"(?i:\b{_MOD}(?P<which>last|next|this\s+past|this\s+coming|this|coming|previous)\s+"
        rf"(?P<unit>weekend|week|month|quarter|year)\b)"),
     _h_rel_unit),
    ("rel_unit", re.compile(
        r"(?i:\b(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of|earlier\s+in|later\s+in)"
        r"\s+the\s+(?P<unit>week|month|year|decade)\b)"),
     _h_rel_unit),
    # "this decade", "the current decade" (TIDES 2005: the decade of the reference time, `202`);
    # "the past / last decade" is a duration in most TimeML documents and is not taken
    ("rel_unit", re.compile(rf"(?i:\b{_MOD}(?:this|the\s+current)\s+(?P<unit>decade)\b)"),
     _h_rel_unit),
    ("rel_unit", re.compile(
        r"(?i:\b(?:the\s+)?(?P<which>current)\s+(?:fiscal\s+|calendar\s+)?"
        r"(?P<unit>week|month|year|quarter)\b)"),
     _h_rel_unit),
    ("weekend", re.compile(
        r"(?i:\b(?:(?<=on\s)|(?<=over\s)|(?<=during\s)|(?<=at\s)|(?<=through\s)|(?<=until\s)"
        r"|(?<=till\s)|(?<=into\s)|(?<=by\s)|(?<=before\s)|(?<=after\s)|(?<=throughout\s))the\s+weekend\b)"),
     _h_weekend),
    # "a year ago" is left to the financial anaphora below (``year_ago``): in a report comparing
    # a period's figures it names the same period a year back ("profit rose from $9 million a
    # year ago" after "third-quarter" = the year-ago quarter; TimeML gives the comparison
    # period's value); with no quarter named it stays the year before publication
    ("ago", re.compile(
        rf"(?i:\b(?:about\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?"
        rf"(?!(?:a|one)\s+year\s+ago)(?P<n>{_NUM})\s+"
        rf"(?P<unit>day|week|month|year|decade)s?\s+ago\b)"),
     _h_ago),
    ("weekday", re.compile(
        rf"\b(?:(?i:(?P<which>last|next|this\s+coming|this\s+past|this|coming|past))\s+)?"
        rf"(?P<wd>{_WD})\b"),
     _h_weekday),
    ("month", re.compile(rf"\b{_MOD}(?:(?i:(?P<which>last|next|this))\s+)?{_MON}(?!\w|\s*\d)"),
     _h_month),
    ("ref", re.compile(
        r"(?i:\b(?:(?P<present>now|currently|these\s+days|current)"
        # a vague quantity of units back ("a few years ago", "several weeks ago", "years ago"): no calendar
        # value, TimeBank's PAST_REF (dates8; a definite count, "three years ago", is the "ago" pattern's)
        r"|(?P<past>recently|recent\s+years|recent|the\s+past"
        r"|(?:(?:a\s+few|a\s+couple\s+of|few|several|some|many)\s+)?(?:days|weeks|months|years|decades)\s+ago)"
        # "the near / foreseeable future", "(in) the short / near term": TIDES 2005 gives these
        # vague future spans FUTURE_REF, as TimeBank annotates them (not "near-term", "the short
        # term rates": adjectives, see ``_accept``)
        # "soon" (eval/README.md, news-dates-b: FUTURE_REF "soon"; TIDES 2005); not the conjunction
        # "as soon as", nor "soon after X" (counted from an event)
        r"|(?P<future>(?<!\bas\s)soon(?!\s+(?:after|afterwards?|as|enough)\b)"
        r"|the\s+(?:(?:near|immediate|foreseeable|distant)\s+)?future|the\s+coming\s+months"
        r"|the\s+(?:short|near)\s+term))\b)(?!-)"),
     _h_ref),
    ("year", re.compile(
        rf"(?<![\d$£€.,'-])\b{_MOD}(?P<year>{_YEAR})(?:[-–/](?:\d\d){{1,2}})?\b{_YEAR_END}"),
     _h_year),
]


# ---------------------------------------------------------------- context filters

def _tokens(doc: Doc, start: int, end: int) -> Optional[Span]:
    return doc.char_span(start, end, alignment_mode="expand")


def _prev_word(doc: Doc, span: Span) -> str:
    return doc[span.start - 1].lower_ if span.start > 0 else ""


NAME_LABELS = {"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "NORP", "GPE", "LOC"}


def _inside_name(span: Span) -> bool:
    """The match is part of a longer named entity that is not a date."""
    doc = span.doc
    for tok in span:
        if tok.ent_type_ in NAME_LABELS:
            # the entity's bounds from the IOB tags: walking doc.ents per match is quadratic
            start, end = tok.i, tok.i + 1
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            if start < span.start or end > span.end:
                return True
    return False


def _accept(kind: str, m: re.Match, doc: Doc) -> Optional[bool]:
    """Context checks for the patterns that also match ordinary words, numbers or durations.

    None: the match is part of a name, and no shorter match inside it may be taken either.
    """
    span = _tokens(doc, m.start(), m.end())
    if span is None or not len(span):
        return False
    if _inside_name(span):
        return None  # "the May 18 Movement" when tagged as one ORG
    prev = _prev_word(doc, span)
    nxt = doc[span.end] if span.end < len(doc) else None
    if kind in ("holiday", "month") and nxt is not None and nxt.pos_ == "PROPN" \
            and nxt.text[:1].isupper() and nxt.lower_.rstrip(".") not in MONTHS \
            and not (kind == "month" and prev in DATE_PREPS):
        return None  # "the Good Friday Agreement", "Easter Island", "June Smith said"
    if kind == "century" and m.group().endswith("Century") and nxt is not None \
            and nxt.text[:1].isupper() and nxt.pos_ == "PROPN":
        return None  # "Twenty-first Century Fox": a name
    if kind == "spelled_year":  # "in nineteen ninety-six", "the year two thousand"
        return m.group().lower().startswith("the year") or prev in DATE_PREPS \
            or span[0].ent_type_ == "DATE"
    if kind == "year" and m.group() == m["year"]:  # a bare number: needs a date context
        tok = span[0]
        if prev in ("fiscal", "'s"):
            return True  # "fiscal 1989 sales", "the company's 1989 results"
        if tok.dep_ == "nummod" and tok.head.tag_ in ("NNS", "NNPS"):
            return False  # "1999 troops", "a force of 2000 soldiers"
        return tok.ent_type_ == "DATE" or prev in DATE_PREPS
    after = m.string[m.end():m.end() + 12]
    if kind == "rel_day" and m["rel"].lower() == "overnight" \
            and re.match(r"(?i)\s+(?:on|of)\s", after):
        return False  # "overnight on 8-9 September": the date that follows says which night
    if kind == "season" and re.match(r"\s+of\b", after):
        return False  # "the fall of the regime"
    if kind == "holiday" and re.fullmatch(r"New\s+Year(?:['’]s)?", m["hol"]) and (
            prev not in DATE_PREPS | {"on", "at", "over"} or prev in ("and", "or", "-", "–")
            or (nxt is not None and nxt.pos_ in ("NOUN", "PROPN"))):
        return False  # "Lunar New Year", "New Year celebrations": only "on / over / for New Year"
    if kind == "holiday" and len(m["hol"].split()) == 1 and (
            span[-1].dep_ == "compound" or prev not in DATE_PREPS | {"on", "at", "over", "this"}):
        return False  # "a Christmas market"
    if kind == "ordinal_day" and span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN"):
        return False  # "on the 17th floor"
    if kind == "rel_unit" and prev in ("the", "a") and _g(m, "which"):
        return False  # "over the last week", "the next year": durations
    if kind == "ref":
        word = m.group().lower().split()[-1]
        if word in ("past", "future", "term") and nxt is not None and (
                nxt.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or nxt.lower_ in ("of", "few", "several")):
            return False  # "the past week" (a duration), "the future president", "the future of",
            # "the short term rates"
        if word == "term" and tense_direction(span.root) <= -2:
            return False  # "prices rose in the short term": a span of a past verb, no future (TIDES FUTURE_REF)
        if word == "now" and nxt is not None and nxt.lower_ == "that":
            return False  # "now that": a conjunction
        if word in ("current", "recent"):  # attributive only: "the current truce", "recent raids"
            tok = span[-1]
            if tok.dep_ != "amod" or tok.head.pos_ not in ("NOUN", "PROPN") or tok.head.i < tok.i:
                return False  # "the data is current", "a current of air"
            if tok.head.lower_ in _NOT_TIME_CURRENT or (nxt is not None and nxt.lower_ in _NOT_TIME_CURRENT):
                return False  # "the current account deficit"
    if kind == "quarter" and m.groupdict().get("bq") and span.start > 0 \
            and doc[span.start - 1].pos_ == "PROPN":
        return False  # "the Audi Q3": a model name
    if kind == "month":
        if span[-1].ent_type_ in NAME_LABELS:
            return False
        if m.group() != m["mon"]:
            return True
        mon = m["mon"].lower().rstrip(".")
        if mon in AMBIGUOUS_MONTHS or m["mon"].endswith("."):
            return prev in DATE_PREPS or span[-1].ent_type_ == "DATE"
    return True


# ---------------------------------------------------------------- public API

def find_times(doc: Doc, published: date | None) -> list[TimeExpr]:
    """Date expressions of ``doc`` resolved against ``published`` (None: absolute ones only)."""
    if isinstance(published, datetime):
        published = published.date()
    text = doc_text(doc)
    found: list[tuple[int, int, str, re.Match, Handler]] = []
    for kind, pattern, handler in _PATTERNS:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), kind, m, handler))
    # Longest match wins; earlier patterns in _PATTERNS win ties.
    order = {k: i for i, (k, _, _) in enumerate(_PATTERNS)}
    found.sort(key=lambda f: (-(f[1] - f[0]), order[f[2]], f[0]))
    taken = Occupied(len(text))
    out: list[TimeExpr] = []
    ranges: list[tuple[TimeExpr, re.Match]] = []
    for start, end, kind, m, handler in found:
        if taken.overlaps(start, end):
            continue
        verdict = _accept(kind, m, doc)
        if verdict is None:
            taken.add(start, end)  # a name: nothing inside it is a date
        if not verdict:
            continue
        try:
            value = handler(m, _Ctx(doc, start, end, published))
        except (OverflowError, ValueError):  # beyond Python's date range ('next week' on 9999-12-31)
            value = None
        if value is None:
            continue
        taken.add(start, end)
        out.append(TimeExpr(text=text[start:end], start=start, end=end, value=value[0],
                            precision=value[1]))
        if kind == "day_range":
            ranges.append((out[-1], m))
    for expr, m in ranges:
        out.remove(expr)
        out.extend(_range_days(text, expr, m))
    out.extend(_coordinated_days(doc, text, out, taken))
    out.extend(_month_first_range(text, out))
    out.sort(key=lambda t: t.start)
    if published is not None:
        try:
            _order_ranges(doc, text, out, published)  # doc.text is rebuilt on every access
        except OverflowError:  # a weekday range at the end of Python's date range stays as resolved
            pass
    _resolve_anaphora(doc, text, out, taken, published)
    _anaphoric_months(text, out)
    return out


_MONTH_DAY_END = re.compile(rf"{_M}\s+{_DAY}$")
_MORE_DAYS = re.compile(rf"(?:,\s*{_DAY})*,?\s+(?:and|or|&)\s+{_DAY}\b(?![-–:.,]?\d|%)")
_DAY_NUM = re.compile(rf"(?<!\d){_DAY}\b")  # one day number of a list or range


def _range_days(text: str, expr: TimeExpr, m: re.Match) -> list[TimeExpr]:
    """'between 1 and 3 May 2020', '4, 5 and 6 May': one day expression per day named, the month
    (and year) written once at the end shared by all (TimeML / TIDES: a range or list of dates is
    one TIMEX3 per date, "between {1} and {3 May 2020}"). ``event_date`` and the heading dates
    still date the range by its first day (``_range_head``)."""
    first = date.fromisoformat(expr.value)
    days = list(_DAY_NUM.finditer(text, m.start(), m.start("mon")))
    if not days:
        return [expr]
    last_no = _day_no(days[-1].group())
    # "between 31 and 2 May": a first day above the last runs from the month before (a range
    # across a month's end names only the second month)
    before = first.replace(day=1) - timedelta(days=1)
    out = []
    for i, d in enumerate(days):
        n = _day_no(d.group())
        y, mo = (before.year, before.month) if n > last_no else (first.year, first.month)
        day = _safe_date(y, mo, n)
        end = m.end() if i == len(days) - 1 else d.end()
        if day is not None:  # "30 and 31 April": an impossible day is dropped, as in _h_full_date
            out.append(TimeExpr(text=text[d.start():end], start=d.start(), end=end,
                                value=day.isoformat(), precision="day"))
    return out or [expr]


_BARE_DAY = re.compile(rf"{_DAY}(?:,?\s*{_YEAR})?$")  # "8", or "8, 2019" ending a list
_RANGE_WORDS = r"to|through|thru|until|till|-|–|—"
_LIST_GAP = re.compile(rf"^\s*(?:,\s*)?(?:and|or|&|{_RANGE_WORDS})?\s*$", re.I)


def _range_head(text: str, times: list[TimeExpr], i: int) -> int:
    """Index of the first date of the range or list that ``times[i]`` ends or continues ("1" for
    "3 May" in "between 1 and 3 May", "July 7" for "8" in "July 7 and 8"): a bare day number is
    always a piece of one. ``times`` in text order."""
    month = not _BARE_DAY.match(times[i].text)  # the chain already holds a month-carrying piece
    while i > 0:
        a, b = times[i - 1], times[i]
        if not (a.precision == b.precision == "day" and _LIST_GAP.match(text[a.end:b.start])
                and (_BARE_DAY.match(a.text) or _BARE_DAY.match(b.text))):
            break
        if not _BARE_DAY.match(a.text):
            if month:  # "1 and 3 May and 4 and 5 June": two ranges, each with its own month
                break
            month = True
        i -= 1
    return i


def _coordinated_days(doc: Doc, text: str, out: list[TimeExpr], taken: Occupied) -> list[TimeExpr]:
    """'July 7 and 8', 'May 4, 5 and 6': the days coordinated after a month-day share its month
    and year, and each is a date of its own (TimeML: one TIMEX3 per date of a conjunction)."""
    extra, years = [], []
    for t in out:
        if t.precision != "day" or not _MONTH_DAY_END.search(t.text):
            continue
        more = _MORE_DAYS.match(text, t.end)
        if more is None or taken.overlaps(t.end, more.end()):
            continue
        last = doc.char_span(more.start(), more.end(), alignment_mode="expand")
        if last is None or (last.end < len(doc) and doc[last.end].pos_ in ("NOUN", "PROPN", "NUM")):
            continue  # "on July 7 and 8 soldiers ...": a count, not a day
        first = date.fromisoformat(t.value)
        tail = _YEAR_TAIL.match(text, more.end())
        if tail:  # "on July 7 and 8, 2019": the year written once after the list is every day's
            head = _safe_date(int(tail["y"]), first.month, first.day)
            first = head or first
            t.value = first.isoformat()
            years.append(tail)
        pieces = list(_DAY_NUM.finditer(text, more.start(), more.end()))
        for k, d in enumerate(pieces):
            day = _safe_date(first.year, first.month, _day_no(d.group()))
            if day is not None:
                end = tail.end() if tail and k == len(pieces) - 1 else d.end()
                taken.add(d.start(), end)
                extra.append(TimeExpr(text=text[d.start():end], start=d.start(), end=end,
                                      value=day.isoformat(), precision="day"))
    for tail in years:  # the year now belongs to the last day's expression
        out[:] = [x for x in out if not (tail.start("y") <= x.start and x.end <= tail.end())]
    return extra


_MONTH_FIRST_RANGE = re.compile(rf"{_M}\s+{_DAY}\s*[-–]\s*(?P<last>{_DAY})$")


def _month_first_range(text: str, out: list[TimeExpr]) -> list[TimeExpr]:
    """'July 29-30', 'Oct. 3-5': the last day of a month-first range is a date of its own (TimeML /
    TIDES: one TIMEX3 per date of a range, as '29-30 July' is split by ``_range_days``); the first
    piece keeps the start day, so ``event_date`` still dates the range by it (``_range_head``)."""
    extra = []
    for t in out:
        mr = _MONTH_FIRST_RANGE.search(t.text) if t.precision == "day" else None
        if mr is None:
            continue
        first = date.fromisoformat(t.value)
        last = _safe_date(first.year, first.month, _day_no(mr["last"]))
        if last is None or last <= first:
            continue
        cut = t.start + mr.start("last")
        head_end = t.start + len(t.text[:mr.start("last")].rstrip(" -–"))
        extra.append(TimeExpr(text=text[cut:t.end], start=cut, end=t.end, value=last.isoformat(),
                              precision="day"))
        t.text, t.end = text[t.start:head_end], head_end
    return extra


_YEAR_TAIL = re.compile(rf",?\s*(?P<y>{_YEAR}){_YEAR_END}")


_RANGE_GAP = re.compile(rf"^\s*(?:{_RANGE_WORDS})\s*$", re.I)
_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
_WEEKDAY_ONLY = re.compile(rf"(?:(?i:last|next|this)\s+)?{_WD}$")


def _order_ranges(doc: Doc, text: str, times: list[TimeExpr], published: date) -> None:
    """'from Monday to Wednesday': both ends become expressions; the end must not precede the start.

    Each weekday is first resolved on its own; when that puts the end before the start, the end
    moves a week forward (future sentence, or when it then still lies in the past), else the
    start a week back.
    """
    for a, b in zip(times, times[1:]):
        gap = text[a.end:b.start]
        between = _BETWEEN.search(text[max(0, a.start - 10):a.start])
        is_range = _RANGE_GAP.match(gap) or (gap.strip().lower() == "and" and between)
        if not (is_range and _WEEKDAY_ONLY.match(a.text) and _WEEKDAY_ONLY.match(b.text)):
            continue
        da, db = date.fromisoformat(a.value), date.fromisoformat(b.value)
        if db >= da:
            continue
        future = tense_direction(_tokens(doc, a.start, a.end).root) > 0
        if future or db + timedelta(days=7) <= published:
            b.value = (db + timedelta(days=7)).isoformat()
        else:
            a.value = (da - timedelta(days=7)).isoformat()


# ---------------------------------------------------------------- anaphoric expressions

# Expressions anchored to another time of the text, not to publication (TimeML's "reference
# time"): "the next day", "that week", "a year earlier", "the same quarter". Linguistic classes:
# demonstrative/definite reference (that|the same UNIT), sequence (the next|following|previous
# UNIT, UNIT later|earlier), and the financial report's period ("the quarter", "the latest
# quarter", "the year-ago period", "the full year").
_UNIT = r"(?P<unit>day|week|month|quarter|year)"
_ANAPHORA: list[tuple[re.Pattern, str]] = [  # (pattern, kind); kind picks the arithmetic
    (re.compile(rf"(?i:\b(?:(?:later|earlier)\s+)?(?:that|the\s+same|that\s+same)\s+{_UNIT}\b)"
                r"(?!['’]s|-)"), "same"),
    # "the following spring", "that winter": a season anchored on the reference time (TimeML)
    (re.compile(r"(?i:\b(?:the\s+(?P<dir>following|next|previous|preceding)|that(?:\s+same)?)\s+"
                r"(?P<season>spring|summer|fall|autumn|winter)\b)(?!['’]s|-)"), "season"),
    (re.compile(rf"(?i:\bthe\s+(?P<dir>next|following|previous|preceding|prior)\s+(?:{_UNIT}|"
                r"(?P<part>morning|afternoon|evening|night))\b)(?!['’]s|\s+(?:or|and)\b)"), "step"),
    (re.compile(rf"(?i:\bthe\s+{_UNIT}\s+(?P<dir>before|after)(?=\s*[,.;:)]))"), "step"),
    # "before"/"after" followed by a noun phrase count from that event ("two days after the
    # vote"): only at the end of a clause are they anaphoric
    # "two years later" (TIDES: the year of the reference time plus two); "a year earlier" is
    # left to the financial pattern below (the year-ago quarter)
    (re.compile(rf"(?i:\b(?!(?:a|an|one)\s+year\s+earlier)(?P<n>{_NUM})\s+"
                r"(?P<unit>day|week|month|year)s?\s+"
                r"(?:(?P<dir>later|earlier)|(?P<dir2>before|after)(?=\s*[,.;:)])))"), "step"),
    # the span keeps the numeral and an approximator ("one year ago", "about a year ago"), as the
    # deictic "ago" pattern above does for other counts (TimeML: the whole expression is the TIMEX3)
    (re.compile(r"(?i:\b(?:(?:about|some|nearly|almost|more\s+than|over)\s+(?=(?:a|one)\s))?"
                r"(?:the\s+|a\s+|one\s+)?(?:comparable\s+|same\s+)?(?P<unit>year)[\s-](?:ago|earlier)"
                r"(?:\s+(?:quarter|period|month|year))?\b)"), "year_ago"),
    (re.compile(r"(?i:\b(?:the|that)\s+(?:latest\s+|most\s+recent\s+|fiscal\s+|same\s+)?"
                r"(?P<unit>quarter)\b|\bthe\s+latest\s+(?P<period>period)\b)(?![-‘'’])"),
     "same"),
    (re.compile(r"(?i:(?:(?<=\bfor\s)|(?<=\bin\s)|(?<=\bof\s)|(?<=\bduring\s)|(?<=\bthrough\s))the\s+(?:full\s+|fiscal\s+|whole\s+|"
                r"entire\s+|calendar\s+)?(?P<unit>year)\b|\b(?:the\s+)?(?P<unit2>year)['’]s\s+end\b)"
                r"(?!\s+(?:before|after|earlier|ago|\d)|-)"),  # "of the year-long siege": a compound modifier
     "same"),
    (re.compile(r"(?i:\b(?:later|earlier)\s+in\s+the\s+(?P<unit>day|week|month)\b"
                r"|(?<=\bfor\s)the\s+(?P<unit2>week|month)\b(?=\s*,))"), "same"),
    (re.compile(r"(?i:(?:(?<=\bon\s)|(?<=\bfor\s)|(?<=\bduring\s))the\s+(?P<unit>day)\b)(?!\s+(?:of|when|that|before|"
                r"after|and|or)\b|['’]s|-)"), "same"),
]
_STEP = {"next": 1, "following": 1, "after": 1, "later": 1, "previous": -1, "preceding": -1,
         "prior": -1, "before": -1, "earlier": -1}
_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "half": 3, "year": 4, "decade": 5,
         "century": 6}


def _value_date(value: str, precision: str) -> Optional[date]:
    """The first day of a value in our notation (None for values we cannot place)."""
    if precision not in ("day", "week", "month", "quarter", "season", HALF, "year"):
        return None
    bounds = period_bounds(value)
    return bounds[0] if bounds else None


def _format(d: date, precision: str) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "week":
        return _iso_week(d)
    if precision == "month":
        return _month(d)
    if precision == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    if precision == "season":
        y, code = _season_of(d)
        return f"{y}-{code}"
    if precision == HALF:
        return f"{d.year}-H{1 if d.month <= 6 else 2}"
    return str(d.year)


def _shift(d: date, unit: str, n: int) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    return d + relativedelta(months=n * {"month": 1, "quarter": 3, "season": 12, "year": 12}[unit])


def _start(t: TimeExpr) -> int:
    return t.start


def _anchor(refs: list[TimeExpr], before: int, unit: str, published: Optional[date],
            only: Optional[set[str]] = None, after: int = -1) -> Optional[tuple[date, str]]:
    """(date, precision) of the reference time for an anaphor of ``unit`` at offset ``before``:
    the latest expression before it (and from ``after`` on) no coarser than the unit, or of a
    precision in ``only`` (TimeML's reference time), else the publication date."""
    for i in range(bisect_left(refs, before, key=_start) - 1, -1, -1):  # refs are in text order
        t = refs[i]
        if t.start < after:
            break
        if t.precision in only if only else _RANK.get(t.precision, 9) <= _RANK[unit]:
            d = _value_date(t.value, t.precision)
            if d is not None:
                return d, t.precision
    return (published, "published") if published is not None else None


def _latest_quarter(d: date) -> date:
    """First day of the latest quarter ended by ``d``: the one a financial report speaks of."""
    return _shift(date(d.year, 3 * ((d.month - 1) // 3) + 1, 1), "quarter", -1)


_SEASON_YEAR = re.compile(r"\s*,?\s*(?:in|of)?\s*$")


def _resolve_anaphor(kind: str, m: re.Match, refs: list[TimeExpr], published: Optional[date],
                     sent_start: int, scope: int = -1) -> Value:
    g = m.groupdict()
    if kind == "season":
        code = SEASONS[g["season"].lower()]
        for t in refs:  # "the following spring, in 2023": an explicit year beside the season wins
            if t.precision == "year" and t.start >= m.end() and _SEASON_YEAR.match(m.string, m.end(), t.start):
                return f"{t.value[:4]}-{code}", "season"
        ref = _anchor(refs, m.start(), "year", published, after=scope)
        if ref is None:
            return None
        if ref[1] == "published" and (g["dir"] or "").lower() in ("following", "next"):
            # anchored on nothing but the publication date, "the following spring" of a narrative is no
            # future season ("troops withdrew the following spring"): left unresolved, as before 53a306b
            return None
        if ref[1] == "year":  # "in 2019 ... the following spring": the year after's
            year = ref[0].year + {"following": 1, "next": 1, "previous": -1, "preceding": -1}.get(
                (g["dir"] or "").lower(), 0)
            return f"{year}-{code}", "season"
        which = {"following": "next", "next": "next", "previous": "last", "preceding": "last"}.get(
            (g["dir"] or "").lower(), "this")
        return resolve_season(code, which, ref[0], 0), "season"
    unit = (g.get("unit") or g.get("unit2") or ("quarter" if g.get("period") else "day")).lower()
    if kind == "year_ago":
        # "a year earlier", "the year-ago quarter" (financial reports compare with the same
        # period a year before): the latest quarter named, else the year before the reference
        ref = _anchor(refs, m.start(), "quarter", published, only={"quarter"}, after=scope)
        if ref is not None and ref[1] == "quarter":
            return _format(_shift(ref[0], "year", -1), "quarter"), "quarter"
        if m.group().lower().endswith(("quarter", "period")):
            return (_format(_shift(_latest_quarter(ref[0]), "year", -1), "quarter"), "quarter") \
                if ref is not None else None
        # "a year earlier" is anaphoric (the year of its sentence, minus one); "a year ago" is
        # deictic: "ago" counts from the time of writing
        ref = None if m.group().lower().endswith("ago") else \
            _anchor(refs, m.start(), "year", published, only={"year"}, after=sent_start)
        ref = ref if ref is not None and ref[1] == "year" else (
            (published, "published") if published is not None else None)
        return (str(ref[0].year - 1), "year") if ref is not None else None
    if unit == "quarter":
        # "the quarter", "the latest quarter": the quarter named before, else the latest ended
        ref = _anchor(refs, m.start(), unit, published, only={"quarter"}, after=scope)
        if ref is not None and ref[1] == "published":
            ref = (_latest_quarter(ref[0]), "quarter")
    elif unit == "year" and kind == "same" and not re.match(r"(?i)(?:later\s+|earlier\s+)?that",
                                                            m.group()):
        # "for the year", "the full year", "year's end": the year of the sentence, else the
        # publication year ("that year", "the same year" reach further back)
        ref = _anchor(refs, m.start(), unit, published, after=sent_start)
    else:
        ref = _anchor(refs, m.start(), unit, published, after=scope)
    if ref is None:
        return None
    d, prec = ref
    if kind == "step":
        n = _num(g["n"]) if g.get("n") else 1
        if n is None:
            return None
        step = n * _STEP[(g["dir"] or g.get("dir2")).lower()]
        if unit == "year" and prec == "published" and step > 0:
            return None  # "two years later" with no time named before: later than what?
        d = _shift(d, unit, step)
        if g.get("n") and prec != "published" and _RANK.get(prec, 9) < _RANK[unit] \
                and unit != "year":
            unit = prec  # "two days later" after "4 May": a day; "two years later" stays a year
    return _format(d, unit), unit


# "that November", "the following January", "the previous March": a month named with a
# demonstrative or a sequence adjective is anchored on the text's reference time, not on
# publication (TimeML 1.2.1 / TIDES 2005: anaphoric expressions take their value from the time
# they refer back to; the same rule as for "the following spring" and "that winter" above).
_MONTH_ANAPHOR_LEAD = re.compile(
    r"(?i:\b(?:that(?:\s+same)?|the\s+(?P<dir>following|next|previous|preceding))\s+)\Z")
_BARE_MONTH = re.compile(rf"{_M}\Z")


def _anaphoric_months(text: str, out: list[TimeExpr]) -> None:
    breaks = [mb.end() for mb in re.finditer(r"\n[ \t]*\n", text)]
    for t in out:
        if t.precision != "month" or not _BARE_MONTH.match(t.text):
            continue
        lead = _MONTH_ANAPHOR_LEAD.search(text, max(0, t.start - 30), t.start)
        if lead is None:
            continue
        ref = _anchor(out, lead.start(), "year", None, after=_scope(breaks, t.start))
        if ref is None:  # no time named before it: the reading around publication stays
            continue
        d, prec = ref
        mo = int(t.value[5:7])
        step = {"following": 1, "next": 1, "previous": -1, "preceding": -1}.get(
            (lead["dir"] or "").lower(), 0)
        if step == 0:  # "that November": the reference's year
            year = d.year
        elif prec == "year":  # "in 2023 ... the following January": the year after's
            year = d.year + step
        elif step > 0:  # the first such month after the reference time
            year = d.year if mo > d.month else d.year + 1
        else:  # the last such month before it
            year = d.year if mo < d.month else d.year - 1
        t.value = f"{year}-{mo:02d}"


def _scope(breaks: list[int], at: int) -> int:
    """Start of the paragraph before the one holding ``at`` (-1: the text's start)."""
    i = bisect_left(breaks, at + 1) - 2
    return breaks[i] if i >= 0 else -1


def _resolve_anaphora(doc: Doc, text: str, out: list[TimeExpr], taken: Occupied,
                      published: Optional[date]) -> None:
    """Add the anaphoric expressions to ``out`` (in place), each resolved against the time
    expressions before it (those found so far, in text order)."""
    found = []
    for pattern, kind in _ANAPHORA:
        for m in pattern.finditer(text):
            found.append((m.start(), -m.end(), kind, m))
    found.sort(key=lambda f: f[:2])
    # A reference time holds within a discourse segment: the anaphor's paragraph and the one
    # before it. Further back the text has moved on, and TimeML anchors relative expressions to
    # the DCT unless they are clearly anaphoric to a time nearby.
    breaks = [mb.end() for mb in re.finditer(r"\n[ \t]*\n", text)]
    refs = list(out)  # reference times: not the comparison periods ("the year-ago quarter")
    for start, neg_end, kind, m in found:
        end = -neg_end
        if taken.overlaps(start, end):
            continue
        span = _tokens(doc, start, end)
        if span is None or not len(span) or _inside_name(span):
            continue
        try:
            value = _resolve_anaphor(kind, m, refs, published, span[0].sent.start_char,
                                     _scope(breaks, start))
        except (OverflowError, ValueError):  # "the next day" on 9999-12-31: beyond Python's dates
            value = None
        if value is None:
            continue
        taken.add(start, end)
        expr = TimeExpr(text=text[start:end], start=start, end=end, value=value[0],
                        precision=value[1])
        out.append(expr)
        if kind != "year_ago":
            insort(refs, expr, key=_start)
    out.sort(key=lambda t: t.start)


# What may precede a heading date at the start of a sentence: "On 4 May 2020, ...", "On or around
# 3 May, ...", "Between 1 and 3 May 2020, ...", "Overnight on 5 May, ...", "4 May 2020: ...".
_HEAD_LEAD = re.compile(r"^\W*(?:(?:on|or|around|about|between|overnight|from|until|by|in|during|"
                        r"early|late|the\s+night\s+of|(?:the\s+)?week\s+of)\s+)*$", re.I)
_HEAD_TAIL = re.compile(r"^\s*(?:\([^()]{0,60}\)\s*)?[,:;.–—-]")


def _heading_date(doc: Doc, before: int, times: list[TimeExpr]) -> Optional[TimeExpr]:
    """The date heading the report that holds offset ``before``, or None.

    ACLED-style notes and wire reports open with the date of the events they report ("On 4 May
    2020, gunmen attacked ... . Two police officers were killed."): such a sentence-initial date,
    set off by a comma or colon, dates every later sentence of the same paragraph that names no
    date of its own. The latest such heading before ``before`` wins; a blank line (a new report)
    ends its reach.
    """
    headings, starts, breaks = cached(doc, "heading dates", times, lambda: _heading_dates(doc, times))
    blank = bisect_left(breaks, before - 1) - 1  # the last blank line ending before ``before``
    last_break = breaks[blank] if blank >= 0 else -1
    i = bisect_left(starts, before) - 1  # the latest heading before; an earlier one lies further back
    if i >= 0 and headings[i].end > last_break:
        return headings[i]
    return None  # none, or a blank line (a new report) lies between


def _heading_dates(doc: Doc, times: list[TimeExpr]) -> tuple[list[TimeExpr], list[int], list[int]]:
    """Once per document: the heading dates in text order, their starts, and the offsets of the
    blank lines ("\\n\\n", overlapping occurrences included) for ``_heading_date``."""
    text = doc_text(doc)
    headings = []
    ordered = sorted(times, key=_start)
    for k, t in enumerate(ordered):
        if t.precision not in ("day", "week"):
            continue
        if k + 1 < len(ordered) and _range_head(text, ordered, k + 1) <= k:
            continue  # the first day of "Between 1 and 3 May 2020, ...": checked at the range's end
        if _range_head(text, ordered, k) < k:
            t, tail_end = ordered[_range_head(text, ordered, k)], t.end
        else:
            tail_end = t.end
        sent = doc.char_span(t.start, t.end, alignment_mode="expand")
        if sent is None or not len(sent):
            continue
        s0 = sent[0].sent.start_char
        if _HEAD_LEAD.match(text[s0:t.start]) and _HEAD_TAIL.match(text[tail_end:tail_end + 64]):
            headings.append(t)
    breaks = [m.start() for m in re.finditer(r"(?=\n\n)", text)]
    return headings, [t.start for t in headings], breaks


# An event's date is its start or its report day (ACLED dates an event by a day it took place, acled-event-types.md).
# A time after "until / till" is the end point of the event's duration or of the state it began (Quirk et al. 1985
# §9.36 "until": the end of a period; TimeML 1.2.1 links it to the event by a TLINK ENDED_BY, not by IS_INCLUDED,
# the relation of a time that dates its event), so it is not the event's date ("Protesters blocked the road until
# Sunday", "detained the reporter until Friday"). OPEN_BOUND: the end lies at or after publication, so the event is under way at the
# report, which dates it (the sentence's other times and the heading date first). PAST_BOUND: the period was over
# before the report; with no start named anywhere (no other time, no heading) the bound is the one date the text
# gives, at its own precision ("the militia held the valley until 1994": a history dated to a year, which
# refine.py keeps out of ACLED types). Not after a negated verb: "did not withdraw until Friday" places the event
# at that time (Quirk et al. 1985), an ordinary date.
OPEN_BOUND, PAST_BOUND = "open", "past"
BOUND_LEADS = {"until", "till", "til"}


def _end_bound(doc: Doc, t: TimeExpr, span: Span, published: Optional[date]) -> Optional[str]:
    """OPEN_BOUND / PAST_BOUND when ``t`` follows "until / till" (see above), else None. Without a publication
    date nothing is known about the bound's side of the report: None (an ordinary date, as before)."""
    m = _LEAD_WORD.search(doc_text(doc)[max(0, t.start - 24):t.start])
    if published is None or not m or m.group(1).lower() not in BOUND_LEADS:
        return None
    verb = governing_verb(span.root)
    if verb is not None and any(c.dep_ == "neg" for c in verb.children):
        return None
    bounds = period_bounds(t.value)
    if bounds is None:
        return None
    return OPEN_BOUND if bounds[1] >= published else PAST_BOUND


def event_date(doc: Doc, token_i: int, times: list[TimeExpr],
               published: date | None) -> tuple[str | None, str | None]:
    """(value, precision) of the event whose trigger is ``doc[token_i]``.

    Preference: a time expression attached to the trigger itself ("attacked ... on Friday", "the
    attack on Friday"), then one attached to the trigger's clause verb, then the nearest in the
    same sentence; else the date heading the report ("On 4 May 2020, ..." at the start of an earlier
    sentence of the paragraph, see ``_heading_date``); else the publication date with precision
    "published"; else (None, None). A time after "until / till" is the end of the event's period, never
    preferred: one ending at or after publication is skipped, one over before it is taken only when nothing
    else dates the event (``_end_bound``).
    """
    trigger = doc[token_i]
    sent = trigger.sent if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else doc[:]
    clause = trigger if _is_verb(trigger) else governing_verb(trigger)
    best: Optional[tuple[int, int, TimeExpr]] = None
    past_bound: Optional[tuple[int, TimeExpr]] = None
    if isinstance(published, datetime):
        published = published.date()
    for t in index(doc, times).starting_in(sent.start_char, sent.end_char):
        if t.precision in (REFERENCE, CENTURY):
            continue  # "now", "recently": no calendar value, so never an event's date
        span = _tokens(doc, t.start, t.end)
        if span is None or not len(span):
            continue
        bound = _end_bound(doc, t, span, published)
        if bound == OPEN_BOUND:
            continue  # "blocked the road until Sunday" (ahead): under way at the report, dated by it
        if bound == PAST_BOUND:
            dist = min(abs(tok.i - token_i) for tok in span)
            if past_bound is None or dist < past_bound[0]:
                past_bound = (dist, t)
            continue
        path = _path_to_verb(span.root)
        if any(tok.i == trigger.i for tok in path):
            rank = 0
        elif path and path[-1].lemma_ in REPORTING | {"report"} and span.start > path[-1].i:
            rank = 3  # "(as reported on 18 July)", "police said on Tuesday": when it was told
        elif clause is not None and path and path[-1].i == clause.i:
            rank = 1
        else:
            rank = 2
        dist = min(abs(tok.i - token_i) for tok in span)
        if best is None or (rank, dist) < best[:2]:
            best = (rank, dist, t)
    if best is not None:
        t = best[2]
        if t.precision == "day":  # a range or list of days is dated by its first day (a choice)
            ordered = sorted(times, key=_start)
            t = ordered[_range_head(doc_text(doc), ordered, ordered.index(t))]
        return t.value, t.precision
    heading = _heading_date(doc, sent.start_char, times)
    if heading is not None:
        return heading.value, heading.precision
    if past_bound is not None:  # "held the valley until 1994": a period over before the report, no start named
        return past_bound[1].value, past_bound[1].precision
    if published is not None:
        return published.isoformat(), "published"
    return None, None
