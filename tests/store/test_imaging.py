from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from desktop.domain.errors import BadInput
from desktop.store import imaging as photos
from tests.support.images import jpeg_bytes, png_claiming


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


@pytest.mark.parametrize("size", [(20000, 20000), (9000, 8000)])
def test_decompression_bombs_are_refused(size):
    with pytest.raises(BadInput, match="large"):
        photos.process(png_claiming(*size))
