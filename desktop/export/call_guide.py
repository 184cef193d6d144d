"""The call guide's answers, drawn from the child's forms and the episode's, and its one-page print.

Each question of :class:`desktop.formspec.guide.CallGuide` is answered from the fields it names:
the child's forms as exports read them, the episode's forms with what the log fills in (and where
each answer came from). A question none of them answers is "not known", so the carer on the
phone sees at once what to ask a colleague or to say plainly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from desktop.domain.episode import ANSWER_FIELD, effective_log
from desktop.domain.model import Home, LogEntry
from desktop.domain.ukdates import uk_datetime_with_zone
from desktop.export.gather import known_for_episode
from desktop.export.layout import format_value, table_lines
from desktop.export.page import (
    ALERT,
    BOTTOM_MARGIN,
    INK,
    MARGIN,
    MUTED,
    PAGE_W,
    RULE,
    render_marked,
)
from desktop.export.text import BOLD, REGULAR, markup, register_fonts, shaped
from desktop.formspec import EntryText, FieldKind, FormSpec, Provenance, shown_forms
from desktop.formspec.guide import CallGuide, Question
from desktop.formspec.prefill import CALL_ANSWER
from desktop.formspec.values import is_empty
from desktop.protocol.engine import Prompt
from desktop.store.store import Store

TOLD_IN_CALL = "Found out during the call"
"""The label of an answer typed into the guide that only the log keeps."""
PRINT_CUT = 240
"""Characters of an answer the printed page keeps: the page is for the call, the pack has it all."""


@dataclass(frozen=True, slots=True)
class Part:
    """One recorded answer to a question: the field's label, its answer, and where it came from."""

    label: str
    text: str
    origin: str = ""
    """Where an answer the log filled in came from ("As logged at 21:40, …"), if it did."""

    @property
    def line(self) -> str:
        """The part as read aloud: "Height: 160 cm"."""
        return f"{self.label}: {self.text}"


@dataclass(frozen=True, slots=True)
class Answer:
    """A question with what the records say in answer."""

    question: Question
    parts: tuple[Part, ...]

    @property
    def known(self) -> bool:
        """True when some record answers it."""
        return bool(self.parts)


@dataclass(frozen=True, slots=True)
class GuideSheet:
    """Everything the guide shows for one child's open episode."""

    guide: CallGuide
    child_name: str
    home: Home
    episode_id: str
    answers: tuple[Answer, ...]
    generated_by: str
    generated_at: datetime


def _text(spec: FormSpec, field_id: str, value: Any, zone: ZoneInfo) -> str:
    field = spec.field(field_id)
    if field.kind is FieldKind.TABLE:
        return table_lines(field, value, zone) if isinstance(value, list) else ""
    return format_value(field, value, zone)


def _part(
    spec: FormSpec,
    field_id: str,
    values: Mapping[str, Any],
    provenance: Mapping[str, Provenance],
    zone: ZoneInfo,
) -> Part | None:
    value = values.get(field_id)
    if is_empty(value):
        return None
    text = _text(spec, field_id, value, zone).strip()
    if not text:
        return None
    origin = provenance.get(field_id)
    label = spec.field(field_id).label
    return Part(label=label, text=text, origin=origin.words(zone) if origin else "")


def _told_in_call(log: Sequence[LogEntry], zone: ZoneInfo) -> dict[str, list[Part]]:
    """Answers given during the call that only the log keeps, by the question they answer."""
    told: dict[str, list[Part]] = {}
    for entry in effective_log(log):
        if entry.kind != CALL_ANSWER or entry.body.get(ANSWER_FIELD):
            continue
        origin = Provenance(
            source="", at=entry.event_at, supplied_by=str(entry.body.get("supplied_by") or "")
        )
        part = Part(TOLD_IN_CALL, str(entry.body.get("answer", "")), origin.words(zone))
        told.setdefault(str(entry.body.get("question", "")), []).append(part)
    return told


def guide_sheet(
    store: Store,
    forms: Mapping[str, FormSpec],
    guide: CallGuide,
    child_id: str,
    prompts: Sequence[Prompt],
    entry_text: EntryText | None = None,
) -> GuideSheet:
    """Each question of ``guide`` with what the child's records say, for their open episode."""
    records = store.records(child_id)
    current = records.current
    if current is None:
        raise ValueError("the guide is for an open episode")
    zone = ZoneInfo(records.home.timezone)
    child_values = {s.id: store.forms.values(child_id, s) for s in shown_forms(forms, "child")}
    known = known_for_episode(store, child_id, forms, prompts, child_values)
    values: dict[str, Mapping[str, Any]] = dict(child_values)
    provenance: dict[str, Mapping[str, Provenance]] = {}
    for spec in shown_forms(forms, "episode"):
        filled = store.episodes.filled_form(
            current.episode.id, spec, entry_text=entry_text, known=known
        )
        values[spec.id], provenance[spec.id] = filled.values, filled.provenance
    told = _told_in_call(store.episodes.log(current.episode.id), zone)
    answers = []
    for question in guide.questions():
        parts = [
            _part(forms[s.form], s.field, values.get(s.form, {}), provenance.get(s.form, {}), zone)
            for s in question.answers
        ]
        found = [p for p in parts if p is not None]
        answers.append(Answer(question, (*found, *told.get(question.ask, []))))
    child = records.child
    return GuideSheet(
        guide=guide,
        child_name=f"{child.first_name} {child.last_name}".strip(),
        home=records.home,
        episode_id=current.episode.id,
        answers=tuple(answers),
        generated_by=store.staff.name if store.staff else "recovery key holder",
        generated_at=store.clock.now(),
    )


# --- the printed page ----------------------------------------------------------------------------

WRITE_IN = (
    "Time of the call",
    "Call-handler",
    "Incident or log number",
    "Risk grading given",
    "Accepted as missing — reference",
)
"""What to write down during the call, for a home that records it on paper first."""


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=8, leading=9.5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7, leading=8.5, textColor=MUTED),
        "ask": ParagraphStyle("ask", parent=base, fontName=BOLD),
        "unknown": ParagraphStyle("unknown", parent=base, fontName=BOLD, textColor=ALERT),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=13, leading=16),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=9.5, leading=12, spaceBefore=4
        ),
    }


def _cut(text: str) -> str:
    return text if len(text) <= PRINT_CUT else text[: PRINT_CUT - 1].rstrip() + "…"


def _story(sheet: GuideSheet, width: float) -> list[Flowable]:
    s = _styles()
    zone = ZoneInfo(sheet.home.timezone)

    def p(text: str, style: str = "body") -> Paragraph:
        bold = style in ("ask", "unknown", "h1", "h2")
        return Paragraph(markup(text, bold=bold), shaped(s[style], text))

    made = uk_datetime_with_zone(sheet.generated_at, zone)
    head = [
        [p(f"Reporting {sheet.child_name} missing to the police", "h1")],
        [
            p(
                f"What the call-handler will ask, with the answers recorded as at {made}. "
                "Ring 999 if the child is in immediate danger, otherwise 101. Where the answer "
                f"says “{sheet.guide.unknown}”, do that.",
                "small",
            )
        ],
    ]
    heading = Table(head, colWidths=[width], hAlign="LEFT")
    heading.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    flow: list[Flowable] = [heading, Spacer(1, 3)]
    by_question = {a.question.id: a for a in sheet.answers}
    rows: list[list[Any]] = []
    styles: list[Any] = []
    number = 0
    for section in sheet.guide.sections:
        styles.append(("SPAN", (0, len(rows)), (-1, len(rows))))
        styles.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), colors.HexColor("#eef2f6")))
        rows.append([p(section.title, "h2"), ""])
        for question in section.questions:
            number += 1
            answer = by_question[question.id]
            said = "; ".join(" ".join(part.line.split()) for part in answer.parts)
            cell = p(_cut(said)) if answer.known else p(sheet.guide.unknown, "unknown")
            rows.append([p(f"{number}. {question.ask}", "ask"), cell])
    widths = [width * 0.42, width * 0.58]  # fixed, so a page shrunk to fit shrinks evenly
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                *styles,
            ]
        )
    )
    flow.append(table)
    flow.append(Spacer(1, 4))
    blanks = [[p(f"{label}:", "ask"), ""] for label in WRITE_IN]
    write_in = Table(blanks, colWidths=widths, rowHeights=16, hAlign="LEFT")
    write_in.setStyle(
        TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.5, INK), ("LEFTPADDING", (0, 0), (0, -1), 2)])
    )
    flow.append(write_in)
    return flow


def build_guide(sheet: GuideSheet) -> bytes:
    """The guide on one A4 page: a long answer is cut short and the page shrinks to fit."""
    width = PAGE_W - 2 * MARGIN
    height = 297 * mm - 15 * mm - BOTTOM_MARGIN
    made = uk_datetime_with_zone(sheet.generated_at, ZoneInfo(sheet.home.timezone))
    page = KeepInFrame(width, height, _story(sheet, width), mode="shrink")
    return render_marked(
        [page],
        title=f"Reporting {sheet.child_name} missing to the police",
        author=sheet.generated_by,
        footer=(
            f"Made {made} by {sheet.generated_by}, {sheet.home.name}. Philomena Desk.",
            "The police call guide: the police pack has every answer in full.",
        ),
    )
