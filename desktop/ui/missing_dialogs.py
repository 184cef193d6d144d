"""The dialogs of the Missing or absent page: starting an episode, and one log entry of any kind.

Each entry dialog is made from what its kind needs (``ENTRY_KINDS``), labelled as the log reads.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.episode import NOTIFIED_ROLE_NAMES, EntryKind, check_entry
from desktop.domain.errors import BadInput
from desktop.domain.follow_up_kinds import YES_NO_FIELDS
from desktop.domain.grading import POLICE_GRADINGS
from desktop.domain.timeline import INTERVENTION_STAGES, RISK_FLAG_NAMES
from desktop.domain.ukdates import parse_uk_datetime, uk_datetime
from desktop.ui.widgets import error_label, label, show_error

HINTS = {
    "how": "phone, text, visit …",
    "seen_at": "the time they were seen, e.g. 16:00",
}
"""What to type, shown in an empty field."""
NOT_GIVEN = "Not given yet"
"""The first choice of an optional list: nothing is recorded."""
CHOICES = {
    "whom": NOTIFIED_ROLE_NAMES,
    "flag": RISK_FLAG_NAMES,
    "risk_grading": {"": NOT_GIVEN} | {g.value: g.label for g in POLICE_GRADINGS},
    "stage": {str(number): name for number, name in INTERVENTION_STAGES.items()},
    **{name: {"": NOT_GIVEN, "yes": "Yes", "no": "No"} for name in YES_NO_FIELDS},
}
"""Fields chosen from a list: stored by id, shown by plain name."""
MEDICATION_WORDS = {
    "with them": "They have it with them",
    "left behind": "They left it behind",
    "not sure": "Not sure",
    "takes none": "They take no medication",
}
"""Each answer the first entry can give about the child's medication, as the dialog asks it."""


class EntryDialog(QDialog):
    """A form for one kind of log entry, made from what that kind needs."""

    def __init__(self, kind: EntryKind, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.zone = now.tzinfo
        self.setWindowTitle(kind.label)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        form = QFormLayout()
        self.when = QLineEdit(uk_datetime(now, self.zone))
        when = kind.field_label("event_at")  # the report's is the time of the call
        self.when.setAccessibleName(when)
        form.addRow(f"&{when}:", self.when)
        for name in kind.fields:
            widget: QLineEdit | QComboBox
            if name in CHOICES:
                widget = QComboBox()
                for choice, plain in CHOICES[name].items():
                    widget.addItem(plain[:1].upper() + plain[1:], choice)
            else:
                widget = QLineEdit()
                widget.setPlaceholderText(HINTS.get(name, ""))
            text = kind.field_label(name)
            required = name in kind.required
            widget.setAccessibleName(text + (" (needed)" if required else ""))
            form.addRow(f"{text}{' *' if required else ''}:", widget)
            self.fields[name] = widget
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Add to the log")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if kind.required:  # only where a field is starred
            layout.addWidget(label("Fields marked * are needed.", "help"))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        first = next(iter(self.fields.values()), None)
        (first or self.when).setFocus()

    def body(self) -> dict[str, str]:
        """The answers, without empty ones."""
        values = {}
        for name, widget in self.fields.items():
            text = str(widget.currentData()) if isinstance(widget, QComboBox) else widget.text()
            if text.strip():
                values[name] = text.strip()
        return values

    def event_at(self) -> datetime:
        """When it happened."""
        return parse_uk_datetime(self.when.text(), self.zone)

    def _accept(self) -> None:
        try:
            self.event_at()
            check_entry(self.kind.id, self.body())
        except BadInput as exc:
            show_error(self.error, exc.message)
            return
        self.accept()


class StartDialog(QDialog):
    """One action to start an episode: when you knew, and whether you know where they are."""

    def __init__(self, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = now.tzinfo
        self.setWindowTitle("The child is not where they should be")
        self.unknown = QRadioButton("We do &not know where they are")
        self.known = QRadioButton("We &know where they are, but they are away without permission")
        self.unknown.setChecked(True)
        self.aware_at = QLineEdit(uk_datetime(now, self.zone))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Only if the time is earlier than now")
        self.last_seen = QLineEdit()
        self.last_seen_by = QLineEdit()
        self.clothing = QLineEdit()
        self.clothing.setPlaceholderText("Top to toe, with colours and logos")
        self.with_whom = QLineEdit()
        self.with_whom.setPlaceholderText("Names, descriptions, vehicles; or 'alone'")
        self.belongings = QLineEdit()
        self.belongings.setPlaceholderText("Bag, phone, charger, money, keys …")
        self.medication = QComboBox()
        self.medication.addItem("Not checked yet", "")
        for answer, words in MEDICATION_WORDS.items():
            self.medication.addItem(words, answer)
        form = QFormLayout()
        rows: tuple[tuple[str, QWidget], ...] = (
            ("When did you &become aware:", self.aware_at),
            ("Why that &time (if earlier):", self.reason),
            ("Last seen &where:", self.last_seen),
            ("Last seen b&y:", self.last_seen_by),
            ("&Clothing when last seen:", self.clothing),
            ("Who they went wit&h:", self.with_whom),
            ("What they had with them (belon&gings):", self.belongings),
            ("Their &medication:", self.medication),
        )
        for text, widget in rows:
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
            form.addRow(text, widget)
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Start the episode")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.unknown)
        layout.addWidget(self.known)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def moment(self) -> datetime:
        """The moment of awareness."""
        return parse_uk_datetime(self.aware_at.text(), self.zone)

    def details(self) -> dict[str, str]:
        """What the first entry says besides the time: the description when last seen."""
        texts = {
            "last_seen_where": self.last_seen.text(),
            "last_seen_by": self.last_seen_by.text(),
            "clothing": self.clothing.text(),
            "with_whom": self.with_whom.text(),
            "belongings": self.belongings.text(),
            "medication": str(self.medication.currentData() or ""),
        }
        return {name: text.strip() for name, text in texts.items() if text.strip()}

    def _accept(self) -> None:
        try:
            self.moment()
        except BadInput as exc:
            show_error(self.error, exc.message)
            return
        self.accept()
