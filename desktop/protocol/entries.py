"""The one wording of log entries for people: Missing or absent page, pack, Part B, command line.

Everything but a decision is worded by :mod:`desktop.domain.entry_text` from the entry kinds'
labels. A decision is worded by the rule it answers, in that rule's own text (what the carer was
prompted with), so the rule sets are needed and this layer is the lowest that has them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from desktop.domain.entry_text import action_words, entry_details, entry_label
from desktop.domain.model import Child, Home, LogEntry
from desktop.protocol.rules import ACTION_NAMES, Rule, RuleSet


def preferred_order(rule_sets: Mapping[str, RuleSet], home: Home, child: Child) -> list[RuleSet]:
    """The child's protocols first (the responsible authority's, then the home's), then the rest.

    Rule ids repeat across rule sets with each protocol's own wording, so the child's own
    protocols are asked first; the others still word a decision made under a protocol the
    child has since moved away from.
    """
    ids = [child.responsible_protocol_id, home.protocol_id]
    first = [rule_sets[i] for i in dict.fromkeys(i for i in ids if i and i in rule_sets)]
    return first + [s for s in rule_sets.values() if s not in first]


class EntryWords:
    """Log entries of one episode in plain English.

    ``rule_sets`` in order of preference: a decision takes the text of the first rule with its
    id. ``log`` is the episode's log as written, so that a correction can name the entry it
    corrects by its time and kind. Times are shown in ``zone``.
    """

    def __init__(
        self, rule_sets: Iterable[RuleSet], zone: tzinfo, log: Sequence[LogEntry] = ()
    ) -> None:
        self.zone = zone
        self._rules: dict[str, Rule] = {}
        for rule_set in rule_sets:
            for rule in rule_set.rules:
                self._rules.setdefault(rule.id, rule)
        self._log = {e.id: e for e in log}

    @classmethod
    def for_child(
        cls,
        rule_sets: Mapping[str, RuleSet],
        home: Home,
        child: Child,
        log: Sequence[LogEntry] = (),
    ) -> EntryWords:
        """Words for a child's episode: their protocols' rules first, the home's clock."""
        return cls(preferred_order(rule_sets, home, child), ZoneInfo(home.timezone), log)

    def duty(self, body: Mapping[str, Any]) -> str:
        """The words of the duty a decision answers: its rule's text, else its action's name."""
        rule = self._rules.get(str(body.get("rule", "")))
        if rule is not None:
            return rule.text
        return ACTION_NAMES.get(str(body.get("action", ""))) or action_words(body)

    def kind(self, entry: LogEntry) -> str:
        """The entry's kind, e.g. "Phoned the child"."""
        return entry_label(entry)

    def details(self, entry: LogEntry) -> str:
        """What the entry says, without its kind."""
        return entry_details(entry, self.zone, log=self._log, duty=self.duty)

    def line(self, entry: LogEntry) -> str:
        """The entry on one line: its kind, then what it says (``Phoned the child. Outcome: …``)."""
        details = self.details(entry)
        return f"{self.kind(entry)}. {details}" if details else self.kind(entry)

    def __call__(self, entry: LogEntry) -> str:
        """The entry on one line (so an ``EntryWords`` can be passed where a describer is)."""
        return self.line(entry)
