"""Find the domain source texts (the five protocols), kept beside the checkout, not inside it.

Without them the citation tests cannot run: locally they are skipped with a note on how to point
the tests at the texts; in CI (``CI`` set, as CI services do) they fail, so a green run always
means every citation was checked.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[2]

HOW_TO_SET = (
    "Set PHILOMENA_SEEDS to the folder holding the seed protocol texts "
    "(for example: export PHILOMENA_SEEDS=/path/to/shared/seeds), "
    "or put them in ../shared/seeds, a shared folder beside the checkout."
)


def in_ci() -> bool:
    """Whether the tests run in CI: ``CI`` is set to anything but an empty or false value."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


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


def _missing(message: str) -> NoReturn:
    if in_ci():
        pytest.fail(f"{message} (CI must check every citation.) {HOW_TO_SET}", pytrace=False)
    pytest.skip(f"{message} {HOW_TO_SET}")


def seeds_folder() -> Path:
    """The seeds folder; fails in CI and skips locally when there is none."""
    folder = seeds_dir()
    if folder is None:
        _missing("The seed protocol texts were not found beside this checkout.")
    if not folder.is_dir():
        # Set by hand, so a mistake to report wherever the tests run.
        pytest.fail(
            f"PHILOMENA_SEEDS names {folder}, which is not a folder. {HOW_TO_SET}", pytrace=False
        )
    return folder


def seed_text(name: str) -> str:
    path = seeds_folder() / name
    assert path.is_file(), f"cited seed file {name} does not exist"
    return normalise(path.read_text(encoding="utf-8"))
