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


def test_an_answer_longer_than_its_field_allows_is_refused_with_its_length():
    problems = validate_values(PART_A, {"preferred_name": "A" * 307})
    assert problems["preferred_name"] == "This is 307 characters long: keep it to 60 or fewer."
    assert validate_values(PART_A, {"preferred_name": "A" * 60}) == {}


def test_each_part_of_a_person_and_each_table_cell_has_a_limit_too():
    person = next(f for f in PART_A.fields() if f.kind.value == "person")
    assert "keep it to" in validate_values(PART_A, {person.id: {"name": "B" * 500}})[person.id]
    table = PART_A.field("medication")
    problems = validate_values(PART_A, {table.id: [{"name": "C" * 500}]})
    assert problems[table.id].startswith("Row 1, Medicine: This is 500 characters long")
