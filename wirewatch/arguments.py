"""Who did it to whom: the agent and recipient of a trigger, from the dependency parse.

The agent is the grammatical subject (or the "by" phrase of a passive, or the controller of an
infinitive: "Trump is set to meet X"); the recipient the passive subject, dative, object or the "to /
against / on / with" phrase, then the subject of a demanded clause. Event nouns take their agent from a
possessor or demonym ("Russia's strikes", "Russian attacks") or from the verb they are the object of
("launched strikes"). Argument tokens are mapped to the actor mentions found by ``actors.py``; demonyms
stand for their country, pronouns for the last matching actor.
"""
from __future__ import annotations

import dataclasses
from typing import Optional

from spacy.tokens import Doc, Token

from . import countries
from .actors import actor_for_token, group_name
from .records import Actor


PARTITIVES = {"thousands", "hundreds", "dozens", "tens", "millions", "scores", "group", "groups", "members",
              "member", "some", "many", "most", "all", "one", "two", "several", "number", "crowd", "crowds",
              "delegation", "team", "band", "unit", "contingent", "batch", "patch", "handful", "majority"}
PRONOUNS_PERSON = {"he", "she", "him", "her"}
PRONOUNS_GROUP = {"they", "them", "it"}
RECIPIENT_PREPS = {"on", "against", "with", "to", "at", "into", "toward", "towards", "for", "upon", "of"}


def _conj_root(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _subject_of(verb: Token) -> Optional[Token]:
    """Grammatical agent of ``verb``: nsubj, passive 'by' agent, or the controller of an infinitive."""
    for k in verb.children:
        if k.dep_ == "agent":
            for t in k.children:
                if t.dep_ == "pobj":
                    return t
    for k in verb.children:
        if k.dep_ in ("nsubj", "csubj"):
            return k
    if verb.dep_ in ("xcomp", "advcl", "conj", "acl") and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
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
    """Agent of an event noun: possessor, demonym/compound, 'by X', or subject of the governing verb."""
    for k in tok.children:
        if k.dep_ == "poss":
            return k
    for k in tok.children:
        if k.dep_ == "prep" and k.lower_ == "by":
            for t in k.children:
                if t.dep_ == "pobj":
                    return t
    for k in tok.children:
        if k.dep_ in ("amod", "compound", "nmod") and (k.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")):
            return k
    for k in tok.children:  # "drone and missile attacks" -> compounds' conj chain
        if k.dep_ == "compound":
            for t in k.subtree:
                if t.ent_type_ in ("NORP", "GPE", "ORG"):
                    return t
    head = tok.head
    if tok.dep_ in ("dobj", "attr", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        return _subject_of(head)
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB" and head.lower_ in ("in", "of"):
        return _subject_of(head.head)
    if tok.dep_ == "conj":
        return _noun_agent(_conj_root(tok))
    return None


PREP_ORDER = ("to", "against", "on", "with", "at", "upon", "toward", "towards", "into", "for", "from", "of")
FROM_TYPES = {"RETREAT", "REQUEST", "SANCTION", "REJECT"}  # "withdraw troops from Lebanon", "demand autonomy from"
EMBEDDING_TYPES = {"AGREE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "ACCUSE"}


def recipient_candidates(tok: Token, rule_type: str) -> list[Token]:
    """Tokens that may name the recipient, best first: passive subject, dative, object, prepositional
    objects (to, against, on, with ...), then the subject of a demanded clause ("demanded that the US
    match ...") and the recipient of an embedded action ("offered to hand over to Britain")."""
    kids = list(tok.children)
    out = [k for k in kids if k.dep_ == "nsubjpass"]
    for k in kids:
        if k.dep_ == "dative":  # "send Ukraine missiles" or "send missiles to Ukraine" (parsed as dative 'to')
            out.extend([t for t in k.children if t.dep_ == "pobj"] if k.pos_ == "ADP" else [k])
    for k in kids:
        if k.dep_ == "dobj":
            if rule_type == "AID":  # "send weapons to Ukraine": the weapons are not the recipient
                out.extend(t for p in k.children if p.dep_ == "prep" and p.lower_ == "to"
                           for t in p.children if t.dep_ == "pobj")
                # "send Ukraine missiles" misparsed as a compound of the object: the first name is the recipient
                out.extend(c for c in k.children if c.dep_ == "compound" and c.i == tok.i + 1
                           and c.ent_type_ in ("GPE", "NORP", "PERSON", "ORG"))
            else:
                out.append(k)
    preps = {k.lower_: k for k in kids if k.dep_ == "prep"}
    for word in PREP_ORDER:
        if word not in preps or (word == "of" and tok.pos_ == "VERB") or (word == "from" and rule_type not in FROM_TYPES):
            continue
        out.extend(t for t in preps[word].children if t.dep_ == "pobj")
    if rule_type in EMBEDDING_TYPES:
        for k in kids:
            if k.dep_ == "ccomp":
                out.extend(t for t in k.children if t.dep_ in ("nsubj", "nsubjpass"))
            if k.dep_ in ("xcomp", "ccomp"):
                out.extend(c for c in recipient_candidates(k, _type_like(k)) if c not in out)
    return out


def _type_like(tok: Token) -> str:
    """Event type of an embedded verb ("offered to hand over"), CONSULT when it is no trigger."""
    from .events import trigger_type  # late import: events imports this module
    return trigger_type(tok) or "CONSULT"


def recipient_token(tok: Token, rule_type: str) -> Optional[Token]:
    """The best recipient candidate token, whether or not it names an actor (e.g. a town attacked)."""
    cands = recipient_candidates(tok, rule_type)
    return cands[0] if cands else None


def _recipient(tok: Token, rule_type: str, actors: list[Actor], doc: Doc) -> Optional[Actor]:
    """The first candidate that names an actor."""
    for cand in recipient_candidates(tok, rule_type):
        found = actor_at(cand, actors, doc, tok.idx)
        if found is not None:
            return found
    return None


def actor_at(tok: Optional[Token], actors: list[Actor], doc: Doc, pos: int) -> Optional[Actor]:
    """Map an argument token to an actor mention (the token itself, its NP, or a resolved pronoun)."""
    if tok is None:
        return None
    found = actor_for_token(actors, tok)
    if found:
        return found
    # the head noun may be uncovered but a modifier is an actor ("Russian attacks" handled elsewhere)
    for t in tok.subtree:
        if t.dep_ in ("compound", "amod", "poss", "nmod") and t.head.i == tok.i:
            found = actor_for_token(actors, t)
            if found:
                return found
    if tok.lower_ in PARTITIVES or tok.like_num:  # "thousands of Iraqi Kurds", "a group of Moroccan diplomats"
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                pobj = next((t for t in prep.children if t.dep_ == "pobj"), None)
                if pobj is not None:
                    found = actor_at(pobj, actors, doc, pos)
                    if found:
                        return found
    for t in tok.children:  # "Russian drones", "Israeli airstrikes": the demonym is the actor
        if t.dep_ in ("amod", "compound", "nmod") and (t.ent_type_ == "NORP" or t.pos_ == "ADJ"):
            demonym = _demonym_actor(t)
            if demonym:
                return demonym
    if tok.lower_ in PRONOUNS_PERSON | PRONOUNS_GROUP:
        want_person = tok.lower_ in PRONOUNS_PERSON
        for a in reversed(actors):
            if a.start < tok.idx and ((a.kind == "person") == want_person):
                return a
    if tok.ent_type_ == "NORP" or tok.pos_ == "ADJ":
        return _demonym_actor(tok)
    return None


def _demonym_actor(tok: Token) -> Optional[Actor]:
    """A demonym used as an agent ("Russian attacks") stands for its country."""
    c = countries.country_by_demonym(tok.text)
    if c:
        return Actor(tok.text, tok.idx, tok.idx + len(tok.text), c.name, "country", c.iso3, None)
    return None


def agent_and_recipient(doc: Doc, tok: Token, rule_type: str, actors: list[Actor]) -> tuple[Optional[Actor], Optional[Actor]]:
    """Agent and recipient actor mentions of the trigger ``tok`` (either may be None)."""
    if tok.pos_ == "VERB":
        agent_tok = _subject_of(tok)
    else:
        agent_tok = _noun_agent(tok)
    actor = actor_at(agent_tok, actors, doc, tok.idx)
    recipient = _recipient(tok, rule_type, actors, doc)
    if recipient is None and rule_type == "CONSULT" and agent_tok is not None:
        # "X and Y met" / "the ministers of X and Y will meet": the second conjunct is the other party
        heads = [agent_tok] + [t for p in agent_tok.children if p.dep_ == "prep" and p.lower_ == "of"
                               for t in p.children if t.dep_ == "pobj"]
        for h in heads:
            conj = next((k for k in h.children if k.dep_ == "conj"), None)
            if conj is not None:
                recipient = actor_at(conj, actors, doc, tok.idx)
                if h is not agent_tok and recipient is not None and (actor is None or actor.country is None):
                    actor = actor_at(h, actors, doc, tok.idx) or actor
                break
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
