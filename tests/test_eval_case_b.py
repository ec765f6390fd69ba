"""eval/case-b, eval/case-c and eval/case-d: the builder of the blind ACLED sub-type suites (one builder,
eval/case-b/make_case_b.py, serves every batch) and the case2021 scorer on their format.

The builder is read from the repository (eval/case-b/make_case_b.py); the records are the project's
own invented fixture (tests/fixtures/eval/case-b), so nothing here needs ../shared. A fake extractor
stands in for the pipeline: every expected figure is computed by hand.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import FakeExtractor, load_script

from wirewatch.evaluation import case2021, metrics

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO / "eval" / "case-b"
FIX = Path(__file__).parent / "fixtures" / "eval" / "case-b" / "snippets.txt"


@pytest.fixture(scope="module")
def mk():
    return load_script(SUITE / "make_case_b.py", "make_case_b")


@pytest.fixture
def built(mk, tmp_path):
    mk.main(FIX, tmp_path)
    return tmp_path


def test_builder_writes_the_format_the_scorer_reads(built):
    raw = (built / "dev.tsv").read_bytes()
    assert raw.startswith(b"id\tEventSnippet\tSubType\r\n") and raw.count(b"\r\n") == 4
    snippets = case2021.load(str(built))
    assert [(s.id, s.gold) for s in snippets] == [("FXC-1", "AIR_STRIKE"), ("FXC-2", "PEACE_PROTEST"),
                                                  ("FXC-3", "NATURAL_DISASTER")]
    assert snippets[1].text == "Nurses marched quietly to the town hall to ask for new beds."
    codes = case2021.acled_codes(str(built))
    assert codes == set(case2021.ACLED_TO_CASE.values()) and "NATURAL_DISASTER" not in codes


@pytest.mark.parametrize("line, message", [
    ("X-1 | ATTACKS | Men shot a farmer.", "neither a CASE 2021 code"),
    ("X-1 | Attack | Men shot a farmer.", "neither a CASE 2021 code"),
    ("X-1 | ATTACK | ", "fields|empty snippet"),
    ("X-1 | ATTACK | Men shot | a farmer.", "fields"),
    ("X-1 | ATTACK | Men shot\ta farmer.", "tab"),
    ("X 1 | ATTACK | Men shot a farmer.", "id"),
])
def test_builder_refuses_lines_outside_the_format(mk, line, message):
    with pytest.raises(mk.FormatError, match=message):
        mk.parse_line(line)


def test_builder_accepts_every_acled_code_and_non_acled_label(mk):
    for code in [*case2021.ACLED_TO_CASE.values(), "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO",
                 "ORG_CRIME", "ATTRIB"]:
        assert mk.parse_line(f"X-1 | {code} | Something happened.")[2] == code


def test_builder_refuses_duplicate_ids(mk):
    line = "X-1 | ARREST | Police held a reporter."
    with pytest.raises(mk.FormatError, match="duplicate"):
        mk.build([line, "# comment", line])


def test_scorer_on_the_built_fixture(built):
    ev = lambda sub, c: {"type": "ASSAULT", "confidence": c, "acled_sub_event_type": sub}  # noqa: E731
    pipe = FakeExtractor({
        "FXC-1": [ev("Air/drone strike", 0.9)],            # right
        "FXC-2": [ev("Protest with intervention", 0.6)],   # wrong sub-type of the right event type
        "FXC-3": [ev("Attack", 0.4)],                      # a disaster coded as violence
    })
    m = case2021.run(str(built), pipeline=pipe)["metrics"]
    assert m["n_acled_gold"] == 2 and m["accuracy_acled_gold"] == pytest.approx(0.5)
    assert m["event_type_accuracy_acled_gold"] == pytest.approx(1.0)
    assert m["non_acled"]["n"] == 1 and m["non_acled"]["given_violent_acled"] == pytest.approx(1.0)
    assert m["non_acled"]["NATURAL_DISASTER_given_any_acled"] == pytest.approx(1.0)


def test_cli_builds_another_batch_into_another_folder(mk, tmp_path):
    out = tmp_path / "other"
    assert mk.cli(["--src", str(FIX), "--out", str(out)]) == 0
    assert [s.id for s in case2021.load(str(out))] == ["FXC-1", "FXC-2", "FXC-3"]
    src = tmp_path / "batch" / "snippets.txt"          # --out defaults to the source's folder
    src.parent.mkdir()
    src.write_text(FIX.read_text(encoding="utf-8"), encoding="utf-8")
    assert mk.cli(["--src", str(src)]) == 0 and (src.parent / "dev.tsv").exists()


# (folder, records of each of the 24 sub-types, OTHER records, total): case-b has no OTHER, case-c and case-d 6
BATCHES = [("case-b", 10, 0, 288), ("case-c", 10, 6, 294), ("case-d", 10, 6, 294)]


@pytest.mark.parametrize("folder, per_type, other, total", BATCHES)
def test_committed_suite_is_the_build_of_its_source(mk, folder, per_type, other, total):
    suite = REPO / "eval" / folder
    rows = mk.build((suite / "snippets.txt").read_text(encoding="utf-8").splitlines())
    tsv, types = mk.render(rows)
    assert (suite / "dev.tsv").read_bytes() == tsv.encode("utf-8"), \
        f"rebuild with: .venv/bin/python eval/case-b/make_case_b.py --src eval/{folder}/snippets.txt"
    assert (suite / "event_types.txt").read_bytes() == types.encode("utf-8")
    # per_type records of each of the 24 sub-types, 48 non-ACLED, each code split about evenly over the halves
    counts = Counter(code for _, _, code in rows)
    assert all(counts[c] == per_type for c in case2021.MACRO_LABELS) and len(rows) == total
    assert counts["OTHER"] == other
    assert sum(counts[c] for c in mk.NON_ACLED) == 48
    for code in counts:
        first = sum(metrics.half_of(rid) == 1 for rid, _, c in rows if c == code)
        assert abs(2 * first - counts[code]) <= 1, code


@pytest.mark.parametrize("folder", [b[0] for b in BATCHES])
def test_blind_case_batches_registered_in_eval_all(folder):
    module = load_script(REPO / "scripts" / "eval_all.py", f"wirewatch_eval_all_{folder}")
    entry = {name: (path, figs) for name, path, figs in module.SUITES}[folder]
    assert Path(entry[0]) == REPO / "eval" / folder
    assert module.SCORER[folder] == "case2021"
    assert {key for _, key, _ in entry[1]} >= {"macro_f1_24", "non_acled.given_any_acled"}
