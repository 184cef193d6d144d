"""The photo manager: import by dialog or drag and drop, with date, description and consent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BadInput, PhilomenaError
from desktop.domain.model import DETAIL_MAX_LENGTH, PhotoCheck, PhotoInfo, cover_photo
from desktop.domain.ukdates import parse_uk_date, uk_date
from desktop.store.store import Store
from desktop.ui.context import AppContext
from desktop.ui.ops import run_in_background
from desktop.ui.widgets import button, error_label, label, set_busy, show_error

COVER_MARK = "On the police pack's cover"
"""How the photo the pack's cover uses is marked in the list."""


class PhotoDetailsDialog(QDialog):
    """When the photo was taken, what it shows, and who consented."""

    def __init__(self, file_name: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.setWindowTitle("About this photograph")
        self.taken_on = QLineEdit()
        self.taken_on.setPlaceholderText("dd/mm/yyyy — leave empty to use the camera's date")
        self.description = QLineEdit()
        self.consent_by = QLineEdit()
        self.consent_on = QLineEdit(uk_date(today))
        for edit, name in (
            (self.taken_on, "Date taken"),
            (self.description, "Description"),
            (self.consent_by, "Consent given by"),
            (self.consent_on, "Date consent given"),
        ):
            edit.setAccessibleName(name)
        self.description.setMaxLength(DETAIL_MAX_LENGTH)
        self.consent_by.setMaxLength(DETAIL_MAX_LENGTH)
        form = QFormLayout()
        form.addRow("Date &taken:", self.taken_on)
        form.addRow("&Description:", self.description)
        form.addRow("&Consent given by:", self.consent_by)
        form.addRow("Date consent &given:", self.consent_on)
        self.on_cover = QCheckBox("&Use this photo on the police pack's cover")
        self.on_cover.setChecked(True)
        self.on_cover.setToolTip(
            "Untick it for a photo that is not a good likeness, such as a group photo: the "
            "newest photo that is ticked goes on the cover."
        )
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Add photograph")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                f"Adding {file_name}. Location and camera details are removed before it is stored.",
                "help",
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.on_cover)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def dates(self) -> tuple[date | None, date | None]:
        """Date taken and date of consent, as typed (raises BadInput when unreadable)."""
        return parse_uk_date(self.taken_on.text()), parse_uk_date(self.consent_on.text())

    def _accept(self) -> None:
        try:
            self.dates()
        except BadInput as exc:
            show_error(self.error, exc.message)
            return
        self.accept()


class PhotoManager(QWidget):
    """A child's photographs, newest first."""

    changed = Signal()

    def __init__(self, ctx: AppContext, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = store
        self.child_id: str | None = None
        self.setAcceptDrops(True)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(160, 160))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.setAccessibleName("Photographs")
        self.add = button("Add a ph&otograph…")
        self.add.clicked.connect(self.choose_file)
        self.status = label("", "help")
        self.error = error_label()
        top = QHBoxLayout()
        top.addWidget(self.add)
        top.addWidget(label("…or drag a picture file onto this page.", "help"), 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.list, 1)

    def show_child(self, child_id: str) -> None:
        """List one child's photographs."""
        self.child_id = child_id
        self.refresh()

    def refresh(self) -> None:
        """Reload the list from the store."""
        self.list.clear()
        if self.child_id is None:
            return
        photos = self.store.photos.for_child(self.child_id)
        cover = cover_photo(photos)
        for photo in photos:
            self.list.addItem(self._item(photo, on_cover=photo == cover))
        check = self.store.photos.check(self.child_id)
        limit = self.store.home().photo_max_age_days
        self.status.setText(
            {
                PhotoCheck.NONE: f"{check}: police need a recent photograph.",
                PhotoCheck.OUT_OF_DATE: f"{check}: the newest is older than {limit} days. "
                "Please add a recent one.",
                PhotoCheck.CURRENT: f"{check}: {len(photos)} photograph(s); the one marked "
                f"“{COVER_MARK}” heads the police pack.",
            }[check]
        )

    def _item(self, photo: PhotoInfo, *, on_cover: bool) -> QListWidgetItem:
        image = QImage.fromData(self.store.photos.image(photo.id, thumbnail=True))
        when = uk_date(photo.taken_on) or "date unknown"
        lines = [when, photo.description, COVER_MARK if on_cover else ""]
        item = QListWidgetItem(QIcon(QPixmap.fromImage(image)), "\n".join(t for t in lines if t))
        consent = f"Consent: {photo.consent_by} {uk_date(photo.consent_on)}".strip()
        item.setToolTip(consent)
        cover = f" {COVER_MARK}." if on_cover else ""
        item.setData(
            Qt.ItemDataRole.AccessibleTextRole, f"Photograph taken {when}.{cover} {consent}"
        )
        return item

    def choose_file(self) -> None:
        """Ask for a file, then its details, then import it."""
        path = self.ctx.dialogs.open_image(self)
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path, details: PhotoDetailsDialog | None = None) -> None:
        """Import one file off the UI thread; a refused file changes nothing."""
        if self.child_id is None:
            return
        dialog = details or PhotoDetailsDialog(path.name, self.ctx.clock.now().date(), self)
        if details is None and dialog.exec() != QDialog.DialogCode.Accepted:
            return
        taken_on, consent_on = dialog.dates()
        description, consent_by = dialog.description.text(), dialog.consent_by.text()
        on_cover = dialog.on_cover.isChecked()
        child_id, store = self.child_id, self.store

        def work() -> PhotoInfo:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise BadInput(f"Cannot read {path.name}: {exc.strerror}.") from None
            return store.photos.add(
                child_id,
                data,
                taken_on=taken_on,
                description=description,
                consent_by=consent_by,
                consent_on=consent_on,
                on_cover=on_cover,
            )

        set_busy(self, True)
        show_error(self.error, "")
        self.status.setText(f"Adding {path.name}…")
        run_in_background(work, done=self._added, failed=self._failed)

    def _added(self, _photo: PhotoInfo) -> None:
        set_busy(self, False)
        self.refresh()
        self.changed.emit()

    def _failed(self, error: PhilomenaError) -> None:
        set_busy(self, False)
        self.refresh()
        show_error(self.error, error.message)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept dragged files."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Import the first dropped local file."""
        for url in event.mimeData().urls():
            if url.isLocalFile():
                event.acceptProposedAction()
                self.import_file(Path(url.toLocalFile()))
                return
