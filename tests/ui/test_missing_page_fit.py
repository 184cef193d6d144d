"""The Missing or absent page with an open episode fits a laptop, and its Alt keys are unique."""

from __future__ import annotations

import pytest

from tests.support.geometry import TARGETS, assert_fits, settle
from tests.support.mnemonics import clashes
from tests.support.ui import click_child, click_tab

SIZES = pytest.mark.parametrize("size", TARGETS, ids=lambda s: f"{s.width()}x{s.height()}")


@pytest.fixture
def window(window_with_child):
    store = window_with_child.store
    child = store.children.all()[0]
    episode = store.episodes.start(
        child.id,
        whereabouts="unknown",
        details={"last_seen_where": "Bus station", "clothing": "Red coat"},
    )
    store.episodes.append(episode.id, "police_report", {"reference": "HUM-77"})
    store.episodes.append(episode.id, "note", {"note": "Phoned her friend's mum: not there"})
    return window_with_child


@SIZES
def test_the_missing_page_with_an_open_episode_fits(qtbot, window, size):
    window.show()
    click_child(qtbot, window)
    click_tab(qtbot, window, "Missing or absent")
    page = window.missing
    assert page.episode is not None and page.prompt_rows
    assert_fits(window, size, exact=True)
    inner = page.tabs.tabBar()
    for index in range(inner.count()):
        page.tabs.setCurrentIndex(index)
        settle()
        assert_fits(window, size, exact=True)


def test_at_least_six_prompts_show_at_once_at_1366x768(qtbot, window):
    from PySide6.QtCore import QSize

    window.show()
    click_child(qtbot, window)
    click_tab(qtbot, window, "Missing or absent")
    window.resize(QSize(1366, 768))
    settle()
    page = window.missing
    view = page.prompt_scroll.viewport()
    shown = [
        row
        for row in page.prompt_rows
        if row.isVisible() and view.rect().contains(row.geometry().translated(0, 0).bottomLeft())
    ]
    assert len(shown) >= min(6, len(page.prompt_rows)), (len(shown), len(page.prompt_rows))


def test_the_missing_page_mnemonics_are_unique(qtbot, window):
    window.show()
    click_child(qtbot, window)
    click_tab(qtbot, window, "Missing or absent")
    page = window.missing
    inner = page.tabs.tabBar()
    for index in range(inner.count()):
        page.tabs.setCurrentIndex(index)
        settle()
        assert clashes(window) == {}, inner.tabText(index)
