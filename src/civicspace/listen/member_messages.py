"""Members write to each other through the platform, and neither address is ever shown.

A message is stored (both inboxes show it) and the recipient is told by e-mail from the site's
own address (``CIVICSPACE_SMTP_FROM``) with the text and a link to reply on the platform: the
sender's e-mail is not in the message, and the recipient's is never shown to the sender. A
failed e-mail is recorded on the message (it stays in the inbox). Members write only to members
they may see (active, name visible to members), at most ``CIVICSPACE_MEMBERS_MESSAGES_PER_DAY``
a day.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from civicspace.accounts.roles import Forbidden
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.listen.members import level_of, listed, view
from civicspace.notify import DeliveryError, Notice, send_email
from civicspace.settings import Settings
from civicspace.store.base import utcnow
from civicspace.store.members import Member, MemberMessage

MAX_SUBJECT = 200
MAX_BODY = 10_000


def display_name(member: Member, viewer: Member) -> str:
    """How ``member`` is named to ``viewer``: their name if visible, else "a member"."""
    shown = view(member, level_of(viewer, member))
    return str(shown.get("name") or "a member")


def send(
    db: Session,
    settings: Settings,
    sender: Member,
    recipient_id: int,
    subject: str,
    body: str,
    reply_to: int | None = None,
) -> MemberMessage:
    """Store and deliver a message; the caller commits (the e-mail is sent before)."""
    if sender.status != "active":
        raise Forbidden("only approved members write to other members")
    recipient = db.get(Member, recipient_id)
    if recipient is None or recipient.id == sender.id:
        raise NotFound(f"no member {recipient_id}")
    if not listed(recipient, level_of(sender, recipient)):
        raise NotFound(f"no member {recipient_id}")
    if reply_to is not None:
        earlier = db.get(MemberMessage, reply_to)
        if earlier is None or {earlier.sender_id, earlier.recipient_id} != {
            sender.id,
            recipient.id,
        }:
            raise NotFound(f"no message {reply_to} between you")
    subject = " ".join(subject.split())
    body = body.strip()
    if not subject or len(subject) > MAX_SUBJECT:
        raise InvalidInput(f"subject: 1–{MAX_SUBJECT} characters")
    if not body or len(body) > MAX_BODY:
        raise InvalidInput(f"message: 1–{MAX_BODY} characters")
    since = utcnow() - timedelta(days=1)
    sent_today = db.scalar(
        select(func.count(MemberMessage.id)).where(
            MemberMessage.sender_id == sender.id, MemberMessage.created_at >= since
        )
    )
    if (sent_today or 0) >= settings.members_messages_per_day:
        raise Conflict("you have sent as many messages as allowed today: try again tomorrow")
    message = MemberMessage(
        sender_id=sender.id,
        recipient_id=recipient.id,
        reply_to_id=reply_to,
        subject=subject,
        body=body,
        created_at=utcnow(),
        delivery="pending",
    )
    db.add(message)
    db.flush()
    _deliver(settings, message, sender, recipient)
    return message


def _deliver(settings: Settings, message: MemberMessage, sender: Member, recipient: Member) -> None:
    link = f"{settings.site_url.rstrip('/')}/members/messages/{message.id}"
    notice = Notice(
        kind="member.message",
        key=f"member-message:{message.id}",
        at=message.created_at,
        subject=f"[civicspace] {display_name(sender, recipient)}: {message.subject}",
        payload={
            "from": display_name(sender, recipient),
            "subject": message.subject,
            "message": message.body,
            "reply": f"reply on the platform (your address stays hidden): {link}",
        },
    )
    try:
        send_email(settings, recipient.email, notice)
    except DeliveryError as exc:
        message.delivery = "failed"
        message.delivery_error = str(exc)[:500]
    else:
        message.delivery = "emailed"


def inbox(db: Session, member: Member) -> list[MemberMessage]:
    """Messages to and from ``member``, newest first."""
    return list(
        db.scalars(
            select(MemberMessage)
            .where(
                or_(MemberMessage.recipient_id == member.id, MemberMessage.sender_id == member.id)
            )
            .order_by(MemberMessage.created_at.desc(), MemberMessage.id.desc())
        )
    )


def read(db: Session, member: Member, message_id: int) -> MemberMessage:
    """One message of ``member``'s; marks it read when they are its recipient."""
    message = db.get(MemberMessage, message_id)
    if message is None or member.id not in (message.sender_id, message.recipient_id):
        raise NotFound(f"no message {message_id}")
    if message.recipient_id == member.id and message.read_at is None:
        message.read_at = utcnow()
        db.flush()
    return message
