"""Request-scoped dependencies shared by every router: the database session, settings, the
site's own address for absolute links, and the type of a database id in a path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Path, Request
from sqlalchemy.orm import Session

from civicspace.settings import Settings


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    """One session per request, committed by the route when it changes something."""
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


MAX_ID = 2**63 - 1  # the largest BIGINT; a larger id in a path is a 404, never a 500

DbId = Annotated[int, Path(ge=1, le=MAX_ID, description="A database id.")]


def site_base(request: Request) -> str:
    """The configured public address (``CIVICSPACE_SITE_URL``), without a trailing slash.

    Absolute links are built from it, never from the request's Host header, which a client
    chooses (a forged Host would otherwise land in feeds, exports and API links)."""
    return get_settings_dep(request).site_url.rstrip("/")


def absolute(request: Request, path: str, query: str = "") -> str:
    """``path`` (and ``query``) under the site's configured address."""
    return f"{site_base(request)}{path}" + (f"?{query}" if query else "")
