"""Seal bytes to one or more public keys so that only a holder of a private key opens them.

An :class:`Envelope` is hybrid encryption: the content under a random one-time key
(``SecretBox``: XSalsa20-Poly1305), and that key sealed to each recipient's public key with
``SealedBox`` (anonymous, ephemeral-key Curve25519). The server that seals needs no private key.
A :class:`SealedOriginal` adds the SHA-256 of the exact bytes, checked again on opening.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict, dataclass

import nacl.exceptions
import nacl.secret
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox

from civicspace.errors import InvalidInput
from civicspace.protect.keys import key_id


@dataclass(frozen=True)
class Envelope:
    """Ciphertext and the content key sealed to each recipient (by key id), base64 text."""

    ciphertext: str
    recipients: dict[str, str]


def seal(data: bytes, recipients: list[PublicKey]) -> Envelope:
    """``data`` encrypted so that any one of ``recipients`` can open it."""
    if not recipients:
        raise InvalidInput("sealing needs at least one public key")
    content_key = nacl.utils.random(nacl.secret.SecretBox.KEY_SIZE)
    ciphertext = bytes(nacl.secret.SecretBox(content_key).encrypt(data))
    sealed = {key_id(pk): _b64(SealedBox(pk).encrypt(content_key)) for pk in recipients}
    return Envelope(_b64(ciphertext), sealed)


def open_envelope(envelope: Envelope, private: PrivateKey) -> bytes:
    """The content, for a recipient's private key; anything else is an :class:`InvalidInput`."""
    wanted = key_id(private.public_key)
    if wanted not in envelope.recipients:
        raise InvalidInput(f"not sealed to key {wanted}")
    try:
        content_key = SealedBox(private).decrypt(_b64d(envelope.recipients[wanted]))
        return bytes(nacl.secret.SecretBox(content_key).decrypt(_b64d(envelope.ciphertext)))
    except nacl.exceptions.CryptoError:
        raise InvalidInput("the envelope is corrupt or was tampered with") from None


def reseal(envelope: Envelope, private: PrivateKey, recipients: list[PublicKey]) -> Envelope:
    """The same content sealed to new recipients (key rotation), with a fresh content key."""
    return seal(open_envelope(envelope, private), recipients)


@dataclass(frozen=True)
class SealedOriginal:
    """Evidence as received: the SHA-256 of the exact bytes and the bytes sealed."""

    sha256: str
    size: int
    envelope: Envelope

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SealedOriginal:
        row = json.loads(text)
        return cls(row["sha256"], row["size"], Envelope(**row["envelope"]))


def seal_original(data: bytes, recipients: list[PublicKey]) -> SealedOriginal:
    return SealedOriginal(hashlib.sha256(data).hexdigest(), len(data), seal(data, recipients))


def open_original(original: SealedOriginal, private: PrivateKey) -> bytes:
    """The exact bytes, after checking them against the recorded SHA-256."""
    data = open_envelope(original.envelope, private)
    if hashlib.sha256(data).hexdigest() != original.sha256 or len(data) != original.size:
        raise InvalidInput("the opened original does not match its recorded SHA-256")
    return data


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))
