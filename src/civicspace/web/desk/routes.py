"""The review desk: accounts, the queue of proposed incidents, review actions (under /desk)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/desk", include_in_schema=False)
