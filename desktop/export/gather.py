"""Collect what a pack prints from the store, so the PDF code never touches the database."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.domain.episode import effective_log
from desktop.domain.model import Child, LogEntry
from desktop.export.contents import (
    PackDuty,
    PackEpisode,
    PackForm,
    PackInput,
    PackLogLine,
    PackPhoto,
)
from desktop.formspec import FormSpec, pack_forms
from desktop.protocol.engine import VOID
from desktop.protocol.entries import EntryWords
from desktop.protocol.rules import RuleSet, shipped_rule_sets
from desktop.protocol.situation import child_prompts
from desktop.protocol.sources import source_words
from desktop.protocol.summary import summarise
from desktop.store.store import Store

REPORT_TO_POLICE = "report_to_police"


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


def _grading(entries: list[LogEntry]) -> tuple[str, LogEntry | None]:
    """The police's newest grading of the risk and the entry that gave it."""
    found = [
        e
        for e in effective_log(entries)
        if e.kind in ("police_report", "police_update") and str(e.body.get("risk_grading", ""))
    ]
    if not found:
        return "", None
    return str(found[-1].body["risk_grading"]).strip(), found[-1]


def _episode(
    store: Store,
    child: Child,
    entries: list[LogEntry],
    forms: Mapping[str, FormSpec],
    rule_sets: Mapping[str, RuleSet],
    names: Mapping[str, str],
) -> PackEpisode:
    """Where the episode stands and every duty the protocol set in it."""
    summary = summarise(entries)
    now = store.clock.now()
    prompts = [
        p
        for p in child_prompts(store.records(child.id), rule_sets=rule_sets, forms=forms, now=now)
        if not p.profile and p.status != VOID
    ]
    report_by = None
    if not summary.reported:
        due = [p.due_at for p in prompts if p.action == REPORT_TO_POLICE and p.answered_at is None]
        report_by = min(due, default=None)
    grading, graded = _grading(entries)
    return PackEpisode(
        summary=summary,
        reported_by=names.get(summary.reported_by, "") if summary.reported else "",
        grading=grading,
        graded_at=graded.event_at if graded else None,
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
            for p in sorted(prompts, key=lambda p: p.due_at)
        ),
    )


def _episode_parts(
    store: Store, child: Child, forms: dict[str, FormSpec], rule_sets: Mapping[str, RuleSet]
) -> tuple[list[PackForm], list[PackLogLine], str, PackEpisode]:
    """The episode's printed forms (Part B), timed log, police reference and standing."""
    episode = store.episodes.current(child.id)
    if episode is None:
        return [], [], "", PackEpisode()
    entries = store.episodes.log(episode.id)
    words = EntryWords.for_child(rule_sets, store.home(), child, entries)
    printed = []
    for spec in pack_forms(forms, "episode"):
        versions = store.episodes.form_versions(episode.id, spec.id)
        printed.append(
            PackForm(
                spec=spec,
                values=store.episodes.form_values(episode.id, spec, entry_text=words),
                version=versions[0] if versions else None,
            )
        )
    names = {s.id: s.name for s in store.accounts.members()}
    standing = _episode(store, child, entries, forms, rule_sets, names)
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
) -> PackInput:
    """Everything the police pack needs for one child, as of now.

    ``rule_sets`` word the log's decisions by the rules they answer (the shipped ones unless
    given). ``output`` is ``police`` for the police pack or ``episode`` for the episode record.
    """
    child = store.children.get(child_id)
    printed = [
        PackForm(
            spec=spec,
            values=store.forms.values(child_id, spec),
            version=store.forms.latest(child_id, spec.id),
        )
        for spec in pack_forms(forms, "child")
    ]
    episode_forms, log, logged_reference, standing = _episode_parts(
        store, child, forms, shipped_rule_sets() if rule_sets is None else rule_sets
    )
    photos = [
        PackPhoto(
            jpeg=store.photos.image(p.id),
            width=p.width,
            height=p.height,
            taken_on=p.taken_on,
            description=p.description,
        )
        for p in store.photos.for_child(child_id)
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
    )
