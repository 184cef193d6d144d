"""Tables whose cells may hold text of any length.

A table row cannot break across pages, so a cell taller than a page stops the whole PDF. Long
text is first cut into chunks of at most :data:`CHUNK` characters, at line breaks where it has
them, else between sentences or words (see :func:`chunks`), one paragraph each, so that laying
it out takes time in proportion to its length. A row whose text is taller than
:data:`PIECE_HEIGHT` is then cut, with reportlab's own paragraph splitting, into several rows of
at most that height, which the table spreads over as many pages as they need. The rows cut from
one are drawn as one: rules go round the group, not between its pieces, and the label prints
once at the top with "continued" below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer

PIECE_HEIGHT = 150.0
"""The tallest piece of a cut row, in points (about a dozen lines); a page holds several."""

PADDING = 6.0
"""reportlab's default left and right padding inside a table cell, together (3 + 3 points)."""

CHUNK = 1200
"""The longest text one paragraph holds, in characters (about a dozen lines of a wide cell)."""

_TALL = 1e9


def chunks(text: str, size: int = CHUNK) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters.

    Each piece ends at a line break if one is near, else after a sentence, else at a space,
    else anywhere.
    """
    out: list[str] = []
    rest = text
    while len(rest) > size:
        window = rest[:size]
        for separator in ("\n", ". ", " "):
            at = window.rfind(separator, size // 2)
            if at > 0:
                cut = at + len(separator)
                break
        else:
            cut = size
            if 0xD800 <= ord(rest[cut - 1]) <= 0xDBFF:  # never part a surrogate pair
                cut -= 1
        piece, rest = rest[:cut], rest[cut:]
        out.append(piece.removesuffix("\n"))
    out.append(rest)
    return out


def _surely_short(paragraph: Paragraph, width: float, height: float) -> bool:
    """True when ``paragraph`` is far too short to need measuring (measuring costs time)."""
    text = getattr(paragraph, "text", None)
    if not isinstance(text, str):  # the second part of a split paragraph
        return False
    style = paragraph.style
    lines = 2 * len(text) * style.fontSize / max(width, 1.0) + text.count("<br/>") + 1
    return bool(lines * style.leading <= height)


def _cut(cell: Flowable, width: float, height: float) -> list[Flowable]:
    if not isinstance(cell, Paragraph) or _surely_short(cell, width, height):
        return [cell]
    out: list[Flowable] = []
    rest: Flowable = cell
    while True:
        _, tall = rest.wrap(width, _TALL)
        if tall <= height:
            out.append(rest)
            return out
        parts = rest.split(width, height)
        if len(parts) < 2:  # cannot cut further (a single line taller than a piece)
            out.append(rest)
            return out
        out.append(parts[0])
        rest = parts[1]


def pieces(cell: Any, width: float, height: float = PIECE_HEIGHT) -> list[Any]:
    """``cell`` (a flowable or a list of them) as cells at most ``height`` tall at ``width``."""
    flowables = cell if isinstance(cell, list) else [cell]
    out: list[list[Flowable]] = []
    used = 0.0
    for flowable in flowables:
        parts = _cut(flowable, width, height)
        if len(flowables) == 1 and len(parts) == 1:
            return [flowable]
        for part in parts:
            tall = part.wrap(width, _TALL)[1]
            if not out or used + tall > height:
                out.append([])
                used = 0.0
            out[-1].append(part)
            used += tall
    return [group[0] if len(group) == 1 else group for group in out] or [Spacer(1, 0)]


def cut_rows(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    continued: Sequence[Any] | None = None,
) -> tuple[list[list[Any]], list[tuple[int, int]]]:
    """``rows`` with every over-tall row cut into pieces.

    Returns the rows and, for each row given, the (first, last) index of the rows it became.

    ``continued`` is what a cut row's later pieces show in each column whose content has run
    out (the label column's "continued", say); empty cells otherwise.
    """
    out: list[list[Any]] = []
    groups: list[tuple[int, int]] = []
    for row in rows:
        cut = [pieces(cell, width - PADDING) for cell, width in zip(row, widths, strict=True)]
        depth = max(len(c) for c in cut)
        first = len(out)
        for index in range(depth):
            line: list[Any] = []
            for column, column_pieces in enumerate(cut):
                if index < len(column_pieces):
                    line.append(column_pieces[index])
                elif index == 1 and continued is not None and continued[column] is not None:
                    line.append(continued[column])
                else:
                    line.append(Spacer(1, 0))
            out.append(line)
        groups.append((first, len(out) - 1))
    return out, groups


def rules_below(groups: Sequence[tuple[int, int]], offset: int, *style: Any) -> list[Any]:
    """A LINEBELOW under each group's last row (``offset`` rows of heading above them)."""
    return [("LINEBELOW", (0, last + offset), (-1, last + offset), *style) for _, last in groups]


def grid(groups: Sequence[tuple[int, int]], offset: int, *style: Any) -> list[Any]:
    """A grid drawn round the groups of cut rows, with no rules between a group's pieces."""
    commands: list[Any] = [
        ("BOX", (0, 0), (-1, -1), *style),
        ("LINEAFTER", (0, 0), (-2, -1), *style),
    ]
    if offset:
        commands.append(("LINEBELOW", (0, offset - 1), (-1, offset - 1), *style))
    return commands + rules_below(groups, offset, *style)
