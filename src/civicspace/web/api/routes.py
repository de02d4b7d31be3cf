"""The JSON API under /api/v1, described by OpenAPI."""

from __future__ import annotations

from fastapi import APIRouter

from civicspace import __version__

router = APIRouter(prefix="/api/v1", tags=["meta"])


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness and version."""
    return {"status": "ok", "version": __version__}
