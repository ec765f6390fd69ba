"""Who did what to whom: recipient patterns of arguments.py, on sentences written for these tests."""


def _event(pipeline, text, trigger):
    ex = pipeline.extract(text)
    hits = [e for e in ex.events if e.trigger.text == trigger]
    assert hits, [(e.type, e.trigger.text) for e in ex.events]
    return hits[0]


def _country(actor):
    return actor.country if actor is not None else None


def test_agents_own_troops_are_not_the_recipient(pipeline):
    ev = _event(pipeline, "Egypt offered its troops to Jordan to help guard the border.", "offered")
    assert _country(ev.recipient) == "JOR"


def test_object_nouns_phrase_names_the_recipient(pipeline):
    ev = _event(pipeline, "The opposition demanded support from the Kenyan parliament.", "demanded")
    assert _country(ev.recipient) == "KEN"


def test_call_for_sanctions_against_a_country(pipeline):
    ev = _event(pipeline, "The bishop called for sanctions against Zimbabwe on Sunday.", "called")
    assert _country(ev.recipient) == "ZWE"


def test_rejected_calls_by_someone_make_them_the_recipient(pipeline):
    ev = _event(pipeline, "Paris rejected calls by Algeria's rulers for new talks.", "rejected")
    assert _country(ev.actor) == "FRA" and _country(ev.recipient) == "DZA"


def test_noun_trigger_takes_the_light_verbs_phrase(pipeline):
    ev = _event(pipeline, "A Peruvian judge opened investigations against 12 Bolivian officials.", "investigations")
    assert _country(ev.recipient) == "BOL"


def test_place_in_the_clause_stands_for_the_recipient(pipeline):
    ev = _event(pipeline, "Turkey lifted the curfew in Cyprus on Monday.", "lifted")
    assert _country(ev.recipient) == "CYP"
    assert ev.recipient.text == "in Cyprus"  # the phrase, so the place itself stays the location
    assert ev.location is not None and ev.location.country == "CYP"


def test_meeting_venue_is_not_the_other_party(pipeline):
    ev = _event(pipeline, "The Kenyan president met the envoy in Geneva on Monday.", "met")
    assert _country(ev.recipient) != "CHE"


def test_same_country_later_in_sentence_is_not_its_own_recipient(pipeline):
    ev = _event(pipeline, "Canada will deny entry to Canada to Belizean smugglers.", "deny")
    assert _country(ev.recipient) == "BLZ"


def test_protest_aimed_at_the_government_in_its_purpose_clause(pipeline):
    ev = _event(pipeline, "Students staged demonstrations in Jakarta to demand reforms by President Suharto's "
                          "government.", "demonstrations")
    assert _country(ev.recipient) == "IDN" and ev.recipient.role == "GOV"


def test_stative_participle_has_its_subject_as_agent(pipeline):
    ev = _event(pipeline, "Bolivia is committed to opening talks with Chile, officials said.", "committed")
    assert _country(ev.actor) == "BOL"


def test_willing_takes_subject_of_copula(pipeline):
    ev = _event(pipeline, "Syria is willing to withdraw its troops from Lebanon.", "willing")
    assert _country(ev.actor) == "SYR"


def test_possessive_pronoun_yields_to_governing_subject(pipeline):
    ev = _event(pipeline, "A group of Moroccan diplomats held their first meeting with the Kenyan president.",
                "meeting")
    assert _country(ev.actor) == "MAR" and _country(ev.recipient) == "KEN"


def test_accusation_recipient_is_the_accused_not_the_audience(pipeline):
    ev = _event(pipeline, "Jordan complained to the United Nations on Monday over Syrian shelling.", "complained")
    assert _country(ev.recipient) == "SYR"


def test_purpose_clause_chain_reaches_the_recipient(pipeline):
    ev = _event(pipeline, "Denmark is willing to send equipment to help defend Kuwait.", "willing")
    assert _country(ev.recipient) == "KWT"


def test_demand_that_clause_subject_is_the_recipient(pipeline):
    ev = _event(pipeline, "The rebels insisted on their demand that Chad's government free the prisoners.",
                "insisted")
    assert _country(ev.recipient) == "TCD"


def test_place_name_ending_in_a_country_name(pipeline):
    ev = _event(pipeline, "Israel mounted an invasion of South Lebanon on Monday.", "invasion")
    assert _country(ev.recipient) == "LBN"


def test_threat_recipient_is_the_one_asked_to_yield(pipeline):
    ev = _event(pipeline, "Farmers threatened to block the roads unless Ghana lifted the new tax.", "threatened")
    assert _country(ev.recipient) == "GHA"


def test_noun_trigger_in_verb_phrase_takes_the_verbs_place(pipeline):
    ev = _event(pipeline, "Syrian troops remained on alert in Lebanon on Monday.", "alert")
    assert _country(ev.recipient) == "LBN"


def test_two_parties_agreeing_are_actor_and_recipient(pipeline):
    ev = _event(pipeline, "Peru and Chile agreed on Monday to reopen the border.", "agreed")
    assert _country(ev.actor) == "PER" and _country(ev.recipient) == "CHL"


def test_apposition_names_the_accused(pipeline):
    ev = _event(pipeline, "Greece on Monday condemned as a provocation Turkey's seizure of the islet.", "condemned")
    assert _country(ev.recipient) == "TUR"


def test_demand_from_someone_rejected_makes_them_recipient(pipeline):
    ev = _event(pipeline, "Cuba refused to answer a demand from the Mexican president.", "refused")
    assert _country(ev.recipient) == "MEX"


def test_event_noun_subject_lends_its_agent(pipeline):
    ev = _event(pipeline, "Turkish air strikes killed five fighters on Monday.", "killed")
    assert _country(ev.actor) == "TUR"


def test_unresolved_organisation_yields_to_a_place(pipeline):
    ev = _event(pipeline, "The agency dispatched inspectors to the Zorba Works (ZW) in northern Kenya.", "dispatched")
    assert _country(ev.recipient) == "KEN"
