"""Mean / p50 / p95 / max of ``api.list_events`` (one page of 100, caches off) over 200 seeded filter
mixes (type, country, modality, offset 0-1000, newest-first or date order), after 20 warm-up pages, on
one connection in this process. Prints one line. Used to check that the session-8 NULL order (``NULLS
FIRST`` / ``DESC NULLS LAST`` with PostgreSQL indexes built in that order) costs nothing:

    PYTHONPATH=. WIREWATCH_API_PAGE_CACHE=0 python scripts/bench_list_pages.py postgresql://.../db
    PYTHONPATH=. WIREWATCH_API_PAGE_CACHE=0 python scripts/bench_list_pages.py /tmp/big100k.db

(store made by ``scripts/make_big_db.py``, brought to PostgreSQL by ``wirewatch db copy``). Builds the
API's indexes first (``Database.prepare``).
"""
import random
import statistics
import sys
import time

from wirewatch import api

url = sys.argv[1]
db = api.Database(url); db.prepare()
conn = db.conn(); idx = db.indexes()
rng = random.Random(3)
mixes = []
for _ in range(200):
    f = api.Filters(type=rng.choice([None, None, "ASSAULT", "PROTEST", "CONSULT"]),
                    country=rng.choice([None, None, None, "UKR", "RUS", "SYR"]),
                    modality=rng.choice([None, None, None, "negated", "planned"]))
    mixes.append((f, rng.choice([0, 0, 100, 1000]), rng.choice([api.Sort.date_desc, api.Sort.date_desc, api.Sort.date])))
for f, off, sort in mixes[:20]:
    api.list_events(conn, f, 100, off, sort, None, idx)
times = []
for f, off, sort in mixes:
    t = time.perf_counter(); api.list_events(conn, f, 100, off, sort, None, idx); times.append((time.perf_counter() - t) * 1000)
times.sort()
print(url.rsplit('/',1)[1], "mean %.2f ms p50 %.2f p95 %.2f max %.2f" % (statistics.mean(times), times[100], times[190], times[-1]))
