"""Full-text search words → an indexed match on each backend (docs/publish.md, "Search").

A query word matches incidents whose title or summary has a word *starting* with it, ignoring
case and accents ("journalist" finds "Journalistes", "arretee" finds "arrêtée"). Words are runs
of letters and digits; a query word made of several ("e-mail") needs all of them. On SQLite the
match runs in the FTS5 table ``fts_incidents`` (unicode61 tokenizer, diacritics removed); on
PostgreSQL in the GIN-indexed ``incidents.search_vector`` (accents folded with the same table as
:func:`fold`, the 'simple' configuration, prefix queries ``word:*``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import (
    ColumnElement,
    column,
    exists,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session

from civicspace.store.incidents import Incident
from civicspace.store.publish import FOLD_FROM, FOLD_TO

_WORD = re.compile(r"[^\W_]+")
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
FTS = table("fts_incidents", column("rowid"))
SEARCH_VECTOR = literal_column("incidents.search_vector")
# more matches than this: walk the list's index and test each row (see ``use_walk``)
WALK_ABOVE = 4000


def fold(word: str) -> str:
    """Lower case with Latin accents removed, as PostgreSQL's ``search_vector`` stores words."""
    return word.translate(_FOLD).lower()


def words(terms: Sequence[str]) -> list[list[str]] | None:
    """Each query term as its words; None when a term has none (it can match nothing)."""
    out = [_WORD.findall(term) for term in terms]
    return None if any(not w for w in out) else out


def fts5_query(terms: Sequence[str]) -> str | None:
    """An FTS5 MATCH string: every word as a quoted prefix, all required."""
    parts = words(terms)
    if parts is None:
        return None
    return " AND ".join(f'"{w}"*' for ws in parts for w in ws)


def tsquery(terms: Sequence[str]) -> str | None:
    """A PostgreSQL tsquery text: every folded word as a prefix, all required."""
    parts = words(terms)
    if parts is None:
        return None
    return " & ".join(f"'{fold(w)}':*" for ws in parts for w in ws)


def _matches(terms: Sequence[str]) -> ColumnElement[bool] | None:
    m = fts5_query(terms)
    return None if m is None else literal_column("fts_incidents").op("MATCH")(literal(m))


def condition(terms: Sequence[str], dialect: str, *, walk: bool = False) -> ColumnElement[bool]:
    """WHERE clause: incidents whose title or summary holds every term.

    On SQLite, ``walk=False`` gives ``id IN (matches)`` (the matches drive the query: right
    when they are few); ``walk=True`` tests each row the query's own index walk meets against
    the FTS index (right for common words, where a page fills after a few rows)."""
    if dialect == "postgresql":
        q = tsquery(terms)
        if q is None:
            return false()
        regconfig = literal_column("'simple'::regconfig")
        return SEARCH_VECTOR.op("@@")(func.to_tsquery(regconfig, literal(q)))
    matches = _matches(terms)
    if matches is None:
        return false()
    if walk:
        return exists().where(matches, FTS.c.rowid == Incident.id)
    return Incident.id.in_(select(FTS.c.rowid).where(matches))


def use_walk(session: Session, terms: Sequence[str]) -> bool:
    """SQLite: do more than :data:`WALK_ABOVE` published incidents match (one capped read of
    the FTS index)? PostgreSQL's planner decides from its own statistics: always False."""
    if not terms or session.get_bind().dialect.name == "postgresql":
        return False
    matches = _matches(terms)
    if matches is None:
        return False
    capped = select(FTS.c.rowid).where(matches).limit(WALK_ABOVE + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(capped)) or 0) > WALK_ABOVE
