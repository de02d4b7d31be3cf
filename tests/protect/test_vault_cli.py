"""``civicspace protect keys|custody|export|verify``: keys under passphrases, evidence bundles
that anyone can check, and a tampered byte or log line that the checks catch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civicspace.cli import app
from civicspace.errors import CivicspaceError, InvalidInput, NotFound
from civicspace.protect import inbox
from civicspace.protect.keys import Keyring
from civicspace.protect.rekey import unlock_active, unlock_all
from civicspace.protect.submissions import Intake, NewSubmission, submit
from civicspace.protect.uploads import Upload
from civicspace.protect.vault import Vault
from civicspace.settings import get_settings
from civicspace.store.submissions import SubmissionMessage
from tests.support.submissions import FAST, PLANTED_NAME, jpeg_with_gps

runner = CliRunner()
FIRST = "first holder passphrase"
SECOND = "second holder passphrase"
EVIDENCE = b"exact bytes of the evidence \x00\xff" * 10


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CIVICSPACE_PROTECT_DIR", str(tmp_path / "protect"))
    monkeypatch.setenv("CIVICSPACE_PROTECT_KDF", "minimum")
    monkeypatch.delenv("CIVICSPACE_PROTECT_PASSPHRASE", raising=False)
    monkeypatch.delenv("CIVICSPACE_PROTECT_NEW_PASSPHRASE", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "protect"
    get_settings.cache_clear()


@dataclass(frozen=True)
class Run:
    """What the console script would show: exit code, stdout, and the one-line error."""

    exit_code: int
    stdout: str
    output: str


def _run(*args: str, current: str | None = None, new: str | None = None) -> Run:
    env = {}
    if current:
        env["CIVICSPACE_PROTECT_PASSPHRASE"] = current
    if new:
        env["CIVICSPACE_PROTECT_NEW_PASSPHRASE"] = new
    result = runner.invoke(app, ["protect", *args], env=env)
    exc = result.exception
    if isinstance(exc, CivicspaceError):  # what main() turns into one line and an exit code
        code = 2 if isinstance(exc, InvalidInput | NotFound) else 1
        return Run(code, result.stdout, f"error: {exc}")
    assert exc is None or isinstance(exc, SystemExit), repr(exc)
    return Run(result.exit_code, result.stdout, result.output)


def _init(folder: Path) -> Keyring:
    result = _run("keys", "init", new=FIRST)
    assert result.exit_code == 0, result.output
    return Keyring.load(folder / "keyring.json")


def test_keys_init_holders_list(folder: Path) -> None:
    ring = _init(folder)
    assert FIRST.encode() not in (folder / "keyring.json").read_bytes()
    again = _run("keys", "init", new=FIRST)
    assert again.exit_code != 0 and "exists" in again.output
    short = _run("keys", "add-holder", current=FIRST, new="short")
    assert short.exit_code == 2 and "12 characters" in short.output
    wrong = _run("keys", "add-holder", current="not the right one", new=SECOND)
    assert wrong.exit_code == 2 and "does not open" in wrong.output
    added = _run("keys", "add-holder", current=FIRST, new=SECOND)
    assert added.exit_code == 0, added.output
    ring = Keyring.load(folder / "keyring.json")
    assert len(ring.records) == 2 and len({r.key_id for r in ring.records}) == 1
    # both passphrases open the same key: the second holder can recover alone
    assert bytes(unlock_active(ring, FIRST)) == bytes(unlock_active(ring, SECOND))
    listed = _run("keys", "list")
    assert f"{ring.current.key_id}\t" in listed.stdout and "2 holder(s)" in listed.stdout


def test_export_and_verify_a_bundle_and_catch_tampering(folder: Path, tmp_path: Path) -> None:
    ring = _init(folder)
    _run("keys", "add-holder", current=FIRST, new=SECOND)
    vault = Vault(folder / "vault")
    sha = vault.store(EVIDENCE, Keyring.load(folder / "keyring.json"))
    bundle = tmp_path / "evidence.zip"

    exported = _run("export", sha, "--to", str(bundle), "--actor", "lawyer", current=SECOND)
    assert exported.exit_code == 0, exported.output
    with zipfile.ZipFile(bundle) as z:
        assert z.read("original") == EVIDENCE
        manifest = json.loads(z.read("manifest.json"))
        chain = [json.loads(line) for line in z.read("custody.jsonl").splitlines()]
    assert manifest["sha256"] == sha and manifest["size"] == len(EVIDENCE)
    assert [e["action"] for e in chain] == ["received", "opened", "exported"]
    assert chain[-1]["actor"] == "lawyer"

    ok = _run("verify", str(bundle), "--log", str(vault.log))
    assert ok.exit_code == 0, ok.output
    assert "intact" in ok.stdout and sha in ok.stdout
    assert _run("custody", "verify").exit_code == 0

    def tampered(name: str, change: object) -> Path:
        out = tmp_path / f"tampered-{name}.zip"
        with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(out, "w") as dst:
            for item in src.namelist():
                data = src.read(item)
                dst.writestr(item, change(data) if item == name else data)  # type: ignore[operator]
        return out

    flipped = tampered("original", lambda d: d[:5] + bytes([d[5] ^ 1]) + d[6:])
    bad = _run("verify", str(flipped))
    assert bad.exit_code == 2 and "SHA-256" in bad.output
    # the console script: one line on stderr, exit status 2
    script = subprocess.run(
        [sys.executable, "-m", "civicspace.cli", "protect", "verify", str(flipped)],
        capture_output=True, text=True, env={**os.environ}, check=False,
    )  # fmt: skip
    assert script.returncode == 2 and len(script.stderr.strip().splitlines()) == 1
    assert "SHA-256" in script.stderr

    edited = tampered("custody.jsonl", lambda d: d.replace(b'"lawyer"', b'"nobody"'))
    bad = _run("verify", str(edited))
    assert bad.exit_code == 2 and "entry 2: entry altered" in bad.output
    dropped = tampered("custody.jsonl", lambda d: b"\n".join(d.splitlines()[1:]) + b"\n")
    assert _run("verify", str(dropped)).exit_code == 2

    # the vault's own log: an edited line breaks the chain; export then refuses
    lines = vault.log.read_text().splitlines()
    lines[1] = lines[1].replace('"evidence bundle"', '"nothing to see"')
    vault.log.write_text("\n".join(lines) + "\n")
    broken = _run("custody", "verify")
    assert broken.exit_code == 2 and "entry 2" in broken.output
    refused = _run("export", sha, "--to", str(tmp_path / "again.zip"), current=FIRST)
    assert refused.exit_code == 2 and "broken" in refused.output
    assert _run("verify", str(bundle), "--log", str(vault.log)).exit_code == 2
    assert _run("verify", str(tmp_path / "missing.zip")).exit_code == 2
    assert ring.current.key_id


def test_rotate_reseals_originals_and_submissions(
    folder: Path, cli_env: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVICSPACE_PROTECT_DIR", str(folder))
    get_settings.cache_clear()
    _init(folder)
    intake = Intake.open(folder, kdf=FAST)
    new = NewSubmission(
        text=f"I am {PLANTED_NAME}",
        consent="text_only",
        uploads=(Upload("a.jpg", jpeg_with_gps()),),
    )
    with Session(engine) as session:
        receipt = submit(session, intake, new)
        session.commit()
    old_ring = Keyring.load(folder / "keyring.json")

    rotated = _run("keys", "rotate", "--actor", "admin", current=FIRST, new=SECOND)
    assert rotated.exit_code == 0, rotated.output
    ring = Keyring.load(folder / "keyring.json")
    assert ring.current.key_id != old_ring.current.key_id
    assert unlock_all(ring, SECOND).keys() == {ring.current.key_id}
    with pytest.raises(Exception, match="does not open any"):
        unlock_all(ring, FIRST)  # the old passphrase opens only the retired key

    new_key = unlock_active(ring, SECOND)
    vault = Vault(folder / "vault")
    with Session(engine) as session:
        opened = inbox.open_submission(session, vault, receipt.submission_id, new_key, "t")
        assert opened.messages[0].text == f"I am {PLANTED_NAME}"
        assert opened.attachments[0].filename == "a.jpg"
        data = inbox.open_file(session, vault, opened.attachments[0].id, new_key, "t")
        assert data == jpeg_with_gps()
        for message in session.scalars(select(SubmissionMessage)):
            assert set(message.envelope["recipients"]) >= {ring.current.key_id}
            assert old_ring.current.key_id not in message.envelope["recipients"]
    assert any(
        json.loads(line)["action"] == "resealed" for line in vault.log.read_text().splitlines()
    )
