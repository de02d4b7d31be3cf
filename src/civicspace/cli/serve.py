"""``civicspace serve``: the web application (public site, API, review desk) with uvicorn."""

from __future__ import annotations

import socket

import typer
import uvicorn

from civicspace.cli.common import console, open_store
from civicspace.errors import InvalidInput
from civicspace.settings import get_settings
from civicspace.web.app import create_app


def serve_command(
    host: str = typer.Option("127.0.0.1", help="Address to bind (0.0.0.0 for every interface)."),
    port: int = typer.Option(8000, help="Port."),
) -> None:
    """Serve the public site, the JSON API (/api/v1, docs at /api/docs) and the desk (/desk)."""
    engine = open_store()
    app = create_app(get_settings(), engine)
    sock = bind(host, port)  # before saying "serving": a busy port fails here, in one line
    shown = f"[{host}]" if ":" in host else host
    console.print(f"serving on http://{shown}:{sock.getsockname()[1]}/  (Ctrl-C to stop)")
    # access_log off: no visitor IP address is ever written to a log. Live event pages hold a
    # stream open for minutes (docs/events.md): on Ctrl-C, requests still running after 5 s
    # are cancelled rather than waited for.
    config = uvicorn.Config(app, access_log=False, proxy_headers=False, timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[sock])


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``, or :class:`InvalidInput` saying why not."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as exc:
        raise InvalidInput(f"cannot listen on {host}:{port}: {exc}") from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        raise InvalidInput(
            f"cannot listen on {host}:{port}: {reason} (is another server running? try --port)"
        ) from exc
    sock.set_inheritable(True)
    return sock


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
