"""Face masking on the WIDER FACE protest subset (377 photos, 11,949 valid faces); prints JSON.

    python -m bench.faces [--data ../shared/data] [--sample N] [--offset K]
    python -m bench.faces --merge PART.json ...   # one figure from shards run in parallel

Runs :func:`civicspace.protect.faces.find_faces` (what ``civicspace protect sanitize`` masks) on
every image, or on every ``N``-th one from the ``K``-th with ``--sample N``, on one core. A face
counts as **masked** when at least 70% of its annotated box lies under the union of the mask boxes.
Faces flagged invalid in the annotation are not scored but count as face area.

* ``recall_ge20px`` / ``recall_all``: share of valid faces masked, faces whose larger side is
  20 px or more / all valid faces; ``buckets`` gives it per size (<10, 10–20, 20–50, ≥50 px);
* ``masked_non_face_area_share``: the price, masked pixels outside every annotated face box over
  all pixels outside them, summed over the images;
* ``ms_per_image``: mean CPU time of ``find_faces`` per photo (1024 px wide), one thread
  (onnxruntime runs single-threaded), decoding excluded; CPU time rather than wall time because a
  shared machine's wall time measures its other tenants too (``wall_ms_per_image`` gives it).

Research use only: the photos and anything derived from them stay out of the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

SUBSET = "wider_face_protest_subset"
GROUND_TRUTH = "wider_face_val_bbx_gt_subset.txt"
COVERED = 0.7
BUCKETS = [("lt10", 0, 10), ("10_20", 10, 20), ("20_50", 20, 50), ("ge50", 50, 10**9)]


@dataclass(frozen=True)
class Annotated:
    path: str  # relative to images/
    boxes: NDArray[np.int64]  # (N, 4) x, y, w, h
    valid: NDArray[np.bool_]


def data_dir(given: str | Path | None) -> Path:
    """``--data``, else ``CIVICSPACE_DATA_DIR``, else ``../shared/data`` beside the repository."""
    root = Path(__file__).resolve().parents[1]
    path = Path(given or os.environ.get("CIVICSPACE_DATA_DIR") or root.parent / "shared" / "data")
    if not (path / SUBSET).is_dir():
        raise SystemExit(f"{SUBSET} not found under {path} (use --data or CIVICSPACE_DATA_DIR)")
    return path


def read_ground_truth(folder: Path) -> list[Annotated]:
    """The official WIDER FACE format: path, count, then ``x y w h blur … invalid …`` lines."""
    lines = (folder / GROUND_TRUTH).read_text("utf-8").split("\n")
    out: list[Annotated] = []
    i = 0
    while i < len(lines) and lines[i].strip():
        path = lines[i].strip()
        count = int(lines[i + 1])
        rows = [[int(v) for v in line.split()] for line in lines[i + 2 : i + 2 + max(count, 1)]]
        i += 2 + max(count, 1)
        table = np.asarray(rows[:count], dtype=np.int64).reshape(-1, 10)
        out.append(Annotated(path, table[:, :4], table[:, 7] == 0))
    return out


def face_size(boxes: NDArray[np.int64]) -> NDArray[np.int64]:
    """A face's size: the larger side of its annotated box."""
    return np.maximum(boxes[:, 2], boxes[:, 3])


def mask_of(shape: tuple[int, int], boxes: NDArray[np.float32]) -> NDArray[np.bool_]:
    """The union of ``x, y, w, h`` boxes as a boolean image, as the masking step rounds them."""
    mask = np.zeros(shape, dtype=bool)
    for x, y, w, h in boxes[:, :4]:
        x1, y1 = max(int(np.floor(x)), 0), max(int(np.floor(y)), 0)
        mask[y1 : int(np.ceil(y + h)), x1 : int(np.ceil(x + w))] = True
    return mask


@dataclass
class Tally:
    """Running counts over the images scored so far."""

    masked_by_bucket: dict[str, int]
    faces_by_bucket: dict[str, int]
    non_face_masked: int = 0
    non_face: int = 0

    @classmethod
    def empty(cls) -> Tally:
        names = [name for name, _, _ in BUCKETS]
        return cls(dict.fromkeys(names, 0), dict.fromkeys(names, 0))

    def add(self, truth: Annotated, mask: NDArray[np.bool_]) -> None:
        face_area = mask_of(mask.shape, truth.boxes.astype(np.float32))
        self.non_face_masked += int(np.count_nonzero(mask & ~face_area))
        self.non_face += int(np.count_nonzero(~face_area))
        sizes = face_size(truth.boxes)
        for (x, y, w, h), size, valid in zip(truth.boxes, sizes, truth.valid, strict=True):
            if not valid or w <= 0 or h <= 0:
                continue
            covered = float(mask[y : y + h, x : x + w].sum()) / float(w * h)
            for name, low, high in BUCKETS:
                if low <= size < high:
                    self.faces_by_bucket[name] += 1
                    self.masked_by_bucket[name] += covered >= COVERED

    def recall(self, names: list[str]) -> float:
        faces = sum(self.faces_by_bucket[n] for n in names)
        return round(sum(self.masked_by_bucket[n] for n in names) / max(faces, 1), 4)


def summary(tally: Tally, images: int, cpu: float, wall: float) -> dict[str, object]:
    """The printed figures, with the raw counts that ``--merge`` adds up."""
    names = [name for name, _, _ in BUCKETS]
    return {
        "recall_ge20px": tally.recall(["20_50", "ge50"]),
        "recall_all": tally.recall(names),
        "masked_non_face_area_share": round(tally.non_face_masked / max(tally.non_face, 1), 4),
        "ms_per_image": round(1000 * cpu / max(images, 1), 1),
        "wall_ms_per_image": round(1000 * wall / max(images, 1), 1),
        "buckets": {
            n: {"faces": tally.faces_by_bucket[n], "recall": tally.recall([n])} for n in names
        },
        "images": images,
        "faces": sum(tally.faces_by_bucket.values()),
        "counts": {
            "masked_by_bucket": tally.masked_by_bucket,
            "faces_by_bucket": tally.faces_by_bucket,
            "non_face_masked": tally.non_face_masked,
            "non_face": tally.non_face,
            "cpu_s": cpu,
            "wall_s": wall,
        },
        "machine": {"cpu_count": os.cpu_count(), "python": platform.python_version()},
    }


def merge(paths: list[str]) -> dict[str, object]:
    """One summary from the JSON outputs of disjoint shards (``--sample N --offset K``)."""
    tally = Tally.empty()
    images, cpu, wall = 0, 0.0, 0.0
    for path in paths:
        part = json.loads(Path(path).read_text("utf-8"))
        counts = part["counts"]
        for name in tally.faces_by_bucket:
            tally.faces_by_bucket[name] += counts["faces_by_bucket"][name]
            tally.masked_by_bucket[name] += counts["masked_by_bucket"][name]
        tally.non_face_masked += counts["non_face_masked"]
        tally.non_face += counts["non_face"]
        images += part["images"]
        cpu += counts["cpu_s"]
        wall += counts["wall_s"]
    return {**summary(tally, images, cpu, wall), "shards": len(paths)}


def main() -> None:
    from civicspace.protect.faces import find_faces

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--sample", type=int, default=1, help="every N-th image only")
    parser.add_argument("--offset", type=int, default=0, help="start at the K-th image")
    parser.add_argument("--merge", nargs="+", default=None, help="combine shard outputs")
    args = parser.parse_args()
    if args.merge:
        print(json.dumps(merge(args.merge)))
        return
    folder = data_dir(args.data) / SUBSET
    images = read_ground_truth(folder)[args.offset :: args.sample]
    tally = Tally.empty()
    seconds = 0.0
    wall = 0.0
    find_faces(np.zeros((64, 64, 3), dtype=np.uint8))  # load the model outside the timing
    for truth in images:
        with Image.open(folder / "images" / truth.path) as image:
            rgb = np.asarray(image.convert("RGB"))
        started, cpu = time.perf_counter(), time.process_time()
        boxes = find_faces(rgb)
        seconds += time.process_time() - cpu
        wall += time.perf_counter() - started
        tally.add(truth, mask_of(rgb.shape[:2], boxes))
    result = {**summary(tally, len(images), seconds, wall), "sample": args.sample}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
