from __future__ import annotations

from pathlib import Path

import pytest

from desktop import paths
from desktop.formspec import load_forms
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.ui.context import AppContext, Dialogs
from desktop.ui.os_lock import AnyOf
from desktop.ui.theme import apply_theme


class FakeDialogs(Dialogs):
    """Pre-answered dialogs: tests never block on a real file chooser or message box."""

    def __init__(self) -> None:
        self.image: Path | None = None
        self.save_path: Path | None = None
        self.folder: Path | None = None
        self.opened: list[Path] = []
        self.messages: list[tuple[str, str]] = []

    def open_image(self, parent):
        return self.image

    def save_pdf(self, parent, suggested, title=""):
        self.suggested = suggested
        return self.save_path

    def save_csv(self, parent, suggested, title):
        self.suggested = suggested
        return self.save_path

    def choose_folder(self, parent, title):
        return self.folder

    def error(self, parent, title, text):
        self.messages.append((title, text))

    def info(self, parent, title, text):
        self.messages.append((title, text))

    def open_file(self, path):
        self.opened.append(path)
        return True


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture(scope="session")
def themed(qapp):
    apply_theme(qapp)  # once: re-styling an app re-polishes every widget it has made
    return qapp


@pytest.fixture
def ctx(themed, tmp_path, clock, device, dialogs) -> AppContext:
    return AppContext(
        store_dir=tmp_path / "ui-store",
        clock=clock,
        device=device,
        forms=load_forms(paths.forms_dir()),
        dialogs=dialogs,
        kdf=TEST_ONLY_PARAMS,
        os_lock=lambda: AnyOf([]),  # the test machine's own screen lock never locks a test
    )


@pytest.fixture
def closed_store(ctx):
    """A store made and closed, ready to sign in to."""
    from desktop.domain.model import Home
    from desktop.store.store import Store
    from tests.support.sample import ADMIN, PASSPHRASE

    Store.create(
        ctx.store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    ).store.close()


@pytest.fixture
def window_with_child(qtbot, ctx, closed_store):
    """The main window, signed in as the administrator, listing one child with a long name."""
    from desktop.store.store import Store
    from desktop.ui.main_window import MainWindow
    from tests.support.sample import ADMIN, PASSPHRASE, add_child

    store = Store.open(
        ctx.store_dir, name=ADMIN, passphrase=PASSPHRASE, clock=ctx.clock, device=ctx.device
    )
    add_child(store, "Aaliyah-Rose", "Fitzgerald-Montgomery")
    win = MainWindow(ctx, store)
    qtbot.addWidget(win)
    yield win
    win.idle_timer.stop()
    store.close()
