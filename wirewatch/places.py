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
from functools import lru_cache
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Optional

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from .actors import FROM_VERBS, MOTION_VERBS, PLACE_PARTS, knowledge_base
from .countries import country_by_capital, country_by_demonym, country_by_name, fold
from .gazetteer import (ARABIC_NAMED, SKELETON_COUNTRIES, GazEntry, Gazetteer, article_dropped,
                        default_gazetteer, haversine_km, skeleton)
from .nlp import _lowerable
from .records import Place

LOCATION_LABELS = {"GPE", "LOC", "FAC"}
OTHER_NAME_LABELS = {"ORG", "PERSON", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
# Entities whose tokens are never toponyms on their own.
BLOCKING_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL",
                   "LANGUAGE"}
ADMIN_WORDS = {"region": "admin1", "regions": "admin1", "oblast": "admin1", "province": "admin1",
               "governorate": "admin1", "state": "admin1", "krai": "admin1", "republic": "admin1",
               "district": "admin2", "raion": "admin2", "county": "admin2"}
# Head words of names of streets, buildings and natural features: a name containing one is not
# the settlement it starts with ("Washington Square", "Trump Tower", "Indian Ocean").
FEATURE_WORDS = {
    "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "drive", "way",
    "square", "plaza", "park", "bridge", "tower", "towers", "hall", "center", "centre", "church",
    "chapel", "cathedral", "basilica", "mosque", "temple", "school", "college", "university",
    "academy", "institute", "hospital", "clinic", "airport", "station", "stadium", "arena",
    "hotel", "inn", "restaurant", "club", "museum", "library", "castle", "palace", "house",
    "court", "prison", "market", "mall", "estate", "farm", "island", "islands", "isle", "lake",
    "river", "ocean", "sea", "gulf", "bay", "coast", "peninsula", "mountain", "mountains",
    "mount", "mt", "valley", "canal", "cape", "point", "beach", "creek", "falls", "forest",
    "desert", "canyon", "harbour", "harbor", "port", "base", "camp", "field", "fields",
    "heights", "hill", "hills", "highway", "motorway", "junction", "roundabout", "canyon",
    "union", "republic", "federation", "kingdom", "empire", "emirate", "strip", "bank",
}
# "X's Chapel", "X's Farm": a possessor directly followed by one of these names a building.
POSSESSED_FEATURES = FEATURE_WORDS | {"village", "garden", "gardens", "shop", "store", "pub",
                                      "bar", "cafe", "kitchen", "grave", "tomb", "well"}
LOCATIVE_PREPS = {"in", "at", "near", "around", "across", "inside", "outside", "throughout",
                  "within", "into", "towards", "toward", "along", "through", "off", "outskirts",
                  "beyond", "behind", "past", "onto", "nearby", "via", "over",
                  "between"}  # "the parkway between Boone and Blowing Rock": a stretch of land
# Nouns naming people (lemmas). Local news places people by their origin: "a Romsey man", "a
# Chippewa Falls woman" (a place compound-modifying a person noun) and "visitors from Truro",
# "crews from Marlborough" (a "from" phrase attached to a people noun) name where they live.
# Surname-prone heads ("family", "couple", "brothers") are left out: "the Johnson family".
PEOPLE_NOUNS = {
    "man", "woman", "boy", "girl", "teenager", "teen", "youth", "resident", "native",
    "pensioner", "mother", "father", "grandmother", "grandfather", "people", "visitor",
    "crew", "volunteer", "student", "farmer", "shopper", "patron", "commuter", "passenger",
    "fan", "organiser", "organizer", "worker", "officer", "firefighter", "stallholder",
    "employer", "trader", "business", "driver", "motorist", "delegate", "voter", "parent",
    "player", "team", "child", "children", "customer", "tourist", "camper", "runner", "rider",
    "lifeboat", "coastguard", "police", "paramedic", "deputy", "trooper", "bidder",
    "patient",  # hospital news: "patients from X" (agent nouns by suffix: ``_people_noun``)
}
# A town's own institutions, named with the town's name as a premodifier ("Mystic police",
# "the Price City Council", "Noble school board", "Hope firefighters"): a local paper names a
# municipality's government, police and schools this way, a Literal_Modifier toponym in
# GeoWebNews' guidelines (Gritta et al. 2019). One head noun, or a settlement / service word
# and its head; "officials" and a bare "council" are left out ("Apple officials", "Security
# Council").
MUNICIPAL_HEADS = {"police", "firefighters", "mayor", "schools", "councilman", "councilwoman", "hromada",
                   "councillors", "councilors", "selectmen", "aldermen"}
MUNICIPAL_PAIRS = {"city": {"council", "hall", "manager", "commission", "clerk", "schools", "military"},
                   "town": {"council", "hall", "manager", "board", "clerk", "meeting", "military"},
                   "village": {"council", "board", "hall", "trustees", "military"},
                   "settlement": {"council", "military"},
                   # Ukraine's local bodies in translation: "the X (city) military administration"
                   # (міська / селищна військова адміністрація), "the X village council", "X hromada"
                   "military": {"administration"},
                   "hromada": {"head", "administration", "council"},
                   "borough": {"council"},
                   "school": {"board", "district", "committee", "superintendent"},
                   "police": {"department", "chief", "station", "officers", "officer"},
                   "fire": {"department", "chief", "station", "brigade", "district"}}
# "residents of Mystic and Groton", "the mayor of Price": the place people live in or govern.
RESIDENT_NOUNS = {"resident", "citizen", "native", "inhabitant", "townspeople", "villager",
                  "mayor", "voter"}
# Conveyances and routes: "a ferry from the town to Tobermory", "the bus to Swansea" - the
# object of "to" after them is a destination, like after a verb of motion.
# Conveyances: "boats from Thibodaux", "a helicopter from Price" - the object of "from" after
# them is where the vehicle came from (the Source of a motion event).
VEHICLE_NOUNS = {"boat", "ship", "vessel", "trawler", "helicopter", "plane", "aircraft",
                 "truck", "lorry", "car", "van", "ambulance", "tanker"}
# Relative location: "a tornado touched down east of Wall", "two miles north of Hope".
COMPASS_WORDS = {"north", "south", "east", "west", "northeast", "northwest", "southeast",
                 "southwest", "north-east", "north-west", "south-east", "south-west"}
# County equivalents written after the name (US Census: Louisiana parishes, Alaska boroughs):
# "Terrebonne Parish" is an admin2 unit when the gazetteer has it under that name.
COUNTY_EQUIVALENTS = {"parish", "borough"}
ROUTE_NOUNS = {"ferry", "bus", "train", "flight", "service", "route", "road", "trip",
               "journey", "ride", "sailing", "crossing", "shuttle", "coach", "link", "line"}
PLACE_NOUNS = {"area", "areas", "region", "regions", "city", "cities", "town", "towns",
               "village", "villages", "place", "places", "part", "parts", "province",
               "provinces", "settlement", "settlements", "district", "districts", "outskirts",
               "suburbs", "territory", "territories", "zone", "zones", "oblast", "oblasts",
               "north", "south", "east", "west", "centre", "center", "port", "streets"}
# Common nouns that a place name modifies as a location ("the Lesbos camp").
PLACE_HEAD_NOUNS = PLACE_NOUNS | {"station", "airport", "hotspot", "camp", "camps", "residents",
                                  "neighbourhood", "neighborhood", "suburb", "district"}
# Built places of a settlement its name can own (a locative genitive, Quirk et al. 1985 §5.116: "the
# town's market"): with PLACE_HEAD_NOUNS, the heads that make a possessor a place ("Jackson's main
# market", "Halden's airport"), where a person's name owns a kinship noun or a thing (``_human_use``).
FACILITY_NOUNS = {"market", "markets", "marketplace", "bazaar", "square", "harbour", "harbor", "hospital",
                  "hospitals", "stadium", "bridge", "downtown", "airfield", "railway", "cathedral", "mosque"}
ACTOR_DEPS = {"nsubj", "nsubjpass", "agent", "poss", "csubj"}
# Verbs whose object is a location: "Russian forces captured Novopavlivka", "drones hit Odesa".
PLACE_VERBS = {"capture", "seize", "take", "retake", "recapture", "liberate", "occupy", "enter",
               "storm", "encircle", "surround", "besiege", "shell", "bomb", "strike", "hit",
               "attack", "raid", "reach", "approach", "defend", "evacuate", "visit", "flee",
               "leave", "overrun", "control", "hold", "target", "pound"}
# ... those of them that never take a person as object (not "hit", "strike", "attack", "visit", "take", "capture":
# "the car hit Jackson"; Levin 1993 18.1 verbs of contact take animate objects)
PLACE_ONLY_VERBS = {"shell", "bomb", "occupy", "enter", "storm", "encircle", "besiege", "overrun", "pound", "raid",
                    "liberate", "retake", "recapture"}
TITLES = {"president", "mr", "mrs", "ms", "miss", "dr", "gen", "general", "minister", "senator",
          "sen", "rep", "representative", "governor", "gov", "king", "queen", "prince",
          "princess", "pope", "judge", "mayor", "secretary", "chancellor", "premier", "lt",
          "col", "colonel", "capt", "captain", "sgt", "sergeant", "coach", "sir", "lord",
          "lady", "justice", "commander", "admiral", "ambassador", "spokesman",
          "spokeswoman", "spokesperson", "chief", "officer", "professor", "prof", "st",
          "saint", "father", "rev", "reverend", "sheikh", "ayatollah", "emir", "sultan",
          "councillor", "councilman", "councilwoman", "leader", "envoy", "lawmaker", "mp",
          "hurricane", "storm", "typhoon", "cyclone", "vice", "deputy"}
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
            "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday",
            "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter"}
GENERIC_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                 "central", "centre", "center", "city", "county", "state", "states", "region",
                 "capital", "union", "republic", "island", "islands", "valley", "gulf", "ocean",
                 "sea", "lake", "bay", "coast", "river", "university", "college", "harbor",
                 "harbour", "port", "park", "mount", "cape", "fort"}
# Ranking weights (``_score``; docs/geo.md "Resolution" lists every feature):
W_ALIAS = 1.5       # an alternate name that is no spelling of the primary one ("Julia" for Plovdiv)
W_VARIANT = 0.3     # another romanisation of the primary name ("Kostyantynivka")
W_SKELETON = 1.0    # only the spelling skeleton matches: an exact namesake should win
W_CLUSTER = 1.0     # pass 2: per other name whose chosen place lies near (``_chosen_support``)
# An East Slavic relational adjective in -s'kyi / -skiy names what is named *after* a place (a city
# district, "Kalynivskyi" of Donetsk after Kalynivka; a town, "L'govskiy" after L'gov), and GeoNames
# lists the noun as its alternate name. Written as the noun, the name means the places that carry
# it as their own name when there are any (linguistic pattern class: derivation, the adjective is
# not the noun; one-word names only: "Kamensk" for Kamensk-Uralskiy is the town's short name).
W_DERIVED = 3.0
ADJECTIVE_ENDINGS = ("skyi", "skyy", "skiy", "s'kyi", "s'kyy", "s'kiy", "skij", "s'kij", "skyj",
                     "s'kyj")
# A place written with its unit ("X, Y Oblast", "X (Y region)", "X in the Y region") whose exact
# spelling is the own GeoNames name of a place inside that unit: the writer gave the settlement's
# name and told its homonyms apart, so another place reached only as a spelling variant of the
# name (an alternate name, "Oleksiyivka", a Kharkiv neighbourhood of 100 500, for "Oleksiivka")
# loses. GeoNames places only: a codifier village's own name is the KMU 2010 spelling by
# construction, which is how the press writes GeoNames towns spelled otherwise (docs/geo.md).
W_EXACT_IN_UNIT = 3.0
# A village only Ukraine's codifier knows (KATOTTG, precision admin3/admin2) against a GeoNames
# populated place of the same name (issue 11 class 1): cities500 lists the settlements of >= 500
# inhabitants (population 0 there means "not given", not "empty"), so a settlement it lacks is
# most likely the smaller one, and its point is only its hromada's centre. A tie-breaker: it
# decides between two unknown populations and never outweighs anything the text gives (0.25
# and 0.5 already overrode a nearby place's pull: docs/geo.md).
W_CODIFIER = 0.1
# Front-line prior (issue 11 class 1): an article reporting fighting (PLOVER FIGHT / ASSAULT,
# ACLED "Battles" and "Explosions/Remote violence": shelling, strikes, clashes, assaults) is more
# likely about the homonym of a Ukrainian settlement that lies in an oblast where the fighting
# is: one tenth of a population decade less than a 10x bigger namesake elsewhere (log10 units).
W_FRONTLINE = 1.0
# A namesake within FRONT_DIRECTION_KM of a town the article places firmly (a pass-1 anchor), in a report
# of fighting in Ukraine: a war report's places cluster along one front sector (discourse coherence, the
# cluster of issue 11 class 1; ACLED Battles), which outweighs a larger namesake elsewhere (helper places8).
W_ANCHOR_NEAR = 3.0
FRONTLINE_ADMIN1 = frozenset({"donetsk oblast", "luhansk oblast", "zaporizhzhia oblast",
                              "kherson oblast", "kharkiv oblast", "dnipropetrovsk oblast",
                              "sumy oblast"})
# Lemmas that report fighting (PLOVER FIGHT/ASSAULT; ACLED Battles, Explosions/Remote violence).
FIGHTING_LEMMAS = frozenset({
    "shell", "shelling", "artillery", "mortar", "missile", "rocket", "drone", "airstrike",
    "strike", "bomb", "bombard", "bombardment", "attack", "assault", "offensive",
    "counteroffensive", "clash", "fight", "fighting", "battle", "combat", "frontline", "front",
    "storm", "advance", "repel", "capture", "liberate", "encircle", "troops", "soldier",
    "shelled", "glide"})
CONTAINER_NEAR_KM = 150   # "X, Y Oblast" with no X inside Y: an X this close to Y's point
STRONG_POP = 100_000      # a place this big may be named without any other support
CONTEXT_POP = 500         # a smaller place needs the article to be about its country
# A front direction named by its city (military usage of the Ukrainian war reports: the General
# Staff's "Kupiansk direction" / напрямок, "the Pokrovsk axis", "the Zaporizhzhia front"; ACLED
# Battles reports locate fighting by them): the settlements "in the Y direction" lie along the front
# sector that runs out from Y, so the direction is a container of its villages (issue 11 class 1).
FRONT_DIRECTION_NOUNS = frozenset({"direction", "axis", "front", "sector", "salient", "bridgehead"})
FRONT_DIRECTION_KM = 60   # a namesake this close to the direction's city is the one meant


@dataclass
class _Mention:
    start: int          # token indices into the doc
    end: int
    source: str         # "loc" (GPE/LOC/FAC), "name" (ORG, PERSON, ...), "propn" (untagged)
    label: str = ""     # the spaCy label, "" for untagged runs
    admin_suffix: Optional[str] = None   # "admin1"/"admin2" when the span ends in "region" etc.
    country: Optional[str] = None        # ISO3 when the span is a country name
    candidates: list = field(default_factory=list)
    locative: bool = False               # preceded by "in", "near", ...
    key: str = ""                        # folded surface text: mentions of one name share it
    district: bool = False               # "X district" where X names no admin unit we know
    contained: bool = False              # "X, Y Oblast": a candidate lies in the unit named
    inner: bool = False                  # a word taken out of an organisation's or person's name
    common: bool = False                 # one ordinary word used as a location ("east of Wall"):
                                         # a small town needs the article's cluster (pass 2)
    settlement: bool = False             # written with a settlement noun: "Saada city", "X town"
    human: bool = False                  # not tagged as a place and used as a person ("Irving
                                         # told reporters"): ``_human_use``
    possessor: bool = False              # owns a thing that is no place: "near Orekhov's farm"
    directional: bool = False            # the object of "to" / "from" ("supply to X", "a man from X")
    addressee: bool = False              # ... marking the addressee / sender of a message ("a letter to X")


# ---------------------------------------------------------------------------------------------
# Recognition
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _lemma_index() -> tuple[frozenset, frozenset]:
    """(verbs, adjectives and adverbs; nouns) of the WordNet index shipped with the model, lower
    case; both empty for a model without lookups."""
    words: set[str] = set()
    nouns: set[str] = set()
    try:
        from wirewatch import nlp as nlp_stage
        table = nlp_stage.load().get_pipe("lemmatizer").lookups.get_table("lemma_index")
        for key in table.keys():
            # the noun index is the one big table (it lists Paris and London)
            (nouns if len(table[key]) >= 50_000 else words).update(table[key])
    except Exception:  # a model without lookups: rely on stop words only
        pass
    return frozenset(words), frozenset(nouns)


def _common_words() -> frozenset:
    """Lower-case English verbs, adjectives and adverbs (WordNet index shipped with the model):
    a capitalised "Hope", "White House" or "Enterprise" made only of such words is no toponym."""
    return _lemma_index()[0]


def _people_noun(tok) -> bool:
    """A noun naming people: ``PEOPLE_NOUNS``, or an agent noun by English derivational
    morphology (linguistic pattern class: deverbal "-er/-or" agent nouns, "buyer" <- buy,
    "grower" <- grow, "visitor" <- visit, "runner" <- run; denominal "-ist" person nouns,
    "orchardist" <- orchard, "cyclist" <- cycle). The stem must be a WordNet verb/adjective
    ("-er/-or") or noun ("-ist"): "water", "order", "paper" have none and stay out. Used for the
    "from" frames ("buyers from X", ``_town_frame`` / ``_moved_from``); a name premodifying such
    a noun ("a X grower", ``_origin_modifier``) keeps the closed list: tried for issue 11, it
    lowered GeoWebNews half-2 accuracy@161 km (a new toponym placed far off), see docs/geo.md."""
    lemma = tok.lemma_.lower()
    if lemma in PEOPLE_NOUNS:
        return True
    if tok.pos_ != "NOUN" or not lemma.isalpha() or len(lemma) < 5:
        return False
    common, nouns = _lemma_index()
    if lemma.endswith("ist"):
        stem = lemma[:-3]
        return len(stem) >= 4 and (stem in nouns or stem + "e" in nouns)
    if lemma.endswith(("er", "or")):
        stem = lemma[:-2]
        return len(stem) >= 3 and any(s in common for s in (
            stem, stem + "e", stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else ""))
    return False


def _is_name_token(tok) -> bool:
    text = tok.text
    if not text or not text[0].isupper():
        return False
    if tok.pos_ == "PROPN":
        return True
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if (tok.pos_ in ("ADJ", "NOUN") and text.isalpha() and nxt is not None
            and nxt.lower_ in ADMIN_WORDS):
        return True  # "in the Kyiv region" with "Kyiv" tagged as an adjective
    if (tok.pos_ in ("ADJ", "NOUN") and text.isalpha() and nxt is not None and _municipal_head(tok.doc, tok.i + 1)
            and not _lowerable(text)):
        # "Lancaster police charged ...", "Aurangabad police arrested ...": a sentence-initial name
        # before a municipal head that the tagger read as a noun or adjective; the town's frame
        # (``_town_frame``) then decides. Ordinary words stay out ("State police", "Riot police").
        return True
    if text.isalpha() and tok.pos_ in ("ADJ", "NOUN", "VERB") and not _lowerable(text) and (
            _located_apposition(tok.doc, tok.i, tok.i + 1)):
        return True  # "Shyroke, south of Kryvyi Rih, ..." with "Shyroke" tagged as a verb
    return text.isupper() and text.isalpha() and len(text) >= 3  # "OKLAHOMA CITY" datelines


def _strip_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading lower-case words ("the", "north west" London), road numbers and trailing
    possessives and punctuation from a token span."""
    while start < end and (not doc[start].text[:1].isupper() or doc[start].is_punct
                           or doc[start].lower_ in ("the", "a", "an") or doc[start].pos_ == "ADP"
                           or doc[start].lower_ in LOCATIVE_PREPS
                           or any(c.isdigit() for c in doc[start].text)):  # "A429 Cirencester"
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _person_tokens(doc: Doc, gaz: Gazetteer) -> set[str]:
    """Words of multi-word person names in this document ("Trump", "Zelenskyy"), except names
    that are themselves well-known places ("Tamil Nadu" mis-tagged as a person)."""
    out: set[str] = set()
    for ent in doc.ents:
        start, end = _strip_span(doc, ent.start, ent.end)  # "Near Lyman" is one word
        if ent.label_ == "PERSON" and end - start >= 2:
            if any(t.text in CONTAINER_OPENERS for t in doc[start:end]):
                continue  # "Nove Tarutyne, Odesa Oblast": people are not written with commas
            ent = doc[start:end]
            locative = _locative_position(doc, ent.start, ent.end)
            cands = gaz.lookup(ent.text) or _without_article(gaz, ent.text)
            # (an alternate name too, when used as a location: "the outskirts of Khan Younis";
            # a small place's only when it is another romanisation of its name: "Novyy Bykiv"
            # for Novyi Bykiv - spaCy reads many Ukrainian names written either way as people)
            if any((not e.alias or locative) and (e.population >= STRONG_POP or e.feature == "admin1"
                                                  or (locative and e.population >= CONTEXT_POP
                                                      and (not e.alias or e.variant or
                                                           _spelling_variant(e.name, fold(ent.text))
                                                           or (e.country in SKELETON_COUNTRIES and
                                                               _consonant_variant(e.name, fold(ent.text))))))
                   for e in cands) or _in_unit_named_after(doc, end, cands, gaz) or (
                    _settlement_noun(doc, end) and any(e.feature == "populated place" for e in cands)):
                continue  # ... nor with a settlement noun: "Zaki Biam community"
            out.update(t.text for t in ent if t.text[:1].isupper())
    for tok in doc[1:]:  # "Senator Jackson ... Jackson said"
        if tok.text[:1].isupper() and _after_title(doc, tok.i) and tok.pos_ == "PROPN":
            out.add(tok.text)
    # ... unless the word is also used as a location: "owns horses nearby in Riverdale"
    for tok in doc[1:]:
        if tok.text in out and doc[tok.i - 1].lower_ in LOCATIVE_PREPS and not (
                tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("'s", "’s")) and not (
                tok.i + 1 < len(doc) and doc[tok.i + 1].text[:1].isupper()):
            out.discard(tok.text)
    return out


def _in_unit_named_after(doc: Doc, end: int, cands: list, gaz: Gazetteer) -> bool:
    """ "Velyka Danylivka, Kharkiv region", "Zelene (Donetsk Oblast)": a name followed by a comma
    or bracket and an admin unit or country holding one of its candidates is a place, whatever
    label spaCy gave it (people are not written with their oblast)."""
    if cands and end + 2 < len(doc) and doc[end].lower_ == "in":
        # "Smile in Sumy Oblast", "X in the Y region" (linguistic pattern class: a locative PP
        # with a marked admin unit placing the name, as the comma apposition does): after "in"
        # only a unit marked as one (a word "in Kyiv" stays a word)
        at = end + 2 if doc[end + 1].lower_ == "the" else end + 1
        stop = at
        while (stop < len(doc) and doc[stop].text[:1].isupper() and stop - at <= 3
               and doc[stop].lower_ not in ADMIN_WORDS):
            stop += 1
        if stop == at or stop >= len(doc) or ADMIN_WORDS.get(doc[stop].lower_) != "admin1":
            return False
        units = [e for e in gaz.lookup(doc[at:stop + 1].text) if e.feature == "admin1"]
        return any(c.country == u.country and c.admin1 == u.name for c in cands for u in units)
    if not cands or end + 1 >= len(doc) or doc[end].text not in CONTAINER_OPENERS:
        return False
    stop = end + 1
    while stop < len(doc) and doc[stop].text[:1].isupper() and stop - end <= 4:
        stop += 1
    if stop < len(doc) and doc[stop].lower_ in ADMIN_WORDS:
        stop += 1
    units = [e for e in gaz.lookup(doc[end + 1:stop].text) if e.feature in ("admin1", "country")]
    return any(c.country == u.country and (u.feature == "country" or c.admin1 == u.name)
               for c in cands for u in units)


def _after_title(doc: Doc, start: int) -> bool:
    prev = doc[start - 1] if start > 0 else None
    return prev is not None and prev.lower_.rstrip(".") in TITLES


def _blocked(doc: Doc, start: int, end: int, person_tokens: set[str], source: str) -> bool:
    """True for spans that look like toponyms but are not: months, titles, stop words, people."""
    span = doc[start:end]
    words = [t.lower_ for t in span]
    if not span.text[:1].isupper() or span.text.endswith("-"):
        return True
    if " ".join(words) in GENERIC_WORDS:
        return True
    if len(span) == 1:
        tok = span[0]
        if words[0] in CALENDAR or words[0] in TITLES:
            return True
        if (tok.is_stop or doc.vocab[tok.lower_].is_stop) and country_by_name(tok.text) is None:
            return True
        if len(tok.text) < 3 and not tok.text.isupper():
            return True
        if words[0] in FEATURE_WORDS and start > 0 and doc[start - 1].text[:1].isupper():
            return True  # "North State" + "Street": the head word of a name, not a town
        # short all-capital tokens are acronyms ("EU", "BBC", "MoD"), places only if countries
        if len(tok.text) <= 4 and tok.text.isalpha() and sum(c.isupper() for c in tok.text) >= 2:
            # ... except a dateline opening a paragraph ("OBAN --", "BATH, England --")
            return country_by_name(tok.text) is None and not _dateline(doc, start, end)
    if _after_title(doc, start):
        return True
    if (end + 1 < len(doc) and doc[end].text in ("-", "‑") and doc[end + 1].lower_ in TITLES
            and not doc[end - 1].whitespace_ and not doc[end].whitespace_):
        return True  # "Vice-President", "Kyiv-Governor" (a spaced dash ends a dateline instead)
    if all(t.text in person_tokens for t in span):
        prev = doc[start - 1] if start > 0 else None
        # a person's name used again, unless a place by its position: after a locative preposition (tagged LOC),
        # or the object of a verb whose object is only ever a place ("troops shelled Homs" after "Homs Khalil said")
        root = doc[start:end].root
        return not (source == "loc" and prev is not None and prev.lower_ in LOCATIVE_PREPS
                    or _place_verb_object(root) and root.head.lemma_ in PLACE_ONLY_VERBS)
    if _club_name(doc, start, end):
        return True
    return False


# Sports clubs named "<club word> <home town>" ("Dynamo Kyiv", "Spartak Moscow", "Real Madrid",
# "FC Porto") or "<home town> FC": the town names the team, not a place of the event (issue 11
# class 3; linguistic pattern class: club names built from a fixed club word and the home town,
# the Soviet sports-society names Dynamo, Spartak, Lokomotiv, Torpedo, ... and the Latin Real,
# Atletico, Sporting, Olympique, Racing). Capitalised and right beside the name only.
CLUB_WORDS = {"Dynamo", "Dinamo", "Spartak", "Lokomotiv", "Lokomotyv", "Torpedo", "Zenit",
              "Shakhtar", "Shakhtyor", "Metalist", "Zorya", "Karpaty", "Chornomorets",
              "Vorskla", "Krylia", "CSKA", "FC", "FK", "AC", "SC", "CF", "Real", "Atletico",
              "Atlético", "Sporting", "Olympique", "Racing", "Inter", "Partizan", "Slavia",
              "Sparta", "Legia", "Steaua", "Rapid"}
CLUB_SUFFIXES = {"FC", "F.C.", "CF"}  # not "SC": "Charleston SC" is South Carolina


def _club_name(doc: Doc, start: int, end: int) -> bool:
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if after is not None and after.text in CLUB_SUFFIXES:
        return True
    if before is None or before.text not in CLUB_WORDS:
        return False
    # one name with the town ("Dynamo Kyiv" ORG), or a proper noun of its own ("Real" + GPE
    # "Madrid"); a common word is no club ("in Real terms")
    return bool(before.ent_type_) and (before.ent_iob_ == "B" or before.ent_type_ == doc[start].ent_type_) \
        or before.pos_ == "PROPN"


def _admin_suffix(doc: Doc, end: int) -> Optional[str]:
    if end < len(doc) and doc[end].lower_ in ADMIN_WORDS:
        return ADMIN_WORDS[doc[end].lower_]
    return None


SETTLEMENT_WORDS = {"city", "town", "village", "settlement", "hamlet", "suburb", "port"}
# A lower-case settlement noun written after a name says that the name is a populated place
# ("Saada city", "Poonch town", "Debre Markos town", Nigerian English "Ugbokpo community"; the
# ACLED codebook codes the town itself, geo-precision 1): only its populated places compete, and
# the label spaCy gave it does not matter (NORP "Poonch", PERSON "Markos").
SETTLEMENT_SUFFIXES = {"city", "town", "village", "community", "township"}
# Lower-case particles inside a place's own name that spaCy leaves between two entities
# ("Valle" + "del" + "Cauca", "Jammu" + "and" + "Kashmir", "Rio" + "de" + "Janeiro").
NAME_PARTICLES = {"and", "&", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des",
                  "la", "le", "el", "al"}


def _settlement_noun(doc: Doc, end: int) -> bool:
    return end < len(doc) and doc[end].text.islower() and doc[end].lower_ in SETTLEMENT_SUFFIXES


def _own_name(gaz: Gazetteer, text: str) -> bool:
    """Is ``text`` a place's own (primary) name, apostrophes and dots aside ("Debre Markos" is
    GeoNames' "Debre Mark’os")?"""
    key = fold(text).replace("'", "").replace(".", "")
    return any(not e.alias and fold(e.name).replace("'", "").replace(".", "") == key
               for e in gaz.lookup(text))


def _type_prefix(doc: Doc, start: int) -> Optional[str]:
    """The kind named just before "of": "the province of Samangan" -> admin1,
    "the village of Kashkash" -> populated place."""
    if start >= 2 and doc[start - 1].lower_ == "of":
        word = doc[start - 2].lower_
        if word in ADMIN_WORDS:
            return ADMIN_WORDS[word]
        if word.rstrip("s") in SETTLEMENT_WORDS:
            return "populated place"
    return None


def _listed_kind(doc: Doc, start: int, end: int) -> Optional[str]:
    """The kind named by a list's head noun: "states such as California or Washington",
    "regions like Donetsk and Luhansk" -> admin1."""
    node = doc[start:end].root
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    if node.dep_ != "pobj" or node.head.lower_ not in ("as", "like", "including"):
        return None
    for noun in (node.head.head, node.head.head.head):
        kind = ADMIN_WORDS.get(noun.lower_) or ADMIN_WORDS.get(noun.lower_.rstrip("s"))
        if kind is not None:
            return kind
    return None


def _name_before_time(doc: Doc, ent) -> int:
    """How many leading tokens of a DATE / TIME entity are a name the tagger took into it after a locative
    preposition ("fired at [Kyiv overnight]": spaCy's TIME): proper nouns, no calendar word, the rest of the
    entity lower-case time words. Linguistic class: a locative PP object followed by a time adverb (review4)."""
    if ent.label_ not in ("DATE", "TIME") or ent.start == 0 or doc[ent.start - 1].lower_ not in NAME_BEFORE_TIME_PREPS:
        return 0
    k = 0
    while k < len(ent) and ent[k].pos_ == "PROPN" and ent[k].text[:1].isupper() and ent[k].is_alpha \
            and ent[k].lower_ not in CALENDAR:
        k += 1
    return k if 0 < k < len(ent) and all(t.is_lower or not t.is_alpha for t in ent[k:]) else 0


NAME_BEFORE_TIME_PREPS = LOCATIVE_PREPS | {"at", "on", "over", "to", "from", "into", "toward", "towards"}


def _raw_mentions(doc: Doc) -> list[_Mention]:
    """Candidate toponym spans from entities and untagged proper-noun runs."""
    mentions: list[_Mention] = []
    taken = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME") and all(
                t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in CALENDAR
                and t.is_alpha for t in ent):
            continue  # "in Manbij" tagged DATE: no date word in it
        if ent.label_ in BLOCKING_LABELS or (
                ent.label_ == "NORP" and country_by_demonym(ent.text) is not None):
            for i in range(ent.start + _name_before_time(doc, ent), ent.end):
                taken[i] = True
    for ent in doc.ents:
        if ent.label_ not in LOCATION_LABELS and ent.label_ not in OTHER_NAME_LABELS:
            continue
        if taken[ent.start]:
            continue
        start, end = _strip_span(doc, ent.start, ent.end)
        if start >= end:
            continue
        source = "loc" if ent.label_ in LOCATION_LABELS else "name"
        mentions.append(_Mention(start, end, source, label=ent.label_))
        for i in range(ent.start, ent.end):
            taken[i] = True
    i = 0
    while i < len(doc):
        if taken[i] or not _is_name_token(doc[i]):
            i += 1
            continue
        j = i
        while j < len(doc) and not taken[j] and _is_name_token(doc[j]):
            j += 1
        start, end = _strip_span(doc, i, j)  # "Near X, ...": a capitalised preposition opening the sentence
        if start < end:
            mentions.append(_Mention(start, end, "propn"))
        i = j
    for m in mentions:
        m.locative = _locative_position(doc, m.start, m.end) or _dateline(doc, m.start, m.end)
    return mentions


def _directional_object(doc: Doc, start: int, end: int) -> bool:
    """The object of the directional prepositions "to" / "from" (Quirk et al. 1985 §9.15-9.17, source
    and goal), whatever governs them ("water supply to X", "a woman from X"): weaker than a locative,
    since "to" also marks a recipient ("said to Smith"); ``_acceptable`` uses it for East Slavic
    spelling variants only."""
    root = doc[start:end].root
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:
        root = root.head
    return (start > 0 and doc[start - 1].lower_ in ("to", "from")) or (
        root.dep_ == "pobj" and root.head.lower_ in ("to", "from"))


# Nouns of a message: "to" / "from" after them marks its addressee or sender, a person (Levin 1993 37 verbs of
# communication and their nominalisations; with ``modality.SPEECH``).
MESSAGE_NOUNS = {"letter", "message", "call", "phone", "reply", "note", "email", "appeal", "greeting",
                 "greetings", "condolences", "thanks", "answer", "response", "tribute", "award", "prize",
                 "telegram", "request", "invitation", "apology", "speech", "question", "complaint"}


def _addressee(doc: Doc, start: int, end: int) -> bool:
    """Is the mention the object of "to" / "from" governed by a verb of communication or a message noun
    ("said to Ivanov", "a letter to Chekhov", "the message from Gagarin")?"""
    from .modality import SPEECH
    root = doc[start:end].root
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:
        root = root.head
    prep = root.head if root.dep_ == "pobj" else (doc[start - 1] if start > 0 else None)
    if prep is None or prep.lower_ not in ("to", "from"):
        return False
    gov = prep.head
    return gov.lemma_.lower() in SPEECH | MESSAGE_NOUNS or gov.lower_ in MESSAGE_NOUNS or any(
        c.dep_ == "dobj" and c.lemma_.lower() in MESSAGE_NOUNS for c in gov.children)  # "sent a letter to X"


def _dateline(doc: Doc, start: int, end: int) -> bool:
    """ "PLEASANTON, Calif.--", "SOUTH WAZIRISTAN, April 5", "NEW DELHI:": a capitalised place at
    the start of a paragraph, before a comma, colon or dash, is where the story was filed."""
    if not all(t.text.isupper() for t in doc[start:end] if t.is_alpha):
        return False
    if start > 0 and "\n" not in doc[start - 1].text_with_ws and not doc[start - 1].is_space:
        return False
    return end < len(doc) and doc[end].text in (",", ":", "(", "—", "–", "-", "--")


def _merge_adjacent(doc: Doc, raws: list[_Mention], gaz: Gazetteer) -> list[_Mention]:
    """spaCy often splits a two-word place name into two entities ("Baja" GPE + "California"
    GPE, "Boa" GPE + "Vista" ORG): join adjacent spans whose union is a place's own name."""
    raws = sorted(raws, key=lambda m: m.start)
    out: list[_Mention] = []
    for m in raws:
        if out and m.start < out[-1].end:
            continue  # swallowed by a hyphenated name joined below
        m = _join_hyphenated(doc, m, gaz)
        prev = out[-1] if out else None
        # ... or two names coordinated into one unit's name: "Jammu and Kashmir", "Trinidad
        # and Tobago", "Bosnia and Herzegovina" (a coordinated unit name, not two places)
        joined = prev is not None and (prev.end == m.start or (
            prev.end + 1 == m.start and doc[prev.end].lower_ in NAME_PARTICLES))
        if joined:
            if _own_name(gaz, doc[prev.start:m.end].text) or _east_slavic_spelling(gaz, doc[prev.start:m.end].text):
                loc = prev if prev.source == "loc" else m
                out[-1] = _Mention(prev.start, m.end, loc.source, loc.label,
                                   locative=prev.locative)
                continue
        out.append(m)
    return out


def _east_slavic_spelling(gaz: Gazetteer, text: str) -> bool:
    """Is ``text`` another romanisation of a Ukrainian, Russian or Belarusian town's two-word name ("Krivoy Rog"
    for Kryvyi Rih, "Chasov Yar" for Chasiv Yar), which the tagger split into two entities? Transliteration class:
    the Russian form and the BGN/PCGN or older press spellings keep the name's consonants (``_consonant_variant``)
    or fold to its romanisation skeleton (KMU 2010, BGN/PCGN, ISO 9 / GOST: ``gazetteer.skeleton``); the joined
    words are then one name, as "Baja California" is for ``_own_name``."""
    key = fold(text)
    return any(e.country in SKELETON_COUNTRIES and e.feature == "populated place"
               and (e.variant or _consonant_variant(e.name, key)) for e in gaz.lookup(text))


HYPHENS = ("-", "‑", "‐")


def _join_hyphenated(doc: Doc, m: _Mention, gaz: Gazetteer) -> _Mention:
    """spaCy splits hyphenated compound names at the hyphen ("Ivano" + "-" + "Frankove",
    "Yelyzaveta-Mykolaivka", "Croix-des-Bouquets"): extend a mention over "-word" (no spaces)
    to the longest joined name the gazetteer has. "Russia-Ukraine" joins nothing: no place has that name."""
    end = best = m.end
    while (end + 1 < len(doc) and end - m.end < 8 and doc[end].text in HYPHENS
           and not doc[end - 1].whitespace_ and not doc[end].whitespace_
           and doc[end + 1].text.replace("'", "").replace("’", "").isalpha()):
        end += 2  # "Croix-des-Bouquets": a lower-case particle may sit between the names
        if doc[end - 1].text[:1].isupper() and gaz.lookup(doc[m.start:end].text):
            best = end
    return m if best == m.end else replace(m, end=best)


def _locative_position(doc: Doc, start: int, end: int) -> bool:
    """After "in/near/around...", or the object of a verb whose object is a place
    ("captured Novopavlivka", "shelled Kharkiv")."""
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and prev.lower_ in LOCATIVE_PREPS:
        return True
    root = doc[start:end].root
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:
        root = root.head  # "toward Kostiantynivka and Chasiv Yar"
    if root.dep_ == "pobj" and (root.head.lower_ in LOCATIVE_PREPS or _moved_from(root)
                                or _moved_to(root)):
        return True
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in PLACE_NOUNS:
        return True  # "in the area of X", "the village of X", "the outskirts of X"
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in COMPASS_WORDS:
        return True  # relative location: "east of Wall", "10 miles north of Hope"
    if _located_apposition(doc, start, end):
        return True  # "Shyroke, south of Kryvyi Rih, ...", "X, the town beside the dam"
    if root.dep_ == "pobj" and root.head.lower_ == "as" and root.head.head.lower_ == "far":
        return True  # extent of space: "commute from as far as Noble"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and _names_a_person(root.head.head):
        return True  # residence after a person's name: "Miss Jones, of Hayes", "Ann Lee, 87, of X"
    if root.dep_ == "compound" and root.head.lower_ in PLACE_HEAD_NOUNS:
        return True  # "the Riverdale area", "the Lesbos camp", "the Delft police station"
    if root.dep_ == "poss" and root.head.lower_ in PLACE_HEAD_NOUNS | FACILITY_NOUNS:
        return True  # a locative genitive: "Jackson's main market", "Halden's outskirts"
    if _origin_modifier(doc, start, end) or _town_frame(doc, start, end):
        return True  # "a Romsey man", "A 34-year-old Chippewa Falls woman", "Mystic police"
    if _under_attack_subject(root):
        return True  # "Beryslav came under artillery fire"
    return _place_verb_object(root)


# What a place "comes under" in a war report (ACLED Explosions/Remote violence "Shelling/artillery/missile attack";
# PLOVER ASSAULT): the subject of "come under" + one of these is the target, a location. A bare "fire" or "heavy fire"
# is left out ("the minister came under fire from critics": criticism, a person); a weapon word before it counts.
UNDER_ATTACK_NOUNS = {"shelling", "bombardment", "attack", "attacks", "strike", "strikes", "assault", "barrage",
                      "bombing", "shellfire", "rocketfire"}
WEAPON_MODIFIERS = {"artillery", "mortar", "rocket", "missile", "drone", "tank", "mlrs", "sniper", "grad", "howitzer"}


def _under_attack_subject(root: Token) -> bool:
    """Is ``root`` the subject of "came under shelling / attack / artillery fire" (a war report's target frame)?"""
    if root.dep_ not in ("nsubj", "nsubjpass") or root.head.lemma_ != "come":
        return False
    for prep in root.head.children:
        if prep.lower_ != "under":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if obj.lower_ in UNDER_ATTACK_NOUNS:
                return True
            if obj.lower_ == "fire" and any(c.lower_ in WEAPON_MODIFIERS for c in obj.children):
                return True
    return False


# Heads of an appositive noun phrase that classify the name before it as a settlement ("X, the town
# beside the dam", "X, a village south of Y", "X, the regional capital").
SETTLEMENT_APPOSITION_HEADS = {"town", "city", "village", "settlement", "capital", "hamlet",
                               "port", "hub", "suburb", "township"}
# Relational prepositions that locate what they follow relative to another place (not "in"/"at",
# which also place a person: "Jackson, in Washington, said").
LOCATING_PREPS = {"near", "outside", "beside", "opposite", "along", "across", "behind", "beyond"}
# "X, on the (right / left) bank of ...": the nouns of a landform "on" locates by
LOCATING_ON_NOUNS = {"bank", "banks", "coast", "shore", "border", "outskirts", "edge", "frontline",
                     "front", "river", "dnipro", "road", "highway", "side", "line"}


def _located_apposition(doc: Doc, start: int, end: int) -> bool:
    """A non-restrictive appositive after the name that locates or classifies it as a settlement
    (pattern class: the descriptive apposition of a toponym in news style, Quirk et al. 1985
    §17.65-17.80 on appositives of identification): "Shyroke, south of Kryvyi Rih, ...",
    "Mezhova, near the border", "Beryslav, on the right bank of the Dnipro", "X, the town beside
    the dam", "X, a village 10 km west of Y". Not a person's whereabouts ("Smith, in Kyiv, said"),
    nor a date ("X, on Monday, ...").

    Narrowed (review6 finding 1): a person's or group's name with a describing phrase ("Smith, near
    the stage, said", "Ali, the city's mayor", "Hamas, near collapse") is no place: never a name
    spaCy tags PERSON / ORG, a name the actor knowledge base knows, a name after a title, nor the
    subject of a speech / perception verb or of a passive verb of harm to a person
    (``_person_apposition_frame``); the settlement word must head the "a / the" phrase, and a
    locating preposition must be followed by a place noun or a name."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    if _person_apposition_frame(doc, start, end):
        return False
    i = end + 1
    if doc[i].like_num:   # "X, 10 km south of Y"
        i += 1
        if i < len(doc) and doc[i].lower_ in ("km", "kilometres", "kilometers", "miles", "mi"):
            i += 1
    if i >= len(doc):
        return False
    tok = doc[i]
    low = tok.lower_
    if low in COMPASS_WORDS or (low.endswith("ern") and low[:-3] in COMPASS_WORDS):
        return i + 1 < len(doc) and doc[i + 1].lower_ == "of"   # "south of Y"
    if low in LOCATING_PREPS:
        return _place_after(doc, i + 1)   # "near the border", "near Y"; not "near the stage", "near collapse"
    if low == "on":   # "on the right bank of the Dnipro", "on the outskirts of ..."
        return any(t.lower_ in LOCATING_ON_NOUNS for t in doc[i + 1:min(i + 5, len(doc))]
                   if not t.is_punct) and not any(t.ent_type_ in ("DATE", "TIME")
                                                    for t in doc[i + 1:min(i + 5, len(doc))])
    if low in ("a", "an", "the"):   # "X, the town beside the dam", "X, a village near Y"
        for t in doc[i + 1:min(i + 5, len(doc))]:
            if t.is_punct:
                return False
            if t.pos_ == "NOUN" or t.lower_ in SETTLEMENT_APPOSITION_HEADS:
                # the settlement word heads the phrase: "the town beside the dam", "the regional
                # capital,"; not a modifier of a person noun ("the port director", "the city's mayor",
                # "a town councillor")
                nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
                return t.lower_ in SETTLEMENT_APPOSITION_HEADS and (
                    nxt is None or nxt.is_punct or nxt.pos_ == "ADP" or nxt.lower_ in COMPASS_WORDS)
    return False


# Verbs whose subject is a person, not a place, when a name with a describing apposition is their
# subject: speech and perception (Levin 1993 37.7 say verbs, 30.1 see verbs) and, passive, harm to a
# person (Levin 1993 42.1 murder verbs, 40.8.3 hurt verbs, arrest / detain).
PERSON_SUBJECT_VERBS = {"say", "tell", "add", "claim", "insist", "warn", "deny", "admit", "write",
                        "recall", "explain", "see", "saw", "hear", "watch", "notice", "witness"}
# Verbs of state, location or undergoing whose subject a town is ("X, near the front line, lost power / came
# under fire / remains cut off"): the only active verbs that leave a name spaCy tags PERSON / ORG a place.
PLACE_SUBJECT_VERBS = {"be", "have", "lose", "come", "remain", "lie", "sit", "stand", "suffer", "face", "endure",
                       "stay", "go", "fall", "border", "host", "house", "count", "number", "experience", "get"}
PERSON_PASSIVE_VERBS = {"wound", "injure", "hurt", "kill", "shoot", "stab", "murder", "execute",
                        "arrest", "detain", "kidnap", "abduct", "jail", "sentence", "charge", "beat"}


def _person_apposition_frame(doc: Doc, start: int, end: int) -> bool:
    """Is the name before the apposition a person or group: tagged PERSON / ORG, a known actor, after
    a title ("Mayor Smith"), or the subject of a say / see verb or of a passive harm verb?"""
    span = doc[start:end]
    if span.text in knowledge_base().orgs or _after_title(doc, start):
        return True
    root = span.root
    while root.dep_ in ("conj", "appos", "compound") and root.head.i != root.i:
        root = root.head
    head = root.head
    if root.dep_ == "nsubj" and (head.lemma_.lower() in PERSON_SUBJECT_VERBS or (
            any(t.ent_type_ in ("PERSON", "ORG") for t in span) and head.pos_ in ("VERB", "AUX")
            and head.lemma_.lower() not in PLACE_SUBJECT_VERBS)):
        return True  # "Smith, near the border, ordered ...": a tagged person or group acting
    return root.dep_ == "nsubjpass" and head.lemma_.lower() in PERSON_PASSIVE_VERBS


def _place_after(doc: Doc, i: int) -> bool:
    """A place noun or a name follows within the next few words ("the border", "the front line",
    "the Dnipro", "Kherson")."""
    for t in doc[i:min(i + 4, len(doc))]:
        if t.is_punct:
            return False
        if t.lower_ in ("the", "a", "an") or t.pos_ == "ADJ":
            continue
        low = t.lower_
        return (low in PLACE_NOUNS or low in LOCATING_ON_NOUNS or low in SETTLEMENT_APPOSITION_HEADS
                or low in ADMIN_WORDS or (t.pos_ == "PROPN" and t.text[:1].isupper()))
    return False


def _place_verb_object(root: Token) -> bool:
    """Is ``root`` the object of a verb whose object is a place ("captured Novopavlivka", "Kharkiv was shelled")?"""
    return root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_ in PLACE_VERBS


def _names_a_person(tok) -> bool:
    """A person's name, or the age written after it ("Ann Lee, 87,"): AP style gives where a
    person lives as an "of" phrase on it."""
    if tok.like_num:
        tok = tok.head
    return tok.pos_ == "PROPN" and tok.ent_type_ == "PERSON"


def _origin_modifier(doc: Doc, start: int, end: int) -> bool:
    """A name right before a person noun that an article or age opens: "a Romsey man", "the
    Bangor teenager", "a 34-year-old Chippewa Falls woman" (the place a person is from)."""
    if end >= len(doc) or doc[end].lemma_.lower() not in PEOPLE_NOUNS or doc[end].pos_ != "NOUN":
        return False
    if doc[end].lower_ in ("people",):
        return False  # "Kurdish People" as a name
    prev = doc[start - 1] if start > 0 else None
    return prev is not None and (prev.lower_ in ("a", "an", "the") or prev.like_num
                                 or "year" in prev.lower_  # "a 34-year-old ..."
                                 or (prev.lower_ == "old" and start >= 3
                                     and "year" in doc[start - 3].lower_))


def _municipal_head(doc: Doc, i: int) -> bool:
    """Does token ``i`` head a town's institution: "police", "mayor", "city council", "school board"
    (``MUNICIPAL_HEADS`` / ``MUNICIPAL_PAIRS``)?"""
    if i >= len(doc) or doc[i].is_punct:
        return False
    head = doc[i].lower_
    return head in MUNICIPAL_HEADS or (i + 1 < len(doc) and doc[i + 1].lower_ in MUNICIPAL_PAIRS.get(head, ()))


def _town_frame(doc: Doc, start: int, end: int) -> bool:
    """Frames that name a town as where people live or what a local government runs: its
    institutions premodified by its name ("Mystic police", "the Price City Council", "Noble
    school board"; ``MUNICIPAL_HEADS`` / ``MUNICIPAL_PAIRS``), its residents or mayor "of" it
    ("residents of Groton"), and a person noun opened by an article or age ("a Wall woman",
    ``_origin_modifier``)."""
    if _municipal_head(doc, end):
        return True
    if (end + 1 < len(doc) and doc[end].text in ("'s", "’s") and _municipal_head(doc, end + 1)
            and doc[end + 1].lower_ not in ("police", "schools")):
        return True  # the possessor of a town's body: "Orikhiv's mayor", "X's city council"
    root = doc[start:end].root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "residents of Mystic and Groton"
    noun = root.head.head
    if root.dep_ == "pobj" and noun.pos_ == "NOUN" and (
            (root.head.lower_ == "of" and noun.lemma_.lower() in RESIDENT_NOUNS)
            or (root.head.lower_ == "from"
                and (_people_noun(noun) or noun.lemma_.lower() in VEHICLE_NOUNS))):
        return True  # "residents of Groton", "riders from Mystic", "a helicopter from Price"
    return _origin_modifier(doc, start, end)


def _moved_to(node) -> bool:
    """ "travelling to Cirencester", "moved back to Khayelitsha", "a ferry from the town to
    Tobermory": a destination of movement or of a route (unlike "missiles to Kyiv", where "to"
    marks a recipient)."""
    if node.head.lower_ != "to":
        return False
    gov = node.head.head
    return gov.lemma_ in MOTION_VERBS or gov.lemma_.lower() in ROUTE_NOUNS or any(
        c.lower_ == "from" and c.dep_ == "prep" for c in gov.children)


def _moved_from(node) -> bool:
    """ "withdrew from Vuhledar", "fled from Kherson": the place the action happened at;
    "commuting from Brewer", "visitors from Truro", "crews from Marlborough": where people
    come from."""
    if node.head.lower_ != "from":
        return False
    gov = node.head.head
    return gov.lemma_ in FROM_VERBS or gov.lemma_ in MOTION_VERBS or (
        gov.pos_ == "NOUN" and (_people_noun(gov) or gov.lemma_.lower() in VEHICLE_NOUNS)) or any(
        c.lower_ == "to" and c.dep_ == "prep" for c in gov.children)  # a path: "from X to Y"


def _lookup_span(gaz: Gazetteer, doc: Doc, m: _Mention, person_tokens: set[str]) -> list[_Mention]:
    """Gazetteer matches in a raw mention: the whole span, else place names at its start
    ("Winnipeg Fire Service" -> Winnipeg, "Colchester General Hospital" -> Colchester) or after
    a preposition ("University of California"), but never a name that is the first word of a
    street / building / feature name ("Washington Square", "Trump Tower", "Indian Ocean")."""
    poss = next((k for k in range(m.start + 1, m.end) if doc[k].lower_ in ("'s", "’s")), None)
    if poss is not None and poss + 1 < m.end:
        # a place whose own name holds a possessive ("King's Lynn", "Bishop's Stortford")
        for j in range(m.end, poss + 1, -1):
            text = doc[m.start:j].text
            if any(not e.alias and fold(e.name) == fold(text) for e in gaz.lookup(text)):
                head = _match(gaz, doc, m.start, j, replace(m, end=j), person_tokens)
                if head is None:
                    break
                head.key = fold(text)
                k = j
                while k < m.end and (doc[k].is_punct or doc[k].lower_ in ("and", "&")):
                    k += 1
                rest = _lookup_names(gaz, doc, _Mention(k, m.end, m.source), person_tokens,
                                     ) if k < m.end else []
                return [head] + rest
    if poss is not None:  # "Harare's Third Street": the possessor is the place if any is ...
        # "St George's Chapel", "Wilson's Farm": the whole possessor names a person, though a
        # place may start it ("Belfast Magistrate's Court")
        owner = poss + 1 < m.end and doc[poss + 1].lower_ in POSSESSED_FEATURES
        found = _lookup_names(gaz, doc, _Mention(m.start, poss, m.source, m.label,
                                                 locative=m.locative), person_tokens, owner)
        if found or owner or poss + 1 >= m.end:
            return found
        # ... else what it owns may be one: "Boeing's Everett, Washington plant"
        return _lookup_names(gaz, doc, _Mention(poss + 1, m.end, m.source), person_tokens)
    return _lookup_names(gaz, doc, m, person_tokens)


def _lookup_names(gaz: Gazetteer, doc: Doc, m: _Mention, person_tokens: set[str],
                  skip_whole: bool = False) -> list[_Mention]:
    whole = None if skip_whole else _match(gaz, doc, m.start, m.end, m, person_tokens)
    if whole is not None:
        whole.key = fold(doc[whole.start:whole.end].text)
        return [whole]
    if m.label == "PERSON" and not any(doc[k].text in CONTAINER_OPENERS
                                       for k in range(m.start, m.end)) or _speaker_name(doc, m.start, m.end):
        return []  # "Donald Trump", "Sydney Sweeney said": a person's name is not split into places
    if _personal_name(doc, m):
        return []  # "Police arrested Amara Traore, a journalist": tagged ORG, still a person's name
    found: list[_Mention] = []
    i = m.start
    while i < m.end:
        hit = None
        for j in range(m.end, i, -1):
            if (i, j) != (m.start, m.end):
                hit = _match(gaz, doc, i, j, m, person_tokens)
                if hit is not None and hit.end < m.end and _is_feature_word(doc[hit.end]):
                    hit = None  # "Washington Square": the square, not the city
                if hit is not None:
                    break
        if hit is not None:
            hit.key = fold(doc[hit.start:hit.end].text)
            found.append(hit)
            i = hit.end
            joined = False
            while i < m.end and doc[i].text in (",", "/", "and", "&", "(", *HYPHENS):
                joined = joined or doc[i].lower_ in ("and", "&")
                i += 1  # "Thruxton, Hampshire", "Kyiv and Odesa", "Zelene (Donetsk Oblast)"
            if joined and hit.locative:
                # a coordinated name shares the locative use: "between Boone and Blowing Rock"
                conj = _lookup_names(gaz, doc, _Mention(i, m.end, m.source, m.label,
                                                        locative=True), person_tokens)
                found.extend(conj)
                break
            continue
        # skip ahead only to a name introduced by a preposition ("Investment Plan for Europe",
        # "University of California"), never to the tail of "Soviet Union" / "Latin America"
        nxt = next((k + 1 for k in range(i, m.end - 1) if doc[k].pos_ == "ADP"), None)
        if nxt is None:
            break
        i = nxt
    return found


def _personal_name(doc: Doc, m: _Mention) -> bool:
    """A given name and a family name that spaCy tagged ORG or NORP or left untagged, in a person's frame: two
    capitalised words, the second no common English word, described by a person noun in apposition ("Amara Traore, a
    journalist,"; Quirk et al. 1985 §17.65 appositives of identification), or the object of a verb whose object is
    a person (arrest, detain, kill ...: ``PERSON_PASSIVE_VERBS``), or used as a person (``_human_use``). Its first
    word is no place ("Amara" is also GeoNames' name of Ethiopia's Amhara region; "Winnipeg Fire Service" ends in
    common words and stays split). Linguistic class: the binomial personal name (given + family name)."""
    if m.label not in ("ORG", "NORP", "") or m.end - m.start != 2:
        return False
    words = doc[m.start:m.end]
    if not all(t.is_alpha and t.text[:1].isupper() and t.text[1:].islower() for t in words) \
            or _lowerable(words[-1].text):
        return False
    root = words.root
    if _human_use(doc, m):
        return True
    if root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in PERSON_PASSIVE_VERBS:
        return True
    return any(k.dep_ == "appos" and (_people_noun(k) or k.lemma_.lower() in knowledge_base().titles)
               for k in root.children)


def _speaker_name(doc: Doc, start: int, end: int) -> bool:
    """A name of two or more capitalised words that speaks or thinks ("Sydney Sweeney said", "Paris Hilton told
    reporters"; ``_human_use``) and ends in no common word is a person's, though spaCy tags it an organisation or
    nothing: an organisation's name ends in a common head noun ("Winnipeg Fire Service said", "Boston Globe
    reported"; review3 item 7b; linguistic class: the speaker of a speech verb is a person or a body). Its words
    are not added to the person words of the text (``_person_tokens``): tried, that lowered plover-c's lockbox."""
    if end - start < 2 or not all(t.text[:1].isupper() and t.text[1:].islower() for t in doc[start:end]):
        return False
    return not _lowerable(doc[end - 1].text) and _human_use(doc, _Mention(start, end, "name"))


def _without_article(gaz: Gazetteer, text: str) -> list[GazEntry]:
    """An Arabic article written before a name GeoNames has without it or with another
    spelling of it ("Al Managil" for Al Manaqil's alternate name "Managil"): the index drops
    GeoNames' own leading articles (``gazetteer.article_dropped``), this drops the text's
    (linguistic pattern class: the Arabic definite article al-/el-/ad-/ash- is written or
    left out at will in romanised names). Only places of countries whose names carry it."""
    bare = article_dropped(fold(text))
    if bare is None:
        return []
    return [e for e in gaz.lookup(bare)
            if e.country in ARABIC_NAMED and e.feature in ("populated place", "admin1", "admin2")]


def _is_feature_word(tok) -> bool:
    return tok.lower_.rstrip(".") in FEATURE_WORDS


def _match(gaz: Gazetteer, doc: Doc, start: int, end: int, parent: _Mention,
           person_tokens: set[str]) -> Optional[_Mention]:
    found = _match_name(gaz, doc, start, end, parent, person_tokens)
    if found is not None and found.end < len(doc) and doc[found.end].lower_ in ("'s", "’s") and (
            doc[found.end - 1].dep_ == "poss" and not _municipal_head(doc, found.end + 1)
            and doc[found.end - 1].head.lower_ not in PLACE_HEAD_NOUNS | FACILITY_NOUNS | PLACE_PARTS):
        found.possessor = True  # "near Orekhov's farm" locates the farm; Orekhov is its owner (not so
        # "X's outskirts", "X's market", "X's mayor": a locative genitive or a town's body)
    return found


def _match_name(gaz: Gazetteer, doc: Doc, start: int, end: int, parent: _Mention,
                person_tokens: set[str]) -> Optional[_Mention]:
    whole = (start, end) == (parent.start, parent.end)
    source = parent.source if whole else ("propn" if parent.source == "name" else parent.source)
    label = parent.label if whole else ""
    town_frame = _town_frame(doc, start, end)  # "The Price City Council" (ORG) -> Price
    # a word out of a longer name: of an organisation or person ("Winnipeg Fire Service"), or of
    # a place name the gazetteer lacks ("near Mir Ali, North Waziristan": no Mir in Belarus, no
    # Ali in India; the words of one multi-word name, not a list "Thruxton, Hampshire")
    inner = not whole and (parent.source == "name" or not any(
        t.text in (",", "/", "and", "&", "(", *HYPHENS) for t in doc[parent.start:parent.end]))
    # a name after a locating preposition inside the span ("the Ros at Bohuslav", "Y near X" read as one
    # entity): the prepositional phrase locates it (Quirk et al. 1985 §9.15-9.17, space prepositions),
    # it is no word of a longer name
    framed = (start > parent.start and doc[start - 1].lower_ in LOCATIVE_PREPS and doc[start - 1].pos_ == "ADP"
              and doc[start - 1].text.islower())
    inner = inner and not framed
    locative = (parent.locative and start == parent.start) or town_frame or framed
    text = doc[start:end].text
    if (end - start == 1 and end < len(doc) and doc[end].text == "." and text[:1].isupper()
            and not doc[start].whitespace_ and len(text) <= 5):
        # an AP state abbreviation whose period the tokenizer split off (it doubles as the full
        # stop, "... and Mobile, Ala." / "a Brattleboro, Vt., man"): "Ala" alone is a town in
        # India, "Ala." is Alabama
        abbrev = [e for e in gaz.lookup(text + ".") if e.feature == "admin1"
                  and e.country in ("USA", "CAN") and fold(e.name) != fold(text)]
        if abbrev:
            return _Mention(start, end + 1, source, label, candidates=abbrev,
                            locative=locative)
    if _blocked(doc, start, end, person_tokens, parent.source):
        return None
    for stop in (end + 1, end):  # "Terrebonne Parish officials": a county equivalent
        if start < stop - 1 and stop <= len(doc) and doc[stop - 1].lower_ in COUNTY_EQUIVALENTS:
            cands = [e for e in gaz.lookup(doc[start:stop].text) if e.feature == "admin2"]
            if cands:
                return _Mention(start, stop, source, label, admin_suffix="admin2",
                                candidates=cands, locative=locative)
    suffix = _admin_suffix(doc, end)
    if suffix is not None:
        ext = doc[start:end + 1].text
        cands = [e for e in gaz.lookup(ext) if e.feature in ("admin1", "admin2")]
        if cands:
            return _Mention(start, end + 1, source, label, admin_suffix=suffix,
                            candidates=cands, locative=locative)
    district = suffix == "admin2"  # "the Kyivskyi district" of Kharkiv: a city district
    cands = gaz.lookup(text) or (_without_article(gaz, text) if end - start >= 2 else [])
    if _settlement_noun(doc, end) and not all(t.lower_ in _common_words() for t in doc[start:end]):
        towns = [e for e in cands if e.feature == "populated place"]
        if towns:
            return _Mention(start, end, source, label, candidates=towns, locative=locative,
                            settlement=True)
    kind = _type_prefix(doc, start) or _listed_kind(doc, start, end)
    if kind is not None and any(e.feature == kind for e in cands):
        cands = [e for e in cands if e.feature == kind]
    country = country_by_name(text)
    if country is not None:
        # England, Scotland, Wales: constituent parts that GeoNames has as admin1 units
        parts = [e for e in cands if e.feature == "admin1" and e.country == country.iso3
                 and not e.alias and fold(e.name) == fold(text)
                 and fold(country.name) != fold(text)]
        if parts:
            return _Mention(start, end, source, label, candidates=parts, locative=locative)
        return _Mention(start, end, source, label, country=country.iso3, candidates=cands,
                        locative=locative)
    if not cands:
        return None
    if district:
        return _Mention(start, end, source, label, candidates=cands, locative=locative,
                        district=True) if cands else None
    if len(doc[start:end]) > 0 and all(t.lower_ in _common_words() for t in doc[start:end]):
        # "Park Ridge", "Long Beach": two ordinary words that spaCy reads as one GPE, or
        # used as a location ("between Boone and Blowing Rock"); a word followed by the state
        # holding a town of that name ("BEND, Ore. --", "Hope, Ark.") is that town
        written_with_unit = _in_unit_named_after(doc, end, cands, gaz)
        town_ok = ((label == "GPE" or locative) and end - start >= 2) or written_with_unit
        # one ordinary word in a locative frame ("east of Wall", "riders from Mystic", "a
        # hospital in Charleston"): its towns compete, but a small one is kept only when it
        # lies near the article's other places (``_lone_word_supported``, after pass 2)
        # (tagged as a place, or in a town's frame: "Mystic police", "a Wall woman", "residents
        # of Mystic", unless a city of >= 100 000 has the name - "the Norman school board" stays
        # the anchor it was; any other frame of an ORG / untagged word was tried and reverted,
        # see docs/geo.md)
        lone = locative and not town_ok and end - start == 1 and (source == "loc" or (
            town_frame and not any(e.population >= STRONG_POP for e in cands)))
        cands = [e for e in cands if not e.alias and (
            e.feature in ("country", "admin1", "region") or e.population >= STRONG_POP
            or ((town_ok or lone) and e.feature == "populated place"))]
        if not cands or source != "loc" and not (town_ok or lone) and not any(
                e.population >= STRONG_POP for e in cands):
            return None
        return _Mention(start, end, source, label, candidates=cands, locative=locative,
                        common=lone, inner=inner)
    return _Mention(start, end, source, label, candidates=cands, locative=locative,
                    inner=inner)


# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------

@dataclass
class _Context:
    """What the article is about: country weights, mentioned admin1 names, anchor coordinates."""
    countries: Counter = field(default_factory=Counter)
    admin1: set = field(default_factory=set)
    anchors: list = field(default_factory=list)   # (lat, lon) of confidently resolved places
    anchor_admin1: set = field(default_factory=set)  # folded admin1 names of those places
    neighbours: dict = field(default_factory=dict)   # mention key -> its top candidates
    coherence: dict = field(default_factory=dict)    # (mention key, geonameid) -> support
    chosen: Optional[dict] = None  # pass 2: mention key -> the entry pass 1 chose for it
    fighting: bool = False  # the article reports fighting (front-line prior, ``W_FRONTLINE``)

    def country_weight(self, iso3: Optional[str]) -> float:
        if not iso3 or not self.countries:
            return 0.0
        top = max(self.countries.values())
        return self.countries.get(iso3, 0) / top


def _context_from_text(doc: Doc, mentions: list[_Mention], gaz: Optional[Gazetteer] = None) -> _Context:
    """Country weights from country names, demonyms and capitals; admin1 names mentioned."""
    ctx = _Context()
    if gaz is not None:
        for tok in doc:
            unit = _oblenergo_oblast(gaz, tok.text)
            if unit is not None:
                ctx.admin1.add(fold(unit.name))
                ctx.countries[unit.country] += 0.5
    if gaz is not None:
        for unit in _governed_units(doc, gaz):
            ctx.admin1.add(fold(unit.name))
            ctx.countries[unit.country] += 0.5
    ctx.fighting = any(t.lemma_.lower() in FIGHTING_LEMMAS for t in doc)
    for m in mentions:
        if m.country:
            ctx.countries[m.country] += 1.0
    for tok in doc:
        if tok.text[:1].isupper() and tok.pos_ in ("ADJ", "PROPN", "NOUN"):
            dem = country_by_demonym(tok.text)
            if dem is not None:
                ctx.countries[dem.iso3] += 0.5
    for m in mentions:
        if m.admin_suffix and m.candidates:
            # "the Donetsk region" names its admin1; "Suffolk County" (in New York, Virginia,
            # Massachusetts...) points to no one state
            names = {fold(e.admin1 or e.name) for e in m.candidates}
            if m.admin_suffix == "admin1" or len(names) == 1:
                ctx.admin1.update(names)
    return ctx


# The offices of a first-order unit, written after its name ("the Poltava regional administration", "Mykolaiv
# regional governor X", "the Ternopil regional council") or, for the governor, before it ("the governor of Sumy")
REGIONAL_BODIES = frozenset({"administration", "council", "governor", "head", "police", "prosecutor", "authorities",
                             "officials", "military"})


def _governed_units(doc: Doc, gaz: Gazetteer) -> list[GazEntry]:
    """The Ukrainian / Russian / Belarusian first-order units a text names through their offices: "X governor",
    "X regional / oblast <body>" (``REGIONAL_BODIES``), "the governor of X". An oblast is named after its
    centre, and its governor, administration and council are the oblast's (pattern class: an institution
    named after the territory it serves, as "the Kherson regional administration" or "Cherkasyoblenergo",
    ``_oblenergo_oblast``): the text then names the unit, as "the X region" does."""
    units = []
    for tok in doc:
        i = tok.i
        if tok.lower_ == "governor":
            if i + 2 < len(doc) and doc[i + 1].lower_ == "of":
                name_end = i + 3  # "the governor of Sumy"
            elif i > 0 and doc[i - 1].lower_ in ("regional", "oblast"):
                continue          # "the Sumy regional governor": read once, at "regional" (a body)
            else:
                name_end = i      # "Sumy governor"
        elif (tok.lower_ in ("regional", "oblast") and i + 1 < len(doc)
              and doc[i + 1].lower_ in REGIONAL_BODIES):
            name_end = i          # "the Sumy regional administration / council"
        else:
            continue
        if name_end <= i:
            start = name_end - 1
            while start > 0 and doc[start - 1].text in HYPHENS and start - 2 >= 0:
                start -= 2        # "Ivano-Frankivsk"
            span = doc[start:name_end] if start >= 0 else None
        else:
            start = name_end - 1
            stop = start + 1
            while stop + 1 < len(doc) and doc[stop].text in HYPHENS:
                stop += 2
            span = doc[start:stop]
        if span is None or not len(span) or not span[0].text[:1].isupper() or not span[0].is_alpha:
            continue
        found = [e for e in gaz.lookup(span.text + " region")
                 if e.feature == "admin1" and e.country in SKELETON_COUNTRIES]
        if len({(e.name, e.country) for e in found}) == 1:
            units.append(found[0])
    return units


def _oblenergo_oblast(gaz: Gazetteer, word: str) -> Optional[GazEntry]:
    """The oblast a Ukrainian power distribution company's name carries ("Cherkasyoblenergo",
    "Khmelnytskoblenergo": Черкасиобленерго = the Cherkasy *oblast* energy company, whose service area
    is that oblast; a compound of the oblast's name, "obl" and "energo"): named, it names its oblast,
    as "the Cherkasy region" does (pattern class: an institution named after the territory it serves)."""
    low = word.lower()
    if not low.endswith("oblenergo") or len(low) < len("oblenergo") + 4 or not word[:1].isupper():
        return None
    units = [e for e in gaz.lookup(word[:-len("oblenergo")] + " region")
             if e.feature == "admin1" and e.country == "UKR"]
    return units[0] if len(units) == 1 else None


# The conventional English name (exonym) or former romanisation of a major city, which GeoNames keeps
# only as an alternate name once the city's primary name follows the local form ("Odessa" for Odesa,
# "Madras" for Chennai; linguistic pattern class: exonyms, UNGEGN Glossary of Terms for the
# Standardization of Geographical Names, 2002, term 'exonym'; GeoNames alternateNames): a city this
# large, at least EXONYM_RATIO times every exact namesake (the Odessa of Texas, the Madras of Oregon,
# towns named after it), is what the bare name means -- its country takes part in the dominant-country
# vote, so a small exact namesake no longer lends its country to the article. The text still decides:
# "Odessa, Texas" keeps only the Texas town, and a Texas story's context outweighs the prior.
EXONYM_POP = 500_000
EXONYM_RATIO = 5


def _major_exonym(entry: GazEntry, m: _Mention) -> bool:
    """Is ``entry`` a major city reached by an alternate name ("Odessa", "Madras") that an exact,
    far smaller namesake also carries?"""
    if (not entry.alias or entry.precision or entry.feature != "populated place"
            or entry.population < EXONYM_POP):
        return False
    exact = [e.population for e in m.candidates if not e.alias and not e.precision]
    return bool(exact) and entry.population >= EXONYM_RATIO * max(exact)


def _dominant_country(m: _Mention, ctx: Optional[_Context] = None) -> Optional[str]:
    """The country holding >= 90% of the population of a mention's candidates ("New York").
    Codifier villages do not count: any capitalised word may name one ("Step", "Marko"); nor do
    alternate names, except the former name of a front-line town in a report of fighting
    (``_front_alias``), the exonym of a major city (``_major_exonym``), and another romanisation of an
    East Slavic name when no candidate carries the written form as its own name ("Lvov", "Kharkov",
    "Rovno": the Russian-based spellings of Lviv, Kharkiv and Rivne are GeoNames alternate names only, so
    the city named in them lent the text no country, and a larger Russian town spelled like a Ukrainian
    village beside it won; linguistic pattern class: romanisation variants of one Cyrillic name, UNGEGN
    romanisation systems -- an East Slavic variant is the same name, not another one)."""
    weights: Counter = Counter()
    spelled = not any(not e.alias for e in m.candidates)  # no candidate bears the written form itself
    for e in m.candidates:
        if (not e.alias or (ctx is not None and _front_alias(e, m, ctx)) or _major_exonym(e, m)
                or (spelled and not e.variant and e.country in SKELETON_COUNTRIES and _is_variant(e, m))) \
                and not e.precision:
            weights[e.country] += e.population + 1
    if not weights:
        return None
    iso3, top = weights.most_common(1)[0]
    return iso3 if top >= 0.9 * sum(weights.values()) else None


def _admin1_penalty(entry: GazEntry, m: _Mention) -> float:
    """A bare name that is both a big city and its region means the city ("Kharkiv",
    "New York"); a bare region name with no comparable city means the region ("Wyoming")."""
    if m.admin_suffix is not None:
        return 1.0 if m.admin_suffix == entry.feature else 0.0
    city = max((e.population for e in m.candidates if e.feature == "populated place"
                and e.country == entry.country), default=0)
    if entry.feature == "admin1":
        if city >= 0.1 * entry.population:
            return -3.0
        # prominence: a bare unit name outranks its towns only when it is the most prominent
        # bearer of the name; a populated place of the same name elsewhere at least as large
        # (the city of a territory, "Gaza", against Mozambique's Gaza province) takes away the
        # unit's bonus, so the two compete on population and the article's context alone
        rival = max((e.population for e in m.candidates if e.feature == "populated place"
                     and e.country != entry.country and not e.alias), default=0)
        return 0.0 if rival >= entry.population else 0.5
    return -1.5  # admin2 named without "county" / "district"


@lru_cache(maxsize=65536)
def _spelling_variant(name: str, key: str) -> bool:
    """Is the alternate name ``key`` just another transliteration of ``name`` ("Kostiantynivka" /
    "Kostyantynivka", "Odessa" / "Odesa"), rather than a different name ("Julia" for Plovdiv)?"""
    name = fold(name)
    if len(name.split()) != len(key.split()):
        return False  # "Riverdale" is not a spelling of "Riverdale Park"
    return SequenceMatcher(None, name, key).ratio() >= 0.75


_VOWELS = str.maketrans("", "", "aeiou")


@lru_cache(maxsize=65536)
def _consonant_variant(name: str, key: str) -> bool:
    """Is ``key`` the Russian form of a Ukrainian name, or the Ukrainian form of a Russian one
    ("Orekhov" / Orikhiv, "Kremennaya" / Kreminna, "Dobropolye" / Dobropillia, "Chasov Yar" /
    Chasiv Yar, "Krasnogorovka" / Krasnohorivka)? The two languages write one East Slavic name
    with the same consonants and regular vowel correspondences (Ukrainian ikavism o / e -> i, the
    vowels of и / ы / і, -ye / -ia, -aya / -a), which no fixed ending rule of ``skeleton`` covers
    inside a word: the names' romanisation skeletons agree once their vowels are dropped (word
    for word, at least three consonants). A former or different name ("Artemovsk" for Bakhmut)
    keeps other consonants."""
    a, b = skeleton(fold(name)).split(), skeleton(key).split()
    if not a or len(a) != len(b):
        return False
    ca = [w.translate(_VOWELS) for w in a]
    return ca == [w.translate(_VOWELS) for w in b] and sum(map(len, ca)) >= 3 and all(ca)


def _is_variant(entry: GazEntry, m: _Mention) -> bool:
    """Another spelling of the entry's name: through the romanisation skeleton, an alternate
    name close to the primary one, or (Ukraine, Russia, Belarus) the other East Slavic form of it -- not
    for the possessor of a thing that is no place ("near Orekhov's farm": a surname; review7 finding 6, the
    possessor is the owner, not the location, of what "near" locates; Quirk et al. 1985 §5.116 genitives)."""
    return entry.alias and bool(m.key) and (entry.variant or _spelling_variant(entry.name, m.key) or (
        entry.country in SKELETON_COUNTRIES and not m.possessor and _consonant_variant(entry.name, m.key)))


def _front_alias(entry: GazEntry, m: _Mention, ctx: _Context) -> bool:
    """An alternate name of a Ukrainian town in a front-line oblast, used as a location in a report
    of fighting: Russian-sourced reports (a defence ministry's claims, occupation officials) keep
    the Soviet-era names of the towns Ukraine renamed in 2015-16 (decommunisation: "Artemovsk"
    for Bakhmut, "Krasnoarmeysk" for Pokrovsk, "Dzerzhinsk" for Toretsk), names with other
    consonants than the current one, which no spelling rule reaches. There such a name is the
    front-line town, not a small exact namesake in Russia (the front-line prior, ``W_FRONTLINE``),
    unless a Ukrainian settlement carries the written name as its own (or a spelling of it), or the name owns a
    thing that is no place ("near Orekhov's dacha": a surname; review7 finding 6)."""
    return (ctx.fighting and m.locative and not m.possessor and entry.alias and entry.country == "UKR"
            and entry.feature == "populated place" and not entry.precision
            and fold(entry.admin1 or "") in FRONTLINE_ADMIN1
            and not any(e.country == "UKR" and (not e.alias or _is_variant(e, m)) for e in m.candidates))


def _derived_name(entry: GazEntry, m: _Mention) -> bool:
    """Is the entry named by the -s'kyi adjective of the written noun ("Kalynivskyi" for
    "Kalynivka"), while other candidates carry the noun as their own name?"""
    name = fold(entry.name)
    if (" " in name or "-" in name or not name.endswith(ADJECTIVE_ENDINGS) or not m.key
            or m.key.endswith(ADJECTIVE_ENDINGS) or name[:4] != m.key[:4]):
        return False
    return any(not e.alias and fold(e.name) == m.key for e in m.candidates)


def _score(entry: GazEntry, m: _Mention, ctx: _Context) -> float:
    """Plausibility of ``entry`` for mention ``m``; higher is better."""
    s = math.log10(entry.population + 10)
    if entry.alias:
        s -= W_VARIANT if _is_variant(entry, m) or _front_alias(entry, m, ctx) else W_ALIAS
    if entry.variant:  # reached only through the skeleton: "Kalynivka" is not "Kalinovka"'s town
        s -= W_SKELETON
    if entry.precision:  # a codifier village GeoNames lacks: below a GeoNames namesake
        s -= W_CODIFIER
    if entry.alias and _derived_name(entry, m):  # "Kalynivka" is not the Kalynivskyi district
        s -= W_DERIVED
    if (m.contained and entry.alias and _is_variant(entry, m) and any(
            not e.alias and not e.precision and fold(e.name) == m.key for e in m.candidates)):
        s -= W_EXACT_IN_UNIT  # "Oleksiivka, Kharkiv Oblast": the village, not Oleksiyivka
    if entry.feature == "country":
        s += 3.0 if m.country == entry.country else 0.0
    elif entry.feature in ("admin1", "admin2"):
        s += _admin1_penalty(entry, m)
    elif entry.feature == "region":
        s = max(s, 6.0) + (1.0 if m.label == "LOC" else 0.0)  # seas, macro-regions: no population
    elif entry.feature == "other":
        s -= 1.0
    s += 2.0 * ctx.country_weight(entry.country)
    if entry.admin1 and fold(entry.admin1) in ctx.admin1 and entry.feature != "admin1":
        s += 2.0
    if entry.feature == "admin1" and fold(entry.name) in ctx.anchor_admin1:
        s += 1.0
    if entry.feature == "populated place" and entry.population >= 50_000:
        cap = country_by_capital(entry.name)
        if cap is not None and cap.iso3 == entry.country:
            s += 1.0
    if ctx.anchors and entry.feature in ("populated place", "admin2", "other"):
        near = min(haversine_km(entry.lat, entry.lon, la, lo) for la, lo in ctx.anchors)
        if near < 300:
            s += 1.0 * (1 - near / 300)
        if (near < FRONT_DIRECTION_KM and ctx.fighting and entry.country == "UKR"
                and entry.feature == "populated place" and len(m.candidates) > 1):
            s += W_ANCHOR_NEAR  # "Shelling hit Kupiansk; in Ivanivka ...": the Ivanivka by Kupiansk
    if (ctx.fighting and entry.country == "UKR" and entry.feature == "populated place"
            and len(m.candidates) > 1 and fold(entry.admin1 or "") in FRONTLINE_ADMIN1):
        s += W_FRONTLINE  # "shelling near Oleksandrivka": the front-line oblasts' namesake
    if len(m.candidates) > 1 and entry.feature in ("populated place", "admin1", "admin2"):
        s += 0.75 * min(_support(entry, m.key, ctx), 4)
        if ctx.chosen is not None:
            s += W_CLUSTER * _chosen_support(entry, m.key, ctx.chosen)
    return s


CONTAINER_OPENERS = (",", "(")
# "west London", "north-east Leeds", "central Dhaka": the part of a city a neighbourhood lies in
CITY_PARTS = COMPASS_WORDS | {"central", "inner", "outer", "northern", "southern", "eastern", "western"}
CITY_PART_KM = 40  # a neighbourhood within this distance of its city's point (Greater London's edge ~ 30 km)


def _apply_containers(doc: Doc, mentions: list[_Mention], ctx: Optional[_Context] = None) -> None:
    """"Santa Fe, Texas", "Odessa, Ukraine", "PLEASANTON, Calif.", "Lozove, Kharkiv Oblast",
    "Zelene (Donetsk Oblast)", "the village of X in the Y region": a place followed by its admin
    unit or country keeps only the candidates inside it (the writer named the unit to tell
    homonyms apart). A unit written as one ("Y Oblast", "the Y region", in brackets or after
    "in") is *explicit*: when no candidate is inside, one within ``CONTAINER_NEAR_KM`` of the
    unit's point survives (GeoNames files some border villages under the next oblast), else the
    name is a place the gazetteer lacks and no homonym elsewhere is put in its stead; and the unit
    counts as an admin unit of the article (``ctx.admin1``). After a bare comma a unit holding no
    candidate is no container: "Tamil Nadu, Karnataka, Kerala" is a list, "Near Siversk, Russia
    attacked" a clause."""
    by_start = {m.start: m for m in mentions}
    for m in mentions:
        if _front_direction_container(doc, m, by_start):
            continue
        found = _container_of(doc, m, by_start)
        if found is None or m.country or not any(  # (a district too: "Hays district (Al Hudaydah)")
                e.feature in ("populated place", "admin2") for e in m.candidates):
            continue
        outer, explicit = found
        if outer is m:
            continue
        if outer.country and _unit_not_country(m, outer):
            # "Gainesville, Georgia": a populated place, a comma and the first-order unit that
            # holds it is the written-address pattern (city, state), so a name that is both a
            # country and a unit holding the place ("Georgia", "Limburg") is the unit; "Tbilisi,
            # Georgia" (a candidate in the country) keeps the country
            if ctx is not None:
                ctx.countries[outer.country] -= 1.0
                if ctx.countries[outer.country] <= 0:
                    del ctx.countries[outer.country]
            outer.country = None
            outer.candidates = [e for e in outer.candidates if e.feature == "admin1"]
        cities = [e for e in outer.candidates if e.feature == "populated place"
                  and e.population >= STRONG_POP]
        if cities and _city_part(doc, m.end, by_start) is outer:
            # "Ealing, west London": the neighbourhoods of the city; a GeoNames district of unknown
            # population (cities500's 0) is then the place, not a namesake abroad
            inside = [e for e in m.candidates if e.feature == "populated place" and any(
                e.country == c.country and haversine_km(e.lat, e.lon, c.lat, c.lon) < CITY_PART_KM
                for c in cities)]
            if inside:
                m.candidates = inside
                m.contained = True
            continue
        if _marked_unit(doc, outer, "admin2"):
            # "Pishchane in Kupiansk district, Kharkiv region", "X (Bakhmut raion)": the raion
            # chooses among the oblast's namesakes (KATOTTG villages carry their raion); when no
            # candidate lies in it, the unit says nothing we can use and all stay
            raions = {(e.name, e.admin1) for e in outer.candidates if e.feature == "admin2"}
            inside = [e for e in m.candidates if e.feature == "populated place"
                      and (e.admin2, e.admin1) in raions]
            if inside:
                m.candidates = inside
                m.contained = True
            continue
        units = [e for e in outer.candidates if e.feature == "admin1"]
        admin1 = {e.name for e in units}
        countries = {outer.country} if outer.country else set()
        if not admin1 and not countries:
            continue
        inside = [e for e in m.candidates if e is not None and (
            (e.admin1 in admin1 and e.feature != "admin1") or e.country in countries)]
        if not inside and explicit and units:
            inside = [e for e in m.candidates if e.feature == "populated place" and any(
                e.country == u.country and haversine_km(e.lat, e.lon, u.lat, u.lon)
                < CONTAINER_NEAR_KM for u in units)]
        if not inside and not explicit:
            continue
        m.candidates = inside
        m.contained = bool(inside)
        if ctx is not None and explicit and not outer.country:
            held = {e.admin1 for e in inside} & admin1 or (admin1 if len(admin1) == 1 else set())
            ctx.admin1.update(fold(a) for a in held)
            for u in units:
                if u.name in held:
                    ctx.countries[u.country] += 0.5
        # and "Washington" in "Tacoma, Washington" is the state, not the capital
        holders = [e for e in outer.candidates if e.feature == "admin1" and any(
            i.admin1 == e.name and i.country == e.country for i in inside)]
        if holders and not outer.country:
            outer.candidates = holders


def _front_direction_container(doc: Doc, m: _Mention, by_start: dict) -> bool:
    """ "Kamianka in the Kupiansk direction", "Novoselivka on the Pokrovsk axis", "Ivanivka, Kupiansk
    direction": a settlement written with a front direction named by a city (``FRONT_DIRECTION_NOUNS``)
    keeps only its namesakes within ``FRONT_DIRECTION_KM`` of that city; when none lies there, all
    stay (the direction says nothing we can use). Returns whether the direction was applied."""
    if m.country or not any(e.feature == "populated place" for e in m.candidates):
        return False
    end = m.end
    if end + 2 >= len(doc) or doc[end].lower_ not in ("in", "on", ","):
        return False
    at = end + 2 if doc[end + 1].lower_ == "the" else end + 1
    outer = by_start.get(at)
    if outer is None or outer is m or outer.country:
        return False
    last = doc[outer.end - 1].lower_
    head = last if last in FRONT_DIRECTION_NOUNS else (
        doc[outer.end].lower_ if outer.end < len(doc) else "")
    if head not in FRONT_DIRECTION_NOUNS:
        return False
    cities = [e for e in outer.candidates if e.feature == "populated place" and not e.precision]
    if not cities:
        return False
    city = max(cities, key=lambda e: e.population)
    inside = [e for e in m.candidates if e.feature == "populated place" and e.country == city.country
              and haversine_km(e.lat, e.lon, city.lat, city.lon) < FRONT_DIRECTION_KM]
    if not inside:
        return False
    m.candidates = inside
    m.contained = True
    return True


def _unit_not_country(m: _Mention, outer: _Mention) -> bool:
    """Does a country-named mention written after ``m`` read as a homonym admin1 unit holding
    one of ``m``'s populated places, while none of them lies in the country itself?"""
    units = {(e.name, e.country) for e in outer.candidates if e.feature == "admin1"
             and not e.alias and e.country != outer.country}
    places = [e for e in m.candidates if e.feature == "populated place"]
    return (bool(units) and not any(e.country == outer.country for e in m.candidates)
            and any((e.admin1, e.country) in units for e in places))


def _container_of(doc: Doc, m: _Mention, by_start: dict) -> Optional[tuple[_Mention, bool]]:
    """The unit written right after a mention, and whether it is explicit: "X, Y" (explicit
    when "Y Oblast"/"Y region"), "X (Y Oblast)", and "X in the Y region" / "X in Ukraine"
    (after "in" only a unit marked as such or a country)."""
    end = m.end + 1 if m.end < len(doc) and doc[m.end].text in ("'", "’") else m.end
    if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ == "in":
        end += 1  # an appositive locative: "the settlement of X, in Y Oblast, came under fire"
    part = _city_part(doc, end, by_start)
    if part is not None:
        return part, True
    if end + 1 < len(doc) and doc[end].text in CONTAINER_OPENERS:  # (after "Heorhiyental'")
        outer = by_start.get(end + 1)
        if outer is None:
            return None
        return outer, doc[end].text == "(" or _marked_unit(doc, outer)
    if end + 1 < len(doc) and doc[end].lower_ == "in":
        at = end + 2 if doc[end + 1].lower_ == "the" else end + 1
        outer = by_start.get(at)
        if outer is not None and (_marked_unit(doc, outer) or outer.country
                                  or _marked_unit(doc, outer, "admin2")):
            return outer, True
    return None


def _city_part(doc: Doc, end: int, by_start: dict) -> Optional[_Mention]:
    """ "Ealing, west London", "Peckham in south-east London", "Gulshan, north Dhaka": a name written
    with a compass part of a city (the written-address pattern class, the city as the container of its
    own district) names a neighbourhood of that city. Returns the city's mention."""
    if end + 2 >= len(doc) or doc[end].lower_ not in (",", "in"):
        return None
    at = end + 1
    if doc[at].lower_ in CITY_PARTS:
        at += 1
    elif (at + 2 < len(doc) and doc[at].lower_ in CITY_PARTS and doc[at + 1].text in HYPHENS
          and doc[at + 2].lower_ in CITY_PARTS):
        at += 3  # "north-west London" split at the hyphen
    else:
        return None
    outer = by_start.get(at) or by_start.get(end + 1)  # "west London" may be one entity
    if outer is None or outer.country or not any(
            e.feature == "populated place" and e.population >= STRONG_POP for e in outer.candidates):
        return None
    return outer


def _marked_unit(doc: Doc, m: _Mention, level: str = "admin1") -> bool:
    """Written as an admin unit: "Kharkiv Oblast", "the Donetsk region", "Nizhyn Raion" (level
    admin2; the word may end the entity spaCy found or follow it)."""
    return m.admin_suffix == level or ADMIN_WORDS.get(doc[m.end - 1].lower_) == level


def _near(a: GazEntry, b: GazEntry) -> bool:
    """Same neighbourhood: within 80 km, or a place inside the other (admin1) unit."""
    if a.country != b.country:
        return False
    if a.feature == "admin1":
        return b.admin1 == a.name
    if b.feature == "admin1":
        return a.admin1 == b.name
    return abs(a.lat - b.lat) < 1.0 and haversine_km(a.lat, a.lon, b.lat, b.lon) < 80


def _support(entry: GazEntry, key: str, ctx: _Context) -> int:
    """How many *other* place names of the article could be near this candidate: the places of
    one article cluster ("Allendale" and "Maywood" are both in New Jersey)."""
    cached = ctx.coherence.get((key, entry.geonameid))
    if cached is None:
        cached = sum(1 for other, cands in ctx.neighbours.items()
                     if other != key and any(_near(entry, c) for c in cands))
        ctx.coherence[(key, entry.geonameid)] = cached
    return cached


def _chosen_support(entry: GazEntry, key: str, chosen: dict) -> float:
    """Pass 2 coherence: how well a candidate sits among the places pass 1 chose for the
    article's *other* names — 1 for each within 80 km (a local paper's places cluster:
    "Paris", "Clarksville" and "Lamar County" all in north-east Texas), 1/2 for an admin1 unit
    named in the article that holds it ("Cambridge ... of Maryland"); at most 4. Unlike pass 1
    it counts only the chosen reading of each name, not every homonym. Merely sharing an admin1
    unit with another place does not count: one may be as large as England."""
    near = held = 0.0
    for other, c in chosen.items():
        if other == key or not _near(entry, c):
            continue
        if "admin1" not in (entry.feature, c.feature):
            near += 1.0
        elif c.feature == "admin1":
            held = 0.5
    return min(near + held, 4.0)


def _lone_word_supported(entry: GazEntry, m: _Mention, ctx: _Context) -> bool:
    """An ordinary word used as a location ("east of Wall") names a small town only when that
    town lies within 80 km of another place the article names; a big city stands alone."""
    return (entry.feature != "populated place" or entry.population >= STRONG_POP
            or _chosen_support(entry, m.key, ctx.chosen or {}) >= 1.0)


CLUSTER_RESCUE = 1.0     # other resolved places near its town a non-locative name needs (pass 3)
CLUSTER_RESCUE_KM = 150  # "near" for pass 3: a local paper's area (pass 2's 80 km was measured
                         # first and found fewer towns on the lockboxes; docs/geo.md "Pass 3")


# Cognition verbs (the "private" verbs of Quirk et al. 1985: think, believe, know, remember ...),
# with the speech verbs of ``modality.SPEECH`` (Levin 1993, 37.7 "say" verbs, 37.2 "tell"): both
# take a sentient subject, so a name that says or thinks is a speaker, not a town.
COGNITION_VERBS = {"think", "believe", "know", "remember", "recall", "hope", "fear", "wonder",
                   "doubt", "reckon", "guess", "suppose"}
# Kinship and personal-relation nouns: "Davis's wife", "Helen's family" name a person's
# relations (kinship terms, a closed lexical class, with lawyer / friend / partner).
# Roles a town also has ("Truckee's mayor", "... residents") are not here.
KINSHIP_NOUNS = {"wife", "husband", "son", "daughter", "mother", "father", "brother", "sister",
                 "family", "parent", "child", "widow", "widower", "cousin", "uncle", "aunt",
                 "grandmother", "grandfather", "grandson", "granddaughter", "girlfriend",
                 "boyfriend", "fiancee", "fiancé", "fiancée", "partner", "friend", "relative",
                 "lawyer", "attorney", "spouse", "sibling", "nephew", "niece"}


def _human_use(doc: Doc, m: _Mention) -> bool:
    """A name used as a person (pass 3 must not read it as a town): the subject of a speech or
    cognition verb ("Davis told reporters ...", "said Clifton"), the possessor of a kinship noun
    ("Helen's family"), or after a title ("Mr Davis")."""
    from .modality import SPEECH
    if _after_title(doc, m.start):
        return True
    for tok in doc[m.start:m.end]:
        if tok.head.i in range(m.start, m.end):
            continue
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH | COGNITION_VERBS:
            return True
        if tok.dep_ == "poss" and tok.head.lemma_.lower() in KINSHIP_NOUNS:
            return True
    return False


def _clustered_name(m: _Mention, ctx: _Context, final: dict, doc: Doc) -> Optional[GazEntry]:
    """Discourse coherence (the local lexicon of a paper: its places cluster): a capitalised
    name that spaCy tagged PERSON / ORG or left untagged, which no frame marks as a location,
    is a town when one of its GeoNames towns (in a country the article is about, >= 500
    inhabitants, under its own name) lies within 150 km of another populated place or admin2
    unit the article resolved (``CLUSTER_RESCUE_KM``).
    Ordinary words, words out of longer names and names of a person named in full elsewhere
    never get here (``_match`` / ``_blocked``); nor does a name used as a person
    (``_human_use``: "Davis told reporters", "Helen's family")."""
    if m.source == "loc" or m.country or m.common or m.inner or m.district or not final:
        return None
    if _human_use(doc, m):
        return None
    best, best_key = None, None
    for e in m.candidates:
        if (e.feature != "populated place" or e.alias or e.precision
                or e.population < CONTEXT_POP or ctx.country_weight(e.country) < 0.3):
            continue
        support = sum(1.0 for k, c in final.items() if k != m.key and c.country == e.country
                      and haversine_km(e.lat, e.lon, c.lat, c.lon) < CLUSTER_RESCUE_KM)
        if support >= CLUSTER_RESCUE and (best_key is None or (support, e.population) > best_key):
            best, best_key = e, (support, e.population)
    return best


def _best(m: _Mention, ctx: _Context) -> Optional[GazEntry]:
    if not m.candidates:
        return None
    return max(m.candidates, key=lambda e: _score(e, m, ctx))


def _acceptable(entry: GazEntry, m: _Mention, ctx: _Context) -> bool:
    """Is the chosen feature believable for this mention? Names spaCy did not tag as a
    geopolitical place must be big, or be used as a location in a country the article is about."""
    if m.country or m.admin_suffix or entry.feature == "country" or m.contained or m.settlement:
        return True   # "Lozove, Kharkiv Oblast", "Saada city": the words with it say it is a place
    if m.human and not m.locative and entry.feature in ("populated place", "admin2") and not (
            _national_capital(entry)):
        # a name the NER did not tag as a place, used as a person - the subject of a speech or
        # cognition verb, the possessor of a kinship noun, after a title ("Irving told
        # reporters", "Jackson said") - is no town, however large (``_human_use``); a national
        # capital speaking is the metonymy of a government ("Kyiv said"), and stays a place
        return False
    if m.district:  # a district we do not know: only a place of that name close by will do
        return any(haversine_km(entry.lat, entry.lon, la, lo) < 50 for la, lo in ctx.anchors)
    if entry.feature == "region":  # "The Atlantic" (a magazine) is no ocean; continents are
        return m.source == "loc" or m.locative or entry.population > 0
    strong = (entry.feature == "admin1" and not entry.alias) or entry.population >= STRONG_POP
    in_ctx = ctx.country_weight(entry.country) >= 0.3
    if (m.inner and ctx.countries and not in_ctx
            and entry.feature == "populated place"):
        # a word of an organisation's name naming a town abroad ("the Kachin Independence
        # Army" is no Independence, Missouri); "Winnipeg Fire Service" in a Canadian story is;
        # also where the longer name is a location ("in Nur Shams refugee camp" near Tulkarm is
        # no Nur in Iran: the first word of a place's own name is not that place)
        return False
    if entry.precision:
        # a village only the national codifier knows (KATOTTG), in an article about its
        # country: named as a location or tagged as one ("Robotyne, Ukraine"), or with its
        # oblast named ("near Robotyne in the Zaporizhzhia region"); a bare "Svoboda" or
        # "Nobel" is a party or a prize
        return in_ctx and (m.locative or m.label == "GPE" or _in_named_admin1(entry, ctx)) and (
            not entry.alias or _is_variant(entry, m))
    if _in_named_admin1(entry, ctx) and in_ctx and not entry.alias:
        return True   # "in the Mykolaiv region ... Novopavlivka"
    if (entry.country == "UKR" and entry.feature == "populated place" and entry.population == 0
            and not entry.alias and in_ctx and m.locative
            and fold(entry.admin1 or "") in ctx.anchor_admin1):
        # a Ukrainian town GeoNames lists without a population (cities500's 0 is "not given"), used
        # as a location beside a town the article places firmly in the same oblast: the oblast the
        # text implies, as a named one does above
        return True
    if m.label == "FAC" and not m.locative and not strong and entry.population < 20_000:
        return False  # "Notre Dame" the university or cathedral, not the small town
    if m.source == "loc" and m.label in ("GPE", "FAC"):
        # a small town abroad that nothing in the article points to is likely a mis-reading
        return not (ctx.countries and not in_ctx and not m.locative and not strong
                    and entry.feature == "populated place" and entry.population < 20_000)
    if m.source == "loc":  # LOC: seas, mountains, regions - rarely a small town
        # (another spelling of a town's name used as a location, "near Kremennaya", is the town as
        # the other labels take it below: places6's reverted try, re-measured once on ua-places-c)
        return strong or (entry.population >= CONTEXT_POP and entry.feature == "populated place" and (
            (not entry.alias and (in_ctx or m.locative)) or (m.locative and _is_variant(entry, m))))
    if not m.locative and not entry.name.isascii() and fold(entry.name) == m.key and (
            entry.feature == "populated place"):
        return False  # "Felix" is no Félix, "Duma" no Dūmā, unless named as a location
    # another spelling of the name ("Avdiivka", "Kupiansk" for GeoNames' "Kupyansk"): in a story
    # about its country, or used as a location ("Russian troops shelled Kupiansk": the shelling
    # side's country is the article's, the KMU 2010 spelling is the Ukrainian town's). The rule is
    # not limited to Cyrillic romanisations: any country's town written in a close spelling
    # (_is_variant: the romanisation skeleton, indexed for UKR/RUS/BLR only, or an alternate name
    # >= 0.75 similar to the primary one, >= 5 letters) in a locative use is taken ("Gunmen attacked
    # Ouorzazate" = Ouarzazate); other alternate names keep the population rule below ("Julia").
    if (m.directional and entry.country in SKELETON_COUNTRIES and entry.feature == "populated place"
            and entry.population >= CONTEXT_POP and len(m.key) >= 5
            and (_is_variant(entry, m) or (not entry.alias and not m.addressee))):
        # the Russian form of a Ukrainian / Russian / Belarusian town ("Lyubimovka" for Lyubymivka) as
        # the goal or source of "to" / "from": a romanisation only the East Slavic skeleton reaches
        # is no English person's or firm's name, and the preposition gives it a spatial reading
        # (pattern class: directional preposition + East Slavic toponym variant; issue 11). So is
        # the town's own name ("trains from Kovel", "deliveries to Velyka Pysarivka", places12),
        # unless "to" / "from" marks the addressee or speaker of a verb or noun of communication
        # ("a letter to Chekhov", "said to Ivanov"; Levin 1993 37, ``_addressee``)
        return True
    variant = (_is_variant(entry, m) and len(m.key) >= 5 and (in_ctx or m.locative)) or (
        len(m.key) >= 5 and _front_alias(entry, m, ctx))
    if entry.alias and not variant and (entry.population < STRONG_POP or not m.locative):
        return False  # "Julia" is an old name of Plovdiv, but here a person
    if strong:
        return True
    if entry.feature == "admin2" and not m.locative:
        return False  # "Johnson" is not Johnson County
    if entry.population < CONTEXT_POP:
        return False
    if m.locative and entry.feature == "populated place":
        return True   # "in Lesbos", "near Pokrovsk"
    if not in_ctx:
        return False
    if m.label == "PERSON":
        return m.locative
    # a capitalised word naming a small town ("Commerce", "Adrian", "Winfield") is more often a
    # name or a brand: without a locative use, the town must be of some size
    return m.locative or entry.population >= 20_000


def _national_capital(entry: GazEntry) -> bool:
    cap = country_by_capital(entry.name) if entry.feature == "populated place" else None
    return cap is not None and cap.iso3 == entry.country


def _in_named_admin1(entry: GazEntry, ctx: _Context) -> bool:
    return bool(entry.admin1) and fold(entry.admin1) in ctx.admin1


def _unambiguous(m: _Mention) -> bool:
    if m.country:
        return True
    pops = sorted((e.population for e in m.candidates), reverse=True)
    if not pops:
        return False  # a name its container ruled out everywhere
    return len(pops) == 1 or pops[0] >= 20 * max(pops[1], 1)


def _precision(entry: GazEntry) -> str:
    """What the coordinates stand for: the place itself, or for a village GeoNames lacks, the
    centre of its community ("admin3") or raion ("admin2") that the gazetteer put it at."""
    if entry.precision:
        return entry.precision
    return {"populated place": "place", "admin1": "admin1", "admin2": "admin2",
            "country": "country", "region": "region"}.get(entry.feature, "place")


def _to_place(doc: Doc, m: _Mention, entry: GazEntry) -> Place:
    span = doc[m.start:m.end]
    return Place(text=span.text, start=span.start_char, end=span.end_char, name=entry.name,
                 geonameid=entry.geonameid if entry.geonameid > 0 else None, lat=entry.lat, lon=entry.lon, country=entry.country,
                 admin1=entry.admin1 if entry.feature != "country" else None,
                 feature=entry.feature, precision=_precision(entry))


def _country_entry(m: _Mention) -> Optional[GazEntry]:
    from .countries import country_by_iso3
    c = country_by_iso3(m.country or "")
    if c is None:
        return None
    return GazEntry(c.geonameid or 0, c.name, c.lat, c.lon, c.iso3, None, None, "country", 0)


# "the Turkish border", "Syrian territory", "the Greek islands", "the British market": a demonym
# naming the land itself, a place in it, or its economy is a country place. Demonyms of people
# and institutions ("Russian forces", "the Turkish government") are actors, not places.
DEMONYM_LAND_HEADS = {
    "border", "borders", "enclave", "territory", "territories", "soil", "airspace", "waters",
    "coast", "coastline", "mainland", "countryside", "frontier", "frontiers", "hinterland",
    "city", "cities", "capital", "town", "towns", "village", "villages", "island", "islands",
    "province", "provinces", "region", "regions", "countries", "jurisdictions", "states",
    "port", "ports", "airbase", "airbases", "jail", "jails", "prison", "prisons", "farms",
    "factories", "market", "markets", "economy", "industry",
}
# Continent adjectives ("European countries", "the African economy") and those of the parts of
# the United Kingdom that GeoNames has as admin1 units ("the English city of Salisbury").
REGION_DEMONYMS = {"european": ("Europe", "region"), "african": ("Africa", "region"),
                   "asian": ("Asia", "region"), "english": ("England", "admin1"),
                   "scottish": ("Scotland", "admin1"), "welsh": ("Wales", "admin1")}


def _land_demonym(tok) -> bool:
    """Is ``tok`` a modifier of a land noun, directly or through another demonym
    ("the Syrian-Turkish border")?"""
    if tok.dep_ not in ("amod", "compound"):
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
        return False  # part of a name: "French Quarter", "British Columbia"
    head = tok.head
    if head.lower_ in DEMONYM_LAND_HEADS:
        return True
    return (head.dep_ in ("amod", "compound") and head.head.lower_ in DEMONYM_LAND_HEADS
            and head.text[:1].isupper() and head.i != tok.i)


def _demonym_places(doc: Doc, gaz: Gazetteer) -> list[Place]:
    out = []
    for tok in doc:
        if not tok.text[:1].isupper() or not _land_demonym(tok):
            continue
        region = REGION_DEMONYMS.get(tok.lower_)
        if region is not None:
            entry = next((e for e in gaz.lookup(region[0])
                          if e.feature == region[1] and not e.alias), None)
            if entry is not None:
                out.append(_to_place(doc, _Mention(tok.i, tok.i + 1, "loc"), entry))
            continue
        country = country_by_demonym(tok.text)
        span = dict(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text))
        if country is not None:
            out.append(Place(**span, name=country.name, geonameid=country.geonameid,
                             lat=country.lat, lon=country.lon, country=country.iso3,
                             feature="country", precision="country"))
    return out


def find_places(doc: Doc, gazetteer: Optional[Gazetteer] = None) -> list[Place]:
    """All toponym mentions of ``doc``, resolved to GeoNames, in text order."""
    gaz = gazetteer or default_gazetteer()
    person_tokens = _person_tokens(doc, gaz)
    mentions: list[_Mention] = []
    for raw in _merge_adjacent(doc, _raw_mentions(doc), gaz):
        mentions.extend(_lookup_span(gaz, doc, raw, person_tokens))
    for m in mentions:
        m.directional = _directional_object(doc, m.start, m.end)
        m.addressee = m.directional and _addressee(doc, m.start, m.end)
    ctx = _context_from_text(doc, mentions, gaz)
    _apply_containers(doc, mentions, ctx)
    for m in mentions:
        m.human = m.source != "loc" and not m.country and _human_use(doc, m)
    # one sense per discourse (Gale, Church & Yarowsky 1992, "One sense per discourse"): a name the
    # article uses as a person - tagged PERSON and the subject of a speech or cognition verb, the
    # possessor of a kinship noun, after a title ("Tyler said she ...") - names that person in its
    # other mentions too ("Tyler is 24"), unless such a mention is used as a location ("flooded
    # Tyler") or written with its unit; and such a name lends no country to the article's context
    # (``_dominant_country``: a person's name repeated ten times made its namesake town's country the
    # article's). Tagged PERSON only: a club or council speaking ("Liverpool said") is a metonym of a
    # place, whose other mentions stay the place.
    human_keys = {m.key for m in mentions if m.human and m.label == "PERSON"}
    for m in mentions:
        if m.key in human_keys and not m.country and not m.locative and not m.contained:
            m.human = True
    for m in mentions:
        if not m.country and m.key not in ctx.neighbours and not m.common:
            # villages known only at their community's point (a "Kyiv" in Mykolaiv Oblast)
            # speak for a name only when GeoNames has no place of that name
            cands = [e for e in m.candidates if not e.precision] or m.candidates
            top = sorted(cands, key=lambda e: -e.population)[:12]
            ctx.neighbours[m.key] = [e for e in top if e.feature != "region"]
    # Pass 1: mentions whose country is clear anchor the article geographically.
    for m in mentions:
        if m.country:
            continue
        dominant = _dominant_country(m, ctx) if not m.inner and not m.human else None
        if dominant:  # (a word read out of a longer name, "Nur" of a camp's, says no country)
            ctx.countries[dominant] += 0.5
        if _unambiguous(m) and not m.common:
            e = _best(m, ctx)
            if (e is not None and _acceptable(e, m, ctx) and e.feature == "populated place"
                    and not e.precision):  # a village at its community's point anchors nothing
                ctx.anchors.append((e.lat, e.lon))
                if e.admin1:
                    ctx.anchor_admin1.add(fold(e.admin1))
    ordered = sorted(mentions, key=lambda m: m.start)
    chosen = _resolve_all(ordered, ctx)
    # Pass 2: the places of one article cluster. Re-rank each name's candidates by how close
    # they lie to the places chosen for the article's *other* names (``_chosen_support``).
    ctx.chosen = {}
    for m, entry in zip(ordered, chosen):
        if (entry is not None and m.key not in ctx.chosen and not entry.precision and not m.common
                and entry.feature in ("populated place", "admin1", "admin2")):
            ctx.chosen[m.key] = entry
    again = _resolve_all(ordered, ctx)
    # a sea, macro-region or country read in pass 1 stays: a namesake town ("Middle East",
    # Maryland) is no better for lying near the article's other places
    chosen = [e if e is not None and e.feature in ("region", "country") else a
              for e, a in zip(chosen, again)]
    chosen = [e if not m.common or e is None or _lone_word_supported(e, m, ctx) else None
              for m, e in zip(ordered, chosen)]
    # Pass 3: a name spaCy read as a person or organisation, used without a locative frame, that
    # names a town beside the article's other places ("Truckee was buried under snow",
    # "Nelson man jailed", "Orono hosts the university" in a story whose other places lie
    # around it) is that town (``_clustered_name``)
    final = {m.key: e for m, e in zip(ordered, chosen) if e is not None and not e.precision
             and e.feature in ("populated place", "admin2")}
    chosen = [e if e is not None else _clustered_name(m, ctx, final, doc)
              for m, e in zip(ordered, chosen)]
    places = [_to_place(doc, m, e) for m, e in zip(ordered, chosen) if e is not None]
    taken = {(p.start, p.end) for p in places}
    places.extend(p for p in _demonym_places(doc, gaz) if (p.start, p.end) not in taken)
    places.sort(key=lambda p: p.start)
    return places


def _resolve_all(mentions: list[_Mention], ctx: _Context) -> list[Optional[GazEntry]]:
    """The accepted entry of every mention (None where no reading is believable)."""
    out: list[Optional[GazEntry]] = []
    for m in mentions:
        if m.country:
            entry = next((e for e in m.candidates if e.feature == "country"
                          and e.country == m.country), None) or _country_entry(m)
        else:
            entry = _best(m, ctx)
            if entry is not None and entry.precision and not _acceptable(entry, m, ctx):
                # a codifier village the text does not support: the GeoNames places of that
                # name compete as they did without it
                entry = _best(replace(m, candidates=[e for e in m.candidates
                                                     if not e.precision]), ctx)
        out.append(entry if entry is not None and _acceptable(entry, m, ctx) else None)
    return out


def resolve_name(name: str, country_hint: Optional[str] = None,
                 gazetteer: Optional[Gazetteer] = None) -> Optional[Place]:
    """Resolve a bare toponym ("Odesa", "Donetsk region", "US"), optionally within a country.

    The returned Place has offsets 0..len(name) relative to ``name`` itself.
    """
    gaz = gazetteer or default_gazetteer()
    text = (name or "").strip()
    key = text[4:] if text.lower().startswith("the ") else text
    for poss in ("'s", "’s"):
        key = key[: -len(poss)] if key.endswith(poss) else key
    if not key or (fold(key) in STOP_WORDS and country_by_name(key) is None):
        return None  # "the", "us" (but "US" is a country)
    ctx = _Context()
    if country_hint:
        ctx.countries[country_hint.upper()] = 1.0
    country = country_by_name(key)
    words = key.split()
    suffix = ADMIN_WORDS.get(words[-1].lower()) if len(words) > 1 else None
    # short alternate names are mostly codes ("THE" is an airport code of Teresina)
    cands = [e for e in gaz.lookup(key) if not (e.alias and len(key) <= 3)]
    m = _Mention(0, 0, "loc", admin_suffix=suffix, country=country.iso3 if country else None,
                 candidates=cands)
    if m.country:
        entry = next((e for e in m.candidates if e.feature == "country"
                      and e.country == m.country), None) or _country_entry(m)
    else:
        entry = _best(m, ctx)
    if entry is None:
        return None
    return Place(text=text, start=0, end=len(text), name=entry.name,
                 geonameid=entry.geonameid if entry.geonameid > 0 else None,
                 lat=entry.lat, lon=entry.lon, country=entry.country,
                 admin1=entry.admin1 if entry.feature != "country" else None,
                 feature=entry.feature, precision=_precision(entry))


# ---------------------------------------------------------------------------------------------
# Locative vs. actor use
# ---------------------------------------------------------------------------------------------

def _span_of(doc: Doc, place: Place) -> Optional[Span]:
    return doc.char_span(place.start, place.end, alignment_mode="expand")


def is_dateline(doc: Doc, place: Place) -> bool:
    """Whether the mention is a story's dateline ("MOSCOW (Wirewatch) -", "KRAMATORSK, Ukraine -"):
    where the report was filed, which says nothing of where its events happened. The unit written
    after an all-capital dateline name ("BEND, Ore. --") belongs to it."""
    span = _span_of(doc, place)
    if span is None:
        return False
    if _dateline(doc, span.start, span.end):
        return True
    start = span.start
    if start < 2 or doc[start - 1].text != ",":
        return False
    first = start - 1  # the all-capital run before the comma
    while first > 0 and doc[first - 1].is_alpha and doc[first - 1].text.isupper():
        first -= 1
    return first < start - 1 and _dateline(doc, first, start - 1) and all(
        t.text in (",", ".") or t.is_title or t.text.isupper() for t in span)


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
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    if node.dep_ == "pobj" and (node.head.lower_ in LOCATIVE_PREPS or _moved_from(node)):
        return True
    if node.dep_ in ("dobj", "nsubjpass") and node.head.lemma_ in PLACE_VERBS:
        return True  # "captured Novopavlivka", "Odesa was hit"
    if node.dep_ == "pobj" and node.head.lower_ in ("of",) and node.head.head.lower_ in (
            "outskirts", "north", "south", "east", "west", "centre", "center", "city", "town",
            "village", "region", "province", "suburbs", "part", "parts", "streets"):
        return True
    if span.start > 0 and doc[span.start - 1].lower_ in LOCATIVE_PREPS:
        return True
    # "southern areas like Odesa", "cities such as Kharkiv and Sumy"
    if node.dep_ == "pobj" and node.head.lower_ in ("like", "as", "including") and (
            node.head.head.lower_ in PLACE_NOUNS or node.head.head.head.lower_ in PLACE_NOUNS):
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
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ == "nsubjpass" and node.head.lemma_ in PLACE_VERBS:
        return False  # "Odesa was hit": a target, not an actor
    possessed = span.root.head if span.root.dep_ == "poss" else None
    if possessed is not None and possessed.lower_ in PLACE_PARTS and possessed.dep_ == "pobj":
        return False  # "in Nairobi's central business district": a part of the place, not its people
    if node.dep_ in ACTOR_DEPS or span.root.dep_ == "poss":
        return True
    if span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s"):
        return True
    return False
