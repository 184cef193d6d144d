"""ruff and mypy --strict stay clean: run as part of the suite so CI enforces them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_is_clean():
    result = _run("ruff", "check", "desktop", "tests", "packaging")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean():
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_is_over_500_lines():
    """A module past 500 lines is doing more than one thing: split it by concern."""
    long = [
        f"{p.relative_to(ROOT)}: {n}"
        for p in sorted((ROOT / "desktop").rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    ]
    assert not long, long
