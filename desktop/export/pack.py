"""The police pack and the episode record: PDFs laid out from the form definitions.

Both are made of the same parts. The **police pack** (for a report) is the cover, the forms that
declare they print in it, the episode's timed log and the photographs. The **episode record**
(for the social worker and the manager) adds every duty the protocol set in the episode with
what was decided. Adding a question to a form adds it to both without touching this code.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from desktop.domain.ukdates import uk_date, uk_datetime, uk_datetime_with_zone
from desktop.export.contents import PackForm, PackInput
from desktop.export.cover import LOG_ANCHOR, Cover
from desktop.export.flow import PADDING
from desktop.export.layout import Layout, format_value
from desktop.export.page import footer_lines, render_marked
from desktop.export.refs import PlaceRefs, anchor, page_number
from desktop.export.text import REGULAR
from desktop.formspec import Field

__all__ = ["build_pack", "format_value"]

OUTPUTS = {"police": "Police pack", "episode": "Episode record"}


def _is_the_log(f: Field) -> bool:
    """True for a field that copies the timed log, which the pack prints once, on its own."""
    return any(source.transform == "log_rows" for source in f.from_log)


class _Pack(Layout):
    """Builds the flowables after the cover; one instance per PDF."""

    def form(self, form: PackForm) -> list[Flowable]:
        version = form.version
        if version is not None:
            saved = (
                f"Version {version.number}, saved "
                f"{uk_datetime_with_zone(version.saved_at, self.zone)} by {version.saved_by_name}"
            )
        else:
            saved = "Not yet saved: only details from the child's record and the log are shown."
        flow: list[Flowable] = [
            PageBreak(),
            self.p(form.spec.title, "h1", bold=True, tail=anchor(form.spec.id)),
            self.p(saved, "small"),
        ]
        for section in form.spec.sections:
            fields = [f for f in section.fields if not _is_the_log(f)]
            notes = {
                field_id: origin.words(self.zone) for field_id, origin in form.provenance.items()
            }
            rows = self.rows(fields, form.values, label_width=55 * mm, notes=notes)
            if len(fields) < len(section.fields) and self.data.log:
                words = "Printed once, in full, in the timed log on page"
                rows += [self.p(words, tail=f" {page_number(LOG_ANCHOR)}"), PlaceRefs()]
            if rows:
                key = f"{form.spec.id}/{section.id}"
                flow.append(self.p(section.title, "h2", tail=anchor(key)))
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
            flow.append(KeepTogether([self.image(photo, 80 * mm, 95 * mm), first]))
            flow += [*rest, Spacer(1, 8)]
        return flow

    def timed_log(self) -> list[Flowable]:
        if not self.data.log:
            return []
        widths = [10 * mm, 23 * mm, 23 * mm, 30 * mm]
        widths.append(self.width - sum(widths))
        titles = ("No.", "Happened", "Written", "By", "What happened")
        header = [self.p(t, "label") for t in titles]
        rows: list[list[object]] = [header]
        for line in self.data.log:
            details = line.details
            if line.corrects is not None:
                details = f"Corrects no. {line.corrects}. {details}"
            text = f"{line.entry}. {details}" if details else line.entry
            what = self.ps(text, "small", width=widths[4] - PADDING)
            if line.corrected_by:
                numbers = ", ".join(str(n) for n in line.corrected_by)
                what.append(self.p(f"Corrected later: see no. {numbers}.", "missing"))
            rows.append(
                [
                    str(line.number),
                    self.when(line.happened),
                    self.when(line.recorded),
                    self.short(line.author, widths[3] - PADDING),
                    what,
                ]
            )
        return [
            PageBreak(),
            self.p("Timed log of this episode", "h1", bold=True, tail=anchor(LOG_ANCHOR)),
            self.p(
                "Every entry as written, numbered in order, with who wrote it, when it happened "
                "and when it was written. Nothing is changed afterwards: a correction is a later "
                "entry naming the number it corrects. Times are the home's local time "
                f"({self.data.home.timezone}).",
                "small",
            ),
            self.grid_table(rows, widths, head=True),
        ]

    def disclosures(self) -> list[Flowable]:
        """Sensitive disclosures, only when the person making the pack chose to include them."""
        if not self.data.disclosures:
            return []
        flow: list[Flowable] = [
            PageBreak(),
            self.p("Sensitive disclosures", "h1", bold=True),
            self.p(
                f"Included by choice of {self.data.generated_by}. The timed log only refers to "
                "these; share them only with those who need to know.",
                "small",
            ),
        ]
        for line in self.data.disclosures:
            flow.append(
                self.p(
                    f"No. {line.number}, {uk_datetime(line.happened, self.zone)}, "
                    f"recorded by {line.author}",
                    "label",
                )
            )
            flow += self.ps(line.details, "small", width=self.width)
        return flow

    def short(self, text: str, width: float) -> object:
        """A short plain name as a plain string (drawn fastest), else as paragraphs that wrap."""
        if text.isascii() and text.isprintable() and stringWidth(text, REGULAR, 8) <= width:
            return text
        return self.ps(text, "small", width=width)

    def when(self, moment: datetime) -> str:
        """A time for a narrow column: the date above the time (a plain string draws fastest)."""
        return uk_datetime(moment, self.zone).replace(" ", "\n", 1)

    def duties(self) -> list[Flowable]:
        """Every duty of the episode with what was decided (the episode record only)."""
        duties = self.data.episode.duties
        if not duties:
            return []
        widths = [28 * mm, 40 * mm, 30 * mm]
        widths.insert(1, self.width - sum(widths))
        header = [self.p(t, "label") for t in ("Due", "Duty", "Who", "What was decided")]
        rows: list[list[object]] = [header]
        for duty in duties:
            if duty.answered_at is None:
                decided = "Not yet done"
            elif duty.outcome == "not_done":
                decided = f"Not done ({uk_datetime(duty.answered_at, self.zone)}): {duty.reason}"
            else:
                decided = f"Done ({uk_datetime(duty.answered_at, self.zone)})"
            rows.append(
                [
                    self.p(uk_datetime(duty.due_at, self.zone), "small"),
                    [
                        *self.ps(duty.text, "small", width=widths[1] - PADDING),
                        *self.ps(duty.source, "small", width=widths[1] - PADDING),
                    ],
                    self.ps(duty.who, "small", width=widths[2] - PADDING),
                    self.ps(
                        decided,
                        "small" if duty.answered_at else "missing",
                        width=widths[3] - PADDING,
                    ),
                ]
            )
        return [
            PageBreak(),
            self.p("What the protocol asked, and what was decided", "h1", bold=True),
            self.grid_table(rows, widths, head=True),
        ]

    def story(self) -> list[Flowable]:
        story = Cover(self.data).page()
        for form in self.data.forms:
            story += self.form(form)
        story += self.timed_log()
        story += self.disclosures()
        if self.data.output == "episode":
            story += self.duties()
        story += self.photos()
        return story


def header_line(data: PackInput) -> str:
    """The line at the top of every page: whose pack, born when, the police reference."""
    child = data.child
    reference = data.police_reference or data.episode.summary.reference or "not yet given"
    return (
        f"{child.police_name} — born {uk_date(child.date_of_birth)} — "
        f"police reference: {reference} — {OUTPUTS.get(data.output, 'Police pack')}"
    )


def build_pack(data: PackInput) -> bytes:
    """Render the pack to PDF bytes (in memory: nothing touches the disk)."""
    child = data.child
    return render_marked(
        _Pack(data).story(),
        title=f"{OUTPUTS.get(data.output, 'Police pack')} — {child.police_name}",
        author=data.generated_by,
        footer=footer_lines(data),
        header=header_line(data),
    )
