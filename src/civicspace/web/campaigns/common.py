"""What campaign pages share: the visitor's language (en, fr, es and Arabic, right to left),
the message variant to show, the supporter's time zone, and CSRF for forms without an account.

Public campaign forms have no login session, so they carry the signed token of forms without an
account (:mod:`civicspace.web.anonymous`, bound to the ``civicspace_campaign`` cookie):
:func:`page` sets both, :func:`check_form_token` checks the hidden ``csrf_token`` field and that
the request is same-origin. The account-connection routes (``connect.py``) check their forms
with the same function.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

from babel.dates import format_date, format_time
from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from civicspace.campaigns.model import zone
from civicspace.errors import InvalidInput
from civicspace.store.campaigns import Campaign
from civicspace.web.anonymous import CAMPAIGN, check_form, form_token
from civicspace.web.public import i18n
from civicspace.web.public.render import YEAR
from civicspace.web.templating import templates

LOCALES = ("en", "fr", "es", "ar")
LANG_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}
CSRF_FIELD = "csrf_token"
NO_STORE = {"Cache-Control": "no-store"}


def _relative(url: Any) -> str:
    """Path and query only: a link never repeats the Host header the client sent."""
    return f"{url.path}?{url.query}" if url.query else str(url.path)


def check_form_token(request: Request, submitted: str) -> None:
    """Same origin, and the hidden field signed for this browser's campaign cookie;
    :class:`~civicspace.accounts.roles.Forbidden` otherwise."""
    check_form(request, CAMPAIGN, submitted)


def to_private_link(slug: str, secret: str) -> RedirectResponse:
    """Where a pledge made on the site lands: its private link, shown whole once (``?new=1``).

    The account-connection flows end with ``pledge_with_link(...)`` and this redirect."""
    return RedirectResponse(
        f"/campaigns/{slug}/pledges/{secret}?new=1",
        status_code=303,
        headers={**NO_STORE, "Referrer-Policy": "no-referrer"},
    )


def variant_language(request: Request, campaign: Campaign, lang: str) -> str:
    """The message variant to show: ``?msg=``, else the page's language, else English, else
    the first the campaign has."""
    asked = request.query_params.get("msg", "")
    for choice in (asked, lang, "en"):
        if choice in campaign.messages:
            return choice
    return sorted(campaign.messages)[0]


def spoken(instant: datetime, zone_name: str, lang: str) -> str:
    """``instant`` in ``zone_name`` as the visitor's language writes it (vendredi 19 mars 2027
    08:00)."""
    tz = zone(zone_name)
    local = instant.astimezone(tz)
    day = format_date(local, "full", locale=lang)
    return f"{day} {format_time(local, 'short', tzinfo=tz, locale=lang)}"


def zone_choice(request: Request) -> tuple[str | None, str]:
    """The supporter's chosen zone (``?zone=``) and an error when it is not an IANA name."""
    asked = (request.query_params.get("zone") or "").strip()
    if not asked:
        return None, ""
    try:
        zone(asked)
    except InvalidInput as exc:
        return None, str(exc)
    return asked, ""


@lru_cache(maxsize=1)
def zones() -> tuple[str, ...]:
    """The IANA zones of the picker (read from the system's tz database once)."""
    return tuple(sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/")))


def page(
    request: Request,
    template: str,
    data: dict[str, Any],
    status_code: int = 200,
    cache: bool = False,
) -> Response:
    """A public campaign page in the visitor's language, with its form token set."""
    lang, remember = i18n.negotiate(request, LOCALES)
    links = [
        {
            "code": code,
            "name": name,
            "url": _relative(request.url.include_query_params(lang=code)) if code != lang else None,
        }
        for code, name in LANG_NAMES.items()
    ]
    browser, new = CAMPAIGN.ensure(request)
    context = {
        **i18n.context(lang),
        **data,
        "lang_links": links,
        "text_dir": i18n.direction(lang),
        "csrf": form_token(request, CAMPAIGN, browser),
        "csrf_field": CSRF_FIELD,
    }
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language, Cookie"
    if not cache:
        response.headers["Cache-Control"] = "no-store"
    if new:
        CAMPAIGN.remember(request, response, browser)
    if remember:
        response.set_cookie(i18n.COOKIE, lang, max_age=YEAR, samesite="lax", httponly=True)
    return response
