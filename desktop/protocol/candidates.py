"""A rule's proposed prompt, and how proposals merge and meet the answers in the log.

Kept apart from the engine's rules so each stays small: the engine proposes, this settles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from desktop.domain.citation import Citation
from desktop.protocol.episode_facts import Answer
from desktop.protocol.rules import Rule


@dataclass
class Candidate:
    """A prompt a rule proposes, before merging with others and matching answers to it."""

    rule: Rule
    duty: str
    due_at: datetime
    void: bool = False
    citations: tuple[Citation, ...] = ()
    rule_id: str = ""
    text: str = ""
    answered_at: datetime | None = None
    outcome: str | None = None
    reason: str = ""
    recurring: bool = False
    opens_at: datetime | None = None  # answers at or before this settled an earlier occurrence

    def __post_init__(self) -> None:
        self.citations = self.citations or self.rule.cite
        self.rule_id = self.rule_id or self.rule.id
        self.text = self.text or self.rule.text


def merge_within(candidates: list[Candidate]) -> dict[str, Candidate]:
    """Same duty in one rule set: the earliest deadline wins (six hours vs overnight)."""
    best: dict[str, Candidate] = {}
    for c in candidates:
        current = best.get(c.duty)
        if current is None or (c.void, c.due_at) < (current.void, current.due_at):
            best[c.duty] = c
    return best


def merge_across(per_set: list[dict[str, Candidate]]) -> list[Candidate]:
    """Same duty in several rule sets: the earliest deadline, with every set's citations."""
    merged: dict[str, Candidate] = {}
    for candidates in per_set:
        for duty, c in candidates.items():
            current = merged.get(duty)
            if current is None:
                merged[duty] = replace(c)
                continue
            citations = current.citations + tuple(
                x for x in c.citations if x not in current.citations
            )
            winner = c if (c.void, c.due_at) < (current.void, current.due_at) else current
            merged[duty] = replace(winner, citations=citations)
    return list(merged.values())


def assign_answers(candidates: list[Candidate], answers: list[Answer]) -> None:
    """Each answer settles the open prompt of its action with the earliest deadline.

    An answer made on a prompt names its rule, and a meeting its stage: those prompts come first.
    """
    for answer in sorted(answers, key=lambda a: a.at):
        open_ = [
            c
            for c in candidates
            if c.rule.action == answer.action
            and c.answered_at is None
            and not c.void
            and (c.opens_at is None or answer.at > c.opens_at)
        ]
        if not open_:
            continue
        named = [
            c
            for c in open_
            if (answer.rule and c.rule_id == answer.rule)
            or (answer.stage and c.rule.stage == answer.stage)
        ]
        target = min(named or open_, key=lambda c: c.due_at)
        target.answered_at, target.outcome, target.reason = answer.at, answer.outcome, answer.reason
