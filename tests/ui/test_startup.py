"""The first window appears before the database machinery loads (it loads at sign-in)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support.crash import ROOT

HEAVY = ("sqlalchemy", "sqlcipher3", "alembic", "reportlab", "PIL")


def test_the_sign_in_window_loads_no_database_or_pack_libraries():
    code = (
        "import json, sys\n"
        "import desktop.ui.app, desktop.ui.controller, desktop.ui.signin\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
