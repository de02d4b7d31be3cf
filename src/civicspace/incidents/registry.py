"""The case registry: persons and organisations named in incidents, private by default.

Naming an alleged offender or a victim can bring a defamation suit or reprisals, so a name
reaches public output only when an editor marked the person ``public`` **and** recorded why:
``public_basis`` is ``public_figure`` or ``consent``. Every public surface (site, API, exports)
goes through :func:`is_public`, :func:`public_clause` or :func:`public_persons`.

Deduplication across incidents and spellings: a name's key folds accents and case with
``unicodedata`` (no transliteration library), turns "SURNAME, Given" around, drops
punctuation and sorts the words, so "Ana María Pérez", "Ana Maria Perez" and
"PÉREZ, Ana María" share the key ``ana maria perez``. Each spelling seen is kept in
``person_aliases``; each link to an incident keeps the document that named the person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from civicspace.incidents.features import fold
from civicspace.store.base import utcnow
from civicspace.store.incidents import IncidentPerson, Person, PersonAlias

PUBLIC_BASES = ("public_figure", "consent")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_ROLE = {
    "victim": "victim",
    "perpetrator": "alleged_perpetrator",
    "alleged_perpetrator": "alleged_perpetrator",
}


def spelling_key(name: str) -> str:
    """One spelling, normalised only in case and spacing (accents kept): the alias key."""
    return " ".join(name.casefold().split())[:200]


def name_key(name: str) -> str:
    """The matching key: accents and case folded, "SURNAME, Given" turned, words sorted."""
    if name.count(",") == 1:
        surname, given = name.split(",")
        name = f"{given} {surname}"
    words = _PUNCT.sub(" ", fold(name)).split()
    return " ".join(sorted(words))[:200]


def is_public(person: Person) -> bool:
    """Whether a person's name may appear in public output."""
    return bool(person.public) and person.public_basis in PUBLIC_BASES


def public_clause() -> ColumnElement[bool]:
    """The SQL form of :func:`is_public`, for queries that feed public output."""
    return and_(Person.public.is_(True), Person.public_basis.in_(PUBLIC_BASES))


def public_persons(
    session: Session, incident_ids: Iterable[int]
) -> dict[int, list[dict[str, str]]]:
    """The public persons of each incident: name, kind, role and legal status, nothing else."""
    ids = list(incident_ids)
    out: dict[int, list[dict[str, str]]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = session.execute(
        select(IncidentPerson.incident_id, IncidentPerson.role, Person)
        .join(Person, Person.id == IncidentPerson.person_id)
        .where(IncidentPerson.incident_id.in_(ids), public_clause())
        .order_by(IncidentPerson.incident_id, Person.name_key, IncidentPerson.role)
    ).all()
    for incident_id, role, person in rows:
        if is_public(person):  # the clause and the rule agree; checked twice on purpose
            out[incident_id].append(
                {
                    "name": person.name,
                    "kind": person.kind,
                    "role": role,
                    "legal_status": person.legal_status,
                }
            )
    return out


@dataclass(frozen=True)
class Mention:
    """A person named by one source document of one incident."""

    name: str
    role: str  # victim | perpetrator | alleged_perpetrator
    kind: str = "person"
    document_id: int | None = None


class Registry:
    """Resolves names to persons (creating them, private) and links them to incidents."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._by_key: dict[tuple[str, str], Person] = {}
        self._aliases: set[tuple[int, str]] = set()

    def resolve(self, name: str, kind: str = "person", role: str | None = None) -> Person:
        """The person with this name's key and kind, created (private) when new."""
        key = name_key(name)
        if not key:
            raise ValueError(f"not a name: {name!r}")
        person = self._by_key.get((kind, key))
        if person is None:
            person = self.session.scalar(
                select(Person)
                .where(Person.name_key == key, Person.kind == kind)
                .order_by(Person.id)
                .limit(1)
            )
        if person is None:
            person = Person(
                name=" ".join(name.split()),
                name_key=key,
                kind=kind,
                public=False,
                legal_status="alleged"
                if _ROLE.get(role or "") == "alleged_perpetrator"
                else "unknown",
            )
            self.session.add(person)
            self.session.flush()
        self._by_key[(kind, key)] = person
        self._alias(person, name)
        return person

    def _alias(self, person: Person, name: str) -> None:
        akey = spelling_key(name)
        if (person.id, akey) in self._aliases:
            return
        self._aliases.add((person.id, akey))
        if self.session.get(PersonAlias, (person.id, akey)) is None:
            self.session.add(
                PersonAlias(person_id=person.id, alias_key=akey, alias=" ".join(name.split()))
            )
            person.updated_at = utcnow()

    def link(self, incident_id: int, mentions: Iterable[Mention]) -> int:
        """Link each mention to the incident once per (person, role); returns new links."""
        existing = {
            (pid, role)
            for pid, role in self.session.execute(
                select(IncidentPerson.person_id, IncidentPerson.role).where(
                    IncidentPerson.incident_id == incident_id
                )
            )
        }
        added = 0
        for m in mentions:
            role = _ROLE.get(m.role)
            if role is None or not name_key(m.name):
                continue
            person = self.resolve(
                m.name, m.kind if m.kind in ("person", "organisation") else "person", role
            )
            if (person.id, role) in existing:
                continue
            existing.add((person.id, role))
            self.session.add(
                IncidentPerson(
                    incident_id=incident_id,
                    person_id=person.id,
                    role=role,
                    document_id=m.document_id,
                )
            )
            added += 1
        return added
