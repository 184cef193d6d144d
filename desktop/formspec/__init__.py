"""Form definitions as data: one TOML file drives the editor, validation, completeness and PDF."""

from desktop.domain.citation import Citation
from desktop.formspec.flags import risk_flag_sources, risk_flags
from desktop.formspec.loading import load_form, load_forms, parse_form
from desktop.formspec.prefill import EntryText, log_prefilled
from desktop.formspec.spec import (
    Column,
    Field,
    FieldKind,
    FormDefinitionError,
    FormSpec,
    Section,
    pack_forms,
    shown_forms,
)
from desktop.formspec.values import completeness, validate_values

__all__ = [
    "Citation",
    "Column",
    "EntryText",
    "Field",
    "FieldKind",
    "FormDefinitionError",
    "FormSpec",
    "Section",
    "completeness",
    "load_form",
    "load_forms",
    "log_prefilled",
    "pack_forms",
    "parse_form",
    "risk_flag_sources",
    "risk_flags",
    "shown_forms",
    "validate_values",
]
