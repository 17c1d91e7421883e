"""Start-up: the console script imports and builds only the command it runs, and the text
formats need no rich. (Start-up time itself is measured in benchmarks/bench_cli.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import COMMANDS, GROUPS, build_app

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import atexit, json, sys
atexit.register(lambda: sys.stderr.write(json.dumps(sorted(sys.modules)) + "\\n"))
sys.argv = ["lambdacost", *json.loads(sys.argv[1])]
from lambdacost.cli.app import main
main()
"""


def modules_after(args: list[str], **env: str) -> set[str]:
    """The modules loaded by the console-script entry point running ``args`` (``env`` added to the environment)."""
    environ = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"} | env
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env=environ,
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def typer_itself_loads_rich_console() -> bool:
    """Older Typer releases (0.16-0.2x) import rich.console themselves when rich is installed."""
    probe = "import sys, typer.main; print('rich.console' in sys.modules)"
    return (
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
        == "True"
    )


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_text_formats_import_no_rich_console(fmt: str) -> None:
    loaded = modules_after(["estimate", "workloads/rest-api.yaml", "--format", fmt])
    if not typer_itself_loads_rich_console():
        assert "rich.console" not in loaded
    assert "lambdacost.render.estimate_table" not in loaded


def _plugin_loader_imports_metadata() -> bool:
    """Whether this pydantic has a plugin loader and only it imports importlib.metadata here
    (older pydantic has none; older Typer or rich may import importlib.metadata themselves)."""
    probe = (
        "import importlib.util, sys, numpy, yaml, typer.main, rich, pydantic.main\n"
        "try:\n"
        "    found = importlib.util.find_spec('pydantic.plugin._loader') is not None\n"
        "except ModuleNotFoundError:  # no pydantic.plugin package at all\n"
        "    found = False\n"
        "print(found and 'importlib.metadata' not in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return result.stdout.strip() == "True"


needs_plugin_loader = pytest.mark.skipif(
    not _plugin_loader_imports_metadata(), reason="no pydantic plugin loader, or importlib.metadata loaded anyway"
)


@needs_plugin_loader
def test_no_package_metadata_is_scanned_for_pydantic_plugins() -> None:
    # lambdacost disables pydantic plugins, so pydantic's plugin loader (and its importlib.metadata) is not needed.
    assert "importlib.metadata" not in modules_after(["estimate", "workloads/rest-api.yaml"])


@needs_plugin_loader
def test_plugins_named_in_the_environment_are_still_looked_for() -> None:
    # Disabling only some plugins leaves pydantic looking for the others, with its own loader.
    loaded = modules_after(["estimate", "workloads/rest-api.yaml"], PYDANTIC_DISABLE_PLUGINS="some-plugin")
    assert "importlib.metadata" in loaded


def test_one_command_is_imported() -> None:
    loaded = modules_after(["estimate", "workloads/rest-api.yaml"])
    commands = {m.removeprefix("lambdacost.cli.") for m in loaded if m.removeprefix("lambdacost.cli.") in COMMANDS}
    assert commands == {"estimate"}


def test_the_app_of_one_command_behaves_as_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    for args in (["estimate", "workloads/rest-api.yaml"], ["estimate", "--help"], ["estimate", "--bogus"]):
        whole, alone = runner.invoke(build_app(), args), runner.invoke(build_app("estimate"), args)
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)


def test_help_lists_every_command_in_order() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lambdacost", "--help"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    listed = [line.split()[0] for line in result.stdout.split("Commands:")[1].strip().splitlines()]
    assert listed == [*COMMANDS, *GROUPS]
