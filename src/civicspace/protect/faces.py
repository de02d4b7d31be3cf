"""Find every face in a photo, erring towards masking too much: the regions a public copy hides.

One detector (CenterFace, :mod:`civicspace.protect.centerface`) runs in several passes over the
same photo: at its own size, upscaled ×2 (small faces in crowds: CenterFace finds few faces under
~10 px), and downscaled ×½ (faces that fill the frame), each pass with a low score threshold, and
the ×1 and ×½ passes once more on the mirrored photo (the network is not symmetric: the mirror
finds faces the original misses).
Every box is then enlarged around its centre, because a box that hugs the face leaves hair, ears
and chin, and because a face counts as hidden only when most of it is covered. Large photos are
cut into overlapping tiles so that memory stays bounded. The figures behind the defaults are in
docs/protect.md (``python -m bench.faces``).

Boxes are ``x, y, w, h, score`` in the pixel coordinates of the array passed in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from civicspace.protect.centerface import Boxes, nms, shared_detector


@dataclass(frozen=True)
class Pass:
    """One run of the detector: the photo resized by ``scale`` (and mirrored when ``mirror``),
    peaks above ``threshold``."""

    scale: float
    threshold: float
    mirror: bool = False


@dataclass(frozen=True)
class FaceSettings:
    """How hard to look. The defaults were tuned on every 4th photo of the protest subset."""

    passes: tuple[Pass, ...] = (
        Pass(1.0, 0.05),
        Pass(1.0, 0.05, mirror=True),
        Pass(2.0, 0.1),
        Pass(0.5, 0.05),
        Pass(0.5, 0.05, mirror=True),
    )
    enlarge: float = 1.4  # each side of a box, around its centre
    min_side: float = 0.0  # smallest box side in photo pixels
    max_side: int = 4096  # a pass is scaled down until its longer side fits
    tile: int = 1536  # passes larger than this many pixels a side run in tiles
    overlap: int = 160  # tile overlap, in pixels of the pass
    threads: int = 1


DEFAULT = FaceSettings()


def find_faces(rgb: NDArray[np.uint8], settings: FaceSettings = DEFAULT) -> Boxes:
    """Boxes to mask in an ``(H, W, 3)`` RGB array, as ``(N, 5)`` ``x, y, w, h, score``."""
    height, width = rgb.shape[:2]
    image = Image.fromarray(rgb)
    found = [_one_pass(image, p, settings) for p in settings.passes]
    boxes = np.concatenate(found) if found else np.zeros((0, 5), dtype=np.float32)
    return to_mask_boxes(boxes, (height, width), settings)


def _one_pass(image: Image.Image, one: Pass, settings: FaceSettings) -> Boxes:
    """Corner boxes (``x1, y1, x2, y2, score``) from one pass, in photo coordinates."""
    scale = min(one.scale, settings.max_side / max(image.size))
    size = (max(round(image.width * scale), 32), max(round(image.height * scale), 32))
    resized = image if size == image.size else image.resize(size, Image.Resampling.BICUBIC)
    if one.mirror:
        resized = resized.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    boxes = _tiled(np.asarray(resized), one.threshold, settings)
    if one.mirror:
        boxes[:, [0, 2]] = size[0] - boxes[:, [2, 0]]
    boxes[:, 0:4:2] *= image.width / size[0]
    boxes[:, 1:4:2] *= image.height / size[1]
    return boxes


def _tiled(pixels: NDArray[np.uint8], threshold: float, settings: FaceSettings) -> Boxes:
    """The detector over overlapping tiles when the array is larger than ``settings.tile``."""
    detector = shared_detector(settings.threads)
    height, width = pixels.shape[:2]
    if max(height, width) <= settings.tile:
        return detector.detect(pixels, threshold)
    step = settings.tile - settings.overlap
    found: list[Boxes] = []
    for top in range(0, max(height - settings.overlap, 1), step):
        for left in range(0, max(width - settings.overlap, 1), step):
            part = pixels[top : top + settings.tile, left : left + settings.tile]
            boxes = detector.detect(np.ascontiguousarray(part), threshold)
            boxes[:, 0:4:2] += left
            boxes[:, 1:4:2] += top
            found.append(boxes)
    merged = np.concatenate(found)
    return merged[nms(merged, 0.6)]


def to_mask_boxes(corners: Boxes, shape: tuple[int, int], settings: FaceSettings) -> Boxes:
    """Corner boxes enlarged, clipped to the photo, as ``x, y, w, h, score``, redundant ones out."""
    height, width = shape
    w = corners[:, 2] - corners[:, 0]
    h = corners[:, 3] - corners[:, 1]
    cx = (corners[:, 0] + corners[:, 2]) / 2
    cy = (corners[:, 1] + corners[:, 3]) / 2
    new_w = np.maximum(w * settings.enlarge, settings.min_side)
    new_h = np.maximum(h * settings.enlarge, settings.min_side)
    x1 = np.clip(np.floor(cx - new_w / 2), 0, width)
    y1 = np.clip(np.floor(cy - new_h / 2), 0, height)
    x2 = np.clip(np.ceil(cx + new_w / 2), 0, width)
    y2 = np.clip(np.ceil(cy + new_h / 2), 0, height)
    boxes = np.stack([x1, y1, x2, y2, corners[:, 4]], axis=1).astype(np.float32)
    boxes = boxes[(boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])]
    boxes = boxes[_not_contained(boxes)]
    boxes[:, 2] -= boxes[:, 0]
    boxes[:, 3] -= boxes[:, 1]
    return boxes


def _not_contained(boxes: Boxes) -> NDArray[np.bool_]:
    """False for each box lying wholly inside a larger (or equal, earlier) box: it masks nothing."""
    order = np.argsort(-(boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]), kind="stable")
    keep = np.ones(len(boxes), dtype=bool)
    kept: list[int] = []
    for i in order:
        x1, y1, x2, y2 = boxes[i, :4]
        if kept:
            k = boxes[kept]
            if np.any((k[:, 0] <= x1) & (k[:, 1] <= y1) & (k[:, 2] >= x2) & (k[:, 3] >= y2)):
                keep[i] = False
                continue
        kept.append(int(i))
    return keep
