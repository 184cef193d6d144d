from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from desktop import paths
from desktop.formspec import (
    OUTPUTS,
    FieldKind,
    FormDefinitionError,
    load_form,
    load_forms,
    pack_forms,
    shown_forms,
)
from desktop.formspec.loading import parse_form
from desktop.formspec.spec import MAX_LENGTHS
from tests.support.forms import minimal_form
from tests.support.seeds import normalise, seed_text

FORMS = load_forms(paths.forms_dir())


def test_the_shipped_forms_are_all_there():
    assert {"part_a", "locations"} <= set(FORMS)
    assert FORMS["part_a"].scope == "child"
    assert FORMS["locations"].scope == "child"


@pytest.mark.parametrize(
    ("form_id", "field_id"),
    [(f.id, fld.id) for f in FORMS.values() for fld in f.fields()],
)
def test_every_field_cites_a_quote_that_is_in_its_seed(form_id, field_id):
    cite = FORMS[form_id].field(field_id).cite
    assert len(cite.quote.split()) >= 3, "a quote should be long enough to find"
    assert normalise(cite.quote) in seed_text(cite.seed), (
        f"{form_id}.{field_id}: quote not found in {cite.seed}"
    )


# Items the seeds say police need when a child is reported: each must be on Part A.
PART_A_MUST_COVER = [
    "date_of_birth",
    "legal_status",
    "height",
    "build",
    "hair",
    "eyes",
    "complexion",
    "distinguishing_marks",
    "tattoos",
    "piercings",
    "usual_clothing",
    "medical_conditions",
    "medication",
]


@pytest.mark.parametrize("field_id", PART_A_MUST_COVER)
def test_part_a_covers_what_police_ask_for(field_id):
    FORMS["part_a"].field(field_id)


def test_part_a_medication_records_dose_timing_and_effect_of_missing_it():
    medication = FORMS["part_a"].field("medication")
    assert medication.kind is FieldKind.TABLE
    labels = " ".join(c.label.lower() for c in medication.columns)
    for word in ("dose", "when", "miss"):
        assert word in labels


def test_every_form_has_police_essentials_and_help():
    for spec in FORMS.values():
        assert spec.police_fields(), spec.id
        for field in spec.fields():
            assert field.help.strip(), f"{spec.id}.{field.id} has no help text"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "colour"}, "kind 'colour' is not one of"),
        ({"cite": None}, "'cite' is missing"),
        ({"kind": "choice"}, "needs 'choices'"),
        ({"kind": "table"}, "needs 'columns'"),
        ({"police": "yes"}, "'police' must be true or false"),
        ({"label": ""}, "'label' is empty"),
        ({"colour": "red"}, "unknown key(s) 'colour'"),
        ({"flag": "sunburn"}, "flag 'sunburn' is not one of"),
        ({"prefill": "child.shoe_size"}, "prefill 'child.shoe_size'"),
        ({"max_length": 0}, "'max_length' must be a whole number from 1"),
        ({"max_length": "long"}, "'max_length' must be a whole number from 1"),
        ({"kind": "yes_no", "max_length": 10}, "a yes_no answer takes no 'max_length'"),
        (
            {"kind": "table", "columns": [{"id": "a", "label": "A", "kind": "table"}]},
            "cannot be a table",
        ),
    ],
)
def test_broken_definitions_are_refused_with_the_place_named(changes, message):
    data = minimal_form(**changes)
    field = data["section"][0]["field"][0]
    for key, value in list(field.items()):
        if value is None:
            del field[key]
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(data, "broken.toml")
    assert "broken.toml" in str(caught.value)
    assert message in str(caught.value)


def test_duplicate_field_ids_are_refused():
    data = minimal_form()
    data["section"].append(dict(data["section"][0], id="t"))
    with pytest.raises(FormDefinitionError, match="two fields share this id"):
        parse_form(data, "dup.toml")


def test_invalid_toml_and_mismatched_id_are_refused(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text("id = [unclosed")
    with pytest.raises(FormDefinitionError, match="not valid TOML"):
        load_form(bad)
    renamed = tmp_path / "other.toml"
    renamed.write_text((paths.forms_dir() / "locations.toml").read_text())
    with pytest.raises(FormDefinitionError, match="must match the file name"):
        load_form(renamed)


def test_every_shipped_definition_is_valid_toml_with_no_stray_keys():
    for path in paths.forms_dir().glob("*.toml"):
        parse_form(tomllib.loads(path.read_text()), path.name)


def test_forms_say_where_they_are_shown_and_what_the_pack_prints():
    assert [f.id for f in shown_forms(FORMS, "child")] == ["part_a", "locations"]
    assert [f.id for f in shown_forms(FORMS, "episode")] == [
        "risk_assessment",
        "part_b",
        "return_interview",
    ]
    for output in OUTPUTS:
        assert [f.id for f in pack_forms(FORMS, "child", output)] == ["part_a", "locations"]
        # The risk assessment's tab comes first; in print it follows Part B. The return
        # interview is for the episode record, never the police pack.
        assert [f.id for f in pack_forms(FORMS, "episode", output)] == [
            "part_b",
            "risk_assessment",
            *(["return_interview"] if output == "episode" else []),
        ]
    assert pack_forms(FORMS, "episode") == pack_forms(FORMS, "episode", "police")
    for scope in ("child", "episode"):
        keys = [f.tab.lower().split("&")[1][0] for f in shown_forms(FORMS, scope)]
        assert len(set(keys)) == len(keys), f"two {scope} tabs share a shortcut letter"


def test_a_form_without_a_tab_label_shows_its_title_and_is_not_printed():
    spec = parse_form(minimal_form(), "f.toml")
    assert (spec.tab, spec.order, spec.outputs) == ("F", 0, ())
    assert pack_forms({"f": spec}, "child", "police") == []
    assert pack_forms({"f": spec}, "child", "episode") == []


def test_a_form_prints_only_in_the_outputs_it_names():
    police_only = parse_form({**minimal_form(), "outputs": ["police"]}, "f.toml")
    forms = {"f": police_only}
    assert pack_forms(forms, "child", "police") == [police_only]
    assert pack_forms(forms, "child", "episode") == []
    with pytest.raises(ValueError, match="press"):
        pack_forms(forms, "child", "press")


@pytest.mark.parametrize(
    ("top", "message"),
    [
        ({"order": "first"}, "'order' must be a whole number"),
        ({"pack": True}, "'pack' is replaced by 'outputs'"),
        ({"outputs": ["police", "press"]}, "top level 'outputs': 'press' is not one of"),
        ({"outputs": "police"}, "'outputs' must be a list"),
        ({"print_order": "last"}, "'print_order' must be a whole number"),
        ({"tab": ""}, "'tab' is empty"),
        ({"printed": True}, "unknown key(s) 'printed'"),
    ],
)
def test_broken_form_level_keys_are_refused(top, message):
    with pytest.raises(FormDefinitionError) as caught:
        parse_form({**minimal_form(), **top}, "broken.toml")
    assert "broken.toml" in str(caught.value)
    assert message in str(caught.value)


def test_every_typed_answer_has_a_sensible_length_and_names_are_short():
    forms = load_forms(paths.forms_dir())
    for spec in forms.values():
        for f in spec.fields():
            if f.kind.value in MAX_LENGTHS:
                assert f.limit is not None and 20 <= f.limit <= 4000, f.id
            for c in f.columns:
                if c.kind.value in MAX_LENGTHS:
                    assert c.limit is not None, (f.id, c.id)
    part_a = forms["part_a"]
    assert part_a.field("preferred_name").limit == 60
    assert part_a.field("full_name").limit == 130
