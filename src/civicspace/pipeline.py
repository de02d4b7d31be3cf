"""The pipeline: every stage named once, in order, each a function of ids.

    ingest → classify → cluster → review → publish → rate
    protect (a reviewer sends a secure submission) → review; planned: campaigns after publish

Listen (themes from interviews and essays) is an analysts' area beside the pipeline, not a
stage of it: ``civicspace listen themes`` runs it.

A machine stage takes ids (or a source id, or a batch of file paths), writes its result to the
store idempotently (stable content keys, ``ON CONFLICT DO NOTHING``, committed batches) and
returns a :class:`Handoff`: the ids the next stage should take. A rerun after a crash repeats
nothing and loses nothing, so each stage is safe to run as a retried job on many machines
(:mod:`civicspace.jobs`, PostgreSQL) or all in one process (:func:`run_inline`, the SQLite
default and ``make demo``). A stage's hand-off includes what an earlier, interrupted attempt
already recorded, so a retried job hands on everything its inputs produced.

Review and publish are people's decisions (the desk): no job runs them. ``STAGES`` is the one
place that says which stage follows which, with which queue and which lock.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from nacl.public import PrivateKey
from sqlalchemy import Engine, and_, exists, func, select
from sqlalchemy.orm import Session

from civicspace.classify.coder import Coder, get_coder
from civicspace.classify.run import classify_stored
from civicspace.errors import Conflict, InvalidInput
from civicspace.incidents.build import BuildParams, build_incidents
from civicspace.incidents.factory import lead_summary, new_incident
from civicspace.ingest.crawl import crawl
from civicspace.ingest.files import iter_items
from civicspace.ingest.items import Item
from civicspace.ingest.process import Limits
from civicspace.ingest.runner import run_items
from civicspace.privacy import redact as privacy_redact
from civicspace.privacy import scan as privacy_scan
from civicspace.protect import inbox
from civicspace.protect.vault import Vault
from civicspace.ratings import alerts
from civicspace.ratings.compute import compute_all
from civicspace.ratings.method import load_method
from civicspace.settings import Settings
from civicspace.sources.registry import due_sources
from civicspace.store.coding import Coding
from civicspace.store.incidents import Incident, IncidentDocument
from civicspace.store.models import Document, Source

StageKind = Literal["machine", "human", "planned"]


@dataclass(frozen=True)
class Handoff:
    """What one run of a stage produced: the ids it hands on, and its counts."""

    ids: list[int]
    counts: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """What every stage needs: the store and the settings (the coder is loaded once)."""

    engine: Engine
    settings: Settings
    coder_backend: str | None = None

    @cached_property
    def coder(self) -> Coder:
        return get_coder(self.coder_backend)


# -- the machine stages ------------------------------------------------------------------------


def _stored_ids(session: Session, condition: Any) -> list[int]:
    return list(
        session.scalars(
            select(Document.id).where(Document.outcome == "stored", condition).order_by(Document.id)
        )
    )


def ingest_source(ctx: Context, source_id: int, *, force: bool = False) -> Handoff:
    """Poll one source (if due, or ``force``); hands on its stored documents not yet coded."""
    now = datetime.now(UTC)
    with Session(ctx.engine) as session:
        source = session.get(Source, source_id)
        if source is None or not source.enabled:
            return Handoff([], {"skipped": "unknown or disabled source"})
        due = {s.id for s in due_sources(session, now)}
    counts: dict[str, Any] = {}
    if force or source_id in due:
        report = asyncio.run(
            crawl(engine=ctx.engine, settings=ctx.settings, source_ids=[source_id])
        )
        counts = report.as_dict()
    else:
        counts["skipped"] = "not due"
    uncoded = ~exists().where(Coding.document_id == Document.id)
    with Session(ctx.engine) as session:
        ids = _stored_ids(session, and_(Document.source_id == source_id, uncoded))
    return Handoff(ids, counts)


def _keys_of(items: Iterable[Item], keys: list[str]) -> Iterator[Item]:
    for item in items:
        keys.append(item.input_key)
        yield item


def import_files(ctx: Context, paths: Sequence[Path]) -> Handoff:
    """Import a batch of local files; hands on every stored document among their inputs."""
    keys: list[str] = []
    s = ctx.settings
    with Session(ctx.engine, expire_on_commit=False) as session:
        report = run_items(
            session,
            _keys_of(iter_items(list(paths), s.fetch_max_bytes), keys),
            limits=Limits(s.min_text_chars, s.max_text_chars),
            near_threshold=s.near_duplicate_threshold,
            workers=1,
        )
        ids: list[int] = []
        for start in range(0, len(keys), 500):
            ids += _stored_ids(session, Document.input_key.in_(keys[start : start + 500]))
    return Handoff(sorted(set(ids)), report.as_dict())


def classify_documents(ctx: Context, document_ids: Collection[int]) -> Handoff:
    """Code the given documents (those not coded by this coder version); hands on the ones
    whose coding says incident and that belong to no incident yet."""
    coder = ctx.coder
    counts = classify_stored(ctx.engine, coder, document_ids=document_ids)
    wanted = sorted(set(document_ids))
    in_incident = exists().where(IncidentDocument.document_id == Coding.document_id)
    ids: list[int] = []
    with Session(ctx.engine) as session:
        for start in range(0, len(wanted), 500):
            ids += session.scalars(
                select(Coding.document_id)
                .where(
                    Coding.document_id.in_(wanted[start : start + 500]),
                    Coding.coder == coder.name,
                    Coding.coder_version == coder.version,
                    Coding.is_incident.is_(True),
                    ~in_incident,
                )
                .distinct()
            )
    return Handoff(sorted(ids), counts)


def cluster_documents(ctx: Context, document_ids: Collection[int] = ()) -> Handoff:
    """Cluster every pending incident document (``document_ids`` among them) into incidents.

    Clustering compares a document with the incidents near its date, so it runs as one batch
    over everything pending, one run at a time (the lock ``cluster``): a run started for some
    ids also takes the ids of runs queued behind it. Hands on the incidents it opened or grew.
    """
    report = build_incidents(ctx.engine, BuildParams(coder=ctx.coder.name))
    counts = report.as_dict()
    counts["requested"] = len(document_ids)
    return Handoff(sorted(set(report.incidents)), counts)


def rate_day(ctx: Context, day: date | None = None) -> Handoff:
    """Score every rated country on ``day`` (default today); hands on proposed band changes."""
    as_of = day or datetime.now(UTC).date()
    with Session(ctx.engine) as session:
        report = compute_all(session, load_method(), as_of)
        session.commit()
    return Handoff(
        sorted(report.proposed),
        {"as_of": as_of.isoformat(), "outcomes": dict(report.outcomes)},
    )


def send_alerts(ctx: Context) -> Handoff:
    """Send the rating alerts not sent yet (band changes, watchlist) to their subscribers; the
    step after rating, run by a worker on ``jobs_alerts_cron`` or inline after ``rate``."""
    with Session(ctx.engine) as session:
        report = alerts.dispatch(session, ctx.settings)
        session.commit()
    return Handoff([], {"outcomes": dict(report.outcomes), "errors": report.errors[:20]})


def alerts_configured(ctx: Context) -> bool:
    with Session(ctx.engine) as session:
        return alerts.configured(session)


def awaiting_review(ctx: Context) -> int:
    """Proposed incidents waiting for a reviewer (the hand-over to the desk)."""
    with Session(ctx.engine) as session:
        return int(
            session.scalar(select(func.count(Incident.id)).where(Incident.state == "proposed")) or 0
        )


# -- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """One stage: what it takes, what it hands on, where its jobs queue and what they lock."""

    name: str
    kind: StageKind
    takes: str
    hands_on: str
    run: Callable[..., Handoff] | None = None
    queue: str | None = None
    lock: str | None = None  # a pattern: {host}, {source_id} are filled in per job
    queueing_lock: str | None = None
    next: str | None = None


STAGES: tuple[Stage, ...] = (
    Stage(
        "ingest",
        "machine",
        takes="a source id (poll) or a batch of file paths (import)",
        hands_on="stored document ids",
        run=ingest_source,
        queue="ingest",
        lock="host:{host}",
        queueing_lock="source:{source_id}",
        next="classify",
    ),
    Stage(
        "classify",
        "machine",
        takes="document ids",
        hands_on="ids of documents coded as incidents",
        run=classify_documents,
        queue="classify",
        next="cluster",
    ),
    Stage(
        "cluster",
        "machine",
        takes="incident document ids (runs over everything pending)",
        hands_on="incident ids opened or grown",
        run=cluster_documents,
        queue="cluster",
        lock="cluster",
        queueing_lock="cluster",
        next="review",
    ),
    Stage(
        "protect",
        "human",
        takes="secure submissions whose sender agreed (a reviewer sends one)",
        hands_on="proposed incident ids (provenance submission)",
        next="review",
    ),
    Stage("review", "human", takes="proposed incident ids", hands_on="accepted incident ids"),
    Stage("publish", "human", takes="accepted incident ids", hands_on="published incident ids"),
    Stage(
        "campaigns",
        "planned",
        takes="published incident ids",
        hands_on="campaign actions",
    ),
    Stage(
        "rate",
        "machine",
        takes="a day",
        hands_on="proposed band change ids (for the ratings panel)",
        run=rate_day,
        queue="rate",
        lock="rate",
        queueing_lock="rate",
    ),
)
STAGE_BY_NAME = {s.name: s for s in STAGES}


def stage(name: str) -> Stage:
    return STAGE_BY_NAME[name]


# -- one process -------------------------------------------------------------------------------


@dataclass
class PipelineReport:
    """Counts per stage of one inline run."""

    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, name: str, handoff: Handoff) -> None:
        entry = self.stages.setdefault(name, {"handed_on": 0, "runs": 0})
        entry["handed_on"] += len(handoff.ids)
        entry["runs"] += 1
        entry["last"] = handoff.counts

    def as_dict(self) -> dict[str, Any]:
        return {"stages": self.stages, "seconds": round(self.seconds, 3)}


def run_inline(
    ctx: Context,
    *,
    paths: Sequence[Path] = (),
    poll: bool = False,
    source_ids: Sequence[int] = (),
    rate: date | None = None,
    on_stage: Callable[[str, Handoff], None] | None = None,
) -> PipelineReport:
    """The whole pipeline in this process: import ``paths`` and poll due sources (with
    ``poll``) or ``source_ids``, then classify, cluster, and rate ``rate`` when given (then
    send the rating alerts, when anyone subscribed).

    Classify and cluster take everything pending, not only what this run ingested, so an
    inline run also finishes what an interrupted one left.
    """
    started = time.perf_counter()
    report = PipelineReport()

    def done(name: str, handoff: Handoff) -> None:
        report.add(name, handoff)
        if on_stage is not None:
            on_stage(name, handoff)

    if paths:
        done("ingest", import_files(ctx, paths))
    ids = list(source_ids)
    if poll:
        with Session(ctx.engine) as session:
            ids += [s.id for s in due_sources(session, datetime.now(UTC))]
    for source_id in dict.fromkeys(ids):
        done("ingest", ingest_source(ctx, source_id, force=source_id in source_ids))
    counts = classify_stored(ctx.engine, ctx.coder)
    done("classify", Handoff([], counts))
    done("cluster", cluster_documents(ctx))
    done("review", Handoff([], {"awaiting_review": awaiting_review(ctx)}))
    if rate is not None:
        done("rate", rate_day(ctx, rate))
        if alerts_configured(ctx):
            done("alerts", send_alerts(ctx))
    report.seconds = time.perf_counter() - started
    return report


# -- protect: a secure submission becomes a report on the review desk ------------------------


def report_from_submission(
    session: Session, vault: Vault, submission_id: str, private: PrivateKey, actor: str
) -> Incident:
    """A proposed incident (provenance ``submission``) from a submission whose sender agreed.

    The sender's words pass the privacy gate's detectors first: every name, phone number,
    address, ID number, coordinate and plate found is replaced by ``[kind]`` before anything is
    written in the clear, so the incident holds no more than a redacted account. The opening and
    the link are written to the custody log under ``actor``; the caller commits.
    """
    opened = inbox.open_submission(session, vault, submission_id, private, actor)
    if not opened.summary.may_become_incident:
        raise Conflict("the sender did not agree that this submission may become an incident")
    if opened.summary.incident_id is not None:
        raise Conflict(f"this submission is already incident {opened.summary.incident_id}")
    text = "\n\n".join(m.text for m in opened.messages if m.direction == "sender").strip()
    if not text:
        raise InvalidInput("the submission has no text to report")
    redacted = privacy_redact(text, privacy_scan({"text": text}))
    incident = new_incident(
        session,
        {
            "title": redacted.split("\n", 1)[0],
            "summary": lead_summary(redacted),
            "country": opened.summary.country,
        },
        provenance="submission",
        actor=actor,
        action="created",
        reason="a secure submission whose sender agreed it may become an incident",
    )
    inbox.set_incident(session, vault, submission_id, incident.id, actor)
    return incident
