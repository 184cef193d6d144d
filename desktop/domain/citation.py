"""Where a form field or a rule comes from: a seed protocol, its section, and its own words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Citation:
    """A verbatim quote from a section of one of the local protocols."""

    seed: str
    section: str
    quote: str

    def as_dict(self) -> dict[str, str]:
        """For JSON output."""
        return {"seed": self.seed, "section": self.section, "quote": self.quote}
