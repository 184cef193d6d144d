"""Log entries in plain English: every kind, every value, decisions by their rule's words."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.clock import LONDON
from desktop.domain.entry_text import entry_line
from desktop.domain.episode import ENTRY_KINDS, NOTIFIED_ROLES
from desktop.domain.field_labels import FIELD_LABELS, MOMENT_FIELDS
from desktop.domain.model import Child, Home, LogEntry
from desktop.domain.timeline import RISK_FLAG_NAMES, RISK_FLAGS
from desktop.protocol.entries import EntryWords, preferred_order
from desktop.protocol.rules import ACTION_NAMES, shipped_rule_sets

RULE_SETS = shipped_rule_sets()
RULE_IDS = sorted({r.id for s in RULE_SETS.values() for r in s.rules})
ALL_FIELDS = sorted({f for k in ENTRY_KINDS.values() for f in k.fields})
START = datetime(2026, 7, 14, 14, 5, tzinfo=LONDON)  # summer time: 13:05 UTC
UTC = ZoneInfo("UTC")
FREE_TEXT = st.sampled_from(["Bus station", "no answer", "Kayleigh", "High", "Red coat"])
MACHINE_WORDS = re.compile(
    r"(?:^|[;(.] )(?:" + "|".join(map(re.escape, ALL_FIELDS)) + r"):"
)  # a field's key where its label belongs


def _entry(
    entry_id: int, kind: str, body: dict[str, Any], minutes: int = 0, corrects: int | None = None
) -> LogEntry:
    at = (START + timedelta(minutes=minutes)).astimezone(UTC)  # as the store reads times back
    return LogEntry(
        id=entry_id,
        episode_id="e1",
        event_at=at,
        recorded_at=at,
        author_id="s1",
        kind=kind,
        body=body,
        corrects_id=corrects,
    )


def _value(kind: str, name: str) -> st.SearchStrategy[Any]:
    if name in MOMENT_FIELDS:
        return st.datetimes(
            min_value=datetime(2025, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.just(UTC)
        ).map(lambda d: d.isoformat())
    choices: dict[str, st.SearchStrategy[Any]] = {
        "whereabouts": st.sampled_from(["known", "unknown"]),
        "whom": st.sampled_from(NOTIFIED_ROLES),
        "flag": st.sampled_from(RISK_FLAGS),
        "action": st.sampled_from(sorted(ACTION_NAMES)),
        "rule": st.sampled_from([*RULE_IDS, "home.away_review_interval", "no.such_rule"]),
        "outcome": (st.sampled_from(["done", "not_done"]) if kind == "decision" else FREE_TEXT),
        "retract": st.booleans(),
        "found": st.one_of(FREE_TEXT, st.booleans()),
        "stage": st.sampled_from(["1", "2", "3"]),
    }
    return choices.get(name, FREE_TEXT)


@st.composite
def bodies(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    spec = ENTRY_KINDS[kind]
    body = {name: draw(_value(kind, name)) for name in spec.required}
    for name in spec.optional:
        if name != "replacement" and draw(st.booleans()):
            body[name] = draw(_value(kind, name))
    if kind == "decision" and body["outcome"] == "not_done":
        body["reason"] = draw(FREE_TEXT)
    return body


@st.composite
def logs(draw: st.DrawFn) -> tuple[list[LogEntry], LogEntry]:
    """A short log and one entry of it to read, corrections pointing at earlier entries."""
    kinds = sorted(k for k in ENTRY_KINDS if k != "correction")
    earlier = [
        _entry(i, kind, draw(bodies(kind)), minutes=i * 7)
        for i, kind in enumerate(draw(st.lists(st.sampled_from(kinds), min_size=1)), start=1)
    ]
    kind = draw(st.sampled_from(sorted(ENTRY_KINDS)))
    number = len(earlier) + 1
    if kind != "correction":
        return earlier, _entry(number, kind, draw(bodies(kind)), minutes=number * 7)
    target = draw(st.sampled_from(earlier))
    body: dict[str, Any] = {"reason": draw(FREE_TEXT)}
    if draw(st.booleans()):
        body["retract"] = True
    else:
        fields = ENTRY_KINDS[target.kind].fields
        replacement = draw(bodies(target.kind)) if fields else {}
        replacement["event_at"] = (START - timedelta(hours=1)).isoformat()
        body["replacement"] = replacement
    fix = _entry(number, "correction", body, minutes=number * 7 + 900, corrects=target.id)
    return [*earlier, fix], fix


def _assert_plain(text: str) -> None:
    assert "_" not in text, text
    assert "{" not in text and "}" not in text and "[" not in text, text
    assert not MACHINE_WORDS.search(text), text
    assert not re.search(r"\d{4}-\d\d-\d\dT", text), text  # no ISO times
    assert not re.search(r"\b(True|False|None)\b", text), text
    for rule_id in RULE_IDS:
        assert rule_id not in text, (rule_id, text)


@settings(max_examples=300, deadline=None)
@given(logs())
def test_every_entry_kind_reads_as_plain_english(case: tuple[list[LogEntry], LogEntry]) -> None:
    log, entry = case
    words = EntryWords(RULE_SETS.values(), LONDON, log)
    _assert_plain(words.line(entry))
    _assert_plain(entry_line(entry, LONDON))  # the fallback without rule sets, too
    assert words.line(entry).startswith(ENTRY_KINDS[entry.kind].label)


@pytest.mark.parametrize("kind", sorted(ENTRY_KINDS))
def test_every_field_of_every_kind_has_a_label_of_its_own(kind):
    spec = ENTRY_KINDS[kind]
    for name in spec.fields:
        assert name in FIELD_LABELS or name in spec.labels, name
        assert "_" not in spec.field_label(name)


def test_every_risk_flag_and_action_has_a_plain_name():
    assert set(RISK_FLAG_NAMES) == set(RISK_FLAGS)
    rule_actions = {r.action for s in RULE_SETS.values() for r in s.rules}
    assert rule_actions <= set(ACTION_NAMES)


def test_a_time_is_shown_in_the_homes_zone():
    deadline = _entry(1, "initial_checks_deadline", {"due": "2026-07-14T15:00:00+00:00"})
    assert EntryWords([], LONDON).line(deadline) == (
        "Deadline set for initial checks. Checks due by: 14/07/2026 16:00"
    )


@pytest.mark.parametrize(
    ("kind", "body", "line"),
    [
        (
            "intervention_meeting",
            {"stage": "3", "note": "Head of Service chaired"},
            "Missing intervention meeting held. Which meeting: Escalation; Note: Head of Service "
            "chaired",
        ),
        (
            "return_notified",
            {"by_whom": "Police", "how": "Phone"},
            "Told the child is back or found. Who told us: Police; How we were told: Phone",
        ),
        (
            "return_interview_raised_risk",
            {"assessment": "Groomed by an older man"},
            "Return interview done: the risk to the child is higher. What the interview found: "
            "Groomed by an older man",
        ),
    ],
)
def test_the_newer_kinds_read_as_plain_english(kind, body, line):
    assert EntryWords(RULE_SETS.values(), LONDON).line(_entry(1, kind, body)) == line
    assert entry_line(_entry(1, kind, body), LONDON) == line


# --- decisions are worded by the rule they answer --------------------------------------------


def _child(responsible: str | None) -> Child:
    return Child(
        first_name="Aisha",
        last_name="Khan",
        date_of_birth=date(2011, 4, 2),
        responsible_protocol_id=responsible,
        id="c1",
    )


def _rule_text(set_id: str, rule_id: str) -> str:
    return next(r.text for r in RULE_SETS[set_id].rules if r.id == rule_id)


def test_a_decision_is_worded_by_the_rule_it_answers():
    done = _entry(
        1,
        "decision",
        {"action": "notify_social_worker", "outcome": "done", "rule": "notify.social_worker"},
    )
    words = EntryWords([RULE_SETS["england-default"]], LONDON, [done])
    text = _rule_text("england-default", "notify.social_worker").rstrip(".")
    assert words.details(done) == f"{text} — done"
    refused = _entry(
        2,
        "decision",
        {
            "action": "notify_parents",
            "outcome": "not_done",
            "reason": "The care plan says not to",
            "rule": "notify.parents",
        },
    )
    text = _rule_text("england-default", "notify.parents").rstrip(".")
    assert words.details(refused) == f"{text} — not done: The care plan says not to"


def test_the_childs_own_protocols_word_a_rule_that_several_protocols_share():
    home = Home(name="Oak House", protocol_id="kent-and-medway")
    decision = _entry(
        1, "decision", {"action": "notify_parents", "outcome": "done", "rule": "notify.parents"}
    )
    for responsible, expected in (
        (None, "kent-and-medway"),
        ("portsmouth", "portsmouth"),
    ):
        words = EntryWords.for_child(RULE_SETS, home, _child(responsible), [decision])
        assert words.details(decision).startswith(
            _rule_text(expected, "notify.parents").rstrip(".")
        )
    order = [s.id for s in preferred_order(RULE_SETS, home, _child("portsmouth"))]
    assert order[:2] == ["portsmouth", "kent-and-medway"] and len(order) == len(RULE_SETS)


def test_a_decision_without_a_known_rule_is_named_by_its_action():
    decision = _entry(
        1,
        "decision",
        {"action": "review_absence", "outcome": "done", "rule": "home.away_review_interval"},
    )
    assert EntryWords(RULE_SETS.values(), LONDON).details(decision) == "Review the absence — done"


# --- corrections name what they correct ------------------------------------------------------


def test_a_correction_names_the_entry_it_corrects_by_its_time_and_kind():
    phoned = _entry(1, "phoned_child", {"outcome": "no answer"})
    withdrawn = _entry(2, "correction", {"reason": "Logged twice", "retract": True}, 10, 1)
    fixed = _entry(
        3,
        "correction",
        {"reason": "Typo", "replacement": {"outcome": "voicemail"}},
        20,
        1,
    )
    words = EntryWords(RULE_SETS.values(), LONDON, [phoned, withdrawn, fixed])
    assert words.details(withdrawn) == (
        "Corrects 14:05 Phoned the child (Outcome: no answer); Withdrawn; "
        "Why corrected: Logged twice"
    )
    assert words.details(fixed) == (
        "Corrects 14:05 Phoned the child (Outcome: no answer); Now reads: Outcome: voicemail; "
        "Why corrected: Typo"
    )


def test_a_correction_made_on_a_later_day_gives_the_date_too():
    phoned = _entry(1, "phoned_child", {"outcome": "no answer"})
    later = _entry(2, "correction", {"reason": "Wrong child", "retract": True}, 24 * 60, 1)
    words = EntryWords([], LONDON, [phoned, later])
    assert words.details(later).startswith("Corrects 14/07/2026 14:05 Phoned the child")


def test_a_corrected_decision_is_worded_as_a_decision_not_by_its_field_keys():
    decided = _entry(
        1, "decision", {"action": "notify_authority", "outcome": "not_done", "reason": "x"}
    )
    fixed = _entry(
        2,
        "correction",
        {"reason": "Wrong button", "replacement": {"duty": "notify_authority", "outcome": "done"}},
        5,
        1,
    )
    words = EntryWords(RULE_SETS.values(), LONDON, [decided, fixed])
    text = words.details(fixed)
    assert "notify_authority" not in text and "Duty:" not in text
    assert "— done" in text.split("Now reads: ")[1]
