"""The visitor's language: ``?lang=`` (remembered in a ``lang`` cookie), else the cookie, else
``Accept-Language``, else English. Catalogues are gettext ``.po`` files under ``web/locales``,
compiled in memory with babel on first use (no ``.mo`` files to keep in step).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from fastapi import Request

LOCALES = ("en", "fr", "es")
DEFAULT = "en"
RTL = frozenset({"ar", "fa", "he", "ur", "ps", "dv", "yi", "ckb"})  # written right to left
COOKIE = "lang"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locales"


def direction(lang: str | None) -> str:
    """The writing direction of a language tag (``ar``, ``fa-IR``, ``ckb``): rtl or ltr."""
    base = (lang or "").replace("_", "-").split("-")[0].lower()
    return "rtl" if base in RTL else "ltr"


@lru_cache(maxsize=8)
def translations(lang: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == DEFAULT or not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def _accept_language(header: str, locales: tuple[str, ...] = LOCALES) -> str | None:
    ranked = []
    for part in header.split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        ranked.append((weight, tag.strip().lower()[:2]))
    for _weight, tag in sorted(ranked, key=lambda x: -x[0]):
        if tag in locales:
            return tag
    return None


def negotiate(request: Request, locales: tuple[str, ...] = LOCALES) -> tuple[str, bool]:
    """(language, whether to remember it in the cookie); ``locales``: those the page has
    (campaign pages add Arabic)."""
    asked = (request.query_params.get("lang") or "").lower()
    if asked in locales:
        return asked, request.cookies.get(COOKIE) != asked
    cookie = request.cookies.get(COOKIE, "")
    if cookie in locales:
        return cookie, False
    accepted = _accept_language(request.headers.get("accept-language", ""), locales)
    return accepted or DEFAULT, False


def context(lang: str) -> dict[str, Callable[..., Any] | str]:
    """Template helpers for ``lang``: ``_``, ``ngettext``, ``fdate``, ``fnum``, ``country``."""
    tr = translations(lang)
    territories = Locale.parse(lang).territories

    def fdate(value: date | datetime | None, fmt: str = "medium") -> str:
        if value is None:
            return ""
        return format_date(value, format=fmt, locale=lang)

    def fnum(value: float) -> str:
        return str(format_decimal(value, locale=lang))

    def country(code: str | None) -> str:
        return str(territories.get(code, code or "")) if code else ""

    def _(message: str, **values: Any) -> str:
        text = tr.gettext(message)
        return text % values if values else text

    return {
        "lang": lang,
        "_": _,
        "ngettext": tr.ngettext,
        "fdate": fdate,
        "fnum": fnum,
        "country": country,
    }
