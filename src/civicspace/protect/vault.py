"""The evidence vault: sealed originals on disk and their chain-of-custody log, in one folder.

``<folder>/originals/<sha256>.sealed`` holds each :class:`~civicspace.protect.sealing.
SealedOriginal` (ciphertext only); ``<folder>/custody.jsonl`` records every receipt, opening and
export. Sealing needs only the keyring's public keys; opening needs a private key that a reviewer
unlocked with a passphrase for this session (:func:`civicspace.protect.keys.unlock`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from nacl.public import PrivateKey

from civicspace.errors import InvalidInput, NotFound
from civicspace.protect import custody
from civicspace.protect.keys import Keyring
from civicspace.protect.sealing import SealedOriginal, open_original, reseal, seal_original


@dataclass(frozen=True)
class Vault:
    folder: Path

    @property
    def log(self) -> Path:
        return self.folder / "custody.jsonl"

    def _path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise InvalidInput(f"not a SHA-256: {sha256!r}")
        return self.folder / "originals" / f"{sha256}.sealed"

    def store(
        self, data: bytes, ring: Keyring, actor: str = "intake", day: date | None = None
    ) -> str:
        """Seal ``data`` to the keyring's unretired keys; return its SHA-256. Idempotent.

        With ``day`` (intake does this) the custody entry records that day only, and the sealed
        file and the log get midnight of that day as their modification time, so neither the log
        nor the file system keeps the moment a sender submitted.
        """
        original = seal_original(data, ring.recipients)
        path = self._path(original.sha256)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(original.to_json(), encoding="utf-8")
            at = day.isoformat() if day else None
            custody.append(self.log, actor, "received", original.sha256, f"{len(data)} bytes", at)
            if day is not None:
                midnight = datetime.combine(day, time(), UTC).timestamp()
                for touched in (path, self.log):
                    os.utime(touched, (midnight, midnight))
        return original.sha256

    def load(self, sha256: str) -> SealedOriginal:
        path = self._path(sha256)
        if not path.exists():
            raise NotFound(f"no sealed original {sha256}")
        return SealedOriginal.from_json(path.read_text("utf-8"))

    def open(self, sha256: str, private: PrivateKey, actor: str, purpose: str = "") -> bytes:
        """The exact bytes (SHA-256 checked); the opening is logged before they are returned."""
        data = open_original(self.load(sha256), private)
        custody.append(self.log, actor, "opened", sha256, purpose)
        return data

    def export(self, sha256: str, private: PrivateKey, actor: str, target: Path) -> None:
        """Write the exact bytes to ``target`` and log the export."""
        target.write_bytes(open_original(self.load(sha256), private))
        custody.append(self.log, actor, "exported", sha256, str(target.name))

    def reseal_all(self, ring: Keyring, private: PrivateKey, actor: str) -> int:
        """After a key rotation: seal every original openable by ``private`` to the current key."""
        count = 0
        current = ring.current
        for path in sorted((self.folder / "originals").glob("*.sealed")):
            original = SealedOriginal.from_json(path.read_text("utf-8"))
            if current.key_id in original.envelope.recipients:
                continue
            moved = reseal(original.envelope, private, [current.public])
            updated = SealedOriginal(original.sha256, original.size, moved)
            path.write_text(updated.to_json(), encoding="utf-8")
            custody.append(self.log, actor, "resealed", original.sha256, f"to {current.key_id}")
            count += 1
        return count

    def verify(self) -> custody.Verification:
        return custody.verify(self.log)
