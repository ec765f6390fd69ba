"""Near-duplicate articles: syndicated copies and updated versions, found with MinHash + LSH.

Why MinHash: a syndicated copy differs from its original by a headline, a byline, a paragraph or
some spacing, so the content hash (exact duplicates) misses it, while word 3-gram shingles barely
change. The MinHash signature (128 values, datasketch) estimates the Jaccard similarity of the shingle
sets; LSH banding (64 bands x 2 rows) finds candidates without comparing against every article.

Persistence: signatures and band keys live in the store (tables ``article_signatures`` and
``article_lsh``, created by ``wirewatch.stories.MIGRATIONS``), so detection works across runs and
processes and nothing is rebuilt from the stored texts. A candidate is accepted when the estimated
Jaccard is >= ``JACCARD`` or when the smaller article is (estimated) >= ``CONTAINMENT`` contained in
the larger one (an update that added paragraphs, or a trimmed copy), AND both articles have at least
``MIN_SHINGLES`` shingles AND their ledes match (``LEDE_JACCARD``, session 9, review3 finding 2):
distinct wire reports often share a standard background paragraph ("X has been battling an
insurgency since ..."), which alone can push the whole-text figures over the thresholds, while a
syndicated copy or an update keeps the report's own opening paragraph (the inverted pyramid of news
writing: the lede carries the what / where / when of the report).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable, Optional

import numpy as np
from datasketch import MinHash

from .db import Connection

NUM_PERM = 128
BANDS, ROWS = 64, 2          # 64 x 2 = 128; with MIN_BANDS = 3 a pair is a candidate with probability
                             # ~0.93 at Jaccard 0.3, ~1.0 at 0.4, ~0.47 at 0.2, ~0.03 at 0.1
SHINGLE = 3                  # words per shingle
SEED = 1                     # fixed: signatures stored by one process must compare with another's
JACCARD = 0.5                # accept as a version at or above this estimated Jaccard ...
CONTAINMENT = 0.8            # ... or when the smaller article is this much inside the larger one
MIN_BANDS = 3               # LSH candidates must share this many bands (see ``candidates``)
MAX_BUCKET = 20              # articles kept per LSH bucket (see ``save``)
MIN_SHINGLES = 30            # texts shorter than this are never called versions (too little evidence):
                             # 30 word 3-grams = 32 words, more than one news sentence (session 9: at 8,
                             # one-sentence snippets that differ by a place name were versions by MinHash
                             # noise, J 0.45 +- 0.04; such short texts are analysed and their events merged)
LEDE_WORDS = 50              # the lede: the first <= 50 words of the first paragraph of >= LEDE_MIN_WORDS
LEDE_MIN_WORDS = 20          # words (short lines: headline, byline, dateline, are skipped), else of the text
LEDE_JACCARD = 0.5           # a version's lede must match the other's lede at least this much

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Signature:
    """MinHash of an article's word shingles plus the shingle count (for containment), and the same of
    its lede (``lede``; None for a signature stored before session 9: no lede test then)."""
    hashvalues: np.ndarray
    size: int
    lede: Optional["Signature"] = None

    @classmethod
    def of(cls, text: str, *, with_lede: bool = True) -> "Signature":
        shingles = shingle_set(text)
        m = MinHash(num_perm=NUM_PERM, seed=SEED)
        if shingles:
            m.update_batch(list(shingles))
        return cls(m.hashvalues.copy(), len(shingles), cls.of(lede(text), with_lede=False) if with_lede else None)

    @classmethod
    def from_blob(cls, blob: bytes, size: int, lede_blob: Optional[bytes] = None,
                  lede_size: Optional[int] = None) -> "Signature":
        lede_sig = cls.from_blob(lede_blob, lede_size) if lede_blob is not None and lede_size is not None else None
        return cls(np.frombuffer(blob, dtype=_DTYPE).copy(), size, lede_sig)

    def blob(self) -> bytes:
        return self.hashvalues.astype(_DTYPE).tobytes()

    def band_keys(self) -> list[tuple[int, int]]:
        """(band, key) pairs: articles sharing any pair are LSH candidates."""
        hv = self.hashvalues.astype(_DTYPE)
        return [(b, _key(hv[b * ROWS:(b + 1) * ROWS].tobytes())) for b in range(BANDS)]

    def jaccard(self, other: "Signature") -> float:
        if self.size == 0 or other.size == 0:
            return 0.0
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM

    def containment(self, other: "Signature", jaccard: Optional[float] = None) -> float:
        """Estimated |A & B| / min(|A|, |B|), from the Jaccard estimate and the set sizes."""
        j = self.jaccard(other) if jaccard is None else jaccard
        small = min(self.size, other.size)
        if small == 0:
            return 0.0
        inter = j / (1.0 + j) * (self.size + other.size)
        return min(1.0, inter / small)


_DTYPE = MinHash(num_perm=NUM_PERM, seed=SEED).hashvalues.dtype


def _key(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


def shingle_set(text: str) -> set[bytes]:
    """Lower-cased word 3-grams: insensitive to spacing, line breaks and punctuation."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


_PARAGRAPH = re.compile(r"\s*\n\s*")


def lede(text: str) -> str:
    """The report's opening: the first ``LEDE_WORDS`` words of its first paragraph (line) of at least
    ``LEDE_MIN_WORDS`` words, so a headline, byline or dateline line is skipped; of the whole text when
    no paragraph is that long."""
    for para in _PARAGRAPH.split(text):
        words = _WORD.findall(para)
        if len(words) >= LEDE_MIN_WORDS:
            return " ".join(words[:LEDE_WORDS])
    return " ".join(_WORD.findall(text)[:LEDE_WORDS])


def is_version(a: Signature, b: Signature) -> tuple[bool, float, float]:
    """(near-duplicate?, estimated Jaccard, estimated containment). Both texts must be long enough
    (``MIN_SHINGLES``), similar (``JACCARD`` or ``CONTAINMENT``) and open with the same lede
    (``LEDE_JACCARD``; not tested when either signature has no lede, i.e. was stored before session 9)."""
    if min(a.size, b.size) < MIN_SHINGLES:
        return False, 0.0, 0.0
    j = a.jaccard(b)
    c = a.containment(b, j)
    same_lede = a.lede is None or b.lede is None or a.lede.jaccard(b.lede) >= LEDE_JACCARD
    return (j >= JACCARD or c >= CONTAINMENT) and same_lede, j, c


# -- persistence -------------------------------------------------------------------------------------
def save(conn: Connection, article_pk: int, sig: Signature) -> None:
    """Store the signature and its band keys (idempotent).

    A band bucket that already holds ``MAX_BUCKET`` articles gets no more: such a bucket is boilerplate
    shared by a whole outlet, and leaving it open would make every lookup slower as the store grows.
    A real copy still shares plenty of the other buckets.
    """
    lede_sig = sig.lede
    conn.execute("INSERT INTO article_signatures (article_pk, minhash, n_shingles, lede_minhash, lede_shingles)"
                 " VALUES (?,?,?,?,?) ON CONFLICT (article_pk) DO UPDATE SET minhash = excluded.minhash,"
                 " n_shingles = excluded.n_shingles, lede_minhash = excluded.lede_minhash,"
                 " lede_shingles = excluded.lede_shingles",
                 (article_pk, sig.blob(), sig.size, lede_sig and lede_sig.blob(), lede_sig and lede_sig.size))
    conn.execute("DELETE FROM article_lsh WHERE article_pk = ?", (article_pk,))
    keys = sig.band_keys()
    placeholders = ",".join("(?,?)" for _ in keys)
    open_keys = conn.execute(
        f"WITH q(band, key) AS (VALUES {placeholders}) SELECT band, key FROM q WHERE (SELECT COUNT(*) FROM"
        f" (SELECT 1 FROM article_lsh l WHERE l.band = q.band AND l.key = q.key LIMIT ?) b) < ?",
        [*[v for pair in keys for v in pair], MAX_BUCKET, MAX_BUCKET]).fetchall()
    conn.executemany("INSERT INTO article_lsh (band, key, article_pk) VALUES (?,?,?)",
                     [(b, k, article_pk) for b, k in open_keys])


def load(conn: Connection, article_pk: int) -> Optional[Signature]:
    row = conn.execute("SELECT minhash, n_shingles, lede_minhash, lede_shingles FROM article_signatures"
                       " WHERE article_pk = ?", (article_pk,)).fetchone()
    return Signature.from_blob(*row) if row else None


def candidates(conn: Connection, sig: Signature, exclude: Iterable[int] = ()) -> list[int]:
    """Stored articles sharing at least ``MIN_BANDS`` LSH bands with ``sig``.

    Requiring several bands (not one) keeps the candidate count flat as the store grows: articles
    that only share boilerplate (Jaccard ~0.1) rarely share 3 of 64 bands, versions (>= 0.3) nearly always.
    """
    keys = sig.band_keys()
    placeholders = ",".join("(?,?)" for _ in keys)
    args = [v for pair in keys for v in pair]
    rows = conn.execute(f"WITH q(band, key) AS (VALUES {placeholders}) SELECT l.article_pk "
                        f"FROM q JOIN article_lsh l ON l.band = q.band AND l.key = q.key "
                        f"GROUP BY l.article_pk HAVING COUNT(*) >= ?", [*args, MIN_BANDS])
    skip = set(exclude)
    return [r[0] for r in rows if r[0] not in skip]


def canonical_of(conn: Connection, article_pk: int) -> int:
    """The canonical article of a stored article (itself when it is not a version)."""
    row = conn.execute("SELECT canonical_pk FROM article_versions WHERE article_pk = ?", (article_pk,)).fetchone()
    return row[0] if row else article_pk


@dataclass
class Match:
    canonical_pk: int      # the article this one is a version of (always a canonical, never a version)
    matched_pk: int        # the stored article it actually resembles (may itself be a version)
    jaccard: float
    containment: float


def find_version(conn: Connection, sig: Signature, exclude: Iterable[int] = ()) -> Optional[Match]:
    """Best stored near-duplicate of ``sig``, resolved to its canonical article, or None."""
    best: Optional[Match] = None
    pks = candidates(conn, sig, exclude)
    for i in range(0, len(pks), 500):
        chunk = pks[i:i + 500]
        rows = conn.execute(f"SELECT article_pk, minhash, n_shingles, lede_minhash, lede_shingles FROM"
                            f" article_signatures WHERE article_pk IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        for pk, *stored in rows:
            ok, j, c = is_version(sig, Signature.from_blob(*stored))
            if ok and (best is None or (j, c) > (best.jaccard, best.containment)):
                best = Match(canonical_of(conn, pk), pk, j, c)
    return best


def update_of(conn: Connection, article_pk: int, url: Optional[str], sig: Signature) -> Optional[Match]:
    """The match of an UPDATE: the latest article stored before ``article_pk`` at the same ``url``
    (its content differs, else it would be an exact duplicate), resolved to its canonical article,
    with the estimated Jaccard / containment of the two texts (0 when the earlier one has no
    signature yet). A same-URL update is a version whatever its similarity: the URL says so."""
    if not url:
        return None
    row = conn.execute("SELECT pk FROM articles WHERE url = ? AND pk < ? ORDER BY pk DESC LIMIT 1",
                       (url, article_pk)).fetchone()
    if row is None:
        return None
    old = load(conn, row[0])
    j = sig.jaccard(old) if old is not None else 0.0
    c = sig.containment(old, j) if old is not None else 0.0
    return Match(canonical_of(conn, row[0]), row[0], j, c)
