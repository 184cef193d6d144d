"""What every window needs from outside, injectable so tests control it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop import paths
from desktop.domain.clock import Clock
from desktop.formspec import FormSpec
from desktop.store.keys.device import DeviceSecrets
from desktop.store.keys.kdf import KdfParams
from desktop.ui.notifier import Notifier, TrayNotifier
from desktop.ui.os_lock import OsLockAdapter, platform_adapters

if TYPE_CHECKING:  # the database libraries load at sign-in, not before the first window
    from desktop.formspec.guide import CallGuide
    from desktop.protocol.engine import Prompt
    from desktop.protocol.rules import RuleSet
    from desktop.protocol.situation import ChildRecords
    from desktop.store.store import Store


class Dialogs:
    """Standard dialogs; tests replace this with pre-answered ones."""

    def open_image(self, parent: QWidget) -> Path | None:
        """Ask for a photograph to import."""
        name, _ = QFileDialog.getOpenFileName(
            parent,
            "Choose a photograph",
            str(Path.home()),
            "Pictures (*.jpg *.jpeg *.png *.heic *.heif);;All files (*)",
        )
        return Path(name) if name else None

    def save_pdf(
        self, parent: QWidget, suggested: str, title: str = "Save the police pack"
    ) -> Path | None:
        """Ask where to save a PDF."""
        name, _ = QFileDialog.getSaveFileName(
            parent, title, str(Path.home() / suggested), "PDF (*.pdf)"
        )
        return Path(name) if name else None

    def save_csv(self, parent: QWidget, suggested: str, title: str) -> Path | None:
        """Ask where to save a spreadsheet (CSV) file."""
        name, _ = QFileDialog.getSaveFileName(
            parent, title, str(Path.home() / suggested), "CSV (*.csv)"
        )
        return Path(name) if name else None

    def choose_folder(self, parent: QWidget, title: str) -> Path | None:
        """Ask for a folder."""
        name = QFileDialog.getExistingDirectory(parent, title, str(Path.home()))
        return Path(name) if name else None

    def error(self, parent: QWidget, title: str, text: str) -> None:
        """Show a problem the user can act on."""
        QMessageBox.warning(parent, title, text)

    def info(self, parent: QWidget, title: str, text: str) -> None:
        """Tell the user something happened."""
        QMessageBox.information(parent, title, text)

    def open_file(self, path: Path) -> bool:
        """Open a file with the desktop's default program (mail client for .eml)."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


@dataclass
class AppContext:
    """Shared services for the windows of one running app."""

    store_dir: Path
    clock: Clock
    device: DeviceSecrets
    forms: dict[str, FormSpec]
    protocols_dir: Path = field(default_factory=paths.protocols_dir)
    dialogs: Dialogs = field(default_factory=Dialogs)
    notifier: Notifier = field(default_factory=TrayNotifier)
    kdf: KdfParams | None = None
    demo: bool = False
    os_lock: Callable[[], OsLockAdapter] = platform_adapters
    """Makes what tells the app the computer locked or switched user (tests pass fakes)."""

    @functools.cached_property
    def rule_sets(self) -> dict[str, RuleSet]:
        """The protocols' rule sets, read when first needed (after the first window is up)."""
        from desktop.protocol.rules import load_rule_sets

        return load_rule_sets(self.protocols_dir)

    @functools.cached_property
    def call_guide(self) -> CallGuide:
        """What the police call-handler will ask (``forms/guides``), checked against the forms."""
        from desktop.formspec.guide import shipped_guide

        return shipped_guide(self.forms)

    def source_words(self, prompt: Prompt) -> str:
        """Where a duty comes from, as staff and police say it: the protocol and its section."""
        from desktop.protocol.sources import source_words

        return source_words(prompt, self.rule_sets)

    def prompts(self, store: Store, child_id: str) -> list[Prompt]:
        """What the protocol asks of staff for this child now."""
        return self.prompts_for(store.records(child_id))

    def prompts_for(self, records: ChildRecords) -> list[Prompt]:
        """What the protocol asks of staff now, for a child whose records are already read."""
        from desktop.protocol.situation import child_prompts

        return child_prompts(
            records, rule_sets=self.rule_sets, forms=self.forms, now=self.clock.now()
        )
