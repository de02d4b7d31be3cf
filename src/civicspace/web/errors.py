"""One error handler for the whole site: every error answers in one shape.

* JSON (the API, ``.json`` twins, clients that ask for JSON and not for HTML):
  ``{"error": "message"}``, plus ``"fields": [{"field", "message"}]`` for invalid input.
* HTML (everything a browser asks for): the ``error.html`` page.

A request naming something that cannot exist (a path parameter that does not parse, such as an
id of 2^63 or more) is a 404, like any other unknown page. Unexpected exceptions are logged and
answer a bare 500 that tells nothing about the code.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from civicspace.errors import CivicspaceError
from civicspace.web.templating import templates

log = logging.getLogger(__name__)

REASONS = {
    400: "bad request",
    401: "log in first",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    409: "conflict",
    410: "gone",
    422: "invalid input",
    429: "too many requests",
    500: "internal error",
    503: "busy: try again in a moment",
}


def wants_json(request: Request) -> bool:
    """JSON for the API, JSON twins and clients that ask for JSON rather than HTML."""
    path = request.url.path
    if path.startswith("/api/") or path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(
    request: Request,
    status: int,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    """The error in the shape the client reads: ``{"error": ...}`` or the HTML error page."""
    if wants_json(request):
        return JSONResponse({"error": message, **(extra or {})}, status, headers=headers)
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "message": message},
        status_code=status,
        headers=headers,
    )


async def civicspace_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CivicspaceError)
    if exc.status_code >= 500:
        log.error("%s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc)
    headers = {"Retry-After": "5"} if exc.status_code == 503 else None
    return error_response(request, exc.status_code, str(exc), headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's and FastAPI's HTTPException: redirects pass, errors take our shape."""
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code < 400:
        return Response(status_code=exc.status_code, headers=headers)
    message = exc.detail if isinstance(exc.detail, str) else REASONS.get(exc.status_code, "error")
    if exc.status_code == 404 and message == "Not Found":
        message = f"no page at {request.url.path}"
    elif message in ("Method Not Allowed",):
        message = "method not allowed"
    return error_response(request, exc.status_code, message, headers=headers or None)


async def validation_error(request: Request, exc: Exception) -> Response:
    """Invalid input is 422 with the fields named; an unparsable path is 404."""
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if errors and all(e.get("loc", ("",))[0] == "path" for e in errors):
        return error_response(request, 404, f"no page at {request.url.path}")
    fields = [
        {
            "field": ".".join(str(p) for p in e.get("loc", ())[1:]) or str(e.get("loc", [""])[0]),
            "message": str(e.get("msg", "invalid")),
        }
        for e in errors
    ]
    summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:3]) or "invalid input"
    return error_response(request, 422, f"invalid input: {summary}", extra={"fields": fields})


def unexpected_error(request: Request, exc: BaseException) -> Response:
    """A bug: logged with its traceback, answered as a bare 500."""
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "internal error")


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(CivicspaceError, civicspace_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
