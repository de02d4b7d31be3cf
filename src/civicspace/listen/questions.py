"""Live questions to speakers: events, questions sent with no account, moderation, votes.

An event moves ``open`` (questions are taken before it starts) → ``live`` (questions are still
taken and answered) → ``archived`` (nothing more is taken; the page stays published with every
answered and approved question). Anyone sends a question; it waits (``pending``) until a
moderator approves, rejects or merges it into another. Merging moves the duplicate's votes to
the survivor (one browser that voted for both counts once) and points the duplicate, and every
question already merged into it, at the survivor. Answering records the answer's text.

Nothing about the sender is stored but the text and an optional display name; a vote stores
only a hash of a random per-browser id (:func:`voter_key`). Every change a reader would see
raises the event's ``revision`` in the same transaction, so a live page (server-sent events)
redraws when, and only when, something changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.store.base import utcnow
from civicspace.store.questions import EVENT_STATES, QaEvent, Question, QuestionVote
from civicspace.store.upsert import insert_ignore

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
MIN_QUESTION = 5
MAX_QUESTION = 1000
MAX_NAME = 80
MAX_ANSWER = 10_000
TAKES_QUESTIONS = ("open", "live")


@dataclass(frozen=True)
class PublicQuestion:
    """What the public page shows of an approved question."""

    id: int
    text: str
    name: str | None
    votes: int
    answer: str | None
    answered_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class ModeratedQuestion:
    """What moderators see: every question, its state and what it was merged into."""

    id: int
    text: str
    name: str | None
    status: str
    votes: int
    merged_into_id: int | None
    answer: str | None
    created_at: datetime


def voter_key(browser_id: str) -> str:
    """The stored form of a browser's random id: its SHA-256 (the id never reaches the store)."""
    return hashlib.sha256(browser_id.encode("utf-8")).hexdigest()


def _clean(text: str, limit: int, what: str, minimum: int = 1) -> str:
    value = " ".join(text.split()) if "\n" not in text else text.strip()
    if len(value) < minimum:
        raise InvalidInput(f"{what}: at least {minimum} characters")
    if len(value) > limit:
        raise InvalidInput(f"{what}: at most {limit} characters")
    return value


# ---------------------------------------------------------------- events


def create_event(
    db: Session,
    slug: str,
    title: str,
    starts_at: datetime,
    speakers: list[str] | None = None,
    description: str = "",
) -> QaEvent:
    """A new event taking questions (``open``); the caller commits."""
    slug = slug.strip().lower()
    if not SLUG.match(slug):
        raise InvalidInput("slug: 2–64 characters, lowercase letters, digits and '-'")
    if db.scalar(select(func.count(QaEvent.id)).where(QaEvent.slug == slug)):
        raise Conflict(f"an event {slug!r} already exists")
    names = [_clean(s, 200, "speaker") for s in (speakers or []) if s.strip()]
    event = QaEvent(
        slug=slug,
        title=_clean(title, 300, "title", 3),
        description=description.strip()[:5000],
        speakers=names,
        starts_at=starts_at,
        state="open",
        revision=0,
        created_at=utcnow(),
    )
    db.add(event)
    db.flush()
    return event


def get_event(db: Session, slug: str) -> QaEvent:
    event = db.scalar(select(QaEvent).where(QaEvent.slug == slug))
    if event is None:
        raise NotFound(f"no event {slug!r}")
    return event


def event_by_id(db: Session, event_id: int) -> QaEvent:
    event = db.get(QaEvent, event_id)
    if event is None:
        raise NotFound(f"no event {event_id}")
    return event


def events(db: Session) -> list[QaEvent]:
    """Every event, the soonest to come first, then the archive newest first."""
    rows = list(db.scalars(select(QaEvent).order_by(QaEvent.starts_at.desc())))
    current = sorted((e for e in rows if e.state != "archived"), key=lambda e: e.starts_at)
    return current + [e for e in rows if e.state == "archived"]


def touch(db: Session, event_id: int) -> None:
    """Raise the event's revision (atomic: concurrent changes never lose a step)."""
    db.execute(update(QaEvent).where(QaEvent.id == event_id).values(revision=QaEvent.revision + 1))


def revision(db: Session, event_id: int) -> int | None:
    """The event's revision, or None when it no longer exists."""
    return db.scalar(select(QaEvent.revision).where(QaEvent.id == event_id))


def set_state(db: Session, event: QaEvent, state: str) -> None:
    """Move the event to ``state``; an archived event stays archived."""
    if state not in EVENT_STATES:
        raise InvalidInput(f"state: one of {', '.join(EVENT_STATES)}")
    if event.state == "archived" and state != "archived":
        raise Conflict("an archived event is not reopened")
    event.state = state
    db.flush()
    touch(db, event.id)


# ---------------------------------------------------------------- questions


def ask(db: Session, event: QaEvent, text: str, name: str = "") -> Question:
    """A question from anyone, waiting for moderation; the caller commits."""
    if event.state not in TAKES_QUESTIONS:
        raise Conflict("this event no longer takes questions")
    question = Question(
        event_id=event.id,
        text=_clean(text, MAX_QUESTION, "question", MIN_QUESTION),
        name=" ".join(_clean(name, MAX_NAME, "name").split()) if name.strip() else None,
        status="pending",
        created_at=utcnow(),
    )
    db.add(question)
    db.flush()
    return question


def get_question(db: Session, event: QaEvent, question_id: int) -> Question:
    question = db.get(Question, question_id)
    if question is None or question.event_id != event.id:
        raise NotFound(f"no question {question_id} in this event")
    return question


def _moderated(question: Question, who: str) -> None:
    question.moderated_at = utcnow()
    question.moderated_by = who[:32]


def approve(db: Session, question: Question, who: str) -> None:
    if question.status == "merged":
        raise Conflict("a merged question is not approved: approve the one it was merged into")
    question.status = "approved"
    _moderated(question, who)
    db.flush()
    touch(db, question.event_id)


def reject(db: Session, question: Question, who: str) -> None:
    if question.status == "merged":
        raise Conflict("a merged question is already off the page")
    question.status = "rejected"
    _moderated(question, who)
    db.flush()
    touch(db, question.event_id)


def merge(db: Session, duplicate: Question, survivor: Question, who: str) -> None:
    """Merge ``duplicate`` into ``survivor``: votes combined (a browser counts once), the
    duplicate and everything merged into it point to the survivor, which is approved."""
    if duplicate.id == survivor.id:
        raise InvalidInput("a question cannot be merged into itself")
    if duplicate.event_id != survivor.event_id:
        raise InvalidInput("both questions must belong to the same event")
    if survivor.status in ("merged", "rejected"):
        raise Conflict(f"question {survivor.id} is {survivor.status}: choose another survivor")
    voters = list(
        db.scalars(select(QuestionVote.voter).where(QuestionVote.question_id == duplicate.id))
    )
    rows = [{"question_id": survivor.id, "voter": v, "created_at": utcnow()} for v in voters]
    insert_ignore(db, QuestionVote.__table__, rows, ["question_id", "voter"])  # type: ignore[arg-type]
    db.query(QuestionVote).filter(QuestionVote.question_id == duplicate.id).delete()
    db.execute(
        update(Question)
        .where(Question.merged_into_id == duplicate.id)
        .values(merged_into_id=survivor.id)
    )
    duplicate.status = "merged"
    duplicate.merged_into_id = survivor.id
    _moderated(duplicate, who)
    if survivor.status == "pending":
        survivor.status = "approved"
        _moderated(survivor, who)
    db.flush()
    touch(db, survivor.event_id)


def answer(db: Session, question: Question, text: str, who: str) -> None:
    """Mark ``question`` answered with the answer's text (approving it if it was pending)."""
    if question.status in ("merged", "rejected"):
        raise Conflict(f"question {question.id} is {question.status}")
    question.answer = _clean(text, MAX_ANSWER, "answer")
    question.answered_at = utcnow()
    question.status = "approved"
    _moderated(question, who)
    db.flush()
    touch(db, question.event_id)


def vote(db: Session, event: QaEvent, question: Question, voter: str) -> bool:
    """One upvote per browser (``voter`` from :func:`voter_key`); False when already counted."""
    if event.state not in TAKES_QUESTIONS:
        raise Conflict("votes are closed: the event is archived")
    if question.status != "approved" or question.answer is not None:
        raise Conflict("only approved, unanswered questions take votes")
    before = _count(db, question.id)
    insert_ignore(
        db,
        QuestionVote.__table__,  # type: ignore[arg-type]
        [{"question_id": question.id, "voter": voter, "created_at": utcnow()}],
        ["question_id", "voter"],
    )
    counted = _count(db, question.id) > before
    if counted:
        touch(db, event.id)
    return counted


def _count(db: Session, question_id: int) -> int:
    return int(
        db.scalar(
            select(func.count(QuestionVote.id)).where(QuestionVote.question_id == question_id)
        )
        or 0
    )


def _votes(db: Session, event_id: int) -> dict[int, int]:
    rows = db.execute(
        select(QuestionVote.question_id, func.count(QuestionVote.id))
        .join(Question, Question.id == QuestionVote.question_id)
        .where(Question.event_id == event_id)
        .group_by(QuestionVote.question_id)
    )
    return {int(qid): int(n) for qid, n in rows}


def voted_by(db: Session, event_id: int, voter: str) -> set[int]:
    """The questions of the event this browser already voted for."""
    rows = db.scalars(
        select(QuestionVote.question_id)
        .join(Question, Question.id == QuestionVote.question_id)
        .where(Question.event_id == event_id, QuestionVote.voter == voter)
    )
    return {int(q) for q in rows}


def public_questions(db: Session, event: QaEvent) -> list[PublicQuestion]:
    """Approved questions: the most voted first (then the oldest), answered ones included."""
    votes = _votes(db, event.id)
    rows = db.scalars(
        select(Question).where(Question.event_id == event.id, Question.status == "approved")
    )
    found = [
        PublicQuestion(
            id=q.id,
            text=q.text,
            name=q.name,
            votes=votes.get(q.id, 0),
            answer=q.answer,
            answered_at=q.answered_at,
            created_at=q.created_at,
        )
        for q in rows
    ]
    return sorted(found, key=lambda q: (-q.votes, q.created_at, q.id))


def moderation_queue(db: Session, event: QaEvent) -> list[ModeratedQuestion]:
    """Every question of the event for moderators: pending first, then by votes."""
    votes = _votes(db, event.id)
    order = {"pending": 0, "approved": 1, "merged": 2, "rejected": 3}
    rows = db.scalars(select(Question).where(Question.event_id == event.id))
    found = [
        ModeratedQuestion(
            id=q.id,
            text=q.text,
            name=q.name,
            status=q.status,
            votes=votes.get(q.id, 0),
            merged_into_id=q.merged_into_id,
            answer=q.answer,
            created_at=q.created_at,
        )
        for q in rows
    ]
    return sorted(found, key=lambda q: (order.get(q.status, 9), -q.votes, q.created_at, q.id))
