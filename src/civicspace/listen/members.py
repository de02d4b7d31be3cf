"""Member networking: accounts, profiles, who sees what, and the directory.

Members (organisations and people) register with their own login (not a desk account: the
desk's password policy and argon2id hashing, :mod:`civicspace.accounts`), a country, languages,
issues from the codebook (freedoms, violations and targets: ``"violations:censorship"``) and
what they do in their own words. Each field has a visibility the member chooses:

* ``public``: anyone, the anonymous directory and its JSON included;
* ``members``: approved members who are logged in;
* ``nobody``: only the member (and the desk users who approve accounts).

Nothing is public by default: a new profile shows its fields to members only and its e-mail
to nobody. A member appears in a directory only if their name is visible there, and filters
match only what the viewer may see (filtering on a hidden country would reveal it). A member is
``pending`` until a desk user with the ``members`` right approves them: only then do they
appear to others, see members-only fields and write to other members.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from babel import Locale, UnknownLocaleError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from civicspace.accounts.hashing import HashSlots
from civicspace.accounts.users import check_password_policy, hash_password, verify_password
from civicspace.codebook import load_codebook
from civicspace.countries import parse_code
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.store.base import utcnow
from civicspace.store.members import MEMBER_KINDS, VISIBILITY, Member, MemberSession

FIELDS = ("name", "kind", "country", "languages", "issues", "about", "email")
DEFAULT_VISIBILITY = {f: ("nobody" if f == "email" else "members") for f in FIELDS}
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
EMAIL = re.compile(r"^[^@\s<>\"',;]{1,64}@[^@\s<>\"',;]+\.[^@\s<>\"',;]{2,}$")
MAX_ABOUT = 4000
MAX_LANGUAGES = 12
ISSUE_KINDS = ("freedoms", "violations", "targets")

Level = Literal["public", "members", "self"]
SEES = {"public": ("public",), "members": ("public", "members"), "self": VISIBILITY}
_DUMMY: list[str] = []


@lru_cache(maxsize=1)
def issue_labels() -> dict[str, str]:
    """Every issue a member may choose: ``"kind:id"`` → the codebook's label."""
    book = load_codebook()
    return {
        f"{kind}:{term.id}": term.label
        for kind in ISSUE_KINDS
        for term in getattr(book, kind)
        if not term.retired
    }


def language_name(code: str, lang: str = "en") -> str:
    try:
        return str(Locale.parse(lang).languages.get(code, code))
    except (ValueError, UnknownLocaleError):
        return code


@lru_cache(maxsize=1)
def _language_codes() -> frozenset[str]:
    codes = (str(c) for c in Locale.parse("en").languages)
    return frozenset(c for c in codes if len(c) in (2, 3) and c.isalpha())


# ---------------------------------------------------------------- validation


def _text(value: str, limit: int, what: str, minimum: int = 0) -> str:
    cleaned = value.strip()
    if len(cleaned) < minimum:
        raise InvalidInput(f"{what}: required" if minimum == 1 else f"{what}: too short")
    if len(cleaned) > limit:
        raise InvalidInput(f"{what}: at most {limit} characters")
    return cleaned


def _email(value: str) -> str:
    cleaned = value.strip()
    if len(cleaned) > 320 or not EMAIL.match(cleaned):
        raise InvalidInput("e-mail: not an e-mail address")
    return cleaned


def _languages(values: list[str]) -> list[str]:
    codes = sorted({v.strip().lower() for v in values if v.strip()})
    unknown = [c for c in codes if c not in _language_codes()]
    if unknown:
        raise InvalidInput(f"languages: unknown language code {unknown[0]!r} (ISO 639: en, fr, sw)")
    if len(codes) > MAX_LANGUAGES:
        raise InvalidInput(f"languages: at most {MAX_LANGUAGES}")
    return codes


def _issues(values: list[str]) -> list[str]:
    chosen = sorted({v.strip() for v in values if v.strip()})
    unknown = [v for v in chosen if v not in issue_labels()]
    if unknown:
        raise InvalidInput(f"issues: unknown issue {unknown[0]!r}")
    return chosen


def _visibility(values: dict[str, str]) -> dict[str, str]:
    chosen = dict(DEFAULT_VISIBILITY)
    for name, level in values.items():
        if name not in FIELDS:
            raise InvalidInput(f"visibility: unknown field {name!r}")
        if level not in VISIBILITY:
            raise InvalidInput(f"visibility of {name}: one of {', '.join(VISIBILITY)}")
        chosen[name] = level
    return chosen


@dataclass
class Profile:
    """What a member says about themselves, and who may see each part."""

    name: str
    kind: str
    email: str
    country: str | None = None
    languages: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    about: str = ""
    visibility: dict[str, str] = field(default_factory=dict)

    def checked(self) -> Profile:
        if self.kind not in MEMBER_KINDS:
            raise InvalidInput(f"kind: one of {', '.join(MEMBER_KINDS)}")
        return Profile(
            name=" ".join(_text(self.name, 200, "name", 1).split()),
            kind=self.kind,
            email=_email(self.email),
            country=parse_code(self.country) if self.country and self.country.strip() else None,
            languages=_languages(self.languages),
            issues=_issues(self.issues),
            about=_text(self.about, MAX_ABOUT, "about"),
            visibility=_visibility(self.visibility),
        )


# ---------------------------------------------------------------- accounts


def register(db: Session, username: str, password: str, profile: Profile) -> Member:
    """A new, pending member; the caller commits."""
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise InvalidInput("username: 2–64 characters, lowercase letters, digits, '.', '_' or '-'")
    checked = profile.checked()
    check_password_policy(password, name)
    if db.scalar(select(func.count(Member.id)).where(Member.username == name)):
        raise Conflict(f"the username {name!r} is taken")
    member = Member(
        username=name,
        password_hash=hash_password(password),
        status="pending",
        created_at=utcnow(),
        **_columns(checked),
    )
    db.add(member)
    db.flush()
    return member


def _columns(p: Profile) -> dict[str, Any]:
    return {
        "name": p.name,
        "kind": p.kind,
        "email": p.email,
        "country": p.country,
        "languages": p.languages,
        "issues": p.issues,
        "about": p.about,
        "visibility": p.visibility,
    }


def update_profile(db: Session, member: Member, profile: Profile) -> None:
    for key, value in _columns(profile.checked()).items():
        setattr(member, key, value)
    db.flush()


def profile_of(member: Member) -> Profile:
    return Profile(
        name=member.name,
        kind=member.kind,
        email=member.email,
        country=member.country,
        languages=list(member.languages or []),
        issues=list(member.issues or []),
        about=member.about,
        visibility=_visibility(dict(member.visibility or {})),
    )


def authenticate(
    db: Session, username: str, password: str, slots: HashSlots | None = None
) -> Member | None:
    """The member (pending or active, never disabled) with this username and password.

    An unknown username costs the same hashing work as a wrong password."""
    member = db.scalar(select(Member).where(Member.username == username.strip().lower()))
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_urlsafe(16)))
    stored = member.password_hash if member is not None else _DUMMY[0]
    if slots is None:
        ok = verify_password(stored, password)
    else:
        with slots.slot():
            ok = verify_password(stored, password)
    if member is None or not ok or member.status == "disabled":
        return None
    member.last_login_at = utcnow()
    return member


def change_password(db: Session, member: Member, current: str, new: str) -> None:
    """A new password after the current one is checked; every session of the member ends."""
    if not verify_password(member.password_hash, current[:1024]):
        raise InvalidInput("current password: wrong")
    check_password_policy(new, member.username)
    member.password_hash = hash_password(new)
    db.execute(delete(MemberSession).where(MemberSession.member_id == member.id))
    db.flush()


def delete_member(db: Session, member: Member, password: str) -> None:
    """Delete the member for good: profile, sessions and every message to or from them."""
    if not verify_password(member.password_hash, password[:1024]):
        raise InvalidInput("password: wrong")
    db.delete(member)
    db.flush()


def get_member(db: Session, member_id: int) -> Member:
    member = db.get(Member, member_id)
    if member is None:
        raise NotFound(f"no member {member_id}")
    return member


def set_status(db: Session, member: Member, status: str, who: str) -> None:
    """Approve (``active``) or disable a member; the caller commits."""
    if status not in ("active", "disabled"):
        raise InvalidInput("status: active or disabled")
    member.status = status
    if status == "active" and member.approved_at is None:
        member.approved_at = utcnow()
        member.approved_by = who[:32]
    db.flush()


def pending(db: Session) -> list[Member]:
    return list(db.scalars(select(Member).where(Member.status == "pending").order_by(Member.id)))


# ---------------------------------------------------------------- who sees what


def level_of(viewer: Member | None, member: Member) -> Level:
    """How much of ``member`` the ``viewer`` may see."""
    if viewer is not None and viewer.id == member.id:
        return "self"
    if viewer is not None and viewer.status == "active":
        return "members"
    return "public"


def view(member: Member, level: Level) -> dict[str, Any]:
    """The fields of ``member`` visible at ``level``, and nothing else (an id to link to)."""
    shown: dict[str, Any] = {"id": member.id}
    visible = SEES[level]
    chosen = _visibility(dict(member.visibility or {}))
    values = _columns(profile_of(member))
    for name in FIELDS:
        if chosen[name] in visible and values[name] not in (None, "", []):
            shown[name] = values[name]
    return shown


def listed(member: Member, level: Level) -> bool:
    """Whether ``member`` appears to a viewer at ``level``: active, and their name visible."""
    if level == "self":
        return True
    return member.status == "active" and "name" in view(member, level)


@dataclass(frozen=True)
class Filters:
    country: str | None = None
    language: str | None = None
    issue: str | None = None


def directory(db: Session, viewer: Member | None, filters: Filters) -> list[dict[str, Any]]:
    """Members the viewer may see, by name, filtered on visible fields only."""
    rows = db.scalars(select(Member).where(Member.status == "active").order_by(Member.name))
    found = []
    for member in rows:
        level = level_of(viewer, member)
        if level == "self" or not listed(member, level):
            continue
        shown = view(member, level)
        if filters.country and shown.get("country") != filters.country:
            continue
        if filters.language and filters.language not in shown.get("languages", []):
            continue
        if filters.issue and filters.issue not in shown.get("issues", []):
            continue
        found.append(shown)
    return found


def preview(member: Member, level: Level) -> dict[str, Any] | None:
    """What a viewer at ``level`` sees of ``member`` (None: not listed for them), for the
    member's own "as others see it" pages."""
    return view(member, level) if member.status == "active" and listed(member, level) else None


def visible_member(db: Session, viewer: Member | None, member_id: int) -> dict[str, Any]:
    """One member as the viewer may see them; :class:`NotFound` when not listed for them (the
    same answer as for an id that does not exist)."""
    member = db.get(Member, member_id)
    if member is None:
        raise NotFound(f"no member {member_id}")
    level = level_of(viewer, member)
    if not listed(member, level):
        raise NotFound(f"no member {member_id}")
    return view(member, level)
