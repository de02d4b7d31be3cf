"""Letters need their fonts on disk (``make setup`` installs them): skip, saying so, without."""

from __future__ import annotations

import pytest

from civicspace.letters.fonts import FontsMissing, faces


@pytest.fixture
def fonts_for() -> object:
    def check(lang: str) -> None:
        try:
            faces(lang)
        except FontsMissing as exc:
            pytest.skip(f"fonts not installed: {exc}")

    return check
