"""Helpers for the member-networking tests: members made through the domain, approved."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.listen import members as mb
from tests.support.review import PASSWORD

MEMBER_PASSWORD = PASSWORD


def make_member(engine: Engine, username: str, *, approve: bool = True, **profile: Any) -> int:
    """A member with ``profile`` (name, kind, email, country, languages, issues, about,
    visibility), approved unless ``approve`` is False."""
    defaults: dict[str, Any] = {
        "name": username.title(),
        "kind": "organisation",
        "email": f"{username}@members.example",
    }
    with Session(engine) as db:
        member = mb.register(db, username, MEMBER_PASSWORD, mb.Profile(**{**defaults, **profile}))
        if approve:
            mb.set_status(db, member, "active", "user:1")
        db.commit()
        return member.id
