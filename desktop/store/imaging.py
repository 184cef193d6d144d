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

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from desktop.domain.errors import BadInput

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PIXELS = 64_000_000
"""About 9000 × 7000: more than any phone camera, far less than a decompression bomb."""
MAX_SIDE = 2000
THUMB_SIDE = 256
JPEG_QUALITY = 88

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_DATETIME = 0x0132

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


def process(data: bytes) -> ProcessedPhoto:
    """Check, orient, downscale and strip one image; raise :class:`BadInput` when unusable."""
    if len(data) > MAX_FILE_BYTES:
        raise _refuse("it is larger than 50 MB.")
    if not data:
        raise _refuse("the file is empty.")
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS)) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise _refuse("the picture is too large (over 64 megapixels).")
                taken_on = _exif_date(opened)
                # Let the JPEG decoder scale down while decoding (much faster for camera photos).
                scale = max(opened.width, opened.height) / MAX_SIDE
                if scale > 1:
                    opened.draft("RGB", (int(opened.width / scale), int(opened.height / scale)))
                opened.load()
                upright = ImageOps.exif_transpose(opened)
    except BadInput:
        raise
    except UnidentifiedImageError:
        allowed = ", ".join(ACCEPTED_FORMATS)
        raise _refuse(f"it is not a picture in a supported format ({allowed}).") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse("the picture claims an impossibly large size.") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _refuse("the picture is damaged or incomplete.") from None
    # Re-create from pixels alone: EXIF, GPS, XMP, ICC and comments are all left behind.
    if upright.mode not in ("RGB", "L"):
        background = Image.new("RGB", upright.size, "white")
        rgba = upright.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        upright = background
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
