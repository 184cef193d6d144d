from __future__ import annotations

import pytest

from desktop.export.gather import pack_input
from desktop.export.pack import build_pack
from tests.export.test_pack import FORMS, page_texts


@pytest.mark.parametrize("length", [1_700, 4_000, 30_000])
def test_a_long_note_in_the_timed_log_prints(store, child, length):
    episode = store.episodes.start(child.id, whereabouts="unknown")
    note = ("word " * (length // 5)).strip() + " ENDMARK"
    store.episodes.append(episode.id, "note", {"note": note})
    texts = page_texts(build_pack(pack_input(store, child.id, FORMS)))
    assert "ENDMARK" in " ".join(texts)


@pytest.mark.parametrize("length", [4_000, 30_000])
@pytest.mark.parametrize("field", ["usual_clothing", "hair", "aliases"])
def test_a_long_part_a_answer_prints(store, child, length, field):
    answer = ("word " * (length // 5)).strip() + " ENDMARK"
    store.forms.save(child.id, FORMS["part_a"], {field: answer})
    texts = page_texts(build_pack(pack_input(store, child.id, FORMS)))
    assert "ENDMARK" in " ".join(texts)
