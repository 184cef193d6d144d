from __future__ import annotations

import io
import zlib
from datetime import date

import pytest
from PIL import Image

from desktop.domain.errors import BadInput
from desktop.store import imaging as photos
from tests.support.images import jpeg_bytes
from tests.support.sample import add_child


def png_bytes(size=(50, 40), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 200, 10, 128) if mode == "RGBA" else 0).save(out, format="PNG")
    return out.getvalue()


def test_metadata_is_stripped_including_gps():
    raw = jpeg_bytes(gps=True, taken="2025:08:01 10:00:00")
    assert b"PhoneMaker" in raw
    result = photos.process(raw)
    assert b"PhoneMaker" not in result.jpeg
    assert b"Exif" not in result.jpeg
    with Image.open(io.BytesIO(result.jpeg)) as clean:
        assert not clean.getexif()
        assert "icc_profile" not in clean.info


def test_date_taken_comes_from_exif():
    assert photos.process(jpeg_bytes(taken="2025:08:01 10:00:00")).taken_on == date(2025, 8, 1)
    assert photos.process(jpeg_bytes()).taken_on is None


def test_exif_orientation_is_honoured():
    # Orientation 6: the camera was turned; the upright picture is 300 wide and 400 high,
    # and the coloured half (left in the sensor's frame) ends up at the top.
    result = photos.process(jpeg_bytes(orientation=6))
    assert (result.width, result.height) == (300, 400)
    with Image.open(io.BytesIO(result.jpeg)) as upright:
        top = upright.getpixel((150, 50))
        bottom = upright.getpixel((150, 350))
    assert top[0] > 150 and top[1] < 100
    assert bottom[0] > 200 and bottom[1] > 200


def test_large_pictures_are_downscaled_with_a_thumbnail():
    result = photos.process(jpeg_bytes(size=(4000, 3000)))
    assert max(result.width, result.height) == photos.MAX_SIDE
    with Image.open(io.BytesIO(result.thumbnail)) as thumb:
        assert max(thumb.size) == photos.THUMB_SIDE


def test_transparent_png_is_flattened_to_jpeg():
    result = photos.process(png_bytes())
    assert result.jpeg[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"%PDF-1.7 not a picture at all", "not a picture"),
        (b"GIF89a" + b"\0" * 100, "not a picture"),
        (jpeg_bytes()[:600], "damaged or incomplete"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(data, reason):
    with pytest.raises(BadInput, match=reason):
        photos.process(data)


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims an enormous size (a decompression bomb)."""
    import struct

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\0" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(20000, 20000), (9000, 8000)])
def test_decompression_bombs_are_refused(size):
    with pytest.raises(BadInput, match="large"):
        photos.process(_png_claiming(*size))


def test_a_refused_photo_changes_nothing_in_the_store(store):
    child = add_child(store)
    store.photos.add(child.id, jpeg_bytes())
    before = store.photos.for_child(child.id)
    with pytest.raises(BadInput):
        store.photos.add(child.id, _png_claiming(30000, 30000))
    with pytest.raises(BadInput):
        store.photos.add(child.id, jpeg_bytes()[:500])
    assert store.photos.for_child(child.id) == before


def test_stored_photo_keeps_consent_and_description(store, clock):
    child = add_child(store)
    info = store.photos.add(
        child.id,
        jpeg_bytes(taken="2026:01:05 09:00:00"),
        description="School photo",
        consent_by="Social worker",
        consent_on=date(2026, 1, 6),
    )
    assert info.taken_on == date(2026, 1, 5) and info.taken_on_source == "exif"
    assert (info.description, info.consent_by, info.consent_on) == (
        "School photo",
        "Social worker",
        date(2026, 1, 6),
    )
    assert store.photos.image(info.id).startswith(b"\xff\xd8")
    assert store.photos.for_child(child.id) == [info]


def test_photos_are_newest_first(store):
    child = add_child(store)
    old = store.photos.add(child.id, jpeg_bytes(), taken_on=date(2025, 1, 1))
    new = store.photos.add(child.id, jpeg_bytes(), taken_on=date(2026, 2, 1))
    assert [p.id for p in store.photos.for_child(child.id)] == [new.id, old.id]


def test_a_future_date_taken_is_refused(store):
    child = add_child(store)
    with pytest.raises(BadInput, match="future"):
        store.photos.add(child.id, jpeg_bytes(), taken_on=date(2030, 1, 1))
