"""The scenario library: timelines drawn from the seeds, each asserting the due times it implies."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from desktop import paths
from desktop.protocol.rules import load_rule_sets
from desktop.protocol.scenario import parse_scenario, run

SCENARIOS = sorted((Path(__file__).parents[1] / "scenarios").glob("*.toml"))
RULE_SETS = load_rule_sets(paths.protocols_dir())


def test_the_library_is_there():
    assert len(SCENARIOS) >= 20


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_meets_its_expectations(path: Path):
    scenario = parse_scenario(path.read_text(encoding="utf-8"), set(RULE_SETS))
    result = run(scenario, RULE_SETS)
    assert len(result["checks"]) == len(scenario.checks)
    expectations = 0
    for check, output in zip(scenario.checks, result["checks"], strict=True):
        prompts = output["prompts"]
        dues = [datetime.fromisoformat(p["due_at"]) for p in prompts]
        assert dues == sorted(dues), "prompts are sorted by due_at"
        assert all(len(p["due_at"]) == 25 for p in prompts), "ISO with seconds and offset"
        for expect in check.expect:
            expectations += 1
            matching = [
                p
                for p in prompts
                if p["action"] == expect["action"]
                and ("rule" not in expect or p["rule"] == expect["rule"])
            ]
            where = f"{path.stem} at {output['at']}: {expect}"
            if expect.get("absent"):
                assert not matching, f"{where} expected no such prompt, got {matching}"
                continue
            assert matching, f"{where} missing; prompts were " + ", ".join(
                f"{p['action']}/{p['rule']}/{p['status']}" for p in prompts
            )
            prompt = matching[0]
            for key in ("due_at", "status"):
                if key in expect:
                    assert prompt[key] == expect[key], f"{where}: {key} was {prompt[key]}"
            if "seeds" in expect:
                assert sorted({c["seed"] for c in prompt["citations"]}) == sorted(expect["seeds"])
            assert prompt["citations"] and prompt["who"] and prompt["text"]
    assert expectations, "a scenario must assert something"
