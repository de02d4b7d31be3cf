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
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    column,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from civicspace.store.incidents import Incident
from civicspace.store.publish import FOLD_FROM, FOLD_TO

_WORD = re.compile(r"[^\W_]+")
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
FTS = table("fts_incidents", column("rowid"))
ROW_FUNCTION = "civicspace_words"
_SEP = "\x1f"
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
SEARCH_VECTOR: ColumnElement[Any] = literal_column("incidents.search_vector")
# more matches than this: walk the list's index and test each row (see ``prepare``)
WALK_ABOVE = 6000


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


@dataclass(frozen=True)
class Match:
    """How one query's words are matched: ``fts`` is the SQLite MATCH string (None: nothing can
    match); ``walk`` says the query walks its own index and probes the FTS index per row."""

    terms: tuple[str, ...]
    fts: str | None
    walk: bool = False
    words_key: str = ""  # walk: the folded words, joined by _SEP
    drive: bool = False  # few matches: the list should sort them, not walk an order index


def plain(terms: Sequence[str]) -> Match:
    """Prefix words, matches driving the query (exports, aggregates, a few matches)."""
    return Match(tuple(terms), fts5_query(terms))


def _fts_match(value: str) -> ColumnElement[bool]:
    return literal_column("fts_incidents").op("MATCH")(literal(value))


def _fold_text(text: str) -> str:
    """Lower case without combining marks, as FTS5's unicode61 (remove_diacritics 2) folds."""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).lower()


@lru_cache(maxsize=256)
def _prefix_patterns(words_key: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r"(?<![^\W_])" + re.escape(w)) for w in words_key.split(_SEP) if w)


def row_matches(title: str | None, summary: str | None, words_key: str) -> int:
    """1 when every word of ``words_key`` starts a word of the title or summary (the FTS5 rules
    as a per-row test; SQLite calls it as ``civicspace_words``)."""
    text = _fold_text(f"{title or ''} {summary or ''}")
    return int(all(p.search(text) for p in _prefix_patterns(words_key)))


def _register(session: Session) -> None:
    """Give this session's SQLite connection the per-row test (a few µs; idempotent)."""
    dbapi = session.connection().connection.dbapi_connection
    if dbapi is not None:
        dbapi.create_function(ROW_FUNCTION, 3, row_matches, deterministic=True)


def _common(session: Session, word: str) -> bool:
    """Does the word itself, as a whole token, match more than :data:`WALK_ABOVE` published
    incidents? SQLite: a capped count streamed from the word's FTS5 list. PostgreSQL: the
    planner's row estimate for the whole-token tsquery (from the column's most common lexemes;
    good, and a millisecond)."""
    if session.get_bind().dialect.name == "postgresql":
        regconfig: ColumnElement[Any] = literal_column("'simple'::regconfig")
        token = func.to_tsquery(regconfig, literal(f"'{fold(word)}'"))
        rows = select(Incident.id).where(
            Incident.state == "published", SEARCH_VECTOR.op("@@")(token)
        )
        sql = rows.compile(
            dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
        )
        plan = session.execute(text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar()
        return float(plan[0]["Plan"]["Plan Rows"]) > WALK_ABOVE  # type: ignore[index]
    capped = select(FTS.c.rowid).where(_fts_match(f'"{word}"')).limit(WALK_ABOVE + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(capped)) or 0) > WALK_ABOVE


def prepare(session: Session, terms: Sequence[str]) -> Match:
    """Plan a query's words by how common they are.

    A common word (more than :data:`WALK_ABOVE` incidents hold it): walk the list's own index
    and test each row (a page fills after a few rows); on SQLite the test is Python's
    :func:`row_matches`, because FTS5 reads a prefix query's lists whole and a seek in its lists
    costs ~1 ms a row. Otherwise the matches drive the query (``drive``): the FTS5 matches on
    SQLite; on PostgreSQL the GIN index, which the list must then not walk its order index
    for (a prefix tsquery's estimate never falls below 0.5%, so the planner would walk)."""
    match = plain(terms)
    if not terms or match.fts is None:
        return match
    flat = [w for ws in words(terms) or () for w in ws]
    if any(_common(session, w) for w in flat):
        if session.get_bind().dialect.name == "postgresql":
            return match
        _register(session)
        return Match(match.terms, match.fts, walk=True, words_key=words_key(terms) or "")
    return Match(match.terms, match.fts, drive=True)


def words_key(terms: Sequence[str]) -> str | None:
    """The folded words of a query as :func:`row_matches` takes them (None: no word)."""
    parts = words(terms)
    return None if parts is None else _SEP.join(_fold_text(w) for ws in parts for w in ws)


def condition(match: Match, dialect: str) -> ColumnElement[bool]:
    """WHERE clause: incidents whose title or summary holds every word of ``match``."""
    if dialect == "postgresql":
        q = tsquery(match.terms)
        if q is None:
            return false()
        regconfig: ColumnElement[Any] = literal_column("'simple'::regconfig")
        return SEARCH_VECTOR.op("@@")(func.to_tsquery(regconfig, literal(q)))
    if match.fts is None:
        return false()
    if match.walk:
        return (
            func.civicspace_words(Incident.public_title, Incident.public_summary, match.words_key)
            == 1
        )
    return Incident.id.in_(select(FTS.c.rowid).where(_fts_match(match.fts)))
