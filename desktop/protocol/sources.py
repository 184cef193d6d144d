"""Where a prompt's duty comes from, in words: the area's protocol and the section.

"North East Lincolnshire protocol, Reporting a child missing to the police", never the name of a
seed file. A borrowed rule keeps its own citation, so it is named after the area whose text it
really is, not the rule set that borrowed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from desktop.domain.citation import Citation
from desktop.protocol.engine import Prompt
from desktop.protocol.rules import DEFAULT_RULE_SET, RuleSet

_PARTS = re.compile(r"\s+[-›]\s+")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s+(.*))?$")
_APPENDIX = re.compile(r"^(Appendix\s+\d+)\s*[:.-]?\s*(.*)$")
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")


def area_words(seed: str, rule_sets: Mapping[str, RuleSet]) -> str:
    """The area whose seed it is, e.g. "North East Lincolnshire protocol"; "" for none."""
    for rule_set in rule_sets.values():
        if rule_set.id != DEFAULT_RULE_SET and rule_set.seed == seed:
            return f"{_QUALIFIER.sub('', rule_set.name).strip()} protocol"
    return ""


def section_words(section: str) -> str:
    """A citation's section as people say it.

    "3.14" → "section 3.14"; "7.22 Timescales for Action" → "section 7.22, Timescales for
    Action"; a heading under a general one keeps only the particular heading ("Responding to
    missing children - Reporting a child missing to the police" → "Reporting a child missing to
    the police"), with its section or appendix number when it has one.
    """
    parts = [p.strip() for p in _PARTS.split(section.strip()) if p.strip()]
    if not parts:
        return ""
    lead = parts[0]
    label, heading = "", lead
    numbered = _NUMBERED.match(lead)
    appendix = _APPENDIX.match(lead)
    if numbered:
        label, heading = f"section {numbered.group(1)}", numbered.group(2) or ""
    elif appendix:
        label, heading = appendix.group(1), appendix.group(2)
    if len(parts) > 1:
        heading = " - ".join(parts[1:])
    heading = heading[:1].upper() + heading[1:]
    return ", ".join(p for p in (label, heading) if p)


def citation_words(citation: Citation, rule_sets: Mapping[str, RuleSet]) -> str:
    """One citation: "Kent and Medway protocol, section 3.14, The Response for All Children"."""
    return ", ".join(
        p for p in (area_words(citation.seed, rule_sets), section_words(citation.section)) if p
    )


def source_words(
    source: Prompt | Citation | Iterable[Citation], rule_sets: Mapping[str, RuleSet]
) -> str:
    """Every source of a prompt (or of one or more citations) in words.

    Sections of one area follow its name, separated by semicolons; areas are separated by full
    stops: "North East Lincolnshire protocol, Away from placement without authorisation;
    Reporting a child missing to the police. Portsmouth protocol, Appendix 3, Missing from care
    Procedure Flowchart".
    """
    if isinstance(source, Prompt):
        citations: tuple[Citation, ...] = source.citations
    elif isinstance(source, Citation):
        citations = (source,)
    else:
        citations = tuple(source)
    areas: dict[str, list[str]] = {}
    for citation in citations:
        sections = areas.setdefault(area_words(citation.seed, rule_sets), [])
        words = section_words(citation.section)
        if words and words not in sections:
            sections.append(words)
    return ". ".join(
        ", ".join(p for p in (area, "; ".join(sections)) if p) for area, sections in areas.items()
    )
