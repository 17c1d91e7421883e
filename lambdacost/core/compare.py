"""Lambda against a server fleet (EC2 instances or Fargate tasks): pure numpy.

No file access, no printing, no imports of typer, rich or yaml. The load is a
multiplier ``k`` of the workload's own load (``k = 1``: the requests it gives);
every cost is a function of ``k``, evaluated on arrays of ``k``.

The capacity model (every number here is shown to the user as an assumption):

* A request needs ``duration x vCPU share`` vCPU-seconds, where the vCPU share
  is the function's Lambda CPU allocation, ``min(memory MB / 1,769, 6)``, unless
  a CPU time per request is given. The service needs on average
  ``requests/s x vCPU-seconds per request`` vCPUs.
* It holds on average ``requests/s x duration s`` requests at once (Little's
  law), each with the function's memory setting.
* A unit (an instance or a task) supplies ``vCPUs x target utilisation``; a
  burstable instance (t3, t4g) only its baseline share of each vCPU, unless it
  runs in unlimited mode, where it supplies the full vCPUs and the CPU used
  above the baseline is billed as surplus credits per vCPU-hour. A unit
  supplies ``memory x target utilisation`` of memory, and must hold at least
  one request (the largest memory setting) in that.
* The fleet is ``max(min units, ceil(vCPUs needed / per unit),
  ceil(memory needed / per unit))`` units, running 730 hours a month.

The Lambda cost comes from :func:`lambdacost.core.engine.price_functions`, with the
requests scaled along a leading scenario axis. It is continuous, non-decreasing
and piecewise linear in ``k`` (request and GB-second free tier, volume tiers,
provisioned concurrency caps); the fleet cost is a step function (plus, in
unlimited mode, a linear surplus-credit charge within each step). The break-even
is found exactly: the breakpoints of both are enumerated, and on each piece
where both are linear the crossing is solved as a linear equation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from lambdacost.core.billing2026 import LMI_MIN_INSTANCES
from lambdacost.core.breakeven import Step, break_even, fleet_steps
from lambdacost.core.engine import FunctionArrays, LambdaRates
from lambdacost.core.fleets import (
    Units,
    ec2_units,
    fargate_units,
    fleet_cost,
    fleet_counts,
    managed_instance_units,
    rank_units,
    surplus_vcpus,
)
from lambdacost.core.lambda_curve import SAVINGS_PLAN_LAMBDA_ITEMS, LambdaCurve, lambda_costs, lambda_monthly
from lambdacost.core.load import (
    BREAK_EVEN_SEARCH_MAX,
    CapacityModel,
    ServiceLoad,
    fleet_architecture,
    service_load,
    vcpu_share,
)

__all__ = [
    "BREAK_EVEN_SEARCH_MAX",
    "CHART_RANGE",
    "SAVINGS_PLAN_LAMBDA_ITEMS",
    "CapacityModel",
    "Comparison",
    "LambdaCurve",
    "Option",
    "ServiceLoad",
    "Step",
    "Units",
    "break_even",
    "chart_loads",
    "compare",
    "ec2_units",
    "fargate_units",
    "fleet_cost",
    "fleet_architecture",
    "fleet_counts",
    "fleet_steps",
    "lambda_costs",
    "lambda_monthly",
    "make_option",
    "managed_instance_units",
    "rank_units",
    "service_load",
    "surplus_vcpus",
    "vcpu_share",
]

Array = NDArray[np.float64]

#: The chart spans this range of multiples of the given load.
CHART_RANGE = (0.01, 100.0)


# ---------------------------------------------------------------- the comparison


@dataclass(frozen=True)
class Option:
    """One alternative to Lambda, at the given load."""

    units: Units  # one unit type
    count: int
    monthly: float
    surplus_vcpus: float
    break_even_k: float | None
    steps: list[Step]
    curve: Array  # monthly cost at each chart load
    #: Lambda's monthly cost at the break-even load (where the chart marks it; None: no break-even).
    break_even_monthly: float | None = None

    @property
    def kind(self) -> str:
        return self.units.kind

    @property
    def name(self) -> str:
        return self.units.names[0]


@dataclass(frozen=True)
class Comparison:
    load: ServiceLoad
    capacity: CapacityModel
    lambda_monthly: float
    lambda_curve: Array
    chart_k: Array
    options: list[Option]  # the chosen (or forced) EC2 type and the Fargate task
    runners_up: list[Option]  # the next cheapest EC2 types
    catalogue_size: int
    lambda_stack_monthly: float = 0.0  # of lambda_monthly: the functions' front door (API Gateway, ALB)
    #: When the headline EC2 type never breaks even: the cheapest type at the load that does (None: none does).
    break_even_alternative: Option | None = None

    @property
    def ec2(self) -> Option | None:
        """The headline EC2 type (None without EC2)."""
        return next((o for o in self.options if o.kind == "ec2"), None)


def chart_loads(points: int = 241) -> Array:
    """Load multipliers for the chart: log-spaced over :data:`CHART_RANGE`."""
    return np.geomspace(CHART_RANGE[0], CHART_RANGE[1], points)


def make_option(units: Units, load: ServiceLoad, curve: LambdaCurve, capacity: CapacityModel, chart_k: Array) -> Option:
    """Price one unit type at the given load, find its break-even and its chart line."""
    at = np.concatenate([[1.0], chart_k])
    counts = fleet_counts(units, load, at, capacity.min_units)
    costs = fleet_cost(units, load, at, counts)[0]
    k_star = break_even(units, load, curve, capacity.min_units)
    steps = fleet_steps(units, load, capacity.min_units, max(1.0, k_star or 1.0) * 1.0)
    return Option(
        units=units,
        count=int(counts[0, 0]),
        monthly=float(costs[0]),
        surplus_vcpus=float(surplus_vcpus(units, load, [1.0], counts[:, :1])[0, 0]),
        break_even_k=k_star,
        steps=steps,
        curve=costs[1:],
        break_even_monthly=None if k_star is None else float(np.asarray(curve(k_star)).reshape(-1)[0]),
    )


def _ranked(
    units: Units, load: ServiceLoad, curve: LambdaCurve, capacity: CapacityModel, chart_k: Array, n: int
) -> tuple[list[Option], NDArray[np.intp]]:
    """The ``n`` cheapest unit types at the given load, priced, and the order of all the usable ones.

    Cheapest first at the workload's own volume (``k = 1``); types that cost
    the same there (four c6g.large against one c6g.2xlarge) are ordered by
    their break-even, the earliest first (none last), then by name.
    """
    order, _, costs = rank_units(units, load, capacity.min_units)
    usable = order[np.isfinite(costs[order])]
    if not usable.size:
        return [], usable
    m = min(n, usable.size)
    tied = np.isclose(costs[usable], costs[usable[m - 1]], rtol=1e-9, atol=1e-9)
    last = m + int(np.argmin(tied[m:])) if not tied[m:].all() else usable.size
    priced = [make_option(units.take(i), load, curve, capacity, chart_k) for i in usable[:last]]

    def key(o: Option) -> tuple[float, float, str]:
        cost = round(o.monthly, 9)
        return (cost, np.inf if o.break_even_k is None else o.break_even_k, o.name)

    return sorted(priced, key=key)[:n], usable


def _breaking_even(
    units: Units,
    usable: NDArray[np.intp],
    load: ServiceLoad,
    curve: LambdaCurve,
    capacity: CapacityModel,
    chart_k: Array,
) -> Option | None:
    """The cheapest type at the given load (in the order ``usable``) that breaks even with Lambda, priced; None if none does."""
    for i in usable:
        one = units.take(i)
        if break_even(one, load, curve, capacity.min_units) is not None:
            return make_option(one, load, curve, capacity, chart_k)
    return None


def compare(
    fn: FunctionArrays,
    rates: LambdaRates,
    *,
    free_tier: bool,
    load: ServiceLoad,
    capacity: CapacityModel,
    ec2: Units | None,
    fargate: Units | None,
    lambda_discount: float = 0.0,
    runners_up: int = 3,
    lmi: Units | None = None,
    lmi_min_units: int = LMI_MIN_INSTANCES,
    lambda_stack: Callable[[Array], Array] | None = None,
) -> Comparison:
    """Compare Lambda with the cheapest (or the only) EC2 type of ``ec2`` and with ``fargate``.

    ``ec2`` holds the catalogue (or just the forced type); the headline type
    is the cheapest at the given load (:func:`_ranked`), and the next
    ``runners_up`` are priced too (only when there is a choice). When the
    headline never breaks even with Lambda, the cheapest type that does is
    found too (:attr:`Comparison.break_even_alternative`).
    """
    chart_k = chart_loads()
    curve = LambdaCurve(fn, rates, free_tier, lambda_discount, extra=lambda_stack)
    lam = float(curve.exact([1.0])[0])
    options: list[Option] = []
    others: list[Option] = []
    alternative = None
    if ec2 is not None and len(ec2):
        ranked, usable = _ranked(ec2, load, curve, capacity, chart_k, 1 + (runners_up if len(ec2) > 1 else 0))
        options += ranked[:1]
        others = ranked[1:]
        if ranked and ranked[0].break_even_k is None:
            alternative = next((o for o in others if o.break_even_k is not None), None)
            if alternative is None:
                seen = [ec2.names.index(o.name) for o in ranked]
                alternative = _breaking_even(ec2, usable[~np.isin(usable, seen)], load, curve, capacity, chart_k)
    if fargate is not None and len(fargate) and fargate.fits[0]:
        options.append(make_option(fargate, load, curve, capacity, chart_k))
    if lmi is not None and len(lmi):
        # A capacity provider keeps at least three instances (one per Availability Zone).
        lmi_capacity = replace(capacity, min_units=max(capacity.min_units, lmi_min_units))
        options += _ranked(lmi, load, curve, lmi_capacity, chart_k, 1)[0]
    return Comparison(
        load=load,
        capacity=capacity,
        lambda_monthly=lam,
        lambda_curve=curve(chart_k),
        chart_k=chart_k,
        options=options,
        runners_up=others,
        catalogue_size=len(ec2) if ec2 is not None else 0,
        lambda_stack_monthly=float(lambda_stack(np.ones(1))[0]) if lambda_stack is not None else 0.0,
        break_even_alternative=alternative,
    )
