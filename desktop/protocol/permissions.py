"""Which role a decision on a duty needs, read from the rule the duty comes from.

A duty is a management one when its rule's "who must act" names a manager and no carer or staff
on shift (:func:`desktop.domain.permissions.is_management_duty`); recording one of the
follow-ups after a child's return as not done waives it, which is a manager's call too.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain.permissions import FOLLOW_UP_TRIGGERS, Action, is_management_duty
from desktop.protocol.engine import Prompt
from desktop.protocol.rules import Rule, RuleSet


def _rules(rule_sets: Iterable[RuleSet], rule_id: str, action: str) -> list[Rule]:
    """The rules a decision answers: by rule id when it names one, else by its action."""
    every = [r for s in rule_sets for r in s.rules]
    return (
        [r for r in every if r.id == rule_id]
        if rule_id
        else [r for r in every if r.action == action]
    )


def decision_needs(
    rule_sets: Iterable[RuleSet], *, rule_id: str, action: str, outcome: str
) -> list[Action]:
    """What recording this decision (``done`` or ``not_done``) asks of the person's role."""
    rules = _rules(rule_sets, rule_id, action)
    needs = [Action.LOG]
    if any(is_management_duty(r.who) for r in rules):
        needs.append(Action.ANSWER_MANAGEMENT_PROMPT)
    if outcome == "not_done" and any(r.trigger in FOLLOW_UP_TRIGGERS for r in rules):
        needs.append(Action.WAIVE_FOLLOW_UP)
    return needs


def prompt_needs(rule_sets: Iterable[RuleSet], prompt: Prompt, *, done: bool) -> list[Action]:
    """What answering ``prompt`` (done, or not done) asks of the person's role."""
    return decision_needs(
        rule_sets, rule_id=prompt.rule, action=prompt.action, outcome="done" if done else "not_done"
    )
