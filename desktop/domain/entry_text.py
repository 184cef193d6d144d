"""A log entry in plain English: one wording for the screen, the pack, Part B and the CLI.

The labels and plain names are data (:data:`~desktop.domain.episode.ENTRY_KINDS`,
:data:`~desktop.domain.episode.FIELD_LABELS`, :data:`~desktop.domain.timeline.RISK_FLAG_NAMES`);
this module only puts them together. A decision is worded by the rule it answers, which lives a
layer up: :class:`desktop.protocol.entries.EntryWords` passes those words in as ``duty``.
Without them a decision names its duty from its action alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from typing import Any

from desktop.domain.episode import ANSWER_FIELD, ENTRY_KINDS, NOTIFIED_ROLE_NAMES, EntryKind
from desktop.domain.field_labels import MOMENT_FIELDS
from desktop.domain.follow_up_kinds import SENSITIVE_KINDS
from desktop.domain.grading import police_grading
from desktop.domain.model import LogEntry
from desktop.domain.timeline import INTERVENTION_STAGES, RISK_FLAG_NAMES
from desktop.domain.ukdates import uk_datetime, uk_datetime_text, uk_time

DutyWords = Callable[[Mapping[str, Any]], str]
"""The words of the duty a decision answers, from the decision's body."""
SEPARATOR = "; "


def action_words(body: Mapping[str, Any]) -> str:
    """A decision's duty named from its action alone, for when no rule set is at hand."""
    return str(body.get("action", "")).replace("_", " ").strip().capitalize() or "A prompt"


def plain_value(value: Any, zone: tzinfo | None, *, moment: bool = False) -> str:
    """A value as people read it: yes or no, a list joined with commas, a time in UK form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return uk_datetime(value, zone)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(t for t in (plain_value(v, zone) for v in value) if t)
    if isinstance(value, Mapping):
        return SEPARATOR.join(
            f"{k.replace('_', ' ').capitalize()}: {t}"
            for k, v in value.items()
            if (t := plain_value(v, zone))
        )
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value).strip()
    return uk_datetime_text(text, zone) if moment and text else text


def field_text(name: str, value: Any, zone: tzinfo | None) -> str:
    """One field's value in plain words: a risk, whom or a stage by name, a time in UK form."""
    if name == "flag":
        return RISK_FLAG_NAMES.get(str(value), plain_value(value, zone))
    if name == "whom":
        return NOTIFIED_ROLE_NAMES.get(str(value), plain_value(value, zone))
    if name == "stage":
        stages = {str(number): words for number, words in INTERVENTION_STAGES.items()}
        return stages.get(str(value), plain_value(value, zone))
    return plain_value(value, zone, moment=name in MOMENT_FIELDS or name == "event_at")


def field_pairs(
    kind: EntryKind, body: Mapping[str, Any], zone: tzinfo | None, *, skip: tuple[str, ...] = ()
) -> list[str]:
    """``Label: value`` for each field given, in the kind's own order.

    A police grading reads as a sentence ("Police graded the risk as medium"); one typed before
    the gradings were a closed list is shown as it was typed, under its label.
    """
    names = [*kind.fields, *sorted(set(body) - set(kind.fields))]
    pairs = []
    for name in names:
        if name in skip or name not in body:
            continue
        grading = police_grading(body[name]) if name == "risk_grading" else None
        if grading is not None:
            pairs.append(grading.sentence)
            continue
        text = field_text(name, body[name], zone)
        if text:
            pairs.append(f"{kind.field_label(name)}: {text}")
    return pairs


DECISION_FIELDS = frozenset({"action", "duty", "rule", "outcome", "reason"})
"""A decision's own fields: worded together as the duty and what was decided, never one by one."""


def _decision(body: Mapping[str, Any], duty: DutyWords) -> list[str]:
    words = duty(body).strip().rstrip(".")
    if body.get("outcome") == "done":
        return [f"{words} — done"]
    reason = str(body.get("reason", "")).strip()
    return [f"{words} — not done: {reason}" if reason else f"{words} — not done"]


def _correction(
    entry: LogEntry,
    zone: tzinfo | None,
    log: Mapping[int, LogEntry],
    duty: DutyWords,
    depth: int,
) -> list[str]:
    target = log.get(entry.corrects_id) if entry.corrects_id is not None else None
    if target is None or depth > 0:
        pieces = ["Corrects an earlier entry"]
    else:
        same_day = target.event_at.astimezone(zone).date() == entry.event_at.astimezone(zone).date()
        when = uk_time(target.event_at, zone) if same_day else uk_datetime(target.event_at, zone)
        label = ENTRY_KINDS[target.kind].label if target.kind in ENTRY_KINDS else "entry"
        what = entry_details(target, zone, log=log, duty=duty, depth=depth + 1)
        pieces = [f"Corrects {when} {label}" + (f" ({what})" if what else "")]
    if entry.body.get("retract"):
        pieces.append("Withdrawn")
    replacement = entry.body.get("replacement")
    hidden = target is not None and target.kind in SENSITIVE_KINDS
    if isinstance(replacement, Mapping) and replacement and not hidden:
        kind = ENTRY_KINDS.get(target.kind if target else "", ENTRY_KINDS["note"])
        names_a_duty = bool(set(replacement) & {"action", "duty", "rule"})
        if names_a_duty or (target is not None and target.kind == "decision"):
            earlier = dict(target.body) if target is not None else {}
            changed = [
                *_decision({**earlier, **replacement}, duty),
                *field_pairs(kind, replacement, zone, skip=tuple(DECISION_FIELDS)),
            ]
        else:
            changed = field_pairs(kind, replacement, zone)
        if changed:
            pieces.append("Now reads: " + SEPARATOR.join(changed))
    reason = str(entry.body.get("reason", "")).strip()
    if reason:
        pieces.append(f"{ENTRY_KINDS['correction'].field_label('reason')}: {reason}")
    return pieces


def entry_details(
    entry: LogEntry,
    zone: tzinfo | None,
    *,
    log: Mapping[int, LogEntry] | None = None,
    duty: DutyWords = action_words,
    depth: int = 0,
) -> str:
    """What an entry says, in plain English, without its kind's label.

    ``log`` (entries by id) lets a correction name the entry it corrects by its time and kind;
    ``duty`` words a decision by the rule it answers.
    """
    kind = ENTRY_KINDS.get(entry.kind)
    if kind is None:
        return plain_value(dict(entry.body), zone)
    body = entry.body
    if entry.kind == "decision":
        pieces = _decision(body, duty)
    elif entry.kind == "correction":
        pieces = _correction(entry, zone, log or {}, duty, depth)
    elif entry.kind == "aware":
        known = body.get("whereabouts") == "known"
        pieces = ["Whereabouts known" if known else "Whereabouts unknown"]
        pieces += field_pairs(kind, body, zone, skip=("whereabouts",))
    elif entry.kind == "notified":
        pieces = [f"Told {field_text('whom', body.get('whom', ''), zone)}"]
        pieces += field_pairs(kind, body, zone, skip=("whom",))
    elif entry.kind in SENSITIVE_KINDS:
        pieces = [sensitive_reference(entry, zone)]
    elif entry.kind == "risk_flag":
        pieces = [field_text("flag", body.get("flag", ""), zone)]
        pieces += field_pairs(kind, body, zone, skip=("flag",))
    elif entry.kind == "call_answer":  # the Part B field it fills is the app's, not the reader's
        pieces = field_pairs(kind, body, zone, skip=(ANSWER_FIELD,))
    else:
        pieces = field_pairs(kind, body, zone)
    return SEPARATOR.join(p for p in pieces if p)


def sensitive_reference(entry: LogEntry, zone: tzinfo | None) -> str:
    """How the record refers to a sensitive disclosure: when it was recorded, never what it says."""
    return (
        f"A sensitive disclosure was recorded on {uk_datetime(entry.recorded_at, zone)}; "
        "it is kept apart and not shown in the record"
    )


def disclosure_text(entry: LogEntry) -> str:
    """What a sensitive disclosure says, for the one place someone chose to show it."""
    kind = ENTRY_KINDS[entry.kind]
    return SEPARATOR.join(field_pairs(kind, entry.body, None))


def entry_label(entry: LogEntry) -> str:
    """The entry's kind, as people call it."""
    kind = ENTRY_KINDS.get(entry.kind)
    return kind.label if kind else entry.kind.replace("_", " ").capitalize()


def entry_line(
    entry: LogEntry,
    zone: tzinfo | None,
    *,
    log: Mapping[int, LogEntry] | None = None,
    duty: DutyWords = action_words,
) -> str:
    """The entry on one line: its kind, then what it says (``Phoned the child. Outcome: …``)."""
    details = entry_details(entry, zone, log=log, duty=duty)
    return f"{entry_label(entry)}. {details}" if details else entry_label(entry)
