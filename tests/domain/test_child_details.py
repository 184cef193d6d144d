from __future__ import annotations

from datetime import date

from desktop.domain.model import NAME_MAX_LENGTH, ChildDetails

TODAY = date(2026, 3, 1)


def details(**changes) -> ChildDetails:
    values = {"first_name": "Aisha", "last_name": "Khan", "date_of_birth": date(2011, 4, 2)}
    return ChildDetails(**{**values, **changes})


def test_a_very_long_name_is_refused_with_a_clear_message():
    problems = details(first_name="A" * 307).validate(today=TODAY)
    assert problems == {
        "first_name": f"The first name is 307 characters long: keep it to {NAME_MAX_LENGTH} "
        "or fewer."
    }


def test_names_up_to_the_limit_are_fine_and_each_alias_is_checked():
    assert details(first_name="A" * NAME_MAX_LENGTH).validate(today=TODAY) == {}
    problems = details(aliases=("Ash", "B" * 61)).validate(today=TODAY)
    assert "One of the other names is 61 characters long" in problems["aliases"]
    assert (
        "social worker" in details(social_worker="x" * 201).validate(today=TODAY)["social_worker"]
    )
