"""``civicspace serve``: the web application (public site, API, review desk) with uvicorn."""

from __future__ import annotations

import typer
import uvicorn

from civicspace.cli.common import console, open_store
from civicspace.settings import get_settings
from civicspace.web.app import create_app


def serve_command(
    host: str = typer.Option("127.0.0.1", help="Address to bind (0.0.0.0 for every interface)."),
    port: int = typer.Option(8000, help="Port."),
) -> None:
    """Serve the public site, the JSON API (/api/v1, docs at /api/docs) and the desk (/desk)."""
    engine = open_store()
    app = create_app(get_settings(), engine)
    console.print(f"serving on http://{host}:{port}/  (Ctrl-C to stop)")
    # access_log off: no visitor IP address is ever written to a log.
    uvicorn.run(app, host=host, port=port, access_log=False, proxy_headers=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
