"""What every command does around its work: one error line and an exit code, the
region to price in, and writing a finished result to stdout."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from lambdacost.errors import LambdacostError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from lambdacost.schema.prices import LambdaPriceTable

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


def workload_region(table: LambdaPriceTable, option: str | None, workload: Path | None, file_region: str) -> str:
    """The region to price in: ``--region``, else the workload file's; an unknown one is an
    error naming where it came from (the option, or the file's ``region`` field)."""
    from lambdacost.errors import UsageError

    code = option or file_region
    if code not in table.regions:
        known = ", ".join(sorted(table.regions))
        where = region_source(option, workload)
        raise UsageError(f"unknown region {code!r}; known regions: {known}", **where)
    return code


def region_source(option: str | None, workload: Path | None) -> dict[str, Any]:
    """Where the region came from, for errors about it: ``--region``, or the file's field."""
    if option or workload is None:
        return {"field": "--region"}
    return {"file": "<stdin>" if str(workload) == "-" else workload, "field": "region"}


def emit(output: RenderableType | str) -> None:
    """Write a finished result to stdout: text as is, renderables through rich."""
    if isinstance(output, str):
        sys.stdout.write(output)
        return
    from rich.console import Console

    Console(soft_wrap=False).print(output)
