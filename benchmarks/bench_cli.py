"""CLI start-up and `estimate` wall time, measured as a user sees them.

Runs ``lambdacost --help`` and ``lambdacost estimate workloads/rest-api.yaml``
as fresh processes several times and reports the best and median wall times
against the targets (0.25 s and 0.5 s). Run from the repository root with
lambdacost installed: ``python benchmarks/bench_cli.py``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 15


def wall_times(cmd: list[str]) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    exe = shutil.which("lambdacost")
    base = [exe] if exe else [sys.executable, "-m", "lambdacost"]
    for label, args, target in (
        ("lambdacost --help", ["--help"], 0.25),
        ("lambdacost estimate workloads/rest-api.yaml", ["estimate", "workloads/rest-api.yaml"], 0.5),
    ):
        times = wall_times(base + args)
        best, median = min(times), statistics.median(times)
        verdict = "ok" if median < target else "OVER TARGET"
        print(f"{label:<48} best {best:.3f} s  median {median:.3f} s  target {target} s  {verdict}")


if __name__ == "__main__":
    main()
