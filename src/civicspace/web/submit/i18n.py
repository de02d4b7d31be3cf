"""Languages of the submission pages: English, French, Spanish and Arabic (right to left).

Strings live in their own gettext catalogue, ``web/locales/<lang>/LC_MESSAGES/submit.po``
(extracted with ``web/locales/babel-submit.cfg``), compiled in memory with babel on first use.
The language comes from ``?lang=`` (or the form's ``lang`` field), else the ``lang`` cookie of the
public site, else ``Accept-Language``, else English. No cookie is set for it.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fastapi import Request

from civicspace.countries import country_name
from civicspace.web.public.i18n import LOCALE_DIR, direction

LANGS = ("en", "fr", "es", "ar")
NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}
DEFAULT = "en"


@lru_cache(maxsize=len(LANGS))
def translations(lang: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "submit.po"
    if lang == DEFAULT or not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def pick(asked: str | None) -> str | None:
    code = (asked or "").strip().lower()[:2]
    return code if code in LANGS else None


def negotiate(request: Request, field: str | None = None) -> str:
    """The page's language: the form field, ``?lang=``, the cookie, ``Accept-Language``."""
    for asked in (field, request.query_params.get("lang"), request.cookies.get("lang")):
        if pick(asked):
            return str(pick(asked))
    ranked = []
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            ranked.append((float(q) if q else 1.0, tag))
        except ValueError:
            continue
    for _weight, tag in sorted(ranked, key=lambda x: -x[0]):
        if pick(tag):
            return str(pick(tag))
    return DEFAULT


def context(lang: str) -> dict[str, Callable[..., Any] | str]:
    """``_``, ``lang``, ``text_dir`` (what base.html puts in ``dir``) and ``country``."""
    tr = translations(lang)

    def _(message: str, **values: Any) -> str:
        text = tr.gettext(message)
        return text % values if values else text

    def country(code: str | None) -> str:
        return country_name(code, lang)

    return {"_": _, "lang": lang, "text_dir": direction(lang), "country": country}
