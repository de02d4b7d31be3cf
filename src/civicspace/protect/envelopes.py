"""Sealed JSON in a database column: an :class:`~civicspace.protect.sealing.Envelope` as a dict.

Every private field of a submission (the sender's words, file names, face boxes, masks, replies)
is stored this way: ``{"ciphertext": ..., "recipients": {key_id: sealed content key}}``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from nacl.public import PrivateKey, PublicKey

from civicspace.protect.sealing import Envelope, open_envelope, seal


def envelope_json(envelope: Envelope) -> dict[str, Any]:
    return asdict(envelope)


def envelope_from(doc: dict[str, Any]) -> Envelope:
    return Envelope(str(doc["ciphertext"]), dict(doc["recipients"]))


def seal_json(doc: object, recipients: list[PublicKey]) -> dict[str, Any]:
    """``doc`` as JSON, sealed to ``recipients``, in the form stored in a JSON column."""
    return envelope_json(seal(json.dumps(doc, ensure_ascii=False).encode("utf-8"), recipients))


def open_json(stored: dict[str, Any], private: PrivateKey) -> Any:
    """The JSON sealed in ``stored``; :class:`InvalidInput` if not sealed to ``private``."""
    return json.loads(open_envelope(envelope_from(stored), private).decode("utf-8"))
