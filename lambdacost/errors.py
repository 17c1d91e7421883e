"""The one error hierarchy of lambdacost.

Every mistake a user can make (a bad file, a bad flag, an impossible request)
raises a subclass of :class:`LambdacostError`. The CLI turns it into one line on
stderr, ``Error: <file>: <field> (line N): <what>``, and exits with the class's
``exit_code``. Exit codes are part of the documented interface (README,
"Exit codes").
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

#: Exit status for success.
EXIT_OK = 0
#: Exit status for an internal error (a bug in lambdacost: please report it).
EXIT_INTERNAL = 1
#: Exit status for invalid input: a workload file, a flag or a price table.
EXIT_INPUT = 2
#: Exit status for a budget gate that failed (``--max-monthly-cost``, ``--max-increase``):
#: the report was printed, and one line on stderr says which limit was passed and by how much.
EXIT_BUDGET = 3


def format_field_path(path: Sequence[str | int]) -> str:
    """Render a location such as ``("functions", 0, "memory")`` as ``functions[0].memory``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class LambdacostError(Exception):
    """Base class of every error lambdacost reports to its user."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        field: str | Sequence[str | int] | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        if field is not None and not isinstance(field, str):
            field = format_field_path(field)
        self.field = field or None
        self.line = line

    def one_line(self) -> str:
        """The single line the CLI prints: ``<file>: <field> (line N): <message>``."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.field:
            parts.append(self.field + (f" (line {self.line})" if self.line else ""))
        elif self.line and parts:
            parts[-1] += f" (line {self.line})"
        parts.append(self.message)
        return ": ".join(parts).replace("\n", " ")

    def __str__(self) -> str:
        return self.one_line()


class InputFileError(LambdacostError):
    """A file could not be read, parsed or validated."""


class PricingError(LambdacostError):
    """A price table is missing, invalid, or lacks the rate a calculation needs."""


class UsageError(LambdacostError):
    """A command-line value is invalid or the request cannot be answered."""
