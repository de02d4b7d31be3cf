"""The organiser's desk for campaigns (editors and admins): create, edit, results.

* ``GET /desk/campaigns``: every campaign, its state and supporters.
* ``GET|POST /desk/campaigns/new`` and ``/desk/campaigns/{slug}/edit``: message variants per
  language (text, link, hashtags, image description), threshold, deadline and send time in a
  named zone, the personalisation limit, the image (PNG, JPEG, WebP or GIF, at most
  ``CIVICSPACE_CAMPAIGN_IMAGE_MAX_BYTES``). Wording is fixed once anyone pledged.
* ``GET /desk/campaigns/{slug}/results`` (JSON twin with ``Accept: application/json``): counts
  per outcome, posts with their URLs, failures with their reasons, fallback e-mails, reach.
* ``POST /desk/campaigns/{slug}/reach``: read the reach the networks report, now.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from civicspace.campaigns.model import CampaignSpec, Limits, Variant, local_instant, zone
from civicspace.campaigns.pledges import (
    create_campaign,
    get_campaign,
    results,
    set_image,
    supporters,
    update_campaign,
)
from civicspace.campaigns.reach import refresh_reach
from civicspace.errors import Conflict, InvalidInput
from civicspace.settings import Settings
from civicspace.store.accounts import User
from civicspace.store.campaigns import Campaign
from civicspace.web.auth import require_role, verify_csrf
from civicspace.web.deps import get_db, get_settings_dep
from civicspace.web.desk.common import json_response, redirect, render, wants_json

router = APIRouter(prefix="/desk/campaigns", include_in_schema=False)
editor = require_role("editor")
csrf = [Depends(verify_csrf)]
DEFAULT_LANGS = ("en", "fr", "es", "ar")
IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}
OUTCOME_ORDER = (
    "posted",
    "emailed",
    "failed",
    "token_expired",
    "revoked",
    "missed",
    "pledged",
    "sending",
)


def image_type(data: bytes) -> str:
    """The media type of an uploaded image by its first bytes; :class:`InvalidInput` otherwise."""
    for magic, media in IMAGE_TYPES.items():
        if data.startswith(magic):
            return media
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    raise InvalidInput("the image must be a PNG, JPEG, WebP or GIF file")


def _local(instant: datetime, zone_name: str) -> str:
    return instant.astimezone(zone(zone_name)).strftime("%Y-%m-%dT%H:%M")


def _rows(messages: dict[str, Any]) -> list[dict[str, str]]:
    """The variant rows of the form: the campaign's, the default languages, one blank."""
    rows = []
    for lang in [*messages, *(code for code in DEFAULT_LANGS if code not in messages)]:
        v = Variant.from_dict(messages[lang]) if lang in messages else Variant("")
        rows.append(
            {
                "lang": lang,
                "text": v.text,
                "link": v.link or "",
                "tags": " ".join(v.hashtags),
                "alt": v.image_alt,
            }
        )
    rows.append({"lang": "", "text": "", "link": "", "tags": "", "alt": ""})
    return rows


def _form_values(campaign: Campaign | None) -> dict[str, Any]:
    if campaign is None:
        return {
            "slug": "",
            "title": "",
            "threshold": "500",
            "deadline": "",
            "send_at": "",
            "send_zone": "America/New_York",
            "max_note": "100",
            "rows": _rows({}),
        }
    return {
        "slug": campaign.slug,
        "title": campaign.title,
        "threshold": str(campaign.threshold),
        "deadline": _local(campaign.deadline, campaign.send_zone),
        "send_at": _local(campaign.send_at, campaign.send_zone),
        "send_zone": campaign.send_zone,
        "max_note": str(Limits.from_dict(campaign.personalisation).max_note_chars),
        "rows": _rows(campaign.messages),
    }


def _str(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _int(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError as exc:
        raise InvalidInput(f"{name}: a whole number, not {text!r}") from exc


def _values_from(form: FormData) -> dict[str, Any]:
    rows = []
    for i in range(int(_str(form, "rows") or 0) if _str(form, "rows").isdigit() else 0):
        rows.append(
            {
                "lang": _str(form, f"v{i}_lang").lower(),
                "text": _str(form, f"v{i}_text"),
                "link": _str(form, f"v{i}_link"),
                "tags": _str(form, f"v{i}_tags"),
                "alt": _str(form, f"v{i}_alt"),
            }
        )
    return {
        "slug": _str(form, "slug"),
        "title": _str(form, "title"),
        "threshold": _str(form, "threshold"),
        "deadline": _str(form, "deadline"),
        "send_at": _str(form, "send_at"),
        "send_zone": _str(form, "send_zone"),
        "max_note": _str(form, "max_note") or "0",
        "rows": rows[:40],
    }


def spec_from(values: dict[str, Any]) -> CampaignSpec:
    """The campaign the form describes; :class:`InvalidInput` with the field at fault."""
    if not values["title"]:
        raise InvalidInput("a title is needed")
    variants: dict[str, Variant] = {}
    for row in values["rows"]:
        if not row["text"]:
            continue
        lang = row["lang"]
        if not lang.isalpha() or not 2 <= len(lang) <= 3:
            raise InvalidInput(f"language {lang!r}: a two- or three-letter code like en, fr, ar")
        if row["link"] and not row["link"].startswith(("https://", "http://")):
            raise InvalidInput(f"message {lang}: the link must start with https://")
        tags = tuple(t for t in row["tags"].replace(",", " ").split() if t)
        variants[lang] = Variant(row["text"], row["link"] or None, tags, row["alt"])
    zone(values["send_zone"])
    if not values["deadline"] or not values["send_at"]:
        raise InvalidInput("a deadline and a send time are needed")
    return CampaignSpec(
        slug=values["slug"],
        title=values["title"],
        variants=variants,
        threshold=_int(values["threshold"], "threshold"),
        deadline=local_instant(values["deadline"], values["send_zone"]),
        send_at=local_instant(values["send_at"], values["send_zone"]),
        send_zone=values["send_zone"],
        limits=Limits(_int(values["max_note"], "personal note limit")),
    )


async def _image(form: FormData, settings: Settings) -> tuple[bytes, str] | None:
    upload = form.get("image")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    data = await upload.read(settings.campaign_image_max_bytes + 1)
    if len(data) > settings.campaign_image_max_bytes:
        raise InvalidInput(
            f"the image is over {settings.campaign_image_max_bytes:,} bytes; make it smaller"
        )
    if not data:
        return None
    return data, image_type(data)


def _edit_page(
    request: Request,
    values: dict[str, Any],
    campaign: Campaign | None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "campaigns/desk_edit.html",
        {
            "values": values,
            "campaign": campaign,
            "error": error,
            "saved": request.query_params.get("saved"),
        },
        status_code,
    )


@router.get("")
def campaign_list(
    request: Request, me: User = Depends(editor), db: Session = Depends(get_db)
) -> Response:
    rows = db.scalars(select(Campaign).order_by(Campaign.send_at.desc())).all()
    items = [
        {
            "slug": c.slug,
            "title": c.title,
            "state": c.state,
            "threshold": c.threshold,
            "supporters": supporters(db, c.id),
            "send_at": c.send_at.isoformat(),
            "send_zone": c.send_zone,
        }
        for c in rows
    ]
    if wants_json(request):
        return json_response({"campaigns": items})
    return render(request, "campaigns/desk_list.html", {"campaigns": items})


@router.get("/new")
def new_form(request: Request, me: User = Depends(editor)) -> Response:
    return _edit_page(request, _form_values(None), None)


@router.post("/new", dependencies=csrf)
async def create(
    request: Request,
    me: User = Depends(editor),
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    form = await request.form()
    values = _values_from(form)
    try:
        spec = spec_from(values)
        image = await _image(form, settings)
        create_campaign(db, spec)
        if image is not None:
            set_image(db, spec.slug, *image)
    except (InvalidInput, Conflict) as exc:
        db.rollback()
        return _edit_page(request, values, None, str(exc), exc.status_code)
    db.commit()
    return redirect(f"/desk/campaigns/{spec.slug}/edit?saved=1")


@router.get("/{slug}/edit")
def edit_form(
    request: Request, slug: str, me: User = Depends(editor), db: Session = Depends(get_db)
) -> Response:
    campaign = get_campaign(db, slug)
    return _edit_page(request, _form_values(campaign), campaign)


@router.post("/{slug}/edit", dependencies=csrf)
async def edit(
    request: Request,
    slug: str,
    me: User = Depends(editor),
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    campaign = get_campaign(db, slug)
    form = await request.form()
    values = {**_values_from(form), "slug": slug}
    try:
        spec = spec_from(values)
        image = await _image(form, settings)
        update_campaign(db, spec)
        if image is not None:
            set_image(db, slug, *image)
        elif _str(form, "remove_image") == "1":
            set_image(db, slug, None, None)
    except (InvalidInput, Conflict) as exc:
        db.rollback()
        return _edit_page(request, values, campaign, str(exc), exc.status_code)
    db.commit()
    return redirect(f"/desk/campaigns/{slug}/edit?saved=1")


def results_data(db: Session, slug: str) -> dict[str, Any]:
    """The results page's data: counts per outcome, posts, failures, fallbacks, reach."""
    doc = results(db, slug)
    campaign = get_campaign(db, slug)
    pledges = doc["pledges"]
    reach_totals: Counter[str] = Counter()
    reported = 0
    for p in pledges:
        if p["reach"]:
            reported += 1
            reach_totals.update(p["reach"])
    posted = [p for p in pledges if p["status"] == "posted"]
    return {
        **doc,
        "title": campaign.title,
        "send_at": campaign.send_at.isoformat(),
        "send_zone": campaign.send_zone,
        "counts": [(k, doc["outcomes"].get(k, 0)) for k in OUTCOME_ORDER],
        "posted": posted,
        "failed": [p for p in pledges if p["status"] in ("failed", "token_expired")],
        "emailed": sum(1 for p in pledges if p["status"] == "emailed"),
        "reach": {
            "posts_reported": reported,
            "posts_not_reported": len(posted) - reported,
            "totals": dict(reach_totals),
        },
    }


@router.get("/{slug}/results")
def results_page(
    request: Request, slug: str, me: User = Depends(editor), db: Session = Depends(get_db)
) -> Response:
    data = results_data(db, slug)
    if wants_json(request):
        return json_response(data)
    return render(
        request,
        "campaigns/desk_results.html",
        {"r": data, "reach_note": request.query_params.get("reach")},
    )


@router.post("/{slug}/reach", dependencies=csrf)
def read_reach(
    request: Request, slug: str, me: User = Depends(editor), db: Session = Depends(get_db)
) -> Response:
    get_campaign(db, slug)
    report = refresh_reach(request.app.state.engine, slug)
    if wants_json(request):
        return json_response(report.as_dict())
    note = f"{report.read} read, {report.not_reported} not reported, {len(report.errors)} errors"
    return redirect(f"/desk/campaigns/{slug}/results?reach={quote(note)}")
