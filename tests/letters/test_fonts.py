"""Fonts are found on disk, or the error says which file and which package."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicspace.letters import fonts


def test_missing_fonts_name_the_file_and_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "KNOWN_DIRS", (tmp_path,))
    with pytest.raises(fonts.FontsMissing) as caught:
        fonts.faces("ar")
    message = str(caught.value)
    assert "NotoNaskhArabic-Regular.ttf" in message
    assert "fonts-noto-core" in message
    assert "CIVICSPACE_LETTERS_FONT_DIRS" in message


def test_a_configured_folder_comes_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fonts_for: object
) -> None:
    fonts_for("ko")  # type: ignore[operator]
    real = fonts.faces("ko")[0].path
    mine = tmp_path / real.name
    mine.write_bytes(real.read_bytes())
    found = fonts.faces("ko", (tmp_path,))
    assert found[0].path == mine
    assert found[0].family == "cs-korean"
    assert fonts.families(found)[:2] == ["cs-korean", "cs-latin"]
    # Without a Korean font, Korean cannot be set, but English still can.
    monkeypatch.setattr(
        fonts,
        "KNOWN_DIRS",
        tuple(d for d in fonts.KNOWN_DIRS if "nanum" not in str(d) and "opentype" not in str(d)),
    )
    with pytest.raises(fonts.FontsMissing, match="korean"):
        fonts.faces("ko")
    assert "cs-korean" not in fonts.families(fonts.faces("en"))
