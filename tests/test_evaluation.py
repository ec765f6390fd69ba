"""Evaluation harness: metric arithmetic on hand-computed cases, and each gold-format loader.

Everything runs on invented fixtures under tests/fixtures/eval and fake extractors, so the tests
neither need ../shared nor depend on the quality of the real pipeline.
"""
from __future__ import annotations

import importlib.util
import json
import types
from pathlib import Path

import pytest

from wirewatch.evaluation import case2021, meantime, metrics, petrarch2, plover_gsr, report

FIX = Path(__file__).parent / "fixtures" / "eval"
REPO = Path(__file__).resolve().parents[1]


def event(type="ASSAULT", confidence=0.5, acled=None, cameo=None, actor=None, recipient=None, mode=None,
          trigger="x"):
    return {"type": type, "confidence": confidence, "acled_sub_event_type": acled, "cameo": cameo,
            "actor": {"country": actor} if actor else None,
            "recipient": {"country": recipient} if recipient else None,
            "mode": mode, "trigger": {"text": trigger, "start": 0, "end": len(trigger)}}


class FakePipeline:
    """Stands in for wirewatch.pipeline.Pipeline: events chosen by a function of the row text."""

    def __init__(self, events_for):
        self.events_for = events_for
        self.seen: list[dict] = []

    def extract_many(self, rows):
        for row in rows:
            self.seen.append(row)
            yield {"id": row["id"], "events": self.events_for(row["text"])}


# ------------------------------------------------------------------------------------ metrics


def test_per_class_hand_computed():
    gold = ["A", "A", "A", "B", "B", "C"]
    pred = ["A", "A", "B", "B", "C", "C"]
    rows = metrics.per_class(gold, pred)
    # A: tp 2, predicted 2, support 3 -> P 1, R 2/3, F1 0.8
    assert rows["A"]["precision"] == pytest.approx(1.0)
    assert rows["A"]["recall"] == pytest.approx(2 / 3)
    assert rows["A"]["f1"] == pytest.approx(0.8)
    # B: tp 1, predicted 2, support 2 -> 0.5 / 0.5 / 0.5 ; C: tp 1, predicted 2, support 1 -> 0.5 / 1 / 2/3
    assert rows["B"]["f1"] == pytest.approx(0.5)
    assert rows["C"]["precision"] == pytest.approx(0.5) and rows["C"]["recall"] == pytest.approx(1.0)
    assert metrics.macro_f1(rows) == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    assert metrics.macro_f1(rows, ["A", "B"]) == pytest.approx(0.65)
    assert metrics.accuracy(gold, pred) == pytest.approx(4 / 6)


def test_macro_skips_labels_seen_nowhere_but_counts_missed_ones():
    rows = metrics.per_class(["A", "B"], ["A", "A"], ["A", "B", "Z"])
    assert rows["Z"]["support"] == 0 and rows["Z"]["predicted"] == 0
    # A: P 0.5 R 1 F1 2/3 ; B: F1 0 ; Z: skipped
    assert metrics.macro_f1(rows) == pytest.approx((2 / 3 + 0.0) / 2)


def test_confusion_pairs_ranked_and_truncated():
    gold = ["A", "A", "A", "B", "B", "C"]
    pred = ["B", "B", "A", "C", "A", "A"]
    assert metrics.confusion_pairs(gold, pred, top=2) == [["A", "B", 2], ["B", "A", 1]]
    assert ["C", "A", 1] in metrics.confusion_pairs(gold, pred)


def test_classification_lists_stray_labels_outside_macro():
    bundle = metrics.classification(["A", "B"], ["A", "NONE"], ["A", "B"])
    assert list(bundle["per_class"]) == ["A", "B", "NONE"]
    assert bundle["macro_f1"] == pytest.approx(0.5)  # A 1.0, B 0.0; NONE is not a label


def test_misaligned_inputs_raise():
    with pytest.raises(ValueError):
        metrics.accuracy(["A"], ["A", "B"])


def test_halves_are_stable_disjoint_and_complete():
    records = [f"rec-{i}" for i in range(200)]
    one = metrics.select(records, str, half=1)
    two = metrics.select(records, str, half=2)
    assert set(one).isdisjoint(two) and len(one) + len(two) == 200
    assert 60 < len(one) < 140  # a hash split, not everything on one side
    assert metrics.select(records, str, half=1) == one
    assert metrics.select(records, str, limit=3, half=2) == two[:3]
    with pytest.raises(ValueError):
        metrics.select(records, str, half=3)


def test_top_event_prefers_confidence_then_order():
    events = [event("AID", 0.4), event("ASSAULT", 0.9, trigger="a"), event("COERCE", 0.9, trigger="b")]
    assert metrics.top_event(events)["trigger"]["text"] == "a"
    assert metrics.top_event(events, lambda e: e["type"] == "AID")["type"] == "AID"
    assert metrics.top_event([]) is None


# ------------------------------------------------------------------------------------ report


def test_format_table_and_json_dump(tmp_path):
    bundle = metrics.classification(["A", "B", "B"], ["A", "A", "B"], ["A", "B"])
    rep = {"suite": "demo", "path": "x", "n": 3,
           "metrics": {"macro_f1": bundle["macro_f1"], "group": {"share": 0.25, "n": 4},
                       "by_pos": {"VERB": {"n": 7, "accuracy": 0.5}, "NOUN": {"n": 2, "accuracy": 1.0}},
                       "per_class": bundle["per_class"], "confusion": bundle["confusion"]},
           "worst": [{"id": "r1", "gold": "B", "predicted": "A", "text": "some   long\ntext " * 20}]}
    table = report.format_table(rep)
    assert "macro_f1" in table and f"{bundle['macro_f1']:.3f}" in table
    assert "group:" in table and "share" in table
    assert any(line.split()[:2] == ["B", "A"] for line in table.splitlines())  # confusion row
    assert "id=r1" in table and "some long text" in table
    assert any(line.split() == ["VERB", "7", "0.500"] for line in table.splitlines())  # row table
    other = dict(rep, n=5, metrics={"macro_f1": 0.25, "group": {}})
    halves = report.compare_halves(rep, other).splitlines()
    assert halves[1].split() == ["n", "3", "5"]
    assert halves[2].split() == ["macro_f1", f"{bundle['macro_f1']:.3f}", "0.250",
                                 f"{abs(bundle['macro_f1'] - 0.25):.3f}"]
    assert report.headline(rep) == {"macro_f1": bundle["macro_f1"], "group.share": 0.25, "group.n": 4}
    out = tmp_path / "r.json"
    report.write_json(rep, str(out))
    assert json.loads(out.read_text())["metrics"]["group"]["n"] == 4


def test_main_runs_a_suite_and_compares_halves(tmp_path, capsys):
    calls = []

    def run(path, limit=None, half=None):
        calls.append((path, limit, half))
        return {"suite": "fake", "path": path, "n": 10 + (half or 0),
                "metrics": {"accuracy": 0.5 if half != 2 else 0.75}, "worst": []}

    suite = types.SimpleNamespace(__name__="fake", __doc__="A fake suite.", run=run)
    assert report.main(suite, ["gold.tsv", "--limit", "4", "--json", str(tmp_path / "o.json")]) == 0
    assert "accuracy  0.500" in capsys.readouterr().out
    assert json.loads((tmp_path / "o.json").read_text())["n"] == 10
    assert report.main(suite, ["gold.tsv", "--halves"]) == 0
    out = capsys.readouterr().out
    assert any(line.split() == ["accuracy", "0.500", "0.750", "0.250"] for line in out.splitlines())
    assert calls == [("gold.tsv", 4, None), ("gold.tsv", None, 1), ("gold.tsv", None, 2)]


# ------------------------------------------------------------------------------------ CASE 2021


def test_case2021_loader_reads_crlf_tsv():
    snippets = case2021.load(str(FIX / "case2021"))
    assert [s.id for s in snippets] == ["11", "12", "13", "14", "15"]
    assert snippets[0].gold == "AIR_STRIKE" and not snippets[-1].gold.endswith("\r")
    assert case2021.acled_codes(str(FIX / "case2021" / "dev.tsv")) == {
        "AIR_STRIKE", "ARMED_CLASH", "PEACE_PROTEST", "ATTACK", "OTHER"}


def test_case2021_mapping_covers_every_acled_sub_type():
    from wirewatch.ontology import ACLED_SUB_TO_TYPE
    assert set(case2021.ACLED_TO_CASE) == set(ACLED_SUB_TO_TYPE)
    assert len(case2021.MACRO_LABELS) == 24 and len(set(case2021.ACLED_TO_CASE.values())) == 25


def test_case2021_prediction_uses_most_confident_event_with_acled_type():
    code, ev = case2021.predict_one({"events": [
        event("ACCUSE", 0.95), event(acled="Armed clash", confidence=0.6),
        event(acled="Air/drone strike", confidence=0.7)]})
    assert code == "AIR_STRIKE" and ev["confidence"] == 0.7
    assert case2021.predict_one({"events": [event("ACCUSE", 0.9)]}) == (case2021.NO_ACLED, None)


def test_case2021_run_with_fake_extractor():
    def events_for(text):
        if "bombed" in text or "flooded" in text:  # the flood is wrongly coded as an air strike
            return [event(acled="Air/drone strike", confidence=0.8)]
        if "fire" in text:  # the right sub-type is found but ranked below a wrong one
            return [event(acled="Armed clash", confidence=0.3), event(acled="Attack", confidence=0.6)]
        if "marched" in text:
            return [event("PROTEST", acled="Peaceful protest", confidence=0.7)]
        return []

    fake = FakePipeline(events_for)
    rep = case2021.run(str(FIX / "case2021"), pipeline=fake)
    m = rep["metrics"]
    assert rep["n"] == 5 and len(fake.seen) == 5
    # AIR_STRIKE: tp 1, predicted 2 -> F1 2/3; ARMED_CLASH: 0; PEACE_PROTEST: 1; ATTACK: predicted once -> 0
    assert m["per_class"]["AIR_STRIKE"]["f1"] == pytest.approx(2 / 3)
    assert m["macro_f1_24"] == pytest.approx((2 / 3 + 0 + 1 + 0) / 4)
    assert m["accuracy_acled_gold"] == pytest.approx(2 / 3)
    assert m["gold_in_any_event"] == pytest.approx(1.0)
    assert m["event_type_accuracy_acled_gold"] == pytest.approx(2 / 3)  # Battles vs Violence against civilians
    assert case2021.event_type("GRENADE") == "Explosions/Remote violence" and case2021.event_type("X") == "X"
    assert m["non_acled"]["n"] == 2
    assert m["non_acled"]["given_any_acled"] == pytest.approx(0.5)
    assert m["non_acled"]["NATURAL_DISASTER_given_any_acled"] == 1.0
    assert m["non_acled"]["ORG_CRIME_given_any_acled"] == 0.0
    assert ["ARMED_CLASH", "ATTACK", 1] in m["confusion"]
    assert ["NO_ACLED", "AIR_STRIKE", 1] in m["confusion"]  # the flood; the smuggling case is right
    assert m["per_class"]["NO_ACLED"]["support"] == 2 and m["per_class"]["NO_ACLED"]["tp"] == 1
    assert {w["id"] for w in rep["worst"]} == {"12", "13"}
    assert rep["worst"][0]["id"] == "13"  # the most confident error comes first
    assert len(rep["worst"][0]["text"]) <= 200
    half1 = case2021.run(str(FIX / "case2021"), half=1, pipeline=FakePipeline(events_for))
    half2 = case2021.run(str(FIX / "case2021"), half=2, pipeline=FakePipeline(events_for))
    assert half1["n"] + half2["n"] == 5


# ------------------------------------------------------------------------------------ PLOVER GSR


def test_plover_loader_maps_2021_labels():
    records = plover_gsr.load(str(FIX / "plover" / "gsr.json"))
    assert [r.type for r in records] == ["AGREE", "REQUEST", "ASSAULT", "ACCUSE", "PROTEST"]
    assert records[0].source_codes == ("CHL", "PER") and records[0].target_codes == ()
    assert records[2].mode == "heavy-weapons" and records[3].target_codes == ()
    assert records[4].mode == "hunger"  # 2021 "strike-hun" under its 2024 name


def test_plover_scores_types_and_countries():
    records = plover_gsr.load(str(FIX / "plover" / "gsr.json"))
    extractions = [
        {"events": [event("AGREE", 0.9, actor="PER")]},                       # compound actor: PER counts
        {"events": [event("REQUEST", 0.8, actor="KEN", recipient="TZA")]},    # recipient wrong
        {"events": [event("COERCE", 0.7, actor="NOR", recipient="NOR", mode="heavy-weapons")]},
        {"events": []},
        {"events": [event("PROTEST", 0.9, mode="strike")]},                  # type right, mode wrong
    ]
    rep = plover_gsr.score(records, extractions)
    m = rep["metrics"]
    assert m["accuracy"] == pytest.approx(3 / 5)
    assert m["no_event"] == pytest.approx(1 / 5)
    assert m["gold_type_in_any_event"] == pytest.approx(3 / 5)
    # actor: gold countries in records 0, 1, 3 (IGO is not a country) -> right on 0 and 1
    assert m["actor_country"] == {"accuracy": pytest.approx(2 / 3), "n": 3, "predicted_none": 1}
    # recipient: gold in records 1 (UGA) and 2 (NOR) -> right on 2 only
    assert m["recipient_country"]["accuracy"] == pytest.approx(0.5)
    assert m["mode"] == {"accuracy": 0.5, "n": 2, "accuracy_when_type_right": 0.0, "n_type_right": 1}
    assert {w["id"] for w in rep["worst"]} == {"FIX-FIGHT-1", "FIX-DISAPPROVE-1"}
    assert plover_gsr.is_country("NOR") and not plover_gsr.is_country("IGO")


def test_plover_category_reads_future_cooperation_as_agree():
    """PLOVER manual 3.1: CONSULT, SUPPORT, COOPERATE and AID in the future tense are coded AGREE."""
    from wirewatch.ontology import plover_category
    assert plover_category("CONSULT", "planned") == "AGREE"
    assert plover_category("AID", "planned") == "AGREE"
    assert plover_category("CONSULT", "occurred") == "CONSULT"
    assert plover_category("AID", "possible") == "AID"          # a hedge is no commitment
    assert plover_category("RETREAT", "planned") == "RETREAT"   # the manual leaves future RETREAT as it is
    records = plover_gsr.load(str(FIX / "plover" / "gsr.json"))
    planned_visit = dict(event("CONSULT", 0.9, actor="PER"), modality="planned")
    rep = plover_gsr.score(records[:1], [{"events": [planned_visit]}])
    assert rep["metrics"]["accuracy"] == 1.0  # gold AGREE
    assert rep["metrics"]["accuracy_type_only"] == 0.0  # read by its type alone, a planned visit is CONSULT
    planned_support = dict(event("SUPPORT", 0.9, actor="PER"), modality="planned")
    assert plover_gsr.score(records[:1], [{"events": [planned_support]}])["metrics"]["accuracy"] == 1.0
    rep = plover_gsr.score(records[:1], [{"events": [dict(planned_visit, modality="occurred")]}])
    assert rep["metrics"]["accuracy"] == 0.0


# ------------------------------------------------------------------------------------ MEANTIME


def test_meantime_gold_precedence():
    g = meantime.gold_modality
    assert g({"time": "FUTURE", "certainty": "CERTAIN", "polarity": "NEG"}) == "negated"
    assert g({"time": "FUTURE", "certainty": "PROBABLE", "polarity": "POS"}) == "possible"
    assert g({"time": "FUTURE", "certainty": "CERTAIN", "polarity": "POS"}) == "planned"
    assert g({"time": "NON_FUTURE", "certainty": "", "polarity": "POS"}) == "occurred"
    assert g({"time": "", "certainty": "", "polarity": ""}) is None


def test_meantime_rebuilds_text_with_offsets():
    docs = meantime.load(str(FIX / "meantime"))
    assert len(docs) == 1
    doc = docs[0]
    assert doc.text == ("Ferry firm delays launch\n"
                        "The company did not sail on Monday, and it may cancel the route.\n"
                        "It will open a new port in 2030 (officials say).")
    spans = {m.m_id: (m.text, m.gold) for m in doc.mentions}
    assert spans == {"10": ("delays", "occurred"), "11": ("sail", "negated"),
                     "12": ("cancel the route", "possible"), "13": ("open", "planned")}
    for m in doc.mentions:
        assert doc.text[m.start:m.end] == m.text


def test_meantime_run_parses_each_document_once():
    class FakeNlp:
        calls = 0

        def pipe(self, texts):
            for text in texts:
                FakeNlp.calls += 1
                yield text  # the "doc" is the text itself for the fake classifier

    def classify(doc, start, end):
        before = doc[max(0, start - 12):start]
        return "negated" if "not" in before else "planned" if "will" in before else "occurred"

    rep = meantime.run(str(FIX / "meantime"), classify=classify, nlp=FakeNlp())
    m = rep["metrics"]
    assert FakeNlp.calls == 1 and rep["n"] == 4
    assert m["accuracy"] == pytest.approx(0.75)
    # occurred P 0.5 R 1 -> 2/3; negated 1; planned 1; possible 0
    assert m["macro_f1"] == pytest.approx((2 / 3 + 1 + 1 + 0) / 4)
    assert m["confusion"] == [["possible", "occurred", 1]]
    assert rep["worst"][0]["text"].count("[[cancel the route]]") == 1


# ------------------------------------------------------------------------------------ PETRARCH2


def test_petrarch_loader():
    cases = petrarch2.load(str(FIX / "petrarch2" / "records.xml"))
    assert [c.id for c in cases] == ["FIX-01", "FIX-02", "FIX-03", "FIX-04"]
    assert cases[0].text.startswith("The Norwegian government will meet Sweden")
    assert cases[0].date == "2001-03-05" and cases[3].date is None
    assert cases[1].roots == ["17", "11"]
    assert cases[2].noevents and not cases[2].roots and cases[3].error == "bad_input_parse"


def test_petrarch_comparable_countries():
    assert petrarch2.comparable_country("NORGOV", "The Norwegian government said") == "NOR"
    assert petrarch2.comparable_country("SWE", "talks with Sweden") == "SWE"
    assert petrarch2.comparable_country("SWE", "talks with Swedeland") is None  # invented place
    assert petrarch2.comparable_country("ZEB", "Zebland said") is None  # not a country code


def test_petrarch_scores_roots_quads_and_countries():
    cases = petrarch2.load(str(FIX / "petrarch2" / "records.xml"))
    extractions = [
        {"events": [event("CONSULT", 0.8, cameo="04", actor="NOR", recipient="FIN")]},  # root/quad wrong
        {"events": [event("ACCUSE", 0.6, cameo="11"), event("COERCE", 0.5, cameo="17")]},
        {"events": [event("AID", 0.3, cameo="07")]},   # an event where none is expected
        {"events": []},
    ]
    rep = petrarch2.score(cases, extractions)
    m = rep["metrics"]
    assert m["n_comparable_event"] == 2 and m["comparable_event_share"] == pytest.approx(0.5)
    assert m["root_accuracy"] == pytest.approx(0.5)
    assert m["quad_accuracy"] == pytest.approx(1.0)  # 04 and 03 are both verbal cooperation
    assert m["root_set"]["precision"] == pytest.approx(2 / 3) and m["root_set"]["recall"] == pytest.approx(2 / 3)
    assert m["false_events_on_noevents"] == {"n": 1, "share": 1.0}
    assert m["source_country"]["n"] == 1 and m["source_country"]["accuracy"] == 1.0
    assert m["target_country"]["accuracy"] == 0.0
    assert rep["worst"] == [{"id": "FIX-01", "gold": "03", "predicted": "04", "plover": "CONSULT",
                             "trigger": "x", "text": cases[0].text}]


def test_petrarch_quads():
    assert [petrarch2.quad(r) for r in ("01", "05", "06", "08", "09", "13", "14", "20")] == \
        ["VC", "VC", "MC", "MC", "VX", "VX", "MX", "MX"]
    assert petrarch2.quad(petrarch2.NO_EVENT) is None and petrarch2.quad(None) is None


# ------------------------------------------------------------------------------------ bench script


def _bench_module():
    spec = importlib.util.spec_from_file_location("wirewatch_bench", REPO / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_reads_corpora(tmp_path):
    bench = _bench_module()
    (tmp_path / "a.txt").write_text("One two three four five six.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Seven eight nine ten eleven.")
    assert len(bench.load_texts(str(tmp_path))) == 2
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text('{"id": 1, "text": "alpha beta"}\n\n{"id": 2, "text": "gamma"}\n')
    assert bench.load_texts(str(jsonl)) == ["alpha beta", "gamma"]
    defaults = bench.default_texts(FIX)
    assert any("ferry" not in t and "Kenya called on Uganda" in t for t in defaults)
    assert any(t.startswith("Fighter jets bombed") for t in defaults)
    assert bench.peak_rss_mb() > 1


def _busy() -> int:
    return sum(i * i for i in range(30_000))


def test_bench_times_both_paths_on_the_same_texts():
    bench = _bench_module()
    seen = {"bare": 0, "wirewatch": 0}

    class Nlp:
        meta = {"name": "fake"}

        def pipe(self, texts, batch_size=32):
            for text in texts:
                seen["bare"] += 1
                _busy()  # measurable CPU time, so the ratio arithmetic can be checked
                yield text

    class Result:
        def __init__(self, text):
            self.text = text

        def to_dict(self):
            return {"id": "x", "events": [], "n": len(self.text)}

    class FakePipeline:
        nlp = Nlp()

        def extract_many(self, rows, batch_size=32):
            for row in rows:
                seen["wirewatch"] += 1
                _busy()
                yield Result(row["text"])

    texts = ["one two three four five"] * 6
    result = bench.bench(texts, batch_size=4, rounds=2, pipeline=FakePipeline())
    assert result["docs"] == 6 and result["words"] == 30 and result["model"] == "fake"
    assert seen["wirewatch"] >= 12 and seen["bare"] >= 12  # two timed rounds each (plus warm-up)
    assert result["ratio"] == pytest.approx(result["bare"]["cpu_s"] / result["wirewatch"]["cpu_s"], rel=0.01)
    assert result["wirewatch"]["docs_per_s"] == pytest.approx(6 / result["wirewatch"]["cpu_s"], rel=0.01)
    assert result["bare"]["wall_s"] > 0
    assert result["meets_target"] == (result["ratio"] >= bench.TARGET_RATIO)
    assert "ratio wirewatch/bare" in bench.format_result(result)


def test_registered_suites_accept_limit_and_half():
    import inspect

    from wirewatch.evaluation import get_suite
    for name in ("case2021", "plover-gsr", "meantime", "petrarch2"):
        params = inspect.signature(get_suite(name).run).parameters
        assert {"path", "limit", "half"} <= set(params), name
        assert params["half"].default is None and params["limit"].default is None


def test_lockbox_records_are_hidden_unless_the_working_half_is_scored():
    """Half 2 (and a run over all records, which holds half 2) shows figures, never records."""
    from wirewatch.evaluation.report import hide_records
    rep = {"suite": "s", "n": 2, "metrics": {"accuracy": 0.5, "confusion": [["A", "B", 3]],
                                               "by_class": {"A": {"p": 1.0, "r": 0.5}}},
           "worst": [{"id": "r1", "gold": "A", "predicted": "B", "text": "secret"}]}
    for half in (2, None):
        shown = hide_records(rep, half)
        assert shown["worst"] == [] and "records_hidden" in shown
        assert "confusion" not in shown["metrics"] and shown["metrics"]["accuracy"] == 0.5
        assert shown["metrics"]["by_class"] == rep["metrics"]["by_class"]
    assert hide_records(rep, 1) is rep
    assert hide_records(rep, 2, show_records=True) is rep
    assert rep["worst"] and "confusion" in rep["metrics"]  # the scorer's report itself is untouched


def test_cli_eval_half_2_prints_no_records(monkeypatch):
    from click.testing import CliRunner
    from wirewatch import evaluation
    from wirewatch.cli import main

    class Fake:
        @staticmethod
        def run(path, limit=None, half=None):
            return {"suite": "fake", "path": path, "n": 1, "metrics": {"accuracy": 1.0},
                    "worst": [{"id": "x", "text": "a lockbox sentence"}]}

    monkeypatch.setattr(evaluation, "get_suite", lambda name: Fake)
    for args, visible in ((["--half", "2"], False), ([], False), (["--half", "1"], True),
                          (["--half", "2", "--show-records"], True)):
        out = CliRunner().invoke(main, ["eval", "fake", ".", *args])
        assert out.exit_code == 0, out.output
        assert ("a lockbox sentence" in out.output) is visible
