"""Where should a job of a given shape run? The logic of ``lambdacost decide``.

Pure computation: a :class:`Job` and the rates of one region (:class:`DecideRates`,
built from the price tables by :func:`lambdacost.plan.decide.decide_rates`) in, a :class:`Decision` out.
No file access, no printing, no typer, rich or yaml.

The model, option by option (every rate from a table under ``pricing/``; no free
tier is applied anywhere, since the question is what one job costs):

* ``lambda``: one invocation of the whole job, priced by
  :func:`lambdacost.core.engine.price_functions` (requests, GB-s, /tmp beyond 512 MB).
  Lambda's CPU follows memory (1 vCPU per 1,769 MB), so a job that asks for
  ``--vcpus`` gets at least ``vcpus x 1,769`` MB.
* ``step-functions``: a Standard workflow chaining ``ceil(duration / 12 min)``
  Lambda steps (12 minutes leaves a 3-minute margin under the 15-minute limit);
  the Lambda compute of the whole duration plus one state transition per step.
* ``lambda-durable``: one durable execution whose invocations are the same
  12-minute chunks; normal Lambda compute plus one operation to start the
  execution and one per checkpointed step, each checkpoint writing
  :data:`DURABLE_CHECKPOINT_KB` kept :data:`DURABLE_RETENTION_DAYS` days (our
  assumptions: the real figures depend on the code).
* ``fargate`` / ``fargate-spot``: the smallest valid task size with at least the
  job's vCPUs and memory; vCPU-s, GB-s and storage beyond the included storage,
  per second with a minimum (both from ``fargate.yaml``); Spot at the discount of
  ``discounts.yaml``.
* ``batch-spot``: AWS Batch adds no fee; the cheapest non-burstable EC2 type of
  the job's architecture with enough vCPUs and memory, at the EC2 Spot discount,
  per second with a 60 s minimum (:data:`lambdacost.core.aws.EC2_MINIMUM_BILLED_S`).
* ``ecs`` / ``eks``: container instances (the same EC2 type, on demand) kept
  running all month, as many as the job's average concurrency needs; EKS adds
  its control plane per cluster-hour.
* ``ec2``: an on-demand instance started for each run (per second, 60 s
  minimum), or for the whole month (730 h) with ``continuous``.

Burstable types (t3, t4g) are left out: a job at full CPU for longer than a few
minutes runs above their baseline. EBS volumes are not priced.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from lambdacost.core.aws import (
    DURABLE_MAX_S,
    EC2_MINIMUM_BILLED_S,
    FARGATE_MAX_STORAGE_GB,
    HOURS_PER_DAY,
    LAMBDA_MAX_MEMORY_MB,
    LAMBDA_MAX_TMP_MB,
    LAMBDA_MAX_VCPUS,
    LAMBDA_MB_PER_VCPU,
    LAMBDA_MIN_MEMORY_MB,
    LAMBDA_TIMEOUT_S,
    SECONDS_PER_DAY,
    SECONDS_PER_HOUR,
    SPOT_WARNING_S,
    STEP_FUNCTIONS_MAX_S,
)
from lambdacost.core.engine import (
    HOURS_PER_MONTH,
    INCLUDED_STORAGE_MB,
    SECONDS_PER_MONTH,
    FunctionArrays,
    LambdaRates,
    price_functions,
)
from lambdacost.core.microvm import MICROVM_MAX_S, MicroVmRates, microvm_option

# ---------------------------------------------------------------- our planning choices (AWS's limits: core/aws.py)

#: The longest Lambda step we plan: 3 minutes of margin under the timeout.
STEP_S = 720.0
#: Minutes in Lambda's timeout, and of margin a planned step leaves under it.
_TIMEOUT_MIN = LAMBDA_TIMEOUT_S // 60
_MARGIN_MIN = (LAMBDA_TIMEOUT_S - STEP_S) / 60
#: Our assumptions for durable functions: each checkpoint writes this much and is kept this long.
DURABLE_CHECKPOINT_KB = 64.0
DURABLE_RETENTION_DAYS = 14.0
#: vCPUs a container or instance gets when the user does not say.
DEFAULT_CONTAINER_VCPUS = 1.0
#: An option this much cheaper than the recommendation is pointed out.
CHEAPER_THRESHOLD = 0.30
#: The guide's band edges (public example 5).
GUIDE_LAMBDA_BELOW_S = float(LAMBDA_TIMEOUT_S)
GUIDE_STEP_FUNCTIONS_UP_TO_S = 1_800.0

SERVICES = (
    "lambda",
    "step-functions",
    "lambda-durable",
    "lambda-microvm",
    "fargate",
    "fargate-spot",
    "batch-spot",
    "ecs",
    "eks",
    "ec2",
)
LABELS = {
    "lambda": "Lambda",
    "step-functions": "Step Functions + Lambda",
    "lambda-durable": "Lambda durable functions",
    "lambda-microvm": "Lambda MicroVMs",
    "fargate": "Fargate",
    "fargate-spot": "Fargate Spot",
    "batch-spot": "AWS Batch on EC2 Spot",
    "ecs": "ECS on EC2",
    "eks": "EKS on EC2",
    "ec2": "EC2 on demand",
}
#: Relative operational complexity: the seed's table (public example 5) for Lambda,
#: Step Functions, Fargate, Batch and EC2; our call for the others.
COMPLEXITY = {
    "lambda": "low",
    "step-functions": "medium",
    "lambda-durable": "medium",
    "lambda-microvm": "low",
    "fargate": "medium",
    "fargate-spot": "medium",
    "batch-spot": "high",
    "ecs": "high",
    "eks": "high",
    "ec2": "high",
}
MAX_RUN_TIME = {
    "lambda": f"{_TIMEOUT_MIN} min",
    "step-functions": f"{STEP_FUNCTIONS_MAX_S // (365 * SECONDS_PER_DAY)} year ({_TIMEOUT_MIN}-min steps)",
    "lambda-durable": f"{DURABLE_MAX_S // SECONDS_PER_DAY} days ({_TIMEOUT_MIN}-min invocations)",
    "lambda-microvm": f"{MICROVM_MAX_S / SECONDS_PER_HOUR:g} h (Arm only)",
    "fargate": "unlimited",
    "fargate-spot": "unlimited, interruptible",
    "batch-spot": "unlimited, interruptible",
    "ecs": "unlimited",
    "eks": "unlimited",
    "ec2": "unlimited",
}
#: Where the guide's pick does not fit, the next options tried, in order.
_FALLBACK = {
    "lambda": ("lambda", "fargate", "batch-spot", "ec2"),
    "step-functions": ("step-functions", "fargate", "batch-spot", "ec2"),
    "fargate": ("fargate", "batch-spot", "ec2"),
    "ecs": ("ecs", "eks", "ec2"),
    "lambda-durable": ("lambda-durable", "step-functions", "fargate", "batch-spot", "ec2"),
}


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Job:
    """The shape of the job. ``vcpus`` None: Lambda's share of its memory, 1 for containers."""

    duration_s: float
    memory_mb: float = 2_048.0
    vcpus: float | None = None
    runs_per_month: float = 1.0
    architecture: str = "x86_64"
    storage_mb: float = INCLUDED_STORAGE_MB
    chunkable: bool = True
    continuous: bool = False
    gpu: bool = False
    #: Time one run waits for something outside it (an approval, a callback), on top of ``duration_s``.
    wait_s: float = 0.0

    @property
    def wall_seconds(self) -> float:
        """Seconds from start to end of one run, waits included: what a container or instance is billed."""
        return SECONDS_PER_MONTH if self.continuous else self.duration_s + self.wait_s

    @property
    def container_vcpus(self) -> float:
        return DEFAULT_CONTAINER_VCPUS if self.vcpus is None else self.vcpus

    @property
    def memory_gb(self) -> float:
        return self.memory_mb / 1024.0

    @property
    def storage_gb(self) -> float:
        return self.storage_mb / 1024.0

    @property
    def billed_runs(self) -> float:
        """Runs a month as priced: one all-month run for a continuous service."""
        return 1.0 if self.continuous else self.runs_per_month

    @property
    def run_seconds(self) -> float:
        """Seconds of one run as priced: the whole month for a continuous service."""
        return SECONDS_PER_MONTH if self.continuous else self.duration_s


@dataclass(frozen=True)
class Catalogue:
    """EC2 instance types of one region as arrays (one element per type)."""

    names: tuple[str, ...]
    vcpus: NDArray[np.float64]
    memory_gib: NDArray[np.float64]
    is_arm: NDArray[np.bool_]
    hourly: NDArray[np.float64]
    burstable: NDArray[np.bool_]
    unconfirmed: NDArray[np.bool_]


@dataclass(frozen=True)
class FargateRates:
    """Fargate rates of one region and platform, per second, and its valid task sizes."""

    vcpu_second: float
    gb_second: float
    storage_gb_second: float
    sizes: NDArray[np.float64]  # (k, 2): vCPU, memory GB


@dataclass(frozen=True)
class DecideRates:
    """Every rate ``decide`` uses, for one region. None where a table lacks the region."""

    region: str
    lambda_rates: LambdaRates | None
    fargate: dict[str, FargateRates] | None  # by architecture
    fargate_included_storage_gb: float  # the Fargate table's terms, the same in every region
    fargate_minimum_seconds: float
    ec2: Catalogue | None
    fargate_spot_discount: float
    ec2_spot_discount: float
    step_transition: float | None
    step_free_transitions: float | None
    durable_operation: float | None
    durable_gb_written: float | None
    durable_gb_month: float | None
    eks_cluster_hour: float | None
    eks_unconfirmed: bool
    missing: dict[str, str] = field(default_factory=dict)  # table -> why it cannot price
    microvm: MicroVmRates | None = None
    sources: tuple[tuple[str, str, str], ...] = ()  # (table, source, effective date)
    unconfirmed: tuple[str, ...] = ()


# ---------------------------------------------------------------- outputs


@dataclass(frozen=True)
class Option:
    """One place the job could run: whether it fits, why, and what it costs."""

    service: str
    feasible: bool
    priced: bool
    reasons: tuple[str, ...]
    setup: str
    cost_per_run: float | None
    monthly_cost: float | None
    line_items: dict[str, float]  # label -> USD a month
    complexity: str
    max_run_time: str

    @property
    def label(self) -> str:
        return LABELS[self.service]


@dataclass(frozen=True)
class Cheaper:
    """A feasible option at least :data:`CHEAPER_THRESHOLD` cheaper than the recommendation."""

    service: str
    monthly_cost: float
    saving: float  # fraction of the recommendation's monthly cost


@dataclass(frozen=True)
class Decision:
    job: Job
    lambda_memory_mb: int
    recommendation: str
    guide_choice: str
    guide_band: str
    why: tuple[str, ...]
    options: tuple[Option, ...]
    cheaper: tuple[Cheaper, ...]
    steps: int
    notes: tuple[str, ...]
    rates: DecideRates

    def option(self, service: str) -> Option:
        return next(o for o in self.options if o.service == service)


# ---------------------------------------------------------------- helpers


def _minutes(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:g} s"
    if seconds < 3600:
        return f"{seconds / 60:.3g} min"
    hours = seconds / 3600
    return f"{hours:.3g} h" if hours < 48 else f"{hours / 24:.3g} days"


def _minimum(seconds: float) -> str:
    """``60`` -> ``"1-minute minimum"``."""
    return f"{seconds / 60:g}-minute minimum" if seconds % 60 == 0 else f"{seconds:g}-second minimum"


def _years(seconds: float) -> str:
    years = seconds / (365 * SECONDS_PER_DAY)
    return f"{years:g} year" + ("" if years == 1 else "s")


def _count(n: float | None) -> str:
    """The free transitions of a month: ``4000`` -> ``"4,000 free"``."""
    return "free transitions" if n is None else f"{n:,.0f} free"


def _eks_text(rates: DecideRates) -> str:
    if rates.eks_cluster_hour is None:
        return "plus the EKS control plane, per cluster-hour"
    unconfirmed = " (unconfirmed rate)" if rates.eks_unconfirmed else ""
    return f"plus the EKS control plane, ${rates.eks_cluster_hour:.2f} per cluster-hour{unconfirmed}"


def _size(mb: float) -> str:
    return f"{mb / 1024:g} GB" if mb >= 1024 else f"{mb:g} MB"


def _cheapest(mask: NDArray[np.bool_], cost: NDArray[np.float64]) -> int | None:
    """Index of the cheapest row where ``mask`` holds, None if none does."""
    if not mask.any():
        return None
    return int(np.argmin(np.where(mask, cost, np.inf)))


def lambda_memory_mb(job: Job) -> int:
    """Memory to configure so Lambda gives the job its memory and vCPUs (128 MB at least)."""
    need = job.memory_mb
    if job.vcpus is not None:
        # 6 vCPUs come with the 10,240 MB maximum, a little under 6 x 1,769 MB.
        need = max(need, min(math.ceil(job.vcpus * LAMBDA_MB_PER_VCPU), LAMBDA_MAX_MEMORY_MB))
    return int(max(math.ceil(need), LAMBDA_MIN_MEMORY_MB))


def step_count(job: Job) -> int:
    """Lambda steps (invocations) the job is split into: 12-minute chunks when chunkable."""
    if not job.chunkable:
        return 1
    return max(1, math.ceil(job.duration_s / STEP_S - 1e-9))


def _lambda_limits(job: Job) -> list[str]:
    """Why Lambda cannot run (any part of) this job; empty if its limits allow it."""
    out = []
    if job.gpu:
        out.append("needs a GPU: Lambda has none")
    if job.vcpus is not None and job.vcpus > LAMBDA_MAX_VCPUS:
        out.append(
            f"needs {job.vcpus:g} vCPUs: Lambda gives at most {LAMBDA_MAX_VCPUS:g} (at {LAMBDA_MAX_MEMORY_MB:,} MB)"
        )
    if job.memory_mb > LAMBDA_MAX_MEMORY_MB:
        out.append(f"memory {_size(job.memory_mb)} is over Lambda's {LAMBDA_MAX_MEMORY_MB:,} MB limit")
    if job.storage_mb > LAMBDA_MAX_TMP_MB:
        out.append(f"needs {_size(job.storage_mb)} of local storage: Lambda's /tmp is at most {LAMBDA_MAX_TMP_MB:,} MB")
    return out


# ---------------------------------------------------------------- the decision


def decide(job: Job, rates: DecideRates) -> Decision:
    """Check every option against its limits, price those that fit, and pick one."""
    mem = lambda_memory_mb(job)
    steps = step_count(job)
    runs = job.billed_runs
    limits = _lambda_limits(job)
    options: dict[str, Option] = {}

    def make(
        service: str,
        reasons: list[str],
        setup: str,
        items: dict[str, float] | None,
        fits: bool,
        unpriced: str | None = None,
    ) -> None:
        priced = fits and items is not None and unpriced is None
        if fits and unpriced:
            reasons = [*reasons, unpriced]
        monthly = float(sum(items.values())) if priced and items is not None else None
        options[service] = Option(
            service=service,
            feasible=fits,
            priced=priced,
            reasons=tuple(reasons),
            setup=setup,
            cost_per_run=monthly / runs if monthly is not None else None,
            monthly_cost=monthly,
            line_items=dict(items) if priced and items is not None else {},
            complexity=COMPLEXITY[service],
            max_run_time=MAX_RUN_TIME[service],
        )

    # ---- Lambda, Step Functions, durable functions: one engine call, two scenarios
    lam_items: list[dict[str, float]] = [{}, {}]
    if rates.lambda_rates is not None:
        invocations = np.array([[1.0], [float(steps)]])
        # One invocation waits inside itself (billed); the steps do not wait (the workflow does).
        compute_s = np.array([[job.duration_s + job.wait_s], [job.duration_s]])
        costs = price_functions(
            FunctionArrays(
                memory_mb=float(mem),
                is_arm=job.architecture == "arm64",
                duration_ms=compute_s * 1000.0 / invocations,
                requests=runs * invocations,
                ephemeral_storage_mb=max(min(job.storage_mb, LAMBDA_MAX_TMP_MB), INCLUDED_STORAGE_MB),
            ),
            rates.lambda_rates,
            free_tier=False,
        )
        for s in range(2):
            lam_items[s] = {
                "Lambda requests": float(costs.cost["requests"][s, 0]),
                "Lambda duration": float(costs.cost["duration"][s, 0]),
            }
            if job.storage_mb > INCLUDED_STORAGE_MB:
                lam_items[s][f"Lambda /tmp over {INCLUDED_STORAGE_MB:g} MB"] = float(
                    costs.cost["ephemeral_storage"][s, 0]
                )
    no_lambda_prices = rates.missing.get("lambda")
    vcpu_share = mem / LAMBDA_MB_PER_VCPU
    lam_desc = f"{mem:,} MB ({vcpu_share:.2f} vCPU) {job.architecture}"

    # lambda
    reasons = list(limits)
    if job.continuous:
        reasons.append(f"runs all the time: an invocation ends after at most {_TIMEOUT_MIN} minutes")
    elif job.duration_s >= LAMBDA_TIMEOUT_S:
        reasons.append(
            f"{_minutes(job.duration_s)} reaches the {_TIMEOUT_MIN}-minute timeout "
            f'("Task timed out after {LAMBDA_TIMEOUT_S:.2f} seconds")'
        )
    elif job.duration_s + job.wait_s >= LAMBDA_TIMEOUT_S:
        reasons.append(
            f"{_minutes(job.duration_s)} of work and {_minutes(job.wait_s)} of waiting pass the {_TIMEOUT_MIN}-minute timeout: "
            "durable functions and Step Functions wait without a running invocation"
        )
    fits = not reasons
    if fits and job.wait_s:
        reasons.append(f"waits {_minutes(job.wait_s)} inside the invocation, billed as duration")
    if fits:
        reasons.append(f"{_minutes(job.duration_s)} is under the {_TIMEOUT_MIN}-minute timeout")
        if job.duration_s > STEP_S:
            reasons.append(f"less than {_MARGIN_MIN:g} minutes of margin: a slow run would be killed")
        reasons.append(f"{lam_desc}; no free tier applied")
    make(
        "lambda",
        reasons,
        f"1 x {_minutes(job.duration_s)}, {mem:,} MB",
        lam_items[0] if rates.lambda_rates else None,
        fits,
        no_lambda_prices,
    )

    # step-functions and lambda-durable share the chunking rules
    chunk_reasons = list(limits)
    if job.continuous:
        chunk_reasons.append("runs all the time: a service is not a workflow of steps")
    elif job.duration_s >= LAMBDA_TIMEOUT_S and not job.chunkable:
        chunk_reasons.append(
            f"the work cannot be split (--no-chunkable), and one step would pass Lambda's {_TIMEOUT_MIN}-minute timeout"
        )
    step_s = job.run_seconds / steps
    chunk_setup = f"{steps} x {_minutes(step_s)}, {mem:,} MB"

    waits = 1 if job.wait_s > 0 and not job.continuous else 0
    reasons = list(chunk_reasons)
    if not job.continuous and job.wall_seconds > STEP_FUNCTIONS_MAX_S:
        reasons.append(f"a Standard workflow runs at most {_years(STEP_FUNCTIONS_MAX_S)}")
    fits = not reasons
    items: dict[str, float] | None = None
    unpriced = no_lambda_prices or rates.missing.get("services")
    if fits:
        reasons.append(
            f"{steps} Lambda step{'s' if steps > 1 else ''} of at most {STEP_S / 60:g} min "
            f"({_MARGIN_MIN:g} min margin under the timeout), "
            f"{lam_desc}"
        )
        reasons.append(
            f"{steps} state transition{'s' if steps > 1 else ''} per run at the Standard rate; "
            f"the {_count(rates.step_free_transitions)} a month not applied"
        )
        if waits:
            reasons.append(f"a Wait state of {_minutes(job.wait_s)}: one more transition, no compute while waiting")
        if rates.step_transition is not None and rates.lambda_rates is not None:
            items = {**lam_items[1], "State transitions": runs * (steps + waits) * rates.step_transition}
    make("step-functions", reasons, chunk_setup, items, fits, unpriced)

    reasons = list(chunk_reasons)
    if not job.continuous and job.wall_seconds > DURABLE_MAX_S:
        reasons.append(f"a durable execution lasts at most {DURABLE_MAX_S // SECONDS_PER_DAY} days")
    fits = not reasons
    items = None
    operations = steps + 1 + waits
    if fits:
        reasons.append(
            f"{steps} invocation{'s' if steps > 1 else ''} of at most {STEP_S / 60:g} min, "
            f"each under the {_TIMEOUT_MIN}-minute timeout"
        )
        if waits:
            reasons.append(
                f"waits {_minutes(job.wait_s)} with no compute billed: one wait operation and one more invocation "
                "(the resume)"
            )
        retained_days = DURABLE_RETENTION_DAYS + (0.0 if job.continuous else job.wall_seconds / SECONDS_PER_DAY)
        reasons.append(
            f"assumed {operations} operations per run (start + 1 checkpoint per step{' + the wait' if waits else ''}), "
            f"{DURABLE_CHECKPOINT_KB:g} KB written per operation, kept while it runs and {DURABLE_RETENTION_DAYS:g} "
            "days after"
        )
        if rates.durable_operation is not None and rates.lambda_rates is not None:
            assert rates.durable_gb_written is not None and rates.durable_gb_month is not None
            gb_written = runs * operations * DURABLE_CHECKPOINT_KB / 1024.0 / 1024.0
            arm = 1 if job.architecture == "arm64" else 0
            resume = (
                {"Lambda requests (resume)": runs * waits * float(rates.lambda_rates.request[arm])} if waits else {}
            )
            items = {
                **lam_items[1],
                **resume,
                "Durable operations": runs * operations * rates.durable_operation,
                "Data written": gb_written * rates.durable_gb_written,
                "Data retained": gb_written * retained_days * HOURS_PER_DAY / HOURS_PER_MONTH * rates.durable_gb_month,
            }
    make("lambda-durable", reasons, chunk_setup, items, fits, unpriced)

    # ---- Lambda MicroVMs
    make("lambda-microvm", *microvm_option(job, rates.region, rates.microvm, vcpus=job.container_vcpus))

    # ---- Fargate and Fargate Spot
    vcpus = job.container_vcpus
    reasons = []
    if job.gpu:
        reasons.append("needs a GPU: Fargate has none")
    if job.storage_gb > FARGATE_MAX_STORAGE_GB:
        reasons.append(
            f"needs {_size(job.storage_mb)} of storage: a Fargate task has at most {FARGATE_MAX_STORAGE_GB:g} GB"
        )
    far = rates.fargate[job.architecture] if rates.fargate else None
    size_setup = "-"
    items = None
    if far is not None:
        size_vcpu, size_mem = far.sizes[:, 0], far.sizes[:, 1]
        per_second = size_vcpu * far.vcpu_second + size_mem * far.gb_second
        size_idx = _cheapest((size_vcpu >= vcpus - 1e-9) & (size_mem >= job.memory_gb - 1e-9), per_second)
        if size_idx is None:
            top_v, top_m = far.sizes[:, 0].max(), far.sizes[:, 1].max()
            reasons.append(
                f"no Fargate task size has {vcpus:g} vCPUs and {_size(job.memory_mb)} "
                f"(largest: {top_v:g} vCPU, {top_m:g} GB)"
            )
        else:
            v, m = float(size_vcpu[size_idx]), float(size_mem[size_idx])
            billed = max(job.wall_seconds, rates.fargate_minimum_seconds)
            extra_gb = max(job.storage_gb - rates.fargate_included_storage_gb, 0.0)
            size_setup = f"{v:g} vCPU, {m:g} GB"
            items = {
                "vCPU": runs * billed * v * far.vcpu_second,
                "Memory": runs * billed * m * far.gb_second,
            }
            if extra_gb > 0:
                items[f"Storage over {rates.fargate_included_storage_gb:g} GB"] = (
                    runs * billed * extra_gb * far.storage_gb_second
                )
    fits = not reasons
    base_reasons = list(reasons)
    if fits:
        base_reasons.append(
            f"no time limit; the smallest valid task size with {vcpus:g} vCPU and {_size(job.memory_mb)}, "
            f"{job.architecture}"
        )
        base_reasons.append(f"billed per second, {_minimum(rates.fargate_minimum_seconds)}")
    make("fargate", base_reasons, size_setup, items, fits, rates.missing.get("fargate"))

    spot_reasons = list(reasons)
    spot_items = None
    if fits:
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
    make("fargate-spot", spot_reasons, size_setup, spot_items, fits, rates.missing.get("fargate"))

    # ---- EC2-based options: the cheapest non-burstable type that fits
    cat = rates.ec2
    inst: int | None = None
    inst_desc = "-"
    ec2_unpriced = rates.missing.get("ec2")
    if job.gpu:
        ec2_unpriced = "GPU instance prices are not in the price tables: not priced"
    elif cat is not None:
        mask = (
            (~cat.burstable)
            & (cat.is_arm == (job.architecture == "arm64"))
            & (cat.vcpus >= vcpus - 1e-9)
            & (cat.memory_gib >= job.memory_gb - 1e-9)
        )
        inst = _cheapest(mask, cat.hourly)
        if inst is None:
            ec2_unpriced = (
                f"no {job.architecture} type in the price table has {vcpus:g} vCPUs and "
                f"{_size(job.memory_mb)}: not priced"
            )
        else:
            inst_desc = cat.names[inst]
    hourly = float(cat.hourly[inst]) if cat is not None and inst is not None else None
    billed_h = max(job.wall_seconds, EC2_MINIMUM_BILLED_S) / SECONDS_PER_HOUR
    gpu_note = ["GPU instances are available (not in the price tables)"] if job.gpu else []
    if cat is not None and inst is not None and hourly is not None:
        gpu_note.append(
            f"{inst_desc}: {cat.vcpus[inst]:g} vCPU, {cat.memory_gib[inst]:g} GiB, {job.architecture}, "
            f"${hourly:g}/h on demand, the cheapest non-burstable type that fits"
            + (" (price not read from AWS: unconfirmed)" if cat.unconfirmed[inst] else "")
        )

    # batch-spot
    reasons = []
    if job.continuous:
        reasons.append("runs all the time: Batch runs jobs to completion, not services")
    fits = not reasons
    items = None
    if fits:
        reasons += gpu_note
        reasons.append("no time limit; no Batch fee, you pay for the EC2 Spot capacity")
        reasons.append(
            f"on-demand price less {rates.ec2_spot_discount:.0%} (a typical Spot discount), "
            f"per second, {_minimum(EC2_MINIMUM_BILLED_S)}"
        )
        if not job.chunkable:
            reasons.append("not chunkable: a Spot interruption restarts the whole job (Batch can retry it)")
        if hourly is not None:
            items = {"EC2 Spot": runs * billed_h * hourly * (1.0 - rates.ec2_spot_discount)}
    make("batch-spot", reasons, f"{inst_desc} Spot" if inst is not None else "-", items, fits, ec2_unpriced)

    # ecs / eks: instances kept running all month
    busy = runs * job.wall_seconds / SECONDS_PER_MONTH
    count = max(1, math.ceil(busy - 1e-9))
    for service in ("ecs", "eks"):
        reasons = list(gpu_note)
        reasons.append(
            f"{count} container instance{'s' if count > 1 else ''} kept running all month "
            f"({HOURS_PER_MONTH:g} h), on demand"
        )
        if not job.continuous:
            reasons.append(f"the job keeps them busy {busy:.2%} of the month; meant for services that run all the time")
        items = None
        unpriced = ec2_unpriced
        if hourly is not None:
            items = {"EC2 instances": count * HOURS_PER_MONTH * hourly}
        if service == "eks":
            reasons.append(_eks_text(rates))
            if rates.eks_cluster_hour is None:
                unpriced = unpriced or rates.missing.get("services")
            elif items is not None:
                items["EKS control plane"] = HOURS_PER_MONTH * rates.eks_cluster_hour
        setup = f"{count} x {inst_desc}" if inst is not None else "-"
        make(service, reasons, setup, items, True, unpriced)

    # ec2
    reasons = list(gpu_note)
    if job.continuous:
        reasons.append(f"one on-demand instance running all month ({HOURS_PER_MONTH:g} h)")
    else:
        reasons.append(
            "an on-demand instance started for each run and stopped after it "
            f"(per second, {_minimum(EC2_MINIMUM_BILLED_S)}; boot time not counted)"
        )
    items = {"EC2 on demand": runs * billed_h * hourly} if hourly is not None else None
    make("ec2", reasons, inst_desc, items, True, ec2_unpriced)

    # ---- the guide (public example 5), then the hard limits, then cost
    if job.continuous:
        guide, band = "ecs", "always running -> ECS or EKS"
    elif job.wait_s > 0 and job.duration_s + job.wait_s >= GUIDE_LAMBDA_BELOW_S:
        guide, band = "lambda-durable", "waits for something outside it -> durable functions (no compute while waiting)"
    elif job.duration_s < GUIDE_LAMBDA_BELOW_S:
        guide, band = "lambda", "under 15 minutes -> Lambda"
    elif job.duration_s <= GUIDE_STEP_FUNCTIONS_UP_TO_S and job.chunkable:
        guide, band = "step-functions", "15 to 30 minutes, chunkable -> Step Functions with several Lambdas"
    elif job.duration_s <= GUIDE_STEP_FUNCTIONS_UP_TO_S:
        guide, band = "fargate", "15 to 30 minutes, not chunkable -> Fargate or AWS Batch"
    else:
        guide, band = "fargate", "30 minutes to hours -> Fargate or AWS Batch"
    why = [f"the guide by duration: {band}"]
    pick = next((s for s in _FALLBACK[guide] if options[s].feasible), "ec2")
    if pick != guide:
        why.append(f"{guide} does not fit: {'; '.join(r for r in options[guide].reasons)}")
        for skipped in _FALLBACK[guide][1 : _FALLBACK[guide].index(pick)]:
            why.append(f"{skipped} does not fit either")
        why.append(f"next choice that fits: {pick}")
    elif guide == "fargate":
        why.append("Fargate rather than Batch: no cluster or queue to run (lower operational complexity)")
    elif guide == "ecs":
        why.append("ECS rather than EKS: no control plane fee, no Kubernetes to run")

    cheaper: list[Cheaper] = []
    rec_cost = options[pick].monthly_cost
    if rec_cost is not None and rec_cost > 0:
        for o in options.values():
            cost = o.monthly_cost
            if o.service != pick and o.feasible and cost is not None and cost <= (1.0 - CHEAPER_THRESHOLD) * rec_cost:
                cheaper.append(Cheaper(o.service, cost, 1.0 - cost / rec_cost))
        cheaper.sort(key=lambda c: c.monthly_cost)

    notes = ["No free tier is applied (the question is what this one job costs)."]
    if job.continuous:
        notes.append(
            f"--continuous: priced as a service running all month ({HOURS_PER_MONTH:g} h); "
            "--duration and --runs are not used."
        )
    if job.vcpus is None:
        notes.append(
            f"vCPUs not given: Lambda gets {vcpu_share:.2f} vCPU from its {mem:,} MB, "
            f"containers and instances {DEFAULT_CONTAINER_VCPUS:g} vCPU."
        )
    notes.append("The job's duration is taken as the same everywhere; a different CPU share would change it.")
    if job.gpu:
        notes.append(
            "GPU: only EC2-based options (AWS Batch, ECS/EKS on EC2, EC2) can run it; "
            "GPU instance prices are not in the tables, so those are not priced."
        )
    return Decision(
        job=job,
        lambda_memory_mb=mem,
        recommendation=pick,
        guide_choice=guide,
        guide_band=band,
        why=tuple(why),
        options=tuple(options[s] for s in SERVICES),
        cheaper=tuple(cheaper),
        steps=steps,
        notes=tuple(notes),
        rates=rates,
    )
