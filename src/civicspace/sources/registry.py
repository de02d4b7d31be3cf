"""The source registry: add, list, remove, and declare sources in a YAML file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from civicspace.countries import parse_code
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.store.models import Source

KINDS = ("auto", "feed", "sitemap", "page")


class SourceSpec(BaseModel):
    """A source as the user declares it (CLI flags or one YAML entry)."""

    model_config = ConfigDict(extra="forbid")

    url: str
    name: str | None = None
    kind: str = "auto"
    country: str | None = None
    language: str | None = None
    interval: int = Field(default=60, ge=1, description="minutes between polls")
    fetch_articles: bool = True

    @field_validator("url")
    @classmethod
    def _http(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not a URL: it must start with http:// or https://")
        try:
            host = urlsplit(value).hostname
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a valid URL: {exc}") from exc
        if not host or any(c.isspace() for c in value):
            raise ValueError(f"{value!r} is not a valid URL: no host")
        return value

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            return parse_code(value)
        except InvalidInput as exc:
            raise ValueError(str(exc)) from exc


def validation_message(exc: ValidationError) -> str:
    """The first problem of a validation error as one plain line: ``field: message``."""
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "value"
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{field}: {message}"


def make_spec(data: dict[str, Any], where: str = "") -> SourceSpec:
    """A :class:`SourceSpec` from user input, or :class:`InvalidInput` in one plain line."""
    try:
        return SourceSpec.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(f"{where}{validation_message(exc)}") from exc


def add_source(session: Session, spec: SourceSpec, *, update: bool = False) -> Source:
    existing = session.scalar(select(Source).where(Source.url == spec.url))
    if existing is not None and not update:
        raise Conflict(f"source already registered: {spec.url} (id {existing.id})")
    source = existing or Source(url=spec.url)
    source.name = spec.name or spec.url.split("//", 1)[1].split("/", 1)[0]
    source.kind = spec.kind
    source.country = spec.country
    source.language = spec.language
    source.interval_minutes = spec.interval
    source.fetch_articles = spec.fetch_articles
    if existing is None:
        session.add(source)
    session.flush()
    return source


def find_source(session: Session, ref: str) -> Source:
    """A source by id, URL or name."""
    clauses = [Source.url == ref, Source.name == ref]
    if ref.isdigit():
        clauses.append(Source.id == int(ref))
    source = session.scalar(select(Source).where(or_(*clauses)).limit(1))
    if source is None:
        raise NotFound(f"no source {ref!r}")
    return source


def remove_source(session: Session, ref: str) -> Source:
    source = find_source(session, ref)
    session.delete(source)
    session.flush()
    return source


def list_sources(session: Session) -> list[Source]:
    return list(session.scalars(select(Source).order_by(Source.id)))


def due_sources(session: Session, now: datetime) -> list[Source]:
    return list(
        session.scalars(
            select(Source)
            .where(
                Source.enabled.is_(True),
                or_(Source.next_due_at.is_(None), Source.next_due_at <= now),
            )
            .order_by(Source.next_due_at.is_(None).desc(), Source.next_due_at, Source.id)
        )
    )


def next_due_source(session: Session) -> Source | None:
    """The enabled source polled next (the earliest ``next_due_at``), if any."""
    return session.scalar(
        select(Source)
        .where(Source.enabled.is_(True))
        .order_by(Source.next_due_at.is_(None).desc(), Source.next_due_at, Source.id)
        .limit(1)
    )


def load_yaml(path: Path) -> list[SourceSpec]:
    """Sources declared in YAML: a list, or a mapping with a ``sources`` list."""
    try:
        data: Any = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}") from exc
    entries = data.get("sources") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise InvalidInput(f"{path}: expected a list of sources (or a 'sources:' list)")
    specs = []
    for n, entry in enumerate(entries, 1):
        data = entry if isinstance(entry, dict) else {"url": str(entry)}
        specs.append(make_spec(data, f"{path}: source {n}: "))
    return specs
