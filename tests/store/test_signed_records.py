"""Every record signed by its author: who signs what, keys, and what verify names when altered."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from desktop.domain.model import Role
from desktop.store import chain, mapping
from desktop.store.keys import keyfile
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.signing import records
from desktop.store.signing.crypto import Signer, new_seed
from desktop.store.signing.ledger import Head, Row, head_mac, row_hash
from tests.support.images import jpeg_bytes
from tests.support.protocol import shipped_forms
from tests.support.sample import ADMIN, PASSPHRASE, add_child, advance, reopen
from tests.support.tamper import raw_database, store_keys, without_triggers

BOB, BOB_PASSPHRASE = "Bob Carer", "a carer's own passphrase"
PART_A = shipped_forms()["part_a"]


@dataclass(frozen=True)
class Signed:
    """A store in which Ann (administrator) and Bob (staff) have each made records."""

    folder: Path
    recovery_key: str
    child_id: str
    episode_id: str
    other_child_id: str


@pytest.fixture
def signed(created, store_dir, clock, device) -> Signed:
    store = created.store
    store.accounts.add(name=BOB, role=Role.STAFF, passphrase=BOB_PASSPHRASE, kdf=TEST_ONLY_PARAMS)
    other = add_child(store, "Other", "Child")
    store.close()
    with reopen(store_dir, clock, device, name=BOB, passphrase=BOB_PASSPHRASE) as bob:
        child = add_child(bob)
        episode = bob.episodes.start(child.id, whereabouts="unknown")
        advance(clock, 5)
        bob.episodes.append(episode.id, "note", {"note": "Phoned her mother"})
        bob.forms.save(child.id, PART_A, {"height": "150 cm"})
        bob.photos.add(child.id, jpeg_bytes(), description="School photo")
        bob.missing_risk.record_level(child.id, "high", decided_by="Her social worker")
        advance(clock, 5)
        bob.episodes.append(episode.id, "note", {"note": "Checked the park"})
    with reopen(store_dir, clock, device) as ann:
        advance(clock, 5)
        ann.episodes.append(episode.id, "note", {"note": "Manager informed"})
        assert not ann.verify().problems
    return Signed(store_dir, created.recovery_key, child.id, episode.id, other.id)


def _problems(signed: Signed, clock, device) -> list[str]:
    with reopen(signed.folder, clock, device) as store:
        return [p.message for p in store.verify().problems]


def test_every_record_is_signed_by_its_author_with_their_own_key(signed, clock, device):
    with raw_database(signed.folder, signed.recovery_key) as conn:
        names = dict(conn.execute("SELECT id, name FROM staff").fetchall())
        authored = conn.execute(
            "SELECT l.kind, l.author_id, k.staff_id FROM ledger l JOIN signing_key k"
            " ON k.id = l.key_id WHERE l.kind IN ('log', 'form', 'photo', 'child', 'episode')"
        ).fetchall()
        keys = conn.execute("SELECT staff_id, made_by FROM signing_key").fetchall()
    assert {kind for kind, _, _ in authored} == {"log", "form", "photo", "child", "episode"}
    assert all(author == owner for _, author, owner in authored)
    assert {names[a] for kind, a, _ in authored if kind == "form"} == {BOB}
    bob_id = next(i for i, n in names.items() if n == BOB)
    ann_id = next(i for i, n in names.items() if n == ADMIN)
    assert (bob_id, ann_id) in keys  # Bob's key, certified by the administrator who added him
    report_checks = []
    with reopen(signed.folder, clock, device) as store:
        report_checks = store.verify().checks
    assert any("signed by their authors" in c for c in report_checks)


def test_the_private_key_lives_only_in_its_owners_slot(signed):
    key_file = keyfile.read(signed.folder)
    pepper = keyfile.unwrap_device_secret(
        key_file, store_keys(signed.folder, signed.recovery_key)[0]
    )
    opened = [
        keyfile.open_slot(key_file, slot, BOB_PASSPHRASE.encode(), pepper)
        for slot in key_file.slots
        if slot.kind == "passphrase"
    ]
    payload = next(p for p in opened if p is not None)
    bob = Signer(payload[64:], None)
    recovery = keyfile.parse_recovery_key(signed.recovery_key)
    recovery_payload = next(
        keyfile.open_slot(key_file, s, recovery, None)
        for s in key_file.slots
        if s.kind == "recovery"
    )
    assert recovery_payload is not None and len(recovery_payload) == 64  # no one's private key
    with raw_database(signed.folder, signed.recovery_key) as conn:
        on_record = conn.execute(
            "SELECT k.public_key FROM signing_key k JOIN staff s ON s.id = k.staff_id"
            " WHERE s.name = ?",
            (BOB,),
        ).fetchone()[0]
        dump = b"".join(
            bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode()
            for table in ("ledger", "signing_key", "staff")
            for row in conn.execute(f"SELECT * FROM {table}")
            for v in row
        )
    assert on_record == bob.public_key
    assert payload[64:] not in dump and payload[64:].hex().encode() not in dump


def test_a_reset_passphrase_issues_a_new_certified_key_and_old_records_still_verify(
    signed, clock, device
):
    with reopen(signed.folder, clock, device) as ann:
        ann.accounts.reset_passphrase(
            name=BOB, passphrase="another good passphrase", kdf=TEST_ONLY_PARAMS
        )
    with reopen(
        signed.folder, clock, device, name=BOB, passphrase="another good passphrase"
    ) as bob:
        bob.episodes.append(signed.episode_id, "note", {"note": "After the reset"})
    with raw_database(signed.folder, signed.recovery_key) as conn:
        bob_keys = conn.execute(
            "SELECT count(*) FROM signing_key k JOIN staff s ON s.id = k.staff_id WHERE s.name = ?",
            (BOB,),
        ).fetchone()[0]
    assert bob_keys == 2  # the old key is kept: what it signed still verifies
    assert _problems(signed, clock, device) == []


def test_a_removed_persons_key_is_kept_and_their_records_still_verify(signed, clock, device):
    with reopen(signed.folder, clock, device) as ann:
        ann.accounts.remove(name=BOB)
    assert _problems(signed, clock, device) == []
    with raw_database(signed.folder, signed.recovery_key) as conn:
        assert (
            conn.execute(
                "SELECT count(*) FROM signing_key k JOIN staff s ON s.id = k.staff_id"
                " WHERE s.name = ?",
                (BOB,),
            ).fetchone()[0]
            == 1
        )


# --- tampering, with the data key -------------------------------------------------------------


def _tamper(signed: Signed, *statements: str, params: tuple[object, ...] = ()) -> None:
    with raw_database(signed.folder, signed.recovery_key) as conn:
        without_triggers(conn, *statements, params=params)


def test_deleting_the_whole_log_and_its_head_is_named(signed, clock, device):
    _tamper(signed, "DELETE FROM log_entry", "DELETE FROM log_head")
    problems = _problems(signed, clock, device)
    assert any("no log entries at all" in p for p in problems)
    assert any("log entry 1 signed" in p and BOB in p and "deleted" in p for p in problems)


def test_deleting_the_log_and_every_signature_is_named(signed, clock, device):
    _tamper(
        signed,
        "DELETE FROM log_entry",
        "DELETE FROM log_head",
        "DELETE FROM ledger",
        "DELETE FROM ledger_head",
    )
    problems = _problems(signed, clock, device)
    assert any("signed records are missing entirely" in p for p in problems)
    assert any("no log entries at all" in p for p in problems)


def test_cutting_the_tail_and_putting_back_an_older_head_is_named(signed, clock, device):
    with raw_database(signed.folder, signed.recovery_key) as conn:
        old_head = conn.execute("SELECT last_id, last_chain, mac FROM log_head").fetchone()
    with reopen(signed.folder, clock, device) as ann:
        ann.episodes.append(signed.episode_id, "note", {"note": "Later entry"})
        newest = ann.episodes.log(signed.episode_id)[-1].id
    _tamper(
        signed,
        f"DELETE FROM log_entry WHERE id = {newest}",
        "UPDATE log_head SET last_id = ?, last_chain = ?, mac = ?",
        params=tuple(old_head),
    )
    problems = _problems(signed, clock, device)
    assert any(
        f"log entry {newest} signed" in p and ADMIN in p and "deleted" in p for p in problems
    )


def test_moving_an_episode_to_another_child_is_named(signed, clock, device):
    _tamper(
        signed,
        "UPDATE episode SET child_id = ? WHERE id = ?",
        params=(signed.other_child_id, signed.episode_id),
    )
    problems = _problems(signed, clock, device)
    assert problems[0].startswith("The episode signed") and BOB in problems[0]
    assert "changed" in problems[0]


def test_renaming_an_author_is_named(signed, clock, device):
    _tamper(signed, "UPDATE staff SET name = 'Someone Else' WHERE name = ?", params=(BOB,))
    problems = _problems(signed, clock, device)
    assert any(
        p.startswith("The staff account of Someone Else signed") and ADMIN in p and "changed" in p
        for p in problems
    )


def test_editing_a_saved_form_version_is_named(signed, clock, device):
    _tamper(signed, 'UPDATE form_record SET data = \'{"height": "190 cm"}\'')
    problems = _problems(signed, clock, device)
    assert any(
        p.startswith("The saved form version signed") and BOB in p and "changed" in p
        for p in problems
    )


def test_dropping_the_append_only_triggers_is_named(signed, clock, device):
    with raw_database(signed.folder, signed.recovery_key) as conn:
        conn.execute("DROP TRIGGER log_entry_no_update")
        conn.execute("DROP TRIGGER ledger_no_delete")
    problems = _problems(signed, clock, device)
    assert any("protection that refuses changes" in p and "2 of 6" in p for p in problems)


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ('UPDATE log_entry SET body = \'{"note": "Nothing happened"}\' WHERE id = 2', "changed"),
        ("DELETE FROM log_entry WHERE id = 2", "deleted"),
        ("UPDATE photo SET description = 'Another photo'", "changed"),
        ("UPDATE missing_risk_entry SET level = 'low'", "changed"),
        ("DELETE FROM missing_risk_entry", "deleted"),
        ("UPDATE child SET date_of_birth = '2015-01-01' WHERE first_name = 'Zephyrine'", "changed"),
        ("UPDATE child SET authority_child_id = 'X123' WHERE first_name = 'Zephyrine'", "changed"),
        (
            "INSERT INTO staff (id, name, role, created_at, active) VALUES "
            "('x', 'Mallory', 'administrator', '2026-03-01T15:00:00+00:00', 1)",
            "not signed",
        ),
    ],
)
def test_edits_and_deletions_of_any_record_are_named(signed, clock, device, statement, words):
    _tamper(signed, statement)
    problems = _problems(signed, clock, device)
    assert any(words in p for p in problems), problems


def test_an_authority_id_filled_in_later_is_signed_and_emptying_it_outside_is_named(
    signed, clock, device
):
    with reopen(signed.folder, clock, device, name=BOB, passphrase=BOB_PASSPHRASE) as bob:
        advance(clock, 5)
        child = bob.children.set_authority_child_id(signed.child_id, " NEL-0042 ")
        assert child.authority_child_id == "NEL-0042"
        assert not bob.verify().problems
    _tamper(signed, "UPDATE child SET authority_child_id = ''")
    problems = _problems(signed, clock, device)
    assert any("child's record" in p and "changed" in p for p in problems), problems


def test_a_flipped_byte_in_a_signature_is_named(signed, clock, device):
    _tamper(
        signed,
        "UPDATE ledger SET signature = ? WHERE kind = 'form'",
        params=(b"\x01" * 64,),
    )
    problems = _problems(signed, clock, device)
    assert any("does not match its author's signature" in p and BOB in p for p in problems)


def test_reordering_signed_records_is_named(signed, clock, device):
    _tamper(
        signed,
        "UPDATE ledger SET id = -1 WHERE id = (SELECT max(id) FROM ledger) - 1",
        "UPDATE ledger SET id = id - 1 WHERE id = (SELECT max(id) FROM ledger)",
        "UPDATE ledger SET id = (SELECT max(id) FROM ledger) + 1 WHERE id = -1",
    )
    problems = _problems(signed, clock, device)
    assert any("no longer follows the record before it" in p for p in problems)


def test_truncating_the_signatures_and_resealing_the_head_with_the_log_key_is_named(
    signed, clock, device
):
    from desktop.store.signing.ledger import Head, head_mac

    _, chain_key = store_keys(signed.folder, signed.recovery_key)
    with raw_database(signed.folder, signed.recovery_key) as conn:
        count = conn.execute("SELECT max(id) FROM ledger").fetchone()[0] - 1
        kept = conn.execute("SELECT hash FROM ledger WHERE id = ?", (count,)).fetchone()[0]
        mac = head_mac(chain_key, Head(count, kept))
        without_triggers(
            conn,
            f"DELETE FROM ledger WHERE id > {count}",
            "UPDATE ledger_head SET count = ?, hash = ?, mac = ?",
            params=(count, kept, mac),
        )
    problems = _problems(signed, clock, device)
    assert any("log entry" in p and "is not signed" in p and "added outside" in p for p in problems)


def _reseal(folder: Path, recovery_key: str, entry: int, body: str, claim: str | None) -> None:
    """Rewrite a log entry as an administrator holding every key would, re-linking everything.

    The entry's HMAC link and every later one, the log's head, each later ledger row's digest
    and hash, and the ledger's head are all made again; every row is signed again with Ann's
    own key (she has no one else's), claiming ``claim``'s authorship for the rewritten row.
    """
    data_key, chain_key = store_keys(folder, recovery_key)
    key_file = keyfile.read(folder)
    pepper = keyfile.unwrap_device_secret(key_file, data_key)
    ann_payload = next(
        p
        for p in (
            keyfile.open_slot(key_file, s, PASSPHRASE.encode(), pepper) for s in key_file.slots
        )
        if p is not None
    )
    with raw_database(folder, recovery_key) as conn:
        ann_id = conn.execute("SELECT id FROM staff WHERE name = ?", (ADMIN,)).fetchone()[0]
        ann = Signer(ann_payload[64:], ann_id)
        store_id = key_file.store_id
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'")
        triggers = triggers.fetchall()
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("UPDATE log_entry SET body = ? WHERE id = ?", (body, entry))
        previous = chain.GENESIS
        for row in conn.execute(
            f"SELECT {mapping.LOG_ENTRY_COLUMNS}, seq FROM log_entry ORDER BY id"
        ).fetchall():
            fields = dict(
                zip(
                    (
                        "id",
                        "episode_id",
                        "event_at",
                        "recorded_at",
                        "author_id",
                        "kind",
                        "body",
                        "corrects_id",
                    ),
                    row[:8],
                    strict=True,
                )
            )
            fields["event_at"] = datetime.fromisoformat(fields["event_at"])
            fields["recorded_at"] = datetime.fromisoformat(fields["recorded_at"])
            fields["body"] = json.loads(fields["body"])
            fields["seq"] = row[8]
            previous = chain.link(chain_key, previous, fields)
            conn.execute("UPDATE log_entry SET chain = ? WHERE id = ?", (previous, row[0]))
            last = row[0]
        conn.execute(
            "UPDATE log_head SET last_id = ?, last_chain = ?, mac = ?",
            (last, previous, chain.head_mac(chain_key, last, previous)),
        )
        first = conn.execute(
            "SELECT id FROM ledger WHERE kind = 'log' AND ref = ?", (str(entry),)
        ).fetchone()[0]
        prev = conn.execute("SELECT hash FROM ledger WHERE id = ?", (first - 1,)).fetchone()[0]
        rows = conn.execute(
            "SELECT id, kind, ref, event, author_id, key_id, digest, at FROM ledger"
            " WHERE id >= ? ORDER BY id",
            (first,),
        ).fetchall()
        for id_, kind, ref, event, author, key, digest, at in rows:
            if kind == "log":
                values = records.select_one(conn, records.KINDS["log"], ref)
                digest = records.digest(values or ())
            if id_ == first and claim is not None:
                author = claim
            key = ann.key_id
            new = Row(id_, kind, ref, event, author, key, digest, at, prev, "", None)
            hashed = row_hash(store_id, new)
            conn.execute(
                "UPDATE ledger SET author_id = ?, key_id = ?, digest = ?, prev = ?, hash = ?,"
                " signature = ? WHERE id = ?",
                (author, key, digest, prev, hashed, ann.sign(bytes.fromhex(hashed)), id_),
            )
            prev = hashed
        count = rows[-1][0]
        conn.execute(
            "UPDATE ledger_head SET count = ?, hash = ?, mac = ?",
            (count, prev, head_mac(chain_key, Head(count, prev))),
        )
        for _, sql in triggers:
            conn.execute(sql)


@pytest.mark.parametrize("claim", ["author", "admin"])
def test_an_administrator_holding_every_key_cannot_rewrite_someone_elses_record(
    signed, clock, device, claim
):
    with raw_database(signed.folder, signed.recovery_key) as conn:
        entry, bob_id = conn.execute(
            "SELECT l.id, s.id FROM log_entry l JOIN staff s ON s.id = l.author_id"
            " WHERE s.name = ? ORDER BY l.id DESC",
            (BOB,),
        ).fetchone()
        ann_id = conn.execute("SELECT id FROM staff WHERE name = ?", (ADMIN,)).fetchone()[0]
    body = json.dumps({"note": "Nothing to report"})
    _reseal(
        signed.folder, signed.recovery_key, entry, body, bob_id if claim == "author" else ann_id
    )
    problems = _problems(signed, clock, device)
    assert problems, "a rewritten record passed verify"
    assert f"log entry {entry} signed" in problems[0] and BOB in problems[0]


def test_a_key_made_at_a_sign_in_for_someone_who_had_one_is_pointed_out(signed, clock, device):
    """Someone with the data key self-certifies a new key for Bob: verify says so."""
    from desktop.domain.clock import FixedClock
    from desktop.store.signing.ledger import Ledger

    _, chain_key = store_keys(signed.folder, signed.recovery_key)
    store_id = keyfile.read(signed.folder).store_id
    with raw_database(signed.folder, signed.recovery_key) as conn:
        bob_id = conn.execute("SELECT id FROM staff WHERE name = ?", (BOB,)).fetchone()[0]
        forged = Signer(new_seed(), bob_id)
        conn.execute("BEGIN")
        ledger = Ledger(store_id, chain_key, FixedClock(clock.moment))
        ledger.register_key(conn, forged, issued_by=forged, event="made at sign-in")
        conn.execute("COMMIT")
    with reopen(signed.folder, clock, device) as store:
        report = store.verify()
    assert not report.problems
    assert any(w.startswith(f"{BOB} got a new signing key at a sign-in") for w in report.warnings)
