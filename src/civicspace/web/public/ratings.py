"""Public pages of the ratings: bands, methodology, watchlist, a country's score explained.

Each page has a JSON twin at the same URL with ``.json`` (the same data as the API).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from civicspace.codebook import load_codebook
from civicspace.ratings.method import load_method, load_methods
from civicspace.settings import Settings
from civicspace.web.api.ratings import (
    country_code,
    current_ratings,
    explained,
    history,
    last_decision,
    methodology_doc,
    watchlist_rows,
)
from civicspace.web.deps import get_db, get_settings_dep
from civicspace.web.public import i18n
from civicspace.web.public.palette import BANDS, CHANGES, NO_DATA
from civicspace.web.public.rating_trend import trend_svg
from civicspace.web.public.ratings_list import SORTS, labels, listing
from civicspace.web.public.render import page

router = APIRouter(include_in_schema=False)


def _page(request: Request, name: str, data: Any, twin: str, **extra: Any) -> Response:
    """A ratings page in the visitor's language, with the site's navigation."""
    return page(request, f"ratings/{name}", {"data": data, **extra}, twin=twin)


def _methods() -> dict[str, Any]:
    return {
        "latest": load_method().version,
        "versions": [methodology_doc(m) for _, m in sorted(load_methods().items(), reverse=True)],
    }


@router.get("/ratings.json")
def ratings_json(
    db: Session = Depends(get_db), settings: Settings = Depends(get_settings_dep)
) -> JSONResponse:
    return JSONResponse(current_ratings(db, settings))


@router.get("/ratings")
def ratings_page(
    request: Request,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    lang, _remember = i18n.negotiate(request)
    sort = request.query_params.get("sort", "name")
    rows = listing(db, settings, lang, sort if sort in SORTS else "name")
    keep = ("country", "numeric", "name", "band", "band_label", "change", "change_label")
    map_data = {
        "countries": [{k: r[k] for k in keep} for r in rows],
        "bands": BANDS,
        "changes": CHANGES,
        "no_data": NO_DATA,
    }
    return _page(
        request,
        "index.html",
        rows,
        "/ratings.json",
        map_data=map_data,
        bands=load_method().bands,
        scores=settings.publish_scores,
        lang=lang,
        t=labels(lang),
        sort=sort,
    )


@router.get("/ratings/methodology.json")
def methodology_json() -> JSONResponse:
    return JSONResponse(_methods())


@router.get("/ratings/methodology")
def methodology_page(request: Request) -> Response:
    labels = {v.id: v.label for v in load_codebook().violations}
    return _page(
        request, "methodology.html", _methods(), "/ratings/methodology.json", labels=labels
    )


@router.get("/ratings/watchlist.json")
def watchlist_json(db: Session = Depends(get_db)) -> JSONResponse:
    return JSONResponse(watchlist_rows(db))


@router.get("/ratings/watchlist")
def watchlist_page(request: Request, db: Session = Depends(get_db)) -> Response:
    return _page(request, "watchlist.html", watchlist_rows(db), "/ratings/watchlist.json")


def _country(db: Session, settings: Settings, country: str) -> dict[str, Any]:
    code = country_code(country)
    return {
        **explained(db, settings, code),
        "history": history(db, settings, code),
        "panel_decision": last_decision(db, code),
    }


@router.get("/ratings/{country}.json")
def country_json(
    country: str, db: Session = Depends(get_db), settings: Settings = Depends(get_settings_dep)
) -> JSONResponse:
    return JSONResponse(_country(db, settings, country))


@router.get("/ratings/{country}")
def country_page(
    request: Request,
    country: str,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    data = _country(db, settings, country)
    decision = data["panel_decision"]
    lang, _remember = i18n.negotiate(request)
    gettext = i18n.translations(lang).gettext
    bands = {b.id: gettext(b.label) for b in load_codebook().bands}
    return _page(
        request,
        "country.html",
        data,
        f"/ratings/{data['country']}.json",
        scores=settings.publish_scores,
        codebook=load_codebook(),
        band_labels=bands,
        trend=trend_svg(data["history"], bands, gettext),
        as_of=date.fromisoformat(data["as_of"]),
        decided=datetime.fromisoformat(decision["decided_at"]) if decision else None,
    )
