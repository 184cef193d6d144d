"""The command line: ``python -m desktop <command>``, for administrators, scripts and tests.

``app`` builds the parser and maps failures to exit codes; ``common`` holds what commands
share; every other module is one group of commands and adds its own subcommands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from desktop.cli.app import build_parser, run
from desktop.cli.children import cmd_children
from desktop.cli.common import Context
from desktop.domain.clock import Clock
from desktop.domain.errors import PhilomenaError
from desktop.store.keys.device import DeviceSecrets

__all__ = ["build_parser", "cmd_children", "main"]


def main(
    argv: Sequence[str] | None = None,
    *,
    clock: Clock | None = None,
    device: DeviceSecrets | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    prompt: Callable[[str], str] | None = None,
    environ: dict[str, str] | None = None,
) -> int:
    """Run one command; return its exit code.

    The parser is looked up through this package on every call, so a test can replace
    ``desktop.cli.build_parser`` to inject a failing command.
    """
    ctx = Context.create(
        clock=clock, device=device, out=out, err=err, prompt=prompt, environ=environ
    )
    try:
        parser = build_parser()
    except PhilomenaError as exc:  # a broken rule set shipped with the app
        ctx.warn(f"philomena: {exc.message}")
        return int(exc.exit_code)
    return run(parser, argv, ctx)
