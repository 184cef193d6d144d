"""The benchmarks' generated store, at a very small size: reproducible, and made as staff would."""

from __future__ import annotations

from desktop.domain.clock import FixedClock
from desktop.store.keys.device import NoSecrets
from desktop.store.store import Store
from tests.bench.mature_store import SIZES, generate


def _contents(folder, made):
    with Store.open(
        folder,
        name=made.name,
        passphrase=made.passphrase,
        clock=FixedClock(made.now),
        device=NoSecrets(),
    ) as store:
        children = store.children.all()
        episodes = {c.first_name: len(store.episodes.for_child(c.id)) for c in children}
        logs = sum(
            len(store.episodes.log(e.id)) for c in children for e in store.episodes.for_child(c.id)
        )
        away = sum(1 for c in children if store.records(c.id).current is not None)
        heavy = len(store.episodes.for_child(made.heavy_child))
        quiet = len(store.episodes.for_child(made.quiet_child))
        verified = store.verify()
    return episodes, logs, away, heavy, quiet, verified


def test_the_generator_makes_the_same_store_from_the_same_seed(tmp_path):
    size = SIZES["small"]
    first = generate(tmp_path / "a", size, seed=3)
    second = generate(tmp_path / "b", size, seed=3)
    one, two = _contents(first.folder, first), _contents(second.folder, second)
    assert one[:5] == two[:5]
    episodes, logs, away, heavy, quiet, verified = one
    assert len(episodes) == size.children and sum(episodes.values()) == size.episodes
    assert abs(logs - size.entries) < size.entries // 4
    assert away == size.away_now and heavy == size.heavy and quiet == 0
    assert not verified.problems
