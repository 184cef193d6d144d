"""Collect what a pack prints from the store, so the PDF code never touches the database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from desktop.domain.entry_text import disclosure_text
from desktop.domain.episode import current_grading, effective_log
from desktop.domain.follow_up_kinds import SENSITIVE_KINDS
from desktop.domain.model import Child, LogEntry, cover_photo
from desktop.export.contents import (
    PackDuty,
    PackEpisode,
    PackForm,
    PackInput,
    PackLogLine,
    PackPhoto,
)
from desktop.formspec import FormSpec, Known, pack_forms, shown_forms
from desktop.protocol.engine import VOID, Prompt
from desktop.protocol.entries import EntryWords
from desktop.protocol.rules import REPORT_TO_POLICE, RuleSet, shipped_rule_sets
from desktop.protocol.situation import child_prompts
from desktop.protocol.sources import source_words
from desktop.protocol.summary import summarise
from desktop.store.store import Store


def log_lines(
    entries: list[LogEntry], words: EntryWords, names: Mapping[str, str]
) -> list[PackLogLine]:
    """The log as printed: numbered 1… within the episode, corrections linked both ways."""
    numbers = {entry.id: number for number, entry in enumerate(entries, start=1)}
    corrected_by: dict[int, list[int]] = {}
    for entry in entries:
        if entry.corrects_id in numbers:
            corrected_by.setdefault(entry.corrects_id, []).append(numbers[entry.id])
    return [
        PackLogLine(
            number=numbers[entry.id],
            happened=entry.event_at,
            recorded=entry.recorded_at,
            author=names.get(entry.author_id, "unknown"),
            entry=words.kind(entry),
            details=words.details(entry),
            corrects=numbers.get(entry.corrects_id) if entry.corrects_id else None,
            corrected_by=tuple(corrected_by.get(entry.id, ())),
        )
        for entry in entries
    ]


def disclosure_lines(entries: list[LogEntry], names: Mapping[str, str]) -> list[PackLogLine]:
    """The episode's sensitive disclosures as they now read, numbered as in the timed log."""
    numbers = {entry.id: number for number, entry in enumerate(entries, start=1)}
    return [
        PackLogLine(
            number=numbers[e.id],
            happened=e.event_at,
            recorded=e.recorded_at,
            author=names.get(e.author_id, "unknown"),
            entry="Sensitive disclosure",
            details=disclosure_text(e),
        )
        for e in effective_log(entries)
        if e.kind in SENSITIVE_KINDS
    ]


def episode_prompts(prompts: Sequence[Prompt]) -> list[Prompt]:
    """The episode's own prompts by when they fall due (no records upkeep, none void)."""
    kept = [p for p in prompts if not p.profile and p.status != VOID]
    return sorted(kept, key=lambda p: p.due_at)


def _episode(
    entries: list[LogEntry],
    prompts: Sequence[Prompt],
    due: Mapping[str, datetime],
    rule_sets: Mapping[str, RuleSet],
    names: Mapping[str, str],
) -> PackEpisode:
    """Where the episode stands and every duty the protocol set in it.

    ``due`` is when the protocol gives each duty (:func:`due_times`, as Part B reads it), so
    the cover's "report by" and Part B's can never differ.
    """
    summary = summarise(entries)
    report_by = None if summary.reported else due.get(REPORT_TO_POLICE)
    grading = current_grading(entries)
    return PackEpisode(
        summary=summary,
        reported_by=names.get(summary.reported_by, "") if summary.reported else "",
        grading=grading.label if grading else "",
        graded_at=grading.graded_at if grading else None,
        report_by=report_by,
        duties=tuple(
            PackDuty(
                text=p.text,
                who=p.who,
                due_at=p.due_at,
                answered_at=p.answered_at,
                outcome=p.outcome,
                reason=p.reason,
                source=source_words(p, rule_sets),
            )
            for p in episode_prompts(prompts)
        ),
    )


def due_times(prompts: Sequence[Prompt]) -> dict[str, datetime]:
    """The earliest time the protocol gives each of the episode's duties, by action.

    A duty that no longer applies (void) gives none; one already answered still gives the
    time it was due, which is what a form asking "by when" wants.
    """
    due: dict[str, datetime] = {}
    for prompt in episode_prompts(prompts):
        due.setdefault(prompt.action, prompt.due_at)
    return due


def known_for_episode(
    store: Store,
    child_id: str,
    forms: Mapping[str, FormSpec],
    prompts: Sequence[Prompt],
    child_answers: Mapping[str, Mapping[str, Any]] | None = None,
) -> Known:
    """What the episode's forms start from besides the log: the child's forms, the protocol.

    ``child_answers`` are the child's forms' answers when the caller has read them already.
    """
    child_forms = shown_forms(forms, "child")
    answers = dict(child_answers or {})
    for spec in child_forms:
        if spec.id not in answers:
            answers[spec.id] = store.forms.values(child_id, spec)
    return Known(
        answers=answers,
        titles={spec.id: spec.title for spec in child_forms},
        due=due_times(prompts),
    )


def _episode_parts(
    store: Store,
    child: Child,
    forms: dict[str, FormSpec],
    rule_sets: Mapping[str, RuleSet],
    output: str,
    child_answers: Mapping[str, Mapping[str, Any]],
) -> tuple[list[PackForm], list[PackLogLine], str, PackEpisode]:
    """The episode's printed forms, timed log, police reference and standing, if one is open."""
    episode = store.episodes.current(child.id)
    if episode is None:
        return [], [], "", PackEpisode()
    entries = store.episodes.log(episode.id)
    words = EntryWords.for_child(rule_sets, store.home(), child, entries)
    prompts = child_prompts(
        store.records(child.id), rule_sets=rule_sets, forms=forms, now=store.clock.now()
    )
    known = known_for_episode(store, child.id, forms, prompts, child_answers)
    printed = []
    for spec in pack_forms(forms, "episode", output):
        versions = store.episodes.form_versions(episode.id, spec.id)
        filled = store.episodes.filled_form(episode.id, spec, entry_text=words, known=known)
        printed.append(
            PackForm(
                spec=spec,
                values=filled.values,
                version=versions[0] if versions else None,
                provenance=filled.provenance,
            )
        )
    names = {s.id: s.name for s in store.accounts.members()}
    standing = _episode(entries, prompts, known.due, rule_sets, names)
    references = [standing.summary.reference] + [
        f.values.get("police_incident_number") for f in printed
    ]
    reference = str(next((r for r in references if r), ""))
    return printed, log_lines(entries, words, names), reference, standing


def pack_input(
    store: Store,
    child_id: str,
    forms: dict[str, FormSpec],
    *,
    police_reference: str = "",
    rule_sets: Mapping[str, RuleSet] | None = None,
    output: str = "police",
    include_sensitive: bool = False,
) -> PackInput:
    """Everything one output (``formspec.OUTPUTS``) prints for one child, as of now.

    ``output`` is the police pack unless the episode record is asked for; each form's
    definition says which outputs print it. ``rule_sets`` word the log's decisions by the rules
    they answer and give the protocol's times (the shipped ones unless given). Sensitive
    disclosures are left out unless ``include_sensitive``: the caller logs that choice.
    """
    child = store.children.get(child_id)
    child_answers = {
        spec.id: store.forms.values(child_id, spec) for spec in shown_forms(forms, "child")
    }
    printed = [
        PackForm(
            spec=spec,
            values=child_answers[spec.id],
            version=store.forms.latest(child_id, spec.id),
        )
        for spec in pack_forms(forms, "child", output)
    ]
    episode_forms, log, logged_reference, standing = _episode_parts(
        store,
        child,
        forms,
        shipped_rule_sets() if rule_sets is None else rule_sets,
        output,
        child_answers,
    )
    episode = store.episodes.current(child_id) if include_sensitive else None
    disclosures = (
        disclosure_lines(
            store.episodes.log(episode.id), {s.id: s.name for s in store.accounts.members()}
        )
        if episode is not None
        else []
    )
    every = store.photos.for_child(child_id)
    cover = cover_photo(every)
    photos = [
        PackPhoto(
            jpeg=store.photos.image(p.id),
            width=p.width,
            height=p.height,
            taken_on=p.taken_on,
            description=p.description,
        )
        for p in sorted(every, key=lambda p: p != cover)  # the cover's photo first
    ]
    author = store.staff.name if store.staff else "recovery key holder"
    return PackInput(
        home=store.home(),
        child=child,
        forms=[*printed, *episode_forms],
        photos=photos,
        generated_by=author,
        generated_at=store.clock.now(),
        police_reference=police_reference or logged_reference,
        log=log,
        episode=standing,
        output=output,
        disclosures=disclosures,
    )
