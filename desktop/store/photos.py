"""A child's photographs: cleaned on the way in, kept with consent and the date taken."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import defer

from desktop.domain.errors import BadInput, NotFound
from desktop.domain.model import PhotoCheck, PhotoInfo, cover_photo, newest_first, photo_check
from desktop.domain.permissions import Action
from desktop.store import imaging, mapping
from desktop.store.children import Children
from desktop.store.context import StoreContext
from desktop.store.tables import PhotoRow

WITHOUT_PIXELS = (defer(PhotoRow.image), defer(PhotoRow.thumbnail))
"""Listing photos reads what is known about them, not their megabytes of pixels."""


class Photos:
    """Photographs of the children."""

    def __init__(self, ctx: StoreContext, children: Children) -> None:
        self._ctx = ctx
        self._children = children

    def add(
        self,
        child_id: str,
        data: bytes,
        *,
        taken_on: date | None = None,
        description: str = "",
        consent_by: str = "",
        consent_on: date | None = None,
        on_cover: bool = True,
    ) -> PhotoInfo:
        """Check and clean an image, then keep it; nothing is stored if it is refused.

        ``on_cover`` marks it for the police pack's cover (see :meth:`cover`).
        """
        author = self._ctx.require(Action.EDIT_PROFILE)
        self._children.get(child_id)
        processed = imaging.process(data)
        when = taken_on or processed.taken_on
        if when is not None and when > self._ctx.clock.now().date():
            raise BadInput("The date the photo was taken is in the future.")
        row = PhotoRow(
            id=str(uuid.uuid4()),
            child_id=child_id,
            image=processed.jpeg,
            thumbnail=processed.thumbnail,
            width=processed.width,
            height=processed.height,
            sha256=processed.sha256,
            taken_on=when,
            taken_on_source="entered" if taken_on else ("exif" if when else "unknown"),
            description=description.strip(),
            consent_by=consent_by.strip(),
            consent_on=consent_on,
            added_at=self._ctx.clock.now(),
            added_by=author.id,
            on_cover=on_cover,
        )
        with self._ctx.db.session() as session:
            session.add(row)
            self._ctx.sign(session, "photo", row.id, "added")
        return mapping.photo_info(row)

    def for_child(self, child_id: str) -> list[PhotoInfo]:
        """A child's photos, most recent first."""
        with self._ctx.db.session() as session:
            rows = session.scalars(
                select(PhotoRow).options(*WITHOUT_PIXELS).where(PhotoRow.child_id == child_id)
            ).all()
            return newest_first([mapping.photo_info(r) for r in rows])

    def cover(self, child_id: str) -> PhotoInfo | None:
        """The photo for the police pack's cover: the newest marked for it, else the newest."""
        return cover_photo(self.for_child(child_id))

    def image(self, photo_id: str, *, thumbnail: bool = False) -> bytes:
        """The clean JPEG bytes of a photo."""
        column = PhotoRow.thumbnail if thumbnail else PhotoRow.image
        with self._ctx.db.session() as session:
            data = session.scalar(select(column).where(PhotoRow.id == photo_id))
        if data is None:
            raise NotFound("There is no such photograph.")
        return data

    def check(self, child_id: str) -> PhotoCheck:
        """No photo yet, out of date (older than the home's limit), or current."""
        newest = next(iter(self.for_child(child_id)), None)
        limit = self._children.home().photo_max_age_days
        return photo_check(newest, self._ctx.clock.now().date(), limit)

    def out_of_date(self, child_id: str) -> bool:
        """True when the newest photo is older than the home's limit, or there is none."""
        return self.check(child_id).needs_one
