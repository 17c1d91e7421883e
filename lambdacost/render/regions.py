"""Renderer for ``lambdacost regions``: the Lambda price table by region."""

from __future__ import annotations

import csv
import io

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from lambdacost.render.common import rate_text, to_json
from lambdacost.schema.prices import LambdaPriceTable


def _rows(table: LambdaPriceTable) -> list[dict[str, object]]:
    rows = []
    for code, reg in sorted(table.regions.items()):
        rows.append(
            {
                "region": code,
                "location": reg.location,
                "request_x86_64": reg.request.x86_64,
                "request_arm64": reg.request.arm64,
                "gb_second_x86_64": reg.duration.x86_64[0].rate,
                "gb_second_arm64": reg.duration.arm64[0].rate,
                "provisioned_concurrency_x86_64": reg.provisioned_concurrency.x86_64,
                "unconfirmed": list(reg.unconfirmed),
            }
        )
    return rows


def regions_output(table: LambdaPriceTable, fmt: str) -> RenderableType | str:
    """The regions as a rich table, or JSON / CSV / Markdown text."""
    rows = _rows(table)
    if fmt == "json":
        return to_json(
            {"source": table.source.strip(), "effective_date": table.effective_date.isoformat(), "regions": rows}
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "unconfirmed": ";".join(row["unconfirmed"])})  # type: ignore[arg-type]
        return out.getvalue()
    headers = [
        "Region",
        "Location",
        "Requests",
        "x86_64 GB-s (tier 1)",
        "arm64 GB-s (tier 1)",
        "PC x86_64",
        "Unconfirmed",
    ]
    cells = [
        [
            str(r["region"]),
            str(r["location"]),
            rate_text(float(r["request_x86_64"]), "requests"),  # type: ignore[arg-type]
            rate_text(float(r["gb_second_x86_64"]), "GB-s"),  # type: ignore[arg-type]
            rate_text(float(r["gb_second_arm64"]), "GB-s"),  # type: ignore[arg-type]
            rate_text(float(r["provisioned_concurrency_x86_64"]), "GB-s"),  # type: ignore[arg-type]
            ", ".join(r["unconfirmed"]) or "-",  # type: ignore[arg-type]
        ]
        for r in rows
    ]
    if fmt == "markdown":
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(c) + " |" for c in cells]
        return "\n".join(lines) + "\n"
    rich_table = Table(title=f"AWS Lambda prices, effective {table.effective_date}", title_justify="left")
    for h in headers:
        rich_table.add_column(h, justify="right" if "GB-s" in h or h in ("Requests", "PC x86_64") else "left")
    for c in cells:
        rich_table.add_row(*c)
    return Group(rich_table, Text(f"Source: {table.source.strip()}", style="dim"))
