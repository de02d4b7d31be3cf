"""The ASGI application: routers of the desk, the public site and the API, static assets,
security headers, one error handler that answers HTML or JSON."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from civicspace import __version__
from civicspace.errors import CivicspaceError
from civicspace.settings import Settings, get_settings
from civicspace.store.db import get_engine
from civicspace.web.api.ratings import router as api_ratings_router
from civicspace.web.api.routes import router as api_router
from civicspace.web.desk.jobs import router as jobs_router
from civicspace.web.desk.panel import router as panel_router
from civicspace.web.desk.routes import router as desk_router
from civicspace.web.desk.watchlist import router as watchlist_router
from civicspace.web.public.ratings import router as public_ratings_router
from civicspace.web.public.routes import router as public_router
from civicspace.web.templating import STATIC, templates

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    ),
}


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    )


async def civicspace_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, CivicspaceError) else 500
    message = str(exc) if isinstance(exc, CivicspaceError) else "internal error"
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The application for ``settings`` (default: the environment's) and its database."""
    settings = settings or get_settings()
    app = FastAPI(
        title="civicspace",
        version=__version__,
        description="Incidents of attacks on civic freedoms, country ratings and the codebook.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    templates.env.globals["site_notice"] = settings.site_notice
    app.state.engine = engine or get_engine(settings.database_url)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(CivicspaceError, civicspace_error)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(api_router)
    app.include_router(api_ratings_router)
    app.include_router(desk_router)
    app.include_router(panel_router)
    app.include_router(jobs_router)
    app.include_router(watchlist_router)
    app.include_router(public_router)
    app.include_router(public_ratings_router)
    return app
