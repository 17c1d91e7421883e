"""Renderers of ``profile --right-size``: candidates per function and the recommendation in words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import RenderableType
from rich.table import Table

from lambdacost.core.rightsize import MEMORY_HEADROOM
from lambdacost.render.common import md_escape, money

if TYPE_CHECKING:
    from lambdacost.plan.profile import Profile
    from lambdacost.plan.rightsize import Candidate, RightSize

HEADERS = ("Memory", "Mean billed ms", "p99 ms", "Cost a month", "vs now", "")


def _range(lo: float, hi: float, fmt: Any, sep: str = "–") -> str:
    a, b = fmt(lo), fmt(hi)
    return a if a == b else f"{a}{sep}{b}"


def _ms(ms: float) -> str:
    from lambdacost.render.profile import ms_text

    return ms_text(ms)


def _number_ms(ms: float) -> str:
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:,.1f}"


def _mb(mb: float) -> str:
    return f"{mb:,.0f} MB"


def _delta(amount: float) -> str:
    return "+" + money(amount) if amount > 0.005 else money(amount)


def candidate_row(r: RightSize, c: Candidate, k: int) -> tuple[str, ...]:
    mark = []
    if k == r.recommended:
        mark.append("recommended")
    if c.memory_mb == r.memory_mb:
        mark.append("now")
    elif c.observed:
        mark.append("observed")
    if c.memory_mb < r.smallest_fit_mb:
        mark.append("too small")
    lo, hi = c.cost[0] - r.current_cost, c.cost[1] - r.current_cost
    return (
        _mb(c.memory_mb),
        _range(*c.mean_ms, _number_ms),
        _range(*c.p99_ms, _number_ms),
        _range(*c.cost, money),
        _range(lo, hi, _delta),
        ", ".join(mark),
    )


def advice(r: RightSize) -> str:
    """The recommendation, in the words a user would act on."""
    c = r.pick
    save_hi, save_lo = r.current_cost - c.cost[0], r.current_cost - c.cost[1]
    p99 = _range(*c.p99_ms, _ms, " to ")
    if c.memory_mb == r.memory_mb:
        head = f"Keep {r.function} at {_mb(r.memory_mb)}: no candidate is cheaper"
        if r.model == "bounds":
            head += " whatever the work is bound by"
        return head + "."
    verb = "Lower" if c.memory_mb < r.memory_mb else "Raise"
    if abs(save_hi) < 0.005 and abs(save_lo) < 0.005:
        money_part = "costs about the same"
    elif save_hi > 0:
        money_part = f"saves {_range(max(save_lo, 0.0), save_hi, money, ' to ')} a month"
    else:
        money_part = f"costs {_range(-save_hi, -save_lo, money, ' to ')} more a month"
    why = ""
    if c.memory_mb > r.memory_mb and r.max_used_mb * (1 + MEMORY_HEADROOM) > r.memory_mb:
        why = f" (max memory used {_mb(r.max_used_mb)} leaves less than {MEMORY_HEADROOM:.0%} headroom)"
    text = f"{verb} {r.function} from {_mb(r.memory_mb)} to {_mb(c.memory_mb)}{why}: {money_part}; p99 {p99} (now {_ms(r.current_p99_ms)})."
    text += f" Performance risk: {r.risk}."
    if r.model == "bounds":
        text += (
            " The logs hold one memory size, so the duration is a range: unchanged if the work waits on I/O, "
            "scaled with the vCPU share if it is CPU-bound. Try the size on one alias or a test run before switching."
        )
    else:
        a, b = r.fit or (0.0, 0.0)
        sizes = sum(x.observed for x in r.candidates)
        text += (
            f" Durations fitted to the {sizes} memory sizes in the logs (d = {a:,.0f} ms + {b:,.0f} ms / vCPU share)."
        )
    return text


def _title(r: RightSize) -> str:
    if r.max_used_mb != r.max_used_mb:  # NaN: the export has no Max Memory Used
        return (
            f"Right-sizing {r.function}: {_mb(r.memory_mb)} now; max memory used is not in the logs, so no smaller size"
        )
    return (
        f"Right-sizing {r.function}: {_mb(r.memory_mb)} now, max memory used {_mb(r.max_used_mb)}, "
        f"smallest with {MEMORY_HEADROOM:.0%} headroom {_mb(r.smallest_fit_mb)}"
    )


def right_size_tables(p: Profile) -> list[RenderableType]:
    out: list[RenderableType] = []
    for r in p.right_size:
        table = Table(title=_title(r), box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
        for k, header in enumerate(HEADERS):
            table.add_column(header, justify="right" if 0 < k < 5 else "left", no_wrap=True)
        for k, c in enumerate(r.candidates):
            table.add_row(*candidate_row(r, c, k))
        out += [table, advice(r), ""]
    out.append(MEASURED)
    return out


MEASURED = (
    "Measured: billed durations and max memory used at the sizes the logs hold. Modelled: durations at other sizes "
    "(a range between CPU-bound and unchanged, or a fit across the sizes observed); INIT and restore times unchanged. "
    "Costs: the projected month, the other functions as observed."
)


def right_size_lines(p: Profile, *, markdown: bool) -> list[str]:
    lines = []
    for r in p.right_size:
        lines += [f"### {md_escape(_title(r))}", "", "| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
        lines += [
            "| " + " | ".join(md_escape(x) for x in candidate_row(r, c, k)) + " |" for k, c in enumerate(r.candidates)
        ]
        lines += ["", md_escape(advice(r)), ""]
    return [*lines, MEASURED]


def right_size_dict(p: Profile) -> list[dict[str, Any]]:
    return [
        {
            "function": r.function,
            "model": r.model,
            "fit_ms": None if r.fit is None else {"a": r.fit[0], "b_per_vcpu_share": r.fit[1]},
            "memory_mb": r.memory_mb,
            "max_memory_used_mb": None if r.max_used_mb != r.max_used_mb else r.max_used_mb,
            "headroom": MEMORY_HEADROOM,
            "smallest_fit_mb": r.smallest_fit_mb,
            "current_month_cost": r.current_cost,
            "current_p99_ms": r.current_p99_ms,
            "recommended_mb": r.pick.memory_mb,
            "risk": r.risk,
            "advice": advice(r),
            "candidates": [
                {
                    "memory_mb": c.memory_mb,
                    "observed": c.observed,
                    "fits": c.memory_mb >= r.smallest_fit_mb,
                    "mean_billed_ms": {"low": c.mean_ms[0], "high": c.mean_ms[1]},
                    "p99_ms": {"low": c.p99_ms[0], "high": c.p99_ms[1]},
                    "month_cost": {"low": c.cost[0], "high": c.cost[1]},
                }
                for c in r.candidates
            ],
        }
        for r in p.right_size
    ]
