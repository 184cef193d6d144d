"""Importing a 4000×3000 JPEG against Pillow's own open-orient-downscale-save (goal: ≤ 1.3×).

Run: python tests/bench/bench_photo.py [--runs N]
The import measured is the whole of ``Store.add_photo``: checks, orientation, metadata
stripping, downscale, thumbnail, and the encrypted, durable write.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PIL import Image, ImageDraw, ImageOps

from desktop.domain.clock import SystemClock
from desktop.domain.model import ChildDetails, Home
from desktop.store import imaging as photos
from desktop.store.keys.device import NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from tests.bench.common import median_seconds, report


def camera_jpeg() -> bytes:
    """A 4000×3000 photo-like JPEG with EXIF orientation, as a phone would save it."""
    image = Image.effect_noise((4000, 3000), 40).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(0, 4000, 250):
        draw.ellipse((i, i % 3000, i + 600, (i % 3000) + 600), fill=(i % 255, 90, 160))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def pillow_floor(data: bytes) -> None:
    """What Pillow alone does for the same job: open, orient, downscale, save."""
    with Image.open(io.BytesIO(data)) as opened:
        upright = ImageOps.exif_transpose(opened)
        upright.thumbnail((photos.MAX_SIDE, photos.MAX_SIDE), Image.Resampling.LANCZOS)
        upright.save(io.BytesIO(), format="JPEG", quality=photos.JPEG_QUALITY)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    data = camera_jpeg()
    print(f"Test photo: 4000×3000 JPEG, {len(data) / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        created = Store.create(
            Path(tmp) / "s",
            home=Home(name="Bench"),
            admin_name="Bench",
            passphrase="benchmark passphrase",
            clock=SystemClock(),
            device=NoSecrets(),
            kdf=TEST_ONLY_PARAMS,
        )
        with created.store as store:
            child = store.children.add(
                ChildDetails(first_name="Bench", last_name="Child", date_of_birth=date(2012, 1, 1))
            )
            floor = median_seconds(lambda: pillow_floor(data), runs=args.runs)
            measured = median_seconds(lambda: store.photos.add(child.id, data), runs=args.runs)
            processing = median_seconds(lambda: photos.process(data), runs=args.runs)
    ok = report("photo import vs Pillow alone", measured, floor, 1.3)
    print(f"(of which checking and cleaning alone: {processing * 1000:.1f} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
