"""Each ``episode`` action through ``main``, including the paths the end-to-end test skips."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from desktop.domain.errors import ExitCode
from desktop.protocol.rules import shipped_rule_sets


@pytest.fixture
def aisha(initialised):
    initialised.add_child("Aisha")
    return initialised


@pytest.fixture
def missing(aisha):
    code, out, err = aisha("episode", "start", "--child", "Aisha", "--whereabouts", "unknown")
    assert code == 0, err
    aisha.episode_id = out.split("(id ")[1].split(")")[0]
    aisha.clock.moment += timedelta(minutes=10)
    return aisha


def _entries(run) -> list[dict]:
    code, out, err = run("episode", "show", "--child", "Aisha", "--json")
    assert code == 0, err
    return json.loads(out)


def test_start_with_an_earlier_time_and_what_was_last_seen(aisha):
    code, out, err = aisha(
        "episode",
        "start",
        "--child",
        "Aisha",
        "--whereabouts",
        "unknown",
        "--at",
        "01/03/2026 14:30",
        "--reason",
        "Found her bed empty",
        "--last-seen-at",
        "01/03/2026 14:00",
        "--last-seen-where",
        "Bus station",
        "--clothing",
        "red coat",
        "--last-seen-by",
        "Dev Patel",
        "--with-whom",
        "Alone",
        "--belongings",
        "Pink rucksack",
        "--medication",
        "left-behind",
    )
    assert code == 0, err
    assert out.startswith("Started an episode for Aisha Khan at 01/03/2026 14:30 (id ")
    assert out.endswith("The episode is now: whereabouts unknown.\n")
    [aware] = _entries(aisha)
    assert aware["kind"] == "aware" and aware["event_at"] == "2026-03-01T14:30:00+00:00"
    assert aware["body"]["last_seen_at"] == "2026-03-01T14:00:00+00:00"
    assert aware["body"]["clothing"] == "red coat"
    assert aware["body"]["reason_for_time"] == "Found her bed empty"
    assert {k: aware["body"][k] for k in ("last_seen_by", "with_whom", "belongings")} == {
        "last_seen_by": "Dev Patel",
        "with_whom": "Alone",
        "belongings": "Pink rucksack",
    }
    assert aware["body"]["medication"] == "left behind"


def test_start_refuses_a_medication_answer_it_does_not_know(aisha):
    code, _, err = aisha(
        "episode", "start", "--child", "Aisha", "--whereabouts", "unknown", "--medication", "some"
    )
    assert code == ExitCode.USAGE and "invalid choice: 'some'" in err and "'left behind'" in err
    code, _, err = aisha("episode", "show", "--child", "Aisha")
    assert code == ExitCode.NOT_FOUND  # nothing was started


def test_start_with_a_time_that_is_not_one_starts_nothing(aisha):
    code, _, err = aisha(
        "episode", "start", "--child", "Aisha", "--whereabouts", "known", "--at", "teatime"
    )
    assert code == ExitCode.BAD_INPUT and "'teatime' is not a date and time" in err
    code, _, err = aisha("episode", "show", "--child", "Aisha")
    assert code == ExitCode.NOT_FOUND and "no open episode" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "phoned_child"],
        ["report", "--reference", "R1"],
        ["update", "--grading", "low"],
        ["return", "--where", "Home"],
        ["close", "--reason", "Done"],
        ["correct", "--entry", "1", "--reason", "Typo"],
        ["link", "--with", "Bea"],
        ["show"],
    ],
)
def test_actions_on_an_episode_need_one_open(aisha, argv):
    code, _, err = aisha("episode", argv[0], "--child", "Aisha", *argv[1:])
    assert code == ExitCode.NOT_FOUND
    assert "Aisha Khan has no open episode. Start one with 'episode start'." in err


def test_log_turns_a_deadline_into_a_full_time(missing):
    code, out, err = missing(
        "episode", "log", "--child", "Aisha", "initial_checks_deadline", "due=01/03/2026 18:00"
    )
    assert code == 0, err
    assert out == (
        "Logged entry 2 for Aisha Khan: Deadline set for initial checks at 01/03/2026 15:10 "
        "(recorded 01/03/2026 15:10).\nThe episode is now: whereabouts unknown.\n"
    )
    assert _entries(missing)[-1]["body"] == {"due": "2026-03-01T18:00:00+00:00"}


def test_log_at_an_earlier_time(missing):
    code, out, err = missing(
        "episode",
        "log",
        "--child",
        "Aisha",
        "searched_premises",
        "where=Garden and sheds",
        "--at",
        "01/03/2026 15:05",
    )
    assert code == 0, err
    assert "Searched the premises at 01/03/2026 15:05 (recorded 01/03/2026 15:10)" in out


def test_log_refuses_a_value_without_a_field(missing):
    code, _, err = missing("episode", "log", "--child", "Aisha", "searched_premises", "Garden")
    assert code == ExitCode.BAD_INPUT and "'Garden' should be written as field=value." in err
    assert len(_entries(missing)) == 1


def test_report_and_update_take_the_police_grading_in_any_case(missing):
    code, _, err = missing(
        "episode", "report", "--child", "Aisha", "--reference", "HUM-1", "--grading", "HIGH"
    )
    assert code == 0, err
    missing.clock.moment += timedelta(minutes=30)
    code, out, err = missing("episode", "update", "--child", "Aisha", "--grading", "very-low")
    assert code == 0, err
    assert "Update from or to the police at 01/03/2026 15:40" in out
    missing.clock.moment += timedelta(minutes=5)
    code, _, err = missing("episode", "update", "--child", "Aisha", "--note", "Officer visiting")
    assert code == 0, err
    assert [e["body"] for e in _entries(missing)[1:]] == [
        {"reference": "HUM-1", "risk_grading": "high"},
        {"risk_grading": "very low"},
        {"note": "Officer visiting"},
    ]
    code, out, err = missing("episode", "show", "--child", "Aisha")
    assert "        Police graded the risk as very low" in out.splitlines()


def test_a_grading_that_is_not_a_category_is_refused_naming_them(missing):
    code, _, err = missing(
        "episode", "report", "--child", "Aisha", "--reference", "HUM-1", "--grading", "amber"
    )
    assert code == ExitCode.USAGE
    assert (
        "argument --grading: 'amber' is not a police risk grading. Use one of: "
        "no-apparent-risk, very-low, low, medium, high, missing, absent."
    ) in err
    code, _, err = missing("episode", "log", "--child", "Aisha", "police_update", "risk_grading=2")
    assert code == ExitCode.BAD_INPUT and "'2' is not a police risk grading" in err
    code, _, err = missing("episode", "update", "--child", "Aisha")
    assert code == ExitCode.BAD_INPUT and "Say what the update is" in err
    assert len(_entries(missing)) == 1


def test_the_help_lists_every_grading(capsys):
    from desktop.cli import main

    assert main(["episode", "update", "--help"], environ={}) == 0
    flat = " ".join(capsys.readouterr().out.split())
    for words in ("no-apparent-risk", "low, medium, high", "missing or absent"):
        assert words in flat.replace("- ", "-")


def test_correct_can_retract_an_entry(missing):
    missing("episode", "report", "--child", "Aisha", "--reference", "WRONG-CHILD")
    code, out, err = missing(
        "episode",
        "correct",
        "--child",
        "Aisha",
        "--entry",
        "2",
        "--reason",
        "Other child",
        "--retract",
    )
    assert code == 0, err
    assert out.startswith("Logged entry ") and ": Correction at " in out
    last = _entries(missing)[-1]
    assert last["corrects"] == 2 and last["body"]["retract"] is True


def test_correct_an_entry_that_does_not_exist(missing):
    code, _, err = missing(
        "episode", "correct", "--child", "Aisha", "--entry", "99", "--reason", "x", "a=b"
    )
    assert code == ExitCode.NOT_FOUND and "no such log entry" in err


def test_link_needs_every_child_to_have_an_open_episode(missing):
    missing.add_child("Bea")
    code, out, err = missing("episode", "link", "--child", "Aisha", "--with", "Bea")
    assert code == ExitCode.NOT_FOUND and "Every child to link needs an open episode." in err
    assert out == ""


def test_show_is_readable_by_people(missing):
    missing("episode", "report", "--child", "Aisha", "--reference", "HUM-1", "--grading", "high")
    code, out, err = missing("episode", "show", "--child", "Aisha")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"Episode {missing.episode_id}: reported missing to police"
    assert lines[1] == (
        "  #1 01/03/2026 15:00  Became aware the child is not where expected — Ann Admin, "
        "recorded 01/03/2026 15:00"
    )
    assert "        Whereabouts unknown" in lines
    assert (
        "  #2 01/03/2026 15:10  Reported missing to the police — Ann Admin, "
        "recorded 01/03/2026 15:10"
    ) in lines
    assert "        Police reference: HUM-1; Police graded the risk as high" in lines


def test_show_words_decisions_by_their_rule_and_corrections_by_what_they_correct(missing):
    missing("episode", "report", "--child", "Aisha", "--reference", "WRONG-1")
    missing(
        "episode",
        "log",
        "--child",
        "Aisha",
        "decision",
        "action=notify_parents",
        "outcome=not_done",
        "reason=The care plan says not to",
        "rule=notify.parents",
    )
    code, _, err = missing(
        "episode",
        "correct",
        "--child",
        "Aisha",
        "--entry",
        "2",
        "--reason",
        "Typo",
        "reference=HUM-2",
    )
    assert code == 0, err
    code, out, err = missing("episode", "show", "--child", "Aisha")
    assert code == 0, err
    texts = {
        r.text for s in shipped_rule_sets().values() for r in s.rules if r.id == "notify.parents"
    }
    said = [
        t for t in texts if f"        {t.rstrip('.')} — not done: The care plan says not to" in out
    ]
    assert len(said) == 1, out  # the home's own protocol's words for the rule
    assert "Correction (of #2)" in out
    assert (
        "        Corrects 15:10 Reported missing to the police (Police reference: WRONG-1); "
        "Now reads: Police reference: HUM-2; Why corrected: Typo"
    ) in out
    assert "_" not in out.replace(missing.episode_id, "")


def test_show_an_earlier_episode_by_its_id(missing):
    code, _, err = missing("episode", "return", "--child", "Aisha", "--where", "Home")
    assert code == 0, err
    code, _, err = missing("episode", "waive", "--child", "Aisha", "--reason", "False alarm")
    assert code == 0, err
    code, _, err = missing("episode", "close", "--child", "Aisha", "--reason", "False alarm")
    assert code == 0, err
    code, out, err = missing("episode", "show", "--child", "Aisha", "--episode", missing.episode_id)
    assert code == 0, err
    assert out.splitlines()[0] == f"Episode {missing.episode_id}: closed"
    code, _, err = missing("episode", "show", "--child", "Aisha", "--episode", "no-such-id")
    assert code == ExitCode.NOT_FOUND and "no such episode" in err


def test_an_episode_headless_from_start_to_close(initialised, clock):
    from datetime import timedelta

    initialised("add-child", "--first-name", "Aisha", "--last-name", "Khan", "--dob", "2011-04-02")
    code, out, err = initialised(
        "episode",
        "start",
        "--child",
        "Aisha",
        "--whereabouts",
        "unknown",
        "--last-seen-where",
        "Bus station",
    )
    assert code == 0, err
    assert "whereabouts unknown" in out
    code, out, _ = initialised("prompts", "--child", "Aisha")
    assert code == 0 and "UPCOMING" in out and "report" in out.lower()
    clock.moment += timedelta(minutes=20)
    code, out, err = initialised(
        "episode",
        "log",
        "--child",
        "Aisha",
        "contacted_person",
        "who=Kayleigh",
        "relationship=friend",
        "outcome=not seen her",
    )
    assert code == 0, err
    code, _, err = initialised("episode", "log", "--child", "Aisha", "sighting", "where=Park")
    assert code == ExitCode.BAD_INPUT and "needs: seen_at, by_whom" in err
    clock.moment += timedelta(minutes=20)
    code, out, err = initialised(
        "episode", "report", "--child", "Aisha", "--reference", "HUM-123", "--grading", "medium"
    )
    assert code == 0 and "reported missing to police" in out, err
    code, out, _ = initialised("prompts", "--child", "Aisha", "--json")
    statuses = {p["action"]: p["status"] for p in json.loads(out)}
    assert statuses["report_to_police"] == "answered"
    clock.moment += timedelta(hours=3)
    code, out, err = initialised(
        "episode",
        "return",
        "--child",
        "Aisha",
        "--where",
        "Home",
        "--returned-by",
        "Police",
        "--at",
        (clock.now() - timedelta(minutes=10)).strftime("%d/%m/%Y %H:%M"),
    )
    assert code == 0 and "returned or found" in out, err
    code, out, _ = initialised("prompts", "--child", "Aisha", "--json")
    actions = {p["action"] for p in json.loads(out)}
    assert {"safe_and_well_check", "return_interview"} <= actions
    code, out, err = initialised("episode", "close", "--child", "Aisha", "--reason", "Done")
    assert code == ExitCode.BAD_INPUT and "Still to do" in err
    assert "return interview" in err and "safe-and-well" in err
    code, out, err = initialised(
        "episode", "safe-and-well", "--child", "Aisha", "--by", "PC Jones", "--in-person", "yes"
    )
    assert code == 0, err
    code, out, err = initialised(
        "episode", "interview", "declined", "--child", "Aisha", "--by", "Aisha", "--why", "Tired"
    )
    assert code == 0, err
    code, out, err = initialised("episode", "close", "--child", "Aisha", "--reason", "Done")
    assert code == 0 and "closed" in out, err
    code, _, err = initialised("episode", "show", "--child", "Aisha")
    assert code == ExitCode.NOT_FOUND and "no open episode" in err
    code, out, _ = initialised("verify")
    assert code == 0 and "Timed log: every entry authenticated" in out


def test_episode_show_and_correct(initialised, clock):
    from datetime import timedelta

    initialised("add-child", "--first-name", "Aisha", "--last-name", "Khan", "--dob", "2011-04-02")
    initialised("episode", "start", "--child", "Aisha", "--whereabouts", "known")
    clock.moment += timedelta(minutes=5)
    initialised("episode", "report", "--child", "Aisha", "--reference", "WRONG-1")
    code, out, err = initialised(
        "episode",
        "correct",
        "--child",
        "Aisha",
        "--entry",
        "2",
        "--reason",
        "Typo",
        "reference=HUM-2",
    )
    assert code == 0, err
    code, out, _ = initialised("episode", "show", "--child", "Aisha", "--json")
    entries = json.loads(out)
    assert [e["kind"] for e in entries] == ["aware", "police_report", "correction"]
    assert entries[1]["body"]["reference"] == "WRONG-1" and entries[2]["corrects"] == 2
    assert all(e["author"] == "Ann Admin" for e in entries)


def test_linking_children_who_went_missing_together(initialised):
    for first in ("Aisha", "Bea"):
        initialised(
            "add-child", "--first-name", first, "--last-name", "Khan", "--dob", "2011-04-02"
        )
        initialised("episode", "start", "--child", first, "--whereabouts", "unknown")
    code, out, err = initialised("episode", "link", "--child", "Aisha", "--with", "Bea")
    assert code == 0 and "went missing together" in out, err


def test_the_newer_kinds_are_logged_worded_and_acted_on(missing):
    missing("episode", "report", "--child", "Aisha", "--reference", "HAM-1")
    missing.clock.moment += timedelta(hours=3)
    missing("episode", "return", "--child", "Aisha", "--where", "Police station")
    missing.clock.moment += timedelta(hours=2)
    for kind, *values in (
        ("return_notified", "by_whom=Police", "how=Phone"),
        ("return_interview_raised_risk", "assessment=An older man is grooming her"),
        ("intervention_meeting", "stage=1"),
        ("grading_disagreement", "view=High: she is with an older man"),
    ):
        code, _, err = missing("episode", "log", "--child", "Aisha", kind, *values)
        assert code == 0, err
    code, _, err = missing("episode", "log", "--child", "Aisha", "intervention_meeting", "stage=9")
    assert code == ExitCode.BAD_INPUT and "Stage 1" in err
    code, out, err = missing("episode", "show", "--child", "Aisha")
    assert code == 0, err
    assert "Told the child is back or found" in out and "Who told us: Police" in out
    assert "What the interview found: An older man is grooming her" in out
    assert "Missing intervention meeting held" in out and "Which meeting: Stage 1" in out
    assert "We disagree with the police's risk grading" in out
    assert "What we think the risk is, and why: High: she is with an older man" in out
    code, out, err = missing("prompts", "--child", "Aisha", "--json")
    assert code == 0, err
    prompts = {p["rule"]: p for p in json.loads(out)}
    assert prompts["strategy.high_risk_after_interview"]["status"] == "upcoming"
    assert prompts["return.interview_72h"]["status"] == "answered"


def test_a_report_is_chased_until_the_police_accept_it(missing):
    """The report records the call; until the acceptance is logged, a prompt asks to chase it."""
    code, _, err = missing(
        "episode",
        "report",
        "--child",
        "Aisha",
        "--reference",
        "INC-0042",
        "--call-handler",
        "PC 1234 Jones",
        "--grading",
        "high",
    )
    assert code == 0, err
    missing.clock.moment += timedelta(minutes=70)
    code, out, _ = missing("prompts", "--child", "Aisha", "--json")
    chase = [p for p in json.loads(out) if p["action"] == "chase_acceptance"]
    assert [p["status"] for p in chase] == ["overdue"]
    code, out, err = missing(
        "episode", "accepted", "--child", "Aisha", "--reference", "MP-26-118", "--by", "Sgt Lee"
    )
    assert code == 0 and "Police accepted the report" in out, err
    report, accepted = _entries(missing)[1:]
    assert report["body"] == {
        "reference": "INC-0042",
        "call_handler": "PC 1234 Jones",
        "risk_grading": "high",
    }
    assert accepted["body"] == {"reference": "MP-26-118", "accepted_by": "Sgt Lee"}
    code, out, _ = missing("prompts", "--child", "Aisha", "--json")
    assert not [p for p in json.loads(out) if p["action"] == "chase_acceptance"]
