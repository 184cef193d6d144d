"""First-run setup as plain data and rules, so it is tested without a window."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import time

from desktop.domain.model import Home
from desktop.domain.passphrases import passphrase_problem


@dataclass(frozen=True, slots=True)
class SetupAnswers:
    """What the person setting up the store has typed so far."""

    home_name: str = ""
    protocol_id: str = "england-default"
    overnight_start: time = time(22, 0)
    overnight_end: time = time(7, 0)
    admin_name: str = ""
    passphrase: str = ""
    passphrase_again: str = ""

    def home_problems(self, protocol_ids: Collection[str]) -> dict[str, str]:
        """Problems on the home page, by field; ``protocol_ids`` are the rule sets the app has."""
        problems: dict[str, str] = {}
        if not self.home_name.strip():
            problems["home_name"] = "Enter the name of the home (or 'Foster home of …')."
        if self.protocol_id not in protocol_ids:
            problems["protocol_id"] = "Choose the protocol your area follows."
        if self.overnight_start == self.overnight_end:
            problems["overnight"] = "Overnight must start and end at different times."
        return problems

    def account_problems(self) -> dict[str, str]:
        """Problems on the account page, by field."""
        problems: dict[str, str] = {}
        if not self.admin_name.strip():
            problems["admin_name"] = "Enter your name as you will type it to sign in."
        problem = passphrase_problem(self.passphrase)
        if problem is not None:
            problems["passphrase"] = problem
        elif self.passphrase != self.passphrase_again:
            problems["passphrase_again"] = "The two passphrases are different."
        return problems

    def home(self) -> Home:
        """The home record to create."""
        return Home(
            name=self.home_name.strip(),
            protocol_id=self.protocol_id,
            overnight_start=self.overnight_start,
            overnight_end=self.overnight_end,
        )
