"""The public copy of an image: upright, decoded and re-encoded, no metadata, every face masked.

Steps, in order: refuse what is not a JPEG, PNG, HEIC/HEIF or WebP image, or what would decode to
more than ``Limits.max_pixels`` (decompression bombs), before decoding; decode the first frame;
apply the EXIF orientation; convert colours to sRGB when an ICC profile is present (the profile
itself can carry identifiers and is dropped); copy the bare pixels into a new image, so that no
EXIF, GPS, maker note, XMP, IPTC, comment, thumbnail or extra frame can come along; mask every
face that :func:`civicspace.protect.faces.find_faces` finds; encode anew (JPEG, PNG or WebP).
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pillow_heif
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from civicspace.errors import InvalidInput, TooLarge
from civicspace.protect.centerface import Boxes
from civicspace.protect.faces import DEFAULT, FaceSettings, find_faces
from civicspace.protect.masking import MaskStyle, apply_masks

pillow_heif.register_heif_opener()
# Pillow logs each EXIF tag's value at DEBUG (names, phones, GPS): keep them out of every log.
logging.getLogger("PIL").setLevel(logging.INFO)

ACCEPTED = ("JPEG", "PNG", "WEBP", "HEIF")  # JPEG also opens MPO (multi-picture) files
SUFFIX_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"})


@dataclass(frozen=True)
class Limits:
    """What an upload may be: bytes on disk and decoded pixels (a 50 MB JPEG can be 1 gigapixel)."""

    max_bytes: int = 50 * 1024 * 1024
    max_pixels: int = 64_000_000


@dataclass(frozen=True)
class PublicCopy:
    """The encoded public copy, its format, and the boxes masked in it (``x, y, w, h, score``)."""

    data: bytes
    format: str
    width: int
    height: int
    boxes: Boxes


def load_upright(data: bytes, limits: Limits = Limits()) -> Image.Image:
    """The first frame of an accepted image, upright, sRGB, as a new image with no metadata."""
    if len(data) > limits.max_bytes:
        raise TooLarge(f"image is {len(data)} bytes, more than the limit of {limits.max_bytes}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            source = Image.open(io.BytesIO(data), formats=ACCEPTED)
            if source.width * source.height > limits.max_pixels:
                raise TooLarge(
                    f"image is {source.width}×{source.height} pixels, more than the limit "
                    f"of {limits.max_pixels}"
                )
            source.load()
            pixels = np.asarray(_to_srgb(ImageOps.exif_transpose(source)))
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise _refusal(exc) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise InvalidInput(f"not a readable JPEG, PNG, HEIC or WebP image: {exc}") from exc
    return Image.fromarray(pixels)  # a new image: nothing in .info, no EXIF, no profile


def _refusal(exc: Exception) -> InvalidInput | TooLarge:
    if isinstance(exc, Image.DecompressionBombError | Image.DecompressionBombWarning):
        return TooLarge(f"image refused as a decompression bomb: {exc}")
    return InvalidInput("not a JPEG, PNG, HEIC or WebP image")


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB or RGBA in sRGB, whatever the mode and embedded profile of the source."""
    alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    mode = "RGBA" if alpha else "RGB"
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=mode
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: keep the numbers as they are
    return image.convert(mode)


def faces_in(data: bytes, limits: Limits = Limits(), faces: FaceSettings = DEFAULT) -> Boxes:
    """The boxes that the public copy of ``data`` masks, in its upright pixel coordinates."""
    pixels = np.asarray(load_upright(data, limits))
    return find_faces(np.ascontiguousarray(pixels[:, :, :3]), faces)


def public_copy(
    data: bytes,
    *,
    output_format: str = "JPEG",
    style: MaskStyle = MaskStyle.fill,
    faces: FaceSettings = DEFAULT,
    limits: Limits = Limits(),
) -> PublicCopy:
    """Decode ``data``, mask every face, and encode it anew in ``output_format``."""
    image = load_upright(data, limits)
    pixels = np.asarray(image)
    boxes = find_faces(np.ascontiguousarray(pixels[:, :, :3]), faces)
    masked = Image.fromarray(apply_masks(pixels, boxes, style))
    return PublicCopy(
        encode(masked, output_format), output_format, masked.width, masked.height, boxes
    )


def encode(image: Image.Image, output_format: str) -> bytes:
    """Bytes of ``image`` in ``output_format``, written with no metadata at all."""
    buffer = io.BytesIO()
    if output_format == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=90, optimize=True)
    elif output_format == "PNG":
        image.save(buffer, "PNG", optimize=True)
    elif output_format == "WEBP":
        image.save(buffer, "WEBP", quality=90)
    else:
        raise InvalidInput(f"cannot write {output_format!r}: use JPEG, PNG or WebP")
    return buffer.getvalue()


def format_for(path: Path) -> str:
    """The output format that ``path``'s suffix names (``.jpg``, ``.jpeg``, ``.png``, ``.webp``)."""
    try:
        return SUFFIX_FORMATS[path.suffix.lower()]
    except KeyError:
        raise InvalidInput(
            f"{path.name}: the public copy must end in .jpg, .jpeg, .png or .webp"
        ) from None


def sanitize_file(source: Path, target: Path, style: MaskStyle = MaskStyle.fill) -> PublicCopy:
    """Write the public copy of the image at ``source`` to ``target`` (format from its suffix)."""
    output_format = format_for(target)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror or exc}") from exc
    copy = public_copy(data, output_format=output_format, style=style)
    target.write_bytes(copy.data)
    return copy
