"""CLI start-up, as a ratio against the import floor measured in the same run.

The floor is a bare interpreter of the same venv importing what lambdacost is
built on: ``python -c "import numpy, pydantic, yaml, typer, rich"``. Against it
the benchmark runs ``lambdacost estimate workloads/rest-api.yaml`` (the table,
the default), the same with ``--format json``, ``lambdacost --help`` and, for
scale, a minimal Typer command that prints a one-cell rich table, each as a fresh
process, interleaved with the floor so that both see the same machine
load. It reports the median CPU time (user + system) of each and its ratio to
the floor's median; the target for ``estimate`` is at most 1.3x.

Bytecode caches are written first (one warm-up run each, with
``PYTHONDONTWRITEBYTECODE`` removed), as an installed package has them. Run from
the repository root with lambdacost installed: ``python benchmarks/bench_cli.py
[--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = [sys.executable, "-c", "import numpy, pydantic, yaml, typer, rich"]
#: What any command of these libraries costs: a one-command Typer app taking a path that prints
#: a one-cell rich table (typer builds a pydantic adapter for every parameter it parses).
FRAMEWORK = [
    sys.executable,
    "-c",
    "import sys, pathlib, numpy, yaml, typer, rich; sys.argv = ['x', 'run', 'w.yaml']\n"
    "app = typer.Typer(add_completion=False)\n"
    "@app.callback()\ndef cb() -> None: pass\n"
    "@app.command()\ndef run(path: pathlib.Path, region: str | None = None) -> None:\n"
    "    from rich.console import Console\n    from rich.table import Table\n"
    "    t = Table(); t.add_column('a'); t.add_row('b'); Console().print(t)\n"
    "app()",
]
COMMANDS = {
    "lambdacost estimate workloads/rest-api.yaml": ["estimate", "workloads/rest-api.yaml"],
    "lambdacost estimate workloads/rest-api.yaml -f json": ["estimate", "workloads/rest-api.yaml", "-f", "json"],
    "lambdacost --help": ["--help"],
}
TARGET = 1.3


def cpu_seconds(cmd: list[str], env: dict[str, str]) -> float:
    """CPU time (user + system) of one run of ``cmd`` as a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="Runs of each command (default 21).")
    runs = parser.parse_args().runs
    exe = shutil.which("lambdacost")
    base = [exe] if exe else [sys.executable, "-m", "lambdacost"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(COLUMNS="100", NO_COLOR="1")
    commands = {label: base + args for label, args in COMMANDS.items()}
    commands["a minimal Typer command printing a rich table"] = FRAMEWORK
    for cmd in [FLOOR, *commands.values()]:  # warm-up: bytecode caches and the OS file cache
        cpu_seconds(cmd, env)
    times: dict[str, list[float]] = {"floor": [], **{label: [] for label in commands}}
    for _ in range(runs):
        for label, cmd in commands.items():
            times["floor"].append(cpu_seconds(FLOOR, env))
            times[label].append(cpu_seconds(cmd, env))
    floor = statistics.median(times["floor"])
    print(f"{'import numpy, pydantic, yaml, typer, rich (floor)':<56} {floor * 1000:6.0f} ms CPU")
    for label in commands:
        median = statistics.median(times[label])
        ratio = median / floor
        verdict = "" if "estimate" not in label else ("  ok" if ratio <= TARGET else f"  OVER {TARGET}x")
        print(f"{label:<56} {median * 1000:6.0f} ms CPU  {ratio:4.2f}x floor{verdict}")
    print(f"(median of {runs} runs each, interleaved with the floor; {sys.version.split()[0]}, {sys.platform})")


if __name__ == "__main__":
    main()
