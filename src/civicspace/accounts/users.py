"""Accounts of the review desk: argon2id password hashes, the password policy, users.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile:
t=3, m=64 MiB, p=4, 16-byte salt, 32-byte hash) and rehashed on login when those parameters
change. There are no default accounts: ``civicspace users add`` creates the first admin.
"""

from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from civicspace.accounts.hashing import HashSlots
from civicspace.accounts.roles import RIGHTS
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.store.accounts import ROLES, User, UserSession
from civicspace.store.base import utcnow

HASHER = PasswordHasher()  # argon2id, t=3, m=65536 KiB, p=4
MIN_PASSWORD = 12
MAX_PASSWORD = 256
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
COMMON = frozenset(
    {
        "password1234",
        "passwordpassword",
        "123456789012",
        "qwertyuiopas",
        "administrator",
        "civicspace123",
        "letmeinletmein",
        "iloveyou1234",
        "changemechangeme",
        "welcome12345",
    }
)
_DUMMY: dict[tuple[int, int, int], str] = {}  # verified when a username does not exist


MIN_GUESSES_LOG10 = 8.0  # zxcvbn score 3: "safely unguessable" for an online attack
ZXCVBN_MAX = 72  # zxcvbn's own length limit; the first 72 characters are judged


def check_password_policy(password: str, username: str = "") -> None:
    """Refuse short, long, repetitive, common or username-like passwords (:class:`InvalidInput`).

    Common and breached passwords are found offline with zxcvbn's frequency lists (passwords
    from breaches, common words, names, keyboard patterns, dates and sequences): a password
    estimated to fall in fewer than 10^8 guesses is refused.
    """
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"password too short: at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"password too long: at most {MAX_PASSWORD} characters")
    lowered = password.lower()
    if len(set(lowered)) < 5:
        raise InvalidInput("password too repetitive: use at least 5 different characters")
    if lowered in COMMON or (username and username.lower() in lowered):
        raise InvalidInput("password too easy to guess")
    strength = zxcvbn(password[:ZXCVBN_MAX], user_inputs=[username, "civicspace"])
    if float(strength["guesses_log10"]) < MIN_GUESSES_LOG10:
        hint = strength["feedback"].get("warning") or "it is a common or breached password"
        raise InvalidInput(
            f"password too easy to guess ({hint.rstrip('.')}): use a longer passphrase"
        )


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def random_password() -> str:
    """A strong password for generated accounts (the demo's): 20 URL-safe characters."""
    return secrets.token_urlsafe(15)


def _normalise(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise InvalidInput("username: 2–64 characters, lowercase letters, digits, '.', '_' or '-'")
    return name


def _check_role(role: str, rights: list[str]) -> None:
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    unknown = [r for r in rights if r not in RIGHTS]
    if unknown:
        raise InvalidInput(f"unknown right {unknown[0]!r}; one of {', '.join(RIGHTS)}")


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def create_user(
    session: Session, username: str, password: str, role: str, rights: list[str] | None = None
) -> User:
    """A new active user; the caller commits. Refuses weak passwords and taken usernames."""
    name = _normalise(username)
    rights = sorted(set(rights or []))
    _check_role(role, rights)
    check_password_policy(password, name)
    if session.scalar(select(func.count(User.id)).where(User.username == name)):
        raise Conflict(f"user {name!r} already exists")
    user = User(
        username=name, password_hash=hash_password(password), role=role, rights=rights, active=True
    )
    session.add(user)
    session.flush()
    return user


def end_sessions(session: Session, user: User) -> None:
    """Log ``user`` out everywhere."""
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))


def set_password(session: Session, user: User, password: str) -> None:
    """A new password; every session of the user ends."""
    check_password_policy(password, user.username)
    user.password_hash = hash_password(password)
    end_sessions(session, user)


def set_active(session: Session, user: User, active: bool) -> None:
    """Disable (every session ends) or enable an account. Accounts are never deleted, so the
    revisions that name ``user:<id>`` keep meaning someone."""
    user.active = active
    if not active:
        end_sessions(session, user)


def set_role(session: Session, user: User, role: str, rights: list[str] | None = None) -> None:
    rights = sorted(set(rights if rights is not None else user.rights or []))
    _check_role(role, rights)
    user.role = role
    user.rights = rights
    end_sessions(session, user)


def _dummy_hash() -> str:
    """A hash with today's parameters, verified when a username does not exist."""
    key = (HASHER.time_cost, HASHER.memory_cost, HASHER.parallelism)
    if key not in _DUMMY:
        _DUMMY[key] = hash_password(secrets.token_urlsafe(16))
    return _DUMMY[key]


def authenticate(
    session: Session, username: str, password: str, slots: HashSlots | None = None
) -> User | None:
    """The active user with this username and password, else None.

    Takes about as long for an unknown username as for a wrong password (the same hashing
    work, through the same ``slots``), so timing does not tell which usernames exist.
    ``slots`` bounds how many verifications run at once (raises
    :class:`~civicspace.accounts.hashing.ServerBusy` when full). Rehashes the password when
    the hash parameters changed.
    """
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    stored = user.password_hash if user is not None else _dummy_hash()
    if slots is None:
        ok = verify_password(stored, password)
    else:
        with slots.slot():
            ok = verify_password(stored, password)
    if user is None or not ok or not user.active:
        return None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user
