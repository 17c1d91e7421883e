"""The workload file: pydantic models of what a user describes.

Quantities are written as people write them (``512MB``, ``120ms``,
``3M/month``, ``2%``) and parsed by :mod:`lambdacost.schema.units` into plain numbers:
memory and storage in MB, durations in milliseconds, request counts per month,
shares as fractions. Every model forbids unknown keys; the loader turns
validation errors into one line naming the file, the field and the line.
``lambdacost schema`` prints :func:`workload_json_schema`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from lambdacost.core.aws import (
    DEFAULT_ACCOUNT_CONCURRENCY,
    HOURS_PER_DAY,
    HOURS_PER_LONGEST_MONTH,
    HOURS_PER_MONTH,
    LAMBDA_MAX_MEMORY_MB,
    LAMBDA_MAX_TMP_MB,
    LAMBDA_MIN_MEMORY_MB,
    MB_PER_GB,
    SECONDS_PER_HOUR,
    SNAPSTART_MIN_CACHE_HOURS,
)
from lambdacost.core.aws import EDGE_TIMEOUT_S as EDGE_TIMEOUT_S_MAX
from lambdacost.core.aws import LAMBDA_INCLUDED_TMP_MB as STORAGE_MB_MIN
from lambdacost.core.aws import LAMBDA_INIT_TIMEOUT_S as INIT_S_MAX
from lambdacost.core.aws import LAMBDA_TIMEOUT_S as TIMEOUT_S_MAX
from lambdacost.schema import patterns, units
from lambdacost.schema.billing2026 import (
    AsyncEventKB,
    Discounts,
    Durable,
    EventSource,
    FreeTierLeft,
    ManagedInstances,
    ResponseStreaming,
    TenantIsolation,
    streaming_problem,
)
from lambdacost.schema.stack import FrontDoorField, Logs

#: Lambda's limits (AWS docs, "Lambda quotas"), from :mod:`lambdacost.core.aws`.
MEMORY_MB_MIN, MEMORY_MB_MAX = LAMBDA_MIN_MEMORY_MB, LAMBDA_MAX_MEMORY_MB
STORAGE_MB_MAX = LAMBDA_MAX_TMP_MB
#: Bounds of the account-level counts (AWS raises concurrency quotas to tens of thousands).
CONCURRENCY_MAX = 10_000_000
#: "Hours per month" may be up to a 31-day month (AWS's SnapStart example: 24 x 31 hours).
MAX_HOURS_PER_MONTH = HOURS_PER_LONGEST_MONTH


def _fmt(n: float | Decimal) -> str:
    return f"{n:,.0f}" if n == int(n) else f"{n:,}"


def _whole_mb(lo: int, hi: int) -> Callable[[object], int]:
    """A parser of a whole number of MB from ``lo`` to ``hi`` (memory, ephemeral storage)."""

    def parse(value: object) -> int:
        mb = units.parse_memory_mb(value)
        if not lo <= mb <= hi:
            raise ValueError(f"{_fmt(mb)} MB is out of range: Lambda allows {lo:,} MB to {hi:,} MB")
        return mb

    return parse


def _invocation_ms(value: object) -> float:
    seconds = units.parse_duration_s(value)
    if seconds <= 0:
        raise ValueError(f"{units.shown(value)} must be greater than 0")
    if seconds > TIMEOUT_S_MAX:
        raise ValueError(
            f"{units.shown(value)} is over Lambda's hard limit of {TIMEOUT_S_MAX} s ({TIMEOUT_S_MAX // 60} minutes); "
            f"for longer jobs run `lambdacost decide --duration {str(value).strip()}`"
        )
    return float(seconds * 1000)


def _init_ms(value: object) -> float:
    seconds = units.parse_duration_s(value)
    if seconds > INIT_S_MAX:
        raise ValueError(f"{units.shown(value)} is over the {INIT_S_MAX} s limit of Lambda's INIT phase")
    return float(seconds * 1000)


def _per_month(value: object) -> float:
    return float(units.parse_per_month(value))


def _fraction(value: object) -> float:
    return float(units.parse_fraction(value))


def _hours(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"expected a number of hours from 0 to {MAX_HOURS_PER_MONTH}")
    try:
        hours = float(value)
    except ValueError:
        hours = float(units.parse_duration_s(value)) / SECONDS_PER_HOUR
    if not 0 <= hours <= MAX_HOURS_PER_MONTH:
        raise ValueError(
            f"{units.shown(value)} is out of range: a month has at most {MAX_HOURS_PER_MONTH} hours "
            f"({MAX_HOURS_PER_MONTH // HOURS_PER_DAY} days)"
        )
    return hours


def _peak_factor(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("expected a number of at least 1 (peak requests/s over the monthly average)")
    try:
        factor = float(value)
    except ValueError:
        raise ValueError(
            f"{units.shown(value)} is not a number; expected at least 1 (peak requests/s over the monthly average)"
        ) from None
    if not math.isfinite(factor) or factor < 1:
        raise ValueError(f"{units.shown(value)} is below 1: the peak cannot be lower than the monthly average")
    return factor


def _hourly(value: object) -> list[float]:
    if not isinstance(value, list | tuple):
        raise ValueError(f"expected a list of {HOURS_PER_DAY} relative weights, one per hour of the day")
    if len(value) != HOURS_PER_DAY:
        raise ValueError(
            f"expected exactly {HOURS_PER_DAY} weights, one per hour of the day (00:00 to 23:00), got {len(value)}"
        )
    weights = []
    for hour, weight in enumerate(value):
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight):
            raise ValueError(f"hour {hour}: {units.shown(weight)} is not a finite number")
        if weight < 0:
            raise ValueError(f"hour {hour}: {weight!r} is negative; weights must be 0 or more")
        weights.append(float(weight))
    top = max(weights)
    if top == 0:
        raise ValueError(f"all {HOURS_PER_DAY} weights are 0; at least one hour must have traffic")
    # Relative weights: scaled so the largest is 1, their sum stays finite (1e308 x 24 does not).
    return [w / top for w in weights]


def _unit(
    base: type,
    parse: Callable[[object], Any],
    number: dict[str, Any] | None,
    pattern: str,
    description: str,
    examples: list[Any],
) -> Any:
    """A field type that parses a quantity with units and documents it, with its bounds, in the JSON Schema
    (``number``: the schema of a plain number, None where a plain number is refused)."""
    text = {"type": "string", "pattern": pattern}
    schema: dict[str, Any] = {"anyOf": [number, text]} if number is not None else dict(text)
    schema |= {"description": description, "examples": examples}
    return Annotated[base, BeforeValidator(parse), WithJsonSchema(schema)]


_DURATION = patterns.duration(TIMEOUT_S_MAX, positive=True)
_INIT = patterns.duration(INIT_S_MAX)
_RATE = patterns.rate(units.PERIOD_WORDS)
_SHARE = patterns.share()


def _mb_field(lo: int, hi: int, description: str, examples: list[str]) -> Any:
    number = {"type": "integer", "minimum": lo, "maximum": hi}
    return _unit(int, _whole_mb(lo, hi), number, patterns.size_mb(lo, hi), description, examples)


# The unit fields are built at run time (pattern and bounds in the JSON Schema); type checkers
# see the plain number each one validates to.
if TYPE_CHECKING:
    MemoryMB = int
    StorageMB = int
    InvocationMs = float
    InitMs = float
    PerMonth = float
    Share = float
else:
    MemoryMB = _mb_field(
        MEMORY_MB_MIN,
        MEMORY_MB_MAX,
        f'Memory in MB, {MEMORY_MB_MIN} to {MEMORY_MB_MAX}: 512, "512MB", "1.5GB" (1 GB = {MB_PER_GB} MB)',
        ["512MB", "1.5GB"],
    )
    StorageMB = _mb_field(
        STORAGE_MB_MIN,
        STORAGE_MB_MAX,
        f"Ephemeral storage (/tmp) in MB, {STORAGE_MB_MIN} to {STORAGE_MB_MAX}",
        ["512MB", "2GB"],
    )
    InvocationMs = _unit(
        float,
        _invocation_ms,
        None,
        _DURATION,
        f"Mean billed duration of one invocation, above 0 and at most {TIMEOUT_S_MAX // 60}m ({TIMEOUT_S_MAX}s); a unit is required",
        ["120ms", "2s", "1.5m"],
    )
    InitMs = _unit(
        float,
        _init_ms,
        {"const": 0},
        _INIT,
        f"INIT time of a cold start, billed as duration, at most {INIT_S_MAX}s; a unit is required (or 0)",
        ["400ms", "1.2s"],
    )
    PerMonth = _unit(
        float,
        _per_month,
        {"type": "number", "minimum": 0, "maximum": float(units.MAX_PER_MONTH)},
        _RATE,
        f"Invocations per month ({HOURS_PER_MONTH} hours), or per /s, /min, /hour, /day, /week, /year",
        ["3M/month", "100k/day", "11/s"],
    )
    Share = _unit(
        float,
        _fraction,
        {"type": "number", "minimum": 0, "maximum": 1},
        _SHARE,
        "A share from 0 to 1, or a percentage from 0% to 100%",
        ["2%", 0.02],
    )

Hours = Annotated[
    float,
    BeforeValidator(_hours),
    WithJsonSchema(
        {
            "type": "number",
            "minimum": 0,
            "maximum": MAX_HOURS_PER_MONTH,
            "description": f"Hours a month ({MAX_HOURS_PER_MONTH} at most: a {MAX_HOURS_PER_MONTH // HOURS_PER_DAY}-day month)",
        }
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ProvisionedConcurrency(_Strict):
    """Provisioned concurrency of one function."""

    count: int = Field(ge=1, le=100_000, description="Execution environments kept initialized")
    hours_per_month: Hours = Field(
        default=HOURS_PER_MONTH, description=f"How long it is enabled each month (default {HOURS_PER_MONTH}: always)"
    )
    requests_served: PerMonth | None = Field(
        default=None,
        description=(
            "Invocations it serves a month (or per /s, /day, ...); default: those arriving while it is enabled "
            f"(requests x hours_per_month / {HOURS_PER_MONTH}), capped by what `count` environments can serve"
        ),
    )


class Traffic(_Strict):
    """The shape of a function's traffic over the day: a peak factor or an hourly profile (exactly one)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        defer_build=True,
        json_schema_extra={"oneOf": [{"required": ["peak_factor"]}, {"required": ["hourly"]}]},
    )

    peak_factor: Annotated[
        float | None,
        BeforeValidator(lambda v: None if v is None else _peak_factor(v)),
        WithJsonSchema({"type": "number", "minimum": 1}),
    ] = Field(default=None, description="Peak requests/s over the monthly average (at least 1)")
    hourly: Annotated[
        list[float] | None,
        BeforeValidator(lambda v: None if v is None else _hourly(v)),
        WithJsonSchema(
            {
                "type": "array",
                "items": {"type": "number", "minimum": 0},
                "minItems": HOURS_PER_DAY,
                "maxItems": HOURS_PER_DAY,
            }
        ),
    ] = Field(
        default=None,
        description="A daily profile: 24 relative weights, hour 0 (00:00-01:00) to hour 23, not all 0; normalised to the monthly average",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Traffic:
        if self.peak_factor is None and self.hourly is None:
            raise ValueError("give peak_factor (peak over the monthly average) or hourly (24 weights)")
        if self.peak_factor is not None and self.hourly is not None:
            raise ValueError("give peak_factor or hourly, not both")
        return self


class SnapStart(_Strict):
    """SnapStart of one function (Python and .NET pay for cache and restore; Java does not)."""

    restore_rate: Share = Field(default=0.0, description="Share of invocations that restore a snapshot")
    versions: int = Field(default=1, ge=1, le=1000, description="Published versions with SnapStart active")
    cache_hours_per_month: Hours = Field(
        default=HOURS_PER_MONTH,
        description=f"Hours a month each version is cached (billed for at least {SNAPSTART_MIN_CACHE_HOURS})",
    )
    runtime: Literal["python", "dotnet", "java"] = Field(
        default="python", description="Java managed runtimes pay no SnapStart charges"
    )


class Function(_Strict):
    """One Lambda function and its monthly load."""

    name: str = Field(min_length=1, max_length=140)
    memory: MemoryMB
    architecture: Literal["x86_64", "arm64"] = "x86_64"
    duration: InvocationMs
    requests: PerMonth
    ephemeral_storage: StorageMB = STORAGE_MB_MIN
    cold_start_rate: Share = Field(default=0.0, description="Share of on-demand invocations that are cold starts")
    init_duration: InitMs = Field(default=0.0, description="INIT time of a cold start, billed as on-demand duration")
    edge: bool = Field(default=False, description="Priced as Lambda@Edge")
    provisioned_concurrency: ProvisionedConcurrency | None = None
    snapstart: SnapStart | None = None
    traffic: Traffic | None = Field(
        default=None, description="Traffic shape over the day (default: flat, the peak equals the monthly average)"
    )
    reserved_concurrency: int | None = Field(
        default=None,
        ge=0,
        le=CONCURRENCY_MAX,
        description="Concurrency reserved for this function: its own limit, carved out of the account's",
    )
    managed_instances: ManagedInstances | None = Field(
        default=None, description="Run on Lambda Managed Instances (EC2 instances of a capacity provider)"
    )
    durable: Durable | None = Field(default=None, description="A durable function (requests count executions)")
    tenant_isolation: TenantIsolation | None = Field(default=None, description="Tenant isolation mode")
    response_streaming: ResponseStreaming | None = Field(default=None, description="HTTP response streaming")
    async_event_size: AsyncEventKB | None = Field(
        default=None, description="Size of its asynchronous events (over 256 KB counts extra requests)"
    )
    event_source: EventSource | None = Field(
        default=None, description="A provisioned-mode event source mapping (SQS or Kafka) feeding it"
    )
    front_door: FrontDoorField = Field(default=None, description="What receives its requests (default: the workload's)")
    logs: Logs | None = Field(default=None, description="What it writes to CloudWatch Logs (default: the workload's)")

    @model_validator(mode="after")
    def _check_combinations(self) -> Function:
        if self.edge:
            if self.architecture == "arm64":
                raise ValueError("edge: Lambda@Edge functions run on x86_64 only")
            if self.provisioned_concurrency is not None:
                raise ValueError("edge: Lambda@Edge does not support provisioned concurrency")
            if self.snapstart is not None:
                raise ValueError("edge: Lambda@Edge does not support SnapStart")
            if self.ephemeral_storage != STORAGE_MB_MIN:
                raise ValueError("edge: Lambda@Edge functions have 512 MB of ephemeral storage")
            if self.duration > EDGE_TIMEOUT_S_MAX * 1000:
                raise ValueError(f"edge: Lambda@Edge functions time out after {EDGE_TIMEOUT_S_MAX} s")
            for key in ("cold_start_rate", "init_duration"):  # AWS publishes no INIT billing for Lambda@Edge
                if getattr(self, key):
                    raise ValueError(f"{key}: INIT billing is not published for Lambda@Edge; remove {key} (edge: true)")
        self._check_2026_features()
        if self.tenant_isolation is not None:  # AWS CDK, TenancyConfig: incompatible with both
            for key, what in (("provisioned_concurrency", "provisioned concurrency"), ("snapstart", "SnapStart")):
                if getattr(self, key) is not None:
                    raise ValueError(f"tenant_isolation: tenant isolation mode cannot be combined with {what} ({key})")
        if self.snapstart is not None:
            if self.provisioned_concurrency is not None:
                raise ValueError("snapstart: SnapStart cannot be combined with provisioned concurrency")
            if self.ephemeral_storage > STORAGE_MB_MIN:
                raise ValueError("snapstart: SnapStart does not support ephemeral storage over 512 MB")
        pc = self.provisioned_concurrency
        if pc is not None and pc.requests_served is not None:
            if pc.requests_served > self.requests:
                raise ValueError(
                    f"provisioned_concurrency.requests_served: {_fmt(pc.requests_served)} is more than "
                    f"the function's {_fmt(self.requests)} requests a month"
                )
            capacity = pc.count * pc.hours_per_month * SECONDS_PER_HOUR * 1000 / max(self.duration, 1.0)
            if pc.requests_served > capacity * (1 + 1e-9):
                raise ValueError(
                    f"provisioned_concurrency.requests_served: {_fmt(pc.requests_served)} is more than "
                    f"{pc.count} environments can serve in {pc.hours_per_month:g} h at "
                    f"{units.format_duration_s(self.duration / 1000)} each ({_fmt(round(capacity))})"
                )
        return self

    def _check_2026_features(self) -> None:
        lmi = self.managed_instances
        if self.edge:
            for key in ("managed_instances", "durable", "tenant_isolation", "response_streaming", "event_source"):
                if getattr(self, key) is not None:
                    raise ValueError(f"{key}: Lambda@Edge functions (edge: true) cannot use {key}")
        if lmi is not None:
            for key, what in (
                ("provisioned_concurrency", "provisioned concurrency"),
                ("snapstart", "SnapStart"),
                ("tenant_isolation", "tenant isolation"),
            ):
                if getattr(self, key) is not None:
                    raise ValueError(f"managed_instances: Managed Instances functions cannot use {what} ({key})")
            if self.cold_start_rate or self.init_duration:
                raise ValueError(
                    "managed_instances: Managed Instances have no cold starts; remove cold_start_rate and init_duration"
                )
            if self.memory < lmi.memory_per_vcpu * MB_PER_GB:
                raise ValueError(
                    f"managed_instances.memory_per_vcpu: an execution environment has at least one vCPU, so at "
                    f"{lmi.memory_per_vcpu} GiB per vCPU the function needs at least {lmi.memory_per_vcpu * MB_PER_GB:,} MB "
                    f"of memory (it has {self.memory:,} MB)"
                )
        stream = self.response_streaming
        if stream is not None:
            if stream.responses is not None and stream.responses > self.requests:
                raise ValueError(
                    f"response_streaming.responses: {_fmt(stream.responses)} is more than "
                    f"the function's {_fmt(self.requests)} requests a month"
                )
            problem = streaming_problem(stream.response_size, self.duration)
            if problem:
                raise ValueError(f"response_streaming.response_size: {problem}")


def _free_tier(value: object) -> object:
    """``free_tier`` is true, false or a mapping of what is left of it; anything else is one clear error."""
    if isinstance(value, bool | dict | FreeTierLeft):
        return value
    raise ValueError(
        f"{value!r} is not allowed; expected true, false or what is left of the free tier "
        "({requests, gb_seconds, streaming_gb})"
    )


class Workload(_Strict):
    """A workload file: a set of functions in one account and region."""

    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    region: str = Field(default="us-east-1", description="AWS region code; `lambdacost regions` lists them")
    free_tier: Annotated[bool | FreeTierLeft, BeforeValidator(_free_tier)] = Field(
        default=True,
        description=(
            "Apply the account's monthly free tier, once for the whole workload (true/false), or say what is "
            "left of it: {requests, gb_seconds, streaming_gb}"
        ),
    )
    discounts: Discounts | None = Field(
        default=None, description="Fractions off on-demand prices: {lambda: 17%, ec2: 72%, fargate: 50%}"
    )
    account_concurrency_limit: int = Field(
        default=DEFAULT_ACCOUNT_CONCURRENCY,
        ge=1,
        le=CONCURRENCY_MAX,
        description="Concurrent executions the account may run in this region (AWS's default: 1000)",
    )
    front_door: FrontDoorField = Field(
        default=None, description="The functions' front door unless one sets its own: api_gateway_http, alb, ..."
    )
    logs: Logs | None = Field(default=None, description="The functions' CloudWatch Logs unless one sets its own")
    functions: list[Function] = Field(min_length=1, max_length=100_000)

    @model_validator(mode="after")
    def _unique_names(self) -> Workload:
        seen: set[str] = set()
        for fn in self.functions:
            if fn.name in seen:
                raise ValueError(f"functions: two functions are named {fn.name!r}")
            seen.add(fn.name)
        reserved = sum(fn.reserved_concurrency or 0 for fn in self.functions)
        if reserved > self.account_concurrency_limit:
            raise ValueError(
                f"account_concurrency_limit: the functions reserve {reserved:,} concurrent executions in total, "
                f"more than the account limit of {self.account_concurrency_limit:,}"
            )
        return self


def workload_json_schema() -> dict[str, Any]:
    """The JSON Schema of a workload file (draft 2020-12)."""
    schema = Workload.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "lambdacost workload"
    return schema
