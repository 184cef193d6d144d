"""Form definitions as data: one TOML file drives the editor, validation, completeness and PDF."""

from desktop.domain.citation import Citation
from desktop.formspec.flags import risk_flag_sources, risk_flags
from desktop.formspec.spec import (
    Column,
    Field,
    FieldKind,
    FormDefinitionError,
    FormSpec,
    Section,
    load_form,
    load_forms,
    shipped_forms,
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
    "risk_flag_sources",
    "risk_flags",
    "shipped_forms",
    "validate_values",
]
