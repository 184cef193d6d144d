"""The pack's first page: what a police call-handler reads in the first ten seconds.

The banner states the situation now — missing, away with whereabouts known, back, or not away
at all — and since when. Below it, always on this one page: the photo, names, age and
description; for an open episode, last seen, clothing, with whom, later sightings and what the
police have been told; the risks and medication; where to look first; and who to call.

Which answers appear is chosen by the form definitions (a field names its ``cover`` block). Every
answer is cut at a set height with the page it prints on in full, and the height is lowered
until the whole cover fits page 1, so nothing on it ever runs onto page 2.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.domain.clock import age_on
from desktop.domain.ukdates import uk_clock, uk_date, uk_short_day
from desktop.export.flow import CHUNK
from desktop.export.layout import HEADING_BLUE, NOT_RECORDED, Layout, format_value, table_lines
from desktop.export.page import ALERT, BODY_HEIGHT, MARKING
from desktop.export.refs import RESERVED, PlaceRefs, page_number
from desktop.formspec import FieldKind, FormSpec
from desktop.formspec.values import is_empty
from desktop.protocol.handover import duration_words
from desktop.protocol.summary import Standing

BANNERS: dict[Standing, tuple[str, colors.Color]] = {
    Standing.MISSING: ("MISSING — WHEREABOUTS UNKNOWN", ALERT),
    Standing.AWAY: ("ABSENT WITHOUT AUTHORISATION — WHEREABOUTS KNOWN", colors.HexColor("#8a4b00")),
    Standing.RETURNED: ("RETURNED — NO LONGER MISSING", colors.HexColor("#1b5e20")),
    Standing.NOT_MISSING: ("NOT CURRENTLY MISSING — PROFILE FOR POLICE", HEADING_BLUE),
}

BLOCK_TITLES = {
    "last_seen": "Last seen",
    "return": "The return",
    "risks": "Risks and needs",
    "medication": "Medication",
    "where": "Where to look first",
    "contact": "Who to call",
}

LINE_LIMITS = (6, 4, 3, 2, 1)
"""The most lines of one answer the cover shows, tried in turn until the cover fits a page."""

LOG_ANCHOR = "log"
ALERT_HEX = "#" + ALERT.hexval()[2:]


def anchor_key(spec: FormSpec, field_id: str) -> str:
    """The anchor of the section that prints a field in full."""
    for section in spec.sections:
        if any(f.id == field_id for f in section.fields):
            return f"{spec.id}/{section.id}"
    return spec.id


class Cover(Layout):
    """Builds page 1."""

    def moment(self, moment: datetime) -> str:
        """21:40 on Tue 1 Dec 2026."""
        return f"{uk_clock(moment, self.zone)} on {uk_short_day(moment, self.zone, year=True)}"

    # --- the banner -----------------------------------------------------------------------------

    def banner(self) -> Table:
        """The situation in one line, coloured by it, and since when."""
        episode = self.data.episode
        summary = episode.summary
        title, colour = BANNERS[summary.standing]
        second = self.banner_words()
        table = Table(
            [[self.p(title, "banner")], [self.p(second, "banner2")]], colWidths=[self.width]
        )
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), colour),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return table

    def banner_words(self) -> str:
        """Since when, how long, and (once back) how many duties are still to do."""
        episode = self.data.episode
        summary = episode.summary
        if summary.standing is Standing.NOT_MISSING or summary.since is None:
            return f"Philomena Protocol — {MARKING}"
        span = duration_words(self.data.generated_at - summary.since)
        since = self.moment(summary.since)
        if summary.standing is Standing.RETURNED:
            words = f"Returned at {since}"
            still = sum(1 for d in episode.duties if d.answered_at is None)
            if still:
                words += f" — {still} dut{'ies' if still != 1 else 'y'} still to do"
            return words
        state = "Whereabouts unknown" if summary.standing is Standing.MISSING else "Away"
        words = f"{state} since {since} — {span} when this pack was made"
        if summary.last_seen_at is not None:
            words += f". Last seen {self.moment(summary.last_seen_at)}"
        return words

    # --- the head: photo, names, police -----------------------------------------------------

    def photo_cell(self, width: float) -> list[Flowable]:
        """The cover photo, when it was taken, whether it is too old, and its caption."""
        if not self.data.photos:
            return [self.p("No photograph on file.", "missing")]
        photo = self.data.photos[0]
        cell: list[Flowable] = [self.image(photo, width, 70 * mm)]
        if photo.taken_on is None:
            cell.append(self.p("Date taken not known", "missing"))
        else:
            cell.append(self.p(f"Photo taken {uk_date(photo.taken_on)}", "small"))
            limit = self.data.home.photo_max_age_days
            if (self.data.generated_at.date() - photo.taken_on).days > limit:
                cell.append(self.p(f"Older than {limit // 30} months", "missing"))
        if photo.description:
            cell += self.ps(photo.description, "small", width=width)
        return cell

    def police_line(self) -> list[Flowable]:
        """What police have been told, or that they have not."""
        episode = self.data.episode
        summary = episode.summary
        if summary.standing is Standing.NOT_MISSING:
            return []
        if not summary.reported or summary.reported_at is None:
            words = "Not yet reported to the police."
            if episode.report_by is not None:
                words += f" The protocol says report by {self.moment(episode.report_by)}."
            return [self.p(words, "missing", bold=True)]
        reference = self.data.police_reference or summary.reference or "not given"
        words = f"Reported to police at {self.moment(summary.reported_at)}"
        if episode.reported_by:
            words += f" by {episode.reported_by}"
        words += f". Police reference: {reference}."
        grading = episode.grading
        if grading and episode.graded_at is not None:
            words += f" Police grading: {grading} (at {uk_clock(episode.graded_at, self.zone)})."
        else:
            words += " Police grading: not yet given."
        if summary.accepted_at is None:  # until the police accept it, the home is responsible
            return [self.p(f"Reported, not yet accepted. {words}", "missing", bold=True)]
        words += f" Accepted by the police at {self.moment(summary.accepted_at)}."
        return self.ps(words, bold=True)

    def identity(self, width: float, limit: float) -> list[Flowable]:
        """Names, age, placement and the description, beside the photo."""
        child = self.data.child
        today = self.data.generated_at.date()
        out: list[Flowable] = self.ps(child.police_name, "name", bold=True, width=width)
        written = f"{child.first_name} {child.last_name}".strip()
        if child.police_name != written:  # a name in another script, under its English letters
            out += self.ps(f"Name as written: {written}", bold=True, width=width)
        if child.preferred_name:
            out += self.ps(f"Known as: {child.preferred_name}", width=width)
        if child.aliases:
            out += self.ps("Also known as: " + ", ".join(child.aliases), width=width)
        out.append(
            self.p(
                f"Age {age_on(child.date_of_birth, today)} — born {uk_date(child.date_of_birth)}",
                bold=True,
            )
        )
        if (
            self.data.episode.summary.standing is Standing.NOT_MISSING
            and self.data.police_reference
        ):
            out += self.ps(f"Police reference: {self.data.police_reference}", bold=True)
        placed = f"Placed at {self.data.home.name}"
        legal_status = self.recorded("child.legal_status", child.legal_status)
        if legal_status:
            placed += f". {legal_status}"
        authority = self.recorded("child.responsible_authority", child.responsible_authority)
        if authority:
            placed += f". Responsible authority: {authority}"
        out += self.ps(placed, "small", width=width)
        out += [Spacer(1, 3), *self.block("description", width, limit)]
        return out

    def recorded(self, source: str, fallback: str) -> str:
        """A detail as the forms print it (the child's record fills a form never answered).

        So the cover and the form that asks it can never disagree.
        """
        for form in self.data.forms:
            for f in form.spec.fields():
                if f.prefill == source and not is_empty(form.values.get(f.id)):
                    return format_value(f, form.values[f.id], self.zone)
        return fallback

    # --- blocks of answers ------------------------------------------------------------------

    def clipped(
        self, text: str, label: str, width: float, limit: float, anchor: str
    ) -> list[Flowable]:
        """``label: text`` at most ``limit`` points high, ending with where it continues.

        A cut answer ends "… continued on page N" on its last line; N is drawn once the pages
        are laid out, in room kept for three digits.
        """
        whole = self.p(text, "cover", width=width, label=label)
        if len(text) <= CHUNK and whole.wrap(width, BODY_HEIGHT)[1] <= limit:
            return [whole]

        def cut_at(length: int, tail: str) -> Paragraph:
            return self.p(
                text[:length].rstrip() + " …", "cover", width=width, label=label, tail=tail
            )

        measure = f'<font color="{ALERT_HEX}"> continued on page {RESERVED}</font>'
        low, high = 0, min(len(text), CHUNK)
        while low < high:  # the longest start that fits with its page reference
            middle = (low + high + 1) // 2
            if cut_at(middle, measure).wrap(width, BODY_HEIGHT)[1] <= limit:
                low = middle
            else:
                high = middle - 1
        reference = f'<font color="{ALERT_HEX}"> continued on page {page_number(anchor)}</font>'
        return [cut_at(low, reference), PlaceRefs()]

    def block(self, block: str, width: float, limit: float) -> list[Flowable]:
        """The answers the forms put in ``block``, each cut to ``limit`` points high.

        Unanswered questions police need are named together on one line, so a gap is seen
        without taking a line each.
        """
        out: list[Flowable] = []
        unanswered: list[str] = []
        for form in self.data.forms:
            for f in form.spec.cover_fields(block):
                value = form.values.get(f.id)
                if is_empty(value):
                    if f.police:
                        unanswered.append(f.label)
                    continue
                if f.kind is FieldKind.TABLE:
                    text = table_lines(f, list(value or []), self.zone)
                else:
                    text = format_value(f, value, self.zone)
                out += self.clipped(text, f.label, width, limit, anchor_key(form.spec, f.id))
        if unanswered:
            out.append(self.p(f"{NOT_RECORDED}: " + "; ".join(unanswered), "missing", width=width))
        return out

    def sightings(self, width: float, limit: float) -> list[Flowable]:
        """Sightings after the child went, newest first, each with its time."""
        out: list[Flowable] = []
        for number, s in enumerate(reversed(self.data.episode.summary.sightings)):
            words = self.moment(s.at)
            if s.seen_at:
                words += f" (told: {s.seen_at})"
            words += f" — {s.where}, seen by {s.by_whom}"
            if s.with_whom:
                words += f"; with {s.with_whom}"
            if s.clothing:
                words += f"; wearing {s.clothing}"
            if s.note:
                words += f". {s.note}"
            label = "Latest sighting" if number == 0 else "Earlier sighting"
            out += self.clipped(words, label, width, limit, LOG_ANCHOR)
        return out

    def titled(self, title: str, flow: list[Flowable]) -> list[Flowable]:
        """A block under its heading; nothing when the block is empty."""
        return [self.p(title, "h2"), *flow] if flow else []

    # --- the page -----------------------------------------------------------------------------

    def build(self, limit: float) -> list[Flowable]:
        """The cover with every answer cut to ``limit`` points high."""
        photo_width = 52 * mm
        right = self.width - photo_width - 5 * mm
        head = Table(
            [[self.photo_cell(photo_width), self.identity(right, limit)]],
            colWidths=[photo_width + 5 * mm, right],
        )
        head.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (0, 0), 0),
                    ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
                ]
            )
        )
        flow: list[Flowable] = [self.banner(), Spacer(1, 4), head, *self.police_line()]
        standing = self.data.episode.summary.standing
        if standing is Standing.RETURNED:
            flow += self.titled(BLOCK_TITLES["return"], self.block("return", self.width, limit))
        if standing is not Standing.NOT_MISSING:
            last_seen = self.block("last_seen", self.width, limit)
            last_seen += self.sightings(self.width, limit)
            flow += self.titled(BLOCK_TITLES["last_seen"], last_seen)
        half = (self.width - 6 * mm) / 2
        left: list[Flowable] = []
        right_column: list[Flowable] = []
        for block in ("risks", "medication"):
            left += self.titled(BLOCK_TITLES[block], self.block(block, half, limit))
        for block in ("where", "contact"):
            right_column += self.titled(BLOCK_TITLES[block], self.block(block, half, limit))
        columns = Table(
            [[left or [Spacer(1, 0)], right_column or [Spacer(1, 0)]]],
            colWidths=[half + 6 * mm, half],
        )
        columns.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, 0), 6 * mm),
                ]
            )
        )
        return [*flow, columns]

    def height(self, flow: list[Flowable]) -> float:
        """How tall ``flow`` is laid out at the page's width."""
        total = 0.0
        for flowable in flow:
            total += flowable.wrap(self.width, BODY_HEIGHT)[1]
            total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
        return total

    def page(self) -> list[Flowable]:
        """The cover, as tall as fits page 1 (what follows starts a page of its own)."""
        leading = self.s["body"].leading
        flow: list[Flowable] = []
        for lines in LINE_LIMITS:
            flow = self.build(lines * leading)
            if self.height(flow) <= BODY_HEIGHT - 2:
                break
        return flow
