"""The resume key: only the same person's passphrase sign-in opens what was sealed at a lock."""

from __future__ import annotations

from desktop.domain.model import Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from tests.support.sample import ADMIN, reopen

COLLEAGUE = "Cal Colleague"
COLLEAGUE_PASSPHRASE = "another long passphrase here"
WORK = b"half-written answer about the bus station"


def _with_colleague(created) -> None:
    created.store.accounts.add(
        name=COLLEAGUE, role=Role.STAFF, passphrase=COLLEAGUE_PASSPHRASE, kdf=TEST_ONLY_PARAMS
    )


def test_the_same_person_opens_what_they_sealed(created, store_dir, clock, device):
    assert created.store.resume_key is not None  # setup signs the administrator in
    sealed = created.store.resume_key.seal(WORK)
    assert WORK not in sealed
    created.store.close()
    assert created.store.resume_key is None  # forgotten with the session
    with reopen(store_dir, clock, device) as again:
        assert again.resume_key is not None
        assert again.resume_key.open(sealed) == WORK
        assert again.resume_key.seal(WORK) != again.resume_key.seal(WORK)  # fresh each time


def test_someone_else_cannot_open_it(created, store_dir, clock, device):
    _with_colleague(created)
    sealed = created.store.resume_key.seal(WORK)
    created.store.close()
    with reopen(store_dir, clock, device, name=COLLEAGUE, passphrase=COLLEAGUE_PASSPHRASE) as s:
        assert s.resume_key is not None and s.resume_key.open(sealed) is None


def test_the_recovery_key_has_no_resume_key(created, store_dir, clock, device):
    sealed = created.store.resume_key.seal(WORK)
    created.store.close()
    with Store.open_with_recovery_key(
        store_dir, recovery_key=created.recovery_key, clock=clock, device=device
    ) as store:
        assert store.resume_key is None
    assert sealed  # nothing else can open it


def test_a_passphrase_reset_by_someone_else_drops_what_was_sealed(
    created, store_dir, clock, device
):
    _with_colleague(created)
    created.store.close()
    colleague = reopen(store_dir, clock, device, name=COLLEAGUE, passphrase=COLLEAGUE_PASSPHRASE)
    sealed = colleague.resume_key.seal(WORK)
    colleague.close()
    with reopen(store_dir, clock, device) as admin:
        admin.accounts.reset_passphrase(
            name=COLLEAGUE, passphrase=COLLEAGUE_PASSPHRASE, kdf=TEST_ONLY_PARAMS
        )
    with reopen(store_dir, clock, device, name=COLLEAGUE, passphrase=COLLEAGUE_PASSPHRASE) as s:
        assert s.resume_key.open(sealed) is None  # a new slot: a new key, even for the same words


def test_changing_your_own_passphrase_keeps_your_work(created, store_dir, clock, device):
    created.store.accounts.reset_passphrase(
        name=ADMIN, passphrase="a brand new passphrase", kdf=TEST_ONLY_PARAMS
    )
    sealed = created.store.resume_key.seal(WORK)
    created.store.close()
    with reopen(store_dir, clock, device, passphrase="a brand new passphrase") as again:
        assert again.resume_key.open(sealed) == WORK


def test_damaged_or_foreign_bytes_do_not_open(created):
    key = created.store.resume_key
    sealed = bytearray(key.seal(WORK))
    sealed[-1] ^= 1
    assert key.open(bytes(sealed)) is None
    assert key.open(b"") is None and key.open(b"\x02" + bytes(40)) is None
    assert repr(key) == f"ResumeKey(staff_id={key.staff_id!r})"
