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
    [prompt] = check["prompts"]
    assert set(prompt) == {"action", "rule", "due_at", "status", "who", "citations", "text"}
    assert prompt["due_at"] == "2026-03-01T21:00:00+00:00"
    assert set(prompt["citations"][0]) == {"seed", "section", "quote"}


def test_times_with_their_own_offset_and_seconds(tmp_path):
    text = GOOD.replace('at = "2026-03-01T15:00"', 'at = "2026-03-01T16:00:30+01:00"')
    code, out, _ = run_cli(tmp_path, text)
    assert code == 0
    [prompt] = json.loads(out)["checks"][0]["prompts"]
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
    ],
)
def test_malformed_scenarios_get_a_clear_error_and_exit_2(tmp_path, change, message):
    old, new = change
    code, out, err = run_cli(tmp_path, GOOD.replace(old, new, 1))
    assert code == 2, err
    assert message in err
    assert out == "" and "Traceback" not in err


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
    assert json.loads(result.stdout)["checks"][0]["prompts"][0]["action"] == "report_to_police"
    missing = subprocess.run(
        [sys.executable, "-m", "desktop", "scenario", "nowhere.toml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2 and "Cannot read the scenario" in missing.stderr
