"""The police pack: preview, save (optionally with a password), print, e-mail draft."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.audit import Audited
from desktop.domain.errors import BadInput, PhilomenaError
from desktop.export.gather import pack_input
from desktop.export.output import (
    MIN_PASSWORD_LENGTH,
    protect,
    safe_file_name,
    save_email_draft,
    save_pdf,
)
from desktop.export.pack import build_pack
from desktop.store.store import Store
from desktop.ui.context import AppContext
from desktop.ui.ops import run_in_background
from desktop.ui.widgets import button, error_label, fitted, label, set_busy, show_error

PREVIEW_SCALE = 1.1  # about 80 dpi on screen
_PDFIUM = threading.Lock()
"""PDFium is not thread-safe: one document at a time, whichever thread asks."""


@dataclass(frozen=True)
class RenderedPack:
    """A built pack and its pages as images for the preview."""

    pdf: bytes
    pages: list[QImage]
    reference: str = ""  # the police reference the pack prints (typed, or from the log)
    sensitive: bool = False  # it prints sensitive disclosures: someone chose to include them


def render_pages(pdf: bytes, scale: float) -> list[QImage]:
    """Render every page to an image (in memory; safe off the UI thread)."""
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            bitmap = page.render(scale=scale)
            pil = bitmap.to_pil().convert("RGB")
            data = pil.tobytes("raw", "RGB")
            image = QImage(data, pil.width, pil.height, 3 * pil.width, QImage.Format.Format_RGB888)
            images.append(image.copy())  # own the pixels before `data` goes away
        return images
    finally:
        document.close()


def print_pdf(pdf: bytes, printer: QPrinter) -> None:
    """Paint each page onto the printer at its resolution (capped at 300 dpi)."""
    dpi = min(printer.resolution(), 300)
    pages = render_pages(pdf, dpi / 72)
    painter = QPainter(printer)
    try:
        for number, image in enumerate(pages):
            if number:
                printer.newPage()
            target = painter.viewport()
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(QRect(target.x(), target.y(), size.width(), size.height()))
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
    finally:
        painter.end()


OUTPUT_CHOICES = {
    "police": "Police pack (for reporting the child missing)",
    "episode": "Episode record (for the social worker and manager)",
}


class PackDialog(QDialog):
    """Build the pack off the UI thread, show it, and send it where the carer chooses."""

    def __init__(
        self, ctx: AppContext, store: Store, child_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = store
        self.child_id = child_id
        self.pack: RenderedPack | None = None
        self._building = False
        self._again = False
        child = store.children.get(child_id)
        self.file_stem = safe_file_name(child.first_name + " " + child.last_name)
        self.setWindowTitle(f"Police pack — {child.display_name}")
        self.output = QComboBox()
        self.output.setAccessibleName("What to make")
        for key, words in OUTPUT_CHOICES.items():
            self.output.addItem(words, key)
        self.output.currentIndexChanged.connect(self.build)
        self.resize(fitted(QSize(900, 900), parent))
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Police reference number")
        self.reference.setPlaceholderText("If the police have given one")
        self.rebuild = button("&Update the pack")
        self.rebuild.clicked.connect(self.build)
        self.sensitive = QCheckBox("Include sensitive &disclosures (left out unless chosen)")
        self.sensitive.toggled.connect(self.build)
        self.use_password, self.password, self.password_again = password_fields(
            "Protect the PDF with a pass&word"
        )
        form = QFormLayout()
        output_label = QLabel("Ma&ke:")
        output_label.setBuddy(self.output)
        form.addRow(output_label, self.output)
        reference_row = QHBoxLayout()
        reference_row.addWidget(self.reference, 1)
        reference_row.addWidget(self.rebuild)
        reference_label = QLabel("Police &reference:")
        reference_label.setBuddy(self.reference)
        form.addRow(reference_label, reference_row)
        form.addRow(self.sensitive)
        form.addRow(self.use_password)
        form.addRow("Password:", self.password)
        form.addRow("Password again:", self.password_again)
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        scroll.setAccessibleName("Preview of the police pack")
        self.status = label("", "help")
        self.error = error_label()
        self.save = button("&Save as PDF…", name="primary")
        self.print_ = button("&Print…")
        self.email = button("&E-mail draft…")
        close = button("&Close")
        self.save.clicked.connect(self.save_as)
        self.print_.clicked.connect(self.print_pack)
        self.email.clicked.connect(self.email_draft)
        close.clicked.connect(self.accept)
        actions = QHBoxLayout()
        for widget in (self.save, self.print_, self.email):
            actions.addWidget(widget)
        actions.addStretch()
        actions.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            label(
                "Send the password to the police separately (by phone or text), never in the same "
                "e-mail. Printing hands the pack to this computer's print queue.",
                "help",
            )
        )
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        layout.addLayout(actions)
        self.build()

    @property
    def file_name(self) -> str:
        """The PDF's file name: what it is and whose."""
        kind = "Episode-record" if self.output.currentData() == "episode" else "Philomena-pack"
        return f"{kind}-{self.file_stem}.pdf"

    def _set_actions(self, ready: bool) -> None:
        for widget in (self.save, self.print_, self.email):
            widget.setEnabled(ready)

    def build(self) -> None:
        """Build and render the pack in the background (one build at a time)."""
        if self._building:
            self._again = True
            return
        self._building = True
        store, child_id, forms = self.store, self.child_id, self.ctx.forms
        rule_sets = self.ctx.rule_sets
        reference = self.reference.text().strip()
        output = str(self.output.currentData())
        sensitive = self.sensitive.isChecked()

        def work() -> RenderedPack:
            data = pack_input(
                store,
                child_id,
                forms,
                police_reference=reference,
                rule_sets=rule_sets,
                output=output,
                include_sensitive=sensitive,
            )
            pdf = build_pack(data)
            pages = render_pages(pdf, PREVIEW_SCALE)
            return RenderedPack(
                pdf=pdf,
                pages=pages,
                reference=data.police_reference,
                sensitive=bool(data.disclosures),
            )

        self._set_actions(False)
        self.rebuild.setEnabled(False)
        self.status.setText(f"Making the {self.output.currentText().split(' (')[0].lower()}…")
        run_in_background(work, done=self._built, failed=self._failed)

    def _built(self, pack: RenderedPack) -> None:
        self._building = False
        if self._again:
            self._again = False
            self.build()
            return
        self.pack = pack
        if not self.reference.text().strip():  # the reference recorded in the log
            self.reference.setText(pack.reference)
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        for number, image in enumerate(pack.pages, start=1):
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setFixedSize(image.size())
            page.setAccessibleName(f"Page {number} of {len(pack.pages)}")
            self.pages_layout.addWidget(page, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.status.setText(f"The pack is ready: {len(pack.pages)} pages.")
        self._set_actions(True)
        self.rebuild.setEnabled(True)
        self.save.setFocus()

    def _failed(self, error: PhilomenaError) -> None:
        self._building = False
        self._again = False
        self.rebuild.setEnabled(True)
        self.status.setText("")
        show_error(self.error, error.message)

    def _audit(self, what: Audited) -> None:
        """Log the output, and that it holds sensitive disclosures when someone chose so."""
        self.store.audit.record(what, child_id=self.child_id)
        if self.pack is not None and self.pack.sensitive:
            self.store.audit.record(Audited.SENSITIVE_INCLUDED, child_id=self.child_id)

    def chosen_password(self) -> str | None:
        """The password to protect the PDF with, or None; raises BadInput when unusable."""
        return chosen_password(self.use_password, self.password, self.password_again)

    def save_as(self) -> None:
        """Save where the carer chooses."""
        if self.pack is None:
            return
        try:
            password = self.chosen_password()
            path = self.ctx.dialogs.save_pdf(self, self.file_name)
            if path is None:
                return
            saved = save_pdf(path, self.pack.pdf, password=password)
            self._audit(Audited.EXPORT)
        except PhilomenaError as exc:
            show_error(self.error, exc.message)
            return
        show_error(self.error, "")
        self.status.setText(f"Saved to {saved}.")

    def print_pack(self) -> None:
        """Print through the system print dialog."""
        if self.pack is not None and print_with_dialog(self, self.pack.pdf):
            self.status.setText("Sent to the printer.")
            self._audit(Audited.PRINT)

    def email_draft(self) -> None:
        """Write an e-mail draft with the pack attached and open it in the mail program."""
        if self.pack is None:
            return
        try:
            password = self.chosen_password()
            folder = self.ctx.dialogs.choose_folder(self, "Where should the e-mail draft go?")
            if folder is None:
                return
            pdf = protect(self.pack.pdf, password) if password else self.pack.pdf
            child = self.store.children.get(self.child_id)
            path = save_email_draft(
                folder,
                pdf,
                file_name=self.file_name,
                subject=f"Missing child — Philomena pack — {child.display_name}",
                body=(
                    "The Philomena Protocol pack for this child is attached.\n"
                    + ("The password will be given to you separately.\n" if password else "")
                    + f"\nSent from {self.store.home().name}.\n"
                ),
                when=self.ctx.clock.now(),
            )
            self._audit(Audited.EMAIL_DRAFT)
        except PhilomenaError as exc:
            show_error(self.error, exc.message)
            return
        show_error(self.error, "")
        opened = self.ctx.dialogs.open_file(path)
        self.status.setText(
            f"E-mail draft saved to {path}."
            + ("" if opened else " Open it with your e-mail program.")
        )


def print_with_dialog(parent: QWidget, pdf: bytes) -> bool:
    """Ask the system print dialog where to print, then print; False if the user cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if QPrintDialog(printer, parent).exec() != QDialog.DialogCode.Accepted:
        return False
    set_busy(parent, True)
    try:
        print_pdf(pdf, printer)
    finally:
        set_busy(parent, False)
    return True


def password_fields(
    text: str, what: str = "PDF password"
) -> tuple[QCheckBox, QLineEdit, QLineEdit]:
    """A "protect it with a password" box and the password typed twice, greyed out till ticked.

    The two fields are named ``what`` and "``what`` again" for a screen reader.
    """
    use = QCheckBox(text)
    password, again = QLineEdit(), QLineEdit()
    for edit, name, shown in ((password, what, "Password"), (again, f"{what} again", "Again")):
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(name)
        edit.setPlaceholderText(shown)
        edit.setEnabled(False)
        use.toggled.connect(edit.setEnabled)
    return use, password, again


def chosen_password(use: QCheckBox, password: QLineEdit, again: QLineEdit) -> str | None:
    """The password to protect a saved PDF with, or None; raises BadInput when unusable."""
    if not use.isChecked():
        return None
    text = password.text()
    if len(text) < MIN_PASSWORD_LENGTH:
        raise BadInput(f"The PDF password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if text != again.text():
        raise BadInput("The two PDF passwords are different.")
    return text
