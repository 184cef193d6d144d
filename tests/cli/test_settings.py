"""The home's settings on the command line: said to anyone, set by an administrator."""

from __future__ import annotations

from desktop.domain.errors import ExitCode


def test_an_administrator_says_and_sets_the_idle_time_within_bounds(initialised):
    code, out, err = initialised("idle-lock")
    assert (code, out.strip()) == (0, "The app locks after 5 minutes untouched."), err
    code, out, err = initialised("idle-lock", "1")
    assert code == 0 and "locks after 1 minute untouched" in out, err
    for wrong in ("0", "61", "-3"):
        code, out, err = initialised("idle-lock", wrong)
        assert code == ExitCode.BAD_INPUT, (out, err)
        assert f"from 1 to 60, not {wrong}" in err
    code, _, err = initialised("idle-lock", "many")
    assert code == ExitCode.USAGE and "invalid int value" in err
    code, out, _ = initialised("idle-lock")
    assert out.strip() == "The app locks after 1 minute untouched."


def test_an_administrator_says_and_sets_the_form_review_interval_within_bounds(initialised):
    code, out, err = initialised("form-review")
    assert (code, out.strip()) == (0, "The home reviews the forms every 6 months."), err
    code, out, err = initialised("form-review", "1")
    assert code == 0 and "reviews the forms every month" in out, err
    for wrong in ("0", "13", "-6"):
        code, out, err = initialised("form-review", wrong)
        assert code == ExitCode.BAD_INPUT, (out, err)
        assert f"from 1 to 12, not {wrong}" in err
    code, _, err = initialised("form-review", "half-yearly")
    assert code == ExitCode.USAGE and "invalid int value" in err
    code, out, _ = initialised("form-review")
    assert out.strip() == "The home reviews the forms every month."
    code, out, _ = initialised("form-review", "--help")
    assert code == 0 and "1 to 12 months (new stores: 6)" in " ".join(out.split())
