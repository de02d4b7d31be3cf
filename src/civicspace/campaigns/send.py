"""Send a due campaign: threshold met → every pledge posted concurrently, one outcome each.

Idempotent by claims in the database, never by memory:

1. The campaign moves ``open → sending`` (threshold met) or ``open → missed`` (nothing posted,
   every live pledge marked ``missed``, supporters with an e-mail told).
2. Pledges are claimed in one statement (``pledged → sending``, ``claimed_at``) before any post,
   so a second runner finds nothing to claim; a revoked pledge is never claimed.
3. Each post runs in a thread pool, at most ``CIVICSPACE_CAMPAIGN_CONCURRENCY`` per instance,
   retried on network, server and rate-limit failures with exponential backoff, with an
   ``Idempotency-Key`` of the pledge so a retried Mastodon post lands once.
4. Each outcome is written as it arrives, guarded by ``status = 'sending'``: ``posted`` (URL),
   ``failed`` (reason) or ``token_expired``.
5. Supporters who pledged by e-mail (``network = 'email'``) are claimed the same way and, at the
   same moment as the posts, e-mailed their post with one-click share links
   (:mod:`.intents`) and the image's address: outcome ``emailed`` (the address is then
   erased) or ``failed``. When the threshold is missed they only get the "missed" notice.
6. A claim left ``sending`` for over :data:`STALE_CLAIM_S` by a crashed run is never posted
   again (it might have landed): it is closed as ``failed`` with that reason. When no claim is
   open the campaign is ``sent`` and every sealed token is set to NULL.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from nacl.secret import SecretBox
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from civicspace.campaigns import oauth
from civicspace.campaigns.intents import intents
from civicspace.campaigns.model import Variant
from civicspace.campaigns.pledges import LIVE, UNCONFIRMED, supporters
from civicspace.campaigns.tokens import token_box, unseal
from civicspace.errors import NotFound
from civicspace.notify import DeliveryError, Notice, send_email
from civicspace.notify.social import Account, Poster, RetryableDelivery, TokenRejected
from civicspace.settings import Settings
from civicspace.store.campaigns import FALLBACK, NETWORKS, Campaign, Pledge

log = logging.getLogger(__name__)
INTERRUPTED = "interrupted while sending: not posted again, it may have landed"
MAX_RETRY_WAIT_S = 30.0
STALE_CLAIM_S = 600.0  # longer than any run's retries: a younger claim belongs to a live run


@dataclass
class SendReport:
    """What one run did to one campaign."""

    campaign: str
    state: str
    supporters: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    first_post_at: datetime | None = None
    last_post_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign,
            "state": self.state,
            "supporters": self.supporters,
            "outcomes": dict(self.outcomes),
        }


@dataclass(frozen=True)
class _Job:
    pledge_id: int
    network: str
    account: Account
    text: str
    key: str


@dataclass(frozen=True)
class _Outcome:
    status: str
    url: str | None
    reason: str | None
    attempts: int
    at: datetime


def due_campaigns(session: Session, now: datetime) -> list[str]:
    """Slugs of campaigns whose send time has come and that are not finished."""
    return list(
        session.scalars(
            select(Campaign.slug)
            .where(Campaign.send_at <= now, Campaign.state.in_(("open", "sending")))
            .order_by(Campaign.send_at)
        )
    )


def send_due(
    engine: Engine,
    settings: Settings,
    posters: Mapping[str, Poster],
    now: datetime | None = None,
) -> list[SendReport]:
    """Send every due campaign (the job and ``civicspace campaigns send-due``)."""
    now = now or datetime.now(UTC)
    token_box(settings)  # refuse to run at all without the key
    with Session(engine) as session:
        slugs = due_campaigns(session, now)
    return [send_campaign(engine, settings, slug, posters, now) for slug in slugs]


def send_campaign(
    engine: Engine,
    settings: Settings,
    slug: str,
    posters: Mapping[str, Poster],
    now: datetime | None = None,
) -> SendReport:
    """Send ``slug`` if due; a rerun posts nothing twice (see the module docstring)."""
    now = now or datetime.now(UTC)
    box = token_box(settings)
    with Session(engine) as session, session.begin():
        campaign = session.scalar(select(Campaign).where(Campaign.slug == slug))
        if campaign is None:
            raise NotFound(f"no campaign {slug!r}")
        report = SendReport(slug, campaign.state, supporters(session, campaign.id))
        if campaign.state in ("sent", "missed") or campaign.send_at > now:
            return report
        campaign_id = campaign.id
        if campaign.state == "open" and report.supporters < campaign.threshold:
            _miss(session, campaign, now)
            report.state = "missed"
            emails = _missed_emails(session, campaign_id)
            title = campaign.title
        else:
            emails, title = [], campaign.title
            campaign.state = "sending"
    if report.state == "missed":
        report.outcomes["missed"] = report.supporters
        _tell_missed(settings, slug, title, emails, now)
        return report
    _close_interrupted(engine, campaign_id)
    jobs = _claim(engine, campaign_id, box, slug, now)
    letters = _claim_fallbacks(engine, campaign_id)
    mailed: Counter[str] = Counter()
    mailer = threading.Thread(
        target=_send_fallbacks,
        args=(engine, settings, slug, letters, mailed, now),
        name="campaign-fallback",
    )
    mailer.start()  # the e-mails go out while the posts do
    try:
        _post_all(engine, settings, jobs, posters, report)
    finally:
        mailer.join()
    report.outcomes.update(mailed)
    _finish(engine, campaign_id, report)
    return report


def _miss(session: Session, campaign: Campaign, now: datetime) -> None:
    campaign.state = "missed"
    campaign.sent_at = now
    session.execute(
        update(Pledge)
        .where(Pledge.campaign_id == campaign.id, Pledge.status == "pledged")
        .values(status="missed", reason="threshold not reached: nothing was posted")
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Pledge)
        .where(Pledge.campaign_id == campaign.id)
        .values(token_box=None)
        .execution_options(synchronize_session=False)
    )
    _forget_unconfirmed(session, campaign.id)


def _missed_emails(session: Session, campaign_id: int) -> list[str]:
    return [
        e
        for e in session.scalars(
            select(Pledge.email).where(Pledge.campaign_id == campaign_id, Pledge.status == "missed")
        )
        if e
    ]


def _tell_missed(
    settings: Settings, slug: str, title: str, emails: list[str], now: datetime
) -> None:
    """Tell supporters who left an address that nothing was posted (best effort)."""
    for address in emails:
        notice = Notice(
            kind="campaign.missed",
            key=f"campaign:{slug}:missed:{address}",
            at=now,
            subject=f"[civicspace] {title}: not enough supporters, nothing was posted",
            payload={"campaign": slug, "outcome": "threshold not reached; nothing was posted"},
        )
        try:
            send_email(settings, address, notice)
        except DeliveryError as exc:
            log.warning("campaign %s: could not tell a supporter: %s", slug, exc)


def _close_interrupted(engine: Engine, campaign_id: int) -> None:
    stale = datetime.fromtimestamp(time.time() - STALE_CLAIM_S, UTC)
    with Session(engine) as session, session.begin():
        session.execute(
            update(Pledge)
            .where(Pledge.campaign_id == campaign_id, Pledge.status == "sending")
            .where(Pledge.claimed_at < stale)
            .values(status="failed", reason=INTERRUPTED, token_box=None)
            .execution_options(synchronize_session=False)
        )


def _claim(
    engine: Engine, campaign_id: int, box: SecretBox, slug: str, now: datetime
) -> list[_Job]:
    """Claim every pledged account in one statement; only the claimer posts them."""
    with Session(engine) as session, session.begin():
        rows = session.execute(
            update(Pledge)
            .where(Pledge.campaign_id == campaign_id, Pledge.status == "pledged")
            .where(Pledge.network.in_(NETWORKS))
            .values(status="sending", claimed_at=datetime.now(UTC))
            .returning(
                Pledge.id,
                Pledge.network,
                Pledge.instance,
                Pledge.handle,
                Pledge.text,
                Pledge.token_box,
            )
            .execution_options(synchronize_session=False)
        ).all()
    jobs = []
    for pid, network, instance, handle, text, sealed in rows:
        token = unseal(box, sealed) if sealed is not None else ""
        jobs.append(
            _Job(pid, network, Account(instance, handle, token), text, f"civicspace-{slug}-{pid}")
        )
    return jobs


@dataclass(frozen=True)
class _Letter:
    pledge_id: int
    email: str
    text: str
    link: str | None
    networks: list[str]
    instance: str
    title: str
    image_url: str | None


def _claim_fallbacks(engine: Engine, campaign_id: int) -> list[_Letter]:
    """Claim every e-mail pledge (``pledged → sending``) with what its letter needs."""
    with Session(engine) as session, session.begin():
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None
        rows = session.execute(
            update(Pledge)
            .where(Pledge.campaign_id == campaign_id, Pledge.status == "pledged")
            .where(Pledge.network == FALLBACK)
            .values(status="sending", claimed_at=datetime.now(UTC))
            .returning(
                Pledge.id,
                Pledge.email,
                Pledge.text,
                Pledge.language,
                Pledge.share_networks,
                Pledge.instance,
            )
            .execution_options(synchronize_session=False)
        ).all()
        image_url = f"/campaigns/{campaign.slug}/image" if campaign.image_type else None
        variants = {k: Variant.from_dict(v) for k, v in campaign.messages.items()}
        title = campaign.title
    letters = []
    for pid, email, text, language, networks, instance in rows:
        variant = variants.get(language)
        letters.append(
            _Letter(
                pid,
                email or "",
                text,
                variant.link if variant else None,
                list(networks or []),
                instance or "",
                title,
                image_url,
            )
        )
    return letters


def fallback_notice(settings: Settings, slug: str, letter: _Letter, now: datetime) -> Notice:
    """The e-mail of one supporter: the post, one share link per chosen network, the image."""
    site = settings.site_url.rstrip("/")
    payload: dict[str, Any] = {"post": "\n" + letter.text + "\n"}
    for intent in intents(letter.networks, letter.text, letter.link, letter.instance):
        payload[f"post on {intent.name}"] = intent.url
    if letter.image_url:
        payload["image (to attach)"] = site + letter.image_url
    payload["campaign"] = f"{site}/campaigns/{slug}"
    return Notice(
        kind="campaign.share",
        key=f"campaign:{slug}:share:{letter.pledge_id}",
        at=now,
        subject=f"[civicspace] {letter.title}: it is time, your post is ready",
        payload=payload,
    )


FALLBACK_WORKERS = 8  # e-mails in flight at once to the SMTP relay


def _send_fallbacks(
    engine: Engine,
    settings: Settings,
    slug: str,
    letters: list[_Letter],
    outcomes: Counter[str],
    now: datetime,
) -> None:
    """E-mail every claimed fallback pledge, a few at once; one outcome each, and the address
    erased after."""
    if not letters:
        return

    def deliver(letter: _Letter) -> tuple[str, str | None]:
        try:
            send_email(settings, letter.email, fallback_notice(settings, slug, letter, now))
            return "emailed", None
        except DeliveryError as exc:
            return "failed", str(exc)
        except Exception as exc:  # an outcome is recorded whatever happens
            return "failed", f"e-mail: unexpected {type(exc).__name__}: {exc}"

    workers = min(FALLBACK_WORKERS, len(letters))
    with (
        ThreadPoolExecutor(max_workers=workers, thread_name_prefix="campaign-mail") as pool,
        Session(engine) as session,
    ):
        futures = {pool.submit(deliver, letter): letter for letter in letters}
        for n, future in enumerate(as_completed(futures), 1):
            status, reason = future.result()
            session.execute(
                update(Pledge)
                .where(Pledge.id == futures[future].pledge_id, Pledge.status == "sending")
                .values(
                    status=status,
                    reason=reason,
                    attempts=Pledge.attempts + 1,
                    posted_at=datetime.now(UTC) if status == "emailed" else None,
                    email=None,
                )
                .execution_options(synchronize_session=False)
            )
            outcomes[status] += 1
            if n % 50 == 0:
                session.commit()
        session.commit()


def _attempt(
    poster: Poster | None, job: _Job, retries: int, backoff: float, sleep: Callable[[float], None]
) -> _Outcome:
    """Post one pledge with retries; always an outcome, never an exception."""
    if poster is None:
        return _Outcome("failed", None, f"no poster for {job.network}", 0, datetime.now(UTC))
    if not job.account.token:
        return _Outcome("token_expired", None, "no token stored", 0, datetime.now(UTC))
    attempts = 0
    while True:
        attempts += 1
        try:
            url = poster.post(job.account, job.text, job.key)
            return _Outcome("posted", url, None, attempts, datetime.now(UTC))
        except TokenRejected as exc:
            return _Outcome("token_expired", None, str(exc), attempts, datetime.now(UTC))
        except RetryableDelivery as exc:
            wait = max(exc.retry_after, backoff * 2 ** (attempts - 1))
            if attempts >= retries or wait > MAX_RETRY_WAIT_S:
                return _Outcome("failed", None, str(exc), attempts, datetime.now(UTC))
            sleep(wait)
        except DeliveryError as exc:
            return _Outcome("failed", None, str(exc), attempts, datetime.now(UTC))
        except Exception as exc:  # a client library bug must not lose the outcome
            reason = f"{job.network}: unexpected {type(exc).__name__}: {exc}"
            return _Outcome(
                "failed", None, reason.splitlines()[0][:300], attempts, datetime.now(UTC)
            )


def _post_all(
    engine: Engine,
    settings: Settings,
    jobs: list[_Job],
    posters: Mapping[str, Poster],
    report: SendReport,
) -> None:
    """Post every claimed job, at most ``campaign_concurrency`` per instance at once."""
    if not jobs:
        return
    per = max(1, settings.campaign_concurrency)
    gates: dict[str, threading.Semaphore] = {}
    for job in jobs:
        gates.setdefault(job.account.instance, threading.Semaphore(per))

    def run(job: _Job) -> _Outcome:
        with gates[job.account.instance]:
            return _attempt(
                posters.get(job.network),
                job,
                max(1, settings.campaign_retries),
                settings.campaign_backoff,
                time.sleep,
            )

    workers = min(len(jobs), per * len(gates))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="campaign") as pool:
        futures: dict[Future[_Outcome], _Job] = {pool.submit(run, j): j for j in jobs}
        with Session(engine) as session:
            for n, future in enumerate(as_completed(futures), 1):
                job, outcome = futures[future], future.result()
                _record(session, job.pledge_id, outcome)
                report.outcomes[outcome.status] += 1
                if outcome.status == "posted":
                    if report.first_post_at is None or outcome.at < report.first_post_at:
                        report.first_post_at = outcome.at
                    if report.last_post_at is None or outcome.at > report.last_post_at:
                        report.last_post_at = outcome.at
                if n % 50 == 0:
                    session.commit()
            session.commit()
    _revoke_used(engine, settings, [j for j in jobs if j.network == "mastodon"])


def _revoke_used(engine: Engine, settings: Settings, jobs: list[_Job]) -> None:
    """After the posts, revoke at its instance every Mastodon token that came through the
    site's OAuth app there (best effort, after every post has gone: it delays none)."""
    with Session(engine) as session:
        apps = oauth.instance_apps(session, settings, {j.account.instance for j in jobs})
    todo = [j for j in jobs if j.account.token and j.account.instance in apps]
    if not todo:
        return
    per = max(1, settings.campaign_concurrency)
    with ThreadPoolExecutor(max_workers=min(len(todo), per), thread_name_prefix="revoke") as pool:
        for job in todo:
            pool.submit(
                oauth.revoke_token,
                settings,
                job.account.instance,
                apps[job.account.instance],
                job.account.token,
            )


def _record(session: Session, pledge_id: int, outcome: _Outcome) -> None:
    session.execute(
        update(Pledge)
        .where(Pledge.id == pledge_id, Pledge.status == "sending")
        .values(
            status=outcome.status,
            outcome_url=outcome.url,
            reason=outcome.reason,
            attempts=Pledge.attempts + outcome.attempts,
            posted_at=outcome.at if outcome.status == "posted" else None,
            token_box=None,
        )
        .execution_options(synchronize_session=False)
    )


def _finish(engine: Engine, campaign_id: int, report: SendReport) -> None:
    """The campaign is sent once no claim is open; every token is destroyed."""
    with Session(engine) as session, session.begin():
        open_claims = session.scalar(
            select(Pledge.id).where(
                Pledge.campaign_id == campaign_id, Pledge.status.in_(("pledged", "sending"))
            )
        )
        if open_claims is not None:
            return
        session.execute(
            update(Campaign)
            .where(Campaign.id == campaign_id)
            .values(state="sent", sent_at=datetime.now(UTC))
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(Pledge)
            .where(Pledge.campaign_id == campaign_id)
            .values(token_box=None)
            .execution_options(synchronize_session=False)
        )
        _forget_unconfirmed(session, campaign_id)
    report.state = "sent"


def _forget_unconfirmed(session: Session, campaign_id: int) -> None:
    """E-mail pledges never confirmed took no part: their addresses are erased."""
    session.execute(
        update(Pledge)
        .where(Pledge.campaign_id == campaign_id, Pledge.status == UNCONFIRMED)
        .values(email=None, share_networks=None)
        .execution_options(synchronize_session=False)
    )


__all__ = ["LIVE", "SendReport", "due_campaigns", "send_campaign", "send_due"]
