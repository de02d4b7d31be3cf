"""The numpy n-gram hasher: deterministic, same as a slow reference, and fast to score."""

from __future__ import annotations

import numpy as np

from civicspace.classify.features import HashingFeaturizer, normalise


def _reference_hash(s: str) -> int:
    """Σ c[j]·P^j mod 2^64, the hash the vectorised code computes for one substring."""
    p = 0x100000001B3
    return sum(ord(ch) * pow(p, j, 2**64) for j, ch in enumerate(s)) % 2**64


def test_same_text_same_features_whatever_the_batch() -> None:
    fz = HashingFeaturizer(bits=16)
    a = fz.transform(["Police arrested protesters", "Другой текст"]).to_csr()
    b = fz.transform(["Something else entirely", "Police arrested protesters"]).to_csr()
    assert (a[0] != b[1]).nnz == 0


def test_matches_reference_polynomial_hash() -> None:
    from civicspace.classify import features

    fz = HashingFeaturizer(bits=20, char_ngrams=(3,), word_ngrams=())
    text = "ab cd"
    m = fz.transform([text]).to_csr()
    padded = " " + normalise(text) + " "
    expected = set()
    for i in range(len(padded) - 2):
        h = np.array([_reference_hash(padded[i : i + 3])], dtype=np.uint64)
        with np.errstate(over="ignore"):
            col = features._fmix(h ^ np.uint64(0x9E3779B97F4A7C15 * 3 % 2**64)) >> np.uint64(44)
        expected.add(int(col[0]))
    assert set(m.indices.tolist()) == expected


def test_dot_equals_sparse_product() -> None:
    fz = HashingFeaturizer(bits=14)
    texts = ["Police fired tear gas at students", "Le gouvernement a bloqué internet", ""]
    groups = fz.transform(texts)
    w = np.random.default_rng(0).normal(size=(fz.n_hashed, 3)).astype(np.float32)
    np.testing.assert_allclose(groups.dot(w), groups.to_csr() @ w, rtol=1e-4, atol=1e-4)


def test_rows_are_normalised_per_group() -> None:
    fz = HashingFeaturizer(bits=16, char_ngrams=(4,), word_ngrams=())
    m = fz.transform(["a b c d e f g h i j k"]).to_csr()
    assert 0.5 < float(m.multiply(m).sum()) <= 1.0 + 1e-5
