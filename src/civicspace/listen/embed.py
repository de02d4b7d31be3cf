"""Offline sentence vectors from WordLlama, whose weights and tokenizer ship in its wheel.

``wordllama.WordLlama.load`` looks for the tokenizer in a folder the wheel does not have and
then tries to download it; this module opens the packaged files directly, so nothing is fetched.
A sentence vector is the mean of its token vectors (the model's own pooling), unit-normalised,
optionally truncated to fewer dimensions (the model is trained so that prefixes still work).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from civicspace.errors import ConfigError

MODEL_DIM = 256
Matrix = NDArray[np.float32]


class Embedder:
    """Token and sentence vectors of the packaged WordLlama model (L2 "supercat", 256 dims)."""

    def __init__(self, table: NDArray[np.float32], tokenizer: object) -> None:
        self.table = table
        self.tokenizer = tokenizer

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text (no special tokens)."""
        encs = self.tokenizer.encode_batch(texts, add_special_tokens=False)  # type: ignore[attr-defined]
        return [list(e.ids) for e in encs]

    def pool(self, ids: list[list[int]], dim: int = MODEL_DIM) -> Matrix:
        """Unit-length mean of the token vectors of each id list (zeros for an empty one)."""
        out = np.zeros((len(ids), dim), dtype=np.float32)
        table = self.table[:, :dim]
        for i, row in enumerate(ids):
            if row:
                out[i] = table[row].mean(axis=0)
        return normalise(out)

    def embed(self, texts: list[str], dim: int = MODEL_DIM) -> Matrix:
        """Unit-length sentence vectors, ``dim`` ≤ 256 leading dimensions."""
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        return self.pool(self.token_ids(texts), dim)


def normalise(vectors: Matrix) -> Matrix:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)


def _package_files() -> tuple[Path, Path]:
    try:
        import wordllama
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ConfigError(
            "the listen area needs the wordllama package: pip install wordllama"
        ) from exc
    root = Path(wordllama.__file__).parent
    weights = root / "weights" / "l2_supercat_256.safetensors"
    tokenizer = root / "tokenizers" / "l2_supercat_tokenizer_config.json"
    for path in (weights, tokenizer):
        if not path.is_file():
            raise ConfigError(f"wordllama is installed without its model file {path.name}")
    return weights, tokenizer


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    """The packaged model, loaded once per process (about a second)."""
    from safetensors import safe_open
    from tokenizers import Tokenizer

    weights, tokenizer_file = _package_files()
    with safe_open(str(weights), framework="np") as fh:
        table = np.ascontiguousarray(fh.get_tensor("embedding.weight"), dtype=np.float32)
    return Embedder(table, Tokenizer.from_file(str(tokenizer_file)))
