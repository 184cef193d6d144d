"""A process that records into a store and says what it saved, to be killed at a random moment.

Run as ``python -m tests.support.crash_worker``: it imports the store once, then for each
line of JSON on its standard input forks a worker (so a cycle costs a fork, not a new Python),
prints the worker's process id, waits for it and prints how it ended. The worker opens the store
and, until it is killed, appends log entries, saves a form, adds an account (a key-slot change)
or sets up a new store, writing one
line to its acknowledgement file after each has returned: what a person would have been told
is saved. The parent kills workers, never this server, which only forks and waits.
"""

from __future__ import annotations

import json
import os
import random
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.domain.clock import LONDON, FixedClock
from desktop.domain.model import Home, Role
from desktop.store.keys.device import NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.migrating import head_revision, known_revisions
from desktop.store.store import Store
from tests.support.forms import PART_A
from tests.support.sample import ADMIN, PASSPHRASE

OPERATIONS = ("append", "form", "account", "setup")
WEIGHTS = (12, 5, 2, 1)
MOMENT = datetime(2026, 3, 1, 15, 0, tzinfo=LONDON)


def _work(spec: dict[str, Any]) -> None:
    """Record until killed (or ``spec['limit']`` operations); acknowledge each as it returns."""
    rng = random.Random(spec["seed"])
    ack = os.open(spec["acks"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def say(*parts: object) -> None:
        os.write(ack, (json.dumps(parts) + "\n").encode())

    clock, device = FixedClock(MOMENT), NoSecrets()
    store = Store.open(
        Path(spec["folder"]), name=ADMIN, passphrase=PASSPHRASE, clock=clock, device=device
    )
    say("open")
    for n in range(spec["limit"]):
        operation = rng.choices(OPERATIONS, WEIGHTS)[0]
        if operation == "append":
            note = f"cycle {spec['cycle']} note {n}"
            entry = store.episodes.append(spec["episode"], "note", {"note": note})
            say("log", entry.id, note)
        elif operation == "form":
            height = f"{100 + rng.randrange(100)} cm"
            version = store.forms.save(spec["child"], PART_A, {"height": height})
            say("form", version.number, height)
        elif operation == "account":  # a new key slot, with its account row
            name, passphrase = f"Staff {spec['cycle']}-{n}", f"passphrase of {spec['cycle']}-{n}"
            store.accounts.add(
                name=name, role=Role.STAFF, passphrase=passphrase, kdf=TEST_ONLY_PARAMS
            )
            say("account", name, passphrase)
        else:
            folder = Path(spec["setups"]) / f"cycle-{spec['cycle']}-{n}"
            say("setup-start", str(folder))
            made = Store.create(
                folder,
                home=Home(name="Elm House"),
                admin_name=ADMIN,
                passphrase=PASSPHRASE,
                clock=clock,
                device=device,
                kdf=TEST_ONLY_PARAMS,
            )
            made.store.close()
            say("setup", str(folder))
    store.close()


def serve() -> None:
    """Fork one worker per line of JSON on standard input; report its id, then its end."""
    head_revision()  # load what opening loads lazily, once, before any fork
    known_revisions()
    for line in sys.stdin:
        spec = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _work(spec)
            except BaseException as exc:  # a worker's failure is reported, not hidden
                print(f"worker failed: {exc!r}", file=sys.stderr, flush=True)
                code = 1
            os._exit(code)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(status, flush=True)


if __name__ == "__main__":
    serve()
