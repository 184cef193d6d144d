"""Reading one form definition's TOML tables with errors that name the file and the place."""

from __future__ import annotations

from typing import Any

from desktop.formspec.spec import FieldKind, FormDefinitionError


class Reader:
    """Reads one TOML table with errors that name the file and the place."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, problem: str) -> FormDefinitionError:
        """The error to raise, naming the file, the place and the problem."""
        return FormDefinitionError(f"Form definition {self.origin}, {where}: {problem}")

    def text(self, table: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
        """A text value, trimmed; refused when missing, not text, or empty and ``required``."""
        value = table.get(key, "" if not required else None)
        if value is None:
            raise self.fail(where, f"'{key}' is missing")
        if not isinstance(value, str):
            raise self.fail(where, f"'{key}' must be text")
        if required and not value.strip():
            raise self.fail(where, f"'{key}' is empty")
        return value.strip()

    def strings(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        """A list of distinct non-empty texts (none when the key is absent)."""
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(where, f"'{key}' must be a list of non-empty text")
        if len(set(value)) != len(value):
            raise self.fail(where, f"'{key}' repeats a choice")
        return tuple(value)

    def unknown_keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        """Refuse keys the definition format does not have: a typo must not be ignored."""
        extra = sorted(set(table) - allowed)
        if extra:
            raise self.fail(where, "unknown key(s) " + ", ".join(repr(k) for k in extra))

    def kind(self, table: dict[str, Any], where: str) -> FieldKind:
        """The field or column kind named under ``kind``."""
        raw = self.text(table, "kind", where)
        try:
            return FieldKind(raw)
        except ValueError:
            allowed = ", ".join(k.value for k in FieldKind)
            raise self.fail(where, f"kind '{raw}' is not one of {allowed}") from None
