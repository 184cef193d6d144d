"""The witness on the command line: a code to write down, and verify comparing with it."""

from __future__ import annotations

import shutil

from desktop.domain.errors import ExitCode


def _code(out: str) -> str:
    return next(line.strip() for line in out.splitlines() if line.startswith("    "))


def test_an_older_copy_put_in_place_is_named_by_the_keyring_and_by_the_written_code(
    initialised, tmp_path, keyring_backend
):
    code, out, err = initialised("witness")
    assert code == 0, err
    first = _code(out)
    older = tmp_path / "older-copy"
    shutil.copytree(initialised.store, older)
    initialised.add_child("Amara")
    code, out, _ = initialised("witness")
    newer = _code(out)
    assert newer != first
    code, out, _ = initialised("verify", "--witness", newer)
    assert code == 0 and "The store is intact." in out and "at least as new as" in out

    shutil.rmtree(initialised.store)
    shutil.copytree(older, initialised.store)  # the older copy put in place
    code, out, _ = initialised("verify")
    assert code == ExitCode.DATABASE_DAMAGED
    assert "older than its witness (this computer's keyring" in out

    for entry in [k for k in keyring_backend.secrets if k[1].startswith("witness:")]:
        del keyring_backend.secrets[entry]  # a new PC: only the written-down code survives
    code, out, _ = initialised("verify")
    assert code == 0 and "No witness was found outside the store" in out
    code, out, _ = initialised("verify", "--witness", newer.lower().replace("-", " "))
    assert code == ExitCode.DATABASE_DAMAGED
    assert "older than its witness (the code you gave)" in out
    code, out, _ = initialised("verify", "--witness", first)
    assert code == 0


def test_a_mistyped_witness_code_is_refused_plainly(initialised):
    code, out, _ = initialised("witness")
    typo = _code(out).replace(_code(out)[0], "A" if _code(out)[0] != "A" else "B", 1)
    code, _, err = initialised("verify", "--witness", typo)
    assert code != 0 and "not a witness code" in err
