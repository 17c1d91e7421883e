"""`sweep` over 100,000 grid points against a 1-point `estimate`, as a ratio measured in one run.

Both are run as fresh processes, as a user runs them, alternately (so that the
shared machine's noise falls on both), and the medians are compared; the goal
is a ratio of at most 2. The grid: memory 128 MB to 10,240 MB in 1 MB steps
(10,113 sizes) x both architectures x 5 request volumes = 101,130 points of
workloads/rest-api.yaml's 3 functions (303,390 rows priced in one engine call).
In-process times (no start-up) of the same sweep and estimate are printed too.
Run from the repository root with lambdacost installed: ``python benchmarks/bench_sweep.py``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 9
WORKLOAD = "workloads/rest-api.yaml"
GRID = ["--memory", "128MB..10GB:1MB", "--architecture", "x86_64,arm64", "--requests", "1M..10M/5"]


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def in_process() -> tuple[float, float, int]:
    from lambdacost.plan.estimate import estimate
    from lambdacost.plan.sweep import sweep_file

    path = ROOT / WORKLOAD
    opts = {"memory": GRID[1], "architecture": GRID[3], "requests": GRID[5]}
    result = sweep_file(path, **opts)  # warm caches (price table, imports)
    sweep_times, estimate_times = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        sweep_file(path, **opts).cheapest(10)
        sweep_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        estimate(path)
        estimate_times.append(time.perf_counter() - start)
    return min(sweep_times), min(estimate_times), result.points


def main() -> None:
    exe = shutil.which("lambdacost")
    base = [exe] if exe else [sys.executable, "-m", "lambdacost"]
    sweep_cmd = [*base, "sweep", WORKLOAD, *GRID]
    estimate_cmd = [*base, "estimate", WORKLOAD]
    wall(sweep_cmd), wall(estimate_cmd)  # warm the file cache
    sweeps, estimates = [], []
    for _ in range(RUNS):
        sweeps.append(wall(sweep_cmd))
        estimates.append(wall(estimate_cmd))
    s, e = statistics.median(sweeps), statistics.median(estimates)
    ratio = s / e
    print(f"lambdacost sweep ({' '.join(GRID)}): median {s:.3f} s (best {min(sweeps):.3f} s)")
    print(f"lambdacost estimate {WORKLOAD}: median {e:.3f} s (best {min(estimates):.3f} s)")
    print(f"ratio sweep / estimate: {ratio:.2f} (goal <= 2): {'ok' if ratio <= 2 else 'OVER GOAL'}")
    sweep_s, estimate_s, points = in_process()
    print(
        f"in process (no start-up), best of {RUNS}: sweep of {points:,} points {sweep_s * 1000:.1f} ms, "
        f"estimate {estimate_s * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
