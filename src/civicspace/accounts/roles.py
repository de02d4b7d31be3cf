"""Who may do what on the review desk: four roles, each a superset of the one below it.

    admin ⊇ editor ⊇ researcher ⊇ viewer

| action                                   | viewer | researcher | editor | admin |
|------------------------------------------|:------:|:----------:|:------:|:-----:|
| view the queue, incidents, history       |   ✓    |     ✓      |   ✓    |   ✓   |
| edit, merge, split, mark duplicate       |        |     ✓      |   ✓    |   ✓   |
| accept, reject, reopen a decision        |        |     ✓      |   ✓    |   ✓   |
| redact a privacy finding                 |        |     ✓      |   ✓    |   ✓   |
| publish, withdraw, correct a published   |        |            |   ✓    |   ✓   |
| let a privacy finding out, with a reason |        |            |   ✓    |   ✓   |
| manage accounts                          |        |            |        |   ✓   |

Rights are separate from roles and granted per user: ``panel`` (the ratings panel) and
``submissions`` (secure submissions: open them with the organisation's key, mask, reply, send
one to the desk; publishing a voice also needs the editor role). Admins hold every right
implicitly.
"""

from __future__ import annotations

from civicspace.errors import CivicspaceError
from civicspace.store.accounts import ROLES, User

RANK = {"viewer": 0, "researcher": 1, "editor": 2, "admin": 3}
assert set(RANK) == set(ROLES)

RIGHTS = ("panel", "submissions")

# action → the least role that may do it
ACTIONS: dict[str, str] = {
    "view": "viewer",
    "edit": "researcher",
    "merge": "researcher",
    "split": "researcher",
    "duplicate": "researcher",
    "accept": "researcher",
    "reject": "researcher",
    "reopen": "researcher",
    "redact": "researcher",
    "publish": "editor",
    "override_privacy": "editor",
    "withdraw": "editor",
    "correct_published": "editor",
    "reopen_withdrawn": "editor",
    "manage_users": "admin",
}


class NotAuthenticated(CivicspaceError):
    """No valid login session."""

    status_code = 401


class Forbidden(CivicspaceError):
    """Logged in, but the role or right does not allow it."""

    status_code = 403


def role_at_least(role: str, least: str) -> bool:
    """Whether ``role`` includes everything ``least`` may do."""
    return RANK.get(role, -1) >= RANK[least]


def can(user: User | None, action: str) -> bool:
    """Whether an active ``user`` may do ``action`` (a key of :data:`ACTIONS`)."""
    if user is None or not user.active:
        return False
    return role_at_least(user.role, ACTIONS[action])


def has_right(user: User | None, right: str) -> bool:
    """Whether an active ``user`` holds ``right``; admins hold every right."""
    if user is None or not user.active:
        return False
    return user.role == "admin" or right in (user.rights or [])


def require(user: User | None, action: str) -> User:
    """``user`` if it may do ``action``; otherwise :class:`Forbidden` (or not logged in)."""
    if user is None:
        raise NotAuthenticated("log in first")
    if not can(user, action):
        raise Forbidden(f"your role ({user.role}) may not {action.replace('_', ' ')}")
    return user


def actor(user: User) -> str:
    """How revisions name a person: ``user:<id>`` (never the username, which can change)."""
    return f"user:{user.id}"
