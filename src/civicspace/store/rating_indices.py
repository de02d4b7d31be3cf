"""Tables of the structural indices behind ratings v2.

``rating_index_editions`` is one published edition of an index (V-Dem v14, Freedom in the World
2024, RSF 2024) with its publication date, licence and citation; ``rating_index_values`` holds its
values, one per country, data year and variable. A value may be used only from its edition's
``published_on`` onwards: that is what lets a rating be recomputed as it stood on any day.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from civicspace.store.base import Base, BigId, UTCDateTime, utcnow


class IndexEdition(Base):
    """One published edition of a structural index, with where it came from."""

    __tablename__ = "rating_index_editions"
    __table_args__ = (UniqueConstraint("source", "edition"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # vdem | fiw | rsf
    edition: Mapped[str] = mapped_column(String(32))  # v14 | 2024 …
    published_on: Mapped[date] = mapped_column(Date)
    licence: Mapped[str] = mapped_column(Text)
    citation: Mapped[str] = mapped_column(Text)
    source_file: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IndexValue(Base):
    """One value of an index edition: a country's score on one variable for one data year."""

    __tablename__ = "rating_index_values"
    __table_args__ = (UniqueConstraint("edition_id", "country", "data_year", "variable"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("rating_index_editions.id", ondelete="CASCADE")
    )
    source: Mapped[str] = mapped_column(String(16))
    country: Mapped[str] = mapped_column(String(2))
    data_year: Mapped[int] = mapped_column(Integer)
    variable: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    name: Mapped[str | None] = mapped_column(Text)  # the publisher's name or code for the country


Index("ix_rating_index_values_country_source", IndexValue.country, IndexValue.source)
