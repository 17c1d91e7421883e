"""The discounts in force: a named plan from ``pricing/discounts.yaml``, each ``--discount`` over it.

Shared by ``compare`` and ``estimate`` (which starts from the workload's own ``discounts``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lambdacost.errors import UsageError
from lambdacost.io import tables
from lambdacost.schema import units as parse

#: What each service's discount is taken off.
DISCOUNT_SCOPE = {
    "lambda": "Lambda duration and provisioned concurrency (not requests)",
    "ec2": "EC2 instance-hours (not surplus credits)",
    "fargate": "Fargate vCPU-hours and GB-hours",
}


@dataclass(frozen=True)
class Discount:
    """One service's discount: the fraction off, where it came from, and what it is taken off."""

    service: str
    fraction: float
    source: str

    @property
    def applies_to(self) -> str:
        return DISCOUNT_SCOPE[self.service]


def discounts(given: Sequence[str], plan: str | None, pricing: Path | None) -> list[Discount]:
    """The discounts in force: the plan's, then each ``--discount`` over it (zero ones dropped)."""
    out: dict[str, Discount] = {}
    if plan is not None:
        table = tables.discounts(pricing)
        if plan not in table.plans:
            raise UsageError(f"unknown plan {plan!r}; plans: {', '.join(sorted(table.plans))}", field="--plan")
        for service, fraction in table.plans[plan].rates().items():
            out[service] = Discount(service, fraction, f"plan {plan}: {table.plans[plan].description}")
    for item in given:
        service, sep, value = item.partition("=")
        service = service.strip().lower()
        if not sep or service not in DISCOUNT_SCOPE:
            raise UsageError(
                f"{item!r}: expected SERVICE=FRACTION with SERVICE one of lambda, ec2, fargate (e.g. ec2=0.3)",
                field="--discount",
            )
        try:
            fraction = float(parse.parse_fraction(value))
        except ValueError as exc:
            raise UsageError(f"{item!r}: {exc}", field="--discount") from None
        if fraction >= 1:
            raise UsageError(f"{item!r}: a discount must be below 100%", field="--discount")
        out[service] = Discount(service, fraction, "--discount")
    return [d for d in out.values() if d.fraction > 0]
