"""A 64-megapixel picture is added to a child with peak memory under 400 MB.

Measured in a fresh Python that opens a real store and adds the photo as the app does, since
the peak a process reaches is the number that decides whether an office PC copes. Before, a
250 KB PNG of 64 megapixels took over a gigabyte.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.support.crash import PRELUDE, ROOT
from tests.support.images import big_png, jpeg_bytes

LIMIT_MB = 400

ADD_PHOTO = """
import re
from datetime import date

from desktop.domain.model import ChildDetails, Home
from desktop.store.store import Store

made = Store.create(Path({folder!r}), home=Home(name="Oak House"), admin_name="Ann Admin",
                    passphrase="a long enough passphrase", clock=clock, device=device,
                    kdf=TEST_ONLY_PARAMS)
store = made.store
child = store.children.add(ChildDetails(first_name="Zephyrine", last_name="Quillfeather",
                                        date_of_birth=date(2011, 4, 2)))
data = Path({picture!r}).read_bytes()
photo = store.photos.add(child.id, data)
store.close()
# This process's own peak (getrusage would count the parent's size at the fork too).
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text())[1])
print(photo.width, photo.height, peak // 1024)
"""

PICTURES = {
    "see-through-png": lambda: big_png(8000, 8000, "RGBA"),
    "16-bit-grey-png": lambda: big_png(8000, 8000, "L", depth=16),
    "phone-camera-jpeg": lambda: jpeg_bytes(size=(9248, 6936)),
}


@pytest.mark.skipif(sys.platform != "linux", reason="the peak is read where Linux reports it")
def test_a_64_megapixel_picture_is_added_with_peak_memory_under_400_mb(tmp_path):
    procs = {}
    for name, make in PICTURES.items():
        picture = tmp_path / name
        picture.write_bytes(make())  # made here, so making it is not measured
        assert picture.stat().st_size < 2_000_000  # small files that decode to 64 megapixels
        script = ADD_PHOTO.format(folder=str(tmp_path / f"store-{name}"), picture=str(picture))
        procs[name] = subprocess.Popen(
            [sys.executable, "-c", PRELUDE + textwrap.dedent(script)],
            cwd=ROOT,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        width, height, peak = (int(v) for v in out.split())
        assert max(width, height) == 2000, name
        assert peak < LIMIT_MB, f"{name}: peak {peak} MB"
