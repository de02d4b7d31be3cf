"""The privacy gate against its floors: planted items in the evaluation sets, and real news."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.privacy import EVAL, HOLDOUT, KINDS, evaluate, load, news_texts

from civicspace.privacy import Kind, scan

BASELINE = json.loads((Path(__file__).with_name("baseline.json")).read_text("utf-8"))


@pytest.fixture(scope="module")
def measured() -> dict:
    return evaluate(load(EVAL) + load(HOLDOUT))


def test_evaluation_sets_are_large_and_multilingual() -> None:
    rows = load(EVAL) + load(HOLDOUT)
    assert len(rows) >= 150
    languages = {row["lang"] for row in rows}
    assert {"en", "es", "fr", "ar", "ru", "pt", "tr", "ko"} <= languages
    assert sum(1 for row in rows if not row["expected"]) >= 60  # news-like negatives
    for row in rows:
        for gold in row["expected"]:
            assert row["text"][gold["start"] : gold["end"]] == gold["text"], row["id"]
            assert gold["kind"] in KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_recall_floor(measured: dict, kind: str) -> None:
    result = measured["per_kind"][kind]
    assert result["tp"] + result["fn"] >= 5, f"too few planted {kind} items to measure"
    assert result["recall"] >= BASELINE["recall"][kind], measured["misses"]


@pytest.mark.parametrize("kind", KINDS)
def test_precision_floor(measured: dict, kind: str) -> None:
    assert measured["per_kind"][kind]["precision"] >= BASELINE["precision"][kind], measured[
        "false_alarms"
    ]


def test_nothing_planted_leaks_through_redaction(measured: dict) -> None:
    assert measured["leaked_chars"] == 0


@pytest.mark.shared_data
def test_real_news_victim_names_are_found_and_numbers_stay_quiet(shared_data: Path) -> None:
    """HRDsAttack names its victims: their every mention should be caught; BBC politics has no
    phones or addresses, so non-name findings there are false alarms."""
    floors = BASELINE["news"]
    present = found = 0
    bbc_words = bbc_other = 0
    documents = news_texts(
        shared_data, floors["hrdsattack_documents"], ("hrdsattack", "bbc_news_2225")
    )
    for corpus, text, victims in documents:
        findings = scan({"text": text}, languages=("en",))
        if corpus == "hrdsattack":
            for name in victims:
                spans = [(i, i + len(name)) for i in _find_all(text, name)]
                if spans:
                    present += 1
                    found += all(
                        any(f.kind is Kind.PERSON and f.start < e and s < f.end for f in findings)
                        for s, e in spans
                    )
        elif corpus == "bbc_news_2225":
            bbc_words += len(text.split())
            bbc_other += sum(1 for f in findings if f.kind is not Kind.PERSON)
    assert present >= 30
    assert found / present >= floors["victim_name_recall"]
    assert 1000 * bbc_other / bbc_words <= floors["bbc_non_person_findings_per_1000_words"]


def _find_all(text: str, needle: str) -> list[int]:
    out, start = [], text.find(needle)
    while start >= 0:
        out.append(start)
        start = text.find(needle, start + 1)
    return out
