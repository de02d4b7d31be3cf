"""Receipt codes, GlobaLeaks-style: shown once to the sender, only a slow hash kept.

A code is ``RECEIPT_DIGITS`` random decimal digits (80 bits), shown in groups of four so that it
can be copied by hand or read over a phone. The server keeps ``hash_receipt(code)``: argon2id
with the organisation's own salt, deterministic so that a returning sender's submission can be
found by its hash, slow so that the table of hashes cannot be searched through.
"""

from __future__ import annotations

import hmac
import secrets

import nacl.pwhash

from civicspace.protect.keys import KdfParams

RECEIPT_DIGITS = 24
GROUP = 4


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
