"""The organisation's key pairs: public keys in the clear, private keys only under a passphrase.

Each :class:`KeyRecord` holds a Curve25519 public key (what submissions are sealed to) and its
private key encrypted with ``SecretBox`` under a key derived from a reviewer's passphrase with
argon2id (``nacl.pwhash``). The server stores records; a reviewer unlocks one per session with
:func:`unlock` and the private key lives in memory only. A :class:`Keyring` keeps every key ever
used, newest last: :func:`rotate` adds a new one and retires the old, which stays to open what was
sealed to it (``sealing.reseal`` moves an envelope to the new key).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils
from nacl.public import PrivateKey, PublicKey

from civicspace.errors import InvalidInput, NotFound

MIN_PASSPHRASE = 12


@dataclass(frozen=True)
class KdfParams:
    """argon2id cost; the default is libsodium's MODERATE (3 passes, 256 MiB, ~0.7 s)."""

    opslimit: int = nacl.pwhash.argon2id.OPSLIMIT_MODERATE
    memlimit: int = nacl.pwhash.argon2id.MEMLIMIT_MODERATE


@dataclass(frozen=True)
class KeyRecord:
    """One key pair as stored: the private half encrypted; bytes as base64 text."""

    key_id: str
    public_key: str
    encrypted_private_key: str
    salt: str
    opslimit: int
    memlimit: int
    created_at: str
    retired_at: str | None = None

    @property
    def public(self) -> PublicKey:
        return PublicKey(_b64d(self.public_key))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def key_id(public: PublicKey) -> str:
    """A short stable name for a public key: 16 hex digits of its SHA-256."""
    return hashlib.sha256(bytes(public)).hexdigest()[:16]


def _derive(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    return nacl.pwhash.argon2id.kdf(
        nacl.secret.SecretBox.KEY_SIZE, passphrase.encode("utf-8"), salt, opslimit, memlimit
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def protect_private_key(
    private: PrivateKey, passphrase: str, params: KdfParams = KdfParams()
) -> KeyRecord:
    """A record of ``private`` encrypted under ``passphrase`` (refused when shorter than 12)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(f"a passphrase needs at least {MIN_PASSPHRASE} characters")
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    box = nacl.secret.SecretBox(_derive(passphrase, salt, params.opslimit, params.memlimit))
    return KeyRecord(
        key_id=key_id(private.public_key),
        public_key=_b64(bytes(private.public_key)),
        encrypted_private_key=_b64(bytes(box.encrypt(bytes(private)))),
        salt=_b64(salt),
        opslimit=params.opslimit,
        memlimit=params.memlimit,
        created_at=_now(),
    )


def create_key(passphrase: str, params: KdfParams = KdfParams()) -> KeyRecord:
    """A new key pair, of which only the encrypted private half is kept."""
    return protect_private_key(PrivateKey.generate(), passphrase, params)


def unlock(record: KeyRecord, passphrase: str) -> PrivateKey:
    """The private key of ``record``; a wrong passphrase is an :class:`InvalidInput`."""
    key = _derive(passphrase, _b64d(record.salt), record.opslimit, record.memlimit)
    try:
        raw = nacl.secret.SecretBox(key).decrypt(_b64d(record.encrypted_private_key))
    except nacl.exceptions.CryptoError:
        raise InvalidInput(f"wrong passphrase for key {record.key_id}") from None
    private = PrivateKey(raw)
    if key_id(private.public_key) != record.key_id:
        raise InvalidInput(f"key {record.key_id} does not match its public key")
    return private


def change_passphrase(
    record: KeyRecord, old: str, new: str, params: KdfParams = KdfParams()
) -> KeyRecord:
    """The same key pair under a new passphrase (the old passphrase is needed)."""
    fresh = protect_private_key(unlock(record, old), new, params)
    return replace(fresh, created_at=record.created_at, retired_at=record.retired_at)


@dataclass(frozen=True)
class Keyring:
    """Every key pair of the organisation, oldest first; the newest unretired one is current."""

    records: tuple[KeyRecord, ...] = ()

    @property
    def current(self) -> KeyRecord:
        for record in reversed(self.records):
            if record.retired_at is None:
                return record
        raise NotFound("no current key: create one first")

    @property
    def recipients(self) -> list[PublicKey]:
        """The public keys to seal new material to: every unretired key (at least the current).

        Two reviewers who each hold a key of their own (different passphrases) can both open
        what arrives; that is the recovery procedure of docs/protect.md.
        """
        keys = [record.public for record in self.records if record.retired_at is None]
        return keys or [self.current.public]

    def get(self, wanted: str) -> KeyRecord:
        for record in self.records:
            if record.key_id == wanted:
                return record
        raise NotFound(f"no key {wanted}")

    def save(self, path: Path) -> None:
        """Write the keyring as JSON (it holds no usable secret without a passphrase)."""
        rows = [asdict(record) for record in self.records]
        path.write_text(json.dumps({"keys": rows}, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Keyring:
        try:
            rows = json.loads(path.read_text("utf-8"))["keys"]
            return cls(tuple(KeyRecord(**row) for row in rows))
        except FileNotFoundError:
            raise NotFound(f"no keyring at {path}") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(f"{path} is not a keyring: {exc}") from exc


def rotate(ring: Keyring, passphrase: str, params: KdfParams = KdfParams()) -> Keyring:
    """A keyring with a new current key; the previous ones are retired, not deleted."""
    new = create_key(passphrase, params)
    now = _now()
    old = tuple(r if r.retired_at else replace(r, retired_at=now) for r in ring.records)
    return Keyring((*old, new))
