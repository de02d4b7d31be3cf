"""``civicspace protect faces`` and ``civicspace protect sanitize``: the exact output contracts."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from civicspace.cli import app

runner = CliRunner()
WIDER = "10--People_Marching/10_People_Marching_People_Marching_2_307.jpg"


@pytest.fixture
def folder(shared_data: Path, tmp_path: Path) -> Path:
    """A temporary folder: a protest photo with faces, a rotated camera file, a note, a fake JPEG."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    shutil.copy(shared_data / "wider_face_protest_subset" / "images" / WIDER, root / "crowd.jpg")
    orientation = shared_data / "exif_gps_samples" / "jpg" / "orientation" / "portrait_6.jpg"
    shutil.copy(orientation, root / "sub" / "Rotated.JPG")
    (root / "notes.txt").write_text("not an image")
    return root


def test_faces_writes_one_contract_line_per_image(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "faces.jsonl"
    result = runner.invoke(app, ["protect", "faces", str(folder), "--output", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [line["image"] for line in lines] == ["crowd.jpg", "sub/Rotated.JPG"]
    for line in lines:
        assert set(line) == {"image", "boxes"}
        for box in line["boxes"]:
            assert len(box) == 5
            assert all(isinstance(v, int) for v in box[:4]) and isinstance(box[4], float)
            assert box[2] > 0 and box[3] > 0 and 0 < box[4] <= 1
    crowd = lines[0]["boxes"]
    assert len(crowd) >= 4  # the photo has 4 annotated faces
    with Image.open(folder / "crowd.jpg") as image:
        width, height = image.size
    assert all(x + w <= width and y + h <= height for x, y, w, h, _ in crowd)


def test_faces_reports_unreadable_images_and_fails(folder: Path, tmp_path: Path) -> None:
    (folder / "broken.jpg").write_bytes(b"\xff\xd8 not really")
    out = tmp_path / "faces.jsonl"
    result = runner.invoke(app, ["protect", "faces", str(folder / "sub"), "--output", str(out)])
    assert result.exit_code == 0
    shutil.move(folder / "broken.jpg", folder / "sub" / "broken.jpg")
    result = runner.invoke(app, ["protect", "faces", str(folder / "sub"), "--output", str(out)])
    assert result.exit_code != 0
    assert "broken.jpg" in result.output
    assert [json.loads(line)["image"] for line in out.read_text().splitlines()] == ["Rotated.JPG"]


def test_sanitize_writes_the_masked_upright_public_copy(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "public.png"
    result = runner.invoke(app, ["protect", "sanitize", str(folder / "crowd.jpg"), str(out)])
    assert result.exit_code == 0, result.output
    faces_file = tmp_path / "faces.jsonl"
    runner.invoke(app, ["protect", "faces", str(folder), "--output", str(faces_file)])
    boxes = json.loads(faces_file.read_text().splitlines()[0])["boxes"]
    public = np.asarray(Image.open(out))
    with Image.open(folder / "crowd.jpg") as original:
        assert public.shape[:2] == (original.height, original.width)
    for x, y, w, h, _ in boxes:  # the regions listed are the regions filled
        assert (public[y : y + h, x : x + w] == 0).all()
    assert Image.open(out).info.keys() <= {"dpi"}

    rotated = tmp_path / "rotated.jpg"
    result = runner.invoke(
        app, ["protect", "sanitize", str(folder / "sub" / "Rotated.JPG"), str(rotated)]
    )
    assert result.exit_code == 0, result.output
    assert Image.open(io.BytesIO(rotated.read_bytes())).size == (450, 600)


def test_sanitize_refuses_non_images_and_unknown_suffixes(folder: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["protect", "sanitize", str(folder / "notes.txt"), str(tmp_path / "x.jpg")]
    )
    assert result.exit_code != 0
    assert not (tmp_path / "x.jpg").exists()
    result = runner.invoke(
        app, ["protect", "sanitize", str(folder / "crowd.jpg"), str(tmp_path / "x.gif")]
    )
    assert result.exit_code != 0
