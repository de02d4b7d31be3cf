"""Campaign pages and the e-mail fallback at scale (SQLite, a real local SMTP server).

    python -m bench.campaign_pages [--supporters 1000] [--requests 300]

Prints one JSON object: ``supporters`` (confirmed e-mail pledges), ``emailed`` (outcomes
recorded) and ``received`` (messages the SMTP server got; both must equal supporters),
``fallback_send_s`` (the send job, first claim to last e-mail), ``count_json_ms`` and
``page_ms`` (p50/p95 of the live counter and of the Arabic campaign page, through the app).
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.orm import Session
from tests.support.smtp_inbox import smtp_server

from civicspace.campaigns.model import CampaignSpec, Limits, Variant
from civicspace.campaigns.pledges import (
    FallbackInput,
    confirm_by_link,
    create_campaign,
    pledge_fallback,
)
from civicspace.campaigns.send import send_campaign
from civicspace.settings import Settings
from civicspace.store import ensure_schema, make_engine
from civicspace.web.app import create_app

NOW = datetime.now(UTC)


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": round(statistics.median(ordered) * 1000, 2),
        "p95": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--supporters", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, smtp_server() as (inbox, port):
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        ensure_schema(engine)
        settings = Settings(
            database_url=url,
            smtp_host="127.0.0.1",
            smtp_port=port,
            campaign_token_key=SecretStr(base64.b64encode(bytes(32)).decode()),
        )
        spec = CampaignSpec(
            slug="bench",
            title="Bench campaign",
            variants={
                "en": Variant("Free the defenders now.", "https://example.org/f", ("Free",)),
                "ar": Variant("أطلقوا سراح المدافعات.", "https://example.org/ar", ("حرية",)),
            },
            threshold=max(1, args.supporters // 2),
            deadline=NOW + timedelta(days=1),
            send_at=NOW + timedelta(days=2),
            send_zone="Africa/Cairo",
            limits=Limits(60),
        )
        with Session(engine) as session, session.begin():
            create_campaign(session, spec)
        t0 = time.perf_counter()
        with Session(engine) as session, session.begin():
            for i in range(args.supporters):
                data = FallbackInput(
                    f"s{i}@example.org", ["bluesky", "x", "whatsapp"], "ar" if i % 2 else "en"
                )
                _row, secret = pledge_fallback(session, "bench", data, now=NOW)
                confirm_by_link(session, "bench", secret, now=NOW)
        pledge_s = time.perf_counter() - t0

        client = TestClient(create_app(settings, engine), base_url="http://127.0.0.1")
        counts, pages = [], []
        for _ in range(args.requests):
            t = time.perf_counter()
            assert client.get("/campaigns/bench/count.json").json()["supporters"] > 0
            counts.append(time.perf_counter() - t)
        for _ in range(max(10, args.requests // 5)):
            t = time.perf_counter()
            assert client.get("/campaigns/bench?lang=ar").status_code == 200
            pages.append(time.perf_counter() - t)

        t0 = time.perf_counter()
        report = send_campaign(engine, settings, "bench", {}, NOW + timedelta(days=2))
        send_s = time.perf_counter() - t0
        deadline = time.monotonic() + 30
        while len(inbox.messages) < args.supporters and time.monotonic() < deadline:
            time.sleep(0.05)
        engine.dispose()
    print(
        json.dumps(
            {
                "supporters": args.supporters,
                "emailed": report.outcomes.get("emailed", 0),
                "received": len(inbox.messages),
                "state": report.state,
                "fallback_send_s": round(send_s, 3),
                "pledge_and_confirm_s": round(pledge_s, 3),
                "count_json_ms": _ms(counts),
                "page_ms": _ms(pages),
            }
        )
    )


if __name__ == "__main__":
    main()
