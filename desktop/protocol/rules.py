"""Load protocol rule sets from ``resources/protocols/*.toml`` and refuse malformed ones.

Every rule carries the seed citation it comes from; a rule set whose seed is silent on a duty
children need names that duty's rule in ``england-default`` under ``borrow``, so the borrowed
rule keeps its own citation to the seed it really comes from.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from desktop.domain.citation import Citation
from desktop.domain.errors import PhilomenaError
from desktop.domain.timeline import INTERVENTION_STAGES, RISK_FLAGS

ACTION_NAMES: dict[str, str] = {
    "report_to_police": "Report the child missing to the police",
    "chase_acceptance": "Get the police to confirm they accepted the report",
    "review_absence": "Review the absence",
    "notify_social_worker": "Tell the child's social worker",
    "notify_parents": "Tell the child's parents",
    "notify_manager": "Tell the manager on duty",
    "notify_iro": "Tell the independent reviewing officer (IRO)",
    "notify_authority": "Tell the responsible local authority",
    "notify_police": "Tell the police",
    "notify_supervising_social_worker": "Tell the supervising social worker",
    "strategy_meeting": "Strategy discussion or meeting",
    "safe_and_well_check": "Safe and well check",
    "return_interview": "Return interview",
    "repeat_episode_review": "Review the repeated episodes",
    "update_forms": "Bring the child's records up to date",
    "preserve_evidence": "Keep evidence safe",
    "escalate": "Escalate",
    "high_risk_review": "Review meeting for a child at high risk of going missing",
}
"""Each action a rule can ask for, named plainly (a decision is worded by its rule's own text
when the rule is known, and by this name when it is not)."""
ACTIONS: frozenset[str] = frozenset(ACTION_NAMES)
REPORT_TO_POLICE = "report_to_police"
"""The action every protocol's first duty asks for; screens and the pack put it first."""
CHASE_ACCEPTANCE = "chase_acceptance"
"""The action that asks, after a report, until the police say they have accepted it."""
TIMED_TRIGGERS: frozenset[str] = frozenset(
    {
        "unknown_for",
        "after_aware",
        "after_report",
        "every_after_report",
        "after_return",
        "return_interview_missed",
        "placement_forms",
        "interview_raised_risk",
        "after_disagreement",
        "while_high_risk",
        "until_accepted",
    }
)
UNTIMED_TRIGGERS: frozenset[str] = frozenset(
    {
        "overnight",
        "risk_flag",
        "plan",
        "initial_checks",
        "checks_failed",
        "police_review",
        "away_review",
        "count",
        "declined_in_a_row",
        "photo_age",
    }
)
OPTIONALLY_TIMED_TRIGGERS: frozenset[str] = frozenset({"count"})
"""Untimed triggers that may still take a delay ("within 5 working days of any trigger episode")."""
APPLIES = ("all", "reported", "unknown", "unreported")
SEVERITIES: tuple[str, ...] = ("critical", "high", "normal", "routine")
"""How much a duty matters, most first (what each means is in the rule sets' README)."""
DEFAULT_RULE_SET = "england-default"
STAGES = tuple(INTERVENTION_STAGES)

_RULE_KEYS = {
    "id",
    "duty",
    "action",
    "severity",
    "trigger",
    "hours",
    "days",
    "working_days",
    "high_risk_hours",
    "who",
    "text",
    "cite",
    "flags",
    "applies",
    "void_on_return",
    "episodes",
    "window_days",
    "count",
    "foster_only",
    "from",
    "harm_only",
    "months",
    "window_months",
    "start_hours",
    "start_days",
    "start_months",
    "times",
    "then_days",
    "then_months",
    "from_last_held",
    "stage",
    "since_meeting_working_days",
    "planned_hours",
    "planned_days",
}


class RuleSetError(PhilomenaError):
    """A shipped rule set is malformed: a packaging fault, stopped at start-up."""


@dataclass(frozen=True, slots=True)
class Delay:
    """How long after its anchor a duty falls due: real time, working days or calendar months.

    A seed's "3 months" is three calendar months and its "90 days" ninety days: each is read as
    the seed words it.
    """

    elapsed: timedelta | None = None
    working_days: int | None = None
    months: int | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.elapsed, self.working_days, self.months))


@dataclass(frozen=True, slots=True)
class Rule:
    """One duty of one protocol."""

    id: str
    duty: str
    action: str
    trigger: str
    who: str
    text: str
    cite: tuple[Citation, ...]
    severity: str = "normal"  # one of SEVERITIES
    delay: Delay = Delay()
    high_risk: timedelta | None = None
    flags: frozenset[str] = frozenset()
    applies: str = "all"
    void_on_return: bool = True
    episodes: int = 0
    window_days: int = 0
    count: int = 0
    foster_only: bool = False
    rule_set: str = ""
    from_missing: bool = False  # after_report: count from the start of the missing episode
    harm_only: bool = False  # only where harm to the child is suspected
    window_months: int = 0  # count: a window of calendar months too; the longer one counts
    start: Delay = Delay()  # every_after_report: when the first occurrence falls due
    times: int = 0  # every_after_report: occurrences at ``delay`` before ``then`` takes over
    then: Delay = Delay()  # every_after_report: the interval after ``times`` occurrences
    from_last_held: bool = False  # every_after_report: next due an interval after the last held
    from_return_notice: bool = False  # after a return: count from when the home was told of it
    stage: int = 0  # the intervention-meeting stage the rule convenes (INTERVENTION_STAGES)
    since_meeting_working_days: int = 0  # staged count: only this soon after the last meeting
    planned: Delay = Delay()  # placement_forms: the deadline when the placement was planned


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A local protocol's duties."""

    id: str
    name: str  # what a home or social worker chooses it by, e.g. "Kent and Medway"
    seed: str
    summary: str
    rules: tuple[Rule, ...]
    title: str = ""  # the protocol document's own title


def _fail(origin: str, where: str, problem: str) -> RuleSetError:
    return RuleSetError(f"Rule set {origin}, {where}: {problem}")


def _text(raw: dict[str, Any], key: str, origin: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(origin, where, f"'{key}' must be non-empty text")
    return value.strip()


def _number(raw: dict[str, Any], key: str, origin: str, where: str) -> float:
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise _fail(origin, where, f"'{key}' must be a number from 0")
    return float(value)


def _rule(raw: Any, origin: str, set_id: str) -> Rule:
    if not isinstance(raw, dict):
        raise _fail(origin, "rule", "each [[rule]] must be a table")
    rid = _text(raw, "id", origin, "rule")
    where = f"rule '{rid}'"
    extra = sorted(set(raw) - _RULE_KEYS)
    if extra:
        raise _fail(origin, where, "unknown key(s) " + ", ".join(repr(k) for k in extra))
    action = _text(raw, "action", origin, where)
    if action not in ACTIONS:
        raise _fail(origin, where, f"action '{action}' is not one of {', '.join(sorted(ACTIONS))}")
    severity = _text(raw, "severity", origin, where)
    if severity not in SEVERITIES:
        raise _fail(origin, where, f"severity '{severity}' is not one of {', '.join(SEVERITIES)}")
    trigger = _text(raw, "trigger", origin, where)
    if trigger not in TIMED_TRIGGERS | UNTIMED_TRIGGERS:
        raise _fail(origin, where, f"trigger '{trigger}' is not known")
    timing = [k for k in ("hours", "days", "working_days", "months") if k in raw]
    if trigger in TIMED_TRIGGERS and len(timing) != 1:
        raise _fail(origin, where, "needs exactly one of hours, days, working_days or months")
    if len(timing) > 1:
        raise _fail(origin, where, "needs exactly one of hours, days, working_days or months")
    if trigger in UNTIMED_TRIGGERS - OPTIONALLY_TIMED_TRIGGERS and timing:
        raise _fail(origin, where, f"a '{trigger}' rule takes no hours or days")
    delay = _delay(raw, "", origin, where)
    if trigger == "every_after_report" and (delay.working_days is not None or not delay):
        raise _fail(origin, where, "a recurring rule needs an interval in hours, days or months")
    start = _delay(raw, "start_", origin, where)
    then = _delay(raw, "then_", origin, where)
    series = {"times", "from_last_held"} | {k for k in raw if k.startswith(("start_", "then_"))}
    if trigger != "every_after_report" and series & set(raw):
        raise _fail(origin, where, "only an every_after_report rule takes a series' keys")
    times = raw.get("times", 0)
    if isinstance(times, bool) or not isinstance(times, int) or times < 0:
        raise _fail(origin, where, "'times' must be a whole number from 0")
    if bool(times) != bool(then):
        raise _fail(origin, where, "'times' and then_days or then_months go together")
    cites_raw = raw.get("cite")
    if not isinstance(cites_raw, list) or not cites_raw:
        raise _fail(origin, where, "'cite' must list at least one seed citation")
    cites = []
    for c in cites_raw:
        if not isinstance(c, dict) or set(c) != {"seed", "section", "quote"}:
            raise _fail(origin, where, "each citation needs exactly seed, section and quote")
        cites.append(
            Citation(
                seed=_text(c, "seed", origin, where),
                section=_text(c, "section", origin, where),
                quote=_text(c, "quote", origin, where),
            )
        )
    flags = frozenset(raw.get("flags", []))
    if trigger == "risk_flag" and (not flags or flags - set(RISK_FLAGS)):
        raise _fail(origin, where, "a risk_flag rule needs flags from " + ", ".join(RISK_FLAGS))
    applies = raw.get("applies", "all")
    if applies not in APPLIES:
        raise _fail(origin, where, f"applies must be one of {', '.join(APPLIES)}")
    if trigger == "count" and not (
        isinstance(raw.get("episodes"), int) and isinstance(raw.get("window_days"), int)
    ):
        raise _fail(origin, where, "a count rule needs whole-number episodes and window_days")
    if trigger == "declined_in_a_row" and not isinstance(raw.get("count"), int):
        raise _fail(origin, where, "a declined_in_a_row rule needs a whole-number count")
    anchor = raw.get("from", "report")
    if anchor not in ("report", "missing", "return_notice"):
        raise _fail(origin, where, '\'from\' must be "report", "missing" or "return_notice"')
    if anchor == "missing" and trigger not in ("after_report", "every_after_report"):
        raise _fail(origin, where, "only after_report rules can count from the missing start")
    if anchor == "return_notice" and trigger not in ("after_return", "return_interview_missed"):
        raise _fail(origin, where, "only a rule after the return can count from its notice")
    stage, since = _stage(raw, trigger, origin, where)
    planned = _delay(raw, "planned_", origin, where)
    if planned and trigger != "placement_forms":
        raise _fail(origin, where, "only a placement_forms rule takes planned_hours or _days")
    window_months = raw.get("window_months", 0)
    if not isinstance(window_months, int) or isinstance(window_months, bool) or window_months < 0:
        raise _fail(origin, where, "'window_months' must be a whole number from 0")
    if window_months and trigger != "count":
        raise _fail(origin, where, "only a count rule takes window_months")
    high = raw.get("high_risk_hours")
    return Rule(
        id=rid,
        duty=_text(raw, "duty", origin, where),
        action=action,
        trigger=trigger,
        who=_text(raw, "who", origin, where),
        text=_text(raw, "text", origin, where),
        cite=tuple(cites),
        severity=severity,
        delay=delay,
        high_risk=timedelta(hours=float(high)) if high is not None else None,
        flags=flags,
        applies=applies,
        void_on_return=bool(raw.get("void_on_return", True)),
        episodes=int(raw.get("episodes", 0)),
        window_days=int(raw.get("window_days", 0)),
        count=int(raw.get("count", 0)),
        foster_only=bool(raw.get("foster_only", False)),
        rule_set=set_id,
        from_missing=anchor == "missing",
        harm_only=bool(raw.get("harm_only", False)),
        window_months=window_months,
        start=start,
        times=times,
        then=then,
        from_last_held=bool(raw.get("from_last_held", False)),
        from_return_notice=anchor == "return_notice",
        stage=stage,
        since_meeting_working_days=since,
        planned=planned,
    )


def _stage(raw: dict[str, Any], trigger: str, origin: str, where: str) -> tuple[int, int]:
    """A rule's intervention-meeting stage, and how soon after the last meeting it applies."""
    stage = raw.get("stage", 0)
    since = raw.get("since_meeting_working_days", 0)
    if stage and (isinstance(stage, bool) or stage not in INTERVENTION_STAGES):
        raise _fail(origin, where, f"'stage' must be one of {', '.join(map(str, STAGES))}")
    if stage and trigger not in ("count", "interview_raised_risk"):
        raise _fail(origin, where, "only a count or interview_raised_risk rule takes a stage")
    if since and (isinstance(since, bool) or not isinstance(since, int) or since < 0):
        raise _fail(origin, where, "'since_meeting_working_days' must be a whole number")
    if since and (trigger != "count" or stage < 2):
        raise _fail(origin, where, "since_meeting_working_days needs a count rule of stage 2 on")
    return int(stage), int(since)


def _delay(raw: dict[str, Any], prefix: str, origin: str, where: str) -> Delay:
    """The delay ``raw`` gives under ``prefix`` (``hours``, ``start_days``, ``then_months`` …)."""
    given = [k for k in ("hours", "days", "working_days", "months") if prefix + k in raw]
    if len(given) > 1:
        raise _fail(origin, where, f"give the {prefix or 'deadline '}timing once")
    if not given:
        return Delay()
    unit, key = given[0], prefix + given[0]
    value = _number(raw, key, origin, where)
    if unit == "hours":
        return Delay(elapsed=timedelta(hours=value))
    if unit == "days":
        return Delay(elapsed=timedelta(days=value))
    if value != int(value):
        raise _fail(origin, where, f"'{key}' must be a whole number")
    if unit == "months":
        return Delay(months=int(value))
    return Delay(working_days=int(value))


def parse_rule_set(data: dict[str, Any], origin: str) -> tuple[RuleSet, tuple[str, ...]]:
    """A rule set and the ids it borrows from england-default."""
    extra = sorted(set(data) - {"id", "name", "title", "seed", "summary", "borrow", "rule"})
    if extra:
        raise _fail(origin, "top level", "unknown key(s) " + ", ".join(repr(k) for k in extra))
    set_id = _text(data, "id", origin, "top level")
    rules_raw = data.get("rule", [])
    if not isinstance(rules_raw, list):
        raise _fail(origin, "top level", "[[rule]] must be a list of tables")
    rules = tuple(_rule(r, origin, set_id) for r in rules_raw)
    ids = [r.id for r in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise _fail(origin, "top level", "duplicate rule ids " + ", ".join(duplicates))
    borrow = data.get("borrow", [])
    if not isinstance(borrow, list) or not all(isinstance(b, str) for b in borrow):
        raise _fail(origin, "top level", "'borrow' must be a list of rule ids")
    rule_set = RuleSet(
        id=set_id,
        name=_text(data, "name", origin, "top level"),
        seed=_text(data, "seed", origin, "top level"),
        summary=_text(data, "summary", origin, "top level"),
        rules=rules,
        title=_text(data, "title", origin, "top level") if "title" in data else "",
    )
    return rule_set, tuple(borrow)


def load_rule_sets(folder: Path) -> dict[str, RuleSet]:
    """Every rule set in ``folder``, with borrowed rules resolved from england-default."""
    parsed: dict[str, tuple[RuleSet, tuple[str, ...]]] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise RuleSetError(f"Rule set {path.name} is not valid TOML: {exc}") from None
        rule_set, borrow = parse_rule_set(data, path.name)
        if rule_set.id != path.stem:
            raise RuleSetError(f"Rule set {path.name}: id '{rule_set.id}' must match the name")
        parsed[rule_set.id] = (rule_set, borrow)
    if DEFAULT_RULE_SET not in parsed:
        raise RuleSetError(f"The {DEFAULT_RULE_SET} rule set is missing.")
    default = {r.id: r for r in parsed[DEFAULT_RULE_SET][0].rules}
    resolved: dict[str, RuleSet] = {}
    for set_id, (rule_set, borrow) in parsed.items():
        own = {r.id for r in rule_set.rules}
        extra: list[Rule] = []
        for rule_id in borrow:
            if rule_id not in default:
                raise RuleSetError(
                    f"Rule set {set_id}: borrows '{rule_id}', which {DEFAULT_RULE_SET} lacks"
                )
            if rule_id in own:
                raise RuleSetError(f"Rule set {set_id}: borrows '{rule_id}' but also defines it")
            extra.append(replace(default[rule_id], rule_set=set_id))
        resolved[set_id] = replace(rule_set, rules=rule_set.rules + tuple(extra))
    return resolved


def protocol_names(rule_sets: Mapping[str, RuleSet]) -> dict[str, str]:
    """Rule set ids with the names people choose them by: areas A to Z, then the default."""
    ordered = sorted(rule_sets.values(), key=lambda s: (s.id == DEFAULT_RULE_SET, s.name.lower()))
    return {s.id: s.name for s in ordered}


@functools.cache
def shipped_rule_sets() -> dict[str, RuleSet]:
    """The rule sets shipped with the app (loaded once per process)."""
    from desktop import paths

    return load_rule_sets(paths.protocols_dir())
