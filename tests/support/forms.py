"""Form definitions for tests: a minimal valid one to vary, and Part A's risk-flag answers."""

from __future__ import annotations

from typing import Any

import pytest

from desktop import paths
from desktop.formspec import FieldKind, load_forms

PART_A = load_forms(paths.forms_dir())["part_a"]
REMANDED = "Remanded to local authority accommodation"

# Written out by hand on purpose: removing a mapping from part_a.toml must fail a test.
PART_A_FLAGS: dict[tuple[str, Any], str] = {
    ("known_risks", "Child sexual exploitation (CSE)"): "cse",
    ("known_risks", "Child criminal exploitation (CCE)"): "cce",
    ("known_risks", "County lines (carrying or selling drugs for others)"): "cce",
    ("known_risks", "Self-harm"): "self_harm",
    ("known_risks", "Suicidal thoughts or attempts"): "self_harm",
    ("known_risks", "Trafficking or modern slavery"): "trafficking",
    ("known_risks", "Abduction by a parent or other adult"): "abduction",
    ("legal_status", REMANDED): "remand",
    ("uasc", True): "uasc",
    ("essential_medication", True): "medication",
}


def part_a_answer(field_id: str, answer: Any) -> dict[str, Any]:
    """Part A's answers with only ``answer`` given to ``field_id``."""
    kind = PART_A.field(field_id).kind
    return {field_id: [answer] if kind is FieldKind.MULTI_CHOICE else answer}


def flag_cases(mapping):
    """One test case per (field, answer) -> flag, named after them."""
    return [pytest.param(k, f, id=f"{k[0]}={k[1]}") for k, f in sorted(mapping.items(), key=str)]


def minimal_form(**changes):
    """A valid one-field form definition, with ``changes`` made to its field."""
    field = {
        "id": "name",
        "label": "Name",
        "kind": "text",
        "police": True,
        "help": "The name.",
        "cite": {"seed": "000_6f9548a07ffa330a.txt", "section": "1", "quote": "a b c"},
    }
    field.update(changes)
    return {
        "id": "f",
        "title": "F",
        "version": 1,
        "scope": "child",
        "summary": "s",
        "section": [{"id": "s", "title": "S", "field": [field]}],
    }
