"""Trigger lexicon and matching: which tokens are event triggers, with which PLOVER rule.

Kept apart from ``events`` so that ``actors`` and ``arguments`` (which need the lexicon's word classes
and a token's trigger type) depend on it without depending on ``events``: the dependency runs one way,
triggers <- actors <- arguments <- events.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml
from spacy.tokens import Token

from . import countries
from .modality import SPEECH


@dataclass(frozen=True)
class TriggerRule:
    type: str
    mode: Optional[str] = None
    pos: str = "ANY"
    needs: tuple = ()
    needs_word: tuple = ()
    needs_clause: bool = False
    needs_agent: tuple = ()     # classes the trigger's subject must mention ("troops massing", "aircraft carrying aid landed")
    not_agent: tuple = ()       # classes the trigger's subject must not mention ("the club found the striker guilty")
    needs_object: tuple = ()    # classes the direct object / passive subject must mention (not "from" or "to" phrases)
    optional_object: bool = False  # needs_object applies only when there is a direct object ("minister quits")
    object_head: bool = False   # needs_object looks at the object's head only ("held fire", not "fire positions")
    not_needs: tuple = ()       # classes the trigger's objects must not mention ("charged at them with batons")
    not_object: tuple = ()      # classes the direct object's head must not be ("slammed the door on talks")
    not_word: tuple = ()        # classes no word of the sentence may be in ("a state of emergency ... as wildfires spread")
    not_adjunct: tuple = ()     # classes no adjunct of the trigger may mention: its adverb, the head noun of a phrase on
    # it or the verb of its purpose clause ("arrived home", "at the scene", "for an exercise", "to evacuate staff")
    not_temporal: bool = False  # not the verb of a temporal clause ("when the soldiers arrived": the time frame)
    state_agent: bool = False   # the subject names a state: a country or city name (GPE) or a word of class polities
    # ("Israel will not allow ...", "the government banned ..."; not "the landlord", "the club", "the court", a passive
    # with no agent; PLOVER 3.15.2 "a country or similar entity bars a group ... from entering its territory")
    group_agent: bool = False   # the subject is a group: a plural or coordinated noun, or a labour collective
    # ("dockworkers", "staff", "the union"; not "he" or "the worker": ``group_subject``)
    word_preps: tuple = ()      # needs_word only inside these prepositions' phrases on the trigger or its object ("spoke by phone",
    # not "spoke about the phone hacking scandal"): linguistic class, the means / medium adjunct
    labour_strike: bool = False  # a labour strike by its syntax, not a strike on a target (``labour_strike``)
    not_modifier: bool = False  # no gerund modifying a noun ("a beheading scene" classifies the scene, reports nothing)
    support_verb: Optional[str] = None  # a class of support verbs: the noun counts only as their direct object (with
    # a subject) or passive subject (with a "by" agent): "voiced criticism of", "criticism was voiced by"
    # (``support_construction``)
    recipient: Optional[str] = None  # a recipient found must fit this, as ``actor`` ("coded"; events.code_event)
    actor: Optional[str] = None  # who must act (events.code_event): "state" (a country, IGO or GOV / MIL / COP /
    # JUD / LEG role), "coercive" (a state or an armed group, REB), "armed" (an army or armed group: MIL / REB,
    # not a government or a country), "coded" (any actor with a country or a
    # political / armed role) or "either" (the actor or the recipient coded); PLOVER ch. 5 actors
    transitive: bool = False    # needs a direct object and no secondary predicate ("troops left Chad", not "left 3 dead")
    acled: Optional[str] = None
    cameo: Optional[str] = None  # the rule's own CAMEO root where CAMEO codes the event under another root than
    # the PLOVER type's default (ontology.PLOVER_TYPES); the type, quad and score stay the manual's
    weight: float = 0.8


@dataclass(frozen=True)
class Lexicon:
    rules: dict           # lemma (or "verb particle") -> list[TriggerRule]
    classes: dict         # class name -> frozenset of words


def _cameo_root(code) -> Optional[str]:
    """A rule's CAMEO code: a root, "01" to "20" (the event's ``cameo`` is a root code)."""
    if code is None:
        return None
    code = str(code)
    if len(code) != 2 or not code.isdigit() or not 1 <= int(code) <= 20:
        raise ValueError(f"triggers.yml: cameo {code!r} is not a CAMEO root code")
    return code


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = yaml.safe_load((Path(__file__).parent / "data" / "triggers.yml").read_text(encoding="utf-8"))
    classes = {k: frozenset(str(w).lower() for w in v) for k, v in data["classes"].items()}
    rules: dict = {}
    for lemma, spec in data["triggers"].items():
        alts = spec if isinstance(spec, list) else [spec]
        rules[str(lemma)] = [TriggerRule(
            type=a["type"], mode=a.get("mode"), pos=a.get("pos", "ANY"), needs=tuple(a.get("needs", ())),
            needs_word=tuple(a.get("needs_word", ())), needs_clause=bool(a.get("needs_clause", False)),
            needs_agent=tuple(a.get("needs_agent", ())), not_agent=tuple(a.get("not_agent", ())), needs_object=tuple(a.get("needs_object", ())),
            optional_object=bool(a.get("optional_object", False)), object_head=bool(a.get("object_head", False)),
            not_object=tuple(a.get("not_object", ())), not_needs=tuple(a.get("not_needs", ())), transitive=bool(a.get("transitive", False)),
            not_word=tuple(a.get("not_word", ())), word_preps=tuple(a.get("word_preps", ())),
            not_adjunct=tuple(a.get("not_adjunct", ())), not_temporal=bool(a.get("not_temporal", False)),
            group_agent=bool(a.get("group_agent", False)), state_agent=bool(a.get("state_agent", False)),
            not_modifier=bool(a.get("not_modifier", False)), labour_strike=bool(a.get("labour_strike", False)),
            support_verb=a.get("support_verb"),
            recipient=a.get("recipient"),
            actor=a.get("actor"), acled=a.get("acled"), cameo=_cameo_root(a.get("cameo")),
            weight=float(a.get("weight", 0.8)),
        ) for a in alts]
    return Lexicon(rules, classes)


# A strike is a labour strike (PLOVER 3.12 / Table 3.7 PROTEST 'strike': "members of an organization or union ...
# abandon workplaces"; Table 3.6 THREATEN 'restrict' names strikes) only when a labour word (triggers.yml class
# "labour") is who strikes or modifies the strike noun -- "teachers' strike", "a general strike", "unions called a
# strike", "workers went on strike", "a strike by dockworkers", "nurses struck" -- and the strike has no target or
# air weapon: a strike on / against something, a struck object or a military modifier is an attack (PLOVER 3.16
# ASSAULT: "Russia threatened new strikes on Kyiv", "missile strikes"). Linguistic pattern class: the event noun's
# own modifiers and "by" agent, the subject of the verb it is the object of (up through control verbs), the
# subject of the verb. Shared by the PROTEST alternative of "strike" (``TriggerRule.labour_strike``) and
# events.content_mode (THREATEN 'restrict').
LABOUR_STRIKE_MODIFIERS = {"indefinite", "nationwide", "national", "sympathy", "wildcat"}
STRIKE_TARGET_PREPS = {"on", "against"}
MILITARY_STRIKE_MODIFIERS = {"air", "missile", "missiles", "drone", "drones", "rocket", "artillery", "military",
                             "nuclear", "retaliatory", "preemptive", "pre-emptive", "precision", "surgical"}
_AGENT_PARTS = ("nsubj", "nsubjpass", "compound", "poss", "amod")


def _agent_words(subject: Token) -> set[str]:
    """The subject's head, its premodifiers and the noun of an "of" phrase on it ("thousands of workers")."""
    parts = [subject, *(k for k in subject.children if k.dep_ in _AGENT_PARTS)]
    parts += [o for k in subject.children if k.dep_ == "prep" and k.lower_ == "of" for o in k.children
              if o.dep_ == "pobj"]
    return {w for t in parts for w in (t.lower_, t.lemma_.lower())}


def labour_strike(strike: Token) -> bool:
    """Is the strike at ``strike`` (a noun or verb "strike") a labour strike (see ``LABOUR_STRIKE_MODIFIERS``)?"""
    labour = lexicon().classes["labour"]
    mods = {w for k in strike.children if k.dep_ in ("compound", "amod", "poss", "nmod")
            for w in (k.lower_, k.lemma_.lower())}
    # the target phrase on the strike, or on the verb whose object the strike is ("carried out a strike on the
    # depot": PP attachment ambiguity, the parser may hang it on the verb)
    holders = (strike, strike.head) if strike.dep_ == "dobj" else (strike,)
    if mods & MILITARY_STRIKE_MODIFIERS or any(
            k.dep_ == "prep" and k.lower_ in STRIKE_TARGET_PREPS and any(
                o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME") for o in k.children)
            for h in holders for k in h.children):
        return False
    if strike.pos_ == "VERB" and any(k.dep_ == "dobj" for k in strike.children):
        return False  # "missiles struck the depot": something struck is a target
    if mods & (labour | LABOUR_STRIKE_MODIFIERS):
        return True
    agents = set()
    for k in strike.children:  # "a strike by dockworkers"
        if k.dep_ in ("agent", "prep") and k.lower_ == "by":
            agents.update(w for o in k.children if o.dep_ == "pobj" for w in _agent_words(o))
    if strike.dep_ == "amod" and strike.pos_ == "VERB":  # "striking workers"
        agents.update(_agent_words(strike.head))
    if strike.lower_ == "strike" and strike.dep_ == "pobj" and strike.head.lower_ == "on" and not any(
            k.dep_ in ("det", "poss", "nummod") for k in strike.children):
        # "went / are / remain on strike": the zero-article prepositional idiom (Quirk et al. 1985 §5.44, like "on
        # duty", "on fire") names the labour strike only (PLOVER Table 3.7 PROTEST 'strike'); an attack is "a / the
        # strike on X", never "on strike"
        return True
    cur = strike
    if cur.pos_ != "VERB":  # the verb the strike noun is the object of ("called a strike", "went on strike")
        if cur.dep_ == "pobj" and cur.head.dep_ == "prep":
            cur = cur.head.head
        elif cur.dep_ in ("dobj", "nsubjpass", "attr"):
            cur = cur.head
    for _ in range(3):  # the subject, up through control and coordination ("threatened to go on strike")
        subjects = [k for k in cur.children if k.dep_ in ("nsubj", "nsubjpass")]
        if subjects or cur.dep_ not in ("xcomp", "conj") or cur.head.i == cur.i:
            break
        cur = cur.head
    if subjects and all(s.pos_ == "PRON" for s in subjects) and cur.dep_ == "ccomp" and cur.head.lemma_.lower() in SPEECH:
        # "Teachers said they would strike": a pronoun subject of a reported plan takes the speaker's class (the
        # reported clause's pronoun is bound by the matrix subject, the usual reading of indirect speech,
        # Quirk et al. 1985 §14.31)
        subjects = [k for k in cur.head.children if k.dep_ == "nsubj"] or subjects
    for s in subjects:
        agents.update(_agent_words(s) - {"general"})  # "the general threatened strikes": an officer
    return bool(agents & labour)


# ----------------------------------------------------------------------------------------------
# Trigger matching

def lemma_key(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    # spaCy lemmatises some event nouns to verbs or back; keep nouns as written when they are triggers
    if tok.pos_ == "NOUN" and tok.lower_ in lexicon().rules:
        return tok.lower_
    if tok.pos_ == "VERB" and lemma not in lexicon().rules:
        # the small model lemmatises some regular past forms wrongly ("raped" -> "rap"): the form's regular
        # de-inflection (-d, -ed, -ing, -s; Quirk et al. 1985 §3.5-3.8, regular verb morphology) is the lemma
        # where it is a trigger and spaCy's lemma is none
        for base in _regular_bases(tok.lower_):
            if base in lexicon().rules:
                return base
        # an irregular past form tagged as a present one ("retook" VBP keeps "retook" as its lemma): the
        # lemmatizer's table of irregular verb forms (Quirk et al. 1985 §3.12-3.16, irregular verbs; a prefixed
        # verb inflects as its base: retake / retook / retaken) gives the lemma where it is a trigger
        base = _irregular_verb_forms().get(tok.lower_)
        if base in lexicon().rules:
            return base
    return lemma


def _regular_bases(form: str):
    """Candidate bases of a regularly inflected verb form, most specific first ("raped" -> "rape", "rap")."""
    for suffix, strip, add in (("ied", 3, "y"), ("ed", 1, ""), ("ed", 2, ""), ("ing", 3, "e"), ("ing", 3, ""),
                               ("ies", 3, "y"), ("es", 2, ""), ("s", 1, "")):
        if form.endswith(suffix) and len(form) - strip >= 3:
            yield form[:-strip] + add


# Adverbs that the small model tags advmod where they are a phrasal verb's particle
PARTICLES = {"down", "up", "out", "back", "off", "over", "in", "away"}


def _shifted_particle(verb: Token, child: Token) -> bool:
    """A particle standing after the verb's direct object ("handed the hostages over", "turned the offer down"):
    every word between the verb and the particle belongs to the object (particle shift)."""
    complex_prep = (child.dep_ == "prep" and child.lower_ in PARTICLES and not any(k.dep_ == "pobj" for k in child.children)
                    and any(k.dep_ == "prep" for k in child.children))  # "pulled its troops out of X": the
    # particle heads a complex preposition ("out of", "away from"; Quirk et al. 1985 §16.5 phrasal-prepositional verbs)
    if child.i <= verb.i + 1 or not (child.dep_ == "prt" or (child.dep_ == "advmod" and child.lower_ in PARTICLES)
                                     or complex_prep):
        return False
    obj = {t.i for k in verb.children if k.dep_ == "dobj" for t in k.subtree}
    return bool(obj) and all(i in obj for i in range(verb.i + 1, child.i))


def _hyphen_before(t: Token) -> bool:
    """``t`` ends a hyphenated word that the tokenizer split ("cease - fire", "test - fired")."""
    return t.i > 1 and t.doc[t.i - 1].text == "-" and not t.doc[t.i - 1].whitespace_


def _date_word(t: Token) -> bool:
    """Linguistic class: a month or day name inside a date ("ended in March", "until May") is no common noun
    (the noun "march" of a protest, the verb "may")."""
    return t.ent_type_ in ("DATE", "TIME") and (t.pos_ == "PROPN" or t.text[:1].isupper())


OBJECT_DEPS = frozenset({"dobj", "dative", "nsubjpass", "attr", "oprd", "pobj", "prep", "compound", "amod", "npadvmod",
                         "nmod", "conj"})


def object_words(tok: Token) -> set[str]:
    """Words of the trigger's objects (direct, dative, prepositional, and their conjuncts)."""
    words = set()
    # a phrasal verb's particle can carry the prepositional object ("pulled back from positions")
    particles = [k for k in tok.children if k.dep_ == "prt" or (k.dep_ == "advmod" and k.lower_ in PARTICLES)]
    for child in [*tok.children, *(k for p in particles for k in p.children if k.dep_ == "prep")]:
        if child.dep_ in OBJECT_DEPS:
            for t in child.subtree:
                if _date_word(t):
                    continue
                words.add(t.lower_)
                if _hyphen_before(t):  # spaCy splits "cease-fire" in three: the whole word is an object word too
                    words.add(f"{t.doc[t.i - 2].lower_}-{t.lower_}")
                words.add(t.lemma_.lower())
    for clause in tok.children:
        # object control and small clauses (ECM): the parser makes the object of "allowed inspectors to
        # visit" / "found the minister guilty" the subject of the complement; that subject and the small
        # clause's predicate are the trigger's object words too
        subj = [k for k in clause.children if k.dep_ in ("nsubj", "nsubjpass")] if clause.dep_ in ("ccomp", "xcomp") else []
        if subj and (clause.pos_ == "ADJ" or any(k.dep_ == "aux" and k.lower_ == "to" for k in clause.children)):
            words.update((clause.lower_, clause.lemma_.lower()))
            for t in (w for s in subj for w in s.subtree):
                words.update((t.lower_, t.lemma_.lower()))
    if tok.dep_ in ("acl", "relcl", "amod", "compound"):
        words.add(tok.head.lower_)
        words.add(tok.head.lemma_.lower())
    return words


# "fighter(s)" is polysemous: a fighter aircraft (triggers.yml class weapons: "Russian fighters were intercepted over
# the Baltic") or a combatant. Modified by a non-state armed group -- a known armed group's name ("Hamas fighters"), a
# NORP word that is no state's demonym ("Jihadist fighters", "Kurdish fighters") or a rebel role noun ("militia
# fighters") -- it is the combatant (linguistic class: word-sense disambiguation by the attributive modifier; PLOVER
# ch. 5 codes such groups REB; only a state flies fighter aircraft). Such a noun is no weapon: intercepting, supplying
# or moving the people is not PLOVER 3.14 MOBILIZE 'weapons' nor ACLED Disrupted weapons use.
FIGHTER_WORDS = frozenset({"fighter", "fighters"})


def combatant_fighter(t: Token) -> bool:
    """Is ``t`` a "fighter(s)" noun that names combatants of a non-state group (not aircraft)?"""
    if t.lower_ not in FIGHTER_WORDS:
        return False
    armed_orgs, other_orgs, armed_words = _armed_group_words()
    for m in t.children:
        if m.dep_ not in ("compound", "amod", "nmod", "poss") or m.i > t.i:
            continue
        if m.text in armed_orgs:
            return True
        if m.text in other_orgs:
            continue
        low = m.lower_
        if low in armed_words or low + "s" in armed_words:
            return True
        if m.ent_type_ == "NORP" and countries.country_by_demonym(m.text) is None \
                and countries.country_by_name(m.text) is None:
            return True
    return False


@lru_cache(maxsize=1)
def _armed_group_words() -> tuple[frozenset, frozenset, frozenset]:
    """From data/actors.yml (read here: actors imports this module): the names of armed groups (role REB), the
    names of the other organisations, and the REB role nouns with the ethnic and religious group words."""
    data = yaml.safe_load((Path(__file__).parent / "data" / "actors.yml").read_text(encoding="utf-8"))
    names = {role: set() for role in ("REB", "other")}
    for o in data["organizations"]:
        names["REB" if o.get("role") == "REB" else "other"].update(str(a) for a in (o["name"], *o.get("aliases", ())))
    words = {str(w).lower() for w in data["nouns"]["REB"]} | {str(w).lower() for w in data["ethnic_groups"]}
    return frozenset(names["REB"]), frozenset(names["other"] - names["REB"]), frozenset(words)


def weapon_words(tok: Token, words: set[str]) -> set[str]:
    """The object words of ``tok`` that can name weapons: ``words`` without a "fighter(s)" that only names
    combatants (``combatant_fighter``) among the trigger's objects."""
    if not words & FIGHTER_WORDS:
        return words
    fighters = [t for child in tok.children if child.dep_ in OBJECT_DEPS for t in child.subtree
                if t.lower_ in FIGHTER_WORDS]
    if fighters and all(combatant_fighter(t) for t in fighters):
        return words - FIGHTER_WORDS
    return words


# Quantity and collective heads whose "of" phrase names what is counted ("dozens of villagers", "a group of
# students"): linguistic class, partitive / quantity nouns; the counted noun is the object's head noun
QUANTITY_HEADS = {"dozen", "dozens", "hundreds", "thousands", "scores", "millions", "number", "group", "groups",
                  "handful", "couple", "several", "many", "some", "most", "all", "family", "families",
                  # partitive and measure nouns (Quirk et al. 1985 §5.8: "a batch of weapons", "tonnes of grain")
                  "batch", "batches", "consignment", "consignments", "stockpile", "stockpiles", "tonnes", "tons",
                  "quantity", "quantities"}


def head_nouns(h: Token) -> tuple:
    """The object's head noun, or for a quantity head ("dozens of villagers") also the counted noun."""
    if h.like_num or h.ent_type_ == "CARDINAL" or h.lower_ in QUANTITY_HEADS:
        return (h, *(t for p in h.children if p.dep_ == "prep" and p.lower_ == "of"
                     for t in p.children if t.dep_ == "pobj"))
    return (h,)


def direct_objects(tok: Token) -> list[Token]:
    """The trigger's direct object or passive subject, with their conjuncts ("received the envoy and his
    deputy"); prepositional phrases ("weapons from the president") are not among them."""
    heads = [k for k in tok.children if k.dep_ in ("dobj", "nsubjpass")]
    return heads + [c for h in heads for c in h.conjuncts]


# Verbs of taking (Levin 10.5 verbs of possessional deprivation / 13.5.2 obtain verbs) that report ground won when
# their object is a location ("seized the town") and property taken when it is movable property ("seized 300 cattle")
TAKING_VERBS = frozenset({"capture", "seize", "take", "retake", "recapture", "overrun", "occupy", "storm", "overtake",
                          "conquer", "grab", "retook", "retaken", "overran", "recaptured", "overtook", "overtaken"})


def names_ground(tok: Token) -> bool:
    """Does the object noun ``tok`` name a location: a place the geoparser resolved (``doc.user_data``
    "wirewatch_places"), a GPE / LOC / FAC entity, a settlement or control noun (class ``territory``), a base
    (class ``bases``), an unknown proper name or a pronoun (either may be a place) -- through its "of" phrase and
    conjuncts ("hundreds of goats" names none, "parts of the town" one)?"""
    lex = lexicon()
    ground = lex.classes["territory"] | lex.classes["bases"]
    named = [(p.start, p.end) for p in tok.doc.user_data.get("wirewatch_places", ())]
    todo, seen = [tok], set()
    while todo:
        t = todo.pop()
        if t.i in seen:
            continue
        seen.add(t.i)
        if t.pos_ in ("PROPN", "PRON") or t.ent_type_ in ("GPE", "LOC", "FAC") or t.lower_ in ground \
                or t.lemma_.lower() in ground or any(a <= t.idx < b for a, b in named):
            return True
        todo.extend(o for p in t.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                    if o.dep_ == "pobj")
        todo.extend(t.conjuncts)
    return False


def takes_property(verb: Token) -> bool:
    """Is ``verb`` a verb of taking (``TAKING_VERBS``) whose objects are movable property (class ``movables``: "militia
    fighters seized hundreds of goats", "bandits captured 300 cows from a village" -- the village is where they were
    taken from) and name no location (``names_ground``)? ACLED codebook (acled-event-types.md): the territory
    sub-types are a side winning control of a location; property taken is Looting/property destruction (Strategic
    developments). People taken ("captured 20 soldiers") are not property."""
    if not (verb.lemma_.lower() in TAKING_VERBS or verb.lower_ in TAKING_VERBS):
        return False
    objects = direct_objects(verb)
    goods = lexicon().classes["movables"]
    return bool(objects) and not any(names_ground(o) for o in objects) and all(
        any({h.lower_, h.lemma_.lower()} & goods for h in (o, *head_nouns(o))) for o in objects)


def burns_symbols_only(sent) -> bool:
    """Is everything burned in the sentence an effigy or a flag (class ``symbols``)? ACLED codes a demonstration
    as peaceful unless its participants use violence against people or property; burning effigies or flags is
    a symbolic act of protest (review s8 item 19)."""
    burns = [t for t in sent if t.lower_ in ("burned", "burnt")]
    symbols = lexicon().classes["symbols"]
    return bool(burns) and all(any(h.lower_ in symbols for h in direct_objects(t)) for t in burns)


# Subordinators of temporal clauses (linguistic class: temporal adverbial clauses; spaCy attaches "when" as advmod)
TEMPORAL_SUBORDINATORS = {"when", "as", "after", "before", "once", "until", "till", "while", "whenever"}


def temporal_clause(tok: Token) -> bool:
    """Is ``tok`` the verb of a temporal adverbial clause ("when the soldiers arrived", "as troops landed")?"""
    return tok.dep_ == "advcl" and any(k.dep_ in ("mark", "advmod") and k.lower_ in TEMPORAL_SUBORDINATORS
                                       for k in tok.children)


def group_subject(tok: Token) -> bool:
    """Is the verb's subject a group (linguistic class: plural and collective nouns): a plural common noun
    ("dockworkers"), coordinated nouns, or a collective of the labour class ("staff", "the union")?"""
    labour = lexicon().classes["labour"]
    return any(s.tag_ == "NNS" or s.conjuncts or s.lower_ in labour
               for s in (head_nouns(k)[-1] for k in tok.children if k.dep_ == "nsubj"))


def adjunct_words(tok: Token) -> set[str]:
    """Words of the trigger's adjuncts (linguistic class: adverbials of place, purpose and occasion): its adverbs
    ("arrived home"), the head nouns of its prepositional phrases with their compounds ("at the scene", "for a
    training exercise") and the verb of an infinitival purpose clause ("landed ... to evacuate staff")."""
    words = set()
    for k in tok.children:
        if k.dep_ in ("advmod", "npadvmod"):
            heads = [k]
        elif k.dep_ == "prep":
            heads = [o for o in k.children if o.dep_ == "pobj"]
            heads += [c for o in heads for c in o.children if c.dep_ == "compound"]
        elif k.dep_ in ("advcl", "xcomp") and any(a.dep_ in ("aux", "mark") and a.lower_ == "to" for a in k.children):
            heads = [k]
        else:
            continue
        words.update(w for h in heads for w in (h.lower_, h.lemma_.lower()))
    return words


def state_subject(tok: Token, polities: frozenset) -> bool:
    """Does the trigger's active subject name a state: a GPE name ("Israel", "Brussels") or a polity word
    ("the government", "Greek authorities", "the EU")? PLOVER 3.15.2 / 3.7 'access': a country or similar
    entity bars or lets a party into its territory (review7: not an airport, a referee, a landlord or the weather)."""
    return any(t.ent_type_ == "GPE" or t.lower_ in polities
               for k in tok.children if k.dep_ == "nsubj" for t in k.subtree)


def agent_words(tok: Token) -> set[str]:
    """Words of the trigger's subject ("thousands of troops were massing"), or of the noun a participle
    modifies ("troops massing near the border", "aircraft carrying tents landed" through the subject)."""
    words = set()
    heads = [k for k in tok.children if k.dep_ in ("nsubj", "nsubjpass")]
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
        # an event noun as the object of a light verb ("youths set fire to ..."): the verb's subject is the noun's
        # agent (linguistic class: light-verb constructions, the noun carries the predicate)
        heads += [k for k in tok.head.children if k.dep_ == "nsubj"]
    for h in heads:
        for t in h.subtree:
            words.update((t.lower_, t.lemma_.lower()))
    if tok.dep_ in ("acl", "relcl"):
        inside = {t.i for t in tok.subtree}
        for t in tok.head.subtree:
            if t.i not in inside:
                words.update((t.lower_, t.lemma_.lower()))
    return words


# Names of organisations, laws, buildings, works and events: a word of the name is no happening
# ("the Organisation of Islamic Cooperation", "the Peace and Reconciliation Act", "Freedom Fighters' Front").
NAME_ENTITIES = ("ORG", "LAW", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT")


def _inside_name(tok: Token) -> bool:
    """Linguistic class: a capitalised word inside a multi-word proper name is part of the name, not a
    predicate (PLOVER codes what an actor did; the name "Islamic Cooperation" reports no cooperation)."""
    if tok.ent_type_ not in NAME_ENTITIES or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
        return False
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is not None and len([t for t in ent if t.pos_ == "PROPN"]) >= 2


# a byline or credit line ("By John Fire And Mary Strike", "Reporting by ...", "Photo: ..."): names, no headline
# A credit word is one when a colon, slash or bar follows it ("Photo: Reuters"; not "Credit Suisse Bank Fined",
# "Photo Shows Troops ..."); a "By" line when every other word is capitalised but name particles and the credit
# words (not "By Monday, troops had seized the town"; review4). Linguistic class: bylines are lists of names.
_CREDIT_LINE = re.compile(r"\s*(?i:(?P<by>(?:(?:reporting|writing|editing|additional reporting)\s+)?by)\s+(?=\w)"
                          r"|(?:photos?|photographs?|images?|credits?)\s*[:/|])")
_CREDIT_SMALL_WORDS = {"and", "by", "of", "the", "for", "in", "at", "de", "da", "del", "van", "von", "al", "bin", "el",
                       "le", "la", "reporting", "writing", "editing", "additional",
                       # name particles written lower-case inside a personal name (Arabic nasab / kunya, Romance,
                       # Germanic and Dutch nobiliary particles; review5 finding 7): "By Ahmed ibn Saud and ..."
                       "ibn", "bint", "abu", "dos", "das", "di", "du", "der", "den", "ter", "y", "ben", "ould",
                       "della", "degli", "des", "zu", "af"}
_CREDIT_WORD = re.compile(r"[^\W\d_]+")
CREDIT_MAX_CHARS = 240  # as nlp.TITLE_MAX_CHARS: a longer line is running text


# After "Photo:" / "Image |" ...: a credit names a source (a photographer, an agency: "Photo: Reuters", "Photo:
# John Smith/AFP", "Image | Courtesy of the family"); a caption describes the picture, a clause with a predicate and
# often the scene's place ("Photo: Police Arrest Protesters In Nairobi"), and is a headline-like line like any other
# (review5 finding 7). Linguistic class: a credit is a list of names (joined by / , & and, via, for, courtesy of), a
# caption a clause. A caption is told by a word of the trigger lexicon between two words of one name-list segment
# (a predicate: "Police Arrest Protesters"; "Tom Strike/Reuters" has none), by a scene preposition, or by more than
# CREDIT_MAX_WORDS words.
CREDIT_MAX_WORDS = 6
_CREDIT_JOINS = re.compile(r"\s*(?:[/|,;&+]|\b(?i:and|via|for|courtesy(?:\s+of)?)\b)\s*")
_SCENE_PREPOSITIONS = {"in", "near", "at", "outside", "inside", "during", "after", "before", "as", "on", "over",
                       "into", "from", "to", "across", "around", "amid", "under", "while"}


def _lexicon_verb(word: str) -> bool:
    """``word`` is a one-word trigger lemma of the lexicon, or a regular inflection of one (Arrests, Stormed, Seizing)."""
    w, rules = word.lower(), lexicon().rules
    stems = {w, w[:-1], w[:-2], w[:-3], w[:-3] + "e", w[:-1] if w.endswith("d") else w}
    return any(len(stem) > 2 and stem in rules for stem in stems)


def _caption(rest: str) -> bool:
    """Is the text after a credit word ("Photo:") a caption describing the picture, not a credit naming its source?"""
    words = _CREDIT_WORD.findall(rest)
    if len(words) > CREDIT_MAX_WORDS or any(w.lower() in _SCENE_PREPOSITIONS for w in words):
        return True
    for segment in _CREDIT_JOINS.split(rest):
        seg = _CREDIT_WORD.findall(segment)
        if any(_lexicon_verb(w) for w in seg[1:-1]):
            return True
    return False


def credit_line(line: str) -> bool:
    """Is ``line`` a byline or credit ("By John Fire And Mary Strike", "Photo: Reuters")? Its capitalised words are
    people's names. A caption after a credit word ("Photo: Police Arrest Protesters In Nairobi") is none (``_caption``)."""
    m = _CREDIT_LINE.match(line)
    if m is None or len(line) > CREDIT_MAX_CHARS or "\n" in line.strip():
        return False
    if m.group("by") is None:
        return not _caption(line[m.end():])
    return all(w[0].isupper() or w.lower() in _CREDIT_SMALL_WORDS for w in _CREDIT_WORD.findall(line[m.end():]))


def _in_credit_line(tok: Token) -> bool:
    """A name in a byline or credit line ("By John Fire And Mary Strike") is a person's, not a predicate."""
    return credit_line(tok.sent.text)


# Verbs whose object or subject noun is not itself a reported happening ("lift sanctions", "fear an attack")
NON_EVENT_GOVERNORS = {"lift", "ease", "relax", "shorten", "loosen", "remove", "oppose", "fear", "need", "end", "study", "discuss", "survive",
                       "suspend", "abandon",  # PLOVER 3.4: what is suspended or abandoned is conceded, not done
                       # ("drop" is not here: "dropped barrel bombs" is an ASSAULT, PLOVER 3.16 / ACLED Air/drone strike)
                       "mark", "commemorate", "recall", "remember", "prepare"}


# Predicates of occurrence: their subject is an event said to have taken place ("the handover took place",
# "the summit ended"; linguistic class: aspectual and occurrence verbs select event subjects, Grimshaw 1990)
OCCURRENCE_PREDICATES = {"occur", "happen", "end", "conclude", "begin", "proceed", "unfold"}


def _complex_event_nominal(noun: Token) -> bool:
    """Is ``noun`` read as a complex event nominal (Grimshaw 1990) outside a support construction: the subject of a
    predicate of occurrence ("The release of 20 prisoners by the junta took place on Friday", "the rejection ...
    came"), or a noun with both its arguments as phrases, a "by" agent and an "of" theme ("The rejection by the
    opposition of the electoral law deepened the crisis")? Either way the noun names an event that happened, and
    its "by" agent or possessor is the actor (``arguments._noun_agent``)."""
    preps = {k.lower_ for k in noun.children if k.dep_ == "prep"}
    if "by" in preps and "of" in preps:
        return True
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.pos_ != "VERB":
        return False
    lemma = verb.lemma_.lower()
    return lemma in OCCURRENCE_PREDICATES or (lemma == "take" and any(
        k.dep_ == "dobj" and k.lower_ == "place" for k in verb.children))


def support_construction(noun: Token, verbs: frozenset) -> bool:
    """Is ``noun`` the event noun of a support-verb construction: the direct object of one of ``verbs`` that has
    a subject ("Norway made a grant of ...", "the Senate gave its approval to"), or its passive subject with a
    "by" agent ("criticism of the law was voiced by the Commission", "a rejection ... was issued by")? The noun
    carries the predicate, the verb only tense and voice, so the construction reports the noun's event with the
    verb's subject or agent as its actor (linguistic class: support / light-verb constructions, Jespersen 1942,
    Mel'čuk's Oper1; complex event nominals, Grimshaw 1990)."""
    if noun.pos_ == "NOUN" and _complex_event_nominal(noun):
        return True
    verb = noun.head
    if noun.pos_ != "NOUN" or verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
        return False
    if noun.dep_ == "dobj":
        return any(k.dep_ == "nsubj" for k in verb.children)
    if noun.dep_ == "nsubjpass":
        return any(k.dep_ == "agent" for k in verb.children)
    return False


def trigger_type(tok: Token) -> Optional[str]:
    """PLOVER type of ``tok`` if it is a trigger in the lexicon, else None."""
    match = rule_for(tok)
    return match[1].type if match else None


# Headline register (headlinese: Mårdh 1980; Biber et al. 1999 on headline grammar): a headline or bulletin item
# drops articles and auxiliaries and reports in the historic present (Quirk et al. 1985 §4.21), so its verb is a
# bare present form that is also a noun ("Artillery pounds outskirts of X", "Police fire tear gas at Y"); the
# tagger, trained on running text, reads it as a noun and the headline has no verb at all. The register is told
# by form only: short, and no sentence-final punctuation or no article.
HEADLINE_MAX_TOKENS = 20
FINAL_PUNCT = {".", "!", "?", '"', "'", "”", "’"}
ARTICLES = {"a", "an", "the"}
FINITE_TAGS = {"VBZ", "VBP", "VBD", "MD", "VB"}
# nouns that take a plural verb though unmarked for plural (Quirk et al. 1985 §5.78): "Police fire ..."
UNMARKED_PLURALS = {"police", "people", "personnel"}
SUBJECT_POS = {"NOUN", "PROPN", "ADJ", "NUM", "PUNCT", "CCONJ", "DET"}
HEADLINE_KEY = "wirewatch_headline_verb"
CLAUSE_DEPS = {"nsubj", "dobj", "dative", "ccomp", "xcomp"}  # dependents only a verb takes


def headline_register(sent) -> bool:
    """A headline or bulletin item by form: at most ``HEADLINE_MAX_TOKENS`` tokens, and no sentence-final
    punctuation or no article (headlinese drops both; Mårdh 1980)."""
    toks = [t for t in sent if not t.is_space]
    if not toks or len(toks) > HEADLINE_MAX_TOKENS:
        return False
    return toks[-1].text not in FINAL_PUNCT or not any(t.lower_ in ARTICLES for t in toks)


@lru_cache(maxsize=1)
def _irregular_verb_forms() -> dict:
    """Irregular verb form -> lemma from the exception table shipped with the model's lemmatizer ("retook" ->
    "retake", "withdrew" -> "withdraw"); empty for a model without lookups."""
    try:
        from wirewatch import nlp as nlp_stage
        table = nlp_stage.load().get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
        return {form: lemmas[0] for form, lemmas in table.items() if lemmas}
    except Exception:  # a model without the table
        return {}


@lru_cache(maxsize=1)
def _verbs() -> frozenset:
    """Lower-case verb lemmas of the WordNet index shipped with the model's lemmatizer; empty for a model
    without lookups (then no candidate is refused for it)."""
    try:
        from wirewatch import nlp as nlp_stage
        return frozenset(nlp_stage.load().get_pipe("lemmatizer").lookups.get_table("lemma_index")["verb"])
    except Exception:  # a model without the table
        return frozenset()


def _can_be_verb(tok: Token) -> bool:
    """Is the candidate a word English uses as a verb? A derived noun (deverbal or agentive suffix: -ment,
    -tion / -sion, -al, -ance / -ence, -ity, -ness, -age, -er / -or; Quirk et al. 1985 App. I.30-I.33:
    "deployment" <- deploy, "withdrawal" <- withdraw, "fighters" <- fight) is never a finite verb; the verb
    is its base. Told by the verb index (WordNet), which lists conversions of such forms that are verbs
    too ("sanction", "question", "station", "stage") and none of the derived nouns."""
    verbs = _verbs()
    return not verbs or tok.lemma_.lower() in verbs or tok.lower_ in verbs


def _noun_compound_modifier(toks, i) -> bool:
    """Is candidate ``toks[i]`` followed by nothing but common nouns up to the end of the line (a final
    stop aside)? Then the last noun is the head of a noun compound and the candidate one of its premodifiers
    (Quirk et al. 1985 §17.108: "Army strikes list", "Troops deployment plan", "Police arrest figures"): a
    headline verb's complement starts with a determiner, number, adjective, preposition or proper noun, or
    runs past its object ("Police fire tear gas at students")."""
    rest = toks[i + 1:]
    if rest and rest[-1].text in FINAL_PUNCT:
        rest = rest[:-1]
    return bool(rest) and all(t.pos_ == "NOUN" and not t.ent_type_ for t in rest)


def _headline_verb_of(sent) -> Optional[Token]:
    if not headline_register(sent) or any(t.tag_ in FINITE_TAGS or (t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX"))
                                          for t in sent):
        return None  # not a headline, or the parser found its verb
    toks = [t for t in sent if not t.is_space]
    for i in range(1, len(toks) - 1):
        t, prev, nxt = toks[i], toks[i - 1], toks[i + 1]
        if t.pos_ != "NOUN" or t.ent_type_ or nxt.is_punct or not all(s.pos_ in SUBJECT_POS for s in toks[:i]):
            continue
        if t.dep_ == "ROOT" and not any(k.dep_ in CLAUSE_DEPS for k in t.children):
            continue  # the head of a nominal headline ("Oil prices in X", "Peace talks in Y"): no verb slot
        if not _can_be_verb(t) or _noun_compound_modifier(toks, i):
            continue  # a derived noun, or a premodifier of the compound's head noun
        if t.tag_ == "NNS" and t.lower_.endswith("s") and prev.tag_ in ("NN", "NNP") and (
                prev.lower_ not in UNMARKED_PLURALS):
            return t  # -s form after a singular subject: the third person present ("Artillery pounds ...")
        coordinated = any(s.lower_ in (",", "and", "&") for s in toks[:i])
        if t.tag_ == "NN" and (prev.tag_ in ("NNS", "NNPS") or prev.lower_ in UNMARKED_PLURALS or (
                prev.tag_ == "NNP" and coordinated)):
            return t  # base form after a plural or coordinated subject ("Police fire ...", "X, Y sign ...")
    return None


def headline_verb(sent) -> Optional[Token]:
    """The predicate of a verbless headline: a token tagged as a common noun that stands, by headline grammar,
    where the verb is: the first noun right after a subject of nouns only, a word the verb index lists as a
    verb (``_can_be_verb``), followed by some word that is not punctuation and not by common nouns alone up
    to the end of the line (``_noun_compound_modifier``), whose form agrees with that subject as a present verb (an -s form after a singular noun, a base form after a
    plural, an unmarked plural or coordinated names). None when the sentence is no headline or has a verb."""
    cache = sent.doc.user_data.setdefault(HEADLINE_KEY, {})
    if sent.start not in cache:
        cache[sent.start] = _headline_verb_of(sent)
    return cache[sent.start]


def is_verbal(tok: Token) -> bool:
    """A verb, or the predicate of a verbless headline the tagger read as a noun (``headline_verb``)."""
    if tok.pos_ == "VERB":
        return True
    if tok.pos_ != "NOUN":
        return False
    hv = headline_verb(tok.sent)
    return hv is not None and hv.i == tok.i


def rule_for(tok: Token) -> Optional[tuple[str, TriggerRule]]:
    if tok.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ"):
        return None
    verbal = is_verbal(tok)
    if not verbal and tok.dep_ in ("dobj", "nsubjpass", "nsubj") and tok.head.lemma_.lower() in NON_EVENT_GOVERNORS \
            and not (tok.dep_ == "nsubj" and tok.head.lemma_.lower() in OCCURRENCE_PREDICATES
                     and not any(k.dep_ == "dobj" for k in tok.head.children)
                     and any(k.dep_ in ("poss", "prep") and k.lower_ != "after" for k in tok.children)):
        return None  # (but "the summit of AU leaders ended": an intransitive aspectual verb's subject with its own
        # arguments is an event that happened; a bare "the strike ended" stays unread: which strike is unclear)
    if _inside_name(tok) or tok.ent_type_ == "PERSON" and _in_credit_line(tok):
        return None
    if tok.ent_type_ in ("DATE", "TIME") and tok.pos_ == "PROPN":
        return None  # part of a date or time ("On 12 March 2021", "the May Day holiday"), not a happening
    hyphen = tok.i > 0 and tok.doc[tok.i - 1].text == "-" and not tok.doc[tok.i - 1].whitespace_
    compound = f"{tok.doc[tok.i - 2].lower_}-{tok.lemma_.lower()}" if _hyphen_before(tok) else ""
    # "cease-fire" is three tokens: its last one stands for the whole word in the truce checks below
    word = compound if compound in lexicon().classes["ceasefire"] else tok.lower_
    if word in lexicon().classes["ceasefire"] and tok.pos_ in ("NOUN", "PROPN", "ADJ") and any(
            t.lower_ in ("violation", "violations") for t in tok.sent):
        return None  # "ceasefire violations ... during the truce": fighting reported, the truce is its frame
    if word in lexicon().classes["ceasefire"] and tok.dep_ == "compound" and (
            tok.head.lower_ in lexicon().classes["ceasefire_frames"]):
        return None  # "ceasefire talks / proposal": a ceasefire sought, not made (PLOVER 3.7; review6 finding 14)
    if tok.dep_ == "compound" and tok.pos_ in ("NOUN", "PROPN") and not verbal:
        head_rule = rule_for(tok.head)
        if head_rule is None:
            return None  # a modifier, not a happening: "riot police", "attack helicopters", "bomb disposal squad"
        if word in lexicon().classes["ceasefire"] and head_rule[1].type == "ASSAULT":
            return None  # "ceasefire violations": the truce is what the fighting breaks, not an agreement
    lex = lexicon()
    candidates = []
    if compound in lex.rules:  # a hyphenated compound verb in the lexicon ("test-fired"): the compound is the trigger
        candidates.append(compound)
    elif hyphen and tok.dep_ == "amod":
        return None  # a hyphenated descriptor: "Western-supplied drones", "US-backed forces" describe, not report
    for child in tok.children:  # phrasal verbs: "call for", "shoot down" (the small model tags some particles
        # as adverbs: "stepped down", "pulled back"), also with the particle after the object ("pulled its forces
        # back", "called the strike off": linguistic class, particle shift in transitive phrasal verbs)
        if (child.i == tok.i + 1 and (child.dep_ in ("prt", "prep") or (
                child.dep_ == "advmod" and child.lower_ in PARTICLES))) or _shifted_particle(tok, child):
            candidates.append(f"{tok.lemma_.lower()} {child.lower_}")
    if tok.i + 1 < len(tok.doc) and tok.pos_ == "NOUN" and not (tok.dep_ == "compound" and tok.head.i == tok.i + 1):
        # a two-word noun trigger ("air strike", "hunger strike") is one event, found at its head (the
        # backward pair below), not a second time at its modifier
        candidates.append(f"{tok.lower_} {tok.doc[tok.i + 1].lower_}")
    if tok.i > 0:
        candidates.append(f"{tok.doc[tok.i - 1].lower_} {tok.lower_}")
    verb = tok.head
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and verb.pos_ == "VERB" and verb.i < tok.i - 1 and all(
            tok.doc[j].dep_ == "amod" and tok.doc[j].head.i == tok.i for j in range(verb.i + 1, tok.i)):
        # a verb-noun collocation with adjectives between ("took full control", "seized effective control"): the
        # adjectives premodify the noun, the collocation stays the same (Quirk et al. 1985 §17.7, premodification
        # by adjectives; §16.52 verb-object collocations)
        candidates.append(f"{verb.lower_} {tok.lower_}")
    candidates.extend([lemma_key(tok), tok.lower_])
    sent_words = None
    for key in candidates:
        for rule in lex.rules.get(key, ()):
            if rule.pos == "ADJ":
                if tok.pos_ != "ADJ" or (rule.needs_clause and not any(k.dep_ == "xcomp" for k in tok.children)):
                    continue
            elif tok.pos_ == "ADJ":
                continue
            elif rule.needs_clause and not any(k.dep_ == "xcomp" or (k.dep_ == "prep" and k.lower_ == "to")
                                               for k in tok.children):
                continue  # "committed to talks" is a commitment, "crimes committed" a deed
            if rule.transitive and (not any(k.dep_ == "dobj" for k in tok.children)
                                    or any(k.dep_ in ("oprd", "xcomp", "ccomp") for k in tok.children)):
                continue
            if rule.needs_agent:
                subj = agent_words(tok)
                if not any(subj & lex.classes[c] for c in rule.needs_agent):
                    continue
            if rule.not_agent and any(agent_words(tok) & lex.classes[c] for c in rule.not_agent):
                continue
            if rule.state_agent and not state_subject(tok, lex.classes["polities"]):
                continue
            if rule.pos == "VERB" and not verbal:
                continue
            if rule.pos == "NOUN" and (tok.pos_ not in ("NOUN", "PROPN") or verbal):
                continue
            if rule.needs or rule.not_needs:
                objs = object_words(tok)
                if rule.needs and not any((weapon_words(tok, objs) if c == "weapons" else objs) & lex.classes[c]
                                          for c in rule.needs):
                    continue
                if any(objs & lex.classes[c] for c in rule.not_needs):
                    continue
            if rule.not_object and any({h.lower_, h.lemma_.lower()} & lex.classes[c]
                                       for h in direct_objects(tok) for c in rule.not_object):
                continue
            if rule.needs_object and not (rule.optional_object and not direct_objects(tok)) and not any(
                    h.ent_type_ == "PERSON" or any(
                        {t.lower_, t.lemma_.lower()} & lex.classes[c]
                        for t in (head_nouns(h) if rule.object_head else (h, *(w for k in h.lefts for w in k.subtree)))
                        for c in rule.needs_object)
                    for h in direct_objects(tok)):
                continue  # the object noun and its premodifiers ("received the Kenyan envoy", "was received by"),
                # not a phrase after it ("received rifles from the president")
            if rule.not_adjunct and any(adjunct_words(tok) & lex.classes[c] for c in rule.not_adjunct):
                continue
            if rule.not_temporal and temporal_clause(tok):
                continue
            if rule.group_agent and not group_subject(tok):
                continue
            if rule.not_modifier and tok.tag_ == "VBG" and tok.dep_ in ("amod", "compound"):
                continue
            if rule.not_word and {t.lower_ for t in tok.sent} & frozenset().union(*(lex.classes[c] for c in rule.not_word)):
                continue
            if rule.needs_word and rule.word_preps:
                # the phrase on the trigger or on its direct object (linguistic class: PP attachment ambiguity --
                # the parser may hang the goal phrase on the object: "sent bombers [against the town]")
                if not any({t.lower_ for t in p.subtree} & set(rule.needs_word)
                           for h in (tok, *direct_objects(tok)) for p in h.children
                           if p.dep_ in ("prep", "agent") and p.lower_ in rule.word_preps):
                    continue
            elif rule.needs_word:
                if sent_words is None:
                    sent_words = {t.lower_ for t in tok.sent}
                if not sent_words & set(rule.needs_word) and not any(
                        " " in w and w in tok.sent.text.lower() for w in rule.needs_word):
                    continue  # multi-word cues ("martial law") are looked up in the sentence text
            if rule.labour_strike and not labour_strike(tok):
                continue
            if rule.support_verb and not support_construction(tok, lex.classes[rule.support_verb]):
                continue
            return key, rule
    return None
