"""``start``, ``children`` and ``add-child``, and the ``demo`` store that lists its children."""

from __future__ import annotations

import json

from desktop.domain.errors import ExitCode


def test_start_opens_an_existing_store(initialised):
    initialised.add_child("Aisha")
    code, out, err = initialised("start")
    assert code == 0, err
    first, second = out.splitlines()
    assert first == f"Opening the store at {initialised.store}."
    assert second.startswith("Aisha Khan") and "born 02/04/2011" in second


def test_an_empty_store_says_how_to_add_a_child(initialised):
    code, out, _ = initialised("children")
    assert code == 0
    assert out == "No children yet. Add one with: python -m desktop add-child --help\n"


def test_a_date_of_birth_that_is_not_a_date_is_a_usage_error(initialised):
    code, _, err = initialised(
        "add-child", "--first-name", "A", "--last-name", "B", "--dob", "31/02/2012"
    )
    assert code == ExitCode.USAGE
    assert "argument --dob: '31/02/2012' is not a date" in err


def test_demo_is_made_once_then_reused(run):
    code, out, err = run("demo")
    assert code == 0, err
    assert out.startswith(f"Made a demo store of invented children at {run.store}.\n")
    assert "Sign in as 'Demo Manager'" in out
    code, out, err = run("demo")
    assert code == 0, err
    assert out.startswith(f"The demo store is already at {run.store}.\n")


def test_add_child_and_list_as_json(initialised):
    code, _, err = initialised(
        "add-child",
        "--first-name",
        "Aisha",
        "--last-name",
        "Khan",
        "--dob",
        "02/04/2011",
        "--alias",
        "Ash",
    )
    assert code == 0, err
    code, out, _ = initialised("children", "--json")
    assert code == 0
    [child] = json.loads(out)
    assert child["first_name"] == "Aisha" and child["date_of_birth"] == "2011-04-02"
    assert child["aliases"] == ["Ash"] and len(child["id"]) == 36


def test_children_list_is_human_readable(initialised):
    initialised("add-child", "--first-name", "Aisha", "--last-name", "Khan", "--dob", "2011-04-02")
    code, out, _ = initialised("children")
    assert code == 0
    assert "Aisha Khan" in out and "02/04/2011" in out and "age 14" in out
    assert "no photo yet" in out  # not "out of date": there is none


def test_unknown_child(initialised):
    code, _, err = initialised("form", "show", "--child", "Nobody")
    assert code == ExitCode.NOT_FOUND and "No child" in err


def test_add_child_with_a_name_in_english_letters(initialised):
    code, out, err = initialised(
        "add-child",
        "--first-name",
        "Олена",
        "--last-name",
        "Коваленко",
        "--english-name",
        "Olena Kovalenko",
        "--dob",
        "02/04/2011",
    )
    assert code == 0, err
    code, out, _ = initialised("children", "--json")
    [child] = json.loads(out)
    assert child["english_name"] == "Olena Kovalenko" and child["first_name"] == "Олена"
    code, out, err = initialised("form", "show", "--child", "Olena Kovalenko")
    assert code == 0, err  # staff can name her in English letters too


def test_a_name_in_english_letters_in_another_script_is_refused(initialised):
    code, _, err = initialised(
        "add-child",
        "--first-name",
        "Олена",
        "--last-name",
        "Коваленко",
        "--english-name",
        "Олена",
        "--dob",
        "02/04/2011",
    )
    assert code == ExitCode.BAD_INPUT
    assert "Write the name in English letters only" in err and "“О”" in err
    code, out, _ = initialised("children", "--json")
    assert json.loads(out) == []


def test_add_child_help_explains_the_name_in_english_letters(capsys):
    from desktop.cli import main

    assert main(["add-child", "--help"], environ={}) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--english-name NAME the name in English letters" in help_text
    assert "never worked out for you" in help_text


def test_the_demo_shows_a_name_in_english_letters_and_a_photo_kept_off_the_cover(run):
    from desktop.store.demo import DEMO_NAME, DEMO_PASSPHRASE
    from desktop.store.store import Store

    code, _, err = run("demo")
    assert code == 0, err
    demo = {"PHILOMENA_USER": DEMO_NAME, "PHILOMENA_PASSPHRASE": DEMO_PASSPHRASE}
    code, out, err = run("children", "--json", env=demo)
    assert code == 0, err
    names = {c["first_name"]: c["english_name"] for c in json.loads(out)}
    assert names["Олена"] == "Olena Kovalenko" and names["Siobhán"] == ""
    with Store.open(
        run.store, name=DEMO_NAME, passphrase=DEMO_PASSPHRASE, clock=run.clock, device=run.device
    ) as store:
        siobhan = store.children.find("Siobhán")
        newest, older = store.photos.for_child(siobhan.id)
        assert not newest.on_cover and "kept off the cover" in newest.description
        assert store.photos.cover(siobhan.id) == older


def test_a_planned_placement_brings_the_forms_due_to_its_first_day(initialised):
    for first, placement in (("Aisha", "planned"), ("Wei", "unplanned")):
        code, _, err = initialised(
            "add-child",
            *("--first-name", first, "--last-name", "Khan", "--dob", "02/04/2011"),
            *("--placement-start", "10/03/2026", "--placement", placement),
        )
        assert code == 0, err
    due = {}
    for first in ("Aisha", "Wei"):
        code, out, err = initialised("prompts", "--child", first, "--json")
        assert code == 0, err
        due[first] = next(p["due_at"] for p in json.loads(out) if p["rule"] == "forms.placement")
    assert due == {"Aisha": "2026-03-10T00:00:00+00:00", "Wei": "2026-03-15T00:00:00+00:00"}
