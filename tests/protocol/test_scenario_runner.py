"""The scenario runner's interface: JSON out, and a clear error (exit 2) for anything unknown."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main

GOOD = """protocol = "north-east-lincolnshire"
timezone = "Europe/London"
[home]
overnight_from = "22:00"
[child]
date_of_birth = "2011-04-02"
risk_flags = []
[[events]]
at = "2026-03-01T15:00"
kind = "aware"
whereabouts = "unknown"
[[check]]
at = "2026-03-01T16:00"
"""


def run_cli(tmp_path: Path, text: str) -> tuple[int, str, str]:
    path = tmp_path / "scenario.toml"
    path.write_text(text)
    out, err = io.StringIO(), io.StringIO()
    code = main(["scenario", str(path)], out=out, err=err, environ={})
    return code, out.getvalue(), err.getvalue()


def test_output_shape(tmp_path):
    code, out, _ = run_cli(tmp_path, GOOD)
    assert code == 0
    data = json.loads(out)
    [check] = data["checks"]
    assert check["at"] == "2026-03-01T16:00:00+00:00"
    # The police report and, in North East Lincolnshire, the IRO told of the episode.
    assert [p["action"] for p in check["prompts"]] == ["report_to_police", "notify_iro"]
    prompt = check["prompts"][0]
    assert set(prompt) == {"action", "rule", "due_at", "status", "who", "citations", "text"}
    assert prompt["due_at"] == "2026-03-01T21:00:00+00:00"
    assert set(prompt["citations"][0]) == {"seed", "section", "quote"}


def test_times_with_their_own_offset_and_seconds(tmp_path):
    text = GOOD.replace('at = "2026-03-01T15:00"', 'at = "2026-03-01T16:00:30+01:00"')
    code, out, _ = run_cli(tmp_path, text)
    assert code == 0
    prompts = json.loads(out)["checks"][0]["prompts"]
    prompt = next(p for p in prompts if p["action"] == "report_to_police")
    assert prompt["due_at"] == "2026-03-01T21:00:30+00:00"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("risk_flags = []", 'risk_flags = []\ncolour = "red"'), "(line 8): unknown key 'colour'"),
        (('kind = "aware"', 'kind = "vanished"'), "unknown kind 'vanished'"),
        (("risk_flags = []", 'risk_flags = ["sunburn"]'), "unknown risk flag 'sunburn'"),
        (
            ('protocol = "north-east-lincolnshire"', 'protocol = "atlantis"'),
            "(line 1): unknown protocol 'atlantis'",
        ),
        (('at = "2026-03-01T15:00"', 'at = "yesterday"'), "'at' = 'yesterday' is not a time"),
        (('at = "2026-03-01T15:00"', 'at = "2026-03-01 15:00"'), "is not a time"),
        (
            ("[[check]]", '[[events]]\nat = "2026-02-01T10:00"\nkind = "returned"\n[[check]]'),
            "events must be in time order",
        ),
        (('timezone = "Europe/London"', 'timezone = "Mars/Olympus"'), "unknown time zone"),
        (('overnight_from = "22:00"', 'overnight_from = "late"'), "time of day"),
        (
            ('whereabouts = "unknown"', 'whereabouts = "unknown"\nflag = "cse"'),
            "key 'flag' does not belong on a 'aware' event",
        ),
        (("protocol = ", "protocol = [\n"), "not valid TOML"),
        (
            ("[[check]]", '[[events]]\nat = "2026-03-01T15:30"\nkind = "aware"\n[[check]]'),
            "one 'aware' event",
        ),
        (
            (
                "[[check]]",
                '[[events]]\nat = "2026-03-01T15:30"\nkind = "answered"\n'
                'action = "ring_the_bell"\n[[check]]',
            ),
            "[[events]] 2 (line 15): unknown action 'ring_the_bell'",
        ),
        (
            (
                "[[check]]",
                '[[events]]\nat = "2026-03-01T15:30"\nkind = "returned"\n[[events]]\n'
                'at = "2026-03-01T15:40"\nkind = "whereabouts_unknown"\n[[check]]',
            ),
            "after 'returned'",
        ),
        (('kind = "aware"', 'kind = "returned"'), "first event must be 'aware'"),
        (("risk_flags = []", "plan_report_after_hours = nan"), "must be a number from 0"),
        (("risk_flags = []", "plan_report_after_hours = inf"), "must be a number from 0"),
        (('overnight_from = "22:00"', "away_review_minutes = 0"), "must be a number above 0"),
        (
            ('timezone = "Europe/London"', 'timezone = "Europe/London"\nhistory = 5'),
            "'history' must be a list",
        ),
        (
            (
                "[[events]]",
                '[[history]]\nstart = "2026-02-01T10:00"\nreturned = "2026-01-01T10:00"'
                "\n[[events]]",
            ),
            "'returned' is before 'start'",
        ),
        (
            (
                "[[check]]",
                '[[events]]\nat = "2026-03-01T15:30"\nkind = "intervention_meeting"\n[[check]]',
            ),
            "an intervention_meeting event needs 'stage'",
        ),
        (
            (
                "[[check]]",
                '[[events]]\nat = "2026-03-01T15:30"\nkind = "intervention_meeting"\n'
                "stage = 4\n[[check]]",
            ),
            "(line 15): 'stage' must be one of 1 (Stage 1), 2 (Stage 2), 3 (Escalation)",
        ),
        (
            (
                "[[check]]",
                '[[events]]\nat = "2026-03-01T15:30"\nkind = "returned"\nstage = 1\n[[check]]',
            ),
            "key 'stage' does not belong on a 'returned' event",
        ),
        (
            ("risk_flags = []", 'placement_planned = "yes"'),
            "'placement_planned' must be true or false",
        ),
        (
            (
                "[[events]]",
                '[[history]]\nstart = "2026-02-01T10:00"\n'
                'intervention_meetings = [{ at = "2026-02-05T10:00" }]\n[[events]]',
            ),
            "each of 'intervention_meetings' needs exactly 'at' and 'stage'",
        ),
        (
            (
                "[[check]]",
                '[[events]]\nat = "2026-03-01T15:30"\nkind = "answered"\n'
                'action = "notify_iro"\nrule = 7\n[[check]]',
            ),
            "'rule' must be a rule's id, as text",
        ),
    ],
)
def test_malformed_scenarios_get_a_clear_error_and_exit_2(tmp_path, change, message):
    old, new = change
    code, out, err = run_cli(tmp_path, GOOD.replace(old, new, 1))
    assert code == 2, err
    assert message in err
    assert out == "" and "Traceback" not in err


def test_an_error_names_the_line_inside_the_right_event(tmp_path):
    text = GOOD + '[[events]]\nat = "2026-03-01T15:30"\nkind = "note"\n'
    code, _, err = run_cli(tmp_path, text)
    assert code == 2 and "[[events]] 2 (line 16): unknown kind 'note'" in err


def test_a_time_in_the_spring_gap_is_the_real_moment_it_names(tmp_path):
    text = GOOD.replace("2026-03-01T15:00", "2026-03-29T01:30").replace(
        "2026-03-01T16:00", "2026-03-29T03:00"
    )
    code, out, _ = run_cli(tmp_path, text)
    assert code == 0
    [check] = json.loads(out)["checks"]
    report = next(p for p in check["prompts"] if p["action"] == "report_to_police")
    assert report["due_at"] == "2026-03-29T02:30:00+01:00"  # inside overnight: at once


def test_the_runner_as_a_command(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(GOOD)
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "scenario", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    prompts = json.loads(result.stdout)["checks"][0]["prompts"]
    assert "report_to_police" in [p["action"] for p in prompts]
    missing = subprocess.run(
        [sys.executable, "-m", "desktop", "scenario", "nowhere.toml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2 and "Cannot read the scenario" in missing.stderr
