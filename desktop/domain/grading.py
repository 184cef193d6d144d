"""How the police grade a missing child: the closed list of every category the protocols name.

Police, not carers, decide the grading, and they may change it as the episode goes on, so it is
recorded on the police report and on any later police update. Each category is kept in one
spelling (``value``, lower-case words such as ``"very low"``) and read by its ``label``; most
forces grade the risk (no apparent risk to high), Kent and Medway police class a child as
missing or absent instead.

Entries written before the list existed may hold a grading typed freely: :func:`police_grading`
reads a loose spelling of a category, and anything else is shown as it was typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.citation import Citation
from desktop.domain.errors import BadInput


@dataclass(frozen=True, slots=True)
class PoliceGrading:
    """One category police use: its stored value, the words people read, and where it is from."""

    value: str
    label: str
    sentence: str
    """The grading in a log line, e.g. "Police graded the risk as medium"."""
    cite: Citation

    @property
    def typed(self) -> str:
        """The value as typed on a command line, without spaces (``very-low``)."""
        return self.value.replace(" ", "-")


_NEL = "000_6f9548a07ffa330a.txt"
_NEL_SECTION = "Missing Person Risk Assessment"
_KENT = "003_930b2243c49edff0.txt"
_KENT_SECTION = "Missing / Absent (police definitions)"

POLICE_GRADINGS: tuple[PoliceGrading, ...] = (
    PoliceGrading(
        "no apparent risk",
        "No apparent risk",
        "Police graded it as no apparent risk",
        Citation(
            "001_43008d521bb0a7ed.txt",
            "6.3.5",
            "This will be high, medium or low or no apparent risk.",
        ),
    ),
    PoliceGrading(
        "very low",
        "Very low risk",
        "Police graded the risk as very low",
        Citation(
            _NEL,
            _NEL_SECTION,
            "There is a very low risk of harm to either the subject or the public.",
        ),
    ),
    PoliceGrading(
        "low",
        "Low risk",
        "Police graded the risk as low",
        Citation(
            _NEL,
            _NEL_SECTION,
            "The risk of harm to the subject or the public is assessed as possible but minimal.",
        ),
    ),
    PoliceGrading(
        "medium",
        "Medium risk",
        "Police graded the risk as medium",
        Citation(
            _NEL,
            _NEL_SECTION,
            "The risk of harm to the subject or the public is assessed as likely but not serious.",
        ),
    ),
    PoliceGrading(
        "high",
        "High risk",
        "Police graded the risk as high",
        Citation(
            _NEL,
            _NEL_SECTION,
            "The risk of serious harm to the subject or the public is assessed as very likely.",
        ),
    ),
    PoliceGrading(
        "missing",
        "Missing (Kent)",
        "Police classed the child as missing (Kent and Medway police's category)",
        Citation(
            _KENT,
            _KENT_SECTION,
            "Anyone whose whereabouts cannot be established and where the circumstances are "
            "out of character",
        ),
    ),
    PoliceGrading(
        "absent",
        "Absent (Kent)",
        "Police classed the child as absent (Kent and Medway police's category)",
        Citation(
            _KENT,
            _KENT_SECTION,
            "A person is not at a place where they are expected or required to be "
            "(and there is no apparent risk)",
        ),
    ),
)
"""Every category, from the least risk to the most, then Kent and Medway's two."""
GRADINGS: dict[str, PoliceGrading] = {g.value: g for g in POLICE_GRADINGS}
GRADING_VALUES: tuple[str, ...] = tuple(GRADINGS)


def _folded(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


_SPELLINGS: dict[str, PoliceGrading] = {
    _folded(spelling): g
    for g in POLICE_GRADINGS
    for spelling in (g.value, g.label, f"{g.value} risk", g.label.removesuffix(" (Kent)"))
}
"""Each way a category may be written: its value, its label, and "medium risk" for "medium"."""


def police_grading(text: object) -> PoliceGrading | None:
    """The category a stored or typed grading names, in any case or spelling; None if none."""
    return _SPELLINGS.get(_folded(str(text))) if text is not None else None


def allowed_gradings() -> str:
    """The categories as a list people can read in a message or ``--help``."""
    return ", ".join(g.value for g in POLICE_GRADINGS)


def parse_grading(text: str) -> str:
    """The one stored spelling of a typed grading; refuses anything that is not a category."""
    found = police_grading(text)
    if found is None:
        raise BadInput(
            f"'{str(text).strip()}' is not a police risk grading. Use one of: {allowed_gradings()}."
        )
    return found.value


def grading_label(text: object) -> str:
    """A grading as people read it; a grading typed before the list existed, as it was typed."""
    found = police_grading(text)
    return found.label if found else str(text or "").strip()
