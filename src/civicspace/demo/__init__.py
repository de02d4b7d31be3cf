"""The illustrative demo corpus shipped with the package: written by the civicspace project,
not real news; every page says so. ``civicspace demo`` imports it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def corpus_path() -> Path:
    return Path(str(resources.files("civicspace.demo").joinpath("corpus")))
