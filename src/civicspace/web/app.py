"""The ASGI application: routers of the desk, the public site and the API, static assets,
security headers and HEAD (:mod:`.middleware`), one error handler that answers HTML or JSON
(:mod:`.errors`)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from civicspace import __version__
from civicspace.settings import Settings, get_settings
from civicspace.store.db import get_engine
from civicspace.web import errors
from civicspace.web.api.ratings import router as api_ratings_router
from civicspace.web.api.routes import router as api_router
from civicspace.web.campaigns.connect import router as campaigns_connect_router
from civicspace.web.campaigns.desk import router as campaigns_desk_router
from civicspace.web.campaigns.pages import router as campaigns_router
from civicspace.web.desk.jobs import router as jobs_router
from civicspace.web.desk.panel import router as panel_router
from civicspace.web.desk.protect import router as protect_desk_router
from civicspace.web.desk.routes import router as desk_router
from civicspace.web.desk.watchlist import router as watchlist_router
from civicspace.web.listen.members import router as members_router
from civicspace.web.listen.questions import router as questions_router
from civicspace.web.listen.report import router as listen_report_router
from civicspace.web.middleware import SECURITY_HEADERS, HeadAsGet, SecurityHeaders
from civicspace.web.public.letters import router as letters_router
from civicspace.web.public.ratings import router as public_ratings_router
from civicspace.web.public.routes import router as public_router
from civicspace.web.public.voices import router as voices_router
from civicspace.web.submit.routes import router as submit_router
from civicspace.web.templating import STATIC, templates

__all__ = ["SECURITY_HEADERS", "create_app"]


def favicon() -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page says: our own SVG icon."""
    return FileResponse(
        STATIC / "favicon.svg",
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=86400"},
    )


def api_docs(request: Request) -> Response:
    """The API reference: Swagger UI from ``/static/vendor/swagger-ui`` (no third party)."""
    return templates.TemplateResponse(
        request,
        "api_docs.html",
        {"title": request.app.title, "openapi_url": request.app.openapi_url},
    )


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The application for ``settings`` (default: the environment's) and its database."""
    settings = settings or get_settings()
    app = FastAPI(
        title="civicspace",
        version=__version__,
        description="Incidents of attacks on civic freedoms, country ratings and the codebook.",
        docs_url=None,  # served by api_docs() from vendored assets: the CSP blocks CDNs
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    templates.env.globals["site_notice"] = settings.site_notice
    app.state.engine = engine or get_engine(settings.database_url)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders, hsts_max_age=settings.hsts_max_age)
    errors.install(app)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_api_route("/favicon.ico", favicon, methods=["GET"], include_in_schema=False)
    app.add_api_route("/api/docs", api_docs, methods=["GET"], include_in_schema=False)
    app.include_router(api_router)
    app.include_router(api_ratings_router)
    app.include_router(desk_router)
    app.include_router(panel_router)
    app.include_router(jobs_router)
    app.include_router(watchlist_router)
    app.include_router(listen_report_router)
    app.include_router(campaigns_desk_router)
    app.include_router(protect_desk_router)
    app.include_router(submit_router)
    app.include_router(questions_router)
    app.include_router(members_router)
    app.include_router(public_router)
    app.include_router(public_ratings_router)
    app.include_router(campaigns_connect_router)
    app.include_router(campaigns_router)
    app.include_router(letters_router)
    app.include_router(voices_router)
    return app
