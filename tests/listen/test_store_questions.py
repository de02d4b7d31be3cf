"""Stored projects on SQLite and PostgreSQL: themes per question (as ``listen themes`` groups
them), report sections per question, and the LLM namer on recompute with analysts' renames
winning, on the desk too (a real OpenAI-compatible server on 127.0.0.1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civicspace.cli import app
from civicspace.errors import InvalidInput
from civicspace.listen import edits, synthesis
from civicspace.listen.intake import ContributionType, take_in
from civicspace.listen.namer import LLMNamer
from civicspace.listen.prompts import PROMPT_VERSION
from civicspace.listen.report import build_report
from civicspace.llm import AnswerCache, ChatClient
from civicspace.settings import Settings, get_settings
from civicspace.store.listen import ListenClaim, ListenContribution, ListenTheme
from civicspace.web.app import create_app
from tests.support.desk_client import login
from tests.support.listen_seed import seed_project, theme_of
from tests.support.llm_server import MODEL, LLMServer, serve_llm
from tests.support.review import fast_hashes, make_users

__all__ = ["fast_hashes"]

CORPUS = Path(__file__).parent / "fixtures" / "contributions.jsonl"
LATER = [  # answers that arrive later; the first is close to answers to the other question
    ("What threatens your work?", "Lawyers who defend arrested activists in court are rare."),
    ("What would help you most?", "Free lawyers for activists who are arrested at protests."),
    ("What would help you most?", "Free lawyers for arrested activists at protests, please."),
]
NAMED = "Internet shutdowns cut activists off from their members"


def _seed_questions(engine: Engine) -> str:
    with Session(engine) as db:
        project = synthesis.ensure_project(db, "Two questions")
        for line in CORPUS.read_text("utf-8").splitlines():
            raw = json.loads(line)
            sub = take_in(
                raw["text"], type=ContributionType.comment, consent=True, anonymous=True,
                country=raw.get("country") or "KE", language="en",
            )  # fmt: skip
            synthesis.add_submission(db, project, sub, raw["question"])
        synthesis.recompute(db, project)
        db.commit()
        return project.slug


def _question_of_claims(db: Session, theme: ListenTheme) -> set[str | None]:
    family = select(ListenTheme.id).where(
        (ListenTheme.id == theme.id) | (ListenTheme.parent_id == theme.id)
    )
    return set(
        db.scalars(
            select(ListenContribution.question)
            .join(ListenClaim, ListenClaim.contribution_id == ListenContribution.id)
            .where(ListenClaim.theme_id.in_(family))
        )
    )


def test_stored_projects_find_themes_per_question(engine: Engine) -> None:
    slug = _seed_questions(engine)
    with Session(engine) as db:
        project = synthesis.get_project(db, slug)
        themes = db.scalars(select(ListenTheme).where(ListenTheme.parent_id.is_(None))).all()
        asked = {t.question for t in themes}
        assert asked == {"What threatens your work?", "What would help you most?"}
        for t in themes:  # a theme's claims all answer its question
            assert _question_of_claims(db, t) == {t.question}
        # the report: one section per question, each theme in its question's section
        view = build_report(db, project)
        assert [q.question for q in view.questions] == [
            "What threatens your work?",
            "What would help you most?",
        ]
        assert [q.contributions for q in view.questions] == [13, 6]
        assert sorted(t.id for q in view.questions for t in q.themes) == sorted(
            t.id for t in view.themes
        )
        assert all(t.question == q.question for q in view.questions for t in q.themes)
        assert view.as_dict()["questions"][1]["themes"] == [t.id for t in view.questions[1].themes]

        # edits stay inside a question
        police = theme_of(db, slug, "Police fired tear gas")
        legal = theme_of(db, slug, "Emergency legal aid")
        with pytest.raises(InvalidInput, match="same question"):
            edits.merge(db, project, police.id, legal.id, "user:1")
        training = theme_of(db, slug, "Training for young journalists")
        first_help = min((legal, training), key=lambda t: t.position)
        edits.move(db, project, first_help.id, "up", "user:1")  # first of its question: stays
        assert first_help.position == min(legal.position, training.position)
        db.commit()

    # later answers to the second question join its themes only
    with Session(engine) as db:
        project = synthesis.get_project(db, slug)
        for question, text in LATER:
            sub = take_in(text, type=ContributionType.comment, consent=True, anonymous=True)
            synthesis.add_submission(db, project, sub, question)
        result = synthesis.recompute(db, project)
        db.commit()
        assert result.new_claims == 3
        for question, text in LATER:  # in a theme of its own question, or in none
            claim = db.scalar(select(ListenClaim).where(ListenClaim.text == text))
            assert claim is not None
            if claim.theme_id is not None:
                theme = theme_of(db, slug, text)
                assert theme.question == question
                assert _question_of_claims(db, theme) == {question}
        assert theme_of(db, slug, LATER[1][1]).question == LATER[1][0]
        again = synthesis.recompute(db, project)
        assert (again.new_claims, again.placed, again.new_themes) == (0, 0, 0)


def _reply(body: dict[str, Any]) -> str:
    user = body["messages"][1]["content"]
    if "internet" in user.split("2.")[0]:
        return json.dumps({"label": NAMED})
    return json.dumps({"label": 'Marchers heard police say "we will shoot"'})  # invented quote


@pytest.fixture
def llm() -> Iterator[LLMServer]:
    with serve_llm(_reply) as server:
        yield server


def test_recompute_with_the_llm_namer_keeps_analysts_renames(
    engine: Engine, llm: LLMServer, tmp_path: Path
) -> None:
    slug = seed_project(engine)

    def namer() -> LLMNamer:
        return LLMNamer(ChatClient(llm.base_url, MODEL, timeout=10), AnswerCache(tmp_path))

    with Session(engine) as db:
        project = synthesis.get_project(db, slug)
        funding = theme_of(db, slug, "A new law bans foreign funding")
        edits.rename(db, project, funding.id, "Money from abroad is cut off", "user:1")
        synthesis.recompute(db, project, namer=namer())
        db.commit()
        internet = theme_of(db, slug, "The government shut down the internet")
        police = theme_of(db, slug, "Police fired tear gas")
        assert (internet.label, internet.label_by) == (NAMED, f"{PROMPT_VERSION}+{MODEL}")
        assert internet.label_claim_id is not None  # the key point it replaced, kept
        # an invented quote is refused: the statement stays a claim
        assert police.label_by is None
        assert police.label == db.get(ListenClaim, police.label_claim_id).text  # type: ignore[union-attr]
        # the analyst's statement wins, and is never sent
        funding = db.get(ListenTheme, funding.id)  # type: ignore[assignment]
        assert funding.label == "Money from abroad is cut off" and funding.label_by is None
        assert not any("foreign funding" in r["messages"][1]["content"] for r in llm.requests)
        # the report shows the model's statement, marked, with the verbatim quotes
        view = build_report(db, project, public=True)
        shown = next(t for t in view.themes if t.id == internet.id)
        assert shown.label == NAMED and shown.label_by == f"{PROMPT_VERSION}+{MODEL}"
        texts = {c.id: c for c in db.scalars(select(ListenContribution))}
        assert all(texts[q.contribution_id].text[q.start : q.end] == q.text for q in shown.quotes)
        # a rerun: answered from the cache, nothing changes
        calls = len(llm.requests)
        synthesis.recompute(db, project, namer=namer())
        db.commit()
        assert len(llm.requests) == calls
        assert db.get(ListenTheme, internet.id).label == NAMED  # type: ignore[union-attr]
        # consent withdrawn from a contribution of the named theme: the statement goes too
        claim = db.scalar(select(ListenClaim).where(ListenClaim.theme_id == internet.id))
        assert claim is not None
        edits.remove_contribution(db, project, claim.contribution_id, "user:1")
        db.flush()
        assert db.get(ListenTheme, internet.id).label == edits.WITHDRAWN  # type: ignore[union-attr]
        db.rollback()


def test_desk_recompute_uses_the_configured_namer(
    engine: Engine, settings: Settings, llm: LLMServer, tmp_path: Path, fast_hashes: None
) -> None:
    slug = seed_project(engine)
    make_users(engine)
    configured = settings.model_copy(
        update={
            "listen_namer": "llm",
            "listen_llm_base_url": llm.base_url,
            "listen_llm_model": MODEL,
            "coder_llm_cache_dir": tmp_path,
        }
    )
    app = create_app(configured, engine)
    researcher, token = login(app, "researcher")
    done = researcher.post(f"/desk/listen/{slug}/recompute", data={"csrf_token": token})
    assert done.status_code == 303 and llm.requests
    page = researcher.get(f"/desk/listen/{slug}")
    assert NAMED in page.text and "written by a language model" in page.text
    data = researcher.get(f"/desk/listen/{slug}", headers={"Accept": "application/json"}).json()
    named = [t for t in data["themes"] if t["label"] == NAMED]
    assert len(named) == 1 and named[0]["label_by"] == f"{PROMPT_VERSION}+{MODEL}"


def test_cli_recompute_with_the_llm_namer(
    cli_env: str, engine: Engine, llm: LLMServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slug = seed_project(engine)
    monkeypatch.setenv("CIVICSPACE_LISTEN_LLM_BASE_URL", llm.base_url)
    monkeypatch.setenv("CIVICSPACE_LISTEN_LLM_MODEL", MODEL)
    monkeypatch.setenv("CIVICSPACE_CODER_LLM_CACHE_DIR", str(tmp_path))
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["listen", "recompute", "-p", slug, "--namer", "llm"])
    assert result.exit_code == 0, result.output
    assert f"statements by {PROMPT_VERSION}+{MODEL}: " in result.output
    assert "1 named" in result.output and "rejected" in result.output
    with Session(engine) as db:
        assert theme_of(db, slug, "The government shut down the internet").label == NAMED
    # the default namer (extract) puts the key point back
    result = CliRunner().invoke(app, ["listen", "recompute", "-p", slug])
    assert result.exit_code == 0 and "statements by" not in result.output
    with Session(engine) as db:
        theme = theme_of(db, slug, "The government shut down the internet")
        assert theme.label != NAMED and theme.label_by is None
    missing = CliRunner().invoke(app, ["listen", "recompute", "-p", "nothing-here"])
    assert missing.exit_code == 2
