"""Part A answers that make an absence high risk: the mapping lives in the definition only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from desktop import paths
from desktop.domain.model import ChildDetails, LegalStatus
from desktop.domain.timeline import RISK_FLAGS
from desktop.formspec import FieldKind, FormDefinitionError, load_forms, risk_flags
from desktop.formspec.flags import risk_flag_sources
from desktop.formspec.loading import parse_form
from desktop.protocol.rules import load_rule_sets
from tests.support.forms import PART_A_FLAGS, flag_cases, minimal_form, part_a_answer

FORMS = load_forms(paths.forms_dir())
PART_A = FORMS["part_a"]
REMANDED = "Remanded to local authority accommodation"


def _mapping(spec):
    found = {}
    for field in spec.fields():
        if field.flag:
            found[(field.id, True)] = field.flag
        for choice, flag in field.choice_flags:
            found[(field.id, choice)] = flag
    return found


def test_part_a_maps_exactly_these_answers_to_risk_flags():
    assert _mapping(PART_A) == PART_A_FLAGS


@pytest.mark.parametrize(("key", "flag"), flag_cases(_mapping(PART_A)))
def test_each_part_a_answer_sets_its_flag(key, flag):
    field_id, answer = key
    assert risk_flags(PART_A, part_a_answer(field_id, answer)) == {flag}


@pytest.mark.parametrize(("key", "flag"), flag_cases(PART_A_FLAGS))
def test_each_expected_part_a_answer_sets_its_flag(key, flag):
    field_id, answer = key
    assert risk_flags(PART_A, part_a_answer(field_id, answer)) == {flag}


def test_answers_without_a_flag_set_none():
    values: dict[str, Any] = {}
    for field in PART_A.fields():
        if field.kind is FieldKind.YES_NO and not field.flag:
            values[field.id] = True
        elif field.kind is FieldKind.MULTI_CHOICE:
            values[field.id] = [c for c in field.choices if field.flag_for_choice(c) is None]
        elif field.kind is FieldKind.CHOICE:
            values[field.id] = next(c for c in field.choices if field.flag_for_choice(c) is None)
    assert risk_flags(PART_A, values) == frozenset()
    assert risk_flags(PART_A, {"uasc": False, "essential_medication": None}) == frozenset()


def test_several_answers_add_up_and_the_first_field_is_named():
    values = {
        "known_risks": ["Self-harm", "Suicidal thoughts or attempts", "Offending"],
        "uasc": True,
        "essential_medication": True,
    }
    sources = risk_flag_sources(PART_A, values)
    assert set(sources) == {"self_harm", "uasc", "medication"}
    assert sources["self_harm"].id == "known_risks"


def _child(legal_status: str) -> ChildDetails:
    return ChildDetails(
        first_name="Zed", last_name="Q", date_of_birth=date(2011, 4, 2), legal_status=legal_status
    )


def test_the_remand_flag_follows_the_childs_record():
    assert risk_flags(PART_A, {}, child=_child(LegalStatus.REMAND.value)) == {"remand"}
    # The record is what counts: an answer typed over it in Part A neither sets nor hides it.
    assert risk_flags(PART_A, {"legal_status": REMANDED}, child=_child("")) == frozenset()
    assert risk_flags(
        PART_A, {"legal_status": "Care order (section 31)"}, child=_child(REMANDED)
    ) == {"remand"}


def test_part_a_legal_status_choices_are_the_records_legal_statuses():
    assert PART_A.field("legal_status").choices == tuple(s.value for s in LegalStatus)


def test_every_flag_a_form_sets_is_one_some_protocol_reacts_to():
    reacted = {
        flag
        for rule_set in load_rule_sets(paths.protocols_dir()).values()
        for rule in rule_set.rules
        if rule.trigger == "risk_flag"
        for flag in rule.flags
    }
    for spec in FORMS.values():
        for flag in set(_mapping(spec).values()):
            assert flag in RISK_FLAGS
            assert flag in reacted, f"{spec.id} sets '{flag}', which no rule set reacts to"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "yes_no", "flag": "sunburn"}, "flag 'sunburn' is not one of"),
        ({"flag": "cse"}, "only yes_no fields take 'flag'"),
        ({"choice_flags": {"A": "cse"}}, "only choice fields take 'choice_flags'"),
        (
            {"kind": "choice", "choices": ["A", "B"], "choice_flags": {"C": "cse"}},
            "choice_flags names 'C'",
        ),
        (
            {"kind": "multi_choice", "choices": ["A"], "choice_flags": {"A": "sunburn"}},
            "choice_flags flag 'sunburn' is not one of",
        ),
        ({"kind": "choice", "choices": ["A"], "choice_flags": "cse"}, "must be a table"),
    ],
)
def test_forms_naming_unknown_flags_or_choices_are_refused(changes, message):
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(minimal_form(**changes), "broken.toml")
    assert message in str(caught.value)
