"""The JSON API under /api/v1, described by OpenAPI (docs at /api/docs).

Thin: parse the request, call one ``civicspace.publish`` function, shape the answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from civicspace import __version__
from civicspace.codebook import Codebook, load_codebook
from civicspace.countries import parse_code
from civicspace.publish import aggregates, query, totals
from civicspace.publish.exports import EXPORTERS, FORMATS, public_url
from civicspace.publish.filters import SORTS, Filters
from civicspace.publish.ratings_view import current_ratings, rating_history
from civicspace.web.api.params import filters_dep
from civicspace.web.api.schemas import (
    ApiError,
    ChangePage,
    CountryDetail,
    Home,
    Incident,
    IncidentPage,
)
from civicspace.web.api.schemas import Country as CountryOut
from civicspace.web.deps import absolute, get_db, site_base

router = APIRouter(prefix="/api/v1")
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found", "model": ApiError},
    410: {"description": "Withdrawn", "model": ApiError},
    422: {"description": "Invalid input (the fields named)", "model": ApiError},
}


def base_url(request: Request) -> str:
    """The configured public address (never the Host header)."""
    return site_base(request)


def with_url(item: dict[str, Any], request: Request) -> dict[str, Any]:
    item["url"] = public_url(base_url(request), item["id"])
    return item


def next_link(request: Request, cursor: str | None) -> str | None:
    if not cursor:
        return None
    return absolute(
        request, request.url.path, request.url.include_query_params(cursor=cursor).query
    )


@router.get("/health", tags=["meta"])
def health() -> dict[str, str]:
    """Liveness and version."""
    return {"status": "ok", "version": __version__}


@router.get("/incidents", response_model=IncidentPage, tags=["incidents"], responses=ERRORS)
def list_incidents(
    request: Request,
    filters: Filters = Depends(filters_dep),
    sort: str | None = Query(
        None,
        description=f"One of {', '.join(SORTS)}. Default: -published_at, or -start_date "
        "when since/until are given.",
    ),
    limit: int = Query(50, ge=1, le=query.MAX_LIMIT),
    cursor: str | None = Query(None, max_length=400),
    db: Session = Depends(get_db),
) -> dict[str, Any]:
    """Published incidents, newest first by default; follow `next` for the next page."""
    page = query.list_incidents(db, filters, sort=sort, limit=limit, cursor=cursor)
    total = totals.for_page(db, filters, page, first=cursor is None)
    return {
        "items": [with_url(i, request) for i in page.items],
        "next_cursor": page.next_cursor,
        "next": next_link(request, page.next_cursor),
        "total": total.total,
        "total_exact": total.exact,
    }


@router.get(
    "/incidents/{incident_id}", response_model=Incident, tags=["incidents"], responses=ERRORS
)
def get_incident(
    request: Request, incident_id: int = Path(ge=1, le=2**63 - 1), db: Session = Depends(get_db)
) -> dict[str, Any]:
    """One published incident with its sources. A withdrawn one answers 410."""
    return with_url(query.get_incident(db, incident_id), request)


@router.get("/countries", response_model=list[CountryOut], tags=["countries"])
def countries(db: Session = Depends(get_db)) -> list[dict[str, Any]]:
    """Every country with published incidents or a rating: counts, rating band, centroid."""
    return aggregates.countries(db)


def country_detail(db: Session, code: str, request: Request) -> dict[str, Any]:
    code = parse_code(code)
    profile = aggregates.country_profile(db, code)
    rating = current_ratings(db).get(code)
    latest = query.list_incidents(db, Filters(countries=(code,)), limit=10).items
    return {
        **profile,
        "rating": rating.__dict__ if rating else None,
        "rating_history": [r.__dict__ for r in rating_history(db, code)],
        "latest": [with_url(i, request) for i in latest],
    }


@router.get("/countries/{code}", response_model=CountryDetail, tags=["countries"], responses=ERRORS)
def country(
    request: Request,
    code: str = Path(min_length=2, max_length=3),
    db: Session = Depends(get_db),
) -> dict[str, Any]:
    """A country's rating and history, incidents per month, breakdowns, gender lens, latest."""
    return country_detail(db, code, request)


def home_data(db: Session, request: Request) -> dict[str, Any]:
    latest = query.list_incidents(db, Filters(), limit=10).items
    return {
        "headline": aggregates.headline(db),
        "countries": aggregates.countries(db),
        "latest": [with_url(i, request) for i in latest],
    }


@router.get("/home", response_model=Home, tags=["countries"])
def home(request: Request, db: Session = Depends(get_db)) -> dict[str, Any]:
    """The home page's data: headline figures, countries for the map, latest incidents."""
    return home_data(db, request)


@router.get("/codebook", response_model=Codebook, tags=["codebook"])
def codebook() -> Codebook:
    """The codebook: freedoms, violations, targets, perpetrators, verification, bands."""
    return load_codebook()


@router.get("/changes", response_model=ChangePage, tags=["incidents"], responses=ERRORS)
def changes(
    request: Request,
    since: datetime = Query(description="ISO 8601 time; changes strictly after it."),
    limit: int = Query(100, ge=1, le=query.MAX_LIMIT),
    cursor: str | None = Query(None, max_length=400),
    db: Session = Depends(get_db),
) -> dict[str, Any]:
    """Incidents created, updated or withdrawn since a time, oldest change first."""
    page = query.changes(db, since, limit=limit, cursor=cursor)
    for item in page.items:
        if item["incident"]:
            with_url(item["incident"], request)
    return {
        "items": page.items,
        "next_cursor": page.next_cursor,
        "next": next_link(request, page.next_cursor),
    }


def _export_route(fmt: str, filename: str) -> None:
    media_type, _ext = FORMATS[fmt]

    def export(request: Request, filters: Filters = Depends(filters_dep)) -> StreamingResponse:
        chunks = EXPORTERS[fmt](request.app.state.engine, filters, base_url(request))
        return StreamingResponse(
            chunks,
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    export.__doc__ = {
        "csv": "Every matching published incident as CSV, one row per incident (streamed).",
        "acled": "The same incidents in an ACLED-like CSV layout (streamed).",
        "geojson": "A GeoJSON FeatureCollection, each incident at its country's centroid.",
        "jsonl": "JSON lines, one incident with its sources per line (streamed).",
    }[fmt]
    router.add_api_route(
        f"/exports/{filename}",
        export,
        methods=["GET"],
        name=f"export_{fmt}",
        tags=["exports"],
        response_class=StreamingResponse,
        responses={200: {"content": {media_type.split(";")[0]: {}}}, **ERRORS},
    )


for _fmt, _name in (
    ("csv", "incidents.csv"),
    ("acled", "incidents-acled.csv"),
    ("geojson", "incidents.geojson"),
    ("jsonl", "incidents.jsonl"),
):
    _export_route(_fmt, _name)
