"""``/submit``: the form (general, per country, per campaign), the receipt, the sender's return.

Thin routes over :mod:`civicspace.protect.submissions`. Posts are read in memory under the size
limit (:mod:`.multipart`), checked against a form token and a rate limit that keeps no address
(:mod:`civicspace.web.anonymous`: kind ``submit``, ``CIVICSPACE_SUBMIT_RATE_PER_HOUR``), and
processed in a worker thread (face detection and argon2id are slow). Pages that show a receipt
code or a conversation are never cached. No route logs the client address.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from civicspace.countries import parse_code
from civicspace.errors import CivicspaceError, InvalidInput, NotFound, TooLarge
from civicspace.protect import support
from civicspace.protect.submissions import (
    Intake,
    NewSubmission,
    Receipt,
    SenderView,
    add_from_sender,
    sender_view,
    submit,
    unlock_receipt,
)
from civicspace.protect.uploads import Upload
from civicspace.store.campaigns import Campaign
from civicspace.web.anonymous import allow, check_same_origin
from civicspace.web.submit import i18n
from civicspace.web.submit.multipart import Oversized, read_form
from civicspace.web.submit.pages import (
    campaign_by_slug,
    closed,
    form_page,
    human_size,
    intake_of,
    render,
    settings_of,
)
from civicspace.web.submit.refusals import (
    Refused,
    check_code,
    check_files,
    check_new,
    check_token,
    messages,
)

router = APIRouter(prefix="/submit", include_in_schema=False)


@router.get("")
def form_general(request: Request) -> Response:
    return form_page(request, i18n.negotiate(request))


@router.get("/country/{code}")
def form_country(request: Request, code: str) -> Response:
    try:
        country = parse_code(code)
    except InvalidInput:
        raise NotFound(f"no country {code}") from None
    return form_page(request, i18n.negotiate(request), country=country)


@router.get("/campaign/{slug}")
def form_campaign(request: Request, slug: str) -> Response:
    return form_page(request, i18n.negotiate(request), campaign=campaign_by_slug(request, slug))


def _do_submit(request: Request, intake: Intake, new: NewSubmission) -> Receipt:
    settings = settings_of(request)
    book = support.load(settings.submit_support_file)
    reply = support.message(book, new.language, new.country)
    with Session(request.app.state.engine) as session:
        receipt = submit(session, intake, new, support=reply)
        session.commit()
    return receipt


@router.post("")
async def post_submission(request: Request) -> Response:
    lang = i18n.negotiate(request)
    intake = intake_of(request)
    if intake is None:
        return closed(request, lang)
    check_same_origin(request)  # a cross-site post is refused outright (403)
    settings = settings_of(request)
    values: dict[str, str] = {}
    try:
        if not allow(request, "submit", settings.submit_rate_per_hour):
            raise Refused(429, "rate", "f-text")
        try:
            posted = await read_form(request, settings.submit_max_bytes)
        except Oversized as exc:
            values = exc.fields  # her text is shown again; nothing is kept
            raise Refused(413, "too_large", "f-files") from None
        values = posted.fields
        lang = i18n.negotiate(request, values.get("lang"))
        fixed_country, campaign = _where(request, values)
        check_token(request, posted)
        check_new(values, posted.uploads)
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
    except (Refused, TooLarge, InvalidInput) as exc:
        refused = (
            exc
            if isinstance(exc, Refused)
            else Refused(413, "too_large", "f-files")
            if isinstance(exc, TooLarge)
            else Refused(422, "other", "f-text")
        )
        lang = i18n.negotiate(request, values.get("lang"))
        fixed_country, campaign = _where(request, values)
        message = messages(lang, human_size(settings.submit_max_bytes))[refused.key]
        return form_page(
            request, lang, country=fixed_country, campaign=campaign,
            values={"consent": "nothing", **values}, errors=[(refused.field, message)],
            status=refused.status,
        )  # fmt: skip
    return render(request, "submit/receipt.html", lang, {"code": receipt.code}, no_store=True)


def _where(request: Request, values: dict[str, str]) -> tuple[str | None, Campaign | None]:
    """The country and campaign a form was for (hidden fields of its page)."""
    campaign = campaign_by_slug(request, values["campaign"]) if values.get("campaign") else None
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
    return render(request, "submit/return.html", i18n.negotiate(request), {"errors": []})


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
    intake = intake_of(request)
    if intake is None:
        return closed(request, lang)
    check_same_origin(request)
    settings = settings_of(request)
    code = ""
    adding = False
    try:
        if not allow(request, "submit", settings.submit_rate_per_hour):
            raise Refused(429, "rate", "f-code")
        try:
            posted = await read_form(request, settings.submit_max_bytes)
        except TooLarge:
            raise Refused(413, "too_large", "f-files") from None
        lang = i18n.negotiate(request, posted.fields.get("lang"))
        code = posted.fields.get("code", "")
        adding = posted.fields.get("adding") == "yes"
        check_token(request, posted)
        check_code(code)
        if adding and not posted.fields.get("text", "").strip() and not posted.uploads:
            raise Refused(422, "empty", "f-text")
        check_files(posted.uploads)
        view = await run_in_threadpool(
            _view, request, intake, code, posted.fields.get("text", ""), posted.uploads
        )
    except (Refused, CivicspaceError) as exc:
        refused = exc if isinstance(exc, Refused) else _refusal(exc, adding)
        message = messages(lang, human_size(settings.submit_max_bytes))[refused.key]
        errors = [(refused.field, message)]
        if adding and refused.key not in ("code", "code_format"):
            return await _conversation(request, lang, intake, code, errors, refused.status)
        return render(
            request, "submit/return.html", lang, {"errors": errors}, refused.status, no_store=True
        )
    return render(
        request, "submit/conversation.html", lang,
        {"view": view, "code": code, "errors": [], "added": adding}, no_store=True,
    )  # fmt: skip


def _refusal(exc: CivicspaceError, adding: bool) -> Refused:
    """A domain error after the checks: an unknown code, too large, or anything else."""
    if isinstance(exc, NotFound):
        return Refused(404, "code", "f-code")
    if isinstance(exc, TooLarge):
        return Refused(413, "too_large", "f-files")
    return Refused(422, "other", "f-text" if adding else "f-code")


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
        return render(
            request, "submit/return.html", lang, {"errors": errors}, status, no_store=True
        )
    return render(
        request, "submit/conversation.html", lang,
        {"view": view, "code": code, "errors": errors, "added": False}, status, no_store=True,
    )  # fmt: skip
