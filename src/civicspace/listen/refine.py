"""Refined themes: k-means proposes key points, the trained matcher decides who supports them.

k-means puts every claim somewhere, so a theme also holds claims that only sit near it. With
refinement each theme's key point (its most central claim) is kept as a candidate, the
matcher (``listen.matcher``, trained on ArgKP-2021) scores every claim against every candidate,
and a claim joins its best candidate only when that score reaches ``threshold``; otherwise it
supports no theme. Slower than the cheap path (pair features for claims × candidates) and
English-trained.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from civicspace.listen.matcher import Matcher, load_matcher
from civicspace.listen.records import Claim


def matcher_labels(
    claims: Sequence[Claim],
    candidates: Sequence[int],
    topic: str,
    threshold: float,
    matcher: Matcher | None = None,
) -> NDArray[np.int_]:
    """For each claim, the index (in ``candidates``) of the key point it supports, or -1."""
    if not candidates:
        return np.full(len(claims), -1, dtype=np.int_)
    matcher = matcher or load_matcher()
    scores = matcher.scores(topic, [c.text for c in claims], [claims[i].text for i in candidates])
    labels = np.where(scores.max(axis=1) >= threshold, scores.argmax(axis=1), -1)
    labels[np.asarray(candidates)] = np.arange(len(candidates))  # a key point supports itself
    return labels.astype(np.int_)
