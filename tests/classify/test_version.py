"""The coder version covers every data file a coding depends on, not only the model weights."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources

import pytest

from civicspace.classify.backends import default
from civicspace.classify.lexicon import lexicon_bytes


def test_every_lexicon_file_is_part_of_the_version() -> None:
    folder = resources.files("civicspace.classify").joinpath("lexicons")
    files = [p for p in folder.iterdir() if p.name.endswith(".yaml")]
    assert len(files) >= 8
    covered = lexicon_bytes()
    for path in files:
        assert path.read_bytes() in covered, f"{path.name} does not change the coder version"


def test_changing_one_byte_of_a_lexicon_changes_the_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = default._load_model(None)
    before = default.coder_version(model)
    assert before.startswith(model.version + "+d")
    original = lexicon_bytes()
    i = original.index(b"arrest")
    changed = original[:i] + b"A" + original[i + 1 :]
    monkeypatch.setattr(default, "lexicon_bytes", lambda: changed)
    after = default.coder_version(model)
    assert after != before and after.startswith(model.version + "+d")
    monkeypatch.setattr(default, "gazetteer_digest", lambda: "0" * 16)
    assert default.coder_version(model) not in {before, after}


def test_the_running_coder_records_the_full_version() -> None:
    coder = default.DefaultCoder()
    assert coder.version == default.coder_version(coder.model)


def _data_digest_with_hash_seed(seed: str) -> str:
    code = "from civicspace.classify.backends.default import data_digest; print(data_digest())"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_the_version_does_not_follow_string_hashing() -> None:
    # the same code and data give the same version in every process (a frozenset's repr in the
    # gazetteer digest once made it change from run to run)
    digests = {_data_digest_with_hash_seed(seed) for seed in ("1", "2", "3")}
    assert len(digests) == 1, digests
