"""What an estimate says about the stack around its functions: the assumptions behind the
front-door and log line items, and the limits a front door adds. Formats; computes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from lambdacost.core import stack as aws
from lambdacost.core.aws import HOURS_PER_MONTH

if TYPE_CHECKING:
    from lambdacost.plan.estimate import Estimate


def stack_notes(est: Estimate) -> list[str]:
    """One line per assumption of the stack's line items, then one per warning."""
    return _assumptions(est) + [f"Warning: {w}" for w in est.stack_warnings]


def _assumptions(est: Estimate) -> list[str]:
    lines: list[str] = []
    plan = est.stack
    if plan is not None:
        fx = plan.features
        doors = {aws.FRONT_DOORS[int(c)] for c in np.atleast_1d(fx.front_door)}
        if doors & {"api_gateway_http", "api_gateway_rest", "api_gateway_websocket"}:
            lines.append(
                "API Gateway: volume tiers count the workload's requests together (per account and region); "
                "HTTP APIs meter each 512 KB of a request as one request, WebSocket APIs each 32 KB of a message "
                "as one message."
            )
        if "alb" in doors:
            lines.append(
                "Application Load Balancer: one load balancer for the functions behind it "
                f"({HOURS_PER_MONTH} hours shared equally); "
                "LCUs are the largest of new connections/25 per s, active connections/3,000, GB processed/0.4 per "
                "hour (Lambda targets), rule evaluations over 10 rules/1,000 per s."
            )
        if np.any(fx.has_logs):
            on = np.asarray(fx.has_logs, dtype=bool)
            days = sorted({int(d) for d in np.asarray(fx.retention_days)[on]})
            shares = sorted({float(s) for s in np.asarray(fx.compressed_share)[on]})
            lines.append(
                f"CloudWatch Logs: each invocation's own output plus {aws.PLATFORM_LOG_KB * 1000:.0f} bytes "
                "assumed for Lambda's START, END and REPORT lines (1 GB = 1,000,000 KB); ingestion tiers count the "
                f"workload's logs together; storage kept {', '.join(map(str, days))} days, billed by AWS on "
                f"compressed data, counted at {', '.join(f'{s:g}' for s in shares)} of the ingested size"
                f"{' (no compression assumed: an upper bound)' if shares == [1.0] else ''}."
            )
        lines.append(f"Prices (front door, logs): {plan.source}")
    return lines


def stack_dict(est: Estimate) -> dict[str, Any]:
    """The JSON keys the stack adds to an estimate."""
    return {
        "stack": {
            "platform_log_bytes_per_invocation": aws.PLATFORM_LOG_KB * 1000,
            "source": est.stack.source if est.stack is not None else None,
            "notes": _assumptions(est),
            "warnings": list(est.stack_warnings),
        }
        if est.stack is not None or est.stack_warnings
        else None
    }
