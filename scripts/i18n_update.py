"""Refresh the public site's gettext catalogues: extract, add codebook labels, update fr/es.

    python scripts/i18n_update.py      # then translate the empty msgstr in locales/*/messages.po

Messages come from ``web/public/*.py``, ``templates/public``, ``templates/ratings``,
``templates/listen`` and ``templates/desk`` (``_()``), plus every codebook
label, band and confidence grade (templates translate them with ``_(label)``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from civicspace.codebook import load_codebook

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "src/civicspace/web/locales"
POT = LOCALES / "messages.pot"


def main() -> None:
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [
            str(bin_dir / "pybabel"),
            "extract",
            "-F",
            str(LOCALES / "babel.cfg"),
            "-o",
            str(POT),
            "--no-location",
            "--sort-output",
            "--project",
            "civicspace",
            ".",
        ],
        check=True,
        cwd=ROOT,
    )
    with POT.open("rb") as fh:
        catalog = read_po(fh)
    cb = load_codebook()
    for kind in ("freedoms", "violations", "targets", "perpetrators", "verification", "bands"):
        for term in getattr(cb, kind):
            catalog.add(term.label)
    for grade in ("low", "medium", "high"):
        catalog.add(grade)
    with POT.open("wb") as fh:
        write_po(fh, catalog, sort_output=True, omit_header=False, width=100)
    for lang in ("fr", "es"):
        po = LOCALES / lang / "LC_MESSAGES" / "messages.po"
        cmd = "update" if po.exists() else "init"
        subprocess.run(
            [
                str(bin_dir / "pybabel"),
                cmd,
                "-i",
                str(POT),
                "-d",
                str(LOCALES),
                "-l",
                lang,
                "--width",
                "100",
                *(["--no-fuzzy-matching"] if cmd == "update" else []),
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
