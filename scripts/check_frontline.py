"""Generated check of the front-line prior (``places.W_FRONTLINE``, issue 11 class 1).

A war report that names a Ukrainian settlement without its oblast ("Russian forces shelled
Semenivka overnight") gives the resolver nothing but the name and the fighting. For every name
that cities500 has for several Ukrainian populated places, at least one inside a front-line oblast
(``places.FRONTLINE_ADMIN1``) and one outside, the script writes invented one-sentence reports in
two kinds of template, never the oblast:

* ``fighting``: shelling, assaults, drone and missile strikes (PLOVER FIGHT / ASSAULT, ACLED
  Battles and Explosions/Remote violence, the lemmas of ``places.FIGHTING_LEMMAS``);
* ``quiet``: no fighting word (a school, a harvest, a market).

and reports, per half (``metrics.half_of`` of the name):

* ``fighting -> front line``: share of fighting reports resolved to a homonym inside a front-line
  oblast (what the prior is for);
* ``quiet -> largest``: share of quiet reports resolved to the most populous homonym (the prior
  must not act there);
* ``fighting: town >= 50k overridden``: fighting reports about a name whose largest homonym is a
  town of >= 50 000 outside the front-line oblasts, resolved to a smaller front-line namesake
  instead (the cost of the prior: missile and drone strikes also hit cities far from the front);

for each weight in ``--weights``. Nothing here is gold: which homonym a report *without* an oblast
means is not known from the text, so the figures show what the weight does, not whether it is
right. The sentences are templates written for this check, not copied from any corpus.

    WIREWATCH_CACHE=/tmp/wwcache .venv/bin/python scripts/check_frontline.py --half 1 [--weights 0,1,2]
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict

FIGHTING = [
    "Russian forces shelled {x} overnight, the regional military administration said.",
    "Ukrainian troops repelled an assault near {x} on Tuesday.",
    "A drone strike hit a warehouse in {x}, officials said.",
]
QUIET = [
    "A new school opened in {x} this week, local officials said.",
    "Farmers in {x} began the sunflower harvest on Monday.",
    "The market in {x} reopened after repairs, the mayor said.",
]
BIG_TOWN = 50_000


def homonym_groups(half: int | None) -> dict[str, list]:
    """Primary name -> its Ukrainian GeoNames populated places (cities500, no codifier villages),
    for names with a namesake both inside and outside the front-line oblasts."""
    from wirewatch.countries import fold
    from wirewatch.evaluation.metrics import half_of
    from wirewatch.gazetteer import default_gazetteer
    from wirewatch.places import FRONTLINE_ADMIN1
    gaz = default_gazetteer()
    rows = gaz._con().execute(
        "SELECT gid FROM entries WHERE country = 'UKR' AND feature = 'populated place' "
        "AND precision IS NULL").fetchall()
    groups: dict[str, list] = defaultdict(list)
    for (gid,) in rows:
        entry = gaz.get(gid)
        if entry is not None and entry.admin1:
            groups[entry.name].append(entry)
    out = {}
    for name, entries in sorted(groups.items()):
        front = [e for e in entries if fold(e.admin1) in FRONTLINE_ADMIN1]
        if len(entries) < 2 or not front or len(front) == len(entries):
            continue
        if half is not None and half_of(fold(name)) != half:
            continue
        out[name] = entries
    return out


def run(groups: dict[str, list], weights: list[float]) -> list[dict]:
    from wirewatch import nlp
    from wirewatch import places
    from wirewatch.countries import fold
    model = nlp.load()
    texts = []
    for name in groups:
        for kind, templates in (("fighting", FIGHTING), ("quiet", QUIET)):
            for t in templates:
                texts.append((name, kind, t.format(x=name)))
    docs = list(model.pipe(t for _n, _k, t in texts))
    results = []
    saved = places.W_FRONTLINE
    try:
        for w in weights:
            places.W_FRONTLINE = w
            n = {"fighting": 0, "quiet": 0}
            front = largest = big = big_over = 0
            for (name, kind, text), doc in zip(texts, docs):
                entries = groups[name]
                start = text.index(name)
                got = next((p for p in places.find_places(doc) if p.start <= start < p.end), None)
                n[kind] += 1
                top = max(entries, key=lambda e: e.population)
                if kind == "quiet":
                    largest += got is not None and got.geonameid == top.geonameid
                    continue
                in_front = got is not None and fold(got.admin1 or "") in places.FRONTLINE_ADMIN1
                front += in_front
                if top.population >= BIG_TOWN and fold(top.admin1) not in places.FRONTLINE_ADMIN1:
                    big += 1
                    big_over += in_front
            results.append({"weight": w, "names": len(groups), "fighting": n["fighting"],
                            "fighting_front": front / max(n["fighting"], 1),
                            "quiet": n["quiet"], "quiet_largest": largest / max(n["quiet"], 1),
                            "big_town_reports": big, "big_town_overridden": big_over})
    finally:
        places.W_FRONTLINE = saved
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", type=int, choices=(1, 2))
    ap.add_argument("--weights", default="0,0.5,1,2")
    ap.add_argument("--limit", type=int, help="only the first N names")
    args = ap.parse_args(argv)
    groups = homonym_groups(args.half)
    if args.limit:
        groups = dict(list(groups.items())[: args.limit])
    for r in run(groups, [float(w) for w in args.weights.split(",")]):
        print(f"W_FRONTLINE {r['weight']:<4} names {r['names']}  fighting -> front line "
              f"{r['fighting_front']:.3f} ({r['fighting']})  quiet -> largest "
              f"{r['quiet_largest']:.3f} ({r['quiet']})  fighting: town >= 50k overridden "
              f"{r['big_town_overridden']}/{r['big_town_reports']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
