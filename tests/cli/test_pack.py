from __future__ import annotations

from desktop.domain.errors import ExitCode


def test_export_a_password_protected_pack(initialised, tmp_path):
    from pypdf import PdfReader

    initialised("add-child", "--first-name", "Aisha", "--last-name", "Khan", "--dob", "2011-04-02")
    secret = tmp_path / "password.txt"
    secret.write_text("long enough password\n")
    out = tmp_path / "aisha-pack.pdf"
    code, text, err = initialised(
        "export",
        "--child",
        "Aisha",
        "--out",
        str(out),
        "--password-file",
        str(secret),
        "--police-reference",
        "P-77",
    )
    assert code == 0, err
    assert "password-protected" in text
    reader = PdfReader(out)
    assert reader.is_encrypted and reader.decrypt("long enough password")
    assert "P-77" in reader.pages[0].extract_text()
    code, _, err = initialised(
        "export", "--child", "Aisha", "--out", str(tmp_path / "no" / "x.pdf")
    )
    assert code == ExitCode.BAD_INPUT and "does not exist" in err


def test_export_the_episode_record(initialised, tmp_path):
    from pypdf import PdfReader

    initialised("add-child", "--first-name", "Aisha", "--last-name", "Khan", "--dob", "2011-04-02")
    code, _, err = initialised("episode", "start", "--child", "Aisha", "--whereabouts", "unknown")
    assert code == 0, err
    out = tmp_path / "record.pdf"
    code, text, err = initialised(
        "export", "--child", "Aisha", "--out", str(out), "--output", "episode"
    )
    assert code == 0, err
    assert "Saved the episode record for Aisha Khan" in text
    whole = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "What the protocol asked, and what was decided" in whole
    code, _, err = initialised(
        "export", "--child", "Aisha", "--out", str(out), "--output", "everything"
    )
    assert code == ExitCode.USAGE and "'police'" in err and "'episode'" in err
