"""The command line: ingest idempotency and failures, extract --jsonl contract, events filters, exports."""
import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from wirewatch.cli import main

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture()
def db(tmp_path, runner):
    path = tmp_path / "ww.db"
    r = runner.invoke(main, ["ingest", str(ARTICLES), "--db", str(path), "--published", "2025-10-14"])
    assert r.exit_code == 0, r.output
    return path


def test_ingest_then_rerun_adds_nothing(runner, db):
    con = sqlite3.connect(db)
    before = con.execute("SELECT COUNT(*), (SELECT COUNT(*) FROM events) FROM articles").fetchone()
    assert before[0] == 3 and before[1] > 0
    r = runner.invoke(main, ["ingest", str(ARTICLES), "--db", str(db), "--published", "2025-10-14"])
    assert r.exit_code == 0
    assert "ingested 0 new" in r.output and "nothing new" in r.output
    after = con.execute("SELECT COUNT(*), (SELECT COUNT(*) FROM events) FROM articles").fetchone()
    assert after == before


def test_failures_are_recorded_and_set_exit_status(runner, db, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.bin").write_bytes(b"\x00\x01\x02\xff" * 100)
    (bad / "ok.txt").write_text("Rebels attacked an army base near Goma on Sunday, the army said.\n")
    r = runner.invoke(main, ["ingest", str(bad), "--db", str(db), "--published", "2025-10-14"])
    assert r.exit_code == 1
    assert "ingested 1 new" in r.output and "2 failure(s)" in r.output
    r = runner.invoke(main, ["failures", "--db", str(db)])
    assert "empty.txt" in r.output and "binary.bin" in r.output


def test_extract_jsonl_keeps_order_and_contract(runner, tmp_path):
    rows = [{"id": "b", "text": (ARTICLES / "kharkiv.txt").read_text(), "published": "2025-03-04"},
            {"id": "a", "text": ""},
            {"id": "c", "text": "Police arrested 14 protesters in Kampala.", "published": "not a date"}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    r = runner.invoke(main, ["extract", "--jsonl", str(src)])
    assert r.exit_code == 0, r.output
    out = [json.loads(line) for line in r.output.splitlines()]
    assert [o["id"] for o in out] == ["b", "a", "c"]
    for o, row in zip(out, rows):
        assert set(o) == {"id", "events", "actors", "places", "times"}
        for e in o["events"]:
            assert row["text"][e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
            for key in ("type", "mode", "context", "modality", "actor", "recipient", "location", "date",
                        "date_precision", "said_by", "acled_event_type", "acled_sub_event_type", "cameo", "quad",
                        "intensity", "fatalities", "quantities", "trigger", "sentence", "confidence"):
                assert key in e
    assert out[0]["events"][0]["date"] == "2025-03-04"


def test_extract_jsonl_null_id_is_no_id(runner, tmp_path):
    # review4: "id": null came back as the Python text "None"
    src = tmp_path / "null.jsonl"
    src.write_text('{"id": null, "text": "Police arrested 14 protesters in Kampala."}\n{"text": "ok"}\n')
    r = runner.invoke(main, ["extract", "--jsonl", str(src)])
    assert r.exit_code == 0, r.output
    assert [json.loads(line)["id"] for line in r.output.splitlines()] == ["", ""]


def test_extract_rejects_bad_jsonl(runner, tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": "x", "text": "ok"}\nnot json\n')
    r = runner.invoke(main, ["extract", "--jsonl", str(src)])
    assert r.exit_code != 0 and "line 2" in r.output


def test_modality_jsonl(runner, tmp_path):
    text = "The ministers will meet in Nairobi on Friday."
    src = tmp_path / "m.jsonl"
    src.write_text(json.dumps({"id": "m1", "text": text, "start": text.index("meet"), "end": text.index("meet") + 4}) + "\n")
    r = runner.invoke(main, ["modality", "--jsonl", str(src)])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output) == {"id": "m1", "modality": "planned"}


def test_events_filters(runner, db):
    r = runner.invoke(main, ["events", "--db", str(db), "--format", "json"])
    all_events = json.loads(r.output)
    assert all_events
    r = runner.invoke(main, ["events", "--db", str(db), "--type", "assault", "--format", "json"])
    assaults = json.loads(r.output)
    assert assaults and all(e["type"] == "ASSAULT" for e in assaults) and len(assaults) < len(all_events)
    r = runner.invoke(main, ["events", "--db", str(db), "--modality", "planned", "--format", "json"])
    assert all(e["modality"] == "planned" for e in json.loads(r.output))
    r = runner.invoke(main, ["events", "--db", str(db), "--country", "UGA", "--format", "json"])
    uga = json.loads(r.output)
    assert uga and all("UGA" in json.dumps(e) for e in uga)
    r = runner.invoke(main, ["events", "--db", str(db), "--since", "2025-10-15", "--format", "json"])
    assert all(e["date"] >= "2025-10-15" for e in json.loads(r.output))
    r = runner.invoke(main, ["events", "--db", str(db), "--actor", "Zelenskyy"])
    assert "Zelenskyy" in r.output and "event(s)" in r.output


def test_exports(runner, db, tmp_path):
    r = runner.invoke(main, ["export", "--db", str(db), "--format", "acled"])
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert rows and all(row["event_type"] for row in rows)
    kharkiv = [row for row in rows if row["location"] == "Kharkiv"]
    assert kharkiv and kharkiv[0]["fatalities"] == "2" and "shelled Kharkiv" in kharkiv[0]["notes"]
    assert kharkiv[0]["source"] and kharkiv[0]["latitude"]
    assert (kharkiv[0]["country"], kharkiv[0]["iso"]) == ("Ukraine", "804")  # ACLED: name and ISO numeric
    r = runner.invoke(main, ["export", "--db", str(db), "--format", "gdelt"])
    g = list(csv.DictReader(io.StringIO(r.output)))
    assert g and all(row["EventRootCode"] for row in g)
    kharkiv = [row for row in g if row["ActionGeo_FullName"] == "Kharkiv"]
    assert kharkiv and {(row["ActionGeo_CountryCode"], row["ActionGeo_ADM1Code"]) for row in kharkiv} == {("UP", "UP07")}
    out = tmp_path / "events.parquet"
    r = runner.invoke(main, ["export", "--db", str(db), "--format", "parquet", "--out", str(out)])
    assert r.exit_code == 0
    import pyarrow.parquet as pq
    table = pq.read_table(out)
    assert table.num_rows == len(g) and "acled_sub_event_type" in table.column_names
    r = runner.invoke(main, ["export", "--db", str(db), "--format", "json"])
    assert isinstance(json.loads(r.output), list)


def test_events_merged_by_default_and_mentions_on_request(runner, db):
    merged = json.loads(runner.invoke(main, ["events", "--db", str(db), "--format", "json"]).output)
    mentions = json.loads(runner.invoke(main, ["events", "--db", str(db), "--mentions", "--format", "json"]).output)
    assert merged and mentions and len(merged) <= len(mentions)
    table = runner.invoke(main, ["events", "--db", str(db)]).output
    assert "sources" in table.splitlines()[0]


def test_python_dash_m_runs_the_same_cli():
    """``python -m wirewatch`` is the installed script's CLI (used to run a checkout without installing)."""
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "wirewatch", "--help"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Usage: wirewatch" in out.stdout and "extract" in out.stdout
