#!/usr/bin/env python
"""Cost of extracting one long document, per 10k characters, from 10k to 1M characters.

    .venv/bin/python scripts/bench_long.py [--sizes 10000,25000,100000,250000,1000000] [--stages]
                                           [--block-chars N]

The document is made by repeating invented news paragraphs (written for this script, varied so the
gazetteer, times and actors stages see several names) up to each size. Start-up (loading spaCy, the
gazetteer and the classifier, and one warm-up extraction) is timed and printed apart. For each size
the script prints CPU seconds per 10k characters of ``Pipeline.extract`` and its ratio to the 10k
figure: a flat ratio (about 1) means cost linear in length; a ratio growing with the size means a
stage walks the document once per mention. ``--stages`` also splits the time by stage (parse,
places, times, actors, events, refine) to show which one grows. CPU time (``time.process_time``) is
used because other jobs on the machine disturb it less than wall time; wall time is printed too.
``peak MB`` is the process's resident high-water mark after each size (it only grows, so run one
size per process to compare memory). ``--block-chars N`` sets the length above which a text is
parsed in blocks of paragraphs (``wirewatch.nlp.BLOCK_CHARS``; 0 parses every text whole, as
before blocks existed).
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PARAGRAPHS = [  # invented text: no real report is quoted
    "Rebel fighters attacked an army checkpoint near Kidal on Tuesday, killing four soldiers, the "
    "regional governor said. The army launched airstrikes on rebel positions the next day.",
    "Thousands of teachers marched through central Nairobi on Friday to demand higher wages. Police "
    "fired tear gas to disperse the crowd and arrested 23 people, a police spokesman told reporters.",
    "The foreign ministers of Brazil and Argentina met in Montevideo on 3 March to discuss a trade "
    "agreement. Both governments pledged to sign the deal before the end of the year.",
    "Russian forces shelled Kharkiv overnight, damaging a power station and wounding two civilians, "
    "Ukraine's emergency service said. Kyiv accused Moscow of targeting energy infrastructure.",
    "The European Union imposed new sanctions on three Iranian officials on Monday over the detention "
    "of protesters. Tehran rejected the measures and threatened to expel the bloc's envoy.",
    "Gunmen abducted 15 villagers from a market in Zamfara state last week, residents said. Troops "
    "rescued nine of them on Sunday after a clash in which two attackers died.",
    "India will send 40 tonnes of medical supplies to Sri Lanka next month, the health minister "
    "announced in New Delhi. The aid follows a request from Colombo in February.",
    "Israeli troops detained five Palestinians in a raid on Jenin early on Wednesday, the Palestinian "
    "health ministry said. Clashes broke out and a teenager was shot in the leg.",
]


def make_document(n_chars: int) -> str:
    parts, size, i = [], 0, 0
    while size < n_chars:
        para = PARAGRAPHS[i % len(PARAGRAPHS)]
        parts.append(para)
        size += len(para) + 2
        i += 1
    return "\n\n".join(parts)[:n_chars]


def stage_times(pipe, text: str) -> dict:
    """CPU seconds of each stage of ``Pipeline._analyse`` on ``text`` (same order as the pipeline)."""
    from wirewatch import actors, events, nlp, places, refine, times
    out = {}
    t = time.process_time()
    doc = nlp.parse(pipe.nlp, text)
    out["parse"] = time.process_time() - t
    t = time.process_time()
    pl = places.find_places(doc)
    out["places"] = time.process_time() - t
    t = time.process_time()
    tm = times.find_times(doc, None)
    out["times"] = time.process_time() - t
    t = time.process_time()
    ac = actors.find_actors(doc, pl, None)
    out["actors"] = time.process_time() - t
    t = time.process_time()
    ev = events.find_events(doc, ac, pl, tm, None)
    out["events"] = time.process_time() - t
    t = time.process_time()
    refine.refine(doc, ev, ac, pl, tm, None)
    out["refine"] = time.process_time() - t
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,25000,100000,250000,1000000")
    ap.add_argument("--stages", action="store_true", help="split the time by stage")
    ap.add_argument("--block-chars", type=int, default=None,
                    help="parse texts longer than this in blocks (0: never; default wirewatch.nlp.BLOCK_CHARS)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    from wirewatch import nlp
    if args.block_chars is not None:
        nlp.BLOCK_CHARS = args.block_chars or 10 ** 9
    print(f"texts longer than {nlp.BLOCK_CHARS:,} characters are parsed in blocks")

    from wirewatch.pipeline import Pipeline
    t0, w0 = time.process_time(), time.perf_counter()
    pipe = Pipeline()
    pipe.extract(make_document(2000))  # warm-up: lazy tables, classifier, gazetteer index
    print(f"start-up: {time.process_time() - t0:.2f} s CPU, {time.perf_counter() - w0:.2f} s wall")

    base = None
    print(f"{'chars':>9} {'events':>7} {'CPU s':>8} {'wall s':>8} {'s/10k':>7} {'ratio':>6} {'peak MB':>8}")
    for n in sizes:
        text = make_document(n)
        t, w = time.process_time(), time.perf_counter()
        ex = pipe.extract(text)
        cpu, wall = time.process_time() - t, time.perf_counter() - w
        per10k = cpu / (len(text) / 10_000)
        base = base or per10k
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{len(text):>9} {len(ex.events):>7} {cpu:>8.2f} {wall:>8.2f} {per10k:>7.3f} {per10k / base:>6.2f}"
              f" {peak:>8.0f}", flush=True)
        if args.stages:
            st = stage_times(pipe, text)
            print("          " + "  ".join(f"{k} {v / (len(text) / 10_000):.3f}" for k, v in st.items()),
                  "(s/10k)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
