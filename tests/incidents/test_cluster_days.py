"""Two reports of one event meet by publication day when the coder dates one by another event."""

from __future__ import annotations

from datetime import date

from civicspace.incidents.cluster import Clusterer, day_gap
from civicspace.incidents.features import document_features

TITLE = "Hong Kong police arrest five speech therapists over children's books"
TEXT = (
    "Hong Kong police arrested five members of the General Union of Hong Kong Speech "
    "Therapists on sedition charges over picture books about sheep and wolves."
)


def _doc(n: int, day: date, published: date) -> object:
    return document_features(n, title=TITLE, text=TEXT, country="HK", day=day, published=published)


def test_a_report_dated_by_a_background_event_joins_its_event() -> None:
    first = _doc(1, date(2021, 7, 22), date(2021, 7, 22))
    # the coder took the date of an earlier event named in the second report
    second = _doc(2, date(2020, 6, 30), date(2021, 7, 23))
    assert day_gap(first, second) == 1  # type: ignore[arg-type]
    clusterer = Clusterer()
    a = clusterer.assign(first)  # type: ignore[arg-type]
    b = clusterer.assign(second)  # type: ignore[arg-type]
    assert not b.opened and b.cluster is a.cluster
    # published a month later, the same words do not make it the same event
    third = _doc(3, date(2021, 8, 30), date(2021, 8, 30))
    assert clusterer.assign(third).opened  # type: ignore[arg-type]
