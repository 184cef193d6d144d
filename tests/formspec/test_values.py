from __future__ import annotations

import pytest

from desktop import paths
from desktop.formspec import completeness, load_forms, validate_values

FORMS = load_forms(paths.forms_dir())
PART_A = FORMS["part_a"]


def test_empty_form_is_not_ready_for_police():
    percent, missing = completeness(PART_A, {})
    assert percent == 0
    assert [f.id for f in missing] == [f.id for f in PART_A.police_fields()]


def test_answering_a_police_field_removes_it_from_what_is_missing():
    field = PART_A.police_fields()[0]
    value = {"text": "x", "multiline": "x", "yes_no": True, "date": "2011-04-02"}.get(
        field.kind.value, "x"
    )
    _, before = completeness(PART_A, {})
    _, after = completeness(PART_A, {field.id: value})
    assert field in before and field not in after


@pytest.mark.parametrize(
    ("field_id", "value", "message"),
    [
        ("date_of_birth", "31/02/2011", "date"),
        ("legal_status", "Something made up", "Choose one"),
        ("medication", [{"nonsense_column": "x"}], "not a column"),
        ("medication", "paracetamol", "rows"),
    ],
)
def test_bad_answers_get_a_plain_message(field_id, value, message):
    problems = validate_values(PART_A, {field_id: value})
    assert message in problems[field_id]


def test_unknown_fields_are_refused():
    assert "shoe_size" in validate_values(PART_A, {"shoe_size": "5"})


def test_good_answers_pass():
    values = {
        "date_of_birth": "2011-04-02",
        "legal_status": PART_A.field("legal_status").choices[0],
    }
    assert validate_values(PART_A, values) == {}
