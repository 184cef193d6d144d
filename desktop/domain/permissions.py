"""Who may do what: the one table the app and the command line both consult.

Each action names the least role that may take it; a higher role may do everything a lower one
may. The store checks it before every change, so a window and a command line refuse alike, and
the app reads the same table to grey out what the signed-in person cannot use.
"""

from __future__ import annotations

from enum import StrEnum

from desktop.domain.errors import NotPermitted
from desktop.domain.model import Role

RANK: dict[Role, int] = {Role.STAFF: 0, Role.MANAGER: 1, Role.ADMINISTRATOR: 2}


class Action(StrEnum):
    """Things a signed-in person does that not every role may."""

    LOG = "log"
    EDIT_PROFILE = "edit profiles"
    EXPORT_PACK = "export the police pack"
    ANSWER_MANAGEMENT_PROMPT = "answer this"
    WAIVE_FOLLOW_UP = "mark a follow-up as not done"
    RUN_REPORTS = "run reports"
    MANAGE_ACCOUNTS = "manage accounts"
    MANAGE_BACKUPS = "manage backups"
    HOME_SETTINGS = "change the home's settings"
    RECORD_MISSING_RISK = "record a child's risk of going missing"
    LOWER_MISSING_RISK = "lower a child's risk of going missing"


LEAST_ROLE: dict[Action, Role] = {
    Action.LOG: Role.STAFF,
    Action.EDIT_PROFILE: Role.STAFF,
    Action.EXPORT_PACK: Role.STAFF,
    Action.ANSWER_MANAGEMENT_PROMPT: Role.MANAGER,
    Action.WAIVE_FOLLOW_UP: Role.MANAGER,
    Action.RUN_REPORTS: Role.MANAGER,
    Action.MANAGE_ACCOUNTS: Role.ADMINISTRATOR,
    Action.MANAGE_BACKUPS: Role.ADMINISTRATOR,
    Action.HOME_SETTINGS: Role.ADMINISTRATOR,
    # The grading is decided by the social worker or the MASH: staff on shift record the
    # decision they were told of, naming who made it. Lowering it stops the review meetings a
    # child at high risk needs, so only a manager records that.
    Action.RECORD_MISSING_RISK: Role.STAFF,
    Action.LOWER_MISSING_RISK: Role.MANAGER,
}
"""The least role each action needs."""

_WHO_MAY: dict[Role, str] = {
    Role.STAFF: "Any member of staff",
    Role.MANAGER: "Only a manager or administrator",
    Role.ADMINISTRATOR: "Only an administrator",
}

FOLLOW_UP_TRIGGERS = frozenset({"after_return", "return_interview_missed"})
"""Rule triggers whose duties follow the child's return: the follow-ups a manager may waive."""


def allows(role: Role, action: Action) -> bool:
    """Whether someone holding ``role`` may take ``action``."""
    return RANK[role] >= RANK[LEAST_ROLE[action]]


def who_may(action: Action) -> str:
    """Who may take ``action``, as a sentence ("Only an administrator can manage accounts.")."""
    return f"{_WHO_MAY[LEAST_ROLE[action]]} can {action.value}."


def require(role: Role, action: Action) -> None:
    """Refuse, saying which role is needed, unless ``role`` may take ``action``."""
    if not allows(role, action):
        raise NotPermitted(who_may(action))


def is_management_duty(who: str) -> bool:
    """Whether a rule's "who must act" is for a manager to answer, not for staff on shift.

    The rule sets name who must act in their own words. A duty is a management one when those
    words name a manager and name no carer or staff on shift ("Manager of the children's home",
    "Social worker / team manager"); "Foster carer or manager on duty" stays with staff.
    """
    words = who.casefold()
    return "manager" in words and not any(w in words for w in ("carer", "staff"))
