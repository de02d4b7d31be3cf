"""A submission site for tests: settings with a protect folder, and helpers to post the form."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, text

from civicspace.settings import Settings
from tests.support.submissions import ProtectFolder, make_protect_folder

TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
CODE = re.compile(r'id="receipt-code"[^>]*><code>([0-9 ]+)</code>')


def submit_settings(base: Settings, folder: Path, **changes: Any) -> tuple[Settings, ProtectFolder]:
    """``base`` with a protect folder holding a keyring (cheap KDF) and small limits."""
    protect = make_protect_folder(folder)
    values: dict[str, Any] = {
        "protect_dir": folder,
        "protect_kdf": "minimum",
        "submit_max_bytes": 300_000,
        "submit_rate_per_hour": 50,
        **changes,
    }
    return base.model_copy(update=values), protect


def form_token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "no form token on the page"
    return found.group(1)


def receipt_code(html: str) -> str:
    found = CODE.search(html)
    assert found, "no receipt code on the page"
    return found.group(1)


def all_text(engine: Engine) -> str:
    """Every value of every column of every table, as one string (to search for leaks)."""
    parts: list[str] = []
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)
