"""``lambdacost diff``: two versions of a workload priced side by side, with budget gates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lambdacost.cli.budget import emit_gated
from lambdacost.cli.common import priced, run
from lambdacost.cli.options import MaxMonthlyCostOption, PricingOption, RegionOption, ReportFormat, SetOption

if TYPE_CHECKING:
    from rich.console import RenderableType

    from lambdacost.plan.budget import Gate


def _file(help: str, metavar: str) -> typer.models.ArgumentInfo:
    return typer.Argument(help=help, metavar=metavar, show_default=False)


def diff(
    base: Annotated[Path, _file("The workload as it is (e.g. the file on the main branch).", "BASE")],
    head: Annotated[Path, _file("The workload as proposed (e.g. the file in the pull request).", "HEAD")],
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    set_: SetOption = None,
    max_monthly_cost: MaxMonthlyCostOption = None,
    max_increase: Annotated[
        str | None,
        typer.Option(
            "--max-increase",
            help="Budget gate: if HEAD costs more than BASE by over this many USD (50) or this share of BASE "
            "(10%), print the report, say by how much on stderr, and exit with code 3.",
            metavar="USD|PCT%",
            show_default=False,
        ),
    ] = None,
    no_free_tier: Annotated[
        bool, typer.Option("--no-free-tier", help="Price both sides without the free tier.")
    ] = False,
    region: RegionOption = None,
    pricing: PricingOption = None,
) -> None:
    """Compare the monthly cost of two workload files, function by function and line by line (--set applies to HEAD)."""

    def action() -> tuple[RenderableType | str, list[Gate]]:
        from lambdacost.plan.diff import diff as plan_diff
        from lambdacost.render.diff import diff_output

        result = plan_diff(
            base, head, overrides=set_ or (), region=region, free_tier=False if no_free_tier else None,
            pricing=pricing, max_monthly_cost=max_monthly_cost, max_increase=max_increase,
        )  # fmt: skip
        return diff_output(result, format.value), result.gates

    emit_gated(*run(priced(action, pricing, format.value)))
