"""What an estimate says about its 2026 charges: discounts applied and Managed Instances sized from the load.

Formats; computes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lambdacost.core.aws import HOURS_PER_MONTH

if TYPE_CHECKING:
    from lambdacost.plan.estimate import Estimate

#: What each service's discount is taken off, in an estimate.
DISCOUNT_SCOPE = {
    "lambda": "Lambda duration and provisioned concurrency (not requests)",
    "ec2": "Managed Instances' instance-hours (not the management fee)",
    "fargate": "nothing in an estimate (Fargate is priced by compare and decide)",
}


def notes_2026(est: Estimate) -> list[str]:
    """One line per discount, per Managed Instances rate and per fleet sized from the load."""
    lines = []
    for service, d in sorted(est.discounts.items()):
        lines.append(f"Discount: {service} {d.fraction:.0%} ({d.source}), off {DISCOUNT_SCOPE.get(service, service)}.")
    for fn, itype, on_demand, paid in est.instance_rates:
        fee = est.rates.managed_instances.management_fee if est.rates.managed_instances else 0.0
        lines.append(
            f"{fn}: {itype} at ${paid:.4f}/h (on demand ${on_demand:.4f}/h); management fee {fee:.0%} of the "
            f"on-demand price, ${on_demand * fee:.5f}/h."
        )
    for f in est.fleets:
        lines.append(
            f"{f.function}: Managed Instances sized from the load (no instance_hours): {f.load:,.2f} requests in "
            f"flight (mean x peak factor {f.peak_factor:g}); environments of {f.environment_memory_mb:,.0f} MB / "
            f"{f.environment_vcpus:g} vCPU take {f.concurrency_per_vcpu} requests per vCPU -> "
            f"{f.environments:,.0f} environments (at least 3), {f.environments_per_instance:g} per {f.instance_type} "
            f"({f.instance_vcpus:g} vCPU, {f.instance_memory_gib:g} GiB) -> {f.instances:,.0f} instances (at least "
            f"{f.min_instances}) x {HOURS_PER_MONTH} h = {f.instance_hours:,.0f} instance-hours. Give instance_hours to use your own."
        )
    from lambdacost.render.stack import stack_notes

    return lines + stack_notes(est)


def dict_2026(est: Estimate) -> dict[str, Any]:
    """The JSON keys the 2026 charges add to an estimate."""
    from lambdacost.render.stack import stack_dict

    return {
        **stack_dict(est),
        "discounts": [
            {"service": s, "fraction": d.fraction, "source": d.source, "applies_to": DISCOUNT_SCOPE.get(s, s)}
            for s, d in sorted(est.discounts.items())
        ],
        "managed_instances": [
            {"function": fn, "instance_type": t, "on_demand_hourly": od, "hourly_paid": paid}
            for fn, t, od, paid in est.instance_rates
        ],
        "managed_instances_sized": [
            {
                "function": f.function,
                "instance_type": f.instance_type,
                "requests_in_flight": f.load,
                "peak_factor": f.peak_factor,
                "environment_memory_mb": f.environment_memory_mb,
                "environment_vcpus": f.environment_vcpus,
                "concurrency_per_vcpu": f.concurrency_per_vcpu,
                "environments": f.environments,
                "environments_per_instance": f.environments_per_instance,
                "instances": f.instances,
                "min_instances": f.min_instances,
                "instance_hours": f.instance_hours,
            }
            for f in est.fleets
        ],
    }
