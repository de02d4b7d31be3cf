"""Helpers for the live-questions tests: a moderator, an event, reading a page's tokens."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.orm import Session

from civicspace.accounts import users as accounts
from civicspace.listen import questions as qa
from civicspace.store.questions import Question
from tests.support.review import PASSWORD

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_moderator(engine: Engine, username: str = "moder") -> int:
    """A viewer holding the ``moderate`` right (password ``PASSWORD``)."""
    with Session(engine) as db:
        user = accounts.create_user(db, username, PASSWORD, "viewer", ["moderate"])
        db.commit()
        return user.id


def make_event(engine: Engine, slug: str = "csw-dialogue", state: str = "open") -> int:
    with Session(engine) as db:
        event = qa.create_event(
            db,
            slug,
            "Reimagining democracy: a dialogue",
            datetime(2026, 3, 12, 14, 0, tzinfo=UTC),
            ["Amina Yusuf", "Carlos Rivera"],
            "Questions from people who cannot be in New York.",
        )
        if state != "open":
            qa.set_state(db, event, state)
        db.commit()
        return event.id


def form_token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def scan_tables(engine: Engine, *needles: str) -> list[str]:
    """Every ``table.column`` of every table whose text holds one of ``needles``."""
    hits = []
    names = inspect(engine).get_table_names()
    with Session(engine) as db:
        for table in names:
            if table == "alembic_version":
                continue
            columns = [c["name"] for c in inspect(engine).get_columns(table)]
            for row in db.execute(text(f'SELECT * FROM "{table}"')):
                for column, value in zip(columns, row, strict=True):
                    shown = value.decode("latin-1") if isinstance(value, bytes) else str(value)
                    hits += [f"{table}.{column}" for n in needles if n in shown]
    return hits


def pending_ids(engine: Engine, event_id: int) -> list[int]:
    with Session(engine) as db:
        rows = db.scalars(
            select(Question.id).where(Question.event_id == event_id, Question.status == "pending")
        )
        return list(rows)
