"""``form show`` and ``form set``: answers typed as field=value, checked against the form."""

from __future__ import annotations

import json

import pytest

from desktop.domain.errors import ExitCode


@pytest.fixture
def aisha(initialised):
    initialised.add_child("Aisha")
    return initialised


def test_show_for_people_names_the_version_and_who_saved_it(aisha):
    aisha("form", "set", "--child", "Aisha", "height=152 cm", "interpreter_needed=yes")
    code, out, err = aisha("form", "show", "--child", "Aisha")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].endswith(": version 1, saved 01/03/2026 15:00 by Ann Admin")
    assert '  Height: "152 cm"' in lines
    assert any(line.endswith(": true") for line in lines[1:3])
    assert lines[-2].startswith("Police-needed answers given: ")


def test_an_unknown_form_lists_the_child_forms(aisha):
    code, _, err = aisha("form", "show", "--child", "Aisha", "--form", "nope")
    assert code == ExitCode.NOT_FOUND
    assert "There is no child form 'nope'. Choose one of: " in err and "part_a" in err


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("height", "'height' should be written as field=value."),
        ("interpreter_needed=perhaps", "answer yes or no."),
        ("shoe_size=5", "'shoe_size' is not a question on"),
    ],
)
def test_set_refuses_what_it_cannot_use_and_saves_nothing(aisha, pair, message):
    code, _, err = aisha("form", "set", "--child", "Aisha", pair)
    assert code == ExitCode.BAD_INPUT and message in err
    code, out, _ = aisha("form", "show", "--child", "Aisha", "--json")
    assert out.startswith("{}\n")


def test_form_set_and_show(initialised):
    initialised("add-child", "--first-name", "Aisha", "--last-name", "Khan", "--dob", "2011-04-02")
    code, out, err = initialised(
        "form", "set", "--child", "aisha khan", "height=152 cm", "interpreter_needed=no"
    )
    assert code == 0, err
    assert "version 1" in out and "Still needed for police" in out
    code, out, _ = initialised("form", "show", "--child", "Aisha", "--json")
    assert json.loads(out.split("\nPolice")[0])["height"] == "152 cm"
    code, _, err = initialised("form", "set", "--child", "Aisha", "shoe_size=5")
    assert code == ExitCode.BAD_INPUT and "shoe_size" in err
