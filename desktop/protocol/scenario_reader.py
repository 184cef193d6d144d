"""Reading a scenario file's values: times, dates, numbers, flags and stages, each checked.

Anything malformed is an error naming the table and, where it can be found, the line.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from desktop.domain.errors import ExitCode, PhilomenaError
from desktop.domain.missing_risk import MissingRisk
from desktop.domain.timeline import INTERVENTION_STAGES, RISK_FLAGS


class ScenarioError(PhilomenaError):
    """The scenario file is malformed."""

    exit_code = ExitCode.USAGE


_LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")


class Reader:
    """Checks and converts one scenario's values; ``fail`` names where a problem is."""

    def __init__(self, text: str, zone: ZoneInfo | None = None) -> None:
        self.lines = text.splitlines()
        self.zone = zone or ZoneInfo("Europe/London")

    def line_of(self, key: str, where: str = "") -> str:
        """The line of ``key`` inside the table ``where`` names ("[[events]] 3", "[child]" …)."""
        start, end = 0, len(self.lines)
        match = re.match(r"^(\[\[?)(\w+)\]\]? ?(\d*)$", where)
        if match:
            header = re.compile(rf"^\s*{re.escape(match.group(1))}{match.group(2)}\]")
            wanted = int(match.group(3) or 1)
            seen = 0
            for number, line in enumerate(self.lines):
                if header.match(line):
                    seen += 1
                    if seen == wanted:
                        start = number
                        break
            end = next(
                (
                    n
                    for n in range(start + 1, len(self.lines))
                    if self.lines[n].lstrip().startswith("[")
                ),
                len(self.lines),
            )
        elif where == "file":
            end = next(
                (n for n, line in enumerate(self.lines) if line.lstrip().startswith("[")),
                len(self.lines),
            )
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, end):
            if pattern.match(self.lines[number]):
                return f" (line {number + 1})"
        return ""

    def fail(self, where: str, problem: str, key: str | None = None) -> ScenarioError:
        """The error for a problem in ``where``, naming the line of ``key`` if it can."""
        line = self.line_of(key, where) if key else ""
        return ScenarioError(f"Scenario {where}{line}: {problem}")

    def keys(self, table: Any, allowed: set[str], where: str) -> dict[str, Any]:
        """The table, refusing any key not in ``allowed``."""
        if not isinstance(table, dict):
            raise self.fail(where, "must be a table")
        for key in table:
            if key not in allowed:
                raise self.fail(where, f"unknown key '{key}'", key)
        return table

    def moment(self, value: Any, where: str, key: str) -> datetime:
        """A time, in the scenario's zone unless it carries its offset, as UTC."""
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, str):
            text = value.strip()
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                raise self.fail(
                    where,
                    f"'{key}' = '{value}' is not a time: write "
                    "YYYY-MM-DDTHH:MM, optionally with seconds and an offset",
                    key,
                ) from None
            if moment.tzinfo is None and not _LOCAL.match(text):
                raise self.fail(
                    where, f"'{key}' = '{value}' is not a time: write YYYY-MM-DDTHH:MM[:SS]", key
                )
        else:
            raise self.fail(where, f"'{key}' must be a time such as \"2026-03-01T15:00\"", key)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.zone, fold=0)  # a repeated hour means the first
        # UTC from here on: local times repeat when the clocks go back, and a time in the
        # spring-forward gap is normalised to the real moment it names.
        return moment.astimezone(UTC)

    def day(self, value: Any, where: str, key: str) -> date:
        """A date."""
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(where, f"'{key}' must be a date such as \"2026-02-20\"", key)

    def clock_time(self, value: Any, where: str, key: str) -> time:
        """A time of day."""
        if isinstance(value, time):
            return value
        if isinstance(value, str) and re.match(r"^\d{2}:\d{2}(:\d{2})?$", value):
            try:
                return time.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(where, f"'{key}' must be a time of day such as \"22:00\"", key)

    def number(self, value: Any, where: str, key: str, *, positive: bool = False) -> float:
        """A number from 0 (above 0 if ``positive``)."""
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
            or (positive and value == 0)
        ):
            low = "above 0" if positive else "from 0"
            raise self.fail(where, f"'{key}' must be a number {low}", key)
        return float(value)

    def tables(self, data: dict[str, Any], key: str) -> list[Any]:
        """An array of tables, or none."""
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail("file", f"'{key}' must be a list of [[{key}]] tables", key)
        return value

    def boolean(self, value: Any, where: str, key: str) -> bool:
        """True or false."""
        if not isinstance(value, bool):
            raise self.fail(where, f"'{key}' must be true or false", key)
        return value

    def stage(self, value: Any, where: str, key: str) -> int:
        """An intervention meeting's stage (1, 2 or 3)."""
        if isinstance(value, bool) or value not in INTERVENTION_STAGES:
            names = ", ".join(f"{n} ({words})" for n, words in INTERVENTION_STAGES.items())
            raise self.fail(where, f"'{key}' must be one of {names}", key)
        return int(value)

    def meetings(self, value: Any, where: str) -> tuple[tuple[datetime, int], ...]:
        """Intervention meetings held, each ``{ at, stage }``."""
        key = "intervention_meetings"
        if not isinstance(value, list):
            raise self.fail(where, f"'{key}' must be a list of {{ at, stage }}", key)
        out = []
        for item in value:
            if not isinstance(item, dict) or set(item) != {"at", "stage"}:
                raise self.fail(where, f"each of '{key}' needs exactly 'at' and 'stage'", key)
            out.append((self.moment(item["at"], where, key), self.stage(item["stage"], where, key)))
        return tuple(out)

    def flag(self, value: Any, where: str, key: str) -> str:
        """A risk flag's id."""
        if value not in RISK_FLAGS:
            raise self.fail(
                where, f"unknown risk flag '{value}'; use one of " + ", ".join(RISK_FLAGS), key
            )
        return str(value)

    def missing_risk(self, value: Any, where: str) -> tuple[tuple[datetime, str], ...]:
        """The child's standing gradings of risk of going missing, each ``{ at, level }``."""
        key = "missing_risk"
        levels = ", ".join(f'"{level.value}"' for level in MissingRisk)
        if not isinstance(value, list):
            raise self.fail(where, f"'{key}' must be a list of {{ at, level }}", key)
        out = []
        for item in value:
            if not isinstance(item, dict) or set(item) != {"at", "level"}:
                raise self.fail(where, f"each of '{key}' needs exactly 'at' and 'level'", key)
            if item["level"] not in set(MissingRisk):
                raise self.fail(where, f"a level of '{key}' must be one of {levels}", key)
            out.append((self.moment(item["at"], where, key), str(item["level"])))
        if [at for at, _ in out] != sorted(at for at, _ in out):
            raise self.fail(where, f"'{key}' must be in time order", key)
        return tuple(out)

    def moments(self, value: Any, where: str, key: str) -> tuple[datetime, ...]:
        """A list of times."""
        if not isinstance(value, list):
            raise self.fail(where, f"'{key}' must be a list of times", key)
        return tuple(self.moment(v, where, key) for v in value)
