"""Modality of a predicate from the grammar around it (``wirewatch.modality``), one rule per case."""
import pytest


def _modality(pipeline, sentence: str, word: str) -> str:
    start = sentence.index(word)
    return pipeline.modality(sentence, start, start + len(word))


@pytest.mark.parametrize("sentence,word,expected", [
    # coordination shares the auxiliary of the first verb ...
    ("Russia will strike and destroy the bridges.", "destroy", "planned"),
    ("The rebels might attack and seize the town.", "seize", "possible"),
    ("Troops attacked the village and burned houses.", "burned", "occurred"),
    # ... but "not A but B" asserts B, while "not A or B" negates both
    ("The army did not attack the town but shelled the outskirts.", "shelled", "occurred"),
    ("The army did not attack or shell the town.", "shell", "negated"),
    # "be to" future and passive infinitive relatives
    ("The summit is to be held in Geneva.", "held", "planned"),
    ("Officials announced a new round of talks to be held in Doha.", "held", "planned"),
    ("Ukraine to be given more air defence systems", "given", "planned"),
    # ... but an ordinal describes, it does not plan
    ("It was the first convoy to be attacked on that road.", "attacked", "occurred"),
    # the copula carries the tense of "able"
    ("Ukraine will be able to strike airfields.", "strike", "planned"),
    ("Ukraine is able to strike airfields.", "strike", "possible"),
    # "would" in reported speech is the future of the past
    ("The minister announced that troops would withdraw from the border.", "withdraw", "planned"),
    ("Moscow has warned that such deliveries would escalate the war.", "escalate", "possible"),
    ("If the talks fail, the army would attack.", "attack", "possible"),
    # an if/unless clause is neither asserted nor hedged: it lies in the future when its main clause
    # does, and is a generic or past condition otherwise; an indirect question ("whether") is transparent
    ("If the truce collapses, the militia will resume the shelling.", "collapses", "planned"),
    ("Unless the strike ends, the port will close.", "ends", "planned"),
    ("Bread prices climb every winter if the harvest fails.", "fails", "occurred"),
    ("The ministry did not say whether the convoy was attacked.", "attacked", "occurred"),
    ("The ministry did not say whether the convoy was attacked.", "say", "negated"),
    # ... and so is an indirect question with "if" (a ccomp, not a conditional advcl): no request, no plan
    ("Reporters asked if the convoy was attacked.", "attacked", "occurred"),
    ("Reporters asked whether the convoy was attacked.", "attacked", "occurred"),
    # a called-off event negates its object, not the adjunct that explains it
    ("The convoy was delayed after an attack on the road.", "attack", "occurred"),
    ("The government delayed the elections.", "elections", "negated"),
    # "due to" + noun phrase gives a cause (asserted); "due to" + infinitive schedules
    ("Ferries stopped running on the island due to the storm.", "storm", "occurred"),
    ("Shops in the port stayed shut due to heavy shelling overnight.", "shelling", "occurred"),
    ("The delegation is due to arrive in Ankara on Friday.", "arrive", "planned"),
    # what a directive or causative verb urges, demands or forces is still to come: planned
    ("The regulator forced the bank to lower its fees.", "lower", "planned"),
    ("The opposition called for a recount of the votes.", "recount", "planned"),
    ("The union demanded higher wages for nurses.", "wages", "planned"),
    ("The court ordered the ministry to release the documents.", "release", "planned"),
    # ... a directive noun or a describing participle directs nothing
    ("The airline placed an order worth $2bn for new jets.", "worth", "occurred"),
    ("The carmaker sold the 300 units required for the project.", "project", "occurred"),
])
def test_modality_rules(pipeline, sentence, word, expected):
    assert _modality(pipeline, sentence, word) == expected


def test_no_longer_negates(pipeline):
    assert _modality(pipeline, "The rebels no longer control the town.", "control") == "negated"
    assert _modality(pipeline, "The rebels still control the town.", "control") == "occurred"


# Conflict-news forms no suite measures (issue 12; invented sentences). The first group failed before its rule.
@pytest.mark.parametrize("sentence,word,expected", [
    # futurate present of a scheduling verb with a later time (Quirk et al. 1985 §4.23): a schedule
    ("The delegation arrives in Kabul on Monday.", "arrives", "planned"),
    ("A UN envoy visits Tripoli next week.", "visits", "planned"),
    ("Officials said the talks begin tomorrow in Cairo.", "begin", "planned"),
    # ... but a past tense, or a verb that states no schedule, is what happened (headline present)
    ("The delegation arrived in Kabul on Monday.", "arrived", "occurred"),
    ("Rebels attack the town on Monday.", "attack", "occurred"),
    # ... and such a verb of occurrence dates the event noun it reports, as "will" does
    ("Negotiators hold talks in Doha on Friday.", "talks", "planned"),
    ("The truce takes effect at midnight on Sunday.", "truce", "planned"),
    ("Negotiators held talks in Doha on Friday.", "talks", "occurred"),
    ("The delegation arrives in Kabul.", "arrives", "occurred"),
    # an event noun placed later by a scheduling participle or a time of its own
    ("Officials confirmed talks planned for next week in Geneva.", "talks", "planned"),
    ("Next week's talks in Geneva will focus on prisoners.", "talks", "planned"),
    ("The vote is set for Sunday.", "vote", "planned"),
    # ... not when a verb of occurrence reports it as past, nor for a bare day name (it may be past)
    ("The talks, scheduled for Monday, were held in Doha.", "talks", "occurred"),
    ("Monday's talks ended without a deal.", "talks", "occurred"),
    ("The talks scheduled for Monday were cancelled.", "talks", "negated"),
    # a negative-quantifier subject negates its own clause (Quirk §10.59; FactBank CT-)
    ("Rebels shelled the market, but no one was hurt.", "hurt", "negated"),
    ("Rebels shelled the market, but no one was hurt.", "shelled", "occurred"),
    ("None of the crew survived the crash.", "survived", "negated"),
    ("No shots were fired at the border.", "fired", "negated"),
    # forms that were already right before session 10 (regression checks; they passed before)
    ("A bomb exploded near the checkpoint; no casualties were reported.", "casualties", "negated"),
    ("The army failed to capture the town.", "capture", "negated"),
    ("Moscow denied that its forces had shelled the hospital.", "shelled", "negated"),
    ("The two leaders are expected to sign the accord on Friday.", "sign", "planned"),
    ("The minister said the army would withdraw from the border.", "withdraw", "planned"),
    ("The ceasefire talks scheduled for Tuesday will go ahead.", "talks", "planned"),
    ("The new drones can carry four bombs.", "carry", "possible"),
])
def test_conflict_news_modality(pipeline, sentence, word, expected):
    assert _modality(pipeline, sentence, word) == expected


# review6 narrowing (session 10 round 2, invented sentences; each failed before its fix)
@pytest.mark.parametrize("sentence,word,expected", [
    # "set fire (to)" / "set ablaze": the light verb "set" schedules nothing (review6 finding 2)
    ("Rioters set fire to parked cars in the suburbs.", "fire", "occurred"),
    ("Youths set fire to a bus shelter near the station.", "fire", "occurred"),
    # ... while "set for" still does
    ("The vote is set for Sunday.", "vote", "planned"),
    # a negative-quantifier subject negates its own verb only, not the events it governs (finding 3)
    ("No one doubts the militia shelled the school.", "shelled", "possible"),
    ("No government has condemned the raid on the consulate.", "raid", "occurred"),
    ("Nobody saw the soldiers fire at the truck.", "fire", "occurred"),
    ("Nobody expected the garrison to surrender so soon.", "surrender", "planned"),
    ("No government has condemned the raid on the consulate.", "condemned", "negated"),
    ("Nobody saw the soldiers fire at the truck.", "saw", "negated"),
    # ... but a denial by nobody leaves the event asserted, and "no one was hurt" is still negated
    ("No one at the ministry denied that guards beat the detainees.", "beat", "occurred"),
    ("Rebels shelled the market, but no one was hurt.", "hurt", "negated"),
    # a scheduled noun that a past finite verb reports done happened (finding 5) ...
    ("The rally planned for Sunday drew huge crowds in Lyon.", "rally", "occurred"),
    ("The stoppage scheduled for Friday crippled the ports.", "stoppage", "occurred"),
    # ... unless the verb calls it off, bans it, or only predicts it
    ("The rally planned for Sunday was cancelled.", "rally", "negated"),
    ("The stoppage scheduled for Friday could cripple the ports.", "stoppage", "planned"),
])
def test_review6_narrowing(pipeline, sentence, word, expected):
    assert _modality(pipeline, sentence, word) == expected


def test_day_name_present_is_planned_only_after_publication(pipeline):
    """Finding 9: the futurate present with a bare day name is planned only when that day falls after
    the publication date; on the publication day itself (a headline's present) it is a report."""
    def modality(text, published, trigger):
        ex = pipeline.extract(text, published=published, id="t")
        return next(e.modality for e in ex.events if e.trigger.text == trigger)
    # 2026-12-07 is a Monday
    assert modality("Demonstrators close streets in Quito on Monday.", "2026-12-07", "close") == "occurred"
    assert modality("Soldiers arrive in Kherson on Monday.", "2026-12-07", "arrive") == "occurred"
    assert modality("Soldiers arrive in Kherson on Friday.", "2026-12-07", "arrive") == "planned"


# Direct yes/no questions assert nothing (issue 12, review13; Quirk et al. 1985 §11.3-11.5 subject-auxiliary
# inversion; FactBank: a questioned proposition is underspecified): the questioned clause is *possible*.
# A wh-question presupposes its event, relative clauses stay asserted, and a "?" in a quoted title of an
# uninverted clause changes nothing. Indirect questions keep the session-5 rule (transparent, tested above).
@pytest.mark.parametrize("sentence,word,expected", [
    ("Did the rebels agree to release the hostages?", "agree", "possible"),
    ("Did the rebels agree to release the hostages?", "release", "possible"),
    ("Was there an ambush on the supply convoy?", "ambush", "possible"),
    ("Will the navy blockade the harbour again?", "blockade", "possible"),
    ("Is the junta preparing to expel the envoys?", "expel", "possible"),  # rhetorical headline question
    ('The mayor asked: "Did the police raid the depot?"', "raid", "possible"),
    ("Has the army shelled the village where militants ambushed a patrol?", "shelled", "possible"),
    ("Has the army shelled the village where militants ambushed a patrol?", "ambushed", "occurred"),
    ("Who ambushed the supply convoy?", "ambushed", "occurred"),
    ("Why did the guards fire on the crowd?", "fire", "occurred"),
    ("Officials wondered whether the depot was raided.", "raided", "occurred"),
    ('Militants shelled the port, the weekly "Who Pays?" reported.', "shelled", "occurred"),
    ('Gunmen raided the cinema showing the film "Did We Win?" on Friday.', "raided", "occurred"),
    ("The rebels agreed to release the hostages.", "agreed", "occurred"),
])
def test_direct_questions(pipeline, sentence, word, expected):
    assert _modality(pipeline, sentence, word) == expected
