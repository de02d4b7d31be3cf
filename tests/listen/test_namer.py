"""The optional LLM theme namer against a real OpenAI-compatible server on 127.0.0.1
(``tests.support.llm_server``): it may name themes, never choose or invent quotes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from civicspace.cli import app
from civicspace.listen.jsonl import read_contributions
from civicspace.listen.namer import LLMNamer, NameRequest, label_problem
from civicspace.listen.prompts import PROMPT_VERSION
from civicspace.listen.records import Theme
from civicspace.listen.themes import find_themes
from civicspace.llm import AnswerCache, ChatClient
from civicspace.settings import get_settings
from tests.support.llm_server import MODEL, LLMServer, serve_llm

CORPUS = Path(__file__).parent / "fixtures" / "contributions.jsonl"
CLAIMS = [
    "Police fired tear gas at our peaceful protest march.",
    "Riot police violently dispersed the protest with tear gas.",
    "الشرطة أطلقت الغاز المسيل للدموع على مسيرتنا السلمية.",
]

# what the model says, chosen by the theme's most central statement
INTERNET = "Internet shutdowns cut activists off from their members"
FUNDING = "Laws on foreign funding and frozen accounts threaten associations"
LEGAL = "Arrested activists need “Legal support and lawyers” in court"
ANSWERS = {
    "internet": json.dumps({"label": INTERNET}),
    "fund": "```json\n" + json.dumps({"label": FUNDING}) + "\n```",
    "olice": json.dumps({"label": 'Police told marchers "we will crush you all"'}),  # invented
    "raining": json.dumps({"label": "Journalists want training. They also want phones."}),
    "awyer": json.dumps({"label": LEGAL}),  # a quote that is in the claims
}


def _reply(body: dict[str, Any]) -> str:
    user = body["messages"][1]["content"]
    first = re.search(r"^1\. (.*)$", user, re.M)
    statement = first.group(1) if first else ""
    if "awyer" in statement and len(body["messages"]) == 2:
        return "{label: not json"  # the namer must ask again
    for cue, answer in ANSWERS.items():
        if cue in statement:
            return answer
    return json.dumps({"label": "Contributors share one concern about their work"})


@pytest.fixture
def llm() -> Iterator[LLMServer]:
    with serve_llm(_reply) as server:
        yield server


def _namer(llm: LLMServer, cache: Path) -> LLMNamer:
    return LLMNamer(ChatClient(llm.base_url, MODEL, timeout=10), AnswerCache(cache))


@pytest.mark.parametrize(
    ("label", "problem"),
    [
        ("Police use tear gas against peaceful marches", None),
        ("Police “fired tear gas” at marches", None),  # quoted, and in a claim
        ("الشرطة تفرّق المسيرات السلمية بالغاز", None),
        ("Protesters' marches are met with gas", None),  # an apostrophe is not a quote
        ('Police said "we will crush you"', "a quote that is not in the contributions"),
        ("Police «shoot at children» in marches", "a quote that is not in the contributions"),
        ('Police fired "tear gas at marches', "an unbalanced quotation mark"),
        ("Police fire gas. Marchers run.", "more than one sentence"),
        ("Why do police fire tear gas?", "a question, not a statement"),
        ("Police", "not a statement (one word)"),
        ("- Police fire tear gas", "a list item, heading or prefix, not a statement"),
        ("Theme: police violence at marches", "a list item, heading or prefix, not a statement"),
        ("Police fire tear gas\nat marches", "more than one line"),
        (" ".join(["word"] * 19), "longer than 18 words or 120 characters"),
        ("", "empty"),
    ],
)
def test_label_problem(label: str, problem: str | None) -> None:
    assert label_problem(label, CLAIMS) == problem


def _theme_about(themes: list[Theme], cue: str) -> Theme:
    return next(t for t in themes if cue in t.central[0])


def test_llm_names_themes_quotes_stay_verbatim_and_answers_are_cached(
    llm: LLMServer, tmp_path: Path
) -> None:
    contributions = read_contributions(CORPUS)
    texts = {c.id: c.text for c in contributions}
    plain = find_themes(contributions)
    namer = _namer(llm, tmp_path / "cache")
    named = find_themes(contributions, namer=namer)
    # the same themes, members and quotes: the namer only names
    assert [(t.id, t.items, t.quotes, t.label_quote) for t in plain.themes] == [
        (t.id, t.items, t.quotes, t.label_quote) for t in named.themes
    ]
    for theme in named.themes:
        for q in theme.quotes:
            assert texts[q.contribution_id][q.start : q.end] == q.text
    version = f"{PROMPT_VERSION}+{MODEL}"
    internet = _theme_about(named.themes, "internet")
    assert (internet.label, internet.label_by) == (INTERNET, version)
    funding = _theme_about(named.themes, "fund")
    assert (funding.label, funding.label_by) == (FUNDING, version)
    # an invented quote and two sentences are rejected: the extractive key point stays
    for cue in ("olice", "raining"):
        theme = _theme_about(named.themes, cue)
        assert theme.label_by is None and theme.label == theme.label_quote.text
    # a broken answer is repaired once; its quote is in the claims, so it is kept
    legal = _theme_about(named.themes, "awyer")
    assert (legal.label, legal.label_by) == (LEGAL, version)
    assert namer.outcomes["rejected"] == 2 and namer.outcomes["unusable"] == 0
    assert namer.outcomes["named"] >= 3
    repaired = [r for r in llm.requests if len(r["messages"]) == 4]
    assert len(repaired) == 1 and "awyer" in repaired[0]["messages"][1]["content"]
    sent = llm.requests[0]
    assert sent["temperature"] == 0 and sent["response_format"] == {"type": "json_object"}
    assert "What threatens your work?" in "".join(r["messages"][1]["content"] for r in llm.requests)
    as_json = named.as_dict()["themes"]
    assert any(t["label_by"] == version for t in as_json)  # type: ignore[index]
    # a rerun is answered from the cache: no call, the same names
    calls = len(llm.requests)
    again = find_themes(contributions, namer=_namer(llm, tmp_path / "cache"))
    assert [t.label for t in again.themes] == [t.label for t in named.themes]
    assert len(llm.requests) == calls


def test_a_dead_server_keeps_extractive_statements_and_is_asked_once(tmp_path: Path) -> None:
    namer = LLMNamer(ChatClient("http://127.0.0.1:9/v1", MODEL, timeout=2), AnswerCache(None))
    report = find_themes(read_contributions(CORPUS), namer=namer)
    assert all(t.label == t.label_quote.text and t.label_by is None for t in report.themes)
    assert namer.chat.calls == 1 and namer.broken is not None
    assert namer.outcomes["error"] == sum(1 + len(t.subthemes) for t in report.themes)


def test_a_request_names_with_its_question(llm: LLMServer, tmp_path: Path) -> None:
    namer = _namer(llm, tmp_path)
    naming = namer.name(NameRequest("What threatens your work?", ["The internet was cut."], "x"))
    assert naming.label == INTERNET and naming.outcome == "named"
    assert llm.requests[-1]["messages"][1]["content"].startswith(
        "Question: What threatens your work?"
    )


def test_cli_themes_namer_llm(
    llm: LLMServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVICSPACE_CODER_LLM_BASE_URL", llm.base_url)
    monkeypatch.setenv("CIVICSPACE_LISTEN_LLM_MODEL", MODEL)
    monkeypatch.setenv("CIVICSPACE_CODER_LLM_CACHE_DIR", str(tmp_path / "cache"))
    get_settings.cache_clear()
    try:
        out = tmp_path / "themes.json"
        result = CliRunner().invoke(
            app, ["listen", "themes", "-i", str(CORPUS), "-o", str(out), "--namer", "llm"]
        )
        assert result.exit_code == 0, result.output
        labels = {t["label"]: t["label_by"] for t in json.loads(out.read_text("utf-8"))["themes"]}
        assert labels[INTERNET] == f"{PROMPT_VERSION}+{MODEL}"
        assert f"statements by {PROMPT_VERSION}+{MODEL}" in result.output
        assert all(r["model"] == MODEL for r in llm.requests)
        # without --namer, CIVICSPACE_LISTEN_NAMER decides (extract by default): no call
        calls = len(llm.requests)
        result = CliRunner().invoke(app, ["listen", "themes", "-i", str(CORPUS), "-o", str(out)])
        assert result.exit_code == 0 and len(llm.requests) == calls
        assert all(t["label_by"] is None for t in json.loads(out.read_text("utf-8"))["themes"])
    finally:
        get_settings.cache_clear()
