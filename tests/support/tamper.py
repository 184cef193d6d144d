"""Changing a store's database behind the app's back, as someone holding its keys could."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.store import database
from desktop.store.keys import keyfile
from desktop.store.layout import DATABASE_NAME


def store_keys(folder: Path, recovery_key: str) -> tuple[bytes, bytes]:
    """The data key and the log's key, as anyone with the recovery key can unwrap them."""
    key_file = keyfile.read(folder)
    secret = keyfile.parse_recovery_key(recovery_key)
    for slot in key_file.slots:
        if slot.kind == "recovery":
            payload = keyfile.open_slot(key_file, slot, secret, None)
            if payload is not None:
                return payload[:32], payload[32:64]
    raise AssertionError("the recovery key opens no slot")


@contextlib.contextmanager
def raw_database(folder: Path, recovery_key: str) -> Iterator[Any]:
    """The database itself, with the data key: every change committed when the block ends."""
    conn = database.connect(folder / DATABASE_NAME, store_keys(folder, recovery_key)[0])
    try:
        yield conn
    finally:
        conn.close()


def without_triggers(conn: Any, *statements: str, params: tuple[Any, ...] = ()) -> None:
    """Run statements with the append-only triggers dropped, then put the triggers back."""
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _sql in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    for statement in statements:
        conn.execute(statement, params if "?" in statement else ())
    for _name, sql in triggers:
        conn.execute(sql)
