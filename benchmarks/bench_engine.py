"""Engine throughput: the engine, the scalar reference and a minimal numpy kernel.

Prices the same 1,000,000 function rows (one workload: memory, architecture,
duration and requests, the fields the kernel prices) with:
- the engine (``lambdacost.core.engine.price_functions``), which bills them in full:
  rounding to the millisecond, the volume tiers and free tier shared by the
  workload, per-architecture rates, every line item;
- the plain-Python scalar reference of ``tests/reference.py`` (on a sample of the
  rows, reported per row);
- a minimal two-line numpy kernel (requests x rate + GB-s x rate), the floor any
  vectorized engine is measured against.
Then, for the record, the engine and the reference on a realistic mix of the
features few functions use: 10% with cold starts and INIT, 5% with extra /tmp,
3% with provisioned concurrency, 2% Lambda@Edge, 1% SnapStart (the kernel
cannot price those).

Each figure is the best of several runs. Run from the repository root:
``python benchmarks/bench_engine.py [--rows N]``. The last line reads
``engine_rows_per_s=<n> scalar_rows_per_s=<n> kernel_rows_per_s=<n>`` (the same rows).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lambdacost.core import billing2026  # noqa: E402
from lambdacost.core.engine import FunctionArrays, price_functions  # noqa: E402
from lambdacost.io.tables import lambda_prices as load_lambda_prices  # noqa: E402
from tests import reference  # noqa: E402


def best_seconds(fn: Callable[[], object], repeat: int) -> float:
    return best_of_interleaved([fn], repeat)[0]


def best_of_interleaved(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Each function's best time, the functions run in turn so they see the same heap and cache state."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, record in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            record.append(time.perf_counter() - start)
    return [min(t) for t in times]


def make_rows(n: int, seed: int = 0, *, features: bool = True) -> FunctionArrays:
    """``n`` function rows; with ``features``, the realistic mix of optional features."""
    rng = np.random.default_rng(seed)
    if not features:
        return FunctionArrays(
            memory_mb=rng.integers(128, 10_241, n).astype(np.float64),
            is_arm=rng.random(n) < 0.5,
            duration_ms=rng.uniform(1, 900_000, n),
            requests=rng.uniform(0, 1e7, n),
        )

    def some(share: float, value: float, otherwise: float = 0.0) -> np.ndarray:
        return np.where(rng.random(n) < share, value, otherwise)

    edge = rng.random(n) < 0.02
    return FunctionArrays(
        memory_mb=rng.integers(128, 10_241, n).astype(np.float64),
        is_arm=(rng.random(n) < 0.5) & ~edge,
        duration_ms=np.where(edge, rng.uniform(1, 30_000, n), rng.uniform(1, 900_000, n)),
        requests=rng.uniform(0, 1e7, n),
        ephemeral_storage_mb=np.where(edge, 512.0, some(0.05, 2048.0, 512.0)),
        cold_start_rate=some(0.10, 0.02),
        init_duration_ms=np.full(n, 400.0),
        is_edge=edge,
        pc_count=np.where(edge, 0.0, some(0.03, 10.0)),
        pc_hours=np.full(n, 730.0),
        pc_requests_served=np.full(n, np.nan),
        snapstart_restore_rate=np.full(n, 0.01),
        snapstart_versions=np.where(edge, 0.0, some(0.01, 1.0)),
        snapstart_cache_hours=np.full(n, 730.0),
        snapstart_billed=np.ones(n, dtype=bool),
    )


def make_2026(rows: FunctionArrays, seed: int = 1) -> tuple[FunctionArrays, billing2026.Features2026]:
    """The rows with a mix of the 2026 charges: 5% on Managed Instances, 5% durable, 3% tenant isolation,
    3% streaming, 2% large async events, 2% event pollers, and a 17% Compute Savings Plan."""
    n = np.asarray(rows.requests).shape[-1]
    rng = np.random.default_rng(seed)
    edge = np.asarray(rows.is_edge, dtype=bool)

    def some(share: float, value: float) -> np.ndarray:
        return np.where((rng.random(n) < share) & ~edge, value, 0.0)

    lmi = some(0.05, 1.0) > 0
    fx = billing2026.Features2026(
        memory_mb=rows.memory_mb,
        is_arm=rows.is_arm,
        requests=rows.requests,
        async_event_kb=some(0.02, 300.0),
        lmi_instance_hours=np.where(lmi, 2190.0, 0.0),
        lmi_on_demand_hourly=np.where(lmi, 0.1632, 0.0),
        lmi_paid_hourly=np.where(lmi, 0.0457, 0.0),
        durable_executions=some(0.05, 1e5),
        durable_operations=np.full(n, 4.0),
        durable_kb_written=np.full(n, 104.0),
        durable_retained_days=np.full(n, 21.0),
        tenant_environments=some(0.03, 1e4),
        stream_responses=some(0.03, 1e6),
        stream_response_mb=np.full(n, 7.0),
        epu_hours=some(0.02, 1460.0),
        epu_rate=np.full(n, 0.00925),
        lambda_discount=0.17,
    )
    return FunctionArrays(**{**vars(rows), "is_managed": lmi}), fx


def rates_2026(rates: object) -> billing2026.Rates2026:
    return billing2026.Rates2026(
        request=rates.request,  # type: ignore[attr-defined]
        management_fee=0.15,
        tenant_isolation=np.array([0.000167, 0.0001336]),
        streaming_gb=0.008,
        free_streaming_gb=100.0,
        durable_operation=8e-6,
        durable_gb_written=0.25,
        durable_gb_month=0.15,
    )


def to_reference(rows: FunctionArrays, count: int) -> list[reference.RefFunction]:
    n = np.asarray(rows.requests).shape[-1]
    a = {k: np.broadcast_to(np.asarray(v), (n,)) for k, v in vars(rows).items()}
    out = []
    for i in range(count):
        out.append(
            reference.RefFunction(
                memory_mb=float(a["memory_mb"][i]),
                arm=bool(a["is_arm"][i]),
                duration_ms=float(a["duration_ms"][i]),
                requests=float(a["requests"][i]),
                storage_mb=float(a["ephemeral_storage_mb"][i]),
                cold_start_rate=float(a["cold_start_rate"][i]),
                init_ms=float(a["init_duration_ms"][i]),
                edge=bool(a["is_edge"][i]),
                pc_count=float(a["pc_count"][i]),
                pc_hours=float(a["pc_hours"][i]),
                snap_restore_rate=float(a["snapstart_restore_rate"][i]),
                snap_versions=float(a["snapstart_versions"][i]),
                snap_cache_hours=float(a["snapstart_cache_hours"][i]),
                snap_billed=bool(a["snapstart_billed"][i]),
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--scalar-rows", type=int, default=20_000, help="rows the scalar reference prices (it is slow)")
    args = parser.parse_args()

    table = load_lambda_prices()
    rates = table.rates("us-east-1")
    ref_rates = reference.rates_from_table(table.region("us-east-1"), table)
    plain = make_rows(args.rows, features=False)
    mixed = make_rows(args.rows)
    memory, duration, requests = (np.asarray(x) for x in (plain.memory_mb, plain.duration_ms, plain.requests))

    def kernel() -> np.ndarray:
        gb_seconds = memory / 1024 * np.ceil(duration) / 1000 * requests
        return requests * 2e-7 + gb_seconds * 1.66667e-5

    def every_line_item(rows: FunctionArrays) -> None:
        costs = price_functions(rows, rates)
        for key in costs.cost:
            costs.cost[key]
            costs.quantity[key]

    def scalar_per_row(rows: FunctionArrays) -> float:
        sample = to_reference(rows, min(args.scalar_rows, args.rows))
        return best_seconds(lambda: reference.price(sample, ref_rates), 2) / len(sample)

    kernel_s, engine_s, mixed_s = best_of_interleaved(
        [kernel, lambda: price_functions(plain, rates), lambda: price_functions(mixed, rates)], args.repeat
    )
    scalar_s = scalar_per_row(plain) * args.rows
    mixed_all_s = best_seconds(lambda: every_line_item(mixed), max(3, args.repeat // 2))
    mixed_scalar_s = scalar_per_row(mixed) * args.rows
    rows_2026, fx = make_2026(mixed)
    r2026 = rates_2026(rates)
    (with_2026_s,) = best_of_interleaved(
        [lambda: billing2026.with_charges_2026(price_functions(rows_2026, rates), fx, r2026)], args.repeat
    )

    def line(label: str, seconds: float) -> str:
        return f"  {label:<44} {seconds * 1e3:9.1f} ms  {args.rows / seconds:>14,.0f} rows/s"

    print(
        f"{args.rows:,} rows, best of {args.repeat} (the scalar reference on {min(args.scalar_rows, args.rows):,} rows, scaled)"
    )
    print("the same rows (memory, architecture, duration, requests):")
    print(line("minimal kernel", kernel_s))
    print(line("engine", engine_s))
    print(line("scalar reference", scalar_s))
    print(
        f"  engine / scalar: {scalar_s / engine_s:,.0f}x (target >= 100x); "
        f"engine / kernel: {kernel_s / engine_s:.2f} (target >= 0.25)"
    )
    print("with the realistic mix of optional features:")
    print(line("engine", mixed_s))
    print(line("engine, every line item expanded", mixed_all_s))
    print(line("scalar reference", mixed_scalar_s))
    print(
        f"  engine / scalar: {mixed_scalar_s / mixed_s:,.0f}x; engine / kernel (plain rows): {kernel_s / mixed_s:.2f}"
    )
    print("with the mix and the 2026 charges (Managed Instances, durable, tenant isolation, streaming, ...):")
    print(line("engine + 2026 charges", with_2026_s))
    print(
        f"  engine + 2026 / engine (mix): {with_2026_s / mixed_s:.2f}x the time; / kernel: {kernel_s / with_2026_s:.2f}"
    )
    print(
        f"engine_rows_per_s={args.rows / engine_s:.0f} scalar_rows_per_s={args.rows / scalar_s:.0f} "
        f"kernel_rows_per_s={args.rows / kernel_s:.0f}"
    )


if __name__ == "__main__":
    main()
