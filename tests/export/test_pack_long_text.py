from __future__ import annotations

import pytest

from desktop.export.gather import pack_input
from desktop.export.pack import build_pack
from tests.support.pdf import page_texts
from tests.support.protocol import shipped_forms

FORMS = shipped_forms()


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
    _saved_by_an_earlier_release(store, child.id, "part_a", {field: answer})
    texts = page_texts(build_pack(pack_input(store, child.id, FORMS)))
    assert "ENDMARK" in " ".join(texts)


def _saved_by_an_earlier_release(store, child_id: str, form_id: str, values: dict) -> None:
    """A version saved before answers had a most length: the pack must still print it all."""
    from desktop.store.tables import FormRecordRow

    with store.db.session() as session:
        session.add(
            FormRecordRow(
                child_id=child_id,
                episode_id=None,
                form_id=form_id,
                definition_version=FORMS[form_id].version,
                number=1,
                data=values,
                saved_at=store.clock.now(),
                saved_by=store.staff.id,
            )
        )
