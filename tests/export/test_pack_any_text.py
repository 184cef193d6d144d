"""Any text, of any length and in any script, prints in the pack, every word of it."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.export.gather import pack_input
from desktop.export.pack import build_pack
from desktop.formspec import FieldKind
from tests.support.hostile import LONGEST, hostile_text, missing_words, units
from tests.support.protocol import shipped_forms

FORMS = shipped_forms()

# A few examples in every run; a long soak when asked (see the README's developer notes).
EXAMPLES = int(os.environ.get("PHILOMENA_SOAK_EXAMPLES", "4"))

PART_A = FORMS["part_a"]
ANSWERED = ["usual_clothing", "hair", "aliases", "vulnerabilities"]
assert all(PART_A.field(f).kind in (FieldKind.TEXT, FieldKind.MULTILINE) for f in ANSWERED)


def _limit(field_id: str) -> int:
    return PART_A.field(field_id).limit or LONGEST


@st.composite
def profile_and_log(draw: st.DrawFn) -> tuple[dict[str, str], list[str]]:
    """Part A answers and log notes; at most one of them long, to keep each example quick."""
    short = hostile_text(longest=600)
    answers = {
        f: draw(hostile_text(longest=min(600, _limit(f))))
        for f in draw(st.lists(st.sampled_from(ANSWERED), unique=True))
    }
    notes = draw(st.lists(short, max_size=3))
    long_one = draw(st.sampled_from([None, "answer", "note"]))
    if long_one == "answer":  # as long as the form lets an answer be
        field = draw(st.sampled_from(ANSWERED))
        answers[field] = draw(hostile_text(longest=min(LONGEST, _limit(field))))
    elif long_one == "note":
        notes.append(draw(hostile_text(longest=LONGEST)))
    return answers, notes


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(profile_and_log())
# Found by a run: a symbol between a Hebrew letter and a character no font has, which a reader
# copies back with the mark's bracket turned round.
@example(({}, ["A A ט  & \U0001fae0  ססיחףצ\n\x8f  oּ͠Uß 1"]))
def test_every_word_of_any_text_prints(store, child, clock, drawn):
    answers, notes = drawn
    store.forms.save(child.id, PART_A, answers)
    episode = store.episodes.current(child.id) or store.episodes.start(
        child.id, whereabouts="unknown"
    )
    for note in notes:
        clock.moment += timedelta(minutes=1)
        store.episodes.append(episode.id, "note", {"note": note})
    pdf = build_pack(pack_input(store, child.id, FORMS))
    assert missing_words([*answers.values(), *notes], pdf) == []


def test_the_comparison_finds_a_word_that_did_not_print(store, child):
    store.forms.save(child.id, PART_A, {"hair": "Dyed red שלום"})
    pdf = build_pack(pack_input(store, child.id, FORMS))
    assert missing_words(["Dyed red שלום"], pdf) == []
    assert missing_words(["Dyed blue מלון"], pdf) == ["blue", "מלון"]
    assert units("a\x07b <b>") == ["a", "b", "<", "b", ">"]


@pytest.mark.parametrize(
    "text",
    [
        "محمد الراشد يذهب إلى المدرسة " * 2000,
        "</para><b>&amp;\x00\x1b[31m\u202eevil " * 1500,
        "李伟在北京" * 6000,
        "x" * 30_000,
    ],
    ids=["arabic", "markup-and-controls", "chinese-without-spaces", "one-long-word"],
)
def test_thirty_thousand_characters_in_one_log_note_print(store, child, text):
    episode = store.episodes.start(child.id, whereabouts="unknown")
    store.episodes.append(episode.id, "note", {"note": text[:30_000]})
    pdf = build_pack(pack_input(store, child.id, FORMS))
    assert missing_words([text[:30_000]], pdf) == []
