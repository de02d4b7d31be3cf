"""``civicspace users …`` and the demo desk (``seed_demo_desk``) on each backend."""

from __future__ import annotations

import json

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civicspace import accounts
from civicspace.cli import app
from civicspace.demo import corpus_path
from civicspace.demo.desk import seed_demo_desk
from civicspace.pipeline import Context, run_inline
from civicspace.settings import Settings
from civicspace.store import get_engine
from civicspace.store.accounts import User, UserSession
from civicspace.store.incidents import Incident
from tests.support.review import PASSWORD, fast_hashes

__all__ = ["fast_hashes"]

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.output + str(result.exception or "")


def test_users_add_list_disable_set_password(cli_env: str, fast_hashes: None) -> None:
    code, _ = run(
        "users", "add", "Root", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert code == 0
    code, out = run("users", "add", "weak", "--role", "viewer", "--password-stdin", stdin="abc\n")
    assert code != 0 and "too short" in out
    code, out = run("users", "add", "x", "--role", "boss", "--password-stdin", stdin=PASSWORD)
    assert code != 0 and "unknown role" in out
    code, out = run("users", "add", "root", "--role", "viewer", "--password-stdin", stdin=PASSWORD)
    assert code != 0 and "already exists" in out
    # asked twice on a terminal; a mismatch is asked again
    typed = f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n"
    code, _ = run("users", "add", "ana", "--role", "researcher", "--right", "panel", stdin=typed)
    assert code == 0
    code, out = run("users", "list", "--json")
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [(r["username"], r["role"], r["rights"], r["active"]) for r in rows] == [
        ("ana", "researcher", ["panel"], True),
        ("root", "admin", [], True),
    ]
    assert "argon2" not in out  # never a hash
    engine = get_engine(cli_env)
    with Session(engine) as s:
        ana = accounts.get_user(s, "ana")
        s.add(UserSession(token_hash="0" * 64, user_id=ana.id, csrf_token="t",
                          expires_at=ana.created_at.replace(year=2100)))  # fmt: skip
        s.commit()
    assert run("users", "disable", "ana")[0] == 0
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(UserSession)) == 0
        assert not accounts.get_user(s, "ana").active
    assert run("users", "enable", "ana")[0] == 0
    new = "a different long passphrase"
    code, _ = run("users", "set-password", "ana", "--password-stdin", stdin=new + "\n")
    assert code == 0
    with Session(engine) as s:
        assert accounts.authenticate(s, "ana", new) is not None
        assert accounts.authenticate(s, "ana", PASSWORD) is None
    assert run("users", "disable", "nobody")[0] != 0


def test_demo_desk_has_proposed_incidents_and_a_fresh_account(
    engine: Engine, fast_hashes: None
) -> None:
    settings = Settings(database_url=str(engine.url))
    run_inline(Context(engine, settings), paths=[corpus_path()])  # import, classify, cluster
    username, password = seed_demo_desk(engine)
    with Session(engine) as s:
        proposed = s.scalar(select(func.count(Incident.id)).where(Incident.state == "proposed"))
        assert proposed and proposed >= 3
        user = accounts.authenticate(s, username, password)
        assert user is not None and user.role == "editor"
        assert len(password) >= 20
    again, other = seed_demo_desk(engine)  # a rerun adds nothing, only re-keys the account
    with Session(engine) as s:
        assert s.scalar(select(func.count(Incident.id))) == proposed
        assert s.scalar(select(func.count(User.id))) == 1
        assert accounts.authenticate(s, again, other) is not None
        assert accounts.authenticate(s, username, password) is None
