"""Actor recognition and resolution: who the people, organisations, countries and groups are.

spaCy's entities are only a starting point: the small model tags capitals as PERSON and surnames as
ORG. Each mention is resolved with (1) the actor knowledge base in ``data/actors.yml`` (titles, role
nouns, organisations), (2) country names, demonyms and capitals (``wirewatch.countries``), (3) the
words around it (title, demonym, possessive, apposition: "Ukrainian President Volodymyr Zelenskyy",
"Russia's defence minister"), (4) the leaders knowledge base (``data/leaders.yml``: heads of state
and government with years in office) and (5) the rest of the document, so a later bare "Zelenskyy"
inherits the country and role of the first full mention. Conventions: docs/actors.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml
from spacy.tokens import Doc, Span, Token

from . import countries
from .records import Actor, Place
from .spanindex import Occupied, doc_text, index
from .triggers import lexicon

ROLE_LABELS = {
    "GOV": "government", "MIL": "military", "COP": "police", "JUD": "judiciary", "LEG": "legislature",
    "REB": "armed group", "OPP": "opposition", "PTY": "party", "CVL": "civilians", "PRO": "protesters",
    "MED": "media", "BUS": "business", "NGO": "NGO", "IGO": "international organisation",
    "REF": "refugees", "CRM": "criminals", "EDU": "education", "HLH": "health", "REL": "religious",
    "UNK": "unidentified actor",  # PLOVER Table 5.2: generic unidentified actors (arguments.unidentified_actor)
}
# ACLED-style canonical names for collective actors of a country ("Military Forces of Russia").
GROUP_NAMES = {"GOV": "Government of {c}", "MIL": "Military Forces of {c}", "COP": "Police Forces of {c}",
               "JUD": "Judiciary of {c}", "LEG": "Legislature of {c}"}


def group_name(role: str, country: str) -> str:
    return GROUP_NAMES.get(role, "{r} ({c})").format(c=country, r=ROLE_LABELS[role].capitalize())


# Roles whose members we place in the country where the sentence happens when nothing else says.
DOMESTIC_ROLES = {"COP", "PRO", "CVL", "JUD", "LEG", "OPP", "REF", "CRM", "HLH", "EDU"}
LOCATIVE_PREPS = {"in", "near", "around", "at", "across", "inside", "outside", "throughout", "within",
                  "into", "over", "towards", "toward", "along", "through", "outskirts", "off",
                  "north", "south", "east", "west"}
LIST_PREPS = {"like", "including", "as", "of"}
# Verbs of motion and of leaving (Levin 1993 51): their "from" object is the Source of the motion, a place
# (places.py reads a place there; ``is_departure`` keeps a capital there from standing for its government)
MOTION_VERBS = {"travel", "go", "come", "move", "return", "fly", "drive", "walk", "head",
                "relocate", "commute", "sail", "march", "advance", "deploy", "arrive", "run",
                "ride", "cycle"}
FROM_VERBS = {"withdraw", "retreat", "flee", "evacuate", "oust", "expel", "drive", "push",
              "pull", "escape", "report"}
# Parts of a settlement that its name possesses: "in Nairobi's central business district", "on Gaza's
# outskirts" (the possessor is where, as in "the outskirts of X"; not "Moscow's demands").
PLACE_PARTS = {"district", "districts", "outskirts", "suburbs", "suburb", "centre", "center", "streets",
               "neighbourhood", "neighborhood", "port", "airport", "market", "square", "old", "east", "west",
               "north", "south", "part", "parts", "area", "areas"}
GROUP_NOUN_KINDS = {"GOV": "organization", "JUD": "organization", "LEG": "organization"}


@dataclass(frozen=True)
class OrgEntry:
    name: str
    role: str
    country: Optional[str]


@dataclass(frozen=True)
class KnowledgeBase:
    titles: dict          # lower-case title phrase -> role
    nouns: dict           # lower-case noun phrase -> role
    orgs: dict            # alias (case-sensitive) -> OrgEntry
    max_title_words: int
    country_words: dict   # folded name/demonym -> ISO3, for what wirewatch.countries lacks
    ethnic: frozenset     # lower-case ethnic/religious group words


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    data = yaml.safe_load((Path(__file__).parent / "data" / "actors.yml").read_text(encoding="utf-8"))
    titles = {str(t).lower(): role for role, ts in data["titles"].items() for t in ts}
    nouns = {str(n).lower(): role for role, ns in data["nouns"].items() for n in ns}
    orgs = {}
    for o in data["organizations"]:
        entry = OrgEntry(o["name"], o["role"], o.get("country"))
        for alias in o["aliases"]:
            orgs[str(alias)] = entry
    country_words = {countries.fold(str(w)): iso3 for iso3, ws in data["country_words"].items() for w in ws}
    return KnowledgeBase(titles, nouns, orgs, max(len(t.split()) for t in titles), country_words,
                         frozenset(str(w).lower() for w in data["ethnic_groups"]))


@lru_cache(maxsize=1)
def _org_name_pattern() -> re.Pattern:
    """The knowledge base's multi-word organisation names, longest first, as one whole-word pattern."""
    names = sorted((a for a in knowledge_base().orgs if " " in a), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in names) + r")(?!\w)")


def country_of_word(text: str) -> Optional[countries.Country]:
    """A country from its name or demonym, including historical and group names ("Soviet", "Serb")."""
    found = countries.country_by_demonym(text) or countries.country_by_name(text)
    if found is None:
        iso3 = knowledge_base().country_words.get(countries.fold(text))
        found = countries.country_by_iso3(iso3) if iso3 else None
    return found


def is_ethnic(tok: Token) -> bool:
    return tok.lower_ in knowledge_base().ethnic


# ----------------------------------------------------------------------------------------------
# Leaders: heads of state and government with their years in office (data/leaders.yml, compiled by the
# project; data/leaders_current.yml, generated from the CIA World Factbook).

LEADER_ROLES = {"state": "GOV", "gov": "GOV", "both": "GOV", "fm": "GOV", "dm": "GOV", "leader": "GOV",
                "rebel": "REB", "igo": "IGO", "head of state": "GOV", "head of government": "GOV"}
# Surnames too common (or too short) to identify a leader when they stand alone.
AMBIGUOUS_SURNAMES = {"major", "brown", "may", "rice", "gates", "baker", "cook", "hunt", "fox", "martin", "clark",
                      "howard", "franco", "king", "wong", "lee", "kim", "khan", "singh", "hussein", "ali", "ahmed",
                      "mohamed", "hassan", "abdullah", "salman", "omar", "aziz", "rama", "sall", "taylor", "moi",
                      "perry", "cohen", "powell", "shalom", "levy", "salam", "karami", "jonathan", "doe", "amin",
                      "ramos", "garcia", "aquino", "lagos", "frei", "fraser", "abbott", "smith", "owen", "barre",
                      "diab", "mills", "bio", "obote", "koroma", "bah", "conte", "daoud", "duarte",
                      # very common family names worldwide: a lone "Chen" or "Johnson" is rarely the leader
                      "chen", "yang", "wang", "zhang", "liu", "zhao", "huang", "zhou", "wu", "park", "moon", "choi",
                      "jung", "kang", "cho", "yoon", "nguyen", "tran", "rahman", "hasan", "hossain", "islam",
                      "johnson", "carter", "wilson", "harper", "austin", "williams", "jones", "davis", "miller",
                      "thomas", "moore", "white", "harris", "lewis", "walker", "young", "allen", "scott", "green",
                      "adams", "nelson", "hill", "campbell", "mitchell", "roberts", "phillips", "evans", "turner",
                      "parker", "collins", "edwards", "stewart", "morris", "murphy", "rogers", "reed", "bell",
                      "ward", "cox", "gray", "james", "watson", "brooks", "kelly", "sanders", "price", "bennett",
                      "wood", "ross", "long", "foster", "gonzalez", "rodriguez", "martinez", "hernandez", "lopez",
                      "perez", "sanchez", "torres", "flores", "rivera", "gomez", "diaz", "cruz", "reyes", "morales",
                      "silva", "santos", "costa", "pereira", "ibrahim", "mahmoud", "yusuf", "mustafa", "kumar",
                      "sharma", "patel", "gupta", "shah", "müller", "schmidt", "schneider", "fischer", "weber",
                      "meyer", "wagner", "becker", "schulz", "hoffmann", "petrov", "ivanov", "smirnov", "popov",
                      "kovalenko", "bondarenko", "shevchenko", "tkachenko", "kowalski", "nowak", "novak", "horvat"}


# Where the family name comes first ("Jiang Zemin" is Mr Jiang).
FAMILY_NAME_FIRST = {"CHN", "TWN", "KOR", "PRK", "VNM", "KHM", "HKG", "MAC"}


@dataclass(frozen=True)
class Leader:
    name: str
    country: Optional[str]   # ISO3; None for the head of an international organisation
    role: str
    start: int               # years in office, inclusive
    end: Optional[int]


@lru_cache(maxsize=1)
def leaders_index() -> dict[str, tuple[Leader, ...]]:
    """Folded full name, alias or surname -> leaders it may denote."""
    data_dir = Path(__file__).parent / "data"
    rows: list[tuple[Leader, list[str]]] = []
    hand = yaml.safe_load((data_dir / "leaders.yml").read_text(encoding="utf-8"))
    for group in ("countries", "igos"):
        for code, entries in hand[group].items():
            for name, role, start, end, *extra in entries:
                country = code if group == "countries" else None
                rows.append((Leader(name, country, LEADER_ROLES[role], start, end), list(extra[0]) if extra else []))
    current = data_dir / "leaders_current.yml"
    if current.exists():
        for r in yaml.safe_load(current.read_text(encoding="utf-8")) or []:
            start = r["start"].year if r.get("start") else 1900
            rows.append((Leader(r["name"], r["country"], LEADER_ROLES[r["role"]], start, None), list(r["aliases"])))
    index: dict[str, list[Leader]] = {}
    for leader, aliases in rows:
        keys = {countries.fold(leader.name)} | {countries.fold(a) for a in aliases if _usable_alias(a)}
        words = leader.name.split()
        surname = words[0] if leader.country in FAMILY_NAME_FIRST else words[-1]
        surnames = {surname, re.sub(r"^(?:al|el|ad|as|ash)-", "", surname)}  # "al-Assad" is also "Assad"
        for name in surnames:
            if len(words) > 1 and len(name) > 3 and _usable_alias(name):
                keys.add(countries.fold(name))
        for key in keys:
            index.setdefault(key, []).append(leader)
    return {k: tuple(v) for k, v in index.items()}


CALENDAR_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                  "february", "march", "april", "may", "june", "july", "august", "september", "october",
                  "november", "december"}


def _usable_alias(alias: str) -> bool:
    """A one-word alias must not be a common surname, a weekday or a country ("Friday", "Montenegro")."""
    if " " in alias.strip():
        return True
    low = alias.lower()
    return low not in AMBIGUOUS_SURNAMES and low not in CALENDAR_WORDS and country_of_word(alias) is None


def find_leader(name: str, year: Optional[int] = None) -> Optional[Leader]:
    """The leader a person mention denotes, if the name (and the year, when known) leaves one country.

    "Bush" stands for two presidents of one country: the country is still certain, which is what
    matters here. A full name must match in full or by first name and surname ("Vladimir Putin" for
    "Vladimir Vladimirovich Putin"), so "Ray Charles" is no king."""
    words = name.split()
    index = leaders_index()
    found = list(index.get(countries.fold(name), ()))
    if not found and len(words) > 1:
        first = countries.fold(words[0])
        found = [ld for ld in index.get(countries.fold(words[-1]), ()) if countries.fold(ld.name.split()[0]) == first]
    if year is not None:
        found = [ld for ld in found if ld.start - 1 <= year <= (ld.end if ld.end is not None else 9999) + 1]
    if not found or len({ld.country for ld in found}) != 1:
        return None
    return max(found, key=lambda ld: ld.start)


# ----------------------------------------------------------------------------------------------
# Small helpers over the parse

def _strip_det(span: Span) -> Span:
    while len(span) > 1 and (span[0].lower_ in ("the", "a", "an") or span[0].is_punct):
        span = span[1:]
    while len(span) > 1 and (span[-1].tag_ == "POS" or span[-1].is_punct):
        span = span[:-1]
    return span


def is_locative(tok: Token) -> bool:
    """Is this place token used as a location? Climbs lists and appositions: "in southern areas like Odesa",
    "in the Donetsk region", "near the village of Novopavlivka"."""
    cur = tok
    for _ in range(6):
        if cur.dep_ in ("compound", "conj", "appos", "amod", "nmod") and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ == "poss" and cur.head.lower_ in PLACE_PARTS and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ == "pobj":
            prep = cur.head
            if prep.lower_ in LOCATIVE_PREPS:
                return True
            if prep.lower_ in LIST_PREPS and prep.head.i != prep.i:
                cur = prep.head
                continue
        if cur.dep_ == "npadvmod" or (cur.dep_ == "dobj" and cur.head.lemma_ in ("enter", "reach", "leave")):
            return True
        return False
    return False


def is_departure(tok: Token) -> bool:
    """Is this place token the source of a motion: the object of "from" on a verb of motion or of leaving ("migrants
    who travelled from Nairobi", "a delegation that flew from Addis Ababa", "fled from Kherson"; ``MOTION_VERBS``,
    ``FROM_VERBS``) or the start of a path ("from Nairobi to the border")? A capital there is where someone set
    out from, not its government acting (linguistic class: the Source role of a motion event, Levin 1993 51 / Talmy's
    Source path; a capital stands for its government only as an agent-like argument: "Nairobi protested")."""
    cur = tok
    while cur.dep_ in ("conj", "appos", "compound") and cur.head.i != cur.i:
        cur = cur.head
    if cur.dep_ != "pobj" or cur.head.lower_ != "from":
        return False
    prep, gov = cur.head, cur.head.head
    return gov.lemma_.lower() in MOTION_VERBS | FROM_VERBS | {"depart", "set", "leave"} or any(
        c.dep_ == "prep" and c.lower_ == "to" for c in (*gov.children, *prep.children))


def _country_of_token(tok: Token) -> Optional[countries.Country]:
    """Country named by a token, or by the two-word name it ends or starts ("Sri Lankan", "West German")."""
    doc = tok.doc
    found = None  # two-word names first: "North Korean" is not "Korean"
    if tok.i > 0 and doc[tok.i - 1].is_title and tok.is_title:
        found = country_of_word(f"{doc[tok.i - 1].text} {tok.text}")
    if found is None and tok.i + 1 < len(doc) and doc[tok.i + 1].is_title and tok.is_title:
        found = country_of_word(f"{tok.text} {doc[tok.i + 1].text}")
    return found or country_of_word(tok.text)


def _modifier_tokens(head: Token, start: int) -> list[Token]:
    """Tokens left of ``start`` that modify ``head`` inside its noun phrase (titles, demonyms, possessors)."""
    out = []
    for child in head.lefts:
        if child.i < start and child.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "npadvmod"):
            out.extend(child.subtree)
    return sorted(out, key=lambda t: t.i)


def _title_role(words: list[str]) -> Optional[str]:
    """Role from any title phrase contained in ``words`` (longest phrase wins)."""
    kb = knowledge_base()
    lowered = " ".join(w.lower() for w in words).replace(" - ", "-").split()  # "Vice - President" as tokenised
    for n in range(kb.max_title_words, 0, -1):
        for i in range(len(lowered) - n + 1):
            phrase = " ".join(lowered[i:i + n])
            if phrase in kb.titles:
                return kb.titles[phrase]
    return None


def _context_attrs(doc: Doc, span: Span) -> tuple[Optional[str], Optional[str]]:
    """(country ISO3, role) from modifiers and appositions around an entity span."""
    root = span.root
    mods = _modifier_tokens(root, span.start)
    country = role = None
    for tok in mods:
        c = _country_of_token(tok)
        if c and country is None:
            country = c.iso3
    role = _title_role([t.text for t in mods])
    # apposition: "Zelenskyy, Ukraine's president," / "the Russian president, Vladimir Putin"
    appos = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        appos.append(root.head)
    for ap in appos:
        words = [t for t in ap.subtree if t.i < span.start or t.i >= span.end]
        if not words:
            continue
        ap_role = _title_role([t.text for t in words])
        if ap_role and role is None:
            role = ap_role
        if country is None:
            for t in words:
                c = _country_of_token(t)
                if c:
                    country = c.iso3
                    break
    return country, role


# ----------------------------------------------------------------------------------------------

def _weapon_words() -> frozenset:
    return lexicon().classes["weapons"]


def _mk(doc: Doc, span: Span, name: str, kind: str, country: Optional[str], role: Optional[str]) -> Actor:
    return Actor(text=span.text, start=span.start_char, end=span.end_char, name=name, kind=kind,
                 country=country, role=role)


def _person_like(span: Span) -> bool:
    """A PERSON entity of two or more capitalised words, or with a title: clearly a person, not a town."""
    words = [t for t in span if t.is_alpha]
    return len(words) >= 2 and all(t.text[:1].isupper() for t in words)


def _strip_title(span: Span) -> tuple[Span, Optional[str]]:
    """"Archbishop Desmond Tutu" -> ("Desmond Tutu", REL): a title spaCy put inside the PERSON entity."""
    kb = knowledge_base()
    role = None
    while len(span) > 1:
        for n in range(min(kb.max_title_words, len(span) - 1), 0, -1):
            phrase = span[:n].text.lower()
            if phrase in kb.titles:
                role = role or kb.titles[phrase]
                span = span[n:]
                break
        else:
            break
    return span, role


DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper",
              "lower"}


def country_of_place(place: Place) -> Optional[str]:
    """ISO3 of a place, trusting a country name it is written as over the gazetteer's pick: "Gaza" is
    Palestine (not Mozambique's Gaza province), "South Lebanon" and "northern Iraq" are in those countries
    ("New Mexico" is not Mexico: only a direction word may precede the country)."""
    words = place.text.split()
    named = country_of_word(place.text)
    if named is None and len(words) > 1 and words[0].lower() in DIRECTIONS:
        named = country_of_word(" ".join(words[1:]))
    return named.iso3 if named else place.country


def place_countries(doc: Doc, places: list[Place]) -> dict[int, str]:
    """Token index -> ISO3 of the place mention covering it."""
    out: dict[int, str] = {}
    for p in places:
        iso3 = country_of_place(p)
        span = doc.char_span(p.start, p.end, alignment_mode="expand") if iso3 else None
        for t in span or ():
            out[t.i] = iso3
    return out


# A state's diplomatic missions abroad (PLOVER ch. 4.20: "bilateral diplomatic institutions and actors such as
# embassies, consulates ..."; ch. 5 Table 5.2 GOV, executive divisions): the sending state's organ, located in
# another country by definition -- its country comes from its own modifiers ("the Israeli embassy", "France's
# consulate", "the embassy of Japan"), never from where it stands ("the embassy in Amman") or the document's
# home country (linguistic class: nouns whose meaning places their referent away from its owner's country)
DIPLOMATIC_MISSIONS = {"embassy", "embassies", "consulate", "consulates", "legation"}
# Heads naming the people of an institution: a role noun compounded on one ("French embassy staff", "army personnel",
# "ministry employees") gives the phrase its role and country, as PLOVER ch. 5 codes individuals by the organisation
# they serve (linguistic class: noun-noun compounds whose modifier names the head's institution)
PERSONNEL_NOUNS = {"staff", "staffers", "personnel", "employees", "workers", "members", "agents", "officers", "guards",
                   "employee", "worker", "member", "agent", "officer", "guard"}


def _country_near(tok: Token, mods: list[Token], at_place: dict[int, str],
                  preps: tuple[str, ...] = ("of", "from", "in", "inside")) -> Optional[str]:
    """Country of a group noun from its modifiers ("Russian forces", "Darfur rebels") or an of/from/in
    phrase ("ministers of Kenya", "troops from Chad", "security forces in Guinea")."""
    for m in mods:
        c = _country_of_token(m)
        if c:
            return c.iso3
    for m in mods:
        if m.i in at_place and m.dep_ in ("compound", "nmod", "poss"):
            return at_place[m.i]
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            pobj = next((t for t in prep.children if t.dep_ == "pobj"), None)
            if pobj is None:
                continue
            # the first country named in the phrase, by a demonym or a place: "inhabitants of the Syrian Golan
            # Heights" (the demonym comes first), "officials in New Mexico" (a place, not Mexico)
            for t in pobj.subtree:
                if t.i in at_place:
                    return at_place[t.i]
                c = _country_of_token(t) if t.i <= pobj.i else None
                if c:
                    return c.iso3
    return None


SKIPPED_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "PRODUCT",
                            "WORK_OF_ART", "LAW", "LANGUAGE", "EVENT"})


def _headline_subject(tok: Token) -> bool:
    """Is the compound noun ``tok`` the subject of a headline verb the tagger read as a noun ("Police fire tear gas
    at students": "Police" is tagged a modifier of "fire" or "gas")? Headline grammar ends the subject right before
    the verb (``triggers.headline_verb``), so a role noun there names who acts, not a kind of thing."""
    from .triggers import is_verbal

    nxt = tok.doc[tok.i + 1] if tok.i + 1 < tok.sent.end else None
    return nxt is not None and nxt.pos_ == "NOUN" and is_verbal(nxt)


def find_actors(doc: Doc, places: list[Place], published: Optional[date] = None) -> list[Actor]:
    """All actor mentions in ``doc``, resolved to canonical name, kind, country and role.

    ``published`` picks the leader in office when a name is shared ("Bush")."""
    doc.user_data["wirewatch_places"] = places  # arguments.py turns a place used as a recipient into its country
    finder = _ActorFinder(doc, places, published.year if published else None)
    for ent in doc.ents:                    # 1. entities
        finder.entity(ent)
    finder.untagged_countries()             # 1b. country names the model left untagged
    finder.untagged_organisations()         # 1c. known organisations the model left untagged
    finder.role_nouns()                     # 2. "Russian forces", "police", "protesters"
    finder.later_surnames()                 # 3. "... Johnson said" after "Senator Mike Johnson"
    return finder.resolved()


class _ActorFinder:
    """The mentions found so far in one document and what later steps need to know about them.

    Mentions never overlap: the first step to claim a character range keeps it (``add``)."""

    def __init__(self, doc: Doc, places: list[Place], year: Optional[int]):
        self.doc, self.places, self.year = doc, places, year
        self.kb = knowledge_base()
        self.non_country_places = Occupied(len(doc_text(doc)),
                                           [(p.start, p.end) for p in places if p.feature != "country"])
        self.place_by_start = {p.start: p for p in places}
        self.at_place = place_countries(doc, places)
        self.found: list[Actor] = []
        self.taken = Occupied(len(doc_text(doc)))
        self.contextual: list[Actor] = []   # ethnic groups: placed where the sentence happens
        self.fallback: dict[int, str] = {}  # id(actor) -> country if context says nothing ("ethnic Albanians")
        self.persons: dict[str, Actor] = {}  # surname / full name -> richest person mention

    def add(self, actor: Actor) -> None:
        if not self.taken.overlaps(actor.start, actor.end):
            self.found.append(actor)
            self.taken.add(actor.start, actor.end)

    # -- 1. entities ---------------------------------------------------------------------------------
    def entity(self, ent: Span) -> None:
        """One spaCy entity: the first reading that applies, in order (known organisation, country,
        ethnic group, capital, person, organisation); a demonym is left for step 2."""
        if ent.label_ in SKIPPED_LABELS:
            return
        span = _strip_det(ent)
        text = span.text
        if text in self.kb.orgs:
            o = self.kb.orgs[text]
            self.add(_mk(self.doc, span, o.name, "organization", o.country, o.role))
            return
        country = countries.country_by_name(text)
        if country and ent.label_ in ("GPE", "NORP", "ORG", "LOC", "PERSON"):
            if not is_locative(span.root):
                self.add(_mk(self.doc, span, country.name, "country", country.iso3, "GOV"))
            return
        if ent.label_ == "NORP" and len(span) > 1 and span[0].lower_ == "ethnic":
            span, text = span[1:], span[1:].text
        if self._demonym_or_group(ent, span, text):
            return
        capital = countries.country_by_capital(text)
        if capital and not is_locative(span.root) and not is_departure(span.root) \
                and span.start_char in self.place_by_start:
            self.add(_mk(self.doc, span, capital.name, "country", capital.iso3, "GOV"))
            return
        if ent.label_ == "PERSON" and len(span) == 1 and country_of_word(text):
            return  # "Ugandan" tagged PERSON by the small model: a demonym (step 2, arguments)
        if len(span) == 1 and span.end < len(self.doc) and f"{span[0].lower_} {self.doc[span.end].lower_}" in self.kb.nouns:
            return  # "Riot police" at the start of a sentence: the first word of a group noun (step 3), no name
        kb = self.kb
        titled = ent.label_ == "ORG" and span.root.lower_ not in kb.nouns and span.root.pos_ == "PROPN" \
            and _title_role([t.text for t in _modifier_tokens(span.root, span.start)]) is not None
        if ent.label_ == "PERSON" or (ent.label_ == "ORG" and (text in self.persons or titled
                                                               or find_leader(text, self.year))):
            self._person(span, text)
        elif ent.label_ in ("ORG", "NORP"):
            self._organization(span, text)

    def _demonym_or_group(self, ent: Span, span: Span, text: str) -> bool:
        """Handles a demonym or ethnic-group entity; True when the entity needs nothing more."""
        doc = self.doc
        demonym = country_of_word(text) if ent.label_ == "NORP" else None
        lives_in = _country_near(span.root, [], self.at_place) if demonym else None
        ethnic_demonym = demonym is not None and (
            (span.start > 0 and doc[span.start - 1].lower_ == "ethnic")
            or (lives_in is not None and lives_in != demonym.iso3))  # "the Albanians of southern Serbia"
        if demonym and not ethnic_demonym:
            return True  # handled with the noun it modifies (step 2) or as an event's agent by events
        if not (demonym or is_ethnic(span.root)):  # the small model tags "Hutu" PERSON, "Kurds" NORP or ORG
            return False
        if span.root.dep_ in ("amod", "compound", "nmod") and span.root.head.pos_ == "NOUN":
            return True  # "Tamil refugees", "Moslem demonstrators": the noun is the actor (step 2)
        # "ethnic Albanians", "Iraqi Kurds": an ethnic group, coded with the country where it lives
        start = span.start - 1 if span.start > 0 and doc[span.start - 1].lower_ == "ethnic" else span.start
        group = doc[start:span.end]
        mods = _modifier_tokens(span.root, start)
        actor = _mk(doc, group, group.text, "group", _country_near(span.root, mods, self.at_place), "CVL")
        if actor.country is None:
            self.contextual.append(actor)
            if demonym:
                self.fallback[id(actor)] = demonym.iso3
        self.add(actor)
        return True

    def _person(self, span: Span, text: str) -> None:
        """A person: country and role from the words around it, a title inside it, the leaders list or
        an earlier fuller mention; kept as the richest mention of its full name and surname."""
        doc, persons = self.doc, self.persons
        if self.non_country_places.overlaps(span.start_char, span.end_char) and not _person_like(span):
            return  # a town spaCy took for a person
        if span.root.dep_ == "compound" and span.root.head.lower_ in _weapon_words():
            return  # "Patriot missiles", "Tomahawk cruise missiles": a product, not a person
        if not any(t.text[:1].isupper() for t in span):
            return  # "stray shells": the small model's PERSON on lower-case words
        country_code, role = _context_attrs(doc, span)
        bare, title_role = _strip_title(span)
        role = role or title_role
        earlier = persons.get(text) or persons.get(span[-1].text)  # "Senator Mike Johnson ... Johnson said"
        known = earlier is not None and len(earlier.name) > len(bare.text)
        leader = find_leader(bare.text, self.year) if (country_code is None or role is None) and not known else None
        if leader is not None:
            country_code = country_code or leader.country
            role = "IGO" if leader.role == "IGO" else role or leader.role
        # "Arab League Secretary-General X", "U.N. mediator Y": an official of an international organisation
        if country_code is None and any(
                (org := actor_for_token(self.found, m, indexed=False)) is not None and org.role == "IGO"
                for m in _modifier_tokens(span.root, span.start)):
            role = "IGO"
        text = bare.text if title_role else text
        actor = _mk(doc, span, text, "person", country_code, role)
        found_person = persons.get(text) or persons.get(span[-1].text)
        if found_person and len(found_person.name) >= len(text):
            actor.name = found_person.name
            actor.country = actor.country or found_person.country
            actor.role = actor.role or found_person.role
        else:
            persons[text] = actor
            persons[span[-1].text] = actor
        self.add(actor)

    def _organization(self, span: Span, text: str) -> None:
        """An ORG/NORP entity that is no person: role from its last role word, country from its words."""
        if self.non_country_places.overlaps(span.start_char, span.end_char):
            return
        role = None
        for w in reversed(text.lower().split()):
            role = self.kb.nouns.get(w) or self.kb.titles.get(w)
            if role:
                break
        ctry = None
        for tok in span:
            c = _country_of_token(tok)
            if c:
                ctry = c.iso3
                break
        if ctry is None and role != "IGO":
            # "Sri Lanka's Human Rights Commission", "the Kenyan Red Cross": a possessor or demonym outside the
            # name owns the organisation (linguistic class: possessive and attributive modifiers)
            ctry = _context_attrs(self.doc, span)[0]
        self.add(_mk(self.doc, span, text, "organization", ctry, role))

    # -- 1b. countries the model did not tag ---------------------------------------------------------
    def untagged_countries(self) -> None:
        """Country names and capitals the small model left untagged ("Uzbekistan finally opened ...", "Abuja
        deported 40 traders"): the gazetteer found them as places; used as actors (not as locations) they are
        the country's government, as a tagged capital is in ``entity`` (linguistic class: place-for-institution
        metonymy; PLOVER ch. 5 codes a state's organs with its country code)."""
        for p in self.places:
            capital = p.feature != "country" and countries.country_by_capital(p.text)
            if (p.feature != "country" and not (capital and capital.iso3 == p.country)) or not p.country \
                    or self.taken.overlaps(p.start, p.end):
                continue
            span = self.doc.char_span(p.start, p.end, alignment_mode="expand")
            country = countries.country_by_iso3(p.country)
            if span is None or country is None or span.root.ent_type_ or span.root.pos_ != "PROPN":
                continue
            if not is_locative(span.root) and not (capital and is_departure(span.root)) \
                    and span.root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj"):
                self.add(_mk(self.doc, span, country.name, "country", country.iso3, "GOV"))

    # -- 1c. known organisations the model did not tag -----------------------------------------------
    def untagged_organisations(self) -> None:
        """Multi-word names of the knowledge base's organisations that the small model left untagged or
        split ("Human Rights Watch said ...": no entity): the name is the actor (PLOVER Table 5.2 sector
        codes NGO / IGO; linguistic class: a fixed multi-word proper name). Case-sensitive, whole words."""
        pattern = _org_name_pattern()
        for m in pattern.finditer(doc_text(self.doc)):
            if self.taken.overlaps(m.start(), m.end()):
                continue
            span = self.doc.char_span(m.start(), m.end())
            if span is None:
                continue
            o = self.kb.orgs[m.group()]
            self.add(_mk(self.doc, span, o.name, "organization", o.country, o.role))

    # -- 2. role nouns -------------------------------------------------------------------------------
    def role_nouns(self) -> None:
        """Role nouns ("Russian forces", "police", "protesters") outside entities."""
        doc, kb = self.doc, self.kb
        for tok in doc:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in ("PERSON", "ORG", "GPE"):
                continue
            role = None
            # two-word nouns first ("security forces", "riot police")
            if tok.i > 0 and f"{doc[tok.i - 1].lower_} {tok.lower_}" in kb.nouns:
                role = kb.nouns[f"{doc[tok.i - 1].lower_} {tok.lower_}"]
            if not role and not kb.nouns.get(tok.lower_) and tok.pos_ == "NOUN" and kb.titles.get(tok.lemma_.lower()):
                # a generic title compounded on an institution's role noun serves that institution: "opposition
                # leaders" OPP, "police spokesman" COP, "army commander" MIL, "party leader" PTY (PLOVER ch. 5 codes
                # individuals by the organisation they serve; linguistic class: noun-noun compounds whose modifier
                # names the head's institution, as PERSONNEL_NOUNS heads do)
                inst = doc[tok.i - 1] if tok.i > 0 else None
                if inst is not None and inst.dep_ == "compound" and inst.head.i == tok.i:
                    role = kb.nouns.get(inst.lower_)
            role = role or kb.nouns.get(tok.lower_) or (kb.titles.get(tok.lemma_.lower()) if tok.pos_ == "NOUN" else None)
            if role and tok.dep_ == "compound" and tok.head.i == tok.i + 1 and tok.head.lower_ in PERSONNEL_NOUNS \
                    and not kb.nouns.get(tok.head.lower_) and not kb.titles.get(tok.head.lemma_.lower()):
                self._role_noun(tok.head, role, institution=tok)  # "French embassy staff", "army personnel"
                continue
            if not role or (tok.dep_ == "compound" and not _headline_subject(tok)):
                continue
            self._role_noun(tok, role)

    def _role_noun(self, tok: Token, role: str, institution: Optional[Token] = None) -> None:
        """The mention of one role noun with its contiguous modifiers, named after its country if known; or of
        a personnel noun whose compound ``institution`` is the role noun ("French embassy staff")."""
        doc = self.doc
        mods = _modifier_tokens(tok, tok.i)
        mission = (institution or tok).lower_ in DIPLOMATIC_MISSIONS
        if mission:  # "the Israeli embassy in Amman" is Israel's; "the embassy in Amman" names no owner
            iso3 = _country_near(tok, mods, {}, preps=("of",))  # a country's name or demonym, not a town's
        else:
            iso3 = _country_near(tok, mods, self.at_place)
        ctry = countries.country_by_iso3(iso3) if iso3 else None
        start_i, modifier_ids = tok.i, {m.i for m in mods}
        while start_i - 1 in modifier_ids:  # the mention spans its contiguous modifiers: "Russian forces"
            start_i -= 1
        span = _strip_det(doc[start_i:tok.i + 1])
        if ctry:
            name = group_name(role, ctry.name)
        else:
            name = span.text.lower() if span.text[1:].islower() or span.text.islower() else span.text
        kind = GROUP_NOUN_KINDS.get(role, "group")
        actor = _mk(doc, span, name, kind, ctry.iso3 if ctry else None, role)
        if ctry is None and any(is_ethnic(m) for m in mods):
            self.contextual.append(actor)  # "Hutu rebels", "Tamil refugees": where the sentence happens
        self.add(actor)

    # -- 3. surnames and what the whole document says -----------------------------------------------
    def later_surnames(self) -> None:
        """Later mentions of a person by surname that spaCy tagged as ORG / missed."""
        for tok in self.doc:
            if tok.text in self.persons and tok.text[:1].isupper() and not self.taken.overlaps(tok.idx, tok.idx + len(tok)):
                p = self.persons[tok.text]
                self.add(Actor(tok.text, tok.idx, tok.idx + len(tok), p.name, "person", p.country, p.role))

    def resolved(self) -> list[Actor]:
        """The mentions in text order, with countries filled from the rest of the document."""
        found, doc = self.found, self.doc
        # bare surname mentions found before the full mention still get its attributes
        for a in found:
            if a.kind == "person":
                p = self.persons.get(a.text.split()[-1]) if a.text else None
                if p and len(p.name) > len(a.name):
                    a.name, a.country, a.role = p.name, a.country or p.country, a.role or p.role
        found.sort(key=lambda a: a.start)
        _fill_from_earlier_mentions(doc, found)
        _fill_domestic_countries(doc, found, self.places, self.contextual)
        _fill_home_country(doc, found, self.places)
        for a in self.contextual:
            if a.country is None and id(a) in self.fallback:
                assign_country(a, self.fallback[id(a)])
        found.sort(key=lambda a: a.start)
        return found


# Not MIL or REB: in conflict news the side that fights is exactly what must not be guessed.
HOME_ROLES = {"GOV", "COP", "JUD", "LEG", "OPP", "PTY", "CVL", "PRO", "MED", "BUS"}


def home_country(doc: Doc, actors: list[Actor], places: list[Place]) -> Optional[str]:
    """The country a document is mostly about: most mentioned by places, countries and demonyms.

    Domestic news rarely restates the country for every official ("Judge X opened an investigation
    into 28 Chilean officials"), so an untagged official most likely belongs to it."""
    counts: dict[str, int] = {}
    for p in places:
        iso3 = country_of_place(p)
        if iso3:
            counts[iso3] = counts.get(iso3, 0) + 1
    for a in actors:
        if a.country and a.kind in ("country", "group"):
            counts[a.country] = counts.get(a.country, 0) + 1
    for tok in doc:
        if tok.ent_type_ == "NORP":
            c = countries.country_by_demonym(tok.text)
            if c:
                counts[c.iso3] = counts.get(c.iso3, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # two countries equally present: an international story, don't guess
    return ranked[0][0]


def _fill_home_country(doc: Doc, actors: list[Actor], places: list[Place]) -> None:
    home = None
    for a in actors:
        if a.country is None and (a.role in HOME_ROLES or (a.kind == "person" and a.role not in (None, "IGO"))):
            if a.text.split()[-1].lower() in DIPLOMATIC_MISSIONS:
                continue  # an embassy stands abroad: the document's country is not its owner
            if a.kind == "person" and a.role in ("GOV", "MIL", None) and _sentence_names_a_country(doc, a):
                continue
            if a.role in ("GOV", "LEG", "JUD") and names_several_parties(a):
                continue  # "the two leaders": several parties, no single country  # "Chilean envoys met President Lula": a leader beside foreigners may be foreign
            home = home or home_country(doc, actors, places)
            if home is None:
                return
            assign_country(a, home)


def names_several_parties(actor: Actor) -> bool:
    """"the two leaders", "both countries' interior ministers": a mention of several parties has no single country."""
    return re.search(r"\b(two|both|three|several|all)\b", actor.text.lower()) is not None


def _sentence_names_a_country(doc: Doc, actor: Actor) -> bool:
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    if span is None:
        return False
    return any(t.ent_type_ in ("NORP", "GPE") and _country_of_token(t) for t in span.sent)


def _fill_from_earlier_mentions(doc: Doc, actors: list[Actor]) -> None:
    """"the army", "its troops" after "the Congolese army": a definite group mention refers back to the
    latest earlier group of the same role whose country is known (in-document coreference)."""
    latest: dict[str, Actor] = {}
    for a in actors:
        if a.kind == "group" and a.role:
            if a.country is None and a.role in latest:
                first = doc.char_span(a.start, a.end, alignment_mode="expand")
                left = doc[first.start - 1].lower_ if first is not None and first.start > 0 else ""
                if a.text.split()[0].lower() in ("the", "its", "their") or left in ("the", "its", "their"):
                    ref = latest[a.role]
                    a.country, a.name = ref.country, ref.name
            if a.country:
                latest[a.role] = a
    _fill_from_possessors(doc, actors)


POSSESSIVE_ANTECEDENTS = {"his": ("person",), "her": ("person",), "its": ("country", "organization"),
                          "their": ("country", "organization", "group")}


def _fill_from_possessors(doc: Doc, actors: list[Actor]) -> None:
    """"Armenia's prime minister said his government was ready ...": a group owned by a possessive pronoun
    belongs to the country of the pronoun's antecedent, the nearest earlier actor of the sentence that the
    pronoun can refer to (his / her: a person; its / their: a state or organisation). Linguistic class:
    pronominal possessor coreference."""
    ordered = sorted(actors, key=lambda x: x.start)
    for n, a in enumerate(ordered):
        if a.country is not None or a.kind not in ("group", "organization"):
            continue
        span = doc.char_span(a.start, a.end, alignment_mode="expand")
        if span is None:
            continue
        owner = span[0] if span[0].dep_ == "poss" else (doc[span.start - 1] if span.start > 0 else None)
        kinds = POSSESSIVE_ANTECEDENTS.get(owner.lower_) if owner is not None and owner.dep_ == "poss" else None
        if not kinds:
            continue
        sent_start = span.sent.start_char
        ref = next((b for b in reversed(ordered[:n]) if b.start >= sent_start and b.country and (
            b.kind in kinds or (owner.lower_ in ("his", "her") and _owns_a_person(doc, b)))), None)
        if ref is not None:
            assign_country(a, ref.country)


def _owns_a_person(doc: Doc, actor: Actor) -> bool:
    """"Armenia's prime minister": a country named as the possessor of a person noun stands for that person."""
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    return span is not None and span.root.dep_ == "poss" and span.root.head.pos_ in ("NOUN", "PROPN")


def assign_country(actor: Actor, iso3: str) -> None:
    """Give an actor a country inferred from context; a generic group gets its ACLED-style name."""
    actor.country = iso3
    country = countries.country_by_iso3(iso3)
    if country and actor.role and actor.kind in ("group", "organization") and actor.name == actor.name.lower():
        actor.name = group_name(actor.role, country.name)


def _fill_domestic_countries(doc: Doc, actors: list[Actor], places: list[Place], also: Iterable[Actor] = ()) -> None:
    """Police, protesters, civilians ... (and the ethnic groups in ``also``) without a stated country belong
    to the sentence's place's country."""
    extra = {id(a) for a in also}
    # the country named in an embassy's phrase is its owner, not where the sentence happens ("protesters outside
    # the US embassy in Nairobi" are in Kenya; DIPLOMATIC_MISSIONS)
    missions = [(m.start, m.end) for m in actors if m.text and m.text.split()[-1].lower() in DIPLOMATIC_MISSIONS]
    for a in actors:
        if a.country or (a.role not in DOMESTIC_ROLES and id(a) not in extra):
            continue
        sent = doc.char_span(a.start, a.end, alignment_mode="expand")
        if sent is None:
            continue
        s = sent.sent
        for p in index(doc, places).starting_in(s.start_char, s.end_char):
            if any(m0 <= p.start < m1 for m0, m1 in missions):
                continue
            if country_of_place(p):
                assign_country(a, country_of_place(p))
                break


def actor_for_token(actors: list[Actor], token: Token, indexed: bool = True) -> Optional[Actor]:
    """The actor mention covering ``token``, if any (the first in list order).

    ``indexed`` looks it up in the document's index of ``actors`` (built once per list); a list
    still growing is scanned instead (``indexed=False``), since each change would rebuild the index."""
    if indexed and len(actors) > 16:
        hits = index(token.doc, actors).covering(token.idx)
        return hits[0] if hits else None
    return next((a for a in actors if a.start <= token.idx < a.end), None)
