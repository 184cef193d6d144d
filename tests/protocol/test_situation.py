"""The escalation engine sees exactly the risk flags Part A's definition maps answers to."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.model import ChildDetails
from desktop.formspec import risk_flags, shipped_forms
from desktop.protocol.situation import build_situation
from tests.support.forms import PART_A_FLAGS, flag_cases, part_a_answer


@pytest.mark.parametrize(("key", "flag"), flag_cases(PART_A_FLAGS))
def test_each_part_a_mapping_reaches_the_engine(store, key, flag):
    field_id, answer = key
    spec = shipped_forms()["part_a"]
    on_record = field_id == "legal_status"  # the child's record holds it, Part A shows it
    child = store.children.add(
        ChildDetails(
            first_name="Zed",
            last_name="Q",
            date_of_birth=date(2011, 4, 2),
            legal_status=answer if on_record else "",
        )
    )
    if not on_record:
        store.forms.save(child.id, spec, part_a_answer(field_id, answer))
    values = store.forms.values(child.id, spec)
    assert build_situation(store.records(child.id), shipped_forms()).child.risk_flags == {flag}
    assert risk_flags(spec, values, child=store.children.get(child.id)) == {flag}
