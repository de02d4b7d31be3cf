"""The desk's reading of a stored pair judgement: typed, tolerant of older or damaged rows."""

from __future__ import annotations

from civicspace.review.highlights import segments
from civicspace.review.pair import pair_evidence, pair_view

TEXT = "Police arrested three journalists. They were freed on Monday."


def test_pair_view_reads_and_highlights() -> None:
    view = pair_view(
        {
            "act": {"id": "arrest_detention", "quote": "Police arrested three journalists.",
                    "field": "text", "start": 0, "end": 34},
            "target": {"id": "journalists", "quote": "They were freed on Monday.",
                       "field": "text", "start": 35, "end": 61},
            "p": 0.62,
        }
    )  # fmt: skip
    assert view is not None and view.reading == "likely" and view.target is not None
    marked = [s for s in segments(TEXT, "text", pair_evidence(view)) if s.keys]
    assert [(s.text, s.keys) for s in marked] == [
        ("Police arrested three journalists.", ("pair:act",)),
        ("They were freed on Monday.", ("pair:target",)),
    ]
    low = pair_view({"act": {"id": "arrest_detention", "quote": "x"}, "target": None, "p": 0.49})
    assert low is not None and low.reading == "check" and low.target is None
    assert list(pair_evidence(low)) == ["pair:act"]


def test_no_pair_or_a_damaged_one() -> None:
    assert pair_view(None) is None
    assert pair_view({"act": None, "target": None, "p": 0.9}) is None
    assert pair_view({"act": {"id": "killing", "quote": "q"}, "p": "high"}) is None
    clipped = pair_view({"act": {"id": "killing", "quote": "q", "start": "?"}, "p": 7})
    assert clipped is not None and clipped.p == 1.0 and clipped.act.start == 0
    assert pair_evidence(None) == {}
