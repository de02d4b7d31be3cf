"""Reading a submission's multipart body in memory, under the size limit, with no temporary file.

Starlette spools uploads over 1 MiB to a temporary file on disk, in the clear; here every part
stays in memory and the body is refused past ``max_bytes`` (plus room for the form's fields), so
nothing the sender sent is ever written unsealed. A refused body is read to its end (up to a hard
cap) before answering, so that the browser shows the answer rather than a broken connection.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass

from fastapi import Request
from python_multipart.multipart import parse_options_header
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from civicspace.errors import InvalidInput, TooLarge
from civicspace.protect.submissions import MAX_FILES
from civicspace.protect.uploads import Upload

FIELDS_ROOM = 256 * 1024  # form fields and multipart boundaries beside the files
DRAIN_FACTOR = 4


class _InMemoryParser(MultiPartParser):
    spool_max_size = 1 << 40  # never roll over to a file on disk


@dataclass(frozen=True)
class Posted:
    fields: dict[str, str]
    uploads: tuple[Upload, ...]


class Oversized(TooLarge):
    """A body over the limit; ``fields`` are the form fields sent before the files (the text)."""

    def __init__(self, max_bytes: int, fields: dict[str, str]) -> None:
        super().__init__(f"the submission is larger than the limit of {max_bytes:,} bytes")
        self.fields = fields


async def _body(request: Request, max_bytes: int) -> bytes:
    limit = max_bytes + FIELDS_ROOM
    chunks: list[bytes] = []
    head = b""
    size = 0
    too_large = False
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            if not too_large:
                head = b"".join(chunks)[:FIELDS_ROOM]
                chunks.clear()
            too_large = True
            if size > limit * DRAIN_FACTOR:
                break
            continue
        chunks.append(chunk)
    if too_large:
        raise Oversized(max_bytes, await _head_fields(request, head))
    return b"".join(chunks)


async def _head_fields(request: Request, head: bytes) -> dict[str, str]:
    """The fields complete in the first part of a refused body (browsers send the text first)."""
    _, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if not boundary:
        return {}
    delimiter = b"\r\n--" + boundary
    cut = head.rfind(delimiter)
    if cut < 0:
        return {}
    try:
        return (await _parse(request, head[:cut] + delimiter + b"--\r\n", FIELDS_ROOM)).fields
    except InvalidInput:
        return {}


async def read_form(request: Request, max_bytes: int) -> Posted:
    """The posted fields and files; :class:`Oversized` past the limit, nothing kept."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > (max_bytes + FIELDS_ROOM) * DRAIN_FACTOR:
        raise Oversized(max_bytes, {})
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidInput("the form must be sent as multipart/form-data")
    return await _parse(request, await _body(request, max_bytes), max_bytes)


async def _parse(request: Request, body: bytes, max_bytes: int) -> Posted:
    async def stream() -> AsyncGenerator[bytes, None]:
        yield body
        yield b""

    parser = _InMemoryParser(
        request.headers, stream(), max_files=MAX_FILES + 1, max_fields=50, max_part_size=max_bytes
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise InvalidInput(f"the form could not be read: {exc.message}") from exc
    fields: dict[str, str] = {}
    uploads: list[Upload] = []
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            data = await value.read()
            if value.filename or data:
                uploads.append(Upload(value.filename or "", data))
        elif name not in fields:
            fields[name] = value
    await form.close()
    return Posted(fields, tuple(uploads))
