"""Workload keys for the Lambda charges added in 2025-2026.

Lambda Managed Instances, durable functions, tenant isolation, response
streaming, large asynchronous events, provisioned event source mappings, a
workload's discounts and its remaining free tier. :mod:`lambdacost.schema.workload`
puts them on a function or on the workload; the limits they are checked
against are AWS's, kept in :mod:`lambdacost.core.billing2026`.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from lambdacost.core import billing2026 as rules
from lambdacost.schema import units


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if x == int(x) else f"{x:,.6g}"


def _kb(value: object) -> float:
    return float(units.parse_size_mb(value) * 1024)


def _size_kb(value: object) -> float:
    kb = _kb(value)
    if kb <= 0:
        raise ValueError(f"{value!r} must be greater than 0")
    return kb


def _async_kb(value: object) -> float:
    kb = _size_kb(value)
    if kb > rules.ASYNC_MAX_KB:
        raise ValueError(f"{value!r} is over the 1 MB limit of an asynchronous event")
    return kb


def _response_mb(value: object) -> float:
    mb = float(units.parse_size_mb(value))
    if mb <= 0:
        raise ValueError(f"{value!r} must be greater than 0")
    if mb > rules.STREAM_MAX_RESPONSE_MB:
        raise ValueError(f"{value!r} is over the {rules.STREAM_MAX_RESPONSE_MB:g} MB limit of a streamed response")
    return mb


def _count(value: object) -> float:
    return float(units.parse_count(value))


def _bounded(low: float, high: float, what: str) -> Any:
    def check(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(f"expected {what}")
        try:
            number = float(value)
        except ValueError:
            number = _count(value)
        if not math.isfinite(number) or not low <= number <= high:
            raise ValueError(f"{value!r} is out of range: expected {what}")
        return number

    return check


def _share_below_one(value: object) -> float:
    share = float(units.parse_fraction(value))
    if share >= 1:
        raise ValueError(f"{value!r}: a discount must be below 100%")
    return share


def _optional(parse: Any) -> Any:
    """A validator that leaves None alone and parses anything else."""
    return BeforeValidator(lambda v: None if v is None else parse(v))


#: A number, or a count written as people write it ("50k", "1.5M").
_NUMBER_OR_COUNT = WithJsonSchema(
    {
        "anyOf": [
            {"type": "number", "minimum": 0},
            {"type": "string", "pattern": r"^\s*[0-9][0-9_,]*(\.[0-9]*)?\s*([kKmMbB]|bn)?\s*$"},
        ]
    }
)


_SIZE = {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]}
SizeKB = Annotated[
    float,
    BeforeValidator(_kb),
    WithJsonSchema({**_SIZE, "description": 'A size: "104KB", "1.5MB" (1 MB = 1024 KB)'}),
]
AsyncEventKB = Annotated[
    float,
    BeforeValidator(_async_kb),
    WithJsonSchema({**_SIZE, "description": 'Size of one asynchronous event, at most 1 MB: "300KB"'}),
]
ResponseMB = Annotated[
    float,
    BeforeValidator(_response_mb),
    WithJsonSchema({**_SIZE, "description": 'Size of one streamed response, at most 200 MB: "7MB"'}),
]
Discount = Annotated[
    float,
    BeforeValidator(_share_below_one),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0, "exclusiveMaximum": 1}, {"type": "string"}]}),
]


class ManagedInstances(_Strict):
    """The function runs on Lambda Managed Instances: EC2 instances of a capacity provider."""

    instance_type: str = Field(
        pattern=r"^[a-z][a-z0-9-]*\.[a-z0-9-]+$",
        max_length=40,
        description="EC2 instance type of the capacity provider (it must be in pricing/ec2.yaml for the region)",
    )
    instance_hours: Annotated[
        float | None, _optional(_bounded(0, 1e9, "instance-hours a month, 0 to 1e9")), _NUMBER_OR_COUNT
    ] = Field(
        default=None,
        description="Instance-hours a month; default: sized from the load (printed with its assumptions)",
    )
    hourly_rate: float | None = Field(
        default=None,
        gt=0,
        le=1000,
        description=(
            "USD per instance-hour you pay under a commitment (Savings Plan or Reserved Instance rate); "
            "default: the on-demand price less the workload's ec2 discount. The 15% fee is on the on-demand price"
        ),
    )
    memory_per_vcpu: Literal[2, 4, 8] = Field(
        default=2, description="GiB of memory per vCPU of an execution environment (2, 4 or 8)"
    )
    concurrency_per_vcpu: int = Field(
        default=rules.LMI_DEFAULT_CONCURRENCY_PER_VCPU,
        ge=1,
        le=rules.LMI_MAX_CONCURRENCY_PER_ENVIRONMENT,
        description="Requests one vCPU of an environment serves at once (AWS's default for Python: 16)",
    )
    min_instances: int = Field(
        default=rules.LMI_MIN_INSTANCES,
        ge=1,
        le=100_000,
        description="Instances kept running at the least (AWS launches three, one per Availability Zone)",
    )


class Durable(_Strict):
    """A durable function: ``requests`` counts executions and ``duration`` is the compute of one execution."""

    operations_per_execution: Annotated[
        float, BeforeValidator(_bounded(1, 1e6, "operations, 1 to 1,000,000")), _NUMBER_OR_COUNT
    ] = Field(description="Durable operations of one execution: the start, each step, each wait, callbacks, retries")
    invocations_per_execution: Annotated[
        float, BeforeValidator(_bounded(1, 1e6, "invocations, 1 to 1,000,000")), _NUMBER_OR_COUNT
    ] = Field(default=1.0, description="Invocations of one execution (the start and each resume after a wait)")
    data_written_per_execution: SizeKB = Field(
        default=0.0, description="Data the operations of one execution write (checkpoints, payloads)"
    )
    running_days: Annotated[
        float,
        BeforeValidator(_bounded(0, rules.DURABLE_MAX_RUNNING_DAYS, "days, 0 to 366 (one year)")),
        _NUMBER_OR_COUNT,
    ] = Field(default=0.0, description="How long one execution runs, waits included, in days")
    retention_days: Annotated[
        float,
        BeforeValidator(_bounded(rules.DURABLE_MIN_RETENTION_DAYS, rules.DURABLE_MAX_RETENTION_DAYS, "days, 1 to 90")),
        _NUMBER_OR_COUNT,
    ] = Field(default=14.0, description="How long its data is kept after it ends (1 to 90 days; AWS's default 14)")


class TenantIsolation(_Strict):
    """Tenant isolation mode: each new tenant-isolated execution environment is charged per GB of memory."""

    environments_per_month: Annotated[
        float, BeforeValidator(_bounded(0, 1e12, "a count of environments, 0 or more")), _NUMBER_OR_COUNT
    ] = Field(description="New tenant-isolated execution environments a month")


class ResponseStreaming(_Strict):
    """HTTP response streaming: GB beyond the first 6 MB of each response are charged."""

    response_size: ResponseMB = Field(description="Size of one streamed response")
    responses: Annotated[float | None, _optional(_count), _NUMBER_OR_COUNT] = Field(
        default=None, description="Responses of that size a month (default: every request)"
    )


class EventSource(_Strict):
    """A provisioned-mode event source mapping, billed in Event Poller Unit hours."""

    type: Literal["sqs", "kafka"] = Field(description="sqs, or kafka (Amazon MSK or self-managed Apache Kafka)")
    epu_hours: Annotated[float, BeforeValidator(_bounded(0, 1e9, "EPU-hours a month")), _NUMBER_OR_COUNT] = Field(
        description="Event Poller Unit hours a month (an SQS mapping runs at least 2 pollers)"
    )


class Discounts(_Strict):
    """Fractions off on-demand prices the workload's account has (Savings Plans, Reserved Instances)."""

    lambda_: Discount = Field(
        default=0.0, alias="lambda", description="Off Lambda duration and provisioned concurrency (not requests)"
    )
    ec2: Discount = Field(
        default=0.0, description="Off EC2 instance-hours, and Managed Instances' instances (not the fee)"
    )
    fargate: Discount = Field(default=0.0, description="Off Fargate vCPU-hours and GB-hours")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    def rates(self) -> dict[str, float]:
        """Service -> fraction off, for the services with a discount."""
        out = {"lambda": self.lambda_, "ec2": self.ec2, "fargate": self.fargate}
        return {k: v for k, v in out.items() if v > 0}


class FreeTierLeft(_Strict):
    """What is left of the account's monthly free tier for this workload (default: all of it)."""

    requests: Annotated[float | None, _optional(_count), _NUMBER_OR_COUNT] = Field(
        default=None, description="Free requests left (AWS: 1,000,000 a month)"
    )
    gb_seconds: Annotated[float | None, _optional(_count), _NUMBER_OR_COUNT] = Field(
        default=None, description="Free GB-seconds left (AWS: 400,000 a month)"
    )
    streaming_gb: Annotated[float | None, _optional(_count), _NUMBER_OR_COUNT] = Field(
        default=None, description="Free response-streaming GB left (AWS: 100 a month)"
    )


def streaming_problem(response_mb: float, duration_ms: float) -> str | None:
    """Why a response of this size cannot stream within one invocation, or None."""
    beyond = response_mb - rules.STREAM_FREE_MB_PER_RESPONSE
    if beyond <= 0:
        return None
    need_s = beyond / rules.STREAM_MB_PER_S_BEYOND_FREE
    if need_s > duration_ms / 1000 * (1 + 1e-9):
        return (
            f"a {_fmt(response_mb)} MB response needs at least {_fmt(need_s)} s to stream "
            f"(2 MB/s beyond the first 6 MB), longer than the function's duration of {_fmt(duration_ms / 1000)} s"
        )
    return None
