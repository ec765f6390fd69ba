"""MEANTIME (NewsReader, CAT XML): modality of event mentions.

Gold: one XML file per Wikinews article with ``<token t_id sentence>`` elements and, under
``<Markables>``, ``<EVENT_MENTION time certainty polarity ...>`` elements anchored on token ids.
Gold modality, in this order of precedence (first match wins):

1. ``polarity="NEG"`` -> negated   (a negated plan, "will not build", did/does not happen)
2. ``certainty`` POSSIBLE or PROBABLE -> possible   ("may build" is uncertain, not yet a plan)
3. ``time="FUTURE"`` -> planned
4. otherwise -> occurred

Mentions whose time, certainty and polarity are all empty were not annotated and are skipped.
The article text is rebuilt from the tokens (light detokenisation, sentences on separate lines) with
each token's character offsets kept, each document is parsed once, and every mention span goes to
``wirewatch.modality.classify_span(doc, start, end)``.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from defusedxml import ElementTree

from . import metrics

LABELS = ["occurred", "planned", "possible", "negated"]

_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'re", "'ve",
                    "'ll", "'d", "'m", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


@dataclass(frozen=True)
class Mention:
    doc_id: str
    m_id: str
    start: int
    end: int
    text: str
    gold: str
    pos: str = ""


@dataclass
class Document:
    id: str
    name: str
    text: str
    mentions: list[Mention] = field(default_factory=list)


def gold_modality(attrs: dict) -> Optional[str]:
    """Our modality label for a mention's CAT attributes, or None if it was not annotated."""
    time, certainty, polarity = (attrs.get(k, "") for k in ("time", "certainty", "polarity"))
    if not (time or certainty or polarity):
        return None
    if polarity == "NEG":
        return "negated"
    if certainty in ("POSSIBLE", "PROBABLE"):
        return "possible"
    if time == "FUTURE":
        return "planned"
    return "occurred"


def rebuild_text(tokens: Sequence[tuple[str, str, str]]) -> tuple[str, dict[str, tuple[int, int]]]:
    """Text and ``t_id -> (start, end)`` from ``(t_id, sentence, word)`` tokens in order."""
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos, prev_sent, prev_word = 0, None, None
    for t_id, sent, word in tokens:
        if prev_sent is None:
            sep = ""
        elif sent != prev_sent:
            sep = "\n"
        elif word in _NO_SPACE_BEFORE or prev_word in _NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        parts.append(sep + word)
        pos += len(sep)
        offsets[t_id] = (pos, pos + len(word))
        pos += len(word)
        prev_sent, prev_word = sent, word
    return "".join(parts), offsets


def parse_file(path: str) -> Document:
    root = ElementTree.parse(path).getroot()
    doc_id = root.get("doc_id") or os.path.basename(path)
    tokens = [(t.get("t_id"), t.get("sentence"), t.text or "") for t in root.iter("token")]
    text, offsets = rebuild_text(tokens)
    document = Document(id=str(doc_id), name=root.get("doc_name") or os.path.basename(path), text=text)
    markables = root.find("Markables")
    for mention in (markables.iter("EVENT_MENTION") if markables is not None else []):
        gold = gold_modality(mention.attrib)
        anchors = [offsets[a.get("t_id")] for a in mention.iter("token_anchor") if a.get("t_id") in offsets]
        if gold is None or not anchors:
            continue
        start, end = min(s for s, _ in anchors), max(e for _, e in anchors)
        document.mentions.append(Mention(document.id, mention.get("m_id", ""), start, end,
                                         text[start:end], gold, mention.get("pos", "")))
    return document


def load(path: str) -> list[Document]:
    """Documents of one XML file, of a corpus folder, or of every ``*.xml`` below ``path``."""
    if os.path.isfile(path):
        files = [path]
    else:
        files = sorted(glob.glob(os.path.join(path, "**", "*.xml"), recursive=True))
    return [parse_file(f) for f in files]


Classifier = Callable[[object, int, int], str]


def predict(documents: Sequence[Document], classify: Optional[Classifier] = None, nlp=None) -> list[list[str]]:
    """Modality of every mention, each document parsed once (per document, in mention order)."""
    if classify is None:
        from wirewatch.modality import classify_span as classify
    if nlp is None:
        from wirewatch import nlp as nlp_stage
        nlp = nlp_stage.load()
    out = []
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents)):
        out.append([classify(doc, m.start, m.end) for m in document.mentions])
    return out


def score(documents: Sequence[Document], predictions: Sequence[Sequence[str]]) -> dict:
    mentions = [m for d in documents for m in d.mentions]
    pred = [p for ps in predictions for p in ps]
    gold = [m.gold for m in mentions]
    report = metrics.classification(gold, pred, LABELS, top=12)
    by_pos = {}
    for pos in sorted({m.pos or "?" for m in mentions}):
        idx = [i for i, m in enumerate(mentions) if (m.pos or "?") == pos]
        by_pos[pos] = {"n": len(idx), "accuracy": metrics.accuracy([gold[i] for i in idx], [pred[i] for i in idx])}
    result = {"macro_f1": report["macro_f1"], "accuracy": report["accuracy"], "n_documents": len(documents),
              "per_class": report["per_class"], "confusion": report["confusion"], "by_pos": by_pos}
    texts = {d.id: d.text for d in documents}
    return {"metrics": result, "worst": _worst(mentions, pred, texts)}


def _context(text: str, start: int, end: int, width: int = 90) -> str:
    """The mention marked with [[ ]] inside its line, cut around it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = text[max(line_start, start - width):start]
    right = text[end:min(line_end, end + width)]
    return f"{left}[[{text[start:end]}]]{right}"


def _worst(mentions: Sequence[Mention], pred: Sequence[str], texts: dict, keep: int = 60) -> list[dict]:
    """Errors on the rare classes first (they drive macro-F1), then the rest."""
    wrong = [(m, p) for m, p in zip(mentions, pred) if p != m.gold]
    wrong.sort(key=lambda mp: (mp[0].gold == "occurred", mp[0].doc_id))
    return [{"doc": m.doc_id, "m_id": m.m_id, "gold": m.gold, "predicted": p, "pos": m.pos,
             "text": _context(texts[m.doc_id], m.start, m.end)} for m, p in wrong[:keep]]


def run(path: str, limit: Optional[int] = None, half: Optional[int] = None, classify=None, nlp=None) -> dict:
    """``limit`` and ``half`` select documents (a split never cuts a document in two)."""
    documents = metrics.select(load(path), lambda d: d.id, limit, half)
    result = score(documents, predict(documents, classify, nlp))
    n = sum(len(d.mentions) for d in documents)
    return {"suite": "meantime", "path": path, "n": n, "half": half, **result}


if __name__ == "__main__":  # pragma: no cover
    import sys

    from .report import main
    sys.exit(main(sys.modules[__name__]))
