"""A store of invented children, for trying the app and for screenshots. No real person appears.

Names cover several scripts on purpose, so that every screen and the police pack are seen with
Arabic, Cyrillic, Chinese and accented Latin names from the first day.
"""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from desktop.domain.clock import Clock
from desktop.domain.errors import BadInput
from desktop.domain.model import Child, ChildDetails, Home, LegalStatus, Role
from desktop.formspec import FormSpec
from desktop.store.keys.device import DeviceSecrets
from desktop.store.keys.kdf import KdfParams
from desktop.store.store import Store

DEMO_NAME = "Demo Manager"
DEMO_PASSPHRASE = "demo passphrase only"
DEMO_HOME = "Willow Lodge (demo)"
DEMO_MARKER = "DEMO-STORE"
DEMO_RECOVERY_FILE = "DEMO-RECOVERY-KEY.txt"
"""The demo's recovery key, kept beside it so trying a backup and restore needs no notes.
Only the demo does this: its children are invented, and a real store's key is shown once."""


@dataclass(frozen=True)
class DemoChild:
    """An invented child with a colour for their generated portrait."""

    details: ChildDetails
    colour: tuple[int, int, int]
    photo_age_days: int | None
    part_a: dict[str, Any] = field(default_factory=dict)
    off_cover_photo_age_days: int | None = None
    """A newer photo kept off the police pack's cover (not a good likeness), if any."""
    locations: dict[str, Any] = field(default_factory=dict)


def portrait(colour: tuple[int, int, int], *, size: tuple[int, int] = (600, 800)) -> bytes:
    """A simple drawn head-and-shoulders picture, generated so no real photo is shipped."""
    image = Image.new("RGB", size, (225, 230, 235))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.ellipse((w * 0.15, h * 0.62, w * 0.85, h * 1.25), fill=colour)
    draw.ellipse((w * 0.3, h * 0.18, w * 0.7, h * 0.6), fill=(214, 170, 140))
    draw.chord((w * 0.28, h * 0.12, w * 0.72, h * 0.42), 180, 360, fill=(60, 40, 30))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def demo_children(today: date) -> list[DemoChild]:
    """The invented children, with dates relative to ``today`` so the demo never ages."""

    def years_ago(years: int, days: int = 0) -> date:
        return date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=days)

    return [
        DemoChild(
            ChildDetails(
                first_name="Siobhán",
                last_name="Ó Briain",
                preferred_name="Shiv",
                aliases=("Shivvy",),
                date_of_birth=years_ago(15, 40),
                placement_start=today - timedelta(days=300),
                legal_status=LegalStatus.CARE_ORDER.value,
                responsible_authority="North East Lincolnshire Council",
                authority_child_id="NEL40215",
                host_authority="North East Lincolnshire Council",
                social_worker="Dana Whitfield, 01472 000111",
                edt_contact="EDT 01472 000999",
            ),
            colour=(40, 110, 170),
            photo_age_days=30,
            off_cover_photo_age_days=4,
        ),
        DemoChild(
            ChildDetails(
                first_name="Mohammed",
                last_name="Al-Rashid",
                aliases=("محمد الراشد", "Mo"),
                date_of_birth=years_ago(14, 100),
                placement_start=today - timedelta(days=3),
                legal_status=LegalStatus.SECTION_20.value,
                responsible_authority="Portsmouth City Council",
                authority_child_id="PCC-00731",
                host_authority="North East Lincolnshire Council",
                responsible_protocol_id="portsmouth",
                social_worker="Priya Natarajan, 023 9200 0000",
                edt_contact="EDT 0300 555 1373",
            ),
            colour=(160, 60, 60),
            photo_age_days=None,
        ),
        DemoChild(
            ChildDetails(
                first_name="Олена",
                last_name="Коваленко",
                preferred_name="Olena",
                english_name="Olena Kovalenko",
                aliases=("Olena Kovalenko", "Lena"),
                date_of_birth=years_ago(16, 200),
                placement_start=today - timedelta(days=120),
                legal_status=LegalStatus.INTERIM_CARE_ORDER.value,
                responsible_authority="Kent County Council",
                authority_child_id="KCC/88123",
                host_authority="North East Lincolnshire Council",
                responsible_protocol_id="kent-and-medway",
                social_worker="Tom Ashby, 03000 000 000",
                edt_contact="EDT 03000 419191",
            ),
            colour=(70, 140, 80),
            photo_age_days=250,
        ),
        DemoChild(
            ChildDetails(
                first_name="Wei",
                last_name="Li",
                aliases=("李伟", "Will"),
                date_of_birth=years_ago(13, 10),
                placement_start=today - timedelta(days=60),
                legal_status=LegalStatus.CARE_ORDER.value,
                responsible_authority="Warwickshire County Council",
                host_authority="North East Lincolnshire Council",
                responsible_protocol_id="warwickshire",
                social_worker="Grace Oyelaran, 01926 000 000",
                edt_contact="EDT 01926 886922",
            ),
            colour=(120, 80, 160),
            photo_age_days=90,
        ),
    ]


def build_demo_store(
    folder: Path,
    *,
    clock: Clock,
    device: DeviceSecrets,
    forms: dict[str, FormSpec],
    kdf: KdfParams | None = None,
) -> None:
    """Create the demo store: children, part-filled forms, photos and a year of episodes.

    The episodes are invented by :mod:`desktop.store.demo_history`. It is built beside its
    final place and renamed into it at the end, so an interrupted build never leaves a
    half-made demo behind.
    """
    from desktop.store.demo_forms import demo_form_values
    from desktop.store.demo_history import MovableClock, add_history, history_begins

    now = clock.now()
    moving = MovableClock(clock)
    moving.moment = history_begins(now)
    building = folder.with_name(folder.name + ".building")
    remove_demo_store(building)
    created = Store.create(
        building,
        home=Home(name=DEMO_HOME, protocol_id="north-east-lincolnshire"),
        admin_name=DEMO_NAME,
        passphrase=DEMO_PASSPHRASE,
        clock=moving,
        device=device,
        kdf=kdf,
    )
    (building / DEMO_MARKER).write_text("Invented sample data for trying Philomena Desk.\n")
    (building / DEMO_RECOVERY_FILE).write_text(created.recovery_key + "\n")
    today = now.date()
    with created.store as store:
        store.accounts.add(name="Demo Carer", role=Role.STAFF, passphrase=DEMO_PASSPHRASE, kdf=kdf)
        demos = demo_children(today)

        def fill_forms(index: int, child: Child) -> None:
            for form_id, values in demo_form_values(index, child).items():
                store.forms.save(child.id, forms[form_id], values)

        added = add_history(
            store, moving, [d.details for d in demos], now=now, forms=forms, arrived=fill_forms
        )
        for index, (demo, child) in enumerate(zip(demos, added, strict=True)):
            fill_forms(index, child)  # reviewed recently: the forms on arrival, saved again
            if demo.photo_age_days is not None:
                store.photos.add(
                    child.id,
                    portrait(demo.colour),
                    taken_on=today - timedelta(days=demo.photo_age_days),
                    description="Generated demo portrait",
                    consent_by="Demo social worker",
                    consent_on=today - timedelta(days=demo.photo_age_days),
                )
            if demo.off_cover_photo_age_days is not None:
                store.photos.add(
                    child.id,
                    portrait((150, 150, 150), size=(800, 600)),
                    taken_on=today - timedelta(days=demo.off_cover_photo_age_days),
                    description="Generated demo picture, face half hidden: kept off the cover",
                    consent_by="Demo social worker",
                    consent_on=today - timedelta(days=demo.off_cover_photo_age_days),
                    on_cover=False,
                )
    os.replace(building, folder)


def demo_recovery_key(folder: Path) -> str | None:
    """The demo store's recovery key (None for a demo made before it was kept)."""
    try:
        return (folder / DEMO_RECOVERY_FILE).read_text().strip() or None
    except OSError:
        return None


def remove_demo_store(folder: Path) -> None:
    """Delete a demo store; refuses any folder without the demo marker, so real records are safe."""
    if not folder.exists():
        return
    if not (folder / DEMO_MARKER).exists():
        raise BadInput("That folder is not a demo store, so it was not deleted.")
    shutil.rmtree(folder)
