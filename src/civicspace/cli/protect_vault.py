"""``civicspace protect keys|custody|export|verify``: the organisation's keys, the evidence vault.

Passphrases are asked for on the terminal (never echoed), or read from
``CIVICSPACE_PROTECT_PASSPHRASE`` (the current one) and ``CIVICSPACE_PROTECT_NEW_PASSPHRASE``
(a new one) for scripts and tests. The keyring and the vault live in ``CIVICSPACE_PROTECT_DIR``.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import typer
from sqlalchemy.orm import Session

from civicspace.cli.common import console, open_store
from civicspace.errors import Conflict, InvalidInput
from civicspace.protect.evidence import export_bundle, verify_bundle
from civicspace.protect.keys import Keyring, create_key, protect_private_key, rotate
from civicspace.protect.receipts import KDF_COSTS
from civicspace.protect.rekey import reseal_submissions, unlock_active
from civicspace.protect.vault import Vault
from civicspace.settings import get_settings

keys_app = typer.Typer(help="The organisation's key pairs.", no_args_is_help=True)
custody_app = typer.Typer(help="The chain-of-custody log.", no_args_is_help=True)

CURRENT_ENV = "CIVICSPACE_PROTECT_PASSPHRASE"
NEW_ENV = "CIVICSPACE_PROTECT_NEW_PASSPHRASE"


def _folder() -> Path:
    return get_settings().protect_dir


def _ring_path() -> Path:
    return _folder() / "keyring.json"


def _vault() -> Vault:
    return Vault(_folder() / "vault")


def _passphrase(env: str, prompt: str, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if value:
        return value
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm))


def _current() -> str:
    return _passphrase(CURRENT_ENV, "Passphrase")


def _new() -> str:
    return _passphrase(NEW_ENV, "New passphrase (12 characters or more)", confirm=True)


def _actor(actor: str | None) -> str:
    return actor or f"cli:{getpass.getuser()}"


@keys_app.command("init")
def keys_init() -> None:
    """Create the organisation's first key pair, its private half under a new passphrase."""
    path = _ring_path()
    if path.exists():
        raise Conflict(f"{path} exists: use `protect keys rotate` or `protect keys add-holder`")
    record = create_key(_new(), KDF_COSTS[get_settings().protect_kdf])
    path.parent.mkdir(parents=True, exist_ok=True)
    Keyring((record,)).save(path)
    console.print(f"key {record.key_id} created in {path}")


@keys_app.command("add-holder")
def keys_add_holder() -> None:
    """Give the current key a second passphrase (another person), for recovery."""
    path = _ring_path()
    ring = Keyring.load(path)
    private = unlock_active(ring, _current())
    record = protect_private_key(private, _new(), KDF_COSTS[get_settings().protect_kdf])
    Keyring((*ring.records, record)).save(path)
    holders = sum(1 for r in ring.records if r.key_id == record.key_id) + 1
    console.print(f"key {record.key_id} now has {holders} holders")


@keys_app.command("rotate")
def keys_rotate(actor: str | None = typer.Option(None, help="Name in the custody log.")) -> None:
    """A new current key; every sealed original and submission is resealed to it."""
    path = _ring_path()
    ring = Keyring.load(path)
    old = unlock_active(ring, _current())
    fresh = rotate(ring, _new(), KDF_COSTS[get_settings().protect_kdf])
    fresh.save(path)
    who = _actor(actor)
    originals = _vault().reseal_all(fresh, old, who)
    with Session(open_store()) as session:
        envelopes = reseal_submissions(session, fresh, old)
        session.commit()
    console.print(
        f"key {fresh.current.key_id} is current; {originals} originals and {envelopes} "
        "submission envelopes resealed to it. Add other holders again (`protect keys add-holder`)."
    )


@keys_app.command("list")
def keys_list() -> None:
    """Every key pair: id, created, retired, and how many passphrases open it."""
    ring = Keyring.load(_ring_path())
    current = ring.current.key_id
    seen: dict[str, int] = {}
    for record in ring.records:
        seen[record.key_id] = seen.get(record.key_id, 0) + 1
    for key_id, holders in seen.items():
        record = ring.get(key_id)
        state = "current" if key_id == current else f"retired {record.retired_at}"
        typer.echo(f"{key_id}\tcreated {record.created_at}\t{state}\t{holders} holder(s)")


@custody_app.command("verify")
def custody_verify() -> None:
    """Check every link and hash of the vault's custody log."""
    result = _vault().verify()
    if not result.ok:
        raise InvalidInput(f"custody log broken at entry {result.first_bad}: {result.reason}")
    typer.echo(f"custody log intact: {result.entries} entries")


def export(
    sha256: str = typer.Argument(..., help="SHA-256 of the sealed original."),
    to: Path = typer.Option(..., "--to", help="Evidence bundle to write (a ZIP file)."),
    actor: str | None = typer.Option(None, help="Name in the custody log."),
) -> None:
    """Write an evidence bundle: the exact bytes, their SHA-256 and their custody entries."""
    if to.exists():
        raise Conflict(f"{to} exists: choose another file")
    ring = Keyring.load(_ring_path())
    entries = export_bundle(_vault(), sha256, unlock_active(ring, _current()), _actor(actor), to)
    console.print(f"{to}: {sha256}, {entries} custody entries")


def verify(
    bundle: Path = typer.Argument(..., help="Evidence bundle written by `protect export`."),
    log: Path | None = typer.Option(None, help="The vault's custody log, to compare with."),
) -> None:
    """Check a bundle: the bytes against their SHA-256, and its custody chain."""
    result = verify_bundle(bundle, log)
    if not result.ok:
        raise InvalidInput(f"{bundle}: {result.problem}")
    typer.echo(
        f"{bundle}: intact; SHA-256 {result.sha256}, {result.size} bytes, "
        f"{result.about} custody entries about it in a chain of {result.entries}"
    )
