"""Sealed submissions: keys under passphrases, rotation, receipts, originals, custody log."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import nacl.pwhash
import pytest

from civicspace.errors import InvalidInput, NotFound
from civicspace.protect import custody
from civicspace.protect.keys import (
    KdfParams,
    Keyring,
    change_passphrase,
    create_key,
    rotate,
    unlock,
)
from civicspace.protect.receipts import (
    RECEIPT_DIGITS,
    check_receipt,
    hash_receipt,
    new_receipt,
    new_salt,
    normalise,
)
from civicspace.protect.sealing import open_envelope, open_original, seal, seal_original
from civicspace.protect.vault import Vault

FAST = KdfParams(nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN)
PASS = "correct horse battery staple"
SECRET = b"Amina Diallo, +221 77 123 45 67, 14.6928 N -17.4467 E"


def test_private_key_is_stored_only_encrypted(tmp_path: Path) -> None:
    record = create_key(PASS, FAST)
    private = unlock(record, PASS)
    ring = Keyring((record,))
    ring.save(tmp_path / "keys.json")
    stored = (tmp_path / "keys.json").read_bytes()
    assert bytes(private).hex().encode() not in stored
    assert base64.b64encode(bytes(private)) not in stored
    assert Keyring.load(tmp_path / "keys.json") == ring
    with pytest.raises(InvalidInput, match="wrong passphrase"):
        unlock(record, "not the passphrase at all")
    with pytest.raises(InvalidInput, match="12 characters"):
        create_key("short", FAST)


def test_change_passphrase_keeps_the_key_pair() -> None:
    record = create_key(PASS, FAST)
    moved = change_passphrase(record, PASS, "another long passphrase", FAST)
    assert moved.public_key == record.public_key and moved.salt != record.salt
    assert bytes(unlock(moved, "another long passphrase")) == bytes(unlock(record, PASS))
    with pytest.raises(InvalidInput):
        unlock(moved, PASS)


def test_sealed_content_opens_only_with_a_recipient_key() -> None:
    alice, bob, eve = (create_key(PASS, FAST) for _ in range(3))
    envelope = seal(SECRET, [alice.public, bob.public])
    assert SECRET not in json.dumps(envelope.__dict__).encode()
    assert open_envelope(envelope, unlock(alice, PASS)) == SECRET
    assert open_envelope(envelope, unlock(bob, PASS)) == SECRET
    with pytest.raises(InvalidInput, match="not sealed to"):
        open_envelope(envelope, unlock(eve, PASS))
    with pytest.raises(InvalidInput):
        seal(SECRET, [])


def test_tampered_original_is_refused() -> None:
    record = create_key(PASS, FAST)
    original = seal_original(SECRET, [record.public])
    assert original.sha256 == hashlib.sha256(SECRET).hexdigest()
    private = unlock(record, PASS)
    assert open_original(original, private) == SECRET
    blob = bytearray(original.envelope.ciphertext.encode())
    blob[10] = ord("A") if blob[10] != ord("A") else ord("B")
    broken = type(original)(
        original.sha256,
        original.size,
        type(original.envelope)(blob.decode(), original.envelope.recipients),
    )
    with pytest.raises(InvalidInput):
        open_original(broken, private)


def test_receipts_are_long_random_and_stored_as_a_hash() -> None:
    codes = {new_receipt() for _ in range(200)}
    assert len(codes) == 200
    code = next(iter(codes))
    assert len(normalise(code)) == RECEIPT_DIGITS
    salt = new_salt()
    stored = hash_receipt(code, salt, FAST)
    assert normalise(code) not in stored
    assert check_receipt(code.replace(" ", "-"), stored, salt, FAST)
    assert not check_receipt(new_receipt(), stored, salt, FAST)
    assert not check_receipt("1234", stored, salt, FAST)
    assert hash_receipt(code, new_salt(), FAST) != stored


def test_vault_rotation_custody_and_verification(tmp_path: Path) -> None:
    ring = Keyring((create_key(PASS, FAST),))
    vault = Vault(tmp_path / "vault")
    digest = vault.store(SECRET, ring)
    assert vault.store(SECRET, ring) == digest  # idempotent, logged once
    raw = b"".join(p.read_bytes() for p in (tmp_path / "vault").rglob("*") if p.is_file())
    assert b"Amina" not in raw and b"+221" not in raw
    old_private = unlock(ring.current, PASS)
    assert vault.open(digest, old_private, "reviewer-1", "triage") == SECRET

    ring = rotate(ring, "the new passphrase of 2027", FAST)
    assert ring.records[0].retired_at is not None
    assert ring.current.key_id != ring.records[0].key_id
    assert vault.reseal_all(ring, old_private, "admin") == 1
    new_private = unlock(ring.current, "the new passphrase of 2027")
    vault.export(digest, new_private, "reviewer-2", tmp_path / "evidence.bin")
    assert (tmp_path / "evidence.bin").read_bytes() == SECRET
    with pytest.raises(InvalidInput):
        vault.open(digest, old_private, "reviewer-1")  # resealed to the new key only
    with pytest.raises(NotFound):
        vault.load("0" * 64)

    result = vault.verify()
    assert result.ok and result.entries == 4
    actions = [json.loads(line)["action"] for line in vault.log.read_text().splitlines()]
    assert actions == ["received", "opened", "resealed", "exported"]


def test_custody_log_detects_edits_removals_and_reordering(tmp_path: Path) -> None:
    log = tmp_path / "custody.jsonl"
    for actor in ("a", "b", "c"):
        custody.append(log, actor, "opened", "x" * 64)
    assert custody.verify(log).ok
    lines = log.read_text().splitlines()

    log.write_text("\n".join([lines[0], lines[2]]) + "\n")
    assert custody.verify(log).first_bad == 2
    log.write_text("\n".join([lines[0], lines[2], lines[1]]) + "\n")
    assert not custody.verify(log).ok
    edited = json.loads(lines[1])
    edited["actor"] = "someone else"
    log.write_text("\n".join([lines[0], json.dumps(edited), lines[2]]) + "\n")
    bad = custody.verify(log)
    assert (bad.ok, bad.first_bad, bad.reason) == (False, 2, "entry altered")
    with pytest.raises(InvalidInput):
        custody.append(log, "a", "peeked", "x")
