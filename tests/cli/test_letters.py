"""``civicspace letters``: files written, missions listed, bad input on one line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from civicspace.cli import main
from civicspace.letters.fonts import FontsMissing, faces
from civicspace.settings import get_settings
from tests.support.pdf_checks import page_sizes, squash, text


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["civicspace", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _data(monkeypatch: pytest.MonkeyPatch, shared_data: Path) -> None:
    monkeypatch.setenv("CIVICSPACE_DATA_DIR", str(shared_data))
    get_settings.cache_clear()


def test_make_a_korean_letter_to_a_mission(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    try:
        faces("ko")
    except FontsMissing as exc:
        pytest.skip(f"fonts not installed: {exc}")
    out = tmp_path / "letter.pdf"
    code, _, err = run(
        capsys, monkeypatch, "letters", "make", "-o", str(out), "--kind", "letter",
        "--lang", "ko", "--paper", "letter", "--to", "mission", "--country", "DZ",
        "--host", "KR", "--words", "인권 옹호자를 석방하라", "--name", "김민지",
    )  # fmt: skip
    assert code == 0, err
    assert "wrote" in err
    assert page_sizes(out.read_bytes())[0] == pytest.approx((612, 792), abs=0.05)
    found = squash(text(out.read_bytes()))
    assert squash("주대한민국 알제리 대사관 귀중") in found
    assert squash("서울특별시 용산구 회나무로 81") in found  # from the list of missions in Seoul
    assert squash("인권 옹호자를 석방하라") in found


def test_list_missions(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(capsys, monkeypatch, "letters", "missions", "US", "KE")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["type"] == "embassy" and rows[0]["id"].startswith("Q")
    assert "missions of US in KE" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-o", "x.docx"], "must end in .pdf or .png"),
        (["-o", "x.pdf", "--lang", "de"], "language must be one of"),
        (["-o", "x.pdf", "--to", "mission", "--country", "KE", "--host", "AQ"], "no mission of KE"),
        (["-o", "x.pdf", "--to", "head_of_state"], "needs a country"),
    ],
)
def test_bad_input_is_one_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
    expected: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, monkeypatch, "letters", "make", *args)
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and expected in lines[0], err
    assert not list(tmp_path.iterdir())
