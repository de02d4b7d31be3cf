"""Live questions: asking with no account, moderation (approve, merge, answer), one vote per
browser, the archive, CSRF on anonymous forms and the rate limit. Real app, both backends."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civicspace.errors import Conflict, InvalidInput
from civicspace.listen import questions as qa
from civicspace.settings import Settings
from civicspace.store.questions import QaEvent, Question, QuestionVote
from civicspace.web.app import create_app
from civicspace.web.public.i18n import direction
from tests.support.desk_client import login
from tests.support.questions import form_token, make_event, make_moderator, pending_ids
from tests.support.review import fast_hashes

__all__ = ["fast_hashes"]
BASE = "http://127.0.0.1"


def _ask(client: TestClient, slug: str, text: str, name: str = "") -> int:
    page = client.get(f"/events/{slug}")
    assert page.status_code == 200
    r = client.post(
        f"/events/{slug}/questions",
        data={"text": text, "name": name, "csrf_token": form_token(page.text)},
    )
    return r.status_code


def _moderate(desk: TestClient, csrf: str, event_id: int, qid: int, **form: str) -> int:
    r = desk.post(f"/desk/events/{event_id}/questions/{qid}", data={"csrf_token": csrf, **form})
    return r.status_code


def test_question_flow_merge_answer_and_votes(
    engine: Engine, settings: Settings, fast_hashes: None
) -> None:
    event_id = make_event(engine)
    make_moderator(engine)
    app = create_app(settings, engine)
    alice = TestClient(app, base_url=BASE, follow_redirects=False)
    bob = TestClient(app, base_url=BASE, follow_redirects=False)

    assert _ask(alice, "csw-dialogue", "How can donors protect activists online?", "Alice") == 303
    assert _ask(bob, "csw-dialogue", "How do donors protect online activists?") == 303
    assert _ask(bob, "csw-dialogue", "What about rural women's groups?") == 303
    first, dup, third = pending_ids(engine, event_id)

    # pending questions are not public
    public = alice.get("/events/csw-dialogue.json").json()
    assert public["questions"] == []
    assert "How can donors" not in alice.get("/events/csw-dialogue").text

    # a moderator approves; the public sees it
    desk, csrf = login(app, "moder")
    assert _moderate(desk, csrf, event_id, first, action="approve") == 303
    assert _moderate(desk, csrf, event_id, third, action="approve") == 303
    texts = [q["text"] for q in alice.get("/events/csw-dialogue.json").json()["questions"]]
    assert texts == ["How can donors protect activists online?", "What about rural women's groups?"]

    # bob votes for the third twice: counted once; alice votes for it too
    page = bob.get("/events/csw-dialogue").text
    vote = {"csrf_token": form_token(page)}
    assert bob.post(f"/events/csw-dialogue/questions/{third}/vote", data=vote).status_code == 303
    r = bob.post(
        f"/events/csw-dialogue/questions/{third}/vote",
        data=vote,
        headers={"Accept": "application/json"},
    )
    assert r.json() == {"counted": False}
    alice_vote = {"csrf_token": form_token(alice.get("/events/csw-dialogue").text)}
    assert (
        alice.post(f"/events/csw-dialogue/questions/{third}/vote", data=alice_vote).status_code
        == 303
    )
    votes = {
        q["id"]: q["votes"] for q in alice.get("/events/csw-dialogue.json").json()["questions"]
    }
    assert votes == {first: 0, third: 2}
    # the most voted question comes first
    assert alice.get("/events/csw-dialogue.json").json()["questions"][0]["id"] == third
    assert "You voted" in bob.get("/events/csw-dialogue").text

    # the duplicate got votes while pending? (votes only on approved questions)
    r = bob.post(
        f"/events/csw-dialogue/questions/{dup}/vote",
        data=vote,
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 409

    # bob votes for the first; merge the duplicate (with alice's vote moved) into it
    assert bob.post(f"/events/csw-dialogue/questions/{first}/vote", data=vote).status_code == 303
    with Session(engine) as db:
        db.add(QuestionVote(question_id=dup, voter=qa.voter_key("someone-else-entirely-x")))
        db.add(QuestionVote(question_id=dup, voter=_voter_of(db, first)))  # bob voted for both
        db.commit()
    assert _moderate(desk, csrf, event_id, dup, action="merge", into=str(first)) == 303
    with Session(engine) as db:
        merged = db.get(Question, dup)
        assert merged is not None
        assert merged.status == "merged" and merged.merged_into_id == first
        assert (
            db.scalar(select(func.count(QuestionVote.id)).where(QuestionVote.question_id == dup))
            == 0
        )
    votes = {
        q["id"]: q["votes"] for q in alice.get("/events/csw-dialogue.json").json()["questions"]
    }
    assert votes == {first: 2, third: 2}  # bob once, plus the other browser
    assert dup not in votes

    # mark answered: the answer is public beside the question, and it takes no more votes
    assert _moderate(
        desk, csrf, event_id, first, action="answer",
        answer="Fund secure communication and digital security training.",
    ) == 303  # fmt: skip
    answered = {q["id"]: q for q in alice.get("/events/csw-dialogue.json").json()["questions"]}
    assert answered[first]["answer"] == "Fund secure communication and digital security training."
    assert answered[first]["answered_at"]
    assert "Fund secure communication" in alice.get("/events/csw-dialogue").text

    # archive: the page stays published, with answers; no more questions or votes
    r = desk.post(f"/desk/events/{event_id}/state", data={"csrf_token": csrf, "state": "archived"})
    assert r.status_code == 303
    archived = alice.get("/events/csw-dialogue")
    assert archived.status_code == 200
    assert "Fund secure communication" in archived.text
    assert 'action="/events/csw-dialogue/questions"' not in archived.text
    token = alice_vote["csrf_token"]
    r = alice.post(
        "/events/csw-dialogue/questions",
        data={"text": "Too late for this one?", "csrf_token": token},
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 409
    assert "csw-dialogue" in alice.get("/events").text


def _voter_of(db: Session, question_id: int) -> str:
    return str(db.scalar(select(QuestionVote.voter).where(QuestionVote.question_id == question_id)))


def test_anonymous_forms_need_the_browsers_signed_token(engine: Engine, settings: Settings) -> None:
    make_event(engine)
    app = create_app(settings, engine)
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    token = form_token(client.get("/events/csw-dialogue").text)
    # no token, a made-up token, another browser's token: refused
    for bad in ("", "0" * 64):
        r = client.post(
            "/events/csw-dialogue/questions", data={"text": "A fair question?", "csrf_token": bad}
        )
        assert r.status_code == 403
    other = TestClient(app, base_url=BASE, follow_redirects=False)
    other.get("/events/csw-dialogue")
    r = other.post(
        "/events/csw-dialogue/questions", data={"text": "A fair question?", "csrf_token": token}
    )
    assert r.status_code == 403
    # a cross-site post is refused even with the right token
    r = client.post(
        "/events/csw-dialogue/questions",
        data={"text": "A fair question?", "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert r.status_code == 403
    assert (
        client.post(
            "/events/csw-dialogue/questions", data={"text": "A fair question?", "csrf_token": token}
        ).status_code
        == 303
    )
    # a question too short: the page again, the error said, the draft kept
    r = client.post(
        "/events/csw-dialogue/questions",
        data={"text": "Why", "name": "Ama", "csrf_token": token},
    )
    assert r.status_code == 422
    assert "question: at least 5 characters" in r.text and 'value="Ama"' in r.text
    # an error is never taken from the address bar
    assert "Call us now" not in client.get("/events/csw-dialogue?error=Call+us+now").text


def test_questions_are_rate_limited_per_connection(engine: Engine, database_url: str) -> None:
    from tests.support.loopback import loopback_settings

    make_event(engine)
    settings = loopback_settings(database_url=database_url, questions_per_hour=2)
    app = create_app(settings, engine)
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    token = form_token(client.get("/events/csw-dialogue").text)
    codes = [
        client.post(
            "/events/csw-dialogue/questions",
            data={"text": f"Question number {i}?", "csrf_token": token},
        ).status_code
        for i in range(3)
    ]
    assert codes == [303, 303, 429]


def test_moderation_needs_the_right(engine: Engine, settings: Settings, fast_hashes: None) -> None:
    from tests.support.review import make_users

    event_id = make_event(engine)
    make_users(engine)
    app = create_app(settings, engine)
    editor, csrf = login(app, "editor")
    assert editor.get("/desk/events").status_code == 403
    assert (
        editor.post(
            f"/desk/events/{event_id}/state", data={"csrf_token": csrf, "state": "live"}
        ).status_code
        == 403
    )
    anonymous = TestClient(app, base_url=BASE, follow_redirects=False)
    assert anonymous.get("/desk/events").status_code == 303  # to the login page
    admin, admin_csrf = login(app, "admin")  # admins hold every right
    assert admin.get("/desk/events").status_code == 200
    r = admin.post(
        "/desk/events",
        data={"csrf_token": admin_csrf, "slug": "gwg-2026", "title": "Gender working group",
              "starts_at": "2026-05-01T15:00", "speakers": "A. B.\nC. D."},
    )  # fmt: skip
    assert r.status_code == 303
    with Session(engine) as db:
        event = db.scalar(select(QaEvent).where(QaEvent.slug == "gwg-2026"))
        assert event is not None and event.speakers == ["A. B.", "C. D."]
        assert event.starts_at.tzinfo is not None


def test_domain_rules(engine: Engine) -> None:
    event_id = make_event(engine)
    with Session(engine) as db:
        event = db.get(QaEvent, event_id)
        assert event is not None
        for bad in ("", "abc", "x" * 1001):
            try:
                qa.ask(db, event, bad)
            except InvalidInput:
                pass
            else:
                raise AssertionError(f"accepted {bad[:10]!r}")
        a = qa.ask(db, event, "First question here?")
        b = qa.ask(db, event, "Second question here?")
        c = qa.ask(db, event, "Third question here?")
        before = event.revision
        qa.approve(db, a, "user:1")
        db.refresh(event)
        assert event.revision == before + 1
        qa.merge(db, c, b, "user:1")  # c into b: b (pending) is approved
        qa.merge(db, b, a, "user:1")  # b into a: c now points to a as well
        db.refresh(c)
        assert c.merged_into_id == a.id and b.merged_into_id == a.id
        try:
            qa.approve(db, b, "user:1")
        except Conflict:
            pass
        else:
            raise AssertionError("a merged question was approved")
        qa.set_state(db, event, "archived")
        try:
            qa.set_state(db, event, "live")
        except Conflict:
            pass
        else:
            raise AssertionError("an archived event was reopened")


def test_event_page_in_french_and_ready_for_rtl(engine: Engine, settings: Settings) -> None:
    make_event(engine)
    client = TestClient(create_app(settings, engine), base_url=BASE)
    page = client.get("/events/csw-dialogue?lang=fr").text
    assert "Poser une question" in page and "Aucune question n’a encore été approuvée." in page
    assert '<html lang="fr" dir="ltr">' in page
    assert direction("ar") == "rtl" and direction("he-IL") == "rtl" and direction("es") == "ltr"
    assert "Preguntas a los ponentes" in client.get("/events?lang=es").text
    # labelled fields, a live region for the list, a refresh without JavaScript
    assert '<label for="question-text">' in page
    assert 'role="status" aria-live="polite"' in page
    assert '<noscript><meta http-equiv="refresh" content="30"></noscript>' in page
