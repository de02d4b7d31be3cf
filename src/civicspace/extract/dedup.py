"""Exact and near-duplicate detection over the whole store.

Exact: SHA-256 of the normalised word sequence. Near: MinHash (datasketch, 128 permutations) of
word 3-shingles (character 5-shingles for scripts written without spaces), split into 16 bands of
8 rows. Each band's hash is a row of ``document_bands``, so a new document's candidates are one
indexed query away, whatever the store's size; candidates are then confirmed on the estimated
Jaccard similarity against the configured threshold.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
SCHEME = b"mh2"  # bump when shingling, seed or permutations change: old signatures then differ
_WORD = re.compile(r"\w+", re.UNICODE)
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine64")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def content_hash(text: str) -> str:
    """Hash of the text's words, blind to case, spacing and punctuation."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()


def shingles(text: str) -> set[bytes]:
    tokens = words(text)
    if len(tokens) * 12 < len(text):  # few spaces: CJK, Thai … use characters
        chars = re.sub(r"\W+", "", text.lower())
        return {chars[i : i + 5].encode() for i in range(max(1, len(chars) - 4))}
    if len(tokens) < 3:
        return {" ".join(tokens).encode()}
    return {" ".join(tokens[i : i + 3]).encode() for i in range(len(tokens) - 2)}


@dataclass(frozen=True)
class Signature:
    hashvalues: np.ndarray

    def to_bytes(self) -> bytes:
        return SCHEME + self.hashvalues.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes) -> Signature | None:
        if not blob.startswith(SCHEME):
            return None
        return cls(np.frombuffer(blob[len(SCHEME) :], dtype="<u8"))

    def band_keys(self) -> list[int]:
        """One key per LSH band: a hash of the band's number and rows, signed 64-bit (BIGINT).

        The band's number is hashed in, so equal keys mean the same band agrees and one indexed
        ``key IN (…)`` lookup finds every candidate.
        """
        rows = self.hashvalues.astype("<u8").tobytes()
        width = ROWS * 8
        return [
            int.from_bytes(
                hashlib.blake2b(
                    rows[band * width : (band + 1) * width], digest_size=8, person=b"band%d" % band
                ).digest(),
                "little",
                signed=True,
            )
            for band in range(BANDS)
        ]

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.mean(self.hashvalues == other.hashvalues))


def signature(text: str) -> Signature:
    mh = MinHash(num_perm=NUM_PERM, seed=1, permutations=_TEMPLATE.permutations, scheme="affine64")
    mh.update_batch(list(shingles(text)))
    return Signature(mh.hashvalues.copy())
