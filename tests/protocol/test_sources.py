"""A prompt's source in words: the area's protocol and section, never a seed file's name."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop import paths
from desktop.domain.citation import Citation
from desktop.protocol.engine import Prompt
from desktop.protocol.rules import load_rule_sets
from desktop.protocol.sources import area_words, citation_words, section_words, source_words

RULE_SETS = load_rule_sets(paths.protocols_dir())
SEEDS = {rs.seed for rs in RULE_SETS.values()}
NEL = RULE_SETS["north-east-lincolnshire"].seed
PORTSMOUTH = RULE_SETS["portsmouth"].seed
AWAY = (
    "Additional arrangements relating to children in care - "
    "Away from placement without authorisation"
)


@pytest.mark.parametrize(
    ("section", "words"),
    [
        ("3.14", "section 3.14"),
        ("6.3.6", "section 6.3.6"),
        ("7.22 Timescales for Action", "section 7.22, Timescales for Action"),
        ("1.10 Principles (5)", "section 1.10, Principles (5)"),
        (
            "Responding to missing children - Reporting a child missing to the police",
            "Reporting a child missing to the police",
        ),
        ("Risk Assessment › when the child is located", "When the child is located"),
        (
            "10. Response to escalating concerns - Management Oversight",
            "section 10, Management Oversight",
        ),
        (
            "Appendix 3 - Missing from care Procedure Flowchart",
            "Appendix 3, Missing from care Procedure Flowchart",
        ),
        (
            "Appendix 8: Missing return interview/assessment - High Risk Categories",
            "Appendix 8, High Risk Categories",
        ),
        ("Missing / Absent (police definitions)", "Missing / Absent (police definitions)"),
        (
            "Children in care who may have been trafficked from abroad",
            "Children in care who may have been trafficked from abroad",
        ),
    ],
)
def test_sections_read_as_people_say_them(section, words):
    assert section_words(section) == words


def test_an_area_is_named_without_its_qualifier_and_the_default_names_none():
    assert area_words(NEL, RULE_SETS) == "North East Lincolnshire protocol"
    assert area_words(PORTSMOUTH, RULE_SETS) == "Portsmouth protocol"
    assert area_words(RULE_SETS["kent-and-medway"].seed, RULE_SETS) == "Kent and Medway protocol"
    assert area_words("all five seeds", RULE_SETS) == ""
    assert area_words("unknown.txt", RULE_SETS) == ""


def test_one_citation():
    cite = Citation(
        NEL, "Responding to missing children - Reporting a child missing to the police", "q"
    )
    assert citation_words(cite, RULE_SETS) == (
        "North East Lincolnshire protocol, Reporting a child missing to the police"
    )
    assert source_words(cite, RULE_SETS) == citation_words(cite, RULE_SETS)


def _prompt(citations: tuple[Citation, ...]) -> Prompt:
    at = datetime(2026, 6, 10, 20, 0, tzinfo=ZoneInfo("Europe/London"))
    return Prompt("report_to_police", "r", "d", at + timedelta(0), "upcoming", "w", "t", citations)


def test_a_prompt_groups_its_sections_by_area_without_repeats():
    prompt = _prompt(
        (
            Citation(
                NEL,
                AWAY,
                "a",
            ),
            Citation(
                NEL,
                AWAY,
                "b",
            ),
            Citation(
                NEL, "Responding to missing children - Reporting a child missing to the police", "c"
            ),
            Citation(PORTSMOUTH, "Appendix 3 - Missing from care Procedure Flowchart", "d"),
        )
    )
    assert source_words(prompt, RULE_SETS) == (
        "North East Lincolnshire protocol, Away from placement without authorisation; "
        "Reporting a child missing to the police. "
        "Portsmouth protocol, Appendix 3, Missing from care Procedure Flowchart"
    )


def test_a_borrowed_rule_names_the_area_whose_text_it_is():
    portsmouth = RULE_SETS["portsmouth"]
    borrowed = next(r for r in portsmouth.rules if r.id == "report.six_hours")
    words = source_words(borrowed.cite, RULE_SETS)
    assert words.startswith("North East Lincolnshire protocol, ")
    assert "Portsmouth" not in words


@pytest.mark.parametrize("set_id", sorted(RULE_SETS))
def test_no_source_ever_shows_a_seed_file_and_every_one_names_an_area(set_id):
    for rule in RULE_SETS[set_id].rules:
        words = source_words(rule.cite, RULE_SETS)
        assert " protocol, " in words, rule.id
        assert not any(seed in words for seed in SEEDS), rule.id
        assert ".txt" not in words, rule.id
