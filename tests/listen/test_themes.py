"""The theme finder on a small committed synthetic corpus (tests/listen/fixtures)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from civicspace.listen.claims import split_claims
from civicspace.listen.jsonl import read_contributions
from civicspace.listen.records import Contribution
from civicspace.listen.themes import ThemeOptions, ThemeReport, find_themes
from civicspace.listen.vectors import VectorKind, mixed_languages
from civicspace.textvec import multilingual

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


TRANSLATIONS = Path(__file__).parent / "fixtures" / "translations.json"
needs_multilingual = pytest.mark.skipif(
    not multilingual.available(),
    reason=f"the {multilingual.PACKAGE} package (multilingual sentence vectors) is not installed",
)


def _translations() -> tuple[list[Contribution], dict[str, str]]:
    """Six statements on three topics, each in English, German and Chinese (language given)."""
    rows = json.loads(TRANSLATIONS.read_text("utf-8"))
    contributions, topic = [], {}
    for i, (name, texts) in enumerate(rows):
        for lang, text in texts.items():
            contributions.append(Contribution(f"s{i}-{lang}", text, lang=lang))
            topic[f"s{i}-{lang}"] = name
    return contributions, topic


@needs_multilingual
def test_translations_share_a_theme() -> None:
    contributions, topic = _translations()
    report = find_themes(contributions)
    assert report.vectors == [VectorKind.multilingual]
    theme_of = {i: t.id for t in report.themes for i in t.items}
    assert set(theme_of) == {c.id for c in contributions}
    for c in contributions:  # each statement sits with its two translations
        statement = c.id.split("-")[0]
        assert {theme_of[f"{statement}-{lang}"] for lang in ("en", "de", "zh")} == {theme_of[c.id]}
    for t in report.themes:  # and the themes follow the topics, in three languages each
        assert len({topic[i] for i in t.items}) == 1
        assert t.languages == {"en": 2, "de": 2, "zh": 2}
        # named in the main language (a three-way tie here: the first seen, English)
        assert t.label_quote.contribution_id.endswith("-en")


@needs_multilingual
def test_labels_come_from_the_main_language() -> None:
    contributions, _ = _translations()
    german_first = sorted(contributions, key=lambda c: (not c.id.endswith("-de"), c.id))
    extra = [Contribution("x-de", "Wir brauchen mehr Busse am Abend und am Wochenende.", lang="de")]
    report = find_themes(german_first + extra)
    assert all(t.label_quote.contribution_id.endswith("-de") for t in report.themes)


def test_without_multilingual_vectors_themes_follow_the_language() -> None:
    """What the multilingual path is for: WordLlama groups the same input by language."""
    contributions, _ = _translations()
    report = find_themes(contributions, ThemeOptions(multilingual=False))
    assert report.vectors == [VectorKind.wordllama]
    assert not any(
        len({i.split("-")[0] for i in t.items}) * 3 == len(t.items) for t in report.themes
    )  # no theme holds whole statements (all three languages of each)


def test_one_language_keeps_the_fast_path(
    corpus: list[Contribution], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(texts: object) -> None:
        raise AssertionError("the multilingual model ran on input in one language")

    monkeypatch.setattr(multilingual, "embed", refuse)
    report = find_themes(corpus)
    assert report.vectors == [VectorKind.wordllama, VectorKind.wordllama]  # two questions
    assert report.as_dict()["vectors"] == ["wordllama", "wordllama"]


def test_mixed_input_without_the_model_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multilingual, "available", lambda: False)
    contributions, _ = _translations()
    assert find_themes(contributions).vectors == [VectorKind.wordllama]


def test_what_counts_as_several_languages() -> None:
    assert not mixed_languages(["en"] * 97 + ["de", "sr", "pcm"])  # stray guesses
    assert not mixed_languages(["zh"] * 20 + ["yue"] * 5)  # a variety of the same language
    assert not mixed_languages(["en"] * 10 + ["zxx"] * 8 + [None] * 5)  # no language
    assert not mixed_languages(["en"] * 100 + ["de"] * 4)  # under 5% of the claims
    assert mixed_languages(["en"] * 60 + ["de"] * 5)
    assert mixed_languages(["de-AT", "de", "de", "en_GB", "en", "en"])
