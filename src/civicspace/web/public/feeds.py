"""Atom feeds: all published incidents, per country, per violation, per target group."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from civicspace.codebook import load_codebook
from civicspace.countries import country_name, parse_code
from civicspace.errors import NotFound
from civicspace.publish import query
from civicspace.publish.feeds import atom_feed
from civicspace.publish.filters import Filters
from civicspace.web.deps import get_db, site_base

router = APIRouter(prefix="/feeds", include_in_schema=False)
ENTRIES = 50
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _feed(request: Request, db: Session, filters: Filters, title: str, alternate: str) -> Response:
    base = site_base(request)
    items = query.list_incidents(db, filters, limit=ENTRIES).items
    body = atom_feed(
        title=title,
        self_url=f"{base}{request.url.path}",
        alternate_url=f"{base}{alternate}",
        base_url=base,
        items=items,
    )
    return Response(body, media_type=ATOM_TYPE)


@router.get("/incidents.atom")
def all_incidents(request: Request, db: Session = Depends(get_db)) -> Response:
    return _feed(request, db, Filters(), "civicspace: published incidents", "/incidents")


@router.get("/countries/{code}.atom")
def per_country(code: str, request: Request, db: Session = Depends(get_db)) -> Response:
    code = parse_code(code)
    title = f"civicspace: incidents in {country_name(code)}"
    return _feed(request, db, Filters(countries=(code,)), title, f"/countries/{code}")


def _term(kind: str, ident: str) -> str:
    for term in getattr(load_codebook(), kind):
        if term.id == ident and not term.retired:
            return str(term.label)
    raise NotFound(f"no {kind} {ident!r} in the codebook")


@router.get("/violations/{ident}.atom")
def per_violation(ident: str, request: Request, db: Session = Depends(get_db)) -> Response:
    title = f"civicspace: {_term('violations', ident)}"
    return _feed(request, db, Filters(violations=(ident,)), title, f"/incidents?violation={ident}")


@router.get("/targets/{ident}.atom")
def per_target(ident: str, request: Request, db: Session = Depends(get_db)) -> Response:
    title = f"civicspace: incidents against {_term('targets', ident).lower()}"
    return _feed(request, db, Filters(targets=(ident,)), title, f"/incidents?target={ident}")
