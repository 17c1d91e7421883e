"""``decide``'s rates of one region, collected from the price tables for :mod:`lambdacost.core.decide`."""

from __future__ import annotations

import numpy as np

from lambdacost.core.decide import Catalogue, DecideRates, FargateRates
from lambdacost.core.microvm import MicroVmRates
from lambdacost.schema.prices import (
    DiscountTable,
    Ec2PriceTable,
    FargatePriceTable,
    LambdaPriceTable,
    ServicesPriceTable,
)


def decide_rates(
    region: str,
    lambda_table: LambdaPriceTable,
    fargate_table: FargatePriceTable,
    ec2_table: Ec2PriceTable,
    discounts: DiscountTable,
    services: ServicesPriceTable,
) -> DecideRates:
    """Collect the rates of ``region`` from the price tables (a table without it prices nothing)."""
    missing: dict[str, str] = {}
    lam = lambda_table.rates(region) if region in lambda_table.regions else None
    if lam is None:
        missing["lambda"] = f"no Lambda prices for {region}"

    far: dict[str, FargateRates] | None = None
    if region in fargate_table.regions:
        reg = fargate_table.regions[region]
        sizes = np.array(fargate_table.valid_sizes(), dtype=np.float64)
        far = {
            arch: FargateRates(
                vcpu_second=rates.vcpu_hour / 3600.0,
                gb_second=rates.gb_hour / 3600.0,
                storage_gb_second=reg.storage_gb_second,
                included_storage_gb=fargate_table.included_storage_gb,
                minimum_seconds=fargate_table.minimum_billed_seconds,
                sizes=sizes,
            )
            for arch, rates in (("x86_64", reg.linux_x86_64), ("arm64", reg.linux_arm64))
        }
    else:
        missing["fargate"] = f"no Fargate prices for {region}"

    cat: Catalogue | None = None
    if region in ec2_table.regions:
        items = sorted(ec2_table.regions[region].instances.items())
        cat = Catalogue(
            names=tuple(name for name, _ in items),
            vcpus=np.array([i.vcpus for _, i in items], dtype=np.float64),
            memory_gib=np.array([i.memory_gib for _, i in items], dtype=np.float64),
            is_arm=np.array([i.architecture == "arm64" for _, i in items]),
            hourly=np.array([i.hourly for _, i in items], dtype=np.float64),
            burstable=np.array([i.burstable_baseline is not None for _, i in items]),
            unconfirmed=np.array([i.unconfirmed for _, i in items]),
        )
    else:
        missing["ec2"] = f"no EC2 prices for {region}"

    plans = {name: plan.rates() for name, plan in discounts.plans.items()}
    svc = services.regions.get(region)
    if svc is None:
        missing["services"] = f"no Step Functions, durable functions or EKS prices for {region}"
    # decide never uses Express workflows, so their unconfirmed rate is not reported.
    unconfirmed = [
        f"services.{u}" for u in (svc.unconfirmed if svc else []) if not u.startswith("step_functions.express")
    ]
    if lam is not None and lambda_table.regions[region].unconfirmed:
        unconfirmed += [f"lambda.{u}" for u in lambda_table.regions[region].unconfirmed]
    return DecideRates(
        region=region,
        lambda_rates=lam,
        fargate=far,
        ec2=cat,
        fargate_spot_discount=plans.get("fargate-spot", {}).get("fargate", 0.0),
        ec2_spot_discount=plans.get("ec2-spot", {}).get("ec2", 0.0),
        step_transition=svc.step_functions.standard_state_transition if svc else None,
        durable_operation=svc.lambda_durable.operation if svc else None,
        durable_gb_written=svc.lambda_durable.gb_written if svc else None,
        durable_gb_month=svc.lambda_durable.gb_month_retained if svc else None,
        eks_cluster_hour=svc.eks.control_plane_cluster_hour if svc else None,
        microvm=_microvm(svc.lambda_microvms if svc else None),
        missing=missing,
        sources=(
            ("lambda", lambda_table.source.strip(), lambda_table.effective_date.isoformat()),
            ("fargate", fargate_table.source.strip(), fargate_table.effective_date.isoformat()),
            ("ec2", ec2_table.source.strip(), ec2_table.effective_date.isoformat()),
            ("discounts", discounts.source.strip(), discounts.effective_date.isoformat()),
            ("services", services.source.strip(), services.effective_date.isoformat()),
        ),
        unconfirmed=tuple(unconfirmed),
    )


def _microvm(prices: object) -> MicroVmRates | None:
    """The region's MicroVM rates (services.yaml ``lambda_microvms``), None where MicroVMs are not priced."""
    from lambdacost.schema.prices import MicroVmPrices

    if not isinstance(prices, MicroVmPrices):
        return None
    return MicroVmRates(
        vcpu_second=prices.vcpu_second,
        gb_second=prices.gb_second,
        snapshot_read_gb=prices.snapshot_read_gb,
        snapshot_write_gb=prices.snapshot_write_gb,
        snapshot_storage_gb_month=prices.snapshot_storage_gb_month,
    )
