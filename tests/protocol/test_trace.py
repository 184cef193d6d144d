"""The trace from every duty sentence of a seed to the rules that carry it (or why none should).

``resources/protocols/trace/<area>.toml`` lists, for one area's seed, each sentence that asks
someone to act on a trigger or within a timescale: its section, its words, and either the
rule ids that prompt it or the reason no prompt in a home's app is right. Every named rule is
fired, and its deadline checked, by ``test_rule_sets.test_every_rule_fires_with_the_deadline_it_
states``; here the trace itself is checked.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from desktop import paths
from desktop.protocol.rules import DEFAULT_RULE_SET, load_rule_sets
from tests.support.seeds import ROOT, normalise, seed_text

RULE_SETS = load_rule_sets(paths.protocols_dir())
TRACE_DIR = paths.protocols_dir() / "trace"
TRACES = sorted(TRACE_DIR.glob("*.toml"))
_TOP_KEYS = {"area", "seed", "complete", "duty"}
_ENTRY_KEYS = {"section", "quote", "rules", "reason", "pending"}


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _own_rule_ids(area: str) -> set[str]:
    """The area's own rules: its file's [[rule]] ids, not those it borrows."""
    data = _load(paths.protocols_dir() / f"{area}.toml")
    return {r["id"] for r in data.get("rule", [])}


def test_there_is_a_trace_for_some_area():
    assert TRACES


@pytest.mark.parametrize("path", TRACES, ids=lambda p: p.stem)
def test_a_trace_is_well_formed(path: Path):
    data = _load(path)
    assert set(data) <= _TOP_KEYS and {"area", "seed", "complete", "duty"} <= set(data), path.name
    assert data["area"] == path.stem and data["area"] in RULE_SETS
    assert data["area"] != DEFAULT_RULE_SET, "england-default is traced through the areas"
    assert data["seed"] == RULE_SETS[data["area"]].seed
    assert isinstance(data["complete"], bool)
    quotes = [normalise(d["quote"]) for d in data["duty"]]
    assert len(quotes) == len(set(quotes)), "a sentence is listed once"
    for entry in data["duty"]:
        assert set(entry) <= _ENTRY_KEYS and {"section", "quote"} <= set(entry), entry
        assert entry["section"].strip() and entry["quote"].strip(), entry
        given = [k for k in ("rules", "reason", "pending") if k in entry]
        assert len(given) == 1, f"one of rules, reason or pending: {entry['quote']!r}"
        if given == ["rules"]:
            assert entry["rules"] and all(isinstance(r, str) for r in entry["rules"]), entry
        else:
            assert len(entry[given[0]].strip()) > 10, entry


@pytest.mark.parametrize("path", TRACES, ids=lambda p: p.stem)
def test_every_traced_quote_is_word_for_word_in_its_seed(path: Path):
    data = _load(path)
    text = seed_text(data["seed"])
    missing = [d["quote"] for d in data["duty"] if normalise(d["quote"]) not in text]
    assert not missing, missing


@pytest.mark.parametrize("path", TRACES, ids=lambda p: p.stem)
def test_every_rule_a_trace_names_is_in_the_area_rule_set(path: Path):
    """Named rules exist, so each is fired with its deadline checked by the rule-set tests."""
    data = _load(path)
    known = {r.id for r in RULE_SETS[data["area"]].rules}
    unknown = sorted({r for d in data["duty"] for r in d.get("rules", [])} - known)
    assert not unknown, unknown


@pytest.mark.parametrize("path", TRACES, ids=lambda p: p.stem)
def test_a_complete_trace_reaches_every_rule_of_its_area(path: Path):
    data = _load(path)
    if not data["complete"]:
        pytest.skip(f"{path.stem}: trace marked incomplete")
    named = {r for d in data["duty"] for r in d.get("rules", [])}
    unreached = sorted(_own_rule_ids(data["area"]) - named)
    assert not unreached, f"rules no duty sentence leads to: {unreached}"


def test_the_rule_set_loader_ignores_the_trace_folder(tmp_path: Path):
    source = paths.protocols_dir() / f"{DEFAULT_RULE_SET}.toml"
    (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "trace").mkdir()
    (tmp_path / "trace" / "somewhere.toml").write_text('area = "somewhere"\n[[duty]]\n')
    assert set(load_rule_sets(tmp_path)) == {DEFAULT_RULE_SET}


def test_the_readme_counts_match_the_traces():
    """Both READMEs give, per seed, the duty sentences traced and how many have rules."""
    readme = (ROOT / "resources" / "protocols" / "README.md").read_text(encoding="utf-8")
    main_readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in TRACES:
        data = _load(path)
        duties = data["duty"]
        with_rules = sum(1 for d in duties if "rules" in d)
        row = re.search(rf"^\| `{re.escape(data['seed'])}` .*$", readme, re.MULTILINE)
        assert row, f"README has no trace row for {data['seed']}"
        cells = [c.strip() for c in row.group(0).strip("|").split("|")]
        pending = sum(1 for d in duties if "pending" in d)
        counts = [str(len(duties)), str(with_rules), str(pending)]
        assert cells[3:6] == counts, (cells, counts)
        assert cells[6] == ("complete" if data["complete"] else "partial"), cells
        name = RULE_SETS[data["area"]].name.split(" (")[0]
        main = re.search(rf"^\| {re.escape(name)} \|.*$", main_readme, re.MULTILINE)
        assert main, f"the main README has no trace row for {name}"
        assert main.group(0).replace(" ", "").endswith("|" + "|".join(counts) + "|"), main.group(0)


@pytest.mark.parametrize("path", TRACES, ids=lambda p: p.stem)
def test_no_duty_sentence_is_left_pending(path: Path):
    """Every duty a home's app should prompt is prompted: nothing waits on the engine."""
    pending = [d["quote"] for d in _load(path)["duty"] if "pending" in d]
    assert not pending, pending
