"""Find the domain source texts (the five protocols), kept beside the checkout, not inside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def seeds_dir() -> Path | None:
    """``$PHILOMENA_SEEDS``, or a ``shared/seeds`` folder beside the checkout or above it."""
    override = os.environ.get("PHILOMENA_SEEDS")
    if override:
        return Path(override)
    for ancestor in ROOT.parents:
        candidate = ancestor / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def normalise(text: str) -> str:
    return " ".join(text.split())


def seed_text(name: str) -> str:
    folder = seeds_dir()
    if folder is None:
        pytest.skip("the seed protocols are not beside this checkout")
    path = folder / name
    assert path.is_file(), f"cited seed file {name} does not exist"
    return normalise(path.read_text(encoding="utf-8"))
