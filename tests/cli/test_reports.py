"""``report absences|summary``: managers' reports from the command line, noted in the audit log."""

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
