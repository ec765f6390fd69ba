"""End-to-end extraction on short articles written for these tests."""
from pathlib import Path

import pytest

from wirewatch.pipeline import Pipeline
from wirewatch.records import Extraction

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


def _events(pipeline, name, published="2025-10-14"):
    text = (ARTICLES / name).read_text(encoding="utf-8")
    return text, pipeline.extract(text, published=published, id=name)


def _find(ex: Extraction, type_, trigger=None):
    hits = [e for e in ex.events if e.type == type_ and (trigger is None or e.trigger.text == trigger)]
    assert hits, f"no {type_} event with trigger {trigger!r} in {[(e.type, e.trigger.text) for e in ex.events]}"
    return hits[0]


def test_planned_meeting_with_weekday_date_and_both_parties(pipeline):
    text, ex = _events(pipeline, "summit.txt")
    meet = _find(ex, "CONSULT", "meet")
    assert meet.modality == "planned"
    assert meet.date == "2025-10-17" and meet.date_precision == "day"  # next Friday after Tue 14 Oct
    assert {meet.actor.country, meet.recipient.country} == {"UKR", "USA"}
    assert meet.actor.kind == "person" and meet.actor.role == "GOV"
    assert meet.location is not None and meet.location.name.startswith("Washington")


def test_hedged_aid_is_not_occurred_and_warning_is_a_threat(pipeline):
    text, ex = _events(pipeline, "summit.txt")
    aids = [e for e in ex.events if e.type == "AID"]
    assert aids and all(e.modality != "occurred" for e in aids)
    send = _find(ex, "AID", "send")
    assert send.actor.name == "Donald Trump" and send.recipient.country == "UKR"
    embedded = _find(ex, "AID", "sending")
    assert embedded.said_by is not None and embedded.said_by.country == "RUS"
    threat = _find(ex, "THREATEN", "warned")
    assert threat.actor.country == "RUS" and threat.modality == "occurred"


def test_scheduling_negation(pipeline):
    text, ex = _events(pipeline, "summit.txt")
    meeting = _find(ex, "CONSULT", "meeting")
    assert meeting.modality == "negated"
    assert meeting.recipient is not None and meeting.recipient.name == "Vladimir Putin"
    assert meeting.recipient.country == "RUS"


def test_surname_inherits_first_mention(pipeline):
    text, ex = _events(pipeline, "summit.txt")
    later = [a for a in ex.actors if a.text == "Zelenskyy"]
    assert later and later[0].name == "Volodymyr Zelenskyy" and later[0].country == "UKR"


def test_assault_located_in_town_with_coordinates(pipeline):
    text, ex = _events(pipeline, "summit.txt")
    hit = _find(ex, "ASSAULT", "hit")
    assert hit.actor.country == "RUS"
    assert hit.location.name == "Odesa" and abs(hit.location.lat - 46.48) < 0.1 and abs(hit.location.lon - 30.73) < 0.1
    assert hit.acled_event_type == "Explosions/Remote violence" and hit.acled_sub_event_type == "Air/drone strike"
    fighting = _find(ex, "ASSAULT", "Fighting")
    assert fighting.location.name == "Novopavlivka" and fighting.location.country == "UKR"
    assert fighting.acled_sub_event_type == "Armed clash"


def test_shelling_folds_killing_and_counts_fatalities(pipeline):
    text, ex = _events(pipeline, "kharkiv.txt")
    assaults = [e for e in ex.events if e.type == "ASSAULT"]
    assert len(assaults) == 1, "the participle 'killing' elaborates the shelling, it is not a second attack"
    ev = assaults[0]
    assert ev.fatalities == 2 and ev.actor.role == "MIL" and ev.actor.country == "RUS"
    assert ev.location.name == "Kharkiv" and ev.acled_sub_event_type == "Shelling/artillery/missile attack"
    assert ev.said_by is not None and "governor" in ev.said_by.text
    assert ev.cameo == "19" and ev.quad == "MATERIAL CONFLICT" and ev.intensity < -9
    assert "military" in ev.context


def test_arrest_of_protesters_gets_country_from_place(pipeline):
    text, ex = _events(pipeline, "protest.txt")
    ev = _find(ex, "COERCE", "arrested")
    assert ev.acled_sub_event_type == "Arrests" and ev.acled_event_type == "Strategic developments"
    assert ev.actor.role == "COP" and ev.actor.country == "UGA"
    assert ev.recipient.role == "PRO"
    assert any(q.value == 14 for q in ev.quantities)
    assert "legislative" in ev.context and "military" not in ev.context
    assert ev.date == "2025-10-13"  # "on Monday" in a past sentence, published Tuesday 14 Oct


def test_offsets_point_into_text(pipeline):
    for name in ("summit.txt", "kharkiv.txt", "protest.txt"):
        text, ex = _events(pipeline, name)
        d = ex.to_dict()
        for key in ("actors", "places", "times"):
            for x in d[key]:
                assert text[x["start"]:x["end"]] == x["text"]
        for e in d["events"]:
            assert text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
            assert 0 <= e["sentence"]["start"] <= e["trigger"]["start"] < e["sentence"]["end"] <= len(text)
            assert 0 <= e["confidence"] <= 1


@pytest.mark.parametrize("sentence,expected", [
    ("The army shelled the village on Monday.", "occurred"),
    ("The army will shell the village tomorrow.", "planned"),
    ("The army might shell the village.", "possible"),
    ("The army did not shell the village.", "negated"),
    ("If talks fail, the army could attack the village.", "possible"),
    ("Officials denied that the army attacked the village.", "negated"),
    ("The government plans to sign the agreement next week.", "planned"),
])
def test_modality_classifier(pipeline, sentence, expected):
    trigger = next(w for w in ("shelled", "shell", "attack", "attacked", "sign") if f" {w} " in sentence)
    start = sentence.index(f" {trigger} ") + 1
    assert pipeline.modality(sentence, start, start + len(trigger)) == expected


def test_empty_and_publication_free_documents(pipeline):
    empty = pipeline.extract("", id="e")
    assert empty.events == [] and empty.actors == []
    ex = pipeline.extract("Police arrested 14 protesters outside the parliament in Kampala.", id="x")
    ev = _find(ex, "COERCE")
    assert ev.date is None  # no publication date and no date in the text: never invented


def test_double_object_aid_finds_its_recipient(pipeline):
    ex = pipeline.extract("Trump has hinted that he might send Ukraine long-range Tomahawk cruise missiles.",
                          published="2025-10-14")
    send = _find(ex, "AID", "send")
    assert send.recipient is not None and send.recipient.country == "UKR"
    assert send.modality == "possible" and send.said_by is not None and send.said_by.name == "Trump"


def test_hyphenated_descriptors_are_no_events(pipeline):
    """'Western-supplied drones', 'US-backed forces' describe the weapons and the fighters; the event is the strike."""
    ex = pipeline.extract("Kyiv used Western-supplied drones to hit a refinery, and US-backed forces captured the town.")
    triggers = {e.trigger.text for e in ex.events}
    assert "supplied" not in triggers and "backed" not in triggers
    assert {"hit", "captured"} & triggers


@pytest.mark.parametrize("text,trigger,town", [
    # the oblast written after the town only says where the town is: the town is the location
    ("On 3 March 2025, Russian forces shelled Orikhiv, Zaporizhzhia oblast, with rockets.",
     "shelled", "Orikhiv"),
    ("On 9 May 2025, police opened fire on protesters in Karachi, Sindh.", "fire", "Karachi"),
    # a town named without a locative preposition is still where a physical event happened
    ("On 2 May 2025, security officers detained a resident of Sumy, Sumy oblast.",
     "detained", "Sumy"),
    # ... also when the person detained is the event's recipient
    ("Police said on 4 May 2025 that they had detained a resident of Kharkiv on suspicion of spying.",
     "detained", "Kharkiv"),
    # a settlement inside the unit that is the locative of the sentence is the more specific place
    ("Gunmen attacked Okene town in a night raid in Kogi State on 5 May 2025.", "attacked", "Okene"),
    # the possessor of a part of a town is where
    ("On 6 May 2025, police fired tear gas at protesters in Kampala's central business district.",
     "fired", "Kampala"),
])
def test_event_location_is_the_most_specific_place_named(pipeline, text, trigger, town):
    ex = pipeline.extract(text, published="2025-06-01", id="t")
    located = [e for e in ex.events if e.location is not None]
    assert located, [(e.type, e.trigger.text) for e in ex.events]
    assert any(e.location.name == town for e in located), [
        (e.trigger.text, e.location.name) for e in located]
    assert all(e.location.precision == "place" for e in located if e.trigger.text == trigger)


def test_sentence_words_are_the_sentences_words_and_lemmas_built_once(pipeline):
    """``spanindex.span_words``: the lower-cased words and lemmas of a sentence, memoised per Doc."""
    from wirewatch.spanindex import span_words

    doc = pipeline.nlp("Rebels shelled the Town Hall. Two civilians were killed.")
    first, second = list(doc.sents)
    words = span_words(first)
    assert words == {t.lower_ for t in first} | {t.lemma_.lower() for t in first}
    assert {"shelled", "shell", "town", "hall"} <= words and "civilians" not in words
    assert span_words(first) is words  # memoised: the same object on the second call
    assert {"civilians", "civilian", "kill", "killed"} <= span_words(second)
    assert span_words(doc[0:2]) == {"rebels", "rebel", "shelled", "shell"}  # any span, by its token range


def test_to_dict_is_the_plain_nesting_of_the_records(pipeline):
    """``records._plain`` (with its per-class field names) gives what a plain recursive walk gives."""
    import dataclasses
    from datetime import date

    def walk(value):
        if dataclasses.is_dataclass(value):
            return {f.name: walk(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value.isoformat() if isinstance(value, date) else value

    _, ex = _events(pipeline, "kharkiv.txt")
    d = ex.to_dict()
    assert d == walk(ex) and d["events"] and isinstance(d["events"][0]["trigger"], dict)
    assert list(d["events"][0]) == [f.name for f in dataclasses.fields(ex.events[0])]


def test_a_later_sentence_of_a_report_keeps_the_leads_place(pipeline):
    """ACLED-style notes: the lead places the event, the next sentence goes on about it."""
    ex = pipeline.extract("On 7 May 2025, residents protested outside the town hall in Poltava, Poltava oblast, "
                          "over power cuts. Police detained three people.", published="2025-06-01", id="t")
    detained = [e for e in ex.events if e.trigger.text == "detained"]
    assert detained and detained[0].location is not None and detained[0].location.name == "Poltava"


@pytest.mark.parametrize("text,type_,trigger", [
    # PLOVER 3.3: commending an actor or a policy is SUPPORT
    ("The European Union commended Ghana for its peaceful election.", "SUPPORT", "commended"),
    # PLOVER 3.4.2: formal pardons are CONCEDE (the release itself would be RETREAT)
    ("The president of Peru pardoned four opposition activists on Friday.", "CONCEDE", "pardoned"),
    # PLOVER 3.5: extraditions are judicial cooperation
    ("Chile extradited a drug trafficker to the United States.", "COOPERATE", "extradited"),
    # PLOVER 3.6: monetary aid, and 3.6.2: loan cancellations are AID ...
    ("The World Bank disbursed 200 million dollars to Malawi.", "AID", "disbursed"),
    ("Japan cancelled loans owed by Laos.", "AID", "cancelled"),
    # ... while cancelling anything else stays REJECT
    ("Japan cancelled the summit with Laos.", "REJECT", "cancelled"),
])
def test_manual_trigger_classes(pipeline, text, type_, trigger):
    ex = pipeline.extract(text, published="2025-10-14")
    _find(ex, type_, trigger)
    if type_ == "REJECT":
        assert not [e for e in ex.events if e.type == "AID"]


# Verbs of killing (Levin 1993 classes 42.1 / 42.2; PLOVER 3.16 ASSAULT) and of taking into custody (PLOVER 3.15
# COERCE 'arrest'); invented sentences
KILLING_AND_ARREST_VERBS = [
    ("Gunmen gunned down a teacher outside his school on Monday.", "ASSAULT", "gunned"),
    ("The insurgents beheaded two farmers near the river, residents said.", "ASSAULT", "beheaded"),
    ("Unknown attackers hacked a village chief to death in his compound.", "ASSAULT", "hacked"),
    ("Militia fighters slaughtered eleven villagers overnight.", "ASSAULT", "slaughtered"),
    ("The woman was stoned to death by a crowd in the market.", "ASSAULT", "stoned"),
    ("Police apprehended four men suspected of planning the raid.", "COERCE", "apprehended"),
    ("The rebel commander was nabbed at a checkpoint, the army said.", "COERCE", "nabbed"),
]


@pytest.fixture(scope="module")
def rules_only():
    return Pipeline(classifier=False)


@pytest.mark.parametrize("text,type_,trigger", KILLING_AND_ARREST_VERBS)
def test_verbs_of_killing_and_arrest(pipeline, rules_only, text, type_, trigger):
    _find(rules_only.extract(text, published="2025-10-14"), type_, trigger)  # the lexicon's trigger ...
    _find(pipeline.extract(text, published="2025-10-14"), type_, trigger)    # ... kept by the classifier


@pytest.mark.parametrize("text,trigger", [
    ("The farmers slaughtered their goats for the festival.", "slaughtered"),   # no human victim
    ("High fuel prices strangle the local economy.", "strangle"),              # figurative
    ("The singer slays every song on the new album.", "slays"),                # slang
    ("Hackers hacked the ministry's website overnight.", "hacked"),            # COERCE 'cyber', no death
])
def test_verbs_of_killing_need_a_victim(pipeline, text, trigger):
    ex = pipeline.extract(text, published="2025-10-14")
    assert not [e for e in ex.events if e.type == "ASSAULT" and e.trigger.text == trigger], \
        [(e.type, e.trigger.text) for e in ex.events]


def test_regular_past_forms_the_lemmatizer_misreads(rules_only):
    """spaCy's small model lemmatises "raped" as "rap": the regular de-inflection of the form finds the trigger
    (triggers.lemma_key; Quirk et al. 1985 §3.5 regular -ed forms). Invented sentences."""
    from wirewatch.triggers import _regular_bases

    assert list(_regular_bases("raped"))[:2] == ["rape", "rap"]
    for text in ("Soldiers raped two women in the village, residents said.",
                 "A woman has alleged she was raped by two guards after her arrest; both guards have been suspended."):
        ex = rules_only.extract(text, published="2025-10-14")
        assert [e for e in ex.events if e.trigger.text == "raped" and e.acled_sub_event_type == "Sexual violence"], \
            [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


def test_irregular_past_forms_tagged_as_present(rules_only):
    """The small model tags "retook" as a present form (VBP) and keeps it as its own lemma: the lemmatizer's table of
    irregular verb forms gives "retake" (triggers.lemma_key; Quirk et al. 1985 §3.12-3.16, irregular verbs; a
    prefixed verb inflects as its base). Invented sentences."""
    from wirewatch.triggers import _irregular_verb_forms

    assert _irregular_verb_forms().get("retook") == "retake"
    for text in ("Soldiers retook the village of Amsa from the rebels on Friday.",
                 "Police officers retook the town after a long siege, the mayor said."):
        ex = rules_only.extract(text, published="2025-10-14")
        assert [e for e in ex.events if e.trigger.text == "retook" and e.type == "ASSAULT"
                and e.acled_sub_event_type == "Government regains territory"], \
            [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]
    ex = rules_only.extract("The champion retook the lead in the final lap.", published="2025-10-14")
    assert not [e for e in ex.events if e.trigger.text == "retook"]   # no ground taken: no territory noun


@pytest.mark.parametrize("text,trigger", [
    ("The army said it had taken full control of the town after two days of fighting.", "control"),
    ("Rebels seized effective control of the district on Sunday, residents said.", "control"),
])
def test_control_collocation_with_adjectives(rules_only, text, trigger):
    """"took full control": adjectives between the verb and the noun of a verb-object collocation leave the
    collocation a trigger ("took control": a side winning control of a location, ACLED Battles; triggers.rule_for;
    Quirk et al. 1985 §17.7). Invented sentences."""
    ex = rules_only.extract(text, published="2025-10-14")
    assert [e for e in ex.events if e.trigger.text == trigger and e.type == "ASSAULT"], \
        [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]
    ex = rules_only.extract("The coach took full responsibility for the defeat.", published="2025-10-14")
    assert not [e for e in ex.events if e.type == "ASSAULT"]


def test_regular_de_inflection_side_effects(rules_only):
    """review7 finding 8: the regular de-inflection also finds "fined" (spaCy: "fin") as the trigger "fine", PLOVER
    3.13 SANCTION 'convict' (fines are penalties) - intended; and a raid whose sentence takes nobody into custody is
    no ACLED Arrests ("raided the village and raped women": the rape is its own Sexual violence event). Invented."""
    ex = rules_only.extract("The army fined the contractor.", published="2025-10-14")
    assert [(e.type, e.mode) for e in ex.events if e.trigger.text == "fined"] == [("SANCTION", "convict")]
    ex = rules_only.extract("The soldiers raided the village and raped women.", published="2025-10-14")
    got = {e.trigger.text: e.acled_sub_event_type for e in ex.events}
    assert got.get("raided") != "Arrests" and got.get("raped") == "Sexual violence", got
    ex = rules_only.extract("Police raided a house in the town and detained three men.", published="2025-10-14")
    assert "Arrests" in {e.acled_sub_event_type for e in ex.events}, \
        [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


@pytest.mark.parametrize("text,trigger,abduction", [
    ("Insurgents carried off nine girls from a school in the district overnight.", "carried", True),
    ("Gunmen snatched two aid workers from their car near the border.", "snatched", True),
    ("Armed men whisked away two journalists at dawn, residents said.", "whisked", True),
    ("Looters carried off goods and generators from the market.", "carried", False),   # no human object
    # review7 finding 11: an armed or state actor (actor: coercive), not rescuers or the tide
    ("Rescuers carried off the injured after the blast.", "carried", False),
    ("The tide carried off two children on the beach.", "carried", False),
    ("Militants snatched three schoolgirls from their dormitory.", "snatched", True),
])
def test_verbs_of_removing_a_person_are_an_abduction(rules_only, text, trigger, abduction):
    """Levin 1993 10.5 / 11.1 verbs with a human object (class people): PLOVER 3.16 ASSAULT 'abduct', ACLED
    Abduction/forced disappearance. Invented sentences."""
    ex = rules_only.extract(text, published="2025-10-14")
    found = [e for e in ex.events if e.trigger.text == trigger and e.acled_sub_event_type == "Abduction/forced disappearance"]
    assert bool(found) == abduction, [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


def test_a_bomb_blast_beside_the_word_fire_is_no_disaster(rules_only):
    """A bomb, IED, grenade or landmine is made to kill (ACLED Explosions/Remote violence): its blast is kept by the
    disaster test even where the sentence says "fire" (events.ATTACK_WORDS). Invented sentences."""
    ex = rules_only.extract("A bomb hidden in a parked van exploded near a bus stop, killing four people and setting "
                            "fire to two shops.", published="2025-10-14")
    assert [e for e in ex.events if e.type == "ASSAULT" and e.acled_sub_event_type == "Remote explosive/landmine/IED"], \
        [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]
    ex = rules_only.extract("A gas cylinder exploded in a restaurant kitchen, killing four people and setting fire to "
                            "two shops.", published="2025-10-14")
    assert not [e for e in ex.events if e.acled_sub_event_type and e.trigger.text == "exploded"], \
        [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


@pytest.mark.parametrize("text,hq", [
    ("A militia has installed its headquarters in a primary school in the territory, a local official said.", True),
    ("Rebels installed a camp near the village, residents said.", True),
    ("The council installed cameras at the market.", False),                 # no base, no armed actor
    ("Aid agencies installed a camp for displaced families.", False),        # no armed actor
    ("The army installed a camp for displaced families near Goma.", False),  # a relief camp (review7 finding 12)
    ("Soldiers installed a refugee camp outside the town.", False),
])
def test_an_armed_group_installing_a_base(rules_only, text, hq):
    """ACLED Headquarters or base established: an armed actor installing its headquarters, a base or a camp (the
    small model's lemma "instal" is found as "install" by the regular form). Invented sentences."""
    ex = rules_only.extract(text, published="2025-10-14")
    found = [e for e in ex.events if e.acled_sub_event_type == "Headquarters or base established"]
    assert bool(found) == hq, [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


# ACLED Change to group/activity (changes in an armed group's structure or activity: forces arriving, new
# leaders, recruitment), coded by the rules as PLOVER 3.14 MOBILIZE; invented sentences
CHANGE_TO_GROUP = [
    ("A battalion of Chadian soldiers arrived in Niamey on Sunday to join the joint force.", "arrived"),
    ("The first contingent of 300 Rwandan troops landed in Pemba on Friday.", "landed"),
    ("The militia named a new commander for its northern wing, a spokesman said.", "named"),
    ("The rebels appointed a new governor for the district they hold.", "appointed"),
    ("Insurgents have been recruiting teenagers in the camps, aid workers said.", "recruiting"),
    ("Hundreds of militia fighters mobilized in the hills ahead of the offensive.", "mobilized"),
]


@pytest.mark.parametrize("text,trigger", CHANGE_TO_GROUP)
def test_change_to_group_activity(pipeline, rules_only, text, trigger):
    for ex in (rules_only.extract(text, published="2025-10-14"), pipeline.extract(text, published="2025-10-14")):
        ev = _find(ex, "MOBILIZE", trigger)
        assert ev.acled_sub_event_type == "Change to group/activity", ev.acled_sub_event_type


@pytest.mark.parametrize("text,trigger", [
    ("Police officers arrived at the scene minutes after the crash.", "arrived"),   # no military body
    ("The president appointed a new finance minister on Monday.", "appointed"),      # no armed actor
    ("The club named a new head coach after the defeat.", "named"),                  # no armed actor
    ("The company is recruiting engineers for its new plant.", "recruiting"),        # no armed actor
])
def test_change_to_group_needs_forces_or_an_armed_actor(rules_only, text, trigger):
    ex = rules_only.extract(text, published="2025-10-14")
    assert not [e for e in ex.events if e.trigger.text == trigger and e.acled_sub_event_type], \
        [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


@pytest.mark.parametrize("text", [
    "The World Bank mobilized $2 billion for flood victims.",
    "The union mobilized thousands of workers for Friday's march.",
])
def test_mobilizing_money_or_members_is_no_change_to_group(pipeline, text):
    # the MOBILIZE rule carries the ACLED hint; the classifier's "no ACLED event" reading clears it here
    ex = pipeline.extract(text, published="2025-10-14")
    assert not [e for e in ex.events if e.acled_sub_event_type], \
        [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


@pytest.mark.parametrize("text,expected", [
    # "set fire to": deliberate arson with an unnamed agent, not a blaze (events._set_on_fire; ACLED Looting/property
    # destruction); invented sentences
    ("Miscreants set fire to a bus depot in Kollam on Sunday, the fire service said.", True),
    ("Arsonists set fire to a warehouse in Kano late on Friday, the fire service said.", True),
    ("A fire broke out at a garment factory in Gazipur on Monday, killing four workers.", False),
])
def test_setting_fire_is_no_disaster(rules_only, text, expected):
    ex = rules_only.extract(text, published="2025-10-14")
    found = [e for e in ex.events if e.type == "ASSAULT" and e.acled_sub_event_type == "Looting/property destruction"]
    assert bool(found) == expected, [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


@pytest.mark.parametrize("text,expected", [
    # "opened / traded fire": the fire of weapons (verb-noun collocation), no blaze, even with no known attacker
    ("Two traders were wounded when unknown men opened fire on a market stall in Kisumu.", True),
    ("Four passengers were injured when unknown men opened fire on a bus near Garissa.", True),
    # a blaze stays a blaze
    ("Two workers were injured when a fire broke out at a textile mill in Surat.", False),
    ("Two people died when fire swept through a market in Onitsha.", False),
])
def test_opened_fire_is_weapon_fire_not_a_blaze(rules_only, text, expected):
    ex = rules_only.extract(text, published="2025-10-14")
    found = [e for e in ex.events if e.type == "ASSAULT" and e.acled_sub_event_type]
    assert bool(found) == expected, [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


def _top(ex: Extraction):
    return max(ex.events, key=lambda e: e.confidence) if ex.events else None


PLAIN_VERBS = [
    # PLOVER 3.2: meetings told without "meet" / "talks"
    ("The governor sat down with farmers' leaders in Cusco on Monday.", "CONSULT", "sat"),
    # PLOVER 3.5: a suspect handed over is judicial cooperation; 3.7: captives handed over are released
    ("Kenya handed over a former police commander to Tanzania.", "COOPERATE", "handed"),
    ("The rebels handed over twelve prisoners to the Red Cross.", "RETREAT", "handed"),
    # PLOVER 3.5: supplying a commodity to another state is economic exchange, not aid
    ("Algeria began supplying gas to Tunisia through a new pipeline.", "COOPERATE", "supplying"),
    # PLOVER 3.6 / 3.14.1: relief and medics arriving are aid
    ("Three Indian aircraft carrying food and medicine landed in Colombo on Friday.", "AID", "landed"),
    ("Sixty Chinese doctors arrived in Freetown to help fight the outbreak.", "AID", "arrived"),
    # PLOVER 3.6.2: a rescue of captives held by someone else is AID, not a release
    ("Malian soldiers freed six hostages held by jihadists near Gao.", "AID", "freed"),
    ("Police in Accra freed forty trafficking victims during an operation.", "AID", "freed"),
    # PLOVER 3.6.2: a court-ordered payment is SANCTION
    ("A court in Quito ordered the mining firm to pay 2 million dollars in compensation.", "SANCTION", "ordered"),
    # PLOVER 3.7: forces leaving an area; 3.4: a declared ceasefire is CONCEDE
    ("The last Belgian soldiers left Mali on Monday.", "RETREAT", "left"),
    ("The junta declared a unilateral ceasefire in the north on Friday.", "CONCEDE", "declared"),
    # PLOVER 3.4: dropping a demand or charges is a concession
    ("The striking teachers dropped their demand for a pay rise.", "CONCEDE", "dropped"),
    # PLOVER 3.14: massing troops and testing weapons are shows of capability (MOBILIZE)
    ("Satellite images show Sudanese troops massing near the border.", "MOBILIZE", "massing"),
    ("North Korea test-fired three cruise missiles off its east coast.", "MOBILIZE", "fired"),
    # PLOVER 3.3: "express support for"
    ("The Arab League voiced its support for Somalia's territorial integrity.", "SUPPORT", "voiced"),
]
OTHER_VERBS = [
    # PLOVER 3.2 'phone'
    ("The Kenyan president telephoned his Ethiopian counterpart on Sunday.", "CONSULT", "telephoned"),
    # PLOVER 3.3: first diplomatic ties, congratulations
    ("Nauru established diplomatic relations with Georgia on Monday.", "SUPPORT", "established"),
    ("The Chilean president congratulated the winner of the Peruvian election.", "SUPPORT", "congratulated"),
    # PLOVER 3.4: suspending a protest is a concession (suspending anything else stays SANCTION)
    ("Dock workers in Durban suspended their strike on Friday.", "CONCEDE", "suspended"),
    ("The African Union suspended Niger from all its activities.", "SANCTION", "suspended"),
    # PLOVER 3.5 / 3.14.1: joint exercises are COOPERATE, a single army's drills MOBILIZE
    ("Egypt and Sudan began joint naval exercises in the Red Sea.", "COOPERATE", "exercises"),
    ("Turkey resumed trade with Armenia after a decade.", "COOPERATE", "resumed"),
    # PLOVER 3.7: resignation, return of territory, access
    ("The Malian defence minister stepped down on Tuesday.", "RETREAT", "stepped"),
    ("The junta allowed UN observers into the northern provinces.", "RETREAT", "allowed"),
    # PLOVER 3.10: blocking a resolution, turning down an invitation
    ("China blocked a Security Council statement on Myanmar.", "REJECT", "blocked"),
    ("The rebels turned down an invitation to the peace conference.", "REJECT", "turned"),
    # PLOVER 3.11 'arrest': an arrest warrant
    ("A court in Dakar issued an arrest warrant for the former minister.", "THREATEN", "warrant"),
    # PLOVER 3.13: recalling an ambassador, fines
    ("Morocco recalled its ambassador to Algeria for consultations.", "SANCTION", "recalled"),
    # PLOVER 3.15 'censor'
    ("Authorities cut internet access across Tigray on Thursday.", "COERCE", "cut"),
    # ACCUSE: disapproval and suits
    ("Human rights groups decried the verdict against the journalist.", "ACCUSE", "decried"),
]


@pytest.mark.parametrize("text,type_,trigger", PLAIN_VERBS + OTHER_VERBS)
def test_plain_verbs_of_giving_moving_and_meeting(pipeline, text, type_, trigger):
    """The sentence's most confident event has the PLOVER type its verb names by the manual's definitions."""
    ex = pipeline.extract(text, published="2025-10-14")
    top = _top(ex)
    assert top is not None and (top.type, top.trigger.text) == (type_, trigger), \
        [(e.type, e.trigger.text, e.confidence) for e in ex.events]


@pytest.mark.parametrize("text,forbidden", [
    ("The rebels released twelve prisoners held since March.", ("AID", "released")),  # freed by their own captors: RETREAT
    ("Soldiers left three attackers dead after the ambush.", ("RETREAT", "left")),     # a secondary predicate, no departure
    ("The men were convicted of crimes committed in 2019.", ("AGREE", "committed")),   # "crimes committed" is no commitment
    ("The court ordered a recount of the ballots.", ("SANCTION", "ordered")),          # no payment
    # session-7 manual triggers without their pattern
    ("The hospital found the patient stable.", ("SANCTION", "found")),              # no verdict
    ("The ceasefire was breached twice overnight.", ("COERCE", "breached")),       # no server or network
    ("Rebels cut off the road to the airport.", ("COERCE", "cut")),                # no public good withheld
    ("She sent a letter to help her cause.", ("AID", "sent")),                     # no personnel sent
    ("The deadline was extended by a week.", ("AID", "extended")),                 # no money or credit
    ("Authorities imposed restrictions and a curfew in Leh.", ("SANCTION", "imposed")),  # a curfew, no sanction
    ("The new book describes talks.", ("CONSULT", "talks")),                     # not a light verb
    # review2 findings 1-2: the same words done by clubs, firms, landlords, schools and households are no
    # state's sanction, aid, coercion or meeting (PLOVER ch. 5 actors; invented sentences)
    ("Fans blacklisted the referee after the match.", ("SANCTION", "blacklisted")),
    ("The club found the striker guilty of breaching team rules.", ("SANCTION", "found")),
    ("The goalkeeper was found liable for the crash.", ("SANCTION", "found")),
    ("The firm extended its support for the local charity.", ("AID", "extended")),
    ("The ministry extended the fuel subsidy until March.", ("AID", "extended")),
    ("The insurer extended credit to the farmers.", ("AID", "extended")),
    ("The landlord cut off electricity to the tenants in Lagos.", ("COERCE", "cut")),
    ("The club cut off water to the stadium during repairs.", ("COERCE", "cut")),
    ("The city imposed tariffs on parking at the beach.", ("SANCTION", "imposed")),
    ("The council imposed duties on tourists in Venice.", ("SANCTION", "imposed")),
    ("The referee reprimanded the players.", ("ACCUSE", "reprimanded")),
    ("The headmaster chided the pupils for being late.", ("ACCUSE", "chided")),
    ("The judge probed the witness about the knife.", ("ACCUSE", "probed")),
    ("The two clubs exchanged information about the transfer.", ("COOPERATE", "exchanged")),
    ("Detectives exchanged information with Interpol about the theft.", ("COOPERATE", "exchanged")),
    ("The company rounded up the staff for a meeting.", ("COERCE", "rounded")),
    ("The two firms normalized relations after the lawsuit.", ("SUPPORT", "normalized")),
    ("The band rebuffed offers to reunite.", ("REJECT", "rebuffed")),
    ("The couple gave in to their children's demands.", ("CONCEDE", "gave")),
    ("The city gave back the land to the farmers.", ("RETREAT", "gave")),
    ("The team held talks with the striker's agent.", ("CONSULT", "talks")),
    ("The players held a meeting in the dressing room.", ("CONSULT", "meeting")),
])
def test_plain_verbs_need_their_pattern(pipeline, text, forbidden):
    ex = pipeline.extract(text, published="2025-10-14")
    assert forbidden not in {(e.type, e.trigger.text) for e in ex.events}


def test_host_and_visitor_roles(pipeline):
    # PLOVER 3.2.2: the visitor is the actor, the host the recipient, whichever is the grammatical subject
    ex = pipeline.extract("Ghana's president hosted his Togolese counterpart in Accra on Monday.",
                          published="2025-10-14")
    ev = _find(ex, "CONSULT", "hosted")
    assert ev.actor is not None and ev.actor.country == "TGO"
    assert ev.recipient is not None and ev.recipient.country == "GHA"
    ex = pipeline.extract("A Malawian trade delegation was received by Zambia's president in Lusaka.",
                          published="2025-10-14")
    ev = _find(ex, "CONSULT", "received")
    assert ev.actor is not None and ev.actor.country == "MWI"
    assert ev.recipient is not None and ev.recipient.country == "ZMB"


@pytest.mark.parametrize("text,type_,trigger,country", [
    # a group named without a country is coded with the country where it acts
    ("Gunmen on motorcycles killed six traders at a market in Katsina state.", "ASSAULT", "killed", "NGA"),
    ("Opposition parties in Gabon boycotted the referendum.", "PROTEST", "boycotted", "GAB"),
    # PLOVER 3.14: the forces deployed are the mobilising side, also in an agentless passive
    ("Riot police were deployed around the stadium in Kampala ahead of the match.", "MOBILIZE", "deployed", "UGA"),
])
def test_unattributed_groups_take_the_country_where_they_act(pipeline, text, type_, trigger, country):
    ev = _find(pipeline.extract(text, published="2025-10-14"), type_, trigger)
    assert ev.actor is not None and ev.actor.country == country, ev.actor


def test_parties_to_a_conflict_are_no_political_party(pipeline):
    ex = pipeline.extract("The envoy urged the parties to the conflict in Yemen to respect the truce.",
                          published="2025-10-14")
    assert not [a for a in ex.actors if a.role == "PTY"]


def test_a_passive_reduced_relative_has_no_agent(pipeline):
    # "soldiers killed in the attack" are victims, not attackers (no object: a true reduced relative)
    ex = pipeline.extract("Soldiers killed in the attack were buried in Gao.", published="2025-10-14")
    assert all(e.actor is None for e in ex.events if e.trigger.text == "killed")


def test_first_person_in_a_quote_is_the_quoted_speaker(pipeline):
    # linguistic class: deixis in direct speech -- "we" inside the quotation is the speaker of "... said"
    ex = pipeline.extract('"We urge the government to free the detainees at once," the Kenyan Bar Association said.',
                          published="2025-10-14")
    ev = _find(ex, "REQUEST", "urge")
    assert ev.actor is not None and ev.actor.country == "KEN"
    # outside a quotation "we" is left alone
    ex = pipeline.extract("We urge the government to free the detainees, the association said.",
                          published="2025-10-14")
    assert _find(ex, "REQUEST", "urge").actor is None


def test_tear_gas_at_demonstrators_is_an_assault_with_a_protest_sub_type(pipeline):
    # PLOVER 3.16 'crowd-control' (an explicit crowd-control weapon); ACLED keeps a protest sub-type
    ex = pipeline.extract("Police fired tear gas and rubber bullets at demonstrators in Lusaka on Monday.",
                          published="2025-10-14")
    ev = _find(ex, "ASSAULT", "fired")
    assert ev.mode == "crowd-control"
    assert ev.acled_event_type == "Protests"


def test_words_of_a_name_are_no_trigger(pipeline):
    # linguistic class: a word inside an organisation's name reports nothing ("Islamic Cooperation")
    ex = pipeline.extract("The Organisation of Islamic Cooperation opened an office in Dakar.",
                          published="2025-10-14")
    assert not [e for e in ex.events if e.trigger.text == "Cooperation"]


def test_now_and_recently_are_times_but_never_event_dates(pipeline):
    """'now'/'recently' appear in ``times`` as TimeML reference values; an event in a sentence with
    only such an expression keeps the publication-date fallback, and exports and stories give it
    the publication date, never the reference value."""
    from wirewatch import stories
    from wirewatch.export import acled_date
    text = "Rebels now control Kherson after they attacked the city. Militants recently shelled Izium."
    ex = pipeline.extract(text, published="2025-10-14", id="refs")
    assert {(t.text, t.value, t.precision) for t in ex.times} >= {
        ("now", "PRESENT_REF", "reference"), ("recently", "PAST_REF", "reference")}
    assert ex.events
    for ev in ex.events:
        assert (ev.date, ev.date_precision) == ("2025-10-14", "published")
        assert acled_date(ev.date, ev.date_precision) == ("2025-10-14", 2)
        assert stories.date_window(ev.date) is not None


@pytest.mark.parametrize("text,trigger,crowd", [
    # PLOVER 3.16: the crowd-control weapon must be the assault's own means (its object or 'with' phrase)
    ("Riot police attacked the marchers with water cannon in Harare on Friday.", "attacked", True),
    ("Security forces fired rubber-coated bullets at protesters in Lusaka.", "fired", True),
    # the protesters' stones are no crowd control, though tear gas is named in the sentence
    ("Protesters attacked a police station in Harare with stones despite tear gas.", "attacked", False),
    # live rounds kill; tear gas named elsewhere in the sentence does not make them crowd control
    ("Police fired live rounds at the crowd in Harare, killing three people, a day after tear gas was used.",
     "fired", False),
    ("Police dispersed the crowd using tear gas and then shot dead two men in Harare.", "shot", False),
])
def test_crowd_control_is_the_assaults_own_weapon(pipeline, text, trigger, crowd):
    ex = pipeline.extract(text, published="2025-10-14")
    evs = [e for e in ex.events if e.type == "ASSAULT" and e.trigger.text == trigger]
    assert evs, [(e.type, e.trigger.text) for e in ex.events]
    assert (evs[0].mode == "crowd-control") == crowd, evs[0]


@pytest.mark.parametrize("text,trigger", [
    # the town attacked is the target's, not the attacker's country (PLOVER ASSAULT recipient)
    ("Troops shelled Kharkiv overnight.", "shelled"),
    ("Militants fired rockets at Sderot on Tuesday.", "fired"),
])
def test_armed_group_does_not_take_its_targets_country(pipeline, text, trigger):
    ev = _find(pipeline.extract(text, published="2025-10-14"), "ASSAULT", trigger)
    assert ev.actor is not None and ev.actor.country is None, ev.actor


def _rules(pipeline, text):
    from wirewatch.triggers import rule_for
    return {(t.text, r[1].type, r[1].acled) for t in pipeline.nlp(text) for r in [rule_for(t)] if r}


@pytest.mark.parametrize("text,trigger,type_", [
    # "drop" governs weapons too: bombs dropped are an ASSAULT (PLOVER 3.16, ACLED Air/drone strike)
    ("Army helicopters dropped barrel bombs on the town of Qaryatein.", "bombs", "ASSAULT"),
    # a split "cease-fire" is the truce word: its violations are fighting (ACLED codes them by weapon)
    ("Monitors counted 31 cease-fire violations around Horlivka.", "violations", "ASSAULT"),
    # a second party "with" makes the meeting; a person named as the received object is a visitor
    ("The mayor sat down with the strikers' union in Arequipa.", "sat", "CONSULT"),
    ("The Zambian president received Kofi Mensah in Lusaka.", "received", "CONSULT"),
    # forces pulled back by their state, or pulling back themselves (PLOVER 3.7 withdraw)
    ("Belgrade pulled back its troops from the boundary line.", "pulled", "RETREAT"),
    ("The soldiers pulled out of the river port overnight.", "pulled", "RETREAT"),
    ("The rebel commander reinforced his units near the ridge.", "reinforced", "MOBILIZE"),
    ("Qatar deposited 500 million dollars in the central bank of Sudan.", "deposited", "AID"),
    ("A convoy of medical supplies arrived in the besieged town.", "arrived", "AID"),
])
def test_review_fixes_keep_their_triggers(pipeline, text, trigger, type_):
    assert any(t == trigger and ty == type_ for t, ty, _ in _rules(pipeline, text)), _rules(pipeline, text)


@pytest.mark.parametrize("text,trigger,type_", [
    # a month is not the noun "march" (protests class): nothing conceded
    ("The offensive on the ridge ended in March.", "ended", "CONCEDE"),
    ("The carrier suspended flights to Yerevan until March.", "suspended", "CONCEDE"),
    # the truce in "violations of the cease-fire" is their frame, not an agreement
    ("Violations of the cease-fire were reported near Svitlodarsk.", "fire", "RETREAT"),
    # bare common verbs without their argument
    ("Dozens of farmers sat down on the motorway near Arequipa.", "sat", "CONSULT"),
    ("The leaked memo reinforced fears of a devaluation.", "reinforced", "MOBILIZE"),
    ("The firm deposited the signed contract with a notary.", "deposited", "AID"),
    ("The governor pulled out of the party primary on Tuesday.", "pulled", "RETREAT"),
    ("A military convoy arrived in the border town on Monday.", "arrived", "AID"),
    ("A lorry carrying supplies arrived at the depot.", "arrived", "AID"),
    # what is received is no visitor: a delivery, even from a president, or a pronoun
    ("Tbilisi received rifles from the Polish president.", "received", "CONSULT"),
    ("Clinics in the valley received them on Friday.", "received", "CONSULT"),
])
def test_review_fixes_drop_false_triggers(pipeline, text, trigger, type_):
    assert not any(t == trigger and ty == type_ for t, ty, _ in _rules(pipeline, text)), _rules(pipeline, text)


def test_suspended_strike_stays_a_concession_and_not_an_attack(pipeline):
    rules = _rules(pipeline, "Port workers in Mombasa suspended their strike on Friday.")
    assert ("suspended", "CONCEDE", None) in {(t, ty, None) for t, ty, _ in rules}
    assert not any(t == "strike" for t, _, _ in rules)


def test_rebels_pulling_back_from_positions_withdraw_and_a_summit_topic_is_no_visitor(pipeline):
    # PLOVER 3.7: a particle's prepositional object is the place left ("pull back from positions")
    assert ("pulled", "RETREAT") in {(t, ty) for t, ty, _ in _rules(
        pipeline, "The militia pulled back from positions around the dam on Sunday.")}
    # PLOVER 3.2.2: the host is the recipient only when the visitor is the hosted object, not a topic
    ex = pipeline.extract("Kenya hosted a summit on the war in Somalia on Monday.", published="2025-10-14")
    ev = _find(ex, "CONSULT", "hosted")
    assert ev.actor is not None and ev.actor.country == "KEN"


# Session 6 (issue 12): manual-cited triggers, each with an invented sentence; the type must be coded on
# that trigger, and the look-alike beside it must not be.
MANUAL_TRIGGERS_S6 = [
    ("Human Rights Watch hit out at Kenya over the arrests.", "ACCUSE", "hit"),            # 3.9 disapprove
    ("The opposition slammed the finance minister over the budget.", "ACCUSE", "slammed"),
    ("Prosecutors charged a former governor with fraud.", "ACCUSE", "charged"),            # 3.9 allege
    ("Ghana filed a complaint against Togo at the tribunal.", "ACCUSE", "filed"),
    ("Nurses in Scotland walked out for three days over pay.", "PROTEST", "walked"),        # 3.12 strike
    ("The energy minister quit over the fuel shortages.", "RETREAT", "quit"),               # 3.7 resign
    ("Both armies held their fire along the river for a second day.", "RETREAT", "held"),   # 3.7 ceasefire
    ("Iran blocked access to the messaging app nationwide.", "COERCE", "blocked"),          # 3.15 restrict
    ("Egypt called off a planned visit by Turkey's foreign minister.", "REJECT", "called"),  # 3.10
    ("The union called off the strike after the pay offer.", "CONCEDE", "called"),          # 3.4
    ("Norway transferred $20 million to the relief fund for Gaza.", "AID", "transferred"),  # 3.6
    ("Canada airdropped food to stranded villagers.", "AID", "airdropped"),
    ("The EU imposed asset freezes on six officials.", "SANCTION", "freezes"),              # 3.13
]


@pytest.mark.parametrize("text,type_,trigger", MANUAL_TRIGGERS_S6)
def test_manual_triggers_session6(pipeline, text, type_, trigger):
    ex = pipeline.extract(text, published="2025-10-14")
    assert (type_, trigger) in {(e.type, e.trigger.text) for e in ex.events}, \
        [(e.type, e.trigger.text) for e in ex.events]


@pytest.mark.parametrize("text,forbidden", [
    ("Troops held positions under heavy fire.", ("RETREAT", "held")),            # fire is no object of "held"
    ("A truck slammed into a wall near the market.", ("ACCUSE", "slammed")),     # no object: a crash
    ("Police transferred the prisoners to a jail in Kano.", ("AID", "transferred")),  # no aid moved
    ("The court filed its ruling on Monday.", ("ACCUSE", "filed")),             # no case or complaint
])
def test_manual_triggers_session6_need_their_pattern(pipeline, text, forbidden):
    ex = pipeline.extract(text, published="2025-10-14")
    assert forbidden not in {(e.type, e.trigger.text) for e in ex.events}


def test_unnamed_protesters_take_the_country_where_they_protest(pipeline):
    # PLOVER 3.12 / unattributed actors (issue 12, session 6): a crowd named by a common noun is the
    # protest's actor, coded with the country of the protest's place (invented sentences)
    ex = pipeline.extract("Bus drivers across Spain staged a 24-hour strike on Monday.", published="2025-10-14")
    ev = _find(ex, "PROTEST")
    assert ev.actor is not None and ev.actor.text == "Bus drivers" and ev.actor.country == "ESP"
    ex = pipeline.extract("Hundreds of students rallied in Dhaka on Sunday.", published="2025-10-14")
    ev = _find(ex, "PROTEST")
    assert ev.actor is not None and ev.actor.country == "BGD"


def test_unnamed_people_take_the_country_where_they_act(pipeline):
    # beyond protests only a noun for people is an unnamed actor ("Transport unions ... threatened"), never
    # a thing ("A bomb exploded in Kabul"); invented sentences (issue 12, session 6)
    ex = pipeline.extract("Transport unions in Lagos threatened an indefinite strike.", published="2025-10-14")
    ev = _find(ex, "THREATEN")
    assert ev.actor is not None and ev.actor.text == "Transport unions" and ev.actor.country == "NGA"
    ex = pipeline.extract("A bomb exploded in a market in Kabul.", published="2025-10-14")
    assert all(e.actor is None or e.actor.text != "bomb" for e in ex.events)


def test_a_two_word_noun_trigger_is_one_event():
    # "an air strike", "a hunger strike": one event at the head, not a second one at the modifier
    # (triggers.rule_for; invented sentences)
    for text, type_ in (("An air strike hit the town of Idlib.", "ASSAULT"),
                        ("Sudanese workers began a hunger strike in Khartoum.", "PROTEST")):
        from wirewatch.pipeline import Pipeline
        ex = Pipeline(classifier=False).extract(text, published="2025-10-14")
        assert [e.trigger.text for e in ex.events if e.type == type_][0] == "strike"
        assert not any(e.trigger.text in ("air", "hunger") for e in ex.events)


@pytest.mark.parametrize("text,ptype,mode", [
    # PLOVER Tables 3.3 / 3.5: REQUEST and REJECT take the mode of what is asked for or refused
    ("The Ruritanian opposition urged the government to free two detained mayors.", "REQUEST", "yield"),
    ("Freedonia rejected an invitation to attend talks in Geneva.", "REJECT", "meet"),
    ("Freedonia appealed to its neighbours for emergency food aid.", "REQUEST", "assist"),
    # PLOVER Table 3.6: the THREATEN mode is the content of the threat, not a conditional clause
    ("Freedonia warned it would suspend talks with Ruritania if the rebels attacked again.", "THREATEN", "relations"),
    ("Freedonia warned it would close its airspace to Ruritanian airlines.", "THREATEN", "restrict"),
    # Table 3.6 'restrict' names strikes: a labour strike threatened (session 8)
    ("Dockworkers' unions in Ruritania threatened an indefinite strike over unpaid wages.", "THREATEN", "restrict"),
    ("Hospital staff in Ruritania threatened a strike over pay.", "THREATEN", "restrict"),
    # the complement clause the parser labels advcl (an adjunct between verb and infinitive) or relcl (a
    # that-clause after an indirect object) is still the content (helper modality3, session 11)
    ("The Freedonian junta threatened on Monday to expel the Ruritanian ambassador from the capital.",
     "THREATEN", "expel"),
    ("Freedonian senators called on Tuesday for the interior minister to resign.", "REQUEST", "change"),
    ("The rebels warned relief groups that they would be expelled.", "THREATEN", "expel"),
    # no content word: the trigger-lexicon type of the requested / threatened event names the mode
    # (Table 3.3 'yield' for a RETREAT / CONCEDE, 'assist' for AID; Table 3.6 'violence' for an ASSAULT)
    ("Freedonia has formally requested that Ruritania pull its troops out of the border district.",
     "REQUEST", "yield"),
    ("The Ruritanian rebels threatened to shell the airport in the capital.", "THREATEN", "violence"),
    ("Freedonia asked its allies to send more ambulances and medicine.", "REQUEST", "assist"),
    # the speech-act noun rejected ("calls", "demands") is the request itself: "calls" is no phone call (meet)
    ("Freedonia rejected calls from Ruritania to pull its troops back.", "REJECT", "yield"),
    # Table 3.3 'change' is the residual content: a clause asking the recipient to act, no aid, meeting or
    # concession named; a content word still decides first ("urged its neighbours to help": assist)
    ("Farmers' groups in Freedonia urged the government to scrap the new water tariffs.", "REQUEST", "change"),
    ("Freedonia urged its neighbours to help.", "REQUEST", "assist"),
    # Table 3.6 'territory': "seize control of ... a territory" -- "take control of", "take over"
    ("The rebels threatened to take control of the border crossing.", "THREATEN", "territory"),
    ("Freedonia threatened to take control of Ruritanian ports.", "THREATEN", "territory"),
    # ... and anything but a person when a party PLOVER codes threatens to take it over (review7 finding 13)
    ("The rebels threatened to take over the state broadcaster.", "THREATEN", "territory"),
    ("The separatists warned that they would take over the power plant unless the debts were paid.",
     "THREATEN", "territory"),
    # a refused proposal noun carries the content: its to-infinitive complement or noun premodifier (Quirk
    # §17.24, §17.108; helper modality4)
    ("The Freedonian government rejected the opposition's demand to dissolve parliament.", "REJECT", "change"),
    ("The Ruritanian rebels rejected a ceasefire proposal from the mediators.", "REJECT", "yield"),
    ("Freedonia turned down a Ruritanian offer to mediate between the two factions.", "REJECT", "meet"),
    # a thing asked for or from someone is a transfer: 'assist' (Table 3.3; Levin §13.5.2; helper modality7)
    ("The Freedonian government appealed to Ruritania for tents and generators after the floods.", "REQUEST",
     "assist"),
    ("Ruritania asked Freedonia for more patrol boats.", "REQUEST", "assist"),
    ("The Freedonian defence ministry requested extra artillery shells from its allies.", "REQUEST", "assist"),
    # a refused proposal or measure with no other content is a refused change (Table 3.5; helper modality7)
    ("Freedonian nurses rejected the health ministry's salary offer.", "REJECT", "change"),
    ("Ruritania blocked the alliance's latest sanctions package against Freedonia.", "REJECT", "change"),
])
def test_request_reject_threaten_mode_is_their_content(pipeline, text, ptype, mode):
    ex = pipeline.extract(text, published="2025-10-14")
    evs = [e for e in ex.events if e.type == ptype]
    assert evs, [(e.type, e.trigger.text) for e in ex.events]
    assert evs[0].mode == mode, evs[0]


@pytest.mark.parametrize("text,ptype", [
    # review7 findings 7, 13, 14: no mode from the content's lexicon event or clause when no party PLOVER codes
    # speaks or is addressed ("strike a deal" is no violence) ...
    ("The football club threatened to strike a deal with a rival club.", "THREATEN"),
    ("The landlord threatened to evict the tenants of the building.", "THREATEN"),
    # ... 'territory' only when a place is taken over ...
    ("The company threatened to take over its rival.", "THREATEN"),
    ("The striker threatened to take control of the game.", "THREATEN"),
    # ... and no 'change' for acts of saying or staying (Levin 1993 §37, §47.1)
    ("Police asked residents to stay indoors.", "REQUEST"),
    ("The minister declined to comment on the strike.", "REJECT"),
    # modality7: an apology or calm asked for is no thing handed over; a business party's request stays open
    ("The Freedonian government demanded an apology from Ruritania over the remarks.", "REQUEST"),
    ("The landlord asked the tenants for the rent.", "REQUEST"),
])
def test_irrelevant_content_gives_no_request_or_threat_mode(pipeline, text, ptype):
    ex = pipeline.extract(text, published="2025-10-14")
    evs = [e for e in ex.events if e.type == ptype]
    assert evs, [(e.type, e.trigger.text) for e in ex.events]
    assert evs[0].mode is None, evs[0]


@pytest.mark.parametrize("text,mode", [
    # PLOVER ASSAULT modes: drones / UAVs are their own mode, manned aircraft stay aerial
    ("A Freedonian drone struck a fuel depot in Ruritania's border province overnight.", "drone"),
    ("Freedonian warplanes struck a fuel depot in Ruritania's border province overnight.", "aerial"),
])
def test_drone_strikes_have_the_drone_mode(pipeline, text, mode):
    ex = pipeline.extract(text, published="2025-10-14")
    evs = [e for e in ex.events if e.type == "ASSAULT"]
    assert evs, [(e.type, e.trigger.text) for e in ex.events]
    assert evs[0].mode == mode, evs[0]


@pytest.mark.parametrize("text,trigger,mode", [
    # PLOVER Table 3.11: bombs dropped from aircraft, or air-dropped munitions, are aerial, not explosives
    ("Freedonian warplanes bombed a cattle market in the north, killing nine herders.", "bombed", "aerial"),
    ("Freedonian troops hit the depot with glide bombs overnight.", "hit", "aerial"),
    # ... and so are bombs of an air force that is the agent (session 14, invented; explosives on main)
    ("Freedonia's air force bombed a cattle market in the north, killing nine herders.", "bombed", "aerial"),
    ("The Ruritanian village was bombed by the air force overnight.", "bombed", "aerial"),
    ("The air force said militants bombed a Freedonian checkpoint with a car bomb.", "bombed", "explosives"),
    ("A car bomb exploded outside the Ruritanian customs post, killing three guards.", "exploded", "explosives"),
    # an open mode takes the weapons the sentence names: firearms first, then edged / primitive, then blows
    ("Gunmen killed six traders on the Freedonian highway on Sunday.", "killed", "firearms"),
    ("Raiders armed with machetes attacked a Ruritanian farming village, killing four.", "attacked", "primitive"),
    ("Raiders attacked a Ruritanian farming village, killing four.", "attacked", None),
    # Table 3.11 'targeted': the killing of one office holder (session 8)
    ("Gunmen shot dead a Freedonian town councillor outside his home on Tuesday.", "shot", "targeted"),
])
def test_assault_mode_from_the_means_named(pipeline, text, trigger, mode):
    ex = pipeline.extract(text, published="2025-10-14")
    hits = [e for e in ex.events if e.type == "ASSAULT" and e.trigger.text == trigger]
    assert hits, [(e.type, e.trigger.text) for e in ex.events]
    assert hits[0].mode == mode, hits[0]


@pytest.mark.parametrize("text,trigger,mode", [
    # PLOVER Table 3.1 CONSULT modes from the clause around a meeting noun (invented sentences, session 8)
    ("The Freedonian foreign minister arrived in Ruritania's capital on Monday for talks with officials.", "talks",
     "visit"),
    ("The two Freedonian premiers held a telephone conversation on Tuesday about grain exports.", "conversation",
     "phone"),
    ("Talks between Freedonia and Ruritania resumed in Oslo under Norwegian mediation.", "Talks", "third-party"),
    ("The Freedonian and Ruritanian premiers held talks by video link on Monday.", "talks", "phone"),
    ("The Freedonian premier met his Ruritanian counterpart at the UN General Assembly.", "met", "multilateral"),
    ("The Freedonian and Ruritanian ministers held talks in Oslo on Monday.", "talks", None),
    ("The Indian and Chinese foreign ministers met on the sidelines of the G20 summit in Rio.", "met",
     "multilateral"),
    # two states meeting in the country of one of them: that one hosts (Table 3.1 / §3.2.2)
    ("The Chinese premier met Brazil's president in Beijing on Wednesday.", "met", "visit"),
    ("The Kenyan and Ugandan ministers met in Geneva on Monday.", "met", None),
    # two sides meeting in a country of neither: it hosts, a third party (Table 3.1 'third-party'; modality4)
    ("Delegates of the Ethiopian government and Eritrea met in Nairobi on Tuesday.", "met", "third-party"),
    ("Peruvian and Chilean negotiators held talks in Madrid last week.", "talks", "third-party"),
    ("The Peruvian foreign minister met his Chilean counterpart in Lima on Monday.", "met", "visit"),
    ("Iranian officials met Iraqi officials to discuss the war in Syria.", "met", None),
])
def test_consult_mode_from_the_clause(pipeline, text, trigger, mode):
    ex = pipeline.extract(text, published="2025-10-14")
    hits = [e for e in ex.events if e.type == "CONSULT" and e.trigger.text == trigger]
    assert hits, [(e.type, e.trigger.text) for e in ex.events]
    assert hits[0].mode == mode, hits[0]


@pytest.mark.parametrize("text,mode", [
    # PLOVER Table 3.9 / §3.14.1 MOBILIZE modes from what is mobilised and who mobilises (invented, session 8)
    ("Japan deployed two destroyers and a supply ship to the East China Sea on Friday.", "weapons"),
    ("Riot police were deployed around the Kenyan parliament ahead of the vote.", "police"),
    ("Nigeria deployed troops and armoured vehicles to Zamfara state.", "troops"),
    # modality4: generic units a police force deploys; a navy / air force put on alert; an "of" phrase of a
    # mobilisation noun; the object of "placed X on alert" (invented)
    ("Freedonian police deployed extra armed units to the border town on Sunday.", "police"),
    ("Freedonia deployed troops and police to the border.", "troops"),
    ("Ruritania put its navy on alert as tensions rose.", "weapons"),
    ("The Freedonian army placed air defences around the airport on high alert.", "weapons"),
    ("The deployment of two Freedonian frigates to the strait was confirmed.", "weapons"),
    # Table 3.9 'militia': volunteers or fighters mobilised (modality4, invented)
    ("A Freedonian self-defence group mobilised 300 volunteers to guard the villages.", "militia"),
])
def test_mobilize_mode_from_what_is_mobilised(pipeline, text, mode):
    ex = pipeline.extract(text, published="2025-10-14")
    evs = [e for e in ex.events if e.type == "MOBILIZE"]
    assert evs, [(e.type, e.trigger.text) for e in ex.events]
    assert evs[0].mode == mode, evs[0]


@pytest.mark.parametrize("text,mode", [
    # PLOVER Table 3.8 'expel' "permanently or temporarily expel an entity from a group, organization ...": a
    # member suspended from a body, or its membership, is expelled; suspended aid or talks stay 'discontinue'
    # (invented sentences, helper modality4)
    ("The regional bloc suspended Freedonia from all its bodies after the coup.", "expel"),
    ("The league suspended Ruritania's membership on Monday.", "expel"),
    ("Freedonia suspended military aid to Ruritania.", "discontinue"),
    ("Freedonia suspended talks with the rebels.", "discontinue"),
])
def test_sanction_suspension_of_a_member_is_expel(pipeline, text, mode):
    ex = pipeline.extract(text, published="2025-10-14")
    evs = [e for e in ex.events if e.type == "SANCTION"]
    assert evs, [(e.type, e.trigger.text) for e in ex.events]
    assert evs[0].mode == mode, evs[0]


@pytest.mark.parametrize("text,mode", [
    # PLOVER Table 3.7 PROTEST modes for a protest whose trigger names none (invented sentences, session 8)
    ("Nurses at a Ruritanian state hospital walked off the job on Monday over unpaid allowances.", "strike"),
    ("Climate activists sprayed red paint over the facade of the Ruritanian parliament.", "vandalize"),
])
def test_protest_mode_from_the_sentence(pipeline, text, mode):
    ex = pipeline.extract(text, published="2025-10-14")
    evs = [e for e in ex.events if e.type == "PROTEST"]
    assert evs, [(e.type, e.trigger.text) for e in ex.events]
    assert evs[0].mode == mode, evs[0]


def test_protest_mode_words(pipeline):
    from wirewatch.events import protest_mode
    from wirewatch import nlp as nlp_stage

    def mode(text):
        return protest_mode(nlp_stage.parse(pipeline.nlp, text)[:])
    assert mode("The teachers' union called a strike at the state schools.") == "strike"
    assert mode("Activists covered the ministry walls with graffiti.") == "vandalize"
    assert mode("Detained activists began a hunger strike in the capital.") == "hunger"
    # review finding 14: "hunger" and "job" as the grievance are no hunger strike or walkout (invented)
    assert mode("Thousands of pupils marched through Accra against hunger.") == "demo"
    assert mode("Thousands of workers marched through Porto against job cuts.") == "demo"
    assert mode("Miners downed tools at the pit over unpaid wages.") == "strike"
    assert mode("Farmers held a rally outside the ministry.") == "demo"


@pytest.mark.parametrize("text,ptype,bad_mode", [
    # review findings 8-15 (session 8): a mode is read from words tied to the trigger, not from anywhere in
    # the sentence (invented sentences)
    # 8: military strikes threatened are no labour strike (Table 3.6 'restrict')
    ("The Freedonian general threatened new strikes on the rebel-held port.", "THREATEN", "restrict"),
    ("Freedonia threatened strikes against Ruritanian bases, as workers fled the border towns.", "THREATEN",
     "restrict"),
    # 9: an air base, air force or jet fuel is no aircraft dropping the bomb (Table 3.11 'aerial')
    ("A bomb went off at the Freedonian air base, killing three guards.", "ASSAULT", "aerial"),
    ("Insurgents bombed a bus depot beside the jet fuel terminal in Ruritania.", "ASSAULT", "aerial"),
    # 10: a football club, an offensive that kicked off: no blows (Table 3.11 'beat')
    ("A man attacked three fans outside the football club on Sunday.", "ASSAULT", "beat"),
    ("The offensive kicked off on Friday as rebels attacked the Ruritanian garrison.", "ASSAULT", "beat"),
    # 11: a topic of the talks is no medium (Table 3.1 'phone')
    ("The Freedonian and Ruritanian ministers held talks on online banking rules in Oslo.", "CONSULT", "phone"),
    # 12: a room of a conference centre, a training session: no multilateral gathering (Table 3.1)
    ("The two ministers met at the conference room of the Ruritanian embassy.", "CONSULT", "multilateral"),
    ("The two ministers met during a study session for young diplomats.", "CONSULT", "multilateral"),
    # 13: a place in the meeting's topic is not where it was held (Table 3.1 'visit')
    ("Armenian and Azerbaijani officials met to discuss the clashes in Armenia.", "CONSULT", "visit"),
    # 15: a commander killed in battle is no targeted killing (Table 3.11 'targeted')
    ("Soldiers killed a rebel commander during clashes in the east.", "ASSAULT", "targeted"),
])
def test_mode_not_read_from_unrelated_words(pipeline, text, ptype, bad_mode):
    ex = pipeline.extract(text, published="2025-10-14")
    evs = [e for e in ex.events if e.type == ptype]
    assert evs, [(e.type, e.trigger.text) for e in ex.events]
    assert all(e.mode != bad_mode for e in evs), [(e.trigger.text, e.mode) for e in evs]


@pytest.mark.parametrize("text", [
    # a strike on a target is an attack (PLOVER 3.16 ASSAULT), even with a labour word elsewhere in the sentence
    # ("general staff", "dock workers"): the PROTEST reading of "strike" needs the labour word as who strikes or
    # as the strike's modifier (triggers.labour_strike; PLOVER Table 3.7 'strike'; fstrike, invented sentences)
    "Ankara threatened new strikes on Qamishli, the army's general staff said.",
    "Freedonia vowed fresh strikes on Port Vell, its general staff said on Monday.",
    "Freedonian jets launched strikes on Port Vell as dock workers fled the city.",
])
def test_strike_on_a_target_is_no_labour_strike(pipeline, text):
    ex = pipeline.extract(text, published="2025-10-14")
    assert not [e for e in ex.events if e.type == "PROTEST"], [(e.type, e.trigger.text) for e in ex.events]


@pytest.mark.parametrize("text,trigger,labour", [
    ("Nurses at the Freedonian state hospitals went on strike over pay.", "strike", True),
    ("Thousands of teachers joined a strike in Port Vell on Monday.", "strike", True),
    ("A general strike shut the port of Port Vell.", "strike", True),
    ("The dockers' union called an indefinite strike at Port Vell.", "strike", True),
    ("Bus drivers struck for a second day in Port Vell.", "struck", True),
    ("Miners threatened to go on strike over pay.", "strike", True),
    ("Missiles struck the fuel depot at Port Vell, the general staff said.", "struck", False),
    ("The general ordered new strikes on the rebel-held port.", "strikes", False),
    ("Workers fled as drone strikes hit Port Vell.", "strikes", False),
])
def test_labour_strike_by_syntax(pipeline, text, trigger, labour):
    from wirewatch import nlp as nlp_stage
    from wirewatch.triggers import labour_strike
    tok = next(t for t in nlp_stage.parse(pipeline.nlp, text) if t.text == trigger)
    assert labour_strike(tok) is labour


@pytest.mark.parametrize("text,trigger,sub", [
    # ACLED codebook: Air/drone strike is an air or drone strike; an air word naming a place, body or cargo
    # ("air base", "jet fuel", "air force academy") is none; a bomb dropped by aircraft is no Remote explosive
    # (fstrike; the cue read as the PLOVER mode reads it, events.means_mode; invented sentences)
    ("Rebels attacked a checkpoint near the air base at Port Vell.", "attacked", "Armed clash"),
    ("Gunmen attacked a convoy carrying jet fuel to Port Vell.", "attacked", "Armed clash"),
    ("Rebels fired mortars at the Freedonian air force academy.", "fired", "Shelling/artillery/missile attack"),
    ("A glide bomb dropped by a Freedonian jet hit a school in Ostrava.", "hit", "Air/drone strike"),
    ("The Freedonian Air Force destroyed rebel vehicles near Ostrava.", "destroyed", "Air/drone strike"),
    ("Freedonian warplanes attacked rebel positions near Port Vell.", "attacked", "Air/drone strike"),
    ("A roadside bomb killed four soldiers near the air base at Port Vell.", "killed", "Remote explosive/landmine/IED"),
])
def test_air_sub_type_cue_tied_to_the_trigger(pipeline, text, trigger, sub):
    from wirewatch import nlp as nlp_stage
    from wirewatch.events import acled_sub_type
    from wirewatch.triggers import rule_for
    tok = next(t for t in nlp_stage.parse(pipeline.nlp, text) if t.text == trigger)
    rule = rule_for(tok)[1]
    mode, got = acled_sub_type(rule, tok, None, None, rule.mode)
    assert got == sub, (mode, got)


@pytest.mark.parametrize("text,trigger,date", [
    # review finding 9: an event anchored by its own clause to a year, however long before the report, is
    # kept under that year (without an ACLED type): an analyst's store keeps newly reported old events
    ("Militants attacked the same checkpoint in 2019, killing five soldiers.", "attacked", "2019"),
    ("The two countries signed a defence pact in 1998.", "signed", "1998"),
    ("Troops recaptured the town in the 1990s before losing it again.", "recaptured", "199"),
    ("An inquiry released on Tuesday found that guards had tortured 15 detainees in 2021.", "tortured", "2021"),
    ("Militants attacked the same checkpoint in 2026, killing five soldiers.", "attacked", "2026"),
    ("Rebels seized the town in 2025 and have held it since.", "seized", "2025"),
    # a day-dated event, and one whose year hangs on another clause's verb
    ("Militants attacked the checkpoint on Monday, killing five soldiers.", "attacked", "2026-11-30"),
    ("Farmers marched on Friday against a law passed in 1998.", "marched", "2026-11-27"),
    # a fronted year dates both conjuncts
    ("In 2023, the truce broke down and rebels attacked the border post.", "attacked", "2023"),
    # review finding 1: a year after "since" (from then until now) or inside the predicate of another
    # conjunct does not date the event: it keeps its own date (here the publication day or its weekday)
    ("Rebels took the garrison in 2022 and are now shelling the villages around it.", "shelling", "2026-12-01"),
    ("Gunmen have attacked the mine repeatedly since 2020, most recently on Saturday.", "attacked", "2026-11-28"),
    ("Students have rallied every spring since 2018 and marched again in Valdora.", "rallied", "2026-12-01"),
])
def test_events_dated_to_a_year_are_kept_under_their_own_date(pipeline, text, trigger, date):
    ex = pipeline.extract(text, published="2026-12-01")
    found = {e.trigger.text: e for e in ex.events}
    assert trigger in found, [(e.type, e.trigger.text) for e in ex.events]
    ev = found[trigger]
    assert ev.date == date, (ev.date, ev.date_precision)
    if ev.date_precision in ("year", "decade"):
        assert ev.acled_sub_event_type is None


# Issue 12, session 7 (helper plover): manual-cited trigger classes written from the PLOVER manual's type
# definitions (invented sentences)
@pytest.mark.parametrize("text,type_,trigger", [
    ("The Supreme Court found the former governor guilty of fraud.", "SANCTION", "found"),        # 3.13 convict
    ("The senator was found guilty of bribery on Monday.", "SANCTION", "found"),
    ("Hackers breached the servers of Finland's parliament.", "COERCE", "breached"),              # 3.15 cyber
    ("Rebels cut off water and electricity to the city of Aden.", "COERCE", "cut"),               # 3.15 withhold
    ("Malian troops freed 14 schoolchildren held by gunmen near Mopti.", "AID", "freed"),         # 3.6 rescue
    ("Chile sent 200 soldiers and three planes to help fire victims in Bolivia.", "AID", "sent"),  # 3.6 / 3.14.1
    ("Cuba and Mexico exchanged intelligence on smuggling networks.", "COOPERATE", "exchanged"),  # 3.5
    ("The army handed back the seized farms to their owners in Zimbabwe.", "RETREAT", "handed"),  # 3.7
    ("Jordan repatriated 300 refugees to Syria on Sunday.", "RETREAT", "repatriated"),            # 3.7
    ("Spain transferred the second tranche of its reparations to Morocco.", "AID", "transferred"),  # 3.6
    ("Tehran allowed United Nations inspectors to visit a uranium plant near Isfahan.", "RETREAT", "allowed"),
    ("Paris rolled out the red carpet as the two sides held four hours of talks.", "CONSULT", "talks"),
    # second batch (the same session)
    # fifth batch: diplomatic moves, concessions, refusals, criticism, military moves, repression
    ("Saudi Arabia reopened its embassy in Damascus on Sunday.", "SUPPORT", "reopened"),         # 3.3
    ("Israel and Bahrain normalized relations on Monday.", "SUPPORT", "normalized"),           # 3.3
    ("The opposition withdrew its demand for early elections.", "CONCEDE", "withdrew"),         # 3.8.2
    ("The government backed down after two weeks of protests.", "CONCEDE", "backed"),           # 3.4
    ("Beijing rebuffed calls for an inquiry.", "REJECT", "rebuffed"),                           # 3.10
    ("The minister chided Berlin for its stance.", "ACCUSE", "chided"),                         # 3.9
    ("Russia amassed troops near the border with Ukraine.", "MOBILIZE", "amassed"),             # 3.14
    ("Japan scrambled fighter jets as Chinese drones approached.", "MOBILIZE", "scrambled"),    # 3.14
    ("Police cracked down on protesters in Dhaka.", "COERCE", "cracked"),                       # 3.15
    # fourth batch: tariffs, credit, prisoner swaps, observed truces, probes, blacklists
    ("Washington imposed new tariffs on Chinese steel on Monday.", "SANCTION", "imposed"),      # 3.13
    ("China extended a two billion dollar credit line to Pakistan.", "AID", "extended"),         # 3.6
    ("Russia and Ukraine swapped 90 prisoners of war on Sunday.", "RETREAT", "swapped"),         # 3.7
    ("Both sides largely observed the ceasefire overnight.", "RETREAT", "observed"),             # 3.7
    ("Prosecutors probed the minister's contracts.", "ACCUSE", "probed"),                        # 3.9
    ("The treasury blacklisted three shipping firms.", "SANCTION", "blacklisted"),                # 3.13
    # PLOVER 3.13 SANCTION 'withdraw': leaving a treaty or organisation (invented sentences; session 7)
    ("Russia withdrew from the grain deal on Monday.", "SANCTION", "withdrew"),
    ("Niger withdrew from the regional bloc last year.", "SANCTION", "withdrew"),
    # forces leaving an area stay RETREAT (3.7)
    ("Israel withdrew its troops from the Gaza strip.", "RETREAT", "withdrew"),
    # PLOVER 3.8: "all requests, demands, and orders"
    ("The president ordered the army to withdraw from the border town.", "REQUEST", "ordered"),
    # PLOVER 3.5: joint military games and maneuvers
    ("Chinese and Russian navies began joint war games in the Sea of Japan.", "COOPERATE", "games"),
    # PLOVER 3.7: ceding territory; 3.3: finalizing an agreement
    ("Armenia ceded four villages to Azerbaijan on Friday.", "RETREAT", "ceded"),
    ("Chad and Niger finalized a border agreement on Tuesday.", "SUPPORT", "finalized"),
    # review2 findings 1-2: the same triggers kept for state, court and political actors (invented sentences)
    ("Police rounded up dozens of protesters in Minsk.", "COERCE", "rounded"),
    ("Russia cut off gas to Moldova.", "COERCE", "cut"),
    ("Japan extended a loan to Sri Lanka.", "AID", "extended"),
    ("A court found the former minister guilty of corruption.", "SANCTION", "found"),
    ("The former minister was found guilty of corruption.", "SANCTION", "found"),
    ("The US imposed tariffs on Chinese steel.", "SANCTION", "imposed"),
    ("Germany exchanged intelligence with France.", "COOPERATE", "exchanged"),
    ("China and Japan normalized relations.", "SUPPORT", "normalized"),
    ("The minister reprimanded the ambassador.", "ACCUSE", "reprimanded"),
    ("The government gave in to the strikers' demands.", "CONCEDE", "gave"),
    ("Israel handed back the bodies of three hostages.", "RETREAT", "handed"),
    ("The two delegations held talks.", "CONSULT", "talks"),
    # session 9 (helper ploverx): a particle heading a complex preposition after the object is still the phrasal
    # verb's ("pulled its troops out of X"; Quirk et al. 1985 §16.5, particle shift), PLOVER 3.7 RETREAT 'withdraw'
    ("Russia pulled its troops out of three villages near the border on Monday.", "RETREAT", "pulled"),
    ("Israel announced that it would pull its troops out of two positions in Lebanon.", "CONCEDE", "pull"),
    # PLOVER 3.10 "turning down proposals": a body voting a proposal, bill or motion down
    ("The Kosovo assembly voted down a proposal to extend the mandate of the mission.", "REJECT", "voted"),
    ("Lawmakers in Lima voted the opposition's motion down on Tuesday.", "REJECT", "voted"),
])
def test_manual_triggers_session7(pipeline, text, type_, trigger):
    ex = pipeline.extract(text, published="2025-10-14")
    assert (type_, trigger) in {(e.type, e.trigger.text) for e in ex.events}, \
        [(e.type, e.trigger.text) for e in ex.events]


def test_soldiers_sent_to_help_are_the_aiding_side(pipeline):
    # PLOVER 3.6: personnel sent are the sender's assistance: the passive subject is the actor, not the
    # recipient (invented sentence)
    ex = pipeline.extract("Troops were sent to help evacuate residents of flooded towns in Assam.",
                          published="2025-10-14")
    ev = _find(ex, "AID", "sent")
    assert ev.actor is not None and ev.actor.text == "Troops"
    assert ev.recipient is None or ev.recipient.text != "Troops"


def test_unnamed_recipients_take_the_country_where_they_are_hit(pipeline):
    # PLOVER codes the recipient (the target) of an unattributed group by where it is acted on, as
    # code_event codes unattributed actors; not for meetings, whose venue says nothing of the parties
    # (invented sentences; issue 12, session 7)
    ex = pipeline.extract("A roadside bomb killed four soldiers in Afghanistan's Helmand province on Monday.",
                          published="2025-10-14")
    ev = _find(ex, "ASSAULT", "killed")
    assert ev.recipient is not None and ev.recipient.text == "four soldiers" and ev.recipient.country == "AFG"
    ex = pipeline.extract("The American envoy met rebel commanders in Doha on Monday.", published="2025-10-14")
    ev = _find(ex, "CONSULT", "met")
    assert ev.recipient is None or ev.recipient.country != "QAT"
    # review2 finding 6: not people foreign where they are by definition, nor at sea "off" a country
    ex = pipeline.extract("Pirates seized sailors off the coast of Somalia.", published="2025-10-14")
    ev = _find(ex, "COERCE", "seized")
    assert ev.recipient is None or ev.recipient.country != "SOM"


def test_ambiguous_aliases_name_no_institution(pipeline):
    # review2 finding 7: a bare "Rada", "NPC" or "No 10" is a surname, a game character, a seed; the full
    # names still code the institution (invented sentences)
    for text, country in [("Gunmen attacked Rada's farm near Kampala.", "UKR"),
                          ("The NPC character attacked the player in the game.", "CHN"),
                          ("Rafael Nadal is the No 10 seed at the tournament in Madrid.", "GBR")]:
        ex = pipeline.extract(text, published="2025-10-14")
        assert country not in {a.country for a in ex.actors}, text
    ex = pipeline.extract("The Rajya Sabha passed the bill on Monday.", published="2025-10-14")
    assert [(a.name, a.country) for a in ex.actors] == [("Rajya Sabha", "IND")]
    ex = pipeline.extract("The Verkhovna Rada passed a law on mobilisation.", published="2025-10-14")
    assert ("Verkhovna Rada", "UKR") in {(a.name, a.country) for a in ex.actors}


@pytest.mark.parametrize("text,trigger,mode", [
    # PLOVER Table 3.10: the COERCE mode is what is imposed or restricted (invented sentences; session 7)
    ("Authorities imposed a curfew in the city of Jos after clashes.", "imposed", "curfew"),
    ("The junta imposed martial law across the country on Friday.", "imposed", "martial-law"),
    ("Turkey blocked access to Wikipedia nationwide.", "blocked", "censor"),
    ("The regulator blocked access to Telegram and WhatsApp.", "blocked", "censor"),
    ("Authorities banned X across the country.", "banned", "censor"),
    # review2 finding 5: the head noun of what is restricted, not a word inside it
    ("Police banned the X-ray machine at the airport.", "banned", "restrict"),
    ("The army blocked the road to the signal station in Sudan.", "blocked", "restrict"),
    ("Authorities imposed restrictions on gatherings in Minsk.", "imposed", "restrict"),
    # PLOVER 3.14: reservists called up
    ("Israel called up 30,000 reservists on Sunday.", "called", "troops"),
])
def test_mode_from_what_is_imposed_or_called_up(pipeline, text, trigger, mode):
    ex = pipeline.extract(text, published="2025-10-14")
    assert (trigger, mode) in {(e.trigger.text, e.mode) for e in ex.events}, \
        [(e.type, e.trigger.text, e.mode) for e in ex.events]


def test_an_order_without_a_clause_is_no_request(pipeline):
    ex = pipeline.extract("The president ordered a review of the budget.", published="2025-10-14")
    assert ("REQUEST", "ordered") not in {(e.type, e.trigger.text) for e in ex.events}


@pytest.mark.parametrize("text,type_,trigger,present", [
    # PLOVER 3.3 SUPPORT: "initiate, resume, improve ... diplomatic, non-material cooperation" (invented sentences;
    # issue 12, session 8)
    ("Morocco and Iran restored diplomatic relations after a decade-long rupture.", "SUPPORT", "restored", True),
    ("The two governments resumed diplomatic ties on Monday.", "SUPPORT", "resumed", True),
    ("Quito renewed relations with Caracas after the election.", "SUPPORT", "renewed", True),
    # "restore" as "resume": the ties are its object, diplomatic or between states (review3 item 6; invented)
    ("Iran and Egypt restored ties on Monday.", "SUPPORT", "restored", True),
    ("Engineers restored power to the town as relations between the union and the firm soured.", "SUPPORT",
     "restored", False),
    ("Workers restored the railway ties damaged by the storm.", "SUPPORT", "restored", False),
    ("The two brothers restored their relations after the quarrel.", "SUPPORT", "restored", False),
    # 3.5 COOPERATE: economic exchange and cooperation resumed or renewed stay cooperation
    ("The two countries resumed direct flights between their capitals.", "COOPERATE", "resumed", True),
    ("The two agencies renewed their cooperation on border security.", "COOPERATE", "renewed", True),
    # PLOVER 3.13 SANCTION 'discontinue': relations or ties broken off, as "sever"
    ("Bolivia broke off diplomatic relations with Israel on Tuesday.", "SANCTION", "broke", True),
    ("The singer broke off her engagement to the actor.", "SANCTION", "broke", False),
    # PLOVER 3.6 AID "monetary aid and financial guarantees, grants, gifts and credit": a loan or aid approved
    # by a state or an IGO; not a budget, nor a private lender
    ("The IMF approved a $3 billion loan for Pakistan.", "AID", "approved", True),
    ("The city council approved the budget for next year.", "AID", "approved", False),
    ("The bank's board approved a loan to the furniture company.", "AID", "approved", False),
    # PLOVER Table 3.1 CONSULT 'phone': spoke by phone with a second party; not a speech to reporters
    ("The Turkish president spoke by phone with his Iranian counterpart on Sunday.", "CONSULT", "spoke", True),
    ("The minister spoke to reporters on Monday.", "CONSULT", "spoke", False),
    # Table 3.10 COERCE: a state of emergency or martial law declared; not over a natural disaster (3.15.2)
    ("The government declared a state of emergency in the restive province.", "COERCE", "declared", True),
    ("The governor declared a state of emergency after the floods.", "COERCE", "declared", False),
    # Table 3.7 PROTEST 'riot': crowds that torch, loot or burn; soldiers burning villages stay ASSAULT
    ("Rioters torched cars in the city centre overnight.", "PROTEST", "torched", True),
    ("Soldiers torched three villages in the north.", "ASSAULT", "torched", True),
    # 3.13 SANCTION 'discontinue': "curtail ... or terminate ... commercial or material exchanges" halted or stopped
    ("Moscow halted gas deliveries to Poland on Wednesday.", "SANCTION", "halted", True),
    ("The referee stopped the match after an hour.", "SANCTION", "stopped", False),
    # review2 finding 3: the exchange is the object's head, a coded actor halts it, no disaster or strike does
    ("Dense fog halted flights at Brenmark airport on Friday.", "SANCTION", "halted", False),
    ("A dock strike halted exports at the port of Valdora.", "SANCTION", "halted", False),
    ("A strike by Ukrainian dock workers halted grain exports.", "SANCTION", "halted", False),
    ("Soldiers stopped aid volunteers at a checkpoint near Valdora.", "SANCTION", "stopped", False),
    ("The government stopped wheat exports to Brenmark.", "SANCTION", "stopped", True),
    # review s8 items 1-7, 17-19 (invented sentences): each rule's condition read where the manual's pattern is.
    # "to death" is the resultative of the verb (Levin 42.2), not a "death" anywhere in the sentence
    ("Thieves hacked the company's servers, leading to the death of its online shop.", "ASSAULT", "hacked", False),
    # PLOVER 3.3 / 3.13: ties resumed or broken off between states (or said to be diplomatic)
    ("The rock band resumed relations with its old record label.", "SUPPORT", "resumed", False),
    ("The firm renewed its contacts with local suppliers.", "SUPPORT", "renewed", False),
    ("The footballer broke off relations with his agent.", "SANCTION", "broke", False),
    # PLOVER 3.6: a person approved (a confirmation) is no aid recipient
    ("The Senate approved Michael Brennan on Wednesday.", "AID", "approved", False),
    # PLOVER 3.15 'arrest': a person nabbed, not a goal or a prize
    ("The winger nabbed a late equaliser for the visitors.", "COERCE", "nabbed", False),
    ("He nabbed the gold medal in the final.", "COERCE", "nabbed", False),
    ("Two smugglers were nabbed at the border crossing.", "COERCE", "nabbed", True),
    ("Police nabbed a gang leader in a dawn raid.", "COERCE", "nabbed", True),
    # PLOVER 3.16: the victim is the object's head noun (or what a quantity head counts), not a possessor
    ("Ranchers slaughtered forty villagers' sheep during the dry season.", "ASSAULT", "slaughtered", False),
    ("Hundreds of villagers were slaughtered by the militia.", "ASSAULT", "slaughtered", True),
    # a gerund classifying a noun reports no killing
    ("The documentary contains a beheading sequence.", "ASSAULT", "beheading", False),
    # Table 3.10 / 3.15.2: the declared object is the restriction; no disaster anywhere in the sentence
    ("Authorities declared a state of emergency as floods swept the valley.", "COERCE", "declared", False),
    ("The mayor declared the fair open in spite of the curfew.", "COERCE", "declared", False),
    # Table 3.1 'phone': the medium is a by / on / over phrase of the verb, and a side is a political actor
    ("The senator spoke with journalists about the phone tapping affair.", "CONSULT", "spoke", False),
    ("The pop star spoke with her fans on a video stream.", "CONSULT", "spoke", False),
    # 3.10 REJECT "all rejections and refusals": a warning brushed off by a party, an appeal thrown out
    ("The Kremlin brushed off the warning from Washington.", "REJECT", "brushed", True),
    ("The striker shrugged off an ankle injury.", "REJECT", "shrugged", False),
    ("The supreme court threw out the opposition's appeal.", "REJECT", "threw", True),
    # 3.6 AID: humanitarian aid distributed or rushed in; not leaflets
    ("The Red Cross distributed food parcels in Gaza City.", "AID", "distributed", True),
    ("India rushed emergency supplies to flood-hit Sri Lanka.", "AID", "rushed", True),
    ("Activists distributed leaflets outside the station.", "AID", "distributed", False),
    # session 9 (helper ploverx): PLOVER 3.10 "turning down proposals" needs a proposal voted down
    ("The residents voted down the street for the parade route.", "REJECT", "voted", False),
    # particle shift: a phrasal verb's particle after its object ("pulled its forces back", "turned the offer
    # down") is still the phrasal verb; a preposition of another verb is not its particle
    ("The army pulled its forces back from the demilitarised zone.", "RETREAT", "pulled", True),
    ("Tehran turned the offer down on Monday.", "REJECT", "turned", True),
    ("The marchers turned the corner and walked down the avenue.", "REJECT", "turned", False),
])
def test_manual_triggers_session8(pipeline, text, type_, trigger, present):
    ex = pipeline.extract(text, published="2025-10-14")
    assert ((type_, trigger) in {(e.type, e.trigger.text) for e in ex.events}) == present, \
        [(e.type, e.trigger.text) for e in ex.events]


def test_ties_restored_name_both_sides(pipeline):
    # PLOVER 3.3 SUPPORT between two parties: "X and Y restored ties" is reciprocal, as a meeting (review s8 item 3)
    ex = pipeline.extract("Qatar and Jordan restored ties on Sunday.", published="2025-10-14")
    ev = next(e for e in ex.events if e.trigger.text == "restored")
    assert ev.recipient is not None and {ev.actor.country, ev.recipient.country} == {"QAT", "JOR"}


def test_effigies_burned_are_a_peaceful_protest(pipeline):
    # ACLED: a demonstration is peaceful unless its participants use violence against people or property; an
    # effigy burned is a symbolic act (review s8 item 19)
    ex = pipeline.extract("Protesters burned effigies of the governor outside the assembly.", published="2025-10-14")
    subs = {(e.type, e.acled_sub_event_type) for e in ex.events if e.trigger.text == "burned"}
    assert subs == {("PROTEST", "Peaceful protest")}, subs


@pytest.mark.parametrize("text,trigger,type_,cameo", [
    # A trigger rule's own CAMEO root (triggers.yml "cameo"): diplomatic ties restored, resumed or renewed are
    # PLOVER 3.3 SUPPORT, but CAMEO's verb dictionaries code them 064 "Share intelligence or information", root 06
    # (invented sentences)
    ("Peru and Chile restored diplomatic relations after a long dispute.", "restored", "SUPPORT", "06"),
    ("Bolivia resumed diplomatic ties with Paraguay on Monday.", "resumed", "SUPPORT", "06"),
    ("Ecuador renewed diplomatic ties with Colombia after the vote.", "renewed", "SUPPORT", "06"),
    # without a rule code the type's default root stays (SUPPORT -> 05, 051 "Praise or endorse")
    ("The Chilean president congratulated the winner of the Peruvian election.", "congratulated", "SUPPORT", "05"),
    # trade resumed stays COOPERATE with its own default root 06
    ("The two countries resumed direct flights between their capitals.", "resumed", "COOPERATE", "06"),
])
def test_trigger_rule_cameo_root(pipeline, text, trigger, type_, cameo):
    ex = pipeline.extract(text, published="2025-10-14")
    ev = next(e for e in ex.events if e.trigger.text == trigger)
    assert (ev.type, ev.cameo) == (type_, cameo)
    if type_ == "SUPPORT":
        assert ev.quad == "VERBAL COOPERATION"  # the quad and score stay the PLOVER type's


def test_rule_cameo_must_be_a_root():
    from wirewatch.triggers import lexicon
    codes = {r.cameo for rules in lexicon().rules.values() for r in rules if r.cameo}
    assert codes and all(len(c) == 2 and 1 <= int(c) <= 20 for c in codes)
    assert all(r.cameo == "06" for r in lexicon().rules["restore"])


def _event_at(pipeline, text, trigger, type_):
    """The event on ``trigger`` in ``text``, checked to be of ``type_``; None (checked: no event there) for None."""
    ex = pipeline.extract(text, published="2025-10-14")
    hits = [e for e in ex.events if e.trigger.text == trigger]
    if type_ is None:
        assert not hits, [(e.type, e.trigger.text, e.mode) for e in ex.events]
        return None
    assert hits and hits[0].type == type_, [(e.type, e.trigger.text, e.mode) for e in ex.events]
    return hits[0]


@pytest.mark.parametrize("text,trigger,type_,mode", [
    # PLOVER 3.11 / §2.3: a future use of force or coercion made conditional on the other side is a THREATEN, its
    # mode the content (Table 3.6), though no threat verb is used (issue 12, helper reported; invented sentences)
    ("Ankara said it would bomb the camps in northern Iraq if the attacks went on.", "bomb", "THREATEN", "violence"),
    ("The port workers will go on strike next month unless the bonus is restored, their union said.", "strike",
     "THREATEN", "restrict"),
    ("Rome will expel the Libyan envoys if the boats keep coming, the interior minister said.", "expel", "THREATEN",
     "expel"),
    # no condition: a stated intention to use force is a threat all the same (PLOVER §2.3, helper future6)
    ("Ankara said it would bomb the camps in northern Iraq next week.", "bomb", "THREATEN", "violence"),
    # a condition on a cooperative deed is no threat
    ("Oslo said it would send food aid to Sudan if the UN asked for it.", "send", "AID", None),
    # the antecedent itself (an if-clause) is no threat; nor is a past conditional
    ("If the rebels attacked the town, the army fired back, a local official said.", "attacked", "ASSAULT", None),
    # a verb of restricting movement (Table 3.6 'restrict') is the threat's content only under a condition
    ("The bus drivers will shut down every depot in the city unless the arrears are paid, their leader said.", "shut",
     "THREATEN", "restrict"),
    ("Vienna said it would block the new trade pact unless the quotas were dropped.", "block", "THREATEN", "restrict"),
    # a condition of nature's course is no threat
    ("The council will close the mountain road if the snow gets worse, officials said.", "close", None, None),
    # nor a weather verb in any form, nor a quantity's course with no party as its subject (review4; invented)
    ("The ferry company will halt crossings if it snows again tonight, a spokeswoman said.", "halt", None, None),
    ("The central bank said it would take steps if inflation stays high.", "take", None, None),
    ("The club said it would act if injuries mount over the winter.", "act", None, None),
    ("The dockers will shut the terminal if wages keep falling, their union said.", "shut", None, None),
    # a party's deed stays a condition of threat, with such a verb too
    ("Seoul said it would respond if the drone attacks increase near the border.", "respond", "THREATEN", None),
    # leaving or breaking off talks or ties under a condition (Table 3.6 'relations')
    ("The opposition will walk out of the talks unless the detainees are freed, its spokesman said.", "walk",
     "THREATEN", "relations"),
    ("Accra said it would cut diplomatic ties with Lome if the border stayed closed.", "cut", "THREATEN", "relations"),
    ("The delegation will leave the talks on Friday, officials said.", "leave", None, None),
    # a response in kind or unnamed action under a condition (PLOVER 3.11)
    ("Manila will respond if its boats are rammed again, the defence secretary said.", "respond", "THREATEN", None),
    ("Cairo said it would take all necessary measures if the dam was filled.", "take", "THREATEN", None),
    ("The agency will take steps to help farmers if the drought continues.", "take", None, None),
])
def test_conditional_threat_without_a_threat_verb(pipeline, text, trigger, type_, mode):
    ev = _event_at(pipeline, text, trigger, type_)
    if ev is None:
        return
    if mode is not None:
        assert ev.mode == mode
    if type_ == "THREATEN":
        assert ev.modality == "occurred"  # the threat is made; its content is conditional


@pytest.mark.parametrize("text,trigger,type_,mode,actor,recipient", [
    # PLOVER §2.3: a future event is the event + the future mode, except where a single category fits: a stated
    # intention to use force (ASSAULT + hypothetical) is THREATEN (§3.11), the threat made (invented sentences)
    ("Tehran said it would retaliate against Baku.", "retaliate", "THREATEN", None, "IRN", "AZE"),
    ("The Kenyan army will respond militarily, the defence minister said.", "respond", "THREATEN", None, "KEN", None),
    ("Hanoi will respond with force, a Vietnamese general said.", "respond", "THREATEN", "violence", "VNM", None),
    ("Pretoria said it would launch air strikes on the rebel camps in Mozambique.", "strikes", "THREATEN",
     "violence", "ZAF", None),
    ("Caracas will attack the camps of the Colombian rebels, the Venezuelan defence minister said.", "attack",
     "THREATEN", "violence", "VEN", None),
    # not a stated intention: a response that names no force, a negated or counterfactual deed, a directive, a
    # hedge, a past deed, and announced deeds that are no use of force (they keep their type, modality planned)
    ("Tehran said it would respond to the questions of the inspectors on Monday.", "respond", None, None, None, None),
    ("Tehran will not retaliate against Baku, the Iranian foreign minister said.", "retaliate", None, None, None,
     None),
    ("Hanoi would have attacked the camps of the Cambodian rebels.", "attacked", "ASSAULT", None, None, None),
    ("The Nigerian president urged the army to attack the camps of the rebels.", "attack", "ASSAULT", None, None,
     None),
    ("Caracas might attack the camps of the Colombian rebels.", "attack", "ASSAULT", None, None, None),
    ("The Venezuelan army attacked the camps of the Colombian rebels.", "attacked", "ASSAULT", None, None, None),
    ("The European Union will impose new sanctions on Belarus, a spokesman said.", "impose", "SANCTION", None, None,
     None),
])
def test_stated_intention_to_use_force_is_a_threat(pipeline, text, trigger, type_, mode, actor, recipient):
    ev = _event_at(pipeline, text, trigger, type_)
    if ev is None or type_ != "THREATEN":
        return
    assert ev.modality == "occurred"  # the threat is made; the force is intended
    if mode is not None:
        assert ev.mode == mode
    assert ev.actor is not None and ev.actor.country == actor
    if recipient:
        assert ev.recipient is not None and ev.recipient.country == recipient


@pytest.mark.parametrize("text,type_,trigger,actor,recipient", [
    # Support-verb constructions (Jespersen's light verbs, Mel'čuk's Oper1; triggers.support_construction): an
    # event nominal as the direct object of a support verb with a subject, or as its passive subject with a "by"
    # agent, reports the nominal's event, with the verb's subject or agent as the actor (invented sentences)
    ("The Kenyan foreign ministry voiced strong criticism of Uganda's decision to close the border.",
     "ACCUSE", "criticism", "KEN", "UGA"),                                     # PLOVER 3.9
    ("A firm rejection of Serbia's proposal was issued by the Kosovo government on Monday.",
     "REJECT", "rejection", "XKX", "SRB"),                                     # PLOVER 3.10
    ("Japan made a grant of 20 million dollars to Nepal's health ministry on Friday.",
     "AID", "grant", "JPN", "NPL"),                                            # PLOVER 3.6 grants
    ("The government of Fiji extended diplomatic recognition to Kosovo on Monday.",
     "SUPPORT", "recognition", "FJI", "XKX"),                                  # PLOVER 3.3 recognize
    ("A public apology was issued by the Australian prime minister on Monday.",
     "CONCEDE", "apology", "AUS", None),                                       # PLOVER 3.4 regret
    ("Iraq announced the seizure of 300 rifles smuggled from Syria.",
     "COERCE", "seizure", "IRQ", None),                                        # PLOVER 3.15 'seize'
    ("The conviction of three Belarusian journalists was handed down by a court in Minsk on Wednesday.",
     "SANCTION", "conviction", "BLR", None),                                   # PLOVER 3.13 'convict'
])
def test_event_nominal_of_a_support_verb(pipeline, text, type_, trigger, actor, recipient):
    ex = pipeline.extract(text, published="2025-10-14")
    ev = next((e for e in ex.events if e.trigger.text == trigger), None)
    assert ev is not None and ev.type == type_, [(e.type, e.trigger.text) for e in ex.events]
    assert ev.actor is not None and ev.actor.country == actor
    if recipient:
        assert ev.recipient is not None and ev.recipient.country == recipient


@pytest.mark.parametrize("text,trigger", [
    ("The minister expressed his conviction that the talks would succeed.", "conviction"),   # a belief, no verdict
    ("Parents are still awaiting approval of the new school timetable.", "approval"),       # no support verb
    ("Critics said the rejection of the plan was a mistake.", "rejection"),                  # no support verb
    ("The club made a donation to the local hospital.", "donation"),                         # no coded actor
    ("The firm made an apology to its customers.", "apology"),                               # no coded actor
])
def test_event_nominal_without_a_support_construction_is_no_event(pipeline, text, trigger):
    ex = pipeline.extract(text, published="2025-10-14")
    assert trigger not in {e.trigger.text for e in ex.events}


@pytest.mark.parametrize("text,type_,trigger,actor", [
    # complex event nominals (Grimshaw 1990) as the subject of a predicate of occurrence: the event took place
    ("The release of 14 fishermen by the Senegalese navy took place in Dakar on Friday.", "RETREAT", "release", "SEN"),
    ("A summit of ECOWAS leaders in Abuja ended on Sunday.", "CONSULT", "summit", None),
])
def test_event_nominal_said_to_take_place(pipeline, text, type_, trigger, actor):
    ex = pipeline.extract(text, published="2025-10-14")
    ev = next((e for e in ex.events if e.trigger.text == trigger), None)
    assert ev is not None and ev.type == type_, [(e.type, e.trigger.text) for e in ex.events]
    if actor:
        assert ev.actor is not None and ev.actor.country == actor


@pytest.mark.parametrize("text,type_", [
    ("Angry youths set fire to a police station in Kano on Friday.", "PROTEST"),   # PLOVER Table 3.7 'riot'
    ("A mob set fire to the mayor's office in Tamou after the vote.", "PROTEST"),
    ("Gunmen set fire to a church in Plateau state on Sunday.", "ASSAULT"),         # armed men: 3.16 'primitive'
])
def test_crowds_setting_fire_riot(pipeline, text, type_):
    ex = pipeline.extract(text, published="2025-10-14")
    ev = next((e for e in ex.events if e.trigger.text == "fire"), None)
    assert ev is not None and ev.type == type_, [(e.type, e.trigger.text) for e in ex.events]


@pytest.mark.parametrize("text,strike", [
    ("Nurses at state hospitals across Ghana walked off the job on Monday, their union said.", True),
    ("Bus drivers in Lagos walked off their shifts over unpaid wages.", True),
    ("The minister walked off the stage in Accra.", False),   # no workplace left: no strike
])
def test_walking_off_the_job_is_a_strike(rules_only, text, strike):
    # PLOVER Table 3.7 PROTEST 'strike': "abandonment of workplaces" (the rules' own event, before the classifier)
    ex = rules_only.extract(text, published="2025-10-14")
    found = any(e.type == "PROTEST" and e.mode == "strike" and e.trigger.text == "walked" for e in ex.events)
    assert found == strike, [(e.type, e.mode, e.trigger.text) for e in ex.events]


@pytest.mark.parametrize("text,trigger", [
    ("Awaiting the release of the report, officials in Kenya stayed silent.", "release"),   # no people released
    ("The release of the new phone by the company took place in California.", "release"),  # a product launch
    ("The strike ended on Monday.", "strike"),                                             # bare noun: which strike?
])
def test_nominal_said_to_take_place_needs_its_arguments(pipeline, text, trigger):
    ex = pipeline.extract(text, published="2025-10-14")
    assert trigger not in {e.trigger.text for e in ex.events}


@pytest.mark.parametrize("text,speaker,country,place", [
    # metonymy: a place that is the subject of a speech verb stands for its government, council or
    # club; it codes the actor's country but is no event location (issue 11, PLOVER manual: the
    # source actor; ACLED codes where the event happened)
    ("Washington warned that it would strike militia positions.", "Washington", "USA", None),
    ("Bradford said police arrested 12 protesters in Leeds on Saturday.", "Bradford", None, "Leeds"),
    ("Moscow said its forces captured Novopavlivka on Tuesday.", "Moscow", "RUS", "Novopavlivka"),
    ("Kyiv said Russian drones hit an energy facility overnight.", "Kyiv", None, None),
])
def test_a_place_speaking_is_no_event_location(pipeline, text, speaker, country, place):
    ex = pipeline.extract(text, published="2025-06-01", id="t")
    assert ex.events
    assert all(e.location is None or e.location.text != speaker for e in ex.events)
    if place is not None:
        assert any(e.location is not None and e.location.name == place for e in ex.events)
    if country is not None:
        assert any(a.text == speaker and a.country == country for a in ex.actors)


def test_perfect_participle_adjunct_is_background(pipeline):
    # "Having V-ed ..., X did Y": a perfect participle adjunct tells an anterior event; the matrix event is the
    # sentence's news (linguistic class: perfect participial adverbial clauses; issue 12, helper reported)
    for text, type_ in [("Having expelled each other's diplomats last year, Ghana and Togo held talks in Accra on "
                         "Friday.", "CONSULT"),
                        ("Having signed a defence pact in March, Fiji and Tonga began joint naval patrols near the "
                         "reef on Monday, officials said.", "COOPERATE")]:
        ex = pipeline.extract(text, published="2025-10-14")
        top = max(ex.events, key=lambda e: e.confidence)
        assert top.type == type_, [(e.type, e.trigger.text, e.confidence) for e in ex.events]


@pytest.mark.parametrize("text, trigger, recipient", [
    # PLOVER 3.9 ACCUSE 'allege': a report or finding that a party committed a crime (helper plover5, session 9;
    # invented sentences)
    ("The monitoring group said the militia had committed atrocities in the valley.", "said", "militia"),
    ("Rebel fighters perpetrated war crimes near Goma, a UN panel concluded.", "concluded", "Rebel fighters"),
    # a promise, a denial or no crime committed is no allegation
    ("The colonel said his soldiers would commit no abuses.", None, None),
    ("The ministry said the army had not committed any crimes.", None, None),
    ("The club said the players had committed to the new season.", None, None),
    # review5 finding 4: a title, a conditional, a negative subject, a belief, a sport or audit "violation", a
    # study's "abuse" and a confession are no allegation; a violation of law is one (invented sentences)
    ('The film "They Said He Committed the Crime" opens in cinemas on Friday.', None, None),
    ("If the tribunal finds that she committed genocide, she faces a long sentence.", None, None),
    ("No one said the navy had committed the massacre near the port.", None, None),
    ("In the play, the maid believes the gardener had committed the crime.", None, None),
    ("The umpire found that the bowler had committed a violation of the throwing rule.", None, None),
    ("The survey found that 8 percent of pupils had committed abuse in chat rooms.", None, None),
    ("Inspectors found that the firm had committed violations of accounting rules.", None, None),
    ("The veteran said he had committed atrocities in the war and asked to be forgiven.", None, None),
    ("The panel found that the militia had committed violations of the ceasefire.", "found", "militia"),
])
def test_a_reported_crime_is_an_allegation(pipeline, text, trigger, recipient):
    ex = pipeline.extract(text, published="2025-10-14")
    alleged = [e for e in ex.events if e.type == "ACCUSE" and e.mode == "allege"]
    if trigger is None:
        assert not alleged, [(e.type, e.trigger.text) for e in ex.events]
        return
    assert [e.trigger.text for e in alleged] == [trigger], [(e.type, e.mode, e.trigger.text) for e in ex.events]
    assert alleged[0].recipient is not None and alleged[0].recipient.text == recipient


# Helper places5 (session 10, issue 11): what an analyst expects as an event's place in a multi-paragraph story.
# Invented articles: a wire story with a dateline and events in three places plus one without a place of its own, a
# Ukrainian frontline report naming oblast, raion, hromada and village, a UK local story naming a district and its
# borough.
WIRE_STORY = ("KHARTOUM, March 3 (Wirewatch) - Paramilitary fighters shelled a market in Omdurman on Sunday, killing "
              "four civilians, local medics said.\n\nIn a separate incident, gunmen attacked a police post in El Obeid "
              "late on Saturday, wounding two officers.\n\nProtesters marched through the streets of Port Sudan on "
              "Monday.\n\nSeparately, soldiers arrested a suspected militia commander.")


def _located(ex, trigger):
    found = [e for e in ex.events if e.trigger.text == trigger]
    assert found, [(e.type, e.trigger.text) for e in ex.events]
    return found[0].location.name if found[0].location is not None else None


def test_a_wire_story_places_each_event_by_its_own_sentence(pipeline):
    ex = pipeline.extract(WIRE_STORY, published="2025-03-04", id="t")
    assert _located(ex, "shelled") == "Omdurman"
    assert _located(ex, "attacked") == "El Obeid"
    assert _located(ex, "marched") == "Port Sudan"
    # a topic shift ("Separately, ...") starts another event: the place of the paragraph before is not its place,
    # the dateline still gives the story's country (review6 finding 7)
    assert _located(ex, "arrested") == "Sudan"


@pytest.mark.parametrize("text, trigger, place", [
    # explicit discourse connectives of a topic shift (PDTB 2.0): no place inherited across them ...
    ("Gunmen kidnapped 20 passengers on a highway in Kogi state on Friday, police said.\n\n"
     "In another development, soldiers killed five militants.", "killed", None),
    ("Russian forces attacked Kupiansk in Kharkiv oblast on Monday.\n\nElsewhere, Ukrainian forces shelled "
     "positions.", "shelled", None),
    # ... while a report going on about its lead keeps the lead's place
    ("Gunmen kidnapped 20 passengers on a highway in Kogi state on Friday, police said.\n\n"
     "Soldiers later arrested two suspects.", "arrested", "Kogi"),
])
def test_an_event_after_a_topic_shift_does_not_take_the_earlier_place(pipeline, text, trigger, place):
    ex = pipeline.extract(text, published="2025-06-01", id="t")
    assert _located(ex, trigger) == place


# review6 finding 7 (session 10, helper fixplaces): "elsewhere in the city / capital / township" points back to the
# place of that level just named, it is no topic shift; after a real shift the dateline's country is the place.
# Invented stories.
@pytest.mark.parametrize("text, trigger, place, precision", [
    ("ROME \u2014 Riot police clashed with protesters in Naples on Saturday.\n\nElsewhere in the city, shops "
     "were looted.", "looted", "Naples", "place"),
    ("NAIROBI \u2014 Protesters set fire to tyres in Kibera on Monday.\n\nElsewhere, in Mombasa, youths blocked a "
     "road.\n\nElsewhere in the capital, shops were looted.", "looted", "Nairobi", "place"),
    ("LIMA \u2014 A bomb killed two guards at a mine in Arequipa on Monday.\n\nSeparately, gunmen shot dead a "
     "prosecutor.", "shot", "Peru", "country"),
])
def test_elsewhere_in_the_city_keeps_the_city_and_a_shift_keeps_the_dateline_country(pipeline, text, trigger, place,
                                                                                    precision):
    ex = pipeline.extract(text, published="2025-06-01", id="t")
    found = [e for e in ex.events if e.trigger.text == trigger]
    assert found and found[0].location is not None, [(e.type, e.trigger.text, e.location) for e in ex.events]
    assert (found[0].location.name, found[0].location.precision) == (place, precision)


@pytest.mark.parametrize("text, trigger, place", [
    # a dateline is where the story was filed (ACLED codes where the event happened)
    ("MOSCOW (Wirewatch) - Ukrainian drones hit an oil depot in Bryansk region overnight, the governor said.\n\n"
     "Police detained a man suspected of spying.", "hit", "Bryansk Oblast"),
    ("MOSCOW (Wirewatch) - Ukrainian drones hit an oil depot in Bryansk region overnight, the governor said.\n\n"
     "Police detained a man suspected of spying.", "detained", "Bryansk Oblast"),
    # nothing else placed: a later event does not take the dateline
    ("MOSCOW (Wirewatch) - The defence ministry said on Monday that talks would resume.\n\n"
     "Police detained a man suspected of spying.", "detained", None),
])
def test_a_dateline_is_not_the_events_place(pipeline, text, trigger, place):
    ex = pipeline.extract(text, published="2025-06-01", id="t")
    assert _located(ex, trigger) == place


def test_a_frontline_report_places_the_village_not_its_hromada(pipeline):
    # "the X hromada": a town premodifying an area noun names the area (ACLED geo-precision 2), the village named
    # in the same sentence is the event's place
    ex = pipeline.extract("KRAMATORSK, Ukraine (Wirewatch) - Russian artillery shelled the village of Stepove in the "
                          "Pokrovsk hromada of Pokrovsk raion, Donetsk oblast, overnight, the regional governor "
                          "said.\n\nTwo civilians were wounded.", published="2025-06-01", id="t")
    shelled = [e for e in ex.events if e.trigger.text == "shelled"]
    assert shelled and shelled[0].location is not None
    assert (shelled[0].location.name, shelled[0].location.admin1) == ("Stepove", "Donetsk Oblast")


def test_a_city_written_after_its_district_is_not_the_events_place(pipeline):
    # "raided a house in X, south-west London": the city written with its compass part after a place only says
    # where that place is (as a unit after a place does), so the district is the event's place
    ex = pipeline.extract("Police raided a house in Twickenham, south-west London, and arrested a man.",
                          published="2025-06-01", id="t")
    assert _located(ex, "raided") == "Twickenham"


# review6 narrowings (session 10 round 2), invented sentences: each rule gives its event or sub-type only in the
# narrowed cases (arrive / land findings 6, mobilize 10, recruit 11, walk off 13, ceasefire compounds 14, arson 2)
@pytest.mark.parametrize("text,trigger,type_,acled", [
    ("Fire brigade units arrived at the scene of the blaze in Dorvik within minutes.", "arrived", None, None),
    ("Police units arrived at the depot in Kessel after the robbery.", "arrived", None, None),
    ("Soldiers arrive home to Portsmouth after six months in Iraq.", "arrive", None, None),
    ("Villagers had already fled when the troops arrived in Ostra.", "arrived", None, None),
    ("French marines landed in Corsica for a training exercise on Tuesday.", "landed", None, None),
    ("Paratroopers landed in Kalvaria to evacuate foreign nationals.", "landed", None, None),
    ("Two battalions of Ruritanian troops arrived in Strelsau on Monday.", "arrived", "MOBILIZE", "Change to group/activity"),
    ("The federation mobilized its members for a rally in Tarvik on Sunday.", "mobilized", "MOBILIZE", None),
    ("The army mobilized 40,000 reservists along the border on Friday.", "mobilized", "MOBILIZE", "Change to group/activity"),
    ("The army recruited a new chef for the officers' mess.", "recruited", None, None),
    ("The militia recruited farmhands to bring in the maize crop.", "recruited", None, None),
    ("The rebels recruited hundreds of fighters in the border camps.", "recruited", "MOBILIZE", "Change to group/activity"),
    ("The foreman walked off the job site after a quarrel with the owner.", "walked", None, None),
    ("The cashier walked off her shift early because she felt sick.", "walked", None, None),
    ("Dockworkers in Velmar walked off the job on Tuesday.", "walked", "PROTEST", "Peaceful protest"),
    ("Gunmen set fire to homes and shops in the village of Orvel on Sunday.", "fire", "ASSAULT", "Looting/property destruction"),
])
def test_review6_narrowed_rules(rules_only, text, trigger, type_, acled):
    ex = rules_only.extract(text, published="2025-10-14")
    found = [(e.type, e.acled_sub_event_type) for e in ex.events if e.trigger.text == trigger]
    if type_ is None:
        assert not found, found
    else:
        assert (type_, acled) in found, found


@pytest.mark.parametrize("text", [
    # review6 findings 14 and 2 with the classifier (invented): "ceasefire talks" report no ceasefire and make no
    # merger an Agreement; flares set on fire are no arson
    "The two firms agreed a merger despite the ceasefire talks in Cairo.",
    "Fans set fire to flares during the match in Izmir.",
])
def test_review6_no_ceasefire_no_arson(pipeline, text):
    ex = pipeline.extract(text, published="2025-10-14")
    wrong = [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events
             if e.mode == "ceasefire" or e.acled_sub_event_type in ("Agreement", "Looting/property destruction")]
    assert not wrong, wrong


@pytest.mark.parametrize("text,sub", [
    # munitions or strike craft sent against / at / towards / into a target are an attack (PLOVER 3.16 ASSAULT, the
    # mode and ACLED sub-type by the weapon as for "launched ... at"); sent to a party they are a transfer (PLOVER
    # 3.6 AID) -- Levin 11.1 send verbs: a directional goal, not a recipient (invented sentences)
    ("Freedonia sent drones against Ostrava overnight, officials said.", "Air/drone strike"),
    ("Freedonian forces sent missiles at Port Vell on Sunday.", "Shelling/artillery/missile attack"),
    ("The rebels sent rockets towards Ostrava overnight.", "Shelling/artillery/missile attack"),
    ("Freedonia sent bombers against the rebel town of Ostrava.", "Air/drone strike"),
    ("Freedonian gunners sent shells into Port Vell.", "Shelling/artillery/missile attack"),
    ("Freedonia sent missiles to Ruritania.", None),
    ("Freedonia sent aid against hunger.", None),
    ("Freedonia sent drones to Ruritania for an exercise.", None),
])
def test_munitions_sent_at_a_target_are_an_assault(pipeline, text, sub):
    ex = pipeline.extract(text, published="2025-10-14", id="sendfix")
    sent = [e for e in ex.events if e.trigger.text == "sent"]
    if sub is None:
        assert all(e.type != "ASSAULT" for e in sent), [(e.type, e.mode) for e in sent]
    else:
        assert sent and sent[0].type == "ASSAULT" and sent[0].acled_sub_event_type == sub, \
            [(e.type, e.mode, e.acled_sub_event_type) for e in sent]


# PLOVER 3.15.2: a state barring a group or organization from entering its territory is REJECT (3.10 refusals);
# a vessel, aircraft or party let in is RETREAT 'access' (3.7); invented sentences (helper plover7, session 11)
@pytest.mark.parametrize("text,trigger,typ", [
    ("Norway said it would not allow a Danish survey ship to dock in Tromso next week.", "allow", "REJECT"),
    ("Argentina will not allow British warships to dock at its ports.", "allow", "REJECT"),  # a known state (actor: state)
    ("Ghana banned the Togolese delegation from entering the country.", "banned", "REJECT"),
    ("Norway allowed a Danish survey ship to dock in Tromso on Monday.", "allowed", "RETREAT"),
    ("The city banned cars from the old town.", "banned", "COERCE"),
    ("Ghana banned the opposition party from the elections.", "banned", "COERCE"),
    # review7 findings 3 and 4: letting in or barring is a state's act (PLOVER 3.15.2 "a country or similar entity";
    # 3.7 'access'): an airport, the weather, a referee or a landlord lets nobody into a territory (no event), and a
    # club, a school, UEFA, a court or a passive with no agent banning people from a stadium, a room or the city centre
    # restricts them (COERCE 'restrict', 3.15); invented sentences
    ("The airport would not allow the plane to land because of fog.", "allow", None),
    ("Bad weather would not allow the rescue helicopter to land.", "allow", None),
    ("The referee would not allow the substitute to enter the field.", "allow", None),
    ("The landlord would not allow tenants to enter the building.", "allow", None),
    ("The port authority allowed the cruise ship to dock in Split.", "allowed", None),
    ("Fans were banned from entering the stadium after the riot.", "banned", "COERCE"),
    ("The club banned the journalist from entering its press room.", "banned", "COERCE"),
    ("UEFA banned Russian teams from entering European competitions.", "banned", "COERCE"),
    ("The court banned the protesters from entering the city centre.", "banned", "COERCE"),
    ("Hungary banned the activist from entering the country.", "banned", "REJECT"),
    ("The EU banned Russian planes from landing at its airports.", "banned", "REJECT"),
])
def test_entry_barred_is_a_rejection(pipeline, text, trigger, typ):
    ex = pipeline.extract(text, published="2025-10-14", id="entry")
    got = [e.type for e in ex.events if e.trigger.text == trigger]
    assert (got[0] if got else None) == typ, [(e.type, e.mode, e.trigger.text) for e in ex.events]


# Weapon fire is no blaze: "mortar / artillery / sniper / tank fire", "fire from X" as the agent of an attack verb
# is the use of a weapon (ACLED Shelling/artillery/missile attack, Armed clash; PLOVER 3.16 ASSAULT), while a fire
# that broke out or burned stays a disaster (events.weapon_fire; helper fixknown, session 11; invented sentences)
@pytest.mark.parametrize("text,assault", [
    ("Mortar fire hit the market in Port Vell, killing three people.", True),
    ("Artillery fire struck the village of Ostrava overnight.", True),
    ("Sniper fire killed two soldiers near the bridge.", True),
    ("Fire from Freedonian tanks hit the village of Ostrava.", True),
    ("Heavy gunfire erupted in Port Vell on Monday.", True),
    ("A fire broke out at the market in Port Vell, killing three people.", False),
    ("The fire destroyed the market in Port Vell.", False),
    ("A fire from the kitchen destroyed the hotel in Port Vell.", False),
])
def test_weapon_fire_is_no_blaze(pipeline, text, assault):
    ex = pipeline.extract(text, published="2026-12-07", id="wfire")
    got = [e for e in ex.events if e.type == "ASSAULT"]
    assert bool(got) is assault, [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


# "go / be on strike" (the zero-article idiom) is only the labour strike, and a pronoun subject of a reported plan
# takes the speaker's class (triggers.labour_strike; PLOVER Table 3.7 PROTEST 'strike'); a strike on a target stays an
# attack (PLOVER 3.16); helper fixknown, session 11; invented sentences
@pytest.mark.parametrize("text,trigger,labour", [
    ("Teachers said they would go on strike next week.", "strike", True),
    ("Teachers said they would strike next week.", "strike", True),
    ("Dockers in Port Vell went on strike on Monday.", "strike", True),
    ("They went on strike after the pay talks failed.", "strike", True),
    ("The army said they would strike the rebel base next week.", "strike", False),
    ("The general staff said they carried out a strike on the depot.", "strike", False),
    ("Freedonian strikes hit the depot in Port Vell.", "strikes", False),
])
def test_on_strike_and_reported_plans_are_labour_strikes(pipeline, text, trigger, labour):
    from wirewatch import nlp as nlp_stage
    from wirewatch.triggers import labour_strike
    tok = next(t for t in nlp_stage.parse(pipeline.nlp, text) if t.text == trigger)
    assert labour_strike(tok) is labour


@pytest.mark.parametrize("text,typ", [
    ("Teachers said they would go on strike next week.", "PROTEST"),
    ("Dockers in Port Vell went on strike on Monday.", "PROTEST"),
    ("The strike on the depot in Port Vell killed four soldiers.", "ASSAULT"),
    ("Freedonian strikes hit the depot in Port Vell.", "ASSAULT"),
])
def test_labour_strike_is_no_air_strike(pipeline, text, typ):
    ex = pipeline.extract(text, published="2026-12-07", id="lstrike")
    types = {e.type for e in ex.events}
    assert typ in types and not (typ == "PROTEST" and "ASSAULT" in types), \
        [(e.type, e.mode, e.trigger.text) for e in ex.events]


# The classifier's own event is not created on a verb whose trigger the rules refused by its object class ("set fire
# to X" with X no property, ACLED Looting/property destruction; events.object_refused); helper fixknown, session 11
@pytest.mark.parametrize("text,arson", [
    ("The boy set fire to his homework.", False),
    ("Fans set fire to flares in the stands.", False),
    ("The girl set fire to her old letters.", False),
    ("The woman set fire to her diary.", False),
    ("Militants set fire to the school in Ostrava.", True),
    ("Gunmen set fire to a bus in Port Vell.", True),
])
def test_no_created_event_on_a_refused_set_fire(pipeline, text, arson):
    ex = pipeline.extract(text, published="2026-12-07", id="arson")
    got = [e for e in ex.events if e.type == "ASSAULT"]
    assert bool(got) is arson, [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


@pytest.mark.parametrize("text,trigger,sub", [
    ("Militants ransacked the village and plundered shops on Sunday, residents said.", "ransacked",
     "Looting/property destruction"),
    ("Israeli forces demolished three Palestinian homes in Hebron on Monday.", "demolished",
     "Looting/property destruction"),
    ("Rebels stole cattle from herders near Gao on Friday, the mayor said.", "stole", "Looting/property destruction"),
    ("The army razed the village after the fighting ended.", "razed", "Looting/property destruction"),
    ("Rioters pillaged stores downtown on Saturday night.", "pillaged", "Violent demonstration"),
])
def test_verbs_of_plundering_and_razing(rules_only, text, trigger, sub):
    """ACLED Looting/property destruction (acled-event-types.md): plundering (Levin 10.6), razing (Levin 44) and
    stealing (Levin 10.5) by an armed actor; crowds plundering riot (PLOVER Table 3.7). Invented sentences."""
    ev = _find(rules_only.extract(text, published="2025-10-14"), "PROTEST" if sub == "Violent demonstration"
               else "ASSAULT", trigger)
    assert ev.acled_sub_event_type == sub


@pytest.mark.parametrize("text,trigger", [
    ("The city council demolished the old stadium to make room for housing.", "demolished"),
    ("A thief stole a car outside the station in Leeds.", "stole"),
])
def test_razing_and_stealing_need_an_armed_actor(rules_only, text, trigger):
    ex = rules_only.extract(text, published="2025-10-14")
    assert not [e for e in ex.events if e.trigger.text == trigger and e.acled_sub_event_type], \
        [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


@pytest.mark.parametrize("text,hit", [
    ("Police took three activists into custody in Lahore on Sunday.", True),
    ("Three opposition leaders were taken into custody after the raid.", True),
    ("The committee took the new figures into account.", False),
])
def test_taken_into_custody_is_an_arrest(rules_only, text, hit):
    """PLOVER 3.15 COERCE 'arrest', ACLED Arrests: "take into custody" (the goal phrase of a verb of putting, Levin
    9.1). Invented sentences."""
    ex = rules_only.extract(text, published="2025-10-14")
    found = [e for e in ex.events if e.type == "COERCE" and e.acled_sub_event_type == "Arrests"]
    assert bool(found) == hit, [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


@pytest.mark.parametrize("text,protest", [
    ("A thief stole a car outside the station in Leeds.", False),
    ("A teenager snatched a handbag from a pensioner in Glasgow.", False),
    ("She took jewellery from the shop in Cardiff without paying.", False),
    ("Thousands of people took to the streets of Tbilisi on Sunday.", True),
    ("Nurses walked out of hospitals across Kenya over unpaid salaries.", True),
    ("Hundreds of farmers gathered outside parliament in Warsaw to denounce grain imports.", True),
])
def test_ordinary_crime_by_one_person_is_no_protest(pipeline, text, protest):
    """ACLED codes demonstrations, not ordinary crime by an individual (acled-event-types.md); PLOVER 3.12 PROTEST
    is collective action. The classifier's protest reading of a theft creates no event (refine
    ._individual_without_protest); real protests keep theirs. Invented sentences."""
    ex = pipeline.extract(text, published="2025-10-14")
    found = [e for e in ex.events if e.acled_event_type == "Protests"]
    assert bool(found) == protest, [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


# Give verbs typed by their theme, the direct object's head noun (Levin 1993 §13.1 hand / pass; helper plover9,
# session 13; invented sentences): weapons given up by a non-state armed group or handed in are RETREAT 'disarm'
# (PLOVER Table 3.2), wanted people handed to another party's officials and information handed, passed or shared
# by a state's agency are COOPERATE (PLOVER 3.5 judicial cooperation, intelligence sharing); a state's arms handed
# to another stay AID (3.6), captives RETREAT 'release' (3.7); a sentence, a card or exam papers handed are no event.
@pytest.mark.parametrize("text,typ,mode,recipient", [
    ("Fighters of the Ostravan Liberation Front handed over a second batch of weapons in the north, the group said.",
     "RETREAT", "disarm", None),
    ("Forty rebels handed in their rifles to a UN mission in the east.", "RETREAT", "disarm", None),
    ("Residents of Port Vell handed in 300 illegal guns during the amnesty.", "RETREAT", "disarm", None),
    ("Nigerian customs officers handed over 14 suspected fuel smugglers to their Beninese counterparts.",
     "COOPERATE", None, "BEN"),
    ("Thai police handed a wanted scam boss to Cambodian authorities.", "COOPERATE", None, "KHM"),
    ("Colombian police handed their Ecuadorian counterparts a list of suspected gang leaders.", "COOPERATE", None,
     "ECU"),
    ("Moldovan prosecutors shared bank records with their Romanian colleagues.", "COOPERATE", None, "ROU"),
    ("Mauritania's intelligence service passed information on a jihadist cell to Senegal.", "COOPERATE", None,
     "SEN"),
    ("The United States handed over 20 armoured vehicles and ammunition to Ukraine.", "AID", None, "UKR"),
    ("The rebels handed over 40 hostages to the Red Cross.", "RETREAT", "release", None),
    ("The court handed down a ten-year sentence to the prisoners.", None, None, None),
    ("The referee handed the player a red card.", None, None, None),
    ("The teacher handed the students their exam papers.", None, None, None),
    ("The Senate passed the budget bill on Tuesday.", None, None, None),
])
def test_give_verbs_typed_by_their_theme(pipeline, text, typ, mode, recipient):
    ex = pipeline.extract(text, published="2026-12-07", id="give")
    got = [e for e in ex.events if e.trigger.text in ("handed", "passed", "shared")]
    assert (got[0].type if got else None) == typ, [(e.type, e.mode, e.trigger.text) for e in ex.events]
    if got:
        assert got[0].mode == mode
        if recipient:
            assert got[0].recipient is not None and got[0].recipient.country == recipient


# review13 narrowings of the give verbs (invented sentences): the agent nouns of crime (class offenders) count only as
# the head of the object, not as a possessor or a "to" phrase read by the older ``needs: [suspects]`` rule; "pass"
# shares information, not by a deliberative body (class legislatures: the sense "approve", PLOVER ch. 5 LEG).
@pytest.mark.parametrize("text,cooperate", [
    ("The warden handed over the poachers' diaries and the murderers' letters to the newspaper.", False),
    ("The mayor turned over the keys of the depot to the kingpins' lawyers.", False),
    ("Malian gendarmes handed over three traffickers to Nigerien police.", True),
    ("The national assembly passed a list of amendments to the electoral code on Friday.", False),
    ("The upper house passed the dossier of reforms after a long debate.", False),
    ("Moldova's interior ministry passed the files on the network to Romanian police.", True),
])
def test_give_verbs_narrowed_review13(pipeline, text, cooperate):
    ex = pipeline.extract(text, published="2026-12-07", id="give13")
    got = [e for e in ex.events if e.type == "COOPERATE" and e.trigger.text in ("handed", "turned", "passed")]
    assert bool(got) == cooperate, [(e.type, e.mode, e.trigger.text) for e in ex.events]


# Debt relief agreed by the creditors is AID, as PLOVER 3.7.2 codes "The Paris Club has agreed to forgive ...": the
# agreement is the relief, not a promise (events._agreed_debt_relief; helper plover9, session 13; invented sentences).
# Other agreed actions stay AGREE (3.1), a refused or announced relief keeps its own modality.
@pytest.mark.parametrize("text,typ,modality", [
    ("The Lisbon Group of creditors has agreed to forgive $300 million of Ostrava's debt, the finance ministry said.",
     "AID", "occurred"),
    ("Japan agreed to write off Kenya's debt on Tuesday.", "AID", "occurred"),
    ("The creditors had agreed to cancel $1.2 billion of the debt owed by Ethiopia.", "AID", "occurred"),
    ("Japan agreed to discuss Kenya's debt.", "AGREE", "occurred"),
    ("Japan refused to forgive Kenya's debt.", "REJECT", "occurred"),
    ("Japan said it would forgive Kenya's debt next year.", "AID", "planned"),
])
def test_agreed_debt_relief_is_aid(pipeline, text, typ, modality):
    ex = pipeline.extract(text, published="2026-12-07", id="debt")
    top = max(ex.events, key=lambda e: e.confidence)
    assert (top.type, top.modality) == (typ, modality), [(e.type, e.modality, e.trigger.text) for e in ex.events]
    assert not (typ == "AID" and modality == "occurred" and any(e.type == "AGREE" for e in ex.events))


@pytest.mark.parametrize("text,demonstration", [
    ("Two men stole a car outside the station in Leeds.", False),
    ("Three youths robbed a jewellery shop in Durban on Friday.", False),
    ("Rioters stole goods from shops in Durban after the protest.", True),
    ("Hundreds of farmers marched through Lahore on Monday.", True),
])
def test_theft_by_several_people_is_no_demonstration(pipeline, text, demonstration):
    """Verbs of stealing and robbing (Levin 1993 10.5, 10.6) name ordinary crime, not a demonstration (ACLED
    codebook, acled-event-types.md), whatever the subject: no created demonstration event on them without a protest
    word or crowd noun (refine._theft_without_protest). Invented sentences."""
    ex = pipeline.extract(text, published="2025-10-14")
    found = [e for e in ex.events if e.acled_sub_event_type in ("Peaceful protest", "Protest with intervention",
                                                                "Violent demonstration", "Mob violence")]
    assert bool(found) == demonstration, [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


@pytest.mark.parametrize("text,violent", [
    ("Two men stole a motorcycle outside the market in Kano.", False),
    ("Three boys stole a scooter from a garage in Mombasa.", False),
    ("Gunmen robbed and shot traders on the highway near Kaduna.", True),
    ("Militants looted the market in Gao.", True),
    ("Soldiers stole cattle from villagers near Bor.", True),
])
def test_theft_by_unarmed_people_is_no_political_violence(pipeline, text, violent):
    """Verbs of stealing and robbing (Levin 1993 10.5, 10.6) by no armed or state actor are ordinary crime, which
    ACLED does not code (acled-event-types.md, scope): no classifier-created violent sub-type on them
    (refine._theft_without_protest); armed or state actors' theft and looting stay coded. Invented sentences."""
    ex = pipeline.extract(text, published="2025-10-14")
    found = [e for e in ex.events if e.acled_event_type in ("Battles", "Explosions/Remote violence",
                                                            "Violence against civilians", "Riots")
             or e.acled_sub_event_type == "Looting/property destruction"]
    assert bool(found) == violent, [(e.type, e.trigger.text, e.acled_sub_event_type) for e in ex.events]


# Staple foods shipped or sent are food aid (PLOVER 3.6 humanitarian aid; hyponyms of "food" in the aid class) and
# officers, nationals or citizens freed are released (PLOVER 3.7 'release'; class suspects); helper plover9, session
# 13; invented sentences. Rice planted or a ship's officers on deck are no event.
@pytest.mark.parametrize("text,typ", [
    ("Japan shipped 5,000 tonnes of rice to Haiti.", "AID"),
    ("Ostrava Ships Wheat To Port Vell", "AID"),
    ("Niger freed the detained Beninese customs officers on Saturday.", "RETREAT"),
    ("Farmers planted rice in the valley.", None),
    ("The ship's officers stood on deck.", None),
])
def test_food_shipped_is_aid_and_officers_freed_are_released(pipeline, text, typ):
    ex = pipeline.extract(text, published="2026-12-07", id="food")
    top = max(ex.events, key=lambda e: e.confidence) if ex.events else None
    assert (top.type if top else None) == typ, [(e.type, e.mode, e.trigger.text) for e in ex.events]


# "block" is typed by its direct object (helper plover9, session 13; invented sentences): a proposal or a sanctions
# package blocked is a veto (PLOVER 3.10 REJECT), a website blocked by a state a restriction (3.15 COERCE), a road
# blocked a protest (3.12 'obstruct') even with a deal named in an "over" phrase after it.
@pytest.mark.parametrize("text,typ", [
    ("Farmers block roads into Port Vell with tractors over the trade deal with Ostrava", "PROTEST"),
    ("Hungary blocked the bloc's latest sanctions package against Moscow.", "REJECT"),
    ("Authorities in Kyrgyzstan blocked the independent news site Kloop on Monday.", "COERCE"),
    ("The United States blocked the resolution at the Security Council.", "REJECT"),
])
def test_block_typed_by_its_object(pipeline, text, typ):
    ex = pipeline.extract(text, published="2026-12-07", id="block")
    got = [e for e in ex.events if e.trigger.text.lower() in ("block", "blocked")]
    assert (got[0].type if got else None) == typ, [(e.type, e.mode, e.trigger.text) for e in ex.events]


@pytest.mark.parametrize("sentence,word,expected", [
    # a participle postmodifying a noun is a reduced relative clause (Quirk et al. 1985 §17.97-17.101): background
    # as a relative clause is (helper modality5) ...
    ("Freedonian police released 20 students detained at the university.", "detained", True),
    ("Police in Ruritania fired tear gas at workers protesting against the new law.", "protesting", True),
    # ... not a finite clause, nor the participle of a headline fragment with no other predication
    ("Twenty students were detained at the university in Freedonia.", "detained", False),
    ("Thousands protesting in Freedonia", "protesting", False),
])
def test_participle_postmodifier_is_background(sentence, word, expected):
    from wirewatch import events, nlp
    doc = nlp.load()(sentence)
    tok = next(t for t in doc if t.text == word)
    assert events.in_background(tok) is expected, [(t.text, t.dep_, t.tag_) for t in doc]


# fixes14 (issue 12): a military contingent sent somewhere is PLOVER 3.14 MOBILIZE (troops), its modality
# from the clause ("will send" is planned); personnel sent to help stay AID (3.14.1), soldiers sent home and a
# letter sent are no deployment; invented sentences
@pytest.mark.parametrize("text,trigger,type_,modality", [
    ("Russia will send soldiers to the frontier region next month.", "send", "MOBILIZE", "planned"),
    ("The government sent two battalions to the northern province on Tuesday.", "sent", "MOBILIZE", "occurred"),
    ("Japan sent troops to help with flood relief in the Philippines.", "sent", "AID", "occurred"),
])
def test_contingents_sent_are_a_deployment(pipeline, text, trigger, type_, modality):
    evs = pipeline.extract(text, published="2026-12-01").events
    assert any(e.trigger.text == trigger and e.type == type_ and e.modality == modality for e in evs), \
        [(e.trigger.text, e.type, e.modality) for e in evs]


@pytest.mark.parametrize("text", [
    "The ministry sent soldiers home after the drill ended.",
    "She sent a letter to her brother.",
])
def test_sent_without_a_deployment_is_no_mobilize(pipeline, text):
    _assert_no_mobilize(pipeline, text)


def _assert_no_mobilize(pipeline, text):
    evs = pipeline.extract(text, published="2026-12-01").events
    assert not any(e.type == "MOBILIZE" for e in evs), [(e.trigger.text, e.type) for e in evs]


# fixes14 (issue 11): a bare event noun in an "after" adjunct of a clause happened before the main event
# (temporal preposition with a presupposed complement, Quirk et al. 1985 §9.37) and is kept, dated by the
# report, even when the clause's only time is an open "until" bound; a bare noun elsewhere is still dropped
@pytest.mark.parametrize("text,trigger", [
    ("Ferry operators halted crossings until Sunday after a rocket strike on the harbour.", "strike"),
    ("Schools shut after an explosion near the market.", "explosion"),
])
def test_bare_noun_in_after_adjunct_is_kept(pipeline, text, trigger):
    evs = pipeline.extract(text, published="2026-12-01").events
    assert any(e.trigger.text == trigger and e.type == "ASSAULT" and e.date == "2026-12-01" for e in evs), \
        [(e.trigger.text, e.type, e.date) for e in evs]


def test_bare_noun_outside_an_after_adjunct_is_still_dropped(pipeline):
    evs = pipeline.extract("Energy cooperation is a priority for both sides.", published="2026-12-01").events
    assert evs == [], [(e.trigger.text, e.type) for e in evs]


# fixes14 (issue 12): the nominal "handover" as a complex event nominal (Grimshaw 1990): captives handed over
# are PLOVER 3.7 RETREAT 'release', territory handed over RETREAT 'withdraw'; other things handed over are not
@pytest.mark.parametrize("text,mode", [
    ("The handover of 40 detainees happened at the crossing on Sunday.", "release"),
    ("The handover of the district to the federal army happened on Saturday.", "withdraw"),
])
def test_handover_nominal_is_a_retreat(pipeline, text, mode):
    evs = pipeline.extract(text, published="2026-12-01").events
    assert any(e.trigger.text == "handover" and e.type == "RETREAT" and e.mode == mode for e in evs), \
        [(e.trigger.text, e.type, e.mode) for e in evs]


def test_handover_of_keys_is_no_release(pipeline):
    evs = pipeline.extract("The handover of the keys took place at noon.", published="2026-12-01").events
    assert not any(e.trigger.text == "handover" for e in evs), [(e.trigger.text, e.type) for e in evs]


# --- session 15 (fixes15): people intercepted, captives released, property seized ----------------------------------

@pytest.mark.parametrize("text", [
    "Taliban fighters were intercepted by border guards near the river on Tuesday.",
    "Soldiers intercepted Shabaab fighters on the road to Afgoye.",
    "Four traffickers were intercepted by the navy off the coast of Libya.",  # people, no weapon named
])
def test_combatants_intercepted_are_no_weapons_mobilisation(pipeline, text):
    # PLOVER 3.14 MOBILIZE 'weapons' needs weapons: "fighters" of an armed group are people, not fighter jets
    _assert_no_mobilize(pipeline, text)


def test_fighter_jets_intercepted_stay_a_mobilisation(pipeline):
    evs = pipeline.extract("Two Chinese fighters were intercepted by Japanese jets over the strait.",
                           published="2026-11-20").events
    assert any(e.type == "MOBILIZE" for e in evs), [(e.trigger.text, e.type) for e in evs]


@pytest.mark.parametrize("text", [
    "The release of the detainees took place at dawn on Saturday.",
    "The release of 15 hostages happened near the airport on Friday.",
])
def test_release_of_captives_without_an_actor_is_a_retreat(pipeline, text):
    # PLOVER 3.7 RETREAT 'release' ("the release of prisoners and hostages"), not AGREE
    evs = pipeline.extract(text, published="2026-11-20").events
    assert any(e.type == "RETREAT" and e.mode == "release" for e in evs), [(e.trigger.text, e.type) for e in evs]
    assert not any(e.type == "AGREE" for e in evs), [(e.trigger.text, e.type) for e in evs]


@pytest.mark.parametrize("text", [
    "Armed bandits captured 120 camels from a settlement in Katsina state on Wednesday.",
    "Rebel fighters seized trucks of fuel and flour from traders in North Kivu on Tuesday.",
])
def test_livestock_or_goods_taken_is_no_territory(pipeline, text):
    # ACLED codebook: the territory sub-types are control of a location won; property taken is no ground
    evs = pipeline.extract(text, published="2026-11-20").events
    territory = ("Non-state actor overtakes territory", "Government regains territory")
    got = [(e.trigger.text, e.type, e.acled_sub_event_type) for e in evs]
    assert any(e.acled_sub_event_type == "Looting/property destruction" for e in evs), got
    assert not any(e.acled_sub_event_type in territory for e in evs), got


def test_town_taken_is_still_territory(pipeline):
    evs = pipeline.extract("Rebels captured the town of Walikale on Monday.", published="2026-11-20").events
    assert any(e.acled_sub_event_type == "Non-state actor overtakes territory" for e in evs)
