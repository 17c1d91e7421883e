"""`lambdacost estimate`, `schema`, `regions` and the CLI as a whole."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from lambdacost.cli.app import app
from lambdacost.io import loader
from tests.conftest import WORKLOADS

SHIPPED = sorted(WORKLOADS.glob("*.yaml"))
FORMATS = ["table", "json", "csv", "markdown"]


def test_at_least_five_shipped_examples_with_arm64_and_several_functions() -> None:
    assert len(SHIPPED) >= 5
    docs = [yaml.safe_load(p.read_text()) for p in SHIPPED]
    assert any(any(f.get("architecture") == "arm64" for f in d["functions"]) for d in docs)
    assert any(len(d["functions"]) > 1 for d in docs)
    assert any(any("provisioned_concurrency" in f for f in d["functions"]) for d in docs)
    for path in SHIPPED:
        assert path.read_text().startswith("#"), f"{path.name} should open with a comment on what it models"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_estimate_runs_on_every_shipped_workload(runner: CliRunner, path: Path, fmt: str) -> None:
    result = runner.invoke(app, ["estimate", str(path), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    assert result.stderr == ""


def estimate_json(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["estimate", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_contract(runner: CliRunner) -> None:
    data = estimate_json(runner, str(WORKLOADS / "mobile-backend.yaml"))
    assert {"name", "region", "currency", "free_tier_applied", "total", "functions"} <= set(data)
    assert data["currency"] == "USD" and data["region"] == "us-east-1" and data["free_tier_applied"] is True
    fn = data["functions"][0]
    assert {"name", "total", "lines"} <= set(fn)
    for line in fn["lines"]:
        assert set(line) >= {"item", "quantity", "unit", "rate", "cost"}
    # AWS's figure for this example: (540,000 - 400,000) GB-s x $0.0000166667 + 2M x $0.20/M.
    expected = (1.5 * 0.12 * 3_000_000 - 400_000) * 0.0000166667 + (3_000_000 - 1_000_000) * 0.2 / 1e6
    assert data["total"] == pytest.approx(expected)  # unrounded
    assert round(data["total"], 2) == 2.73
    assert sum(line["cost"] for line in fn["lines"]) == pytest.approx(fn["total"])


def test_no_free_tier_and_region_options(runner: CliRunner) -> None:
    path = str(WORKLOADS / "mobile-backend.yaml")
    data = estimate_json(runner, path, "--no-free-tier")
    assert data["free_tier_applied"] is False
    assert data["total"] == pytest.approx(540_000 * 0.0000166667 + 3_000_000 * 0.2 / 1e6)
    data = estimate_json(runner, path, "--no-free-tier", "--region", "af-south-1")
    assert data["region"] == "af-south-1"
    # af-south-1 (regional-prices.md, section c): $0.27 per 1M requests, $0.0000221 per GB-s.
    assert data["total"] == pytest.approx(540_000 * 0.0000221 + 3_000_000 * 0.27 / 1e6)
    assert "request" not in data["pricing"]["unconfirmed_rates"]


def test_table_shows_line_items_free_tier_and_total(runner: CliRunner) -> None:
    result = runner.invoke(app, ["estimate", str(WORKLOADS / "mobile-backend.yaml")], env={"COLUMNS": "120"})
    out = result.stdout
    for text in (
        "Requests",
        "Duration (on-demand)",
        "Free tier: requests",
        "-$6.67",
        "$2.73",
        "Total",
        "1,000,000 of 1,000,000 requests",
        "Effective 2026-09-19",
        "avg conc. 0.14",
    ):
        assert text in out, text


def test_table_notes_unconfirmed_rates(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["estimate", str(WORKLOADS / "mobile-backend.yaml"), "--region", "ap-east-1"], env={"COLUMNS": "200"}
    )
    assert "Rates not read from AWS for ap-east-1" in result.stdout


def test_csv_rows_add_up(runner: CliRunner) -> None:
    result = runner.invoke(app, ["estimate", str(WORKLOADS / "rest-api.yaml"), "--format", "csv"])
    *rows, total_row = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["function"] for r in rows} == {"get-order", "create-order", "list-orders"}
    total = estimate_json(runner, str(WORKLOADS / "rest-api.yaml"))["total"]
    assert sum(float(r["cost"]) for r in rows) == pytest.approx(total)
    assert (total_row["item"], total_row["function"]) == ("total", "")
    assert float(total_row["cost"]) == pytest.approx(total)


def test_markdown_table(runner: CliRunner) -> None:
    result = runner.invoke(app, ["estimate", str(WORKLOADS / "mobile-backend.yaml"), "--format", "markdown"])
    assert "| Function | Line item | Quantity | Unit | Rate | Cost |" in result.stdout
    assert "**$2.73**" in result.stdout


def test_average_concurrency(runner: CliRunner) -> None:
    # 3M requests a month / (730 x 3,600 s) x 0.12 s.
    data = estimate_json(runner, str(WORKLOADS / "mobile-backend.yaml"))
    assert data["functions"][0]["avg_concurrency"] == pytest.approx(3_000_000 / (730 * 3600) * 0.12)


def test_schema_is_valid_and_accepts_every_shipped_workload(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in SHIPPED:
        validator.validate(yaml.safe_load(path.read_text()))
    bad = {"name": "x", "functions": [{"name": "a", "memory": "512MB", "duration": "1s", "requests": 1, "memroy": 1}]}
    assert not validator.is_valid(bad)


def test_regions_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["regions", "--format", "json"])
    assert result.exit_code == 0
    codes = {r["region"] for r in json.loads(result.stdout)["regions"]}
    required = {
        "us-east-1",
        "us-east-2",
        "us-west-2",
        "eu-west-1",
        "eu-central-1",
        "ap-northeast-1",
        "ap-southeast-1",
        "af-south-1",
        "ap-east-1",
        "eu-south-1",
        "me-south-1",
        "me-central-1",
    }
    assert required <= codes
    for fmt in ("table", "csv", "markdown"):
        assert runner.invoke(app, ["regions", "--format", fmt]).exit_code == 0


def test_every_command_has_help(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.stdout
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, name
        sub = runner.invoke(app, [name, "--help"])
        assert sub.exit_code == 0, name


def test_version(runner: CliRunner) -> None:
    from lambdacost import __version__

    result = runner.invoke(app, ["--version"])
    assert result.stdout.strip() == f"lambdacost {__version__}"


def test_cli_start_does_not_import_heavy_modules() -> None:
    code = "import sys; import lambdacost.cli.app; print(sorted(m for m in ('numpy', 'pydantic', 'yaml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lambdacost", "estimate", str(WORKLOADS / "mobile-backend.yaml"), "-f", "json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert round(json.loads(result.stdout)["total"], 2) == 2.73


def test_shipped_workloads_are_found(write_file: Callable[[str, str], Path]) -> None:
    assert [p.name for p in loader.shipped_workloads()] == [p.name for p in SHIPPED]


def test_usage_lines_name_arguments_in_capitals(runner: CliRunner) -> None:
    for command, argument in (
        ("estimate", "WORKLOAD"),
        ("capacity", "WORKLOAD"),
        ("compare", "WORKLOAD"),
        ("examples", "NAME"),
    ):
        usage = runner.invoke(app, [command, "--help"]).stdout.splitlines()[0]
        assert usage.startswith(f"Usage: lambdacost {command} [OPTIONS] ") and argument in usage, usage


def many_functions(n: int) -> str:
    rows = "".join(f"  - {{name: f{i}, memory: 128MB, duration: 100ms, requests: {i + 1}M}}\n" for i in range(n))
    return f"name: many\nfree_tier: false\nfunctions:\n{rows}"


def test_large_workloads_get_a_summary_table(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file("many.yaml", many_functions(30))
    out = runner.invoke(app, ["estimate", str(path)], env={"COLUMNS": "120"}).stdout
    assert "By function" in out and "30 functions, most expensive first" in out
    # Summed line items: requests 1M + 2M + ... + 30M = 465M at $0.20 per million.
    assert "465,000,000" in out and "$93.00" in out
    assert out.index("│ f29 ") < out.index("│ f0 ")  # the most expensive first
    detailed = runner.invoke(app, ["estimate", str(path), "--detail"], env={"COLUMNS": "120"}).stdout
    assert "By function" not in detailed and "Subtotal" in detailed
    small = write_file("few.yaml", many_functions(3))
    assert "By function" in runner.invoke(app, ["estimate", str(small), "--summary"], env={"COLUMNS": "120"}).stdout
    assert "Subtotal" in runner.invoke(app, ["estimate", str(small)], env={"COLUMNS": "120"}).stdout
