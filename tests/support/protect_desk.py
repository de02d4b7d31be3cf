"""The reviewer's side of secure submissions in tests: a protect folder, submissions, users."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace import accounts
from civicspace.protect.submissions import NewSubmission, Receipt, submit
from civicspace.protect.uploads import Upload
from civicspace.settings import Settings
from tests.support.review import PASSWORD
from tests.support.submissions import (
    PLANTED_GPS,
    PLANTED_NAME,
    PLANTED_PHONE,
    ProtectFolder,
    jpeg_with_gps,
    make_protect_folder,
)

TEXT = (
    f"They took us at night.\n\nMy name is {PLANTED_NAME}, call me on {PLANTED_PHONE}; "
    f"we were at {PLANTED_GPS} when the police came."
)
PHOTO_SIZE = (320, 240)
PHOTO_COLOUR = (200, 120, 40)


@dataclass(frozen=True)
class Desk:
    protect: ProtectFolder
    settings: Settings


def protect_desk(tmp_path: Path, settings: Settings) -> Desk:
    protect = make_protect_folder(tmp_path / "protect")
    return Desk(protect, settings.model_copy(update={"protect_dir": protect.folder}))


def photo() -> bytes:
    """A photo with GPS and a planted name in its EXIF, and no face."""
    return jpeg_with_gps(PHOTO_SIZE)


def add_submission(
    engine: Engine,
    desk: Desk,
    *,
    consent: str = "masked_photo",
    may_become_incident: bool = True,
    text: str = TEXT,
    with_photo: bool = True,
) -> str:
    return add_submission_with_code(
        engine, desk, consent=consent, may_become_incident=may_become_incident, text=text,
        with_photo=with_photo,
    ).submission_id  # fmt: skip


def add_submission_with_code(
    engine: Engine,
    desk: Desk,
    *,
    consent: str = "masked_photo",
    may_become_incident: bool = True,
    text: str = TEXT,
    with_photo: bool = True,
) -> Receipt:
    uploads = (Upload(f"{PLANTED_NAME}.jpg", photo()),) if with_photo else ()
    new = NewSubmission(
        text=text,
        consent=consent,
        may_become_incident=may_become_incident,
        language="en",
        country="sn",
        uploads=uploads,
    )
    with Session(engine) as session:
        receipt = submit(session, desk.protect.intake, new)
        session.commit()
    return receipt


def make_reviewers(engine: Engine) -> None:
    """``guardian`` (editor with the submissions right), ``helper`` (researcher with it),
    ``plain`` (editor without it)."""
    with Session(engine) as session:
        accounts.create_user(session, "guardian", PASSWORD, "editor", ["submissions"])
        accounts.create_user(session, "helper", PASSWORD, "researcher", ["submissions"])
        accounts.create_user(session, "plain", PASSWORD, "editor")
        session.commit()


def pixel(data: bytes, xy: tuple[int, int]) -> tuple[int, ...]:
    with Image.open(io.BytesIO(data)) as image:
        return tuple(image.convert("RGB").getpixel(xy))  # type: ignore[arg-type]


def is_black(rgb: tuple[int, ...]) -> bool:
    return max(rgb) < 24


def is_photo(rgb: tuple[int, ...]) -> bool:
    return all(abs(a - b) < 24 for a, b in zip(rgb, PHOTO_COLOUR, strict=True))
