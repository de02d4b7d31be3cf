"""Unlocking the organisation's keys with one passphrase, and resealing after a rotation.

A key pair may have several records (one per holder, each under its own passphrase): a
passphrase opens the records it was set for. :func:`unlock_all` gives every private key a
passphrase opens (the desk keeps them in memory for one login session); :func:`unlock_active`
one active key (the CLI).

:func:`reseal_submissions` moves every envelope of the submission tables to the keyring's
current keys after :func:`civicspace.protect.keys.rotate` (``Vault.reseal_all`` does the same for
sealed originals). An envelope that was also sealed to the sender (her messages, the file names,
the replies) stays sealed to her.
"""

from __future__ import annotations

import base64
from typing import Any

from nacl.public import PrivateKey, PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.errors import InvalidInput
from civicspace.protect.envelopes import envelope_from, envelope_json
from civicspace.protect.keys import Keyring, key_id, unlock
from civicspace.protect.sealing import open_envelope, seal
from civicspace.store.submissions import Submission, SubmissionAttachment, SubmissionMessage


def active_ids(ring: Keyring) -> list[str]:
    """Key ids of the unretired keys, the current one first: new material is sealed to all."""
    ids = [ring.current.key_id]
    for record in reversed(ring.records):
        if record.retired_at is None and record.key_id not in ids:
            ids.append(record.key_id)
    return ids


def unlock_all(ring: Keyring, passphrase: str) -> dict[str, PrivateKey]:
    """Every private key of ``ring`` that ``passphrase`` opens, by key id (active ones first).

    :class:`InvalidInput` when it opens none of the unretired keys (a passphrase that opens
    only retired keys cannot read what arrives now).
    """
    active = active_ids(ring)
    opened: dict[str, PrivateKey] = {}
    for record in sorted(ring.records, key=lambda r: r.key_id not in active):
        if record.key_id in opened:
            continue
        try:
            opened[record.key_id] = unlock(record, passphrase)
        except InvalidInput:
            continue
    if not any(k in opened for k in active):
        raise InvalidInput("this passphrase does not open any of the organisation's current keys")
    return opened


def unlock_active(ring: Keyring, passphrase: str) -> PrivateKey:
    """An unretired private key (the current one if it can), opened by a holder's passphrase."""
    opened = unlock_all(ring, passphrase)
    return next(opened[k] for k in active_ids(ring) if k in opened)


def _reseal(
    stored: dict[str, Any] | None, ring: Keyring, private: PrivateKey, sender: PublicKey | None
) -> dict[str, Any] | None:
    if stored is None:
        return None
    envelope = envelope_from(stored)
    if ring.current.key_id in envelope.recipients:
        return None  # already sealed to the current key
    recipients = list(ring.recipients)
    if sender is not None and key_id(sender) in envelope.recipients:
        recipients.append(sender)
    return envelope_json(seal(open_envelope(envelope, private), recipients))


def reseal_submissions(session: Session, ring: Keyring, private: PrivateKey) -> int:
    """Reseal every submission envelope that ``private`` opens to ``ring``'s current keys.

    Returns how many envelopes were resealed; the caller commits.
    """
    wanted = key_id(private.public_key)
    senders = {
        s.id: PublicKey(base64.b64decode(s.sender_public_key))
        for s in session.scalars(select(Submission))
    }
    count = 0
    for message in session.scalars(select(SubmissionMessage)):
        if wanted not in message.envelope.get("recipients", {}):
            continue
        moved = _reseal(message.envelope, ring, private, senders.get(message.submission_id))
        if moved is not None:
            message.envelope = moved
            count += 1
    for attachment in session.scalars(select(SubmissionAttachment)):
        sender = senders.get(attachment.submission_id)
        for column in ("meta", "faces", "masks"):
            stored = getattr(attachment, column)
            if stored is None or wanted not in stored.get("recipients", {}):
                continue
            moved = _reseal(stored, ring, private, sender)
            if moved is not None:
                setattr(attachment, column, moved)
                count += 1
    session.flush()
    return count
