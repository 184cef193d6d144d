"""Where a pack goes: a file the user chose (optionally password-protected) or an e-mail draft.

Nothing is written anywhere the user did not choose: the PDF is built in memory and written once,
atomically, to the chosen path. The e-mail draft never contains the password.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from desktop.domain.errors import BadInput
from desktop.store.fsutil import atomic_write

MIN_PASSWORD_LENGTH = 8


def protect(pdf: bytes, password: str) -> bytes:
    """Encrypt a PDF with AES-256 so it opens only with ``password``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInput(
            f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters for the PDF, and "
            "send it to the police by phone or text, not in the same e-mail."
        )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def save_pdf(path: Path, pdf: bytes, *, password: str | None = None) -> Path:
    """Write the pack where the user chose, replacing any earlier file atomically."""
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    if not path.parent.is_dir():
        raise BadInput(f"The folder {path.parent} does not exist.")
    atomic_write(path, protect(pdf, password) if password else pdf)
    return path


FILE_NAME_LONGEST = 60
"""The most characters of a name that go into a file name (the rest says what the file is)."""


def safe_file_name(text: str, fallback: str = "child") -> str:
    """A file name made from a name (a child's, an authority's), ``fallback`` if none is left.

    Letters and digits of any script are kept; every run of anything else is one hyphen.
    """
    cleaned = re.sub(r"[\W_]+", "-", text).strip("-")[:FILE_NAME_LONGEST].strip("-")
    return cleaned or fallback


def email_draft(pdf: bytes, *, file_name: str, subject: str, body: str, when: datetime) -> bytes:
    """An unsent .eml message with the pack attached, which mail programs open as a draft."""
    message = EmailMessage()
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["X-Unsent"] = "1"  # Outlook and others open this as a new message to send
    message.set_content(body)
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=file_name)
    return bytes(message)


def save_email_draft(
    folder: Path, pdf: bytes, *, file_name: str, subject: str, body: str, when: datetime
) -> Path:
    """Write the draft into the folder the user chose; return its path."""
    if not folder.is_dir():
        raise BadInput(f"The folder {folder} does not exist.")
    path = folder / (Path(file_name).stem + ".eml")
    atomic_write(path, email_draft(pdf, file_name=file_name, subject=subject, body=body, when=when))
    return path
