"""Options and arguments shared by several commands, and the output-format enums."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


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


class FrontDoor(str, Enum):
    """What receives a function's requests (``front_door`` in a workload file)."""

    api_gateway_http = "api_gateway_http"
    api_gateway_rest = "api_gateway_rest"
    api_gateway_websocket = "api_gateway_websocket"
    function_url = "function_url"
    alb = "alb"
    none = "none"


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

DiscountOption = Annotated[
    list[str] | None,
    typer.Option(
        "--discount",
        help="A discount as SERVICE=FRACTION (lambda, ec2, fargate), e.g. lambda=17%; repeatable; "
        "overrides the workload's discounts and --plan for that service.",
        show_default=False,
    ),
]

PlanOption = Annotated[
    str | None,
    typer.Option(
        "--plan",
        help="A named discount plan from pricing/discounts.yaml: compute-savings-plan, ec2-spot, fargate-spot.",
        show_default=False,
    ),
]

ReportFormatOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]

SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="What-if: change the workload before it is priced, as PATH=VALUE: functions.NAME.KEY=VALUE, "
        "'*.KEY=VALUE' (every function) or a top-level key (region=eu-west-1). Values are read and checked as "
        "the file's are; repeatable.",
        metavar="PATH=VALUE",
        show_default=False,
    ),
]

MaxMonthlyCostOption = Annotated[
    str | None,
    typer.Option(
        "--max-monthly-cost",
        help="Budget gate: if the monthly total is above this many USD (e.g. 500), print the report, say by "
        "how much on stderr, and exit with code 3.",
        metavar="USD",
        show_default=False,
    ),
]
