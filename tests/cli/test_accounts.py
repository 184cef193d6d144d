"""``add-staff``, ``reset-passphrase`` and ``enrol``."""

from __future__ import annotations

from desktop.domain.errors import ExitCode

NEW = "a brand new passphrase"


def test_reset_passphrase_then_sign_in_with_the_new_one(initialised):
    code, out, err = initialised(
        "reset-passphrase", "Ann Admin", env={"PHILOMENA_NEW_PASSPHRASE": NEW}
    )
    assert code == 0, err
    assert out == "The passphrase for Ann Admin has been changed.\n"
    code, _, _ = initialised("children")
    assert code == ExitCode.WRONG_CREDENTIALS
    code, _, err = initialised("children", env={"PHILOMENA_PASSPHRASE": NEW})
    assert code == 0, err


def test_a_new_passphrase_typed_twice_must_match(initialised):
    code, _, err = initialised(
        "--recovery",
        "add-staff",
        "Sam Carer",
        env={"PHILOMENA_RECOVERY_KEY": initialised.recovery, "PHILOMENA_PASSPHRASE": ""},
        answers=["sams passphrase here", "sams passphrase HERE"],
    )
    assert code == ExitCode.BAD_INPUT and "The two passphrases were different." in err


def test_enrol_on_a_computer_with_a_keyring(initialised):
    code, out, err = initialised("enrol")
    assert code == 0, err
    assert out == "This computer account is enrolled: staff passphrases now work here.\n"


def test_add_staff_then_sign_in_as_them(initialised):
    code, _, err = initialised(
        "add-staff",
        "Sam Carer",
        "--role",
        "staff",
        env={"PHILOMENA_NEW_PASSPHRASE": "sams passphrase here"},
    )
    assert code == 0, err
    code, _, err = initialised(
        "children",
        env={"PHILOMENA_USER": "Sam Carer", "PHILOMENA_PASSPHRASE": "sams passphrase here"},
    )
    assert code == 0, err
