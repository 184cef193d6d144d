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


_PNG_COLOUR_TYPES = {"L": (0, 1), "RGB": (2, 3), "P": (3, 1), "LA": (4, 2), "RGBA": (6, 4)}


def big_png(width: int, height: int, mode: str = "RGBA", *, depth: int = 8) -> bytes:
    """A PNG of one colour at any size, compressed row by row: never whole in memory.

    A 64-megapixel RGBA picture made this way is about 250 KB, as small as the files that
    made importing one take a gigabyte.
    """
    colour_type, channels = _PNG_COLOUR_TYPES[mode]

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)
    extra = b""
    if mode == "P":  # two colours, the second see-through, and every pixel that one
        extra = chunk(b"PLTE", bytes([200, 30, 30, 0, 0, 0])) + chunk(b"tRNS", b"\xff\x00")
    pixel = b"\x01" if mode == "P" else bytes([0x7F] * (channels * depth // 8))
    row = b"\0" + pixel * width
    squeeze = zlib.compressobj(9)
    body = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + extra
        + chunk(b"IDAT", body)
        + chunk(b"IEND", b"")
    )
