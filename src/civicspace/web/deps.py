"""Request-scoped dependencies shared by every router: the database session and settings."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlalchemy.orm import Session

from civicspace.settings import Settings


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    """One session per request, committed by the route when it changes something."""
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session
