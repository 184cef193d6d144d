from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.model import ChildDetails
from desktop.store.errors import (
    DatabaseDamaged,
    KeyFileDamaged,
)
from desktop.store.layout import DATABASE_NAME, KEY_FILE_NAME
from tests.support.sample import flip_byte, reopen

SECRET_NAME = "Zephyrine Quillfeather"


def test_a_flipped_byte_in_the_database_is_named_by_verify(created, store_dir, clock, device):
    for i in range(30):  # enough pages of names (each of a length a name may have)
        created.store.children.add(
            ChildDetails(
                first_name=f"Child{i}",
                last_name="Surname",
                aliases=tuple(f"{n} " + "Surname" * 8 for n in range(7)),
                date_of_birth=date(2011, 4, 2),
            )
        )
    created.store.close()
    db = store_dir / DATABASE_NAME
    size = db.stat().st_size
    assert size > 4096 * 4
    flip_byte(db, size - 4096 + 100)  # a data page that opening and listing never need to read
    with reopen(store_dir, clock, device) as store:
        report = store.verify()
    assert report.problems
    assert all(isinstance(p, DatabaseDamaged) for p in report.problems)
    assert "store.db" in report.problems[0].message


def test_a_key_file_altered_with_its_checksum_recomputed_is_caught_by_its_mac(
    created, store_dir, clock, device
):
    created.store.close()
    path = store_dir / KEY_FILE_NAME
    import hashlib
    import json

    raw = json.loads(path.read_text())
    raw["slots"] = [s for s in raw["slots"] if s["kind"] == "passphrase"]  # drop recovery slot
    raw.pop("checksum")
    canonical = json.dumps(raw, sort_keys=True, separators=(",", ":")).encode()
    raw["checksum"] = hashlib.sha256(canonical).hexdigest()
    path.write_text(json.dumps(raw))
    with pytest.raises(KeyFileDamaged, match="altered"):
        reopen(store_dir, clock, device)
