"""Features of every (argument, key point) pair of one topic and stance, for the matcher.

Absolute similarities (WordLlama cosines at several widths, with and without the topic's
direction, a soft token alignment, word and character TF-IDF cosines, content-word overlap) and
the same similarities relative to the other key points of the argument and to the other
arguments of the key point: the metric ranks each argument's *best* key point, so how much a
key point stands out for an argument matters as much as its raw similarity.
"""

from __future__ import annotations

import re

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from civicspace.listen.embed import Embedder, normalise
from civicspace.listen.minilm import Encoded

Matrix = NDArray[np.float32]
DIMS = (64, 128, 256)
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
BASE = [f"cos{d}" for d in DIMS] + [
    "cos_notopic",
    "align_kp",
    "align_arg",
    "tfidf_word",
    "tfidf_char",
    "overlap_kp",
    "overlap_jaccard",
    "prf_cos",
    "prf_tfidf",
]
RELATIVE = [
    "cos256",
    "cos_notopic",
    "align_kp",
    "tfidf_word",
    "tfidf_char",
    "overlap_kp",
    "prf_cos",
    "prf_tfidf",
]
PRF_TOP = 5
NAMES = (
    BASE
    + [f"{n}_minus_rowmax" for n in RELATIVE]
    + [f"{n}_rowrank" for n in RELATIVE]
    + [f"{n}_rowz" for n in RELATIVE]
    + [f"{n}_colz" for n in RELATIVE]
    + ["arg_tokens", "kp_tokens", "n_key_points", "arg_topic_cos", "kp_topic_cos"]
)
# with the contextual MiniLM model (``listen.minilm``), when it is installed
ML_BASE = ["ml_cos", "ml_cos_notopic", "ml_align_kp", "ml_align_arg", "ml_prf"]
ML_RELATIVE = ["ml_cos", "ml_cos_notopic", "ml_align_kp", "ml_align_arg", "ml_prf"]
ML_NAMES = (
    NAMES
    + ML_BASE
    + [f"{n}_minus_rowmax" for n in ML_RELATIVE]
    + [f"{n}_rowrank" for n in ML_RELATIVE]
    + [f"{n}_rowz" for n in ML_RELATIVE]
    + [f"{n}_colz" for n in ML_RELATIVE]
)


def _stems(text: str) -> set[str]:
    return {
        w[:5]
        for w in (m.group().lower() for m in _WORD.finditer(text))
        if w not in ENGLISH_STOP_WORDS
    }


def _overlap(args: list[str], kps: list[str]) -> tuple[Matrix, Matrix]:
    a_sets = [_stems(t) for t in args]
    k_sets = [_stems(t) for t in kps]
    cover = np.zeros((len(args), len(kps)), dtype=np.float32)
    jacc = np.zeros_like(cover)
    for i, a in enumerate(a_sets):
        for j, k in enumerate(k_sets):
            common = len(a & k)
            cover[i, j] = common / len(k) if k else 0.0
            union = len(a | k)
            jacc[i, j] = common / union if union else 0.0
    return cover, jacc


def _tfidf(args: list[str], kps: list[str], **kwargs: object) -> tuple[Matrix, Matrix]:
    """Argument × key point cosines, and argument × argument cosines."""
    vec = TfidfVectorizer(sublinear_tf=True, **kwargs)
    try:
        m = vec.fit_transform(args + kps)
    except ValueError:  # empty vocabulary: only stop words, or nothing the analyser keeps
        return (
            np.zeros((len(args), len(kps)), dtype=np.float32),
            np.zeros((len(args), len(args)), dtype=np.float32),
        )
    a = m[: len(args)]
    sims = (a @ m[len(args) :].T).toarray()
    return sims.astype(np.float32), (a @ a.T).toarray().astype(np.float32)


def _prf(seed: Matrix, arg_arg: Matrix, top: int = PRF_TOP) -> Matrix:
    """Pseudo-relevance feedback: each argument's mean similarity to the key point's ``top``
    most similar arguments (by ``seed``), a wider picture of the key point than its one line."""
    k = min(top, seed.shape[0])
    best = np.argsort(-seed, axis=0, kind="stable")[:k]  # (k × kps)
    return np.stack([arg_arg[:, best[:, j]].mean(axis=1) for j in range(seed.shape[1])], axis=1)


def _alignment(emb: Embedder, args: list[str], kps: list[str]) -> tuple[Matrix, Matrix]:
    """BERTScore-like soft matching of WordLlama token vectors, both directions."""
    table = emb.table

    def tokens(texts: list[str]) -> list[Matrix]:
        out = []
        for ids in emb.token_ids(texts):
            vecs = table[ids] if ids else np.zeros((1, table.shape[1]), dtype=np.float32)
            out.append(normalise(vecs))
        return out

    return _align_tokens(tokens(args), tokens(kps))


def _align_tokens(a_tok: list[Matrix], k_tok: list[Matrix]) -> tuple[Matrix, Matrix]:
    """Mean best cosine of each key point token (first) and of each argument token (second)."""
    kp_side = np.zeros((len(a_tok), len(k_tok)), dtype=np.float32)
    arg_side = np.zeros_like(kp_side)
    for i, a in enumerate(a_tok):
        for j, k in enumerate(k_tok):
            sim = k @ a.T
            kp_side[i, j] = sim.max(axis=1).mean()
            arg_side[i, j] = sim.max(axis=0).mean()
    return kp_side, arg_side


def _rowz(m: Matrix) -> Matrix:
    sd = m.std(axis=1, keepdims=True)
    sd[sd == 0] = 1.0
    return (m - m.mean(axis=1, keepdims=True)) / sd


def _rank(m: Matrix) -> Matrix:
    return np.argsort(np.argsort(-m, axis=1, kind="stable"), axis=1).astype(np.float32)


def _relative(base: dict[str, Matrix], names: list[str]) -> list[Matrix]:
    cols = [base[n] - base[n].max(axis=1, keepdims=True) for n in names]
    cols += [_rank(base[n]) for n in names]
    cols += [_rowz(base[n]) for n in names]
    cols += [_rowz(base[n].T).T for n in names]
    return cols


def minilm_features(ml_args: Encoded, ml_kps: Encoded, ml_topic: Encoded) -> Matrix:
    """The ``ML_NAMES`` columns after ``NAMES``: contextual MiniLM similarities."""
    a, k, t = ml_args.sentences, ml_kps.sentences, ml_topic.sentences[0]
    base: dict[str, Matrix] = {"ml_cos": a @ k.T}
    a_nt = normalise(a - np.outer(a @ t, t))
    k_nt = normalise(k - np.outer(k @ t, t))
    base["ml_cos_notopic"] = a_nt @ k_nt.T
    a_tok = [
        normalise(x) if len(x) else np.zeros((1, a.shape[1]), np.float32) for x in ml_args.tokens
    ]
    k_tok = [
        normalise(x) if len(x) else np.zeros((1, a.shape[1]), np.float32) for x in ml_kps.tokens
    ]
    base["ml_align_kp"], base["ml_align_arg"] = _align_tokens(a_tok, k_tok)
    seed = _rowz(base["ml_cos"].T).T + _rowz(base["ml_align_kp"].T).T
    base["ml_prf"] = _prf(seed, a @ a.T)
    cols = [base[n] for n in ML_BASE] + _relative(base, ML_RELATIVE)
    return np.stack(cols, axis=2).astype(np.float32)


def pair_features(emb: Embedder, topic: str, args: list[str], kps: list[str]) -> Matrix:
    """A (len(args) × len(kps) × len(NAMES)) array of features."""
    base: dict[str, Matrix] = {}
    full_a = emb.embed(args)
    full_k = emb.embed(kps)
    for d in DIMS:
        a, k = normalise(full_a[:, :d].copy()), normalise(full_k[:, :d].copy())
        base[f"cos{d}"] = a @ k.T
    t = emb.embed([topic])[0]
    a_nt = normalise(full_a - np.outer(full_a @ t, t))
    k_nt = normalise(full_k - np.outer(full_k @ t, t))
    base["cos_notopic"] = a_nt @ k_nt.T
    base["align_kp"], base["align_arg"] = _alignment(emb, args, kps)
    base["tfidf_word"], word_aa = _tfidf(args, kps, ngram_range=(1, 2), stop_words="english")
    base["tfidf_char"], _ = _tfidf(args, kps, analyzer="char_wb", ngram_range=(3, 5))
    base["overlap_kp"], base["overlap_jaccard"] = _overlap(args, kps)
    seed = _rowz(base["cos256"].T).T + _rowz(base["tfidf_word"].T).T + _rowz(base["align_kp"].T).T
    base["prf_cos"] = _prf(seed, full_a @ full_a.T)
    base["prf_tfidf"] = _prf(seed, word_aa)
    cols = [base[n] for n in BASE] + _relative(base, RELATIVE)
    shape = (len(args), len(kps))
    a_len = np.array([len(x) for x in emb.token_ids(args)], dtype=np.float32)
    k_len = np.array([len(x) for x in emb.token_ids(kps)], dtype=np.float32)
    cols.append(np.broadcast_to(a_len[:, None], shape))
    cols.append(np.broadcast_to(k_len[None, :], shape))
    cols.append(np.full(shape, len(kps), dtype=np.float32))
    cols.append(np.broadcast_to((full_a @ t)[:, None], shape))
    cols.append(np.broadcast_to((full_k @ t)[None, :], shape))
    return np.stack(cols, axis=2).astype(np.float32)
