"""Renderer for ``lambdacost decide``: a :class:`~lambdacost.core.decide.Decision` in, a table or text out.

The JSON layout is a documented contract (notes/decide-README.md): ``recommendation``
and ``options[]`` with ``service``, ``feasible``, ``reasons``, ``cost_per_run`` and
``monthly_cost`` (null where the option does not fit or cannot be priced); keys
are only ever added.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from lambdacost.core.decide import Decision, Option
from lambdacost.render.common import md_escape, money, to_json
from lambdacost.schema.units import format_duration_s, format_size_mb

#: How to split work for Step Functions (the seed's chunking and recursive-invocation patterns).
CHUNKING_NOTE = (
    "How to chunk: split the input into independent pieces (e.g. 1M records -> 100 chunks of 10K) and give each "
    "Lambda step one piece of at most 12 minutes, passing the position reached (offset, counts) in its output; a Map "
    "state runs independent chunks in parallel. Without Step Functions, a recursive Lambda checks "
    "context.get_remaining_time_in_millis() and, with under 30 s left, invokes itself asynchronously with the "
    "remaining items. Make each step idempotent: retries run it again."
)


def fine_money(amount: float | None) -> str:
    """Costs per run are often a few cents: four decimals under $1, otherwise as :func:`money`."""
    if amount is None:
        return "-"
    if 0 < abs(amount) < 1:
        return f"${amount:.4f}"
    return money(amount)


def _verdict(o: Option) -> str:
    if not o.feasible:
        return "no"
    return "yes" if o.priced else "yes (not priced)"


def _job_line(d: Decision) -> str:
    j = d.job
    what = "a service running all month" if j.continuous else f"a {format_duration_s(j.duration_s)} job"
    runs = "" if j.continuous else f", {j.runs_per_month:,.4g} run{'s' if j.runs_per_month != 1 else ''} a month"
    vcpus = f", {j.vcpus:g} vCPU" if j.vcpus is not None else ""
    disk = f", {format_size_mb(j.storage_mb)} disk" if j.storage_mb != 512 else ""
    flags = "".join([", not chunkable" if not j.chunkable else "", ", GPU" if j.gpu else ""])
    return f"{what}, {format_size_mb(j.memory_mb)}{vcpus}, {j.architecture}{disk}{runs}{flags}, {d.rates.region}"


def _cheaper_lines(d: Decision) -> list[str]:
    rec = d.option(d.recommendation)
    out = []
    for c in d.cheaper:
        caveat = " (Spot: may be interrupted)" if c.service.endswith("spot") else ""
        out.append(
            f"{c.service} is {c.saving:.0%} cheaper: {fine_money(c.monthly_cost)} a month against "
            f"{fine_money(rec.monthly_cost)} for {d.recommendation}{caveat}."
        )
    return out


def _pricing_lines(d: Decision) -> list[str]:
    dates = ", ".join(f"{table} {date}" for table, _, date in d.rates.sources)
    lines = [f"Price tables (pricing/*.yaml) effective: {dates}."]
    if d.rates.unconfirmed:
        lines.append(f"Unconfirmed rates used: {', '.join(d.rates.unconfirmed)}.")
    lines += [f"Not priced: {why}." for why in d.rates.missing.values()]
    return lines


def decide_dict(d: Decision) -> dict[str, Any]:
    """The decision as the JSON contract."""
    j = d.job
    return {
        "recommendation": d.recommendation,
        "guide": {"choice": d.guide_choice, "band": d.guide_band},
        "why": list(d.why),
        "job": {
            "duration_s": None if j.continuous else j.duration_s,
            "memory_mb": j.memory_mb,
            "vcpus": j.vcpus,
            "container_vcpus": j.container_vcpus,
            "lambda_memory_mb": d.lambda_memory_mb,
            "runs_per_month": None if j.continuous else j.runs_per_month,
            "architecture": j.architecture,
            "storage_mb": j.storage_mb,
            "chunkable": j.chunkable,
            "continuous": j.continuous,
            "gpu": j.gpu,
            "region": d.rates.region,
            "lambda_steps": None if j.continuous else d.steps,
        },
        "currency": "USD",
        "free_tier_applied": False,
        "options": [
            {
                "service": o.service,
                "label": o.label,
                "feasible": o.feasible,
                "priced": o.priced,
                "recommended": o.service == d.recommendation,
                "reasons": list(o.reasons),
                "setup": o.setup,
                "cost_per_run": o.cost_per_run,
                "monthly_cost": o.monthly_cost,
                "line_items": o.line_items,
                "complexity": o.complexity,
                "max_run_time": o.max_run_time,
            }
            for o in d.options
        ],
        "cheaper_alternatives": [
            {"service": c.service, "monthly_cost": c.monthly_cost, "saving": c.saving} for c in d.cheaper
        ],
        "chunking": CHUNKING_NOTE if d.recommendation == "step-functions" else None,
        "notes": list(d.notes),
        "pricing": {
            "region": d.rates.region,
            "sources": [{"table": t, "source": s, "effective_date": e} for t, s, e in d.rates.sources],
            "unconfirmed_rates": list(d.rates.unconfirmed),
            "not_priced": list(d.rates.missing.values()),
        },
    }


def decide_table(d: Decision) -> RenderableType:
    """The options as a rich table (the recommendation highlighted), why each fits or not, then the notes."""
    table = Table(title=f"Where to run {_job_line(d)} (USD)", title_justify="left")
    table.add_column("Option")
    table.add_column("Fits")
    table.add_column("Setup")
    table.add_column("Per run", justify="right")
    table.add_column("Per month", justify="right")
    table.add_column("Complexity")
    for o in d.options:
        recommended = o.service == d.recommendation
        table.add_row(
            Text(("> " if recommended else "  ") + o.service, style="bold green" if recommended else ""),
            Text(_verdict(o), style="green" if o.feasible else "red"),
            o.setup,
            fine_money(o.cost_per_run),
            fine_money(o.monthly_cost),
            o.complexity,
            style="bold" if recommended else None,
        )
    rec = d.option(d.recommendation)
    head = Text(f"Recommendation: {rec.label} ({rec.service})", style="bold green")
    if rec.monthly_cost is not None:
        head.append(f", {fine_money(rec.monthly_cost)} a month, {fine_money(rec.cost_per_run)} a run")
    said = Table.grid(padding=(0, 1))
    said.add_column(no_wrap=True)
    said.add_column()
    for w in d.why:
        said.add_row("-", w)
    for line in _cheaper_lines(d):
        said.add_row("-", Text(line, style="yellow"))
    parts: list[RenderableType] = [table, head, said]
    if d.recommendation == "step-functions":
        parts.append(Text(CHUNKING_NOTE))
    parts.append(Text("Why each option fits or not:", style="bold"))
    reasons = Table.grid(padding=(0, 1))
    reasons.add_column(no_wrap=True)
    reasons.add_column()
    for o in d.options:
        text = Text(f"{o.label}, max {o.max_run_time}: ", style="italic")
        text.append("; ".join(o.reasons), style="" if o.feasible else "red")
        reasons.add_row(Text(o.service, style="bold"), text)
    parts.append(reasons)
    parts += [Text(n, style="dim") for n in (*d.notes, *_pricing_lines(d))]
    return Group(*parts)


def decide_markdown(d: Decision) -> str:
    """A GitHub-flavoured Markdown table of the options, then the recommendation and notes."""
    rows = [
        f"### Where to run {md_escape(_job_line(d))} (USD)",
        "",
        "| Option | Fits | Per run | Per month | Complexity | Max run | Why |",
        "|---|---|---:|---:|---|---|---|",
    ]
    for o in d.options:
        name = f"**{o.label}** (recommended)" if o.service == d.recommendation else o.label
        why = "; ".join([o.setup, *o.reasons] if o.setup != "-" else o.reasons)
        rows.append(
            f"| {name} `{o.service}` | {_verdict(o)} | {fine_money(o.cost_per_run)} | {fine_money(o.monthly_cost)} | "
            f"{o.complexity} | {o.max_run_time} | {md_escape(why)} |"
        )
    rec = d.option(d.recommendation)
    rows += [
        "",
        f"**Recommendation: {rec.label} (`{rec.service}`)**"
        + (f", {money(rec.monthly_cost)} a month." if rec.monthly_cost is not None else "."),
        "",
    ]
    rows += [f"- {w}" for w in d.why]
    rows += [f"- {line}" for line in _cheaper_lines(d)]
    if d.recommendation == "step-functions":
        rows += ["", CHUNKING_NOTE]
    rows += ["", *(f"- {n}" for n in (*d.notes, *_pricing_lines(d)))]
    return "\n".join(rows) + "\n"


def decide_output(d: Decision, fmt: str) -> RenderableType | str:
    """The decision in the requested format (table, json or markdown)."""
    if fmt == "json":
        return to_json(decide_dict(d))
    if fmt == "markdown":
        return decide_markdown(d)
    return decide_table(d)
