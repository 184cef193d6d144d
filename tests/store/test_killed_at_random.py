"""Killed at random moments, 100 times, a store loses nothing it acknowledged.

A worker process appends log entries, saves a form, adds accounts (each a key-slot change) and
sets up new stores, acknowledging each as it returns; the test kills it (SIGKILL, as a crash or
power cut to the app would) at a random moment, then checks that every acknowledged record is
there, both integrity checks pass, the chain verifies and no loss is named. Every tenth cycle the
store is also copied without its ``-wal`` file: whenever that copy lacks an acknowledged entry,
opening it names the loss.

The seed is printed (and shown with any failure); ``PHILOMENA_CRASH_SEED`` repeats a run and
``PHILOMENA_CRASH_CYCLES`` sets how many cycles: the soak run is
``PHILOMENA_CRASH_CYCLES=10000 pytest tests/store/test_killed_at_random.py``.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.domain.model import Home
from desktop.store.errors import NotAStore
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.layout import DATABASE_NAME, HEAD_RECORD_NAME, KEY_FILE_NAME
from desktop.store.store import Store
from tests.support.crash import ROOT
from tests.support.sample import ADMIN, PASSPHRASE, add_child, reopen

CYCLES = int(os.environ.get("PHILOMENA_CRASH_CYCLES", "100"))
SEED = int(os.environ.get("PHILOMENA_CRASH_SEED") or random.SystemRandom().randrange(2**32))
LONGEST_RUN = 0.4
"""Seconds a worker may record before it is killed: long enough to reach every kind of step."""
WHILE_OPENING = 0.2
"""The share of cycles timed from the fork, so often killed while the store opens."""
LONG_RUN, LONG_RUNS = 2.0, 0.1
"""The share of cycles that may run this long, so that some setups (the slowest step) finish."""
OPERATIONS_PER_WORKER = 200


def _create(folder, clock, device):
    return Store.create(
        folder,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=clock,
        device=device,
        kdf=TEST_ONLY_PARAMS,
    )


class Acknowledged:
    """Everything workers said was saved, across all cycles."""

    def __init__(self) -> None:
        self.log: dict[int, str] = {}
        self.forms: dict[int, str] = {}
        self.setups: set[str] = set()
        self.started: set[str] = set()
        self.setups_seen = 0
        self.setups_started = 0
        self.accounts: dict[str, str] = {}
        """Accounts acknowledged since the last check (each is checked once)."""
        self.accounts_seen = 0
        self.losses_named = 0

    def read(self, path: Path) -> None:
        if not path.exists():
            return
        for line in path.read_text().splitlines():
            kind, *rest = json.loads(line)
            if kind == "log":
                self.log[rest[0]] = rest[1]
            elif kind == "form":
                self.forms[rest[0]] = rest[1]
            elif kind == "setup":
                self.setups.add(rest[0])
                self.setups_seen += 1
            elif kind == "account":
                self.accounts[rest[0]] = rest[1]
                self.accounts_seen += 1
            elif kind == "setup-start":
                self.started.add(rest[0])
                self.setups_started += 1


def _wait_until_open(acks: Path) -> None:
    """Until the worker has the store open (or has given up: it is then killed anyway)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if acks.exists() and acks.read_text().startswith('["open"]'):
            return
        time.sleep(0.005)


def _check(folder, episode_id, child_id, acked, clock, device, where):
    with reopen(folder, clock, device) as store:
        log = {e.id: e.body.get("note") for e in store.episodes.log(episode_id)}
        missing = {i: n for i, n in acked.log.items() if log.get(i) != n}
        assert not missing, f"{where}: acknowledged entries missing: {missing}"
        forms = {v.number: v.values.get("height") for v in store.forms.versions(child_id, "part_a")}
        lost = {k: v for k, v in acked.forms.items() if forms.get(k) != v}
        assert not lost, f"{where}: acknowledged form versions missing: {lost}"
        assert not store.losses, where
        problems = [p.message for p in store.verify().problems]
        assert not problems, f"{where}: {problems}"
        assert not store.accounts.without_passphrase(), f"{where}: an account lost its slot"
    for name, passphrase in acked.accounts.items():
        reopen(folder, clock, device, name=name, passphrase=passphrase).close()
    acked.accounts.clear()
    return log


def _check_setups(acked, clock, device, where):
    for started in sorted(acked.started):
        folder = Path(started)
        if started in acked.setups:
            with reopen(folder, clock, device) as store:
                assert not store.verify().problems, f"{where}: {started}"
        else:  # killed during setup: a whole store, or a folder setup starts afresh in
            try:
                reopen(folder, clock, device).close()
            except NotAStore:
                _create(folder, clock, device).store.close()
        shutil.rmtree(folder)
    acked.started.clear()
    acked.setups.clear()


def _copy_without_wal(folder, copy, episode_id, acked, clock, device, where):
    """A copy of the files but the ``-wal``: any acknowledged entry it lacks is named.

    Returns the entries the copy has and whether it named a loss, for the caller to check
    against the whole store that no loss was named where nothing was lost.
    """
    copy.mkdir()
    for name in (DATABASE_NAME, KEY_FILE_NAME, HEAD_RECORD_NAME):
        if (folder / name).exists():
            shutil.copyfile(folder / name, copy / name)
    with reopen(copy, clock, device) as store:
        have = {e.id for e in store.episodes.log(episode_id)}
        named = bool([r for r in store.repairs if "store.db-wal) was lost" in r])
    shutil.rmtree(copy)
    lacking = set(acked.log) - have
    assert named or not lacking, f"{where}: a copy without its -wal lacked {sorted(lacking)}"
    acked.losses_named += named
    return have, named


def _cycle(server, cycle, rng, acked, tmp_path, folder, episode, child, clock, device) -> int:
    """One worker, killed at a random moment, then everything checked; 1 if it was killed."""
    where = f"cycle {cycle} of seed {SEED}"
    acks = tmp_path / f"acks-{cycle}"
    spec = {
        "folder": str(folder),
        "acks": str(acks),
        "seed": rng.randrange(2**32),
        "cycle": cycle,
        "limit": OPERATIONS_PER_WORKER,
        "episode": episode.id,
        "child": child.id,
        "setups": str(tmp_path / "setups"),
    }
    server.stdin.write(json.dumps(spec) + "\n")
    server.stdin.flush()
    pid = int(server.stdout.readline())
    if rng.random() >= WHILE_OPENING:
        _wait_until_open(acks)
    time.sleep(rng.uniform(0, LONG_RUN if rng.random() < LONG_RUNS else LONGEST_RUN))
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    status = int(server.stdout.readline())
    killed = os.WIFSIGNALED(status)
    assert killed or os.WEXITSTATUS(status) == 0, f"{where}: the worker failed"
    acked.read(acks)
    copied: tuple[set[int], bool] = (set(), False)
    if cycle % 10 == 9:
        copied = _copy_without_wal(
            folder, tmp_path / "copy", episode.id, acked, clock, device, where
        )
    log = _check(folder, episode.id, child.id, acked, clock, device, where)
    if copied[1]:  # a loss named: the copy did lack a committed entry
        assert set(log) - copied[0], f"{where}: a loss named where nothing was lost"
    _check_setups(acked, clock, device, where)
    return int(killed)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the worker server forks")
def test_killed_at_random_moments_a_store_keeps_everything_it_acknowledged(
    tmp_path, clock, no_keyring
):
    print(f"{CYCLES} cycles, seed {SEED} (PHILOMENA_CRASH_SEED={SEED} repeats this run)")
    folder = tmp_path / "store"
    with _create(folder, clock, no_keyring).store as store:
        child = add_child(store)
        episode = store.episodes.start(child.id, whereabouts="unknown")
    rng, acked = random.Random(SEED), Acknowledged()
    (tmp_path / "setups").mkdir()
    killed = 0
    with subprocess.Popen(
        [sys.executable, "-m", "tests.support.crash_worker"],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as server:
        assert server.stdin is not None and server.stdout is not None
        try:
            for cycle in range(CYCLES):
                killed += _cycle(
                    server, cycle, rng, acked, tmp_path, folder, episode, child, clock, no_keyring
                )
        finally:
            server.stdin.close()
    print(
        f"{killed} workers killed; {len(acked.log)} entries, {len(acked.forms)} form versions, "
        f"{acked.accounts_seen} accounts, {acked.setups_seen} of {acked.setups_started} setups "
        f"acknowledged; {acked.losses_named} losses named in copies"
    )
    assert killed >= CYCLES * 3 // 4, f"only {killed} of {CYCLES} workers were killed"
    assert len(acked.log) > CYCLES, "too few entries were acknowledged to prove anything"
