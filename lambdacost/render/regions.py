"""Renderer for ``lambdacost regions``: per region, the services priced and their unconfirmed rates."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from lambdacost.plan.regions import SERVICES, RegionSummary
from lambdacost.render.common import md_escape, rate_text, to_json

HEADERS = [
    "Region", "Location", "Requests", "x86_64 GB-s", "arm64 GB-s", "Lambda", "EC2", "Fargate", "Services", "Stack",
]  # fmt: skip


def _row(s: RegionSummary) -> dict[str, object]:
    return {
        "region": s.region,
        "location": s.location,
        "request_x86_64": s.request,
        "gb_second_x86_64": s.gb_second_x86_64,
        "gb_second_arm64": s.gb_second_arm64,
        "ec2_instance_types": s.ec2_types,
        "fargate_vcpu_hour_x86_64": s.fargate_vcpu_hour,
        "priced": list(s.priced),
        "unconfirmed_counts": dict(s.unconfirmed),
        "lambda_unconfirmed": list(s.unconfirmed_lambda),
    }


def _service_cell(s: RegionSummary, service: str) -> str:
    """How many of the table's rates for the region are unconfirmed ("0": all read from AWS; EC2:
    instance types priced by scaling, of how many types), "-" where it has no prices there."""
    if service not in s.unconfirmed:
        return "-"
    n = s.unconfirmed[service]
    return f"{n}/{s.ec2_types}" if service == "ec2" else str(n)


def _cells(s: RegionSummary) -> list[str]:
    def rate(value: float | None, unit: str) -> str:
        return "-" if value is None else rate_text(value, unit)

    return [
        s.region,
        s.location or "-",
        rate(s.request, "requests"),
        rate(s.gb_second_x86_64, "GB-s"),
        rate(s.gb_second_arm64, "GB-s"),
        *(_service_cell(s, service) for service in SERVICES),
    ]


def regions_output(
    summaries: Sequence[RegionSummary], sources: Sequence[tuple[str, str, str]], fmt: str
) -> RenderableType | str:
    """The regions as a rich table, or JSON / CSV / Markdown text; ``sources`` is (table, source,
    effective date) per table."""
    if fmt == "json":
        return to_json(
            {
                "sources": [{"table": t, "source": src, "effective_date": d} for t, src, d in sources],
                "regions": [_row(s) for s in summaries],
            }
        )
    if fmt == "csv":
        out = io.StringIO()
        rows = [_row(s) for s in summaries]
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            counts = row["unconfirmed_counts"]
            assert isinstance(counts, dict)
            writer.writerow(
                {
                    **row,
                    "priced": ";".join(row["priced"]),  # type: ignore[arg-type]
                    "unconfirmed_counts": ";".join(f"{k}={v}" for k, v in counts.items()),
                    "lambda_unconfirmed": ";".join(row["lambda_unconfirmed"]),  # type: ignore[arg-type]
                }
            )
        return out.getvalue()
    cells = [_cells(s) for s in summaries]
    notes = [f"{t}: {src} (effective {d})" for t, src, d in sources]
    if fmt == "markdown":
        lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
        lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n\n" + "\n".join(f"- {md_escape(n)}" for n in notes) + "\n"
    table = Table(
        title="Regions and the services priced there (tier-1 Lambda rates; unconfirmed rates by table)",
        title_justify="left",
    )
    for h in HEADERS:
        table.add_column(h, justify="left" if h in ("Region", "Location") else "right")
    for row in cells:
        table.add_row(*row)
    legend = (
        "Lambda, Fargate, Services (Step Functions and the other services decide prices), Stack (API Gateway, "
        "load balancer, CloudWatch Logs): how many of that table's rates for the region are unconfirmed, not read "
        "from AWS (0: none). EC2: instance types priced by scaling / types priced. -: no prices there."
    )
    return Group(table, Text(legend, style="dim"), *(Text(n, style="dim") for n in notes))
