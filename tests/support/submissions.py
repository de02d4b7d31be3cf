"""A protect folder for tests: a keyring under a cheap KDF, and images with planted metadata."""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from pathlib import Path

import nacl.pwhash
from nacl.public import PrivateKey
from PIL import Image

from civicspace.protect.keys import KdfParams, Keyring, create_key, unlock
from civicspace.protect.submissions import Intake

FAST = KdfParams(nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN)
PASSPHRASE = "correct horse battery staple"
# what a sender must never see stored in the clear
PLANTED_NAME = "Amina Zoubeida Diallo"
PLANTED_PHONE = "+221 77 123 45 67"
PLANTED_GPS = "14.692811 -17.446711"
GPS_LAT = (14.0, 41.0, 34.1)  # 14° 41' 34.10"
# the latitude as the EXIF GPS IFD stores it (big-endian rationals 14/1, 41/1, 341/10)
GPS_EXIF_BYTES = struct.pack(">6L", 14, 1, 41, 1, 341, 10)


@dataclass(frozen=True)
class ProtectFolder:
    folder: Path
    intake: Intake
    private: PrivateKey


def make_protect_folder(folder: Path, max_bytes: int = 5 * 1024 * 1024) -> ProtectFolder:
    """``folder/keyring.json`` with one key (cheap KDF), the vault, and an :class:`Intake`."""
    folder.mkdir(parents=True, exist_ok=True)
    record = create_key(PASSPHRASE, FAST)
    Keyring((record,)).save(folder / "keyring.json")
    intake = Intake.open(folder, kdf=FAST, max_bytes=max_bytes)
    return ProtectFolder(folder, intake, unlock(record, PASSPHRASE))


def jpeg_with_gps(size: tuple[int, int] = (160, 120)) -> bytes:
    """A small JPEG whose EXIF holds GPS coordinates, the camera owner's name and a comment."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x013B] = PLANTED_NAME  # Artist
    exif[0x9286] = f"call {PLANTED_PHONE}"  # UserComment (as a plain string)
    exif[0x010F] = "PlantedCameraMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = GPS_LAT
    gps[3] = "W"
    gps[4] = (17.0, 26.0, 48.16)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 200, 90)).save(buffer, "PNG")
    return buffer.getvalue()
