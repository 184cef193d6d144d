from __future__ import annotations

from desktop.domain.errors import ExitCode
from tests.support.images import jpeg_bytes


def test_add_photo_and_refuse_a_bad_one(initialised, tmp_path):
    initialised("add-child", "--first-name", "Aisha", "--last-name", "Khan", "--dob", "2011-04-02")
    good = tmp_path / "good.jpg"
    good.write_bytes(jpeg_bytes(taken="2026:02:01 12:00:00"))
    code, out, err = initialised(
        "add-photo", "--child", "Aisha", str(good), "--consent-by", "Social worker"
    )
    assert code == 0, err
    assert "01/02/2026" in out
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"this is not a photo")
    code, _, err = initialised("add-photo", "--child", "Aisha", str(bad))
    assert code == ExitCode.BAD_INPUT and "cannot be used as a photograph" in err
