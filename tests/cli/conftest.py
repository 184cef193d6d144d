"""A command-line runner against a test store: fixed clock, in-memory keyring, captured output."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desktop.cli import main

PASS = "a long enough passphrase"


class Runner:
    def __init__(self, store: Path, clock, device) -> None:
        self.store, self.clock, self.device = store, clock, device
        self.env = {
            "PHILOMENA_PASSPHRASE": PASS,
            "PHILOMENA_USER": "Ann Admin",
            "PHILOMENA_TEST_ONLY_WEAK_KDF": "1",
        }

    def __call__(
        self,
        *argv: str,
        env: dict[str, str] | None = None,
        answers: list[str] | None = None,
        store: bool = True,
    ) -> tuple[int, str, str]:
        """Run ``main``; ``answers`` are typed at prompts in turn (running out is Ctrl-D)."""
        out, err = io.StringIO(), io.StringIO()
        typed = list(answers) if answers is not None else None

        def prompt(question: str) -> str:
            if typed is None:
                pytest.fail(f"unexpected prompt {question!r}")
            if not typed:
                raise EOFError
            return typed.pop(0)

        code = main(
            [*(["--store", str(self.store)] if store else []), *argv],
            clock=self.clock,
            device=self.device,
            out=out,
            err=err,
            environ={**self.env, **(env or {})},
            prompt=prompt,
        )
        return code, out.getvalue(), err.getvalue()

    def add_child(self, first: str, last: str = "Khan", dob: str = "2011-04-02") -> None:
        code, _, err = self("add-child", "--first-name", first, "--last-name", last, "--dob", dob)
        assert code == 0, err


@pytest.fixture
def run(tmp_path, clock, device) -> Runner:
    return Runner(tmp_path / "cli-store", clock, device)


@pytest.fixture
def initialised(run: Runner) -> Runner:
    code, out, err = run("init", "--home", "Birch House", "--protocol", "portsmouth")
    assert code == 0, err
    run.recovery = out.split("\n\n    ")[1].split()[0]
    return run
