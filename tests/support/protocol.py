"""The prompts for a child as the app computes them: the store's one read, the shipped rules."""

from __future__ import annotations

import functools
from datetime import datetime

from desktop import paths
from desktop.formspec import FormSpec, load_forms
from desktop.protocol.engine import Prompt
from desktop.protocol.rules import RuleSet, load_rule_sets
from desktop.protocol.situation import child_prompts
from desktop.store.store import Store


@functools.cache
def shipped_rule_sets() -> dict[str, RuleSet]:
    return load_rule_sets(paths.protocols_dir())


@functools.cache
def shipped_forms() -> dict[str, FormSpec]:
    return load_forms(paths.forms_dir())


def prompts_for(store: Store, child_id: str, *, now: datetime | None = None) -> list[Prompt]:
    return child_prompts(
        store.records(child_id),
        rule_sets=shipped_rule_sets(),
        forms=shipped_forms(),
        now=now or store.clock.now(),
    )


def settle_all_but_the_police_report(store: Store, child_id: str, episode_id: str) -> None:
    """Mark every waiting duty done except reporting to the police, as a careful shift would."""
    for prompt in prompts_for(store, child_id):
        if prompt.status in ("overdue", "upcoming") and prompt.action != "report_to_police":
            body = {"action": prompt.action, "outcome": "done", "rule": prompt.rule}
            store.episodes.append(episode_id, "decision", body)
