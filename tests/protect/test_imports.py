"""The protect area never reaches network or public-output code: the contract, and the modules."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import civicspace.protect

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ["httpx", "civicspace.sources", "civicspace.publish", "civicspace.web"]


def test_import_linter_contract_forbids_network_and_public_output() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
    contracts = [
        c for c in config["contracts"] if c.get("source_modules") == ["civicspace.protect"]
    ]
    assert len(contracts) == 1
    contract = contracts[0]
    assert contract["type"] == "forbidden"
    assert set(FORBIDDEN) <= set(contract["forbidden_modules"])
    assert contract["allow_indirect_imports"] is False
    assert config["include_external_packages"] is True


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_protect_module_imports_network_or_output_code() -> None:
    package = Path(civicspace.protect.__file__).parent
    modules = sorted(package.glob("*.py"))
    assert len(modules) >= 10
    bad = [
        "httpx",
        "httpcore",
        "socket",
        "urllib",
        "requests",
        "civicspace.sources",
        "civicspace.publish",
        "civicspace.web",
        "civicspace.cli",
        "civicspace.notify",
    ]
    for module in modules:
        for name in imported_modules(module):
            assert not any(name == b or name.startswith(b + ".") for b in bad), (module, name)


def test_loading_protect_loads_no_network_client_or_public_code() -> None:
    code = (
        "import sys, civicspace.protect.sanitize, civicspace.protect.folder, civicspace.protect.vault\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    names = set(loaded.stdout.split())
    assert "civicspace.protect.sanitize" in names
    assert not names & {
        "httpx",
        "httpcore",
        "civicspace.sources",
        "civicspace.publish",
        "civicspace.web",
        "civicspace.cli",
    }
