"""The administrator every test store is made with, and a sample child to add to one."""

from __future__ import annotations

from datetime import date

from desktop.domain.model import Child, ChildDetails
from desktop.store.store import Store

ADMIN = "Ann Administrator"
PASSPHRASE = "correct horse battery staple"


def add_child(store: Store, first: str = "Zephyrine", last: str = "Quillfeather") -> Child:
    return store.children.add(
        ChildDetails(first_name=first, last_name=last, date_of_birth=date(2011, 4, 2))
    )
