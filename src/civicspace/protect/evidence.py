"""Evidence bundles: one sealed original as exact bytes, its SHA-256 and its chain of custody.

A bundle is a ZIP file that anyone can check without civicspace's keys:

    manifest.json   {"format", "sha256", "size", "exported_by", "exported_at", "log_entries",
                     "log_head"}
    original        the exact bytes, as received
    custody.jsonl   the whole chain of the vault's custody log up to this export: every entry
                    about this original in full, every other entry reduced to its link
                    (``seq``, ``prev``, ``hash``), so the chain can be followed without
                    learning anything about other submissions

:func:`export_bundle` opens the original (SHA-256 checked), logs the export, then writes the
bundle, so the export itself is its last entry. :func:`verify_bundle` checks the bytes against
the SHA-256 and size, every full entry's hash, and every link of the chain; with the vault's log
beside it, also that the bundle's chain is a prefix of that log.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nacl.public import PrivateKey

from civicspace.errors import InvalidInput
from civicspace.protect import custody
from civicspace.protect.vault import Vault

FORMAT = "civicspace-evidence/1"
LINK_FIELDS = ("seq", "prev", "hash")


def _lines(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def export_bundle(vault: Vault, sha256: str, private: PrivateKey, actor: str, target: Path) -> int:
    """Write the bundle of the original ``sha256`` to ``target``; returns the entries it holds.

    Refuses when the vault's own log does not verify: a bundle must not vouch for a broken chain.
    """
    checked = vault.verify()
    if not checked.ok:
        raise InvalidInput(
            f"the custody log is broken at entry {checked.first_bad} ({checked.reason}): "
            "nothing exported"
        )
    data = vault.open(sha256, private, actor, "evidence bundle")  # SHA-256 checked; logged
    custody.append(vault.log, actor, "exported", sha256, f"bundle {target.name}")
    entries = _lines(vault.log)
    chain = [e if e.get("subject") == sha256 else {k: e[k] for k in LINK_FIELDS} for e in entries]
    manifest = {
        "format": FORMAT,
        "sha256": sha256,
        "size": len(data),
        "exported_by": actor,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "log_entries": len(entries),
        "log_head": str(entries[-1]["hash"]),
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        bundle.writestr("original", data)
        bundle.writestr(
            "custody.jsonl", "".join(json.dumps(e, sort_keys=True) + "\n" for e in chain)
        )
    return len(chain)


@dataclass(frozen=True)
class BundleCheck:
    """What :func:`verify_bundle` found: ``ok``, the SHA-256, and the first problem."""

    ok: bool
    sha256: str
    size: int
    entries: int
    about: int  # entries about this original
    problem: str = ""


def _read(path: Path) -> tuple[dict[str, object], bytes, list[dict[str, object]]]:
    try:
        with zipfile.ZipFile(path) as bundle:
            manifest = json.loads(bundle.read("manifest.json"))
            data = bundle.read("original")
            lines = bundle.read("custody.jsonl").decode("utf-8").splitlines()
    except FileNotFoundError:
        raise InvalidInput(f"no bundle at {path}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path} is not an evidence bundle: {exc}") from None
    try:
        chain = [json.loads(line) for line in lines if line.strip()]
    except ValueError as exc:
        raise InvalidInput(f"{path}: unreadable custody line: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InvalidInput(f"{path} is not a {FORMAT} bundle")
    return manifest, data, chain


def _check_chain(chain: list[dict[str, object]], sha256: str) -> str:
    """The first broken link or entry of ``chain``, as a sentence; empty when it holds."""
    prev = custody.GENESIS
    for number, entry in enumerate(chain, start=1):
        if entry.get("seq") != number:
            return f"custody entry {number}: sequence broken"
        if entry.get("prev") != prev:
            return f"custody entry {number}: link to the previous entry broken"
        full = set(entry) != set(LINK_FIELDS)
        if full and entry.get("subject") != sha256:
            return f"custody entry {number}: about another subject"
        if full and entry.get("hash") != custody.digest(entry):
            return f"custody entry {number}: entry altered"
        prev = str(entry.get("hash"))
    return ""


def verify_bundle(path: Path, log: Path | None = None) -> BundleCheck:
    """Check a bundle's bytes, hash and custody chain (and against the vault's ``log``)."""
    manifest, data, chain = _read(path)
    sha256 = str(manifest.get("sha256"))
    about = sum(1 for e in chain if e.get("subject") == sha256)

    def result(problem: str = "") -> BundleCheck:
        return BundleCheck(not problem, sha256, len(data), len(chain), about, problem)

    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        return result(f"the bytes have SHA-256 {actual}, not the recorded {sha256}")
    if len(data) != manifest.get("size"):
        return result(f"the bytes are {len(data)} long, not the recorded {manifest.get('size')}")
    if problem := _check_chain(chain, sha256):
        return result(problem)
    if not chain or chain[-1].get("hash") != manifest.get("log_head"):
        return result("the custody chain does not end at the recorded head")
    if not any(e.get("subject") == sha256 and e.get("action") == "received" for e in chain):
        return result("the custody chain does not record receiving these bytes")
    if log is not None:
        live_check = custody.verify(log)
        if not live_check.ok:
            return result(
                f"the vault's log is broken at entry {live_check.first_bad} ({live_check.reason})"
            )
        live = _lines(log)
        if len(live) < len(chain):
            return result("the vault's log is shorter than the bundle's chain")
        for ours, theirs in zip(chain, live, strict=False):
            same = (
                ours == theirs if set(ours) != set(LINK_FIELDS) else ours["hash"] == theirs["hash"]
            )
            if not same:
                return result(f"custody entry {ours.get('seq')} differs from the vault's log")
    return result()
