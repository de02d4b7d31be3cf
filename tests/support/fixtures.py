"""Pytest fixtures shared by the test suite; ``tests/conftest.py`` star-imports this module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.loopback import LoopbackServer

__all__ = ["loopback"]


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """A started LoopbackServer on 127.0.0.1 (random port), stopped after the test."""
    with LoopbackServer() as server:
        yield server
