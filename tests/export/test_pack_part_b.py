"""Part B in the pack, for an episode like the demo's: each answer from the entry that states it.

The child was last seen at the front door in full winter clothes; three hours later a partial
CCTV sighting shows a dark hoodie. The description when last seen must stay the front door's,
with the sighting listed on its own, and every answer taken from the log says when it was
logged.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from desktop.domain.clock import LONDON
from desktop.domain.model import Role
from desktop.export.gather import pack_input
from desktop.export.pack import build_pack
from desktop.protocol.rules import shipped_rule_sets
from desktop.protocol.situation import child_prompts
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from tests.support.pdf import page_texts
from tests.support.protocol import shipped_forms
from tests.support.sample import PASSPHRASE, reopen

FORMS = shipped_forms()
REPORTER = "Priya Shah"
CLOTHING = "Black puffer jacket, grey joggers, white trainers, red beanie"
CCTV_CLOTHING = "Dark hoodie, hood up"
AWARE = datetime(2026, 3, 1, 18, 40, tzinfo=LONDON)
SIGHTED = datetime(2026, 3, 1, 21, 40, tzinfo=LONDON)


@pytest.fixture
def demo_like(store_dir, clock, device, store, child):
    """The demo's kind of episode, logged by two members of staff; the store open as the first."""
    store.accounts.add(name=REPORTER, role=Role.STAFF, passphrase=PASSPHRASE, kdf=TEST_ONLY_PARAMS)
    store.forms.save(
        child.id, FORMS["part_a"], {"placement_address": "Oak House, 1 Elm Road, DN31 1AA"}
    )
    clock.moment = AWARE
    episode = store.episodes.start(
        child.id,
        whereabouts="unknown",
        details={
            "last_seen_at": (AWARE - timedelta(minutes=10)).isoformat(),
            "last_seen_where": "The front door of Oak House",
            "last_seen_by": "Dev Patel",
            "clothing": CLOTHING,
            "with_whom": "Alone",
            "belongings": "Pink rucksack, phone and charger",
            "medication": "left behind",
        },
    )
    for minutes, kind, body in (
        (10, "searched_premises", {"where": "House and garden", "found": "Nothing"}),
        (15, "phoned_child", {"outcome": "Straight to voicemail"}),
        (20, "contacted_person", {"who": "Kayleigh", "relationship": "Friend", "outcome": "No"}),
    ):
        clock.moment = AWARE + timedelta(minutes=minutes)
        store.episodes.append(episode.id, kind, body)
    clock.moment = SIGHTED
    store.episodes.append(
        episode.id,
        "sighting",
        {
            "where": "Victoria Street (CCTV, partial view)",
            "seen_at": "21:15",
            "by_whom": "PC Jones, from CCTV",
            "with_whom": "An older man",
            "clothing": CCTV_CLOTHING,
        },
    )
    store.close()
    clock.moment = SIGHTED + timedelta(minutes=5)
    with reopen(store_dir, clock, device, name=REPORTER) as reporter:
        reporter.episodes.append(episode.id, "police_report", {"reference": "HUM-2026-0042"})
    clock.moment = datetime(2026, 3, 2, 1, 10, tzinfo=LONDON)
    again = reopen(store_dir, clock, device)
    again.episodes.append(
        episode.id,
        "returned",
        {"where": "Home", "returned_by": "Police", "injuries": "Cut above the left eye"},
    )
    yield again, child
    again.close()


def _part_b(store, child):
    data = pack_input(store, child.id, FORMS)
    return next(f for f in data.forms if f.spec.id == "part_b")


def test_part_b_takes_each_answer_from_the_entry_that_states_it(demo_like):
    store, child = demo_like
    values = _part_b(store, child).values
    assert values["clothing"] == CLOTHING  # the front door's, not the CCTV's
    [sighting] = values["sightings"]
    assert sighting["clothing"] == CCTV_CLOTHING and sighting["seen_at"] == "21:15"
    assert values["went_missing_with"] == "Alone"
    assert values["belongings"] == "Pink rucksack, phone and charger"
    assert values["medication_with_them"] == "No"
    assert values["missing_from"] == "Oak House, 1 Elm Road, DN31 1AA"  # from Part A
    assert values["reporter"] == {"name": REPORTER}
    assert values["actions_taken"] == [
        "Searched the home, garden and outbuildings",
        "Called their phone",
        "Contacted other people who might know where they are",
    ]
    assert values["injuries_on_return"] == "Cut above the left eye"


def test_the_printed_part_b_shows_them_with_when_each_was_logged(demo_like):
    store, child = demo_like
    texts = page_texts(build_pack(pack_input(store, child.id, FORMS)))
    part_b = " ".join(t for t in texts[1:] if "Part B" in t or "Seen since" in t)
    flat = " ".join(part_b.split())
    assert f"Clothes when last seen {CLOTHING} As logged at 18:40, Sun 1 Mar 2026" in flat
    sightings = flat[flat.index("Sightings since they went missing") :]
    assert CCTV_CLOTHING in sightings and "01/03/2026 21:40" in sightings
    assert "21:15" in sightings and "Victoria Street" in sightings
    assert f"Person reporting {REPORTER} As logged at 21:45, Sun 1 Mar 2026" in flat
    assert "Called their phone" in flat and "Pink rucksack" in flat
    assert "Injuries on return Cut above the left eye As logged at 01:10, Mon 2 Mar 2026" in flat
    assert "Oak House, 1 Elm Road, DN31 1AA From Philomena Incident Form — Part A" in flat
    assert "Report to police by" in flat and "From the protocol" in flat


def test_the_risk_assessment_prints_after_part_b(demo_like):
    store, child = demo_like
    texts = page_texts(build_pack(pack_input(store, child.id, FORMS)))
    first_b = next(i for i, t in enumerate(texts) if i and "Incident Form — Part B" in t)
    risk = next(i for i, t in enumerate(texts) if i and "Missing Child Risk Assessment" in t)
    assert first_b < risk


def test_report_to_police_by_is_the_protocols_time_until_staff_set_their_own(store, child, clock):
    episode = store.episodes.start(child.id, whereabouts="unknown")
    clock.moment += timedelta(minutes=5)
    prompts = child_prompts(
        store.records(child.id), rule_sets=shipped_rule_sets(), forms=FORMS, now=clock.now()
    )
    due = min(p.due_at for p in prompts if p.action == "report_to_police")
    part_b = _part_b(store, child)
    assert datetime.fromisoformat(part_b.values["checks_deadline"]) == due
    assert part_b.provenance["checks_deadline"].at is None  # worked out, not logged
    own = clock.now() + timedelta(minutes=30)
    store.episodes.append(episode.id, "initial_checks_deadline", {"due": own.isoformat()})
    assert datetime.fromisoformat(_part_b(store, child).values["checks_deadline"]) == own


def test_each_output_prints_the_forms_declared_for_it(store, child):
    store.episodes.start(child.id, whereabouts="unknown")
    forms = {**FORMS, "risk_assessment": replace(FORMS["risk_assessment"], outputs=("episode",))}

    def printed(output: str) -> list[str]:
        return [f.spec.id for f in pack_input(store, child.id, forms, output=output).forms]

    assert printed("police") == ["part_a", "locations", "part_b"]
    assert printed("episode") == [
        "part_a",
        "locations",
        "part_b",
        "risk_assessment",
        "return_interview",
    ]
    assert [f.spec.id for f in pack_input(store, child.id, forms).forms] == printed("police")
