"""The stack around a workload's functions laid out for :mod:`lambdacost.core.stack`.

A function's ``front_door`` and ``logs`` are its own, else the workload's; the
rates are the region's in ``pricing/stack.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from lambdacost.core import stack as core

if TYPE_CHECKING:
    from lambdacost.schema.stack import FrontDoor, Logs, StackPriceTable, Tier
    from lambdacost.schema.workload import Function, Workload

#: The sections of a region's stack rates each line item uses (for the "rates not read from AWS" note).
RATE_SECTION = {
    "api_gateway_http": "api_gateway_http",
    "api_gateway_rest": "api_gateway_rest",
    "api_gateway_websocket_messages": "api_gateway_websocket",
    "api_gateway_websocket_minutes": "api_gateway_websocket",
    "alb_hours": "alb",
    "alb_lcus": "alb",
    "logs_ingestion": "cloudwatch_logs",
    "logs_storage": "cloudwatch_logs",
}


def front_door(fn: Function, workload: Workload) -> FrontDoor | None:
    """The function's front door: its own, else the workload's (None: nothing in front; a Lambda@Edge
    function, invoked by CloudFront, takes no default)."""
    if fn.front_door is not None or fn.edge:
        return fn.front_door
    return workload.front_door


def logs(fn: Function, workload: Workload) -> Logs | None:
    return fn.logs if fn.logs is not None else workload.logs


def uses_stack(workload: Workload) -> bool:
    """Whether any function has a front door or logs (only then is ``pricing/stack.yaml`` read)."""
    return any(front_door(f, workload) is not None or logs(f, workload) is not None for f in workload.functions)


def _tiers(tiers: list[Tier]) -> core.Tiers:
    return core.make_tiers([t.up_to for t in tiers], [t.rate for t in tiers])


def stack_rates(table: StackPriceTable, region: str) -> core.StackRates:
    r = table.region(region)
    return core.StackRates(
        http_api=_tiers(r.api_gateway_http.request_tiers),
        rest_api=_tiers(r.api_gateway_rest.request_tiers),
        websocket_messages=_tiers(r.api_gateway_websocket.message_tiers),
        websocket_minute=r.api_gateway_websocket.connection_minute,
        alb_hour=r.alb.hour,
        alb_lcu_hour=r.alb.lcu_hour,
        log_ingestion=_tiers(r.cloudwatch_logs.ingestion_gb_tiers),
        log_storage_gb_month=r.cloudwatch_logs.storage_gb_month,
    )


def stack_features(
    workload: Workload,
    requests: np.ndarray,
    front_door_override: str | None = None,
    invocations: np.ndarray | None = None,
) -> core.StackFeatures:
    """Each function's front door and logs as arrays; ``requests`` are the requests its front door
    receives, ``invocations`` those that run and write logs (None: all of ``requests``; fewer where
    the function's concurrency limit throttles some).

    ``front_door_override`` (``compare --front-door``) replaces every function's front door type.
    """
    fns = workload.functions
    doors = [front_door(f, workload) for f in fns]
    kinds = [front_door_override or (d.type if d else "none") for d in doors]
    log = [logs(f, workload) for f in fns]

    def col(values: list[float]) -> np.ndarray:
        return np.array(values, dtype=np.float64)

    return core.StackFeatures(
        front_door=np.array([core.FRONT_DOORS.index(k) for k in kinds], dtype=np.intp),
        requests=requests,
        request_kb=col([d.request_size if d else core.DEFAULT_REQUEST_KB for d in doors]),
        messages=np.where(
            np.isnan(m := col([d.messages if d and d.messages is not None else np.nan for d in doors])), requests, m
        ),
        connection_minutes=col([d.connection_minutes if d else 0.0 for d in doors]),
        requests_per_connection=col([d.requests_per_connection if d else 1.0 for d in doors]),
        connection_s=col(
            [
                d.connection_duration if d and d.connection_duration is not None else f.duration / 1000.0
                for f, d in zip(fns, doors, strict=True)
            ]
        ),
        rules=col([float(d.rules) if d else float(core.ALB_FREE_RULES) for d in doors]),
        has_logs=np.array([lg is not None for lg in log], dtype=bool),
        log_kb=col([lg.bytes_per_invocation if lg else 0.0 for lg in log]),
        retention_days=col([float(lg.retention_days) if lg else 0.0 for lg in log]),
        compressed_share=col([lg.compressed_share if lg else 1.0 for lg in log]),
        invocations=invocations,
    )


@dataclass(frozen=True)
class StackPlan:
    features: core.StackFeatures
    rates: core.StackRates
    source: str  # the price table's source and date, for the output


def plan_stack(
    workload: Workload,
    table: StackPriceTable | None,
    region: str,
    requests: np.ndarray,
    invocations: np.ndarray | None = None,
) -> StackPlan | None:
    """The workload's stack and its rates, or None where no function has a front door or logs;
    ``requests`` reach the front door, ``invocations`` run and log (None: all of them)."""
    if table is None or not uses_stack(workload):
        return None
    _check_edge(workload)
    source = f"{' '.join(table.source.split())} Effective {table.effective_date.isoformat()}."
    features = stack_features(workload, requests, invocations=invocations)
    return StackPlan(features, stack_rates(table, region), source)


def _check_edge(workload: Workload) -> None:
    """A Lambda@Edge function is invoked by CloudFront: a front door of its own is an error."""
    from lambdacost.errors import InputFileError

    for i, f in enumerate(workload.functions):
        if f.edge and f.front_door is not None and f.front_door.type != "none":
            raise InputFileError(
                "a Lambda@Edge function is invoked by CloudFront; remove front_door (or set none)",
                field=f"functions[{i}].front_door",
            )


def unconfirmed_stack(table: StackPriceTable | None, region: str, used: set[str]) -> tuple[list[str], list[str]]:
    """The unconfirmed stack rates an estimate uses and the table's notes on them."""
    if table is None or region not in table.regions:
        return [], []
    reg = table.regions[region]
    sections = {RATE_SECTION[k] for k in used if k in RATE_SECTION}
    flagged = [f"stack.{u}" for u in reg.unconfirmed if u.split(".")[0] in sections]
    return flagged, [reg.notes] if flagged and reg.notes else []


def timeout_warning(what: str, duration_s: float, door: str | None) -> str | None:
    """The sentence for a synchronous request behind a REST or HTTP API that outlasts its 29-second timeout."""
    if door not in core.TIMEOUT_FRONT_DOORS or duration_s <= core.INTEGRATION_TIMEOUT_S:
        return None
    api = door.removeprefix("api_gateway_").upper()
    return (
        f"{what}: its {duration_s:,.4g} s duration is over API Gateway's {core.INTEGRATION_TIMEOUT_S:g}-second "
        f"integration timeout for {api} APIs: a synchronous request times out (504) before it returns; "
        "invoke it asynchronously or shorten it"
    )


def timeout_warnings(workload: Workload, front_door_override: str | None = None) -> list[str]:
    """Functions behind a REST or HTTP API whose duration exceeds API Gateway's 29-second integration timeout."""
    out = []
    for f in workload.functions:
        door = front_door_override or (d.type if (d := front_door(f, workload)) else None)
        if (text := timeout_warning(f.name, f.duration / 1000.0, door)) is not None:
            out.append(text)
    return out


@dataclass(frozen=True)
class CompareStack:
    """``compare``'s stack: the functions' front door as a cost of the load, and the fleets' load balancer."""

    lambda_monthly: Callable[[np.ndarray], np.ndarray]  # the front door's monthly cost at load multipliers k
    fleet_alb: core.FleetFrontDoor | None  # None where no function takes HTTP requests
    front_doors: tuple[str, ...]  # each function's front door

    @property
    def lambda_front_door(self) -> core.FleetFrontDoor:
        """The functions' front door as a fixed part and a part in proportion to the load (for Managed Instances:
        exact while the load stays within one API Gateway tier)."""
        at0, at1 = (float(v) for v in self.lambda_monthly(np.array([0.0, 1.0])))
        return core.FleetFrontDoor(at0, at1 - at0, 0.0)


def compare_stack(
    workload: Workload, table: StackPriceTable, region: str, requests: np.ndarray, front_door: str | None
) -> CompareStack | None:
    """The front doors of ``compare`` (``front_door``: ``--front-door``, over the workload's), or None without any.

    Logs are left out on both sides: a server writes its own.
    """
    fx = stack_features(workload, requests, front_door)
    kinds = np.asarray(fx.front_door)
    if not np.any(kinds != core.NONE):
        return None
    fx = replace(fx, has_logs=np.zeros(kinds.shape, dtype=bool))
    rates = stack_rates(table, region)
    n = len(workload.functions)
    http = np.isin(kinds, [core.FRONT_DOORS.index(k) for k in core.HTTP_FRONT_DOORS])
    alb = None
    if http.any():
        alb = core.fleet_alb(
            np.where(http, requests, 0.0),
            fx.request_kb,
            fx.requests_per_connection,
            fx.connection_s,
            fx.rules,
            rates,
        )
    return CompareStack(
        lambda k: core.stack_monthly(fx, rates, k, n), alb, tuple(core.FRONT_DOORS[int(c)] for c in kinds)
    )
