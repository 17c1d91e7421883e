"""What every command does around its work: one error line and an exit code, writing a
finished result to stdout, and a file an option names."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

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
