"""The one table of who may do what, and the rule that makes a duty a manager's."""

from __future__ import annotations

import pytest

from desktop.domain.errors import NotPermitted
from desktop.domain.model import Role
from desktop.domain.permissions import (
    LEAST_ROLE,
    Action,
    allows,
    is_management_duty,
    require,
    who_may,
)
from desktop.protocol.rules import shipped_rule_sets


def test_each_role_may_do_what_the_issue_gives_it_and_no_more():
    staff = {a for a in Action if allows(Role.STAFF, a)}
    manager = {a for a in Action if allows(Role.MANAGER, a)}
    assert staff == {
        Action.LOG,
        Action.EDIT_PROFILE,
        Action.EXPORT_PACK,
        Action.RECORD_MISSING_RISK,  # what the social worker or the MASH decided
    }
    assert manager - staff == {
        Action.ANSWER_MANAGEMENT_PROMPT,
        Action.WAIVE_FOLLOW_UP,
        Action.RUN_REPORTS,
        Action.LOWER_MISSING_RISK,  # it stops the review meetings of a child at high risk
    }
    assert {a for a in Action if allows(Role.ADMINISTRATOR, a)} == set(Action) == set(LEAST_ROLE)


def test_a_refusal_names_the_role_needed():
    with pytest.raises(NotPermitted, match=r"^Only a manager or administrator can answer this\.$"):
        require(Role.STAFF, Action.ANSWER_MANAGEMENT_PROMPT)
    assert who_may(Action.MANAGE_ACCOUNTS) == "Only an administrator can manage accounts."
    require(Role.MANAGER, Action.ANSWER_MANAGEMENT_PROMPT)  # allowed: no refusal


@pytest.mark.parametrize(
    ("who", "management"),
    [
        ("Manager of the children's home", True),
        ("Social worker / team manager", True),
        ("Children's services (a senior manager chairs)", True),
        ("Foster carer or manager on duty in the children's home", False),
        ("Home manager or foster carer", False),
        ("Staff on shift or foster carer", False),
        ("Child's social worker", False),
    ],
)
def test_a_duty_is_a_managers_when_its_who_names_a_manager_and_no_carer_or_staff(who, management):
    assert is_management_duty(who) is management


def test_every_shipped_protocol_leaves_most_duties_to_staff_on_shift():
    managed_anywhere = 0
    for rule_set in shipped_rule_sets().values():
        managed = [r for r in rule_set.rules if is_management_duty(r.who)]
        assert len(managed) < len(rule_set.rules) / 2, rule_set.id
        managed_anywhere += len(managed)
    assert managed_anywhere
