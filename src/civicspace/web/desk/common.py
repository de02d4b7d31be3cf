"""What every desk page shares: rendering with the user and CSRF token, redirects, no caching."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from civicspace.accounts.roles import can, has_right
from civicspace.codebook import load_codebook
from civicspace.review.highlights import key_label
from civicspace.web.auth import CSRF_FIELD, csrf_token, current_user
from civicspace.web.public import i18n
from civicspace.web.templating import templates

NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def term_labels() -> dict[str, dict[str, str]]:
    book = load_codebook()
    return {
        kind: {t.id: t.label for t in getattr(book, kind)}
        for kind in ("freedoms", "violations", "targets", "perpetrators", "verification")
    }


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A desk page; every template sees ``user``, ``csrf``, ``can``, the codebook and ``_``
    (gettext in the reader's language: ``?lang=``, the ``lang`` cookie, ``Accept-Language``)."""
    user = current_user(request)
    lang, _remember = i18n.negotiate(request)
    ctx = {
        "user": user,
        "csrf": csrf_token(request),
        "csrf_field": CSRF_FIELD,
        "can": lambda action: can(user, action),
        "has_right": lambda right: has_right(user, right),
        "codebook": load_codebook(),
        "labels": term_labels(),
        "key_label": key_label,
        "_": i18n.context(lang)["_"],
        **context,
    }
    return templates.TemplateResponse(request, name, ctx, status_code=status_code, headers=NO_STORE)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=NO_STORE)


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def json_response(data: Any, status_code: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status_code, headers=NO_STORE)
