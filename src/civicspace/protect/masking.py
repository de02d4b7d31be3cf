"""Hide regions of a photo for good: a solid fill, or a coarse mosaic. Never a blur.

A blur keeps the information (it can be partly undone, and a blurred face can be matched); a
solid fill keeps none, and a mosaic of at most ``MOSAIC_CELLS`` cells across the region keeps only
a handful of average colours.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from civicspace.protect.centerface import Boxes

FILL = (0, 0, 0)
MOSAIC_CELLS = 4  # cells along the longer side of a masked region


class MaskStyle(StrEnum):
    fill = "fill"
    mosaic = "mosaic"


def apply_masks(pixels: NDArray[np.uint8], boxes: Boxes, style: MaskStyle) -> NDArray[np.uint8]:
    """A copy of an ``(H, W, C)`` array with every ``x, y, w, h`` box hidden."""
    out = pixels.copy()
    height, width = out.shape[:2]
    for x, y, w, h in boxes[:, :4]:
        x1, y1 = max(int(np.floor(x)), 0), max(int(np.floor(y)), 0)
        x2, y2 = min(int(np.ceil(x + w)), width), min(int(np.ceil(y + h)), height)
        if x2 <= x1 or y2 <= y1:
            continue
        if style is MaskStyle.fill:
            out[y1:y2, x1:x2, :3] = FILL
        else:
            _mosaic(out[y1:y2, x1:x2, :3])
        if out.shape[2] == 4:
            out[y1:y2, x1:x2, 3] = 255  # transparency must not hide or reveal anything
    return out


def _mosaic(region: NDArray[np.uint8]) -> None:
    """Replace ``region`` in place by at most ``MOSAIC_CELLS`` average-colour cells a side."""
    height, width = region.shape[:2]
    cell = max(-(-max(height, width) // MOSAIC_CELLS), 1)
    for top in range(0, height, cell):
        for left in range(0, width, cell):
            block = region[top : top + cell, left : left + cell]
            block[...] = block.reshape(-1, block.shape[2]).mean(axis=0).round().astype(np.uint8)
