"""``civicspace train --from-desk``: reviewers' decisions become examples, the coder is retrained
on them, and the report says what changed (real store on each backend, a real small fit)."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civicspace.cli import app, main
from civicspace.review import actions
from civicspace.settings import get_settings
from civicspace.store.accounts import User
from civicspace.training.desk import desk_examples
from civicspace.training.train import default_artifact
from tests.support.review import fast_hashes, make_users, seed_incidents

__all__ = ["fast_hashes"]

runner = CliRunner()
COPIES = 4  # four rounds of the four stories: 16 incidents, 16 documents


def run_main(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str]:
    """Exit code and stderr of ``civicspace ARGS`` run as the console script runs it."""
    monkeypatch.setattr(sys, "argv", ["civicspace", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return code, capsys.readouterr().err


def one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err and lines and lines[-1].startswith("error:"), err
    assert sum(line.startswith("error:") for line in lines) == 1, err
    return lines[-1]


def decide(engine: Engine) -> list[int]:
    """Reviewers' decisions on a seeded desk, one story round after another: the student
    reports accepted (one edited: no excessive force), the radio story rejected (the desk keeps
    regulators' licensing out of scope in this test), the threat accepted; the last round's
    decisions are the latest, so they are the ones held out."""
    ids = seed_incidents(engine, copies=COPIES)
    users = make_users(engine)
    with Session(engine) as s:
        researcher = s.get(User, users["researcher"])
        assert researcher is not None
        for n in range(COPIES):
            sit_in, held, threat, radio = ids[4 * n : 4 * n + 4]
            actions.edit(s, sit_in, researcher, {"violations": ["arrest_detention"]}, reason="x")
            actions.accept(s, sit_in, researcher)
            actions.accept(s, held, researcher)
            actions.accept(s, threat, researcher)
            actions.reject(s, radio, researcher, reason="out of scope")
            s.commit()
    return ids


@pytest.fixture
def desk(engine: Engine, fast_hashes: None) -> list[int]:
    return decide(engine)


def test_decisions_become_examples_and_the_latest_are_held_out(
    engine: Engine, desk: list[int]
) -> None:
    with Session(engine) as s:
        items = desk_examples(s, holdout=0.25)
    assert len(items) == 16
    by_incident = {int(i.example.group.split(":")[1]): i for i in items}
    sit_in, _held, threat, radio = desk[:4]
    first = by_incident[sit_in].example
    assert first.is_incident and first.violations == ("arrest_detention",)
    assert first.text.startswith("Police detained twelve students")
    assert by_incident[threat].example.lang == "es"
    assert by_incident[radio].example.is_incident is False
    assert by_incident[radio].decision == "rejected"
    # the held-out quarter is the last round decided, whole incidents
    held = {int(i.example.group.split(":")[1]) for i in items if i.example.split == "dev"}
    assert held == set(desk[12:16])
    assert [i.decided_at for i in items] == sorted(i.decided_at for i in items)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_train_from_desk_writes_a_new_artifact_and_reports(
    cli_env: str,
    engine: Engine,
    desk: list[int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shipped = _digest(default_artifact())
    out, report = tmp_path / "coder.npz", tmp_path / "report.json"
    args = ["train", "--from-desk", "--sets", "none", "--holdout", "0.25"]
    result = runner.invoke(app, [*args, "--out", str(out), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and _digest(default_artifact()) == shipped
    data: dict[str, Any] = json.loads(report.read_text("utf-8"))
    assert data["desk_examples"] == {
        "total": 16,
        "trained": 12,
        "heldout": 4,
        "incidents": 12,
        "not_incidents": 4,
    }
    assert data["coders"]["before"] != data["coders"]["after"]
    held = data["heldout"]["desk_heldout"]
    assert held["n"] == 4 and set(data["heldout"]) == {"desk_heldout"}
    inc = held["labels"]["is_incident"]
    # trained on three rejected copies of the radio story, the new coder rejects the fourth
    assert inc["after"]["precision"] == 1.0 and inc["after"]["support"] == 3
    assert inc["after"]["f1"] >= inc["before"]["f1"]
    arrest = held["labels"]["violations:arrest_detention"]
    assert arrest["after"]["support"] == 2
    for row in data["flipped"].values():
        assert row["heldout_fixed"] <= row["fixed"] and row["heldout_broken"] <= row["broken"]
    if inc["before"]["precision"] < 1.0:  # the shipped coder took the radio story
        assert data["flipped"]["is_incident"]["heldout_fixed"] >= 1
    assert "desk examples: 16 (12 trained on, 4 held out" in result.stdout
    # the same --out again is refused without --force
    code, err = run_main(capsys, monkeypatch, *args, "--out", str(out))
    assert code == 2 and "--force" in one_line_error(err)
    # the new artifact codes through the unchanged file interface
    docs = tmp_path / "in.jsonl"
    docs.write_text(json.dumps({"id": "a", "text": "Police detained twelve students."}) + "\n")
    coded = tmp_path / "out.jsonl"
    monkeypatch.setenv("CIVICSPACE_CODER_MODEL_PATH", str(out))
    get_settings.cache_clear()
    res = runner.invoke(app, ["classify", "--input", str(docs), "--output", str(coded)])
    assert res.exit_code == 0, res.output
    assert json.loads(coded.read_text("utf-8").splitlines()[0])["id"] == "a"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "needs --out"),
        (["--out", "{default}"], "shipped default"),
        (["--out", "{tmp}/missing/coder.npz"], "no folder"),
        (["--out", "{tmp}/c.npz", "--sets", "nosuch"], "unknown set"),
        (["--out", "{tmp}/c.npz", "--base", "{tmp}/none.npz"], "no artifact"),
    ],
)
def test_bad_paths_are_one_line_errors(
    cli_env: str,
    tmp_path: Path,
    extra: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = [
        a.replace("{default}", str(default_artifact())).replace("{tmp}", str(tmp_path))
        for a in extra
    ]
    code, err = run_main(capsys, monkeypatch, "train", "--from-desk", *args)
    assert code == 2 and message in one_line_error(err)


def test_no_desk_decisions_is_an_error(
    cli_env: str,
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed_incidents(engine)  # proposed, nobody decided yet
    out = str(tmp_path / "c.npz")
    code, err = run_main(
        capsys, monkeypatch, "train", "--from-desk", "--sets", "none", "--out", out
    )
    assert code == 2 and "no reviewer decisions" in one_line_error(err)
    assert not (tmp_path / "c.npz").exists()


def test_train_from_desk_with_a_real_set(
    cli_env: str, engine: Engine, desk: list[int], tmp_path: Path, shared_data: Path
) -> None:
    """The desk examples join a (small, seeded) sample of a real set; the report scores both
    that set's held-out split and the held-out decisions, before and after."""
    out, report = tmp_path / "coder.npz", tmp_path / "report.json"
    result = runner.invoke(
        app,
        [
            "train", "--from-desk", "--data-dir", str(shared_data), "--sets", "colombia",
            "--max-per-set", "40", "--out", str(out), "--report", str(report),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text("utf-8"))
    assert set(data["heldout"]) == {"sets_heldout", "desk_heldout"}
    assert 0 < data["heldout"]["sets_heldout"]["n"] <= 40
    assert data["training"]["sources"] == ["colombia"]
    assert data["training"]["documents"] == 40 + data["desk_examples"]["trained"]
    killing = data["heldout"]["sets_heldout"]["labels"]["violations:killing"]
    assert killing["after"]["support"] > 0
