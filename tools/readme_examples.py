"""Keep the documentation's example outputs true: re-run every ``$ lambdacost ...`` block.

A fenced block in README.md or docs/*.md whose first line is ``$ lambdacost ARGS`` is run
(from the repository root, 100 columns, no colour) and the rest of the block is
replaced by what the command printed. ``--check`` changes nothing and exits 1 if
any block is out of date. Run after changing an output:
``python tools/readme_examples.py``.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
#: Every file whose example blocks are kept true.
PAGES = (README, *sorted((ROOT / "docs").glob("*.md")))
BLOCK = re.compile(r"^```\n(\$ lambdacost [^\n]*)\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def run(command: str) -> str:
    args = shlex.split(command[2:])
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    result = subprocess.run(
        [sys.executable, "-m", "lambdacost", *args[1:]], capture_output=True, text=True, cwd=ROOT, env=env
    )
    if result.returncode != 0:
        raise SystemExit(f"{command}: exit {result.returncode}\n{result.stderr}")
    return "\n".join(line.rstrip() for line in result.stdout.rstrip().splitlines()) + "\n"


def main() -> None:
    stale = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        updated = BLOCK.sub(lambda m: f"```\n{m[1]}\n{run(m[1])}```", text)
        if updated == text:
            continue
        stale.append(str(page.relative_to(ROOT)))
        if "--check" not in sys.argv[1:]:
            page.write_text(updated, encoding="utf-8")
    if stale and "--check" in sys.argv[1:]:
        raise SystemExit(f"examples are out of date in {', '.join(stale)}: run python tools/readme_examples.py")


if __name__ == "__main__":
    main()
