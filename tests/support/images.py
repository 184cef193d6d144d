"""Pictures made in memory for the photo, pack and window tests."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def jpeg_bytes(
    *,
    size: tuple[int, int] = (400, 300),
    orientation: int | None = None,
    gps: bool = False,
    taken: str | None = None,
    colour: tuple[int, int, int] = (200, 30, 30),
) -> bytes:
    """A JPEG whose left half is coloured, so orientation can be checked from pixels."""
    image = Image.new("RGB", size, "white")
    image.paste(colour, (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (53.0, 34.0, 1.0), 3: "W", 4: (0.0, 4.0, 30.0)}
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims an enormous size (a decompression bomb)."""

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
