"""Engine throughput: the engine, the scalar reference and a minimal numpy kernel.

Prices 1,000,000 function rows (one workload) with:
- the engine (``lambdacost.engine.price_functions``),
- the plain-Python scalar reference of ``tests/reference.py`` (on a sample of rows,
  reported per row),
- a minimal two-line numpy kernel (requests x rate + GB-s x rate), the floor any
  vectorized engine is measured against.
Each figure is the best of several runs. The rows are a realistic mix: half arm64,
10% with cold starts and INIT, 5% with extra /tmp, 3% with provisioned
concurrency, 2% Lambda@Edge, 1% SnapStart.

Run from the repository root: ``python benchmarks/bench_engine.py [--rows N]``.
The last line reads ``engine_rows_per_s=<n> scalar_rows_per_s=<n> kernel_rows_per_s=<n>``.
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

from lambdacost.engine import FunctionArrays, price_functions  # noqa: E402
from lambdacost.loader import load_lambda_prices  # noqa: E402
from tests import reference  # noqa: E402


def best_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def make_rows(n: int, seed: int = 0) -> FunctionArrays:
    rng = np.random.default_rng(seed)

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


def to_reference(rows: FunctionArrays, count: int) -> list[reference.RefFunction]:
    a = {k: np.asarray(v) for k, v in vars(rows).items()}
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
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--scalar-rows", type=int, default=20_000, help="rows the scalar reference prices (it is slow)")
    args = parser.parse_args()

    table = load_lambda_prices()
    rates = table.rates("us-east-1")
    rows = make_rows(args.rows)
    memory, duration, requests = (np.asarray(x) for x in (rows.memory_mb, rows.duration_ms, rows.requests))

    def kernel() -> np.ndarray:
        gb_seconds = memory / 1024 * np.ceil(duration) / 1000 * requests
        return requests * 2e-7 + gb_seconds * 1.66667e-5

    def engine_all_items() -> None:
        costs = price_functions(rows, rates)
        for key in costs.cost:
            costs.cost[key]
            costs.quantity[key]

    engine_s = best_seconds(lambda: price_functions(rows, rates), args.repeat)
    all_items_s = best_seconds(engine_all_items, max(3, args.repeat // 2))
    kernel_s = best_seconds(kernel, args.repeat)
    sample = to_reference(rows, min(args.scalar_rows, args.rows))
    ref_rates = reference.rates_from_table(table.region("us-east-1"), table)
    scalar_s = best_seconds(lambda: reference.price(sample, ref_rates), 2)

    engine_rps = args.rows / engine_s
    scalar_rps = len(sample) / scalar_s
    kernel_rps = args.rows / kernel_s
    print(f"rows: {args.rows:,} (scalar reference: {len(sample):,}), best of {args.repeat}")
    print(f"engine:            {engine_s * 1e3:8.1f} ms  ({engine_rps:,.0f} rows/s)")
    print(f"engine, every line item materialized: {all_items_s * 1e3:.1f} ms ({args.rows / all_items_s:,.0f} rows/s)")
    print(f"minimal kernel:    {kernel_s * 1e3:8.1f} ms  ({kernel_rps:,.0f} rows/s)")
    print(f"scalar reference:  {scalar_s / len(sample) * 1e6:8.2f} us/row ({scalar_rps:,.0f} rows/s)")
    print(
        f"engine / scalar: {engine_rps / scalar_rps:,.0f}x (target >= 100x); "
        f"engine / kernel: {engine_rps / kernel_rps:.2f} (target >= 0.25)"
    )
    print(f"engine_rows_per_s={engine_rps:.0f} scalar_rows_per_s={scalar_rps:.0f} kernel_rows_per_s={kernel_rps:.0f}")


if __name__ == "__main__":
    main()
