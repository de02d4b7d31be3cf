"""Docs are tested: every command and every setting is documented."""

from __future__ import annotations

from pathlib import Path

import typer.main

from civicspace.cli import app
from civicspace.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _commands(group: typer.Typer, prefix: str = "civicspace") -> list[str]:
    click_group = typer.main.get_command(group)
    names = []
    for name, command in click_group.commands.items():  # type: ignore[attr-defined]
        path = f"{prefix} {name}"
        sub = getattr(command, "commands", None)
        if sub:
            names.extend(f"{path} {child}" for child in sub)
        else:
            names.append(path)
    return names


def test_every_command_is_documented() -> None:
    text = "\n".join(p.read_text("utf-8") for p in DOCS.glob("*.md"))
    missing = [c for c in _commands(app) if f"`{c}" not in text]
    assert not missing, f"undocumented commands: {missing}"


def test_every_setting_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text("utf-8")
    missing = [f for f in Settings.model_fields if f"CIVICSPACE_{f.upper()}" not in text]
    assert not missing, f"undocumented settings: {missing}"
