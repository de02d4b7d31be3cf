"""The public site: map, country pages, incidents, search (server-rendered HTML)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
