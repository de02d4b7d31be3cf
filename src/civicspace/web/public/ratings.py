"""Public pages of the ratings: methodology, watchlist, a country's score explained."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
