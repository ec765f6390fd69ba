"""The no-event suite (eval/no-event): false-event rates on an invented fixture with a fake pipeline.

Runs without ../shared: the fixture under tests/fixtures/eval/no-event is invented for these tests.
"""
from pathlib import Path

import pytest

from wirewatch.evaluation import get_suite, no_event

FIX = Path(__file__).parent / "fixtures" / "eval" / "no-event"
REPO_FILE = Path(__file__).resolve().parents[1] / "eval" / "no-event" / "sentences.txt"


def ev(type, confidence, acled=None, trigger="x"):
    return {"type": type, "confidence": confidence, "acled_sub_event_type": acled,
            "trigger": {"text": trigger, "start": 0, "end": len(trigger)}}


def events_for(text):
    if "pelican" in text:
        return [ev("ASSAULT", 0.9, "Attack", "nests")]
    if "glacier" in text:
        return [ev("CONSULT", 0.3), ev("CONSULT", 0.6, trigger="opens")]
    return []


class FakePipeline:
    def __init__(self):
        self.seen = []

    def extract_many(self, rows):
        for row in rows:
            self.seen.append(row)
            yield {"id": row["id"], "events": events_for(row["text"])}


def test_registered():
    assert get_suite("no-event") is no_event


def test_load_skips_comments_and_keeps_pipes_in_text():
    sents = no_event.load(str(FIX))
    assert [s.id for s in sents] == ["NE-001", "NE-002", "NE-003", "NE-004", "NE-005"]
    assert sents[2].text.endswith("apple | pear.") and sents[0].date == "2026-01-02"


def test_rates_all_records():
    pipe = FakePipeline()
    rep = no_event.run(str(FIX), pipeline=pipe)
    m = rep["metrics"]
    assert rep["suite"] == "no-event" and rep["n"] == 5
    assert m["false_event_rate"] == pytest.approx(2 / 5)
    assert m["false_events_per_sentence"] == pytest.approx(3 / 5)
    assert m["false_acled_rate"] == pytest.approx(1 / 5)
    assert m["per_type"]["CONSULT"] == {"sentences": 1, "events": 2}
    assert m["per_type"]["ASSAULT"] == {"sentences": 1, "events": 1}
    assert m["per_type"]["AGREE"] == {"sentences": 0, "events": 0}
    # the date is passed as the publication date
    assert pipe.seen[0]["published"] == "2026-01-02"
    # worst: only sentences with events, most confident first
    assert [w["id"] for w in rep["worst"]] == ["NE-002", "NE-004"]
    assert rep["worst"][1]["confidence"] == pytest.approx(0.6)


def test_halves_split():
    h1 = no_event.run(str(FIX), half=1, pipeline=FakePipeline())
    h2 = no_event.run(str(FIX), half=2, pipeline=FakePipeline())
    assert h1["n"] == 3 and h2["n"] == 2  # NE-001..003 hash to half 1, NE-004..005 to half 2
    assert h1["metrics"]["false_event_rate"] == pytest.approx(1 / 3)
    assert h1["metrics"]["false_acled_rate"] == pytest.approx(1 / 3)
    assert h2["metrics"]["false_event_rate"] == pytest.approx(1 / 2)
    assert h2["metrics"]["false_events_per_sentence"] == pytest.approx(1.0)
    assert h2["metrics"]["false_acled_rate"] == 0.0


def test_empty_selection_is_zero():
    m = no_event.score([], [])["metrics"]
    assert m["false_event_rate"] == 0.0 and m["false_events_per_sentence"] == 0.0


@pytest.mark.parametrize("line", [
    "NE-001 | 2026-01-02",                      # no text field
    "NE-1 | 2026-01-02 | A short line.",        # bad id
    "NE-001 | 02/01/2026 | A short line.",      # bad date
    "NE-001 | 2026-01-02 |   ",                 # empty text
])
def test_loader_rejects_malformed_lines(tmp_path, line):
    f = tmp_path / "sentences.txt"
    f.write_text("NE-009 | 2026-01-01 | A fine line.\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        no_event.load(str(f))


def test_loader_rejects_duplicate_ids(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("NE-001 | 2026-01-01 | One.\nNE-001 | 2026-01-02 | Two.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate"):
        no_event.load(str(f))


@pytest.mark.skipif(not REPO_FILE.exists(), reason="suite data not in this checkout")
def test_repository_suite_loads():
    sents = no_event.load(str(REPO_FILE))
    assert len(sents) == 200 and sents[0].id == "NE-001" and sents[-1].id == "NE-200"
