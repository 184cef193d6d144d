"""Collect what a pack prints from the store, so the PDF code never touches the database."""

from __future__ import annotations

from desktop.export.pack import PackForm, PackInput, PackPhoto
from desktop.formspec import FormSpec
from desktop.store.store import Store

PACK_FORMS = ("part_a", "locations")


def pack_input(
    store: Store, child_id: str, forms: dict[str, FormSpec], *, police_reference: str = ""
) -> PackInput:
    """Everything the police pack needs for one child, as of now."""
    child = store.child(child_id)
    printed = []
    for form_id in PACK_FORMS:
        spec = forms[form_id]
        printed.append(
            PackForm(
                spec=spec,
                values=store.form_values(child_id, spec),
                version=store.latest_form(child_id, form_id),
            )
        )
    photos = [
        PackPhoto(
            jpeg=store.photo_image(p.id),
            width=p.width,
            height=p.height,
            taken_on=p.taken_on,
            description=p.description,
        )
        for p in store.photos(child_id)
    ]
    author = store.staff.name if store.staff else "recovery key holder"
    return PackInput(
        home=store.home(),
        child=child,
        forms=printed,
        photos=photos,
        generated_by=author,
        generated_at=store.clock.now(),
        police_reference=police_reference,
    )
