"""Form definitions as data: one TOML file drives the editor, validation, completeness and PDF."""

from desktop.domain.citation import Citation
from desktop.formspec.flags import risk_flag_sources, risk_flags
from desktop.formspec.loading import load_form, load_forms, parse_form
from desktop.formspec.prefill import (
    EntryText,
    Filled,
    Known,
    log_answers,
    log_prefilled,
    same_answer,
)
from desktop.formspec.spec import (
    OUTPUTS,
    Column,
    Field,
    FieldKind,
    FormDefinitionError,
    FormSpec,
    Provenance,
    Section,
    pack_forms,
    shown_forms,
)
from desktop.formspec.values import completeness, validate_values

__all__ = [
    "OUTPUTS",
    "Citation",
    "Column",
    "EntryText",
    "Field",
    "FieldKind",
    "Filled",
    "FormDefinitionError",
    "FormSpec",
    "Known",
    "Provenance",
    "Section",
    "completeness",
    "load_form",
    "load_forms",
    "log_answers",
    "log_prefilled",
    "pack_forms",
    "parse_form",
    "risk_flag_sources",
    "risk_flags",
    "same_answer",
    "shown_forms",
    "validate_values",
]
