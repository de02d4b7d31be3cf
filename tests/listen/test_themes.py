"""The theme finder on a small committed synthetic corpus (tests/listen/fixtures)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from civicspace.listen.claims import split_claims
from civicspace.listen.jsonl import read_contributions
from civicspace.listen.records import Contribution
from civicspace.listen.themes import ThemeOptions, ThemeReport, find_themes

CORPUS = Path(__file__).parent / "fixtures" / "contributions.jsonl"
TOPICS = {
    "internet": {"c01", "c02", "c03", "c04", "c05"},
    "funding": {"c06", "c07", "c08", "c09"},
    "police": {"c11", "c12", "c13"},
    "training": {"c14", "c15", "c16"},
    "legal": {"c17", "c18", "c19"},
}


@pytest.fixture(scope="module")
def corpus() -> list[Contribution]:
    return read_contributions(CORPUS)


@pytest.fixture(scope="module")
def report(corpus: list[Contribution]) -> ThemeReport:
    return find_themes(corpus)


def test_claims_are_verbatim_spans() -> None:
    c = Contribution(
        "x", "Police beat us. We ran!  Ok. 我们走了。他们来了；真的 \nA new line here."
    )
    claims = split_claims(c)
    assert [cl.text for cl in claims] == [
        "Police beat us. We ran!  Ok.",
        "我们走了。",
        "他们来了；真的",
        "A new line here.",
    ]
    assert all(c.text[cl.start : cl.end] == cl.text for cl in claims)


def test_quotes_and_labels_are_verbatim(report: ThemeReport, corpus: list[Contribution]) -> None:
    text = {c.id: c.text for c in corpus}
    themes = report.themes + [s for t in report.themes for s in t.subthemes]
    assert themes
    for theme in themes:
        src = theme.label_quote
        assert theme.label == src.text == text[src.contribution_id][src.start : src.end]
        assert theme.quotes
        assert len({q.contribution_id for q in theme.quotes}) == len(theme.quotes)
        for q in theme.quotes:
            assert q.contribution_id in theme.items
            assert text[q.contribution_id][q.start : q.end] == q.text


def test_every_item_is_in_exactly_the_themes_it_supports(
    report: ThemeReport, corpus: list[Contribution]
) -> None:
    claim_owner: dict[tuple[str, int, int], str] = {}
    for theme in report.themes:
        for c in theme.claims:
            key = (c.contribution_id, c.start, c.end)
            assert key not in claim_owner, "a claim sits in two themes"
            claim_owner[key] = theme.id
        assert theme.items == sorted(
            {c.contribution_id for c in theme.claims}, key=[x.id for x in corpus].index
        )
        assert theme.count == len(theme.items) >= 2
    in_some = {i for t in report.themes for i in t.items}
    assert in_some.isdisjoint(report.unassigned)
    assert in_some | set(report.unassigned) == {c.id for c in corpus}


def test_answers_to_one_question_stay_together(
    report: ThemeReport, corpus: list[Contribution]
) -> None:
    question = {c.id: c.question for c in corpus}
    for theme in report.themes:
        assert {question[i] for i in theme.items} == {theme.question}
    assert {t.question for t in report.themes} == {
        "What threatens your work?",
        "What would help you most?",
    }
    assert all(t.id.startswith(("q1-", "q2-")) for t in report.themes)


def test_themes_follow_the_topics(report: ThemeReport) -> None:
    """Most single-topic contributions share a theme with most of their topic."""
    well_placed = 0
    for members in TOPICS.values():
        best = max(len(members & set(t.items)) for t in report.themes)
        well_placed += best >= len(members) - 1
    assert well_placed >= 4, [(t.label, t.items) for t in report.themes]


def test_counts_by_country(report: ThemeReport, corpus: list[Contribution]) -> None:
    country = {c.id: c.country for c in corpus}
    for theme in report.themes:
        assert theme.countries == dict(
            Counter(country[i] for i in theme.items if country[i]).most_common()
        )


def test_deterministic(corpus: list[Contribution], report: ThemeReport) -> None:
    assert find_themes(corpus).as_dict() == report.as_dict()


def test_min_support_leaves_contributions_unassigned(corpus: list[Contribution]) -> None:
    report = find_themes(corpus, ThemeOptions(min_support=len(corpus) + 1))
    assert report.themes == []
    assert report.unassigned == [c.id for c in corpus]


def test_refined_themes_keep_the_contract(corpus: list[Contribution]) -> None:
    report = find_themes(corpus, ThemeOptions(refine=True))
    text = {c.id: c.text for c in corpus}
    assert len(report.themes) >= 4
    for theme in report.themes:
        assert theme.count >= 2
        assert {c.contribution_id for c in theme.claims} == set(theme.items)
        for q in theme.quotes:
            assert text[q.contribution_id][q.start : q.end] == q.text
    internet = max(report.themes, key=lambda t: len(TOPICS["internet"] & set(t.items)))
    assert len(TOPICS["internet"] & set(internet.items)) >= 4


def test_refine_survives_texts_without_vocabulary() -> None:
    texts = ["the and of", "it is was", "a the an", "我们走了", "他们来了", "警察来了"]
    report = find_themes(
        [Contribution(str(i), t) for i, t in enumerate(texts)], ThemeOptions(refine=True)
    )
    assert {i for t in report.themes for i in t.items} | set(report.unassigned) == {
        str(i) for i in range(len(texts))
    }
