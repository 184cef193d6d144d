"""Stores from before signing (0009): sealed by the first administrator, keys at sign-in."""

from __future__ import annotations

import shutil

import pytest

from desktop.domain.model import Role
from desktop.store.keys import keyfile
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from tests.fixtures import make_fixture_stores as fx
from tests.support.tamper import raw_database

STAFF, STAFF_PASSPHRASE = "Sam Staff", "sam's own passphrase here"
SIGNED_KINDS = {"account", "child", "episode", "form", "photo", "log"}


def _open(folder, clock, device, name=fx.STAFF_NAME, passphrase=fx.PASSPHRASE):
    return Store.open(folder, name=name, passphrase=passphrase, clock=clock, device=device)


@pytest.fixture
def before_signing(tmp_path):
    folder = tmp_path / "0006"
    shutil.copytree(fx.STORES / "0006", folder)
    return folder


def _ledger(folder):
    with raw_database(folder, fx.recovery_key()) as conn:
        return conn.execute("SELECT kind, event, signature IS NOT NULL FROM ledger").fetchall()


def test_the_first_administrator_seals_every_earlier_record_with_one_signed_checkpoint(
    before_signing, clock, no_keyring
):
    with _open(before_signing, clock, no_keyring) as store:
        assert any("sealed with your signature" in r for r in store.repairs)
        report = store.verify()
    assert not report.problems, [p.message for p in report.problems]
    assert any("sealed by the first signed checkpoint" in c for c in report.checks)
    rows = _ledger(before_signing)
    sealed = [r for r in rows if r[1] == "sealed" and r[0] != "checkpoint"]
    assert {kind for kind, _, _ in sealed} == SIGNED_KINDS
    assert not any(signed for _, _, signed in sealed)  # covered by the checkpoint's signature
    assert len([r for r in sealed if r[0] == "log"]) == len(fx.LOG)
    assert [r for r in rows if r[0] == "checkpoint"] == [("checkpoint", "sealed", 1)]
    key_file = keyfile.read(before_signing)
    (slot,) = [s for s in key_file.slots if s.staff_id == fx.STAFF_ID]
    payload = keyfile.open_slot(key_file, slot, fx.PASSPHRASE.encode(), None)
    assert payload is not None and len(payload) == 96  # her signing key is in her own slot now
    with _open(before_signing, clock, no_keyring) as again:
        assert again.repairs == [] and not again.verify().problems


def test_before_any_administrator_signs_in_nothing_is_signed_until_the_checkpoint(
    before_signing, clock, no_keyring
):
    with Store.open_with_recovery_key(
        before_signing, recovery_key=fx.recovery_key(), clock=clock, device=no_keyring
    ) as recovered:
        recovered.accounts.reset_passphrase(
            name=fx.STAFF_NAME, passphrase=fx.PASSPHRASE, kdf=TEST_ONLY_PARAMS
        )
        assert any("not signed yet" in w for w in recovered.verify().warnings)
    assert _ledger(before_signing) == []
    with _open(before_signing, clock, no_keyring) as admin:
        admin.accounts.add(
            name=STAFF, role=Role.STAFF, passphrase=STAFF_PASSPHRASE, kdf=TEST_ONLY_PARAMS
        )
        entry = admin.episodes.append(fx.EPISODE_ZOE, "note", {"note": "Signed by Ann"})
    with _open(before_signing, clock, no_keyring, STAFF, STAFF_PASSPHRASE) as staff:
        staff.episodes.append(fx.EPISODE_ZOE, "note", {"note": "Signed by Sam"})
        report = staff.verify()
    assert not report.problems, [p.message for p in report.problems]
    assert entry.id == len(fx.LOG) + 1


def test_an_account_without_a_key_gets_one_at_its_next_sign_in(before_signing, clock, no_keyring):
    """An account made before signing (its slot holds no signing key) gets one at sign-in."""
    with _open(before_signing, clock, no_keyring) as admin:
        admin.accounts.add(
            name=STAFF, role=Role.STAFF, passphrase=STAFF_PASSPHRASE, kdf=TEST_ONLY_PARAMS
        )
    # Sam's slot as a release before signing made it: the data key and the log's key alone
    key_file = keyfile.read(before_signing)
    data_key = fx.DATA_KEY
    with raw_database(before_signing, fx.recovery_key()) as conn:
        sam_id = conn.execute("SELECT id FROM staff WHERE name = ?", (STAFF,)).fetchone()[0]
        before = conn.execute("SELECT count(*) FROM signing_key").fetchone()[0]
    slots = tuple(
        keyfile.make_slot(
            key_file,
            kind="passphrase",
            secret=STAFF_PASSPHRASE.encode(),
            payload=fx.DATA_KEY + fx.CHAIN_KEY,
            params=TEST_ONLY_PARAMS,
            staff_id=sam_id,
            tag=keyfile.name_tag(key_file.name_salt, STAFF),
        )
        if s.staff_id == sam_id
        else s
        for s in key_file.slots
    )
    keyfile.write(before_signing, key_file.changed(slots), data_key)
    with _open(before_signing, clock, no_keyring, STAFF, STAFF_PASSPHRASE) as staff:
        staff.episodes.append(fx.EPISODE_ZOE, "note", {"note": "Signed with a new key"})
    with raw_database(before_signing, fx.recovery_key()) as conn:
        after = conn.execute("SELECT count(*) FROM signing_key").fetchone()[0]
        made = conn.execute(
            "SELECT event FROM ledger WHERE kind = 'key' ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]
    assert after == before + 1 and made == "made at sign-in"
    sam_slot = next(s for s in keyfile.read(before_signing).slots if s.staff_id == sam_id)
    opened = keyfile.open_slot(
        keyfile.read(before_signing), sam_slot, STAFF_PASSPHRASE.encode(), None
    )
    assert opened is not None and len(opened) == 96
    with _open(before_signing, clock, no_keyring) as admin:
        assert not admin.verify().problems
