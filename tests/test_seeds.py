"""Missing seed texts fail the run in CI, and only skip (with directions) on a developer machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import seeds


@pytest.fixture
def no_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PHILOMENA_SEEDS", raising=False)
    monkeypatch.setattr(seeds, "seeds_dir", lambda: None)


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_missing_seeds_fail_in_ci(no_seeds, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="PHILOMENA_SEEDS"):
        seeds.seed_text("any.md")


@pytest.mark.parametrize("value", [None, "", "false", "0"])
def test_missing_seeds_skip_locally_with_directions(no_seeds, monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.skip.Exception, match="Set PHILOMENA_SEEDS to the folder"):
        seeds.seed_text("any.md")


def test_a_wrong_philomena_seeds_fails_even_locally(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("PHILOMENA_SEEDS", str(tmp_path / "nowhere"))
    with pytest.raises(pytest.fail.Exception, match="not a folder"):
        seeds.seed_text("any.md")


def test_philomena_seeds_is_used_first(tmp_path, monkeypatch):
    (tmp_path / "guide.md").write_text("Report   at\nonce.", encoding="utf-8")
    monkeypatch.setenv("PHILOMENA_SEEDS", str(tmp_path))
    assert seeds.seed_text("guide.md") == "Report at once."


def test_shared_seeds_above_the_checkout_are_found(tmp_path, monkeypatch):
    found = tmp_path / "shared" / "seeds"
    found.mkdir(parents=True)
    monkeypatch.delenv("PHILOMENA_SEEDS", raising=False)
    monkeypatch.setattr(seeds, "ROOT", tmp_path / "work" / "checkout")
    assert seeds.seeds_dir() == found


def test_this_checkout_finds_its_seeds():
    # The citation tests depend on this; in CI a missing folder fails here too, not only there.
    assert isinstance(seeds.seeds_folder(), Path)
