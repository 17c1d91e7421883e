"""``decide`` as a plan: the job's shape from the options' texts, the region's rates collected
from the price tables, and :func:`lambdacost.core.decide.decide` over them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from lambdacost.core.aws import SECONDS_PER_HOUR
from lambdacost.core.decide import SECONDS_PER_MONTH, Catalogue, DecideRates, Decision, FargateRates, Job
from lambdacost.core.decide import decide as choose
from lambdacost.core.microvm import MicroVmRates
from lambdacost.errors import UsageError
from lambdacost.io import tables
from lambdacost.plan.inputs import parse_option
from lambdacost.schema import units
from lambdacost.schema.discounts import DiscountTable
from lambdacost.schema.prices import (
    Ec2PriceTable,
    FargatePriceTable,
    LambdaPriceTable,
    ServicesPriceTable,
)


def _fargate_rates(table: FargatePriceTable, region: str) -> dict[str, FargateRates] | None:
    """Fargate's per-second rates of ``region`` by architecture (None where the table lacks it)."""
    if region not in table.regions:
        return None
    reg = table.regions[region]
    sizes = np.array(table.valid_sizes(), dtype=np.float64)
    return {
        arch: FargateRates(
            vcpu_second=rates.vcpu_hour / SECONDS_PER_HOUR,
            gb_second=rates.gb_hour / SECONDS_PER_HOUR,
            storage_gb_second=reg.storage_gb_second,
            sizes=sizes,
        )
        for arch, rates in (("x86_64", reg.linux_x86_64), ("arm64", reg.linux_arm64))
    }


def _catalogue(table: Ec2PriceTable, region: str) -> Catalogue | None:
    """The EC2 types of ``region`` as arrays (None where the table lacks it)."""
    if region not in table.regions:
        return None
    items = sorted(table.regions[region].instances.items())
    return Catalogue(
        names=tuple(name for name, _ in items),
        vcpus=np.array([i.vcpus for _, i in items], dtype=np.float64),
        memory_gib=np.array([i.memory_gib for _, i in items], dtype=np.float64),
        is_arm=np.array([i.architecture == "arm64" for _, i in items]),
        hourly=np.array([i.hourly for _, i in items], dtype=np.float64),
        burstable=np.array([i.burstable_baseline is not None for _, i in items]),
        unconfirmed=np.array([i.estimated for _, i in items]),
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

    far = _fargate_rates(fargate_table, region)
    if far is None:
        missing["fargate"] = f"no Fargate prices for {region}"

    cat = _catalogue(ec2_table, region)
    if cat is None:
        missing["ec2"] = f"no EC2 prices for {region}"

    plans = {name: plan.rates() for name, plan in discounts.plans.items()}
    svc = services.regions.get(region)
    if svc is None:
        missing["services"] = f"no Step Functions, durable functions or EKS prices for {region}"
    # decide never uses Express workflows, so their unconfirmed rate is not reported.
    unconfirmed = [
        f"services.{u}" for u in (svc.unconfirmed if svc else []) if not u.startswith("step_functions.express")
    ]
    if far is not None:
        unconfirmed += [f"fargate.{u}" for u in fargate_table.regions[region].unconfirmed]
    if lam is not None and lambda_table.regions[region].unconfirmed:
        unconfirmed += [f"lambda.{u}" for u in lambda_table.regions[region].unconfirmed]
    return DecideRates(
        region=region,
        lambda_rates=lam,
        fargate=far,
        fargate_included_storage_gb=fargate_table.included_storage_gb,
        fargate_minimum_seconds=fargate_table.minimum_billed_seconds,
        ec2=cat,
        fargate_spot_discount=plans.get("fargate-spot", {}).get("fargate", 0.0),
        ec2_spot_discount=plans.get("ec2-spot", {}).get("ec2", 0.0),
        step_transition=svc.step_functions.standard_state_transition if svc else None,
        step_free_transitions=svc.step_functions.standard_free_transitions_per_month if svc else None,
        durable_operation=svc.lambda_durable.operation if svc else None,
        durable_gb_written=svc.lambda_durable.gb_written if svc else None,
        durable_gb_month=svc.lambda_durable.gb_month_retained if svc else None,
        eks_cluster_hour=svc.eks.control_plane_cluster_hour if svc else None,
        microvm=_microvm(svc.lambda_microvms if svc else None),
        eks_unconfirmed=bool(svc and "eks.control_plane_cluster_hour" in svc.unconfirmed),
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


def job(
    duration: str | None,
    memory: str = "2GB",
    vcpus: str | None = None,
    runs: str = "1/month",
    architecture: str = "x86_64",
    storage: str = "512MB",
    *,
    chunkable: bool = True,
    continuous: bool = False,
    gpu: bool = False,
    wait: str = "0s",
) -> Job:
    """The job the options' texts describe; a bad or non-positive value names its option."""
    if duration is None and not continuous:
        raise UsageError(
            "required (how long one run takes, e.g. 40m), unless the job is --continuous", field="--duration"
        )
    return Job(
        duration_s=parse_option("--duration", units.parse_duration_s, duration, positive=True)
        if duration is not None
        else SECONDS_PER_MONTH,
        memory_mb=parse_option("--memory", units.parse_size_mb, memory, positive=True),
        vcpus=parse_option(
            "--vcpus", units.parse_count, vcpus, positive=True, what="a number of vCPUs such as 0.25, 1 or 4"
        )
        if vcpus is not None
        else None,
        runs_per_month=parse_option("--runs", units.parse_per_month, runs, positive=True),
        architecture=architecture,
        storage_mb=parse_option("--storage", units.parse_size_mb, storage),
        chunkable=chunkable,
        continuous=continuous,
        gpu=gpu,
        wait_s=parse_option("--wait", units.parse_duration_s, wait),
    )


def decide(
    duration: str | None = None,
    memory: str = "2GB",
    vcpus: str | None = None,
    runs: str = "1/month",
    architecture: str = "x86_64",
    storage: str = "512MB",
    *,
    chunkable: bool = True,
    continuous: bool = False,
    gpu: bool = False,
    wait: str = "0s",
    region: str = "us-east-1",
    pricing: str | Path | None = None,
    front_door: str | None = None,
) -> Decision:
    """Where a job of this shape should run (the ``decide`` command's options, as texts)."""
    shape = job(
        duration,
        memory,
        vcpus,
        runs,
        architecture,
        storage,
        chunkable=chunkable,
        continuous=continuous,
        gpu=gpu,
        wait=wait,
    )
    loaded = (
        tables.lambda_prices(pricing),
        tables.fargate_prices(pricing),
        tables.ec2_prices(pricing),
        tables.discounts(pricing),
        tables.services_prices(pricing),
    )
    regional = (loaded[0], loaded[1], loaded[2], loaded[4])
    if not any(region in t.regions for t in regional):
        known = ", ".join(sorted(loaded[0].regions))
        raise UsageError(f"unknown region {region!r}; known regions: {known}", field="--region")
    decision = choose(shape, decide_rates(region, *loaded))
    from lambdacost.plan.stack import timeout_warning

    warning = timeout_warning("The job", shape.duration_s, front_door)
    return decision if warning is None else replace(decision, notes=(*decision.notes, f"Warning: {warning}."))


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
