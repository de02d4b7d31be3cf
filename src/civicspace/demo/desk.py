"""``make demo``: proposed incidents waiting in the desk, and a demo account to review them.

:func:`seed_demo_desk` codes the stored documents the current coder has not coded, builds
incidents with the clustering stage, and creates, or re-keys, the ``demo-editor`` account with
a fresh random password. Run again, it adds nothing twice; only the password changes.
"""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civicspace.accounts import create_user, get_user, random_password, set_password
from civicspace.classify.coder import get_coder
from civicspace.classify.run import classify_stored
from civicspace.errors import NotFound
from civicspace.incidents.build import build_incidents
from civicspace.store.models import Document

DEMO_USER = "demo-editor"


def seed_demo_desk(engine: Engine) -> tuple[str, str]:
    """Proposed incidents in the desk, and ``(username, password)`` of a demo editor.

    The caller prints the account once; the password is stored only as its argon2id hash.
    """
    with Session(engine) as session:
        stored = session.scalar(select(func.count(Document.id)).where(Document.outcome == "stored"))
    if stored:
        classify_stored(engine, get_coder())
        build_incidents(engine)
    password = random_password()
    with Session(engine) as session:
        try:
            set_password(session, get_user(session, DEMO_USER), password)
        except NotFound:
            create_user(session, DEMO_USER, password, "editor")
        session.commit()
    return DEMO_USER, password
