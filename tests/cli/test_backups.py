"""From the demo store an administrator backs up, restores it elsewhere, and both verify."""

from __future__ import annotations

import re
from datetime import timedelta

from desktop.store.demo import DEMO_NAME, DEMO_PASSPHRASE

DEMO_ENV = {"PHILOMENA_USER": DEMO_NAME, "PHILOMENA_PASSPHRASE": DEMO_PASSPHRASE}


def test_back_up_the_demo_restore_it_elsewhere_and_verify_both(run, tmp_path):
    code, out, err = run("demo")
    assert code == 0, err
    recovery = re.search(r"recovery key \(for trying a backup and restore\) is (\S+)", out)
    assert recovery is not None
    with_key = {**DEMO_ENV, "PHILOMENA_RECOVERY_KEY": recovery.group(1)}

    code, out, err = run("backup", "--to", str(tmp_path / "usb"), env=DEMO_ENV)
    assert code == 0, err
    assert "Backed up the store" in out
    (backup,) = (tmp_path / "usb").iterdir()

    code, out, err = run("verify", "--backup", str(backup), env=with_key)
    assert (code, out.splitlines()[-1]) == (0, "The backup is intact."), err

    restored = tmp_path / "restored"
    code, out, err = run("restore", str(backup), str(restored), env=with_key)
    assert code == 0, err
    assert "it verifies" in out

    code, out, err = run("--store", str(restored), "--recovery", "verify", env=with_key)
    assert (code, out.splitlines()[-1]) == (0, "The store is intact."), err
    code, out, err = run("verify", env=DEMO_ENV)
    assert (code, out.splitlines()[-1]) == (0, "The store is intact."), err


def test_a_restore_into_a_folder_in_use_is_refused(initialised, tmp_path):
    code, _, err = initialised("backup", "--to", str(tmp_path / "usb"))
    assert code == 0, err
    (backup,) = (tmp_path / "usb").iterdir()
    code, _, err = initialised(
        "restore",
        str(backup),
        str(initialised.store),
        env={"PHILOMENA_RECOVERY_KEY": initialised.recovery},
    )
    assert code == 13
    assert "never replaces a store" in err


def test_a_backup_to_a_missing_drive_says_so(initialised, tmp_path):
    missing = tmp_path / "file-not-folder"
    missing.write_text("not a folder")
    code, _, err = initialised("backup", "--to", str(missing / "inside"))
    assert code == 8
    assert "The backup was not made" in err and "Nothing was changed" in err


def test_an_administrator_sets_the_schedule_and_asks_when_the_last_backup_was(initialised):
    code, out, err = initialised("backup", "--status")
    assert (code, out.strip()) == (0, "No backup has been made yet."), err
    code, out, err = initialised("backup", "--every", "6")
    assert (code, out.strip()) == (
        0,
        "While the app runs it backs the store up every 6 hour(s).",
    ), err
    code, _, err = initialised("backup")
    assert code == 0, err
    code, out, err = initialised("backup", "--status")
    assert (code, out.strip()) == (0, "Last good backup: 01/03/2026 15:00."), err


def test_restoring_an_older_backup_says_it_is_older(initialised, tmp_path):
    code, _, err = initialised("backup", "--to", str(tmp_path / "usb"))
    assert code == 0, err
    (older,) = (tmp_path / "usb").iterdir()
    initialised.add_child("Rosa")
    code, _, err = initialised("episode", "start", "--child", "Rosa", "--whereabouts", "unknown")
    assert code == 0, err
    initialised.clock.moment += timedelta(hours=2)
    code, _, err = initialised("backup")
    assert code == 0, err
    code, _, err = initialised(
        "restore",
        str(older),
        str(tmp_path / "restored"),
        env={"PHILOMENA_RECOVERY_KEY": initialised.recovery},
    )
    assert code == 0, err
    assert "older than the newest backup known (made 01/03/2026 17:00)" in err
    assert "older than its witness (this computer's keyring" in err  # said, and accepted:
    code, out, err = initialised(
        "--store",
        str(tmp_path / "restored"),
        "--recovery",
        "verify",
        env={"PHILOMENA_RECOVERY_KEY": initialised.recovery},
    )
    assert code == 0, out  # restored on purpose, it is the store's history from now on
