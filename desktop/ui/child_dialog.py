"""Adding a child: the record every form and pack starts from."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BadInput
from desktop.domain.model import MAX_LENGTHS, ChildDetails, LegalStatus
from desktop.domain.ukdates import parse_uk_date, uk_date
from desktop.protocol.rules import RuleSet, protocol_names
from desktop.ui.widgets import error_label, label, show_error

ENGLISH_NAME_HELP = "Only for a name in another script, spelt as on official papers."
"""The help line under "Name in English letters"."""
ENGLISH_NAME_WHY = (
    "Police call-handlers type English letters, so the police pack is headed with this name. "
    "It is never worked out for you."
)
"""Why it is asked, in the field's tooltip and what a screen reader says of it."""
PLANNED_CHOICES: dict[str, bool | None] = {
    "— not said —": None,
    "Planned ahead: the Philomena forms are due before the child arrives": True,
    "Unplanned or an emergency: the forms are due within 5 days": False,
}
"""Whether the placement was planned, as a carer chooses it."""


class AddChildDialog(QDialog):
    """Names, date of birth, placement and who is responsible."""

    def __init__(
        self, today: date, rule_sets: Mapping[str, RuleSet], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.rule_sets = rule_sets
        self.details: ChildDetails | None = None
        self.setWindowTitle("Add a child")
        self.setMinimumWidth(560)
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.preferred_name = QLineEdit()
        self.english_name = QLineEdit()
        self.aliases = QLineEdit()
        self.aliases.setPlaceholderText("Separate names with commas")
        self.date_of_birth = QLineEdit()
        self.date_of_birth.setPlaceholderText("dd/mm/yyyy")
        self.placement_start = QLineEdit(uk_date(today))
        self.placement_planned = QComboBox()
        for text, planned in PLANNED_CHOICES.items():
            self.placement_planned.addItem(text, planned)
        self.legal_status = QComboBox()
        self.legal_status.addItem("— not known yet —", "")
        for status in LegalStatus:
            self.legal_status.addItem(status.value, status.value)
        self.responsible_authority = QLineEdit()
        self.authority_child_id = QLineEdit()
        self.authority_child_id.setPlaceholderText("blank if not known")
        self.authority_child_id.setToolTip(
            "The id the responsible authority gives the child in its records; it goes in the "
            "export for the authority's yearly return to the Department for Education (SSDA903)."
        )
        self.host_authority = QLineEdit()
        self.responsible_protocol = QComboBox()
        self.responsible_protocol.addItem("The same as the home's", None)
        for pid, name in protocol_names(rule_sets).items():
            self.responsible_protocol.addItem(name, pid)
        self.social_worker = QLineEdit()
        self.edt_contact = QLineEdit()
        form = QFormLayout()
        rows = (
            ("&First name:", self.first_name),
            ("&Last name:", self.last_name),
            ("&Preferred name:", self.preferred_name),
            ("Name in En&glish letters:", self.english_name),
            ("Other names (&aliases):", self.aliases),
            ("Date of &birth:", self.date_of_birth),
            ("Placement &started:", self.placement_start),
            ("Was the placement pla&nned?", self.placement_planned),
            ("Legal s&tatus:", self.legal_status),
            ("&Responsible local authority:", self.responsible_authority),
            ("That authority's &id for the child:", self.authority_child_id),
            ("&Host local authority:", self.host_authority),
            ("Responsible authority's pr&otocol:", self.responsible_protocol),
            ("Social &worker (name and phone):", self.social_worker),
            ("Out-of-hours social care (&EDT):", self.edt_contact),
        )
        self.english_help = label(ENGLISH_NAME_HELP, "help", wrap=False)  # one line: never cut
        self.english_name.setAccessibleDescription(f"{ENGLISH_NAME_HELP} {ENGLISH_NAME_WHY}")
        self.english_name.setToolTip(ENGLISH_NAME_WHY)
        for text, widget in rows:
            widget.setAccessibleName(text.replace("&", "").rstrip(":?"))
            form.addRow(text, widget)
            if widget is self.english_name:
                form.addRow(self.english_help)
        for key, (_what, limit) in MAX_LENGTHS.items():
            getattr(self, key).setMaxLength(limit)
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.add_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText("Add the &child")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                "Only the first and last name and the date of birth are needed "
                "now; the rest can be added later.",
                "help",
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _date(self, edit: QLineEdit, what: str, *, required: bool) -> date | None:
        try:
            value = parse_uk_date(edit.text())
        except BadInput:
            raise BadInput(f"The {what} is not a date: write it as day/month/year.") from None
        if value is None and required:
            raise BadInput(f"Enter the {what} as day/month/year.")
        return value

    def read(self) -> ChildDetails:
        """The typed details; raises BadInput with a plain message when something is wrong."""
        dob = self._date(self.date_of_birth, "date of birth", required=True)
        assert dob is not None
        details = ChildDetails(
            first_name=self.first_name.text().strip(),
            last_name=self.last_name.text().strip(),
            preferred_name=self.preferred_name.text().strip(),
            english_name=self.english_name.text().strip(),
            aliases=tuple(a.strip() for a in self.aliases.text().split(",") if a.strip()),
            date_of_birth=dob,
            placement_start=self._date(self.placement_start, "placement start", required=False),
            placement_planned=self.placement_planned.currentData(),
            legal_status=str(self.legal_status.currentData() or ""),
            responsible_authority=self.responsible_authority.text().strip(),
            authority_child_id=self.authority_child_id.text().strip(),
            host_authority=self.host_authority.text().strip(),
            responsible_protocol_id=self.responsible_protocol.currentData(),
            social_worker=self.social_worker.text().strip(),
            edt_contact=self.edt_contact.text().strip(),
        )
        problems = details.validate(today=self.today, protocol_ids=self.rule_sets)
        if problems:
            raise BadInput(" ".join(problems.values()))
        return details

    def _accept(self) -> None:
        try:
            self.details = self.read()
        except BadInput as exc:
            show_error(self.error, exc.message)
            return
        self.accept()
