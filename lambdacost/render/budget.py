"""Budget gates as text: the line a failing gate prints on stderr, and each gate as JSON.

Formats numbers; computes none.
"""

from __future__ import annotations

from typing import Any

from lambdacost.plan.budget import MAX_MONTHLY_COST, Gate
from lambdacost.render.common import money


def signed_money(amount: float) -> str:
    """``+$1.20``, ``-$0.40``, ``$0.00``."""
    text = money(amount)
    return text if text.startswith("-") or text == "$0.00" else "+" + text


def percent_text(value: float | None, *, new: bool = False) -> str:
    """``+12.0%``; ``new`` when there was nothing before; empty when there is nothing to say."""
    if value is None:
        return "new" if new else ""
    return f"{value:+.1f}%"


def limit_text(gate: Gate) -> str:
    """The limit as given: ``--max-increase 10% ($123.40)`` or ``--max-monthly-cost $500.00``."""
    if gate.limit.percent:
        return f"{gate.limit.option} {gate.limit.amount:g}% ({money(gate.allowed)})"
    return f"{gate.limit.option} {money(gate.limit.amount)}"


def gate_text(gate: Gate) -> str:
    """What a gate measured and whether it passed, in one sentence."""
    if gate.limit.option == MAX_MONTHLY_COST:
        measured = f"the monthly cost is {money(gate.value)}"
    else:
        pct = percent_text(gate.percent)
        measured = f"the monthly cost changes by {signed_money(gate.value)}" + (f" ({pct})" if pct else "")
        if gate.base == 0:
            measured += " from $0.00"
    if gate.passed:
        return f"Within budget: {limit_text(gate)}: {measured}."
    return f"Over budget: {limit_text(gate)}: {measured}, {money(gate.over_by)} over the limit."


def gate_dict(gate: Gate) -> dict[str, Any]:
    """A gate as JSON: the option, its limit as given and in USD, what was measured, and the verdict."""
    return {
        "option": gate.limit.option,
        "limit": gate.limit.amount,
        "limit_is_percent": gate.limit.percent,
        "allowed": gate.allowed,
        "value": gate.value,
        "passed": gate.passed,
        "over_by": gate.over_by,
    }
