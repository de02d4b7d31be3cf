"""When the incident happened, resolved against the publication date.

Date expressions are found with cheap patterns (weekdays, "3 May", "yesterday", "last month",
"el martes", "hier", "어제" …) in candidate sentences only — the sentences that support the
incident first — and each is parsed with dateparser, ``RELATIVE_BASE`` set to the publication
date and ``PREFER_DATES_FROM='past'``. A date after publication or more than two years before
it is rejected. Without a date expression the event date stays unknown (``None``): the
publication date is not a substitute the coder pretends to know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

# the English months and weekdays, capitalised in text: no place and no person's name
# (``place_names.STOP_NAMES``, ``persons``)
CALENDAR_WORDS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|"
    "diciembre|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
    "décembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro|"
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
    "ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|eylül|ekim|kasım|aralık"
)
_DAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miércoles|jueves|"
    "viernes|sábado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    "segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|"
    "понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье|"
    "pazartesi|salı|çarşamba|perşembe|cuma|cumartesi|pazar"
)
_RELATIVE = (
    r"yesterday|last (?:night|week|month|year|weekend)|earlier this (?:week|month|year)|"
    r"(?:\d+|two|three|four|five|six|seven|ten) (?:days|weeks|months) ago|"
    r"ayer|anoche|anteayer|la semana pasada|el mes pasado|el año pasado|"
    r"hier|avant-hier|la semaine dernière|le mois dernier|l'an dernier|"
    r"ontem|anteontem|na semana passada|no mês passado|"
    r"вчера|позавчера|на прошлой неделе|в прошлом месяце|"
    r"dün|geçen hafta|geçen ay|"
    r"어제|그제|지난주|지난달|지난해"
)
_PATTERN = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|"
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?: of| de)? (?:{_MONTHS})\.?(?:,? (?:de )?\d{{4}})?\b|"
    rf"\b(?:{_MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?\b|"
    rf"(?:\b(?:on|last|this|el|le|na|no|в|во)\s+)?\b(?:{_DAYS})\b|"
    rf"\b(?:{_RELATIVE})\b|"
    rf"\d{{1,2}}월 \d{{1,2}}일|\d{{1,2}}일|\d{{4}}년 \d{{1,2}}월",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:on|el|le|na|no|в|во)\s+", re.IGNORECASE)
_DATEPARSER_LANGS = {"en", "es", "fr", "pt", "ru", "tr", "ko", "ar"}


@lru_cache(maxsize=1)
def _parse_fn():  # type: ignore[no-untyped-def]
    import dateparser

    return dateparser.parse


def find_expressions(sentence: str) -> list[tuple[int, int]]:
    """Spans of date expressions in a sentence."""
    return [(m.start(), m.end()) for m in _PATTERN.finditer(sentence)]


def parse_expression(expr: str, published: date, lang: str | None) -> date | None:
    """One date expression, resolved against ``published``; ``None`` when implausible."""
    expr = _LEADING.sub("", expr.strip())
    base = datetime(published.year, published.month, published.day, 12, 0)
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
    }
    langs = [lang] if lang in _DATEPARSER_LANGS else None
    try:
        parsed = _parse_fn()(expr, languages=langs, settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None:
        return None
    d: date = parsed.date()
    if d > published + timedelta(days=1) or d < published - timedelta(days=730):
        return None
    return d


def resolve_event_date(
    sentences: Iterable[str], published: date | None, lang: str | None
) -> tuple[date | None, int | None, tuple[int, int] | None]:
    """(event date, index of the sentence it came from, span in that sentence).

    ``sentences`` are tried in order: put the incident's evidence first.
    """
    if published is None:
        published = date.today()
    for i, sentence in enumerate(sentences):
        for start, end in find_expressions(sentence):
            d = parse_expression(sentence[start:end], published, lang)
            if d is not None:
                return d, i, (start, end)
    return None, None, None
