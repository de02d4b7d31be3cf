"""Stored syntheses on SQLite and PostgreSQL: contributions with consent and anonymity, themes
recomputed around analysts' edits, theme-incident links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from civicspace.errors import InvalidInput, NotFound
from civicspace.listen import edits, synthesis
from civicspace.listen.intake import ContributionType, take_in
from civicspace.listen.links import themes_for_incident
from civicspace.listen.report import ANONYMOUS, build_report
from civicspace.store.listen import ListenClaim, ListenContribution, ListenEdit, ListenTheme
from civicspace.textvec import multilingual
from tests.support.listen_seed import (
    DIALOGUE,
    NAMED_AUTHOR,
    NEW_TOPIC,
    PARAPHRASE,
    SECRET_SPEAKER,
    add_more,
    seed_project,
    theme_of,
)

TRANSLATIONS = Path(__file__).parent / "fixtures" / "translations.json"


def _claims_of(db: Session, theme_id: int) -> set[int]:
    family = select(ListenTheme.id).where(
        (ListenTheme.id == theme_id) | (ListenTheme.parent_id == theme_id)
    )
    return set(db.scalars(select(ListenClaim.id).where(ListenClaim.theme_id.in_(family))))


def _top_ids(db: Session, project_id: int) -> list[int]:
    return list(
        db.scalars(
            select(ListenTheme.id)
            .where(ListenTheme.project_id == project_id, ListenTheme.parent_id.is_(None))
            .order_by(ListenTheme.position, ListenTheme.id)
        )
    )


def test_contributions_keep_consent_anonymity_and_are_stored_once(engine: Engine) -> None:
    slug = seed_project(engine)
    with Session(engine) as db:
        project = synthesis.get_project(db, slug)
        rows = db.scalars(select(ListenContribution)).all()
        assert len(rows) == 21
        assert all(r.consent for r in rows)
        named = [r for r in rows if not r.anonymous]
        assert [r.author for r in named] == [NAMED_AUTHOR]
        assert all(r.author is None for r in rows if r.anonymous)
        dialogue = next(r for r in rows if r.type == "dialogue")
        assert SECRET_SPEAKER.split()[0] not in dialogue.text and "Speaker 1" in dialogue.text
        assert dialogue.region == "Africa" and dialogue.country == "KE"
        # the same text again is the same contribution
        again = take_in(DIALOGUE, type=ContributionType.dialogue, consent=True, anonymous=True)
        row, new = synthesis.add_submission(db, project, again)
        assert (row.id, new) == (dialogue.id, False)
        # claims are exact spans of their contribution
        for c in db.scalars(select(ListenClaim).where(ListenClaim.contribution_id == dialogue.id)):
            assert dialogue.text[c.start_offset : c.end_offset] == c.text
        # the store refuses an anonymous contribution with a name, whoever writes it
        db.add(
            ListenContribution(
                project_id=project.id, key="x" * 64, type="essay", text="t", consent=True,
                anonymous=True, author="Someone Named",
            )
        )  # fmt: skip
        with pytest.raises(IntegrityError):
            db.flush()
        db.rollback()
        db.add(
            ListenContribution(
                project_id=project.id, key="y" * 64, type="essay", text="t", consent=False,
                anonymous=False,
            )
        )  # fmt: skip
        with pytest.raises(IntegrityError):
            db.flush()


def test_edits_survive_new_contributions_and_recompute(engine: Engine) -> None:
    slug = seed_project(engine)
    with Session(engine) as db:
        project = synthesis.get_project(db, slug)
        internet = theme_of(db, slug, "The government shut down the internet")
        funding = theme_of(db, slug, "A new law bans foreign funding")
        training = theme_of(db, slug, "Training for young journalists")
        police = theme_of(db, slug, "Police fired tear gas")
        assert len({internet.id, funding.id, training.id, police.id}) == 4
        edits.rename(db, project, internet.id, "Internet shutdowns cut people off", "user:1")
        merged_claims = _claims_of(db, training.id) | _claims_of(db, funding.id)
        edits.merge(db, project, funding.id, training.id, "user:1")
        legal = sorted(
            db.scalars(
                select(ListenClaim.id).where(
                    ListenClaim.id.in_(_claims_of(db, police.id)),
                    ListenClaim.text.contains("awyer") | ListenClaim.text.contains("egal"),
                )
            )
        )
        assert len(legal) == 3
        split_off = edits.split(db, project, police.id, legal, "user:1")
        edits.move(db, project, funding.id, "up", "user:1")
        edits.set_codes(db, project, internet.id, ["censorship"], ["general_public"], "user:1")
        db.commit()
        order = _top_ids(db, project.id)
        assert order.index(funding.id) < order.index(internet.id)
        assert merged_claims <= _claims_of(db, funding.id)
        assert training.id not in order or training.id == split_off.id  # SQLite reuses rowids
        ids = {
            "internet": internet.id, "funding": funding.id, "police": police.id,
            "split": split_off.id,
        }  # fmt: skip

    add_more(engine, slug)
    with Session(engine) as db:
        project = synthesis.get_project(db, slug)
        result = synthesis.recompute(db, project)
        db.commit()
        assert result.new_claims == 4 and result.placed >= 1 and result.new_themes == 1
        internet = db.get(ListenTheme, ids["internet"])
        assert internet is not None
        assert internet.label == "Internet shutdowns cut people off" and internet.renamed
        assert (internet.violations, internet.targets) == (["censorship"], ["general_public"])
        # merged stays merged, the split keeps its claims, the order is kept, new themes last
        assert merged_claims <= _claims_of(db, ids["funding"])
        assert set(legal) == _claims_of(db, ids["split"])
        after = _top_ids(db, project.id)
        assert after[: len(order)] == order
        # the paraphrase joined the renamed theme; the new topic is a new theme at the end
        assert theme_of(db, slug, PARAPHRASE).id == ids["internet"]
        floods = {theme_of(db, slug, text[:30]).id for text, _ in NEW_TOPIC}
        assert floods == {after[-1]} and after[-1] not in order
        # a second run changes nothing
        again = synthesis.recompute(db, project)
        assert again.as_dict() == {"new_claims": 0, "placed": 0, "new_themes": 0, "unassigned": 0}
        ops = [e.op for e in db.scalars(select(ListenEdit).order_by(ListenEdit.id))]
        assert ops == ["rename", "merge", "split", "move", "codes"]


def test_edits_refuse_bad_input(engine: Engine) -> None:
    slug = seed_project(engine)
    with Session(engine) as db:
        project = synthesis.get_project(db, slug)
        a, b = _top_ids(db, project.id)[:2]
        with pytest.raises(InvalidInput):
            edits.rename(db, project, a, "   ", "user:1")
        with pytest.raises(InvalidInput):
            edits.merge(db, project, a, a, "user:1")
        with pytest.raises(InvalidInput):
            edits.split(db, project, a, sorted(_claims_of(db, b))[:1], "user:1")
        with pytest.raises(InvalidInput):
            edits.split(db, project, a, sorted(_claims_of(db, a)), "user:1")  # would empty it
        with pytest.raises(InvalidInput):
            edits.set_codes(db, project, a, ["not_a_violation"], [], "user:1")


def test_report_records_never_name_anonymous_contributors(engine: Engine) -> None:
    slug = seed_project(engine)
    with Session(engine) as db:
        view = build_report(db, synthesis.get_project(db, slug))
    names = {c.name for c in view.contributions}
    assert names == {ANONYMOUS, NAMED_AUTHOR}
    text = repr(view.as_dict())
    for part in SECRET_SPEAKER.split():
        assert part not in text
    assert view.totals["contributions"] == 21
    assert sum(view.breakdown["type"].values()) == 21
    for theme in view.themes:
        assert theme.quotes and theme.contributions == len(
            {q.contribution_id for q in theme.claims}
        )
        for q in theme.quotes:
            contribution = next(c for c in view.contributions if c.id == q.contribution_id)
            assert any(s.claim_id == q.claim_id and s.text == q.text for s in contribution.spans)


def test_published_themes_link_to_incidents_of_their_kind_and_country(engine: Engine) -> None:
    slug = seed_project(engine)
    with Session(engine) as db:
        project = synthesis.get_project(db, slug)
        police = theme_of(db, slug, "Police fired tear gas")
        edits.set_codes(db, project, police.id, ["arrest_detention"], ["protesters"], "user:1")
        db.commit()
        # a draft project links nothing
        assert themes_for_incident(db, ["arrest_detention"], [], "KE") == []
        edits.set_published(db, project, True, "user:2")
        db.commit()
        links = themes_for_incident(db, ["arrest_detention"], [], "KE")
        assert [link.theme_id for link in links] == [police.id]
        assert links[0].url == f"/listen/{slug}#theme-{police.id}"
        assert links[0].shared == ("arrest_detention",)
        assert themes_for_incident(db, ["arrest_detention"], [], "BR") == []  # not raised there
        training = theme_of(db, slug, "Training for young journalists")  # coder: journalists
        both = themes_for_incident(db, ["arrest_detention"], ["journalists"], "KE")
        assert {link.theme_id for link in both} == {police.id, training.id}
        assert themes_for_incident(db, ["killing"], [], "KE") == []


def test_the_public_report_redacts_what_the_privacy_gate_finds(engine: Engine) -> None:
    texts = [
        "Police arrested our coordinator; call her lawyer on +254 712 345678 for news.",
        "Police arrested our members at the march; write to help@example.org for news.",
        "Police arrested students at the march and held them for two days.",
    ]
    with Session(engine) as db:
        project = synthesis.ensure_project(db, "Gate")
        for text in texts:
            sub = take_in(
                text, type=ContributionType.comment, consent=True, anonymous=True, country="KE"
            )
            synthesis.add_submission(db, project, sub)
        synthesis.recompute(db, project)
        desk = build_report(db, project)
        public = build_report(db, project, public=True)
    desk_text, public_text = repr(desk.as_dict()), repr(public.as_dict())
    for secret in ("+254 712 345678", "help@example.org"):
        assert secret in desk_text and secret not in public_text
    assert "[phone]" in public_text and "[email]" in public_text
    for theme in public.themes:
        for q in theme.quotes:
            contribution = next(c for c in public.contributions if c.id == q.contribution_id)
            assert any(s.claim_id == q.claim_id and s.text == q.text for s in contribution.spans)


def test_a_withdrawn_contribution_leaves_no_trace(engine: Engine) -> None:
    slug = seed_project(engine)
    with Session(engine) as db:
        project = synthesis.get_project(db, slug)
        theme = theme_of(db, slug, "Police fired tear gas")
        label_claim = db.get(ListenClaim, theme.label_claim_id)
        assert label_claim is not None
        gone_text, gone = label_claim.text, label_claim.contribution_id
        edits.remove_contribution(db, project, gone, "user:1")
        synthesis.recompute(db, project)
        db.commit()
        assert db.get(ListenContribution, gone) is None
        assert db.scalar(select(ListenClaim).where(ListenClaim.contribution_id == gone)) is None
        view = build_report(db, project)
    assert gone_text not in repr(view.as_dict())
    assert view.totals["contributions"] == 20
    with Session(engine) as db, pytest.raises(NotFound):
        edits.remove_contribution(db, synthesis.get_project(db, slug), gone, "user:1")


@pytest.mark.skipif(
    not multilingual.available(),
    reason=f"the {multilingual.PACKAGE} package (multilingual sentence vectors) is not installed",
)
def test_a_project_in_several_languages_gets_shared_themes(engine: Engine) -> None:
    rows = json.loads(TRANSLATIONS.read_text("utf-8"))
    later = {  # Spanish, added after the themes exist
        0: "El pozo del pueblo está seco desde la primavera y compramos agua a los camiones.",
        2: "La policía detuvo a estudiantes que protestaban pacíficamente frente al ministerio.",
    }
    with Session(engine) as db:
        project = synthesis.ensure_project(db, "Water, buses and protest")
        for _, texts in rows:
            for lang, text in texts.items():
                sub = take_in(
                    text, type=ContributionType.comment, consent=True, anonymous=True, language=lang
                )
                synthesis.add_submission(db, project, sub)
        synthesis.recompute(db, project)
        english = {texts["en"] for _, texts in rows}
        for _, texts in rows:  # each statement sits with its translations
            assert len({theme_of(db, project.slug, t).id for t in texts.values()}) == 1, texts
            # and its theme is named in the project's main language (a tie: the first seen)
            assert theme_of(db, project.slug, texts["en"]).label in english
        for text in later.values():
            sub = take_in(
                text, type=ContributionType.comment, consent=True, anonymous=True, language="es"
            )
            synthesis.add_submission(db, project, sub)
        result = synthesis.recompute(db, project)
        assert result.placed == 2 and result.new_themes == 0
        for i, text in later.items():
            assert (
                theme_of(db, project.slug, text).id
                == theme_of(db, project.slug, rows[i][1]["en"]).id
            )
