"""The EC2-based options: AWS Batch on Spot, ECS and EKS on EC2, plain EC2; all on the same instance type."""

from __future__ import annotations

import math
from dataclasses import dataclass

from lambdacost.core.aws import EC2_MINIMUM_BILLED_S, SECONDS_PER_HOUR
from lambdacost.core.decide.model import DecideRates, Job, Option, make_option
from lambdacost.core.decide.rules import cheapest, eks_text, minimum_text, size_text
from lambdacost.core.engine import HOURS_PER_MONTH, SECONDS_PER_MONTH


@dataclass(frozen=True)
class Instance:
    """The cheapest non-burstable type that fits, or why there is none to price."""

    name: str  # "-" without one
    hourly: float | None
    unpriced: str | None
    notes: tuple[str, ...]  # what every EC2-based option says about it (and about GPUs)


def choose_instance(job: Job, rates: DecideRates) -> Instance:
    """The cheapest non-burstable type of the job's architecture with its vCPUs and memory."""
    cat = rates.ec2
    unpriced = rates.missing.get("ec2")
    notes = ["GPU instances are available (not in the price tables)"] if job.gpu else []
    if job.gpu:
        return Instance("-", None, "GPU instance prices are not in the price tables: not priced", tuple(notes))
    if cat is None:
        return Instance("-", None, unpriced, tuple(notes))
    vcpus = job.container_vcpus
    mask = (
        (~cat.burstable)
        & (cat.is_arm == (job.architecture == "arm64"))
        & (cat.vcpus >= vcpus - 1e-9)
        & (cat.memory_gib >= job.memory_gb - 1e-9)
    )
    inst = cheapest(mask, cat.hourly)
    if inst is None:
        why = f"no {job.architecture} type in the price table has {vcpus:g} vCPUs and {size_text(job.memory_mb)}: not priced"
        return Instance("-", None, why, tuple(notes))
    hourly = float(cat.hourly[inst])
    notes.append(
        f"{cat.names[inst]}: {cat.vcpus[inst]:g} vCPU, {cat.memory_gib[inst]:g} GiB, {job.architecture}, "
        f"${hourly:g}/h on demand, the cheapest non-burstable type that fits"
        + (" (price not read from AWS: unconfirmed)" if cat.unconfirmed[inst] else "")
    )
    return Instance(cat.names[inst], hourly, unpriced, tuple(notes))


def _billed_hours(job: Job) -> float:
    return max(job.wall_seconds, EC2_MINIMUM_BILLED_S) / SECONDS_PER_HOUR


def batch_spot_option(job: Job, rates: DecideRates, inst: Instance) -> Option:
    """AWS Batch on EC2 Spot: no fee, the Spot price of the instance per second."""
    reasons = []
    if job.continuous:
        reasons.append("runs all the time: Batch runs jobs to completion, not services")
    fits = not reasons
    items = None
    if fits:
        reasons += inst.notes
        reasons.append("no time limit; no Batch fee, you pay for the EC2 Spot capacity")
        reasons.append(
            f"on-demand price less {rates.ec2_spot_discount:.0%} (a typical Spot discount), "
            f"per second, {minimum_text(EC2_MINIMUM_BILLED_S)}"
        )
        if not job.chunkable:
            reasons.append("not chunkable: a Spot interruption restarts the whole job (Batch can retry it)")
        if inst.hourly is not None:
            items = {"EC2 Spot": job.billed_runs * _billed_hours(job) * inst.hourly * (1.0 - rates.ec2_spot_discount)}
    setup = f"{inst.name} Spot" if inst.hourly is not None else "-"
    return make_option("batch-spot", job.billed_runs, reasons, setup, items, fits, inst.unpriced)


def cluster_options(job: Job, rates: DecideRates, inst: Instance) -> tuple[Option, Option]:
    """ECS and EKS on EC2: as many instances as the job's average concurrency needs, running all month."""
    busy = job.billed_runs * job.wall_seconds / SECONDS_PER_MONTH
    count = max(1, math.ceil(busy - 1e-9))
    out = []
    for service in ("ecs", "eks"):
        reasons = list(inst.notes)
        reasons.append(
            f"{count} container instance{'s' if count > 1 else ''} kept running all month "
            f"({HOURS_PER_MONTH:g} h), on demand"
        )
        if not job.continuous:
            reasons.append(f"the job keeps them busy {busy:.2%} of the month; meant for services that run all the time")
        items = None
        unpriced = inst.unpriced
        if inst.hourly is not None:
            items = {"EC2 instances": count * HOURS_PER_MONTH * inst.hourly}
        if service == "eks":
            reasons.append(eks_text(rates))
            if rates.eks_cluster_hour is None:
                unpriced = unpriced or rates.missing.get("services")
            elif items is not None:
                items["EKS control plane"] = HOURS_PER_MONTH * rates.eks_cluster_hour
        setup = f"{count} x {inst.name}" if inst.hourly is not None else "-"
        out.append(make_option(service, job.billed_runs, reasons, setup, items, True, unpriced))
    return out[0], out[1]


def ec2_option(job: Job, inst: Instance) -> Option:
    """An on-demand instance for each run, or all month for a continuous service."""
    reasons = list(inst.notes)
    if job.continuous:
        reasons.append(f"one on-demand instance running all month ({HOURS_PER_MONTH:g} h)")
    else:
        reasons.append(
            "an on-demand instance started for each run and stopped after it "
            f"(per second, {minimum_text(EC2_MINIMUM_BILLED_S)}; boot time not counted)"
        )
    items = {"EC2 on demand": job.billed_runs * _billed_hours(job) * inst.hourly} if inst.hourly is not None else None
    return make_option("ec2", job.billed_runs, reasons, inst.name, items, True, inst.unpriced)
