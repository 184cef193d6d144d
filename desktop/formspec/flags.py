"""The risk flags a form's answers set, as its definition says.

A yes/no field with ``flag`` sets that flag when answered yes; a choice or multi-choice field
with ``choice_flags`` sets the flag each chosen answer names. A field filled from the child's
record (``prefill``, such as the legal status) sets its flags from the record when one is given,
because the record is what the app goes by: Part A only shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.domain.model import ChildDetails
from desktop.formspec.prefill import from_child
from desktop.formspec.spec import Field, FieldKind, FormSpec


def _answer(field: Field, values: Mapping[str, Any], child: ChildDetails | None) -> Any:
    if child is not None and field.prefill is not None:
        answer = from_child(child, field.prefill)
    else:
        answer = values.get(field.id)
    if field.kind is FieldKind.CHOICE and isinstance(answer, str):
        return _as_choice(field, answer)
    return answer


def _as_choice(field: Field, answer: str) -> str:
    """The choice a free-text answer from an earlier release meant, where that is certain.

    Earlier releases took some answers (such as the legal status) as free text. A text that is
    not one of the choices counts as the one choice that starts with the same word, so
    "Remanded to youth detention accommodation" still brings the remand duties.
    """
    if answer in field.choices or not answer.split():
        return answer
    first = answer.split()[0].casefold()
    alike = [c for c in field.choices if c.split() and c.split()[0].casefold() == first]
    return alike[0] if len(alike) == 1 else answer


def risk_flag_sources(
    spec: FormSpec, values: Mapping[str, Any], *, child: ChildDetails | None = None
) -> dict[str, Field]:
    """Each flag the answers set, with the first field (in form order) that sets it."""
    found: dict[str, Field] = {}
    for field in spec.fields():
        answer = _answer(field, values, child)
        flags: list[str | None] = []
        if field.flag is not None and answer is True:
            flags.append(field.flag)
        if field.kind is FieldKind.CHOICE and isinstance(answer, str):
            flags.append(field.flag_for_choice(answer))
        elif field.kind is FieldKind.MULTI_CHOICE and isinstance(answer, list):
            flags.extend(field.flag_for_choice(a) for a in answer if isinstance(a, str))
        for flag in flags:
            if flag is not None:
                found.setdefault(flag, field)
    return found


def risk_flags(
    spec: FormSpec, values: Mapping[str, Any], *, child: ChildDetails | None = None
) -> frozenset[str]:
    """The risk flags the answers (and, for fields filled from it, the child's record) set."""
    return frozenset(risk_flag_sources(spec, values, child=child))
