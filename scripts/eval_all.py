"""Run every evaluation suite on the gold data (all records and both halves) and print a markdown table.

    .venv/bin/python scripts/eval_all.py [../shared/eval] [--skip geowebnews,timeml,clusters] [--only plover-b]

Suites over the repository's own eval/ data (conflict-notes, ..., news-dates) run from their fixed paths;
news-dates, news-dates-b, news-dates-c, news-dates-d and news-dates-e the TimeML suite (``timeml``) over
eval/news-dates/, eval/news-dates-b/, eval/news-dates-c/, eval/news-dates-d/ and eval/news-dates-e/, plover-b,
plover-c, plover-d, plover-e, plover-f, plover-g, plover-h, plover-i, plover-j, plover-k, plover-l, plover-m,
plover-n and plover-o the PLOVER suite (``plover-gsr``) over eval/plover-b/plover-b.json, plover-c.json, plover-d.json,
plover-e.json, plover-f.json, plover-g.json, plover-h.json, plover-i.json, plover-j.json, plover-k.json, plover-l.json,
plover-m.json, plover-n.json and plover-o.json,
case-b, case-c, case-d, case-e, case-f, case-g, case-h, case-i, case-j, case-k, case-l and case-m the CASE 2021 suite
(``case2021``) over eval/case-b/, eval/case-c/, eval/case-d/, eval/case-e/, eval/case-f/, eval/case-g/, eval/case-h/,
eval/case-i/, eval/case-j/, eval/case-k/, eval/case-l/ and eval/case-m/,
local-news-b the local-news suite over eval/local-news/local-news-b.jsonl,
no-event the no-event suite over eval/no-event/sentences.txt, each under its own row label.

The headline figure of each suite is the one its issue sets a target for. Full reports (per class,
confusions, worst examples) come from `wirewatch eval SUITE PATH`.
"""
import argparse
import inspect
import time
from pathlib import Path

from wirewatch.evaluation import get_suite

REPO = Path(__file__).resolve().parents[1]

NEWS_DATES_FIGURES = [  # the team's TimeML date batches (news-dates, -b, -c, -d, -e): the timeml scorer's figures
    ("DATE detection recall", "detect_recall", "—"),
    ("DATE value accuracy (detected)", "value_accuracy_detected", "—"),
    ("DATE value accuracy end to end (all gold DATEs)", "value_accuracy_end_to_end", "—"),
]
# the blind CASE 2021-format batches (case-b, case-c, case-d, case-e, case-f, case-g, case-h, case-i, case-j, case-k, case-l,
# case-m) report
# the same figures
BLIND_PLOVER_FIGURES = [  # the blind PLOVER batches (plover-c, -d, -e, -f): type, countries, mode, misses
    ("PLOVER type accuracy (planned CONSULT/SUPPORT/COOPERATE/AID = AGREE)", "accuracy", "—"),
    ("PLOVER type accuracy, type alone", "accuracy_type_only", "—"),
    ("actor country accuracy", "actor_country.accuracy", "—"),
    ("recipient country accuracy", "recipient_country.accuracy", "—"),
    ("mode accuracy (records with a gold mode)", "mode.accuracy", "—"),
    ("no event found", "no_event", "—")]
BLIND_CASE_FIGURES = [("macro-F1, 24 ACLED sub-types", "macro_f1_24", "—"),
                      ("non-ACLED given an ACLED type", "non_acled.given_any_acled", "—"),
                      ("non-ACLED given a violent ACLED type", "non_acled.given_violent_acled", "—")]

SUITES = [  # (suite, path under eval/, [(label, key path, target)])
    ("case2021", "case2021/dev.tsv", [("macro-F1, 24 ACLED sub-types", "macro_f1_24", "≥ 0.78"),
                                      ("non-ACLED given an ACLED type", "non_acled.given_any_acled", "≤ 0.10")]),
    ("plover-gsr", "plover/gsr-dev.json", [("PLOVER type accuracy (planned CONSULT/SUPPORT/COOPERATE/AID = AGREE)",
                                           "accuracy", "≥ 0.75"),
                                          ("PLOVER type accuracy, type alone", "accuracy_type_only", "—"),
                                          ("actor country accuracy", "actor_country.accuracy", "≥ 0.80"),
                                          ("recipient country accuracy", "recipient_country.accuracy", "≥ 0.80"),
                                          ("mode accuracy (records with a gold mode)", "mode.accuracy", "—")]),
    ("meantime", "meantime", [("modality macro-F1", "macro_f1", "≥ 0.70")]),
    ("petrarch2", "petrarch2/PETR.UnitTest.records.xml", [("CAMEO root accuracy", "root_accuracy", "—")]),
    ("geowebnews", "geo/GWN.xml", [("toponym detection F1 (literal)", "literal_f1", "≥ 0.80"),
                                   ("accuracy@161 km", "accuracy_161km", "≥ 0.92"),
                                   ("accuracy@161 km or same GeoNames id", "accuracy_161km_or_same_id", "—")]),
    ("timeml", "time/TBAQ-cleaned", [("DATE detection recall", "detect_recall", "—"),
                                     ("DATE value accuracy (detected)", "value_accuracy_detected", "—"),
                                     ("DATE value accuracy end to end (all gold DATEs)",
                                      "value_accuracy_end_to_end", "≥ 0.85")]),
    ("clusters", "clusters", [("B-cubed F1", "bcubed_f1", "≥ 0.85")]),
    # team-written suites: invented data in this repository (eval/README.md); absolute paths, so the
    # root argument does not apply to them
    ("conflict-notes", str(REPO / "eval" / "conflict-notes" / "notes.jsonl"),
     [("event location within 25 km", "location_25km", "≥ 0.85"), ("event date", "event_date", "≥ 0.90"),
      ("sub-event type", "sub_event_type", "≥ 0.80"), ("fatalities", "fatalities", "≥ 0.85")]),
    # second author (eval/README.md "conflict-notes-b"): the same scorer on notes written blind to the rules
    ("conflict-notes-b", str(REPO / "eval" / "conflict-notes" / "notes-b.jsonl"),
     [("event location within 25 km", "location_25km", "—"), ("event date", "event_date", "—"),
      ("sub-event type", "sub_event_type", "—"), ("fatalities", "fatalities", "—")]),
    # third blind author: never read, a pure lockbox (eval/README.md "conflict-notes-c"); the same scorer
    ("conflict-notes-c", str(REPO / "eval" / "conflict-notes" / "notes-c.jsonl"),
     [("event location within 25 km", "location_25km", "—"), ("event date", "event_date", "—"),
      ("sub-event type", "sub_event_type", "—"), ("fatalities", "fatalities", "—")]),
    ("ua-places", str(REPO / "eval" / "ua-places" / "ua-places.jsonl"),
     [("settlement with region within 15 km", "within_15km", "≥ 0.95"),
      ("variant spelling within 15 km", "variant_within_15km", "—")]),
    # hand-written by a blind author: never read, a pure lockbox (eval/README.md "ua-places-b"): the same
    # scorer on 200 sentences in the styles of real front reporting (variant = "hand": another spelling)
    ("ua-places-b", str(REPO / "eval" / "ua-places" / "ua-places-b.jsonl"),
     [("settlement within 15 km", "within_15km", "—"),
      ("homonym within 15 km", "homonym_within_15km", "—"),
      ("variant spelling within 15 km", "variant_within_15km", "—")]),
    # second blind author: never read, a pure lockbox (eval/README.md "ua-places-c"): the same scorer on
    # 200 invented 1-3 sentence texts in six reporting registers, incl. Crimea and far-from-front strikes
    ("ua-places-c", str(REPO / "eval" / "ua-places" / "ua-places-c.jsonl"),
     [("settlement within 15 km", "within_15km", "—"),
      ("homonym within 15 km", "homonym_within_15km", "—"),
      ("variant spelling within 15 km", "variant_within_15km", "—")]),
    # third blind author: never read, a pure lockbox (eval/README.md "ua-places-d"): the same scorer on
    # 200 invented 1-2 sentence texts, mostly small villages away from Donetsk, rear-area and civilian news
    ("ua-places-d", str(REPO / "eval" / "ua-places" / "ua-places-d.jsonl"),
     [("settlement within 15 km", "within_15km", "—"),
      ("homonym within 15 km", "homonym_within_15km", "—"),
      ("variant spelling within 15 km", "variant_within_15km", "—")]),
    # fourth blind author: never read, a pure lockbox (eval/README.md "ua-places-e"): the same scorer on
    # 200 invented 1-2 sentence texts over all 24 oblasts and Kursk / Belgorod / Bryansk, civilian registers
    ("ua-places-e", str(REPO / "eval" / "ua-places" / "ua-places-e.jsonl"),
     [("settlement within 15 km", "within_15km", "—"),
      ("homonym within 15 km", "homonym_within_15km", "—"),
      ("variant spelling within 15 km", "variant_within_15km", "—")]),
    # fifth blind author: never read, a pure lockbox (eval/README.md "ua-places-f"): the same scorer on
    # 200 invented 1-4 sentence texts, the target mostly not the first place, region mostly only implied
    ("ua-places-f", str(REPO / "eval" / "ua-places" / "ua-places-f.jsonl"),
     [("settlement within 15 km", "within_15km", "—"),
      ("homonym within 15 km", "homonym_within_15km", "—"),
      ("variant spelling within 15 km", "variant_within_15km", "—")]),
    # sixth blind author: never read, a pure lockbox (eval/README.md "ua-places-g"): the same scorer on
    # 200 invented 1-3 sentence texts, homonym targets and other spellings first, region often only implied
    ("ua-places-g", str(REPO / "eval" / "ua-places" / "ua-places-g.jsonl"),
     [("settlement within 15 km", "within_15km", "—"),
      ("homonym within 15 km", "homonym_within_15km", "—"),
      ("variant spelling within 15 km", "variant_within_15km", "—")]),
    # seventh blind author: never read, a pure lockbox (eval/README.md "ua-places-h"): the same scorer on
    # 200 invented 1-3 sentence texts, homonyms, other spellings and multi-word names, more south / north / west
    ("ua-places-h", str(REPO / "eval" / "ua-places" / "ua-places-h.jsonl"),
     [("settlement within 15 km", "within_15km", "—"),
      ("homonym within 15 km", "homonym_within_15km", "—"),
      ("variant spelling within 15 km", "variant_within_15km", "—")]),
    ("local-news", str(REPO / "eval" / "local-news" / "local-news.jsonl"),
     [("toponym detection recall", "literal_recall", "≥ 0.85"), ("toponym detection F1", "literal_f1", "—"),
      ("accuracy@161 km (detected)", "accuracy_161km", "≥ 0.90")]),
    # second author, blind to the rules (eval/README.md "local-news-b"): the same scorer on another batch
    ("local-news-b", str(REPO / "eval" / "local-news" / "local-news-b.jsonl"),
     [("toponym detection recall", "literal_recall", "—"), ("toponym detection F1", "literal_f1", "—"),
      ("accuracy@161 km (detected)", "accuracy_161km", "—")]),
    ("news-dates", str(REPO / "eval" / "news-dates"), NEWS_DATES_FIGURES),
    # second blind TimeML batch, never read: a pure lockbox (eval/README.md "news-dates-b")
    ("news-dates-b", str(REPO / "eval" / "news-dates-b"), NEWS_DATES_FIGURES),
    # third blind TimeML batch, conflict news, never read: a pure lockbox (eval/README.md "news-dates-c")
    ("news-dates-c", str(REPO / "eval" / "news-dates-c"), NEWS_DATES_FIGURES),
    # fourth blind TimeML batch, markets / energy / shipping / elections / courts / conflict news, never read:
    # a pure lockbox (eval/README.md "news-dates-d")
    ("news-dates-d", str(REPO / "eval" / "news-dates-d"), NEWS_DATES_FIGURES),
    # fifth blind TimeML batch, conflict / humanitarian / politics / health / science / sport news, never read:
    # a pure lockbox (eval/README.md "news-dates-e")
    ("news-dates-e", str(REPO / "eval" / "news-dates-e"), NEWS_DATES_FIGURES),
    ("plover-b", str(REPO / "eval" / "plover-b" / "plover-b.json"),
     [("PLOVER type accuracy (planned CONSULT/SUPPORT/COOPERATE/AID = AGREE)", "accuracy", "—"),
      ("actor country accuracy", "actor_country.accuracy", "—"),
      ("recipient country accuracy", "recipient_country.accuracy", "—"),
      ("mode accuracy (records with a gold mode)", "mode.accuracy", "—")]),
    # second blind batch (eval/README.md "plover-c"): never used for development, the check that a change
    # made on plover-b's working half generalises
    ("plover-c", str(REPO / "eval" / "plover-b" / "plover-c.json"), BLIND_PLOVER_FIGURES),
    # third blind batch (eval/README.md "plover-d"): half 1 read for development since session 6, half 2 a lockbox
    ("plover-d", str(REPO / "eval" / "plover-b" / "plover-d.json"), BLIND_PLOVER_FIGURES),
    # fifth blind batch, never read: a pure lockbox (eval/README.md "plover-e"): realistic multi-clause wire copy
    ("plover-e", str(REPO / "eval" / "plover-b" / "plover-e.json"), BLIND_PLOVER_FIGURES),
    # sixth blind batch, never read: a pure lockbox (eval/README.md "plover-f"): wire leads, local press,
    # paraphrased statements and headline bulletins in equal shares
    ("plover-f", str(REPO / "eval" / "plover-b" / "plover-f.json"), BLIND_PLOVER_FIGURES),
    # seventh blind batch, never read: a pure lockbox (eval/README.md "plover-g"): two-event wire sentences,
    # reported speech, nominal / light-verb events and headlines in equal shares
    ("plover-g", str(REPO / "eval" / "plover-b" / "plover-g.json"), BLIND_PLOVER_FIGURES),
    # eighth blind batch, never read: a pure lockbox (eval/README.md "plover-h"): reported speech / accusations /
    # denials, conditional / planned / threatened events, light-verb nominal events and headlines in equal shares
    ("plover-h", str(REPO / "eval" / "plover-b" / "plover-h.json"), BLIND_PLOVER_FIGURES),
    # ninth blind batch, never read: a pure lockbox (eval/README.md "plover-i"): long wire leads with background
    # clauses, non-Western English-language press, institutional statements and planned / conditional / threatened /
    # denied events in equal shares
    ("plover-i", str(REPO / "eval" / "plover-b" / "plover-i.json"), BLIND_PLOVER_FIGURES),
    # tenth blind batch, never read: a pure lockbox (eval/README.md "plover-j"): multi-clause wire leads, reporting
    # through officials with recipients in prepositional phrases / possessives, headlines and live-blog items, and
    # planned / conditional / threatened / denied / rumoured events in equal shares
    ("plover-j", str(REPO / "eval" / "plover-b" / "plover-j.json"), BLIND_PLOVER_FIGURES),
    # eleventh blind batch, never read: a pure lockbox (eval/README.md "plover-k"): wire leads, officials' statements,
    # headlines and planned / conditional / threatened / denied events, weighted to Oceania, Central Asia, the
    # Caucasus, the Caribbean and Central / Eastern Europe
    ("plover-k", str(REPO / "eval" / "plover-b" / "plover-k.json"), BLIND_PLOVER_FIGURES),
    # twelfth blind batch, never read: a pure lockbox (eval/README.md "plover-l"): news of the last year from around
    # the world, long multi-event wire sentences (newest main-clause event coded), quiet diplomatic types with
    # recipients in appositions / possessives / prepositional phrases, domestic politics, planned / denied events
    ("plover-l", str(REPO / "eval" / "plover-b" / "plover-l.json"), BLIND_PLOVER_FIGURES),
    # thirteenth blind batch, never read: a pure lockbox (eval/README.md "plover-m"): wire sentences with attribution,
    # source / recipient in passives, nominalisations, possessives and "between / to / from" phrases, recipients as
    # capitals, ministries, titles and demonyms, a third planned / conditional / threatened / refused / claimed
    ("plover-m", str(REPO / "eval" / "plover-b" / "plover-m.json"), BLIND_PLOVER_FIGURES),
    # fourteenth blind batch, never read: a pure lockbox (eval/README.md "plover-n"): mid-2020s wire copy about Europe,
    # the Middle East and the Indo-Pacific, a quarter domestic politics; wire sentences with attribution, reported plans
    # / warnings / denials, headlines, institutional statements; a third planned / threatened / refused / denied
    ("plover-n", str(REPO / "eval" / "plover-b" / "plover-n.json"), BLIND_PLOVER_FIGURES),
    # fifteenth blind batch, never read: a pure lockbox (eval/README.md "plover-o"): mid-2020s news about the Americas,
    # Africa and South Asia, a third domestic politics; short ledes, long attributed sentences, quotes, headlines,
    # passives, several actors; a third planned / threatened / conditional / refused / denied
    ("plover-o", str(REPO / "eval" / "plover-b" / "plover-o.json"), BLIND_PLOVER_FIGURES),
    # second author, blind to the rules (eval/README.md "case-b"): CASE 2021 snippets of every ACLED sub-type
    ("case-b", str(REPO / "eval" / "case-b"), BLIND_CASE_FIGURES),
    # third blind author (eval/README.md "case-c"): harder, realistic snippets of every sub-type
    ("case-c", str(REPO / "eval" / "case-c"), BLIND_CASE_FIGURES),
    # fourth blind author (eval/README.md "case-d"): never read, a pure lockbox; realistic cut-out snippets
    ("case-d", str(REPO / "eval" / "case-d"), BLIND_CASE_FIGURES),
    # fifth blind author (eval/README.md "case-e"): never read, a pure lockbox; realistic cut-out snippets
    ("case-e", str(REPO / "eval" / "case-e"), BLIND_CASE_FIGURES),
    # sixth blind author (eval/README.md "case-f"): never read, a pure lockbox; multi-event cut-out snippets
    ("case-f", str(REPO / "eval" / "case-f"), BLIND_CASE_FIGURES),
    # seventh blind author (eval/README.md "case-g"): never read, a pure lockbox; short regional-press snippets,
    # events implied by their aftermath, non-ACLED decoys that look like events
    ("case-g", str(REPO / "eval" / "case-g"), BLIND_CASE_FIGURES),
    # eighth blind author (eval/README.md "case-h"): never read, a pure lockbox; regional-press snippets on
    # the boundaries the codebook decides (riots, protests, remote violence, strategic developments)
    ("case-h", str(REPO / "eval" / "case-h"), BLIND_CASE_FIGURES),
    # ninth blind author (eval/README.md "case-i"): never read, a pure lockbox; wire / NGO / police wording from
    # Europe, the Americas, Central Asia and the Pacific too, passives, nominal events, headline fragments
    ("case-i", str(REPO / "eval" / "case-i"), BLIND_CASE_FIGURES),
    # tenth blind author (eval/README.md "case-j"): never read, a pure lockbox; single sentences in the style of
    # CASE 2021 task-2 input (local-press idiom, casualty-first, truncated), weighted on remote violence, riots, strategic
    ("case-j", str(REPO / "eval" / "case-j"), BLIND_CASE_FIGURES),
    # eleventh blind author (eval/README.md "case-k"): never read, a pure lockbox; long wire / local-press sentences,
    # the event in a later clause or by its aftermath, weighted on riots vs protests, attack vs clash, territory
    ("case-k", str(REPO / "eval" / "case-k"), BLIND_CASE_FIGURES),
    # twelfth blind author (eval/README.md "case-l"): never read, a pure lockbox; 2025-2026-style news from the Sahel,
    # coastal West Africa, Sudan, eastern DRC, Myanmar, Manipur, Balochistan, Haiti, Ecuador, the Levant, Ukraine
    ("case-l", str(REPO / "eval" / "case-l"), BLIND_CASE_FIGURES),
    # thirteenth blind author (eval/README.md "case-m"): never read, a pure lockbox; police bulletins, army communiqués,
    # UN / NGO updates and local radio from NW Nigeria, Anglophone Cameroon, the Sahel, Somalia, Iraq, Kashmir, Papua
    ("case-m", str(REPO / "eval" / "case-m"), BLIND_CASE_FIGURES),
    # blind author (eval/README.md "no-event"): ordinary news with no PLOVER event; every event is false
    ("no-event", str(REPO / "eval" / "no-event" / "sentences.txt"),
     [("sentences with a (false) event", "false_event_rate", "—"),
      ("false events per sentence", "false_events_per_sentence", "—"),
      ("sentences with a (false) ACLED sub-type", "false_acled_rate", "—")]),
]
# a row label that is not a suite name: the suite that scores it
SCORER = {"news-dates": "timeml", "news-dates-b": "timeml", "news-dates-c": "timeml", "news-dates-d": "timeml",
          "news-dates-e": "timeml",
          "conflict-notes-b": "conflict-notes",
          "conflict-notes-c": "conflict-notes",
          "plover-b": "plover-gsr", "plover-c": "plover-gsr", "plover-d": "plover-gsr", "plover-e": "plover-gsr",
          "plover-f": "plover-gsr", "plover-g": "plover-gsr", "plover-h": "plover-gsr",
          "plover-i": "plover-gsr", "plover-j": "plover-gsr", "plover-k": "plover-gsr",
          "plover-l": "plover-gsr", "plover-m": "plover-gsr", "plover-n": "plover-gsr", "plover-o": "plover-gsr",
          "case-b": "case2021", "case-c": "case2021", "case-d": "case2021", "case-e": "case2021",
          "case-f": "case2021", "case-g": "case2021", "case-h": "case2021", "case-i": "case2021",
          "case-j": "case2021", "case-k": "case2021", "case-l": "case2021",
          "case-m": "case2021",
          "local-news-b": "local-news", "ua-places-b": "ua-places",
          "ua-places-c": "ua-places", "ua-places-d": "ua-places",
          "ua-places-e": "ua-places", "ua-places-f": "ua-places",
          "ua-places-g": "ua-places", "ua-places-h": "ua-places"}


def dig(d, path):
    for part in path.split("."):
        if not isinstance(d, dict) or part not in d:
            return None
        d = d[part]
    return d


def fmt(v):
    return "n/a" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "eval"))
    ap.add_argument("--skip", default="")
    ap.add_argument("--only", default="", help="comma-separated row labels: run only these suites")
    a = ap.parse_args()
    skip = set(filter(None, a.skip.split(",")))
    only = set(filter(None, a.only.split(",")))
    print("| suite | figure | target | all | half 1 | half 2 | seconds (all) |")
    print("|---|---|---|---|---|---|---|")
    for name, rel, figures in SUITES:
        if name in skip or (only and name not in only):
            continue
        path = str(Path(a.root) / rel)
        module = get_suite(SCORER.get(name, name))
        halves = "half" in inspect.signature(module.run).parameters
        t = time.perf_counter()
        full = module.run(path)["metrics"]
        secs = time.perf_counter() - t
        parts = [module.run(path, half=h)["metrics"] for h in (1, 2)] if halves else [{}, {}]
        for label, key, target in figures:
            print(f"| {name} | {label} | {target} | {fmt(dig(full, key))} | {fmt(dig(parts[0], key))} | "
                  f"{fmt(dig(parts[1], key))} | {secs:.0f} |", flush=True)


if __name__ == "__main__":
    main()
