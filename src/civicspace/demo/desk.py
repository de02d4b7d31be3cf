"""``make demo``: proposed incidents waiting in the desk, and a demo account to review them.

:func:`seed_demo_desk` creates, or re-keys, the ``demo-editor`` account with a fresh random
password; the demo corpus went through the pipeline (:func:`civicspace.pipeline.run_inline`:
import, classify, cluster) before, so the incidents it proposed wait in the desk. Run again, it
adds nothing twice; only the password changes.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.accounts import create_user, get_user, random_password, set_password
from civicspace.errors import NotFound

DEMO_USER = "demo-editor"


def seed_demo_desk(engine: Engine) -> tuple[str, str]:
    """Proposed incidents in the desk, and ``(username, password)`` of a demo editor.

    The caller prints the account once; the password is stored only as its argon2id hash.
    """
    password = random_password()
    with Session(engine) as session:
        try:
            set_password(session, get_user(session, DEMO_USER), password)
        except NotFound:
            create_user(session, DEMO_USER, password, "editor")
        session.commit()
    return DEMO_USER, password
