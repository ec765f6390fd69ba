"""Issue 10: bad input never loses a batch.

One test (or a few) per defect of the issue, each written to fail before its fix: lone surrogates,
out-of-range dates, how ``extract`` reads files, bad ``extract --jsonl`` lines, deep JSON nesting,
duplicates found at store time (real concurrent processes), language detection on unspaced scripts,
environment faults, LIKE wildcards, the failure count and the XML entity guard. Every text is invented.
"""
import json
import multiprocessing
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from wirewatch import sources
from wirewatch.cli import main
from wirewatch.ingest import ingest, ingest_items
from wirewatch.records import Article, Extraction, SourceFailure
from wirewatch.sources import read_sources
from wirewatch.store import Store

BODY = ("Government troops shelled rebel positions near the northern town of Kidal on Monday, killing "
        "three fighters and wounding eleven civilians, a regional official said in a statement.")


OTHER = ("The foreign ministers of two neighbouring states met in the capital on Friday and signed an "
         "agreement to reopen the border crossing to trade, according to a joint communique.")


DISTINCT = [BODY, OTHER,
            "Police fired tear gas at thousands of teachers marching on the parliament in the capital on "
            "Wednesday to demand unpaid wages, and arrested forty of them, witnesses said.",
            "The navy intercepted a cargo ship carrying rifles and ammunition off the southern coast on "
            "Thursday and detained its crew of twelve, a military spokesman told reporters."]


def body(n: int) -> str:
    """A distinct English article per n (different content hash)."""
    return BODY.replace("three", f"{n + 3} hundred and") if n else BODY


def jsonl(path: Path, lines: list) -> Path:
    path.write_text("".join((l if isinstance(l, str) else json.dumps(l)) + "\n" for l in lines), encoding="utf-8")
    return path


def split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, SourceFailure)])


class NoAnalysis:
    """Stands in for the NLP pipeline where a test is about reading and storing, not extraction."""

    def extract_many(self, rows):
        return [Extraction(id=str(r["id"])) for r in rows]


@pytest.fixture()
def runner():
    return CliRunner()


# -- 1. lone surrogates --------------------------------------------------------------------------------
def test_lone_surrogate_in_jsonl_is_replaced_and_the_other_lines_are_stored(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": body(0)}) + "\n"
                   + '{"id": "bad\\udc80", "title": "T\\ud800", "text": "Troops \\ud800 ' + body(1) + '"}\n'
                   + json.dumps({"id": "c", "text": body(2)}) + "\n", encoding="utf-8")
    articles, failures = split(read_sources([src]))
    assert failures == [] and [a.id for a in articles] == ["a", "bad\ufffd", "c"]
    assert "Troops \ufffd " in articles[1].text and articles[1].title == "T\ufffd"
    with Store(tmp_path / "w.db") as store:
        report = ingest([str(src)], store, pipeline=NoAnalysis())
        assert report.failures == [] and len(report.added) == 3
        assert store.counts()["articles"] == 3


def test_surrogate_scrubbing_keeps_character_offsets():
    art = Article(id="x", text="ab\ud800cd")
    assert art.text == "ab\ufffdcd" and len(art.text) == 5
    assert art.content_hash  # encodable


# -- 2. dates out of range --------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "-2025-01-01", "9999-12-31T99:99",
                                   "2025-13-01T10:00"])
def test_out_of_range_or_malformed_jsonl_dates_are_refused_and_the_rest_stored(tmp_path, value):
    src = jsonl(tmp_path / "d.jsonl", [{"id": "bad", "text": body(1), "published": value},
                                       {"id": "good", "text": body(2), "published": "2025-10-14"}])
    articles, failures = split(read_sources([src]))
    assert [a.id for a in articles] == ["good"] and articles[0].published == date(2025, 10, 14)
    assert len(failures) == 1 and failures[0].source.endswith(":1")
    assert "published" in failures[0].reason and value in failures[0].reason


def test_text_header_date_out_of_range_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(f"Published: 9999-12-31\n\n{body(0)}\n")
    (tmp_path / "b.txt").write_text(f"Published: 2025-10-14\n\n{body(1)}\n")
    articles, failures = split(read_sources([tmp_path]))
    assert [a.id for a in articles] == ["b"]
    assert failures[0].source.endswith("a.txt") and "9999-12-31" in failures[0].reason
    assert "out of range" in failures[0].reason


def test_fallback_date_out_of_range_is_refused_not_a_crash(tmp_path):
    (tmp_path / "a.txt").write_text(body(0) + "\n")
    articles, failures = split(read_sources([tmp_path], published=date(9999, 12, 31)))
    assert articles == [] and "out of range" in failures[0].reason


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_cli_published_out_of_range_is_a_usage_error(runner, tmp_path, value):
    (tmp_path / "a.txt").write_text(body(0) + "\n")
    r = runner.invoke(main, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "w.db"), "--published", value])
    assert r.exit_code == 2 and "out of range" in r.output and "Traceback" not in r.output
    r = runner.invoke(main, ["extract", str(tmp_path / "a.txt"), "--published", value])
    assert r.exit_code == 2 and "out of range" in r.output


def test_times_stage_survives_extreme_publication_dates(pipeline):
    text = "Troops shelled the town on Friday and again last week, officials said on Monday."
    for published in (date(9999, 12, 31), date(1, 1, 1)):
        result = pipeline.extract(text, published=published)  # no OverflowError
        assert all(t.value for t in result.times)


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_api_ingest_with_out_of_range_date_is_refused_with_a_reason(tmp_path, monkeypatch, value):
    """Refused for its date before any extraction (before the fix the times stage raised OverflowError:
    'extraction failed: OverflowError: date value out of range', which also says 'out of range')."""
    from fastapi.testclient import TestClient

    from wirewatch import api
    Store(tmp_path / "w.db").close()
    monkeypatch.setenv(api.TOKEN_ENV, "s3cret")
    client = TestClient(api.create_app(str(tmp_path / "w.db")))
    r = client.post("/api/ingest", json={"text": body(0), "published": value},
                    headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 422, r.text
    assert r.json()["failures"] == [
        {"source": "api:text", "reason": f"published date {value} out of range (1800-01-01 .. 2199-12-31)"}]
    with Store(tmp_path / "w.db") as store:
        assert store.counts()["articles"] == 0


# -- 3. extract FILE reads files as ingest does ----------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8-sig"])
def test_extract_reads_utf16_and_cp1252_files(runner, tmp_path, encoding):
    text = body(0).replace("Kidal", "Kidal near Genève")
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    r = runner.invoke(main, ["extract", str(path), "--published", "2025-10-14"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    for ev in out["events"]:  # offsets point into the decoded text
        assert text[ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]
    assert out["events"]


def test_extract_refuses_binary_with_one_line(runner, tmp_path):
    path = tmp_path / "a.bin"
    path.write_bytes(bytes(range(256)) * 8)
    r = runner.invoke(main, ["extract", str(path)])
    assert r.exit_code == 1 and "binary content" in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1


@pytest.mark.parametrize("content", [b"", b"  \n\t\n", "\ufeff \n".encode("utf-8")])
def test_extract_refuses_an_empty_file_as_ingest_does(runner, tmp_path, content):
    """docs/sources.md: `Error: FILE: empty document`, exit status 1 (review3 item 12: it answered, rc 0)."""
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    r = runner.invoke(main, ["extract", str(path)])
    assert r.exit_code == 1 and r.output.strip() == f"Error: {path}: empty document"
    r = runner.invoke(main, ["extract", "-"], input=content)
    assert r.exit_code == 1 and "empty document" in r.output


def test_extract_jsonl_refuses_a_list_id_and_keeps_an_integer_one(runner, tmp_path):
    src = jsonl(tmp_path / "in.jsonl", [{"id": ["a"], "text": body(0)}, {"id": 7, "text": body(0)}])
    r = runner.invoke(main, ["extract", "--jsonl", str(src)])
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert r.exit_code == 1 and out[0] == {"id": ["a"], "error": "line 1: 'id' is not a string or an integer: [\"a\"]"}
    assert out[1]["id"] == "7" and "error" not in out[1]


# -- 4. extract --jsonl answers every line -------------------------------------------------------------
def test_extract_jsonl_bad_lines_get_error_lines_in_order(runner, tmp_path):
    src = jsonl(tmp_path / "in.jsonl", [
        {"id": "a", "text": body(0), "published": "2025-10-14"},
        {"id": "n", "text": 5},
        "not json",
        {"id": "l", "text": ["x"]},
        "[1, 2]",
        "[" * 100_000,
        {"id": "e", "text": "Police arrested 14 protesters in Kampala.\ud800"},
    ])
    r = runner.invoke(main, ["extract", "--jsonl", str(src)])
    assert r.exit_code == 1, r.output
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "n", None, "l", None, None, "e"]
    assert out[0]["events"] and "error" not in out[0]
    assert "'text' is not a string" in out[1]["error"] and "line 2" in out[1]["error"]
    assert "invalid JSON" in out[2]["error"] and "line 3" in out[2]["error"]
    assert "'text' is not a string" in out[3]["error"]
    assert "not a JSON object" in out[4]["error"]
    assert "nested too deeply" in out[5]["error"]
    assert set(out[6]) == {"id", "events", "actors", "places", "times"}
    assert "5 line(s) refused" in r.stderr


def test_modality_jsonl_answers_every_line_and_names_the_bad_ones(runner, tmp_path):
    text = "The ministers will meet in Nairobi on Friday."
    meet = {"start": text.index("meet"), "end": text.index("meet") + 4}
    src = tmp_path / "m.jsonl"
    src.write_bytes(b"".join(line + b"\n" for line in [
        json.dumps({"id": "a", "text": text, **meet}).encode(),
        b"not json",
        b"[" * 100_000,
        json.dumps({"id": "s", "text": text}).encode(),
        json.dumps({"id": "x", "text": text, "start": 3, "end": 999}).encode(),
        b'{"id": "i", "text": "x", "start": Infinity, "end": 1}',
        json.dumps({"id": "t", "text": 5, **meet}).encode(),
        b"\xff\xfe not utf-8",
        json.dumps({"id": "b", "text": text + "\ud800", **meet}).encode(),
    ]))
    r = runner.invoke(main, ["modality", "--jsonl", str(src)])
    assert r.exit_code == 1 and (r.exception is None or isinstance(r.exception, SystemExit)), r.output
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", None, None, "s", "x", "i", "t", None, "b"]
    assert out[0] == {"id": "a", "modality": "planned"} and out[8] == {"id": "b", "modality": "planned"}
    errors = [o["error"] for o in out[1:8]]
    assert all(e.startswith(f"line {n}: ") for n, e in zip(range(2, 9), errors)), errors
    assert "invalid JSON" in errors[0] and "nested too deeply" in errors[1]
    assert "integer 'start' and 'end'" in errors[2] and "not inside the text" in errors[3]
    assert "integer 'start' and 'end'" in errors[4] and "'text' is not a string" in errors[5]
    assert "not UTF-8" in errors[6]
    assert "7 line(s) refused" in r.stderr and "Traceback" not in r.output


# -- 5. deep nesting ------------------------------------------------------------------------------------
def test_deeply_nested_json_is_refused_with_a_reason_and_other_lines_are_read(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000)
    jsonl(tmp_path / "lines.jsonl", ["[" * 100_000, {"id": "ok", "text": body(0)}])
    articles, failures = split(read_sources([tmp_path]))
    assert [a.id for a in articles] == ["ok"]
    reasons = {f.source.split("/")[-1]: f.reason for f in failures}
    assert set(reasons) == {"deep.json", "lines.jsonl:1"}
    assert all("nested too deeply" in r and "RecursionError" not in r for r in reasons.values())


# -- 9. duplicates found at store time ----------------------------------------------------------------
def test_duplicate_stored_by_another_writer_during_extraction_is_a_duplicate(tmp_path):
    path = tmp_path / "w.db"
    article = Article(id="a", text=body(0), url="https://news.example.org/a")

    class OtherWriterMeanwhile(NoAnalysis):
        def extract_many(self, rows):
            with Store(path) as other:  # another process stores the same articles while we analyse them
                other.add_article(Article(id="other", text=body(0)), Extraction(id="other"))
                other.add_article(Article(id="o2", text=OTHER, url="https://news.example.org/b"),
                                  Extraction(id="o2"))
            return super().extract_many(rows)

    same_url = Article(id="b", text=OTHER.replace("Friday", "Saturday"), url="https://news.example.org/b")
    with Store(path) as store:
        report = ingest_items([article, same_url], store, pipeline=OtherWriterMeanwhile())
    # the same content is a duplicate; other content at the URL the other writer stored is an update
    assert report.failures == [] and report.added == ["b"]
    assert report.duplicates == [("a", "other")] and report.updates == [("b", "o2")]


def test_feed_items_sharing_a_link_are_an_article_and_its_update(tmp_path):
    # a loopback link: the page fetch for the short summary is refused before any DNS query (offline)
    items = "".join(f"<item><title>T{n}</title><link>http://127.0.0.1:9/same</link>"
                    f"<description>{body(n)}</description></item>" for n in range(2))
    (tmp_path / "f.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}'
                                    "</channel></rss>")
    with Store(tmp_path / "w.db") as store:
        report = ingest([str(tmp_path / "f.xml")], store, pipeline=NoAnalysis())
        # other content at a link already read is an update (a version, analysed): nothing is lost
        assert report.failures == [] and len(report.added) == 2 and report.duplicates == []
        assert report.updates == [(report.added[1], report.added[0])] == report.versions
        assert store.counts()["failures"] == 0
        again = ingest([str(tmp_path / "f.xml")], store, pipeline=NoAnalysis())
        assert again.added == [] and len(again.duplicates) == 2


def _ingest_process(db: str, folder: str, barrier, results) -> None:
    class MeetAtTheStore(NoAnalysis):
        def extract_many(self, rows):
            barrier.wait(timeout=60)  # every process has checked for duplicates: all store at once
            return super().extract_many(rows)

    with Store(db) as store:
        report = ingest([folder], store, pipeline=MeetAtTheStore())
    results.put((len(report.added), len(report.duplicates), [f.reason for f in report.failures]))


def test_concurrent_ingest_processes_report_duplicates_not_failures(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(4):
        (folder / f"{n}.txt").write_text(f"URL: https://news.example.org/{n}\n\n{DISTINCT[n]}\n")
    db = tmp_path / "w.db"  # not created yet: the processes also race to create its tables
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(3), ctx.Queue()
    procs = [ctx.Process(target=_ingest_process, args=(str(db), str(folder), barrier, results)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert all(p.exitcode == 0 for p in procs)
    outcomes = [results.get(timeout=5) for _ in procs]
    assert all(failures == [] for _, _, failures in outcomes), outcomes
    assert sum(added for added, _, _ in outcomes) == 4
    assert sum(dups for _, dups, _ in outcomes) == 8
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 4
        assert con.execute("SELECT COUNT(*) FROM ingest_failures").fetchone()[0] == 0


# -- 10. language detection on characters -------------------------------------------------------------
@pytest.mark.parametrize("lang,text", [
    ("zh", "政府军周一炮击了北部城镇附近的叛军阵地，造成三名武装人员死亡，十一名平民受伤，一名地区官员在声明中说。"),
    ("ja", "政府軍は月曜日、北部の町の近くにある反政府勢力の陣地を砲撃し、戦闘員三人が死亡、市民十一人が負傷したと地元当局者が声明で述べた。"),
    ("th", "กองทัพรัฐบาลยิงถล่มที่มั่นของกลุ่มกบฏใกล้เมืองทางตอนเหนือเมื่อวันจันทร์ ทำให้นักรบเสียชีวิตสามคนและพลเรือนบาดเจ็บสิบเอ็ดคน"),
])
def test_unspaced_scripts_are_detected_and_refused_as_not_english(tmp_path, lang, text):
    (tmp_path / "a.txt").write_text(text + "\n", encoding="utf-8")
    articles, failures = split(read_sources([tmp_path / "a.txt"]))
    assert articles == [] and failures[0].reason == f"not English (detected: {lang})"


def test_short_english_and_english_with_a_foreign_name_still_pass():
    assert sources.check_text("Troops shelled the town.") == "Troops shelled the town."
    sources.check_text(body(0) + " The commander, 王伟, denied it.")


# -- 11. environment faults -----------------------------------------------------------------------------
def test_db_in_a_folder_that_cannot_be_created_is_a_one_line_error(runner, tmp_path):
    (tmp_path / "file").write_text("x")
    (tmp_path / "a.txt").write_text(body(0) + "\n")
    r = runner.invoke(main, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "file" / "sub" / "w.db")])
    assert r.exit_code == 1 and "Traceback" not in r.output and r.exception.__class__ is SystemExit
    assert r.output.startswith("Error: ") and "cannot" in r.output and len(r.output.strip().splitlines()) == 1


def test_read_only_database_is_a_one_line_error(runner, tmp_path, monkeypatch):
    db = tmp_path / "w.db"
    Store(db).close()
    (tmp_path / "a.txt").write_text(body(0) + "\n")
    real_connect = sqlite3.connect

    def read_only(path, *args, **kwargs):  # as a read-only file would be (tests may run as root)
        return real_connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    r = runner.invoke(main, ["ingest", str(tmp_path / "a.txt"), "--db", str(db)])
    assert r.exit_code == 1 and r.exception.__class__ is SystemExit, r.output
    assert "readonly" in r.output and len(r.output.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["events"], ["failures"], ["stories"], ["export"], ["serve", "--port", "1"]])
def test_read_commands_refuse_a_missing_database(runner, tmp_path, command):
    db = tmp_path / "typo.db"
    r = runner.invoke(main, command + ["--db", str(db)])
    assert r.exit_code == 1 and "no database" in r.output and str(db) in r.output, r.output
    assert not db.exists()


# -- 12. smaller ones ---------------------------------------------------------------------------------
def test_api_article_search_escapes_like_wildcards(tmp_path):
    from fastapi.testclient import TestClient

    from wirewatch import api
    with Store(tmp_path / "w.db") as store:
        store.add_article(Article(id="a", text=body(0), title="Shelling near Kidal"), Extraction(id="a"))
        store.add_article(Article(id="b", text=body(1), title="100% of votes_counted"), Extraction(id="b"))
    client = TestClient(api.create_app(str(tmp_path / "w.db")))
    ids = lambda q: [a["id"] for a in client.get("/api/articles", params={"q": q}).json()["items"]]
    assert ids("%") == ["b"] and ids("_") == ["b"] and ids("Kidal") == ["a"]


def test_failures_says_how_many_are_not_shown(runner, tmp_path):
    with Store(tmp_path / "w.db") as store:
        for n in range(5):
            store.record_failure(SourceFailure(f"s{n}", "empty document"))
    r = runner.invoke(main, ["failures", "--db", str(tmp_path / "w.db"), "--limit", "2"])
    assert r.exit_code == 0 and len(r.output.strip().splitlines()) == 3
    assert "2 of 5 failure(s) shown" in r.output and "--limit" in r.output


def test_xml_entity_declaration_beyond_64_kb_is_refused(tmp_path):
    pad = "<!-- " + "x" * 70_000 + " -- -->"  # "--" in a comment: not well-formed XML
    bomb = ('<?xml version="1.0"?>' + pad + '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            '<rss version="2.0"><channel><item><title>&b;</title><description>x</item></channel></rss>')
    (tmp_path / "f.xml").write_text(bomb)
    _, failures = split(read_sources([tmp_path / "f.xml"]))
    assert failures and "entity" in failures[0].reason


# -- the list of refusal reasons ------------------------------------------------------------------------
REASON_RAISERS = {"Refused": 0, "FetchError": 0, "FeedProblem": 0, "RetryLater": 0, "StoreError": 0,
                  "fail": 1, "HTTPException": 1}


def _reason_text(node):
    """The fixed words of a reason: a string literal, or the leading literal of an f-string (its longest
    literal when it starts with a value); both branches of ``a if c else b``. None when built elsewhere."""
    import ast
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        lead = parts[0] if isinstance(node.values[0], ast.Constant) else ""
        return [lead if len(lead.strip()) >= 4 else max(parts, key=len, default="")]
    if isinstance(node, ast.IfExp):
        return (_reason_text(node.body) or []) + (_reason_text(node.orelse) or [])
    return None


def test_docs_sources_names_every_refusal_reason_the_code_gives():
    """Issue 10: docs/sources.md lists every refusal reason. Every reason written as a literal where it
    is raised (Refused, FetchError, the watcher's FeedProblem/RetryLater, StoreError, ingest's fail,
    HTTPException and the ingest guard's JSON answers) must appear there, so a new one cannot go
    undocumented. Reasons built by a helper (too_large, describe_transport_error) are listed by hand."""
    import ast
    root = Path(__file__).resolve().parents[1]
    docs = (root / "docs" / "sources.md").read_text(encoding="utf-8")
    found, missing = 0, []
    for path in sorted((root / "wirewatch").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in REASON_RAISERS and len(node.args) > REASON_RAISERS[name]:
                message = node.args[REASON_RAISERS[name]]
            elif name == "_send_json" and len(node.args) > 2 and isinstance(node.args[2], ast.Dict):
                message = node.args[2].values[0]
            else:
                continue
            for text in _reason_text(message) or []:
                found += 1
                if text.strip() not in docs:
                    missing.append(f"{path.relative_to(root)}:{node.lineno}: {text!r}")
    assert found > 60, found  # the walk does see the reasons
    assert missing == [], "\n".join(missing)
