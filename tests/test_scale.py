"""Dask scale-out gives the same results, in the same order, as the in-process pipeline."""
import json

from click.testing import CliRunner

from wirewatch.cli import main

TEXTS = [
    "Russian forces shelled Kharkiv on Monday, killing two civilians.",
    "Police arrested 14 protesters outside the parliament in Kampala.",
    "",
    "The foreign ministers of Kenya and Ethiopia will meet in Nairobi on Friday.",
    "Rebels attacked an army base near Goma, the army said.",
]


def test_parallel_extract_matches_serial(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t, "published": "2025-10-14"}) + "\n"
                           for i, t in enumerate(TEXTS * 3)))
    runner = CliRunner()
    serial = runner.invoke(main, ["extract", "--jsonl", str(src)])
    parallel = runner.invoke(main, ["extract", "--jsonl", str(src), "--workers", "2"])
    assert serial.exit_code == 0 and parallel.exit_code == 0, parallel.output
    s = [json.loads(line) for line in serial.output.splitlines()]
    p = [json.loads(line) for line in parallel.output.splitlines() if line.startswith("{")]
    assert [x["id"] for x in p] == [f"d{i}" for i in range(len(TEXTS) * 3)]
    assert p == s
