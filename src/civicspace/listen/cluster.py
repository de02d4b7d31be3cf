"""Group unit vectors into clusters: k-means with a size-driven k, deterministic.

k grows with the square root of the number of points (a few hundred comments give about ten
themes), capped by ``max_clusters``. Fixed seeds make a rerun give the same themes.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from numpy.typing import NDArray
from sklearn.cluster import KMeans

SEED = 0


def choose_k(n: int, max_clusters: int, per_cluster: float = 2.0) -> int:
    """About sqrt(n / per_cluster) clusters, at least 1, at most ``max_clusters`` and ``n``."""
    if n <= 1:
        return n
    return max(1, min(max_clusters, n, round(math.sqrt(n / per_cluster))))


def kmeans_labels(vectors: NDArray[np.float32], k: int) -> NDArray[np.int_]:
    """Cluster index of each row; clusters are renumbered largest first."""
    n = vectors.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int_)
    if k <= 1 or n <= k:
        return np.zeros(n, dtype=np.int_) if k <= 1 else np.arange(n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate points: fewer distinct clusters than k
        raw = KMeans(n_clusters=k, n_init=3, random_state=SEED).fit_predict(vectors)
    sizes = np.bincount(raw, minlength=k)
    order = np.argsort(-sizes, kind="stable")
    remap = np.empty(k, dtype=np.int_)
    remap[order] = np.arange(k)
    return remap[raw]


def centrality(vectors: NDArray[np.float32]) -> NDArray[np.float32]:
    """Cosine of each unit row to the members' mean direction."""
    centre = vectors.mean(axis=0)
    norm = float(np.linalg.norm(centre))
    if norm == 0:
        return np.zeros(vectors.shape[0], dtype=np.float32)
    return (vectors @ (centre / norm)).astype(np.float32)
