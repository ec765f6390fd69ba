"""eval/plover-b: the builder of the second-author PLOVER suite and the plover-gsr scorer on its format.

The builder is read from the repository (eval/plover-b/make_plover_b.py); the records are the
project's own fixtures (tests/fixtures/eval/plover-b), so nothing here needs ../shared. A fake
extractor stands in for the pipeline: every expected figure is computed by hand.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FakeExtractor, load_script

from wirewatch.evaluation import plover_gsr

REPO = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures" / "eval" / "plover-b" / "sentences.txt"


@pytest.fixture(scope="module")
def mk():
    return load_script(REPO / "eval" / "plover-b" / "make_plover_b.py", "make_plover_b")


@pytest.fixture
def built(mk, tmp_path):
    out = tmp_path / "plover-b.json"
    mk.main(FIX, out)
    return out


def test_builder_writes_the_gold_format_the_scorer_reads(built):
    raw = json.loads(built.read_text(encoding="utf-8"))
    assert [r["id"] for r in raw] == ["FXB-1", "FXB-2", "FXB-3"]
    assert raw[0]["source"] == [{"actorText": "The Norwegian envoy", "code": "NOR", "sector": "GOV"}]
    assert raw[2]["target"] == "" and "mode" in raw[2] and raw[1]["context"] == ""
    assert raw[2]["context"] == "diplomatic, territory"
    records = plover_gsr.load(str(built))
    assert [r.type for r in records] == ["CONSULT", "ASSAULT", "REJECT"]
    assert records[1].target_codes == ("PER", "BOL")
    assert records[2].target_codes == () and records[2].source_codes == ("IGO",)
    assert [r.mode for r in records] == ["visit", "firearms", "meet"]


@pytest.mark.parametrize("line, message", [
    ("X-1 | 2030-01-01 | ATTACK |  |  | A=NOR/GOV |  | A came.", "not a PLOVER 2024 event type"),
    ("X-1 | 2030-01-01 | CONSULT | firearms |  | A=NOR/GOV |  | A came.", "not a mode of CONSULT"),
    ("X-1 | 2030-01-01 | CONSULT |  |  | Bob=NOR/GOV |  | A came.", "does not occur in the sentence"),
    ("X-1 | 2030-01-01 | CONSULT |  |  | A=NOX/GOV |  | A came.", "neither ISO 3166-1"),
    ("X-1 | 2030-01-01 | CONSULT |  |  | A=NOR/XYZ |  | A came.", "sector"),
    ("X-1 | 2030-01-01 | CONSULT |  | weather | A=NOR/GOV |  | A came.", "context"),
    ("X-1 | 2030-13-01 | CONSULT |  |  | A=NOR/GOV |  | A came.", "date"),
    ("X-1 | 2030-01-01 | CONSULT |  |  | A NOR GOV |  | A came.", "text=CODE/SECTOR"),
    ("X-1 | 2030-01-01 | CONSULT |  | A came.", "fields"),
])
def test_builder_refuses_lines_outside_plover_tables(mk, line, message):
    with pytest.raises(mk.FormatError, match=message):
        mk.parse_line(line)


def test_builder_refuses_duplicate_ids(mk):
    line = "X-1 | 2030-01-01 | CONSULT |  |  | A=NOR/GOV |  | A came."
    with pytest.raises(mk.FormatError, match="duplicate"):
        mk.build([line, "# comment", line])


def test_scorer_on_the_built_fixture(built):
    ev = lambda t, a, r, c=0.5, **kw: {"type": t, "confidence": c, "modality": "occurred",  # noqa: E731
                                        "actor": {"country": a}, "recipient": {"country": r}, **kw}
    pipe = FakeExtractor({
        "FXB-1": [ev("CONSULT", "NOR", "MWI", 0.9, mode="visit"), ev("ASSAULT", "PER", None, 0.2)],
        "FXB-2": [ev("ASSAULT", "PER", "BOL", 0.7, mode="firearms")],   # any code of a compound target
        "FXB-3": [ev("REQUEST", "NOR", None, 0.6)],                      # wrong type; IGO is not scored
    })
    m = plover_gsr.run(str(built), pipeline=pipe)["metrics"]
    assert m["accuracy"] == pytest.approx(2 / 3)
    assert m["actor_country"] == {"accuracy": 1.0, "n": 2, "predicted_none": 0}
    assert m["recipient_country"]["accuracy"] == 1.0 and m["recipient_country"]["n"] == 2
    assert m["mode"]["accuracy"] == pytest.approx(2 / 3) and m["mode"]["n_type_right"] == 2


def test_committed_suite_is_the_build_of_its_source(mk):
    src = REPO / "eval" / "plover-b" / "sentences.txt"
    records = mk.build(src.read_text(encoding="utf-8").splitlines())
    committed = json.loads((REPO / "eval" / "plover-b" / "plover-b.json").read_text(encoding="utf-8"))
    assert committed == records, "rebuild with: .venv/bin/python eval/plover-b/make_plover_b.py"
    for event in mk.EVENTS:  # every PLOVER type is covered (the brief asks for ~6-12 each)
        assert sum(r["event"] == event for r in records) >= 5, event


def _blind_batch(mk, suite: str, prefix: str) -> list[dict]:
    """The records of a blind batch, checked: the committed JSON is the build of its source, ids
    PREFIX-001 ... PREFIX-192, 12 records of each PLOVER type."""
    src = REPO / "eval" / "plover-b" / mk.SUITES[suite]
    records = mk.build(src.read_text(encoding="utf-8").splitlines(), suite)
    committed = json.loads((REPO / "eval" / "plover-b" / f"{suite}.json").read_text(encoding="utf-8"))
    assert committed == records, f"rebuild with: .venv/bin/python eval/plover-b/make_plover_b.py {suite}"
    assert [r["id"] for r in records] == [f"{prefix}-{n:03d}" for n in range(1, 193)]
    assert {r["coder"] for r in records} == {f"wirewatch {suite}"}
    for event in mk.EVENTS:
        assert sum(r["event"] == event for r in records) == 12, event
    return records


def test_committed_plover_c_is_the_build_of_its_source(mk):
    # the second blind batch (eval/README.md "plover-c"): same builder, 12 records of each PLOVER type
    _blind_batch(mk, "plover-c", "PC")


def test_builder_names_the_suite_in_the_coder_field(mk, tmp_path):
    out = tmp_path / "x.json"
    mk.main(FIX, out, "plover-c")
    assert {r["coder"] for r in json.loads(out.read_text(encoding="utf-8"))} == {"wirewatch plover-c"}
    assert mk.build(FIX.read_text(encoding="utf-8").splitlines())[0]["coder"] == "wirewatch plover-b"


@pytest.mark.parametrize("suite, prefix", [("plover-e", "PE"), ("plover-f", "PF"), ("plover-g", "PG"),
                                           ("plover-h", "PH"), ("plover-i", "PI"),
                                           ("plover-j", "PJ"), ("plover-k", "PK"),
                                           ("plover-l", "PL"), ("plover-m", "PM"),
                                           ("plover-n", "PN"), ("plover-o", "PO")])
def test_committed_pure_lockbox_batch_is_the_build_of_its_source_and_registered(mk, suite, prefix):
    # the fifth to fifteenth blind batches (eval/README.md "plover-e" ... "plover-o"), pure lockboxes: the
    # committed JSON is the build of its source, 12 records of each PLOVER type, and scripts/eval_all.py
    # scores it with plover-gsr
    _blind_batch(mk, suite, prefix)
    eval_all = load_script(REPO / "scripts" / "eval_all.py", f"wirewatch_eval_all_{suite.replace('-', '_')}")
    entry = {name: (path, figs) for name, path, figs in eval_all.SUITES}[suite]
    assert Path(entry[0]) == REPO / "eval" / "plover-b" / f"{suite}.json"
    assert entry[1] is eval_all.BLIND_PLOVER_FIGURES
    assert eval_all.SCORER[suite] == "plover-gsr"


def test_eval_all_prints_the_mode_of_every_plover_suite():
    # session 8: the mode figure of gsr-dev and plover-b is in the table like that of the blind batches
    eval_all = load_script(REPO / "scripts" / "eval_all.py", "wirewatch_eval_all_modes")
    for name, _path, figures in eval_all.SUITES:
        if name == "plover-gsr" or eval_all.SCORER.get(name) == "plover-gsr":
            assert ("mode.accuracy" in {key for _label, key, _target in figures}), name
