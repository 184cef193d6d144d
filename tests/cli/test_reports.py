"""``report absences|summary|ssda903``: managers' reports without the window, audited."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from pypdf import PdfReader

from desktop.domain.errors import ExitCode


def _history(run, clock) -> None:
    run.add_child("Aisha")
    for days, back in ((20, "2026-02-09T18:00:00+00:00"), (3, None)):
        code, _, err = run(
            "episode", "start", "--child", "Aisha", "--whereabouts", "unknown",
            "--at", (clock.now() - timedelta(days=days)).isoformat(),
            "--reason", "Logged afterwards",
        )  # fmt: skip
        assert code == 0, err
        if back:
            code, _, err = run(
                "episode", "log", "--child", "Aisha", "returned",
                "where==HYPERLINK(\"x\")", "--at", back,
            )  # fmt: skip
            assert code == 0, err


def test_the_absence_log_as_csv_for_a_range_of_days(initialised, clock, tmp_path):
    _history(initialised, clock)
    out = tmp_path / "log"
    code, text, err = initialised(
        "report", "absences", "--from", "01/02/2026", "--to", "28/02/2026", "--out", str(out)
    )
    assert code == 0, err
    assert "Saved the absence log for 01/02/2026 to 28/02/2026 (2 episodes)" in text
    rows = list(csv.reader(io.StringIO(out.with_suffix(".csv").read_text("utf-8-sig"))))
    assert [r[0] for r in rows] == ["Child", "Aisha Khan", "Aisha Khan"]
    assert '\'=HYPERLINK("x")' in {c for r in rows for c in r}
    code, text, err = initialised("audit")
    assert "Saved a report across the home" in text


def test_the_summary_pdf_is_marked_and_can_be_protected(initialised, clock, tmp_path):
    _history(initialised, clock)
    secret = tmp_path / "password.txt"
    secret.write_text("long enough password\n")
    out = tmp_path / "summary.pdf"
    code, _, err = initialised(
        "report", "summary", "--from", "01/02/2026", "--to", "28/02/2026", "--out", str(out),
        "--password-file", str(secret),
    )  # fmt: skip
    assert code == 0, err
    reader = PdfReader(out)
    assert reader.is_encrypted and reader.decrypt("long enough password")
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert all("OFFICIAL-SENSITIVE" in p for p in pages)
    whole = " ".join(pages)
    assert "Missing and absence summary — Birch House" in whole
    assert "Episodes 2" in whole and "Returns (a return interview to offer) 1" in whole


def test_each_responsible_authoritys_missing_table_goes_into_the_folder_named(
    initialised, clock, tmp_path
):
    _history(initialised, clock)  # Aisha: no responsible authority recorded yet
    code, _, err = initialised(
        "add-child", "--first-name", "Ben", "--last-name", "Ode", "--dob", "2012-05-06",
        "--responsible-authority", "Portsmouth City Council", "--authority-id", "P-0042",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = initialised(
        "episode", "start", "--child", "Ben", "--whereabouts", "known",
        "--at", (clock.now() - timedelta(days=10)).isoformat(), "--reason", "Logged afterwards",
    )  # fmt: skip
    assert code == 0, err
    code, text, err = initialised("authority-id", "Aisha", "=1+2")
    assert code == ExitCode.BAD_INPUT and "letters A to Z" in err
    out = tmp_path / "returns"
    out.mkdir()
    code, text, err = initialised(
        "report", "ssda903", "--from", "01/02/2026", "--to", "28/02/2026", "--out", str(out)
    )
    assert code == 0, err
    assert "Saved 2 files for the responsible authorities' returns" in text
    assert "The authority's id is not recorded for Aisha Khan" in text
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        "SSDA903-Missing-Portsmouth-City-Council-01-02-2026-to-28-02-2026.csv",
        "SSDA903-Missing-Responsible-authority-not-recorded-01-02-2026-to-28-02-2026.csv",
    ]
    ports = list(csv.reader(io.StringIO((out / files[0]).read_text("utf-8"))))
    assert ports == [
        ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
        ["P-0042", "06/05/2012", "A", "19/02/2026", ""],
    ]
    code, text, err = initialised("authority-id", "Aisha", "PCC-9")
    assert code == 0 and "The authority's id for Aisha Khan is now PCC-9." in text, err
    code, text, _ = initialised("children", "--json")
    assert '"authority_child_id": "PCC-9"' in text


def test_reports_are_for_managers_and_the_days_must_be_in_order(initialised, tmp_path):
    code, _, err = initialised(
        "report", "absences", "--from", "28/02/2026", "--to", "01/02/2026",
        "--out", str(tmp_path / "x.csv"),
    )  # fmt: skip
    assert code == ExitCode.BAD_INPUT and "before the first" in err
    code, _, err = initialised(
        "add-staff", "Sam Carer", "--role", "staff",
        env={"PHILOMENA_NEW_PASSPHRASE": "Sam's own long passphrase"},
    )  # fmt: skip
    assert code == 0, err
    code, _, err = initialised(
        "report", "absences", "--from", "01/02/2026", "--to", "28/02/2026",
        "--out", str(tmp_path / "x.csv"),
        env={"PHILOMENA_USER": "Sam Carer", "PHILOMENA_PASSPHRASE": "Sam's own long passphrase"},
    )  # fmt: skip
    assert code != 0 and "Only a manager or administrator can run reports." in err
    assert not (tmp_path / "x.csv").exists()
