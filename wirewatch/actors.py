"""Actor recognition and resolution: who the people, organisations, countries and groups are.

spaCy's entities are only a starting point: the small model tags capitals as PERSON and surnames as
ORG. Each mention is resolved with (1) the actor knowledge base in ``data/actors.yml`` (titles, role
nouns, organisations), (2) country names, demonyms and capitals (``wirewatch.countries``), (3) the
words around it (title, demonym, possessive, apposition: "Ukrainian President Volodymyr Zelenskyy",
"Russia's defence minister") and (4) the rest of the document, so a later bare "Zelenskyy" inherits
the country and role of the first full mention.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml
from spacy.tokens import Doc, Span, Token

from . import countries
from .records import Actor, Place

ROLE_LABELS = {
    "GOV": "government", "MIL": "military", "COP": "police", "JUD": "judiciary", "LEG": "legislature",
    "REB": "armed group", "OPP": "opposition", "PTY": "party", "CVL": "civilians", "PRO": "protesters",
    "MED": "media", "BUS": "business", "NGO": "NGO", "IGO": "international organisation",
    "REF": "refugees", "CRM": "criminals", "EDU": "education", "HLH": "health", "REL": "religious",
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
    return KnowledgeBase(titles, nouns, orgs, max(len(t.split()) for t in titles))


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


def _country_of_token(tok: Token) -> Optional[countries.Country]:
    text = tok.text
    return (countries.country_by_demonym(text) or countries.country_by_name(text))


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
    lowered = [w.lower() for w in words]
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
    from .events import lexicon
    return lexicon().classes["weapons"]


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _mk(doc: Doc, span: Span, name: str, kind: str, country: Optional[str], role: Optional[str]) -> Actor:
    return Actor(text=span.text, start=span.start_char, end=span.end_char, name=name, kind=kind,
                 country=country, role=role)


def _person_like(span: Span) -> bool:
    """A PERSON entity of two or more capitalised words, or with a title: clearly a person, not a town."""
    words = [t for t in span if t.is_alpha]
    return len(words) >= 2 and all(t.text[:1].isupper() for t in words)


def find_actors(doc: Doc, places: list[Place]) -> list[Actor]:
    """All actor mentions in ``doc``, resolved to canonical name, kind, country and role."""
    kb = knowledge_base()
    non_country_places = [(p.start, p.end) for p in places if p.feature != "country"]
    place_by_start = {p.start: p for p in places}
    found: list[Actor] = []
    taken: list[tuple[int, int]] = []

    def add(actor: Actor) -> None:
        if not _overlaps(actor.start, actor.end, taken):
            found.append(actor)
            taken.append((actor.start, actor.end))

    persons: dict[str, Actor] = {}  # surname / full name -> richest person mention

    # 1. entities
    for ent in doc.ents:
        span = _strip_det(ent)
        text = span.text
        if ent.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "PRODUCT",
                          "WORK_OF_ART", "LAW", "LANGUAGE", "EVENT"):
            continue
        if text in kb.orgs:
            o = kb.orgs[text]
            add(_mk(doc, span, o.name, "organization", o.country, o.role))
            continue
        country = countries.country_by_name(text)
        if country and ent.label_ in ("GPE", "NORP", "ORG", "LOC", "PERSON"):
            if not is_locative(span.root):
                add(_mk(doc, span, country.name, "country", country.iso3, "GOV"))
            continue
        demonym = countries.country_by_demonym(text)
        if demonym and ent.label_ == "NORP":
            continue  # handled with the noun it modifies (step 2) or as an event's agent by events
        capital = countries.country_by_capital(text)
        if capital and not is_locative(span.root) and span.start_char in place_by_start:
            add(_mk(doc, span, capital.name, "country", capital.iso3, "GOV"))
            continue
        if ent.label_ == "PERSON" or (ent.label_ == "ORG" and text in persons):
            if _overlaps(span.start_char, span.end_char, non_country_places) and not _person_like(span):
                continue  # a town spaCy took for a person
            if span.root.dep_ == "compound" and span.root.head.lower_ in _weapon_words():
                continue  # "Patriot missiles", "Tomahawk cruise missiles": a product, not a person
            if not any(t.text[:1].isupper() for t in span):
                continue  # "stray shells": the small model's PERSON on lower-case words
            country_code, role = _context_attrs(doc, span)
            actor = _mk(doc, span, text, "person", country_code, role)
            found_person = persons.get(text) or persons.get(span[-1].text)
            if found_person and len(found_person.name) >= len(text):
                actor.name = found_person.name
                actor.country = actor.country or found_person.country
                actor.role = actor.role or found_person.role
            else:
                persons[text] = actor
                persons[span[-1].text] = actor
            add(actor)
        elif ent.label_ in ("ORG", "NORP"):
            if _overlaps(span.start_char, span.end_char, non_country_places):
                continue
            role = None
            for w in reversed(text.lower().split()):
                role = kb.nouns.get(w) or kb.titles.get(w)
                if role:
                    break
            ctry = None
            for tok in span:
                c = _country_of_token(tok)
                if c:
                    ctry = c.iso3
                    break
            add(_mk(doc, span, text, "organization", ctry, role))

    # 2. role nouns ("Russian forces", "police", "protesters") outside entities
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in ("PERSON", "ORG", "GPE"):
            continue
        role = None
        # two-word nouns first ("security forces", "riot police")
        if tok.i > 0 and f"{doc[tok.i - 1].lower_} {tok.lower_}" in kb.nouns:
            role = kb.nouns[f"{doc[tok.i - 1].lower_} {tok.lower_}"]
        role = role or kb.nouns.get(tok.lower_) or (kb.titles.get(tok.lemma_.lower()) if tok.pos_ == "NOUN" else None)
        if not role or tok.dep_ == "compound":
            continue
        mods = _modifier_tokens(tok, tok.i)
        ctry = None
        for m in mods:
            c = _country_of_token(m)
            if c:
                ctry = c
                break
        if ctry is None:  # "the foreign ministers of Kenya", "troops from Chad"
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "from"):
                    pobj = next((t for t in prep.children if t.dep_ == "pobj"), None)
                    ctry = _country_of_token(pobj) if pobj is not None else None
                    break
        start_i, modifier_ids = tok.i, {m.i for m in mods}
        while start_i - 1 in modifier_ids:  # the mention spans its contiguous modifiers: "Russian forces"
            start_i -= 1
        span = _strip_det(doc[start_i:tok.i + 1])
        if ctry:
            name = group_name(role, ctry.name)
        else:
            name = span.text.lower() if span.text[1:].islower() or span.text.islower() else span.text
        kind = GROUP_NOUN_KINDS.get(role, "group")
        add(_mk(doc, span, name, kind, ctry.iso3 if ctry else None, role))

    # 3. later mentions of a person by surname that spaCy tagged as ORG / missed
    for tok in doc:
        if tok.text in persons and tok.text[:1].isupper() and not _overlaps(tok.idx, tok.idx + len(tok), taken):
            p = persons[tok.text]
            add(Actor(tok.text, tok.idx, tok.idx + len(tok), p.name, "person", p.country, p.role))

    # bare surname mentions found before the full mention still get its attributes
    for a in found:
        if a.kind == "person":
            p = persons.get(a.text.split()[-1]) if a.text else None
            if p and len(p.name) > len(a.name):
                a.name, a.country, a.role = p.name, a.country or p.country, a.role or p.role
    found.sort(key=lambda a: a.start)
    _fill_from_earlier_mentions(doc, found)
    _fill_domestic_countries(doc, found, places)
    _fill_home_country(doc, found, places)
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
        if p.country:
            counts[p.country] = counts.get(p.country, 0) + 1
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
        if a.country is None and (a.role in HOME_ROLES or (a.kind == "person" and a.role)):
            if a.kind == "person" and a.role in ("GOV", "MIL", None) and _sentence_names_a_country(doc, a):
                continue
            if a.role in ("GOV", "LEG", "JUD") and re.search(r"\b(two|both|three|several|all)\b", a.text.lower()):
                continue  # "the two leaders": several parties, no single country  # "Moroccan diplomats met President Obama": a leader beside foreigners may be foreign
            home = home or home_country(doc, actors, places)
            if home is None:
                return
            assign_country(a, home)


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


def assign_country(actor: Actor, iso3: str) -> None:
    """Give an actor a country inferred from context; a generic group gets its ACLED-style name."""
    actor.country = iso3
    country = countries.country_by_iso3(iso3)
    if country and actor.role and actor.kind in ("group", "organization") and actor.name == actor.name.lower():
        actor.name = group_name(actor.role, country.name)


def _fill_domestic_countries(doc: Doc, actors: list[Actor], places: list[Place]) -> None:
    """Police, protesters, civilians ... without a stated country belong to the sentence's place's country."""
    for a in actors:
        if a.country or a.role not in DOMESTIC_ROLES:
            continue
        sent = doc.char_span(a.start, a.end, alignment_mode="expand")
        if sent is None:
            continue
        s = sent.sent
        for p in places:
            if s.start_char <= p.start < s.end_char and p.country:
                assign_country(a, p.country)
                break


def actor_for_token(actors: list[Actor], token: Token) -> Optional[Actor]:
    """The actor mention covering ``token``, if any."""
    for a in actors:
        if a.start <= token.idx < a.end:
            return a
    return None
