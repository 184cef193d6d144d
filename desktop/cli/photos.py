"""``add-photo``: the photograph police ask for first."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import Context, Subcommands, date_arg, open_store
from desktop.domain.errors import BadInput, ExitCode
from desktop.domain.ukdates import uk_date


def cmd_add_photo(ctx: Context, args: argparse.Namespace) -> int:
    """Add a photograph; a refused file changes nothing."""
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise BadInput(f"Cannot read {args.file}: {exc.strerror}.") from None
    with open_store(ctx, args) as store:
        child = store.children.find(args.child)
        photo = store.photos.add(
            child.id,
            data,
            taken_on=args.taken_on,
            description=args.description or "",
            consent_by=args.consent_by or "",
            consent_on=args.consent_on,
            on_cover=not args.not_on_cover,
        )
        cover = store.photos.cover(child.id)
    when = uk_date(photo.taken_on) or "date unknown"
    ctx.say(f"Added a photo of {child.display_name} ({photo.width}×{photo.height}, {when}).")
    if cover is not None and cover.id == photo.id and not photo.on_cover:
        ctx.say(
            "No photo is marked for the police pack's cover, so the newest, this one, is used "
            "until one is."
        )
    elif cover is not None and cover.id == photo.id:
        ctx.say("It is the photo on the police pack's cover.")
    elif cover is not None:
        ctx.say(
            "It is kept off the police pack's cover, which shows the photo taken "
            f"{uk_date(cover.taken_on) or 'on an unknown date'}."
        )
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``add-photo``."""
    p = sub.add_parser("add-photo", help="add a photograph of a child")
    p.add_argument("--child", required=True, help="the child's name or id")
    p.add_argument("file", help="a JPEG or PNG (HEIC where supported)")
    p.add_argument(
        "--taken-on", type=date_arg, metavar="DD/MM/YYYY", help="when the photo was taken"
    )
    p.add_argument("--description", help="what the photo shows, for the police")
    p.add_argument("--consent-by", help="who gave consent for the photo")
    p.add_argument(
        "--consent-on",
        type=date_arg,
        metavar="DD/MM/YYYY",
        help="when consent to share the photo was given",
    )
    p.add_argument(
        "--not-on-cover",
        action="store_true",
        help="keep this photo off the police pack's cover (for one that is not a good "
        "likeness); the cover shows the newest photo not kept off it",
    )
    p.set_defaults(func=cmd_add_photo)
