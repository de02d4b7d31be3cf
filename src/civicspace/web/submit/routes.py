"""``/submit``: the form (general, per country, per campaign), the receipt, the sender's return.

Thin routes over :mod:`civicspace.protect.submissions`. Posts are read in memory under the size
limit (:mod:`.multipart`), checked against a form token and a rate limit that keeps no address
(:mod:`.guard`), and processed in a worker thread (face detection and argon2id are slow). Pages
that show a receipt code or a conversation are never cached. No route logs the client address.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

import pycountry
from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from civicspace.countries import parse_code
from civicspace.errors import CivicspaceError, InvalidInput, NotFound, TooLarge
from civicspace.protect import support
from civicspace.protect.submissions import (
    KDF_COSTS,
    MAX_FILES,
    Intake,
    NewSubmission,
    Receipt,
    SenderView,
    add_from_sender,
    sender_view,
    submit,
    unlock_receipt,
)
from civicspace.protect.uploads import Upload, sniff
from civicspace.settings import Settings
from civicspace.store.campaigns import Campaign
from civicspace.store.submissions import CONSENTS
from civicspace.web.auth import check_same_origin
from civicspace.web.submit import guard, i18n
from civicspace.web.submit.multipart import Oversized, Posted, read_form
from civicspace.web.templating import templates

router = APIRouter(prefix="/submit", include_in_schema=False)
NO_STORE = {"Cache-Control": "no-store, max-age=0", "Pragma": "no-cache", "X-Robots-Tag": "noindex"}


@dataclass
class _Guards:
    tokens: guard.FormTokens
    limiter: guard.RateLimiter


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _guards(request: Request) -> _Guards:
    found = getattr(request.app.state, "submit_guards", None)
    if found is None:
        found = _Guards(
            guard.FormTokens(), guard.RateLimiter(_settings(request).submit_rate_per_hour)
        )
        request.app.state.submit_guards = found
    assert isinstance(found, _Guards)
    return found


def _intake(request: Request) -> Intake | None:
    settings = _settings(request)
    try:
        return Intake.open(
            settings.protect_dir, KDF_COSTS[settings.protect_kdf], settings.submit_max_bytes
        )
    except NotFound:
        return None


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def _render(
    request: Request,
    template: str,
    lang: str,
    data: dict[str, Any],
    status: int = 200,
    *,
    no_store: bool = False,
) -> Response:
    """A submit page in ``lang``, with a form token (and its cookie, set when missing)."""
    cookie = request.cookies.get(guard.COOKIE) or guard.FormTokens.new_cookie()
    path = request.url.path
    links = [
        {"code": c, "name": n, "url": None if c == lang else f"{path}?lang={c}"}
        for c, n in i18n.NAMES.items()
    ]
    context = {
        **i18n.context(lang),
        "form_token": _guards(request).tokens.token(cookie),
        "token_field": guard.FIELD,
        "lang_links": links,
        "max_size": _human_size(_settings(request).submit_max_bytes),
        "max_files": MAX_FILES,
        **data,
    }
    headers = {"Content-Language": lang, "Vary": "Accept-Language, Cookie"}
    if no_store:
        headers.update(NO_STORE)
    response = templates.TemplateResponse(
        request, template, context, status_code=status, headers=headers
    )
    if guard.COOKIE not in request.cookies:
        response.set_cookie(
            guard.COOKIE,
            cookie,
            httponly=True,
            samesite="strict",
            path="/submit",
            secure=request.url.scheme == "https",
        )
    return response


def _closed(request: Request, lang: str) -> Response:
    return _render(request, "submit/closed.html", lang, {}, 503)


def _campaign(request: Request, slug: str) -> Campaign:
    with Session(request.app.state.engine) as session:
        found = session.scalar(select(Campaign).where(Campaign.slug == slug))
    if found is None:
        raise NotFound(f"no campaign {slug}")
    return found


def _form(
    request: Request,
    lang: str,
    *,
    country: str | None = None,
    campaign: Campaign | None = None,
    values: dict[str, str] | None = None,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> Response:
    if _intake(request) is None:
        return _closed(request, lang)
    name = i18n.context(lang)["country"]
    assert callable(name)
    countries = sorted(((code, name(code)) for code in _country_codes()), key=_sort_key)
    return _render(
        request,
        "submit/form.html",
        lang,
        {
            "fixed_country": country,
            "campaign": campaign,
            "countries": countries,
            "values": values or {"consent": "nothing"},
            "errors": errors or [],
            "consents": CONSENTS,
        },
        status,
        no_store=bool(values),
    )


def _sort_key(pair: tuple[str, str]) -> str:
    """Names in alphabetical order whatever their accents (Égypte among the E)."""
    decomposed = unicodedata.normalize("NFKD", pair[1])
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _country_codes() -> list[str]:
    return [str(c.alpha_2) for c in pycountry.countries]


@router.get("")
def form_general(request: Request) -> Response:
    return _form(request, i18n.negotiate(request))


@router.get("/country/{code}")
def form_country(request: Request, code: str) -> Response:
    try:
        country = parse_code(code)
    except InvalidInput:
        raise NotFound(f"no country {code}") from None
    return _form(request, i18n.negotiate(request), country=country)


@router.get("/campaign/{slug}")
def form_campaign(request: Request, slug: str) -> Response:
    return _form(request, i18n.negotiate(request), campaign=_campaign(request, slug))


def _checked_post(request: Request, posted: Posted) -> None:
    """The form token; raises :class:`_Refused` with the status and the message key."""
    if not _guards(request).tokens.check(
        request.cookies.get(guard.COOKIE), posted.fields.get(guard.FIELD)
    ):
        raise _Refused(403, "expired", "f-text")


class _Refused(Exception):
    def __init__(self, status: int, key: str, field: str, detail: str = "") -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.field = field
        self.detail = detail


def _messages(lang: str, max_size: str) -> dict[str, str]:
    _ = i18n.context(lang)["_"]
    assert callable(_)
    return {
        "expired": _(
            "This form had expired. Check what you wrote, attach your files again and send it "
            "again."
        ),
        "rate": _(
            "Too many attempts from your connection in the last hour. Please wait and try "
            "again later."
        ),
        "too_large": _(
            "What you sent is larger than the limit of %(size)s. Nothing was kept. Send fewer "
            "or smaller files.",
            size=max_size,
        ),
        "empty": _("Write something or attach a file."),
        "consent": _("Choose what we may publish on your behalf."),
        "file_type": _(
            "A file is not accepted: send photos (JPEG, PNG, HEIC, WebP) or documents (PDF, "
            "Word, OpenDocument, text)."
        ),
        "too_many": _("You can attach at most %(count)s files at once.", count=MAX_FILES),
        "code": _("No submission has this receipt code. Check the digits and try again."),
        "code_format": _("A receipt code has 24 digits."),
        "other": _("Your submission could not be received. Nothing was kept."),
    }


def _check_new(fields: dict[str, str], uploads: tuple[Upload, ...]) -> None:
    if fields.get("consent") not in CONSENTS:
        raise _Refused(422, "consent", "f-consent-nothing")
    if not fields.get("text", "").strip() and not uploads:
        raise _Refused(422, "empty", "f-text")
    if len(uploads) > MAX_FILES:
        raise _Refused(422, "too_many", "f-files")
    for upload in uploads:
        try:
            sniff(upload.data)
        except InvalidInput:
            raise _Refused(422, "file_type", "f-files") from None


def _do_submit(request: Request, intake: Intake, new: NewSubmission) -> Receipt:
    settings = _settings(request)
    book = support.load(settings.submit_support_file)
    reply = support.message(book, new.language, new.country)
    with Session(request.app.state.engine) as session:
        receipt = submit(session, intake, new, support=reply)
        session.commit()
    return receipt


@router.post("")
async def post_submission(request: Request) -> Response:
    lang = i18n.negotiate(request)
    intake = _intake(request)
    if intake is None:
        return _closed(request, lang)
    check_same_origin(request)  # a cross-site post is refused outright (403)
    settings = _settings(request)
    values: dict[str, str] = {}
    try:
        if not _guards(request).limiter.allow(request.client.host if request.client else None):
            raise _Refused(429, "rate", "f-text")
        try:
            posted = await read_form(request, settings.submit_max_bytes)
        except Oversized as exc:
            values = exc.fields  # her text is shown again; nothing is kept
            raise _Refused(413, "too_large", "f-files") from None
        values = posted.fields
        lang = i18n.negotiate(request, values.get("lang"))
        fixed_country, campaign = _where(request, values)
        _checked_post(request, posted)
        _check_new(values, posted.uploads)
        new = NewSubmission(
            text=values.get("text", ""),
            consent=values["consent"],
            may_become_incident=values.get("may_become_incident") == "yes",
            language=lang,
            country=fixed_country or _country_field(values.get("country")),
            campaign=campaign.slug if campaign else None,
            uploads=posted.uploads,
        )
        receipt = await run_in_threadpool(_do_submit, request, intake, new)
    except (_Refused, TooLarge, InvalidInput) as exc:
        refused = (
            exc
            if isinstance(exc, _Refused)
            else _Refused(413, "too_large", "f-files")
            if isinstance(exc, TooLarge)
            else _Refused(422, "other", "f-text")
        )
        lang = i18n.negotiate(request, values.get("lang"))
        fixed_country, campaign = _where(request, values)
        message = _messages(lang, _human_size(settings.submit_max_bytes))[refused.key]
        return _form(
            request, lang, country=fixed_country, campaign=campaign,
            values={"consent": "nothing", **values}, errors=[(refused.field, message)],
            status=refused.status,
        )  # fmt: skip
    return _render(request, "submit/receipt.html", lang, {"code": receipt.code}, no_store=True)


def _where(request: Request, values: dict[str, str]) -> tuple[str | None, Campaign | None]:
    """The country and campaign a form was for (hidden fields of its page)."""
    campaign = _campaign(request, values["campaign"]) if values.get("campaign") else None
    return _country_field(values.get("fixed_country")), campaign


def _country_field(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parse_code(value)
    except InvalidInput:
        return None


@router.get("/return")
def return_form(request: Request) -> Response:
    return _render(request, "submit/return.html", i18n.negotiate(request), {"errors": []})


def _view(
    request: Request, intake: Intake, code: str, text: str, uploads: tuple[Upload, ...]
) -> SenderView:
    with Session(request.app.state.engine) as session:
        unlocked = unlock_receipt(session, intake, code)
        if text.strip() or uploads:
            add_from_sender(session, intake, unlocked, text, uploads)
            session.commit()
        return sender_view(session, unlocked)


@router.post("/return")
async def post_return(request: Request) -> Response:
    """The code (and, from the conversation page, more text and files) → the conversation."""
    lang = i18n.negotiate(request)
    intake = _intake(request)
    if intake is None:
        return _closed(request, lang)
    check_same_origin(request)
    settings = _settings(request)
    code = ""
    adding = False
    try:
        if not _guards(request).limiter.allow(request.client.host if request.client else None):
            raise _Refused(429, "rate", "f-code")
        try:
            posted = await read_form(request, settings.submit_max_bytes)
        except TooLarge:
            raise _Refused(413, "too_large", "f-files") from None
        lang = i18n.negotiate(request, posted.fields.get("lang"))
        code = posted.fields.get("code", "")
        adding = posted.fields.get("adding") == "yes"
        _checked_post(request, posted)
        if adding and not posted.fields.get("text", "").strip() and not posted.uploads:
            raise _Refused(422, "empty", "f-text")
        for upload in posted.uploads:
            try:
                sniff(upload.data)
            except InvalidInput:
                raise _Refused(422, "file_type", "f-files") from None
        view = await run_in_threadpool(
            _view, request, intake, code, posted.fields.get("text", ""), posted.uploads
        )
    except (_Refused, CivicspaceError) as exc:
        refused = exc if isinstance(exc, _Refused) else _refusal(exc, adding)
        message = _messages(lang, _human_size(settings.submit_max_bytes))[refused.key]
        errors = [(refused.field, message)]
        if adding and refused.key not in ("code", "code_format"):
            return await _conversation(request, lang, intake, code, errors, refused.status)
        return _render(
            request, "submit/return.html", lang, {"errors": errors}, refused.status, no_store=True
        )
    return _render(
        request, "submit/conversation.html", lang,
        {"view": view, "code": code, "errors": [], "added": adding}, no_store=True,
    )  # fmt: skip


def _refusal(exc: CivicspaceError, adding: bool) -> _Refused:
    if isinstance(exc, NotFound):
        return _Refused(404, "code", "f-code")
    if isinstance(exc, TooLarge):
        return _Refused(413, "too_large", "f-files")
    if isinstance(exc, InvalidInput) and "receipt code" in str(exc):
        return _Refused(422, "code_format", "f-code")
    return _Refused(422, "other", "f-text" if adding else "f-code")


async def _conversation(
    request: Request,
    lang: str,
    intake: Intake,
    code: str,
    errors: list[tuple[str, str]],
    status: int,
) -> Response:
    """The conversation again, with the error of a failed addition (nothing of it kept)."""
    try:
        view = await run_in_threadpool(_view, request, intake, code, "", ())
    except CivicspaceError:
        return _render(
            request, "submit/return.html", lang, {"errors": errors}, status, no_store=True
        )
    return _render(
        request, "submit/conversation.html", lang,
        {"view": view, "code": code, "errors": errors, "added": False}, status, no_store=True,
    )  # fmt: skip
