"""Tables and text rules that make publishing fast at scale (docs/publish.md, "Queries").

``publish_counts`` holds the public aggregates (headline figures, counts per country, a
country's breakdowns) as counters. Database triggers, created by migration 0006, keep them equal
to a full recomputation over published incidents in the same transaction as every insert,
update or delete of an incident, whoever writes it (the desk, an import, plain SQL).

Full-text search is built by the same migration in SQL only, so the models do not declare it:
on SQLite an FTS5 table ``fts_incidents`` over published titles and summaries (unicode61,
diacritics removed), on PostgreSQL a generated ``tsvector`` column ``search_vector`` with a GIN
index. :data:`FOLD_FROM`/:data:`FOLD_TO` are the accent folding PostgreSQL applies (``translate``
before ``to_tsvector('simple', …)``); queries fold their words the same way.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from civicspace.store.base import Base

# one row per (country, dimension, key): '' is "every country"; dimensions are listed in
# civicspace.publish.counts
WORLD = ""


class PublishCount(Base):
    """A counter of published incidents: ``n`` incidents of ``country`` have ``dim``=``key``."""

    __tablename__ = "publish_counts"

    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


def _fold_pairs() -> tuple[str, str]:
    """Latin letters with diacritics → their lower-case base letter (é → e, Å → a, ơ → o)."""
    src, dst = [], []
    for start, end in ((0x00C0, 0x024F), (0x1E00, 0x1EFF)):
        for code in range(start, end + 1):
            char = chr(code)
            parts = unicodedata.normalize("NFKD", char)
            base = parts[:1]
            if (
                len(parts) > 1
                and base.isascii()
                and base.isalpha()
                and all(unicodedata.combining(p) for p in parts[1:])
            ):
                src.append(char)
                dst.append(base.lower())
    return "".join(src), "".join(dst)


FOLD_FROM, FOLD_TO = _fold_pairs()
# names of objects migrations build in SQL for one backend only (see include_name in migrate)
SQL_ONLY_TABLE_PREFIX = "fts_"
SQL_ONLY_COLUMNS = frozenset({("incidents", "search_vector")})
SQL_ONLY_INDEXES = frozenset({"ix_incidents_search_vector"})
