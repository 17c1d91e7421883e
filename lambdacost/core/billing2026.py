"""The Lambda charges added in 2025-2026, each a pure function of arrays.

Lambda Managed Instances (LMI), durable functions, tenant isolation, HTTP
response streaming, large asynchronous events, provisioned event source
mappings and Compute Savings Plans (AWS Lambda pricing page, 2026 copy; rates
in ``pricing/lambda.yaml`` and ``pricing/services.yaml``). Every function takes
arrays with one element per function along the last axis (any leading axes are
scenarios) and works on them whole: no Python loop over functions. The engine
(:mod:`lambdacost.core.engine`) calls them and lists each charge as a line item
of its own.

Imports numpy and the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core import aws
from lambdacost.core.engine import Costs

Array = NDArray[np.float64]

#: Hours in a billing month (AWS's convention; the engine's month).
HOURS_PER_MONTH = float(aws.HOURS_PER_MONTH)
#: Binary sizes, as in AWS's Lambda examples (1,536 MB = 1.5 GB; streaming: 1 GB = 1,024 MB).
MB_PER_GB = float(aws.MB_PER_GB)

# ---------------------------------------------------------------- AWS's rules and limits (docs, pricing page)

#: Response streaming: the first 6 MB of each response are free of the streaming charge.
STREAM_FREE_MB_PER_RESPONSE = 6.0
#: Response streaming: a streamed response may be up to 200 MB (AWS docs, "Response streaming").
STREAM_MAX_RESPONSE_MB = 200.0
#: Response streaming: beyond the first 6 MB a response streams at 2 MB/s at most.
STREAM_MB_PER_S_BEYOND_FREE = 2.0
#: Asynchronous events: the first 256 KB are one request, each further 64 KB one more, up to 1 MB.
ASYNC_BASE_KB, ASYNC_CHUNK_KB, ASYNC_MAX_KB = 256.0, 64.0, 1024.0
#: Durable functions: AWS's example counts 1 GB as 1,000,000 KB (1M x 104 KB = 104 GB).
DURABLE_KB_PER_GB = 1_000_000.0
#: Durable functions: retention is prorated per 30-day month (AWS's example: 7/30 and 14/30).
DURABLE_DAYS_PER_MONTH = 30.0
#: Durable functions: an execution can last up to one year; retention after it is 1 to 90 days.
DURABLE_MAX_RUNNING_DAYS, DURABLE_MIN_RETENTION_DAYS, DURABLE_MAX_RETENTION_DAYS = 366.0, 1.0, 90.0
#: LMI: a capacity provider launches three instances by default, for resilience across Availability Zones.
LMI_MIN_INSTANCES = 3
#: LMI: Lambda starts three execution environments before a function version is active.
LMI_MIN_ENVIRONMENTS = 3
#: LMI: memory per vCPU of an execution environment, 2 to 8 GiB (AWS API, ExecutionEnvironmentMemoryGiBPerVCpu).
LMI_MEMORY_PER_VCPU_GIB = (2.0, 4.0, 8.0)
#: LMI: concurrent requests per vCPU of an environment by default: Python 16, Java and .NET 32, Node.js 64.
LMI_DEFAULT_CONCURRENCY_PER_VCPU = 16
#: LMI: an execution environment may take up to 1,600 concurrent requests (PerExecutionEnvironmentMaxConcurrency).
LMI_MAX_CONCURRENCY_PER_ENVIRONMENT = 1600


def _f(values: ArrayLike) -> Array:
    return np.asarray(values, dtype=np.float64)


# ---------------------------------------------------------------- asynchronous events, streaming, tenant isolation


def async_extra_requests(requests: ArrayLike, event_kb: ArrayLike) -> Array:
    """Extra requests counted for asynchronous events above 256 KB: one per further 64 KB chunk.

    ``event_kb`` is 0 (or at most 256) for functions without large events. A 300 KB
    event counts 2 requests, so 1 extra; a 1 MB event counts 13, so 12 extra.
    """
    kb = np.minimum(_f(event_kb), ASYNC_MAX_KB)
    over = np.maximum(kb - ASYNC_BASE_KB, 0.0)
    chunks = np.ceil(np.round(over / ASYNC_CHUNK_KB, 9))
    return np.asarray(_f(requests) * chunks)


def streamed_gb(responses: ArrayLike, response_mb: ArrayLike) -> Array:
    """GB written to response streams beyond the first 6 MB of each response (1 GB = 1,024 MB)."""
    beyond = np.maximum(_f(response_mb) - STREAM_FREE_MB_PER_RESPONSE, 0.0)
    return np.asarray(_f(responses) * beyond / MB_PER_GB)


def account_free_share(usage: ArrayLike, free: ArrayLike) -> Array:
    """Share of an account-wide usage (summed along the last axis) that a free allowance covers.

    Returned per scenario with shape ``(..., 1)``; each function's free part is its
    usage times this share (so the allowance is split in proportion to usage).
    """
    u = _f(usage)
    total = np.sum(u, axis=-1, keepdims=True)
    covered = np.minimum(np.broadcast_to(_f(free), total.shape), total)
    return np.asarray(np.divide(covered, total, out=np.zeros(total.shape), where=total > 0))


def tenant_environments_gb(environments: ArrayLike, memory_mb: ArrayLike) -> Array:
    """GB of configured memory over all new tenant-isolated environments (the charge's quantity)."""
    return np.asarray(_f(environments) * _f(memory_mb) / MB_PER_GB)


# ---------------------------------------------------------------- durable functions


class DurableUsage(NamedTuple):
    """A month of durable executions: operations, GB written and GB-months retained."""

    operations: Array
    gb_written: Array
    gb_months: Array


def durable_usage(
    executions: ArrayLike,
    operations_per_execution: ArrayLike,
    kb_written_per_execution: ArrayLike,
    running_days: ArrayLike,
    retention_days: ArrayLike,
) -> DurableUsage:
    """Durable operations, data written and data retained for a month of executions.

    Data written by an execution is retained while it runs (waits included) and for
    the retention period after it ends, prorated per 30-day month.
    """
    n = _f(executions)
    written = n * _f(kb_written_per_execution) / DURABLE_KB_PER_GB
    months = (_f(running_days) + _f(retention_days)) / DURABLE_DAYS_PER_MONTH
    return DurableUsage(np.asarray(n * _f(operations_per_execution)), np.asarray(written), np.asarray(written * months))


# ---------------------------------------------------------------- Lambda Managed Instances


class Fleet(NamedTuple):
    """A capacity provider sized from a function's load."""

    environment_vcpus: Array  # vCPUs of one execution environment
    environments: Array  # execution environments needed at the sizing load
    environments_per_instance: Array  # how many fit on one instance (0: the environment does not fit)
    instances: Array  # instances kept running (at least the minimum fleet)
    instance_hours: Array  # a month of them


def managed_instance_fleet(
    requests: ArrayLike,
    duration_ms: ArrayLike,
    memory_mb: ArrayLike,
    instance_vcpus: ArrayLike,
    instance_memory_gib: ArrayLike,
    *,
    peak_factor: ArrayLike = 1.0,
    memory_per_vcpu_gib: ArrayLike = LMI_MEMORY_PER_VCPU_GIB[0],
    concurrency_per_vcpu: ArrayLike = LMI_DEFAULT_CONCURRENCY_PER_VCPU,
    min_instances: ArrayLike = LMI_MIN_INSTANCES,
    hours: ArrayLike = HOURS_PER_MONTH,
) -> Fleet:
    """The instances a capacity provider runs for a function's load, and their instance-hours.

    Each execution environment has the function's memory and ``memory / memory_per_vcpu``
    vCPUs, and takes ``vCPUs x concurrency_per_vcpu`` requests at once. The load is the
    mean concurrency (requests/s x duration, Little's law) times ``peak_factor``, held
    all month: environments = ceil(load / per-environment concurrency), at least
    three; instances = ceil(environments / environments per instance), at least
    ``min_instances``. Environments per instance are limited by the instance's vCPUs
    and memory. Where an environment does not fit on the instance type,
    ``environments_per_instance`` is 0 and the instance-hours are NaN.
    """
    gib = _f(memory_mb) / MB_PER_GB
    env_vcpus = gib / _f(memory_per_vcpu_gib)
    per_env = env_vcpus * _f(concurrency_per_vcpu)
    load = _f(requests) / (HOURS_PER_MONTH * aws.SECONDS_PER_HOUR) * (_f(duration_ms) / 1000.0) * _f(peak_factor)
    environments = np.maximum(np.ceil(np.round(load / per_env, 9)), LMI_MIN_ENVIRONMENTS)
    fit = np.floor(np.round(np.minimum(_f(instance_vcpus) / env_vcpus, _f(instance_memory_gib) / gib), 9))
    with np.errstate(divide="ignore", invalid="ignore"):
        needed = np.where(fit >= 1, np.ceil(np.round(environments / np.maximum(fit, 1.0), 9)), np.nan)
    instances = np.maximum(needed, _f(min_instances))
    return Fleet(
        np.asarray(env_vcpus),
        np.asarray(environments),
        np.asarray(fit),
        np.asarray(instances),
        np.asarray(instances * _f(hours)),
    )


class ManagedInstanceCharges(NamedTuple):
    instances: Array  # instance-hours x the rate paid (on-demand after the EC2 discount, or a committed rate)
    management_fee: Array  # instance-hours x fee share x the on-demand rate (never discounted)


def managed_instance_charges(
    instance_hours: ArrayLike, on_demand_hourly: ArrayLike, paid_hourly: ArrayLike, fee_share: ArrayLike
) -> ManagedInstanceCharges:
    """The two LMI charges besides requests: the instances and the management fee."""
    hours = _f(instance_hours)
    return ManagedInstanceCharges(
        np.asarray(hours * _f(paid_hourly)), np.asarray(hours * _f(fee_share) * _f(on_demand_hourly))
    )


def managed_instance_break_even_requests(
    instance_cost_per_month: ArrayLike,
    lambda_cost_per_request: ArrayLike,
) -> Array:
    """Requests a month above which a fixed LMI fleet costs less than on-demand Lambda.

    Both pay the same request charge, so the break-even is the fleet's monthly cost
    (instances and fee) over on-demand Lambda's duration cost per request.
    """
    fleet, per = _f(instance_cost_per_month), _f(lambda_cost_per_request)
    out = np.full(np.broadcast_shapes(fleet.shape, per.shape), np.inf)
    return np.asarray(np.divide(fleet, per, out=out, where=per > 0))


# ---------------------------------------------------------------- Savings Plans


def discounted(cost: ArrayLike, share: ArrayLike) -> Array:
    """The part of ``cost`` a discount takes off (a negative amount): ``-share x cost``."""
    return np.asarray(-_f(share) * _f(cost))


# ---------------------------------------------------------------- the charges on a priced workload


@dataclass(frozen=True)
class Rates2026:
    """The 2026 rates of one region (NaN where the price tables have none: no function may use it then)."""

    request: Array  # (2,) per request, [x86_64, arm64]
    management_fee: float  # share of the on-demand instance price
    tenant_isolation: Array  # (2,) per GB of memory of a new tenant-isolated environment
    streaming_gb: float
    free_streaming_gb: float
    durable_operation: float
    durable_gb_written: float
    durable_gb_month: float


@dataclass(frozen=True)
class Features2026:
    """Each function's use of the 2026 features (0 where it has none); one element per function.

    ``requests`` are billed invocations (for a durable function: executions x
    invocations per execution); ``executions`` are what durable charges count.
    """

    memory_mb: ArrayLike
    is_arm: ArrayLike
    requests: ArrayLike
    async_event_kb: ArrayLike = 0.0
    lmi_instance_hours: ArrayLike = 0.0
    lmi_on_demand_hourly: ArrayLike = 0.0
    lmi_paid_hourly: ArrayLike = 0.0
    durable_executions: ArrayLike = 0.0
    durable_operations: ArrayLike = 0.0
    durable_kb_written: ArrayLike = 0.0
    durable_retained_days: ArrayLike = 0.0  # running days + retention days
    tenant_environments: ArrayLike = 0.0
    stream_responses: ArrayLike = 0.0
    stream_response_mb: ArrayLike = 0.0
    epu_hours: ArrayLike = 0.0
    epu_rate: ArrayLike = 0.0
    lambda_discount: ArrayLike = 0.0  # Compute Savings Plan share off Lambda duration and PC


#: What a Compute Savings Plan takes its share off (not requests, storage or SnapStart).
DISCOUNTED_ITEMS = (
    "duration",
    "init_duration",
    "free_tier_duration",
    "provisioned_concurrency",
    "provisioned_duration",
)


class _Rows:
    """The rows (functions, in every scenario) where a feature is on: values are computed there only.

    Most functions use none of the 2026 features, so each charge is computed on its
    own rows (a boolean mask over the batch) and scattered into zeros.
    """

    def __init__(self, shape: tuple[int, ...], on: ArrayLike) -> None:
        self.shape = shape
        self.index = np.nonzero(np.broadcast_to(np.asarray(on, dtype=bool), shape))

    def take(self, values: ArrayLike, dtype: type = np.float64) -> Any:
        """``values`` on the rows: a scalar stays a scalar (numpy's fast path)."""
        arr: NDArray[Any] = np.asarray(values, dtype=dtype)
        if arr.size == 1:
            return arr.reshape(()).item()
        return np.broadcast_to(arr, self.shape)[self.index]

    def put(self, values: ArrayLike) -> Array:
        out = np.zeros(self.shape)
        out[self.index] = values
        return out


def _on(shape: tuple[int, ...], values: ArrayLike) -> _Rows | None:
    """The rows where ``values`` is not 0, or None where no function uses the feature."""
    arr = np.asarray(values)
    if not np.any(arr != 0):
        return None
    return _Rows(shape, arr != 0)


def charges_2026(
    costs: Costs, fx: Features2026, rates: Rates2026, free_tier: ArrayLike = True
) -> dict[str, tuple[Array, Array]]:
    """Line item key -> (quantity, cost) of each 2026 charge some function has; arrays of the batch's shape.

    Each charge is computed on the rows that have it, on whole arrays (no loop over
    functions). The response-streaming free tier is shared by the workload's
    functions in proportion to their streamed GB.
    """
    shape = costs.total.shape
    out: dict[str, tuple[Array, Array]] = {}

    def by_arch(on: _Rows, pair: Array) -> Array:  # np.where: a rate the tables lack (NaN) stays out of the other arch
        return np.asarray(np.where(on.take(fx.is_arm, bool), pair[1], pair[0]))

    if (on := _on(shape, fx.async_event_kb)) is not None:
        extra = async_extra_requests(on.take(fx.requests), on.take(fx.async_event_kb))
        out["async_requests"] = (on.put(extra), on.put(extra * by_arch(on, rates.request)))
    if (on := _on(shape, fx.lmi_instance_hours)) is not None:
        hours = on.take(fx.lmi_instance_hours)
        paid = managed_instance_charges(
            hours, on.take(fx.lmi_on_demand_hourly), on.take(fx.lmi_paid_hourly), rates.management_fee
        )
        put_hours = on.put(hours)
        out["managed_instances"] = (put_hours, on.put(paid.instances))
        out["managed_instances_fee"] = (put_hours, on.put(paid.management_fee))
    if (on := _on(shape, fx.durable_executions)) is not None:
        use = durable_usage(
            on.take(fx.durable_executions),
            on.take(fx.durable_operations),
            on.take(fx.durable_kb_written),
            on.take(fx.durable_retained_days),
            0.0,
        )
        out["durable_operations"] = (on.put(use.operations), on.put(use.operations * rates.durable_operation))
        out["durable_data_written"] = (on.put(use.gb_written), on.put(use.gb_written * rates.durable_gb_written))
        out["durable_data_retained"] = (on.put(use.gb_months), on.put(use.gb_months * rates.durable_gb_month))
    if (on := _on(shape, fx.tenant_environments)) is not None:
        env_gb = on.take(fx.tenant_environments) * on.take(fx.memory_mb) / MB_PER_GB
        out["tenant_isolation"] = (on.put(env_gb), on.put(env_gb * by_arch(on, rates.tenant_isolation)))
    if (on := _on(shape, fx.stream_responses)) is not None:
        streamed = on.put(streamed_gb(on.take(fx.stream_responses), on.take(fx.stream_response_mb)))
        free = np.where(np.asarray(free_tier, dtype=bool), rates.free_streaming_gb, 0.0)
        free_gb = -streamed * account_free_share(streamed, free)
        out["response_streaming"] = (streamed, streamed * rates.streaming_gb)
        out["free_tier_streaming"] = (free_gb, free_gb * rates.streaming_gb)
    if (on := _on(shape, fx.epu_hours)) is not None:
        epu = on.take(fx.epu_hours)
        out["event_source_epu"] = (on.put(epu), on.put(epu * on.take(fx.epu_rate)))
    if np.any(np.asarray(fx.lambda_discount) != 0):
        used = [key for key in DISCOUNTED_ITEMS if costs.cost.used(key)]
        base = sum((costs.cost[key] for key in used), np.zeros(shape))
        share = np.asarray(fx.lambda_discount, dtype=np.float64)
        out["savings_plan"] = (np.asarray(base), discounted(base, share.item() if share.size == 1 else share))
    return out


def with_charges_2026(costs: Costs, fx: Features2026, rates: Rates2026, free_tier: ArrayLike = True) -> Costs:
    """``costs`` with the 2026 charges as line items of their own, and totals that include them."""
    return with_line_items(costs, charges_2026(costs, fx, rates, free_tier))


def with_line_items(costs: Costs, items: dict[str, tuple[Array, Array]]) -> Costs:
    """``costs`` with ``items`` (key -> (quantity, cost)) as line items of their own, and totals that include them."""
    if not items:
        return costs
    total = costs.total + sum((c for _, c in items.values()), np.zeros(costs.total.shape))
    return replace(
        costs,
        quantity=costs.quantity.extended({k: q for k, (q, _) in items.items()}),
        cost=costs.cost.extended({k: c for k, (_, c) in items.items()}),
        total=total,
        workload_total=np.sum(total, axis=-1),
    )
