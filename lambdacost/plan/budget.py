"""Budget gates: ``--max-monthly-cost`` and ``--max-increase``, checked at the cent.

A gate compares money rounded to the cent, as it is shown: a total of
$500.004 is $500.00 and passes ``--max-monthly-cost 500``; $500.01 fails it. A
percentage limit is turned into dollars of the base's total (``10%`` of
$1,234.00 allows $123.40) and checked the same way; with a base of $0 any
increase is over a percentage limit. A failing gate makes the command exit
with :data:`lambdacost.errors.EXIT_BUDGET` after printing its report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lambdacost.errors import UsageError

MAX_MONTHLY_COST = "--max-monthly-cost"
MAX_INCREASE = "--max-increase"


@dataclass(frozen=True)
class Limit:
    """A limit as the user gave it: USD, or (``percent``) a percentage of the base's total."""

    option: str
    amount: float
    percent: bool = False


@dataclass(frozen=True)
class Gate:
    """One budget gate checked: what it measured against what it allows, both in USD a month."""

    limit: Limit
    value: float  # the monthly total, or its increase over the base
    allowed: float  # the limit in USD (a percentage limit: that share of the base's total)
    base: float | None = None  # the base's total (increase gates)

    @property
    def passed(self) -> bool:
        return _cents(self.value) <= _cents(self.allowed)

    @property
    def over_by(self) -> float:
        """How far over the limit, in USD (0 when it passed)."""
        return 0.0 if self.passed else self.value - self.allowed

    @property
    def percent(self) -> float | None:
        """An increase gate's increase as a percentage of the base (None on a base of 0)."""
        if self.base is None or self.base == 0:
            return None
        return self.value / self.base * 100


def _cents(amount: float) -> int:
    return round(amount * 100)


def parse_limit(text: str, option: str, *, percent: bool = False) -> Limit:
    """``500``, ``$1,250.50`` (and with ``percent``, ``10%``) as a :class:`Limit`; anything else is an error."""
    raw = text.strip().replace(",", "").replace("_", "")
    is_percent = raw.endswith("%")
    if is_percent and not percent:
        raise UsageError(
            f"{text!r}: give an amount in USD, e.g. 500 (a percentage is for --max-increase)", field=option
        )
    number = raw.removesuffix("%").strip().removeprefix("$").strip()
    try:
        amount = float(number)
    except ValueError:
        example = "50 (USD) or 10%" if percent else "500 (USD)"
        raise UsageError(f"{text!r} is not an amount; expected e.g. {example}", field=option) from None
    if not math.isfinite(amount) or amount < 0:
        raise UsageError(f"{text!r} must be a finite amount of 0 or more", field=option)
    return Limit(option, amount, is_percent)


def monthly_cost_gate(total: float, limit: Limit) -> Gate:
    """The monthly total against ``--max-monthly-cost``."""
    return Gate(limit, total, limit.amount)


def increase_gate(before: float, after: float, limit: Limit) -> Gate:
    """The increase of the monthly total over the base against ``--max-increase``."""
    allowed = before * limit.amount / 100 if limit.percent else limit.amount
    return Gate(limit, after - before, allowed, base=before)


def gates(
    total: float,
    *,
    max_monthly_cost: str | None = None,
    max_increase: str | None = None,
    base: float | None = None,
) -> list[Gate]:
    """The gates asked for (none when no limit is given), checked against ``total`` (and ``base``)."""
    out = []
    if max_monthly_cost is not None:
        out.append(monthly_cost_gate(total, parse_limit(max_monthly_cost, MAX_MONTHLY_COST)))
    if max_increase is not None:
        if base is None:
            raise UsageError("needs a base to compare with (lambdacost diff BASE HEAD)", field=MAX_INCREASE)
        out.append(increase_gate(base, total, parse_limit(max_increase, MAX_INCREASE, percent=True)))
    return out
