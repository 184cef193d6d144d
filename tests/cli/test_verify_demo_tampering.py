"""On the demo store, verify names each kind of tampering the signed records are there to catch."""

from __future__ import annotations

import re
import shutil

import pytest

from desktop.domain.errors import ExitCode
from desktop.store.demo import DEMO_NAME, DEMO_PASSPHRASE
from tests.support.tamper import raw_database, without_triggers

DEMO_ENV = {"PHILOMENA_USER": DEMO_NAME, "PHILOMENA_PASSPHRASE": DEMO_PASSPHRASE}

TAMPERING = {
    "the whole log and its head deleted": (
        ("DELETE FROM log_entry", "DELETE FROM log_head"),
        "no log entries at all",
    ),
    "an episode moved to another child": (
        (
            "UPDATE episode SET child_id = (SELECT id FROM child WHERE id <> episode.child_id"
            " LIMIT 1) WHERE rowid = (SELECT min(rowid) FROM episode)",
        ),
        "The episode",
    ),
    "an author renamed": (("UPDATE staff SET name = 'Someone Else'",), "The staff account"),
    "a saved form version edited": (
        ("UPDATE form_record SET data = '{}' WHERE id = (SELECT min(id) FROM form_record)",),
        "The saved form version",
    ),
    "a log entry edited": (
        ('UPDATE log_entry SET body = \'{"note": "x"}\' WHERE id = 3',),
        "log entry 3",
    ),
}


def _demo(run) -> str:
    """The demo store, with an episode of three log entries (the demo itself has none)."""
    code, out, err = run("demo")
    assert code == 0, err
    found = re.search(r"recovery key \(for trying a backup and restore\) is (\S+)", out)
    assert found is not None
    for argv in (
        ("episode", "start", "--child", "Mohammed", "--whereabouts", "unknown"),
        ("episode", "log", "--child", "Mohammed", "note", "note=Phoned his brother"),
        ("episode", "log", "--child", "Mohammed", "note", "note=Checked the park"),
    ):
        code, _, err = run(*argv, env=DEMO_ENV)
        assert code == 0, err
    return found.group(1)


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_verify_names_the_tampering_on_the_demo_store(run, case):
    recovery = _demo(run)
    code, out, err = run("verify", env=DEMO_ENV)
    assert code == 0, out + err
    statements, named = TAMPERING[case]
    with raw_database(run.store, recovery) as conn:
        without_triggers(conn, *statements)
    code, out, _ = run("verify", env=DEMO_ENV)
    assert code == ExitCode.DATABASE_DAMAGED
    assert any(named in line for line in out.splitlines() if line.startswith("PROBLEM")), out


def test_the_demo_store_put_back_to_an_older_copy_is_named(run, tmp_path):
    _demo(run)
    older = tmp_path / "older"
    shutil.copytree(run.store, older)
    code, _, err = run("episode", "log", "--child", "Mohammed", "note", "note=Later", env=DEMO_ENV)
    assert code == 0, err
    shutil.rmtree(run.store)
    shutil.copytree(older, run.store)
    code, out, _ = run("verify", env=DEMO_ENV)
    assert code == ExitCode.DATABASE_DAMAGED and "older than its witness" in out
