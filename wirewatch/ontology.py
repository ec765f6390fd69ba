"""The event ontology: PLOVER 2024 types and modes, and their mapping to CAMEO, quad and ACLED.

Sources: the PLOVER manual (types, modes, quad categories, Table 2.2 conflict-cooperation scores),
the CAMEO-to-PLOVER conversion table, and ACLED's codebook (6 event types, 25 sub-event types).
docs/ontology.md renders these tables for readers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

# type -> (CAMEO root code, quad category, PLOVER score of the type without mode)
PLOVER_TYPES: dict[str, tuple[str, str, float]] = {
    "AGREE": ("03", "VERBAL COOPERATION", 2.5),
    "CONSULT": ("04", "VERBAL COOPERATION", 2.5),
    "SUPPORT": ("05", "VERBAL COOPERATION", 5.0),
    "CONCEDE": ("08", "VERBAL COOPERATION", 4.5),
    "COOPERATE": ("06", "MATERIAL COOPERATION", 9.5),
    "AID": ("07", "MATERIAL COOPERATION", 10.0),
    "RETREAT": ("08", "MATERIAL COOPERATION", 6.5),
    "REQUEST": ("10", "VERBAL CONFLICT", 0.0),
    "ACCUSE": ("11", "VERBAL CONFLICT", 3.0),
    "REJECT": ("12", "VERBAL CONFLICT", -2.0),
    "THREATEN": ("13", "VERBAL CONFLICT", -3.5),
    # Chapter 3 of the manual puts PROTEST and SANCTION under material conflict; we follow it.
    "PROTEST": ("14", "MATERIAL CONFLICT", -5.0),
    "SANCTION": ("16", "MATERIAL CONFLICT", -6.0),
    "MOBILIZE": ("15", "MATERIAL CONFLICT", -5.5),
    "COERCE": ("17", "MATERIAL CONFLICT", -7.0),
    "ASSAULT": ("18", "MATERIAL CONFLICT", -9.0),
}

# PLOVER scores for (type, mode), Table 2.2 of the manual.
MODE_SCORES: dict[tuple[str, str], float] = {
    ("CONSULT", "visit"): 4, ("CONSULT", "third-party"): 1, ("CONSULT", "multilateral"): 4,
    ("CONSULT", "phone"): 1.5,
    ("RETREAT", "withdraw"): 8, ("RETREAT", "release"): 6.5, ("RETREAT", "disarm"): 10,
    ("RETREAT", "ceasefire"): 7.5, ("RETREAT", "access"): 6.5, ("RETREAT", "resign"): 4.5,
    ("REQUEST", "assist"): 0.5, ("REQUEST", "change"): -1, ("REQUEST", "yield"): -1, ("REQUEST", "meet"): 0,
    ("ACCUSE", "disapprove"): -2, ("ACCUSE", "investigate"): -3.5, ("ACCUSE", "allege"): -3.5,
    ("REJECT", "assist"): -1.5, ("REJECT", "change"): -2, ("REJECT", "yield"): -2, ("REJECT", "meet"): -2,
    ("THREATEN", "restrict"): -3, ("THREATEN", "arrest"): -3.5, ("THREATEN", "relations"): -3.5,
    ("THREATEN", "expel"): -3.5, ("THREATEN", "territory"): -4, ("THREATEN", "violence"): -3.5,
    ("PROTEST", "demo"): -5, ("PROTEST", "riot"): -7, ("PROTEST", "strike"): -5, ("PROTEST", "hunger"): -4.5,
    ("PROTEST", "boycott"): -4.5, ("PROTEST", "obstruct"): -4.5,
    ("SANCTION", "convict"): -6, ("SANCTION", "expel"): -5.5, ("SANCTION", "withdraw"): -6,
    ("SANCTION", "discontinue"): -6,
    ("MOBILIZE", "troops"): -6.5, ("MOBILIZE", "weapons"): -6.5, ("MOBILIZE", "police"): -5.5,
    ("MOBILIZE", "militia"): -6,
    ("COERCE", "seize"): -7, ("COERCE", "restrict"): -7, ("COERCE", "censor"): -6.5, ("COERCE", "curfew"): -6.5,
    ("COERCE", "martial-law"): -7.5, ("COERCE", "arrest"): -7, ("COERCE", "deport"): -7,
    ("COERCE", "withhold"): -7, ("COERCE", "misinformation"): -6.5, ("COERCE", "cyber"): -7,
    ("ASSAULT", "abduct"): -8.5, ("ASSAULT", "beat"): -7.5, ("ASSAULT", "torture"): -8.5,
    ("ASSAULT", "sexual"): -8.5, ("ASSAULT", "targeted"): -9.5, ("ASSAULT", "destroy"): -8.5,
    ("ASSAULT", "primitive"): -8, ("ASSAULT", "firearms"): -9, ("ASSAULT", "explosives"): -9,
    ("ASSAULT", "suicide-attack"): -9.5, ("ASSAULT", "aerial"): -9.5, ("ASSAULT", "drone"): -9.5,
    ("ASSAULT", "heavy-weapons"): -9.5, ("ASSAULT", "crowd-control"): -7.5, ("ASSAULT", "unconventional"): -10,
}

# CAMEO root codes more specific than the type default, for some (type, mode) pairs.
MODE_CAMEO: dict[tuple[str, str], str] = {
    ("ASSAULT", "firearms"): "19", ("ASSAULT", "heavy-weapons"): "19", ("ASSAULT", "aerial"): "19",
    ("ASSAULT", "drone"): "19", ("ASSAULT", "unconventional"): "20", ("REQUEST", "meet"): "02",
    ("REQUEST", "assist"): "02", ("ACCUSE", "investigate"): "09",
}

ACLED_TYPES: dict[str, list[str]] = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"],
}
ACLED_SUB_TO_TYPE = {sub: typ for typ, subs in ACLED_TYPES.items() for sub in subs}


@dataclass(frozen=True)
class Coding:
    cameo: str
    quad: str
    intensity: float
    acled_event_type: Optional[str]
    acled_sub_event_type: Optional[str]


def code(plover_type: str, mode: Optional[str], acled_sub: Optional[str], cameo_root: Optional[str] = None) -> Coding:
    """CAMEO root, quad, PLOVER score and ACLED type for a (type, mode, ACLED sub-type) triple; ``cameo_root``
    (a trigger rule's own root, triggers.yml "cameo") wins over the type's and the mode's root."""
    cameo, quad, score = PLOVER_TYPES[plover_type]
    if mode:
        score = MODE_SCORES.get((plover_type, mode), score)
        cameo = MODE_CAMEO.get((plover_type, mode), cameo)
    cameo = cameo_root or cameo
    acled_type = ACLED_SUB_TO_TYPE.get(acled_sub) if acled_sub else None
    return Coding(cameo, quad, float(score), acled_type, acled_sub if acled_type else None)


# PLOVER manual §3.1: cooperative actions of types CONSULT, SUPPORT, COOPERATE and AID reported in the
# future tense are intentions, coded as the single category AGREE. The pipeline already folds planned
# SUPPORT/COOPERATE into AGREE (events.FUTURE_TYPES); a planned CONSULT or AID keeps its own type plus
# modality "planned" (a planned meeting is more useful to an analyst as a meeting), and this function
# gives the category PLOVER coders would return, for PLOVER-strict exchange and scoring.
FUTURE_COOPERATION = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}


def plover_category(plover_type: str, modality: Optional[str]) -> str:
    """The single PLOVER category of an event: AGREE for future cooperation, else its type."""
    return "AGREE" if modality == "planned" and plover_type in FUTURE_COOPERATION else plover_type
