"""Secure submissions: the reviewer's side (docs/protect.md, "The reviewer's API").

Listing needs no key (only what is stored in the clear). Everything else opens envelopes with a
private key that a reviewer unlocked for this session (``keys.unlock``), and each opening,
change or export is written to the vault's chain-of-custody log under the reviewer's name.

Boxes (detected faces and the reviewer's extra masks) are ``[x, y, w, h, score]`` in pixels of
the upright original (the pixel grid of ``sanitize.load_upright``); masks drawn by hand have
score 1.0. Nothing is published until :func:`confirm_masks`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from nacl.public import PrivateKey
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civicspace.errors import InvalidInput, NotFound
from civicspace.protect import custody
from civicspace.protect.keys import Keyring
from civicspace.protect.masking import MaskStyle, apply_masks
from civicspace.protect.sanitize import encode, load_upright
from civicspace.protect.submissions import (
    add_message,
    open_json,
    seal_json,
    sender_public_key,
    today,
)
from civicspace.protect.vault import Vault
from civicspace.store.submissions import (
    SUBMISSION_STATES,
    Submission,
    SubmissionAttachment,
    SubmissionMessage,
)

Box = list[float]  # x, y, w, h, score


@dataclass(frozen=True)
class SubmissionSummary:
    """What the desk lists without a key: nothing of the sender's words or files."""

    id: str
    state: str
    consent: str
    may_become_incident: bool
    language: str
    country: str | None
    campaign: str | None
    received_on: date
    updated_on: date
    attachments: int
    messages: int
    incident_id: int | None


@dataclass(frozen=True)
class OpenedMessage:
    id: int
    direction: str  # sender | organisation
    kind: str  # text | support | reply
    text: str
    author: str | None
    created_on: date


@dataclass(frozen=True)
class OpenedAttachment:
    """One file's facts and opened metadata; the bytes come from :func:`open_file`."""

    id: int
    position: int
    kind: str  # image | document
    mime: str
    size: int
    sha256: str
    filename: str
    public_sha256: str | None
    public_format: str | None
    faces: list[Box]
    masks: list[Box]
    masks_confirmed_by: str | None
    masks_confirmed_on: date | None
    problem: str | None
    added_on: date


@dataclass(frozen=True)
class OpenedSubmission:
    summary: SubmissionSummary
    messages: list[OpenedMessage]
    attachments: list[OpenedAttachment]


def _summary(session: Session, s: Submission) -> SubmissionSummary:
    files = session.scalar(select(func.count()).where(SubmissionAttachment.submission_id == s.id))
    messages = session.scalar(select(func.count()).where(SubmissionMessage.submission_id == s.id))
    return SubmissionSummary(
        s.id, s.state, s.consent, s.may_become_incident, s.language, s.country, s.campaign,
        s.received_on, s.updated_on, files or 0, messages or 0, s.incident_id,
    )  # fmt: skip


def list_submissions(
    session: Session,
    *,
    state: str | None = None,
    country: str | None = None,
    campaign: str | None = None,
    limit: int = 200,
) -> list[SubmissionSummary]:
    """Submissions newest day first, filtered by state, country or campaign."""
    query = select(Submission)
    if state is not None:
        query = query.where(Submission.state == state)
    if country is not None:
        query = query.where(Submission.country == country.upper())
    if campaign is not None:
        query = query.where(Submission.campaign == campaign)
    query = query.order_by(Submission.received_on.desc(), Submission.id).limit(limit)
    return [_summary(session, s) for s in session.scalars(query)]


def _get(session: Session, submission_id: str) -> Submission:
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise NotFound(f"no submission {submission_id}")
    return submission


def _attachment(session: Session, attachment_id: int) -> SubmissionAttachment:
    attachment = session.get(SubmissionAttachment, attachment_id)
    if attachment is None:
        raise NotFound(f"no attachment {attachment_id}")
    return attachment


def summary(session: Session, submission_id: str) -> SubmissionSummary:
    return _summary(session, _get(session, submission_id))


def open_submission(
    session: Session, vault: Vault, submission_id: str, private: PrivateKey, actor: str
) -> OpenedSubmission:
    """The sender's words, the replies and the files' metadata, opened; logged as ``opened``."""
    submission = _get(session, submission_id)
    rows = session.scalars(
        select(SubmissionMessage)
        .where(SubmissionMessage.submission_id == submission_id)
        .order_by(SubmissionMessage.id)
    )
    messages = [
        OpenedMessage(
            m.id, m.direction, m.kind, str(open_json(m.envelope, private)["text"]), m.author,
            m.created_on,
        )
        for m in rows
    ]  # fmt: skip
    files = session.scalars(
        select(SubmissionAttachment)
        .where(SubmissionAttachment.submission_id == submission_id)
        .order_by(SubmissionAttachment.position)
    )
    attachments = [_opened_attachment(a, private) for a in files]
    custody.append(vault.log, actor, "opened", submission_id, "submission")
    return OpenedSubmission(_summary(session, submission), messages, attachments)


def _opened_attachment(a: SubmissionAttachment, private: PrivateKey) -> OpenedAttachment:
    return OpenedAttachment(
        a.id, a.position, a.kind, a.mime, a.size, a.sha256,
        str(open_json(a.meta, private)["filename"]), a.public_sha256, a.public_format,
        list(open_json(a.faces, private)) if a.faces else [],
        list(open_json(a.masks, private)) if a.masks else [],
        a.masks_confirmed_by, a.masks_confirmed_on, a.problem, a.added_on,
    )  # fmt: skip


def open_attachment(session: Session, attachment_id: int, private: PrivateKey) -> OpenedAttachment:
    """One attachment's metadata, opened (no bytes, nothing logged)."""
    return _opened_attachment(_attachment(session, attachment_id), private)


def open_file(
    session: Session,
    vault: Vault,
    attachment_id: int,
    private: PrivateKey,
    actor: str,
    which: str = "original",
) -> bytes:
    """The bytes of an attachment's sealed ``original`` or its ``public`` copy (logged)."""
    attachment = _attachment(session, attachment_id)
    if which == "original":
        return vault.open(attachment.sha256, private, actor, f"attachment {attachment_id}")
    if which == "public":
        if attachment.public_sha256 is None:
            raise NotFound(f"attachment {attachment_id} has no public copy")
        return vault.open(attachment.public_sha256, private, actor, f"public {attachment_id}")
    raise InvalidInput("which must be original or public")


def reply(session: Session, ring: Keyring, submission_id: str, text: str, actor: str) -> int:
    """A reply to the sender, sealed to her receipt-derived key and to the organisation."""
    if not text.strip():
        raise InvalidInput("a reply needs text")
    submission = _get(session, submission_id)
    recipients = [*ring.recipients, sender_public_key(submission)]
    message = add_message(
        session, submission, "organisation", "reply", text, recipients, today(), actor
    )
    submission.updated_on = today()
    session.flush()
    return message.id


def set_state(session: Session, vault: Vault, submission_id: str, state: str, actor: str) -> None:
    """Move a submission to ``state`` (new, in_review, published, declined); logged."""
    if state not in SUBMISSION_STATES:
        raise InvalidInput(f"state must be one of {', '.join(SUBMISSION_STATES)}")
    submission = _get(session, submission_id)
    previous = submission.state
    submission.state = state
    submission.updated_on = today()
    session.flush()
    custody.append(vault.log, actor, "changed", submission_id, f"state {previous} -> {state}")


def set_incident(
    session: Session, vault: Vault, submission_id: str, incident_id: int, actor: str
) -> None:
    """Record the incident a submission became on the desk; logged."""
    submission = _get(session, submission_id)
    submission.incident_id = incident_id
    session.flush()
    custody.append(vault.log, actor, "changed", submission_id, f"incident {incident_id}")


def _boxes(boxes: Sequence[Sequence[float]]) -> list[Box]:
    out = []
    for box in boxes:
        if len(box) not in (4, 5) or any(v < 0 for v in box[:4]) or box[2] <= 0 or box[3] <= 0:
            raise InvalidInput(f"a box is [x, y, w, h] with positive width and height: {box}")
        out.append([float(v) for v in box[:4]] + [float(box[4]) if len(box) == 5 else 1.0])
    return out


def record_masks(
    session: Session,
    ring: Keyring,
    vault: Vault,
    attachment_id: int,
    masks: Sequence[Sequence[float]],
    actor: str,
) -> None:
    """The reviewer's extra masks for an image (replacing earlier ones), sealed.

    Any earlier confirmation is withdrawn: the masks must be confirmed again after
    :func:`render_public_copy`.
    """
    attachment = _attachment(session, attachment_id)
    if attachment.kind != "image":
        raise InvalidInput("only images have masks")
    attachment.masks = seal_json(_boxes(masks), ring.recipients)
    attachment.masks_confirmed_by = None
    attachment.masks_confirmed_on = None
    session.flush()
    custody.append(vault.log, actor, "changed", attachment.sha256, f"{len(masks)} masks")


def render_public_copy(
    session: Session,
    ring: Keyring,
    vault: Vault,
    attachment_id: int,
    private: PrivateKey,
    actor: str,
    style: MaskStyle = MaskStyle.fill,
) -> bytes:
    """A new public copy from the original with the detected boxes and the masks, sealed.

    Returns the JPEG bytes (for the reviewer to look at); the previous public copy stays in the
    vault but is no longer the attachment's. Confirmation is withdrawn until confirmed again.
    """
    attachment = _attachment(session, attachment_id)
    if attachment.kind != "image":
        raise InvalidInput("only images have a public copy")
    original = vault.open(attachment.sha256, private, actor, "render public copy")
    opened = _opened_attachment(attachment, private)
    boxes = np.array(opened.faces + opened.masks, dtype=np.float32).reshape(-1, 5)
    pixels = np.asarray(load_upright(original))
    data = encode(Image.fromarray(apply_masks(pixels, boxes, style)), "JPEG")
    attachment.public_sha256 = vault.store(data, ring, actor)
    attachment.public_format = "JPEG"
    attachment.problem = None
    attachment.masks_confirmed_by = None
    attachment.masks_confirmed_on = None
    session.flush()
    return data


def confirm_masks(session: Session, vault: Vault, attachment_id: int, actor: str) -> None:
    """The reviewer confirms that the public copy hides every face; logged."""
    attachment = _attachment(session, attachment_id)
    if attachment.public_sha256 is None:
        raise InvalidInput("there is no public copy to confirm")
    attachment.masks_confirmed_by = actor
    attachment.masks_confirmed_on = today()
    session.flush()
    custody.append(vault.log, actor, "changed", attachment.sha256, "masks confirmed")
