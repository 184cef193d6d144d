"""``risk-of-missing``: record a child's standing grading and review meetings; see them kept."""

from __future__ import annotations

import json

from desktop.domain.errors import ExitCode


def _reviews(run, at: str) -> list[dict]:
    code, out, err = run("prompts", "--child", "Aisha", "--json", "--at", at)
    assert code == 0, err
    return [p for p in json.loads(out) if p["action"] == "high_risk_review"]


def test_high_is_recorded_with_who_decided_and_brings_the_six_weekly_review(initialised):
    initialised.add_child("Aisha")
    code, out, err = initialised(
        "risk-of-missing",
        "set",
        "--child",
        "Aisha",
        "--level",
        "high",
        "--decided-by",
        "J. Patel, social worker",
        "--at",
        "01/03/2026 10:00",
    )
    assert code == 0, err
    assert out.splitlines() == [
        "Aisha Khan:",
        "Risk of going missing: High (decided 01/03/2026 10:00 by J. Patel, social worker)",
        "  High risk of going missing: decided 01/03/2026 10:00 by J. Patel, social worker, "
        "recorded by Ann Admin",
    ]
    [review] = _reviews(initialised, "02/03/2026 09:00")
    assert review["due_at"] == "2026-04-12T11:00:00+01:00"  # 42 days of 24 hours, now in BST
    assert review["status"] == "upcoming" and "every 6 weeks" in review["text"]


def test_a_review_held_reschedules_and_a_lower_grading_keeps_the_old_one(initialised):
    initialised.add_child("Aisha")
    base = ("risk-of-missing", "set", "--child", "Aisha", "--decided-by", "The MASH")
    assert initialised(*base, "--level", "high", "--at", "01/03/2026 10:00")[0] == 0
    code, out, err = initialised(
        "risk-of-missing", "review-held", "--child", "Aisha", "--at", "01/03/2026 12:00"
    )
    assert code == 0, err
    assert "  Review meeting held 01/03/2026 12:00, recorded by Ann Admin" in out.splitlines()
    [review] = _reviews(initialised, "01/03/2026 13:00")
    assert review["due_at"] == "2026-04-12T13:00:00+01:00"
    code, out, err = initialised(*base, "--level", "medium", "--at", "01/03/2026 12:30")
    assert code == 0, err
    assert _reviews(initialised, "01/03/2026 13:00") == []
    code, out, err = initialised("risk-of-missing", "show", "--child", "Aisha")
    assert code == 0, err
    assert out.splitlines()[1].startswith("Risk of going missing: Medium (decided 01/03/2026 12:30")
    assert sum("High risk of going missing" in line for line in out.splitlines()) == 1


def test_a_review_for_a_child_not_at_high_risk_is_refused(initialised):
    initialised.add_child("Aisha")
    code, _, err = initialised("risk-of-missing", "review-held", "--child", "Aisha")
    assert code == ExitCode.BAD_INPUT and "not at high risk then" in err
    code, _, err = initialised(
        "risk-of-missing", "set", "--child", "Aisha", "--level", "severe", "--decided-by", "X"
    )
    assert code == ExitCode.USAGE and "invalid choice: 'severe'" in err
