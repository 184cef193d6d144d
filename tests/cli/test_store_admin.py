from __future__ import annotations

from desktop.domain.errors import ExitCode


def test_init_shows_the_recovery_key_once(initialised):
    assert len(initialised.recovery.split("-")) == 9


def test_not_a_store(run, tmp_path):
    code, _, err = run("children")
    assert code == ExitCode.NOT_A_STORE and "does not exist" in err


def test_start_without_a_store_explains_what_to_do(run):
    code, out, _ = run("start")
    assert code == 0 and "python -m desktop init" in out


def test_init_after_an_interrupted_setup_says_it_started_afresh(run):
    from desktop.store.layout import SETUP_FOLDER

    (run.store / SETUP_FOLDER).mkdir(parents=True)
    (run.store / SETUP_FOLDER / "store.db").write_bytes(b"half a database")
    code, _, err = run("children")
    assert code == ExitCode.NOT_A_STORE
    assert "interrupted" in err and "Set it up again" in err
    code, out, err = run("init", "--home", "Birch House")
    assert code == 0, err
    assert "interrupted before it finished" in out
    assert run("children")[0] == 0
