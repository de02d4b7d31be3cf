"""Secure submissions: sealed at rest, found again by the receipt, replies only for its holder."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civicspace.errors import InvalidInput, NotFound, TooLarge
from civicspace.protect import custody, inbox
from civicspace.protect.receipts import new_receipt
from civicspace.protect.submissions import (
    Intake,
    NewSubmission,
    add_from_sender,
    sender_view,
    submit,
    unlock_receipt,
)
from civicspace.protect.uploads import Upload, sniff
from civicspace.store.submissions import Submission, SubmissionAttachment, SubmissionMessage
from tests.support.submissions import (
    GPS_EXIF_BYTES,
    PLANTED_GPS,
    PLANTED_NAME,
    PLANTED_PHONE,
    ProtectFolder,
    jpeg_with_gps,
    make_protect_folder,
)

TEXT = f"My name is {PLANTED_NAME}, call me on {PLANTED_PHONE}; we were at {PLANTED_GPS}."


@pytest.fixture
def protect(tmp_path: Path) -> ProtectFolder:
    return make_protect_folder(tmp_path / "protect")


def _new(**changes: object) -> NewSubmission:
    fields: dict[str, object] = {
        "text": TEXT,
        "consent": "masked_photo",
        "may_become_incident": True,
        "language": "fr",
        "country": "sn",
        "uploads": (
            Upload(f"{PLANTED_NAME}.jpg", jpeg_with_gps()),
            Upload("statement.pdf", b"%PDF-1.4\n" + PLANTED_PHONE.encode() + b"\n%%EOF\n"),
        ),
    }
    fields.update(changes)
    return NewSubmission(**fields)  # type: ignore[arg-type]


def test_submission_round_trip_for_sender_and_reviewer(
    engine: Engine, protect: ProtectFolder
) -> None:
    intake = protect.intake
    with Session(engine) as session:
        receipt = submit(session, intake, _new(), support="Legal aid: +221 33 000 00 00")
        session.commit()
    assert len(receipt.code.replace(" ", "")) == 24
    salt = protect.folder / "receipt.salt"
    assert salt.stat().st_mode & 0o777 == 0o600
    assert Intake.open(protect.folder, kdf=intake.kdf).receipt_salt == intake.receipt_salt

    with Session(engine) as session:
        unlocked = unlock_receipt(session, intake, receipt.code)
        view = sender_view(session, unlocked)
    assert view.state == "new"
    assert [(m.direction, m.kind) for m in view.messages] == [
        ("sender", "text"),
        ("organisation", "support"),
    ]
    assert view.messages[0].text == TEXT
    assert [f.filename for f in view.files] == [f"{PLANTED_NAME}.jpg", "statement.pdf"]

    with Session(engine) as session:
        listed = inbox.list_submissions(session, country="SN")
        assert [s.id for s in listed] == [receipt.submission_id]
        assert listed[0].attachments == 2 and listed[0].messages == 2
        opened = inbox.open_submission(
            session, intake.vault, receipt.submission_id, protect.private, "rev"
        )
        photo, document = opened.attachments
        assert (photo.kind, photo.mime, document.kind, document.mime) == (
            "image", "image/jpeg", "document", "application/pdf",
        )  # fmt: skip
        assert photo.public_sha256 is not None and document.public_sha256 is None
        public = inbox.open_file(session, intake.vault, photo.id, protect.private, "rev", "public")
        assert Image.open(io.BytesIO(public)).getexif() == {}
        original = inbox.open_file(session, intake.vault, photo.id, protect.private, "rev")
        assert PLANTED_NAME.encode() in original and b"PlantedCameraMaker" in original
        inbox.reply(session, intake.ring, receipt.submission_id, "We read you.", "rev")
        inbox.set_state(session, intake.vault, receipt.submission_id, "in_review", "rev")
        session.commit()

    with Session(engine) as session:
        view = sender_view(session, unlock_receipt(session, intake, receipt.code))
    assert view.state == "in_review"
    assert view.messages[-1].text == "We read you." and view.messages[-1].kind == "reply"
    assert custody.verify(intake.vault.log).ok


def test_replies_open_only_with_the_right_code(engine: Engine, protect: ProtectFolder) -> None:
    intake = protect.intake
    with Session(engine) as session:
        first = submit(session, intake, _new(uploads=()))
        second = submit(session, intake, _new(uploads=(), text="another sender"))
        inbox.reply(session, intake.ring, first.submission_id, "only for the first", "rev")
        session.commit()
    with Session(engine) as session:
        with pytest.raises(NotFound):
            unlock_receipt(session, intake, new_receipt())
        with pytest.raises(InvalidInput):
            unlock_receipt(session, intake, "1234")
        other = unlock_receipt(session, intake, second.code)
        assert other.submission.id == second.submission_id
        reply = session.scalars(
            select(SubmissionMessage).where(SubmissionMessage.kind == "reply")
        ).one()
        # the second sender's key cannot open the first sender's reply
        from civicspace.protect.submissions import open_json

        with pytest.raises(InvalidInput, match="not sealed to key"):
            open_json(reply.envelope, other.key)
        mine = unlock_receipt(session, intake, first.code)
        assert open_json(reply.envelope, mine.key)["text"] == "only for the first"


def test_nothing_private_in_plaintext_in_database_or_vault(
    engine: Engine, protect: ProtectFolder, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("raw database bytes are read from the SQLite file")
    with Session(engine) as session:
        submit(session, protect.intake, _new(), support=None)
        session.commit()
    engine.dispose()
    db_file = Path(database_url.removeprefix("sqlite:///"))
    blobs = [p.read_bytes() for p in db_file.parent.glob(db_file.name + "*")]
    blobs += [p.read_bytes() for p in protect.folder.rglob("*") if p.is_file()]
    assert any(b"submissions" in blob for blob in blobs)  # the files read are the right ones
    photo = jpeg_with_gps()  # the photo did carry the name and the GPS position in its EXIF
    assert PLANTED_NAME.encode() in photo and GPS_EXIF_BYTES in photo
    for needle in (PLANTED_NAME, PLANTED_PHONE, PLANTED_GPS, "PlantedCameraMaker", "Diallo"):
        for blob in blobs:
            assert needle.encode() not in blob, needle
            assert needle.encode("utf-16-le") not in blob, needle
    assert not any(GPS_EXIF_BYTES in blob for blob in blobs)


def test_too_large_is_refused_and_nothing_is_stored(engine: Engine, tmp_path: Path) -> None:
    small = make_protect_folder(tmp_path / "small", max_bytes=2000)
    with Session(engine) as session:
        with pytest.raises(TooLarge, match="more than the limit"):
            submit(session, small.intake, _new(uploads=(Upload("big.pdf", b"%PDF-" * 1000),)))
        session.rollback()
        assert session.scalar(select(func.count()).select_from(Submission)) == 0
    assert not (small.folder / "vault").exists()


def test_refused_file_types_and_consent(engine: Engine, protect: ProtectFolder) -> None:
    with pytest.raises(InvalidInput, match="not accepted"):
        sniff(b"\x7fELF\x02\x01\x01" + bytes(100))
    assert sniff(b"hello, plain text").kind == "document"
    with Session(engine) as session:
        with pytest.raises(InvalidInput, match="consent"):
            submit(session, protect.intake, _new(consent="everything"))
        with pytest.raises(InvalidInput, match="not accepted"):
            submit(session, protect.intake, _new(uploads=(Upload("x.exe", b"MZ\x90\x00" * 9),)))


def test_sender_adds_more_and_reviewer_masks(engine: Engine, protect: ProtectFolder) -> None:
    intake = protect.intake
    with Session(engine) as session:
        receipt = submit(session, intake, _new(uploads=()))
        session.commit()
    with Session(engine) as session:
        unlocked = unlock_receipt(session, intake, receipt.code)
        add_from_sender(
            session, intake, unlocked, "one more thing", [Upload("b.jpg", jpeg_with_gps())]
        )
        session.commit()
    with Session(engine) as session:
        photo = session.scalars(select(SubmissionAttachment)).one()
        inbox.record_masks(session, intake.ring, intake.vault, photo.id, [[10, 10, 30, 30]], "rev")
        data = inbox.render_public_copy(
            session, intake.ring, intake.vault, photo.id, protect.private, "rev"
        )
        pixels = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
        assert pixels[20, 20].max() < 16  # masked black
        assert pixels[100, 100].max() > 100  # untouched
        with pytest.raises(InvalidInput):
            inbox.record_masks(session, intake.ring, intake.vault, photo.id, [[1, 2, 0, 3]], "r")
        inbox.confirm_masks(session, intake.vault, photo.id, "rev")
        opened = inbox.open_attachment(session, photo.id, protect.private)
        assert opened.masks == [[10.0, 10.0, 30.0, 30.0, 1.0]]
        assert opened.masks_confirmed_by == "rev"
        session.commit()
        view = sender_view(session, unlock_receipt(session, intake, receipt.code))
    assert [m.text for m in view.messages if m.direction == "sender"] == [TEXT, "one more thing"]
    assert [f.filename for f in view.files] == ["b.jpg"]


def test_real_camera_photo_with_gps(
    engine: Engine, protect: ProtectFolder, shared_data: Path
) -> None:
    photo = (shared_data / "exif_gps_samples" / "jpg" / "gps" / "DSCN0010.jpg").read_bytes()
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # it has GPS
    heic = shared_data / "exif_gps_samples" / "heic" / "IMG_5195.HEIC"
    assert sniff(heic.read_bytes()[:64]).mime == "image/heic"
    with Session(engine) as session:
        receipt = submit(session, protect.intake, _new(uploads=(Upload("DSCN0010.jpg", photo),)))
        opened = inbox.open_submission(
            session, protect.intake.vault, receipt.submission_id, protect.private, "rev"
        )
        (attachment,) = opened.attachments
        public = inbox.open_file(
            session, protect.intake.vault, attachment.id, protect.private, "rev", "public"
        )
    assert b"NIKON" in photo and b"NIKON" not in public
    copy = Image.open(io.BytesIO(public))
    assert copy.getexif() == {} and copy.size == (640, 480)
    raw = b"".join(p.read_bytes() for p in protect.folder.rglob("*") if p.is_file())
    assert b"NIKON" not in raw
