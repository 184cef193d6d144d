"""The building blocks every printed page shares: styles, paragraphs and rows of answers.

Text of any length goes through :func:`desktop.export.flow.chunks` and the row cutting there, so
nothing a carer types can stop the PDF from being made; the cover cuts long answers short with a
reference to the page that prints them in full.
"""

from __future__ import annotations

import io
from datetime import date, tzinfo
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.domain.clock import LONDON
from desktop.domain.ukdates import uk_date, uk_datetime_text
from desktop.export.contents import PackInput, PackPhoto, home_zone
from desktop.export.flow import PADDING, chunks, cut_rows, grid, rules_below
from desktop.export.page import ALERT, INK, MARGIN, MUTED, PAGE_W, RULE
from desktop.export.text import BOLD, REGULAR, markup, register_fonts, shaped
from desktop.formspec import Column, Field, FieldKind
from desktop.formspec.values import is_empty

HEADING_BLUE = colors.HexColor("#003b6f")
TABLE_HEAD = colors.HexColor("#eef2f6")
NOT_RECORDED = "Not yet recorded"


def styles() -> dict[str, ParagraphStyle]:
    """The pack's paragraph styles, by name."""
    register_fonts()
    base = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=9.5, leading=12.5, textColor=INK, shaping=1
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "cover": ParagraphStyle("cover", parent=base, fontSize=8.5, leading=10.5, spaceAfter=1.5),
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
            textColor=HEADING_BLUE,
            keepWithNext=1,
        ),
        "banner": ParagraphStyle(
            "banner",
            parent=base,
            fontName=BOLD,
            fontSize=15,
            leading=19,
            textColor=colors.white,
            alignment=TA_CENTER,
        ),
        "banner2": ParagraphStyle(
            "banner2",
            parent=base,
            fontName=BOLD,
            fontSize=10,
            leading=13,
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


def table_lines(spec_field: Field, rows: list[dict[str, Any]], zone: tzinfo) -> str:
    """A table answer as one line per row ("Bus station — Advice for officers: …")."""
    lines = []
    for row in rows:
        parts = []
        for index, column in enumerate(spec_field.columns):
            text = format_value(column, row.get(column.id), zone)
            if text:
                lead = column.label if column.label.endswith("?") else f"{column.label}:"
                parts.append(text if index == 0 else f"{lead} {text}")
        if parts:
            lines.append(" — ".join(parts))
    return "\n".join(lines)


class Layout:
    """Paragraphs and rows in the pack's styles; one instance per PDF."""

    def __init__(self, data: PackInput) -> None:
        self.data = data
        self.s = styles()
        self.width = PAGE_W - 2 * MARGIN
        self.zone = home_zone(data)

    def p(
        self,
        text: str,
        style: str = "body",
        *,
        bold: bool = False,
        width: float | None = None,
        label: str = "",
        tail: str = "",
    ) -> Paragraph:
        """A paragraph of ``text``; given its ``width``, right-to-left lines read in order.

        A ``label`` leads the paragraph in bold ("Height: 160 cm"); ``tail`` is markup added
        at its end.
        """
        chosen = shaped(self.s[style], text)
        xml = markup(text, bold=bold, width=width, size=chosen.fontSize)
        if label:
            lead = label if label.endswith(("?", ":")) else f"{label}:"
            xml = f"{markup(lead, bold=True, size=chosen.fontSize)} {xml}"
        return Paragraph(xml + tail, chosen)

    def ps(
        self,
        text: str,
        style: str = "body",
        *,
        bold: bool = False,
        width: float | None = None,
        label: str = "",
    ) -> list[Flowable]:
        """Text of any length as paragraphs of a few lines each, so it can break across pages."""
        width = self.width if width is None else width
        return [
            self.p(chunk, style, bold=bold, width=width, label="" if index else label)
            for index, chunk in enumerate(chunks(text))
        ]

    def image(self, photo: PackPhoto, max_w: float, max_h: float) -> Image:
        """A photograph scaled to fit ``max_w`` by ``max_h``, keeping its shape."""
        scale = min(max_w / photo.width, max_h / photo.height)
        return Image(
            io.BytesIO(photo.jpeg),
            width=photo.width * scale,
            height=photo.height * scale,
            hAlign="LEFT",
        )

    def cell(self, text: str, width: float, style: str = "body") -> Any:
        """A table cell's text in full: one paragraph, or several for long text."""
        paragraphs = self.ps(text, style, width=width - PADDING)
        return paragraphs[0] if len(paragraphs) == 1 else paragraphs

    def table(self, spec_field: Field, rows: list[dict[str, Any]], width: float) -> Table:
        """A table answer in full, its rows cut to fit pages."""
        columns = spec_field.columns
        widths = [width / len(columns)] * len(columns)
        header = [self.p(c.label, "label") for c in columns]
        body = [
            [
                self.cell(format_value(c, row.get(c.id), self.zone), w, "small")
                for c, w in zip(columns, widths, strict=True)
            ]
            for row in rows
            if not is_empty(row)
        ]
        return self.grid_table([header, *body], widths, head=True)

    def grid_table(self, rows: list[list[Any]], widths: list[float], *, head: bool) -> Table:
        """Rows in a ruled grid (the first row a heading when ``head``), over pages if long."""
        top = rows[:1] if head else []
        cut, groups = cut_rows(rows[len(top) :], widths)
        table = Table([*top, *cut], colWidths=widths, repeatRows=len(top))
        style: list[Any] = [
            *grid(groups, len(top), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 0), (-1, -1), REGULAR, 8, 10),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ]
        if top:
            style.append(("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD))
        table.setStyle(TableStyle(style))
        return table

    def rows(
        self,
        fields: list[Field],
        values: dict[str, Any],
        *,
        label_width: float,
        width: float | None = None,
        show_missing: bool = True,
        notes: dict[str, str] | None = None,
    ) -> list[Flowable]:
        """Label and answer rows in full, then any table answers.

        ``notes`` adds a small line under a given answer (when it was logged, say).
        """
        width = width or self.width
        value_width = width - label_width
        lines: list[list[Any]] = []
        wide: list[Flowable] = []
        for f in fields:
            value = values.get(f.id)
            if is_empty(value) and not (show_missing and f.police):
                continue
            if f.kind is FieldKind.TABLE and not is_empty(value):
                label = self.p(f.label, "label")
                wide.append(KeepTogether([label, self.table(f, list(value or []), width)]))
                wide.append(Spacer(1, 4))
                continue
            answer = (
                self.p(NOT_RECORDED, "missing")
                if is_empty(value)
                else self.cell(format_value(f, value, self.zone), value_width)
            )
            note = (notes or {}).get(f.id)
            if note and not is_empty(value):
                answer = [
                    *(answer if isinstance(answer, list) else [answer]),
                    self.p(note, "small"),
                ]
            lines.append([self.p(f.label, "label"), answer])
        out: list[Flowable] = []
        if lines:
            out.append(self.label_table(lines, [label_width, value_width]))
        return out + wide

    def label_table(self, lines: list[list[Any]], widths: list[float]) -> Table:
        """Label-and-answer rows with a rule under each, long ones cut over pages."""
        cut, groups = cut_rows(lines, widths, continued=[self.p("continued", "small"), None])
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
        return table
