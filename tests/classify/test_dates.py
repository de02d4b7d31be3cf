"""Event dates resolved against the publication date, in several languages."""

from __future__ import annotations

from datetime import date

import pytest

from civicspace.classify.dates import resolve_event_date

PUBLISHED = date(2024, 5, 9)  # a Thursday


@pytest.mark.parametrize(
    ("sentence", "lang", "expected"),
    [
        ("Police dispersed the march on Tuesday.", "en", date(2024, 5, 7)),
        ("The activist was arrested yesterday.", "en", date(2024, 5, 8)),
        ("On 3 May 2024, journalists were attacked.", "en", date(2024, 5, 3)),
        ("La marcha fue reprimida el martes.", "es", date(2024, 5, 7)),
        ("Fue detenido ayer en la plaza.", "es", date(2024, 5, 8)),
        ("Les manifestants ont été dispersés hier.", "fr", date(2024, 5, 8)),
    ],
)
def test_relative_and_absolute_dates(sentence: str, lang: str, expected: date) -> None:
    when, idx, _span = resolve_event_date([sentence], PUBLISHED, lang)
    assert when == expected
    assert idx == 0


def test_future_dates_are_rejected_and_order_matters() -> None:
    when, idx, _ = resolve_event_date(
        ["The trial opens on 3 June 2025.", "He was detained on 1 May 2024."], PUBLISHED, "en"
    )
    assert (when, idx) == (date(2024, 5, 1), 1)


def test_no_expression_no_date() -> None:
    assert resolve_event_date(["Police arrested protesters."], PUBLISHED, "en")[0] is None
