"""The stack around a function: its front door (API Gateway, a load balancer, a function URL) and its logs.

Workload keys (``front_door``, ``logs``, on a function or as the workload's
default) and the price table ``pricing/stack.yaml``. The AWS rules they are
checked against live in :mod:`lambdacost.core.stack`.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from lambdacost.core import stack as aws
from lambdacost.schema import units
from lambdacost.schema.prices import _Published, region_of


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- workload keys

#: What ``front_door`` may name (``none``: an event source such as SQS or S3 invokes the function).
FrontDoorKind = Literal["api_gateway_http", "api_gateway_rest", "api_gateway_websocket", "function_url", "alb", "none"]


def _kb(value: object) -> float:
    kb = float(units.parse_size_mb(value) * 1024)
    if not math.isfinite(kb) or kb <= 0:
        raise ValueError(f"{value!r} must be a size greater than 0")
    if kb > aws.MAX_REQUEST_KB:
        raise ValueError(f"{value!r} is over the {aws.MAX_REQUEST_KB / 1024:g} MB this field allows")
    return kb


def _log_kb(value: object) -> float:
    kb = float(units.parse_size_mb(value) * 1024)
    if not math.isfinite(kb) or kb > aws.MAX_LOG_KB_PER_INVOCATION:
        raise ValueError(f"{value!r} is out of range: expected 0 to {aws.MAX_LOG_KB_PER_INVOCATION / 1024:g} MB")
    return kb


def _count(value: object) -> float:
    number = float(units.parse_count(value))
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite count")
    return number


def _positive(value: object) -> float:
    number = _count(value)
    if number <= 0:
        raise ValueError(f"{value!r} must be greater than 0")
    return number


def _seconds(value: object) -> float:
    s = float(units.parse_duration_s(value))
    if not math.isfinite(s) or s <= 0:
        raise ValueError(f"{value!r} must be a duration greater than 0")
    return s


def _retention(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("expected a number of days")
    try:
        days = float(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a number of days") from None
    if days not in aws.LOG_RETENTION_DAYS:
        allowed = ", ".join(str(d) for d in aws.LOG_RETENTION_DAYS)
        raise ValueError(f"{value!r} is not a CloudWatch Logs retention; AWS allows {allowed} days")
    return int(days)


_SIZE = WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]})
_COUNT = WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]})
RequestKB = Annotated[float, BeforeValidator(_kb), _SIZE]
LogKB = Annotated[float, BeforeValidator(_log_kb), _SIZE]
PositiveCount = Annotated[float, BeforeValidator(_positive), _COUNT]
Count = Annotated[float, BeforeValidator(_count), _COUNT]
Seconds = Annotated[float, BeforeValidator(_seconds), WithJsonSchema({"type": "string"})]


class FrontDoor(_Strict):
    """What receives a function's requests, and what its meter depends on."""

    type: FrontDoorKind = Field(
        description="api_gateway_http, api_gateway_rest, api_gateway_websocket, function_url, alb or none"
    )
    request_size: RequestKB = Field(
        default=aws.DEFAULT_REQUEST_KB,
        description=(
            "Bytes of one request and its response: HTTP APIs meter each 512 KB as one request, "
            "WebSocket APIs each 32 KB of a message as one message, an ALB counts them as processed bytes (default 1KB)"
        ),
    )
    messages: Count | None = Field(
        default=None, description="WebSocket: messages a month, both ways (default: one per invocation)"
    )
    connection_minutes: Count = Field(default=0.0, description="WebSocket: connection-minutes a month")
    requests_per_connection: PositiveCount = Field(
        default=1.0, description="ALB: requests a client sends over one connection (default 1: a new connection each)"
    )
    connection_duration: Seconds | None = Field(
        default=None, description="ALB: how long a connection stays open (default: the function's duration)"
    )
    rules: int = Field(
        default=aws.ALB_FREE_RULES,
        ge=1,
        le=aws.ALB_MAX_RULES,
        description="ALB: listener rules evaluated per request (the first 10 are free)",
    )

    @model_validator(mode="after")
    def _fits_type(self) -> FrontDoor:
        if self.type != "api_gateway_websocket" and (self.messages is not None or self.connection_minutes):
            raise ValueError("messages and connection_minutes are for api_gateway_websocket only")
        alb_only = self.requests_per_connection != 1.0 or self.connection_duration is not None
        if self.type != "alb" and (alb_only or self.rules != aws.ALB_FREE_RULES):
            raise ValueError("requests_per_connection, connection_duration and rules are for alb only")
        return self


def _front_door(value: object) -> object:
    """``front_door: api_gateway_http`` is short for ``front_door: {type: api_gateway_http}``."""
    return {"type": value} if isinstance(value, str) else value


#: ``front_door``: a type name, or a mapping with ``type`` and the meter's settings.
FrontDoorField = Annotated[
    FrontDoor | None,
    BeforeValidator(_front_door),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "enum": list(aws.FRONT_DOORS)},
                FrontDoor.model_json_schema(),
                {"type": "null"},
            ]
        }
    ),
]


class Logs(_Strict):
    """What a function writes to CloudWatch Logs and how long the log group keeps it."""

    bytes_per_invocation: LogKB = Field(
        description=(
            "The function's own log output per invocation (e.g. 2KB); Lambda's START, END and REPORT "
            f"lines (about {aws.PLATFORM_LOG_KB * 1000:.0f} bytes) are added to it"
        )
    )
    retention_days: Annotated[int, BeforeValidator(_retention)] = Field(
        default=aws.DEFAULT_LOG_RETENTION_DAYS,
        description="The log group's retention in days, one AWS allows (default 30)",
        json_schema_extra={"enum": list(aws.LOG_RETENTION_DAYS)},
    )
    compressed_share: float = Field(
        default=1.0,
        gt=0,
        le=1,
        description=(
            "Stored size as a share of the ingested size: AWS bills storage on compressed data; "
            "the default 1 (no compression assumed) is an upper bound"
        ),
    )


# ---------------------------------------------------------------- the price table (pricing/stack.yaml)


class Tier(_Strict):
    up_to: float | None = Field(gt=0)
    rate: float = Field(ge=0, allow_inf_nan=False)


def _check_tiers(tiers: list[Tier]) -> list[Tier]:
    ends = [t.up_to for t in tiers]
    if ends[-1] is not None or any(e is None for e in ends[:-1]):
        raise ValueError("only the last tier has up_to: null")
    if any(b <= a for a, b in zip(ends[:-2], ends[1:-1], strict=True)):  # type: ignore[operator]
        raise ValueError("tiers must be in increasing order of up_to")
    return tiers


Tiers = Annotated[list[Tier], Field(min_length=1)]


class _Tiered(_Strict):
    @model_validator(mode="after")
    def _tiers_in_order(self) -> _Tiered:
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, list):
                _check_tiers(value)
        return self


class HttpApiRates(_Tiered):
    request_tiers: Tiers


class RestApiRates(_Tiered):
    request_tiers: Tiers


class WebSocketRates(_Tiered):
    message_tiers: Tiers
    connection_minute: float = Field(ge=0, allow_inf_nan=False)


class AlbRates(_Strict):
    hour: float = Field(ge=0, allow_inf_nan=False)
    lcu_hour: float = Field(ge=0, allow_inf_nan=False)


class LogsRates(_Tiered):
    ingestion_gb_tiers: Tiers
    storage_gb_month: float = Field(ge=0, allow_inf_nan=False)


class StackRegion(_Strict):
    api_gateway_http: HttpApiRates
    api_gateway_rest: RestApiRates
    api_gateway_websocket: WebSocketRates
    alb: AlbRates
    cloudwatch_logs: LogsRates
    unconfirmed: list[str] = Field(default_factory=list)
    notes: str | None = None


class StackPriceTable(_Published):
    """Rates of API Gateway, the Application Load Balancer and CloudWatch Logs (``pricing/stack.yaml``)."""

    kind: Literal["stack"]
    regions: dict[str, StackRegion] = Field(min_length=1)

    def region(self, code: str) -> StackRegion:
        return region_of(
            self.regions,
            code,
            "no API Gateway, load balancer or CloudWatch Logs prices for region {code}; regions with them: {known}",
        )
