"""The stack around a function: API Gateway, an Application Load Balancer, CloudWatch Logs.

Each charge is a pure function of arrays with one element per function along
the last axis (leading axes are scenarios, e.g. ``compare``'s load
multipliers); no Python loop over functions. Volume tiers count per account,
region and month, so they are applied to the workload's total along the last
axis and the cost is shared by the functions in proportion to their usage
(as the engine does with Lambda's duration tiers). Rates come from
``pricing/stack.yaml``.

Sizes are in KB; as in AWS's Application Load Balancer example (300 KB a second
is 1.08 GB an hour), 1 GB = 1,000,000 KB.

Imports numpy and the standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lambdacost.core.billing2026 import with_line_items
from lambdacost.core.engine import HOURS_PER_MONTH, SECONDS_PER_MONTH, Costs, tiered_cost

Array = NDArray[np.float64]

# ---------------------------------------------------------------- AWS's rules (API Gateway, ELB, CloudWatch docs)

#: What ``front_door`` may name, in the order of the integer codes the arrays carry.
FRONT_DOORS = ("none", "function_url", "api_gateway_http", "api_gateway_rest", "api_gateway_websocket", "alb")
NONE, FUNCTION_URL, HTTP_API, REST_API, WEBSOCKET, ALB = range(len(FRONT_DOORS))
#: Front doors that take HTTP requests (``compare`` gives the fleets a load balancer then).
HTTP_FRONT_DOORS = ("function_url", "api_gateway_http", "api_gateway_rest", "api_gateway_websocket", "alb")
#: HTTP APIs meter requests in 512 KB increments; WebSocket APIs messages in 32 KB increments.
HTTP_API_INCREMENT_KB = 512.0
WEBSOCKET_INCREMENT_KB = 32.0
#: API Gateway's integration timeout for REST and HTTP APIs (AWS docs, "API Gateway quotas").
INTEGRATION_TIMEOUT_S = 29.0
#: The front doors that timeout applies to.
TIMEOUT_FRONT_DOORS = ("api_gateway_http", "api_gateway_rest")
#: API Gateway's payload limit (10 MB), the largest request size the workload file takes.
MAX_REQUEST_KB = 10.0 * 1024.0
#: One LCU is the largest of: 25 new connections a second, 3,000 active connections a minute,
#: 1 GB processed an hour (0.4 GB for Lambda targets), 1,000 rule evaluations a second.
ALB_NEW_CONNECTIONS_PER_LCU = 25.0
ALB_ACTIVE_CONNECTIONS_PER_LCU = 3000.0
ALB_GB_PER_LCU = 1.0
ALB_GB_PER_LCU_LAMBDA = 0.4
ALB_RULE_EVALUATIONS_PER_LCU = 1000.0
#: The first 10 rules of an ALB are free; a listener has at most 100.
ALB_FREE_RULES = 10
ALB_MAX_RULES = 100
#: 1 GB = 1,000,000 KB (AWS's ALB example).
KB_PER_GB = 1_000_000.0
#: Lambda's START, END and REPORT lines of one invocation: about 250-350 bytes together; 300 bytes assumed.
PLATFORM_LOG_KB = 0.3
#: The largest log output per invocation the workload file takes (100 MB).
MAX_LOG_KB_PER_INVOCATION = 100.0 * 1024.0
#: The retentions CloudWatch Logs allows, in days.
LOG_RETENTION_DAYS = (
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)
DEFAULT_LOG_RETENTION_DAYS = 30
#: Days in the engine's 730-hour month.
DAYS_PER_MONTH = HOURS_PER_MONTH / 24.0
#: A request and its response, when the workload does not say (1 KB).
DEFAULT_REQUEST_KB = 1.0


def _f(values: ArrayLike) -> Array:
    return np.asarray(values, dtype=np.float64)


# ---------------------------------------------------------------- tiers and meters


@dataclass(frozen=True)
class Tiers:
    """Volume tiers ``[start, end)`` at ``rate`` (the last ends at infinity)."""

    start: Array
    end: Array
    rate: Array


def make_tiers(up_to: Sequence[float | None], rates: Sequence[float]) -> Tiers:
    """Tiers from their upper ends (None: no end) and rates."""
    end = np.array([np.inf if u is None else u for u in up_to], dtype=np.float64)
    return Tiers(np.concatenate([[0.0], end[:-1]]), end, _f(rates))


def account_tiered(usage: ArrayLike, tiers: Tiers) -> Array:
    """Each function's cost of ``usage`` billed through tiers that count the workload's total (last axis)."""
    u = _f(usage)
    total = np.sum(u, axis=-1, keepdims=True)
    cost = tiered_cost(total[..., 0], tiers.start, tiers.end, tiers.rate)[..., None]
    return np.asarray(u * np.divide(cost, total, out=np.zeros(total.shape), where=total > 0))


def metered(count: ArrayLike, size_kb: ArrayLike, increment_kb: float) -> Array:
    """``count`` requests or messages of ``size_kb`` each, each ``increment_kb`` (or part) metered as one."""
    pieces = np.maximum(np.ceil(np.round(_f(size_kb) / increment_kb, 9)), 1.0)
    return np.asarray(_f(count) * pieces)


class AlbLoad(NamedTuple):
    """The four LCU dimensions of a load, averaged over the month."""

    new_connections_per_s: Array
    active_connections: Array  # open at once, counted per minute
    gb_per_hour: Array
    rule_evaluations_per_s: Array


def alb_load(
    requests: ArrayLike,
    request_kb: ArrayLike,
    requests_per_connection: ArrayLike,
    connection_s: ArrayLike,
    rules: ArrayLike,
) -> AlbLoad:
    """The LCU dimensions of ``requests`` a month (per function)."""
    rps = _f(requests) / SECONDS_PER_MONTH
    new = rps / _f(requests_per_connection)
    return AlbLoad(
        new,
        new * _f(connection_s),
        rps * 3600.0 * _f(request_kb) / KB_PER_GB,
        rps * np.maximum(_f(rules) - ALB_FREE_RULES, 0.0),
    )


def alb_lcus(load: AlbLoad, gb_per_lcu: ArrayLike) -> Array:
    """LCUs an hour: the largest dimension, as AWS bills."""
    return np.asarray(
        np.maximum.reduce(
            [
                load.new_connections_per_s / ALB_NEW_CONNECTIONS_PER_LCU,
                load.active_connections / ALB_ACTIVE_CONNECTIONS_PER_LCU,
                load.gb_per_hour / _f(gb_per_lcu),
                load.rule_evaluations_per_s / ALB_RULE_EVALUATIONS_PER_LCU,
            ]
        )
    )


def shared_alb(load: AlbLoad, on: NDArray[np.bool_], gb_per_lcu: ArrayLike) -> tuple[Array, Array]:
    """One ALB for the functions ``on`` it: (hours, LCU-hours) a month per function (0 for the others).

    Its dimensions add up over the functions; its LCU-hours are the largest summed
    dimension, shared in proportion to each function's own LCUs; its 730 hours are
    shared equally by its functions.
    """
    total = AlbLoad(*(np.sum(np.where(on, d, 0.0), axis=-1, keepdims=True) for d in load))
    own = np.where(on, alb_lcus(load, gb_per_lcu), 0.0)
    own_total = np.sum(own, axis=-1, keepdims=True)
    share = np.divide(
        own, own_total, out=np.zeros(np.broadcast_shapes(own.shape, own_total.shape)), where=own_total > 0
    )
    members = np.sum(on, axis=-1, keepdims=True)
    hours = np.divide(on * HOURS_PER_MONTH, members, out=np.zeros(on.shape), where=members > 0)
    return np.asarray(hours), np.asarray(alb_lcus(total, gb_per_lcu) * HOURS_PER_MONTH * share)


def log_gb(requests: ArrayLike, own_kb: ArrayLike) -> Array:
    """GB ingested a month: each invocation's own output plus Lambda's START, END and REPORT lines."""
    return np.asarray(_f(requests) * (_f(own_kb) + PLATFORM_LOG_KB) / KB_PER_GB)


def log_gb_months(ingested_gb: ArrayLike, retention_days: ArrayLike, compressed_share: ArrayLike) -> Array:
    """GB-months stored once the retention is full: a month's data kept ``retention_days``, compressed."""
    return np.asarray(_f(ingested_gb) * _f(retention_days) / DAYS_PER_MONTH * _f(compressed_share))


# ---------------------------------------------------------------- the charges on a priced workload


@dataclass(frozen=True)
class StackRates:
    """The stack's rates in one region."""

    http_api: Tiers
    rest_api: Tiers
    websocket_messages: Tiers
    websocket_minute: float
    alb_hour: float
    alb_lcu_hour: float
    log_ingestion: Tiers
    log_storage_gb_month: float


@dataclass(frozen=True)
class StackFeatures:
    """Each function's front door and logs (one element per function; leading axes are scenarios)."""

    front_door: ArrayLike  # an index into FRONT_DOORS
    requests: ArrayLike  # requests a month the front door receives
    request_kb: ArrayLike = DEFAULT_REQUEST_KB
    messages: ArrayLike = 0.0  # WebSocket messages a month
    connection_minutes: ArrayLike = 0.0
    requests_per_connection: ArrayLike = 1.0
    connection_s: ArrayLike = 0.0
    rules: ArrayLike = ALB_FREE_RULES
    has_logs: ArrayLike = False
    log_kb: ArrayLike = 0.0
    retention_days: ArrayLike = DEFAULT_LOG_RETENTION_DAYS
    compressed_share: ArrayLike = 1.0
    #: Invocations a month that run and write logs; None: every request. A request the function's
    #: concurrency limit throttles still reaches the front door (which bills it) but writes no log.
    invocations: ArrayLike | None = None

    def scaled(self, k: ArrayLike) -> StackFeatures:
        """The same stack at load multipliers ``k`` (a new leading axis)."""
        kk = _f(k).reshape(-1, 1)
        return replace(
            self,
            requests=kk * _f(self.requests),
            invocations=None if self.invocations is None else kk * _f(self.invocations),
            messages=kk * _f(self.messages),
            connection_minutes=kk * _f(self.connection_minutes),
        )


def _where(on: NDArray[np.bool_], values: ArrayLike) -> Array:
    return np.asarray(np.where(on, values, 0.0))


def stack_charges(shape: tuple[int, ...], fx: StackFeatures, rates: StackRates) -> dict[str, tuple[Array, Array]]:
    """Line item key -> (quantity, cost) of each stack charge some function has; arrays of ``shape``."""
    door = np.broadcast_to(np.asarray(fx.front_door, dtype=np.intp), shape)
    reqs = np.broadcast_to(_f(fx.requests), shape)
    out: dict[str, tuple[Array, Array]] = {}
    if (on := door == FUNCTION_URL).any():
        out["function_url"] = (_where(on, reqs), np.zeros(shape))
    for key, code, increment, tiers in (
        ("api_gateway_http", HTTP_API, HTTP_API_INCREMENT_KB, rates.http_api),
        ("api_gateway_rest", REST_API, 0.0, rates.rest_api),
    ):
        if (on := door == code).any():
            q = _where(on, metered(reqs, fx.request_kb, increment) if increment else reqs)
            out[key] = (q, account_tiered(q, tiers))
    if (on := door == WEBSOCKET).any():
        msgs = _where(on, metered(fx.messages, fx.request_kb, WEBSOCKET_INCREMENT_KB))
        minutes = _where(on, fx.connection_minutes)
        out["api_gateway_websocket_messages"] = (msgs, account_tiered(msgs, rates.websocket_messages))
        out["api_gateway_websocket_minutes"] = (minutes, minutes * rates.websocket_minute)
    if (on := door == ALB).any():
        load = alb_load(_where(on, reqs), fx.request_kb, fx.requests_per_connection, fx.connection_s, fx.rules)
        hours, lcu_hours = shared_alb(load, on, ALB_GB_PER_LCU_LAMBDA)
        out["alb_hours"] = (hours, hours * rates.alb_hour)
        out["alb_lcus"] = (lcu_hours, lcu_hours * rates.alb_lcu_hour)
    if (on := np.broadcast_to(np.asarray(fx.has_logs, dtype=bool), shape)).any():
        ran = reqs if fx.invocations is None else np.broadcast_to(_f(fx.invocations), shape)
        gb = _where(on, log_gb(ran, fx.log_kb))
        stored = _where(on, log_gb_months(gb, fx.retention_days, fx.compressed_share))
        out["logs_ingestion"] = (gb, account_tiered(gb, rates.log_ingestion))
        out["logs_storage"] = (stored, stored * rates.log_storage_gb_month)
    return out


def with_stack(costs: Costs, fx: StackFeatures, rates: StackRates) -> Costs:
    """``costs`` with the stack's charges as line items of their own, and totals that include them."""
    return with_line_items(costs, stack_charges(costs.total.shape, fx, rates))


def stack_monthly(fx: StackFeatures, rates: StackRates, k: ArrayLike, n: int) -> Array:
    """The workload's monthly stack cost at load multipliers ``k`` (shape ``(len(k),)``)."""
    kk = np.atleast_1d(_f(k))
    items = stack_charges((kk.size, n), fx.scaled(kk), rates)
    return np.asarray(sum((np.sum(c, axis=-1) for _, c in items.values()), np.zeros(kk.size)))


@dataclass(frozen=True)
class FleetFrontDoor:
    """An Application Load Balancer in front of an EC2 or Fargate fleet, at the given load (``k = 1``)."""

    hours_monthly: float  # 730 hours a month, whatever the load
    lcu_monthly: float  # LCU-hours a month, in proportion to the load
    lcus: float  # LCUs an hour

    @property
    def monthly(self) -> float:
        return self.hours_monthly + self.lcu_monthly


def fleet_alb(
    requests: ArrayLike,
    request_kb: ArrayLike,
    requests_per_connection: ArrayLike,
    connection_s: ArrayLike,
    rules: ArrayLike,
    rates: StackRates,
) -> FleetFrontDoor:
    """An ALB in front of a fleet serving these functions' requests (EC2 and container targets: 1 GB per LCU).

    The LCU dimensions of the functions add up; every dimension grows in proportion
    to the load, so the LCU part does too.
    """
    load = alb_load(requests, request_kb, requests_per_connection, connection_s, rules)
    total = AlbLoad(*(np.atleast_1d(np.sum(d, axis=-1)) for d in load))
    lcus = float(alb_lcus(total, ALB_GB_PER_LCU)[0])
    return FleetFrontDoor(HOURS_PER_MONTH * rates.alb_hour, lcus * HOURS_PER_MONTH * rates.alb_lcu_hour, lcus)
