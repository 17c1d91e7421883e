"""Price tables: the pydantic models of the YAML files under ``pricing/``.

Every table carries ``source`` and ``effective_date``; every model forbids
unknown keys so that a typo in a table is an error, not a silent zero. The
tables are read by :mod:`lambdacost.io.tables`; this module
only describes and checks them, and converts a region's Lambda rates into the
numpy arrays :mod:`lambdacost.core.engine` takes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, model_validator

from lambdacost.errors import PricingError

if TYPE_CHECKING:
    from lambdacost.core.engine import LambdaRates

ARCHITECTURES = ("x86_64", "arm64")
R = TypeVar("R")


class _Strict(BaseModel):
    # defer_build: a table's validators are built when it is first loaded, so a
    # command pays only for the tables it reads (CLI start-up).
    # allow_inf_nan=False: a rate of `.inf` or `.nan` is an error, not a price.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, allow_inf_nan=False)


class _Published(_Strict):
    """What every price table carries: where its rates were read, from when, in which currency."""

    source: str = Field(min_length=1)
    effective_date: dt.date
    currency: Literal["USD"]


def region_of(regions: Mapping[str, R], code: str, missing: str) -> R:
    """``regions[code]``; else a :class:`PricingError`: ``missing`` with ``{code}`` and ``{known}`` filled in."""
    try:
        return regions[code]
    except KeyError:
        raise PricingError(missing.format(code=repr(code), known=", ".join(sorted(regions)))) from None


class PerArchitecture(_Strict):
    """A rate for each Lambda architecture."""

    x86_64: PositiveFloat
    arm64: PositiveFloat


class Tier(_Strict):
    """One volume tier of the duration price: up to ``up_to_gb_seconds`` (None: no end)."""

    up_to_gb_seconds: PositiveFloat | None
    rate: PositiveFloat


class DurationTiers(_Strict):
    """The on-demand duration price per GB-second, by volume tier, for each architecture."""

    x86_64: list[Tier] = Field(min_length=1)
    arm64: list[Tier] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_tiers(self) -> DurationTiers:
        for arch in ARCHITECTURES:
            tiers: list[Tier] = getattr(self, arch)
            ends = [t.up_to_gb_seconds for t in tiers]
            if ends[-1] is not None or any(end is None for end in ends[:-1]):
                raise ValueError(f"{arch}: only the last tier may (and must) have up_to_gb_seconds: null")
            finite = [e for e in ends if e is not None]
            if finite != sorted(set(finite)):
                raise ValueError(f"{arch}: tier ends must increase")
        return self


class SnapStartRates(_Strict):
    """SnapStart: cache per GB-second of each active version, restore per GB restored."""

    cache: PositiveFloat
    restore: PositiveFloat


class FreeTier(_Strict):
    """The monthly Lambda free tier of an account."""

    requests: float = Field(ge=0)
    gb_seconds: float = Field(ge=0)
    streaming_gb: float = Field(default=0.0, ge=0, description="Response-streaming GB a month")


class _Flagged(_Strict):
    """A section of rates with its own flags: which of them were not read from AWS, and how they were obtained."""

    unconfirmed: list[str] = Field(default_factory=list)
    notes: str | None = None


class ManagedInstanceRates(_Flagged):
    """Lambda Managed Instances: the management fee, a share of the instance's on-demand EC2 price."""

    management_fee: float = Field(gt=0, lt=1)


class TenantIsolationRates(_Flagged):
    """Tenant isolation: per GB of configured memory of each new tenant-isolated environment."""

    x86_64: PositiveFloat
    arm64: PositiveFloat


class StreamingRates(_Flagged):
    """HTTP response streaming: per GB beyond the first 6 MB of each response."""

    gb: PositiveFloat


class EventSourceRates(_Flagged):
    """Provisioned-mode event source mappings: per Event Poller Unit hour."""

    sqs_epu_hour: PositiveFloat
    kafka_epu_hour: PositiveFloat


class EdgeRates(_Strict):
    """Lambda@Edge: per request and per GB-second; no free tier, no tiers."""

    request: PositiveFloat
    gb_second: PositiveFloat


class LambdaRegionRates(_Strict):
    """Every Lambda rate of one region."""

    location: str
    usage_type_prefix: str = ""
    request: PerArchitecture
    duration: DurationTiers
    provisioned_concurrency: PerArchitecture
    provisioned_duration: PerArchitecture
    ephemeral_storage: PerArchitecture
    snapstart: SnapStartRates
    # 2025-2026 billing dimensions, each with its own flags (optional: a table without
    # them cannot price a workload that uses them)
    managed_instances: ManagedInstanceRates | None = None
    tenant_isolation: TenantIsolationRates | None = None
    response_streaming: StreamingRates | None = None
    event_source_mapping: EventSourceRates | None = None
    unconfirmed: list[str] = Field(default_factory=list)
    notes: str | None = None


class LambdaPriceTable(_Published):
    """The whole Lambda price table (``pricing/lambda.yaml``)."""

    kind: Literal["lambda"]
    free_tier: FreeTier
    edge: EdgeRates
    regions: dict[str, LambdaRegionRates] = Field(min_length=1)

    def region(self, code: str) -> LambdaRegionRates:
        """The rates of region ``code``; an unknown region is an error listing the known ones."""
        return region_of(self.regions, code, "unknown region {code}; known regions: {known}")

    def rates(self, code: str) -> LambdaRates:
        """The region's rates as the arrays :func:`lambdacost.core.engine.price_functions` takes."""
        import numpy as np

        from lambdacost.core.engine import LambdaRates

        reg = self.region(code)
        n_tiers = max(len(reg.duration.x86_64), len(reg.duration.arm64))
        start = np.zeros((2, n_tiers))
        end = np.full((2, n_tiers), np.inf)
        rate = np.zeros((2, n_tiers))
        for a, arch in enumerate(ARCHITECTURES):
            lo = 0.0
            for t, tier in enumerate(getattr(reg.duration, arch)):
                hi = np.inf if tier.up_to_gb_seconds is None else tier.up_to_gb_seconds
                start[a, t], end[a, t], rate[a, t] = lo, hi, tier.rate
                lo = hi
            # Unused trailing tiers of the shorter list stay empty (start = end = inf).
            start[a, len(getattr(reg.duration, arch)) :] = np.inf

        def pair(p: PerArchitecture) -> np.ndarray:
            return np.array([p.x86_64, p.arm64])

        return LambdaRates(
            request=pair(reg.request),
            tier_start=start,
            tier_end=end,
            tier_rate=rate,
            provisioned_concurrency=pair(reg.provisioned_concurrency),
            provisioned_duration=pair(reg.provisioned_duration),
            ephemeral_storage=pair(reg.ephemeral_storage),
            snapstart_cache=reg.snapstart.cache,
            snapstart_restore=reg.snapstart.restore,
            edge_request=self.edge.request,
            edge_gb_second=self.edge.gb_second,
            free_requests=self.free_tier.requests,
            free_gb_seconds=self.free_tier.gb_seconds,
        )


# ---------------------------------------------------------------- EC2, Fargate, discounts


class Ec2Instance(_Strict):
    """One EC2 instance type's on-demand Linux price and size."""

    vcpus: int = Field(ge=1)
    memory_gib: PositiveFloat
    architecture: Literal["x86_64", "arm64"]
    hourly: PositiveFloat
    burstable_baseline: float | None = Field(default=None, gt=0, le=1)
    #: The size whose price this one is scaled from (by vCPUs), when it was not read itself.
    derived_from: str | None = None
    unconfirmed: bool = False

    @property
    def estimated(self) -> bool:
        """Whether the price was not read from AWS data for this type (derived or unconfirmed)."""
        return self.unconfirmed or self.derived_from is not None


class Ec2Region(_Strict):
    instances: dict[str, Ec2Instance] = Field(min_length=1)


class Ec2PriceTable(_Published):
    """The EC2 price table (``pricing/ec2.yaml``)."""

    kind: Literal["ec2"]
    hours_per_month: PositiveFloat
    unlimited_surplus_credit_per_vcpu_hour: PositiveFloat
    regions: dict[str, Ec2Region] = Field(min_length=1)

    def region(self, code: str) -> Ec2Region:
        return region_of(self.regions, code, "no EC2 prices for region {code}; regions with EC2 prices: {known}")


class MemoryRange(_Strict):
    # Bounded so a range lists at most 8,192 sizes (a step of 1e-300 hung `compare`).
    min: PositiveFloat = Field(le=1024)
    max: PositiveFloat = Field(le=1024)
    step: float = Field(ge=0.125, le=1024, description="GB between sizes (at least 0.125)")


class FargateTaskSize(_Strict):
    """The memory sizes valid with one vCPU size."""

    vcpu: PositiveFloat
    memory_gb: list[PositiveFloat] | None = None
    memory_gb_range: MemoryRange | None = None

    @model_validator(mode="after")
    def _one_of(self) -> FargateTaskSize:
        if (self.memory_gb is None) == (self.memory_gb_range is None):
            raise ValueError("give exactly one of memory_gb and memory_gb_range")
        return self

    def memory_sizes(self) -> list[float]:
        """Every valid memory size in GB for this vCPU size."""
        if self.memory_gb is not None:
            return list(self.memory_gb)
        r = self.memory_gb_range
        assert r is not None
        n = int(round((r.max - r.min) / r.step))
        return [r.min + i * r.step for i in range(n + 1)]


class FargatePlatformRates(_Strict):
    vcpu_hour: PositiveFloat
    gb_hour: PositiveFloat


class FargateRegion(_Strict):
    linux_x86_64: FargatePlatformRates
    linux_arm64: FargatePlatformRates
    storage_gb_second: PositiveFloat
    unconfirmed: list[str] = Field(default_factory=list)
    notes: str | None = None


class FargatePriceTable(_Published):
    """The Fargate price table (``pricing/fargate.yaml``)."""

    kind: Literal["fargate"]
    included_storage_gb: float = Field(ge=0)
    minimum_billed_seconds: float = Field(ge=0)
    task_sizes: list[FargateTaskSize] = Field(min_length=1)
    regions: dict[str, FargateRegion] = Field(min_length=1)

    def region(self, code: str) -> FargateRegion:
        return region_of(
            self.regions, code, "no Fargate prices for region {code}; regions with Fargate prices: {known}"
        )

    def valid_sizes(self) -> list[tuple[float, float]]:
        """Every valid (vCPU, memory GB) task size, smallest first."""
        return sorted((t.vcpu, m) for t in self.task_sizes for m in t.memory_sizes())


# ---------------------------------------------------------------- other services (decide)


class StepFunctionsRates(_Strict):
    """Step Functions: Standard per state transition (and its monthly free ones); Express per request and GB-s."""

    standard_state_transition: PositiveFloat
    standard_free_transitions_per_month: float = Field(ge=0)
    express_request: PositiveFloat
    express_gb_second: PositiveFloat


class LambdaDurableRates(_Strict):
    """Lambda durable functions, on top of normal Lambda compute."""

    operation: PositiveFloat
    gb_written: PositiveFloat
    gb_month_retained: PositiveFloat


class EksRates(_Strict):
    """Amazon EKS: the control plane fee per cluster-hour."""

    control_plane_cluster_hour: PositiveFloat


class MicroVmPrices(_Strict):
    """Lambda MicroVMs: compute per second of the baseline, snapshots per GB."""

    vcpu_second: PositiveFloat
    gb_second: PositiveFloat
    snapshot_write_gb: PositiveFloat
    snapshot_read_gb: PositiveFloat
    snapshot_storage_gb_month: PositiveFloat


class ServicesRegion(_Strict):
    step_functions: StepFunctionsRates
    lambda_durable: LambdaDurableRates
    eks: EksRates
    lambda_microvms: MicroVmPrices | None = None
    unconfirmed: list[str] = Field(default_factory=list)
    notes: str | None = None


class ServicesPriceTable(_Published):
    """Rates of Step Functions, Lambda durable functions and EKS (``pricing/services.yaml``)."""

    kind: Literal["services"]
    regions: dict[str, ServicesRegion] = Field(min_length=1)

    def region(self, code: str) -> ServicesRegion:
        return region_of(self.regions, code, "no services prices for region {code}; regions with them: {known}")
