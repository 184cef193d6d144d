"""Every input path of the command line, fed malformed and hostile text, files and pictures.

Each run must end in success or one clear sentence with its own exit code — never a bug report
(exit 1, the command line's stand-in for a traceback), never a Python traceback, and never a
control, escape or direction-override character printed raw.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from desktop.cli.output import is_marked
from desktop.domain.clock import LONDON, FixedClock
from desktop.domain.episode import ENTRY_KINDS
from desktop.domain.errors import ExitCode
from desktop.store.keys.device import KeyringSecrets
from tests.cli.conftest import Runner
from tests.support.images import big_png, jpeg_bytes, png_claiming
from tests.support.keyrings import MemoryKeyring

CHILD = "Mira Khan"

NASTY = [
    "\x1b[2J",
    "\x1b]0;owned\x07",
    "\r",
    "\x00",
    "\x08\x08\x08",
    "\u202e",
    "\u2066",
    "\x7f",
    "\x9b",
    "\udcff",
    "\ufeff",
    "\u2028",
    "\U000e0041",
    "'",
    '"',
    "=",
    "a=b=c",
    "--",
    "-x",
    "%s%n",
    "{0}",
    "\\",
    "../",
    "\n",
    "\t",
    " ",
    "",
    "Mira",
    CHILD,
    "31/02/2012",
    "02/04/2011",
    "29/02/2024 23:59",
    "01/03/2026 14:00",
    "25:99",
    "9999-99-99",
    "0",
    "-1",
    "99999999999999999999",
    "NaN",
    "inf",
    "Zoë",
    "👩\u200d👧",
    "नमस्ते",
    "محمد",
    "x" * 5000,
]

TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=20),
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=4)), max_size=4).map("".join),
)
KIND = st.one_of(st.sampled_from(sorted(ENTRY_KINDS)), TEXT)
FIELD = st.one_of(
    st.sampled_from(sorted({f for k in ENTRY_KINDS.values() for f in k.fields})), TEXT
)
PAIRS = st.lists(st.builds(lambda k, v: f"{k}={v}", FIELD, TEXT), max_size=4)


def _flipped(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    damaged = bytearray(data)
    for where, bits in flips:
        damaged[where % len(damaged)] ^= bits
    return bytes(damaged)


def _png(mode: str) -> bytes:
    out = io.BytesIO()
    Image.new(mode, (30, 20)).save(out, format="PNG")
    return out.getvalue()


GOOD_PICTURES = [
    jpeg_bytes(size=(40, 30)),
    jpeg_bytes(size=(40, 30), orientation=6, gps=True, taken="2025:08:01 10:00:00"),
    jpeg_bytes(size=(40, 30), taken="not a date at all"),
    big_png(30, 20, "P"),
    big_png(30, 20, "L", depth=16),
    *(_png(mode) for mode in ("1", "L", "LA", "RGB", "RGBA", "I;16", "P")),
]
PICTURES = st.one_of(
    st.binary(max_size=300),
    st.sampled_from(GOOD_PICTURES),
    st.builds(lambda d, n: d[:n], st.sampled_from(GOOD_PICTURES), st.integers(0, 400)),
    st.builds(
        _flipped,
        st.sampled_from(GOOD_PICTURES),
        st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)), min_size=1, max_size=6),
    ),
    st.builds(png_claiming, st.integers(0, 2**31 - 1), st.integers(0, 2**31 - 1)),
    st.builds(
        lambda s, t: s + t,
        st.sampled_from([b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"]),
        st.binary(max_size=200),
    ),
)

SCENARIOS = sorted((Path(__file__).parents[1] / "scenarios").glob("*.toml"))


@st.composite
def scenario_texts(draw: st.DrawFn) -> str:
    """A shipped scenario with a stretch of it replaced by hostile text, or hostile text alone."""
    if draw(st.booleans()):
        return draw(TEXT)
    text = draw(st.sampled_from(SCENARIOS)).read_text(encoding="utf-8")
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 40)))
    return text[:start] + draw(TEXT) + text[end:]


def optional(flag: str, value: st.SearchStrategy[str] = TEXT) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), value.map(lambda v: [flag, v]))


def _join(*parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    return st.tuples(*parts).map(lambda lists: [arg for part in lists for arg in part])


def fixed(*args: str) -> st.SearchStrategy[list[str]]:
    return st.just(list(args))


def one(value: st.SearchStrategy[str] = TEXT) -> st.SearchStrategy[list[str]]:
    return value.map(lambda v: [v])


CHILD_ARG = st.one_of(st.just(CHILD), TEXT)
COMMANDS: dict[str, st.SearchStrategy[list[str]]] = {
    "add-child": _join(
        fixed("add-child", "--first-name"),
        one(),
        fixed("--last-name"),
        one(),
        fixed("--dob"),
        one(),
        optional("--preferred-name"),
        optional("--alias"),
        optional("--placement-start"),
        optional("--legal-status"),
        optional("--responsible-authority"),
        optional("--social-worker"),
        optional("--edt-contact"),
    ),
    "children": st.sampled_from([["children"], ["children", "--json"]]),
    "form": _join(
        st.sampled_from([["form", "set"], ["form", "show"]]),
        fixed("--child"),
        one(CHILD_ARG),
        optional("--form", st.one_of(st.sampled_from(["part_a", "locations"]), TEXT)),
        st.builds(lambda pairs: pairs or ["note=x"], PAIRS),
    ),
    "episode start": _join(
        fixed("episode", "start", "--child"),
        one(CHILD_ARG),
        fixed("--whereabouts"),
        one(st.one_of(st.sampled_from(["known", "unknown"]), TEXT)),
        optional("--at"),
        optional("--reason"),
        optional("--last-seen-at"),
        optional("--last-seen-where"),
    ),
    "episode log": _join(
        fixed("episode", "log", "--child", CHILD), optional("--at"), one(KIND), PAIRS
    ),
    "episode report": _join(
        fixed("episode", "report", "--child", CHILD, "--reference"),
        one(),
        optional("--call-handler"),
        optional("--grading"),
        optional("--at"),
    ),
    "episode return": _join(
        fixed("episode", "return", "--child", CHILD, "--where"),
        one(),
        optional("--returned-by"),
        optional("--condition"),
        optional("--injuries"),
        optional("--with-whom"),
    ),
    "episode close": _join(fixed("episode", "close", "--child", CHILD, "--reason"), one()),
    "episode correct": _join(
        fixed("episode", "correct", "--child", CHILD, "--entry"),
        one(st.one_of(st.integers(-2, 40).map(str), TEXT)),
        fixed("--reason"),
        one(),
        st.sampled_from([[], ["--retract"]]),
        PAIRS,
    ),
    "episode link": _join(fixed("episode", "link", "--child", CHILD, "--with"), one(CHILD_ARG)),
    "episode show": _join(
        fixed("episode", "show", "--child"),
        one(CHILD_ARG),
        optional("--episode"),
        st.sampled_from([[], ["--json"]]),
    ),
    "prompts": _join(
        fixed("prompts", "--child"),
        one(CHILD_ARG),
        optional("--at"),
        st.sampled_from([[], ["--json"]]),
    ),
    "add-staff": _join(
        fixed("add-staff"),
        one(),
        optional("--role", st.one_of(st.sampled_from(["staff", "manager"]), TEXT)),
    ),
    "reset-passphrase": _join(fixed("reset-passphrase"), one()),
    "verify": fixed("verify"),
    "idle-lock": _join(
        fixed("idle-lock"),
        st.one_of(st.just([]), one(st.one_of(st.integers(-99, 999).map(str), TEXT))),
    ),
    "form-review": _join(
        fixed("form-review"),
        st.one_of(st.just([]), one(st.one_of(st.integers(-99, 999).map(str), TEXT))),
    ),
    "everything at once": st.lists(TEXT, max_size=6),
}


@pytest.fixture(scope="module")
def runner(tmp_path_factory) -> Runner:
    """One store for every example: a child with an open episode."""
    clock = FixedClock(datetime(2026, 3, 1, 15, 0, tzinfo=LONDON))
    run = Runner(tmp_path_factory.mktemp("fuzz") / "store", clock, KeyringSecrets(MemoryKeyring()))
    assert run("init", "--home", "Birch House", "--protocol", "portsmouth")[0] == 0
    run.add_child("Mira")
    code, _, err = run("episode", "start", "--child", CHILD, "--whereabouts", "unknown")
    assert code == 0, err
    return run


def _check(runner: Runner, argv: list[str], **options: object) -> None:
    runner.clock.moment += timedelta(hours=1)  # any wait after a wrong passphrase has passed
    code, out, err = runner(*argv, **options)  # type: ignore[arg-type]
    said = out + err
    assert code in {int(c) for c in ExitCode} and code != ExitCode.BUG, (argv, said)
    assert "Traceback" not in said, (argv, said)
    assert not [ch for ch in said if is_marked(ch)], (argv, said)
    if code != ExitCode.OK:
        assert err.strip(), (argv, "a failure must say why")


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("command", list(COMMANDS))
@FUZZ
@given(data=st.data())
def test_every_command_with_hostile_arguments_fails_clearly_or_succeeds(runner, command, data):
    _check(runner, data.draw(COMMANDS[command]))


@FUZZ
@given(name=TEXT, passphrase=TEXT, answers=st.lists(TEXT, max_size=3))
def test_hostile_sign_in_names_passphrases_and_answers_fail_clearly(
    runner, name, passphrase, answers
):
    env = {"PHILOMENA_USER": name} if name else {}
    env["PHILOMENA_PASSPHRASE"] = passphrase or ""
    _check(runner, ["children"], env=env, answers=answers)


@FUZZ
@given(key=TEXT, command=st.sampled_from([["enrol"], ["reset-passphrase", CHILD], ["children"]]))
def test_hostile_recovery_keys_fail_clearly(runner, key, command):
    _check(runner, ["--recovery", *command], env={"PHILOMENA_RECOVERY_KEY": key}, answers=[key])


@FUZZ
@given(name=TEXT, command=st.sampled_from(["add-photo", "scenario", "export", "password"]))
def test_hostile_file_names_fail_clearly(runner, tmp_path_factory, name, command):
    path = str(tmp_path_factory.mktemp("named") / name)
    argv = {
        "add-photo": ["add-photo", "--child", CHILD, path],
        "scenario": ["scenario", path],
        "export": ["export", "--child", CHILD, "--out", path],
        "password": ["export", "--child", CHILD, "--out", path + ".pdf", "--password-file", path],
    }[command]
    _check(runner, argv)


@FUZZ
@given(picture=PICTURES, description=TEXT, taken_on=st.one_of(st.none(), TEXT))
def test_hostile_pictures_are_added_or_refused_clearly(
    runner, tmp_path_factory, picture, description, taken_on
):
    path = tmp_path_factory.mktemp("picture") / "photo.jpg"
    path.write_bytes(picture)
    when = ["--taken-on", taken_on] if taken_on is not None else []
    _check(runner, ["add-photo", "--child", CHILD, str(path), "--description", description, *when])


@FUZZ
@given(text=scenario_texts())
def test_hostile_scenario_files_fail_clearly(runner, tmp_path_factory, text):
    path = tmp_path_factory.mktemp("scenario") / "timeline.toml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    _check(runner, ["scenario", str(path)])


@settings(FUZZ, max_examples=8)
@given(home=TEXT, admin=TEXT, overnight=TEXT, days=TEXT)
def test_hostile_setup_details_fail_clearly(tmp_path_factory, home, admin, overnight, days):
    clock = FixedClock(datetime(2026, 3, 1, 15, 0, tzinfo=LONDON))
    folder = tmp_path_factory.mktemp("init") / "store"
    run = Runner(folder, clock, KeyringSecrets(MemoryKeyring()))
    argv = ["init", "--home", home, "--protocol", "portsmouth", "--overnight-start", overnight]
    _check(run, [*argv, "--photo-max-age-days", days], env={"PHILOMENA_USER": admin})


@settings(FUZZ, max_examples=8)
@given(child=CHILD_ARG, reference=TEXT, password=st.one_of(st.none(), TEXT))
def test_hostile_pack_details_fail_clearly(runner, tmp_path_factory, child, reference, password):
    folder = tmp_path_factory.mktemp("pack")
    argv = ["export", "--child", child, "--out", str(folder / "pack.pdf")]
    if password is not None:
        (folder / "password").write_text(password, encoding="utf-8", errors="surrogateescape")
        argv += ["--password-file", str(folder / "password")]
    _check(runner, [*argv, "--police-reference", reference])
