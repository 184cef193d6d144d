"""A process killed during any kind of key-slot change, at any step, loses nothing acknowledged.

Every kind of change — adding an account, an administrator's reset, changing your own
passphrase, a reset with the recovery key, removing an account — is killed (as a crash or a
power cut would end it) with its new key file written beside the old but not yet in place,
just after it is in place, and just after the change returned to its caller. Afterwards every
account acknowledged before the kill signs in, the changed account is as it was before or as
the change left it (never neither), and once someone has signed in the folder holds no
half-written file.
"""

from __future__ import annotations

import pytest

from desktop.domain.model import Role
from desktop.store.errors import WrongCredentials
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from tests.support.crash import KILLED, run_and_kill_all
from tests.support.sample import ADMIN, PASSPHRASE, advance, reopen

SAM, SAM_OLD, SAM_NEW = "Sam Carer", "Sam Carer's first one", "Sam Carer's second one"
NEW, NEW_PASSPHRASE = "Nadia Newstarter", "Nadia's first one"
ACKNOWLEDGED, ACKNOWLEDGED_PASSPHRASE = "Abel Acknowledged", "Abel's first one"

SCRIPT = """
from desktop.domain.model import Role
from desktop.store.keys import keyfile, store_keys
from desktop.store.store import Store

folder = Path({folder!r})
with Store.open(folder, name={admin!r}, passphrase={passphrase!r}, clock=clock,
                device=device) as admin:
    admin.accounts.add(name={acknowledged!r}, role=Role.STAFF,
                       passphrase={acknowledged_passphrase!r}, kdf=TEST_ONLY_PARAMS)
store = {session}
{inject}
{change}
"""

AS_ADMIN = (
    "Store.open(folder, name={admin!r}, passphrase={passphrase!r}, clock=clock, device=device)"
)
AS_SAM = "Store.open(folder, name={sam!r}, passphrase={sam_old!r}, clock=clock, device=device)"
AS_RECOVERY = (
    "Store.open_with_recovery_key(folder, recovery_key={recovery!r}, clock=clock, device=device)"
)
RESET = (
    "store.accounts.reset_passphrase(name={sam!r}, passphrase={sam_new!r}, kdf=TEST_ONLY_PARAMS)"
)

KINDS = {
    "adding-an-account": (
        AS_ADMIN,
        "store.accounts.add(name={new!r}, role=Role.STAFF, passphrase={new_passphrase!r}, "
        "kdf=TEST_ONLY_PARAMS)",
    ),
    "an-administrators-reset": (AS_ADMIN, RESET),
    "changing-your-own-passphrase": (AS_SAM, RESET),
    "a-reset-with-the-recovery-key": (AS_RECOVERY, RESET),
    "removing-an-account": (AS_ADMIN, "store.accounts.remove(name={sam!r})"),
}

STEPS = {
    "written-not-in-place": "die_before(keyfile, 'generation_on_disk')",
    "just-in-place": "die_after(keyfile, 'swap')",
    "change-returned": "die_after(store_keys.StoreKeys, 'change_slots')",
}

ALLOWED = {"keys.json", "store.db", "keys.lock", "attempts.json", "store.head", "store.head.lock"}


def _works(folder, clock, device, name, passphrase) -> bool:
    try:
        reopen(folder, clock, device, name=name, passphrase=passphrase).close()
    except WrongCredentials:
        advance(clock, 10)  # the wait after a wrong try has passed before the next check
        return False
    return True


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_kill_at_any_step_of_a_slot_change_loses_nothing_acknowledged(
    kind, shared, tmp_path, clock, no_keyring
):
    import shutil

    with reopen(shared.folder, clock, no_keyring) as admin:
        admin.accounts.add(name=SAM, role=Role.STAFF, passphrase=SAM_OLD, kdf=TEST_ONLY_PARAMS)
    values = {
        "admin": ADMIN,
        "passphrase": PASSPHRASE,
        "sam": SAM,
        "sam_old": SAM_OLD,
        "sam_new": SAM_NEW,
        "new": NEW,
        "new_passphrase": NEW_PASSPHRASE,
        "recovery": shared.recovery_key,
        "acknowledged": ACKNOWLEDGED,
        "acknowledged_passphrase": ACKNOWLEDGED_PASSPHRASE,
    }
    session, change = KINDS[kind]
    folders = {}
    for step in STEPS:
        folders[step] = tmp_path / step
        shutil.copytree(shared.folder, folders[step])
    scripts = [
        SCRIPT.format(
            folder=str(folders[step]),
            session=session.format(**values),
            inject=inject,
            change=change.format(**values),
            **values,
        )
        for step, inject in STEPS.items()
    ]
    for step, result in zip(STEPS, run_and_kill_all(scripts), strict=True):
        assert result.returncode == KILLED, (step, result.stderr)
        folder = folders[step]

        def works(name, passphrase, folder=folder):
            return _works(folder, clock, no_keyring, name, passphrase)

        assert works(ADMIN, PASSPHRASE), step
        assert works(ACKNOWLEDGED, ACKNOWLEDGED_PASSPHRASE), step
        if kind == "adding-an-account":
            works(NEW, NEW_PASSPHRASE)  # either outcome: the add was never acknowledged
            assert works(SAM, SAM_OLD), step
        elif kind == "removing-an-account":
            works(SAM, SAM_OLD)  # either outcome: the removal was never acknowledged
        else:  # a reset: the old passphrase or the new one, exactly one
            assert works(SAM, SAM_OLD) != works(SAM, SAM_NEW), step
        with reopen(folder, clock, no_keyring) as admin:
            assert not admin.verify().problems, step
            assert not admin.accounts.without_passphrase() or kind == "removing-an-account"
        left = {p.name for p in folder.iterdir()}
        assert left <= ALLOWED, (step, left - ALLOWED)
