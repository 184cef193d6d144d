"""Names in any script, printed shaped and in the right order.

reportlab shapes joined scripts (Arabic and others) with HarfBuzz, which also puts the letters of
each right-to-left word in order; without its optional ``rlbidi`` module it leaves a run of
several right-to-left *words* in typing order, so this module reverses such runs itself. Each
run of text gets the first embedded font that has all its characters.
"""

from __future__ import annotations

import functools
import unicodedata
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop import paths

REGULAR = "PhilomenaSans"
BOLD = "PhilomenaSans-Bold"
FALLBACK = "PhilomenaFallback"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK: "DroidSansFallbackFull.ttf",
}


@functools.cache
def register_fonts() -> None:
    """Register the shipped TrueType fonts with reportlab once per process."""
    folder = paths.resources_dir() / "fonts"
    for name, file_name in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )


@functools.cache
def _covered(font_name: str) -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def needs_shaping(text: str) -> bool:
    """True for scripts whose letters change shape or order (Hebrew, Arabic, Indic, Thai …)."""
    return any(0x0590 <= ord(ch) <= 0x1CFF or 0xFB1D <= ord(ch) <= 0xFEFF for ch in text)


def _is_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def visual_word_order(text: str) -> str:
    """Reverse the order of words inside each right-to-left run, leaving letters to HarfBuzz.

    Punctuation at either end of a right-to-left word (the comma in a list of aliases, a
    bracket) closes the run and is printed as a separate word on the left-to-right side.
    """
    out: list[str] = []
    run: list[str] = []
    prefix = ""

    def flush(trailing: str = "") -> None:
        # Punctuation touching a right-to-left word would be shaped inside the word and land
        # on its far side, so it stands apart as its own word, on the left-to-right side.
        nonlocal prefix
        if prefix:
            out.append(prefix)
        if run:
            out.append(" ".join(reversed(run)))
            run.clear()
        if trailing:
            out.append(trailing)
        prefix = ""

    for word in text.split(" "):
        if not any(_is_rtl(ch) for ch in word):
            flush()
            out.append(word)
            continue
        rest = word.lstrip(_LEADING)
        if rest != word:
            flush()
            prefix = word[: len(word) - len(rest)]
        core = rest.rstrip(_TRAILING)
        run.append(core)
        if core != rest:
            flush(rest[len(core) :])
    flush()
    return " ".join(out)


_LEADING = "([{\"'"
_TRAILING = ",.;:!?)]}\"'"


def _font_for(ch: str, base: str) -> str:
    if ch.isspace() or ord(ch) in _covered(base):
        return base
    if ord(ch) in _covered(FALLBACK):
        return FALLBACK
    return base


def markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup for plain ``text``: escaped, bidi-ordered, with per-run fonts."""
    base = BOLD if bold else REGULAR
    lines = []
    for line in text.splitlines() or [""]:
        ordered = visual_word_order(line)
        pieces: list[str] = []
        current_font, current = base, ""
        for ch in ordered:
            font = _font_for(ch, base)
            if font != current_font and current:
                pieces.append(_run(current, current_font, base))
                current = ""
            current_font = font
            current += ch
        if current:
            pieces.append(_run(current, current_font, base))
        lines.append("".join(pieces))
    return "<br/>".join(lines)


def _run(text: str, font: str, base: str) -> str:
    escaped = escape(text)
    return escaped if font == base else f'<font name="{font}">{escaped}</font>'
