"""Public campaign pages: the campaign, personalising, pledging by e-mail, the private pledge
link, the live counter and the campaign image.

* ``GET /campaigns/{slug}``: the message in the visitor's language, the send time in the
  organiser's zone and in the supporter's (``?zone=``; the browser's own zone by script, no
  request), the counter, and the personalise form (step 1).
* ``POST /campaigns/{slug}/personalise``: checks the note against the organiser's limit and the
  networks' lengths, then step 2: connect Mastodon or Bluesky (``connect.py``) or leave an
  e-mail address.
* ``POST /campaigns/{slug}/pledge/email``: the e-mail fallback pledge, ``unconfirmed``; its
  private link ``/campaigns/{slug}/pledges/{secret}`` (only its hash is stored) is e-mailed to
  the address, and the pledge counts once confirmed from there.
* ``GET /campaigns/{slug}/pledges/{secret}``, ``POST .../confirm``, ``POST .../revoke``: see,
  confirm (e-mail pledges), revoke.
* ``GET /campaigns/{slug}/count.json``: the live counter (polled by ``counter.js``).
* ``GET /campaigns/{slug}/image``: the campaign image.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from civicspace.campaigns.intents import NAMES, SHARE_NETWORKS
from civicspace.campaigns.model import MAX_POST_CHARS, Limits, Variant, shown_in
from civicspace.campaigns.pledges import (
    UNCONFIRMED,
    FallbackInput,
    by_link,
    confirm_by_link,
    get_campaign,
    link_hash,
    personalised_text,
    pledge_fallback,
    revoke_by_link,
    supporters,
)
from civicspace.errors import Conflict, InvalidInput, NotFound
from civicspace.notify import DeliveryError, Notice, send_email
from civicspace.settings import Settings
from civicspace.store.campaigns import FALLBACK, Campaign
from civicspace.web.campaigns.common import (
    LANG_NAMES,
    LOCALES,
    NO_STORE,
    check_form_token,
    page,
    spoken,
    variant_language,
    zone_choice,
    zones,
)
from civicspace.web.deps import absolute, get_db, get_settings_dep
from civicspace.web.public import i18n

router = APIRouter(prefix="/campaigns", include_in_schema=False)
NOTE_FIELD_MAX = 2000  # a form field longer than this is refused before any check


def _variants(campaign: Campaign) -> dict[str, Variant]:
    return {lang: Variant.from_dict(doc) for lang, doc in sorted(campaign.messages.items())}


def _campaign_data(request: Request, db: Session, campaign: Campaign, lang: str) -> dict[str, Any]:
    variants = _variants(campaign)
    shown = variant_language(request, campaign, lang)
    chosen_zone, zone_error = zone_choice(request)
    limits = Limits.from_dict(campaign.personalisation)
    count = supporters(db, campaign.id)
    now = datetime.now(UTC)
    return {
        "campaign": campaign,
        "variant": variants[shown],
        "variant_lang": shown,
        "variant_dir": i18n.direction(shown),
        "variants": variants,
        "variant_names": {k: LANG_NAMES.get(k, k) for k in variants},
        "count": count,
        "threshold": campaign.threshold,
        "limits": limits,
        "max_chars": MAX_POST_CHARS,
        "send_named": shown_in(campaign.send_at, campaign.send_zone),
        "send_named_long": spoken(campaign.send_at, campaign.send_zone, lang),
        "send_yours_long": spoken(campaign.send_at, chosen_zone, lang) if chosen_zone else "",
        "send_utc": campaign.send_at.astimezone(UTC).isoformat(),
        "send_yours": shown_in(campaign.send_at, chosen_zone) if chosen_zone else "",
        "deadline_named": shown_in(campaign.deadline, campaign.send_zone),
        "deadline_yours": shown_in(campaign.deadline, chosen_zone) if chosen_zone else "",
        "zone": chosen_zone or "",
        "zone_error": zone_error,
        "zones": zones(),
        "open": campaign.state == "open" and now <= campaign.deadline,
        "image_url": f"/campaigns/{campaign.slug}/image" if campaign.image_type else None,
    }


def _lang(request: Request) -> str:
    return i18n.negotiate(request, LOCALES)[0]


def _campaign_page(
    request: Request,
    db: Session,
    slug: str,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    campaign = get_campaign(db, slug)
    data = _campaign_data(request, db, campaign, _lang(request))
    data["sent"] = request.query_params.get("sent") == "1"
    return page(request, "campaigns/campaign.html", {**data, **(extra or {})}, status_code)


@router.get("/{slug}")
def campaign_page(request: Request, slug: str, db: Session = Depends(get_db)) -> Response:
    return _campaign_page(request, db, slug)


@router.get("/{slug}/count.json")
def count(slug: str, db: Session = Depends(get_db)) -> JSONResponse:
    """The live counter: supporters so far, the threshold, the campaign's state."""
    campaign = get_campaign(db, slug)
    n = supporters(db, campaign.id)
    return JSONResponse(
        {
            "campaign": campaign.slug,
            "supporters": n,
            "threshold": campaign.threshold,
            "reached": n >= campaign.threshold,
            "state": campaign.state,
            "deadline": campaign.deadline.astimezone(UTC).isoformat(),
            "send_at": campaign.send_at.astimezone(UTC).isoformat(),
        },
        headers=NO_STORE,
    )


@router.get("/{slug}/image")
def image(slug: str, db: Session = Depends(get_db)) -> Response:
    campaign = db.scalar(
        select(Campaign).where(Campaign.slug == slug).options(undefer(Campaign.image))
    )
    if campaign is None or campaign.image is None or not campaign.image_type:
        raise NotFound(f"campaign {slug!r} has no image")
    return Response(
        campaign.image,
        media_type=campaign.image_type,
        headers={"Cache-Control": "public, max-age=300"},
    )


def _check_note(campaign: Campaign, language: str, note: str) -> dict[str, str]:
    """The post for each network, or :class:`InvalidInput` naming the limit broken."""
    if len(note) > NOTE_FIELD_MAX:
        raise InvalidInput(f"personal note of {len(note)} characters is far too long")
    return {n: personalised_text(campaign, language, note, n) for n in MAX_POST_CHARS}


@router.post("/{slug}/personalise")
def personalise(
    request: Request,
    slug: str,
    language: str = Form(""),
    note: str = Form(""),
    csrf_token: str = Form(""),
    db: Session = Depends(get_db),
) -> Response:
    """Step 1 → step 2: the note is checked, then the supporter chooses how to take part."""
    check_form_token(request, csrf_token)
    campaign = get_campaign(db, slug)
    try:
        posts = _check_note(campaign, language, note)
    except InvalidInput as exc:
        return _campaign_page(
            request, db, slug, {"error": str(exc), "note": note, "chosen": language}, 422
        )
    return _choose_page(request, db, campaign, language, note, posts)


def _choose_page(
    request: Request,
    db: Session,
    campaign: Campaign,
    language: str,
    note: str,
    posts: dict[str, str],
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    data = _campaign_data(request, db, campaign, _lang(request))
    return page(
        request,
        "campaigns/choose.html",
        {
            **data,
            "language": language,
            "note": note.strip(),
            "post": posts["bluesky"],
            "post_dir": i18n.direction(language),
            "share_networks": SHARE_NETWORKS,
            "network_names": NAMES,
            "chosen_networks": [],
            "email": "",
            "mastodon_instance": "",
            **(extra or {}),
        },
        status_code,
    )


@router.post("/{slug}/pledge/email")
async def pledge_by_email(
    request: Request,
    slug: str,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    """The fallback pledge: an address and the networks to get ready-made posts for."""
    form = await request.form()

    def field(name: str) -> str:
        value = form.get(name)
        return value[:NOTE_FIELD_MAX] if isinstance(value, str) else ""

    check_form_token(request, field("csrf_token"))
    campaign = get_campaign(db, slug)
    language, note = field("language"), field("note")
    networks = [v for v in form.getlist("networks") if isinstance(v, str)][:20]
    data = FallbackInput(
        email=field("email"),
        networks=networks,
        language=language,
        note=note,
        mastodon_instance=field("mastodon_instance"),
    )
    try:
        posts = _check_note(campaign, language, note)
    except InvalidInput as exc:
        return _campaign_page(
            request, db, slug, {"error": str(exc), "note": note, "chosen": language}, 422
        )
    try:
        row, secret = pledge_fallback(db, slug, data)
    except (InvalidInput, Conflict) as exc:
        db.rollback()
        extra = {
            "error": str(exc),
            "chosen_networks": networks,
            "email": data.email,
            "mastodon_instance": data.mastodon_instance,
        }
        return _choose_page(request, db, campaign, language, note, posts, extra, exc.status_code)
    db.commit()
    link = absolute(request, f"/campaigns/{slug}/pledges/{secret}")
    try:
        send_email(settings, data.email.strip(), _confirmation(campaign, link))
    except DeliveryError:
        db.delete(row)
        db.commit()
        extra = {
            "error": "we could not send you the confirmation e-mail just now; try again later",
            "chosen_networks": networks,
            "email": data.email,
            "mastodon_instance": data.mastodon_instance,
        }
        return _choose_page(request, db, campaign, language, note, posts, extra, 503)
    return RedirectResponse(f"/campaigns/{slug}?sent=1", status_code=303, headers={**NO_STORE})


def _confirmation(campaign: Campaign, link: str) -> Notice:
    """The e-mail that carries the private link of an e-mail pledge (and so confirms it)."""
    return Notice(
        kind="campaign.confirm",
        key=f"campaign:{campaign.slug}:confirm:{link_hash(link)}",
        at=datetime.now(UTC),
        subject=f"[civicspace] {campaign.title}: confirm your pledge",
        payload={
            "confirm": link,
            "what to do": "open the link and press Confirm: your pledge counts from then",
            "keep this e-mail": "the link is the only way to see or revoke your pledge",
            "not you?": "do nothing: an unconfirmed pledge never counts and is erased",
        },
    )


def _pledge_page(
    request: Request, db: Session, slug: str, secret: str, extra: dict[str, Any] | None = None
) -> Response:
    row = by_link(db, slug, secret)
    campaign = get_campaign(db, slug)
    data = _campaign_data(request, db, campaign, _lang(request))
    response = page(
        request,
        "campaigns/pledge.html",
        {
            **data,
            "pledge": row,
            "fallback": row.network == FALLBACK,
            "network_names": NAMES,
            "post_dir": i18n.direction(row.language),
            "secret": secret,
            "pledge_url": absolute(request, f"/campaigns/{slug}/pledges/{secret}"),
            "new": request.query_params.get("new") == "1",
            "confirmed": request.query_params.get("confirmed") == "1",
            "revocable": row.status in ("pledged", UNCONFIRMED),
            "confirmable": row.status == UNCONFIRMED,
            **(extra or {}),
        },
    )
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@router.get("/{slug}/pledges/{secret}")
def pledge_page(
    request: Request, slug: str, secret: str, db: Session = Depends(get_db)
) -> Response:
    return _pledge_page(request, db, slug, secret)


def _by_link(
    request: Request,
    db: Session,
    slug: str,
    secret: str,
    csrf_token: str,
    change: Callable[[Session, str, str], object],
    then: str,
) -> Response:
    """A change a pledger makes from the link in their e-mail: the pledge page again with the
    error (a conflict), or a redirect to it with ``then`` as its query."""
    check_form_token(request, csrf_token)
    try:
        change(db, slug, secret)
    except Conflict as exc:
        db.rollback()
        return _pledge_page(request, db, slug, secret, {"error": str(exc)})
    db.commit()
    return RedirectResponse(
        f"/campaigns/{slug}/pledges/{secret}{then}",
        status_code=303,
        headers={**NO_STORE, "Referrer-Policy": "no-referrer"},
    )


@router.post("/{slug}/pledges/{secret}/confirm")
def confirm_pledge(
    request: Request,
    slug: str,
    secret: str,
    csrf_token: str = Form(""),
    db: Session = Depends(get_db),
) -> Response:
    return _by_link(request, db, slug, secret, csrf_token, confirm_by_link, "?confirmed=1")


@router.post("/{slug}/pledges/{secret}/revoke")
def revoke_pledge(
    request: Request,
    slug: str,
    secret: str,
    csrf_token: str = Form(""),
    db: Session = Depends(get_db),
) -> Response:
    return _by_link(request, db, slug, secret, csrf_token, revoke_by_link, "")
