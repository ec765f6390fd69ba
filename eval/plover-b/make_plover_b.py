"""Build ``plover-b.json`` (PLOVER gold records, the format of PLOVER's gold_standard_records) from the
hand-written ``sentences.txt``, and ``plover-c.json`` (the second blind batch) from ``sentences-c.txt``.

Why a source file and a builder: one line per record is easy to write and review, and the builder
checks what a hand-typed JSON file would get wrong silently: an event type or mode that PLOVER does
not have (or a mode of another type), a country code that is neither ISO 3166-1 alpha-3 nor one of
PLOVER's pseudo-codes, a sector outside PLOVER's sector table, an actor text that does not occur in
the sentence, a duplicate id, a date that is no date.

Line format (``#`` starts a comment line; fields are separated by `` | ``)::

    id | date | EVENT | mode | context | source actors | target actors | text

* ``EVENT``: one of the 16 PLOVER 2024 types; ``mode`` and ``context`` may be empty; ``mode`` must be
  one of that type's modes in the PLOVER manual (tables 3.1-3.11); ``context`` may list several
  contexts separated by commas (PLOVER manual table 2.1).
* actors: ``actor text=CODE/SECTOR`` items separated by ``;`` (empty: no actor / recipient). CODE is
  an ISO 3166-1 alpha-3 code or a PLOVER pseudo-code (manual table 5.1: IGO, UNO, EUR, NGO, ISM, IMG,
  MNC; KOS for Kosovo); SECTOR one of manual table 5.2, several joined by ``+`` (``GOV+PRE``).

    .venv/bin/python eval/plover-b/make_plover_b.py            # writes plover-b.json beside it
    .venv/bin/python eval/plover-b/make_plover_b.py plover-c   # sentences-c.txt -> plover-c.json
    .venv/bin/python eval/plover-b/make_plover_b.py plover-d   # sentences-d.txt -> plover-d.json (third blind batch)
    .venv/bin/python eval/plover-b/make_plover_b.py plover-e   # sentences-e.txt -> plover-e.json (fifth blind batch)
    .venv/bin/python eval/plover-b/make_plover_b.py plover-f   # sentences-f.txt -> plover-f.json (sixth blind batch)
    .venv/bin/python eval/plover-b/make_plover_b.py plover-g   # sentences-g.txt -> plover-g.json (seventh blind batch)
    .venv/bin/python eval/plover-b/make_plover_b.py plover-h   # sentences-h.txt -> plover-h.json (eighth blind batch)
    .venv/bin/python eval/plover-b/make_plover_b.py plover-i   # sentences-i.txt -> plover-i.json (ninth blind batch)
    .venv/bin/python eval/plover-b/make_plover_b.py plover-j   # sentences-j.txt -> plover-j.json (tenth blind batch)
    .venv/bin/python eval/plover-b/make_plover_b.py plover-k   # sentences-k.txt -> plover-k.json (eleventh blind batch)
    .venv/bin/python eval/plover-b/make_plover_b.py plover-l   # sentences-l.txt -> plover-l.json (twelfth blind batch)
    .venv/bin/python eval/plover-b/make_plover_b.py plover-m   # sentences-m.txt -> plover-m.json (thirteenth blind batch)
    .venv/bin/python eval/plover-b/make_plover_b.py plover-n   # sentences-n.txt -> plover-n.json (fourteenth blind batch)
    .venv/bin/python eval/plover-b/make_plover_b.py plover-o   # sentences-o.txt -> plover-o.json (fifteenth blind batch)

A suite name (``SUITES``) picks its source and output beside this file; the records' ``coder`` field
names the suite.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from wirewatch.evaluation import metrics

HERE = Path(__file__).resolve().parent

EVENTS = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
          "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
_REQUEST_REJECT = {"assist", "change", "yield", "meet"}
MODES = {  # PLOVER manual (2024), tables 3.1-3.11
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "RETREAT": {"withdraw", "release", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": _REQUEST_REJECT,
    "REJECT": _REQUEST_REJECT,
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "THREATEN": {"restrict", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"},
    "ASSAULT": {"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
                "unconventional"},
}
CONTEXTS = {  # PLOVER manual table 2.1
    "military", "intelligence", "executive", "legislative", "election", "political institutions",
    "pro democracy", "pro autocracy", "economic", "legal", "reparations", "human rights",
    "rights freedoms", "repression", "human security", "gender", "lgbt", "religion ethnicity",
    "inequality", "diplomatic", "territory", "peacekeeping", "health", "asylum", "migration",
    "disasters", "natural resource", "environment", "technology", "terrorism", "cbrn", "cyber",
    "misinformation", "crime", "corruption", "illegal drugs", "trafficking"}
PSEUDO_CODES = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "KOS"}  # manual table 5.1, §5.1
SECTORS = {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
           "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC"}  # table 5.2


class FormatError(ValueError):
    """A line of the source file that does not follow the format or PLOVER's code tables."""


def _is_iso3(code: str) -> bool:
    import pycountry
    return pycountry.countries.get(alpha_3=code) is not None


def _actors(field: str, text: str, where: str) -> list[dict]:
    actors = []
    for item in filter(None, (p.strip() for p in field.split(";"))):
        surface, sep, coded = item.rpartition("=")
        code, slash, sector = coded.partition("/")
        if not sep or not slash or not surface.strip():
            raise FormatError(f"{where}: actor {item!r} is not 'text=CODE/SECTOR'")
        surface, code = surface.strip(), code.strip().upper()
        if surface not in text:
            raise FormatError(f"{where}: actor text {surface!r} does not occur in the sentence")
        if code not in PSEUDO_CODES and not _is_iso3(code):
            raise FormatError(f"{where}: {code!r} is neither ISO 3166-1 alpha-3 nor a PLOVER pseudo-code")
        sectors = [s.strip().upper() for s in sector.split("+")]
        bad = [s for s in sectors if s not in SECTORS]
        if bad:
            raise FormatError(f"{where}: sector {bad[0]!r} is not in PLOVER's sector table")
        actors.append({"actorText": surface, "code": code, "sector": "+".join(sectors)})
    return actors


SUITES = {"plover-b": "sentences.txt", "plover-c": "sentences-c.txt", "plover-d": "sentences-d.txt",
          "plover-e": "sentences-e.txt", "plover-f": "sentences-f.txt",
          "plover-g": "sentences-g.txt", "plover-h": "sentences-h.txt",
          "plover-i": "sentences-i.txt", "plover-j": "sentences-j.txt",
          "plover-k": "sentences-k.txt", "plover-l": "sentences-l.txt",
          "plover-m": "sentences-m.txt", "plover-n": "sentences-n.txt",
          "plover-o": "sentences-o.txt"}  # suite -> source beside this file


def parse_line(line: str, where: str = "line", suite: str = "plover-b") -> dict:
    """One record from one source line (``FormatError`` when the line breaks the format)."""
    parts = [p.strip() for p in line.split(" | ")]
    if len(parts) != 8:
        raise FormatError(f"{where}: {len(parts)} fields, expected 8")
    rid, date, event, mode, context, source, target, text = parts
    try:
        dt.date.fromisoformat(date)
    except ValueError as err:
        raise FormatError(f"{where}: date {date!r} is not YYYY-MM-DD") from err
    if event not in EVENTS:
        raise FormatError(f"{where}: {event!r} is not a PLOVER 2024 event type")
    if mode and mode not in MODES.get(event, set()):
        raise FormatError(f"{where}: {mode!r} is not a mode of {event}")
    contexts = [c.strip() for c in context.split(",") if c.strip()]
    if any(c not in CONTEXTS for c in contexts):
        raise FormatError(f"{where}: context {context!r} is not in PLOVER's table 2.1")
    record = {"id": rid, "date": date, "event": event, "text": text,
              "source": _actors(source, text, where), "target": _actors(target, text, where) or "",
              "context": ", ".join(contexts), "language": "en",
              "publication": "invented for wirewatch (eval/plover-b)", "coder": f"wirewatch {suite}"}
    if mode:
        record["mode"] = mode
    return record


def build(lines, suite: str = "plover-b") -> list[dict]:
    """Records of the source lines, in order; ids must be unique."""
    return metrics.parse_source(lines, lambda line, where: parse_line(line, where, suite),
                                lambda record: record["id"], FormatError)


def main(src: Path = HERE / "sentences.txt", out: Path = HERE / "plover-b.json", suite: str = "plover-b") -> int:
    records = build(src.read_text(encoding="utf-8").splitlines(), suite)
    out.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts = {e: sum(r["event"] == e for r in records) for e in EVENTS}
    print(f"{len(records)} records -> {out}")
    print(" ".join(f"{e}={n}" for e, n in counts.items()))
    return 0


if __name__ == "__main__":
    name = sys.argv[1] if len(sys.argv) > 1 else "plover-b"
    if name not in SUITES:
        sys.exit(f"unknown suite {name!r}: one of {', '.join(SUITES)}")
    sys.exit(main(HERE / SUITES[name], HERE / f"{name}.json", name))
