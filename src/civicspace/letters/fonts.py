"""The font files letters and posters are set in, found on disk, never fetched.

One family per script, each tried in order in the folders of ``CIVICSPACE_LETTERS_FONT_DIRS``
and then in the places Debian's packages install them (``.ci/run`` and ``make setup`` install
``fonts-noto-core`` for Latin and Arabic and ``fonts-nanum`` for Korean; ``fonts-noto-cjk``
serves too). Every one has an open licence (SIL OFL 1.1). A language whose script has no font
raises :class:`FontsMissing`, naming the files looked for and the package that has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from civicspace.errors import ConfigError

KNOWN_DIRS = (
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/truetype/nanum"),
    Path("/usr/local/share/fonts"),
)


@dataclass(frozen=True)
class Script:
    family: str  # our own family name in the generated CSS
    regular: tuple[str, ...]  # file names, first found wins
    bold: tuple[str, ...]
    package: str  # the Debian package that installs them


SCRIPTS = {
    "latin": Script(
        "cs-latin",
        ("NotoSans-Regular.ttf",),
        ("NotoSans-Bold.ttf",),
        "fonts-noto-core",
    ),
    "arabic": Script(
        "cs-arabic",
        ("NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf"),
        ("NotoNaskhArabic-Bold.ttf", "NotoSansArabic-Bold.ttf"),
        "fonts-noto-core",
    ),
    "korean": Script(
        "cs-korean",
        ("NanumGothic.ttf", "NotoSansCJK-Regular.ttc"),
        ("NanumGothicBold.ttf", "NotoSansCJK-Bold.ttc"),
        "fonts-nanum",
    ),
}
# Scripts each language needs; Latin is always there for names, numbers and hashtags.
NEEDS = {"en": ("latin",), "fr": ("latin",), "es": ("latin",), "ar": ("arabic", "latin")}
NEEDS["ko"] = ("korean", "latin")


class FontsMissing(ConfigError):
    """No font file for a script that the language needs."""


@dataclass(frozen=True)
class Face:
    family: str
    path: Path
    bold: bool


def _find(names: tuple[str, ...], dirs: tuple[Path, ...]) -> Path | None:
    for name in names:
        for folder in dirs:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def faces(lang: str, extra_dirs: tuple[Path, ...] = ()) -> list[Face]:
    """The faces to embed for ``lang``, the language's own script first; every other script
    found is added after them, so a supporter's words in another script still show."""
    dirs = (*extra_dirs, *KNOWN_DIRS)
    needed = NEEDS.get(lang, ("latin",))
    order = [*needed, *(s for s in SCRIPTS if s not in needed)]
    found: list[Face] = []
    for key in order:
        script = SCRIPTS[key]
        regular = _find(script.regular, dirs)
        if regular is None:
            if key in needed:
                raise FontsMissing(
                    f"no {key} font for language {lang!r}: looked for "
                    f"{', '.join(script.regular)} in {', '.join(str(d) for d in dirs)}; "
                    f"install the Debian package {script.package} (make setup does) "
                    "or set CIVICSPACE_LETTERS_FONT_DIRS"
                )
            continue
        found.append(Face(script.family, regular, bold=False))
        bold = _find(script.bold, dirs)
        found.append(Face(script.family, bold or regular, bold=True))
    return found


def families(found: list[Face]) -> list[str]:
    """Family names in fallback order, each once."""
    return list(dict.fromkeys(face.family for face in found))


__all__ = ["SCRIPTS", "Face", "FontsMissing", "faces", "families"]
