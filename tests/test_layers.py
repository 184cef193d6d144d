"""The import rule that keeps the rules testable without a window or a database.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``); import-linter reads every
import — relative ones, ``from desktop import ui``, and imports inside functions — so these tests
only run it, and prove on a copy of the package that each contract fails when broken.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# import-linter's own console entry point, run by this interpreter so the test extra's copy is used.
_LINT_IMPORTS = (
    "import sys\n"
    "from importlinter.cli import lint_imports_command\n"
    "sys.exit(lint_imports_command())\n"
)


def _lint_imports(checkout: Path) -> subprocess.CompletedProcess[str]:
    # import-linter puts its working directory first on sys.path, so ``desktop`` is the one in
    # ``checkout``; --no-cache keeps it from writing a cache folder there.
    return subprocess.run(
        [sys.executable, "-c", _LINT_IMPORTS, "--no-cache"],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_import_contracts_are_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


def _copy_of_the_package(tmp_path: Path) -> Path:
    checkout = tmp_path / "checkout"
    shutil.copytree(
        ROOT / "desktop", checkout / "desktop", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy2(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    return checkout


def _contract_names() -> dict[str, str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c["name"] for c in config["tool"]["importlinter"]["contracts"]}


# (file in the copy, code added to it, the contract that must break, the import it must name)
VIOLATIONS = {
    "domain imports ui": (
        "domain/_planted.py",
        "from desktop import ui\n",
        "layers",
        "desktop.domain._planted -> desktop.ui",
    ),
    "protocol imports store, relatively": (
        "protocol/_planted.py",
        "from ..store import errors\n",
        "layers",
        "desktop.protocol._planted -> desktop.store",
    ),
    "store imports ui inside a function": (
        "store/_planted.py",
        "def later() -> None:\n    from desktop.ui import app\n",
        "layers",
        "desktop.store._planted -> desktop.ui",
    ),
    "cli imports ui": (
        "cli.py",
        "\nfrom desktop.ui import app as _app\n",
        "layers",
        "desktop.cli -> desktop.ui",
    ),
    "paths imports domain": (
        "paths.py",
        "\nfrom desktop.domain import model as _model\n",
        "layers",
        "desktop.paths -> desktop.domain",
    ),
    "a new top-level module outside every layer": (
        "_planted.py",
        "X = 1\n",
        "layers",
        "- desktop._planted",
    ),
    "export imports Qt": (
        "export/_planted.py",
        "import PySide6\n",
        "no-qt-below-ui",
        "desktop.export._planted -> PySide6",
    ),
    "domain imports Qt": (
        "domain/_planted.py",
        "from PySide6.QtCore import QObject\n",
        "no-qt-below-ui",
        "desktop.domain._planted -> PySide6",
    ),
    "formspec imports the database": (
        "formspec/_planted.py",
        "import sqlalchemy\n",
        "database-in-store-only",
        "desktop.formspec._planted -> sqlalchemy",
    ),
    "ui imports the database": (
        "ui/_planted.py",
        "import sqlcipher3\n",
        "database-in-store-only",
        "desktop.ui._planted -> sqlcipher3",
    ),
}


@pytest.mark.parametrize("case", sorted(VIOLATIONS))
def test_the_contracts_catch_a_planted_violation(tmp_path, case):
    relative, code, contract, named = VIOLATIONS[case]
    checkout = _copy_of_the_package(tmp_path)
    assert _lint_imports(checkout).returncode == 0, "the untouched copy must pass"

    target = checkout / "desktop" / relative
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(existing + code, encoding="utf-8")

    result = _lint_imports(checkout)
    output = " ".join(result.stdout.split())
    assert result.returncode != 0, output
    assert f"{_contract_names()[contract]} BROKEN" in output, output
    assert named in output, output
