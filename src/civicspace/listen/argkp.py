"""The IBM ArgKP-2021 data (``<data_dir>/ibm_argkp_2021``): arguments, key points, labels.

Splits: ``train`` and ``dev`` in ``kpm_data/``, ``test`` in ``test_data/``. Labels hold only the
decided pairs; undecided pairs (15–60% of annotators said "match") are absent, as published.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from civicspace.errors import NotFound

FOLDER = "ibm_argkp_2021"
SPLITS = {"train": "kpm_data", "dev": "kpm_data", "test": "test_data"}


@dataclass(frozen=True)
class Argument:
    id: str
    text: str
    topic: str
    stance: int


@dataclass(frozen=True)
class KeyPoint:
    id: str
    text: str
    topic: str
    stance: int


@dataclass
class ArgKPSplit:
    """One split: arguments, key points, and gold labels keyed by (argument id, key point id)."""

    name: str
    arguments: list[Argument]
    key_points: list[KeyPoint]
    labels: dict[tuple[str, str], int]

    def groups(self) -> dict[tuple[str, int], tuple[list[Argument], list[KeyPoint]]]:
        """Arguments and key points per (topic, stance), the unit the metric averages over."""
        out: dict[tuple[str, int], tuple[list[Argument], list[KeyPoint]]] = defaultdict(
            lambda: ([], [])
        )
        for a in self.arguments:
            out[(a.topic, a.stance)][0].append(a)
        for k in self.key_points:
            out[(k.topic, k.stance)][1].append(k)
        return dict(out)


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise NotFound(f"ArgKP-2021 file not found: {path}")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_split(data_dir: Path, split: str) -> ArgKPSplit:
    """Read one split from ``data_dir/ibm_argkp_2021``."""
    if split not in SPLITS:
        raise NotFound(f"no ArgKP-2021 split {split!r}; choose one of {', '.join(SPLITS)}")
    folder = data_dir / FOLDER / SPLITS[split]
    arguments = [
        Argument(r["arg_id"], r["argument"], r["topic"], int(r["stance"]))
        for r in _rows(folder / f"arguments_{split}.csv")
    ]
    key_points = [
        KeyPoint(r["key_point_id"], r["key_point"], r["topic"], int(r["stance"]))
        for r in _rows(folder / f"key_points_{split}.csv")
    ]
    labels = {
        (r["arg_id"], r["key_point_id"]): int(r["label"])
        for r in _rows(folder / f"labels_{split}.csv")
    }
    return ArgKPSplit(split, arguments, key_points, labels)
