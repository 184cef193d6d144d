"""The import rule that keeps the rules testable without a window or a database."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "desktop"

FORBIDDEN = {
    "domain": (
        "PySide6",
        "sqlalchemy",
        "sqlcipher3",
        "alembic",
        "desktop.store",
        "desktop.ui",
        "desktop.export",
        "desktop.protocol",
        "desktop.formspec",
    ),
    "formspec": (
        "PySide6",
        "sqlalchemy",
        "sqlcipher3",
        "alembic",
        "desktop.store",
        "desktop.ui",
        "desktop.export",
        "desktop.protocol",
    ),
    "protocol": (
        "PySide6",
        "sqlalchemy",
        "sqlcipher3",
        "alembic",
        "desktop.store",
        "desktop.ui",
        "desktop.export",
    ),
    "store": ("PySide6", "desktop.ui", "desktop.export"),
    "export": ("desktop.ui",),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_downwards(layer):
    offenders = []
    for path in (PACKAGE / layer).rglob("*.py"):
        for name in _imports(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not offenders, offenders


def test_the_rule_catches_a_violation(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport sqlalchemy.orm\n")
    assert {"PySide6.QtCore", "sqlalchemy.orm"} <= _imports(sample)
