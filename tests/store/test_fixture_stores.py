"""Every committed fixture store (one per schema revision) opens, upgrades and keeps its records."""

from __future__ import annotations

import hashlib
import io
import shutil
from datetime import timedelta

import pytest
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from PIL import Image

from desktop.store.database import connect
from desktop.store.layout import DATABASE_NAME
from desktop.store.store import Store, head_revision
from tests.fixtures import make_fixture_stores as fx


def _revisions() -> list[str]:
    config = Config()
    config.set_main_option("script_location", str(fx.MIGRATIONS))
    return sorted(s.revision for s in ScriptDirectory.from_config(config).walk_revisions())


REVISIONS = _revisions()


def test_every_schema_revision_has_a_fixture_store_and_a_builder():
    folders = sorted(p.name for p in fx.STORES.iterdir() if p.is_dir())
    assert folders == REVISIONS, "each migration needs its committed fixture store"
    assert sorted(fx.BUILDERS) == REVISIONS, "each migration needs a fixture builder"
    assert head_revision() in REVISIONS


@pytest.mark.parametrize("revision", REVISIONS)
def test_each_fixture_is_a_whole_store_at_its_own_revision(revision, tmp_path):
    folder = fx.STORES / revision
    assert sorted(p.name for p in folder.iterdir()) == ["keys.json", "store.db"]  # no WAL left
    copy = tmp_path / DATABASE_NAME
    shutil.copyfile(folder / DATABASE_NAME, copy)
    conn = connect(copy, fx.DATA_KEY)
    try:
        [(stored,)] = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    finally:
        conn.close()
    assert stored == revision


@pytest.fixture(params=REVISIONS)
def copied(request, tmp_path):
    folder = tmp_path / request.param
    shutil.copytree(fx.STORES / request.param, folder)
    return folder


def _open(folder, clock, device):
    return Store.open(
        folder, name=fx.STAFF_NAME, passphrase=fx.PASSPHRASE, clock=clock, device=device
    )


@pytest.fixture
def upgraded(copied, clock, no_keyring):
    with _open(copied, clock, no_keyring) as store:
        yield store


def test_it_upgrades_to_the_head_and_verifies(upgraded):
    with upgraded.db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
    report = upgraded.verify()
    assert not report.problems, [p.message for p in report.problems]
    assert upgraded.staff is not None and upgraded.staff.id == fx.STAFF_ID


def test_the_children_survive(upgraded):
    got = {c.id: c for c in upgraded.children.all()}
    assert sorted(got) == sorted(c["id"] for c in fx.CHILDREN)
    for want in fx.CHILDREN:
        child = got[want["id"]]
        for name, value in want.items():
            if name != "created_by":
                expected = tuple(value) if name == "aliases" else value
                assert getattr(child, name) == expected, name
    assert upgraded.home().name == fx.HOME["name"]


def test_a_placement_recorded_as_planned_or_not_survives_and_older_ones_say_nothing(
    copied, clock, no_keyring
):
    with _open(copied, clock, no_keyring) as store:
        planned = {c.id: c.placement_planned for c in store.children.all()}
    if copied.name < "0005":
        assert planned == dict.fromkeys(fx.PLACEMENT_PLANNED)
    else:
        assert planned == fx.PLACEMENT_PLANNED


def test_every_form_version_survives(upgraded):
    for child in fx.CHILDREN:
        for form_id in ("part_a", "locations", "part_b"):
            want = [
                f
                for f in fx.FORMS
                if f["child_id"] == child["id"]
                and f["form_id"] == form_id
                and f["episode_id"] is None
            ]
            versions = upgraded.forms.versions(child["id"], form_id)
            assert [(v.number, v.values, v.saved_at) for v in versions] == [
                (f["number"], f["data"], f["saved_at"]) for f in reversed(want)
            ]
            assert all(v.saved_by_name == fx.STAFF_NAME for v in versions)
    [part_b] = upgraded.episodes.form_versions(fx.EPISODE_MAYA, "part_b")
    assert part_b.episode_id == fx.EPISODE_MAYA
    assert part_b.values == next(f["data"] for f in fx.FORMS if f["form_id"] == "part_b")


def test_the_photo_survives(upgraded):
    [photo] = upgraded.photos.for_child(fx.MAYA)
    for name, value in fx.PHOTO.items():
        if name != "child_id":
            assert getattr(photo, name) == value, name
    assert photo.child_id == fx.MAYA
    image = upgraded.photos.image(photo.id)
    assert hashlib.sha256(image).hexdigest() == photo.sha256
    with Image.open(io.BytesIO(image)) as decoded:
        assert decoded.format == "JPEG" and decoded.size == (fx.PHOTO["width"], fx.PHOTO["height"])
    with Image.open(io.BytesIO(upgraded.photos.image(photo.id, thumbnail=True))) as thumb:
        assert thumb.format == "JPEG"
    assert upgraded.photos.for_child(fx.ZOE) == []


def test_older_records_gain_no_english_name_and_keep_their_photo_on_the_cover(upgraded):
    for child in upgraded.children.all():
        assert child.english_name == ""
        assert child.police_name == f"{child.first_name} {child.last_name}"
    [photo] = upgraded.photos.for_child(fx.MAYA)
    assert photo.on_cover and upgraded.photos.cover(fx.MAYA) == photo
    assert photo.description == fx.PHOTO["description"]  # the caption is kept


def test_the_new_fields_can_be_used_after_the_upgrade(upgraded, clock):
    from desktop.domain.model import ChildDetails
    from tests.support.images import jpeg_bytes

    added = upgraded.photos.add(fx.MAYA, jpeg_bytes(), taken_on=clock.now().date(), on_cover=False)
    assert upgraded.photos.cover(fx.MAYA).id == fx.PHOTO_ID != added.id
    olena = upgraded.children.add(
        ChildDetails(
            first_name="Олена",
            last_name="Коваленко",
            english_name="Olena Kovalenko",
            date_of_birth=fx.CHILDREN[0]["date_of_birth"],
        )
    )
    assert upgraded.children.get(olena.id).police_name == "Olena Kovalenko"
    assert not upgraded.verify().problems


def test_the_log_survives_with_its_correction(upgraded):
    for episode in fx.EPISODES:
        assert upgraded.episodes.get(episode["id"]).aware_at == episode["aware_at"]
        want = [e for e in fx.LOG if e["episode_id"] == episode["id"]]
        got = upgraded.episodes.log(episode["id"])
        assert [
            (e.id, e.kind, e.body, e.event_at, e.recorded_at, e.corrects_id, e.author_id)
            for e in got
        ] == [
            (
                e["id"],
                e["kind"],
                e["body"],
                e["event_at"],
                e["recorded_at"],
                e["corrects_id"],
                fx.STAFF_ID,
            )
            for e in want
        ]
    correction = next(e for e in fx.LOG if e["kind"] == "correction")
    original = upgraded.episodes.entry(correction["corrects_id"])
    assert original.kind == "sighting" and original.episode_id == correction["episode_id"]
    assert original.body["where"] == "Café on Freeman Street"  # kept as first written
    assert upgraded.episodes.state(fx.EPISODE_MAYA).value == "returned or found"


def test_new_entries_chain_on_after_the_upgrade(upgraded, copied, clock, no_keyring):
    clock.moment += timedelta(minutes=5)
    done = upgraded.episodes.append(
        fx.EPISODE_MAYA,
        "return_interview_done",
        {"by": "IRO", "late_reason": "Recorded when the store was upgraded"},  # days after
    )
    note = upgraded.episodes.append(
        fx.EPISODE_ZOE, "note", {"note": "Aunt phoned: on the train back"}
    )
    assert (done.id, note.id) == (len(fx.LOG) + 1, len(fx.LOG) + 2)
    upgraded.episodes.correct(
        note.id, reason="Wrong train", replacement={"note": "On the bus back"}
    )
    assert not upgraded.verify().problems
    upgraded.close()
    with _open(copied, clock, no_keyring) as again:
        assert not again.verify().problems
        assert [e.kind for e in again.episodes.log(fx.EPISODE_ZOE)] == [
            "aware",
            "note",
            "note",
            "correction",
        ]


def test_the_recovery_key_opens_it(copied, clock, no_keyring):
    with Store.open_with_recovery_key(
        copied, recovery_key=fx.recovery_key(), clock=clock, device=no_keyring
    ) as store:
        assert not store.verify().problems


def test_a_first_release_store_opens_for_everyone_and_says_how_its_log_is_sealed(
    tmp_path, clock, no_keyring
):
    from desktop.domain.model import Role
    from desktop.store.keys import keyfile
    from desktop.store.keys.kdf import TEST_ONLY_PARAMS

    folder = tmp_path / "first"
    shutil.copytree(fx.STORES / "0001", folder)
    with _open(folder, clock, no_keyring) as store:
        assert any("first release" in w for w in store.verify().warnings)
        store.accounts.add(
            name="Later Starter",
            role=Role.STAFF,
            passphrase="a later passphrase",
            kdf=TEST_ONLY_PARAMS,
        )
        entry = store.episodes.append(fx.EPISODE_ZOE, "note", {"note": "Written by the admin"})
    with Store.open(
        folder,
        name="Later Starter",
        passphrase="a later passphrase",
        clock=clock,
        device=no_keyring,
    ) as later:
        later.episodes.append(fx.EPISODE_ZOE, "note", {"note": "Written by a later slot"})
        assert later.episodes.entry(entry.id) == entry
        assert not later.verify().problems
    with Store.open_with_recovery_key(
        folder, recovery_key=fx.recovery_key(), clock=clock, device=no_keyring
    ) as recovered:
        assert not recovered.verify().problems
    sizes = {
        s.kind: len(s.wrapped) for s in keyfile.read(folder).slots if s.staff_id != fx.STAFF_ID
    }
    assert sizes  # the new slot carries both keys and a signing key (3 x 32 bytes, plus the tag)
    assert max(sizes.values()) == 96 + 16


def test_the_audit_log_survives_and_older_stores_start_it_empty(upgraded, copied):
    from desktop.domain.audit import Audited

    kept = [(e.what, e.staff_id, e.child_id) for e in upgraded.audit.entries()]
    if copied.name >= "0006":
        assert kept[:3] == [
            (Audited.SIGN_IN, fx.STAFF_ID, None),
            (Audited.EXPORT, fx.STAFF_ID, fx.MAYA),
            (Audited.SIGN_OUT, fx.STAFF_ID, None),
        ]
        kept = kept[3:]
    assert kept == [(Audited.SIGN_IN, fx.STAFF_ID, None)]  # this test's own sign-in


def test_the_standing_risk_record_survives_and_older_stores_grade_no_one(upgraded, copied):
    kept = [
        (e.kind.value, e.level.value if e.level else None, e.at, e.decided_by, e.recorded_by)
        for e in upgraded.missing_risk.entries(fx.MAYA)
    ]
    if copied.name >= "0007":
        assert kept == [
            (m["kind"], m["level"], m["at"], m["decided_by"], fx.STAFF_ID) for m in fx.MISSING_RISK
        ]
    else:
        assert kept == []
    assert upgraded.missing_risk.entries(fx.ZOE) == []


def test_the_idle_time_survives_and_older_stores_keep_the_old_fixed_fifteen(upgraded, copied):
    from desktop.domain import idle

    chose = fx.IDLE_LOCK_MINUTES if copied.name >= "0008" else idle.UPGRADED_MINUTES
    assert upgraded.home().idle_lock_minutes == chose


def test_the_form_review_interval_survives_and_older_stores_take_six_months(upgraded, copied):
    from desktop.domain import form_review

    chose = fx.FORM_REVIEW_MONTHS if copied.name >= "0012" else form_review.DEFAULT_MONTHS
    assert upgraded.home().form_review_months == chose


def test_the_authority_id_survives_and_older_stores_leave_it_blank(upgraded, copied):
    chose = fx.AUTHORITY_CHILD_ID if copied.name >= "0013" else ""
    assert upgraded.children.get(fx.MAYA).authority_child_id == chose
    assert upgraded.children.get(fx.ZOE).authority_child_id == ""


def test_every_kept_absence_row_is_of_todays_reading_after_the_upgrade(upgraded):
    import json

    from sqlalchemy import text

    from desktop.store.absence_log import READING

    with upgraded.db.session() as session:
        kept = session.execute(text("SELECT absence FROM episode_digest")).scalars().all()
    assert kept and all(json.loads(k)["v"] == READING for k in kept)


def test_every_episode_reads_the_same_from_its_digest_after_the_upgrade(upgraded):
    from desktop.protocol.situation import build_situation
    from tests.support.protocol import shipped_forms

    for child in upgraded.children.all():
        summarised, whole = upgraded.records(child.id), upgraded.records(child.id, whole=True)
        assert summarised.current == whole.current
        assert build_situation(summarised, shipped_forms()) == build_situation(
            whole, shipped_forms()
        )
    with upgraded.db.session() as session:
        from sqlalchemy import text

        digests = session.execute(
            text("SELECT count(*) FROM episode_digest WHERE absence IS NOT NULL")
        ).scalar_one()
        episodes = session.execute(text("SELECT count(*) FROM episode")).scalar_one()
    assert digests == episodes == 2  # each with its row of the absence log kept
