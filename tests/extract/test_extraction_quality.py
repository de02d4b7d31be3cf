"""Quality gate for extraction: main text and language on saved real pages, against floors.

The floors live in ``tests/extract/baseline.json``; ``python -m bench.extraction`` prints
the full figures. A change that drops below a floor fails here; floors only move up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.common import Page, benchmark_pages, multilingual_pages
from bench.extraction import ours, score_languages, score_strings, score_text

BASELINE = json.loads((Path(__file__).with_name("baseline.json")).read_text())

pytestmark = pytest.mark.shared_data


def test_main_text_against_gold(shared_data: Path) -> None:
    scores = score_text(benchmark_pages(shared_data), ours)
    assert scores["pages"] == 181
    assert scores["micro"]["f1"] >= BASELINE["main_text_micro_f1"], scores  # type: ignore[index]
    assert scores["mean"]["f1"] >= BASELINE["main_text_mean_f1"], scores  # type: ignore[index]
    assert scores["no_text"] <= BASELINE["main_text_no_text_pages"], scores


def test_language_and_strings(shared_data: Path) -> None:
    pages = multilingual_pages(shared_data)
    assert len(pages) == 74
    texts = {page.name: ours(page) for page in pages}  # extracted once for both checks

    def extract(page: Page) -> str:
        return texts[page.name]

    languages = score_languages(pages, extract)
    assert languages["language_accuracy"] >= BASELINE["language_accuracy"], languages
    strings = score_strings(pages, extract)
    assert strings["with_found"] >= BASELINE["with_found"], strings
    assert strings["without_absent"] >= BASELINE["without_absent"], strings
    assert strings["pages_passing_all"] >= BASELINE["pages_passing_all_strings"], strings


def test_the_scores_can_fail() -> None:
    """The scoring itself: a wrong extraction scores low, a right one 1.0."""
    gold = "The council voted to keep the square open for public meetings."
    page = Page(
        "p", b"", None, gold, {"language": "en", "with": ["square open"], "without": ["Menu"]}
    )
    perfect = score_text([page], lambda p: gold)
    assert perfect["micro"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}  # type: ignore[index]
    wrong = score_text([page], lambda p: "Menu Home Login Subscribe newsletter")
    assert wrong["micro"]["f1"] == 0.0  # type: ignore[index]
    half = score_text([page], lambda p: "The council voted to keep")
    assert half["micro"]["precision"] == 1.0 and half["micro"]["recall"] < 0.5  # type: ignore[index]
    assert score_strings([page], lambda p: "Menu " + gold)["pages_passing_all"] == 0.0
    assert score_strings([page], lambda p: gold)["pages_passing_all"] == 1.0
    assert score_languages([page], lambda p: "Le conseil a voté.")["language_accuracy"] == 0.0
