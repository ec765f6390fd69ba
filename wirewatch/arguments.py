"""Who did it to whom: the agent and recipient of a trigger, from the dependency parse.

The agent is the grammatical subject (or the "by" phrase of a passive, or the controller of an
infinitive: "Trump is set to meet X"); the recipient the passive subject, dative, object or the "to /
against / on / with" phrase, then the subject of a demanded clause. Event nouns take their agent from a
possessor or demonym ("Russia's strikes", "Russian attacks") or from the verb they are the object of
("launched strikes"). Argument tokens are mapped to the actor mentions found by ``actors.py``; demonyms
stand for their country, pronouns for the last matching actor. When no actor is the recipient, a
place the event is aimed at stands for its country, as PLOVER codes it (docs/actors.md).
"""
from __future__ import annotations

import dataclasses
from typing import Optional

from spacy.tokens import Doc, Token

from . import countries
from .actors import actor_for_token, assign_country, country_of_place, country_of_word, group_name
from .records import Actor, Place
from .spanindex import doc_text, index
from .triggers import combatant_fighter, is_verbal, lexicon, support_construction, trigger_type


PARTITIVES = {"thousands", "hundreds", "dozens", "tens", "millions", "scores", "group", "groups", "members",
              "member", "some", "many", "most", "all", "one", "two", "several", "number", "crowd", "crowds",
              "delegation", "team", "band", "unit", "contingent", "batch", "patch", "handful", "majority"}
PRONOUNS_PERSON = {"he", "she", "him", "her"}
MEASURE_ENTS = {"TIME", "DATE", "QUANTITY", "CARDINAL", "PERCENT", "MONEY"}
AUTHORED_NOUNS = {"demand", "request", "call", "offer", "proposal", "pressure", "plan", "initiative", "ban",
                  "ultimatum", "appeal", "order", "invitation", "warning", "threat"}
STATEMENT_NOUNS = {"statement", "declaration", "resolution", "letter", "communique", "message", "appeal", "note",
                   "ultimatum", "call", "plea", "proposal", "warning", "decree", "order"}
PRONOUNS_GROUP = {"they", "them", "it"}


def _conj_root(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def stranded_main_verb(verb: Token) -> Optional[Token]:
    """The subject noun of a main verb that the small model hung inside (or onto) the subject's own comma-bounded
    relative clause: "Chile's government, which recalled an envoy over a dispute, called on the UN ..." parses
    *government* as the ROOT, "recalled" as its relcl and "called" as an acl of "dispute" (or of the root
    itself). A finite verb right after the comma that closes a non-restrictive relative clause on a verbless
    root is the sentence's main verb, and the root noun its subject (linguistic class: non-restrictive
    relative clauses between subject and predicate; the same repair as ``_subject_of``'s verbless-root rule).
    None for a true participle modifier (a passive "by" agent) or anything else."""
    if verb.dep_ != "acl" or verb.pos_ != "VERB" or verb.i == 0 or verb.doc[verb.i - 1].text != "," \
            or any(k.dep_ == "agent" for k in verb.children):
        return None
    # the noun the relative clause hangs on: the root itself, or (with a trailing "..., the ministry said") the
    # subject the parser gave the reporting verb after this one
    rels = [a for a in verb.ancestors if a.dep_ == "relcl"] + [k for k in verb.head.children if k.dep_ == "relcl"]
    for rel in rels:
        noun = rel.head
        if noun.pos_ not in ("NOUN", "PROPN") or not (noun.i < rel.i < verb.i) or rel.left_edge.i == 0 \
                or verb.doc[rel.left_edge.i - 1].text != "," or verb.head not in (noun, *rel.subtree):
            continue
        if noun.dep_ == "ROOT" or (noun.dep_ == "nsubj" and noun.head.i > verb.i):
            return noun
    return None


def _subject_of(verb: Token) -> Optional[Token]:
    """Grammatical agent of ``verb``: nsubj, passive 'by' agent, or the controller of an infinitive."""
    stranded = stranded_main_verb(verb)
    if stranded is not None:
        return stranded
    for k in verb.children:
        if k.dep_ == "agent":
            for t in k.children:  # not "extended by two hours", "fell by 5 percent"
                if t.dep_ == "pobj" and t.ent_type_ not in MEASURE_ENTS:
                    return t
    for k in verb.children:
        if k.dep_ in ("nsubj", "csubj"):
            return k
    for k in verb.children:  # the small model sometimes hangs the subject on the auxiliary
        if k.dep_ in ("aux", "auxpass"):
            subj = next((t for t in k.children if t.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj
    if verb.tag_ == "VBN" and any(k.dep_ == "auxpass" for k in verb.children) and any(
            k.dep_ == "xcomp" or (k.dep_ == "prep" and k.lower_ == "to") for k in verb.children):
        # a stative participle: "Peru is committed to reopening", "Chad is prepared to impose"
        subj = next((k for k in verb.children if k.dep_ == "nsubjpass"), None)
        if subj is not None:
            return subj
    if verb.dep_ in ("xcomp", "advcl", "conj", "acl") and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            if head.dep_ == "dobj" and head.head.pos_ == "VERB" and head.lemma_.lower() in STATEMENT_NOUNS:
                return _subject_of(head.head)  # "issued a declaration demanding ...": the issuer demands
            if head.dep_ == "ROOT" and any(k.dep_ == "dobj" for k in verb.children):
                # a finite clause misparsed as a reduced relative on a verbless root ("Gunmen on motorcycles
                # killed nine traders"): an active transitive verb's noun is its subject; a true reduced
                # relative is passive ("soldiers killed in the attack") and has no object
                return head
            return None
        for k in head.children:
            if k.dep_ in ("nsubj", "nsubjpass") and (verb.dep_ != "conj" or k.dep_ == "nsubj"):
                return k
        if head.dep_ in ("xcomp", "conj", "advcl") and head.head.i != head.i:
            return _subject_of(head)
        if head.dep_ in ("acomp", "attr") and head.head.i != head.i:  # "X is willing to withdraw"
            return next((k for k in head.head.children if k.dep_ in ("nsubj", "nsubjpass")), None)
    return None


def _noun_agent(tok: Token) -> Optional[Token]:
    """Agent of an event noun: possessor, demonym/compound, 'by X', or subject of the governing verb.
    A possessive pronoun ("held their first meeting") yields to the governing verb's subject."""
    poss = next((k for k in tok.children if k.dep_ == "poss"), None)
    if poss is not None and poss.pos_ != "PRON":
        return poss
    found = _noun_agent_beyond_poss(tok)
    return found if found is not None else poss


def _noun_agent_beyond_poss(tok: Token) -> Optional[Token]:
    for k in tok.children:
        if k.dep_ == "prep" and k.lower_ == "by":
            for t in k.children:
                if t.dep_ == "pobj":
                    return t
    if tok.dep_ == "nsubjpass" and support_construction(tok, SUPPORT_VERBS()):
        # "(Sharp) criticism of X was voiced by Y": the support verb's "by" agent is the noun's (linguistic
        # class: support-verb constructions, triggers.support_construction), before a modifier of the noun
        return _subject_of(tok.head)
    for k in tok.children:
        if k.dep_ in ("amod", "compound", "nmod") and (k.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")):
            return k
    if tok.pos_ == "NOUN" and is_verbal(tok):
        # a headline verb the tagger read as a noun ("Police fire tear gas at ..."): the noun right before it,
        # which the tagger made a modifier, is its subject (headline grammar: the subject run ends at the verb,
        # triggers.headline_verb; actors._headline_subject)
        prev = tok.doc[tok.i - 1] if tok.i > tok.sent.start else None
        if prev is not None and prev.pos_ in ("NOUN", "PROPN"):
            return prev
    for k in tok.children:  # "drone and missile attacks" -> compounds' conj chain
        if k.dep_ == "compound":
            for t in k.subtree:
                if t.ent_type_ in ("NORP", "GPE", "ORG"):
                    return t
    head = tok.head
    if tok.dep_ in ("dobj", "attr", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        return _subject_of(head)
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB" and head.lower_ in ("in", "of", "on", "for"):
        return _subject_of(head.head)  # "took part in talks", "remained on alert", "gathered for a rally"
    if (tok.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN"
            and head.head.lemma_.lower() in MEASURE_NOUNS):
        # "entered the 30th day of a hunger strike", "held three hours of talks", "a new round of talks":
        # linguistic class: measure and partitive constructions -- the head quantifies the event noun,
        # whose agent is then the head's own (the subject of the verb governing it) -- only when that verb is
        # an aspectual / light verb ("entered", "held", "began"); the subject of "survived / braced for a
        # wave of protests" is its target (linguistic class: aspectual and light verbs)
        measure = head.head
        gov = measure.head if measure.dep_ in ("dobj", "attr", "nsubjpass") else (
            measure.head.head if measure.dep_ == "pobj" and measure.head.dep_ == "prep" else None)
        if gov is not None and gov.pos_ in ("VERB", "AUX") and gov.lemma_.lower() not in ASPECT_VERBS:
            return next((k for k in measure.children if k.dep_ == "poss" and k.pos_ != "PRON"), None)
        return _noun_agent(measure)
    if tok.dep_ == "acomp" and head.i != tok.i:  # "Syria is willing to ...", "X is ready to"
        return next((k for k in head.children if k.dep_ in ("nsubj", "nsubjpass")), None)
    if tok.dep_ == "conj":
        return _noun_agent(_conj_root(tok))
    return None


def SUPPORT_VERBS() -> frozenset:
    """The support verbs of triggers.yml (classes support_verbs and verdict_verbs)."""
    classes = lexicon().classes
    return classes["support_verbs"] | classes["verdict_verbs"]


MEASURE_NOUNS = {"day", "week", "month", "year", "hour", "minute", "round", "wave", "series", "spate", "string",
                 "session", "phase", "stage", "part", "bout", "cycle"}
# aspectual and light verbs whose subject is the agent of the measured event ("entered the 30th day of a
# strike", "held three hours of talks", "staged a wave of protests")
ASPECT_VERBS = {"enter", "begin", "start", "hold", "stage", "launch", "continue", "resume", "mark", "join", "end",
                "complete", "conclude", "open", "conduct", "take", "participate"}
PREP_ORDER = ("to", "against", "on", "with", "at", "upon", "toward", "towards", "into", "for", "from", "of")
ACCUSE_PREP_ORDER = ("against", "over", "about", "to", "on", "with", "at", "upon", "toward", "towards", "into", "for",
                     "from", "of", "as")
# Meetings, agreements and cooperation (PLOVER 3.1 / 3.2 / 3.5) have a partner, their comitative "with" phrase, and
# a topic, their "on" phrase ("talks with X on trade", "exchanged files on al-Shabaab recruiters", "renewed
# negotiations on a troop pullback"): the topic is no party (linguistic class: the comitative argument of a
# symmetric predicate vs. its "on" theme), so "on" is no recipient preposition of these types
MEETING_PREP_ORDER = ("to", "with", "against", "at", "upon", "toward", "towards", "into", "for", "from", "of")
FROM_TYPES = {"RETREAT", "REQUEST", "SANCTION", "REJECT"}  # "withdraw troops from Lebanon", "demand autonomy from"
EMBEDDING_TYPES = {"AGREE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "ACCUSE"}
OWN_POSSESSIVES = {"its", "their", "his", "her", "our", "my"}
PLACE_PREPS = {"in", "into", "to", "at", "inside", "across", "throughout", "on"}
MEETING_TYPES = {"CONSULT", "AGREE", "COOPERATE"}  # "met in Geneva": the venue is not the other party
# SUPPORT verbs of ties between two parties (PLOVER 3.3 "initiate, resume, improve ... diplomatic cooperation"):
# reciprocal like a meeting, "Iran and Egypt restored ties" names both sides (linguistic class: symmetric
# predicates with a plural or coordinated subject)
RECIPROCAL_SUPPORT = {"restore", "resume", "renew", "normalize", "normalise", "upgrade"}
AUTHORITY_ROLES = {"GOV", "MIL", "COP", "JUD", "LEG"}
FACILITY_WORDS = {"facility", "facilities", "plant", "plants", "bridge", "airport", "port", "base", "dam", "station",
                  "reactor", "site", "complex", "mine", "refinery", "pipeline", "river", "works", "factory"}


# give verbs (Levin 1993 §13.1) that are triggers of several types by their theme (triggers.yml "hand over"):
# their "to" phrase names who receives, as for AID
GIVE_VERBS = {"hand", "pass"}
MEDIATION_WORDS = {"mediate", "mediation", "broker", "intercede", "arbitrate"}
RELATIONAL_NOUNS = {"counterpart", "counterparts", "host", "hosts", "guest", "guests"}


def recipient_candidates(tok: Token, rule_type: str, depth: int = 0) -> list[Token]:
    """Tokens that may name the recipient, best first: passive subject, dative, object, prepositional
    objects (to, against, on, with ...), then the subject of a demanded clause ("demanded that the US
    match ...") and the recipient of an embedded action ("offered to hand over to Britain")."""
    kids = list(tok.children)
    out = [k for k in kids if k.dep_ == "nsubjpass"]
    out.extend(_datives(tok))
    objects = [k for k in kids if k.dep_ == "dobj"]
    for k in objects:
        if rule_type == "AID" or tok.lemma_.lower() in GIVE_VERBS:  # "send weapons to Ukraine": the weapons are
            # not the recipient; "handed over 14 smugglers to their Beninese counterparts": a give verb's "to" goal
            # (Levin 1993 §13.1), which the parser may hang on the object noun (PP attachment)
            out.extend(t for p in k.children if p.dep_ == "prep" and p.lower_ == "to"
                       for t in p.children if t.dep_ == "pobj")
            # "send Ukraine missiles" misparsed as a compound of the object: the first name is the recipient
            out.extend(c for c in k.children if c.dep_ == "compound" and c.i == tok.i + 1
                       and c.ent_type_ in ("GPE", "NORP", "PERSON", "ORG"))
        elif k.lemma_.lower() in RELATIONAL_NOUNS or not any(
                c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in k.children):
            out.append(k)  # but "offered its troops to X": the agent's own troops are what is offered
            # ("hosted his Ugandan counterpart" is another party: a relational noun, not a possession)
    if rule_type == "ACCUSE":
        # "filed a complaint against X at the UN", "brought charges against Y in court": the object noun's
        # "against" phrase names the accused before the verb's forum or audience (PLOVER 3.9 ACCUSE
        # 'allege'; linguistic class: light-verb constructions, the noun carries the argument structure)
        out.extend(t for k in objects for p in k.children if p.dep_ == "prep" and p.lower_ == "against"
                   for t in p.children if t.dep_ == "pobj")
    out.extend(_prep_objects(tok, rule_type, verb=tok.pos_ == "VERB"))
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
        # "opened investigations against X", "launched attacks on Y", "issued a reminder to Z": the phrase
        # hangs on the light verb
        out.extend(_datives(tok.head))
        out.extend(t for t in _prep_objects(tok.head, rule_type, verb=True) if t not in out)
    # "demanded support from X", "called for sanctions against Y", "boycott contact with Z", "respond to a
    # demand from W", "refused despite pressure by V": the object noun's own phrase names the recipient
    noun_preps = ("for", "on", "to") + (("despite",) if rule_type == "REJECT" else ())

    nouns = objects + [t for p in kids if p.dep_ == "prep" and p.lower_ in noun_preps for t in p.children
                       if t.dep_ == "pobj"]
    # "pledged $400 million in assistance to X", "offered 2,000 tonnes in food aid for Y": the "in" phrase of an
    # amount names what is given, and its own phrase the party (linguistic class: quantity nouns with a
    # substance "in" phrase -- the amount heads the object, the substance noun carries the argument structure)
    nouns += [t for k in objects if k.ent_type_ in ("MONEY", "QUANTITY") or any(c.dep_ == "nummod" for c in k.children)
              for p in k.children if p.dep_ == "prep" and p.lower_ == "in" for t in p.children if t.dep_ == "pobj"]
    for n in nouns:
        out.extend(t for t in _prep_objects(n, rule_type, verb=False, by=True) if t not in out)
    out.extend(t for t in _hosted_parties(nouns) if t not in out)
    if tok.lemma_.lower() in MEDIATION_WORDS:
        # "offered to mediate between X and Y", "a mediation mission between X and Y": the mediator acts on the
        # parties of its "between" phrase, the first of them the recipient (PLOVER 3.1 AGREE offers to mediate,
        # 3.2.3 CONSULT third-party; linguistic class: the "between" argument of a predicate of intervening)
        out.extend(t for p in kids if p.dep_ == "prep" and p.lower_ == "between" for t in p.children
                   if t.dep_ == "pobj" and t not in out)
    # "ratified the pact signed with Britain", "reopened the crossing to trade with Afghanistan": the "with" phrase of
    # a clause modifying the object noun (participle or infinitive) names the other party of the deal (linguistic
    # class: the comitative argument of a reciprocal predicate in a noun-modifying clause)
    out.extend(t for n in objects for c in n.children if c.dep_ in ("acl", "advcl", "relcl") and c.pos_ == "VERB"
               for p in c.children if p.dep_ == "prep" and p.lower_ == "with"
               for t in p.children if t.dep_ == "pobj" and t not in out)
    if rule_type in EMBEDDING_TYPES or depth:
        for k in kids:
            if k.dep_ == "ccomp" and rule_type in EMBEDDING_TYPES:
                out.extend(t for t in k.children if t.dep_ in ("nsubj", "nsubjpass"))
            purpose = k.dep_ == "advcl" and depth > 0 and any(c.dep_ == "aux" and c.lower_ == "to" for c in k.children)
            if (k.dep_ in ("xcomp", "ccomp") or purpose) and depth < 3:
                # "offered to hand over to Chile", "willing to send equipment to help protect Oman"
                out.extend(c for c in recipient_candidates(k, _type_like(k), depth + 1) if c not in out)
        if rule_type == "THREATEN":  # "threatened to strike unless Israel rescinded ...": the one to yield
            # the condition may sit in the threatened clause: the verb's infinitive or finite complement ("warned
            # they would block the roads if Ghana ..."), the complement of a threat noun's light verb or the
            # noun's own clause ("issued a warning that it would ... unless Tbilisi paid"); PLOVER 3.11 THREATEN
            # (the recipient is the one threatened; linguistic class: the protasis of a conditional threat)
            comps = [k for k in kids if k.dep_ in ("xcomp", "ccomp", "acl", "relcl")]
            if tok.pos_ == "NOUN" and tok.dep_ == "dobj":
                comps += [k for k in tok.head.children if k.dep_ in ("ccomp", "xcomp")]
            clauses = kids + [c for k in comps for c in k.children]
            out.extend(t for k in clauses if k.dep_ == "advcl" and any(m.lower_ in ("unless", "if") for m in k.children)
                       for t in k.children if t.dep_ in ("nsubj", "nsubjpass") and t not in out)
        if rule_type in EMBEDDING_TYPES:  # "repeated its demand that Peru's government release ..."
            out.extend(t for n in nouns for c in n.children if c.dep_ in ("acl", "ccomp")
                       for t in c.children if t.dep_ in ("nsubj", "nsubjpass") and t not in out)
        if depth < 3:
            # "accepted an invitation to pay a state visit to Ghana", "announced a plan to send troops to X": the
            # infinitive complement of the object noun is the deed offered, asked or accepted, and its recipient
            # the party (linguistic class: noun complement clauses -- the noun's to-infinitive carries the
            # argument structure, like the verb's own xcomp above; PLOVER 3.2.1 invitations and 3.1 promises)
            for n in nouns:
                for c in n.children:
                    if c.dep_ == "acl" and c.pos_ == "VERB" and any(a.dep_ == "aux" and a.lower_ == "to"
                                                                     for a in c.children):
                        out.extend(t for t in recipient_candidates(c, _type_like(c), depth + 1) if t not in out)
    return out


def _hosted_parties(nouns: list[Token]) -> list[Token]:
    """The parties of a reciprocal event noun that the agent hosts, offers or mediates ("offered to host talks
    between X and Y", "a new round of negotiations between X and Y"): the first of the "between" phrase, the
    second being reachable from it. PLOVER 3.2.3 CONSULT *third-party* (a meeting hosted by a third party) and
    3.1 AGREE (offers to mediate): the host or mediator acts on the parties (linguistic class: the "between"
    argument of a symmetric predicate's nominalisation)."""
    out = []
    for n in nouns:
        inner = [n] + [t for p in n.children if p.dep_ == "prep" and p.lower_ == "of"
                       and n.lemma_.lower() in MEASURE_NOUNS for t in p.children if t.dep_ == "pobj"]
        for m in inner:
            if trigger_type(m) in MEETING_TYPES:
                out.extend(t for p in m.children if p.dep_ == "prep" and p.lower_ == "between"
                           for t in p.children if t.dep_ == "pobj")
    return out


def _datives(verb: Token) -> list[Token]:
    """"send Ukraine missiles" or "send missiles to Ukraine" (parsed as a dative 'to')."""
    return [t for k in verb.children if k.dep_ == "dative"
            for t in ([c for c in k.children if c.dep_ == "pobj"] if k.pos_ == "ADP" else [k])]


def _prep_objects(head: Token, rule_type: str, verb: bool, by: bool = False) -> list[Token]:
    """Objects of ``head``'s recipient prepositions, in PREP_ORDER ("of" only after a noun). With ``by``,
    an object noun's "by" phrase too: whoever made the call rejected is its recipient ("rejected calls by
    X", "violated a ban by Y")."""
    preps = {k.lower_: k for k in head.children if k.dep_ == "prep"}
    out = []
    # "complained to the UN over Israeli raids": an accusation's recipient is the accused, not the audience
    order = ACCUSE_PREP_ORDER if rule_type in ("ACCUSE", "PROTEST") else PREP_ORDER
    if rule_type in MEETING_TYPES:
        order = MEETING_PREP_ORDER  # "shared intelligence with Kyiv on North Korean troops": the partner, not the topic
    authored = not verb and head.lemma_.lower() in AUTHORED_NOUNS  # "a demand from the US President"
    for word in order + (("by",) if by else ()):
        if word not in preps or (word == "of" and verb) or (word == "from" and rule_type not in FROM_TYPES
                                                             and not authored):
            continue
        out.extend(t for t in preps[word].children if t.dep_ == "pobj")
    return out


def _place_recipient(tok: Token, rule_type: str, doc: Doc, agent: Optional[Actor] = None) -> Optional[Actor]:
    """The country of a place the event is directed at, when no actor is: "visit Albania", "troops arrived
    in Bosnia", "lifted the curfew in Montenegro", "imposed martial law in Baghdad". PLOVER coders take
    such a place for the recipient; a meeting's venue is not one."""
    places = doc.user_data.get("wirewatch_places") or []
    heads = [tok] + [k for k in tok.children if k.dep_ in ("dobj", "xcomp")]
    heads += [k for h in heads[1:] for k in h.children if k.dep_ in ("dobj", "acl")]
    # "refused to deploy troops in Iraq", "relaxed the curfew imposed in Mali"
    if tok.dep_ in ("nsubj", "nsubjpass", "xcomp", "advcl") and tok.head.pos_ == "VERB":
        heads.append(tok.head)  # "the deployment ... arrived in Bosnia", "sent experts to Bosnia to investigate"
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB":
        heads.append(tok.head.head)  # "troops remained on alert in the West Bank"
    cands = list(recipient_candidates(tok, rule_type))
    if rule_type not in MEETING_TYPES:
        preps = PLACE_PREPS | ({"from"} if rule_type in ("AID", "RETREAT") else set())  # "evacuated from Gorazde"
        cands += [t for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in preps
                  for t in p.children if t.dep_ == "pobj"]
    for cand in cands:
        # a place possessor of the noun aimed at stands for its country like a compound does ("shelled Omdurman's
        # markets", "funds for Mosul's hospitals"; linguistic class: the possessor of a locative part noun, as
        # actors.PLACE_PARTS reads "Nairobi's central business district")
        for t in [cand] + [c for c in cand.children if c.dep_ in ("compound", "prep", "pobj", "appos", "poss")]:
            if t.dep_ == "prep":
                t = next((c for c in t.children if c.dep_ == "pobj"), t)  # "the town of Gorazde"
            place = next((p for p in index(doc, places).covering(t.idx) if country_of_place(p)), None)
            c = countries.country_by_iso3(country_of_place(place)) if place is not None else None
            if c is None and t.ent_type_ in ("GPE", "LOC"):
                c = country_of_word(t.text)
            if c is not None and not (agent is not None and agent.kind == "country" and agent.name == c.name
                                      and (place is None or place.feature == "country")):
                return _place_mention(cand, t, place, c)  # but "bar entry to Canada" said by Canada: not itself
    return None


def _place_mention(cand: Token, tok: Token, place: Optional[Place], country: countries.Country) -> Actor:
    """The recipient mention of a place: the place itself when it is an argument ("visit Albania"), the
    whole phrase when it is locative ("in Montenegro"), so that the place stays the event's location."""
    start, end = (place.start, place.end) if place is not None else (tok.idx, tok.idx + len(tok.text))
    if cand.dep_ == "pobj" and cand.head.dep_ == "prep" and cand.head.lower_ in PLACE_PREPS | {"from"}:
        start = cand.head.idx
    text = doc_text(cand.doc)[start:end]
    return Actor(text, start, end, country.name, "country", country.iso3, None)


def location_recipient(location: Optional[Place], agent: Optional[Actor], rule_type: str,
                       mode: Optional[str] = None) -> Optional[Actor]:
    """When no recipient is named, the country of the event's location stands for it, as PLOVER and CAMEO
    coders take it ("shortened the curfew in Sudan", "shelling hit Kharkiv", "troops arrived in Bosnia":
    the country acted on); the mention is the place's own span, so it stays traceable. Never for meetings
    and agreements (a venue is not a party), nor a country acting on itself by name -- except a visit
    abroad: the visited country is the host, the recipient (PLOVER 3.2.2; "arrived in Astana on a
    two-day visit")."""
    if location is None or location.feature == "region":
        return None
    if rule_type in MEETING_TYPES and not (
            rule_type == "CONSULT" and mode == "visit" and agent is not None and agent.country
            and country_of_place(location) not in (None, agent.country)):
        return None
    country = countries.country_by_iso3(country_of_place(location))
    if country is None or (agent is not None and agent.kind == "country" and agent.name == country.name
                           and location.feature == "country"):
        return None
    return Actor(location.text, location.start, location.end, country.name, "country", country.iso3, None)


def unidentified_actor(event) -> None:
    """An event whose text names no actor at all ("a roadside bombing near Samarra killed a US soldier", "an
    inquiry was opened into deaths at a detention centre in Tripoli") gets an unidentified actor coded with the
    country of the event's own place: PLOVER ch. 5 Table 5.2 has the sector UNK for exactly this ("generic
    unidentified actors, e.g. actor for 'two civilians were killed by a bomb'"), and coders place unattributed
    actors where they act, as ``events.code_event`` does for a group named without a country. The mention is the
    place's own span, so it stays traceable. Not for meetings, agreements and cooperation (a venue is not a
    party), nor an attack or coercion aimed at the place itself ("Kharkiv was shelled": the place is the
    target, its country the victim's). Run after refinement, and the event's confidence is left as it was: an
    inferred actor is no evidence read in the text."""
    loc = event.location
    if event.actor is not None or loc is None or loc.feature == "region" or event.type in MEETING_TYPES:
        return
    if loc.start < event.sentence["start"] or loc.start >= event.sentence["end"]:
        return  # a place borrowed from an earlier sentence
    rec = event.recipient
    if event.type in ("ASSAULT", "COERCE") and rec is not None and rec.start < loc.end and loc.start < rec.end:
        return
    country = countries.country_by_iso3(country_of_place(loc))
    if country is None:
        return
    event.actor = Actor(loc.text, loc.start, loc.end, group_name("UNK", country.name), "group", country.iso3, "UNK")


# Internal arguments of a predicate (linguistic class: the complements of the verb phrase -- object, dative,
# prepositional and clausal complements, at any depth -- as opposed to its subject and its adjuncts)
COMPLEMENT_DEPS = {"dobj", "dative", "prep", "xcomp", "ccomp", "acomp", "oprd", "attr", "nsubjpass"}
ADJUNCT_DEPS = {"advcl", "parataxis", "conj", "cc", "punct", "csubj", "agent", "npadvmod", "advmod", "mark"}
# prepositions of adjuncts (time, place, circumstance, source of a report), never of the party acted on
ADJUNCT_PREPS = {"in", "at", "during", "after", "before", "since", "amid", "despite", "according", "near", "inside",
                 "outside", "throughout", "across", "by", "ahead", "following", "without", "until", "within"}
# sectors that PLOVER codes with a pseudo-code, not a country (ch. 5): such a recipient is complete without one
PSEUDO_CODED_ROLES = {"IGO", "NGO"}
REPORTING_LEMMAS = {"say", "tell", "report", "add", "state", "claim", "announce", "confirm", "quote"}


def complement_recipient(event, doc: Doc, actors: list[Actor]) -> None:
    """An event with no recipient takes the first coded actor named inside its predicate's complements: "found
    Guatemala liable for the disappearance of 11 villagers" (a small clause), "a lawsuit against the Chilean state
    was filed by ..." (a light-verb noun in the passive), "appeals to Congolese militias to free ...", "threatens to
    seize the region from Guyana". PLOVER 2.4.1: the recipient is the entity to whom the event is directed; CAMEO-era
    coders (TABARI, PETRARCH) take it from the verb phrase, never from the subject. Linguistic class: the internal
    arguments of a predicate (its object, dative, prepositional and clausal complements at any depth), not its
    subject and not its adjuncts (time, place and circumstance phrases, adverbial clauses, the report's source).
    Only when the specific rules of ``recipient_candidates`` found none; run after refinement and the confidence is
    left as it was, as for ``unidentified_actor`` (an argument found this deep ranks no event)."""
    current = event.recipient
    if current is not None and (current.country is not None or current.role in PSEUDO_CODED_ROLES):
        return
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return
    for i in _complement_domain(span.root):
        found = actor_for_token(actors, doc[i])
        if found is None or _same_entity(found, event.actor) or found.country is None or found is current:
            continue
        if current is not None and current.role is not None and found.start > current.start:
            break  # a coded sector with no country ("the rebels") yields only to a complement named before it
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        root = span.root if span is not None else doc[i]
        if root.lemma_.lower() not in RELATIONAL_NOUNS and any(
                c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in root.children):
            continue  # "met his cabinet", "offered its troops": the agent's own, as in ``recipient_candidates``
        event.recipient = found
        return


def _complement_domain(tok: Token) -> list[int]:
    """Token indices of the internal arguments of the predicate ``tok`` (``complement_recipient``), in text order:
    its complements at any depth, and for a noun trigger those of the verb it is the object or passive subject of;
    never its subject, adjuncts, the report's source or an absolute "with" construction."""
    heads = [tok] + ([tok.head] if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ == "VERB"
                     else [])
    domain: set[int] = set()

    def walk(head: Token, top: bool) -> None:
        for c in head.children:
            # the subject of a complement clause is an internal argument of the predicate ("found X liable",
            # "allow X to dock"); the predicate's own subject is not
            if c.i in domain or (top and c.dep_ not in COMPLEMENT_DEPS) or c.dep_ in ADJUNCT_DEPS \
                    or (c.dep_ == "prep" and c.lower_ in ADJUNCT_PREPS) \
                    or (c.dep_ == "ccomp" and c.lemma_.lower() in REPORTING_LEMMAS) or _absolute_with(c):
                continue
            domain.add(c.i)
            walk(c, False)

    for h in heads:
        walk(h, True)
    return sorted(domain)


NOMINAL_POS = {"NOUN", "PROPN", "PRON"}
MODIFIER_DEPS = {"poss", "compound", "amod", "det", "nummod", "nmod", "case", "quantmod"}
# words that place a party outside the state ("foreign NGOs", "international partners", "the world's largest emitters")
FOREIGN_WORDS = {"foreign", "international", "world", "global", "overseas", "multinational", "regional"}


def _countries_named(doc: Doc, actors: list[Actor], places: list[Place], start: int, end: int) -> set[str]:
    """The countries a stretch of text names: its actors' and places' countries and its demonyms."""
    named = {a.country for a in actors if a.country and start <= a.start < end}
    named |= {c for p in places if start <= p.start < end and (c := country_of_place(p))}
    for t in doc:
        if start <= t.idx < end and t.ent_type_ == "NORP" and (c := countries.country_by_demonym(t.text)):
            named.add(c.iso3)
    return named


def _unknown_organisation(party: Actor) -> bool:
    """A name the knowledge base does not know and no earlier step coded ("Brightwell Group"): a company or brand
    never takes the story's country (review6 finding 4; ``events._home_organisation`` codes the domestic ones)."""
    return party.kind == "organization" and party.role is None


def single_country_recipient(event, doc: Doc, actors: list[Actor], places: list[Place]) -> None:
    """An event whose recipient has no country (or was not found), in a sentence that names one country and no
    other, is directed at that country's own party: "Poland's president vetoed a law" (the legislature), "Fiji's
    opposition demanded that the prime minister resign", "Malawi's ruling party expels its secretary-general",
    "Zambia: police release 14 striking miners". PLOVER ch. 5 codes every actor and recipient with the country it
    is associated with, and its sector codes exist for "domestic, not international, events" (5.2); domestic news
    does not restate the country of each party, as ``actors._fill_home_country`` reads for officials. Linguistic
    class: none -- a coding convention (the one country of a purely domestic report). The recipient must still
    stand in the text as an argument of the predicate (a recipient candidate or an internal argument,
    ``_complement_domain``), never invented from nothing: a mention already found there takes the country, else
    the argument's own words are the mention. A sentence that names no country borrows the document's, if it names
    exactly one. Run last, after every rule that reads a recipient; the confidence is left as it was."""
    current = event.recipient
    if current is not None and (current.country is not None or current.role in PSEUDO_CODED_ROLES):
        return
    if event.type in ("MOBILIZE", "ASSAULT"):
        # the forces moved are the actor's own (PLOVER 3.14), no party acted on; and the side attacked is exactly
        # what must not be guessed in conflict news (``actors.HOME_ROLES`` leaves armed sectors out for this)
        return
    if current is not None and current.kind == "person":
        # a person's nationality is named by a country, a demonym or a coded actor, never by the place where the
        # event happens ("X and Y met in Washington": the venue's country is nobody's; PLOVER ch. 5 codes the
        # country an actor is associated with)
        places = [p for p in places if p.feature == "country"]
    sent = event.sentence or {}
    named = _countries_named(doc, actors, places, sent.get("start", 0), sent.get("end", len(doc_text(doc))))
    if not named:
        named = _countries_named(doc, actors, places, 0, len(doc_text(doc)))
    if len(named) != 1:
        return
    iso3 = next(iter(named))
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is not None and _foreign_affairs_agent(span.root, event.actor, doc):
        return
    if current is not None:
        if _unknown_organisation(current) or current.role in ARMED_SECTORS:
            return
        event.recipient = dataclasses.replace(current)
        assign_country(event.recipient, iso3)
        return
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return
    tok = span.root
    agent = event.actor
    cands = list(recipient_candidates(tok, event.type)) + [doc[i] for i in _complement_domain(tok)]
    for c in cands:
        if c.pos_ not in NOMINAL_POS or c.ent_type_ in MEASURE_ENTS or c.i == tok.i or c.dep_ in MODIFIER_DEPS:
            continue  # a head noun of an argument, not a modifier inside it ("his" of "his cabinet")
        if agent is not None and agent.start <= c.idx < agent.end:
            continue
        if any(t.lower_ in FOREIGN_WORDS for t in c.subtree if t.i <= c.i):
            return  # "warned foreign aid groups", "appealed to international partners": no domestic party
        found = actor_for_token(actors, c)
        if found is not None and _same_entity(found, agent):
            continue
        if found is not None and event.type in MEETING_TYPES and c.lemma_.lower() not in RELATIONAL_NOUNS and any(
                k.dep_ == "poss" and k.lower_ in OWN_POSSESSIVES for k in c.children):
            continue  # "met his cabinet": the agent's own body, as ``complement_recipient`` reads it
        if found is not None:
            if found.role in PSEUDO_CODED_ROLES or found.role in ARMED_SECTORS or _unknown_organisation(found):
                return
            event.recipient = dataclasses.replace(found)
            assign_country(event.recipient, iso3)
            return
        if event.type in MEETING_TYPES or c.pos_ != "NOUN" or c.ent_type_ or (len(c.text) > 1 and c.text.isupper()):
            continue  # a meeting's topic is no party; a name, acronym or pronoun the actor stage did not resolve
            # codes nothing ("withdrew from ECOWAS" tagged a common noun)
        country = countries.country_by_iso3(iso3)
        if country is None:
            return
        # the argument names no actor ("vetoed a law", "rejected the offer"): the country is the recipient, the
        # argument's noun phrase its mention, as ``unidentified_actor`` takes the place's span
        s = doc[c.left_edge.i:c.i + 1]
        event.recipient = Actor(s.text, s.start_char, s.end_char, country.name, "country", iso3, None)
        return


# the organs of a state's foreign relations (PLOVER Table 5.2 GOV: foreign ministry, diplomats, missions abroad)
FOREIGN_AFFAIRS_WORDS = {"ambassador", "ambassadors", "embassy", "embassies", "envoy", "envoys", "diplomat",
                         "diplomats", "consulate", "consulates", "consul", "chancellery"}


def _foreign_affairs_agent(tok: Token, agent: Optional[Actor], doc: Doc) -> bool:
    """Is the agent of ``tok`` a state's organ of foreign relations ("Belarus's foreign ministry", "the foreign
    minister", "Kenya's ambassador", "the embassy")? Its statements and acts are directed at other states, so the
    one-country convention of a domestic report does not hold: "Belarus's foreign ministry condemned the decision"
    (of the EU) names no Belarusian party acted on (PLOVER ch. 5: a recipient is coded with the country it is
    associated with, and a foreign ministry's counterpart is by its office another state's)."""
    subj = _subject_of(tok) if tok.pos_ in ("VERB", "AUX") else _noun_agent(tok)
    words = {t.lower_ for t in subj.subtree} if subj is not None else set()
    if agent is not None:
        words |= {w.lower() for w in doc_text(doc)[agent.start:agent.end].split()}
    return bool(words & FOREIGN_AFFAIRS_WORDS) or "foreign" in words and bool(
        words & {"ministry", "minister", "office", "secretary", "affairs", "service"})


ARMED_SECTORS = {"MIL", "REB"}
STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG"}


def domestic_armed_recipient(event) -> None:
    """Soldiers or rebels named without a country whom a state's organ acts on without force ("granted an amnesty to
    soldiers jailed over the mutiny", "warned it would suspend talks if the rebels ...") are that state's own: PLOVER
    ch. 5 codes a domestic sector with its state's code, and the home-country step (``actors.HOME_ROLES``) leaves
    armed sectors uncoded only because the side that fights must not be guessed -- not at issue outside assaults."""
    rec, agent = event.recipient, event.actor
    if rec is None or rec.country is not None or rec.role not in ARMED_SECTORS or event.type == "ASSAULT":
        return
    if agent is None or agent.country is None or not (agent.kind == "country" or agent.role in STATE_SECTORS):
        return
    event.recipient = dataclasses.replace(rec)
    assign_country(event.recipient, agent.country)


def _absolute_with(prep: Token) -> bool:
    """An absolute "with" construction ("talks were held in Oslo, with Norway acting as guarantor"): a circumstance
    of the event whose noun has its own predicate (a participle or infinitive), an adjunct, not a party."""
    if prep.dep_ != "prep" or prep.lower_ != "with":
        return False
    return any(t.dep_ == "pcomp" and t.pos_ in ("VERB", "AUX") for t in prep.children) or any(
        c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX") for t in prep.children if t.dep_ == "pobj"
        for c in t.children)


def _type_like(tok: Token) -> str:
    """Event type of an embedded verb ("offered to hand over"), CONSULT when it is no trigger."""
    return trigger_type(tok) or "CONSULT"


def recipient_token(tok: Token, rule_type: str) -> Optional[Token]:
    """The best recipient candidate token, whether or not it names an actor (e.g. a town attacked)."""
    cands = recipient_candidates(tok, rule_type)
    return cands[0] if cands else None


def _recipient(tok: Token, rule_type: str, actors: list[Actor], doc: Doc,
               agent: Optional[Actor] = None) -> Optional[Actor]:
    """The first candidate that names an actor other than the agent itself ("X would bar entry to X"
    is about someone else); for protests the target of their demand; else a place aimed at."""
    # a name resolved to no country and no role codes nothing (PLOVER ch. 5 codes actors by country and sector),
    # so it is kept only when no later candidate names a coded actor: "released members of the Tarvo Front to
    # Kenya" names Kenya. A facility's name taken for an organisation ("the Enrichment Works (EWX)") then yields
    # to the place aimed at; a named group stays the recipient, coded with the country of that place, as coders
    # code a group acted on where nothing else places it (``events._unattributed_country`` for role nouns)
    unknown = None
    for cand in recipient_candidates(tok, rule_type):
        # "denounced as a crime Serbia's suppression of ...": an apposition names the same thing
        for c in [cand] + [k for k in cand.children if k.dep_ == "appos"]:
            found = actor_at(c, actors, doc, tok.idx)
            if found is None or _same_entity(found, agent):
                continue
            if found.country is None and found.role is None:
                unknown = unknown or (found, _names_a_facility(c))
                continue
            return found
    found = _protest_target(tok, actors, agent) if rule_type == "PROTEST" else None
    if found is not None:
        return found
    if unknown is None:  # "seized a Marshall Islands-flagged tanker in the Gulf of Oman": the flag state, not the waters
        flagged = next((f for c in recipient_candidates(tok, rule_type) if (f := flag_state_party(c)) is not None
                        and not _same_entity(f, agent)), None)
        if flagged is not None:
            return flagged
    place = _place_recipient(tok, rule_type, doc, agent)
    if unknown is None:
        return place
    if place is None or unknown[1]:
        return place or unknown[0]
    return dataclasses.replace(unknown[0], country=place.country)


# craft that carry a state's flag or nationality (ships, aircraft, lorries): the nouns whose nationality
# modifier names the state they belong to
CRAFT_WORDS = {"ship", "ships", "vessel", "vessels", "tanker", "tankers", "freighter", "freighters", "boat", "boats",
               "trawler", "trawlers", "ferry", "ferries", "carrier", "carriers", "warship", "warships", "frigate",
               "frigates", "destroyer", "destroyers", "yacht", "yachts", "aircraft", "plane", "planes", "airliner",
               "airliners", "jet", "jets", "lorry", "lorries", "truck", "trucks"}


def flag_state_party(noun: Token) -> Optional[Actor]:
    """A ship, aircraft or lorry named by its flag or nationality ("a Marshall Islands-flagged tanker", "a
    Greek-flagged tanker", "Ukrainian grain lorries") stands for that state as the party acted on: PLOVER ch. 5 codes
    an actor with the country it is associated with, and a craft belongs to its flag state (the law of the sea's
    flag-state rule; linguistic class: a nationality or flag modifier of a concrete noun names its owner, as a
    demonym of a group noun does -- "Russian troops"). The mention is the noun phrase."""
    if noun.lower_ not in CRAFT_WORDS or noun.pos_ != "NOUN":
        return None
    country = None
    for k in noun.children:
        if k.dep_ in ("amod", "compound", "nmod", "npadvmod") and k.i < noun.i:
            if k.lower_ == "flagged":  # "Greek-flagged", "Marshall Islands-flagged": the flag's own words
                words = [t for t in k.subtree if t.i < k.i and t.text != "-"]
                name = doc_text(noun.doc)[words[0].idx:words[-1].idx + len(words[-1].text)] if words else ""
                country = country_of_word(name) if name else None
            elif k.ent_type_ in ("NORP", "GPE"):
                country = country_of_word(k.text)
            if country is not None:
                break
    if country is None:
        return None
    start = noun.left_edge.idx
    return Actor(doc_text(noun.doc)[start:noun.idx + len(noun.text)], start, noun.idx + len(noun.text),
                 country.name, "country", country.iso3, None)


def _names_a_facility(tok: Token) -> bool:
    """Is this noun phrase (or the one it stands in apposition to) a plant, bridge, base ...?"""
    heads = [tok] + ([tok.head] if tok.dep_ == "appos" else [])
    return any(h.lower_ in FACILITY_WORDS for h in heads)


def _same_entity(a: Actor, b: Optional[Actor]) -> bool:
    """Is ``a`` the agent ``b`` again (the same mention, a pronoun for it, or another mention of it)?"""
    return b is not None and (a.start == b.start or (a.name == b.name and a.country == b.country))


def _protest_target(tok: Token, actors: list[Actor], agent: Optional[Actor]) -> Optional[Actor]:
    """Whom a protest is aimed at, from its purpose or stated grievance: "staged demonstrations to demand
    reforms by President Suharto's government", "in defiance of Chinese authorities", "a hunger strike in
    protest of the Russian government's refusal". The first authority (government, security forces,
    leader, state) in the clause after the trigger, outside the protesters' own phrase."""
    clause = tok.head if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "pobj") else tok
    while clause.pos_ != "VERB" and clause.head.i != clause.i:
        clause = clause.head
    agent_span = (agent.start, agent.end) if agent is not None else (-1, -1)
    for t in clause.subtree:
        if t.i <= tok.i or agent_span[0] <= t.idx < agent_span[1]:
            continue
        found = actor_for_token(actors, t)
        if found is not None and (found.kind in ("country", "person") or found.role in AUTHORITY_ROLES) \
                and not _same_entity(found, agent) and found.role not in ("PRO", "CVL"):
            return found
    return None


def actor_at(tok: Optional[Token], actors: list[Actor], doc: Doc, pos: int) -> Optional[Actor]:
    """Map an argument token to an actor mention (the token itself, its NP, or a resolved pronoun)."""
    if tok is None:
        return None
    if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
        tok = tok.head.head  # "a Pakistani woman who shot at ...": the relative pronoun's antecedent
    found = actor_for_token(actors, tok)
    if found:
        return found
    # the head noun may be uncovered but a modifier is an actor ("Russian attacks" handled elsewhere), also
    # down a chain of compounds ("US Predator attacks")
    for t in tok.subtree:
        # a possessor's own modifier names the owner too: "the Togolese army's barracks" (linguistic class:
        # the possessor NP of a possessed noun; PLOVER ch. 5 codes a state's organs and property with its code)
        if t.dep_ in ("compound", "amod", "poss", "nmod") and (t.head.i == tok.i or (
                t.dep_ in ("compound", "amod") and t.head.dep_ in ("compound", "poss") and t.head.head.i == tok.i
                and (t.dep_ == "compound" or t.head.dep_ == "poss"))):
            found = actor_for_token(actors, t)
            if found:
                return found
    if tok.lower_ in PARTITIVES or tok.like_num:  # "thousands of Iraqi Kurds", "a group of Chilean envoys"
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                pobj = next((t for t in prep.children if t.dep_ == "pobj"), None)
                if pobj is not None:
                    found = actor_at(pobj, actors, doc, pos)
                    if found:
                        return found
    mods = [t for t in tok.children if t.dep_ in ("amod", "compound", "nmod")]
    mods += [g for t in mods if t.dep_ == "compound" for g in t.children if g.dep_ == "compound"]  # "US Predator attacks"
    for t in mods:  # "Russian drones", "Israeli airstrikes", "Ugandan candidates": the demonym is the actor
        if t.ent_type_ in ("NORP", "PERSON") or t.pos_ in ("ADJ", "PROPN"):
            demonym = _demonym_actor(t)
            if demonym:
                return demonym
    if tok.lower_ in PRONOUNS_PERSON | PRONOUNS_GROUP:
        want_person = tok.lower_ in PRONOUNS_PERSON
        reporter = _reporting_subject(tok)  # "the union announced that it had called off ..." -> the union
        if reporter is not None:
            found = actor_at(reporter, actors, doc, pos)
            if found is not None and (found.kind == "person") == want_person:
                return found
        for a in reversed(actors):
            if a.start < tok.idx and ((a.kind == "person") == want_person):
                return a
    if tok.ent_type_ == "NORP" or tok.pos_ == "ADJ":
        return _demonym_actor(tok)
    return None


def _reporting_subject(pron: Token) -> Optional[Token]:
    """The subject of the clause that embeds a pronoun subject's clause ("X said that it ...")."""
    if pron.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = pron.head
    while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.i == clause.i:
        return None
    return next((k for k in clause.head.children if k.dep_ == "nsubj" and k.i != pron.i), None)


def _country_actor(tok: Token) -> Optional[Actor]:
    """A country's name or demonym as a party ("Paraguay", "Paraguayan"), None for any other word."""
    c = country_of_word(tok.text)
    return Actor(tok.text, tok.idx, tok.idx + len(tok.text), c.name, "country", c.iso3, None) if c else None


def _demonym_actor(tok: Token) -> Optional[Actor]:
    """A demonym used as an agent ("Russian attacks") stands for its country."""
    c = country_of_word(tok.text)
    if c and not tok.ent_type_ == "GPE":
        return Actor(tok.text, tok.idx, tok.idx + len(tok.text), c.name, "country", c.iso3, None)
    return None


FIRST_PERSON = {"we", "i"}
QUOTING_VERBS = {"say", "tell", "state", "add", "declare", "write", "announce", "warn", "stress", "insist"}


def _quoted_speaker(tok: Token) -> Optional[Token]:
    """The speaker of the direct quote that holds ``tok`` ("'We call upon ...,' the union said"). Linguistic
    class: deixis in direct speech -- a first-person pronoun inside a quotation refers to the quoted
    speaker, the subject of the sentence's reporting verb (which must not itself be a pronoun)."""
    quotes = [t.i for t in tok.sent if t.text in ('"', "“", "”")]
    if not quotes or not (quotes[0] < tok.i < quotes[-1] or len(quotes) == 1 and tok.i > quotes[0]):
        return None
    for verb in tok.sent:
        if verb.lemma_.lower() in QUOTING_VERBS and not (quotes[0] < verb.i < quotes[-1]):
            subj = next((k for k in verb.children if k.dep_ == "nsubj" and k.pos_ != "PRON"), None)
            if subj is not None:
                return subj
    return None


# Verbs of intercepting what another side launched (the phrasal "shoot down"; Levin 44 verbs of destroying the
# theme): their object is the attacker's munitions, so the side acted on is whoever launched them -- PLOVER 3.16
# ASSAULT codes the side harmed as the recipient (and 3.15 COERCE the one coerced), and ch. 5 codes an actor by
# whom it belongs to -- never the place of the interception, which is the defender's own ground.
INTERCEPT_VERBS = {"intercept", "down", "neutralise", "neutralize", "repel", "repulse", "jam"}


def intercepted_weapon(tok: Token) -> Optional[Token]:
    """The munitions noun an interception verb acts on ("shot down 39 of the drones", "missiles were
    intercepted"), or None when ``tok`` intercepts nothing."""
    if tok.pos_ != "VERB":
        return None
    lemma = tok.lemma_.lower()
    if lemma not in INTERCEPT_VERBS and not (lemma == "shoot" and any(
            k.dep_ in ("prt", "advmod") and k.lower_ == "down" for k in tok.children)):
        return None
    weapons = lexicon().classes["weapons"]
    for k in tok.children:
        if k.dep_ in ("dobj", "nsubjpass"):
            # "39 of the drones", "most of the missiles": a partitive names its whole in the "of" phrase
            for n in [k] + [t for p in k.children if p.dep_ == "prep" and p.lower_ == "of"
                            for t in p.children if t.dep_ == "pobj"]:
                if (n.lower_ in weapons or n.lemma_.lower() in weapons) and not combatant_fighter(n):
                    return n  # "Hamas fighters were intercepted" intercepts people, no weapon
    return None


# the earlier mention names the launcher only through a verb of launching (Levin 17.1 throw verbs, 11.1 send
# verbs): the subject of "bought / sold / received / produced missiles" launched nothing
LAUNCH_VERBS = {"launch", "fire", "send", "shoot", "unleash", "hurl", "lob", "use", "deploy", "direct", "aim", "fly"}
DEFINITE_DETS = {"the", "these", "those"}


def weapon_launcher(weapon: Token, actors: list[Actor], doc: Doc) -> Optional[Actor]:
    """Who launched ``weapon``: its own demonym or possessor ("Russian drones", "Iran's missiles"), the agent
    of a participle on it ("drones launched by Russia"), else the subject of an earlier verb of the text whose
    object is the same munitions noun ("Russia launched 48 drones ..., and air defences shot down 39 of the
    drones"; linguistic class: definite-NP anaphora, the definite noun takes up the earlier mention, and only
    a mention launched: ``LAUNCH_VERBS``)."""
    own = actor_at(weapon, actors, doc, weapon.idx)
    if own is not None:
        return own
    for acl in weapon.children:
        if acl.dep_ == "acl":
            by = next((t for a in acl.children if a.dep_ == "agent" for t in a.children if t.dep_ == "pobj"), None)
            if by is not None and (found := actor_at(by, actors, doc, weapon.idx)) is not None:
                return found
    if not any(k.dep_ == "det" and k.lower_ in DEFINITE_DETS for k in weapon.children):
        return None  # "intercepted missiles over Belgorod": no definite noun, no earlier mention taken up (review4)
    for t in reversed(doc[:weapon.i]):
        if t.pos_ != "NOUN" or t.lemma_.lower() != weapon.lemma_.lower() or t.dep_ not in ("dobj", "conj", "nsubjpass"):
            continue
        head = _conj_root(t)
        verb = head.head if head.dep_ in ("dobj", "nsubjpass") else None
        if verb is not None and verb.pos_ == "VERB" and verb.i != weapon.head.i \
                and verb.lemma_.lower() in LAUNCH_VERBS:  # "launched 48 drones", not "bought 50 missiles" (review4)
            if _transfer(verb, actors, doc):
                continue
            found = actor_at(_subject_of(verb), actors, doc, t.idx)
            if found is not None and (verb.lemma_.lower() not in USE_VERBS or found.role in ARMED_ROLES
                                      or found.kind == "country"):
                return found
    return None


# "send / direct" to a party is a transfer (Levin 11.1 send verbs with a goal recipient: "sent missiles to
# Ukraine"), not a launch ("sent drones at / against Kyiv"); "use / deploy" launch only for an armed party
# ("Farmers used drones to spray crops" launched nothing at anyone; review5 finding 6)
TRANSFER_VERBS = {"send", "direct"}
USE_VERBS = {"use", "deploy"}
ARMED_ROLES = {"MIL", "REB", "GOV"}


def _transfer(verb: Token, actors: list[Actor], doc: Doc) -> bool:
    """Is ``verb`` a send verb with a party as its goal ("sent missiles to Ukraine", "sent Ukraine missiles")?"""
    if verb.lemma_.lower() not in TRANSFER_VERBS:
        return False
    goals = [k for k in verb.children if k.dep_ == "dative" and k.pos_ != "ADP"] + [
        t for p in verb.children if p.dep_ in ("prep", "dative") and p.lower_ == "to"
        for t in p.children if t.dep_ == "pobj"]
    return any(actor_at(g, actors, doc, verb.idx) is not None for g in goals)


# Dependents of a verb that the small model gives the first member of a comma-joined subject pair ("Chile,
# Peru agree": two nsubj; "Norway, Iceland hold": npadvmod + nsubj; "US, Danish sailors stage": dep + nsubj)
ASYNDETIC_DEPS = {"nsubj", "npadvmod", "dep", "appos", "nmod"}
# sports fixtures a comma-joined pair of countries "meets" in (review7 finding 5: national teams are not the states
# of PLOVER 2.4.2 / 3.2 CONSULT; linguistic class: the prepositional object names a sports event)
SPORTS_EVENTS = {"final", "finals", "semifinal", "semi-final", "semifinals", "quarterfinal", "quarter-final", "match",
                 "matches", "qualifier", "qualifiers", "decider", "marathon", "cup", "games", "tournament",
                 "friendly", "derby", "playoff", "play-off", "championship", "championships", "olympics", "fixture"}
TOPIC_PREPS = {"on", "about", "over", "for", "ahead"}  # "hold talks on the World Cup final's security" stays a meeting


def _party_at(tok: Token, actors: list[Actor], doc: Doc) -> Optional[Actor]:
    """The actor a subject-pair member names: its mention, or a country name the actor stage left as a place."""
    found = actor_at(tok, actors, doc, tok.idx)
    if found is None and tok.ent_type_ == "GPE" and (c := country_of_word(tok.text)) is not None:
        found = Actor(tok.text, tok.idx, tok.idx + len(tok.text), c.name, "country", c.iso3, None)
    return found


# heads a comma-joined country word makes a state party (PLOVER 2.4.2: governments, their officials, armed
# forces and diplomats act for the state): with the classes "troops", "contingents" and "visitors"
STATE_BODIES = frozenset({"navy", "army", "military", "government", "official", "diplomat", "negotiator", "sailor",
                          "marine", "coastguard", "guard", "lawmaker", "parliament", "legislator", "pilot", "jet",
                          "warplane", "force", "commander", "general", "spy", "authority", "administration",
                          "regulator", "agency", "ministry", "foreign", "defence", "defense", "chief"})


def _state_body(noun: Token) -> bool:
    classes = lexicon().classes
    bodies = classes["troops"] | classes["contingents"] | classes["visitors"]
    return any(w in bodies or w in STATE_BODIES for w in (noun.lower_, noun.lemma_.lower()))


def asyndetic_parties(tok: Token, agent_tok: Optional[Token], actors: list[Actor],
                      doc: Doc) -> Optional[tuple[Actor, Actor]]:
    """The two sides of a two-sided event whose subject is a comma-joined pair with no conjunction, as headlines
    write "X and Y" ("Chile, Peru agree to reopen border crossings", "Egypt, Sudan navies begin joint
    exercise", "US, Danish sailors stage joint drills"): the first is the actor, the second the recipient, as
    for "X and Y met" (linguistic class: asyndetic coordination -- headline grammar drops "and"; PLOVER 2.4.2
    compound and reciprocal actors, 3.2.2 / 3.5 two-sided events). The pair must open the sentence, the two members
    depend on the same verb before it, a lone comma stands between them, and they name two different countries."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head  # a noun trigger: the verb it is the object of (a
    # headline noun object is sometimes parsed as a ccomp: "Norway, Iceland Begin Joint Naval Drills")
    if verb.pos_ not in ("VERB", "AUX") or (verb is not tok and tok.dep_ not in ("dobj", "attr", "ccomp")):
        return None
    members = [k for k in verb.children if k.i < verb.i and k.dep_ in ASYNDETIC_DEPS]
    if len(members) != 2 or (agent_tok is not None and agent_tok not in members):
        return None  # the agent found must be one of the pair ("the agent found" is None when it named no actor)
    first, second = members
    sent_start = verb.sent.start
    if first.left_edge.i != sent_start or first.right_edge.i + 2 != second.left_edge.i \
            or doc[first.right_edge.i + 1].text != "," or any(t.dep_ == "cc" for t in doc[sent_start:verb.i]):
        return None
    if any(t.lower_ in SPORTS_EVENTS for k in verb.rights if k.lower_ not in TOPIC_PREPS for t in k.subtree):
        return None  # "Brazil, Argentina meet in Copa America final": teams, not states (review7 finding 5; the
        # small model parses "final" as the verb's acomp, so every right dependent counts but a topic phrase)
    one, two = _party_at(first, actors, doc), _party_at(second, actors, doc)
    if one is None or two is None or not one.country or not two.country or one.country == two.country:
        return None
    if any(m.pos_ == "NOUN" and country_of_word(m.text) is None and not _state_body(m) for m in (first, second)):
        return None  # "Kenya, Ethiopia runners meet": a country word on a head noun that is no state body
        # (runners, swimmers, fans, stars) names no state party (review7 finding 5)
    return one, two


FIRED_EXTRA = frozenset({"mortar", "mortars", "barrage", "barrages", "bombardment", "bombardments", "salvo",
                         "strikes", "airstrikes", "sniper"})  # with classes "weapons" and "fire"


def _fired(noun: Token) -> bool:
    """Is ``noun`` what is fired, the weapon that fires ("mortar fire", "rockets", "drones") or a nominalised
    attack ("shelling", "raids", "airstrikes": a noun the lexicon has as an ASSAULT trigger)?"""
    lex = lexicon()
    return any(w in lex.classes["fire"] or w in lex.classes["weapons"] or w in FIRED_EXTRA
               or any(r.type == "ASSAULT" for r in lex.rules.get(w, ())) for w in (noun.lower_, noun.lemma_.lower()))


def agent_and_recipient(doc: Doc, tok: Token, rule_type: str, actors: list[Actor]) -> tuple[Optional[Actor], Optional[Actor]]:
    """Agent and recipient actor mentions of the trigger ``tok`` (either may be None)."""
    if tok.pos_ == "VERB":
        agent_tok = _subject_of(tok)
    else:
        agent_tok = _noun_agent(tok)
    actor = actor_at(agent_tok, actors, doc, tok.idx)
    if actor is None and agent_tok is not None and agent_tok.lower_ in FIRST_PERSON:
        actor = actor_at(_quoted_speaker(tok), actors, doc, tok.idx)
    if actor is None and agent_tok is not None and agent_tok.pos_ == "NOUN" and tok.pos_ == "VERB":
        # "US drone attacks have killed ...": the attacks' own agent is the verb's
        actor = actor_at(_noun_agent(agent_tok), actors, doc, tok.idx)
        if actor is None and rule_type in ("ASSAULT", "COERCE"):
            # "mortar fire from Eritrean positions hit a village", "rocket fire from Syrian territory hit ...": the
            # source phrase of the fire or munitions that act names who fires (linguistic class: the source argument
            # of a nominalised emission, "from" = origin; PLOVER 3.16 ASSAULT actor is the side that attacks).
            # Only a fire or weapon noun emits (review7 finding 15: "criticism from opposition parties hit the
            # government" names no attacker)
            src = next((t for p in agent_tok.children if p.dep_ == "prep" and p.lower_ == "from"
                        for t in p.children if t.dep_ == "pobj"), None) if _fired(agent_tok) else None
            actor = actor_at(src, actors, doc, tok.idx) if src is not None else None
    weapon = intercepted_weapon(tok)
    if weapon is not None:  # "air defences shot down 39 of the drones": the launcher is acted on
        recipient = weapon_launcher(weapon, actors, doc)
        return actor, (None if recipient is not None and _same_entity(recipient, actor) else recipient)
    recipient = _recipient(tok, rule_type, actors, doc, actor)
    meeting = rule_type in MEETING_TYPES or (rule_type == "SUPPORT" and tok.lemma_.lower() in RECIPROCAL_SUPPORT)
    if recipient is None and meeting and agent_tok is not None:
        # "X and Y met / agreed" / "the ministers of X and Y will meet": the second conjunct is the other party;
        # also of the agent's place phrase, "police in Brazil and Paraguay shared intelligence" (linguistic class: a
        # coordinated modifier of a plural head stands for two referents, as "Turkish and Greek diplomats" below)
        heads = [agent_tok] + [t for p in agent_tok.children if p.dep_ == "prep" and p.lower_ in ("of", "in", "from")
                               for t in p.children if t.dep_ == "pobj"]
        for h in heads:
            conj = next((k for k in h.children if k.dep_ == "conj"), None)
            if conj is not None:
                recipient = actor_at(conj, actors, doc, tok.idx)
                if recipient is None and conj.ent_type_ in ("GPE", "NORP", "ORG"):
                    recipient = _country_actor(conj)  # a country's name the actor stage left as a place
                if h is not agent_tok and recipient is not None and (actor is None or actor.country is None):
                    actor = actor_at(h, actors, doc, tok.idx) or actor
                break
    if recipient is None and meeting and agent_tok is not None:
        # "Turkish and Greek diplomats met", "the Indian and French navies began a joint exercise": the
        # coordinated demonym names the other party (linguistic class: coordinated attributive modifiers
        # of one head stand for its two referents; PLOVER 3.2.2 / 3.5 events have two sides)
        for mod in agent_tok.children:
            if mod.dep_ == "amod" and country_of_word(mod.text) is not None:
                other = next((c for c in mod.conjuncts if c.i > mod.i and country_of_word(c.text) is not None), None)
                if other is not None and (actor is None or country_of_word(other.text).iso3 != actor.country):
                    recipient = _demonym_actor(other)
                break
    if recipient is None and meeting:
        pair = asyndetic_parties(tok, agent_tok if actor is not None else None, actors, doc)
        if pair is not None:  # "Chile, Peru agree ...", "US, Danish sailors stage joint drills"
            actor, recipient = pair
    if actor is not None and rule_type in ("ASSAULT", "MOBILIZE") and actor.kind == "country" and not actor.role:
        actor = dataclasses.replace(actor, role="MIL", name=group_name("MIL", actor.name))  # "Russian attacks"
    if actor is None and recipient is None:
        # "fighting between the army and M23 rebels", "talks between Kyiv and Moscow"
        holders = [tok] + ([tok.head] if tok.dep_ in ("nsubj", "nsubjpass", "dobj") else [])
        between = next((k for h in holders for k in h.children if k.dep_ == "prep" and k.lower_ == "between"), None)
        pobj = next((t for t in between.children if t.dep_ == "pobj"), None) if between is not None else None
        if pobj is not None:
            actor = actor_at(pobj, actors, doc, tok.idx)
            conj = next((k for k in pobj.children if k.dep_ == "conj"), None)
            recipient = actor_at(conj, actors, doc, tok.idx) if conj is not None else None
    if actor is not None and recipient is not None and actor.start == recipient.start:
        recipient = None
    return actor, recipient
