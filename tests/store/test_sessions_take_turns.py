"""Sessions in separate processes change key slots and try passphrases at the same moment.

Each process signs in on its own, waits for the others, then all start together: nothing one
of them acknowledged may be lost, and wrong guesses made at once wait just as guesses made one
after another do.
"""

from __future__ import annotations

import json
import shutil

import pytest

from desktop.domain.model import Role
from desktop.store.errors import AccessWithdrawn, LockedOut, WrongCredentials
from desktop.store.keys import keyfile
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.layout import ATTEMPTS_FILE_NAME
from tests.support.sample import ADMIN, PASSPHRASE, add_child, advance, reopen
from tests.support.together import run_together


@pytest.fixture
def unbound(shared):
    return shared.folder


def _signs_in(folder, clock, device, name: str, passphrase: str) -> bool:
    try:
        reopen(folder, clock, device, name=name, passphrase=passphrase).close()
    except WrongCredentials:
        advance(clock, 10)  # the wait after a wrong try has passed before the next check
        return False
    return True


SIGN_IN = """
from desktop.domain.model import Role
from desktop.store.store import Store

def sign_in(name={admin!r}, passphrase={passphrase!r}):
    return Store.open(Path({folder!r}), name=name, passphrase=passphrase, clock=clock,
                      device=device)
"""


def _script(folder, body: str) -> str:
    return SIGN_IN.format(folder=str(folder), admin=ADMIN, passphrase=PASSPHRASE) + body


ADD_SIX = """
store = sign_in()
go()
for i in range(6):
    store.accounts.add(name=f"{prefix} {{i}}", role=Role.STAFF,
                       passphrase=f"the passphrase of {prefix} {{i}}", kdf=TEST_ONLY_PARAMS)
store.close()
report("added")
"""


def test_two_processes_adding_accounts_at_once_lose_none(unbound, tmp_path, clock, no_keyring):
    scripts = [_script(unbound, ADD_SIX.format(prefix=p)) for p in ("Morning", "Evening")]
    assert run_together(scripts, tmp_path / "signals") == ["added", "added"]
    for prefix in ("Morning", "Evening"):
        for i in range(6):
            name = f"{prefix} {i}"
            assert _signs_in(unbound, clock, no_keyring, name, f"the passphrase of {name}"), name
    assert keyfile.read(unbound).generation == 12


def _add(store, name):
    store.accounts.add(
        name=name, role=Role.STAFF, passphrase=f"{name}'s first one", kdf=TEST_ONLY_PARAMS
    )


CHANGER_ONE = """
store = sign_in()
go()
store.accounts.reset_passphrase(name="Sam One", passphrase="Sam One's second one",
                                kdf=TEST_ONLY_PARAMS)
for name in ("New One", "New Two"):
    store.accounts.add(name=name, role=Role.STAFF, passphrase=f"{name}'s first one",
                       kdf=TEST_ONLY_PARAMS)
store.close()
report("changed")
"""

CHANGER_TWO = """
store = sign_in()
go()
store.accounts.reset_passphrase(name="Sam Two", passphrase="Sam Two's second one",
                                kdf=TEST_ONLY_PARAMS)
store.accounts.remove(name="Sam Three")
store.accounts.add(name="New Three", role=Role.STAFF, passphrase="New Three's first one",
                   kdf=TEST_ONLY_PARAMS)
store.close()
report("changed")
"""

SIGNER = """
go()
signed_in = 0
for _ in range(8):
    sign_in("Sam Four", "Sam Four's first one").close()
    signed_in += 1
report(signed_in)
"""


def test_two_sessions_changing_slots_while_a_third_signs_in_lose_nothing(
    unbound, tmp_path, clock, no_keyring
):
    with reopen(unbound, clock, no_keyring) as admin:
        for name in ("Sam One", "Sam Two", "Sam Three", "Sam Four"):
            _add(admin, name)
    scripts = [_script(unbound, body) for body in (CHANGER_ONE, CHANGER_TWO, SIGNER)]
    assert run_together(scripts, tmp_path / "signals") == ["changed", "changed", 8]

    def works(name, passphrase):
        return _signs_in(unbound, clock, no_keyring, name, passphrase)

    assert works("Sam One", "Sam One's second one")
    assert not works("Sam One", "Sam One's first one")  # a reset passphrase stays reset
    assert works("Sam Two", "Sam Two's second one")
    assert not works("Sam Two", "Sam Two's first one")
    assert not works("Sam Three", "Sam Three's first one")  # a removal stays removed
    for name in ("Sam Four", "New One", "New Two", "New Three"):
        assert works(name, f"{name}'s first one"), name
    assert works(ADMIN, PASSPHRASE)


def test_a_change_overtaken_by_a_writer_without_the_lock_is_applied_again(
    store, store_dir, monkeypatch
):
    """Say an older copy of the app writes the key file, ignoring the lock, just as this session
    is about to write its own change: the generation on disk has moved on, so the change is
    built again on the newer file rather than written over it."""
    keys = store.accounts._keys
    real_swap = keyfile.swap
    stranger = keyfile.make_slot(
        keys.key_file,
        kind="recovery",
        secret=b"a second recovery key",
        payload=keys.payload,
        params=TEST_ONLY_PARAMS,
    )

    def overtaken_once(folder, expected, key_file, data_key):
        monkeypatch.setattr(keyfile, "swap", real_swap)
        current = keyfile.read(folder)
        keyfile.write(folder, current.changed((*current.slots, stranger)), data_key)
        return real_swap(folder, expected, key_file, data_key)

    monkeypatch.setattr(keyfile, "swap", overtaken_once)
    _add(store, "Nadia Newstarter")
    on_disk = keyfile.read(store_dir)
    assert stranger.id in {s.id for s in on_disk.slots}
    assert any(s.name_tag == keys.name_tag("Nadia Newstarter") for s in on_disk.slots)
    assert on_disk.generation == 2


FOUR_WRONG_GUESSES = """
import threading

outcomes = []

def guess():
    try:
        sign_in(passphrase="not the passphrase at all")
    except Exception as exc:
        outcomes.append(type(exc).__name__)
    else:
        outcomes.append("signed in")

guessers = [threading.Thread(target=guess) for _ in range(4)]
go()
for guesser in guessers:
    guesser.start()
for guesser in guessers:
    guesser.join()
report(outcomes)
"""


def _failures(folder) -> int:
    return int(json.loads((folder / ATTEMPTS_FILE_NAME).read_text())["failures"])


def test_wrong_guesses_at_the_same_moment_wait_like_guesses_one_after_another(
    unbound, tmp_path, clock, no_keyring
):
    serial = tmp_path / "serial"
    shutil.copytree(unbound, serial)
    one_by_one = []
    for _ in range(8):
        try:
            reopen(serial, clock, no_keyring, passphrase="not the passphrase at all")
        except (WrongCredentials, LockedOut) as exc:
            one_by_one.append(type(exc).__name__)
    # Eight guesses at once: four threads in each of two processes.
    reports = run_together([_script(unbound, FOUR_WRONG_GUESSES)] * 2, tmp_path / "signals")
    at_once = [outcome for report in reports for outcome in report]
    assert sorted(at_once) == sorted(one_by_one)
    assert one_by_one.count("LockedOut") == 6  # the clock stands still: the wait never passes
    assert _failures(unbound) == _failures(serial) == 2


# --- an open session of a closed or removed account -----------------------------------------


@pytest.fixture
def two_sessions(store, store_dir, clock, device):
    """The administrator's session, and Sam's, both open."""
    _add(store, "Sam Carer")
    child = add_child(store)
    sam = reopen(store_dir, clock, device, name="Sam Carer", passphrase="Sam Carer's first one")
    episode = sam.episodes.start(child.id, whereabouts="unknown")
    yield store, sam, episode
    sam.close()


@pytest.mark.parametrize(
    ("how", "said"),
    [("remove", "sign-in has been removed"), ("disable", "account has been closed")],
)
def test_a_removed_or_closed_accounts_open_session_ends_at_its_next_step(two_sessions, how, said):
    admin, sam, episode = two_sessions
    sam.children.all()  # working normally
    getattr(admin.accounts, how)(name="Sam Carer")
    with pytest.raises(AccessWithdrawn, match=said):
        sam.children.all()
    with pytest.raises(AccessWithdrawn, match=said):
        sam.episodes.append(episode.id, "searched_premises")
    with pytest.raises(AccessWithdrawn):
        add_child(sam, "Another", "Child")
    assert len(admin.children.all()) == 1  # nothing Sam tried was saved
    assert [e.kind for e in admin.episodes.log(episode.id)] == ["aware"]


def test_a_removed_account_cannot_sign_in_or_be_given_a_passphrase_again(
    two_sessions, store_dir, clock, device
):
    admin, _, _ = two_sessions
    admin.accounts.remove(name="Sam Carer")
    with pytest.raises(WrongCredentials):
        reopen(store_dir, clock, device, name="Sam Carer", passphrase="Sam Carer's first one")
    with pytest.raises(Exception, match="closed"):
        admin.accounts.reset_passphrase(
            name="Sam Carer", passphrase="a passphrase to get back in", kdf=TEST_ONLY_PARAMS
        )
    with pytest.raises(WrongCredentials):
        reopen(store_dir, clock, device, name="Sam Carer", passphrase="a passphrase to get back in")


def test_a_reset_passphrase_does_not_end_the_session_of_the_person_it_belongs_to(two_sessions):
    admin, sam, _ = two_sessions
    admin.accounts.reset_passphrase(
        name="Sam Carer", passphrase="Sam Carer's second one", kdf=TEST_ONLY_PARAMS
    )
    assert len(sam.children.all()) == 1
