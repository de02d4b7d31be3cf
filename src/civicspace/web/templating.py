"""One Jinja2 environment for every page (autoescaping on); routers render through it."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")

templates = Jinja2Templates(directory=str(TEMPLATES))


def submissions_open(request: Request | None) -> bool:
    """Whether this site takes secure submissions: the organisation has made its keyring
    (``civicspace protect keys init``). Pages link to the form only then; without a keyring
    the form answers 503, because no one could open what it would receive."""
    if not isinstance(request, Request):  # a page rendered without a request links nowhere
        return False
    settings = getattr(request.app.state, "settings", None)
    return settings is not None and (settings.protect_dir / "keyring.json").is_file()


templates.env.globals["submissions_open"] = submissions_open
