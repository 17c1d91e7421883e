"""Fargate and Fargate Spot: the smallest valid task size that holds the job."""

from __future__ import annotations

from lambdacost.core.aws import FARGATE_MAX_STORAGE_GB, SPOT_WARNING_S
from lambdacost.core.decide.model import DecideRates, Job, Option, make_option
from lambdacost.core.decide.rules import cheapest, minimum_text, size_text


def _task(job: Job, rates: DecideRates, reasons: list[str]) -> tuple[str, dict[str, float] | None]:
    """The task size (its setup text) and its line items a month; appends why none fits to ``reasons``."""
    far = rates.fargate[job.architecture] if rates.fargate else None
    if far is None:
        return "-", None
    vcpus = job.container_vcpus
    size_vcpu, size_mem = far.sizes[:, 0], far.sizes[:, 1]
    per_second = size_vcpu * far.vcpu_second + size_mem * far.gb_second
    size_idx = cheapest((size_vcpu >= vcpus - 1e-9) & (size_mem >= job.memory_gb - 1e-9), per_second)
    if size_idx is None:
        top_v, top_m = far.sizes[:, 0].max(), far.sizes[:, 1].max()
        reasons.append(
            f"no Fargate task size has {vcpus:g} vCPUs and {size_text(job.memory_mb)} "
            f"(largest: {top_v:g} vCPU, {top_m:g} GB)"
        )
        return "-", None
    v, m = float(size_vcpu[size_idx]), float(size_mem[size_idx])
    runs = job.billed_runs
    billed = max(job.wall_seconds, rates.fargate_minimum_seconds)
    extra_gb = max(job.storage_gb - rates.fargate_included_storage_gb, 0.0)
    items = {
        "vCPU": runs * billed * v * far.vcpu_second,
        "Memory": runs * billed * m * far.gb_second,
    }
    if extra_gb > 0:
        items[f"Storage over {rates.fargate_included_storage_gb:g} GB"] = (
            runs * billed * extra_gb * far.storage_gb_second
        )
    return f"{v:g} vCPU, {m:g} GB", items


def fargate_options(job: Job, rates: DecideRates) -> tuple[Option, Option]:
    """Fargate and Fargate Spot (the same task at the Spot discount)."""
    reasons = []
    if job.gpu:
        reasons.append("needs a GPU: Fargate has none")
    if job.storage_gb > FARGATE_MAX_STORAGE_GB:
        reasons.append(
            f"needs {size_text(job.storage_mb)} of storage: a Fargate task has at most {FARGATE_MAX_STORAGE_GB:g} GB"
        )
    setup, items = _task(job, rates, reasons)
    fits = not reasons
    unpriced = rates.missing.get("fargate")
    base_reasons = list(reasons)
    spot_reasons = list(reasons)
    spot_items = None
    if fits:
        base_reasons.append(
            f"no time limit; the smallest valid task size with {job.container_vcpus:g} vCPU and "
            f"{size_text(job.memory_mb)}, {job.architecture}"
        )
        base_reasons.append(f"billed per second, {minimum_text(rates.fargate_minimum_seconds)}")
        spot_reasons.append(
            f'Fargate price less {rates.fargate_spot_discount:.0%} (the published "up to"; Spot prices vary)'
        )
        spot_reasons.append(
            f"tasks can be stopped with {SPOT_WARNING_S // 60} minutes' warning: the job must checkpoint or restart"
        )
        if not job.chunkable and not job.continuous:
            spot_reasons.append("not chunkable: an interruption restarts the whole job")
        if items is not None:
            spot_items = {f"{k} (Spot)": val * (1.0 - rates.fargate_spot_discount) for k, val in items.items()}
    runs = job.billed_runs
    return (
        make_option("fargate", runs, base_reasons, setup, items, fits, unpriced),
        make_option("fargate-spot", runs, spot_reasons, setup, spot_items, fits, unpriced),
    )
