"""``civicspace events`` and ``civicspace members`` end to end on each backend, and their bad
input: one line on stderr, exit 2."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner

from civicspace.cli import app
from tests.cli.test_cli_errors import one_line_error, run
from tests.support.members import make_member
from tests.support.review import fast_hashes

__all__ = ["fast_hashes"]
runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_events_add_state_list(cli_env: str) -> None:
    invoke(
        "events", "add", "csw-2026", "--title", "Questions from afar",
        "--starts-at", "2026-03-12T14:00", "--speaker", "A. Yusuf", "--speaker", "C. Rivera",
    )  # fmt: skip
    invoke("events", "state", "csw-2026", "live")
    (row,) = [json.loads(line) for line in invoke("events", "list", "--json").splitlines()]
    assert row["slug"] == "csw-2026" and row["state"] == "live"
    assert row["starts_at"] == "2026-03-12T14:00:00+00:00"
    assert row["pending"] == 0


def test_members_list_approve_disable(cli_env: str, fast_hashes: None) -> None:
    engine = create_engine(cli_env)
    make_member(engine, "river-org", approve=False, email="secret@river.example")
    engine.dispose()
    rows = [json.loads(line) for line in invoke("members", "list", "--json").splitlines()]
    assert [(r["username"], r["status"]) for r in rows] == [("river-org", "pending")]
    assert "secret@river.example" not in invoke("members", "list")
    invoke("members", "approve", "river-org")
    rows = [
        json.loads(line)
        for line in invoke("members", "list", "--json", "--status", "active").splitlines()
    ]
    assert [r["username"] for r in rows] == ["river-org"]
    invoke("members", "disable", str(rows[0]["id"]))
    assert invoke("members", "list", "--json", "--status", "active") == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("events", "add", "x", "--title", "Title", "--starts-at", "soon"), "not a date and time"),
        (("events", "state", "nope", "live"), "no event 'nope'"),
        (("members", "approve", "nobody-here"), "no member 'nobody-here'"),
    ],
)
def test_bad_input_is_one_line(
    cli_env: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
) -> None:
    code, _out, err = run(capsys, monkeypatch, *args)
    assert code == 2
    assert message in one_line_error(err)
