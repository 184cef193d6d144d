from __future__ import annotations

import io
import struct
from datetime import date

import pytest
from PIL import Image

from desktop.domain.errors import BadInput
from desktop.store import imaging as photos
from tests.support.images import big_png, jpeg_bytes, png_claiming


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


def _progressive_jpeg_header(width: int, height: int, sampling: int) -> bytes:
    """The start of a progressive JPEG of three components: its header, and no picture."""
    components = b"".join(bytes([i, sampling if i == 1 else 0x11, 0]) for i in (1, 2, 3))
    frame = struct.pack(">BHHB", 8, height, width, 3) + components
    scan = bytes([3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0])
    return (
        b"\xff\xd8"
        + b"\xff\xc2"
        + struct.pack(">H", 2 + len(frame))
        + frame
        + b"\xff\xda"
        + struct.pack(">H", 2 + len(scan))
        + scan
        + b"\xff\xd9"
    )


def test_a_picture_too_large_to_decode_safely_is_refused_before_decoding():
    # Progressive JPEGs keep every full-size coefficient while decoding: 64 megapixels with
    # no colour subsampling would take about 400 MB, so it is refused from its header alone.
    with pytest.raises(BadInput, match=r"too large to import safely \(8000 × 8000"):
        photos.process(_progressive_jpeg_header(8000, 8000, 0x11))


def test_a_64_megapixel_png_is_shrunk_to_the_largest_side_kept():
    result = photos.process(big_png(8000, 6000, "RGB"))
    assert (result.width, result.height) == (photos.MAX_SIDE, 1500)


def _pixel(result, xy=(10, 10)):
    with Image.open(io.BytesIO(result.jpeg)) as clean:
        return clean.convert("RGB").getpixel(xy)


def test_see_through_pixels_are_laid_on_white_in_every_kind_of_png():
    palette = photos.process(big_png(300, 200, "P"))  # the palette's see-through colour
    assert all(channel > 245 for channel in _pixel(palette))
    half = photos.process(png_bytes(mode="LA", size=(60, 40)))
    assert all(channel > 245 for channel in _pixel(half))  # LA with alpha 0 here


def test_a_16_bit_grey_png_keeps_its_shade():
    result = photos.process(big_png(300, 200, "L", depth=16))  # 0x7F7F: just under half
    shade = _pixel(result)
    assert all(120 <= channel <= 135 for channel in shade), shade
