"""Answers a form can take from the child's record, so carers never type the same thing twice."""

from __future__ import annotations

from typing import Any

from desktop.domain.model import Child, ChildDetails
from desktop.formspec.spec import FieldKind, FormSpec


def from_child(child: ChildDetails, source: str) -> Any:
    """The answer the child's record gives for a ``prefill`` source such as ``child.aliases``."""
    attribute = source.removeprefix("child.")
    if attribute == "full_name":
        return f"{child.first_name} {child.last_name}".strip()
    if attribute == "aliases":
        return "\n".join(child.aliases)
    if attribute == "date_of_birth":
        return child.date_of_birth.isoformat()
    return getattr(child, attribute, "")


def prefilled(spec: FormSpec, child: Child) -> dict[str, Any]:
    """Values for the form's ``prefill`` fields that the child's record can answer."""
    values: dict[str, Any] = {}
    for field in spec.fields():
        if field.prefill is None:
            continue
        value = from_child(child, field.prefill)
        if not value:
            continue
        if field.kind is FieldKind.PERSON:
            value = {"name": str(value)}
        elif field.kind is FieldKind.CHOICE and value not in field.choices:
            continue
        values[field.id] = value
    return values


def with_prefill(spec: FormSpec, child: Child, saved: dict[str, Any]) -> dict[str, Any]:
    """Saved answers, with the child's record filling only what was never answered."""
    merged = prefilled(spec, child)
    merged.update({k: v for k, v in saved.items() if v not in (None, "", [], {})})
    return merged
