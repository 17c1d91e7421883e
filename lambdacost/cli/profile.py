"""``lambdacost profile``: Lambda's REPORT logs in; what ran, what it cost, and a workload file out."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, priced, run
from lambdacost.cli.options import Architecture, PricingOption

if TYPE_CHECKING:
    from rich.console import RenderableType


class ProfileFormat(str, Enum):
    """Output formats of ``profile``: yaml is a workload file."""

    table = "table"
    json = "json"
    markdown = "markdown"
    yaml = "yaml"


def profile(
    logfiles: Annotated[
        list[str],
        typer.Argument(
            help="Log files: REPORT lines, JSON log lines, `aws logs filter-log-events` output or Logs Insights "
            "exports (CSV/JSON); .gz read directly; - reads standard input.",
            metavar="LOGFILE",
            show_default=False,
        ),
    ],
    function: Annotated[
        str | None,
        typer.Option(
            "--function",
            help="Name of the function the logs are from (default: each file's name; Logs Insights @log names its own).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        ProfileFormat, typer.Option("--format", "-f", help="Output format; yaml writes a workload file.")
    ] = ProfileFormat.table,
    architecture: Annotated[
        Architecture,
        typer.Option("--architecture", help="Architecture the functions run on (the logs do not say it)."),
    ] = Architecture.x86_64,
    right_size: Annotated[
        bool, typer.Option("--right-size", help="Price each function at other memory sizes and recommend one.")
    ] = False,
    window: Annotated[
        str | None,
        typer.Option(
            "--window",
            help="Period the logs cover, e.g. 6h or 7d (default: first to last timestamp; needed when the "
            "records carry no timestamps).",
            show_default=False,
        ),
    ] = None,
    no_free_tier: Annotated[
        bool, typer.Option("--no-free-tier", help="Do not apply the monthly free tier to the projected month.")
    ] = False,
    region: Annotated[
        str | None,
        typer.Option("--region", "-r", help="AWS region code to price in (default: us-east-1).", show_default=False),
    ] = None,
    pricing: PricingOption = None,
) -> None:
    """Profile real usage from Lambda's REPORT logs: traffic, durations, memory, cold starts, the cost of
    what ran, the month it projects to, and (--right-size) the memory size that would have been cheapest."""

    def action() -> RenderableType | str:
        from lambdacost.plan.profile import profile_report
        from lambdacost.render.profile import profile_output, skipped_warning

        result = profile_report(
            logfiles,
            function=function,
            architecture=architecture.value,
            right_size=right_size,
            window=window,
            free_tier=not no_free_tier,
            region=region,
            pricing=pricing,
        )
        if warning := skipped_warning(result):
            sys.stderr.write(warning)
        return profile_output(result, format.value)

    emit(run(priced(action, pricing, format.value)))
