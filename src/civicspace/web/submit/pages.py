"""Rendering the submission pages: language, form token and its cookie (the ``cs_form`` cookie of
:mod:`civicspace.web.anonymous`), no-store, the form."""

from __future__ import annotations

import unicodedata
from typing import Any

import pycountry
from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.errors import NotFound
from civicspace.protect.receipts import KDF_COSTS
from civicspace.protect.submissions import MAX_FILES, Intake
from civicspace.settings import Settings
from civicspace.store.campaigns import Campaign
from civicspace.store.submissions import CONSENTS
from civicspace.web.anonymous import SUBMIT, form_token
from civicspace.web.submit import i18n
from civicspace.web.templating import templates

FORM_FIELD = "form_token"  # the hidden field of the form token (civicspace.web.anonymous)
NO_STORE = {"Cache-Control": "no-store, max-age=0", "Pragma": "no-cache", "X-Robots-Tag": "noindex"}


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def intake_of(request: Request) -> Intake | None:
    settings = settings_of(request)
    try:
        return Intake.open(
            settings.protect_dir, KDF_COSTS[settings.protect_kdf], settings.submit_max_bytes
        )
    except NotFound:
        return None


def human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def render(
    request: Request,
    template: str,
    lang: str,
    data: dict[str, Any],
    status: int = 200,
    *,
    no_store: bool = False,
) -> Response:
    """A submit page in ``lang``, with a form token (and its cookie, set when missing)."""
    cookie, new = SUBMIT.ensure(request)
    path = request.url.path
    links = [
        {"code": c, "name": n, "url": None if c == lang else f"{path}?lang={c}"}
        for c, n in i18n.NAMES.items()
    ]
    context = {
        **i18n.context(lang),
        "form_token": form_token(request, SUBMIT, cookie),
        "token_field": FORM_FIELD,
        "lang_links": links,
        "max_size": human_size(settings_of(request).submit_max_bytes),
        "max_files": MAX_FILES,
        **data,
    }
    headers = {"Content-Language": lang, "Vary": "Accept-Language, Cookie"}
    if no_store:
        headers.update(NO_STORE)
    response = templates.TemplateResponse(
        request, template, context, status_code=status, headers=headers
    )
    if new:
        SUBMIT.remember(request, response, cookie)
    return response


def closed(request: Request, lang: str) -> Response:
    return render(request, "submit/closed.html", lang, {}, 503)


def campaign_by_slug(request: Request, slug: str) -> Campaign:
    with Session(request.app.state.engine) as session:
        found = session.scalar(select(Campaign).where(Campaign.slug == slug))
    if found is None:
        raise NotFound(f"no campaign {slug}")
    return found


def form_page(
    request: Request,
    lang: str,
    *,
    country: str | None = None,
    campaign: Campaign | None = None,
    values: dict[str, str] | None = None,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> Response:
    if intake_of(request) is None:
        return closed(request, lang)
    name = i18n.context(lang)["country"]
    assert callable(name)
    countries = sorted(((code, name(code)) for code in _country_codes()), key=_sort_key)
    return render(
        request,
        "submit/form.html",
        lang,
        {
            "fixed_country": country,
            "campaign": campaign,
            "countries": countries,
            "values": values or {"consent": "nothing"},
            "errors": errors or [],
            "consents": CONSENTS,
        },
        status,
        no_store=bool(values),
    )


def _sort_key(pair: tuple[str, str]) -> str:
    """Names in alphabetical order whatever their accents (Égypte among the E)."""
    decomposed = unicodedata.normalize("NFKD", pair[1])
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _country_codes() -> list[str]:
    return [str(c.alpha_2) for c in pycountry.countries]
