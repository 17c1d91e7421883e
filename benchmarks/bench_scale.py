"""Workload scale: every command and format on 1, 10,000 and 100,000 functions.

Writes three workload files in a temporary folder (the same mix of functions repeated: on-demand
x86 and arm64, a daily traffic profile on one in a hundred, bursts, cold starts with INIT, reserved and provisioned
concurrency, extra /tmp), then runs each command in a fresh process, interleaved, and reports the
median wall time and the peak memory (``ru_maxrss`` of the child) of each, with its ratio to the
same command on the 1-function workload measured in the same run. ``diff`` compares the workload
with a copy whose durations are 10% longer.

Goal (issue 11): 10,000 functions within 3x the 1-function time in every command and format,
100,000 within 15x. Two floor rows time the CLI's imports and reading the workload file (YAML
and validation, nothing priced): once, and twice as ``diff`` does. Run from the repository root: ``python benchmarks/bench_scale.py``
(``--quick`` skips 100,000; ``--runs N`` sets the runs per case, default 3).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: One of each kind of function, in flow style (a file of 100,000 functions must stay under the
#: 10 MB a workload may be); a workload of n functions cycles through them.
KINDS = [
    "memory: 1GB, architecture: arm64, duration: 250ms, requests: 40M, cold_start_rate: 0.2%, init_duration: 450ms",
    "memory: 512MB, duration: 1.2s, requests: 800k, reserved_concurrency: 2, traffic: {peak_factor: 3}",
    "memory: 256MB, duration: 300ms, requests: 5M, ephemeral_storage: 2GB",
    "memory: 2GB, duration: 80ms, requests: 20M, provisioned_concurrency: {count: 2}",
]
#: One function in :data:`PROFILED_EVERY` follows a daily traffic profile.
HOURLY = "traffic: {hourly: [2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 10, 10, 11, 10, 9, 9, 10, 12, 15, 18, 20, 16, 9, 4]}"
PROFILED_EVERY = 100

COMMANDS: list[tuple[str, ...]] = [
    *(("estimate", "-f", f) for f in ("table", "json", "csv", "markdown")),
    *(("capacity", "-f", f) for f in ("table", "json", "markdown")),
    *(("compare", "--no-chart", "-f", f) for f in ("table", "json", "markdown")),
    *(("diff", "-f", f) for f in ("table", "json", "markdown")),
]
#: The floor under every command: the CLI's imports and reading the workload file (YAML and
#: validation, nothing priced), for one file and for the two ``diff`` reads.
FLOORS: list[tuple[str, ...]] = [("read",), ("read", "twice")]
_READ = (
    "import sys, lambdacost.cli.app\n"
    "from lambdacost.io.loader import load_workload\n"
    "for path in sys.argv[1:]:\n"
    "    load_workload(path)\n"
)


def workload(n: int, slower: float = 1.0) -> str:
    """A workload of ``n`` functions (durations times ``slower``, for ``diff``)."""
    parts = [f"name: scale-{n}\nregion: us-east-1\naccount_concurrency_limit: 100000\nfunctions:\n"]
    for i in range(n):
        body = KINDS[i % len(KINDS)]
        if slower != 1.0:
            body = body.replace("duration: 250ms", f"duration: {250 * slower:g}ms")
            body = body.replace("duration: 80ms", f"duration: {80 * slower:g}ms")
        if i % PROFILED_EVERY == 0:
            body += ", " + HOURLY
        parts.append(f"- {{name: f{i:05d},{body.replace(', ', ',')}}}\n")
    return "".join(parts)


def run(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of ``python -m lambdacost ARGS`` in a fresh process
    (``python -c`` :data:`_READ` for a floor)."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "s = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "t = time.perf_counter() - s\n"
        "assert r.returncode == 0, r.stderr.decode()[-500:]\n"
        "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    reading = args[0] == "read"
    child = [sys.executable, "-c", _READ, *args[1:]] if reading else [sys.executable, "-m", "lambdacost", *args]
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *child],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"lambdacost {' '.join(args)} failed: {out.stderr.strip()[-500:]}")
    seconds, rss = out.stdout.split()
    return float(seconds), int(rss)


def case_args(command: tuple[str, ...], files: dict[str, Path]) -> list[str]:
    name, *options = command
    if name == "read":
        return [name, str(files["a"]), *([str(files["b"])] if options else [])]
    if name == "diff":
        return [name, str(files["a"]), str(files["b"]), *options]
    return [name, str(files["a"]), *options]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip 100,000 functions")
    parser.add_argument("--runs", type=int, default=3)
    opts = parser.parse_args()
    sizes = [1, 10_000] if opts.quick else [1, 10_000, 100_000]
    with tempfile.TemporaryDirectory() as tmp:
        files: dict[int, dict[str, Path]] = {}
        for n in sizes:
            files[n] = {"a": Path(tmp, f"w{n}.yaml"), "b": Path(tmp, f"w{n}-slower.yaml")}
            files[n]["a"].write_text(workload(n))
            files[n]["b"].write_text(workload(n, 1.1))
        print(f"{'command':<34}" + "".join(f"{n:>10,} fn" for n in sizes) + "   peak MB (largest)")
        for command in [*COMMANDS, *FLOORS]:
            times: dict[int, list[float]] = {n: [] for n in sizes}
            peak: dict[int, int] = {}
            for _ in range(opts.runs):
                for n in sizes:  # interleaved, so load on the machine falls on every size alike
                    seconds, rss = run(case_args(command, files[n]))
                    times[n].append(seconds)
                    peak[n] = max(peak.get(n, 0), rss)
            base = statistics.median(times[1])
            cells = [f"{base:>10.2f} s "]
            for n in sizes[1:]:
                med = statistics.median(times[n])
                cells.append(f"{med / base:>10.1f} x ")
            label = " ".join(command) if command[0] != "read" else f"(floor) read {len(command)} file(s)"
            print(f"{label:<34}" + "".join(cells) + f"   {peak[sizes[-1]] / 1024:,.0f}", flush=True)
    print(
        f"\nmedian of {opts.runs} runs each; ratios against the same command on 1 function, same run; "
        f"{time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}"
    )


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
