"""An append-only chain-of-custody log: who received, opened, exported or changed what, when.

One JSON line per event. Each entry carries the SHA-256 of the previous entry's line (``prev``)
and its own ``hash`` over its canonical JSON, so removing, reordering or editing any line breaks
the chain from that point on, and :func:`verify` says where. The log is only ever opened for
appending and each entry is flushed to disk before the call returns.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from civicspace.errors import InvalidInput

GENESIS = "0" * 64
ACTIONS = frozenset({"received", "opened", "exported", "changed", "resealed", "deleted"})


def _digest(entry: dict[str, object]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8")).hexdigest()


def _entries(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def append(
    path: Path, actor: str, action: str, subject: str, detail: str = "", at: str | None = None
) -> dict[str, object]:
    """Record one event about ``subject`` (a SHA-256 or submission id) by ``actor``.

    ``at`` replaces the microsecond UTC time: intake passes the day only, so that the log does
    not keep the moment a sender submitted.
    """
    if action not in ACTIONS:
        raise InvalidInput(f"unknown custody action {action!r}: one of {sorted(ACTIONS)}")
    if not actor:
        raise InvalidInput("a custody event needs an actor")
    previous = _entries(path)
    entry: dict[str, object] = {
        "seq": len(previous) + 1,
        "at": at or datetime.now(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "subject": subject,
        "detail": detail,
        "prev": str(previous[-1]["hash"]) if previous else GENESIS,
    }
    entry["hash"] = _digest(entry)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return entry


@dataclass(frozen=True)
class Verification:
    """The outcome of :func:`verify`: ``ok``, entries read, and the first broken one."""

    ok: bool
    entries: int
    first_bad: int | None = None
    reason: str = ""


def verify(path: Path) -> Verification:
    """Check every link and hash of the log at ``path``."""
    try:
        entries = _entries(path)
    except json.JSONDecodeError as exc:
        return Verification(False, 0, None, f"unreadable line: {exc}")
    prev = GENESIS
    for number, entry in enumerate(entries, start=1):
        if entry.get("seq") != number:
            return Verification(False, len(entries), number, "sequence broken")
        if entry.get("prev") != prev:
            return Verification(False, len(entries), number, "link to the previous entry broken")
        if entry.get("hash") != _digest(entry):
            return Verification(False, len(entries), number, "entry altered")
        prev = str(entry["hash"])
    return Verification(True, len(entries))


def digest(entry: dict[str, object]) -> str:
    """The hash an entry must carry: SHA-256 of its canonical JSON without ``hash``."""
    return _digest(entry)
