r"""All the command line prints goes through :func:`visible`: typed text cannot drive a terminal.

A child's name or a note may hold a pasted escape sequence (which can recolour, retitle or clear
a terminal, or fake earlier output), a carriage return (which overwrites the line), a bell, or an
invisible direction override (which makes text read differently from how it was typed). Each is
shown as a visible code instead, as the police pack shows it: ``⟨U+001B⟩``. Line breaks and tabs
stay as they are. A character the terminal's encoding cannot show becomes its code too, rather
than an error. JSON for scripts keeps every character, escaped as JSON escapes it (``\u001b``).
"""

from __future__ import annotations

import codecs
import json
import unicodedata
from typing import Any

_KEPT = frozenset("\n\t\u200c\u200d")
"""Line breaks, tabs, and the zero-width (non-)joiners some scripts need inside words."""
_MARKED = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
"""Control and format characters (escape, bell, direction overrides …), unpaired surrogates
(undecodable bytes in an argument) and the Unicode line and paragraph separators."""


def is_marked(ch: str) -> bool:
    """True for a character that must never reach a terminal as itself."""
    return ch not in _KEPT and unicodedata.category(ch) in _MARKED


def _can_show(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def visible(text: str, encoding: str | None = None) -> str:
    """``text`` with every character that could act on a terminal shown as its code.

    ``encoding`` is the stream's: characters it cannot encode are shown as codes too, and the
    codes are written ``<U+001B>`` where it lacks the angle brackets ``⟨⟩``.
    """
    try:
        encoding = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        encoding = "utf-8"
    text = text.replace("\r\n", "\n")
    clean = all(line.isprintable() for line in text.replace("\t", " ").split("\n"))
    if clean and _can_show(text, encoding):
        return text
    left, right = ("⟨", "⟩") if _can_show("⟨⟩", encoding) else ("<", ">")
    shown = []
    for ch in text:
        if is_marked(ch) or not _can_show(ch, encoding):
            shown.append(f"{left}U+{ord(ch):04X}{right}")
        else:
            shown.append(ch)
    return "".join(shown)


def json_text(value: Any) -> str:
    r"""``value`` as indented JSON for scripts: every character kept, none of them raw.

    JSON escapes only the first 32 control characters itself; the rest of what :func:`visible`
    would mark (delete, direction overrides …) is escaped the same way, ``\u202e``.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2)
    if all(line.isprintable() for line in text.split("\n")):
        return text
    escaped = []
    for ch in text:
        if ch != "\n" and (is_marked(ch) or not ch.isprintable()):
            escaped.append(json.dumps(ch)[1:-1] if ord(ch) > 0xFFFF else f"\\u{ord(ch):04x}")
        else:
            escaped.append(ch)
    return "".join(escaped)
