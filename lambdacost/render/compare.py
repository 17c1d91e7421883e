"""Renderers of ``lambdacost compare``: a :class:`~lambdacost.core.compare.Comparison` in, text or a renderable out.

``table`` is a rich renderable (the table, the assumptions and the terminal chart of
:mod:`lambdacost.render.compare_chart`); ``markdown`` and ``to_json_text`` are strings;
the JSON layout is a contract (keys are only ever added). Nothing here prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from lambdacost.core.aws import LAMBDA_MAX_VCPUS, LAMBDA_MB_PER_VCPU
from lambdacost.core.compare import (
    BREAK_EVEN_SEARCH_MAX,
    CHART_RANGE,
    Comparison,
    Option,
    ServiceLoad,
    fleet_architecture,
)
from lambdacost.core.engine import HOURS_PER_MONTH, SECONDS_PER_MONTH
from lambdacost.render.common import md_escape, money, plain_number, to_json
from lambdacost.render.compare_chart import chart_text, short_count
from lambdacost.schema.units import format_duration_s

if TYPE_CHECKING:
    from lambdacost.plan.compare import Context


NEVER = f"never within {BREAK_EVEN_SEARCH_MAX:,.0f}x the current load"


# ---------------------------------------------------------------- numbers and words


def _unit_word(opt: Option) -> str:
    n = opt.count
    word = "task" if opt.kind == "fargate" else "instance"
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _row_label(opt: Option) -> str:
    if opt.kind == "lmi":
        return f"Managed Instances {opt.name}"
    return f"EC2 {opt.name}" if opt.kind == "ec2" else "Fargate"


def _break_even_values(opt: Option, requests: float) -> tuple[float | None, float | None]:
    if opt.break_even_k is None:
        return None, None
    per_month = opt.break_even_k * requests
    return per_month, per_month / SECONDS_PER_MONTH


def break_even_text(opt: Option, requests: float) -> str:
    per_month, per_s = _break_even_values(opt, requests)
    if per_month is None or per_s is None or opt.break_even_k is None:
        return NEVER
    if opt.break_even_k == 0:
        return "at any load (cheaper already at 0)"
    return f"{per_month:,.0f}/month ({per_s:,.3g}/s, {opt.break_even_k:,.3g}x now)"


def _per_million(cost: float, requests: float) -> float:
    return cost / (requests / 1e6)


def assumptions(result: Comparison, ctx: Context) -> dict[str, Any]:
    """The capacity model's assumptions and the load it sized, for every format."""
    cap, load = result.capacity, result.load
    if cap.cpu_seconds_per_request is None:
        cpu_rule = (
            f"duration x Lambda's vCPU share (memory / {LAMBDA_MB_PER_VCPU:,.0f} MB, at most {LAMBDA_MAX_VCPUS} vCPUs)"
        )
    else:
        cpu_rule = f"{format_duration_s(cap.cpu_seconds_per_request)} of CPU per request (--cpu-per-request)"
    burst = (
        "burstable types (t3, t4g) in unlimited mode: full vCPUs, CPU above the baseline billed as surplus credits"
        + (f" at ${ctx.hourly_surplus_credit:g} per vCPU-hour" if ctx.hourly_surplus_credit else "")
        if cap.unlimited
        else "burstable types (t3, t4g) supply only their baseline share of each vCPU"
    )
    return {
        "hours_per_month": HOURS_PER_MONTH,
        "requests_per_month": load.requests_per_month,
        "requests_per_second": load.requests_per_second,
        "cpu_per_request": cpu_rule,
        "vcpus_needed": load.vcpus,
        "concurrency": load.concurrency,
        "memory_needed_mb": load.memory_mb,
        "largest_request_memory_mb": load.request_memory_mb,
        "largest_request_vcpus": load.request_vcpus,
        "target_utilization": cap.target_utilization,
        "unit_supplies": (
            f"vCPUs x {cap.target_utilization:g} and memory x {cap.target_utilization:g}; "
            "one request's memory must fit in one unit"
        ),
        "burstable": burst,
        "unlimited": cap.unlimited,
        "min_instances": cap.min_units,
        "fleet_size": (
            "max(min instances, ceil(peak-hour vCPUs / per unit), ceil(peak-hour memory / per unit)): "
            "a fixed fleet running all month, sized for the busiest hour"
        ),
        "peak_vcpus": load.peak_vcpus,
        "peak_memory_mb": load.peak_memory_mb,
        "peak_concurrency": load.peak_concurrency,
        "peak_factor": load.peak_factor,
        "peak_hour": load.peak_hour if load.peak_hour >= 0 else None,
        "traffic_shape": _shape_rule(load),
        "fleet_architecture": fleet_architecture(load),
        "architecture_rule": _architecture_rule(load),
        "fargate_task": (
            "the smallest valid size with one request's vCPU share, and its memory within the target utilisation"
        ),
        "managed_instances": (
            "sized like EC2, at least 3 instances (one per Availability Zone), fixed-performance types of the "
            "functions' architecture; an instance-hour costs the EC2 price less the ec2 discount plus the "
            "management fee on the on-demand price (pricing/lambda.yaml); every request pays the request rate, "
            "no free tier"
            if any(o.kind == "lmi" for o in result.options)
            else None
        ),
        "free_tier_applied": ctx.free_tier,
        "discounts": [
            {"service": d.service, "fraction": d.fraction, "source": d.source, "applies_to": d.applies_to}
            for d in ctx.discounts
        ],
        "break_even_search_max_multiple": BREAK_EVEN_SEARCH_MAX,
        "chart_range_multiple": list(CHART_RANGE),
        "full_load": (
            "every side is priced for every request; the workload's concurrency limits throttle part of it, "
            "which `lambdacost estimate` does not bill"
            if ctx.throttled
            else None
        ),
        "throttled_functions": [
            {"name": name, "throttled_requests": requests, "throttled_share": share}
            for name, requests, share in ctx.throttled
        ],
    }


def _shape_rule(load: ServiceLoad) -> str:
    if not load.shaped:
        return "flat: no function has a traffic shape, the peak hour is the average"
    return (
        "the busiest hour of the functions' hourly profiles added hour by hour; a function with only a "
        "peak_factor counts at its peak in every hour (peaking with the others); surplus credits are "
        "billed on each hour's CPU (a peak_factor function at its average)"
    )


def _architecture_rule(load: ServiceLoad) -> str:
    arch = fleet_architecture(load)
    if load.arm64_share in (0.0, 1.0):
        return f"{arch}, the functions' architecture, for EC2 and Fargate"
    other = "x86_64" if arch == "arm64" else "arm64"
    share = load.arm64_share if arch == "arm64" else 1.0 - load.arm64_share
    return (
        f"{arch} for EC2 and Fargate alike: the functions mix x86_64 and arm64, and one fleet runs one "
        f"architecture, so it is the one that carries {share:.0%} of the CPU (x86_64 on an even split); "
        f"the {other} functions would be rebuilt for {arch}"
    )


def _peak_line(load: ServiceLoad) -> str:
    if not load.shaped:
        return "Peak hour = average (flat traffic); the fleet is sized for it."
    hour = f" at {load.peak_hour:02d}:00" if load.peak_hour >= 0 else ""
    return (
        f"Peak hour{hour}: {plain_number(load.peak_vcpus)} vCPUs busy, {plain_number(load.peak_concurrency)} requests "
        f"in flight holding {plain_number(load.peak_memory_mb)} MB ({plain_number(load.peak_factor, 3)}x the "
        f"average); the fleet runs all month, so it is sized for that hour. Traffic: {_shape_rule(load)}."
    )


def alternative_line(result: Comparison) -> str | None:
    """When the headline EC2 type never breaks even with Lambda: say so, and name the type that does."""
    head = result.ec2
    if head is None or head.break_even_k is not None:
        return None
    alt = result.break_even_alternative
    requests = result.load.requests_per_month
    said = f"EC2 {head.name}, the cheapest at this load, never breaks even with Lambda within {BREAK_EVEN_SEARCH_MAX:,.0f}x"
    if alt is None:
        return f"{said}; no EC2 type of the catalogue does."
    return (
        f"{said}; the cheapest type here that does is {alt.name} ({_unit_word(alt)}, {money(alt.monthly)}), "
        f"break-even {break_even_text(alt, requests)}."
    )


def _assumption_lines(result: Comparison, ctx: Context) -> list[str]:
    a = assumptions(result, ctx)
    load = result.load
    lines = [
        f"Load: {load.requests_per_month:,.0f} requests a month = {load.requests_per_second:,.4g}/s; "
        f"{plain_number(a['vcpus_needed'])} vCPUs busy on average ({a['cpu_per_request']}); "
        f"{plain_number(load.concurrency)} requests in flight holding {plain_number(load.memory_mb)} MB.",
        _peak_line(load),
        f"A unit supplies {a['unit_supplies']}; {a['burstable']}.",
        f"Fleet architecture: {a['architecture_rule']}.",
        f"Fleet = {a['fleet_size']}, at least {a['min_instances']}; {HOURS_PER_MONTH:g} hours a month; Fargate: {a['fargate_task']}.",
        f"Lambda free tier {'applied' if ctx.free_tier else 'not applied'}.",
    ]
    if a["managed_instances"]:
        lines.insert(5, f"Managed Instances: {a['managed_instances']}.")
    if ctx.discounts:
        for d in ctx.discounts:
            lines.append(f"Discount {d.fraction:.0%} off {d.applies_to} ({d.source}).")
    else:
        lines.append("No discounts applied (on-demand prices); see --discount and --plan.")
    if ctx.throttled:
        lines.append(_throttled_line(ctx))
    lines.append(f"Prices: the AWS price tables in force, Lambda effective {ctx.prices_effective}.")
    if ctx.unconfirmed:
        lines.append(f"Rates not read from AWS for {ctx.region}: {', '.join(ctx.unconfirmed)}.")
    return lines + _stack_lines(result, ctx)


#: The throttled functions the assumptions name; the rest are counted (JSON lists every one).
THROTTLED_NAMED = 5


def _throttled_line(ctx: Context) -> str:
    named = [
        f"{name} {requests:,.0f} a month ({share:.1%})" for name, requests, share in ctx.throttled[:THROTTLED_NAMED]
    ]
    more = len(ctx.throttled) - THROTTLED_NAMED
    if more > 0:
        named.append(f"{more:,} more functions")
    return (
        "Full load: Lambda and the fleets are priced for every request, though the concurrency limits throttle "
        f"{', '.join(named)}, which `lambdacost estimate` does not bill; raise the reserved concurrency (or the "
        "account limit) to serve them on Lambda."
    )


def _front_door_detail(opt: Option) -> str:
    door = opt.units.front_door
    if door is None:
        return ""
    return f" + {'front door' if opt.kind == 'lmi' else 'ALB'} {money(door.monthly)}"


def _stack_lines(result: Comparison, ctx: Context) -> list[str]:
    """What the whole-stack comparison adds: each side's front door."""
    if ctx.stack is None:
        return ["No front door priced (the functions alone against the bare fleets); see --front-door."]
    doors = ", ".join(sorted(set(ctx.stack.front_doors) - {"none"}))
    lines = [
        f"Whole stack: Lambda includes its front door ({doors}): {money(result.lambda_stack_monthly)} a month "
        f"of the {money(result.lambda_monthly)}; CloudWatch Logs are left out on both sides."
    ]
    alb = ctx.stack.fleet_alb
    if alb is not None:
        lines.append(
            f"Each EC2 and Fargate fleet has an Application Load Balancer: {HOURS_PER_MONTH:g} h ({money(alb.hours_monthly)}) + "
            f"{alb.lcus:.4g} LCUs an hour ({money(alb.lcu_monthly)}; EC2 and container targets, 1 GB per LCU), "
            "growing with the load."
        )
    if any(o.kind == "lmi" for o in result.options):
        lines.append("Managed Instances are Lambda: they keep the functions' own front door.")
    return lines


# ---------------------------------------------------------------- JSON


def _option_dict(opt: Option, result: Comparison) -> dict[str, Any]:
    requests = result.load.requests_per_month
    per_month, per_s = _break_even_values(opt, requests)
    u = opt.units
    out: dict[str, Any] = {
        "kind": opt.kind,
        "name": opt.name,
        "architecture": u.architectures[0],
        "count": opt.count,
        "monthly_cost": opt.monthly,
        "cost_per_million_requests": _per_million(opt.monthly, requests),
        "break_even_requests_per_month": per_month,
        "break_even_rps": per_s,
        "break_even_load_multiple": opt.break_even_k,
        "cheaper_than_lambda_now": opt.monthly <= result.lambda_monthly,
        "load_balancer_monthly_cost": u.front_door.monthly if u.front_door is not None else 0.0,
        "load_balancer_lcus_per_hour": u.front_door.lcus if u.front_door is not None else 0.0,
        "vcpus": float(u.vcpus[0]),
        "memory_gib": float(u.memory_mb[0]) / 1024.0,
        "unit_monthly_cost": float(u.monthly[0]),
        "unit_on_demand_monthly_cost": float(u.on_demand_monthly[0]),
        "usable_vcpus_per_unit": float(u.cpu_capacity[0]),
        "usable_memory_mb_per_unit": float(u.memory_capacity_mb[0]),
        "steps": [
            {
                "count": s.count,
                "from_requests_per_month": s.k_from * requests,
                "to_requests_per_month": s.k_to * requests,
                "monthly_cost": s.monthly,
            }
            for s in opt.steps
        ],
    }
    if opt.kind == "ec2":
        out["burstable"] = bool(u.burstable[0])
        out["surplus_credit_vcpus"] = opt.surplus_vcpus
    if opt.kind == "lmi" and u.per_request is not None:
        out["request_charge"] = float(u.per_request[0]) * requests
    return out


def result_dict(result: Comparison, ctx: Context) -> dict[str, Any]:
    """The comparison as the documented JSON contract."""
    requests = result.load.requests_per_month
    return {
        "name": ctx.name,
        "region": ctx.region,
        "currency": "USD",
        "unconfirmed_rates": list(ctx.unconfirmed),
        "lambda": {
            "monthly_cost": result.lambda_monthly,
            "cost_per_million_requests": _per_million(result.lambda_monthly, requests),
            "requests_per_month": requests,
            "requests_per_second": result.load.requests_per_second,
            "free_tier_applied": ctx.free_tier,
            "discount": ctx.discount("lambda"),
            "front_door_monthly_cost": result.lambda_stack_monthly,
            "front_doors": list(ctx.stack.front_doors) if ctx.stack is not None else [],
            "functions": [
                {
                    "name": f.name,
                    "memory_mb": f.memory_mb,
                    "architecture": f.architecture,
                    "duration_ms": f.duration_ms,
                    "requests_per_month": f.requests,
                }
                for f in ctx.functions
            ],
        },
        "options": [_option_dict(o, result) for o in result.options],
        "runners_up": [_option_dict(o, result) for o in result.runners_up],
        "break_even_alternative": (
            _option_dict(result.break_even_alternative, result) if result.break_even_alternative is not None else None
        ),
        "headline_note": alternative_line(result),
        "assumptions": assumptions(result, ctx),
    }


def to_json_text(result: Comparison, ctx: Context) -> str:
    return to_json(result_dict(result, ctx))


# ---------------------------------------------------------------- table and markdown


def _title(result: Comparison, ctx: Context) -> str:
    return f"{ctx.name}: Lambda vs servers, {ctx.region} ({ctx.location}), USD a month"


def _lambda_detail(ctx: Context) -> str:
    if len(ctx.functions) == 1:
        f = ctx.functions[0]
        return f"{f.memory_mb:,} MB, {format_duration_s(f.duration_ms / 1000)}, {f.architecture}"
    return f"{len(ctx.functions)} functions"


def _option_detail(opt: Option) -> str:
    u = opt.units
    if opt.kind in ("ec2", "lmi"):
        return f"{u.vcpus[0]:g} vCPU, {u.memory_mb[0] / 1024:g} GiB, {u.architectures[0]}"
    return f"{u.vcpus[0]:g} vCPU, {u.memory_mb[0] / 1024:g} GB, {u.architectures[0]}"


def break_even_cell(opt: Option, requests: float) -> str:
    """The break-even in a table cell: short numbers."""
    per_month, per_s = _break_even_values(opt, requests)
    if per_month is None or per_s is None:
        return f"never to {BREAK_EVEN_SEARCH_MAX:,.0f}x"
    if per_month == 0:
        return "at any load"
    return f"{short_count(per_month)}/mo, {plain_number(per_s, 3)}/s"


def _rows(result: Comparison, ctx: Context) -> list[tuple[str, str, str, str, str, str]]:
    """(label, detail, fleet, monthly, per 1M, break-even) for Lambda and each option."""
    requests = result.load.requests_per_month
    rows = [
        (
            "Lambda",
            _lambda_detail(ctx) + (f" + front door {money(result.lambda_stack_monthly)}" if ctx.stack else ""),
            "-",
            money(result.lambda_monthly),
            money(_per_million(result.lambda_monthly, requests)),
            "-",
        )
    ]
    for opt in result.options:
        rows.append(
            (
                _row_label(opt),
                _option_detail(opt) + _front_door_detail(opt),
                _unit_word(opt),
                money(opt.monthly),
                money(_per_million(opt.monthly, requests)),
                break_even_cell(opt, requests),
            )
        )
    return rows


_HEADERS = ("Option", "Fleet", "Monthly", "Per 1M", "Break-even")
_BREAK_EVEN_NOTE = (
    f"Break-even: the smallest load at which the option costs no more than Lambda "
    f"(searched up to {BREAK_EVEN_SEARCH_MAX:,.0f}x the current load)."
)


def _runner_up_line(opt: Option, result: Comparison) -> str:
    be = break_even_text(opt, result.load.requests_per_month)
    return f"{opt.name}: {_unit_word(opt)}, {money(opt.monthly)}; break-even {be}"


def table(result: Comparison, ctx: Context, *, chart: bool = True, width: int = 100) -> RenderableType:
    """The comparison as a rich table, the assumptions, and (optionally) the terminal chart."""
    t = Table(title=_title(result, ctx), title_justify="left")
    for i, h in enumerate(_HEADERS):
        t.add_column(h, justify="right" if i in (2, 3) else "left", no_wrap=i > 0)
    for label, detail, *rest in _rows(result, ctx):
        t.add_row(Text(label) + Text("\n" + detail, style="dim"), *rest)
    parts: list[RenderableType] = [t, Text(_BREAK_EVEN_NOTE, style="dim")]
    note = alternative_line(result)
    if note:
        parts.append(Text(note, style="bold"))
    if result.runners_up:
        parts.append(Text(f"Next cheapest of {result.catalogue_size} EC2 types:", style="bold"))
        parts.extend(Text(f"  {_runner_up_line(o, result)}") for o in result.runners_up)
    if not result.options:
        parts.append(Text("No alternative could be priced.", style="bold"))
    parts.append(Text("Assumptions:", style="bold"))
    parts.extend(Text(f"  {line}", style="dim") for line in _assumption_lines(result, ctx))
    if chart:
        parts.append(Text(chart_text(result, ctx, width=min(width, 100))))
    return Group(*parts)


def markdown(result: Comparison, ctx: Context) -> str:
    """GitHub-flavoured Markdown: the table, the next cheapest types and the assumptions."""
    out = [f"### {md_escape(_title(result, ctx))}", "", "| " + " | ".join(_HEADERS) + " |", "|---|---|---:|---:|---|"]
    out += [
        f"| {md_escape(label)} ({md_escape(detail)}) | " + " | ".join(md_escape(c) for c in rest) + " |"
        for label, detail, *rest in _rows(result, ctx)
    ]
    out += ["", _BREAK_EVEN_NOTE]
    note = alternative_line(result)
    if note:
        out += ["", f"**{md_escape(note)}**"]
    if result.runners_up:
        out += ["", f"Next cheapest of {result.catalogue_size} EC2 types:", ""]
        out += [f"- {md_escape(_runner_up_line(o, result))}" for o in result.runners_up]
    out += ["", "Assumptions:", ""]
    out += [f"- {md_escape(line)}" for line in _assumption_lines(result, ctx)]
    return "\n".join(out) + "\n"


def compare_output(result: Comparison, ctx: Context, fmt: str, *, chart: bool = True) -> RenderableType | str:
    """The comparison in the output format ``fmt`` (table, json or markdown)."""
    if fmt == "json":
        return to_json_text(result, ctx)
    if fmt == "markdown":
        return markdown(result, ctx)
    return table(result, ctx, chart=chart)
