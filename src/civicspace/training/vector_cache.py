"""Sentence vectors cached on disk, keyed by the model and a hash of the text.

Embedding thousands of training texts is the slow part of training heads over a sentence model;
the cache (one SQLite file, outside git: default ``.cache/civicspace/vectors.sqlite``) makes a
second run, or a run with other head settings, read vectors instead of computing them. A key is
``sha256(text)``; the model's id (:func:`civicspace.textvec.multilingual.model_id`) is part of
every row, so another model or version never reads the wrong vectors.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

DEFAULT_PATH = Path(".cache/civicspace/vectors.sqlite")
Encoder = Callable[[Sequence[str]], NDArray[np.float32]]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorCache:
    """``vectors(texts)``: cached rows where present, the encoder's for the rest (then stored)."""

    def __init__(self, path: Path, model: str, encode: Encoder, chunk: int = 256) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS vectors "
            "(model TEXT NOT NULL, key TEXT NOT NULL, vec BLOB NOT NULL, PRIMARY KEY (model, key))"
        )
        self.model, self.encode, self.chunk = model, encode, chunk

    def _lookup(self, keys: list[str]) -> dict[str, NDArray[np.float32]]:
        found: dict[str, NDArray[np.float32]] = {}
        for key in keys:
            row = self.db.execute(
                "SELECT vec FROM vectors WHERE model = ? AND key = ?", (self.model, key)
            ).fetchone()
            if row is not None:
                found[key] = np.frombuffer(row[0], dtype=np.float32)
        return found

    def vectors(
        self, texts: Sequence[str], log: Callable[[str], None] | None = None
    ) -> NDArray[np.float32]:
        keys = [text_key(t) for t in texts]
        found = self._lookup(sorted(set(keys)))
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in found}.items())
        if log and todo:
            log(f"embedding {len(todo)} texts ({len(found)} cached)")
        for i in range(0, len(todo), self.chunk):
            part = todo[i : i + self.chunk]
            vecs = np.asarray(self.encode([t for _k, t in part]), dtype=np.float32)
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO vectors (model, key, vec) VALUES (?, ?, ?)",
                    [(self.model, k, v.tobytes()) for (k, _t), v in zip(part, vecs, strict=True)],
                )
            found.update({k: v for (k, _t), v in zip(part, vecs, strict=True)})
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def close(self) -> None:
        self.db.close()
