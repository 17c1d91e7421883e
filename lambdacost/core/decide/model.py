"""What ``decide`` reads and returns: the job, the rates of one region, the options and the decision.

Also our planning choices (the 12-minute step, the durable-functions
assumptions, the guide's band edges) and each option's label, complexity and
longest run. AWS's own limits are in :mod:`lambdacost.core.aws`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from lambdacost.core.aws import DURABLE_MAX_S, LAMBDA_TIMEOUT_S, SECONDS_PER_DAY, SECONDS_PER_HOUR, STEP_FUNCTIONS_MAX_S
from lambdacost.core.engine import INCLUDED_STORAGE_MB, SECONDS_PER_MONTH, LambdaRates
from lambdacost.core.microvm import MICROVM_MAX_S, MicroVmRates

# ---------------------------------------------------------------- our planning choices (AWS's limits: core/aws.py)

#: The longest Lambda step we plan: 3 minutes of margin under the timeout.
STEP_S = 720.0
#: Minutes in Lambda's timeout, and of margin a planned step leaves under it.
TIMEOUT_MIN = LAMBDA_TIMEOUT_S // 60
MARGIN_MIN = (LAMBDA_TIMEOUT_S - STEP_S) / 60
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
    "lambda": f"{TIMEOUT_MIN} min",
    "step-functions": f"{STEP_FUNCTIONS_MAX_S // (365 * SECONDS_PER_DAY)} year ({TIMEOUT_MIN}-min steps)",
    "lambda-durable": f"{DURABLE_MAX_S // SECONDS_PER_DAY} days ({TIMEOUT_MIN}-min invocations)",
    "lambda-microvm": f"{MICROVM_MAX_S / SECONDS_PER_HOUR:g} h (Arm only)",
    "fargate": "unlimited",
    "fargate-spot": "unlimited, interruptible",
    "batch-spot": "unlimited, interruptible",
    "ecs": "unlimited",
    "eks": "unlimited",
    "ec2": "unlimited",
}
#: Where the guide's pick does not fit, the next options tried, in order.
FALLBACK = {
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


def make_option(
    service: str,
    runs: float,
    reasons: list[str],
    setup: str,
    items: dict[str, float] | None,
    fits: bool,
    unpriced: str | None = None,
) -> Option:
    """An option; priced only if it fits, has line items and nothing keeps it from being priced (``unpriced``)."""
    priced = fits and items is not None and unpriced is None
    if fits and unpriced:
        reasons = [*reasons, unpriced]
    monthly = float(sum(items.values())) if priced and items is not None else None
    return Option(
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
