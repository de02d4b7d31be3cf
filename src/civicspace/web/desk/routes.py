"""The review desk: accounts, the queue of proposed incidents, review actions (under /desk).

    login.py     /desk/login, /desk/logout
    queue.py     /desk/queue (+ .json)
    incident.py  /desk/incidents/{id} (+ .json, /history), the decisions (POST)
    users.py     /desk/users (admins)

Every page needs a login (``civicspace.web.auth``); every POST a CSRF token.
"""

from __future__ import annotations

from fastapi import APIRouter

from civicspace.web.desk import incident, login, queue, users

router = APIRouter(prefix="/desk", include_in_schema=False)
router.include_router(login.router)
router.include_router(queue.router)
router.include_router(incident.router)
router.include_router(users.router)
