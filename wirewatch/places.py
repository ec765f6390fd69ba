"""Toponym recognition and resolution (the ``places`` stage).

Recognition: spaCy's small model tags many toponyms under the wrong label (on news about Ukraine
"Kyiv" and "Odesa" come out as PERSON, "Novopavlivka" as ORG) and misses others, so every
proper-noun entity and every proper-noun token run is checked against the gazetteer. False
toponyms are kept out by guards: person names ("Donald Trump" makes "Trump" a person everywhere in
the document), titles ("President X"), months and weekdays, stop words, and, for names that
spaCy did not tag as a location, a requirement that the place be big or fit the article.

Resolution: each candidate feature is scored by population, name type (primary / alternate),
feature type, the article's country context (countries, demonyms, capitals and unambiguous
places mentioned), admin mentions ("in the Donetsk region") and distance to the other places of
the article; so "Odessa" in a Ukraine article is Odesa, Ukraine, never Odessa, Texas.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.tokens import Doc, Span

from .countries import country_by_capital, country_by_demonym, country_by_name, fold
from .gazetteer import GazEntry, Gazetteer, default_gazetteer, haversine_km
from .records import Place

LOCATION_LABELS = {"GPE", "LOC", "FAC"}
OTHER_NAME_LABELS = {"ORG", "PERSON", "NORP"}
# Entities whose tokens are never toponyms on their own.
BLOCKING_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL",
                   "PRODUCT", "LANGUAGE", "NORP"}
ADMIN_WORDS = {"region": "admin1", "regions": "admin1", "oblast": "admin1", "province": "admin1",
               "governorate": "admin1", "state": "admin1", "krai": "admin1", "republic": "admin1",
               "district": "admin2", "raion": "admin2", "county": "admin2"}
LOCATIVE_PREPS = {"in", "at", "near", "around", "across", "inside", "outside", "throughout",
                  "within", "into", "towards", "toward", "along", "through", "off", "outskirts",
                  "between", "beyond", "behind", "past", "onto", "nearby", "via", "over"}
ACTOR_DEPS = {"nsubj", "nsubjpass", "agent", "poss", "csubj"}
TITLES = {"president", "mr", "mrs", "ms", "miss", "dr", "gen", "general", "minister", "senator",
          "sen", "rep", "representative", "governor", "gov", "king", "queen", "prince",
          "princess", "pope", "judge", "mayor", "secretary", "chancellor", "premier", "lt",
          "col", "colonel", "capt", "captain", "sgt", "sergeant", "coach", "sir", "lord",
          "lady", "justice", "commander", "admiral", "ambassador", "spokesman",
          "spokeswoman", "spokesperson", "chief", "officer", "professor", "prof", "st",
          "saint", "father", "rev", "reverend", "sheikh", "ayatollah", "emir", "sultan",
          "councillor", "councilman", "councilwoman", "leader", "envoy", "lawmaker", "mp"}
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
            "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday",
            "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter"}
MIN_UNTAGGED_POP = 100_000     # an untagged / person-tagged name far from the article's context
MIN_CONTEXT_POP = 1_000        # ... or a smaller place in a country the article is about


@dataclass
class _Mention:
    start: int          # token indices into the doc
    end: int
    source: str         # "loc" (spaCy location label), "name" (ORG/PERSON), "propn" (untagged)
    admin_suffix: Optional[str] = None   # "admin1"/"admin2" when the span ends in "region" etc.
    country: Optional[str] = None        # ISO3 when the span is a country name
    candidates: list = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Recognition
# ---------------------------------------------------------------------------------------------

def _is_name_token(tok) -> bool:
    text = tok.text
    return bool(text) and (text[0].isupper() or (text[0].isdigit() is False and text.isupper()))


def _strip_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners / trailing possessives and punctuation from a token span."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _person_tokens(doc: Doc) -> set[str]:
    """Words that are part of multi-word person names in this document ("Trump", "Zelenskyy")."""
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2:
            out.update(t.text for t in ent if t.text[:1].isupper())
    return out


def _after_title(doc: Doc, start: int) -> bool:
    prev = doc[start - 1] if start > 0 else None
    return prev is not None and prev.lower_.rstrip(".") in TITLES


def _blocked(doc: Doc, start: int, end: int, person_tokens: set[str], source: str) -> bool:
    """True for spans that look like toponyms but are not: months, titles, stop words, people."""
    span = doc[start:end]
    words = [t.lower_ for t in span]
    if not span.text[:1].isupper():
        return True
    if len(span) == 1:
        tok = span[0]
        if words[0] in CALENDAR or words[0] in TITLES:
            return True
        if tok.is_stop or doc.vocab[tok.lower_].is_stop:
            return True
        if len(tok.text) < 3 and not tok.text.isupper():
            return True
    if _after_title(doc, start):
        return True
    if source != "loc" and all(t.text in person_tokens for t in span):
        return True
    return False


def _admin_suffix(doc: Doc, end: int) -> Optional[str]:
    if end < len(doc) and doc[end].lower_ in ADMIN_WORDS:
        return ADMIN_WORDS[doc[end].lower_]
    return None


def _raw_mentions(doc: Doc) -> list[_Mention]:
    """Candidate toponym spans from entities and untagged proper-noun runs, longest first."""
    mentions: list[_Mention] = []
    taken = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ in BLOCKING_LABELS:
            for i in range(ent.start, ent.end):
                taken[i] = True
    for ent in doc.ents:
        if ent.label_ not in LOCATION_LABELS and ent.label_ not in OTHER_NAME_LABELS:
            continue
        if ent.label_ == "NORP":
            continue
        start, end = _strip_span(doc, ent.start, ent.end)
        if start >= end:
            continue
        source = "loc" if ent.label_ in LOCATION_LABELS else "name"
        mentions.append(_Mention(start, end, source))
        for i in range(ent.start, ent.end):
            taken[i] = True
    i = 0
    while i < len(doc):
        if taken[i] or doc[i].pos_ != "PROPN" or not _is_name_token(doc[i]):
            i += 1
            continue
        j = i
        while j < len(doc) and not taken[j] and doc[j].pos_ == "PROPN" and _is_name_token(doc[j]):
            j += 1
        mentions.append(_Mention(i, j, "propn"))
        i = j
    return mentions


def _lookup_span(gaz: Gazetteer, doc: Doc, m: _Mention, person_tokens: set[str]) -> list[_Mention]:
    """Find the gazetteer match(es) inside a raw mention, trying the whole span, then sub-spans."""
    found: list[_Mention] = []
    start, end = m.start, m.end
    whole = _match(gaz, doc, start, end, m.source, person_tokens)
    if whole is not None:
        return [whole]
    if m.source == "name" and end - start > 1:
        return []  # "Kyiv City Council", "Donald Trump": a multi-word name is not split up
    i = start
    while i < end:
        hit = None
        for j in range(end, i, -1):
            if (i, j) == (start, end):
                continue
            hit = _match(gaz, doc, i, j, "propn" if m.source != "loc" else "loc", person_tokens)
            if hit is not None:
                break
        if hit is not None:
            found.append(hit)
            i = hit.end if hit.admin_suffix is None else hit.end - 1
            i = max(i, hit.start + 1)
        else:
            i += 1
    return found


def _match(gaz: Gazetteer, doc: Doc, start: int, end: int, source: str,
           person_tokens: set[str]) -> Optional[_Mention]:
    if _blocked(doc, start, end, person_tokens, source):
        return None
    text = doc[start:end].text
    suffix = _admin_suffix(doc, end)
    if suffix is not None:
        ext = doc[start:end + 1].text
        cands = [e for e in gaz.lookup(ext) if e.feature in ("admin1", "admin2")]
        if cands:
            return _Mention(start, end + 1, source, admin_suffix=suffix, candidates=cands)
    country = country_by_name(text)
    cands = gaz.lookup(text)
    if country is not None:
        return _Mention(start, end, source, country=country.iso3, candidates=cands)
    if not cands:
        return None
    return _Mention(start, end, source, candidates=cands)


# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------

@dataclass
class _Context:
    """What the article is about: country weights, mentioned admin1 names, anchor coordinates."""
    countries: Counter = field(default_factory=Counter)
    admin1: set = field(default_factory=set)
    anchors: list = field(default_factory=list)   # (lat, lon) of confidently resolved places

    def country_weight(self, iso3: Optional[str]) -> float:
        if not iso3 or not self.countries:
            return 0.0
        top = max(self.countries.values())
        return self.countries.get(iso3, 0) / top


def _context_from_text(doc: Doc, mentions: list[_Mention]) -> _Context:
    ctx = _Context()
    for m in mentions:
        if m.country:
            ctx.countries[m.country] += 1.0
    for tok in doc:
        if tok.text[:1].isupper() and tok.pos_ in ("ADJ", "PROPN", "NOUN"):
            dem = country_by_demonym(tok.text)
            if dem is not None:
                ctx.countries[dem.iso3] += 0.5
            cap = country_by_capital(tok.text)
            if cap is not None:
                ctx.countries[cap.iso3] += 0.5
    for m in mentions:
        if m.admin_suffix and m.candidates:
            ctx.admin1.update(fold(e.admin1 or e.name) for e in m.candidates)
    return ctx


def _score(entry: GazEntry, m: _Mention, ctx: _Context) -> float:
    """Plausibility of ``entry`` for mention ``m``; higher is better."""
    s = math.log10(entry.population + 10)
    if entry.alias:
        s -= 0.5
    if entry.feature == "country":
        s += 3.0 if m.country == entry.country else 0.0
    elif entry.feature in ("admin1", "admin2"):
        if m.admin_suffix is None:
            s -= 1.0 if entry.feature == "admin1" else 1.5
        elif m.admin_suffix == entry.feature:
            s += 1.0
    elif entry.feature == "region":
        s += 1.0
    elif entry.feature == "other":
        s -= 1.0
    s += 2.5 * ctx.country_weight(entry.country)
    if entry.admin1 and fold(entry.admin1) in ctx.admin1 and entry.feature != "admin1":
        s += 2.0
    if entry.feature == "populated place" and entry.population >= 50_000:
        cap = country_by_capital(entry.name)
        if cap is not None and cap.iso3 == entry.country:
            s += 1.0
    if ctx.anchors and entry.feature in ("populated place", "admin2", "other"):
        near = min(haversine_km(entry.lat, entry.lon, la, lo) for la, lo in ctx.anchors)
        if near < 300:
            s += 1.5 * (1 - near / 300)
    return s


def _best(m: _Mention, ctx: _Context) -> Optional[GazEntry]:
    cands = m.candidates
    if m.country:
        countries = [e for e in cands if e.feature == "country" and e.country == m.country]
        if not countries:
            return None  # handled by _country_place
    if not cands:
        return None
    return max(cands, key=lambda e: _score(e, m, ctx))


def _acceptable(entry: GazEntry, m: _Mention, ctx: _Context) -> bool:
    """Names spaCy did not tag as locations must be big, or fit the article's countries."""
    if m.source == "loc" or m.admin_suffix or m.country:
        return True
    if entry.feature in ("country", "region"):
        return True
    if entry.feature == "admin1" and not entry.alias:
        return True
    if entry.population >= MIN_UNTAGGED_POP and not entry.alias:
        return True
    return (entry.population >= MIN_CONTEXT_POP and ctx.country_weight(entry.country) >= 0.3
            and entry.feature == "populated place")


def _unambiguous(m: _Mention) -> bool:
    if m.country:
        return True
    pops = sorted((e.population for e in m.candidates), reverse=True)
    return len(pops) == 1 or pops[0] >= 20 * max(pops[1], 1)


def _precision(feature: str) -> str:
    return {"populated place": "place", "admin1": "admin1", "admin2": "admin2",
            "country": "country", "region": "region"}.get(feature, "place")


def _to_place(doc: Doc, m: _Mention, entry: GazEntry) -> Place:
    span = doc[m.start:m.end]
    return Place(text=span.text, start=span.start_char, end=span.end_char, name=entry.name,
                 geonameid=entry.geonameid, lat=entry.lat, lon=entry.lon, country=entry.country,
                 admin1=entry.admin1 if entry.feature != "country" else None,
                 feature=entry.feature, precision=_precision(entry.feature))


def _country_entry(m: _Mention) -> Optional[GazEntry]:
    from .countries import country_by_iso3
    c = country_by_iso3(m.country or "")
    if c is None:
        return None
    return GazEntry(c.geonameid or 0, c.name, c.lat, c.lon, c.iso3, None, None, "country", 0)


def find_places(doc: Doc, gazetteer: Optional[Gazetteer] = None) -> list[Place]:
    """All toponym mentions of ``doc``, resolved to GeoNames, in text order."""
    gaz = gazetteer or default_gazetteer()
    person_tokens = _person_tokens(doc)
    mentions: list[_Mention] = []
    for raw in _raw_mentions(doc):
        mentions.extend(_lookup_span(gaz, doc, raw, person_tokens))
    ctx = _context_from_text(doc, mentions)
    # Pass 1: unambiguous mentions anchor the article geographically.
    for m in mentions:
        if _unambiguous(m) and not m.country and m.candidates:
            e = _best(m, ctx)
            if e is not None and _acceptable(e, m, ctx):
                ctx.countries[e.country] += 0.5
                if e.feature in ("populated place", "admin2"):
                    ctx.anchors.append((e.lat, e.lon))
    places: list[Place] = []
    seen: set[tuple[int, int]] = set()
    for m in sorted(mentions, key=lambda m: m.start):
        if (m.start, m.end) in seen:
            continue
        entry = _best(m, ctx) if not m.country else (
            next((e for e in m.candidates if e.feature == "country" and e.country == m.country), None)
            or _country_entry(m))
        if entry is None or not _acceptable(entry, m, ctx):
            continue
        seen.add((m.start, m.end))
        places.append(_to_place(doc, m, entry))
    return places


def resolve_name(name: str, country_hint: Optional[str] = None,
                 gazetteer: Optional[Gazetteer] = None) -> Optional[Place]:
    """Resolve a bare toponym ("Odesa", "Donetsk region", "US"), optionally within a country.

    The returned Place has offsets 0..len(name) relative to ``name`` itself.
    """
    gaz = gazetteer or default_gazetteer()
    text = (name or "").strip()
    if not text:
        return None
    ctx = _Context()
    if country_hint:
        ctx.countries[country_hint.upper()] = 1.0
    country = country_by_name(text)
    words = text.split()
    suffix = ADMIN_WORDS.get(words[-1].lower()) if len(words) > 1 else None
    m = _Mention(0, 0, "loc", admin_suffix=suffix, country=country.iso3 if country else None,
                 candidates=gaz.lookup(text))
    if m.country:
        entry = next((e for e in m.candidates if e.feature == "country"
                      and e.country == m.country), None) or _country_entry(m)
    else:
        entry = _best(m, ctx)
    if entry is None:
        return None
    return Place(text=text, start=0, end=len(text), name=entry.name, geonameid=entry.geonameid,
                 lat=entry.lat, lon=entry.lon, country=entry.country,
                 admin1=entry.admin1 if entry.feature != "country" else None,
                 feature=entry.feature, precision=_precision(entry.feature))


# ---------------------------------------------------------------------------------------------
# Locative vs. actor use
# ---------------------------------------------------------------------------------------------

def _span_of(doc: Doc, place: Place) -> Optional[Span]:
    return doc.char_span(place.start, place.end, alignment_mode="expand")


def is_locative(doc: Doc, place: Place) -> bool:
    """Whether the mention is used as a location ("in Odesa", "around Novopavlivka",
    "the Donetsk region") rather than as an actor ("Kyiv said", "Washington and Moscow")."""
    span = _span_of(doc, place)
    if span is None:
        return False
    if place.feature in ("admin1", "admin2") and span[-1].lower_ in ADMIN_WORDS:
        return True
    root = span.root
    node = root
    # climb conjunctions and appositions: "in Kyiv and Odesa", "in Pokrovsk, Donetsk"
    while node.dep_ in ("conj", "appos") and node.head is not node:
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ in LOCATIVE_PREPS:
        return True
    if node.dep_ == "pobj" and node.head.lower_ in ("of",) and node.head.head.lower_ in (
            "outskirts", "north", "south", "east", "west", "centre", "center", "city", "town",
            "village", "region", "province", "suburbs", "part", "parts", "streets"):
        return True
    if span.start > 0 and doc[span.start - 1].lower_ in LOCATIVE_PREPS:
        return True
    # "Odesa port", "Kharkiv residents": a place compound-modifying a noun is a location
    if root.dep_ == "compound" and root.head.pos_ == "NOUN" and place.feature != "country":
        return True
    return False


def is_metonym(doc: Doc, place: Place) -> bool:
    """Whether the mention stands for a government or people ("Kyiv said", "Moscow's demands")."""
    span = _span_of(doc, place)
    if span is None:
        return False
    node = span.root
    while node.dep_ == "conj" and node.head is not node:
        node = node.head
    if node.dep_ in ACTOR_DEPS or span.root.dep_ == "poss":
        return True
    if span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s"):
        return True
    return False
