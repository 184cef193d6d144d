"""The police call guide as data: seed questions asked once each, cited, answered by real fields."""

from __future__ import annotations

import copy
import tomllib
from datetime import datetime

import pytest

from desktop import paths
from desktop.domain.clock import LONDON
from desktop.domain.model import LogEntry
from desktop.formspec import FormDefinitionError, load_forms, log_answers
from desktop.formspec.guide import guides_dir, parse_guide, shipped_guide
from tests.support.seeds import normalise, seed_text

FORMS = load_forms(paths.forms_dir())
GUIDE = shipped_guide(FORMS)
RAW = tomllib.loads((guides_dir() / "police_call.toml").read_text(encoding="utf-8"))

# What each seed list asks, in a few of its own words: every item must be one of the questions.
SEED_ITEMS = {
    "002_8f22886f00940582.txt": [  # §3.14 "The Police will need" and "the Control Room will ask"
        "name and date of birth",
        "where, when and with whom",
        "what they were wearing",
        "A recent photograph",
        "Their medical history",
        "time and location they were last seen",
        "circumstances of going missing",
        "friends or associates",
        "Home address",
        "Location missing from",
        "vehicle or other transport",
        "the person reporting the disappearance",
        "where the missing person might be",
        "frequency of taking",
        "known risks",
        "might have contact with the missing person",
        "telephone number of person reporting",
    ],
    "003_930b2243c49edff0.txt": [  # the minimum content of every report
        "name/s; date of birth; status; responsible authority",
        "Where and when they went missing",
        "Who, if anyone",
        "belongings such as bags, phone",
        "Description and recent photo",
        "Medical history",
        "Time and location last seen",
        "Circumstances or events",
        "family, friends and associates",
    ],
    "000_6f9548a07ffa330a.txt": [  # the initial risk questions and appendix 5, 1 to 23
        "Why are you worried",
        "done so far to trace",
        "Is this out of character",
        "Have they been missing before",
        "specific medical needs",
        "victim of crime",
        "hurt or harmed",
        "risk of child exploitation",
        "self-harm or attempt suicide",
        "pose a danger to other people",
        "travelled abroad",
        "other information relevant to their absence",
        "Full circumstances including",
        "likely to commit suicide",
        "vulnerable due to age",
        "essential medication requirements",
        "significant crime in progress",
        "victim of abuse",
        "currently at risk of sexual exploitation",
        "prepare to be away",
        "significantly out of character",
        "intentions when last seen",
        "enquiries the informant has made",
        "reason for the person to go missing",
        "family or relationship problems",
        "victim or perpetrator of domestic violence",
        "child protection plan",
        "harm in a previous missing episode",
        "interact safely with others",
        "bullying or harassment",
        "violent and/or racist incident",
        "financial problems",
        "drug or alcohol dependency",
        "current weather conditions",
    ],
}


@pytest.mark.parametrize(
    ("question_id", "index"),
    [(q.id, i) for q in GUIDE.questions() for i in range(len(q.cites))],
)
def test_every_citation_is_word_for_word_in_its_seed(question_id, index):
    question = next(q for q in GUIDE.questions() if q.id == question_id)
    cite = question.cites[index]
    assert len(cite.quote.split()) >= 3, "a quote should be long enough to find"
    assert normalise(cite.quote) in seed_text(cite.seed), f"{question_id}: {cite.quote}"


@pytest.mark.parametrize(
    ("seed", "item"), [(seed, item) for seed, items in SEED_ITEMS.items() for item in items]
)
def test_every_item_the_seeds_list_is_asked(seed, item):
    asking = {
        q.id for q in GUIDE.questions() for c in q.cites if c.seed == seed and item in c.quote
    }
    assert asking, item  # an item naming two things ("Description and recent photo") is asked twice


NEL, NORTHANTS, KENT = (
    "000_6f9548a07ffa330a.txt",
    "002_8f22886f00940582.txt",
    "003_930b2243c49edff0.txt",
)
SAME_QUESTION = {
    "last_seen": [
        (NORTHANTS, "time and location they were last seen"),
        (KENT, "Time and location"),
    ],
    "circumstances": [
        (NORTHANTS, "circumstances of going missing"),
        (KENT, "Circumstances or events"),
        (NEL, "Full circumstances"),
    ],
    "transport": [(NORTHANTS, "vehicle or other transport"), (NEL, "vehicle or other transport")],
    "possible_locations": [(NORTHANTS, "might be"), (NEL, "might be")],
    "associates": [(NORTHANTS, "friends or associates"), (KENT, "friends and associates")],
    "medication": [(NORTHANTS, "frequency of taking"), (NEL, "frequency of taking")],
    "self_harm": [(NEL, "self-harm or attempt suicide"), (NEL, "likely to commit suicide")],
    "danger_to_others": [(NEL, "Do they pose a danger"), (NEL, "Does the missing person pose")],
    "out_of_character": [(NEL, "Is this out of character"), (NEL, "significantly out of")],
}
"""What several seeds (or one seed twice) ask: one question each, citing them all."""


@pytest.mark.parametrize("question_id", sorted(SAME_QUESTION))
def test_a_question_several_seeds_ask_is_asked_once_citing_each(question_id):
    for seed, words in SAME_QUESTION[question_id]:
        asking = {
            q.id for q in GUIDE.questions() for c in q.cites if c.seed == seed and words in c.quote
        }
        assert asking == {question_id}, (seed, words, asking)


def test_the_guide_asks_in_the_call_handler_s_order():
    ids = [q.id for q in GUIDE.questions()]
    assert ids[:3] == ["name", "status", "home_address"]  # who the child is comes first
    assert ids.index("last_seen") < ids.index("description") < ids.index("why_worried")
    assert ids[-1] == "caller"  # the caller's own details close the call
    assert len(set(ids)) == len(ids)


def test_typed_answers_go_only_to_text_fields_of_part_b():
    for question in GUIDE.questions():
        if question.record is not None:
            assert question.record.form == "part_b"
            assert FORMS["part_b"].field(question.record.field).kind.value in (
                "text",
                "multiline",
            )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda q: q.update(answers=["part_a.no_such_field"]), "part_a has no field"),
        (lambda q: q.update(answers=["part_z.full_name"]), "there is no form 'part_z'"),
        (lambda q: q.update(record="part_a.hair"), "go to an episode's form"),
        (lambda q: q.update(record="part_b.last_seen_at"), "only a text field"),
        (lambda q: q.update(cite=[]), "'cite' must list"),
        (lambda q: q.update(spoken="yes"), "unknown key(s) 'spoken'"),
    ],
)
def test_a_guide_naming_what_the_forms_lack_is_refused(change, message):
    data = copy.deepcopy(RAW)
    change(data["section"][0]["question"][0])
    with pytest.raises(FormDefinitionError) as caught:
        parse_guide(data, "police_call.toml", FORMS)
    assert message in str(caught.value) and "police_call.toml" in str(caught.value)


def _entry(kind: str, body: dict[str, str], minute: int) -> LogEntry:
    at = datetime(2026, 3, 1, 15, minute, tzinfo=LONDON)
    return LogEntry(
        id=minute + 1,
        episode_id="e1",
        event_at=at,
        recorded_at=at,
        author_id="s1",
        kind=kind,
        body=body,
    )


def test_an_answer_given_in_the_call_fills_its_part_b_field_with_who_gave_it_and_when():
    log = [
        _entry("aware", {"whereabouts": "unknown", "clothing": "Red coat"}, 0),
        _entry(
            "call_answer",
            {
                "question": "What were they wearing?",
                "answer": "Red coat, white trainers",
                "supplied_by": "Sam on the late shift",
                "form_field": "part_b.clothing",
            },
            20,
        ),
        _entry("call_answer", {"question": "Anything else?", "answer": "No"}, 25),
    ]
    filled = log_answers(FORMS["part_b"], log, describe={})
    assert filled.values["clothing"] == "Red coat, white trainers"  # newer than the first entry
    words = filled.provenance["clothing"].words(LONDON)
    assert words == "Told by Sam on the late shift, as logged at 15:20, Sun 1 Mar 2026"
    assert "why_worried" not in filled.values  # an answer the log alone keeps fills nothing
