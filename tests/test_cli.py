from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.domain.errors import ExitCode
from tests.support.images import jpeg_bytes

PASS = "a long enough passphrase"


class Runner:
    def __init__(self, store: Path, clock, device) -> None:
        self.store, self.clock, self.device = store, clock, device
        self.env = {
            "PHILOMENA_PASSPHRASE": PASS,
            "PHILOMENA_USER": "Ann Admin",
            "PHILOMENA_TEST_ONLY_WEAK_KDF": "1",
        }

    def __call__(self, *argv: str, env: dict[str, str] | None = None):
        out, err = io.StringIO(), io.StringIO()
        code = main(
            ["--store", str(self.store), *argv],
            clock=self.clock,
            device=self.device,
            out=out,
            err=err,
            environ={**self.env, **(env or {})},
            prompt=lambda q: pytest.fail(f"unexpected prompt {q!r}"),
        )
        return code, out.getvalue(), err.getvalue()


@pytest.fixture
def run(tmp_path, clock, device) -> Runner:
    return Runner(tmp_path / "cli-store", clock, device)


@pytest.fixture
def initialised(run):
    code, out, _ = run("init", "--home", "Birch House", "--protocol", "portsmouth")
    assert code == 0, out
    run.recovery = out.split("\n\n    ")[1].split()[0]
    return run


def test_init_shows_the_recovery_key_once(initialised):
    assert len(initialised.recovery.split("-")) == 9


def test_add_child_and_list_as_json(initialised):
    code, _, err = initialised(
        "add-child",
        "--first-name",
        "Aisha",
        "--last-name",
        "Khan",
        "--dob",
        "02/04/2011",
        "--alias",
        "Ash",
    )
    assert code == 0, err
    code, out, _ = initialised("children", "--json")
    assert code == 0
    [child] = json.loads(out)
    assert child["first_name"] == "Aisha" and child["date_of_birth"] == "2011-04-02"
    assert child["aliases"] == ["Ash"] and len(child["id"]) == 36


def test_children_list_is_human_readable(initialised):
    initialised("add-child", "--first-name", "Aisha", "--last-name", "Khan", "--dob", "2011-04-02")
    code, out, _ = initialised("children")
    assert code == 0
    assert "Aisha Khan" in out and "02/04/2011" in out and "age 14" in out
    assert "photo out of date" in out


def test_wrong_passphrase_exit_code_and_message(initialised):
    code, _, err = initialised("children", env={"PHILOMENA_PASSPHRASE": "wrong wrong wrong"})
    assert code == ExitCode.WRONG_CREDENTIALS
    assert "do not match" in err and "Traceback" not in err


def test_not_a_store(run, tmp_path):
    code, _, err = run("children")
    assert code == ExitCode.NOT_A_STORE and "does not exist" in err


def test_add_photo_and_refuse_a_bad_one(initialised, tmp_path):
    initialised("add-child", "--first-name", "Aisha", "--last-name", "Khan", "--dob", "2011-04-02")
    good = tmp_path / "good.jpg"
    good.write_bytes(jpeg_bytes(taken="2026:02:01 12:00:00"))
    code, out, err = initialised(
        "add-photo", "--child", "Aisha", str(good), "--consent-by", "Social worker"
    )
    assert code == 0, err
    assert "01/02/2026" in out
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"this is not a photo")
    code, _, err = initialised("add-photo", "--child", "Aisha", str(bad))
    assert code == ExitCode.BAD_INPUT and "cannot be used as a photograph" in err


def test_form_set_and_show(initialised):
    initialised("add-child", "--first-name", "Aisha", "--last-name", "Khan", "--dob", "2011-04-02")
    code, out, err = initialised(
        "form", "set", "--child", "aisha khan", "height=152 cm", "interpreter_needed=no"
    )
    assert code == 0, err
    assert "version 1" in out and "Still needed for police" in out
    code, out, _ = initialised("form", "show", "--child", "Aisha", "--json")
    assert json.loads(out.split("\nPolice")[0])["height"] == "152 cm"
    code, _, err = initialised("form", "set", "--child", "Aisha", "shoe_size=5")
    assert code == ExitCode.BAD_INPUT and "shoe_size" in err


def test_unknown_child(initialised):
    code, _, err = initialised("form", "show", "--child", "Nobody")
    assert code == ExitCode.NOT_FOUND and "No child" in err


def test_verify_reports_weak_test_slots_and_a_damaged_database(initialised):
    code, out, _ = initialised("verify")
    assert code == 0
    assert "weaker than production" in out and "The store is intact." in out
    for i in range(30):
        initialised(
            "add-child",
            "--first-name",
            f"Child{i}",
            "--last-name",
            "X" * 300,
            "--dob",
            "2011-04-02",
        )
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


def test_recovery_key_from_the_environment(initialised):
    code, _, err = initialised(
        "--recovery", "children", env={"PHILOMENA_RECOVERY_KEY": initialised.recovery}
    )
    assert code == 0, err


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


def test_start_without_a_store_explains_what_to_do(run):
    code, out, _ = run("start")
    assert code == 0 and "python -m desktop init" in out


def test_add_staff_then_sign_in_as_them(initialised):
    code, _, err = initialised(
        "add-staff",
        "Sam Carer",
        "--role",
        "staff",
        env={"PHILOMENA_NEW_PASSPHRASE": "sams passphrase here"},
    )
    assert code == 0, err
    code, _, err = initialised(
        "children",
        env={"PHILOMENA_USER": "Sam Carer", "PHILOMENA_PASSPHRASE": "sams passphrase here"},
    )
    assert code == 0, err


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


def test_an_episode_headless_from_start_to_close(initialised, clock):
    from datetime import timedelta

    initialised("add-child", "--first-name", "Aisha", "--last-name", "Khan", "--dob", "2011-04-02")
    code, out, err = initialised(
        "episode",
        "start",
        "--child",
        "Aisha",
        "--whereabouts",
        "unknown",
        "--last-seen-where",
        "Bus station",
    )
    assert code == 0, err
    assert "whereabouts unknown" in out
    code, out, _ = initialised("prompts", "--child", "Aisha")
    assert code == 0 and "UPCOMING" in out and "report" in out.lower()
    clock.moment += timedelta(minutes=20)
    code, out, err = initialised(
        "episode",
        "log",
        "--child",
        "Aisha",
        "contacted_person",
        "who=Kayleigh",
        "relationship=friend",
        "outcome=not seen her",
    )
    assert code == 0, err
    code, _, err = initialised("episode", "log", "--child", "Aisha", "sighting", "where=Park")
    assert code == ExitCode.BAD_INPUT and "needs: seen_at, by_whom" in err
    clock.moment += timedelta(minutes=20)
    code, out, err = initialised(
        "episode", "report", "--child", "Aisha", "--reference", "HUM-123", "--grading", "medium"
    )
    assert code == 0 and "reported missing to police" in out, err
    code, out, _ = initialised("prompts", "--child", "Aisha", "--json")
    statuses = {p["action"]: p["status"] for p in json.loads(out)}
    assert statuses["report_to_police"] == "answered"
    clock.moment += timedelta(hours=3)
    code, out, err = initialised(
        "episode",
        "return",
        "--child",
        "Aisha",
        "--where",
        "Home",
        "--returned-by",
        "Police",
        "--at",
        (clock.now() - timedelta(minutes=10)).strftime("%d/%m/%Y %H:%M"),
    )
    assert code == 0 and "returned or found" in out, err
    code, out, _ = initialised("prompts", "--child", "Aisha", "--json")
    actions = {p["action"] for p in json.loads(out)}
    assert {"safe_and_well_check", "return_interview"} <= actions
    code, out, err = initialised("episode", "close", "--child", "Aisha", "--reason", "Done")
    assert code == 0 and "closed" in out, err
    code, _, err = initialised("episode", "show", "--child", "Aisha")
    assert code == ExitCode.NOT_FOUND and "no open episode" in err
    code, out, _ = initialised("verify")
    assert code == 0 and "Timed log: every entry authenticated" in out


def test_episode_show_and_correct(initialised, clock):
    from datetime import timedelta

    initialised("add-child", "--first-name", "Aisha", "--last-name", "Khan", "--dob", "2011-04-02")
    initialised("episode", "start", "--child", "Aisha", "--whereabouts", "known")
    clock.moment += timedelta(minutes=5)
    initialised("episode", "report", "--child", "Aisha", "--reference", "WRONG-1")
    code, out, err = initialised(
        "episode",
        "correct",
        "--child",
        "Aisha",
        "--entry",
        "2",
        "--reason",
        "Typo",
        "reference=HUM-2",
    )
    assert code == 0, err
    code, out, _ = initialised("episode", "show", "--child", "Aisha", "--json")
    entries = json.loads(out)
    assert [e["kind"] for e in entries] == ["aware", "police_report", "correction"]
    assert entries[1]["body"]["reference"] == "WRONG-1" and entries[2]["corrects"] == 2
    assert all(e["author"] == "Ann Admin" for e in entries)


def test_linking_children_who_went_missing_together(initialised):
    for first in ("Aisha", "Bea"):
        initialised(
            "add-child", "--first-name", first, "--last-name", "Khan", "--dob", "2011-04-02"
        )
        initialised("episode", "start", "--child", first, "--whereabouts", "unknown")
    code, out, err = initialised("episode", "link", "--child", "Aisha", "--with", "Bea")
    assert code == 0 and "went missing together" in out, err
