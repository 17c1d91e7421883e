"""The Lambda-based options: one invocation, a Step Functions workflow of steps, a durable execution."""

from __future__ import annotations

import numpy as np

from lambdacost.core.aws import (
    DURABLE_MAX_S,
    HOURS_PER_DAY,
    LAMBDA_MAX_TMP_MB,
    LAMBDA_MB_PER_VCPU,
    LAMBDA_TIMEOUT_S,
    SECONDS_PER_DAY,
    STEP_FUNCTIONS_MAX_S,
)
from lambdacost.core.decide.model import (
    DURABLE_CHECKPOINT_KB,
    DURABLE_RETENTION_DAYS,
    MARGIN_MIN,
    STEP_S,
    TIMEOUT_MIN,
    DecideRates,
    Job,
    Option,
    make_option,
)
from lambdacost.core.decide.rules import free_count_text, lambda_limits, minutes, years_text
from lambdacost.core.engine import HOURS_PER_MONTH, INCLUDED_STORAGE_MB, FunctionArrays, price_functions


def lambda_items(job: Job, rates: DecideRates, memory_mb: int, steps: int) -> tuple[dict[str, float], ...] | None:
    """Lambda's line items a month for the job in one invocation and in ``steps``: one engine call, two scenarios."""
    if rates.lambda_rates is None:
        return None
    invocations = np.array([[1.0], [float(steps)]])
    # One invocation waits inside itself (billed); the steps do not wait (the workflow does).
    compute_s = np.array([[job.duration_s + job.wait_s], [job.duration_s]])
    costs = price_functions(
        FunctionArrays(
            memory_mb=float(memory_mb),
            is_arm=job.architecture == "arm64",
            duration_ms=compute_s * 1000.0 / invocations,
            requests=job.billed_runs * invocations,
            ephemeral_storage_mb=max(min(job.storage_mb, LAMBDA_MAX_TMP_MB), INCLUDED_STORAGE_MB),
        ),
        rates.lambda_rates,
        free_tier=False,
    )
    out = []
    for s in range(2):
        items = {
            "Lambda requests": float(costs.cost["requests"][s, 0]),
            "Lambda duration": float(costs.cost["duration"][s, 0]),
        }
        if job.storage_mb > INCLUDED_STORAGE_MB:
            items[f"Lambda /tmp over {INCLUDED_STORAGE_MB:g} MB"] = float(costs.cost["ephemeral_storage"][s, 0])
        out.append(items)
    return tuple(out)


def _lambda_desc(job: Job, memory_mb: int) -> str:
    return f"{memory_mb:,} MB ({memory_mb / LAMBDA_MB_PER_VCPU:.2f} vCPU) {job.architecture}"


def lambda_option(job: Job, rates: DecideRates, memory_mb: int, items: tuple[dict[str, float], ...] | None) -> Option:
    """The whole job in one invocation, if it ends before the timeout."""
    reasons = lambda_limits(job)
    if job.continuous:
        reasons.append(f"runs all the time: an invocation ends after at most {TIMEOUT_MIN} minutes")
    elif job.duration_s >= LAMBDA_TIMEOUT_S:
        reasons.append(
            f"{minutes(job.duration_s)} reaches the {TIMEOUT_MIN}-minute timeout "
            f'("Task timed out after {LAMBDA_TIMEOUT_S:.2f} seconds")'
        )
    elif job.duration_s + job.wait_s >= LAMBDA_TIMEOUT_S:
        reasons.append(
            f"{minutes(job.duration_s)} of work and {minutes(job.wait_s)} of waiting pass the {TIMEOUT_MIN}-minute "
            "timeout: durable functions and Step Functions wait without a running invocation"
        )
    fits = not reasons
    if fits and job.wait_s:
        reasons.append(f"waits {minutes(job.wait_s)} inside the invocation, billed as duration")
    if fits:
        reasons.append(f"{minutes(job.duration_s)} is under the {TIMEOUT_MIN}-minute timeout")
        if job.duration_s > STEP_S:
            reasons.append(f"less than {MARGIN_MIN:g} minutes of margin: a slow run would be killed")
        reasons.append(f"{_lambda_desc(job, memory_mb)}; no free tier applied")
    setup = f"1 x {minutes(job.duration_s)}, {memory_mb:,} MB"
    return make_option(
        "lambda", job.billed_runs, reasons, setup, items[0] if items else None, fits, rates.missing.get("lambda")
    )


def _chunk_reasons(job: Job) -> list[str]:
    """Why the job cannot run as a chain of Lambda steps (Step Functions or a durable execution)."""
    reasons = lambda_limits(job)
    if job.continuous:
        reasons.append("runs all the time: a service is not a workflow of steps")
    elif job.duration_s >= LAMBDA_TIMEOUT_S and not job.chunkable:
        reasons.append(
            f"the work cannot be split (--no-chunkable), and one step would pass Lambda's {TIMEOUT_MIN}-minute timeout"
        )
    return reasons


def _chunk_setup(job: Job, memory_mb: int, steps: int) -> str:
    return f"{steps} x {minutes(job.run_seconds / steps)}, {memory_mb:,} MB"


def _plural(n: int) -> str:
    return "s" if n > 1 else ""


def _waits(job: Job) -> int:
    """Waits of one run outside any invocation (a Wait state, a durable wait): 1 or 0."""
    return 1 if job.wait_s > 0 and not job.continuous else 0


def step_functions_option(
    job: Job, rates: DecideRates, memory_mb: int, steps: int, items: tuple[dict[str, float], ...] | None
) -> Option:
    """A Standard workflow chaining ``steps`` Lambda steps, one state transition each."""
    waits = _waits(job)
    reasons = _chunk_reasons(job)
    if not job.continuous and job.wall_seconds > STEP_FUNCTIONS_MAX_S:
        reasons.append(f"a Standard workflow runs at most {years_text(STEP_FUNCTIONS_MAX_S)}")
    fits = not reasons
    priced: dict[str, float] | None = None
    if fits:
        reasons.append(
            f"{steps} Lambda step{_plural(steps)} of at most {STEP_S / 60:g} min "
            f"({MARGIN_MIN:g} min margin under the timeout), {_lambda_desc(job, memory_mb)}"
        )
        reasons.append(
            f"{steps} state transition{_plural(steps)} per run at the Standard rate; "
            f"the {free_count_text(rates.step_free_transitions)} a month not applied"
        )
        if waits:
            reasons.append(f"a Wait state of {minutes(job.wait_s)}: one more transition, no compute while waiting")
        if rates.step_transition is not None and items is not None:
            priced = {**items[1], "State transitions": job.billed_runs * (steps + waits) * rates.step_transition}
    unpriced = rates.missing.get("lambda") or rates.missing.get("services")
    return make_option(
        "step-functions", job.billed_runs, reasons, _chunk_setup(job, memory_mb, steps), priced, fits, unpriced
    )


def durable_option(
    job: Job, rates: DecideRates, memory_mb: int, steps: int, items: tuple[dict[str, float], ...] | None
) -> Option:
    """One durable execution of ``steps`` invocations, checkpointed after each."""
    waits = _waits(job)
    reasons = _chunk_reasons(job)
    if not job.continuous and job.wall_seconds > DURABLE_MAX_S:
        reasons.append(f"a durable execution lasts at most {DURABLE_MAX_S // SECONDS_PER_DAY} days")
    fits = not reasons
    priced: dict[str, float] | None = None
    operations = steps + 1 + waits
    runs = job.billed_runs
    if fits:
        reasons.append(
            f"{steps} invocation{_plural(steps)} of at most {STEP_S / 60:g} min, "
            f"each under the {TIMEOUT_MIN}-minute timeout"
        )
        if waits:
            reasons.append(
                f"waits {minutes(job.wait_s)} with no compute billed: one wait operation and one more invocation "
                "(the resume)"
            )
        retained_days = DURABLE_RETENTION_DAYS + (0.0 if job.continuous else job.wall_seconds / SECONDS_PER_DAY)
        reasons.append(
            f"assumed {operations} operations per run (start + 1 checkpoint per step{' + the wait' if waits else ''}), "
            f"{DURABLE_CHECKPOINT_KB:g} KB written per operation, kept while it runs and {DURABLE_RETENTION_DAYS:g} "
            "days after"
        )
        if rates.durable_operation is not None and items is not None:
            assert rates.durable_gb_written is not None and rates.durable_gb_month is not None
            assert rates.lambda_rates is not None
            gb_written = runs * operations * DURABLE_CHECKPOINT_KB / 1024.0 / 1024.0
            arm = 1 if job.architecture == "arm64" else 0
            resume = (
                {"Lambda requests (resume)": runs * waits * float(rates.lambda_rates.request[arm])} if waits else {}
            )
            priced = {
                **items[1],
                **resume,
                "Durable operations": runs * operations * rates.durable_operation,
                "Data written": gb_written * rates.durable_gb_written,
                "Data retained": (
                    gb_written * retained_days * HOURS_PER_DAY / HOURS_PER_MONTH * rates.durable_gb_month
                ),
            }
    unpriced = rates.missing.get("lambda") or rates.missing.get("services")
    return make_option("lambda-durable", runs, reasons, _chunk_setup(job, memory_mb, steps), priced, fits, unpriced)
