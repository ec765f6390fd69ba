"""Long documents (issue 10 item 6) and batches: a text longer than ``nlp.BLOCK_CHARS`` is parsed in blocks of
paragraphs and put back together. The result must be the same Doc and the same extraction, to the
character, as parsing the text whole; the cost itself is measured by scripts/bench_long.py, not here.
Every paragraph is invented for this file.
"""
import pytest

from wirewatch import nlp as nlp_stage
from wirewatch.nlp import line_breaks, parse, parse_many, plan_pieces

PARAGRAPHS = [
    "Militia fighters stormed a police post outside Gao on Thursday and killed three officers, a local "
    "official said. Soldiers pursued the attackers into the hills the following morning.",
    "Several hundred nurses rallied in front of the health ministry in Lusaka on Monday over unpaid "
    "salaries. Riot police detained 12 of them, the nurses' union said.",
    "The prime ministers of Norway and Finland met in Tromso on 4 May and agreed to share radar data "
    "along their border, a joint statement said.",
    "Artillery hit the outskirts of Zaporizhzhia overnight, wounding a firefighter, the regional "
    "administration said. Kyiv blamed Russian units stationed across the river.",
    "TITLE LINE WITHOUT A FULL STOP",
    "Kenya will deliver 30 tonnes of maize to Somalia next week, the agriculture minister announced in "
    "Nairobi, after a request from Mogadishu in April.",
]
SEPARATORS = ["\n\n", "\n", " \n", "\n \n  ", "\r\n\r\n", "\n\t"]  # the whitespace runs a block may follow


def long_text(n_chars: int) -> str:
    parts, i = [], 0
    while sum(map(len, parts)) < n_chars:
        parts.append(PARAGRAPHS[i % len(PARAGRAPHS)] + SEPARATORS[i % len(SEPARATORS)])
        i += 1
    return "".join(parts)


def annotations(doc):
    return [(t.idx, t.text, t.whitespace_, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_,
             t.is_sent_start) for t in doc]


def test_pieces_cover_the_text_and_cut_only_where_a_line_starts():
    text = long_text(12_000)
    pieces = plan_pieces(text, block_chars=1_500, context_chars=300)
    assert len(pieces) > 5
    assert pieces[0].keep_start == 0 and pieces[-1].keep_end == len(text)
    for a, b in zip(pieces, pieces[1:]):
        assert a.keep_end == b.keep_start  # kept parts tile the text
        assert text[b.keep_start - 1] == "\n" or text[b.keep_start - 1].isspace()
        assert not text[b.keep_start].isspace()
    for p in pieces:  # each block is parsed with context around it
        assert p.start <= p.keep_start - 300 or p.start == 0
        assert p.end >= p.keep_end + 300 or p.end == len(text)
    assert plan_pieces("short text", block_chars=1_500) == [nlp_stage.Piece(0, 10, 0, 10)]
    no_breaks = "word " * 1_000  # nowhere to cut: parsed whole
    assert [(p.start, p.end) for p in plan_pieces(no_breaks, block_chars=1_500)] == [(0, len(no_breaks))]


def test_a_text_parsed_in_blocks_is_the_same_doc_as_parsed_whole(pipeline):
    text = long_text(12_000)
    whole = pipeline.nlp(text)
    for block_chars in (700, 2_500):
        doc = parse(pipeline.nlp, text, block_chars=block_chars)
        assert doc.text == text
        assert annotations(doc) == annotations(whole)
        assert [(s.start_char, s.end_char) for s in doc.sents] == [(s.start_char, s.end_char) for s in whole.sents]


def test_extraction_offsets_in_blocks_equal_the_whole_text(pipeline, monkeypatch):
    text = long_text(8_000)
    whole = pipeline.extract(text, published="2025-05-06", id="b").to_dict()
    monkeypatch.setattr(nlp_stage, "BLOCK_CHARS", 1_000)
    blocks = pipeline.extract(text, published="2025-05-06", id="b").to_dict()
    assert blocks == whole and len(whole["events"]) > 10
    for e in blocks["events"]:
        assert text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
    # extract_many goes through the same blocks, in input order, between short texts
    rows = [{"id": "a", "text": PARAGRAPHS[0]}, {"id": "b", "text": text, "published": "2025-05-06"},
            {"id": "c", "text": PARAGRAPHS[1]}]
    many = [x.to_dict() for x in pipeline.extract_many(rows)]
    assert [m["id"] for m in many] == ["a", "b", "c"] and many[1] == blocks


def test_line_breaks_start_sentences_as_the_token_setter_did(pipeline):
    """The array-based component marks the same tokens as setting ``is_sent_start`` token by token
    (the old, quadratic way: each set checks the whole Doc for a parse)."""
    text = long_text(3_000) + " a\nb \n c\n\n"
    by_setter = pipeline.nlp.make_doc(text)
    for tok in by_setter[1:]:
        if "\n" in by_setter[tok.i - 1].text_with_ws:
            tok.is_sent_start = True
    doc = line_breaks(pipeline.nlp.make_doc(text))
    assert [t.is_sent_start for t in doc] == [t.is_sent_start for t in by_setter]
    assert sum(t.is_sent_start is True for t in doc) > 20


def test_extract_many_classifies_a_batch_at_once_with_the_same_results_as_one_by_one(pipeline):
    """``extract_many`` runs the sentence classifier once per batch (``predict_many``); each result
    must equal ``extract`` of that text alone, across batch boundaries and with an empty text."""
    texts = PARAGRAPHS + ["", PARAGRAPHS[0] + "\n\n" + PARAGRAPHS[3]]
    rows = [{"id": str(i), "text": t, "published": "2025-05-06"} for i, t in enumerate(texts)]
    one_by_one = [pipeline.extract(t, published="2025-05-06", id=str(i)).to_dict() for i, t in enumerate(texts)]
    assert [x.to_dict() for x in pipeline.extract_many(rows, batch_size=3)] == one_by_one
    assert sum(len(x["events"]) for x in one_by_one) > 5


class PiecesOnly:
    """The spaCy pipeline for ``parse``, except that parsing a whole long text (the fallback when blocks
    cannot be put back together) is an error."""

    def __init__(self, nlp):
        self.nlp = nlp

    def pipe(self, texts, **kwargs):
        return self.nlp.pipe(texts, **kwargs)

    def __call__(self, text):
        raise AssertionError(f"a {len(text)}-character text was parsed whole: its blocks did not fit together")


@pytest.mark.parametrize("separator,tail", [(sep, " ") for sep in SEPARATORS + ["\n ", "\n  \n "]]
                         + [("\n\n", ""), ("\n", "\n"), ("\n\t", " \n "), ("\r\n", "\t")])
def test_blocks_fit_together_whatever_whitespace_ends_them(pipeline, separator, tail):
    """A cut follows any run of whitespace holding a line break, and a text may end in whitespace: spaCy
    gives a lone trailing space to the token before it (``whitespace_``), not a token of its own. Each
    block must still be kept to its end and the blocks joined, never the whole text parsed again (which
    made 500k characters of bench_long.py cost 2x per character what 10k did)."""
    text = separator.join(PARAGRAPHS * 3) + tail
    whole = pipeline.nlp(text)
    doc = parse(PiecesOnly(pipeline.nlp), text, block_chars=700)
    assert doc.text == text
    assert annotations(doc) == annotations(whole)


# -- a text over pipeline.MAX_CHARS is analysed to its end (review3 item 3: the rest was silently dropped) --
def test_parts_tile_the_text_and_cut_where_a_line_starts():
    from wirewatch.pipeline import parts
    text = long_text(5_000)
    cut = parts(text, limit=700)
    assert "".join(p for _, p in cut) == text and all(len(p) <= 700 for _, p in cut) and len(cut) > 7
    assert [o for o, _ in cut] == [sum(len(p) for _, p in cut[:k]) for k in range(len(cut))]
    assert all(text[o - 1].isspace() and not text[o].isspace() for o, _ in cut[1:])
    assert parts("short", limit=700) == [(0, "short")] and parts("", limit=700) == [(0, "")]
    assert [len(p) for _, p in parts("word " * 300, limit=700)][0] <= 700  # no line break: after a space
    assert "".join(p for _, p in parts("x" * 1500, limit=700)) == "x" * 1500  # nothing to cut at: cut anyway


def test_a_text_over_the_cap_is_analysed_to_its_end(pipeline, monkeypatch):
    import wirewatch.pipeline as pipeline_module
    first = "Gunmen attacked an army checkpoint in Kidal on Monday, killing two soldiers, officials said.\n"
    last = "\nA car bomb exploded near a market in Gao on Tuesday, killing five people, police said.\n"
    text = first + long_text(3_000) + last
    whole = pipeline.extract(text, published="2025-10-14", id="long")
    monkeypatch.setattr(pipeline_module, "MAX_CHARS", 1_000)
    cut = pipeline.extract(text, published="2025-10-14", id="long")
    for ex in (cut, next(pipeline.extract_many([{"id": "long", "text": text, "published": "2025-10-14"}]))):
        assert ex.id == "long"
        assert {p.name for p in ex.places} >= {"Kidal", "Gao"}
        assert any(e.trigger.start > len(text) - len(last) for e in ex.events), "the last paragraph is analysed"
        for e in ex.events:  # offsets are the whole text's
            assert text[e.trigger.start:e.trigger.end] == e.trigger.text
            assert e.sentence["start"] <= e.trigger.start < e.sentence["end"] <= len(text)
        for x in ex.places + ex.actors + ex.times:
            assert text[x.start:x.end] == x.text
        # the parts are cut where a line starts, so each paragraph is analysed as in the whole text
        assert [(e.type, e.trigger.start) for e in ex.events] == [(e.type, e.trigger.start) for e in whole.events]


def test_extract_many_joins_the_parts_of_each_row_in_order(pipeline, monkeypatch):
    import wirewatch.pipeline as pipeline_module
    monkeypatch.setattr(pipeline_module, "MAX_CHARS", 800)
    rows = [{"id": "a", "text": long_text(2_500)}, {"id": "b", "text": PARAGRAPHS[0]}, {"id": "c", "text": ""},
            {"id": "d", "text": long_text(1_700)}]
    out = list(pipeline.extract_many(rows, batch_size=2))
    assert [o.id for o in out] == ["a", "b", "c", "d"]
    assert [len(o.events) for o in out] == [len(pipeline.extract(r["text"], id=r["id"]).events) for r in rows]
