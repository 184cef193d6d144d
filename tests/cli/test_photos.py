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


def test_a_photo_can_be_kept_off_the_cover(initialised, tmp_path):
    initialised.add_child("Aisha")
    picture = tmp_path / "photo.jpg"
    picture.write_bytes(jpeg_bytes())
    code, out, err = initialised(
        "add-photo", "--child", "Aisha", str(picture), "--taken-on", "01/02/2026"
    )
    assert code == 0, err
    assert out.splitlines()[-1] == "It is the photo on the police pack's cover."
    code, out, err = initialised(
        "add-photo",
        "--child",
        "Aisha",
        str(picture),
        "--taken-on",
        "20/02/2026",
        "--description",
        "With friends at the park",
        "--not-on-cover",
    )
    assert code == 0, err
    assert out.splitlines()[-1] == (
        "It is kept off the police pack's cover, which shows the photo taken 01/02/2026."
    )


def test_with_none_marked_the_newest_is_on_the_cover_and_the_command_says_so(initialised, tmp_path):
    initialised.add_child("Aisha")
    picture = tmp_path / "photo.jpg"
    picture.write_bytes(jpeg_bytes())
    code, out, err = initialised("add-photo", "--child", "Aisha", str(picture), "--not-on-cover")
    assert code == 0, err
    assert "No photo is marked for the police pack's cover, so the newest, this one," in out


def test_the_help_explains_keeping_a_photo_off_the_cover(capsys):
    from desktop.cli import main

    assert main(["add-photo", "--help"], environ={}) == 0
    assert "keep this photo off the police pack's cover" in " ".join(
        capsys.readouterr().out.split()
    )
