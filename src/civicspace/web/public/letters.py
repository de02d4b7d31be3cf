"""``/letters``: a supporter's letter or poster to a government, made on request (GET only,
nothing stored, no JavaScript needed). The page speaks the letter's language (en, fr, es, ar
right to left, ko); ``/letters.json`` is its twin; ``/letters/make`` hands back the PDF or PNG.
"""

from __future__ import annotations

from typing import Any

import pycountry
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from civicspace.countries import country_name
from civicspace.errors import ConfigError, InvalidInput
from civicspace.letters import LANGUAGES, Format, LetterRequest, make
from civicspace.letters.address import forms, mission_type, page_labels
from civicspace.letters.make import directory
from civicspace.letters.model import MAX_NAME, MAX_WORDS, MINISTRIES, Recipient
from civicspace.settings import Settings
from civicspace.web.deps import get_settings_dep
from civicspace.web.public import i18n
from civicspace.web.public.render import page

router = APIRouter(include_in_schema=False)
FIELDS = (
    "kind", "lang", "paper", "recipient", "country", "ministry", "host", "mission", "words",
    "name", "hashtag",
)  # fmt: skip


def _language(request: Request) -> str:
    asked = (request.query_params.get("lang") or "").lower()
    return asked if asked in LANGUAGES else i18n.negotiate(request)[0]


def _asked(request: Request) -> dict[str, str]:
    """The query's known fields, cut to bounds before any parsing (the model checks them)."""
    limits = {"words": MAX_WORDS + 1, "name": MAX_NAME + 1}
    return {
        k: v[: limits.get(k, 64)] for k in FIELDS if (v := request.query_params.get(k)) is not None
    }


def _request(request: Request) -> LetterRequest:
    fields: dict[str, Any] = {k: v for k, v in _asked(request).items() if v != ""}
    fields.setdefault("lang", _language(request))
    try:
        return LetterRequest.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "request"
        raise InvalidInput(f"{where}: {first['msg'].removeprefix('Value error, ')}") from None


def _missions(settings: Settings, lang: str, country: str, host: str) -> list[dict[str, str]]:
    try:
        found = directory(settings).between(country, host)
    except ConfigError:
        return []
    return [
        {"id": m.qid, "label": f"{mission_type(lang, m.type)} — {m.city or m.host}"} for m in found
    ]


def _options(request: Request, settings: Settings, lang: str) -> dict[str, Any]:
    asked = _asked(request)
    country, host = asked.get("country", "").upper(), asked.get("host", "").upper()
    missions = (
        _missions(settings, lang, country, host)
        if asked.get("recipient") == Recipient.mission.value and country and host
        else None
    )
    block = forms()[lang]
    return {
        "languages": {code: forms()[code]["name"] for code in LANGUAGES},
        "kinds": ["poster", "letter"],
        "papers": ["a4", "letter"],
        "recipients": [r.value for r in Recipient],
        "ministries": {m: block["ministers"][m] for m in MINISTRIES},
        "missions": missions,
        "max_words": MAX_WORDS,
        "max_name": MAX_NAME,
    }


def _countries(lang: str) -> list[tuple[str, str]]:
    codes = [str(c.alpha_2) for c in pycountry.countries]
    return sorted(((c, country_name(c, lang)) for c in codes), key=lambda x: x[1].casefold())


@router.get("/letters.json")
def letters_json(request: Request, settings: Settings = Depends(get_settings_dep)) -> Response:
    return JSONResponse(_options(request, settings, _language(request)))


@router.get("/letters")
def letters_page(request: Request, settings: Settings = Depends(get_settings_dep)) -> Response:
    lang = _language(request)
    data = {
        "letter_lang": lang,
        "dir": forms()[lang]["dir"],
        "t": page_labels(lang),
        "recipient_names": forms()[lang]["recipients"],
        "asked": _asked(request),
        "countries": _countries(lang),
        **_options(request, settings, lang),
    }
    return page(request, "public/letters.html", data, twin="/letters.json")


@router.get("/letters/make")
def letters_make(request: Request, settings: Settings = Depends(get_settings_dep)) -> Response:
    fmt = (request.query_params.get("format") or "pdf").lower()
    if fmt not in ("pdf", "png"):
        raise InvalidInput("format must be pdf or png")
    made = make(_request(request), Format(fmt), settings)
    return Response(
        made.content,
        media_type=made.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{made.filename}"',
            "Cache-Control": "no-store",
        },
    )
