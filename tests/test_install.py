"""A fresh install works with the pip that ships with Python: ``python -m venv`` and
``pip install .`` (no pip upgrade), then the console script runs. Slow: it builds and installs
every dependency into a new virtual environment."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_fresh_venv_with_the_bundled_pip(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "*.db", "__pycache__", ".*_cache", "artifacts", "build", "*.egg-info"
        ),
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip_version = subprocess.run(
        [str(python), "-m", "pip", "--version"], check=True, capture_output=True, text=True
    ).stdout
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-cache-dir", str(source)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert install.returncode == 0, f"{pip_version}\n{install.stderr[-4000:]}"
    script = venv / "bin" / "civicspace"
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    for args in (["--help"], ["codebook"]):
        run = subprocess.run(
            [str(script), *args], capture_output=True, text=True, cwd=tmp_path, env=env
        )
        assert run.returncode == 0, run.stderr[-4000:]
        assert "Traceback" not in run.stderr
    assert "violations" in run.stdout.lower() or "violation" in run.stdout.lower()
