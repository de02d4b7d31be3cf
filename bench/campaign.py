"""Campaign send at scale: supporters spread over real Mastodon API servers (mastodon_mock).

    python -m bench.campaign [--supporters 1000] [--instances 3] [--revoked 20] [--missed 30]
                             [--bluesky 0]

``--bluesky N`` adds N supporters on the Bluesky reference PDS (``make pds``; app passwords),
counted on the PDS (``bluesky_posted``); ``supporters`` and ``posted`` then include them.

Prints one JSON object: ``supporters``, ``posted`` (accounts whose post landed on their
server, counted there; must equal supporters), ``spread_s`` (first to last post landing, from
the servers' ``created_at``; goal ≤ 60 s), ``posts_when_threshold_missed`` (posts on the
servers from a second campaign that missed its threshold; must be 0), ``revoked_posted``
(posts from supporters who pledged and then revoked; must be 0), ``rerun_posts`` (new posts
when the send runs again; must be 0), plus timings.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import secrets
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy.orm import Session
from tests.support.bluesky_pds import Pds, PdsUser, installed, running_pds
from tests.support.mastodon_servers import MastodonInstance, MastodonServers, MockUser

from civicspace.campaigns.model import CampaignSpec, Limits, Variant
from civicspace.campaigns.pledges import PledgeInput, create_campaign, pledge, revoke
from civicspace.campaigns.send import send_campaign
from civicspace.notify.social import BlueskyPoster, MastodonPoster, Poster
from civicspace.settings import Settings
from civicspace.store import ensure_schema, make_engine

NOW = datetime.now(UTC)


def _spec(slug: str, threshold: int) -> CampaignSpec:
    return CampaignSpec(
        slug=slug,
        title="Bench campaign",
        variants={"en": Variant("Free the defenders now.", "https://example.org/f", ("Free",))},
        threshold=threshold,
        deadline=NOW - timedelta(minutes=5),
        send_at=NOW - timedelta(minutes=1),
        send_zone="America/New_York",
        limits=Limits(60),
    )


def _users(
    instances: list[MastodonInstance], n: int, prefix: str
) -> list[tuple[MastodonInstance, MockUser]]:
    def make(i: int) -> tuple[MastodonInstance, MockUser]:
        inst = instances[i % len(instances)]
        return inst, inst.new_user(f"{prefix}{i}_{secrets.token_hex(2)}")

    with ThreadPoolExecutor(16) as pool:
        return list(pool.map(make, range(n)))


def _statuses(people: list[tuple[MastodonInstance, MockUser]]) -> list[list[dict[str, object]]]:
    with ThreadPoolExecutor(16) as pool:
        return list(pool.map(lambda p: p[0].statuses(p[1]), people))


def _pledge_all(
    engine: object, settings: Settings, slug: str, people: list[tuple[MastodonInstance, MockUser]]
) -> list[int]:
    ids = []
    with Session(engine) as session, session.begin():  # type: ignore[call-overload]
        for inst, user in people:
            data = PledgeInput(
                "mastodon", inst.url, user.username, user.token, "en", f"I am {user.username}."
            )
            row = pledge(session, settings, slug, data, now=NOW - timedelta(hours=1))
            session.flush()
            ids.append(row.id)
    return ids


def _bluesky_people(pds: Pds, n: int) -> list[PdsUser]:
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda i: pds.new_user(f"b{i}x{secrets.token_hex(2)}"), range(n)))


def _pledge_bluesky(engine: object, settings: Settings, pds: Pds, people: list[PdsUser]) -> None:
    with Session(engine) as session, session.begin():  # type: ignore[call-overload]
        for user in people:
            data = PledgeInput("bluesky", pds.url, user.handle, user.app_password, "en", "Me too.")
            pledge(session, settings, "bench", data, now=NOW - timedelta(hours=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--supporters", type=int, default=1000)
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--revoked", type=int, default=20)
    parser.add_argument("--missed", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=8, help="posts in flight per instance")
    parser.add_argument("--bluesky", type=int, default=0, help="supporters on the reference PDS")
    args = parser.parse_args()
    pds_install = installed() if args.bluesky else None
    if args.bluesky and pds_install is None:
        raise SystemExit("--bluesky needs the reference PDS: run `make pds`")

    tmp = Path(tempfile.mkdtemp(prefix="bench-campaign-"))
    url = f"sqlite:///{tmp / 'bench.db'}"
    key = base64.b64encode(os.urandom(32)).decode()
    settings = Settings(
        database_url=url,
        campaign_token_key=SecretStr(key),
        campaign_concurrency=args.concurrency,
    )
    engine = make_engine(url)
    ensure_schema(engine)

    with contextlib.ExitStack() as stack:
        instances = stack.enter_context(MastodonServers(args.instances))
        pds: Pds | None = None
        if pds_install is not None:
            pds = stack.enter_context(running_pds(*pds_install, tmp / "pds.log"))
        t0 = time.perf_counter()
        people = _users(instances, args.supporters, "s")
        sky_people = _bluesky_people(pds, args.bluesky) if pds is not None else []
        quitters = _users(instances, args.revoked, "r")
        few = _users(instances, args.missed, "m")
        setup_users_s = time.perf_counter() - t0

        with Session(engine) as session, session.begin():
            create_campaign(session, _spec("bench", threshold=args.supporters + args.bluesky))
            create_campaign(session, _spec("bench-missed", threshold=args.missed + 1))
        t0 = time.perf_counter()
        _pledge_all(engine, settings, "bench", people)
        if pds is not None:
            _pledge_bluesky(engine, settings, pds, sky_people)
        revoked_ids = _pledge_all(engine, settings, "bench", quitters)
        _pledge_all(engine, settings, "bench-missed", few)
        with Session(engine) as session, session.begin():
            for pid in revoked_ids:
                revoke(session, "bench", pid)
        pledge_s = time.perf_counter() - t0

        poster = MastodonPoster(pool=args.concurrency)
        posters: dict[str, Poster] = {"mastodon": poster, "bluesky": BlueskyPoster()}
        t0 = time.perf_counter()
        report = send_campaign(engine, settings, "bench", posters)
        send_s = time.perf_counter() - t0
        missed = send_campaign(engine, settings, "bench-missed", posters)

        landed = _statuses(people)
        posted = sum(1 for s in landed if len(s) == 1)
        duplicates = sum(max(0, len(s) - 1) for s in landed)
        times = sorted(
            datetime.fromisoformat(str(s[0]["created_at"]).replace("Z", "+00:00"))
            for s in landed
            if s
        )
        sky_landed = [pds.posts(u) for u in sky_people] if pds is not None else []
        bluesky_posted = sum(1 for s in sky_landed if len(s) == 1)
        duplicates += sum(max(0, len(s) - 1) for s in sky_landed)
        times += [
            datetime.fromisoformat(str(s[0]["value"]["createdAt"]).replace("Z", "+00:00"))
            for s in sky_landed
            if s
        ]
        times.sort()
        spread_s = (times[-1] - times[0]).total_seconds() if times else None
        revoked_posted = sum(len(s) for s in _statuses(quitters))
        missed_posts = sum(len(s) for s in _statuses(few))

        rerun = send_campaign(engine, settings, "bench", posters)
        rerun_posts = sum(len(s) for s in _statuses(people)) - sum(len(s) for s in landed)
        if pds is not None:
            rerun_posts += sum(len(pds.posts(u)) for u in sky_people) - sum(map(len, sky_landed))

    result = {
        "supporters": args.supporters + args.bluesky,
        "posted": posted + bluesky_posted,
        "bluesky_posted": bluesky_posted,
        "spread_s": round(spread_s, 3) if spread_s is not None else None,
        "posts_when_threshold_missed": missed_posts,
        "revoked_posted": revoked_posted,
        "rerun_posts": rerun_posts,
        "duplicate_posts": duplicates,
        "instances": args.instances,
        "concurrency_per_instance": args.concurrency,
        "outcomes": dict(report.outcomes),
        "missed_state": missed.state,
        "rerun_outcomes": dict(rerun.outcomes),
        "send_s": round(send_s, 3),
        "recorded_spread_s": round((report.last_post_at - report.first_post_at).total_seconds(), 3)
        if report.first_post_at and report.last_post_at
        else None,
        "setup_users_s": round(setup_users_s, 2),
        "pledge_s": round(pledge_s, 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
