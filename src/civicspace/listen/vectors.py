"""Vectors to cluster claims with: WordLlama meaning beside character n-gram form, or
multilingual sentence vectors when the claims are in several languages.

The WordLlama sentence vector is joined by a 64-dimensional LSA of the claims' character 3–4
gram TF-IDF (fitted on the claims being clustered, so nothing is stored). Character n-grams
tie together claims that share words and word stems in any script; on the ArgKP-2021 train and
dev splits they raised generated theme coverage (0.246 → 0.275 train, 0.222 → 0.306 dev).

Neither is cross-lingual: a German claim and its English translation land far apart, so
claims in several languages would be grouped by language. When at least two languages each
hold a real share of the claims (``mixed_languages``) and the multilingual model is installed,
``theme_vectors`` uses ``civicspace.textvec.multilingual`` (USE multilingual v3) alone: on the
hand-written parallel set's dev topics it put 93% of statements in a theme of their own topic
in each of six languages, against 27% for WordLlama with character n-grams (``bench.crosslingual``).
Input in one language keeps the cheaper WordLlama path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from civicspace.listen.embed import Embedder, normalise
from civicspace.textvec import multilingual

LSA_DIMS = 64
MAX_GRAMS = 20_000  # the most frequent character n-grams; bounds time on large inputs
SEED = 0
# A language counts towards "mixed" when it holds this share of the claims with a known
# language, and at least this many claims: one-line comments get stray guesses (the Polis
# conversations, each in one language, have at most 3.7% in any second language).
MIXED_MIN_SHARE = 0.05
MIXED_MIN_CLAIMS = 3
NO_LANGUAGE = frozenset({"zxx", "und", "mul"})  # "no linguistic content", undetermined, several
# Guesses that name a variety of one written language the multilingual model reads as one.
FOLD = {"yue": "zh", "wuu": "zh", "gan": "zh", "hak": "zh", "nan": "zh", "nb": "no", "nn": "no"}


class VectorKind(StrEnum):
    wordllama = "wordllama"  # WordLlama + character LSA: one language
    multilingual = "multilingual"  # civicspace.textvec.multilingual: several languages


def char_lsa(texts: list[str], dims: int = LSA_DIMS) -> NDArray[np.float32] | None:
    """Unit LSA vectors of character 3–4-gram TF-IDF, or None when too few texts or grams."""
    if len(texts) < 5:
        return None
    try:
        tfidf = TfidfVectorizer(
            sublinear_tf=True,
            analyzer="char_wb",
            ngram_range=(3, 4),
            max_features=MAX_GRAMS,
            dtype=np.float32,
        ).fit_transform(texts)
    except ValueError:  # no n-grams at all
        return None
    k = min(dims, tfidf.shape[1] - 1, len(texts) - 1)
    if k < 2:
        return None
    z = TruncatedSVD(k, n_iter=2, random_state=SEED).fit_transform(tfidf).astype(np.float32)
    return normalise(z)


def claim_vectors(emb: Embedder, texts: list[str], char_weight: float) -> NDArray[np.float32]:
    """Unit vectors: WordLlama, joined by ``char_weight`` × the character LSA when available."""
    meaning = emb.embed(texts)
    form = char_lsa(texts) if char_weight > 0 else None
    if form is None:
        return meaning
    return normalise(np.concatenate([meaning, char_weight * form], axis=1))


def base_language(lang: str | None) -> str | None:
    """``de-AT`` → ``de``, ``yue`` → ``zh`` (``FOLD``); None for unknown and non-languages."""
    if not lang:
        return None
    code = lang.lower().replace("_", "-").split("-")[0]
    code = FOLD.get(code, code)
    return code if code and code not in NO_LANGUAGE else None


def language_counts(langs: Sequence[str | None]) -> Counter[str]:
    """Claims per language, varieties folded (``FOLD``), unknown and non-languages left out."""
    return Counter(base for lang in langs if (base := base_language(lang)))


def label_preference(langs: Sequence[str | None], kind: VectorKind) -> NDArray[np.bool_]:
    """Claims a theme should be named by first: on multilingual vectors, those in the group's
    most common language (the first seen on a tie), so that labels read in one language; on
    WordLlama, every claim."""
    counts = language_counts(langs)
    if kind is not VectorKind.multilingual or not counts:
        return np.ones(len(langs), dtype=np.bool_)
    main = counts.most_common(1)[0][0]
    return np.array([base_language(lang) == main for lang in langs], dtype=np.bool_)


def mixed_languages(langs: Sequence[str | None]) -> bool:
    """Whether at least two languages each hold ``MIXED_MIN_SHARE`` of the claims whose
    language is known, and at least ``MIXED_MIN_CLAIMS`` claims."""
    counts = language_counts(langs)
    known = sum(counts.values())
    big = [n for n in counts.values() if n >= MIXED_MIN_CLAIMS and n >= MIXED_MIN_SHARE * known]
    return len(big) >= 2


def vector_kind(langs: Sequence[str | None], allow_multilingual: bool = True) -> VectorKind:
    """Multilingual vectors for claims in several languages when the model is installed."""
    if allow_multilingual and mixed_languages(langs) and multilingual.available():
        return VectorKind.multilingual
    return VectorKind.wordllama


def theme_vectors(
    emb: Embedder,
    texts: list[str],
    langs: Sequence[str | None],
    char_weight: float,
    allow_multilingual: bool = True,
) -> tuple[NDArray[np.float32], VectorKind]:
    """Unit vectors to cluster ``texts`` (one language guess each, None: unknown) by meaning,
    and which kind they are (``vector_kind``)."""
    kind = vector_kind(langs, allow_multilingual)
    if kind is VectorKind.multilingual:
        return multilingual.embed(texts), kind
    return claim_vectors(emb, texts, char_weight), kind
