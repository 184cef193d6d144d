"""Form definitions as data: one TOML file drives the editor, validation, completeness and PDF."""

from desktop.formspec.spec import (
    Citation,
    Column,
    Field,
    FieldKind,
    FormDefinitionError,
    FormSpec,
    Section,
    load_form,
    load_forms,
)
from desktop.formspec.values import completeness, validate_values

__all__ = [
    "Citation",
    "Column",
    "Field",
    "FieldKind",
    "FormDefinitionError",
    "FormSpec",
    "Section",
    "completeness",
    "load_form",
    "load_forms",
    "validate_values",
]
