"""`profile`'s log reader: lines per second against a bare ``re.findall``, and peak memory on 1 GB.

Generates REPORT lines in the shape of a CloudWatch export (``<timestamp> TAB
REPORT ...``, 2% cold starts with ``Init Duration``, an X-Ray line after one
report in ten), then measures in the same run, on the same bytes:

* the floor: a bare ``re.findall(rb"Billed Duration: (\\d+)", data)`` (one field, no conversion);
* the reader: :class:`lambdacost.io.logs.LogReader` (every field, timestamps, numbers as numpy
  arrays, block by block) folded into :class:`lambdacost.core.logstats.FunctionStats`.

Then writes a 1 GB file in a temporary folder and runs ``lambdacost profile FILE
--format json`` in a subprocess, reporting its wall time and peak RSS
(``resource.getrusage(RUSAGE_CHILDREN)`` in a small wrapper process). Goal: at least half the floor's
lines per second, under 200 MB peak. Run from the repository root:
``python benchmarks/bench_profile.py`` (``--quick`` skips the 1 GB file).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from lambdacost.io.logs import LogReader
from lambdacost.plan.profile import collect

ROOT = Path(__file__).resolve().parent.parent
LINES = 1_000_000
REPEATS = 3
BIG_BYTES = 1024**3


def generate(n: int, seed: int = 1) -> bytes:
    """``n`` REPORT records (plus X-Ray lines) in the documented export shape."""
    rng = np.random.default_rng(seed)
    duration = np.round(rng.lognormal(5.0, 1.0, n).clip(0.5, 899_000), 2)
    billed = np.ceil(duration).astype(np.int64)
    used = rng.integers(60, 400, n)
    cold = rng.random(n) < 0.02
    init = np.round(rng.uniform(150, 900, n), 2)
    out = []
    for i in range(n):
        second = i * 86_400 // n
        stamp = f"2026-11-02T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}.{i % 1000:03d}Z"
        line = (
            f"{stamp}\tREPORT RequestId: 3f1c9a52-8d6e-4b1a-9c0e-{i:012x}\tDuration: {duration[i]:.2f} ms\t"
            f"Billed Duration: {billed[i]} ms\tMemory Size: 1024 MB\tMax Memory Used: {used[i]} MB\t"
        )
        if cold[i]:
            line += f"Init Duration: {init[i]:.2f} ms\t"
        out.append(line)
        if i % 10 == 0:
            out.append(f"XRAY TraceId: 1-6745a1b2-{i:024x}\tSegmentId: {i:016x}\tSampled: true\t")
    return ("\n".join(out) + "\n").encode()


def best(fn: object, clock: object = time.perf_counter) -> float:
    """The shortest of ``REPEATS`` runs of ``fn`` on ``clock`` (wall time, or this process's CPU time)."""
    times = []
    for _ in range(REPEATS):
        start = clock()  # type: ignore[operator]
        fn()  # type: ignore[operator]
        times.append(clock() - start)  # type: ignore[operator]
    return min(times)


def throughput(data: bytes, records: int, clock: object = time.perf_counter) -> tuple[float, float]:
    bare = re.compile(rb"Billed Duration: (\d+)")

    def floor() -> None:
        assert len(bare.findall(data)) == records

    def reader() -> None:
        stats = collect(LogReader(["-"], stdin=io.BytesIO(data)))
        assert sum(s.count for s in stats.values()) == records

    return records / best(floor, clock), records / best(reader, clock)


def write_big(path: Path) -> int:
    """Write about 1 GB of REPORT lines to ``path`` (repeating one generated chunk)."""
    chunk = generate(LINES // 4)
    written = 0
    with path.open("wb") as f:
        while written < BIG_BYTES:
            f.write(chunk)
            written += len(chunk)
    return written


def peak_run(folder: Path) -> tuple[int, float, float]:
    """Size, wall time and peak RSS (MB) of ``lambdacost profile`` on a 1 GB file.

    The file is written by one subprocess; the command runs under a small wrapper process that
    reports only its child's peak (Linux counts a child's memory from the process it was forked
    from, and RUSAGE_CHILDREN is the largest of all children).
    """
    path = folder / "report.log"
    subprocess.run([sys.executable, __file__, "--write", str(path)], check=True)
    # A small wrapper process runs the command and reports the peak of its only child.
    wrapper = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    command = [sys.executable, "-m", "lambdacost", "profile", str(path), "--format", "json"]
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *command], check=True, capture_output=True, text=True, cwd=ROOT
    )
    wall = time.perf_counter() - start
    return path.stat().st_size, wall, int(out.stdout.strip()) / 1024  # KB -> MB on Linux


def main() -> None:
    if sys.argv[1:2] == ["--write"]:
        write_big(Path(sys.argv[2]))
        return
    big = None
    if "--quick" not in sys.argv[1:]:
        with tempfile.TemporaryDirectory() as tmp:
            big = peak_run(Path(tmp))
    data = generate(LINES)
    print(f"{len(data) / 1e6:.0f} MB, {LINES:,} REPORT records (+ X-Ray lines)")
    # Wall time, and CPU time (less disturbed when other processes share the cores).
    for clock, name in ((time.perf_counter, "wall"), (time.process_time, "CPU")):
        floor, reader = throughput(data, LINES, clock)
        print(f"bare re.findall of one field: {floor:>12,.0f} lines/s ({name} time)")
        print(f"LogReader, every field:       {reader:>12,.0f} lines/s  ratio {reader / floor:.2f} (goal >= 0.5)")
    if big is not None:
        size, wall, peak = big
        print(
            f"lambdacost profile on {size / 1024**3:.2f} GB: {wall:.1f} s wall, peak RSS {peak:.0f} MB (goal < 200 MB)"
        )


if __name__ == "__main__":
    main()
