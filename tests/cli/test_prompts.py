"""``prompts``: what is due, as at now or at a time given."""

from __future__ import annotations

import json

from desktop.domain.errors import ExitCode


def _statuses(run, *extra: str) -> dict[str, str]:
    code, out, err = run("prompts", "--child", "Aisha", "--json", *extra)
    assert code == 0, err
    return {p["action"]: p["status"] for p in json.loads(out)}


def test_prompts_as_at_a_later_time(initialised):
    initialised.add_child("Aisha")
    initialised("episode", "start", "--child", "Aisha", "--whereabouts", "unknown")
    assert _statuses(initialised)["report_to_police"] == "upcoming"
    later = _statuses(initialised, "--at", "01/03/2026 23:30")
    assert later["report_to_police"] == "overdue"


def test_prompts_for_people_name_who_and_the_source(initialised):
    initialised.add_child("Aisha")
    code, out, err = initialised("prompts", "--child", "Aisha")
    assert code == 0, err
    assert out == "Nothing is due for Aisha Khan.\n"
    initialised("episode", "start", "--child", "Aisha", "--whereabouts", "unknown")
    code, out, err = initialised("prompts", "--child", "Aisha")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) % 2 == 0 and any(line.startswith("UPCOMING  ") for line in lines[::2])
    assert all(line.startswith("          Who: ") and ". Source: " in line for line in lines[1::2])


def test_prompts_refuse_a_time_that_is_not_one(initialised):
    initialised.add_child("Aisha")
    code, _, err = initialised("prompts", "--child", "Aisha", "--at", "soon")
    assert code == ExitCode.BAD_INPUT and "'soon' is not a date and time" in err
