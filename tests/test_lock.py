"""The lock file pins every dependency that pyproject.toml declares (run ``make lock``)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    name = re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_declared_dependency_is_pinned() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    for extra in ("dev", "postgres"):
        declared |= {_name(r) for r in project["optional-dependencies"][extra]}
    pinned = {
        _name(line.split("==")[0])
        for line in (ROOT / "requirements.lock").read_text("utf-8").splitlines()
        if "==" in line and not line.lstrip().startswith("#")
    }
    assert declared - pinned == set(), "run `make lock` after changing dependencies"
