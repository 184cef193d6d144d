from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from desktop.domain.model import NAME_MARKS, NAME_MAX_LENGTH, Child, ChildDetails

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


# --- the name in English letters ----------------------------------------------------------------

LATIN_LETTERS = st.characters(categories=["Lu", "Ll"]).filter(
    lambda c: unicodedata.name(c, "").startswith("LATIN ")
)
NOT_LATIN = st.characters(categories=["Lu", "Ll", "Lo", "Nd", "Sm", "Cc", "So"]).filter(
    lambda c: (
        not unicodedata.name(c, "").startswith("LATIN ")
        and c not in NAME_MARKS
        and unicodedata.normalize("NFC", c) == c
    )  # not the Angstrom sign, which is Å
)


@given(
    st.lists(
        st.one_of(LATIN_LETTERS, st.sampled_from(sorted(NAME_MARKS))), min_size=1, max_size=59
    ).map("".join)
)
def test_latin_letters_with_accents_spaces_hyphens_and_apostrophes_are_fine(text):
    name = "O" + text  # at least one letter
    assert "english_name" not in details(english_name=name).validate(today=TODAY)


@given(st.text(LATIN_LETTERS, max_size=20), NOT_LATIN, st.text(LATIN_LETTERS, max_size=20))
@example(before="", odd="\x1f", after="")  # a control character at the end is no space
def test_any_other_character_is_refused_in_plain_words(before, odd, after):
    problem = details(english_name=f"A{before}{odd}{after}").validate(today=TODAY)["english_name"]
    assert problem.startswith("Write the name in English letters only: A to Z (accents are fine)")
    assert odd in problem or f"U+{ord(odd):04X}" in problem


@pytest.mark.parametrize(
    "name",
    [
        "Olena Kovalenko",
        "Siobhán Ó Briain",
        "Zoë O'Neil-Nowak",
        "Łukasz Żółć",
        "Jose\u0301 Nun\u0303ez",
    ],
)
def test_real_names_in_english_letters_are_fine(name):
    assert details(english_name=name).validate(today=TODAY) == {}


def test_names_in_other_scripts_are_refused_naming_what_to_take_out():
    problems = details(english_name="Олена Kovalenko").validate(today=TODAY)
    assert problems == {
        "english_name": "Write the name in English letters only: A to Z (accents are fine), "
        "spaces, hyphens and apostrophes. Take out “О”, “л”, “е” and the like."
    }
    tab = details(english_name="Wei\tLi").validate(today=TODAY)["english_name"]
    assert tab.endswith("Take out U+0009.")
    assert (
        details(english_name="1234")
        .validate(today=TODAY)["english_name"]
        .endswith("Take out “1”, “2”, “3” and the like.")
    )
    assert details(english_name=" - ").validate(today=TODAY) == {
        "english_name": "Write the name in English letters, or leave it empty."
    }


def test_the_name_in_english_letters_keeps_to_the_name_limit():
    assert details(english_name="A" * NAME_MAX_LENGTH).validate(today=TODAY) == {}
    problems = details(english_name="A" * (NAME_MAX_LENGTH + 1)).validate(today=TODAY)
    assert problems == {
        "english_name": f"The name in English letters is {NAME_MAX_LENGTH + 1} characters long: "
        f"keep it to {NAME_MAX_LENGTH} or fewer."
    }


def test_a_police_document_is_headed_with_the_name_in_english_letters_when_given():
    olena = Child(
        first_name="Олена", last_name="Коваленко", date_of_birth=date(2010, 1, 1), id="c1"
    )
    assert olena.police_name == "Олена Коваленко"
    assert replace(olena, english_name="Olena Kovalenko").police_name == "Olena Kovalenko"
    assert replace(olena, english_name="Olena Kovalenko").display_name == "Олена Коваленко"
