"""Photograph import: accept real pictures only, and keep no hidden metadata.

Police need a recent likeness, not the GPS position of the home where it was taken, so every
photo is decoded, turned upright and re-encoded from its pixels alone.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from datetime import date, datetime

from PIL import Image, ImageFile, UnidentifiedImageError

from desktop.domain.errors import BadInput

MAX_FILE_BYTES = 50 * 1024 * 1024
DECODE_BUDGET_BYTES = 260_000_000
"""The most memory decoding one picture may take: a 64-megapixel picture decoded whole (four
bytes a pixel), or a far larger JPEG decoded at an eighth of its size. Together with the app
itself, importing stays well under 400 MB; a larger picture is refused before it is decoded."""
MAX_SIDE = 2000
THUMB_SIDE = 256
JPEG_QUALITY = 88
STRIP_ROWS = 32
"""A decoded picture is flattened and shrunk a band of rows at a time, so no second full-size
copy of it is ever made."""

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_DATETIME = 0x0132
_ORIENTATION = 0x0112
_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
"""How to turn a picture upright for each EXIF orientation (as ``ImageOps.exif_transpose``)."""
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
"""How much memory Pillow keeps for each decoded pixel; every other mode takes four bytes."""

try:  # HEIC from iPhones, only where the optional plugin is installed.
    import pillow_heif

    pillow_heif.register_heif_opener()
    ACCEPTED_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "HEIF")
except ImportError:
    ACCEPTED_FORMATS = ("JPEG", "PNG")


@dataclass(frozen=True, slots=True)
class ProcessedPhoto:
    """A photo ready to store: clean JPEG, thumbnail and what EXIF said about its date."""

    jpeg: bytes
    thumbnail: bytes
    width: int
    height: int
    taken_on: date | None
    sha256: str


def _refuse(reason: str) -> BadInput:
    return BadInput(f"This file cannot be used as a photograph: {reason}")


def _exif_date(image: Image.Image) -> date | None:
    exif = image.getexif()
    raw = exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        return datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S").date()
    except ValueError:
        return None


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _jpeg_scale(image: Image.Image) -> int:
    """How much the JPEG decoder will shrink while decoding (1, 2, 4 or 8)."""
    wanted = max(image.width, image.height) / MAX_SIDE
    return next((s for s in (8, 4, 2) if wanted >= s), 1)


def _decoding_needs(image: Image.Image) -> int:
    """Bytes of memory decoding ``image`` will take, worked out from its header alone."""
    if image.format in ("JPEG", "MPO"):
        scale = _jpeg_scale(image)
        needs = -(-image.width // scale) * -(-image.height // scale) * 4
        if image.info.get("progressive") or image.info.get("progression"):
            # A progressive JPEG keeps every coefficient of the full-size picture while decoding.
            layers = getattr(image, "layer", None) or [("", 1, 1, 0)] * len(image.getbands())
            most_h = max(layer[1] for layer in layers)
            most_v = max(layer[2] for layer in layers)
            for _, h, v, _ in layers:
                needs += 2 * -(-image.width * h // most_h) * -(-image.height * v // most_v)
        return needs
    pixels = image.width * image.height
    needs = pixels * _BYTES_PER_PIXEL.get(image.mode, 4)
    return needs if image.format == "PNG" else 2 * needs  # HEIF is decoded, then copied


def _refuse_if_too_large(image: Image.Image) -> None:
    if _decoding_needs(image) <= DECODE_BUDGET_BYTES:
        return
    megapixels = image.width * image.height / 1_000_000
    raise _refuse(
        f"the picture is too large to import safely ({image.width} × {image.height}, about "
        f"{megapixels:.0f} megapixels). Save a smaller copy (half the width and height, say) "
        "and add that."
    )


def _flattened(band: Image.Image, transparent: bool) -> Image.Image:
    """One band of rows as RGB or greyscale: transparency laid on white, 16 bits made 8."""
    if band.mode.startswith("I"):
        return band.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if band.mode in ("1", "L"):
        return band.convert("L")
    if transparent or band.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = band.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return band.convert("RGB")


def _shrunk(image: Image.Image) -> Image.Image:
    """``image`` flattened and shrunk by a whole factor to no less than :data:`MAX_SIDE`.

    Done a band of rows at a time: each band is copied, flattened and reduced on its own, so
    memory beyond the decoded picture stays small whatever its size or mode.
    """
    factor = max(1, max(image.width, image.height) // MAX_SIDE)
    transparent = image.mode == "P" and "transparency" in image.info
    rows = factor * max(1, STRIP_ROWS // factor)
    out: Image.Image | None = None
    for top in range(0, image.height, rows):
        band = image.crop((0, top, image.width, min(image.height, top + rows)))
        small = _flattened(band, transparent).reduce(factor)
        if out is None:
            size = (-(-image.width // factor), -(-image.height // factor))
            out = Image.new(small.mode, size, "white")
        out.paste(small, (0, top // factor))
    if out is None:
        raise _refuse("the picture has no pixels.")
    return out


def _decoded(data: bytes) -> tuple[Image.Image, date | None]:
    """The picture flattened, shrunk and upright, and the date EXIF says it was taken."""
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        # Pillow's own limit warns at 89 megapixels: the budget above is the real gate here.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS)) as opened:
            if opened.width < 1 or opened.height < 1:
                raise _refuse("the picture has no pixels.")
            _refuse_if_too_large(opened)  # from the header, before any pixel is decoded
            scale = _jpeg_scale(opened) if opened.format in ("JPEG", "MPO") else 1
            if scale > 1:  # the JPEG decoder shrinks while decoding: much less memory
                opened.draft("RGB", (opened.width // scale, opened.height // scale))
            opened.load()
            exif_date = _exif_date(opened)
            orientation = opened.getexif().get(_ORIENTATION, 1)
            small = _shrunk(opened)
    turn = _TURNS.get(orientation) if isinstance(orientation, int) else None
    return (small.transpose(turn) if turn is not None else small), exif_date


def process(data: bytes) -> ProcessedPhoto:
    """Check, orient, downscale and strip one image; raise :class:`BadInput` when unusable."""
    if len(data) > MAX_FILE_BYTES:
        raise _refuse("it is larger than 50 MB.")
    if not data:
        raise _refuse("the file is empty.")
    try:
        upright, taken_on = _decoded(data)
    except BadInput:
        raise
    except UnidentifiedImageError:
        allowed = ", ".join(ACCEPTED_FORMATS)
        raise _refuse(f"it is not a picture in a supported format ({allowed}).") from None
    except Image.DecompressionBombError:
        raise _refuse("the picture claims an impossibly large size.") from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise _refuse("the picture is damaged or incomplete.") from None
    # Re-create from pixels alone: EXIF, GPS, XMP, ICC and comments are all left behind.
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    jpeg = _encode(clean)
    thumb = clean.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        jpeg=jpeg,
        thumbnail=_encode(thumb),
        width=clean.width,
        height=clean.height,
        taken_on=taken_on,
        sha256=hashlib.sha256(jpeg).hexdigest(),
    )
