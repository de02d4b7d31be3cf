"""Receiving secure submissions: the sender's side (docs/protect.md, "Submissions").

A sender gives text, files and her consent; :func:`submit` seals everything to the
organisation's keyring, keeps originals sealed in the vault, makes a public-copy candidate of
each photo (faces masked, no metadata; sealed too, until a reviewer confirms the masks), and
returns a receipt code that is shown once. Only what the desk must sort by is stored in the clear
(consent, state, language, country, campaign, the day); never an address, a user agent or a time
of day.

The receipt code is the sender's only key. One argon2id derivation of it, with the
organisation's salt, gives a master secret ``M`` that is never stored; from ``M``:

- the lookup hash ``BLAKE2b(M, person="cs-receipt")`` (stored, unique) finds the submission;
- the sender's Curve25519 key pair ``BLAKE2b(M, salt=reply_salt, person="cs-sender-key")``:
  only its public half is stored. Replies (and the sender's own messages) are sealed to it as
  well as to the organisation, so the holder of the code, and no one with the database, reads
  them.

The reviewer's side (listing, opening, replying, masks) is :mod:`civicspace.protect.inbox`.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from nacl.public import PrivateKey, PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.errors import InvalidInput, ItemError, NotFound, TooLarge

# envelope helpers and KDF costs are re-exported: the reviewer's side imports them from here
from civicspace.protect.envelopes import envelope_from as envelope_from
from civicspace.protect.envelopes import envelope_json as envelope_json
from civicspace.protect.envelopes import open_json as open_json
from civicspace.protect.envelopes import seal_json as seal_json
from civicspace.protect.faces import DEFAULT, FaceSettings
from civicspace.protect.keys import KdfParams, Keyring
from civicspace.protect.receipts import KDF_COSTS as KDF_COSTS
from civicspace.protect.receipts import new_receipt, new_salt, receipt_keys
from civicspace.protect.sanitize import public_copy
from civicspace.protect.uploads import Upload, sniff
from civicspace.protect.vault import Vault
from civicspace.store.submissions import (
    CONSENTS,
    Submission,
    SubmissionAttachment,
    SubmissionMessage,
)

MAX_TEXT_CHARS = 100_000
MAX_FILES = 20
ACTOR = "intake"


@dataclass(frozen=True)
class Intake:
    """What receiving needs: the keyring (public halves), the vault, the receipt salt, limits."""

    ring: Keyring
    vault: Vault
    receipt_salt: bytes
    kdf: KdfParams = field(default_factory=KdfParams)
    max_bytes: int = 25 * 1024 * 1024
    faces: FaceSettings = DEFAULT

    @classmethod
    def open(
        cls,
        folder: Path,
        kdf: KdfParams = KdfParams(),
        max_bytes: int = 25 * 1024 * 1024,
        faces: FaceSettings = DEFAULT,
    ) -> Intake:
        """The protect folder's keyring, vault and receipt salt (the salt made on first use).

        A folder without ``keyring.json`` is :class:`NotFound`: no one could open what would
        be sealed, so nothing is received.
        """
        ring = Keyring.load(folder / "keyring.json")
        return cls(ring, Vault(folder / "vault"), receipt_salt(folder), kdf, max_bytes, faces)


def receipt_salt(folder: Path) -> bytes:
    """The organisation's receipt salt in ``folder/receipt.salt``, created once (mode 600)."""
    path = folder / "receipt.salt"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fresh = folder / f".receipt.salt.{secrets.token_hex(8)}"
        fresh.write_text(new_salt().hex() + "\n", encoding="ascii")
        fresh.chmod(0o600)
        try:
            os.link(fresh, path)  # atomic, and never replaces a salt already made
        except FileExistsError:
            pass  # another request made it first: use theirs
        finally:
            fresh.unlink()
    return bytes.fromhex(path.read_text("ascii").strip())


@dataclass(frozen=True)
class NewSubmission:
    """What the sender gave, checked by :func:`submit`."""

    text: str
    consent: str
    may_become_incident: bool = False
    language: str = "en"
    country: str | None = None
    campaign: str | None = None
    uploads: tuple[Upload, ...] = ()


@dataclass(frozen=True)
class Receipt:
    """The code to show the sender once, and the submission's id (for the organisation)."""

    code: str
    submission_id: str


def today() -> date:
    """The UTC day: the only time of a sender's action that is ever kept."""
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class _Prepared:
    """A file checked and processed in memory, before anything is written."""

    upload: Upload
    kind: str
    mime: str
    public: bytes | None
    public_format: str | None
    boxes: list[list[float]] | None
    problem: str | None


def _check(text: str, uploads: Sequence[Upload], max_bytes: int) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise TooLarge(f"the text is longer than {MAX_TEXT_CHARS:,} characters")
    if len(uploads) > MAX_FILES:
        raise TooLarge(f"at most {MAX_FILES} files can be sent at once")
    total = len(text.encode("utf-8")) + sum(len(u.data) for u in uploads)
    if total > max_bytes:
        raise TooLarge(
            f"the submission is {total:,} bytes, more than the limit of {max_bytes:,} bytes"
        )


def _prepare(uploads: Sequence[Upload], faces: FaceSettings) -> list[_Prepared]:
    """Sniff every file and make each photo's public copy, all in memory (nothing stored yet)."""
    prepared = []
    for upload in uploads:
        if not upload.data:
            raise InvalidInput(f"the file {upload.filename or '(no name)'} is empty")
        sniffed = sniff(upload.data)
        if sniffed.kind != "image":
            prepared.append(_Prepared(upload, sniffed.kind, sniffed.mime, None, None, None, None))
            continue
        try:
            copy = public_copy(upload.data, output_format="JPEG", faces=faces)
        except (InvalidInput, ItemError) as exc:
            # kept sealed as evidence; the reviewer sees why there is no public copy
            prepared.append(
                _Prepared(upload, "image", sniffed.mime, None, None, None, str(exc)[:300])
            )
            continue
        boxes = [[round(float(v), 3) for v in row] for row in copy.boxes.tolist()]
        prepared.append(_Prepared(upload, "image", sniffed.mime, copy.data, "JPEG", boxes, None))
    return prepared


def _store_files(
    session: Session,
    intake: Intake,
    submission: Submission,
    prepared: list[_Prepared],
    sender: PublicKey,
    day: date,
    start: int,
) -> None:
    org = intake.ring.recipients
    for position, item in enumerate(prepared, start=start):
        sha = intake.vault.store(item.upload.data, intake.ring, ACTOR, day)
        public_sha = (
            intake.vault.store(item.public, intake.ring, ACTOR, day) if item.public else None
        )
        session.add(
            SubmissionAttachment(
                submission_id=submission.id,
                position=position,
                kind=item.kind,
                mime=item.mime,
                size=len(item.upload.data),
                sha256=sha,
                meta=seal_json({"filename": item.upload.filename}, [*org, sender]),
                public_sha256=public_sha,
                public_format=item.public_format,
                faces=seal_json(item.boxes, org) if item.boxes is not None else None,
                masks=None,
                problem=item.problem,
                added_on=day,
            )
        )


def _checked(new: NewSubmission) -> NewSubmission:
    if new.consent not in CONSENTS:
        raise InvalidInput(f"consent must be one of {', '.join(CONSENTS)}")
    if not new.text.strip() and not new.uploads:
        raise InvalidInput("write something or attach a file")
    if new.country is not None and (len(new.country) != 2 or not new.country.isalpha()):
        raise InvalidInput(f"not a two-letter country code: {new.country!r}")
    if not new.language or len(new.language) > 8:
        raise InvalidInput("a language code is needed")
    return new


def submit(
    session: Session, intake: Intake, new: NewSubmission, support: str | None = None
) -> Receipt:
    """Receive ``new``: everything checked and processed first, then sealed and stored at once.

    ``support`` (the automatic support reply in the sender's language) is stored as the first
    reply, sealed to the sender and the organisation. Too large or refused input raises before
    anything is written; the caller commits ``session``.
    """
    new = _checked(new)
    _check(new.text, new.uploads, intake.max_bytes)
    prepared = _prepare(new.uploads, intake.faces)
    code = new_receipt()
    keys = receipt_keys(code, intake.receipt_salt, intake.kdf)
    reply_salt = secrets.token_bytes(16)
    sender = keys.sender_key(reply_salt).public_key
    day = today()
    submission = Submission(
        id=secrets.token_hex(16),
        receipt_hash=keys.lookup,
        reply_salt=reply_salt.hex(),
        sender_public_key=_b64(bytes(sender)),
        consent=new.consent,
        may_become_incident=new.may_become_incident,
        language=new.language,
        country=new.country.upper() if new.country else None,
        campaign=new.campaign,
        received_on=day,
        updated_on=day,
        state="new",
    )
    session.add(submission)
    session.flush()
    org = intake.ring.recipients
    if new.text.strip():
        add_message(session, submission, "sender", "text", new.text, [*org, sender], day)
    _store_files(session, intake, submission, prepared, sender, day, 0)
    if support:
        add_message(session, submission, "organisation", "support", support, [*org, sender], day)
    session.flush()
    return Receipt(code, submission.id)


def add_message(
    session: Session,
    submission: Submission,
    direction: str,
    kind: str,
    text: str,
    recipients: list[PublicKey],
    day: date,
    author: str | None = None,
) -> SubmissionMessage:
    message = SubmissionMessage(
        submission_id=submission.id,
        direction=direction,
        kind=kind,
        envelope=seal_json({"text": text}, recipients),
        author=author,
        created_on=day,
    )
    session.add(message)
    return message


# -- the sender comes back with her code --------------------------------------------------


@dataclass(frozen=True)
class ShownMessage:
    direction: str  # sender | organisation
    kind: str  # text | support | reply
    text: str
    day: date


@dataclass(frozen=True)
class ShownFile:
    kind: str
    filename: str
    size: int
    day: date


@dataclass(frozen=True)
class SenderView:
    """What the holder of a receipt code sees: state, the conversation, the files she sent."""

    state: str
    consent: str
    received_on: date
    messages: list[ShownMessage]
    files: list[ShownFile]


@dataclass(frozen=True)
class Unlocked:
    """A submission found by its receipt code, with the sender's private key for this request."""

    submission: Submission
    key: PrivateKey


def unlock_receipt(session: Session, intake: Intake, code: str) -> Unlocked:
    """The submission of ``code``; :class:`NotFound` for a code that matches none."""
    keys = receipt_keys(code, intake.receipt_salt, intake.kdf)
    submission = session.scalar(select(Submission).where(Submission.receipt_hash == keys.lookup))
    if submission is None:
        raise NotFound("no submission has this receipt code")
    key = keys.sender_key(bytes.fromhex(submission.reply_salt))
    if _b64(bytes(key.public_key)) != submission.sender_public_key:
        raise InvalidInput("the receipt code does not open this submission")
    return Unlocked(submission, key)


def sender_view(session: Session, unlocked: Unlocked) -> SenderView:
    """Everything sealed to the sender, opened with the key derived from her code."""
    submission = unlocked.submission
    rows = session.scalars(
        select(SubmissionMessage)
        .where(SubmissionMessage.submission_id == submission.id)
        .order_by(SubmissionMessage.id)
    )
    messages = [
        ShownMessage(
            m.direction, m.kind, str(open_json(m.envelope, unlocked.key)["text"]), m.created_on
        )
        for m in rows
    ]
    attachments = session.scalars(
        select(SubmissionAttachment)
        .where(SubmissionAttachment.submission_id == submission.id)
        .order_by(SubmissionAttachment.position)
    )
    files = [
        ShownFile(a.kind, str(open_json(a.meta, unlocked.key)["filename"]), a.size, a.added_on)
        for a in attachments
    ]
    return SenderView(submission.state, submission.consent, submission.received_on, messages, files)


def add_from_sender(
    session: Session,
    intake: Intake,
    unlocked: Unlocked,
    text: str,
    uploads: Sequence[Upload] = (),
) -> None:
    """More words or files from the returning sender; checked in full before anything is stored."""
    if not text.strip() and not uploads:
        raise InvalidInput("write something or attach a file")
    _check(text, uploads, intake.max_bytes)
    prepared = _prepare(uploads, intake.faces)
    submission = unlocked.submission
    sender = unlocked.key.public_key
    day = today()
    if text.strip():
        add_message(
            session, submission, "sender", "text", text, [*intake.ring.recipients, sender], day
        )
    start = (
        session.scalar(
            select(SubmissionAttachment.position)
            .where(SubmissionAttachment.submission_id == submission.id)
            .order_by(SubmissionAttachment.position.desc())
            .limit(1)
        )
        or 0
    ) + 1
    _store_files(session, intake, submission, prepared, sender, day, start)
    submission.updated_on = day
    session.flush()


def sender_public_key(submission: Submission) -> PublicKey:
    """The public half of the sender's receipt-derived key, to which replies are sealed."""
    return PublicKey(_b64d(submission.sender_public_key))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))
