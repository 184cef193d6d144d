"""The pack window makes either output: the police pack or the episode record."""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import Qt

from desktop.ui.pack_dialog import PackDialog
from tests.support.episodes import missing_episode
from tests.support.ui import click_child, press


def test_the_episode_record_is_chosen_by_keyboard_and_saved(
    qtbot, window_with_child, dialogs, tmp_path
):
    window = window_with_child
    child = window.store.children.all()[0]
    missing_episode(window.store, child)
    window.show()
    click_child(qtbot, window)
    qtbot.mouseClick(window.police, Qt.MouseButton.LeftButton)
    pack = next(w for w in window.findChildren(PackDialog) if w.isVisible())
    qtbot.waitUntil(pack.save.isEnabled, timeout=20_000)
    first_pages = len(pack.pack.pages)
    press(qtbot, pack.reference, "Alt+K")
    assert pack.output.hasFocus()
    qtbot.keyClick(pack.output, Qt.Key.Key_Down)
    qtbot.waitUntil(
        lambda: pack.save.isEnabled() and len(pack.pack.pages) > first_pages, timeout=20_000
    )
    dialogs.save_path = tmp_path / "record.pdf"
    qtbot.mouseClick(pack.save, Qt.MouseButton.LeftButton)
    assert dialogs.suggested.startswith("Episode-record-")
    document = pdfium.PdfDocument(tmp_path / "record.pdf")
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert "What the protocol asked, and what was decided" in text
    assert "Episode record" in text
    pack.close()


def test_sensitive_disclosures_are_included_only_when_ticked_and_the_choice_is_audited(
    qtbot, window_with_child, dialogs, tmp_path
):
    window = window_with_child
    child = window.store.children.all()[0]
    episode = missing_episode(window.store, child)
    window.store.episodes.append(
        episode.id, "sensitive_disclosure", {"disclosure": "Named the man at the park"}
    )
    window.show()
    click_child(qtbot, window)
    qtbot.mouseClick(window.police, Qt.MouseButton.LeftButton)
    pack = next(w for w in window.findChildren(PackDialog) if w.isVisible())
    qtbot.waitUntil(pack.save.isEnabled, timeout=20_000)
    assert not pack.sensitive.isChecked() and not pack.pack.sensitive

    def saved(name: str) -> str:
        dialogs.save_path = tmp_path / name
        qtbot.mouseClick(pack.save, Qt.MouseButton.LeftButton)
        document = pdfium.PdfDocument(tmp_path / name)
        text = " ".join(page.get_textpage().get_text_range() for page in document)
        document.close()
        return " ".join(text.split())

    assert "Named the man" not in saved("plain.pdf")
    press(qtbot, pack.reference, "Alt+D")
    qtbot.waitUntil(pack.sensitive.isChecked, timeout=5_000)
    qtbot.waitUntil(lambda: pack.save.isEnabled() and pack.pack.sensitive, timeout=20_000)
    assert "Named the man at the park" in saved("with.pdf")
    kinds = [e.what.value for e in window.store.audit.entries()]
    assert kinds[-3:] == ["export", "export", "sensitive_included"]
    pack.close()
