"""What every command does around its work: one error line and an exit code, writing a
finished result to stdout, and a file an option names."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from lambdacost.errors import LambdacostError

if TYPE_CHECKING:
    from rich.console import RenderableType

T = TypeVar("T")


def fail(error: LambdacostError) -> NoReturn:
    """Print one error line on stderr and exit with the error's code."""
    sys.stderr.write(f"Error: {error.one_line()}\n")
    raise typer.Exit(error.exit_code)


def run(action: Callable[[], T]) -> T:
    """Run ``action``, turning lambdacost's own errors into one line and an exit code."""
    try:
        return action()
    except LambdacostError as error:
        fail(error)


def write_file(path: Path, data: bytes, *, field: str) -> None:
    """Write ``data`` to ``path``; a failure is a usage error naming the option that named the file."""
    from lambdacost.errors import UsageError

    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {str(path)!r}: {exc.strerror or exc}", field=field) from None


def emit(output: RenderableType | str) -> None:
    """Write a finished result to stdout: text as is, renderables through rich."""
    if isinstance(output, str):
        sys.stdout.write(output)
        return
    from rich.console import Console

    Console(soft_wrap=False).print(output)


def priced(action: Callable[[], T], pricing: Path | None, fmt: str) -> Callable[[], T]:
    """``action`` whose output (or the output first in the tuple it returns) names the price set."""

    def with_set() -> Any:
        result: Any = action()
        if isinstance(result, tuple):
            return (with_price_set(result[0], pricing, fmt), *result[1:])
        return with_price_set(result, pricing, fmt)

    return with_set


def with_price_set(output: RenderableType | str, pricing: Path | None, fmt: str) -> RenderableType | str:
    """``output`` naming the price set it was priced with: a last line for tables and Markdown, a
    top-level ``price_set`` key for JSON; CSV stays rows only."""
    from lambdacost.io import tables

    ps = tables.price_set(pricing)
    if fmt == "csv":
        return output
    if isinstance(output, str):
        if fmt == "json":
            import json

            indented = output.startswith("{\n")
            if indented:
                value = json.dumps(ps.as_dict(), indent=2).replace("\n", "\n  ")
                return '{\n  "price_set": ' + value + ",\n" + output[2:]
            return '{"price_set": ' + json.dumps(ps.as_dict()) + ", " + output[1:]
        if fmt == "yaml":  # a workload file (profile): the line stays a comment
            return output.rstrip("\n") + "\n# " + ps.label() + "\n"
        return output.rstrip("\n") + "\n\n" + ps.label() + "\n"
    from rich.console import Group
    from rich.text import Text

    return Group(output, Text(ps.label(), style="dim"))
