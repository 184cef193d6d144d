"""The police pack: a PDF laid out from the form definitions.

The cover sheet is what a call-handler reads in the first ten seconds: the newest photo, names,
age, description, risks, medication and who to call. The fields on it are chosen by the form
definitions themselves (each field may name a ``cover`` block), so adding a question to a form
adds it to the pack without touching this code.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date, tzinfo
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.domain.clock import LONDON, age_on
from desktop.domain.ukdates import uk_date, uk_datetime, uk_datetime_text, uk_datetime_with_zone
from desktop.export.contents import PackForm, PackInput, PackPhoto, home_zone
from desktop.export.flow import PADDING, chunks, cut_rows, grid, pieces, rules_below
from desktop.export.page import (
    ALERT,
    INK,
    MARGIN,
    MARKING,
    MUTED,
    PAGE_W,
    RULE,
    footer_lines,
    render_marked,
)
from desktop.export.text import BOLD, REGULAR, markup, needs_shaping, register_fonts
from desktop.formspec import Column, Field, FieldKind, Provenance
from desktop.formspec.values import is_empty

COVER_TITLES = {
    "description": "Description",
    "risks": "Risks and needs",
    "medication": "Medication",
    "where": "Where to look first",
    "contact": "Placement and who to call",
}

COVER_ANSWER_HEIGHT = 80.0
"""The most of one answer the cover prints (about six lines), in points; a longer answer is cut
there with a note saying where it prints in full, so the cover stays a page a call-handler
can take in at a glance."""

BODY_HEIGHT = 262 * mm
"""The height of the text frame on each page (A4 less the top and bottom margins)."""


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=9.5, leading=12.5, textColor=INK, shaping=1
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "label": ParagraphStyle(
            "label", parent=base, fontName=BOLD, fontSize=8.5, leading=11, textColor=MUTED
        ),
        "missing": ParagraphStyle("missing", parent=base, textColor=ALERT, fontSize=8.5),
        "name": ParagraphStyle("name", parent=base, fontName=BOLD, fontSize=20, leading=24),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=BOLD, fontSize=14, leading=18, spaceBefore=6, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            textColor=colors.HexColor("#003b6f"),
            keepWithNext=1,
        ),
        "banner": ParagraphStyle(
            "banner",
            parent=base,
            fontName=BOLD,
            fontSize=11,
            leading=14,
            textColor=colors.white,
            alignment=TA_CENTER,
        ),
    }


def format_value(spec_field: Field | Column, value: Any, zone: tzinfo = LONDON) -> str:
    """An answer as plain text for print (tables are laid out separately); times in ``zone``."""
    kind = spec_field.kind
    if is_empty(value):
        return ""
    if kind is FieldKind.YES_NO:
        return "Yes" if value else "No"
    if kind is FieldKind.DATE:
        return uk_date(date.fromisoformat(value))
    if kind is FieldKind.DATETIME:
        return uk_datetime_text(value, zone)
    if kind is FieldKind.MULTI_CHOICE:
        return "; ".join(value)
    if kind is FieldKind.PERSON:
        parts = [value.get("name", "")]
        if value.get("relationship"):
            parts.append(f"({value['relationship']})")
        if value.get("phone"):
            parts.append(f"tel. {value['phone']}")
        if value.get("notes"):
            parts.append(f"— {value['notes']}")
        return " ".join(p for p in parts if p)
    if kind is FieldKind.PHOTO:
        return "See the photographs."
    if kind is FieldKind.NUMBER:
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)


class _Pack:
    """Builds the flowables; one instance per PDF."""

    def __init__(self, data: PackInput) -> None:
        self.data = data
        self.s = _styles()
        self.width = PAGE_W - 2 * MARGIN
        self.zone = home_zone(data)

    def p(
        self, text: str, style: str = "body", *, bold: bool = False, width: float | None = None
    ) -> Paragraph:
        """A paragraph of ``text``; given its ``width``, right-to-left lines read in order."""
        chosen = self.s[style]
        if not needs_shaping(text):  # shaping Latin would add ligatures such as "st"
            chosen = ParagraphStyle(f"{style}-plain", parent=chosen, shaping=0)
        return Paragraph(markup(text, bold=bold, width=width, size=chosen.fontSize), chosen)

    def ps(
        self, text: str, style: str = "body", *, bold: bool = False, width: float | None = None
    ) -> list[Flowable]:
        """Text of any length as paragraphs of a few lines each, so it can break across pages."""
        width = self.width if width is None else width
        return [self.p(chunk, style, bold=bold, width=width) for chunk in chunks(text)]

    def cell(self, text: str, width: float, where: str | None, style: str = "body") -> Any:
        """A table cell's text, whole or cut short.

        Given ``where`` it prints in full (for the cover), long text is cut to a few lines
        with a note saying so.
        """
        paragraphs = self.ps(text, style, width=width - PADDING)
        if where is None:
            return paragraphs[0] if len(paragraphs) == 1 else paragraphs
        cut = pieces(paragraphs[:2], width - PADDING, COVER_ANSWER_HEIGHT)
        if len(cut) == 1 and len(paragraphs) <= 2:
            return cut[0]
        first = cut[0] if isinstance(cut[0], list) else [cut[0]]
        return [*first, self.p(f"… continues in full in {where}.", "missing")]

    def _table(
        self,
        spec_field: Field,
        rows: list[dict[str, Any]],
        width: float,
        where: str | None = None,
    ) -> Table:
        columns = spec_field.columns
        widths = [width / len(columns)] * len(columns)
        header = [self.p(c.label, "label") for c in columns]
        body = [
            [
                self.cell(format_value(c, row.get(c.id), self.zone), w, where, "small")
                for c, w in zip(columns, widths, strict=True)
            ]
            for row in rows
            if not is_empty(row)
        ]
        cut, groups = cut_rows(body, widths)
        table = Table([header, *cut], colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    *grid(groups, 1, 0.4, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return table

    def _answer(self, spec_field: Field, value: Any, width: float, where: str | None) -> Any:
        if is_empty(value):
            return self.p("Not yet recorded", "missing")
        return self.cell(format_value(spec_field, value, self.zone), width, where)

    def _rows(
        self,
        fields: list[Field],
        values: dict[str, Any],
        *,
        show_missing: bool,
        label_width: float,
        width: float | None = None,
        where: str | None = None,
        provenance: Mapping[str, Provenance] | None = None,
    ) -> list[Flowable]:
        """Label and answer rows, then any table answers.

        ``where`` names the form that prints each answer in full, for the cover, which cuts
        long ones short; ``provenance`` says under an answer where it came from.
        """
        width = width or self.width
        rows: list[list[Any]] = []
        wide: list[Flowable] = []
        out: list[Flowable] = []
        value_width = width - label_width
        for f in fields:
            value = values.get(f.id)
            if is_empty(value) and not (show_missing and f.police):
                continue
            if f.kind is FieldKind.TABLE and not is_empty(value):
                wide.append(
                    KeepTogether(
                        [
                            self.p(f.label, "label"),
                            self._table(f, list(value or []), width, where),
                            Spacer(1, 4),
                        ]
                    )
                )
                continue
            answer = self._answer(f, value, value_width, where)
            origin = (provenance or {}).get(f.id)
            if origin is not None and not is_empty(value):
                said = self.p(origin.words(self.zone), "small", width=value_width - PADDING)
                answer = [*(answer if isinstance(answer, list) else [answer]), said]
            rows.append([self.p(f.label, "label"), answer])
        if rows:
            widths = [label_width, value_width]
            cut, groups = cut_rows(rows, widths, continued=[self.p("continued", "small"), None])
            table = Table(cut, colWidths=widths, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        *rules_below(groups, 0, 0.25, RULE),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                        ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ]
                )
            )
            out.append(table)
        out.extend(wide)
        return out

    # --- the cover --------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        d = self.data
        child = d.child
        today = d.generated_at.date()
        banner = Table(
            [[self.p(f"MISSING CHILD — PHILOMENA PROTOCOL — {MARKING}", "banner")]],
            colWidths=[self.width],
        )
        banner.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#003b6f")),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        photo_width = 62 * mm
        right_width = self.width - photo_width - 6 * mm
        identity: list[Flowable] = self.ps(
            f"{child.first_name} {child.last_name}", "name", bold=True, width=right_width
        )
        if child.preferred_name:
            identity += self.ps(f"Known as: {child.preferred_name}", width=right_width)
        if child.aliases:
            identity += self.ps("Also known as: " + ", ".join(child.aliases), width=right_width)
        identity.append(
            self.p(
                f"Age {age_on(child.date_of_birth, today)} — born {uk_date(child.date_of_birth)}",
                bold=True,
            )
        )
        if d.police_reference:
            identity += self.ps(
                f"Police reference: {d.police_reference}", bold=True, width=right_width
            )
        if child.legal_status:
            identity += self.ps(f"Legal status: {child.legal_status}", width=right_width)
        identity += self.ps(f"Placed at: {d.home.name}", width=right_width)
        if child.responsible_authority:
            identity += self.ps(
                f"Responsible authority: {child.responsible_authority}", width=right_width
            )
        photo_cell: list[Flowable]
        if d.photos:
            newest = d.photos[0]
            photo_cell = [
                self._image(newest, photo_width, 82 * mm),
                self.p(f"Photo taken {uk_date(newest.taken_on) or 'on an unknown date'}", "small"),
            ]
        else:
            photo_cell = [self.p("No photograph on file.", "missing")]
        # The description sits beside the photo: the two things an officer looks at together.
        for form in d.forms:
            identity += self._rows(
                form.spec.cover_fields("description"),
                form.values,
                show_missing=True,
                label_width=34 * mm,
                width=right_width,
                where=form.spec.title,
            )
        head = Table([[photo_cell, identity]], colWidths=[photo_width + 6 * mm, right_width])
        head.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (0, 0), 0),
                    ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
                ]
            )
        )
        flow: list[Flowable] = [banner, Spacer(1, 6)]
        if head.wrap(self.width, BODY_HEIGHT)[1] < 0.8 * BODY_HEIGHT:
            flow.append(head)
        else:  # names too long to sit beside the photo: one under the other, free to split
            flow += [*photo_cell, Spacer(1, 6), *identity]
        for block, title in COVER_TITLES.items():
            if block == "description":
                continue
            rows: list[Flowable] = []
            for form in d.forms:
                rows += self._rows(
                    form.spec.cover_fields(block),
                    form.values,
                    show_missing=True,
                    label_width=45 * mm,
                    where=form.spec.title,
                )
            if rows:
                flow += [self.p(title, "h2"), *rows]
        return flow

    def _image(self, photo: PackPhoto, max_w: float, max_h: float) -> Image:
        scale = min(max_w / photo.width, max_h / photo.height)
        return Image(
            io.BytesIO(photo.jpeg),
            width=photo.width * scale,
            height=photo.height * scale,
            hAlign="LEFT",
        )

    # --- the forms and photos -----------------------------------------------------------------

    def form(self, form: PackForm) -> list[Flowable]:
        version = form.version
        if version is not None:
            saved = (
                f"Version {version.number}, saved "
                f"{uk_datetime_with_zone(version.saved_at, self.zone)} by {version.saved_by_name}"
            )
        else:
            saved = "Not yet saved: only details from the child's record are shown."
        flow: list[Flowable] = [
            PageBreak(),
            self.p(form.spec.title, "h1", bold=True),
            self.p(saved, "small"),
        ]
        for section in form.spec.sections:
            rows = self._rows(
                list(section.fields),
                form.values,
                show_missing=True,
                label_width=55 * mm,
                provenance=form.provenance,
            )
            if rows:
                flow.append(self.p(section.title, "h2"))
                flow.extend(rows)
        return flow

    def photos(self) -> list[Flowable]:
        if len(self.data.photos) < 2:
            return []
        flow: list[Flowable] = [PageBreak(), self.p("Further photographs", "h1", bold=True)]
        for photo in self.data.photos[1:]:
            caption = f"Taken {uk_date(photo.taken_on) or 'on an unknown date'}"
            if photo.description:
                caption += f" — {photo.description}"
            first, *rest = self.ps(caption, "small")
            flow.append(KeepTogether([self._image(photo, 80 * mm, 95 * mm), first]))
            flow += [*rest, Spacer(1, 8)]
        return flow

    def timed_log(self) -> list[Flowable]:
        if not self.data.log:
            return []
        header = [self.p(t, "label") for t in ("Happened", "Recorded", "By", "Entry", "Details")]
        widths = [24 * mm, 24 * mm, 28 * mm, 34 * mm]
        widths.append(self.width - sum(widths))
        rows = [
            [
                self.p(uk_datetime(line.happened, self.zone), "small"),
                self.p(uk_datetime(line.recorded, self.zone), "small"),
                self.ps(line.author, "small", width=widths[2] - PADDING),
                self.ps(line.entry, "small", width=widths[3] - PADDING),
                self.ps(line.details, "small", width=widths[4] - PADDING),
            ]
            for line in self.data.log
        ]
        cut, groups = cut_rows(rows, widths)
        table = Table([header, *cut], colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    *grid(groups, 1, 0.4, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return [
            PageBreak(),
            self.p("Timed log of this episode", "h1", bold=True),
            self.p(
                "Every entry as written, with who wrote it and when; corrections are "
                "later entries that point at the one they correct. Times are the home's "
                f"local time ({self.data.home.timezone}).",
                "small",
            ),
            table,
        ]

    def story(self) -> list[Flowable]:
        story = self.cover()
        for form in self.data.forms:
            story += self.form(form)
        story += self.timed_log()
        story += self.photos()
        return story


def build_pack(data: PackInput) -> bytes:
    """Render the pack to PDF bytes (in memory: nothing touches the disk)."""
    child = data.child
    return render_marked(
        _Pack(data).story(),
        title=f"Philomena pack — {child.first_name} {child.last_name}",
        author=data.generated_by,
        footer=footer_lines(data),
    )
