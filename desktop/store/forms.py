"""Saved versions of the Philomena forms: every save is a new version, none is overwritten."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select

from desktop.domain.errors import BadInput
from desktop.domain.model import FormVersion
from desktop.domain.permissions import Action
from desktop.formspec import FieldKind, FormSpec, completeness, validate_values
from desktop.formspec.prefill import with_prefill
from desktop.store import mapping
from desktop.store.children import Children
from desktop.store.context import StoreContext
from desktop.store.photos import Photos
from desktop.store.tables import FormRecordRow, StaffRow


def _in_episode(episode_id: str | None) -> ColumnElement[bool]:
    """A child's own forms have no episode; Part B and the risk assessment belong to one."""
    if episode_id is None:
        return FormRecordRow.episode_id.is_(None)
    return FormRecordRow.episode_id == episode_id


class Forms:
    """Part A, Locations and Contacts, and (through episodes) Part B and the risk assessment."""

    def __init__(self, ctx: StoreContext, children: Children, photos: Photos) -> None:
        self._ctx = ctx
        self._children = children
        self._photos = photos

    def save(
        self,
        child_id: str,
        spec: FormSpec,
        values: dict[str, Any],
        *,
        episode_id: str | None = None,
    ) -> FormVersion:
        """Save a new version of a form; earlier versions are kept unchanged."""
        author = self._ctx.require(Action.EDIT_PROFILE)
        problems = validate_values(spec, values)
        if problems:
            known = {f.id: f.label for f in spec.fields()}
            raise BadInput(
                "Some answers need attention: "
                + " ".join(f"{known.get(k, k)}: {v}" for k, v in problems.items())
            )
        self._children.get(child_id)
        with self._ctx.db.session() as session:
            current = session.scalar(
                select(func.max(FormRecordRow.number)).where(
                    FormRecordRow.child_id == child_id,
                    FormRecordRow.form_id == spec.id,
                    _in_episode(episode_id),
                )
            )
            row = FormRecordRow(
                child_id=child_id,
                episode_id=episode_id,
                form_id=spec.id,
                definition_version=spec.version,
                number=(current or 0) + 1,
                data=dict(values),
                saved_at=self._ctx.clock.now(),
                saved_by=author.id,
            )
            session.add(row)
            session.flush()
            self._ctx.sign(session, "form", str(row.id), "saved")
            return mapping.form_version(row, author.name)

    def versions(
        self, child_id: str, form_id: str, *, episode_id: str | None = None
    ) -> list[FormVersion]:
        """Every saved version of a child's form (or of one episode's form), newest first."""
        with self._ctx.db.session() as session:
            rows = session.execute(
                select(FormRecordRow, StaffRow.name)
                .join(StaffRow, StaffRow.id == FormRecordRow.saved_by)
                .where(
                    FormRecordRow.child_id == child_id,
                    FormRecordRow.form_id == form_id,
                    _in_episode(episode_id),
                )
                .order_by(FormRecordRow.number.desc())
            ).all()
            return [mapping.form_version(r, name) for r, name in rows]

    def latest(self, child_id: str, form_id: str) -> FormVersion | None:
        """The newest version, which is what exports print."""
        versions = self.versions(child_id, form_id)
        return versions[0] if versions else None

    def values(self, child_id: str, spec: FormSpec) -> dict[str, Any]:
        """The answers exports and completeness use.

        The newest saved version, with the child's record and newest photo filling in anything
        never answered, so a carer never types a date of birth twice.
        """
        child = self._children.get(child_id)
        latest = self.latest(child_id, spec.id)
        values = with_prefill(spec, child, latest.values if latest else {})
        newest = next(iter(self._photos.for_child(child_id)), None)
        if newest is not None:
            for field in spec.fields():
                if field.kind is FieldKind.PHOTO and not values.get(field.id):
                    values[field.id] = newest.id
        return values

    def completeness(self, child_id: str, spec: FormSpec) -> tuple[int, list[str]]:
        """Percent of police-needed answers given, and labels of those still empty."""
        percent, missing = completeness(spec, self.values(child_id, spec))
        return percent, [f.label for f in missing]
