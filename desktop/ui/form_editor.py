"""A form editor generated from a form definition: sections, help, checks, police highlights."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.clock import LONDON
from desktop.domain.errors import BadInput
from desktop.domain.ukdates import parse_uk_date, parse_uk_datetime, uk_date, uk_datetime_text
from desktop.formspec import Field, FieldKind, FormSpec, validate_values
from desktop.formspec.spec import Column
from desktop.formspec.values import PERSON_KEYS, is_empty
from desktop.ui.widgets import button, error_label, label, show_error

NOT_ANSWERED = "— not answered —"
HEADER_PADDING = 36
"""Room beside a column title for the header's margins and sort arrow, in pixels."""


def iso_date(text: str) -> str | None:
    """A typed date as stored: '02/04/2011' becomes '2011-04-02'.

    Unreadable text is kept as typed, so validation can name the problem beside the field.
    """
    try:
        value = parse_uk_date(text)
    except BadInput:
        return text.strip()
    return value.isoformat() if value else None


def iso_moment(text: str) -> str | None:
    """A typed date and time as stored: '01/03/2026 15:00' becomes '2026-03-01T15:00:00+00:00'.

    Unreadable text is kept as typed, so validation can name the problem beside the field.
    """
    text = text.strip()
    if not text:
        return None
    try:
        return parse_uk_datetime(text, LONDON).isoformat()
    except BadInput:
        return text


def uk_date_text(value: Any) -> str:
    """A stored ISO date as day/month/year."""
    return uk_date(date.fromisoformat(value)) if value else ""


class _Editor:
    """One field's widget, with a reader and a writer for its value."""

    def __init__(
        self, widget: QWidget, read: Callable[[], Any], write: Callable[[Any], None]
    ) -> None:
        self.widget = widget
        self.read = read
        self.write = write


def _line(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    return edit


def _text_editor(f: Field) -> _Editor:
    if f.kind in (FieldKind.MULTILINE, FieldKind.ADDRESS):
        box = QPlainTextEdit()
        box.setAccessibleName(f.label)
        box.setTabChangesFocus(True)
        box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 14)
        return _Editor(
            box, lambda: box.toPlainText().strip() or None, lambda v: box.setPlainText(v or "")
        )
    edit = _line(f.label)
    if f.limit is not None:
        edit.setMaxLength(f.limit)
    if f.kind is FieldKind.DATE:
        edit.setPlaceholderText("dd/mm/yyyy")

        def read_date() -> Any:
            return iso_date(edit.text())

        def write_date(v: Any) -> None:
            edit.setText(uk_date_text(v))

        return _Editor(edit, read_date, write_date)
    if f.kind is FieldKind.DATETIME:
        edit.setPlaceholderText("dd/mm/yyyy hh:mm")

        def read_moment() -> Any:
            return iso_moment(edit.text())

        def write_moment(v: Any) -> None:
            edit.setText(uk_datetime_text(v, LONDON) if v else "")

        return _Editor(edit, read_moment, write_moment)
    if f.kind is FieldKind.NUMBER:

        def read_number() -> Any:
            text = edit.text().strip()
            if not text:
                return None
            try:
                number = float(text)
            except ValueError:
                return text
            return int(number) if number.is_integer() else number

        return _Editor(edit, read_number, lambda v: edit.setText("" if v is None else f"{v:g}"))
    return _Editor(edit, lambda: edit.text().strip() or None, lambda v: edit.setText(v or ""))


def _choice_editor(f: Field) -> _Editor:
    combo = QComboBox()
    combo.setAccessibleName(f.label)
    combo.addItem(NOT_ANSWERED, None)
    if f.kind is FieldKind.YES_NO:
        combo.addItem("Yes", True)
        combo.addItem("No", False)
    else:
        for choice in f.choices:
            combo.addItem(choice, choice)

    def write(v: Any) -> None:
        index = combo.findData(v) if v is not None else 0
        combo.setCurrentIndex(max(index, 0))

    return _Editor(combo, combo.currentData, write)


def _multi_editor(f: Field) -> _Editor:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    checks = []
    for choice in f.choices:
        check = QCheckBox(choice)
        check.setAccessibleName(f"{f.label}: {choice}")
        layout.addWidget(check)
        checks.append(check)

    def read() -> Any:
        chosen = [c.text() for c in checks if c.isChecked()]
        return chosen or None

    def write(v: Any) -> None:
        for c in checks:
            c.setChecked(c.text() in (v or []))

    return _Editor(box, read, write)


def _person_editor(f: Field) -> _Editor:
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    edits: dict[str, QLineEdit] = {}
    titles = {
        "name": "Name",
        "relationship": "Role or relationship",
        "phone": "Phone",
        "notes": "Notes",
    }
    for i, key in enumerate(PERSON_KEYS):
        edit = _line(f"{f.label}: {titles[key]}")
        edit.setPlaceholderText(titles[key])
        if f.limit is not None:
            edit.setMaxLength(f.limit)
        grid.addWidget(edit, i // 2, i % 2)
        edits[key] = edit

    def read() -> Any:
        value = {k: e.text().strip() for k, e in edits.items() if e.text().strip()}
        return value or None

    def write(v: Any) -> None:
        for k, e in edits.items():
            e.setText((v or {}).get(k, ""))

    return _Editor(box, read, write)


def _cell_text(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind is FieldKind.YES_NO:
        return "Yes" if value else "No"
    if column.kind is FieldKind.DATE:
        return uk_date_text(value)
    if column.kind is FieldKind.DATETIME:
        return uk_datetime_text(str(value), LONDON)
    return str(value)


def _cell_value(column: Column, text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    if column.kind is FieldKind.YES_NO:
        return {"yes": True, "y": True, "no": False, "n": False}.get(text.lower(), text)
    if column.kind is FieldKind.DATE:
        return iso_date(text)
    if column.kind is FieldKind.DATETIME:
        return iso_moment(text)
    return text


def _fit_headers(table: QTableWidget, texts: list[str]) -> None:
    """Every column at least as wide as its whole header; the table scrolls sideways if need be.

    The last column takes any room left over.
    """
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    metrics = header.fontMetrics()
    for column, text in enumerate(texts):
        width = metrics.horizontalAdvance(text) + HEADER_PADDING
        table.setColumnWidth(column, width)


def _table_editor(f: Field) -> _Editor:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    table = QTableWidget(0, len(f.columns))
    table.setAccessibleName(f.label)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setMinimumHeight(150)
    table.setTabKeyNavigation(False)
    add = button(f"Add a row to {f.label.lower()}")
    remove = button("Remove the selected row")
    buttons = QHBoxLayout()
    buttons.addWidget(add)
    buttons.addWidget(remove)
    buttons.addStretch()
    layout.addWidget(table)
    layout.addLayout(buttons)
    hints = [
        c.label
        + (" (yes/no)" if c.kind is FieldKind.YES_NO else "")
        + (" (dd/mm/yyyy)" if c.kind is FieldKind.DATE else "")
        for c in f.columns
    ]
    table.setHorizontalHeaderLabels(hints)
    _fit_headers(table, hints)

    def combo_for(column: Column) -> QComboBox | None:
        if column.kind is not FieldKind.CHOICE:
            return None
        combo = QComboBox()
        combo.setAccessibleName(column.label)
        combo.addItem(NOT_ANSWERED, None)
        for choice in column.choices:
            combo.addItem(choice, choice)
        return combo

    def add_row(values: dict[str, Any] | None = None) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for col, column in enumerate(f.columns):
            value = (values or {}).get(column.id)
            combo = combo_for(column)
            if combo is not None:
                combo.setCurrentIndex(max(combo.findData(value), 0) if value else 0)
                table.setCellWidget(row, col, combo)
            else:
                table.setItem(row, col, QTableWidgetItem(_cell_text(column, value)))

    def remove_row() -> None:
        row = table.currentRow()
        if row >= 0:
            table.removeRow(row)

    add.clicked.connect(lambda: add_row())
    remove.clicked.connect(remove_row)

    def read() -> Any:
        rows = []
        for row in range(table.rowCount()):
            values: dict[str, Any] = {}
            for col, column in enumerate(f.columns):
                widget = table.cellWidget(row, col)
                if isinstance(widget, QComboBox):
                    value = widget.currentData()
                else:
                    item = table.item(row, col)
                    value = _cell_value(column, item.text() if item else "")
                if value is not None:
                    values[column.id] = value
            if values:
                rows.append(values)
        return rows or None

    def write(v: Any) -> None:
        table.setRowCount(0)
        for values in v or []:
            add_row(values)

    editor = _Editor(box, read, write)
    editor.add_row = add_row  # type: ignore[attr-defined]
    editor.table = table  # type: ignore[attr-defined]
    return editor


def make_editor(f: Field) -> _Editor:
    """The right editor for a field's kind."""
    if f.kind in (FieldKind.CHOICE, FieldKind.YES_NO):
        return _choice_editor(f)
    if f.kind is FieldKind.MULTI_CHOICE:
        return _multi_editor(f)
    if f.kind is FieldKind.PERSON:
        return _person_editor(f)
    if f.kind is FieldKind.TABLE:
        return _table_editor(f)
    if f.kind is FieldKind.PHOTO:
        note = label("The newest photograph is used: add one on the Photographs tab.", "help")
        return _Editor(note, lambda: None, lambda v: None)
    return _text_editor(f)


class FormEditor(QWidget):
    """Every section of a form, generated from its definition."""

    save_requested = Signal(dict)

    def __init__(self, spec: FormSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.editors: dict[str, _Editor] = {}
        self.errors: dict[str, QLabel] = {}
        self.police_notes: dict[str, QLabel] = {}
        self._prefilled: dict[str, Any] = {}
        self._shown: dict[str, Any] = {}
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(label(spec.summary, "help"))
        for section in spec.sections:
            group = QGroupBox(section.title)
            group.setAccessibleName(section.title)
            rows = QVBoxLayout(group)
            if section.help:
                rows.addWidget(label(section.help, "help"))
            for f in section.fields:
                rows.addWidget(self._field_block(f))
            column.addWidget(group)
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.summary = label("", "police")
        self.status = label("", "help")
        self.save_button = button(
            f"&Save {spec.title}", name="primary", accessible=f"Save {spec.title}"
        )
        self.save_button.clicked.connect(self._save)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)

    def _field_block(self, f: Field) -> QWidget:
        block = QWidget()
        layout = QVBoxLayout(block)
        layout.setContentsMargins(0, 6, 0, 6)
        title = QLabel(f.label)
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        editor = make_editor(f)
        title.setBuddy(editor.widget)
        editor.widget.setAccessibleDescription(f.help)
        editor.widget.setToolTip(f.help)
        layout.addWidget(title)
        if f.police:
            note = label("Police need this at the first call.", "police")
            self.police_notes[f.id] = note
            layout.addWidget(note)
        layout.addWidget(editor.widget)
        layout.addWidget(label(f.help, "help"))
        error = error_label()
        layout.addWidget(error)
        self.editors[f.id] = editor
        self.errors[f.id] = error
        return block

    def set_values(self, values: dict[str, Any]) -> None:
        """Show saved answers (with the child's record filling what was never answered)."""
        self._prefilled = dict(values)
        for field_id, editor in self.editors.items():
            editor.write(values.get(field_id))
        for error in self.errors.values():
            show_error(error, "")
        self.status.setText("")
        self.refresh_police_notes()
        self._shown = self.values()  # as the editors read them back, for unsaved_answers()

    def unsaved_answers(self) -> dict[str, Any]:
        """The answers changed since the form was shown or saved (None: an answer cleared)."""
        now = self.values()
        return {
            field_id: now.get(field_id)
            for field_id in self.editors
            if now.get(field_id) != self._shown.get(field_id)
        }

    def has_unsaved_changes(self) -> bool:
        """True when something typed here has not been saved."""
        return bool(self.unsaved_answers())

    def restore_unsaved(self, answers: dict[str, Any]) -> None:
        """Put back answers typed before a lock, still unsaved, and say so beside the form."""
        restored = False
        for field_id, value in answers.items():
            editor = self.editors.get(field_id)
            if editor is not None:
                editor.write(value)
                restored = True
        if restored:
            self.status.setText(
                "Your unsaved answers from before the lock are back. Save to keep them."
            )
            self.refresh_police_notes()

    def values(self) -> dict[str, Any]:
        """The answers as typed, leaving out empty ones."""
        values = {}
        for field_id, editor in self.editors.items():
            value = editor.read()
            if not is_empty(value):
                values[field_id] = value
        return values

    def refresh_police_notes(self) -> None:
        """Show 'police need this' only beside police fields still empty; count them."""
        values = self.values()
        missing = 0
        for field_id, note in self.police_notes.items():
            empty = is_empty(values.get(field_id)) and not (
                self.spec.field(field_id).kind is FieldKind.PHOTO and self._prefilled.get(field_id)
            )
            note.setVisible(empty)
            missing += empty
        self.summary.setText(
            f"Police still need {missing} answer{'s' if missing != 1 else ''} on this form."
            if missing
            else "Everything police need at the first call is filled in."
        )

    def check(self) -> bool:
        """Show problems beside their fields; True when there are none."""
        values = self.values()
        problems = validate_values(self.spec, values)
        for field_id, error in self.errors.items():
            show_error(error, problems.get(field_id, ""))
        if problems:
            first = next(iter(problems))
            if first in self.editors:
                self.editors[first].widget.setFocus()
        return not problems

    def _save(self) -> None:
        if self.check():
            self.save_requested.emit(self.values())
