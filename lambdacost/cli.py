"""The command line: thin Typer commands over loader -> engine -> render.

This is the only module that prints or exits. Heavy modules (numpy, pydantic,
yaml, the renderers) are imported inside the commands so that ``lambdacost
--help`` starts fast. Every :class:`~lambdacost.errors.LambdacostError` becomes
one line on stderr, ``Error: <file>: <field> (line N): <what>``, and its exit
code (2 for bad input); results go to stdout only once they are complete.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from lambdacost import __version__
from lambdacost.errors import EXIT_INPUT, LambdacostError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from lambdacost.pricing import LambdaPriceTable

T = TypeVar("T")

app = typer.Typer(
    name="lambdacost",
    help=(
        "Cost and capacity planning for AWS Lambda, offline, from shipped AWS price tables.\n\n"
        "Exit codes: 0 success; 1 internal error (a bug: please report it); 2 invalid input "
        "(file, option or price table)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    """Output formats of ``estimate`` and ``regions``."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ReportFormat(str, Enum):
    """Output formats of the commands whose results are not one row per line item (no CSV)."""

    table = "table"
    json = "json"
    markdown = "markdown"


class Architecture(str, Enum):
    """A Lambda architecture, as an option value."""

    x86_64 = "x86_64"
    arm64 = "arm64"


WorkloadArgument = Annotated[
    Path,
    typer.Argument(
        help="Workload file (YAML). `lambdacost schema` prints its JSON Schema.",
        metavar="WORKLOAD",
        show_default=False,
    ),
]

RegionOption = Annotated[
    str | None,
    typer.Option("--region", "-r", help="AWS region code; overrides the file's region.", show_default=False),
]

PricingOption = Annotated[
    Path | None,
    typer.Option(
        "--pricing",
        help="Folder of price tables to use instead of the shipped ones (same file layout as pricing/).",
        show_default=False,
    ),
]


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
    return {"file": workload, "field": "region"}


def emit(output: RenderableType | str) -> None:
    """Write a finished result to stdout: text as is, renderables through rich."""
    if isinstance(output, str):
        sys.stdout.write(output)
        return
    from rich.console import Console

    Console(soft_wrap=False).print(output)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"lambdacost {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Cost and capacity planning for AWS Lambda."""


@app.command()
def estimate(
    workload: WorkloadArgument,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
    no_free_tier: Annotated[
        bool,
        typer.Option("--no-free-tier", help="Do not apply the monthly free tier (overrides the file's free_tier)."),
    ] = False,
    region: RegionOption = None,
    detail: Annotated[
        bool | None,
        typer.Option(
            "--detail/--summary",
            help="Table: every function's line items, or the workload's line items summed and one row per function "
            "(default: detail up to 25 functions).",
            show_default=False,
        ),
    ] = None,
    pricing: PricingOption = None,
) -> None:
    """Price a workload's functions for one month, line by line, as AWS bills them."""

    def action() -> RenderableType | str:
        from lambdacost import loader, render
        from lambdacost.estimate import estimate as price

        wl = loader.load_workload(workload)
        table = loader.load_lambda_prices(pricing)
        code = workload_region(table, region, workload, wl.region)
        est = price(wl, table, region=code, free_tier=False if no_free_tier else None)
        if format is OutputFormat.csv:
            return render.estimate_csv(est)
        if format is OutputFormat.markdown:
            return render.estimate_markdown(est)
        from lambdacost import render_capacity
        from lambdacost.cli_capacity import capacity_view

        view = capacity_view(wl, table, code, free_tier=est.free_tier)
        if format is OutputFormat.json:
            return render.to_json({**render.estimate_dict(est), "capacity": render_capacity.capacity_dict(view)})
        from rich.console import Group

        return Group(render.estimate_table(est, detail=detail), "", render_capacity.capacity_summary(view))

    emit(run(action))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the workload file (for editors and CI validation)."""
    from lambdacost.models import workload_json_schema
    from lambdacost.render import to_json

    emit(to_json(workload_json_schema()))


@app.command()
def regions(
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format (table, json, csv or markdown).")
    ] = OutputFormat.table,
    pricing: PricingOption = None,
) -> None:
    """List the regions of the Lambda price table with their main rates."""

    def action() -> RenderableType | str:
        from lambdacost import loader, render_regions

        return render_regions.regions_output(loader.load_lambda_prices(pricing), format.value)

    emit(run(action))


@app.command()
def examples(
    name: Annotated[
        str | None,
        typer.Argument(
            help="An example's name: print its YAML (to start a workload file from it).",
            metavar="NAME",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List the example workloads shipped with lambdacost, or print one."""

    def action() -> str:
        from lambdacost import loader
        from lambdacost.errors import UsageError

        paths = {p.stem: p for p in loader.shipped_workloads()}
        if name is None:
            width = max(len(n) for n in paths)
            lines = []
            for stem, path in paths.items():
                text = loader.read_text(path)
                first = next((ln.lstrip("# ").rstrip() for ln in text.splitlines() if ln.startswith("#")), "")
                lines.append(f"{stem:<{width}}  {path}\n{'':<{width}}  {first}")
            return "\n".join(lines) + "\n"
        if name not in paths:
            raise UsageError(f"no example named {name!r}; examples: {', '.join(paths)}", field="NAME")
        return loader.read_text(paths[name])

    emit(run(action))


def main() -> None:
    """Console-script entry point."""
    # lambdacost uses no pydantic plugins; not looking for them saves the CLI
    # about 20 ms of package-metadata scanning at start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.stderr.write("Interrupted\n")
        sys.exit(130)


__all__ = ["EXIT_INPUT", "app", "main"]

# Commands that live in their own modules register themselves on import.
from lambdacost import cli_capacity, cli_compare, cli_decide  # noqa: E402,F401,I001
