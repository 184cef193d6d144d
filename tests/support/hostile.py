"""Long and hostile text for the pack, and a check that every word of it reached the PDF.

PDF text extractors return right-to-left runs sometimes in reading order and sometimes in
visual order (letters reversed), so right-to-left letters and digits are compared both ways;
everything else must read as typed. Characters that print as marks (control characters, and
those no shipped font has) are left out of the comparison, and the marks out of the PDF's text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import pypdfium2 as pdfium
from hypothesis import strategies as st

from desktop.export.page import BOTTOM_MARGIN, MARGIN, PAGE_H, PAGE_W, TOP_MARGIN
from desktop.export.text import shows_as_mark

LONGEST = 30_000

_ARABIC = "".join(chr(c) for c in range(0x0621, 0x063B)) + "".join(
    chr(c) for c in range(0x0641, 0x064B)
)
_HEBREW = "".join(chr(c) for c in range(0x05D0, 0x05EB))
_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéøßñç"
_CYRILLIC = "".join(chr(c) for c in range(0x0430, 0x0450))
_CJK = "".join(chr(c) for c in range(0x4E00, 0x4FA0))
_DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩"
_COMBINING = [chr(c) for c in range(0x0300, 0x0370)] + ["\u05b8", "\u05bc", "\u064e", "\u0651"]
_MARKUP = [
    "<b>",
    "</b>",
    "</para>",
    "<para>",
    "&amp;",
    "&",
    "&#x41;",
    "<br/>",
    '<font name="x">',
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<",
    ">",
    '"',
    "'",
]
_ODD = ["\U0001fae0", "\U0001f984", "\U0001f600", "\u202e", "\u202c", "\u200f", "\u2066", "\ufffd"]


def _word(alphabet: str, longest: int = 10) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=1, max_size=longest)


def _with_marks(word: str, marks: list[str]) -> str:
    return word[0] + "".join(marks) + word[1:]


_WORDS = st.one_of(
    _word(_LATIN),
    _word(_ARABIC, 8),
    _word(_HEBREW, 8),
    _word(_CYRILLIC),
    _word(_CJK, 6),
    _word(_DIGITS, 6),
    st.builds(
        _with_marks, _word(_LATIN), st.lists(st.sampled_from(_COMBINING), min_size=1, max_size=3)
    ),
    st.sampled_from(_MARKUP),
    st.characters(categories=["Cc"]),
    st.sampled_from(_ODD),
)
_GAPS = st.sampled_from([" ", " ", " ", " ", "\n", "\t", "  ", "\r\n"])


@st.composite
def hostile_text(draw: st.DrawFn, longest: int = LONGEST) -> str:
    """Up to ``longest`` characters: words of many scripts, marks, markup and control codes."""
    words = draw(st.lists(st.tuples(_WORDS, _GAPS), min_size=1, max_size=40))
    passage = "".join(word + gap for word, gap in words)
    times = draw(st.sampled_from([1, 1, 2, 10, 100, 1000]))
    return (passage * times)[:longest].strip() or "x"


def pdf_text(pdf: bytes) -> str:
    """The text of the body of every page of ``pdf`` (not the marking and footer round it)."""
    document = pdfium.PdfDocument(pdf)
    top, bottom = PAGE_H - TOP_MARGIN, BOTTOM_MARGIN  # the pack's frame, below its header
    try:
        return "\n".join(
            page.get_textpage().get_text_bounded(MARGIN, bottom, PAGE_W - MARGIN, top)
            for page in document
        )
    finally:
        document.close()


# What the pack itself prints between the pieces of a long answer or note.
_BETWEEN_PIECES = ("No.HappenedWrittenByWhathappened", "continued")


# A mark's words are a Unicode name, a code or a count (letters, digits, spaces, + and -); a
# reader copying right-to-left text may turn a bracket round, so either bracket ends one, and
# anything else between two brackets (such as "⟩ & ⟨" ) is text that must still be found.
_MARKS = re.compile("[⟨⟩][A-Za-z0-9+ -]*[⟨⟩]")


# Shaping draws i and j without their dots when accents sit above them, and those glyphs read
# back as the dotless letters.
_DOTLESS = str.maketrans("ıȷ", "ij")


def _plain(text: str) -> str:
    """Compatibility-normalised, without combining marks, format characters or spaces."""
    decomposed = unicodedata.normalize("NFKD", text).translate(_DOTLESS)
    kept = (ch for ch in decomposed if unicodedata.category(ch)[0] not in "MCZ")
    return "".join(ch for ch in kept if not ch.isspace())


def _rtl_or_number(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL", "AN", "EN")


def units(text: str) -> list[str]:
    """The pieces of ``text`` to look for: runs of right-to-left letters or digits, and runs of
    everything else, between spaces and the characters that print as marks."""
    found: list[str] = []
    for word in re.split(r"\s+", text):
        kept = "".join(" " if shows_as_mark(ch) else ch for ch in word)
        for part in kept.split(" "):
            plain = _plain(part)
            found += [m.group() for m in re.finditer(r"[^\W\d_]+|\d+|[\W_]+", plain)]
    return [u for u in found if u]


_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _mirror(ch: str) -> str:
    return ch.translate(_MIRRORED)


def _neutral(unit: str) -> bool:
    """True for punctuation and symbols alone, which take their direction from around them."""
    return all(unicodedata.bidirectional(ch) in ("ON", "CS", "ES", "ET", "WS") for ch in unit)


def missing_words(given: Iterable[str], pdf: bytes) -> list[str]:
    """The units of ``given`` texts that do not appear in the PDF, in either direction if
    right-to-left or numeric."""
    printed = _plain(_MARKS.sub(" ", pdf_text(pdf)))
    for furniture in _BETWEEN_PIECES:
        printed = printed.replace(furniture, "")
    missing = []
    for text in given:
        for unit in dict.fromkeys(units(text)):
            either_way = all(_rtl_or_number(ch) for ch in unit)
            if unit in printed or (either_way and unit[::-1] in printed):
                continue
            # In a right-to-left run, brackets print mirrored, as the bidi algorithm says.
            if unit[::-1].translate(_MIRRORED) in printed:
                continue
            # Punctuation between a right-to-left word and a left-to-right one ("ذ </b>") is
            # drawn in place, but a reader's bidi guess may pull it apart when it copies the
            # text, one mark into each run; each mark must still be there.
            if _neutral(unit) and all(ch in printed or _mirror(ch) in printed for ch in unit):
                continue
            missing.append(unit)
    return missing
