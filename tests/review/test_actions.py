"""The review stage without the web: every decision, its state rules and its revision."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.accounts.roles import Forbidden, NotAuthenticated
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.review import actions
from civicspace.review.history import history, history_json
from civicspace.review.training import decisions_for_training
from civicspace.store.accounts import User
from civicspace.store.coding import Coding
from civicspace.store.incidents import Incident, IncidentDocument, IncidentRevision
from tests.support.review import fast_hashes, make_users, seed_incidents

__all__ = ["fast_hashes"]


@pytest.fixture
def world(engine: Engine, fast_hashes: None) -> dict[str, Any]:
    return {"ids": seed_incidents(engine), "users": make_users(engine)}


def user(session: Session, world: dict[str, Any], role: str) -> User:
    found = session.get(User, world["users"][role])
    assert found is not None
    return found


def revisions(session: Session, incident_id: int) -> list[IncidentRevision]:
    return list(
        session.scalars(
            select(IncidentRevision)
            .where(IncidentRevision.incident_id == incident_id)
            .order_by(IncidentRevision.id)
        )
    )


def test_edit_validates_against_codebook_and_records_who_what_why(
    engine: Engine, world: dict[str, Any]
) -> None:
    a = world["ids"][0]
    with Session(engine) as s:
        researcher = user(s, world, "researcher")
        with pytest.raises(InvalidInput, match="violations"):
            actions.edit(s, a, researcher, {"violations": ["not_a_violation"]})
        with pytest.raises(InvalidInput, match="country"):
            actions.edit(s, a, researcher, {"country": "XX"})
        with pytest.raises(InvalidInput, match="not an editable field"):
            actions.edit(s, a, researcher, {"state": "published"})
        with pytest.raises(InvalidInput, match="end_date"):
            actions.edit(s, a, researcher, {"start_date": "2026-03-02", "end_date": "2026-03-01"})
        rev = actions.edit(
            s, a, researcher,
            {"violations": ["excessive_force", "arrest_detention"], "country": "ken",
             "title": "  Twelve   students detained  "},
            reason="country from the dateline",
        )  # fmt: skip
        assert rev is not None
        s.commit()
        inc = s.get(Incident, a)
        assert inc is not None
        assert inc.state == "in_review" and inc.locked
        assert inc.title == "Twelve students detained"
        assert inc.violations == ["arrest_detention", "excessive_force"]  # codebook order
        assert rev.actor == f"user:{researcher.id}" and rev.action == "edited"
        assert rev.reason == "country from the dateline"
        assert rev.changes["title"][1] == "Twelve students detained"
        assert "violations" not in rev.changes  # same set: nothing changed
        # an edit that changes nothing records nothing
        assert actions.edit(s, a, researcher, {"country": "KE"}) is None
        with pytest.raises(Conflict, match="reload"):
            actions.edit(s, a, researcher, {"place": "x"}, expected_version="2000-01-01T00:00:00")


def test_accept_publish_withdraw_and_only_accepted_is_published(
    engine: Engine, world: dict[str, Any]
) -> None:
    a = world["ids"][0]
    with Session(engine) as s:
        researcher, editor = user(s, world, "researcher"), user(s, world, "editor")
        with pytest.raises(Conflict, match="only accepted"):
            actions.publish(s, a, editor)
        actions.accept(s, a, researcher, reason="two sources agree")
        with pytest.raises(Forbidden):
            actions.publish(s, a, researcher)
        actions.publish(s, a, editor)
        s.commit()
        inc = s.get(Incident, a)
        assert inc is not None and inc.state == "published" and inc.published_at is not None
        with pytest.raises(InvalidInput, match="why"):
            actions.withdraw(s, a, editor, reason=" ")
        actions.withdraw(s, a, editor, reason="victim asked us to")
        s.commit()
        assert inc.state == "withdrawn" and inc.withdrawn_reason == "victim asked us to"
        assert [r.action for r in revisions(s, a)] == [
            "created",
            "accepted",
            "published",
            "withdrawn",
        ]
        with pytest.raises(Forbidden):
            actions.reopen(s, a, researcher)
        actions.reopen(s, a, editor, reason="consent given")
        assert inc.state == "in_review"


def test_accept_needs_a_violation_and_reject_is_final_until_reopened(
    engine: Engine, world: dict[str, Any]
) -> None:
    a, b = world["ids"][0], world["ids"][1]
    with Session(engine) as s:
        researcher = user(s, world, "researcher")
        actions.edit(s, a, researcher, {"violations": []})
        with pytest.raises(InvalidInput, match="violation"):
            actions.accept(s, a, researcher)
        actions.reject(s, b, researcher, reason="not an incident")
        with pytest.raises(Conflict):
            actions.accept(s, b, researcher)
        with pytest.raises(Conflict, match="reopen"):
            actions.edit(s, b, researcher, {"place": "x"})
        actions.reopen(s, b, researcher)
        actions.accept(s, b, researcher)
        # changing accepted content returns it to review
        actions.edit(s, b, researcher, {"place": "Harbourtown"})
        assert s.get(Incident, b).state == "in_review"  # type: ignore[union-attr]


def test_viewer_and_nobody_change_nothing(engine: Engine, world: dict[str, Any]) -> None:
    a = world["ids"][0]
    with Session(engine) as s:
        viewer = user(s, world, "viewer")
        for call in (
            lambda u: actions.edit(s, a, u, {"place": "x"}),
            lambda u: actions.accept(s, a, u),
            lambda u: actions.reject(s, a, u),
            lambda u: actions.merge(s, a, world["ids"][1], u),
            lambda u: actions.mark_duplicate(s, a, world["ids"][1], u),
        ):
            with pytest.raises(Forbidden):
                call(viewer)
            with pytest.raises(NotAuthenticated):
                call(None)
        viewer.active = False
        researcher = user(s, world, "researcher")
        researcher.active = False
        with pytest.raises(Forbidden):
            actions.accept(s, a, researcher)
        assert [r.action for r in revisions(s, a)] == ["created"]


def test_merge_moves_sources_pins_locks_and_leaves_a_tombstone(
    engine: Engine, world: dict[str, Any]
) -> None:
    a, b, c = world["ids"][:3]
    with Session(engine) as s:
        researcher = user(s, world, "researcher")
        with pytest.raises(InvalidInput):
            actions.merge(s, a, a, researcher)
        target = actions.merge(s, a, b, researcher, reason="same sit-in")
        s.commit()
        source = s.get(Incident, b)
        assert source is not None
        assert source.state == "rejected" and source.merged_into == a and source.locked
        assert target.state == "in_review" and target.locked
        links = s.scalars(select(IncidentDocument).where(IncidentDocument.incident_id == a)).all()
        assert len(links) == 2 and all(link.pinned for link in links)
        assert set(target.violations) == {"arrest_detention", "excessive_force"}
        merged = revisions(s, a)[-1]
        assert merged.action == "merged" and merged.changes["merged_from"] == [None, b]
        assert len(merged.changes["documents"][1]) == 2
        assert revisions(s, b)[-1].action == "merged_into"
        # a tombstone cannot be merged again, nor merged into
        with pytest.raises(Conflict):
            actions.merge(s, c, b, researcher)
        with pytest.raises(Conflict):
            actions.merge(s, b, c, researcher)
        with pytest.raises(Conflict, match="split"):
            actions.reopen(s, b, researcher)
        # the machine's codings did not change
        assert (
            s.scalar(select(Coding.score).where(Coding.document_id == links[1].document_id)) == 0.71
        )


def test_split_makes_a_new_incident_from_the_documents_coding(
    engine: Engine, world: dict[str, Any]
) -> None:
    a, b, c = world["ids"][:3]
    with Session(engine) as s:
        researcher = user(s, world, "researcher")
        with pytest.raises(Conflict, match="one source"):
            actions.split(s, a, actions.document_ids(s, a)[0], researcher)
        actions.merge(s, a, c, researcher)
        moved = actions.document_ids(s, a)[1]
        with pytest.raises(NotFound):
            actions.split(s, a, 999_999, researcher)
        new = actions.split(s, a, moved, researcher, reason="different event")
        s.commit()
        assert new.state == "in_review" and new.locked and new.country == "MX"
        assert new.violations == ["threats_intimidation"]
        assert actions.document_ids(s, new.id) == [moved]
        assert moved not in actions.document_ids(s, a)
        assert [r.action for r in revisions(s, new.id)] == ["split_from"]
        assert revisions(s, a)[-1].changes["split_into"] == [None, new.id]
        assert b  # untouched


def test_duplicate_points_at_the_original_which_stays_published(
    engine: Engine, world: dict[str, Any]
) -> None:
    a, b = world["ids"][0], world["ids"][1]
    with Session(engine) as s:
        researcher, editor = user(s, world, "researcher"), user(s, world, "editor")
        actions.accept(s, a, researcher)
        actions.publish(s, a, editor)
        actions.mark_duplicate(s, b, a, researcher, reason="same story")
        s.commit()
        dup, original = s.get(Incident, b), s.get(Incident, a)
        assert dup is not None and original is not None
        assert dup.state == "rejected" and dup.merged_into == a
        assert (dup.extra or {})["duplicate_of"] == a
        assert original.state == "published"
        # a duplicate can be taken back
        actions.reopen(s, b, researcher, reason="not the same after all")
        assert dup.merged_into is None and dup.state == "in_review"


def test_history_and_training_decisions(engine: Engine, world: dict[str, Any]) -> None:
    a, b, c, d = world["ids"]
    with Session(engine) as s:
        researcher, editor = user(s, world, "researcher"), user(s, world, "editor")
        actions.merge(s, a, b, researcher)
        actions.edit(s, a, researcher, {"violations": ["arrest_detention"]}, reason="no force")
        actions.accept(s, a, researcher)
        actions.publish(s, a, editor)
        actions.reject(s, c, researcher, reason="not about civic space")
        s.commit()
        h = history(s, a)
        assert [v.revision.action for v in h.revisions] == [
            "created",
            "merged",
            "edited",
            "accepted",
            "published",
        ]
        assert {v.who for v in h.revisions} == {"machine", "researcher", "editor"}
        assert len(h.codings) == 2  # both documents' machine codings, untouched
        assert history_json(h)["revisions"][2]["reason"] == "no force"
        decisions = list(decisions_for_training(s))
    by_doc = {dec.document_id: dec for dec in decisions}
    assert len(decisions) == 3  # d is still proposed: no decision
    first, second, rejected = sorted(by_doc.values())
    assert first.machine["violations"] == ["arrest_detention", "excessive_force"]
    assert first.final["violations"] == ["arrest_detention"] and first.final["is_incident"]
    assert second.final["incident_id"] == a
    assert rejected.final == {
        "is_incident": False,
        "withdrawn": False,
        "incident_id": c,
        "decision": "rejected",
    }
    assert d
