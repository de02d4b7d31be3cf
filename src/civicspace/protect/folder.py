"""Face boxes for every image under a folder: the ``civicspace protect faces`` listing.

Each image gives one JSON line ``{"image": "<path relative to the folder>", "boxes": [[x, y, w, h,
score], ...]}``: the regions its public copy masks, in pixels of the upright image (the stored
pixel grid once any EXIF orientation is applied), rounded to whole pixels, score to 3 decimals.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from civicspace.errors import InvalidInput, ItemError
from civicspace.protect.centerface import Boxes
from civicspace.protect.sanitize import IMAGE_SUFFIXES, Limits, faces_in


@dataclass(frozen=True)
class Listed:
    """One image's boxes, or why it could not be read (``error``)."""

    image: str
    boxes: Boxes | None
    error: str | None = None

    def json_line(self) -> str:
        """The contract line (only for an image that was read)."""
        assert self.boxes is not None
        rows = [
            [int(x), int(y), int(w), int(h), round(float(score), 3)]
            for x, y, w, h, score in self.boxes.tolist()
        ]
        return json.dumps({"image": self.image, "boxes": rows}, ensure_ascii=False)


def image_paths(folder: Path) -> list[Path]:
    """Image files under ``folder`` (by suffix, any depth), in a stable order."""
    if not folder.is_dir():
        raise InvalidInput(f"{folder} is not a folder")
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
    )


def list_faces(folder: Path, limits: Limits = Limits()) -> Iterator[Listed]:
    """Boxes for each image under ``folder``; an unreadable image yields its error instead."""
    for path in image_paths(folder):
        name = path.relative_to(folder).as_posix()
        try:
            yield Listed(name, faces_in(path.read_bytes(), limits))
        except (InvalidInput, ItemError, OSError) as exc:
            yield Listed(name, None, str(exc))
