"""The public site: map, country pages, incidents, search (server-rendered HTML).

Every page has a JSON twin (the same URL with ``.json``); thin routes over
``civicspace.publish`` and the API's shaping helpers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from civicspace.codebook import load_codebook
from civicspace.countries import parse_code
from civicspace.errors import NotFound
from civicspace.listen.links import themes_for_incident
from civicspace.publish import aggregates, query, totals
from civicspace.web.api.routes import country_detail, home_data, next_link, with_url
from civicspace.web.api.schemas import CountryDetail, Home, Incident, IncidentPage
from civicspace.web.deps import get_db
from civicspace.web.public import i18n
from civicspace.web.public.charts import CHART_NAMES, country_charts
from civicspace.web.public.feeds import router as feeds_router
from civicspace.web.public.forms import filters_from_query
from civicspace.web.public.palette import palette
from civicspace.web.public.render import page, twin_url

router = APIRouter(include_in_schema=False)
router.include_router(feeds_router)
PAGE_SIZE = 25


def _json(data: Any, model: type[BaseModel]) -> JSONResponse:
    """The JSON twin, shaped by the API's response model (the same bytes as the API)."""
    return JSONResponse(model.model_validate(data).model_dump(mode="json"))


@router.get("/index.json")
def home_json(request: Request, db: Session = Depends(get_db)) -> Response:
    return _json(home_data(db, request), Home)


@router.get("/")
def home(request: Request, db: Session = Depends(get_db)) -> Response:
    data = home_data(db, request)
    has_ratings = any(c["rating"] for c in data["countries"])
    lang, _remember = i18n.negotiate(request)
    name = i18n.context(lang)["country"]
    assert callable(name)
    return page(
        request,
        "public/home.html",
        {
            **data,
            "palette": palette(),
            "mode": "band" if has_ratings else "count",
            "has_ratings": has_ratings,
            "codebook": load_codebook(),
            "names": {c["code"]: name(c["code"]) for c in data["countries"]},
        },
        twin="/index.json",
    )


def _search(request: Request, db: Session) -> dict[str, Any]:
    filters = filters_from_query(request.query_params)
    sort = request.query_params.get("sort") or None
    cursor = request.query_params.get("cursor")
    result = query.list_incidents(db, filters, sort=sort, limit=PAGE_SIZE, cursor=cursor)
    total = totals.for_page(db, filters, result, first=not cursor)
    return {
        "filters": filters,
        "sort": sort,
        "items": [with_url(i, request) for i in result.items],
        "next_cursor": result.next_cursor,
        "next": next_link(request, result.next_cursor),
        "total": total.total,
        "total_exact": total.exact,
    }


@router.get("/incidents.json")
def incidents_json(request: Request, db: Session = Depends(get_db)) -> Response:
    data = _search(request, db)
    return _json(data, IncidentPage)


@router.get("/incidents")
def incidents(request: Request, db: Session = Depends(get_db)) -> Response:
    data = _search(request, db)
    params = data["filters"].params()
    return page(
        request,
        "public/incidents.html",
        {
            **data,
            "params": params,
            "codebook": load_codebook(),
            "countries": aggregates.countries(db),
            "export_query": urlencode(params),
        },
        twin=twin_url(request, "/incidents.json"),
    )


def _incident_id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 18:
        raise NotFound(f"no published incident {raw}")
    return int(raw)


@router.get("/incidents/{incident_id}.json")
def incident_json(incident_id: str, request: Request, db: Session = Depends(get_db)) -> Response:
    return _json(with_url(query.get_incident(db, _incident_id(incident_id)), request), Incident)


@router.get("/incidents/{incident_id}")
def incident(incident_id: str, request: Request, db: Session = Depends(get_db)) -> Response:
    item = with_url(query.get_incident(db, _incident_id(incident_id)), request)
    themes = themes_for_incident(db, item["violations"], item["targets"], item["country"])
    return page(
        request,
        "public/incident.html",
        {"item": item, "codebook": load_codebook(), "listen_themes": themes},
        twin=f"/incidents/{item['id']}.json",
    )


@router.get("/countries/{code}.json")
def country_json(code: str, request: Request, db: Session = Depends(get_db)) -> Response:
    return _json(country_detail(db, code, request), CountryDetail)


@router.get("/countries/{code}/charts/{name}.{ext}")
def country_chart(
    code: str, name: str, ext: str, request: Request, db: Session = Depends(get_db)
) -> Response:
    if name not in CHART_NAMES or ext not in ("svg", "csv"):
        raise NotFound(f"no chart {name}.{ext}")
    code = parse_code(code)
    lang, _remember = i18n.negotiate(request)
    chart = country_charts(aggregates.country_profile(db, code), i18n.translations(lang).gettext)[
        name
    ]
    filename = f"civicspace-{code}-{name}.{ext}"
    headers = {"Content-Disposition": f'inline; filename="{filename}"'}
    if ext == "csv":
        return Response(chart.csv(), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(chart.svg(), media_type="image/svg+xml", headers=headers)


@router.get("/countries/{code}")
def country(code: str, request: Request, db: Session = Depends(get_db)) -> Response:
    data = country_detail(db, code, request)
    lang, _remember = i18n.negotiate(request)
    charts = country_charts(data, i18n.translations(lang).gettext)
    return page(
        request,
        "public/country.html",
        {"data": data, "charts": charts, "palette": palette(), "codebook": load_codebook()},
        twin=f"/countries/{data['country']}.json",
    )
