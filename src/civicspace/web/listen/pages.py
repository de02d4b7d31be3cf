"""The listen area's public pages (events, members): the site's
:func:`~civicspace.web.public.render.page` (language, JSON twin, language links) plus the
writing direction of the page's language."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from civicspace.web.public import i18n
from civicspace.web.public.render import page


def listen_page(
    request: Request, template: str, data: dict[str, Any], *, twin: str | None = None
) -> Response:
    lang, _remember = i18n.negotiate(request)
    return page(request, template, {"text_dir": i18n.direction(lang), **data}, twin=twin)
