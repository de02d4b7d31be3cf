"""The ratings panel queue in the desk: approve or reject proposed band changes."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/desk/panel", include_in_schema=False)
