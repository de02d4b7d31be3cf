"""The public and desk catalogues translate every message the code and templates use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "src/civicspace/web/locales"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [str(pybabel), "-q", "extract", "-F", str(LOCALES / "babel.cfg"), "-o", str(pot), "."],
        check=True,
        cwd=ROOT,
    )
    with pot.open("rb") as fh:
        return {str(m.id) for m in read_po(fh) if m.id}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_extracted_message_is_translated(extracted: set[str], lang: str) -> None:
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    translated = {str(m.id) for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(extracted - translated)
    assert not missing, f"{lang}: run scripts/i18n_update.py and translate {missing}"
