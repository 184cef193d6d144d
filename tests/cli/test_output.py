"""Names and notes holding control, escape or direction-override characters never reach a
terminal raw: the command line shows them as visible codes, and keeps them whole in JSON."""

from __future__ import annotations

import io
import json

import pytest

from desktop.cli.output import is_marked, json_text, visible

HOSTILE = "Ali\x1b[2J\x1b]0;owned\x07ce\r\u202eevil\u2066\x7f\x9b"


def _raw(text: str) -> list[str]:
    return [ch for ch in text if is_marked(ch)]


def test_escape_bell_return_and_direction_overrides_are_shown_as_codes():
    shown = visible(HOSTILE)
    assert not _raw(shown)
    for code in ("U+001B", "U+0007", "U+000D", "U+202E", "U+2066", "U+007F", "U+009B"):
        assert f"⟨{code}⟩" in shown
    assert shown.startswith("Ali⟨U+001B⟩[2J")


def test_ordinary_text_of_any_script_is_left_as_it_is():
    plain = "Zoë Ní Bhriain\tनमस्ते मीरा (क्ष्‍)\nمحمد\u200cعلی 👩\u200d👧"
    assert visible(plain) == plain
    assert visible("line one\r\nline two") == "line one\nline two"


def test_a_terminal_that_cannot_show_a_character_gets_its_code_not_an_error():
    assert visible("Zoë → \x1b", "cp1252") == "Zoë <U+2192> <U+001B>"
    assert visible("\udcff", "utf-8") == "⟨U+DCFF⟩"  # an undecodable byte in an argument


def test_json_keeps_every_character_and_shows_none_raw():
    value = {"name": HOSTILE, "flag": "\U000e0041"}
    text = json_text(value)
    assert not _raw(text)
    assert json.loads(text) == value


@pytest.fixture
def hostile_child(initialised):
    code, _, err = initialised(
        "add-child", "--first-name", HOSTILE, "--last-name", "Khan", "--dob", "02/04/2011"
    )
    assert code == 0, err
    return initialised


def test_the_children_list_shows_a_hostile_name_as_codes(hostile_child):
    code, out, err = hostile_child("children")
    assert code == 0, err
    assert not _raw(out) and "⟨U+001B⟩[2J" in out
    code, out, _ = hostile_child("children", "--json")
    assert not _raw(out)
    [child] = json.loads(out)
    assert child["first_name"] == HOSTILE  # scripts still get exactly what was typed


def test_a_hostile_name_in_an_error_is_shown_as_codes(hostile_child, tmp_path):
    missing = str(tmp_path / "photo\x1b[31m.jpg")
    code, out, err = hostile_child("add-photo", "--child", "Ali", missing)
    assert code != 0
    assert not _raw(out + err) and "⟨U+001B⟩[31m" in err


def test_a_hostile_value_in_a_usage_error_is_shown_as_codes(run):
    code, out, err = run("add-child", "--first-name", "A", "--last-name", "B", "--dob", "\x1b[2J")
    assert code == 2
    assert not _raw(out + err) and "⟨U+001B⟩[2J" in err


def test_output_to_a_narrow_encoding_never_fails(hostile_child):
    from desktop.cli import main

    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="cp1252")
    code = main(
        ["--store", str(hostile_child.store), "children"],
        clock=hostile_child.clock,
        device=hostile_child.device,
        out=out,
        err=io.StringIO(),
        environ=hostile_child.env,
    )
    out.flush()
    assert code == 0
    assert b"<U+001B>[2J" in raw.getvalue()


def test_an_argument_holding_bytes_that_are_not_text_is_refused_clearly(hostile_child):
    # Python keeps such bytes as unpaired surrogates: they can be neither stored nor printed.
    code, out, err = hostile_child(
        "add-child", "--first-name", "\udcff", "--last-name", "B", "--dob", "02/04/2011"
    )
    assert code == 2
    assert "not text" in err and not _raw(out + err)
    code, out, _ = hostile_child("children")
    assert out.count("\n") == 1  # only the child added before
