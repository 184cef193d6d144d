"""Roles on the command line: staff are refused every manager and administrator action, each
refusal naming the role needed; each person's entries carry their own name; the audit log
records sign-ins, sign-outs and exports without their content; passphrase rules hold."""

from __future__ import annotations

import json

import pytest

from desktop.domain.errors import ExitCode

STAFF, OTHER_STAFF, MANAGER = "Sam Staff", "Sue Staff", "Mo Manager"
ADMIN_ONLY = "Only an administrator"
MANAGER_UP = "Only a manager or administrator"


def passphrase_of(name: str) -> str:
    return f"{name}'s own passphrase"


def as_(name: str) -> dict[str, str]:
    return {"PHILOMENA_USER": name, "PHILOMENA_PASSPHRASE": passphrase_of(name)}


@pytest.fixture
def home(run):
    code, _, err = run("init", "--home", "Oak House", "--protocol", "england-default")
    assert code == 0, err
    for name, role in ((STAFF, "staff"), (OTHER_STAFF, "staff"), (MANAGER, "manager")):
        code, _, err = run(
            "add-staff",
            name,
            "--role",
            role,
            env={"PHILOMENA_NEW_PASSPHRASE": passphrase_of(name)},
        )
        assert code == 0, err
    run.add_child("Maya", "Okafor")
    for argv in (
        ("episode", "start", "--child", "Maya", "--whereabouts", "unknown"),
        ("episode", "report", "--child", "Maya", "--reference", "HUM-4471"),
        ("risk-of-missing", "set", "--child", "Maya", "--level", "high", "--decided-by", "MASH"),
    ):
        code, _, err = run(*argv)
        assert code == 0, err
    return run


LOG_DECISION = ("episode", "log", "--child", "Maya", "decision")
NEW = {"PHILOMENA_NEW_PASSPHRASE": "somebody's brand new passphrase"}
MANAGER_ACTIONS = [
    pytest.param(
        [*LOG_DECISION, "action=strategy_meeting", "outcome=done", "rule=strategy.24_hours"],
        f"{MANAGER_UP} can answer this.",
        id="answer a management prompt",
    ),
    pytest.param(
        [
            *LOG_DECISION,
            "action=notify_police",
            "outcome=not_done",
            "reason=Police knew",
            "rule=return.tell_police",
        ],
        f"{MANAGER_UP} can mark a follow-up as not done.",
        id="waive a follow-up",
    ),
    pytest.param(["audit"], f"{MANAGER_UP} can run reports.", id="run a report"),
    pytest.param(
        ["risk-of-missing", "set", "--child", "Maya", "--level", "low", "--decided-by", "J. Patel"],
        f"{MANAGER_UP} can lower a child's risk of going missing.",
        id="lower a child's risk of going missing",
    ),
]
ADMIN_ACTIONS = [
    pytest.param(["add-staff", "Newt Starter"], f"{ADMIN_ONLY} can manage accounts.", id="add"),
    pytest.param(["disable-staff", OTHER_STAFF], f"{ADMIN_ONLY} can manage accounts.", id="close"),
    pytest.param(["remove-staff", OTHER_STAFF], f"{ADMIN_ONLY} can manage accounts.", id="remove"),
    pytest.param(
        ["reset-passphrase", OTHER_STAFF],
        "Only an administrator can reset someone else's passphrase.",
        id="reset someone else's passphrase",
    ),
    pytest.param(
        ["idle-lock", "30"], f"{ADMIN_ONLY} can change the home's settings.", id="idle time"
    ),
    pytest.param(
        ["form-review", "3"], f"{ADMIN_ONLY} can change the home's settings.", id="form review"
    ),
]


@pytest.mark.parametrize(("argv", "refusal"), MANAGER_ACTIONS + ADMIN_ACTIONS)
def test_staff_are_refused_every_manager_and_administrator_action(home, argv, refusal):
    code, out, err = home(*argv, env=as_(STAFF) | NEW)
    assert code == ExitCode.NOT_PERMITTED, (out, err)
    assert refusal in err
    code, _, err = home("episode", "show", "--child", "Maya", "--json")
    assert code == 0, err
    assert not [e for e in json.loads(_json(home)) if e["kind"] == "decision"]  # nothing kept
    code, _, err = home("children", env=as_(OTHER_STAFF))  # nobody was closed or reset
    assert code == 0, err


def _json(run) -> str:
    code, out, err = run("episode", "show", "--child", "Maya", "--json")
    assert code == 0, err
    return out


@pytest.mark.parametrize(("argv", "refusal"), MANAGER_ACTIONS)
def test_a_manager_may_take_the_manager_actions(home, argv, refusal):
    code, _, err = home(*argv, env=as_(MANAGER))
    assert code == 0, err
    assert refusal not in err


@pytest.mark.parametrize(("argv", "refusal"), ADMIN_ACTIONS)
def test_a_manager_is_refused_the_administrator_actions(home, argv, refusal):
    code, _, err = home(*argv, env=as_(MANAGER) | NEW)
    assert code == ExitCode.NOT_PERMITTED and refusal in err


def test_staff_log_and_see_their_own_names_on_their_entries(home):
    for name in (STAFF, OTHER_STAFF, MANAGER):
        code, _, err = home(
            "episode", "log", "--child", "Maya", "note", f"note=Checked by {name}", env=as_(name)
        )
        assert code == 0, err
    notes = [e for e in json.loads(_json(home)) if e["kind"] == "note"]
    assert [(e["author"], e["body"]["note"]) for e in notes] == [
        (name, f"Checked by {name}") for name in (STAFF, OTHER_STAFF, MANAGER)
    ]
    code, out, err = home("episode", "show", "--child", "Maya", env=as_(OTHER_STAFF))
    assert code == 0, err
    assert f"Note — {OTHER_STAFF}," in out and f"Note — {STAFF}," in out


def test_the_audit_log_records_sign_in_out_and_export_without_content(home, tmp_path):
    pdf = tmp_path / "maya-pack-for-police.pdf"
    code, _, err = home("export", "--child", "Maya", "--out", str(pdf), env=as_(STAFF))
    assert code == 0, err
    code, out, err = home("audit", env=as_(MANAGER))
    assert code == 0, err
    sams = [line.split("  ", 1)[1] for line in out.splitlines() if STAFF in line]
    assert sams == [
        f"{STAFF}: Signed in",
        f"{STAFF}: Saved a PDF (Maya Okafor)",
        f"{STAFF}: Signed out",
    ]
    assert f"{MANAGER}: Signed in" in out  # this very report's sign-in
    for content in ("HUM-4471", pdf.name, str(tmp_path), "strategy"):
        assert content not in out


@pytest.mark.parametrize(
    ("passphrase", "why"),
    [("elevenchars", "at least 12 characters"), ("Password 1234", "one of the most common")],
)
def test_new_and_changed_passphrases_must_be_long_and_uncommon(home, passphrase, why):
    code, _, err = home("add-staff", "Newt Starter", env={"PHILOMENA_NEW_PASSPHRASE": passphrase})
    assert code == ExitCode.BAD_INPUT and why in err
    code, _, err = home(
        "change-passphrase", env=as_(STAFF) | {"PHILOMENA_NEW_PASSPHRASE": passphrase}
    )
    assert code == ExitCode.BAD_INPUT and why in err
    code, _, err = home("children", env=as_(STAFF))  # the old one still works
    assert code == 0, err


def test_staff_change_their_own_passphrase(home):
    new = "a passphrase only Sam knows"
    code, out, err = home("change-passphrase", env=as_(STAFF) | {"PHILOMENA_NEW_PASSPHRASE": new})
    assert code == 0, err
    assert "Your passphrase has been changed" in out
    code, _, _ = home("children", env=as_(STAFF))
    assert code == ExitCode.WRONG_CREDENTIALS
    code, _, err = home("children", env={"PHILOMENA_USER": STAFF, "PHILOMENA_PASSPHRASE": new})
    assert code == 0, err


def test_an_older_short_passphrase_still_opens_but_is_asked_to_change(home, monkeypatch):
    import desktop.store.keys.store_keys as store_keys

    with monkeypatch.context() as older_release:  # ten characters were enough before
        older_release.setattr(store_keys, "passphrase_problem", lambda _: None)
        code, _, err = home(
            "add-staff", "Old Timer", env={"PHILOMENA_NEW_PASSPHRASE": "tenletters"}
        )
        assert code == 0, err
    old = {"PHILOMENA_USER": "Old Timer", "PHILOMENA_PASSPHRASE": "tenletters"}
    code, _, err = home("children", env=old)
    assert code == 0, err
    assert "Change it now: python -m desktop change-passphrase" in err
    code, _, err = home("children", env=as_(STAFF))
    assert "Change it now" not in err


def test_removing_someone_says_how_older_copies_stay_safe(home):
    code, out, err = home("remove-staff", OTHER_STAFF)
    assert code == 0, err
    assert "re-keying the store" in out
    code, _, _ = home("children", env=as_(OTHER_STAFF))
    assert code == ExitCode.WRONG_CREDENTIALS
