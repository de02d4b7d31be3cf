"""``civicspace campaigns …``: create, pledge, revoke, send when due, and read the results."""

from __future__ import annotations

import json
import sys

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.cli.common import console, open_store
from civicspace.errors import InvalidInput
from civicspace.settings import get_settings

app = typer.Typer(
    help="Campaigns: one message from every supporter's account at once, if enough pledge.",
    no_args_is_help=True,
)


def _messages(pairs: list[str], link: str | None, hashtags: list[str]) -> dict[str, object]:
    from civicspace.campaigns.model import Variant

    variants: dict[str, object] = {}
    for pair in pairs:
        lang, sep, text = pair.partition("=")
        if not sep or not lang.strip() or not text.strip():
            raise InvalidInput(f"--message {pair!r}: expected LANG=TEXT (en=Free them now)")
        variants[lang.strip()] = Variant(text.strip(), link, tuple(hashtags))
    return variants


@app.command("create")
def create_command(
    slug: str = typer.Argument(..., help="Short name (lower-case letters, digits, '-')."),
    title: str = typer.Option(..., "--title", help="What the campaign is about."),
    message: list[str] = typer.Option(
        ..., "--message", "-m", help="LANG=TEXT, once per language (en=…, fr=…)."
    ),
    link: str | None = typer.Option(None, "--link", help="Link added to every variant."),
    hashtag: list[str] = typer.Option([], "--hashtag", help="Hashtag, repeatable."),
    threshold: int = typer.Option(..., "--threshold", min=1, help="Supporters needed."),
    deadline: str = typer.Option(
        ..., "--deadline", help="Last moment to pledge (YYYY-MM-DD HH:MM)."
    ),
    send_at: str = typer.Option(
        ..., "--send-at", help="When every post goes out (YYYY-MM-DD HH:MM)."
    ),
    zone: str = typer.Option(
        ..., "--zone", help="IANA time zone of both times (America/New_York)."
    ),
    max_note: int = typer.Option(
        0, "--max-note", min=0, help="Characters a supporter may add as a personal note."
    ),
) -> None:
    """Create a campaign; its send time is kept as a UTC instant and the zone it was named in."""
    from civicspace.campaigns.model import CampaignSpec, Limits, local_instant
    from civicspace.campaigns.pledges import create_campaign

    spec = CampaignSpec(
        slug=slug,
        title=title,
        variants=_messages(message, link, hashtag),  # type: ignore[arg-type]
        threshold=threshold,
        deadline=local_instant(deadline, zone),
        send_at=local_instant(send_at, zone),
        send_zone=zone,
        limits=Limits(max_note),
    )
    with Session(open_store()) as session, session.begin():
        campaign = create_campaign(session, spec)
        console.print(f"campaign {campaign.slug} sends at {spec.send_at.isoformat()} ({zone})")


@app.command("list")
def list_command(
    zone: str | None = typer.Option(None, "--zone", help="Show send times in this time zone."),
) -> None:
    """Every campaign: state, supporters against the threshold, send time."""
    from civicspace.campaigns.model import shown_in
    from civicspace.campaigns.pledges import supporters
    from civicspace.store.campaigns import Campaign

    with Session(open_store()) as session:
        for c in session.scalars(select(Campaign).order_by(Campaign.send_at)):
            when = shown_in(c.send_at, zone or c.send_zone)
            n = supporters(session, c.id)
            sys.stdout.write(f"{c.slug}\t{c.state}\t{n}/{c.threshold}\t{when}\t{c.title}\n")


@app.command("pledge")
def pledge_command(
    slug: str = typer.Argument(..., help="The campaign."),
    network: str = typer.Option(..., "--network", help="mastodon or bluesky."),
    instance: str = typer.Option(
        ..., "--instance", help="Mastodon instance or Bluesky PDS (https://mastodon.social)."
    ),
    handle: str = typer.Option(..., "--handle", help="The account's handle."),
    token: str = typer.Option(
        ...,
        "--token",
        envvar="CIVICSPACE_PLEDGE_TOKEN",
        prompt=True,
        hide_input=True,
        help="Access token (Mastodon, scope write:statuses) or app password (Bluesky).",
    ),
    language: str = typer.Option("en", "--language", help="Which message variant to post."),
    note: str = typer.Option("", "--note", help="Personal note, within the campaign's limit."),
    email: str | None = typer.Option(None, "--email", help="Where to say if it did not send."),
) -> None:
    """Pledge an account; the token is sealed at once (CIVICSPACE_CAMPAIGN_TOKEN_KEY)."""
    from civicspace.campaigns.pledges import PledgeInput, pledge

    data = PledgeInput(network, instance, handle, token, language, note, email)
    with Session(open_store()) as session, session.begin():
        row = pledge(session, get_settings(), slug, data)
        session.flush()
        sys.stdout.write(f"{row.id}\n")
        console.print(f"pledge {row.id}: {handle} on {instance} will post to {slug}")


@app.command("revoke")
def revoke_command(
    slug: str = typer.Argument(..., help="The campaign."),
    pledge_id: int = typer.Argument(..., help="The pledge (as `pledge` printed it)."),
) -> None:
    """Withdraw a pledge before the campaign is sent; its token is destroyed."""
    from civicspace.campaigns.pledges import revoke

    with Session(open_store()) as session, session.begin():
        revoke(session, slug, pledge_id)
    console.print(f"pledge {pledge_id} revoked")


@app.command("send-due")
def send_due_command() -> None:
    """Send every campaign whose time has come (what the worker's periodic job does)."""
    from civicspace.campaigns.send import send_due
    from civicspace.notify.social import default_posters

    reports = send_due(open_store(), get_settings(), default_posters())
    for report in reports:
        sys.stdout.write(json.dumps(report.as_dict(), sort_keys=True) + "\n")
    console.print(f"{len(reports)} due campaign(s)")


@app.command("results")
def results_command(slug: str = typer.Argument(..., help="The campaign.")) -> None:
    """The organiser's results as JSON: state, outcome counts, one line per supporter."""
    from civicspace.campaigns.pledges import results

    with Session(open_store()) as session:
        json.dump(results(session, slug), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")


@app.command("reach")
def reach_command(slug: str = typer.Argument(..., help="The campaign.")) -> None:
    """Read the reach the networks report for the campaign's posts (Mastodon: favourites,
    boosts, replies), record it per pledge, print the totals as JSON."""
    from civicspace.campaigns.reach import refresh_reach

    report = refresh_reach(open_store(), slug)
    sys.stdout.write(json.dumps(report.as_dict(), sort_keys=True) + "\n")
