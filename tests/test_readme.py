"""The README's commands are real: every ``civicspace …`` line in its code blocks names a
command (and options) that exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import typer.main

from civicspace.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def _command_lines() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README.read_text("utf-8"), flags=re.S)
    lines = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith("civicspace "):
                lines.append(line)
    return lines


def test_readme_walks_the_whole_flow() -> None:
    named = {" ".join(shlex.split(line)[:3]) for line in _command_lines()}
    for step in ("civicspace classify", "civicspace incidents build", "civicspace users add",
                 "civicspace serve", "civicspace ratings compute"):  # fmt: skip
        assert any(n.startswith(step) for n in named), step
    assert "to come" not in README.read_text("utf-8")


def test_readme_commands_and_options_exist() -> None:
    root = typer.main.get_command(app)
    for line in _command_lines():
        words = shlex.split(line)[1:]
        command: Any = root
        while hasattr(command, "commands") and words and words[0] in command.commands:
            command = command.commands[words.pop(0)]
        assert not hasattr(command, "commands"), f"no such command: {line}"
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        options |= {o for p in command.params for o in getattr(p, "secondary_opts", [])}
        for word in words:
            if word.startswith("-"):
                assert word.split("=", 1)[0] in options, f"{line}: no option {word}"
