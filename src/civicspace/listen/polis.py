"""Comments of the Polis open data conversations (``<data_dir>/polis_opendata``) as contributions.

Each conversation is one question; the comment id is prefixed with the conversation's folder name.
"""

from __future__ import annotations

import csv
from pathlib import Path

from civicspace.errors import NotFound
from civicspace.listen.records import Contribution

FOLDER = "polis_opendata"


def conversations(data_dir: Path) -> list[str]:
    """Names of the conversation folders that have a ``comments.csv``."""
    root = data_dir / FOLDER
    if not root.is_dir():
        raise NotFound(f"Polis open data not found at {root}")
    return sorted(p.parent.name for p in root.glob("*/comments.csv"))


def load_comments(data_dir: Path, conversation: str) -> list[Contribution]:
    """Non-empty comments of one conversation, in file order."""
    path = data_dir / FOLDER / conversation / "comments.csv"
    if not path.is_file():
        raise NotFound(f"no Polis conversation {conversation!r} at {path.parent}")
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = (row.get("comment-body") or "").strip()
            if text:
                out.append(Contribution(f"{conversation}:{row['comment-id']}", text, conversation))
    return out
