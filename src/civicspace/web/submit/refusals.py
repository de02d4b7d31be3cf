"""Why a post is refused, in the sender's language, and the checks that refuse it."""

from __future__ import annotations

from fastapi import Request

from civicspace.errors import InvalidInput
from civicspace.protect.receipts import RECEIPT_DIGITS, normalise
from civicspace.protect.submissions import MAX_FILES
from civicspace.protect.uploads import Upload, sniff
from civicspace.store.submissions import CONSENTS
from civicspace.web.anonymous import SUBMIT, token_valid
from civicspace.web.submit import i18n
from civicspace.web.submit.multipart import Posted
from civicspace.web.submit.pages import FORM_FIELD


def check_token(request: Request, posted: Posted) -> None:
    """The form token; raises :class:`Refused` with the status and the message key."""
    if not token_valid(request, SUBMIT, posted.fields.get(FORM_FIELD)):
        raise Refused(403, "expired", "f-text")


class Refused(Exception):
    """A post refused: the HTTP status, the message's key, and the field it is about."""

    def __init__(self, status: int, key: str, field: str) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.field = field


def messages(lang: str, max_size: str) -> dict[str, str]:
    """Every refusal's message in ``lang``, by key."""
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


def check_new(fields: dict[str, str], uploads: tuple[Upload, ...]) -> None:
    """A consent chosen, some text or a file, and files that are accepted."""
    if fields.get("consent") not in CONSENTS:
        raise Refused(422, "consent", "f-consent-nothing")
    if not fields.get("text", "").strip() and not uploads:
        raise Refused(422, "empty", "f-text")
    check_files(uploads)


def check_files(uploads: tuple[Upload, ...]) -> None:
    """At most ``MAX_FILES`` files, each of a kind accepted (told from its bytes)."""
    if len(uploads) > MAX_FILES:
        raise Refused(422, "too_many", "f-files")
    for upload in uploads:
        try:
            sniff(upload.data)
        except InvalidInput:
            raise Refused(422, "file_type", "f-files") from None


def check_code(code: str) -> None:
    if len(normalise(code)) != RECEIPT_DIGITS:
        raise Refused(422, "code_format", "f-code")
