"""Headline register (headlinese): a verbless headline whose present-tense verb the tagger read as a noun.

Every headline here is invented for these tests (Valdora is a made-up town); none comes from an
evaluation suite."""
import copy

import pytest

from wirewatch.pipeline import Pipeline
from wirewatch.refine import refine
from wirewatch.triggers import headline_register, headline_verb

from test_refine import FakeClassifier


@pytest.fixture(scope="module")
def nlp():
    return Pipeline(classifier=False).nlp


@pytest.mark.parametrize("text,verb", [
    ("Artillery pounds outskirts of Valdora overnight", "pounds"),           # -s form after a singular noun
    ("Police fire tear gas at students in Valdora", "fire"),                  # base form after an unmarked plural
    ("Turkey ships 10,000 tents to quake-hit Herat", "ships"),                # -s form with its own object
    ("Car bomb rips through bus station in Valdora, 9 dead", "rips"),         # headline with a toll
    ("Artillery pounds outskirts of Valdora overnight.", "pounds"),           # bulletin with a stop, no article
])
def test_verb_read_as_a_noun_in_a_headline_is_its_predicate(nlp, text, verb):
    sent = next(nlp(text).sents)
    assert headline_register(sent)
    hv = headline_verb(sent)
    assert hv is not None and hv.text == verb


@pytest.mark.parametrize("text", [
    "The artillery pounds the outskirts of Valdora every night.",   # running text: articles and a stop
    "Oil prices in Lagos",                                           # nominal headline: the noun is its head
    "Peace talks in Geneva",
    "Heavy rain in Lagos",
    "Army chief sacks two generals in Valdora",                      # the tagger found the verb itself
])
def test_no_headline_predicate_in_running_text_nominal_or_verbal_headlines(nlp, text):
    assert headline_verb(next(nlp(text).sents)) is None


# Noun compounds and derived nouns in verbless titles, list items and captions (review2 finding 1): the candidate
# is a premodifier of the last noun (Quirk et al. 1985 §17.108), or a derived noun that is never a verb
COMPOUND_TITLES = [
    "Army bombs stockpile report",          # candidate + nouns to the end: "report" heads the compound
    "Police arrest tally",
    "Soldiers ambush footage",
    "Troops redeployment schedule",         # -ment: the noun of "redeploy"
    "Rebels disarmament deadline",
    "Refugees arrival figures",             # -al: the noun of "arrive"
    "Peacekeepers departure date",
    "Army recruiters conference",           # agentive -er
    "Army bombs stockpile report.",         # a caption with a stop
]


@pytest.mark.parametrize("text", COMPOUND_TITLES)
def test_noun_compound_or_derived_noun_is_no_headline_predicate(nlp, text):
    assert headline_verb(next(nlp(text).sents)) is None


@pytest.mark.parametrize("text,verb", [
    ("Police question suspects in Valdora bombing", "question"),   # a conversion: "question" is a verb too
    ("Police fire tear gas at students in Valdora", "fire"),       # the complement runs past its nouns
])
def test_a_conversion_of_a_suffixed_noun_stays_a_predicate(nlp, text, verb):
    hv = headline_verb(next(nlp(text).sents))
    assert hv is not None and hv.text == verb


def _rules(text):
    from wirewatch import actors, events, places, times
    doc = Pipeline(classifier=False).nlp(text)
    pl = places.find_places(doc)
    tm = times.find_times(doc, None)
    ac = actors.find_actors(doc, pl)
    return doc, ac, pl, tm, events.find_events(doc, ac, pl, tm, None)


@pytest.mark.parametrize("text,verb,type_", [
    ("Artillery pounds outskirts of Valdora overnight", "pounds", "ASSAULT"),
    ("Police fire tear gas at students in Valdora", "fire", "ASSAULT"),
    ("Turkey ships 10,000 tents to quake-hit Herat", "ships", "AID"),
])
def test_lexicon_verb_trigger_matches_the_headline_predicate(text, verb, type_):
    *_, evs = _rules(text)
    assert [e.type for e in evs if e.trigger.text == verb] == [type_]


def test_classifier_event_is_created_on_the_headline_predicate():
    text = "Car bomb rips through bus station in Valdora, 9 dead"
    doc, ac, pl, tm, evs = _rules(text)
    rows = {text: (("Remote explosive/landmine/IED", 0.9), ("ASSAULT", 0.8), (None, 0.9))}
    refined = refine(doc, copy.deepcopy(evs), ac, pl, tm, None, classifier=FakeClassifier(rows))
    assert "rips" in [e.trigger.text for e in refined if e.type == "ASSAULT"]


@pytest.mark.parametrize("text", ["Army bombs stockpile report", "Police arrest tally", "Soldiers ambush footage"])
def test_no_event_from_a_noun_compound_title(text):
    *_, evs = _rules(text)
    assert evs == []


@pytest.mark.parametrize("text,country", [
    ("Police fire tear gas at marchers in Nairobi", "KEN"),
    ("Police fire rubber bullets at students in Lagos", "NGA"),
])
def test_crowd_control_weapon_after_a_headline_verb_and_its_subject(text, country):
    # the noun run after the headline verb is its object (PLOVER 3.16 'crowd-control': an explicit crowd-control
    # weapon), and the role noun compounded on the verb from the left is its subject, the actor
    *_, evs = _rules(text)
    ev = next(e for e in evs if e.trigger.text == "fire")
    assert ev.type == "ASSAULT" and ev.mode == "crowd-control"
    assert ev.actor is not None and ev.actor.role == "COP" and ev.actor.country == country


def test_a_headline_verb_object_without_crowd_weapon_is_no_crowd_control():
    *_, evs = _rules("Soldiers fire rockets at villages near Valdora")
    assert all(e.mode != "crowd-control" for e in evs)
