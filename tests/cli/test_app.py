"""The parser and dispatch: every subcommand reaches its own function; failures map to codes."""

from __future__ import annotations

import argparse

import pytest

from desktop.cli import build_parser, main
from desktop.domain.errors import ExitCode

COMMANDS = [
    "init",
    "demo",
    "start",
    "children",
    "add-child",
    "authority-id",
    "add-photo",
    "form",
    "export",
    "episode",
    "risk-of-missing",
    "prompts",
    "scenario",
    "verify",
    "witness",
    "backup",
    "restore",
    "idle-lock",
    "form-review",
    "add-staff",
    "reset-passphrase",
    "enrol",
    "change-passphrase",
    "disable-staff",
    "remove-staff",
    "audit",
    "report",
]
EPISODE_ACTIONS = [
    "start",
    "log",
    "report",
    "update",
    "return",
    "close",
    "correct",
    "link",
    "show",
    "accepted",
    "safe-and-well",
    "interview",
    "disclosure",
    "waive",
]


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_commands_are_listed_in_the_same_order_as_before():
    assert list(_subparsers(build_parser())) == COMMANDS
    episode = _subparsers(build_parser())["episode"]
    assert list(_subparsers(episode)) == EPISODE_ACTIONS


@pytest.mark.parametrize("action", EPISODE_ACTIONS)
def test_each_episode_action_has_its_own_function(action):
    episode = _subparsers(build_parser())["episode"]
    func = _subparsers(episode)[action].get_default("func")
    assert func.__name__ == f"episode_{action.replace('-', '_')}"


@pytest.mark.parametrize("action", ["show", "set"])
def test_each_form_action_has_its_own_function(action):
    form = _subparsers(build_parser())["form"]
    assert _subparsers(form)[action].get_default("func").__name__ == f"cmd_form_{action}"


@pytest.mark.parametrize(
    "argv", [[command] for command in COMMANDS] + [["episode", a] for a in EPISODE_ACTIONS]
)
def test_every_command_has_help(argv, capsys):
    assert main([*argv, "--help"], environ={}) == 0
    assert "usage: python -m desktop" in capsys.readouterr().out


def test_version(capsys):
    assert main(["--version"], environ={}) == 0
    assert capsys.readouterr().out.startswith("python -m desktop ")


def test_the_store_folder_can_come_from_the_environment(run):
    code, out, _ = run("start", store=False, env={"PHILOMENA_STORE": str(run.store)})
    assert code == 0 and f"There is no store yet at {run.store}." in out


def test_stopping_at_a_prompt_changes_nothing(initialised):
    code, _, err = initialised(
        "children", env={"PHILOMENA_USER": "", "PHILOMENA_PASSPHRASE": ""}, answers=[]
    )
    assert code == ExitCode.USAGE and "stopped; nothing was changed" in err


def test_wrong_passphrase_exit_code_and_message(initialised):
    code, _, err = initialised("children", env={"PHILOMENA_PASSPHRASE": "wrong wrong wrong"})
    assert code == ExitCode.WRONG_CREDENTIALS
    assert "do not match" in err and "Traceback" not in err


def test_help_lists_the_exit_codes(capsys):
    code = main(["--help"])
    assert code == 0
    text = capsys.readouterr().out
    for phrase in ("exit codes", "wrong name, passphrase", "key file is damaged", "newer version"):
        assert phrase in text


def test_usage_error_exit_code(run):
    code, _, _ = run("add-child", "--first-name", "A")
    assert code == ExitCode.USAGE


def test_a_bug_is_reported_without_data(initialised, monkeypatch):
    import desktop.cli as cli

    def explode(ctx, args):
        raise ValueError("Aisha Khan secret detail")

    monkeypatch.setattr(cli, "cmd_children", explode)
    parser_func = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda: _with(parser_func(), explode))
    code, _, err = initialised("children")
    assert code == ExitCode.BUG
    assert "ValueError" in err and "Aisha" not in err


def _with(parser, func):
    sub = next(a for a in parser._actions if a.dest == "command")
    sub.choices["children"].set_defaults(func=func)
    return parser


def test_recovery_key_from_the_environment(initialised):
    code, _, err = initialised(
        "--recovery", "children", env={"PHILOMENA_RECOVERY_KEY": initialised.recovery}
    )
    assert code == 0, err


def _arguments(parser, path=()):
    """Every argument of every command and action, with the command it belongs to."""
    for argument in parser._actions:
        if isinstance(argument, argparse._SubParsersAction):
            for name, sub in argument.choices.items():
                yield from _arguments(sub, (*path, name))
        elif not isinstance(argument, argparse._HelpAction | argparse._VersionAction):
            yield " ".join(path), argument


def test_every_option_and_argument_says_what_it_is_for():
    unexplained = [
        (command, a.option_strings or a.dest)
        for command, a in _arguments(build_parser())
        if not (a.help or "").strip()
    ]
    assert unexplained == []
