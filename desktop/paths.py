"""Where things live: the shipped forms and resources, and the default store folder.

One module so that tests (and a packaged build) can redirect every path in one place.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "PhilomenaDesk"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
STORE_ENV = "PHILOMENA_STORE"


def forms_dir() -> Path:
    """The declarative form definitions."""
    return PROJECT_ROOT / "forms"


def resources_dir() -> Path:
    """Protocol rule sets, fonts, icons and theme."""
    return PROJECT_ROOT / "resources"


def protocols_dir() -> Path:
    """The protocol rule sets."""
    return resources_dir() / "protocols"


def default_store_dir() -> Path:
    """The store used when none is named: ``$PHILOMENA_STORE`` or the user data folder."""
    override = os.environ.get(STORE_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "store"


def demo_store_dir() -> Path:
    """The demo store, kept apart from real records."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo-store"
