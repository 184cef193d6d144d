"""The follow-ups after a return on the command line: the interviews, a disclosure, a waiver."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from desktop.domain.errors import ExitCode

STAFF = "Sam Staff"
STAFF_ENV = {"PHILOMENA_USER": STAFF, "PHILOMENA_PASSPHRASE": "Sam Staff's own passphrase"}


@pytest.fixture
def back(run):
    code, _, err = run("init", "--home", "Oak House", "--protocol", "england-default")
    assert code == 0, err
    code, _, err = run(
        "add-staff",
        STAFF,
        "--role",
        "staff",
        env={"PHILOMENA_NEW_PASSPHRASE": STAFF_ENV["PHILOMENA_PASSPHRASE"]},
    )
    assert code == 0, err
    run.add_child("Maya", "Okafor")
    for argv in (
        ("episode", "start", "--child", "Maya", "--whereabouts", "unknown"),
        ("episode", "return", "--child", "Maya", "--where", "Home"),
    ):
        code, _, err = run(*argv)
        assert code == 0, err
    return run


def _log(run) -> list[dict]:
    code, out, err = run("episode", "show", "--child", "Maya", "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_return_interview_is_recorded_in_full_and_the_episode_closes(back):
    back.clock.moment += timedelta(hours=1)
    code, _, err = back(
        "episode", "interview", "offered", "--child", "Maya", "--by", "Missing officer",
        "--independent", "yes",
    )  # fmt: skip
    assert code == 0, err
    back.clock.moment += timedelta(hours=80)
    held = (
        "episode", "interview", "held", "--child", "Maya", "--by", "Missing officer",
        "--where", "At school", "--advocate", "yes", "--interpreter", "no",
    )  # fmt: skip
    code, _, err = back(*held)
    assert code == ExitCode.BAD_INPUT and "more than 72 hours" in err
    code, out, err = back(*held, "--late-reason", "She was away on a school trip")
    assert code == 0 and "Return interview done" in out, err
    code, out, _ = back("episode", "show", "--child", "Maya")
    assert "Where it was held: At school" in out
    assert "An advocate was present: yes" in out
    assert "Why outside 72 hours of the return: She was away on a school trip" in out
    kinds = [e["kind"] for e in _log(back)]
    assert kinds[-2:] == ["return_interview_offered", "return_interview_done"]
    code, out, err = back("episode", "close", "--child", "Maya", "--reason", "All done")
    assert code == 0 and "closed" in out, err


def test_closing_is_refused_until_a_manager_waives(back):
    code, _, err = back("episode", "close", "--child", "Maya", "--reason", "Back")
    assert code == ExitCode.BAD_INPUT
    assert "Still to do: Record the return interview: held, or declined" in err
    code, _, err = back(
        "episode", "waive", "--child", "Maya", "--reason", "Moved away", env=STAFF_ENV
    )
    assert code == ExitCode.NOT_PERMITTED and "Only a manager" in err
    code, _, err = back(
        "episode", "waive", "--child", "Maya", "--reason", "Moved away",
        "--agreed-by", "Jo, supervising social worker",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = back("episode", "close", "--child", "Maya", "--reason", "Moved away")
    assert code == 0 and "closed" in out, err


def test_a_sensitive_disclosure_is_never_shown_in_the_log(back):
    code, _, err = back(
        "episode", "disclosure", "--child", "Maya", "--text", "Named the man", "--to", "Jo"
    )
    assert code == 0, err
    code, out, _ = back("episode", "show", "--child", "Maya")
    assert "A sensitive disclosure was recorded on" in out
    assert "Named the man" not in out
    [disclosure] = [e for e in _log(back) if e["kind"] == "sensitive_disclosure"]
    assert disclosure["body"] == {"withheld": "a sensitive disclosure, kept apart"}


def test_sensitive_disclosures_are_printed_only_when_chosen_and_the_choice_is_audited(
    back, tmp_path
):
    from tests.support.hostile import pdf_text

    code, _, err = back(
        "episode", "disclosure", "--child", "Maya", "--text", "Named the man", "--to", "Jo"
    )
    assert code == 0, err
    for output in ("police", "episode"):
        plain = tmp_path / f"{output}.pdf"
        code, _, err = back("export", "--child", "Maya", "--out", str(plain), "--output", output)
        assert code == 0, err
        assert "Named the man" not in pdf_text(plain.read_bytes())
    code, out, _ = back("audit")
    assert "Included sensitive disclosures" not in out
    chosen = tmp_path / "with-disclosures.pdf"
    code, _, err = back(
        "export", "--child", "Maya", "--out", str(chosen), "--output", "episode",
        "--include-sensitive",
    )  # fmt: skip
    assert code == 0, err
    text = " ".join(pdf_text(chosen.read_bytes()).split())
    assert "Sensitive disclosures" in text and "Named the man" in text
    code, out, _ = back("audit")
    assert "Included sensitive disclosures in a PDF or print (Maya Okafor)" in out
