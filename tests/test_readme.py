"""The README stays true: its Quickstart, its example commands and their outputs."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXAMPLES = [
    command
    for page in PAGES
    for command in re.findall(r"^\$ (lambdacost [^\n]*)$", page.read_text(encoding="utf-8"), flags=re.MULTILINE)
]


def test_quickstart_has_exactly_two_commands() -> None:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    commands = [line for line in block.splitlines() if line.strip()]
    assert commands == [
        "pip install . && lambdacost estimate workloads/rest-api.yaml",
        "pip install '.[test]' && pytest",
    ]
    assert "pip install '.[test]' && pytest" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize("command", EXAMPLES)
def test_readme_example_commands_run(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr


def test_readme_example_outputs_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "readme_examples.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
