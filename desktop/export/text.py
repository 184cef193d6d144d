"""Names in any script, printed shaped and in the right order.

reportlab shapes joined scripts (Arabic and others) with HarfBuzz, which also puts the letters of
each right-to-left word in order; without its optional ``rlbidi`` module it leaves a run of
several right-to-left *words* in typing order, so this module reverses such runs itself. Each
run of text gets the first embedded font that has all its characters.

Nothing typed prints as blank space. A control character (such as a pasted bell or escape, a
form feed, or an invisible bidi override that would make text read differently from how it
was typed) prints as a red mark naming its code, such as ``⟨U+0007⟩``. A character none of the
shipped fonts can draw prints as a red mark with its Unicode name, such as ``⟨melting face⟩``,
or its code when it has no name; so do all characters beyond the first 65,536 (most emoji),
whose text reportlab cannot map back. A word in a script no shipped font has prints as one
mark saying so, such as ``⟨7 Devanagari characters⟩``. Only line breaks and tabs are laid out
as they are.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
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


def shaped(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """``style``, shaping ``text`` only where its script needs it.

    Joined scripts print only when shaped; shaping Latin would add ligatures such as "st",
    which a reader copying the text back then gets wrong.
    """
    shaping = 1 if needs_shaping(text) else 0
    if getattr(style, "shaping", 0) == shaping:
        return style
    return ParagraphStyle(f"{style.name}-{shaping}", parent=style, shaping=shaping)


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


MARK_COLOUR = "#b00020"
"""The colour of the marks that stand for characters which cannot print as themselves."""

_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")
_MARK = "\0"  # a font "name" for runs of marks; never a registered font

# Bidi embeddings, overrides, isolates and marks: the pack does not apply them, and an override
# can make text read differently from how it was typed, so each is shown.
_BIDI_CONTROLS = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def is_control(ch: str) -> bool:
    """A character that prints as a mark naming its code (tabs and line breaks excepted)."""
    code = ord(ch)
    if ch in "\t\n\r\u2028\u2029":
        return False
    return unicodedata.category(ch) in ("Cc", "Cs") or code in _BIDI_CONTROLS


def mark(ch: str) -> str:
    """The visible stand-in for a character that cannot print as itself."""
    code = f"U+{ord(ch):04X}"
    if is_control(ch):
        return f"⟨{code}⟩"
    name = unicodedata.name(ch, "")
    return f"⟨{name.lower()}⟩" if name else f"⟨{code}⟩"


def _font_for(ch: str, base: str) -> str:
    code = ord(ch)
    # Beyond the first 65,536 code points (most emoji) reportlab writes the PDF's map from
    # glyphs back to text wrongly, so such a character would copy out of the PDF as nothing
    # (and stricter readers complain): it prints as its mark even where a font has it.
    if is_control(ch) or code > 0xFFFF:
        return _MARK
    if code in _covered(base) or ch in " \t":
        return base
    if code in _covered(FALLBACK):
        return FALLBACK
    return _MARK


def printable_lines(text: str) -> list[str]:
    """``text`` split at its line breaks: CR, LF, CRLF and the Unicode line separators.

    Every other control character stays in place, to be marked.
    """
    return _LINE_BREAK.split(text)


def _width(text: str, base: str, size: float) -> float:
    """About how wide ``text`` prints (unshaped, and each mark as wide as its longest form)."""
    total = 0.0
    for ch in text:
        font = _font_for(ch, base)
        printed = mark(ch) if font == _MARK else ch
        total += pdfmetrics.stringWidth(printed, FALLBACK if font == FALLBACK else base, size)
    return total


def wrapped(line: str, width: float, base: str, size: float) -> list[str]:
    """``line`` broken between words into lines that fit ``width`` (a little to spare)."""
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and _width(candidate, base, size) > 0.97 * width:
            out.append(current)
            candidate = word
        current = candidate
    out.append(current)
    return out


def markup(text: str, *, bold: bool = False, width: float | None = None, size: float = 9.5) -> str:
    """Paragraph markup for plain ``text``: escaped, bidi-ordered, with per-run fonts.

    What cannot print as itself prints as its mark. Given the ``width`` it will be laid out in
    (at font ``size``), a line with right-to-left words is broken into lines here, before its
    words are put in visual order, so that a long right-to-left passage reads down the page in
    order rather than from its last line up.
    """
    base = BOLD if bold else REGULAR
    logical: list[str] = []
    for line in printable_lines(text):
        if width is not None and any(_is_rtl(ch) for ch in line):
            logical += wrapped(line, width, base, size)
        else:
            logical.append(line)
    lines = []
    for line in logical:
        if line.isascii() and line.isprintable():  # most text: one run in the base font
            lines.append(escape(line))
            continue
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
    joined = "<br/>".join(lines)
    return f"<b>{joined}</b>" if bold else joined


def _script(ch: str) -> str:
    """The script of a letter no font has ("Devanagari"), or "" for anything else."""
    if unicodedata.category(ch)[0] not in "LM" or is_control(ch):
        return ""
    return unicodedata.name(ch, "").split(" ")[0].title()


def marks(text: str) -> str:
    """The marks for ``text``, none of which prints as itself.

    A word in a script no font has is one mark saying so, such as ``⟨7 Devanagari characters⟩``,
    rather than a mark for each letter.
    """
    out: list[str] = []
    index = 0
    while index < len(text):
        script = _script(text[index])
        end = index + 1
        if script:
            while end < len(text) and (
                _script(text[end]) == script or unicodedata.category(text[end])[0] == "M"
            ):
                end += 1
        count = end - index
        out.append(f"⟨{count} {script} characters⟩" if count > 1 else mark(text[index]))
        index = end
    return "".join(out)


def _run(text: str, font: str, base: str) -> str:
    if font == _MARK:
        marked = escape(marks(text))
        return f'<font color="{MARK_COLOUR}">{marked}</font>'
    escaped = escape(text)
    return escaped if font == base else f'<font name="{font}">{escaped}</font>'


def plain(text: str, *, bold: bool = False) -> str:
    """``text`` on one line, for drawing straight onto the page in one font.

    Line breaks become spaces and what that font cannot draw becomes its mark.
    """
    base = BOLD if bold else REGULAR
    flat = " ".join(printable_lines(text))
    runs = itertools.groupby(flat, key=lambda ch: _font_for(ch, base) == base)
    return "".join("".join(run) if drawn else marks("".join(run)) for drawn, run in runs)


def shows_as_mark(ch: str) -> bool:
    """True for a character that prints in regular text as a mark rather than as itself."""
    return _font_for(ch, REGULAR) == _MARK
