"""Secure submissions on the desk (under /desk/protect): unlock, read, mask, confirm, reply,
send to the review desk, publish a voice.

    GET  /desk/protect                         the list (+ .json); unlock / lock forms
    POST /desk/protect/unlock, /lock           the organisation's key for this login session
    GET  /desk/protect/s/{id}                  one submission, opened (logged)
    GET  /desk/protect/files/{id}/{which}      an attachment's original or public copy (logged)
    POST /desk/protect/files/{id}/masks        the reviewer's extra masks; the public copy is
                                               rendered again with the detector's boxes + masks
    POST /desk/protect/files/{id}/confirm      the reviewer confirms the public copy
    POST /desk/protect/s/{id}/reply            a reply to the sender (sealed to her)
    POST /desk/protect/s/{id}/state            decline it, or take it back into review
    POST /desk/protect/s/{id}/incident         a report on the review desk (provenance submission)
    POST /desk/protect/s/{id}/voice            check, redact or publish a voice (editors)
    POST /desk/protect/voices/{id}/withdraw    take a published voice off the site (editors)

Every page needs the ``submissions`` right; opening anything needs the key unlocked in this
login session (:mod:`.unlocked`); every POST needs the session's CSRF token. Every opening,
export and change is written to the custody log under the reviewer's name. Consent rules:
``nothing`` is never published, ``text_only`` publishes text only, ``masked_photo`` text and
one image whose masks a reviewer confirmed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from civicspace.accounts.roles import Forbidden, role_at_least
from civicspace.errors import CivicspaceError, Conflict, InvalidInput, NotFound
from civicspace.pipeline import report_from_submission
from civicspace.protect import custody, inbox
from civicspace.protect.keys import Keyring
from civicspace.protect.rekey import active_ids, unlock_all
from civicspace.protect.vault import Vault
from civicspace.publish.voices import (
    VoiceBlocked,
    findings,
    list_voices,
    publish_voice,
    redact_findings,
    withdraw_voice,
)
from civicspace.settings import Settings
from civicspace.store.accounts import User
from civicspace.store.submissions import Submission, SubmissionAttachment
from civicspace.store.voices import VOICE_LANGUAGES
from civicspace.web.auth import LoginThrottle, require_right, verify_csrf
from civicspace.web.deps import DbId, get_db, get_settings_dep
from civicspace.web.desk.common import NO_STORE, json_response, redirect, render, wants_json
from civicspace.web.desk.unlocked import forget, keys_for, remember

router = APIRouter(prefix="/desk/protect", include_in_schema=False)
reviewer = require_right("submissions")
MAX_MASKS = 200


class Locked(Forbidden):
    """The organisation's key is not unlocked in this login session."""


def who(user: User) -> str:
    """How the custody log names a reviewer: id and name."""
    return f"user:{user.id} {user.username}"


def _ring(settings: Settings) -> Keyring:
    return Keyring.load(settings.protect_dir / "keyring.json")


def _vault(settings: Settings) -> Vault:
    vault = Vault(settings.protect_dir / "vault")
    vault.folder.mkdir(parents=True, exist_ok=True)  # the custody log's folder
    return vault


def _key(request: Request, settings: Settings) -> Any:
    keys = keys_for(request) or {}
    for key_id in active_ids(_ring(settings)):
        if key_id in keys:
            return keys[key_id]
    raise Locked("unlock the organisation's key first (your passphrase, on /desk/protect)")


def _need(user: User, role: str) -> None:
    if not role_at_least(user.role, role):
        raise Forbidden(f"this needs the {role} role or above; yours is {user.role}")


@dataclass
class Desk:
    """One request on this desk: the reviewer (holding the ``submissions`` right), the
    database session and the settings; the checks every route makes, in one place."""

    request: Request
    me: User
    db: Session
    settings: Settings

    def unlock(self, role: str | None = None) -> Any:
        """The organisation's private key: first ``role`` or above (else 403), then the key
        unlocked in this login session (else :class:`Locked`, 403)."""
        if role is not None:
            _need(self.me, role)
        return _key(self.request, self.settings)


def _desk(
    request: Request,
    me: User = Depends(reviewer),
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Desk:
    return Desk(request, me, db, settings)


def _summary_json(s: inbox.SubmissionSummary) -> dict[str, Any]:
    return {
        "id": s.id,
        "state": s.state,
        "consent": s.consent,
        "may_become_incident": s.may_become_incident,
        "language": s.language,
        "country": s.country,
        "campaign": s.campaign,
        "received_on": s.received_on.isoformat(),
        "attachments": s.attachments,
        "messages": s.messages,
        "incident_id": s.incident_id,
    }


@router.get("")
def submissions_page(
    request: Request,
    state: str | None = None,
    me: User = Depends(reviewer),
    db: Session = Depends(get_db),
) -> Response:
    items = inbox.list_submissions(db, state=state or None)
    unlocked = bool(keys_for(request))
    if wants_json(request):
        return json_response({"unlocked": unlocked, "items": [_summary_json(s) for s in items]})
    return render(
        request,
        "desk/protect/list.html",
        {
            "items": items,
            "unlocked": unlocked,
            "state": state or "",
            "error": request.query_params.get("error", ""),
            "next": request.query_params.get("next", ""),
            "done": request.query_params.get("done", ""),
            "voices": list_voices(db, 100) if role_at_least(me.role, "editor") else [],
        },
    )


_UNLOCK_SLOTS = threading.BoundedSemaphore(2)  # argon2id MODERATE holds 256 MiB per attempt


def _unlock(ring: Keyring, passphrase: str) -> dict[str, Any]:
    with _UNLOCK_SLOTS:
        return unlock_all(ring, passphrase[:1024])


def _unlock_throttle(request: Request) -> LoginThrottle:
    """Wrong passphrases per desk user: five in 15 minutes, then that user waits."""
    state = request.app.state
    if not hasattr(state, "protect_unlock_throttle"):
        state.protect_unlock_throttle = LoginThrottle(5, 15 * 60)
    found: LoginThrottle = state.protect_unlock_throttle
    return found


def _safe_next(target: str) -> str:
    if target.startswith("/desk/protect") and "//" not in target and "\\" not in target:
        return target
    return "/desk/protect"


@router.post("/unlock", dependencies=[Depends(verify_csrf)])
async def unlock(
    request: Request,
    passphrase: str = Form("", max_length=1024),
    next: str = Form("", max_length=500),
    me: User = Depends(reviewer),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    ring = _ring(settings)
    guard = _unlock_throttle(request)
    wait = guard.wait(me.username)
    if wait > 0:
        error = f"too many wrong passphrases: try again in {int(wait // 60) + 1} min"
        return redirect(f"/desk/protect?error={quote(error)}&next={quote(next)}")
    try:
        keys = await run_in_threadpool(_unlock, ring, passphrase)
    except InvalidInput as exc:
        guard.failed(me.username)
        custody.append(_vault(settings).log, who(me), "opened", "keyring", "wrong passphrase")
        return redirect(f"/desk/protect?error={quote(str(exc))}&next={quote(next)}")
    guard.succeeded(me.username)
    remember(request, keys)
    custody.append(_vault(settings).log, who(me), "opened", "keyring", "unlocked for a session")
    return redirect(_safe_next(next))


@router.post("/lock", dependencies=[Depends(verify_csrf)])
def lock(request: Request, me: User = Depends(reviewer)) -> Response:
    forget(request)
    return redirect("/desk/protect")


def _locked_page(request: Request, status_code: int = 403) -> Response:
    target = quote(request.url.path, safe="/")
    return redirect(f"/desk/protect?error={quote('unlock the key first')}&next={target}")


def _page(
    desk: Desk,
    submission_id: str,
    *,
    voice: dict[str, Any] | None = None,
    error: str = "",
    done: str = "",
    status_code: int = 200,
) -> Response:
    """The submission, opened (logged); a new one goes into review when a researcher opens it."""
    request, db, settings, me = desk.request, desk.db, desk.settings, desk.me
    private = desk.unlock()
    opened = inbox.open_submission(db, _vault(settings), submission_id, private, who(me))
    if opened.summary.state == "new" and role_at_least(me.role, "researcher"):
        inbox.set_state(db, _vault(settings), submission_id, "in_review", who(me))
        opened = replace(opened, summary=inbox.summary(db, submission_id))
    db.commit()
    sender_text = "\n\n".join(m.text for m in opened.messages if m.direction == "sender")
    if voice is None:
        title = sender_text.strip().split("\n", 1)[0][:120]
        voice = {"title": title, "text": sender_text, "language": _lang(opened), "image": ""}
    voice["findings"] = findings(voice["title"], voice["text"])
    return render(
        request,
        "desk/protect/submission.html",
        {
            "s": opened.summary,
            "messages": opened.messages,
            "attachments": opened.attachments,
            "voice": voice,
            "languages": VOICE_LANGUAGES,
            "error": error,
            "done": done or request.query_params.get("done", ""),
            "publishable": opened.summary.consent != "nothing",
            "can_publish": role_at_least(me.role, "editor"),
            "can_change": role_at_least(me.role, "researcher"),
        },
        status_code,
    )


def _lang(opened: inbox.OpenedSubmission) -> str:
    lang = opened.summary.language[:2]
    return lang if lang in VOICE_LANGUAGES else "en"


@router.get("/s/{submission_id}")
def submission_page(submission_id: str, desk: Desk = Depends(_desk)) -> Response:
    try:
        return _page(desk, submission_id)
    except Locked:
        return _locked_page(desk.request)


@router.get("/files/{attachment_id}/{which}")
def attachment_file(attachment_id: DbId, which: str, desk: Desk = Depends(_desk)) -> Response:
    """The bytes of an original (as received) or of the public copy, for this reviewer only."""
    if which not in ("original", "public"):
        raise NotFound(f"no {which} file")
    private = desk.unlock()
    db, vault, me = desk.db, _vault(desk.settings), who(desk.me)
    meta = inbox.open_attachment(db, attachment_id, private)
    data = inbox.open_file(db, vault, attachment_id, private, me, which)
    media = meta.mime if which == "original" else "image/jpeg"
    headers = {**NO_STORE, "Content-Disposition": "inline" if which == "public" else "attachment"}
    if which == "original":
        custody.append(vault.log, me, "exported", meta.sha256, "to the desk")
    return Response(data, media_type=media, headers=headers)


def _submission_of(db: Session, attachment_id: int) -> tuple[SubmissionAttachment, Submission]:
    attachment = db.get(SubmissionAttachment, attachment_id)
    if attachment is None:
        raise NotFound(f"no attachment {attachment_id}")
    submission = db.get(Submission, attachment.submission_id)
    assert submission is not None
    return attachment, submission


def parse_masks(xs: list[str], ys: list[str], ws: list[str], hs: list[str]) -> list[list[float]]:
    """Rows of the mask form (numeric inputs, or rows the brush added); empty rows skipped."""
    if not len(xs) == len(ys) == len(ws) == len(hs):
        raise InvalidInput("every mask needs x, y, width and height")
    boxes = []
    for row in zip(xs, ys, ws, hs, strict=True):
        if not any(v.strip() for v in row):
            continue
        try:
            x, y, w, h = (float(v) for v in row)
        except ValueError:
            raise InvalidInput(f"a mask is four numbers: {', '.join(row)}") from None
        boxes.append([x, y, w, h, 1.0])
    if len(boxes) > MAX_MASKS:
        raise InvalidInput(f"at most {MAX_MASKS} masks")
    return boxes


@router.post("/files/{attachment_id}/masks", dependencies=[Depends(verify_csrf)])
def masks(
    attachment_id: DbId,
    mask_x: list[str] = Form([]),
    mask_y: list[str] = Form([]),
    mask_w: list[str] = Form([]),
    mask_h: list[str] = Form([]),
    desk: Desk = Depends(_desk),
) -> Response:
    private = desk.unlock("researcher")
    db = desk.db
    _attachment, submission = _submission_of(db, attachment_id)
    ring, vault = _ring(desk.settings), _vault(desk.settings)
    try:
        boxes = parse_masks(mask_x, mask_y, mask_w, mask_h)
        inbox.record_masks(db, ring, vault, attachment_id, boxes, who(desk.me))
        inbox.render_public_copy(db, ring, vault, attachment_id, private, who(desk.me))
    except CivicspaceError as exc:
        db.rollback()
        return _page(desk, submission.id, error=str(exc), status_code=422)
    db.commit()
    if wants_json(desk.request):
        return json_response({"attachment": attachment_id, "masks": len(boxes)})
    return redirect(
        f"/desk/protect/s/{submission.id}?done={quote(f'{len(boxes)} mask(s) applied')}"
        f"#file-{attachment_id}"
    )


@router.post("/files/{attachment_id}/confirm", dependencies=[Depends(verify_csrf)])
def confirm(
    attachment_id: DbId, public_sha256: str = Form(""), desk: Desk = Depends(_desk)
) -> Response:
    desk.unlock("researcher")
    attachment, submission = _submission_of(desk.db, attachment_id)
    if attachment.public_sha256 != public_sha256:
        error = "the public copy changed since you looked at it: look again, then confirm"
        return _page(desk, submission.id, error=error, status_code=409)
    inbox.confirm_masks(desk.db, _vault(desk.settings), attachment_id, who(desk.me))
    desk.db.commit()
    return redirect(f"/desk/protect/s/{submission.id}?done=masks+confirmed#file-{attachment_id}")


@router.post("/s/{submission_id}/reply", dependencies=[Depends(verify_csrf)])
def reply(
    submission_id: str, text: str = Form("", max_length=20_000), desk: Desk = Depends(_desk)
) -> Response:
    desk.unlock("researcher")
    try:
        inbox.reply(desk.db, _ring(desk.settings), submission_id, text, who(desk.me))
    except InvalidInput as exc:
        desk.db.rollback()
        return _page(desk, submission_id, error=str(exc), status_code=422)
    custody.append(_vault(desk.settings).log, who(desk.me), "changed", submission_id, "reply sent")
    desk.db.commit()
    return redirect(f"/desk/protect/s/{submission_id}?done=reply+sent")


@router.post("/s/{submission_id}/state", dependencies=[Depends(verify_csrf)])
def change_state(
    submission_id: str, state: str = Form(""), desk: Desk = Depends(_desk)
) -> Response:
    """Decline a submission (nothing of it will be published), or take it back into review."""
    desk.unlock("researcher")
    if state not in ("in_review", "declined"):
        raise InvalidInput("state must be in_review or declined")
    inbox.set_state(desk.db, _vault(desk.settings), submission_id, state, who(desk.me))
    desk.db.commit()
    return redirect(f"/desk/protect/s/{submission_id}?done={state.replace('_', '+')}")


@router.post("/s/{submission_id}/incident", dependencies=[Depends(verify_csrf)])
def to_incident(submission_id: str, desk: Desk = Depends(_desk)) -> Response:
    private = desk.unlock("researcher")
    db, vault = desk.db, _vault(desk.settings)
    try:
        incident = report_from_submission(db, vault, submission_id, private, who(desk.me))
    except (Conflict, InvalidInput) as exc:
        db.rollback()
        return _page(desk, submission_id, error=str(exc), status_code=409)
    db.commit()
    if wants_json(desk.request):
        return json_response({"incident": incident.id})
    return redirect(f"/desk/incidents/{incident.id}")


def _voice_image(
    db: Session, settings: Settings, me: User, s: Submission, private: Any, chosen: str
) -> bytes | None:
    """The confirmed public copy the editor chose, within what the sender consented to."""
    if not chosen:
        return None
    if s.consent != "masked_photo":
        raise Conflict("the sender agreed to text only: no image is published")
    attachment, owner = _submission_of(db, int(chosen) if chosen.isdigit() else 0)
    if owner.id != s.id or attachment.kind != "image":
        raise InvalidInput("choose one of this submission's images")
    if attachment.masks_confirmed_by is None or attachment.public_sha256 is None:
        raise Conflict("a reviewer must confirm the masks of this image before it is published")
    return inbox.open_file(db, _vault(settings), attachment.id, private, who(me), "public")


@router.post("/s/{submission_id}/voice", dependencies=[Depends(verify_csrf)])
def voice(
    submission_id: str,
    action: str = Form("check"),
    title: str = Form("", max_length=2000),
    text: str = Form("", max_length=40_000),
    language: str = Form("en", max_length=8),
    image: str = Form("", max_length=20),
    desk: Desk = Depends(_desk),
) -> Response:
    private = desk.unlock()
    request, db, settings, me = desk.request, desk.db, desk.settings, desk.me
    submission = db.get(Submission, submission_id)
    if submission is None:
        raise NotFound(f"no submission {submission_id}")
    form = {"title": title, "text": text, "language": language, "image": image}

    def again(error: str = "", done: str = "", status: int = 200) -> Response:
        return _page(desk, submission_id, voice=form, error=error, done=done, status_code=status)

    if action == "redact":
        form["title"], form["text"] = redact_findings(title, text)
        return again(done="every finding replaced by its kind: read it again before publishing")
    if action != "publish":
        return again()
    _need(me, "editor")
    try:
        if submission.consent == "nothing":
            raise Conflict("the sender chose that nothing be published")
        if submission.state == "declined":
            raise Conflict("this submission was declined: take it back into review first")
        picture = _voice_image(db, settings, me, submission, private, image)
        published = publish_voice(
            db, title=title, body=text, language=language, actor=f"user:{me.id}", image=picture
        )
        inbox.set_state(db, _vault(settings), submission_id, "published", who(me))
        custody.append(
            _vault(settings).log, who(me), "changed", submission_id, f"voice {published.id}"
        )
    except VoiceBlocked as exc:
        db.rollback()
        return again(error=str(exc), status=409)
    except (Conflict, InvalidInput, NotFound) as exc:
        db.rollback()
        return again(error=str(exc), status=exc.status_code)
    db.commit()
    if wants_json(request):
        return json_response({"voice": published.id, "url": f"/voices/{published.id}"})
    return redirect(f"/desk/protect/s/{submission_id}?done=voice+{published.id}+published")


@router.post("/voices/{voice_id}/withdraw", dependencies=[Depends(verify_csrf)])
def withdraw(voice_id: DbId, desk: Desk = Depends(_desk)) -> Response:
    """Take a voice off the public site at once (its page, JSON, image and feed entry)."""
    _need(desk.me, "editor")
    withdraw_voice(desk.db, voice_id)
    log = _vault(desk.settings).log
    custody.append(log, who(desk.me), "changed", f"voice {voice_id}", "withdrawn")
    desk.db.commit()
    return redirect(f"/desk/protect?done=voice+{voice_id}+withdrawn")
