"""``make demo``: proposed incidents waiting in the desk, and a demo account to review them.

:func:`seed_demo_desk` codes the stored documents the current coder has not coded, builds
incidents (with the clustering stage when it is there, else one proposed incident per coded
incident document) and creates, or re-keys, the ``demo-editor`` account with a fresh random
password. Run again, it adds nothing twice; only the password changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, exists, func, select
from sqlalchemy.orm import Session

from civicspace.errors import NotFound
from civicspace.review.accounts import create_user, get_user, random_password, set_password
from civicspace.review.create import create_from_coding
from civicspace.store.coding import Coding
from civicspace.store.incidents import IncidentDocument
from civicspace.store.models import Document

DEMO_USER = "demo-editor"


def _clustering() -> Callable[[Engine], Any] | None:
    """The incidents stage's builder, when that stage exists (``civicspace.incidents.build``)."""
    try:
        module = importlib.import_module("civicspace.incidents.build")
    except ImportError:
        return None
    build = getattr(module, "build_incidents", None)
    return build if callable(build) else None


def code_stored(engine: Engine) -> None:
    """Code every stored document the default coder has not coded yet."""
    from civicspace.classify.coder import get_coder
    from civicspace.classify.run import classify_stored

    classify_stored(engine, get_coder())


def incidents_from_codings(engine: Engine) -> int:
    """One proposed incident per coded incident document not yet in an incident."""
    made = 0
    with Session(engine) as session:
        in_incident = exists().where(IncidentDocument.document_id == Document.id)
        rows = session.execute(
            select(Document, Coding)
            .join(Coding, Coding.document_id == Document.id)
            .where(Coding.is_incident.is_(True), Document.outcome == "stored", ~in_incident)
            .order_by(Document.id, Coding.id.desc())
        )
        seen: set[int] = set()
        for doc, coding in rows:
            if doc.id in seen:  # the newest coding of a document only
                continue
            seen.add(doc.id)
            create_from_coding(session, doc, coding)
            made += 1
        session.commit()
    return made


def seed_demo_desk(engine: Engine) -> tuple[str, str]:
    """Proposed incidents in the desk, and ``(username, password)`` of a demo editor.

    The caller prints the account once; the password is stored only as its argon2id hash.
    """
    with Session(engine) as session:
        stored = session.scalar(select(func.count(Document.id)).where(Document.outcome == "stored"))
    if stored:
        code_stored(engine)
        build = _clustering()
        if build is not None:
            build(engine)
        else:
            incidents_from_codings(engine)
    password = random_password()
    with Session(engine) as session:
        try:
            set_password(session, get_user(session, DEMO_USER), password)
        except NotFound:
            create_user(session, DEMO_USER, password, "editor")
        session.commit()
    return DEMO_USER, password
