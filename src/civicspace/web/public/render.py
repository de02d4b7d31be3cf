"""Rendering public pages: the visitor's language, the JSON twin link, the language links."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import URL

from civicspace.web.public import i18n
from civicspace.web.templating import templates

YEAR = 365 * 24 * 3600
LANG_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


def page(
    request: Request, template: str, data: dict[str, Any], *, twin: str | None = None
) -> Response:
    """Render ``template`` in the visitor's language; ``twin`` is the page's JSON URL."""
    lang, remember = i18n.negotiate(request)
    links = [
        {
            "code": code,
            "name": name,
            "url": _relative(
                request.url.include_query_params(lang=code).remove_query_params("cursor")
            )
            if code != lang
            else None,
        }
        for code, name in LANG_NAMES.items()
    ]
    context = {**i18n.context(lang), **data, "lang_links": links, "twin": twin}
    response = templates.TemplateResponse(request, template, context)
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language, Cookie"
    if remember:
        response.set_cookie(i18n.COOKIE, lang, max_age=YEAR, samesite="lax", httponly=True)
    return response


def _relative(url: URL) -> str:
    """Path and query only: a link never repeats the Host header the client sent."""
    return f"{url.path}?{url.query}" if url.query else url.path


def twin_url(request: Request, path: str) -> str:
    query = request.url.remove_query_params("lang").query
    return f"{path}?{query}" if query else path
