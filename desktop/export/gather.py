"""Collect what a pack prints from the store, so the PDF code never touches the database."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.domain.model import Child, cover_photo
from desktop.export.contents import PackForm, PackInput, PackLogLine, PackPhoto
from desktop.formspec import FormSpec, pack_forms
from desktop.protocol.entries import EntryWords
from desktop.protocol.rules import RuleSet, shipped_rule_sets
from desktop.store.store import Store


def _episode_parts(
    store: Store, child: Child, forms: dict[str, FormSpec], rule_sets: Mapping[str, RuleSet]
) -> tuple[list[PackForm], list[PackLogLine], str]:
    """The episode's printed forms (Part B), timed log and police reference, if one is open."""
    episode = store.episodes.current(child.id)
    if episode is None:
        return [], [], ""
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
    lines = [
        PackLogLine(
            happened=entry.event_at,
            recorded=entry.recorded_at,
            author=names.get(entry.author_id, "unknown"),
            entry=words.kind(entry),
            details=words.details(entry),
        )
        for entry in entries
    ]
    references = [f.values.get("police_incident_number") for f in printed]
    return printed, lines, str(next((r for r in references if r), ""))


def pack_input(
    store: Store,
    child_id: str,
    forms: dict[str, FormSpec],
    *,
    police_reference: str = "",
    rule_sets: Mapping[str, RuleSet] | None = None,
) -> PackInput:
    """Everything the police pack needs for one child, as of now.

    ``rule_sets`` word the log's decisions by the rules they answer (the shipped ones unless
    given).
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
    episode_forms, log, logged_reference = _episode_parts(
        store, child, forms, shipped_rule_sets() if rule_sets is None else rule_sets
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
    )
