"""Ratings in the JSON API: bands, scores (if published), history, watchlist."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["ratings"])
