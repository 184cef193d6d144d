"""The call guide's answers from a child's records, and its print on one page."""

from __future__ import annotations

from datetime import date

import pytest

from desktop import paths
from desktop.domain.model import Child, ChildDetails
from desktop.export.call_guide import build_guide, guide_sheet
from desktop.formspec import load_forms
from desktop.formspec.guide import shipped_guide
from desktop.store.store import Store
from tests.support.episodes import FRONT_DOOR_CLOTHING, missing_episode
from tests.support.pdf import page_texts
from tests.support.sample import advance

FORMS = load_forms(paths.forms_dir())
GUIDE = shipped_guide(FORMS)


@pytest.fixture
def shiv(store: Store) -> Child:
    child = store.children.add(
        ChildDetails(
            first_name="Siobhán",
            last_name="Ó Briain",
            date_of_birth=date(2011, 4, 2),
            social_worker="Dana Whitfield, 01472 000111",
        )
    )
    store.forms.save(child.id, FORMS["part_a"], {"height": "160 cm", "hair": "Long, red"})
    return child


def answers(store: Store, child: Child) -> dict[str, str]:
    sheet = guide_sheet(store, FORMS, GUIDE, child.id, [])
    return {a.question.id: "; ".join(p.line for p in a.parts) for a in sheet.answers}


def test_each_question_is_answered_from_the_forms_and_the_log_or_is_not_known(store, shiv):
    missing_episode(store, shiv)
    said = answers(store, shiv)
    assert said["name"].startswith("Full legal name: Siobhán Ó Briain")
    assert "Date of birth: 02/04/2011" in said["name"]
    assert "Social worker: Dana Whitfield" in said["status"]
    assert said["description"] == "Height: 160 cm; Hair: Long, red"
    assert f"Clothes when last seen: {FRONT_DOOR_CLOTHING}" in said["clothing"]  # from the log
    assert said["why_worried"] == ""  # nothing recorded: the guide says it is not known
    assert said["drugs"] == ""


def test_what_the_caller_learns_shows_under_its_question_with_who_said_it(store, shiv, clock):
    episode = missing_episode(store, shiv)
    advance(clock, 5)
    store.episodes.record_call_answer(
        episode.id,
        question=GUIDE.questions()[0].ask,
        answer="Calls herself Shiv Brien at school",
        supplied_by="Sam, day shift",
    )
    sheet = guide_sheet(store, FORMS, GUIDE, shiv.id, [])
    told = sheet.answers[0].parts[-1]
    assert told.line == "Found out during the call: Calls herself Shiv Brien at school"
    assert told.origin.startswith("Told by Sam, day shift, as logged at")


def test_the_guide_prints_on_one_page_however_much_is_recorded(store, shiv):
    episode = missing_episode(store, shiv)
    long = "A long account of what happened, " * 60
    for question in GUIDE.questions():
        into = None
        if question.record is not None:
            into = (FORMS[question.record.form], question.record.field)
        store.episodes.record_call_answer(
            episode.id, question=question.ask, answer=long[:3900], supplied_by="Sam", into=into
        )
    pages = page_texts(build_guide(guide_sheet(store, FORMS, GUIDE, shiv.id, [])))
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    assert "Reporting Siobhán Ó Briain missing to the police" in text
    assert "Incident or log number:" in text and "Accepted as missing — reference:" in text
    assert "32. Your name, address and phone number" in text


def test_the_page_marks_what_is_not_known(store, shiv):
    missing_episode(store, shiv)
    text = " ".join(
        page_texts(build_guide(guide_sheet(store, FORMS, GUIDE, shiv.id, [])))[0].split()
    )
    assert "19. Why are you worried about them? " + GUIDE.unknown in text
