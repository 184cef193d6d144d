"""The escalation engine sees exactly the risk flags Part A's definition maps answers to."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.model import ChildDetails
from desktop.formspec import risk_flags, shipped_forms
from tests.formspec.test_flags import PART_A_FLAGS, _answer, _cases


@pytest.mark.parametrize(("key", "flag"), _cases(PART_A_FLAGS))
def test_each_part_a_mapping_reaches_the_engine(store, key, flag):
    field_id, answer = key
    spec = shipped_forms()["part_a"]
    on_record = field_id == "legal_status"  # the child's record holds it, Part A shows it
    child = store.add_child(
        ChildDetails(
            first_name="Zed",
            last_name="Q",
            date_of_birth=date(2011, 4, 2),
            legal_status=answer if on_record else "",
        )
    )
    if not on_record:
        store.save_form(child.id, spec, _answer(field_id, answer))
    values = store.form_values(child.id, spec)
    assert store.situation(child.id).child.risk_flags == {flag}
    assert risk_flags(spec, values, child=store.child(child.id)) == {flag}
