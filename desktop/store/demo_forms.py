"""Part-completed Philomena forms for the invented demo children."""

from __future__ import annotations

from typing import Any

from desktop.domain.model import Child

_PART_A: list[dict[str, Any]] = [
    {
        "gender": "Female",
        "ethnicity": "White Irish",
        "first_language": "English",
        "interpreter_needed": False,
        "height": "160 cm (5 ft 3 in)",
        "build": "Slim",
        "hair": "Long, dyed red, usually in a high ponytail",
        "eyes": "Green",
        "complexion": "Pale with freckles",
        "distinguishing_marks": "Small scar above left eyebrow",
        "tattoos": "None known",
        "piercings": "Both ears, several studs; nose stud",
        "usual_clothing": "Black puffer jacket, grey joggers, white trainers, small black bag",
        "medical_conditions": "Asthma",
        "medication": [
            {
                "name": "Salbutamol inhaler (blue)",
                "dose": "2 puffs",
                "timing": "When needed",
                "effect_if_missed": "Breathless; an attack can become dangerous within hours",
                "carries_it": True,
            }
        ],
        "vulnerabilities": "Trusts older males quickly; low self-esteem",
        "known_risks": ["Child sexual exploitation (CSE)", "Drug or alcohol misuse"],
        "phones": [{"number": "07700 900123", "handset": "Black iPhone", "notes": "Often off"}],
        "transport_used": ["Bus", "Lifts from adults of concern"],
        "missing_before": True,
        "previous_missing_summary": "Four episodes this year; usually found in the town centre.",
        "report_immediately": False,
        "report_after_hours": 2,
        "reporting_instructions": "Report to police after two hours if whereabouts unknown.",
        "placement_address": "Willow Lodge, 1 Example Lane, Grimsby DN00 0AA",
        "placement_phone": "01472 000000",
    },
    {
        "gender": "Male",
        "first_language": "Arabic",
        "interpreter_needed": True,
        "height": "152 cm",
        "hair": "Short, black",
        "placement_address": "Willow Lodge, 1 Example Lane, Grimsby DN00 0AA",
    },
    {
        "gender": "Female",
        "first_language": "Ukrainian",
        "interpreter_needed": False,
        "height": "168 cm",
        "build": "Medium",
        "hair": "Shoulder-length, blonde",
        "eyes": "Blue",
        "usual_clothing": "Long beige coat, blue jeans, black boots",
        "medical_conditions": "Type 1 diabetes",
        "medication": [
            {
                "name": "Insulin (pen)",
                "dose": "As on her care plan",
                "timing": "With each meal and at bedtime",
                "effect_if_missed": "High blood sugar within hours; can become life-threatening",
                "carries_it": False,
            }
        ],
        "known_risks": ["Self-harm"],
        "missing_before": False,
        "report_immediately": True,
        "reporting_instructions": "Report at once: she does not carry her insulin.",
        "placement_address": "Willow Lodge, 1 Example Lane, Grimsby DN00 0AA",
    },
    {
        "gender": "Male",
        "first_language": "Mandarin and English",
        "interpreter_needed": False,
        "height": "148 cm",
        "build": "Slim",
        "hair": "Black, short at the sides",
        "eyes": "Brown",
        "usual_clothing": "School uniform or a red hoodie with white logo",
        "known_risks": ["Child criminal exploitation (CCE)", "Online grooming"],
        "missing_before": True,
        "previous_missing_summary": "Two episodes; found at a friend's flat both times.",
        "placement_address": "Willow Lodge, 1 Example Lane, Grimsby DN00 0AA",
    },
]

_LOCATIONS: list[dict[str, Any]] = [
    {
        "places": [
            {
                "address": "Bus station, Victoria Street, Grimsby",
                "what_it_is": "Bus station",
                "why_go": "Meets friends; catches buses to Hull",
                "who_there": "Older males she calls 'mates'",
                "officer_advice": "Check the café and the back entrance; she hides in the toilets",
                "found_here_before": True,
            }
        ],
        "likely_first_place": "Bus station, Victoria Street",
        "contacts": [
            {
                "name": "Kayleigh (surname not known)",
                "relationship": "Friend from school",
                "phone": "07700 900456",
                "officer_advice": "Helpful; will usually say if Shiv is with her",
            }
        ],
    },
    {},
    {
        "likely_first_place": "Grimsby Minster grounds",
        "out_of_area_links": "Aunt in Maidstone, Kent",
    },
    {
        "places": [
            {
                "address": "Flat above the takeaway, Freeman Street",
                "what_it_is": "Friend's flat",
                "why_go": "Plays video games; may be asked to carry parcels",
                "officer_advice": "Ask for Wei by his English name Will",
                "found_here_before": True,
            }
        ],
    },
]


def demo_form_values(index: int, child: Child) -> dict[str, dict[str, Any]]:
    """Form answers for the ``index``-th demo child (empty forms are skipped)."""
    del child  # the record itself fills the identity fields through prefill
    forms = {"part_a": _PART_A[index], "locations": _LOCATIONS[index]}
    return {form_id: values for form_id, values in forms.items() if values}
