"""Receipt codes, GlobaLeaks-style: shown once to the sender, only a slow hash kept.

A code is ``RECEIPT_DIGITS`` random decimal digits (80 bits), shown in groups of four so that it
can be copied by hand or read over a phone. The server keeps ``hash_receipt(code)``: argon2id
with the organisation's own salt, deterministic so that a returning sender's submission can be
found by its hash, slow so that the table of hashes cannot be searched through.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass, field

import nacl.pwhash
from nacl.public import PrivateKey

from civicspace.errors import InvalidInput
from civicspace.protect.keys import KdfParams

RECEIPT_DIGITS = 24
GROUP = 4
KDF_COSTS = {
    "moderate": KdfParams(),
    "interactive": KdfParams(
        nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE, nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE
    ),
    "minimum": KdfParams(nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN),
}
# argon2id at the moderate cost holds 256 MiB: at most two derivations at once per process
_KDF_SLOTS = threading.BoundedSemaphore(2)


def new_receipt() -> str:
    """A fresh code such as ``"3815 0247 9931 …"`` (six groups of four digits)."""
    digits = "".join(secrets.choice("0123456789") for _ in range(RECEIPT_DIGITS))
    return " ".join(digits[i : i + GROUP] for i in range(0, RECEIPT_DIGITS, GROUP))


def normalise(code: str) -> str:
    """Digits only: spaces, dashes and dots that people type are ignored."""
    return "".join(ch for ch in code if ch.isdigit())


def new_salt() -> bytes:
    """The organisation's receipt salt, made once and kept with its settings."""
    return secrets.token_bytes(nacl.pwhash.argon2id.SALTBYTES)


def hash_receipt(code: str, salt: bytes, params: KdfParams = KdfParams()) -> str:
    """The stored form of ``code``: hex of a 32-byte argon2id derivation."""
    derived = nacl.pwhash.argon2id.kdf(
        32, normalise(code).encode("ascii"), salt, params.opslimit, params.memlimit
    )
    return derived.hex()


def check_receipt(code: str, stored: str, salt: bytes, params: KdfParams = KdfParams()) -> bool:
    """Whether ``code`` is the receipt whose hash is ``stored`` (constant-time comparison)."""
    if len(normalise(code)) != RECEIPT_DIGITS:
        return False
    return hmac.compare_digest(hash_receipt(code, salt, params), stored)


@dataclass(frozen=True)
class ReceiptKeys:
    """What a receipt code gives a submission: its lookup hash and the sender's key pair.

    One argon2id derivation of the code with the organisation's salt gives ``master``, which is
    never stored; the lookup hash (stored) and the sender's private key (never stored) are two
    keyed BLAKE2b hashes of it, neither of which gives the other or ``master``.
    """

    lookup: str
    master: bytes = field(repr=False)

    def sender_key(self, reply_salt: bytes) -> PrivateKey:
        seed = hashlib.blake2b(
            self.master, digest_size=32, salt=reply_salt, person=b"cs-sender-key"
        ).digest()
        return PrivateKey(seed)


def receipt_keys(code: str, salt: bytes, kdf: KdfParams = KdfParams()) -> ReceiptKeys:
    """One argon2id derivation of ``code``; :class:`InvalidInput` if it is not 24 digits."""
    digits = normalise(code)
    if len(digits) != RECEIPT_DIGITS:
        raise InvalidInput(f"a receipt code has {RECEIPT_DIGITS} digits")
    with _KDF_SLOTS:
        master = nacl.pwhash.argon2id.kdf(
            32, digits.encode("ascii"), salt, kdf.opslimit, kdf.memlimit
        )
    lookup = hashlib.blake2b(master, digest_size=32, person=b"cs-receipt").hexdigest()
    return ReceiptKeys(lookup, master)
