"""Scenario files: a timeline in TOML, evaluated at each check, printed as JSON.

This is an interface other tools depend on; its input and output are fixed. Every key, kind,
flag and protocol is checked: anything unknown is an error naming it (with its line where it can
be found), never silently ignored.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop.domain.grading import GRADING_VALUES
from desktop.domain.timeline import (
    ChildFacts,
    Event,
    EventKind,
    HomeSettings,
    PastEpisode,
    Situation,
)
from desktop.protocol.engine import Prompt, evaluate
from desktop.protocol.rules import ACTIONS, RuleSet
from desktop.protocol.scenario_reader import Reader, ScenarioError

__all__ = ["Check", "Scenario", "ScenarioError", "dumps", "parse_scenario", "prompt_json", "run"]


@dataclass(frozen=True, slots=True)
class Check:
    """One moment to evaluate, with optional expectations (used by the test library)."""

    at: datetime
    expect: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Scenario:
    """A parsed scenario."""

    rule_set_ids: tuple[str, ...]
    zone: ZoneInfo
    situation: Situation
    checks: tuple[Check, ...]


_TOP = {"protocol", "timezone", "home", "child", "history", "events", "check"}
_HOME = {"overnight_from", "overnight_until", "away_review_minutes", "photo_max_age_days"}
_CHILD = {
    "date_of_birth",
    "risk_flags",
    "plan_report_after_hours",
    "plan_report_immediately",
    "plan_overnight_from",
    "placement_start",
    "newest_photo",
    "foster",
    "placement_planned",
    "missing_risk",
    "risk_reviews_held",
}
_HISTORY = {"start", "returned", "reported_to_police", "return_interview", "intervention_meetings"}
_EVENT = {
    "at",
    "kind",
    "whereabouts",
    "flag",
    "action",
    "outcome",
    "reason",
    "due",
    "rule",
    "stage",
    "grading",
}
_CHECK = {"at", "expect"}
_EXPECT = {"action", "due_at", "status", "rule", "absent", "seeds"}
_ENDED_BY_RETURN = frozenset(
    {
        EventKind.AWARE,
        EventKind.WHEREABOUTS_UNKNOWN,
        EventKind.WHEREABOUTS_KNOWN,
        EventKind.RETURNED,
    }
)


def parse_scenario(text: str, known_protocols: set[str]) -> Scenario:
    """Parse and check a scenario file's text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"Scenario is not valid TOML: {exc}") from None
    r = Reader(text)
    r.keys(data, _TOP, "file")
    zone_name = data.get("timezone", "Europe/London")
    try:
        r.zone = ZoneInfo(str(zone_name))
    except (ZoneInfoNotFoundError, ValueError):
        raise r.fail("file", f"unknown time zone '{zone_name}'", "timezone") from None
    protocol = data.get("protocol")
    ids = [protocol] if isinstance(protocol, str) else protocol
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise r.fail(
            "file",
            "'protocol' must name a rule set, or list the responsible authority's and the host's",
            "protocol",
        )
    for pid in ids:
        if pid not in known_protocols:
            raise r.fail(
                "file",
                f"unknown protocol '{pid}'; use one of " + ", ".join(sorted(known_protocols)),
                "protocol",
            )

    home_raw = r.keys(data.get("home", {}), _HOME, "[home]")
    home = HomeSettings(
        overnight_from=r.clock_time(
            home_raw.get("overnight_from", "22:00"), "[home]", "overnight_from"
        ),
        overnight_until=r.clock_time(
            home_raw.get("overnight_until", "07:00"), "[home]", "overnight_until"
        ),
        away_review_every=timedelta(
            minutes=r.number(
                home_raw.get("away_review_minutes", 60),
                "[home]",
                "away_review_minutes",
                positive=True,
            )
        ),
        photo_max_age_days=int(
            r.number(home_raw.get("photo_max_age_days", 183), "[home]", "photo_max_age_days")
        ),
        timezone=str(zone_name),
    )
    c = r.keys(data.get("child", {}), _CHILD, "[child]")
    flags = c.get("risk_flags", [])
    if not isinstance(flags, list):
        raise r.fail("[child]", "'risk_flags' must be a list", "risk_flags")
    child = ChildFacts(
        date_of_birth=r.day(c["date_of_birth"], "[child]", "date_of_birth")
        if "date_of_birth" in c
        else None,
        risk_flags=frozenset(r.flag(f, "[child]", "risk_flags") for f in flags),
        plan_report_after_hours=r.number(
            c["plan_report_after_hours"], "[child]", "plan_report_after_hours"
        )
        if "plan_report_after_hours" in c
        else None,
        plan_report_immediately=r.boolean(
            c.get("plan_report_immediately", False), "[child]", "plan_report_immediately"
        ),
        plan_overnight_from=r.clock_time(c["plan_overnight_from"], "[child]", "plan_overnight_from")
        if "plan_overnight_from" in c
        else None,
        placement_start=r.day(c["placement_start"], "[child]", "placement_start")
        if "placement_start" in c
        else None,
        newest_photo=r.day(c["newest_photo"], "[child]", "newest_photo")
        if "newest_photo" in c
        else None,
        foster=r.boolean(c.get("foster", False), "[child]", "foster"),
        placement_planned=r.boolean(c["placement_planned"], "[child]", "placement_planned")
        if "placement_planned" in c
        else None,
        missing_risk=r.missing_risk(c.get("missing_risk", []), "[child]"),
        risk_reviews=r.moments(c.get("risk_reviews_held", []), "[child]", "risk_reviews_held"),
    )
    history = []
    for i, h in enumerate(r.tables(data, "history"), start=1):
        where = f"[[history]] {i}"
        r.keys(h, _HISTORY, where)
        if "start" not in h:
            raise r.fail(where, "'start' is missing")
        interview = h.get("return_interview")
        if interview not in (None, "done", "declined"):
            raise r.fail(
                where, '\'return_interview\' must be "done" or "declined"', "return_interview"
            )
        if "returned" in h and r.moment(h["returned"], where, "returned") < r.moment(
            h["start"], where, "start"
        ):
            raise r.fail(where, "'returned' is before 'start'", "returned")
        history.append(
            PastEpisode(
                start=r.moment(h["start"], where, "start"),
                returned=r.moment(h["returned"], where, "returned") if "returned" in h else None,
                reported_to_police=r.boolean(
                    h.get("reported_to_police", False), where, "reported_to_police"
                ),
                return_interview=interview,
                intervention_meetings=r.meetings(h.get("intervention_meetings", []), where),
            )
        )
    events = []
    previous: datetime | None = None
    seen_aware = returned = False
    for i, e in enumerate(r.tables(data, "events"), start=1):
        where = f"[[events]] {i}"
        r.keys(e, _EVENT, where)
        if "at" not in e or "kind" not in e:
            raise r.fail(where, "each event needs 'at' and 'kind'")
        kind_text = e["kind"]
        try:
            kind = EventKind(kind_text)
        except ValueError:
            raise r.fail(
                where,
                f"unknown kind '{kind_text}'; use one of " + ", ".join(k.value for k in EventKind),
                "kind",
            ) from None
        at = r.moment(e["at"], where, "at")
        if previous is not None and at < previous:
            raise r.fail(
                where,
                "events must be in time order: this one is earlier than the one before it",
                "at",
            )
        previous = at
        if i == 1 and kind is not EventKind.AWARE:
            raise r.fail(where, "the first event must be 'aware': the moment staff knew", "kind")
        if kind is EventKind.AWARE and seen_aware:
            raise r.fail(
                where,
                "an episode has one 'aware' event; start a new scenario for a new episode",
                "kind",
            )
        if returned and kind in _ENDED_BY_RETURN:
            raise r.fail(
                where,
                f"'{kind.value}' after 'returned': the child is back, so this "
                "would be a new episode",
                "kind",
            )
        seen_aware = seen_aware or kind is EventKind.AWARE
        returned = returned or kind is EventKind.RETURNED
        events.append(_event(r, e, kind, at, where))
    checks = []
    for i, raw in enumerate(r.tables(data, "check"), start=1):
        where = f"[[check]] {i}"
        r.keys(raw, _CHECK, where)
        if "at" not in raw:
            raise r.fail(where, "'at' is missing")
        expect = raw.get("expect", [])
        for item in expect:
            r.keys(item, _EXPECT, f"{where} expect")
        checks.append(Check(at=r.moment(raw["at"], where, "at"), expect=tuple(expect)))
    situation = Situation(
        home=home,
        child=child,
        events=tuple(events),
        history=tuple(sorted(history, key=lambda p: p.start)),
    )
    return Scenario(rule_set_ids=tuple(ids), zone=r.zone, situation=situation, checks=tuple(checks))


def _event(r: Reader, e: dict[str, Any], kind: EventKind, at: datetime, where: str) -> Event:
    allowed = {"at", "kind"} | {
        EventKind.AWARE: {"whereabouts"},
        EventKind.RISK_FLAG: {"flag"},
        EventKind.ANSWERED: {"action", "outcome", "reason", "rule"},
        EventKind.INITIAL_CHECKS_DEADLINE: {"due"},
        EventKind.POLICE_REVIEW: {"due"},
        EventKind.INTERVENTION_MEETING: {"stage"},
        EventKind.POLICE_GRADED: {"grading"},
    }.get(kind, set())
    for key in e:
        if key not in allowed:
            raise r.fail(where, f"key '{key}' does not belong on a '{kind.value}' event", key)
    if kind is EventKind.AWARE:
        whereabouts = e.get("whereabouts", "unknown")
        if whereabouts not in ("known", "unknown"):
            raise r.fail(where, '\'whereabouts\' must be "known" or "unknown"', "whereabouts")
        return Event(at=at, kind=kind, whereabouts_known=whereabouts == "known")
    if kind is EventKind.RISK_FLAG:
        if "flag" not in e:
            raise r.fail(where, "a risk_flag event needs 'flag'")
        return Event(at=at, kind=kind, flag=r.flag(e["flag"], where, "flag"))
    if kind is EventKind.ANSWERED:
        outcome = e.get("outcome", "done")
        if "action" not in e or not isinstance(e["action"], str):
            raise r.fail(where, "an answered event needs 'action'")
        if outcome not in ("done", "not_done"):
            raise r.fail(where, '\'outcome\' must be "done" or "not_done"', "outcome")
        if e["action"] not in ACTIONS:
            raise r.fail(
                where,
                f"unknown action '{e['action']}'; use one of " + ", ".join(sorted(ACTIONS)),
                "action",
            )
        if outcome == "not_done" and not str(e.get("reason", "")).strip():
            raise r.fail(where, "a duty not done needs its 'reason'", "reason")
        rule = e.get("rule", "")
        if not isinstance(rule, str):
            raise r.fail(where, "'rule' must be a rule's id, as text", "rule")
        reason = str(e.get("reason", ""))
        return Event(
            at=at, kind=kind, action=e["action"], outcome=outcome, reason=reason, rule=rule
        )
    if kind is EventKind.POLICE_GRADED:
        if e.get("grading") not in GRADING_VALUES:
            values = ", ".join(f'"{g}"' for g in GRADING_VALUES)
            raise r.fail(where, f"a police_graded event needs 'grading': one of {values}")
        return Event(at=at, kind=kind, grading=str(e["grading"]))
    if kind is EventKind.INTERVENTION_MEETING:
        if "stage" not in e:
            raise r.fail(where, "an intervention_meeting event needs 'stage'")
        return Event(at=at, kind=kind, stage=r.stage(e["stage"], where, "stage"))
    if kind in (EventKind.INITIAL_CHECKS_DEADLINE, EventKind.POLICE_REVIEW):
        if "due" not in e:
            raise r.fail(where, f"a {kind.value} event needs 'due'")
        return Event(at=at, kind=kind, due=r.moment(e["due"], where, "due"))
    return Event(at=at, kind=kind)


def iso(moment: datetime, zone: ZoneInfo) -> str:
    """ISO 8601 with seconds and the UTC offset, in the scenario's zone."""
    return moment.astimezone(zone).isoformat(timespec="seconds")


def prompt_json(prompt: Prompt, zone: ZoneInfo) -> dict[str, Any]:
    """One prompt as the runner prints it."""
    return {
        "action": prompt.action,
        "rule": prompt.rule,
        "due_at": iso(prompt.due_at, zone),
        "status": prompt.status,
        "who": prompt.who,
        "citations": [c.as_dict() for c in prompt.citations],
        "text": prompt.text,
    }


def run(scenario: Scenario, rule_sets: dict[str, RuleSet]) -> dict[str, Any]:
    """Evaluate every check; the JSON the runner prints."""
    chosen = [rule_sets[i] for i in scenario.rule_set_ids]
    checks = []
    for check in scenario.checks:
        prompts = evaluate(chosen, scenario.situation, check.at)
        checks.append(
            {
                "at": iso(check.at, scenario.zone),
                "prompts": [prompt_json(p, scenario.zone) for p in prompts],
            }
        )
    return {"checks": checks}


def dumps(result: dict[str, Any]) -> str:
    """The runner's output text."""
    return json.dumps(result, ensure_ascii=False, indent=2)
