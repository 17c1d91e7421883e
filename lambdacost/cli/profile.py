"""``lambdacost profile``: Lambda's REPORT logs in; what ran, what it cost, and a workload file out."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.common import emit, priced, run
from lambdacost.cli.options import Architecture, PricingOption, RegionOption

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
            metavar="LOGFILE...",
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
    region: RegionOption = None,
    pricing: PricingOption = None,
) -> None:
    """Profile real usage from Lambda's REPORT logs: traffic, durations, memory, cold starts, the cost of
    what ran, the month it projects to, and (--right-size) the memory size that would have been cheapest."""

    def action() -> RenderableType | str:
        from lambdacost.io import loader
        from lambdacost.io.logs import LogReader
        from lambdacost.plan.inputs import workload_region
        from lambdacost.plan.profile import profile as build
        from lambdacost.render import profile as render
        from lambdacost.render.common import to_json

        table = loader.load_lambda_prices(pricing)
        code = workload_region(table, region, None, "us-east-1")
        seconds = _window_seconds(window)
        reader = LogReader(logfiles, function=function)
        result = build(
            reader,
            table,
            region=code,
            architecture=architecture.value,
            free_tier=not no_free_tier,
            window_seconds=seconds,
            right_size=right_size,
            reader=reader,
            name=function or "profiled",
        )
        if reader.skipped_line():
            sys.stderr.write(f"Warning: {reader.skipped_line()}\n")
        if format is ProfileFormat.json:
            return to_json(render.profile_dict(result))
        if format is ProfileFormat.markdown:
            return render.profile_markdown(result)
        if format is ProfileFormat.yaml:
            return render.profile_yaml(result)
        return render.profile_table(result)

    emit(run(priced(action, pricing, format.value)))


def _window_seconds(text: str | None) -> float | None:
    if text is None:
        return None
    from lambdacost.errors import UsageError
    from lambdacost.schema.units import parse_duration_s

    try:
        seconds = float(parse_duration_s(text))
    except ValueError as exc:
        raise UsageError(str(exc), field="--window") from None
    if not seconds > 0:
        raise UsageError(f"{text!r} must be longer than 0", field="--window")
    return seconds
