"""Modality: did the event happen (occurred), is it scheduled (planned), only possible, or negated?

Event coders since TABARI code "Trump might send missiles" as a delivery. We read the grammar around
the trigger instead: its own auxiliaries, negation and conditional markers, then each governing
predicate up the dependency tree ("is weighing [sending]", "has warned that [sending] would be seen",
"no meeting is scheduled"). The first clause that decides wins; speech verbs ("said", "warned") are
transparent for modality but name who made the claim (``said_by``).
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Token

OCCURRED, PLANNED, POSSIBLE, NEGATED = "occurred", "planned", "possible", "negated"

POSSIBLE_MODALS = {"might", "may", "could", "would", "should", "can", "ought", "must"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}  # "wo" is spaCy's token for won't
# governing predicates -> modality of what they govern
PLANNING = {"plan", "schedule", "set", "intend", "prepare", "expect", "due", "agree", "decide", "vow",
            "pledge", "promise", "aim", "arrange", "organize", "organise", "slate",
            "go", "hope", "want", "seek", "wish", "offer", "propose", "resolve", "commit", "invite", "ready"}
# Directive and causative predicates (linguistic class: directives impose an obligation on the future):
# what is urged, demanded, ordered or forced is not yet done, and MEANTIME annotates it as FUTURE with
# certainty unmarked ("called for a re-run", "forced Apple to lower its prices") - planned, not possible.
# Only a verb is a directive: the nouns "an order worth $15bn", "calls", "demands" name things or stay hedges.
DIRECTIVE = {"urge", "ask", "call", "demand", "request", "push", "press", "force", "order", "require", "compel",
             "oblige", "instruct"}
HEDGING = {"weigh", "consider", "mull", "contemplate", "discuss", "debate", "explore", "threaten", "warn",
           "hint", "suggest", "may", "might", "could", "possible", "potential", "likely",
           "unlikely", "possibly", "perhaps", "urge", "ask", "call", "demand", "request", "push", "press",
           "fear", "risk", "question", "doubt", "speculate", "rumor", "rumour", "if", "whether", "unless",
           "imagine", "suppose", "would", "envisage", "seem", "appear", "study", "review", "examine",
           "allow", "permit", "enable", "authorize", "authorise", "negotiate", "option", "able", "capable"}
ENABLING = {"allow", "permit", "enable", "authorize", "authorise", "able", "capable"}
# "X is said / believed / reported to be ...": hearsay, not asserted by the reporter
HEARSAY_PASSIVES = {"say", "believe", "think", "report", "rumor", "rumour", "estimate", "suspect", "allege",
                    "understand", "presume", "feared"}
NEGATING = {"deny", "refuse", "fail", "reject", "cancel", "postpone", "call off", "rule", "avoid",
            "prevent", "halt", "stop", "abandon", "scrap", "decline", "dismiss", "without", "lack", "block",
            "veto", "shelve", "axe", "torpedo", "derail", "freeze", "kill", "delay"}
NEGATING_ADJ = {"cancelled", "canceled", "scrapped", "abandoned", "aborted", "failed", "postponed", "shelved",
                "called-off", "blocked", "vetoed", "foiled", "thwarted", "delayed"}
NEG_WORDS = {"not", "n't", "never", "no", "neither", "nor", "without", "nobody", "nothing", "none"}
FUTURE_ADJ = {"upcoming", "planned", "scheduled", "proposed", "future", "expected", "forthcoming",
              "next", "prospective", "impending", "possible", "potential", "likely", "possible"}
SPEECH = {"say", "tell", "warn", "announce", "claim", "report", "state", "add", "stress", "note", "insist",
          "confirm", "allege", "accuse", "write", "declare", "hint", "suggest", "explain", "argue", "believe",
          "think", "emphasize", "emphasise", "tweet", "post", "acknowledge", "admit", "deny", "reveal"}
FACTUAL_MARKS = {"as", "because", "since", "after", "while", "when", "although", "though", "despite", "once",
                 "whereas", "until", "before"}  # subordinators of clauses asserted on their own
NOMINAL_DEPS = {"pobj", "prep", "pcomp", "compound", "amod", "npadvmod", "appos", "nmod", "poss", "attr"}
# Verbs that only say an event happens: "the meeting will take place Friday" keeps the verb's tense.
OCCURRENCE_VERBS = {"take", "happen", "occur", "begin", "start", "hold", "be", "proceed", "resume", "continue",
                    "end", "conclude", "open", "close", "come", "follow", "last",
                    "make", "carry", "conduct"}  # light verbs: "cuts will be made", "raids were carried out"
CLAUSE_DEPS = {"xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp", "acomp", "csubj", "csubjpass", "dobj", "pobj",
               "nsubj", "nsubjpass", "conj", "prep", "attr", "oprd", "appos", "compound", "amod", "npadvmod"}


# Conditional protasis (issue 12; pattern class: conditional antecedents, whose factuality FactBank
# leaves underspecified and MEANTIME annotates certainty UNDERSPECIFIED, special case COND_IF_CLAUSE,
# not POSSIBLE): the if-clause is neither asserted nor hedged. It lies in the future when its main
# clause does ("if the truce collapses, the militia will resume": planned) and is a generic or past
# condition otherwise ("prices climb if the harvest fails": occurred).
CONDITIONAL_MARKS = {"if", "unless"}


def _conditional(main: Token) -> str:
    """Modality of an if/unless clause whose main clause is ``main``."""
    return OCCURRED if classify_token(main)[0] == OCCURRED else PLANNED


def _own_markers(tok: Token, subject: bool = True) -> Optional[str]:
    """Modality from the trigger's own dependents (aux, neg, mark, det).

    ``subject=False`` ignores a negative-quantifier subject: "no one doubts", "nobody saw" negate only
    their own verb, not the clause they govern (see ``_governing``)."""
    kids = list(tok.children)
    lowers = {k.lower_ for k in kids}
    lemmas = {k.lemma_.lower() for k in kids}
    if any(k.dep_ == "neg" for k in kids) or "no" in {k.lower_ for k in kids if k.dep_ == "det"}:
        return NEGATED
    if subject and tok.pos_ in ("VERB", "AUX") and negative_subject(tok) is not None:
        return NEGATED  # "no one was hurt", "none of the crew survived": the clause is negated by its subject
    if any(k.dep_ == "advmod" and k.lower_ in ("longer", "more") and any(c.lower_ == "no" for c in k.children)
           for k in kids):
        return NEGATED  # "the rebels no longer control the town"
    if any(k.dep_ in ("amod", "compound") and (k.lower_ in NEGATING_ADJ or k.lower_.split("-")[-1] in NEGATING_ADJ)
           for k in kids):
        return NEGATED  # "the now-cancelled deal", "a foiled attack"
    if any(k.dep_ == "aux" and k.lower_ in POSSIBLE_MODALS for k in kids):
        if "would" in lowers and _reported(tok):
            return PLANNED  # "announced that he would be on leave": future in reported speech
        return POSSIBLE
    if any(k.dep_ in ("aux", "auxpass") and (k.lower_ in FUTURE_AUX or k.lemma_ == "will") for k in kids):
        return PLANNED
    # "is going to attack" / "is to meet"
    if tok.dep_ == "xcomp" and tok.head.lemma_ == "go" and tok.head.tag_ == "VBG":
        return PLANNED
    if any(k.dep_ == "amod" and k.lower_ in FUTURE_ADJ for k in kids):
        return POSSIBLE if lowers & {"possible", "potential", "likely"} else PLANNED
    if any(k.dep_ == "advmod" and k.lower_ in ("possibly", "perhaps", "maybe", "potentially") for k in kids):
        return POSSIBLE
    if "to" in lemmas and tok.pos_ in ("VERB", "AUX") and any(k.dep_ == "aux" and k.lower_ == "to" for k in kids) and (
            (tok.dep_ == "ROOT" and tok.tag_ in ("VB", "VBN"))  # headline style: "Zelenskyy to meet Trump"
            or (tok.dep_ in ("relcl", "ccomp") and "be" in lemmas and not _ordinal_head(tok))  # "talks to be held"
            or (tok.dep_ == "xcomp" and tok.head.lemma_ == "be" and tok.head.tag_ in ("VBZ", "VBP")
                and not any(k.dep_ in ("attr", "acomp") for k in tok.head.children))):  # "talks are to resume"
        return PLANNED
    return None


# Negative quantifiers (Quirk et al. 1985 §10.59, "no one", "nobody", "none of", "no" + noun; FactBank
# codes the predicate of such a subject CT-): "no one was hurt" denies the harm. It does not deny an
# attack named beside it ("no one was hurt in the shelling"): events.py keeps such an attack occurred.
NEGATIVE_PRONOUNS = {"nobody", "none", "nothing", "noone", "no-one"}


def negative_subject(verb: Token) -> Optional[Token]:
    """The negative-quantifier subject of ``verb`` ("no one", "nobody", "none of X", "no civilians"), or None."""
    for k in verb.children:
        if k.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if k.lower_ in NEGATIVE_PRONOUNS or any(d.dep_ == "det" and d.lower_ == "no" for d in k.children):
            return k
    return None


# Future time adjuncts (Quirk et al. 1985 §4.23 futurate present: a present tense with a time adjunct
# placing the event later states a schedule or an arrangement): "tomorrow",
# "tonight", "next week", "later this month", "on Monday" (a day name only where the tense or a
# scheduling word already points ahead: a bare "on Monday" on a noun may be past).
DAY_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
FUTURE_DEICTIC = {"tomorrow", "tonight"}
PERIODS = {"week", "month", "year", "weekend", "fortnight", "spring", "summer", "autumn", "fall", "winter"}
# verbs whose simple present can state a schedule (Quirk §4.23: arrangements and timetables)
SCHEDULED_VERBS = {"arrive", "leave", "depart", "travel", "fly", "visit", "meet", "hold", "begin", "start", "open",
                   "close", "resume", "return", "end", "expire", "convene", "reconvene", "sit", "vote", "sign",
                   "land", "head", "take", "kick"}  # "takes effect at midnight", "talks kick off on Monday"
# participles and adjectives that schedule the noun they follow: "talks planned for next week"
SCHEDULING = {"plan", "schedule", "slate", "set", "due", "expect", "pencil", "earmark"}


def _future_time(tok: Token, day_names: bool) -> bool:
    """Does ``tok`` carry a time adjunct placing it later ("tomorrow", "next week", ["on Monday"])?"""
    def later(t: Token) -> bool:
        low = t.lower_
        if low in FUTURE_DEICTIC:
            return True
        if day_names and low in DAY_NAMES:
            return True
        if t.lemma_.lower() in PERIODS | DAY_NAMES and any(
                d.lower_ in ("next", "coming") and d.dep_ in ("amod", "det") for d in t.children):
            return True
        return False
    for k in tok.children:
        if k.dep_ in ("npadvmod", "poss", "nmod", "advmod") and later(k):
            return True
        if k.dep_ == "prep" and k.lower_ in ("on", "for", "at", "in"):  # not "until Monday": a state's end
            if any(later(o) for o in k.children if o.dep_ == "pobj"):
                return True
        if k.dep_ == "advmod" and k.lower_ == "later" and any(later(o) or o.lemma_.lower() in PERIODS
                                                               for o in k.subtree if o.i != k.i):
            return True  # "later this week"
    return False


def _scheduled(tok: Token) -> bool:
    """An unmarked trigger placed later by its own time adjunct or a scheduling word.

    Verbs: the futurate present of a scheduling verb ("the delegation arrives in Kabul on Monday", Quirk
    §4.23). Nouns: a scheduling participle or predicate ("talks planned / scheduled / slated for next
    week", "the vote is set for Monday") or a future time of their own ("next week's talks", "talks next
    week", "tomorrow's vote"; Quirk §17.97 reduced relatives, §5.116 genitive of time) -- unless a verb
    of occurrence reports the noun as past ("the talks, scheduled for Monday, were held in Doha")."""
    if tok.pos_ in ("VERB", "AUX"):
        aux = [k for k in tok.children if k.dep_ in ("aux", "auxpass")]
        return (tok.tag_ in ("VBZ", "VBP") and not aux and tok.lemma_.lower() in SCHEDULED_VERBS
                and _future_time(tok, day_names=True))
    if tok.pos_ not in ("NOUN", "PROPN") or _reported_past(tok):
        return False
    if _future_time(tok, day_names=False):
        return True
    for k in tok.children:
        if k.dep_ in ("acl", "amod") and k.lemma_.lower() in SCHEDULING and k.tag_ in ("VBN", "JJ") and (
                _future_time(k, day_names=True) or _for_on(k)):
            return True
    head = tok.head
    return (tok.dep_ in ("nsubj", "nsubjpass") and head.i != tok.i and head.lemma_.lower() in SCHEDULING
            and (_future_time(head, day_names=True) or _for_on(head)))


def day_scheduled(tok: Token) -> bool:
    """Is ``tok`` a futurate present placed later only by a day name ("troops arrive in Kherson on Sunday")?

    Such a day is ambiguous between the coming one and the one just past (a headline's present reports
    the past, Quirk et al. 1985 §4.21): the events stage keeps "planned" only when the resolved day falls
    after the publication date (``events.code_event``)."""
    return (tok.pos_ in ("VERB", "AUX") and _scheduled(tok) and not _future_time(tok, day_names=False))


def _for_on(tok: Token) -> bool:
    """ "(scheduled) for / on ...": the time or occasion a scheduling word assigns."""
    return any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in tok.children)


# "set fire to", "set (something) ablaze / alight / on fire": a light-verb construction of causing fire
# (Quirk et al. 1985 §10.31 light verbs with an eventive object; PLOVER 3.16 ASSAULT / 3.12 PROTEST
# arson). Its "set" schedules nothing, unlike "set for Monday" (PLANNING, SCHEDULING).
FIRE_WORDS = {"fire", "ablaze", "alight", "afire", "aflame", "light"}


def _light_set(verb: Token, obj: Token) -> bool:
    """Is ``verb`` the light "set" of "set fire (to)" / "set X ablaze" whose object is ``obj``?"""
    if verb.lemma_.lower() != "set":
        return False
    if obj.lemma_.lower() in ("fire", "light"):
        return True
    return any(k.lower_ in FIRE_WORDS and k.dep_ in ("acomp", "oprd", "advmod", "xcomp", "ccomp")
               or k.dep_ == "prep" and k.lower_ == "on" and any(o.lower_ == "fire" for o in k.children)
               for k in verb.children)


# Past finite verbs that do not report a scheduled noun as realised: it was called off, banned or put
# back (NEGATING: s047-style "talks ... were cancelled" stay negated), re-scheduled or only expected.
UNREALISED = {"ban", "bar", "outlaw", "forbid", "prohibit"}


def _reported_past(noun: Token) -> bool:
    """Is ``noun`` the subject or object of a past verb of occurrence ("the talks ... were held", "took place")?"""
    head = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj") or head.i == noun.i:
        return False
    lemma = head.lemma_.lower()
    if lemma not in OCCURRENCE_VERBS | {"go"} and not (
            # any past finite verb whose subject the scheduled noun is reports it done ("the march planned
            # for Saturday drew thousands", "the strike scheduled for Monday paralysed the railways"), unless
            # it calls the noun off, bans it, schedules it again or only hedges (Quirk et al. 1985 §4.15
            # past tense of a definite past event)
            noun.dep_ == "nsubj" and head.pos_ == "VERB"
            and lemma not in NEGATING | UNREALISED | PLANNING | SCHEDULING | HEDGING | SPEECH
            and not any(k.dep_ == "aux" and (k.lower_ in POSSIBLE_MODALS | FUTURE_AUX) for k in head.children)):
        return False
    return head.tag_ == "VBD" or any(k.dep_ in ("aux", "auxpass") and (k.tag_ == "VBD" or k.lower_ in ("has", "have"))
                                     for k in head.children)


def _governing(tok: Token, lemma_only: bool = False, dep: str = "") -> Optional[str]:
    """Modality a governing predicate imposes ("plans to X", "no X is scheduled", "X would be seen").

    With ``lemma_only`` (the event is a noun inside the governor's phrase: "under the agreement, Apple
    will own ...") the governor's tense and modals don't carry over, only its meaning does."""
    lemma = tok.lemma_.lower()
    # A negative-quantifier subject negates its own verb only (Quirk et al. 1985 §10.59: the scope of
    # "no one" is its clause; FactBank codes the complement of "nobody saw / doubts / has condemned" by
    # that verb's own source, not CT-): "No one doubts the army attacked", "No country has condemned the
    # attack", "Nobody saw the gunmen fire" keep the embedded event. Only a negating governor still reads
    # it ("no one denied that soldiers killed": the killing is not denied, occurred).
    own = _own_markers(tok, subject=lemma in NEGATING)
    if own is None and not lemma_only and tok.pos_ in ("VERB", "AUX") and _scheduled(tok):
        own = PLANNED  # "talks resume in Doha on Monday": a futurate verb of occurrence dates its subject, as "will"
    # a directive verb governs like a planning one; a participle describing a noun ("the 250 required
    # for ...") directs nothing
    planning = lemma in PLANNING or (lemma in DIRECTIVE and tok.pos_ == "VERB" and tok.dep_ not in ("amod", "acl"))
    if lemma in NEGATING and (dep in ("nsubj", "csubj", "agent")
                              or (dep in ("prep", "advcl", "npadvmod") and tok.pos_ == "VERB")):
        return None  # "attacks killed dozens", "delayed after an accident": only the object is called off
    if lemma_only:
        if lemma in NEGATING:
            return NEGATED
        if planning and lemma not in ("agree", "set", "go", "ready"):
            return PLANNED
        if lemma in HEDGING and lemma not in ("discuss", "warn", "threaten"):
            return POSSIBLE
        return None
    if lemma in NEGATING:
        return NEGATED if own != NEGATED else OCCURRED
    if own == NEGATED:
        return NEGATED
    if planning:
        return own if own == POSSIBLE else PLANNED
    if lemma in ENABLING:
        if own is None and tok.dep_ == "acomp":
            own = _own_markers(tok.head)  # "will be able to": the copula carries the tense
        return PLANNED if own == PLANNED else POSSIBLE  # "will allow users to control" is planned
    if lemma in HEDGING:
        return POSSIBLE
    if own in (POSSIBLE, PLANNED):
        return own
    return None


# Direct yes/no questions (issue 12, review13; pattern class: interrogative clauses with subject-auxiliary
# inversion, Quirk et al. 1985 §11.3-11.5; FactBank: a questioned proposition is underspecified, not
# factual): "Did Russia agree to cancel the debt?", "Was there an attack on the convoy?" assert nothing,
# so the questioned clause reads *possible*, never occurred or planned. A wh-question presupposes its
# event ("Who attacked the convoy?", "Why did troops fire?": the attack happened) and keeps it; a "?"
# inside a quoted title leaves an uninverted clause asserted; relative and adverbial clauses are asserted
# on their own (the climb stops there). Indirect questions ("asked whether ...") keep the session-5 rule
# (transparent, MEANTIME UNDERSPECIFIED: see docs/ontology.md).
QUOTES = {'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", ")", "]"}


def _yes_no_question(verb: Token) -> bool:
    """Is ``verb`` the head of an interrogative clause opened by its inverted auxiliary and ending in "?"
    (a fronted wh-word or a wh-subject opens the clause instead, so wh-questions stay out)?"""
    sub = [t for t in verb.subtree if t.text not in QUOTES]
    if not sub:
        return False
    end = sub[-1]
    after = [t for t in verb.doc[end.i + 1: end.i + 3] if t.text not in QUOTES][:1]  # "?" hung on a reporting verb
    if end.text != "?" and not (after and after[0].text == "?"):
        return False
    subjects = [k for k in verb.children if k.dep_ in ("nsubj", "nsubjpass", "expl")]
    if not subjects:
        return False
    auxes = [k for k in verb.children if k.dep_ in ("aux", "auxpass") and k.i < verb.i]
    finite = auxes[0] if auxes else (verb if verb.pos_ == "AUX" or verb.lemma_ in ("be", "have") else None)
    return finite is not None and finite.i < subjects[0].i and finite.i == sub[0].i


def _questioned(tok: Token) -> bool:
    """Does ``tok`` lie in the questioned proposition of a direct yes/no question (not in a relative or
    adverbial clause, which is asserted on its own)?"""
    cur = tok
    for _ in range(10):
        if cur.pos_ in ("VERB", "AUX") and _yes_no_question(cur):
            return True
        if cur.head.i == cur.i or cur.dep_ in ("relcl", "advcl", "parataxis") or (
                cur.dep_ == "acl" and not _is_infinitive(cur)):
            return False
        cur = cur.head
    return False


def classify_token(tok: Token) -> tuple[str, Optional[Token]]:
    """(modality, speaker token or None) for the event whose trigger is ``tok``."""
    modality, speaker = _classify_token(tok)
    if modality in (OCCURRED, PLANNED) and "?" in tok.sent.text and _questioned(tok):
        return POSSIBLE, speaker
    return modality, speaker


def _classify_token(tok: Token) -> tuple[str, Optional[Token]]:
    speaker = None
    own = _own_markers(tok)
    if own:
        return own, _speaker(tok)
    cur = tok
    lemma_only = False  # once the path runs through a noun phrase, only the governor's meaning counts
    for _ in range(8):  # climb at most a few clauses
        if cur.dep_ == "ROOT" or cur.head.i == cur.i:
            break
        dep = cur.dep_
        head = cur.head
        if dep not in CLAUSE_DEPS:
            break
        if dep == "conj":  # coordination shares the first conjunct's modality
            if (cur.pos_ in ("VERB", "AUX") and head.pos_ in ("VERB", "AUX")
                    and not any(k.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for k in cur.children)):
                inherited = _own_markers(head)  # "will strike and destroy": the auxiliary is shared
                ccs = {k.lower_ for k in head.children if k.dep_ == "cc"}
                if inherited and (inherited != NEGATED or ccs & {"or", "nor"}):  # "did not A but B": B happened
                    return inherited, speaker or _speaker(tok)
            cur = head
            continue
        if dep == "relcl" or (dep == "acl" and not _is_infinitive(cur)):
            break  # "the crash, which killed 102": a relative clause is asserted on its own
        if dep == "acl":
            return PLANNED, speaker or _speaker(tok)  # "a contract to supply tankers": intended
        if dep in NOMINAL_DEPS or (dep in ("nsubj", "nsubjpass") and cur.pos_ in ("NOUN", "PROPN")
                                   and head.lemma_.lower() not in OCCURRENCE_VERBS):
            lemma_only = True
        marks = {k.lower_ for k in cur.children if k.dep_ == "mark"}
        if dep == "ccomp" and marks & {"whether", "if"}:
            # "did not say whether/if he resigned": an indirect question neither asserts nor hedges; the
            # clause that embeds it decides (FactBank: underspecified, like the conditional below)
            cur = head
            continue
        if dep == "advcl" and marks & CONDITIONAL_MARKS:
            return _conditional(head), speaker or _speaker(tok)
        if dep == "advcl":
            if _is_infinitive(cur):
                return PLANNED, speaker or _speaker(tok)  # "set up a forum to showcase ...": a purpose
            if head.lemma_.lower() not in SPEECH:
                break  # "as attacks continue", "..., citing flaws": adjunct clauses are asserted on their own
        if dep == "xcomp" and head.lemma_.lower() in HEARSAY_PASSIVES and any(k.dep_ == "auxpass" for k in head.children):
            return POSSIBLE, speaker or _speaker(tok)
        if head.lemma_.lower() in NEGATING and dep in ("ccomp", "xcomp") and _own_markers(head) != NEGATED:
            return NEGATED, _subject(head)  # "officials denied that troops attacked": a denial, and whose
        if head.lemma_.lower() in SPEECH and dep in ("ccomp", "xcomp", "advcl"):
            speaker = speaker or _subject(head)
            if head.lemma_.lower() in ("warn", "threaten") and dep == "ccomp":
                # "warned that X would ..." -> X's own clause decides; default possible
                inner = _clause_modal(cur)
                return inner or POSSIBLE, speaker
            cur = head
            continue
        if lemma_only and head.lower_ == "due" and (cur.lower_ == "to" or any(
                k.lower_ == "to" and k.dep_ in ("pcomp", "prep") for k in head.children)):
            # Pattern class: "due to" + noun phrase is the complex preposition of cause (= "because
            # of"), asserted like a "because" clause; only "due to" + infinitive ("due to fly") or
            # "due in/on <date>" schedule something (PLANNING keeps "due" for those).
            break
        if dep == "dobj" and _light_set(head, cur):
            cur = head  # "set fire to": "set" is a light verb of occurrence here, not "set (for)"
            continue
        gov = _governing(head, lemma_only, dep)
        if gov:
            return gov, speaker or _speaker(head)
        cur = head
    if _scheduled(tok):
        return PLANNED, speaker or _speaker(tok)
    return OCCURRED, speaker or _speaker(tok)


ORDINALS = {"first", "second", "third", "last", "only", "latest", "next"}


def _ordinal_head(tok: Token) -> bool:
    """ "the first jet to be built with composites" describes the jet; it is no plan."""
    head = tok.head
    return head.lower_ in ORDINALS or any(k.lower_ in ORDINALS or k.tag_ == "JJS" for k in head.children)


def _reported(tok: Token) -> bool:
    """Is ``tok`` the verb of a that-clause reporting what someone said (climbing coordination)?"""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    head = tok.head.lemma_.lower()
    if tok.dep_ == "ccomp" and head in SPEECH | {"announce", "expect"}:
        return head not in ("warn", "threaten")  # "warned that X would ...": a threat stays possible
    marks = {k.lower_ for k in tok.children if k.dep_ == "mark"}
    return tok.dep_ not in ("ROOT", "advcl") and marks == {"that"} \
        and not any(k.dep_ == "mark" and k.lower_ in ("if", "unless") for k in tok.head.children)


def _is_infinitive(tok: Token) -> bool:
    return any(k.dep_ == "aux" and k.lower_ == "to" for k in tok.children)


def _clause_modal(tok: Token) -> Optional[str]:
    for k in tok.children:
        if k.dep_ in ("aux", "auxpass"):
            if k.lower_ in POSSIBLE_MODALS:
                return POSSIBLE
            if k.lower_ in FUTURE_AUX:
                return PLANNED
        if k.dep_ == "neg":
            return NEGATED
    return None


def _subject(verb: Token, exclude: Optional[Token] = None) -> Optional[Token]:
    """Subject of ``verb``; never the event itself or a phrase containing it (a misparse of
    "X killed 12 people, officials said" gives "said" two subjects)."""
    for k in verb.children:
        if k.dep_ in ("nsubj", "nsubjpass"):
            if exclude is not None and (k.i == exclude.i or exclude.i in {t.i for t in k.subtree}):
                continue
            return k
    return None


def _speaker(tok: Token) -> Optional[Token]:
    """Who said it: the subject of the nearest governing speech verb, or "according to X"."""
    cur = tok
    for _ in range(8):
        for k in cur.children:
            if k.dep_ == "prep" and k.lower_ == "according":
                for t in k.subtree:
                    if t.dep_ == "pobj":
                        return t
        if cur.lemma_.lower() in SPEECH and cur.i != tok.i:
            return _subject(cur, exclude=tok)
        if cur.head.i == cur.i:
            break
        if cur.dep_ == "relcl" or (cur.dep_ == "advcl" and any(
                k.dep_ == "mark" and k.lower_ in FACTUAL_MARKS for k in cur.children)):
            return None  # "X said ..., while Trump is weighing Y": the reporter's own clause
        cur = cur.head
    # parenthetical "..., the governor said." attached as the root with the event in ccomp
    root = tok.sent.root
    if root.lemma_.lower() in SPEECH and root.i != tok.i:
        return _subject(root, exclude=tok)
    return None


def classify_span(doc: Doc, start: int, end: int) -> str:
    """Modality of the predicate at character span ``[start, end)`` of ``doc``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return OCCURRED
    tok = span.root
    return classify_token(tok)[0]
