"""The home's settings and the children it looks after."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Literal

from sqlalchemy import select

from desktop.domain.errors import BadInput, NotFound
from desktop.domain.form_review import check_months
from desktop.domain.idle import check_minutes
from desktop.domain.model import Child, ChildDetails, Home
from desktop.domain.permissions import Action
from desktop.store import mapping
from desktop.store.context import StoreContext
from desktop.store.tables import ChildRow, HomeRow

HomeSetting = Literal["backup_every_hours", "idle_lock_minutes", "form_review_months"]
"""The home's settings an administrator changes one at a time (mypy catches a misspelt one)."""

MAX_BACKUP_HOURS = 24 * 7
"""A week: the rotation keeps dailies, so a longer gap would leave it nothing to keep."""


class Children:
    """Children's records (names, dates, placement), and the home they live in."""

    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def home(self) -> Home:
        """The home's settings."""
        with self._ctx.db.session() as session:
            row = HomeRow.the_one(session)
            return mapping.home(row)

    def set_backup_schedule(self, every_hours: int) -> Home:
        """An administrator sets how often backups are made while the app runs (0: never)."""
        self._ctx.require(Action.MANAGE_BACKUPS)
        if not 0 <= every_hours <= MAX_BACKUP_HOURS:
            raise BadInput(
                f"Back up every 1 to {MAX_BACKUP_HOURS} hours, or 0 to make backups only by hand."
            )
        return self._set_home("backup_every_hours", every_hours)

    def set_idle_lock(self, minutes: int) -> Home:
        """An administrator sets how long the app may sit untouched before it locks."""
        self._ctx.require(Action.HOME_SETTINGS)
        check_minutes(minutes)
        return self._set_home("idle_lock_minutes", minutes)

    def set_form_review(self, months: int) -> Home:
        """An administrator sets how often each child's Philomena forms are reviewed."""
        self._ctx.require(Action.HOME_SETTINGS)
        check_months(months)
        return self._set_home("form_review_months", months)

    def _set_home(self, field: HomeSetting, value: int) -> Home:
        """Store one of the home's settings (already allowed and checked); the settings now."""
        with self._ctx.db.session() as session:
            row = HomeRow.the_one(session)
            setattr(row, field, value)
            return mapping.home(row)

    def add(self, details: ChildDetails) -> Child:
        """Add a child to the home's records."""
        author = self._ctx.require(Action.EDIT_PROFILE)
        problems = details.validate(today=self._ctx.clock.now().date())
        if problems:
            raise BadInput(" ".join(problems.values()))
        row = mapping.child_row(
            details, child_id=str(uuid.uuid4()), created_by=author, at=self._ctx.clock.now()
        )
        with self._ctx.db.session() as session:
            session.add(row)
            self._ctx.sign(session, "child", row.id, "added")
        return mapping.child(row)

    def set_authority_child_id(self, child_id: str, authority_child_id: str) -> Child:
        """Fill in or correct the responsible authority's id for a child, often learnt later.

        The record is signed again, so a change made outside the app is still found.
        """
        self._ctx.require(Action.EDIT_PROFILE)
        with self._ctx.db.session() as session:
            row = session.get(ChildRow, child_id)
            if row is None:
                raise NotFound("There is no child with that id in this store.")
            changed = replace(mapping.child(row), authority_child_id=authority_child_id.strip())
            problems = changed.validate(today=self._ctx.clock.now().date())
            if "authority_child_id" in problems:
                raise BadInput(problems["authority_child_id"])
            if row.authority_child_id != changed.authority_child_id:
                row.authority_child_id = changed.authority_child_id
                self._ctx.sign(session, "child", row.id, "changed")
            return mapping.child(row)

    def all(self, *, include_left: bool = True) -> list[Child]:
        """Children in the store, by name."""
        with self._ctx.db.session() as session:
            rows = session.scalars(
                select(ChildRow).order_by(ChildRow.last_name, ChildRow.first_name)
            ).all()
        today = self._ctx.clock.now().date()
        return [
            mapping.child(r)
            for r in rows
            if include_left or r.placement_end is None or r.placement_end >= today
        ]

    def get(self, child_id: str) -> Child:
        """One child by id."""
        with self._ctx.db.session() as session:
            row = session.get(ChildRow, child_id)
            if row is None:
                raise NotFound("There is no child with that id in this store.")
            return mapping.child(row)

    def find(self, name_or_id: str) -> Child:
        """A child by id, or by a name or alias that matches exactly one child."""
        wanted = " ".join(name_or_id.split()).casefold()
        matches = [c for c in self.all() if wanted in _names(c)]
        if not matches:
            raise NotFound("No child in this store has that name or id.")
        if len(matches) > 1:
            raise NotFound("More than one child has that name: use the child's id instead.")
        return matches[0]


def _names(child: Child) -> set[str]:
    """Every way staff might type the child's name, folded for comparison."""
    names = {
        child.id,
        child.first_name,
        child.preferred_name,
        child.english_name,
        f"{child.first_name} {child.last_name}",
        f"{child.preferred_name} {child.last_name}",
        *child.aliases,
    }
    return {n.casefold() for n in names if n}
