from __future__ import annotations

from desktop.domain.errors import ExitCode


def test_verify_reports_weak_test_slots_and_a_damaged_database(initialised):
    code, out, _ = initialised("verify")
    assert code == 0
    assert "weaker than production" in out and "The store is intact." in out
    for i in range(30):
        code, _, err = initialised(
            "add-child",
            "--first-name",
            f"Child{i}",
            "--last-name",
            "X" * 60,
            *[arg for n in range(5) for arg in ("--alias", f"{n}" + "Y" * 50)],
            "--dob",
            "2011-04-02",
        )
        assert code == 0, err
    db = initialised.store / "store.db"
    data = bytearray(db.read_bytes())
    data[len(data) - 3000] ^= 0xFF
    db.write_bytes(bytes(data))
    code, out, _ = initialised("verify")
    assert code == ExitCode.DATABASE_DAMAGED
    assert "PROBLEM" in out and "store.db" in out


def test_verify_names_a_damaged_key_file(initialised):
    path = initialised.store / "keys.json"
    path.write_text(path.read_text().replace('"lanes": 1', '"lanes": 2', 1))
    code, _, err = initialised("verify")
    assert code == ExitCode.KEY_FILE_DAMAGED and "keys.json" in err


def test_verify_says_how_far_it_has_got_on_the_error_stream(initialised):
    code, out, err = initialised("verify")
    assert code == 0 and "The store is intact." in out
    assert "Checking the store: 0%" in err and "Checking the store: 100%" in err
    assert "%" not in out  # the output stays as scripts read it
