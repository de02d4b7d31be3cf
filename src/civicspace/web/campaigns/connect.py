"""Connecting a supporter's account to a campaign (docs/campaigns.md, "Connecting accounts").

* ``GET|POST /campaigns/{slug}/connect/mastodon`` (``instance``, or ``ana@instance``; optional
  ``handle``, ``language``, ``note``, ``email``): the site's app on that instance is registered
  once, the pledge in progress is sealed in a cookie (SameSite=Lax: it must come back with the
  instance's redirect), and the browser goes to the instance's ``/oauth/authorize``
  (scope ``write:statuses``). Without an instance, a form asks for it.
* ``GET /campaigns/connect/mastodon/callback?code&state``: one callback for every campaign (the
  app is registered once per instance, so its redirect URI cannot name a campaign); the
  campaign comes from the sealed cookie, whose ``state`` must match. The code is exchanged and
  the pledge recorded (:func:`_record`: ``pledge_with_link``, then the private link, once).
* ``GET|POST /campaigns/{slug}/connect/bluesky``: a form for the handle and an app password;
  posted with both, the account's PDS is found from its DID document and a session opened there;
  its refresh JWT is the pledge's token, the app password is not kept.

Forms are checked like every public campaign form (``common.check_form_token``: same origin and
the ``csrf_token`` field signed for the ``civicspace_campaign`` cookie, see
:mod:`civicspace.web.anonymous`).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from civicspace.campaigns import oauth
from civicspace.campaigns.pledges import PledgeInput, get_campaign, pledge_with_link
from civicspace.errors import InvalidInput
from civicspace.settings import Settings
from civicspace.web.auth import cookie_name, cookie_secure
from civicspace.web.campaigns.common import (
    CSRF_FIELD,
    NO_STORE,
    check_form_token,
    page,
    to_private_link,
)
from civicspace.web.deps import get_db, get_settings_dep

router = APIRouter(include_in_schema=False)

CONNECT_COOKIE = "civicspace_connect"  # the sealed pledge in progress during the OAuth dance
FIELDS = ("instance", "handle", "language", "note", "email", "app_password", CSRF_FIELD)


async def _fields(request: Request) -> dict[str, str]:
    """The connect fields from the query (GET) or the form (POST, token checked)."""
    if request.method == "POST":
        form = await request.form()
        values = {k: str(form.get(k) or "") for k in FIELDS}
        check_form_token(request, values[CSRF_FIELD])
    else:
        values = {k: request.query_params.get(k, "") for k in FIELDS if k != "app_password"}
    for key, value in values.items():
        if len(value) > 2000:
            raise InvalidInput(f"{key}: too long")
    return values


def _record(db: Session, settings: Settings, slug: str, data: PledgeInput) -> Response:
    """The one place a connected account becomes a pledge: then its private link, shown once."""
    _row, secret = pledge_with_link(db, settings, slug, data)
    db.commit()
    return to_private_link(slug, secret)


def _language(db: Session, slug: str, asked: str) -> str:
    campaign = get_campaign(db, slug)
    return asked if asked in campaign.messages else sorted(campaign.messages)[0]


@router.api_route("/campaigns/{slug}/connect/mastodon", methods=["GET", "POST"])
async def connect_mastodon(
    request: Request,
    slug: str,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    values = await _fields(request)
    language = await run_in_threadpool(_language, db, slug, values["language"])
    if not values["instance"].strip():
        campaign = await run_in_threadpool(get_campaign, db, slug)
        return page(
            request,
            "campaigns/connect_mastodon.html",
            {"campaign": campaign, **values, "language": language},
        )

    def start() -> tuple[str, str]:
        url, sealed = oauth.start_mastodon(
            db,
            settings,
            slug,
            values["instance"],
            values["handle"],
            language,
            values["note"],
            values["email"] or None,
        )
        db.commit()
        return url, sealed

    url, sealed = await run_in_threadpool(start)
    response = RedirectResponse(url, status_code=303, headers=NO_STORE)
    response.set_cookie(
        cookie_name(request, CONNECT_COOKIE),
        sealed,
        max_age=settings.campaign_connect_minutes * 60,
        path="/",
        httponly=True,
        samesite="lax",  # sent back on the instance's top-level redirect; Strict would not be
        secure=cookie_secure(request),
    )
    return response


@router.get(oauth.CALLBACK_PATH)
def mastodon_callback(
    request: Request,
    code: str = "",
    state: str = "",
    error: str = "",
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    cookie = request.cookies.get(cookie_name(request, CONNECT_COOKIE), "")
    if not cookie:
        raise oauth.ConnectRefused("no connection was started in this browser: start again")
    pending = oauth.open_pending(settings, cookie)
    response: Response
    if error:
        response = RedirectResponse(
            f"/campaigns/{pending.slug}/connect/mastodon?refused=1", 303, headers=NO_STORE
        )
    else:
        slug, data = oauth.finish_mastodon(db, settings, cookie, state, code)
        response = _record(db, settings, slug, data)
    response.delete_cookie(
        cookie_name(request, CONNECT_COOKIE),
        path="/",
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request),
    )
    return response


@router.api_route("/campaigns/{slug}/connect/bluesky", methods=["GET", "POST"])
async def connect_bluesky(
    request: Request,
    slug: str,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    values = await _fields(request)
    language = await run_in_threadpool(_language, db, slug, values["language"])
    if request.method == "GET" or not (values["handle"] and values["app_password"]):
        campaign = await run_in_threadpool(get_campaign, db, slug)
        values.pop("app_password", None)
        return page(
            request,
            "campaigns/connect_bluesky.html",
            {"campaign": campaign, **values, "language": language},
        )

    def connect() -> Response:
        get_campaign(db, slug)
        data = oauth.bluesky_pledge_input(
            settings,
            values["handle"],
            values["app_password"],
            language,
            values["note"],
            values["email"] or None,
        )
        return _record(db, settings, slug, data)

    return await run_in_threadpool(connect)
