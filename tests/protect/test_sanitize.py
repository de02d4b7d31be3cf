"""Public copies of images: upright, no metadata left anywhere in the bytes, faces masked for good.

Real camera and phone files from ``../shared/data/exif_gps_samples`` (JPEG with GPS, maker notes,
XMP, orientations 1–8; HEIC), checked on the re-decoded pixels and on the raw bytes.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms, PngImagePlugin

from civicspace.errors import InvalidInput, TooLarge
from civicspace.protect.faces import FaceSettings
from civicspace.protect.masking import MaskStyle, apply_masks
from civicspace.protect.sanitize import (
    IMAGE_SUFFIXES,
    Limits,
    encode,
    load_upright,
    public_copy,
)

NO_FACES = FaceSettings(passes=())  # metadata and orientation alone, without the detector's time
SAMPLES = "exif_gps_samples"
ALLOWED_JPEG_MARKERS = {
    0xE0,
    0xDB,
    0xC0,
    0xC2,
    0xC4,
    0xDD,
    0xDA,
}  # APP0 (JFIF), DQT, SOF, DHT, DRI, SOS


def jpeg_markers(data: bytes) -> list[int]:
    """The segment markers of a JPEG file up to the start of scan."""
    assert data[:2] == b"\xff\xd8"
    markers, i = [], 2
    while i < len(data):
        assert data[i] == 0xFF, f"bad segment at {i}"
        marker = data[i + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        i += 2 + length
    return markers


def assert_no_metadata(data: bytes, source: Image.Image | None = None) -> None:
    """No metadata segment, chunk or telltale string in the encoded bytes, and none on decoding."""
    image = Image.open(io.BytesIO(data))
    assert not set(image.info) - {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}
    assert len(image.getexif()) == 0
    header = data
    if image.format == "JPEG":
        assert set(jpeg_markers(data)) <= ALLOWED_JPEG_MARKERS
        header = data[: data.index(b"\xff\xda")]  # short strings can occur by chance in the scan
    for telltale in (b"Exif", b"GPS", b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"):
        assert telltale not in header, telltale
    for telltale in (b"ns.adobe.com", b"Photoshop 3.0", b"ICC_PROFILE", b"http://"):
        assert telltale not in data, telltale
    if source is not None:
        exif = source.getexif()
        for tag in (0x010F, 0x0110, 0x0131):  # Make, Model, Software
            value = str(exif.get(tag) or "").strip("\x00 ")
            if len(value) >= 4:
                assert value.encode() not in data, value


def sample_paths(shared_data: Path) -> list[Path]:
    root = shared_data / SAMPLES
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)


def test_every_sample_comes_out_without_metadata(shared_data: Path) -> None:
    paths = sample_paths(shared_data)
    assert len(paths) >= 38
    heic = [p for p in paths if p.suffix.lower() in (".heic", ".heif")]
    assert len(heic) >= 2
    for path in paths:
        data = path.read_bytes()
        with Image.open(path) as source:
            copy = public_copy(data, faces=NO_FACES)
            assert_no_metadata(copy.data, source)
        assert copy.format == "JPEG"


def test_gps_in_the_source_is_really_there_to_remove(shared_data: Path) -> None:
    """The negative control: the samples do carry GPS and maker data that a copy would keep."""
    path = shared_data / SAMPLES / "jpg" / "gps" / "DSCN0010.jpg"
    with Image.open(path) as source:
        assert source.getexif().get_ifd(0x8825)  # GPS IFD
        kept = io.BytesIO()
        source.save(kept, "JPEG", exif=source.info["exif"])
    with pytest.raises(AssertionError):
        assert_no_metadata(kept.getvalue())


def decoded(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16)


@pytest.mark.parametrize("shape", ["landscape", "portrait"])
def test_orientations_1_to_8_come_out_upright(shared_data: Path, shape: str) -> None:
    folder = shared_data / SAMPLES / "jpg" / "orientation"
    upright = decoded(public_copy((folder / f"{shape}_1.jpg").read_bytes(), faces=NO_FACES).data)
    for n in range(2, 9):
        path = folder / f"{shape}_{n}.jpg"
        with Image.open(path) as raw:
            assert raw.getexif().get(0x0112) == n
            stored = np.asarray(raw.convert("RGB"), dtype=np.int16)
        out = decoded(public_copy(path.read_bytes(), faces=NO_FACES).data)
        assert out.shape == upright.shape, n
        assert np.abs(out - upright).mean() < 8, n  # the same picture, up to JPEG noise
        # and the stored pixels alone are not: the rotation really had to be applied
        assert stored.shape != upright.shape or np.abs(stored - upright).mean() > 30, n


def test_exif_rotation_on_a_camera_file_and_heic_transforms(shared_data: Path) -> None:
    canon = shared_data / SAMPLES / "jpg" / "hdr" / "canon_hdr_NO.jpg"
    with Image.open(canon) as raw:
        assert raw.getexif().get(0x0112) == 6
        stored = raw.size
    assert load_upright(canon.read_bytes()).size == (stored[1], stored[0])
    iphone = shared_data / SAMPLES / "heic" / "mobile" / "iphone_13_pro_max.HEIC"
    assert load_upright(iphone.read_bytes()).size == (3024, 4032)  # held upright: portrait


def test_png_webp_text_chunks_icc_and_alpha(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 255, (40, 60, 4), dtype=np.uint8)
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GPS 43.46N 11.88E call +255 712 345 678")
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    png = io.BytesIO()
    Image.fromarray(pixels).save(png, "PNG", pnginfo=info, icc_profile=srgb)
    copy = public_copy(png.getvalue(), output_format="PNG", faces=NO_FACES)
    assert_no_metadata(copy.data)
    assert b"+255" not in copy.data
    out = np.asarray(Image.open(io.BytesIO(copy.data)))
    assert out.shape == (40, 60, 4)
    assert np.abs(out.astype(int) - pixels).max() <= 2  # sRGB → sRGB keeps the pixels

    webp = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PlantedCameraMaker"
    Image.fromarray(pixels[:, :, :3]).save(webp, "WEBP", exif=exif.tobytes())
    assert b"PlantedCameraMaker" in webp.getvalue()
    copy = public_copy(webp.getvalue(), output_format="WEBP", faces=NO_FACES)
    assert b"PlantedCameraMaker" not in copy.data
    assert Image.open(io.BytesIO(copy.data)).getexif() == {}


def test_not_an_image_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="not a JPEG, PNG, HEIC or WebP"):
        load_upright(b"%PDF-1.4 not a picture")
    gif = io.BytesIO()
    Image.new("RGB", (8, 8)).save(gif, "GIF")
    with pytest.raises(InvalidInput):
        load_upright(gif.getvalue())
    jpeg = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(jpeg, "JPEG")
    with pytest.raises(InvalidInput):
        load_upright(jpeg.getvalue()[:200])  # truncated


def test_decompression_bombs_are_refused_before_decoding() -> None:
    bomb = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, "PNG")  # 144 megapixels in a few kilobytes
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(TooLarge, match="pixels"):
        load_upright(bomb.getvalue())
    small = io.BytesIO()
    Image.new("RGB", (100, 100)).save(small, "PNG")
    with pytest.raises(TooLarge, match="bytes"):
        load_upright(small.getvalue(), Limits(max_bytes=100))
    assert load_upright(small.getvalue()).size == (100, 100)


def test_fill_and_mosaic_leave_nothing_to_recover() -> None:
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 255, (100, 120, 3), dtype=np.uint8)
    boxes = np.array([[10.2, 20.7, 40, 30, 0.9], [100, 90, 50, 50, 0.5]], dtype=np.float32)
    filled = apply_masks(pixels, boxes, MaskStyle.fill)
    assert (filled[20:51, 10:51] == 0).all()
    assert (filled[90:, 100:] == 0).all()
    assert (filled[:20] == pixels[:20]).all()  # outside the boxes, nothing changes
    mosaic = apply_masks(pixels, boxes, MaskStyle.mosaic)
    region = mosaic[20:51, 10:51].reshape(-1, 3)
    assert len(np.unique(region, axis=0)) <= 16  # at most 4 × 4 average colours
    assert len(np.unique(pixels[20:51, 10:51].reshape(-1, 3), axis=0)) > 1000


def test_encode_refuses_unknown_formats() -> None:
    with pytest.raises(InvalidInput):
        encode(Image.new("RGB", (4, 4)), "GIF")


@pytest.mark.parametrize(
    ("mode", "fmt", "expected"),
    [("I;16", "PNG", "RGB"), ("CMYK", "JPEG", "RGB"), ("LA", "PNG", "RGBA"), ("P", "PNG", "RGB")],
)
def test_unusual_modes_become_rgb_or_rgba(mode: str, fmt: str, expected: str) -> None:
    buffer = io.BytesIO()
    Image.new(mode, (24, 16)).save(buffer, fmt)
    image = load_upright(buffer.getvalue())
    assert (image.mode, image.size) == (expected, (24, 16))
