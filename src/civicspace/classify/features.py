"""Hashed word and character n-gram features, computed for a whole batch at once in numpy.

scikit-learn's ``HashingVectorizer`` builds n-grams one Python string at a time (~220 docs/s for
character 3–5-grams). Here every text of a batch is joined into one array of code points, a
polynomial prefix hash is taken once (``H[i] = Σ c[j]·P^j mod 2^64``), and the hash of any
substring ``[a, b)`` falls out as ``(H[b] − H[a])·P^−a`` — so all character n-grams, words and
word bigrams of the batch are hashed with a handful of vector operations. Each feature group
is weighted ``1/√(number of its n-grams in the document)``; duplicate n-grams add up.

Cue features (see :mod:`civicspace.classify.lexicon`) sit after the ``2**bits`` hashed columns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from civicspace.classify.lexicon import count_hits, lower_preserving, multilexicon

_P = 0x100000001B3  # odd, so invertible modulo 2**64
_P_INV = pow(_P, -1, 2**64)
_NONWORD = re.compile(r"[\W_]+")
_DIGITS = str.maketrans("0123456789", "0000000000")
U64 = np.uint64


def _fmix(h: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """MurmurHash3's 64-bit finaliser: spreads the polynomial hash over all bits."""
    h = h ^ (h >> U64(33))
    h = h * U64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> U64(33))
    h = h * U64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> U64(33))


class _Powers:
    """``P**i`` and ``P**-i`` modulo 2**64, grown on demand."""

    def __init__(self) -> None:
        self.pw = np.ones(1, dtype=np.uint64)
        self.ipw = np.ones(1, dtype=np.uint64)

    def ensure(self, n: int) -> None:
        if len(self.pw) >= n:
            return
        size = max(n, 2 * len(self.pw), 1 << 16)
        with np.errstate(over="ignore"):
            one = np.ones(1, dtype=np.uint64)  # (a plain [1] would promote to float64)
            self.pw = np.concatenate(
                [one, np.cumprod(np.full(size - 1, _P, dtype=np.uint64), dtype=np.uint64)]
            )
            self.ipw = np.concatenate(
                [one, np.cumprod(np.full(size - 1, _P_INV, dtype=np.uint64), dtype=np.uint64)]
            )
        assert self.pw.dtype == np.uint64 and self.ipw.dtype == np.uint64


_POWERS = _Powers()


def normalise(text: str) -> str:
    """Lower case, digits to 0, every run of non-word characters to one space."""
    return _NONWORD.sub(" ", lower_preserving(text).translate(_DIGITS)).strip()


@dataclass
class Groups:
    """Hashed features of a batch, kept per group (each group is sorted by document)."""

    n_docs: int
    n_cols: int
    rows: list[NDArray[np.int64]] = field(default_factory=list)
    cols: list[NDArray[np.int64]] = field(default_factory=list)
    vals: list[NDArray[np.float32]] = field(default_factory=list)

    def matrices(self) -> list[sp.csr_matrix]:
        out = []
        for rows, cols, vals in zip(self.rows, self.cols, self.vals, strict=True):
            indptr = np.zeros(self.n_docs + 1, dtype=np.int64)
            np.cumsum(np.bincount(rows, minlength=self.n_docs), out=indptr[1:])
            out.append(sp.csr_matrix((vals, cols, indptr), shape=(self.n_docs, self.n_cols)))
        return out

    def dot(self, weights: NDArray[np.float32]) -> NDArray[np.float32]:
        """``X @ weights`` without ever summing duplicate entries."""
        total = np.zeros((self.n_docs, weights.shape[1]), dtype=np.float32)
        for m in self.matrices():
            total += m @ weights
        return total

    def to_csr(self) -> sp.csr_matrix:
        """One CSR matrix with duplicates summed (for training)."""
        if not self.rows:
            return sp.csr_matrix((self.n_docs, self.n_cols), dtype=np.float32)
        coo = sp.coo_matrix(
            (np.concatenate(self.vals), (np.concatenate(self.rows), np.concatenate(self.cols))),
            shape=(self.n_docs, self.n_cols),
            dtype=np.float32,
        )
        m = coo.tocsr()
        m.sum_duplicates()
        return m


@dataclass(frozen=True)
class HashingFeaturizer:
    """Configuration of the hashed features; stored inside the model artifact."""

    bits: int = 18
    char_ngrams: tuple[int, ...] = (3, 4, 5)
    word_ngrams: tuple[int, ...] = (1, 2)
    max_chars: int = 600
    cue_chars: int = 600  # cue features read the title and the lead only

    @property
    def n_hashed(self) -> int:
        return 1 << self.bits

    def transform(self, texts: Sequence[str]) -> Groups:
        docs = [" " + normalise(t[: self.max_chars]) + " " for t in texts]
        n_docs = len(docs)
        groups = Groups(n_docs, self.n_hashed)
        if n_docs == 0:
            return groups
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n_docs)
        big = "".join(docs)
        codes = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        n = len(codes)
        _POWERS.ensure(n + 1)
        pw, ipw = _POWERS.pw, _POWERS.ipw
        prefix = np.zeros(n + 1, dtype=np.uint64)
        with np.errstate(over="ignore"):
            np.cumsum(codes * pw[:n], out=prefix[1:])
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        ends = np.repeat(np.cumsum(lengths), lengths)
        positions = np.arange(n, dtype=np.int64)
        shift = U64(64 - self.bits)

        def add(rows: NDArray[np.int64], hashes: NDArray[np.uint64], salt: int) -> None:
            if len(rows) == 0:
                return
            cols = (_fmix(hashes ^ U64(salt)) >> shift).astype(np.int64)
            counts = np.bincount(rows, minlength=n_docs).astype(np.float32)
            scale = np.zeros(n_docs, dtype=np.float32)
            nz = counts > 0
            scale[nz] = 1.0 / np.sqrt(counts[nz])
            groups.rows.append(rows)
            groups.cols.append(cols)
            groups.vals.append(scale[rows])

        with np.errstate(over="ignore"):
            for k in self.char_ngrams:
                starts = positions[: max(n - k + 1, 0)]
                starts = starts[starts + k <= ends[: len(starts)]]
                h = (prefix[starts + k] - prefix[starts]) * ipw[starts]
                add(doc_of[starts], h, 0x9E3779B97F4A7C15 * k % 2**64)
            spaces = np.flatnonzero(codes == 32)
            ws, we = spaces[:-1] + 1, spaces[1:]
            keep = we > ws
            ws, we = ws[keep], we[keep]
            word_doc = doc_of[ws]
            hw = (prefix[we] - prefix[ws]) * ipw[ws]
            if 1 in self.word_ngrams:
                add(word_doc, hw, 0x51ED270B27FD0A5B)
            if 2 in self.word_ngrams and len(hw) > 1:
                same = word_doc[1:] == word_doc[:-1]
                hb = hw[:-1][same] * U64(0x2545F4914F6CDD1D) + hw[1:][same]
                add(word_doc[1:][same], hb, 0x3C6EF372FE94F82B)
        return groups


def cue_matrix(
    counts: Sequence[tuple[dict[str, int], dict[str, int]]], names: Sequence[str]
) -> sp.csr_matrix:
    """Cue features: 1 where ``cue:kind:label`` (any cue) or ``strong:kind:label`` occurs.

    Presence rather than counts keeps short notes and long articles on one scale.
    """
    index = {name: i for i, name in enumerate(names)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, (every, strong) in enumerate(counts):
        for prefix, counter in (("cue:", every), ("strong:", strong)):
            for key, c in counter.items():
                j = index.get(prefix + key)
                if j is not None and c > 0:
                    rows.append(r)
                    cols.append(j)
                    vals.append(1.0)
    return sp.csr_matrix(
        (np.asarray(vals, dtype=np.float32), (rows, cols)),
        shape=(len(counts), len(names)),
        dtype=np.float32,
    )


def document_text(title: str | None, text: str | None) -> str:
    """What the coder reads: the title, then the body (the featurizer caps the length)."""
    title = (title or "").strip()
    text = (text or "").strip()
    if title and not text.startswith(title):
        return f"{title}.\n{text}" if text else title
    return text


def text_windows(title: str | None, text: str | None, size: int, count: int) -> list[str]:
    """What the coder reads of a long document: the lead (:func:`document_text`), then up to
    ``count - 1`` further windows of ``size`` characters of the body, each behind the title.

    Windows overlap by a tenth and start at a word boundary, so a sentence cut by one window is
    whole in the next. A document no longer than ``size`` has its lead alone.
    """
    lead = document_text(title, text)
    body = (text or "").strip()
    if len(body) <= size or count <= 1:
        return [lead]
    head = (title or "").strip()[: size // 2]
    width = size - len(head) - 2 if head else size  # the title and the chunk fit in ``size``
    step = max(width - width // 10, 1)
    out = [lead]
    start = step  # the lead read the first ``width`` characters of the body
    while start < len(body) and len(out) < count:
        space = body.find(" ", start, start + 40)
        begin = space + 1 if space >= 0 else start
        chunk = body[begin : begin + width]
        out.append(f"{head}.\n{chunk}" if head else chunk)
        start += step
    return out


def telling_score(strong: Mapping[str, int]) -> int:
    """How well a window tells an incident, from its strong cue counts per ``kind:label``
    (``count_hits``, ``Prepared.strong``): strong violation cues count twice, target cues once."""
    return sum(
        2 * c if key.startswith("violations:") else c
        for key, c in strong.items()
        if key.startswith(("violations:", "targets:"))
    )


def telling_window(
    title: str | None,
    text: str | None,
    lang: str | None,
    size: int,
    count: int,
    lead_strong: Mapping[str, int] | None = None,
) -> str:
    """Where a document tells its incident: of its :func:`text_windows`, the one with the most
    strong violation cues (counted twice) and target cues (:func:`telling_score`); ties go to the
    earliest, the lead first. Training reads documents here, and so do the backends that read
    one window.

    ``lead_strong``: the lead's strong cue counts when the caller has already scanned the lead's
    first ``size`` characters in ``lang`` (``Prepared.strong`` of the cheap pass); the lead is
    then not scanned again."""
    candidates = text_windows(title, text, size, count)
    if len(candidates) == 1:
        return candidates[0]
    ml = multilexicon()

    def cues(window: str) -> int:
        _lang, hits = ml.find(lower_preserving(window[:size]), lang)
        return telling_score(count_hits(hits)[1])

    lead = telling_score(lead_strong) if lead_strong is not None else cues(candidates[0])
    scores = [lead] + [cues(w) for w in candidates[1:]]
    return candidates[scores.index(max(scores))]
