"""``export``: the police pack as a PDF, without the window.

Named ``pack`` rather than ``export`` so it is never mistaken for the ``desktop.export`` package.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import Context, Subcommands, bundled_forms, open_store
from desktop.domain.audit import Audited
from desktop.domain.errors import BadInput, ExitCode


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    """Make the police pack headless, as the app's "Police pack" button does."""
    from desktop.export.gather import pack_input
    from desktop.export.output import save_pdf
    from desktop.export.pack import build_pack

    password: str | None = None
    if args.password_file:
        try:
            password = Path(args.password_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise BadInput(f"Cannot read the password file: {exc.strerror}.") from None
        except UnicodeDecodeError:
            raise BadInput("The password file is not plain text (UTF-8).") from None
    with open_store(ctx, args) as store:
        child = store.children.find(args.child)
        pdf = build_pack(
            pack_input(
                store,
                child.id,
                bundled_forms(),
                police_reference=args.police_reference or "",
                output=args.output,
                include_sensitive=args.include_sensitive,
            )
        )
        path = save_pdf(Path(args.out), pdf, password=password)
        store.audit.record(Audited.EXPORT, child_id=child.id)
        if args.include_sensitive:
            store.audit.record(Audited.SENSITIVE_INCLUDED, child_id=child.id)
    protected = " (password-protected)" if password else ""
    what = "episode record" if args.output == "episode" else "police pack"
    ctx.say(f"Saved the {what} for {child.display_name} to {path}{protected}.")
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``export``."""
    p = sub.add_parser("export", help="save a child's police pack or episode record as a PDF")
    p.add_argument("--child", required=True, help="the child's name or id")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="where to save the PDF")
    p.add_argument(
        "--password-file",
        metavar="FILE",
        help="protect the PDF with the password in this file (AES-256)",
    )
    p.add_argument("--police-reference", help="the police reference number, once given")
    p.add_argument(
        "--output",
        choices=("police", "episode"),
        default="police",
        help="police: the pack for reporting the child missing (the default); episode: the "
        "episode record for the social worker and manager, with every duty and its decision",
    )
    p.add_argument(
        "--include-sensitive",
        action="store_true",
        help="print the open episode's sensitive disclosures too (left out unless asked for; "
        "the choice is kept in the audit log)",
    )
    p.set_defaults(func=cmd_export)
