"""`lambdacost sweep`: the grid priced in one engine call agrees with `estimate` point by point."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app
from tests.conftest import WORKLOADS

REQUEST = 0.20 / 1e6
X86 = 0.0000166667
ARM = 0.0000133334

ONE = """\
name: job
free_tier: false
functions:
  - name: worker
    memory: 1769MB
    duration: 1s
    requests: 1M/month
"""


def sweep_json(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["sweep", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def estimate_total(runner: CliRunner, path: str, *sets: str) -> float:
    args = [a for s in sets for a in ("--set", s)]
    result = runner.invoke(app, ["estimate", path, *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return float(json.loads(result.stdout)["total"])


@pytest.mark.parametrize("name", ["rest-api", "checkout-traffic", "ml-inference", "sqs-orders"])
def test_the_cheapest_points_agree_with_estimate(runner: CliRunner, name: str) -> None:
    path = str(WORKLOADS / f"{name}.yaml")
    data = sweep_json(runner, path, "--memory", "128MB..3GB:128MB", "--architecture", "x86_64,arm64",
                      "--requests", "1M..50M/3", "--top", "3")  # fmt: skip
    assert data["points"] == 24 * 2 * 3
    costs = [p["total"] for p in data["cheapest"]]
    assert costs == sorted(costs)
    for point in data["cheapest"]:
        sets = [f"*.memory={point['memory']:.0f}MB", f"*.architecture={point['architecture']}",
                f"*.requests={point['requests']!r}"]  # fmt: skip
        assert point["total"] == pytest.approx(estimate_total(runner, path, *sets), rel=1e-9)


def test_one_function_by_hand(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file("one.yaml", ONE)
    data = sweep_json(runner, str(path), "--memory", "128MB,1GB", "--architecture", "arm64,x86_64")
    expected = {
        (m, a): 1e6 * REQUEST + 1e6 * 1.0 * m / 1024 * (ARM if a == "arm64" else X86)
        for m in (128, 1024)
        for a in ("arm64", "x86_64")
    }
    got = {(p["memory"], p["architecture"]): p["total"] for p in data["cheapest"]}
    assert got == pytest.approx(expected, rel=1e-12)
    assert data["cheapest"][0]["memory"] == 128 and data["cheapest"][0]["architecture"] == "arm64"
    assert data["given_total"] == pytest.approx(1e6 * REQUEST + 1e6 * 1769 / 1024 * X86, rel=1e-12)
    assert data["duration_model"] == "as-given"


def test_scale_duration_is_cpu_bound(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file("one.yaml", ONE)
    data = sweep_json(runner, str(path), "--memory", "3538MB,1769MB,128MB", "--scale-duration", "--top", "5")
    got = {p["memory"]: p["total"] for p in data["cheapest"]}
    # At 3,538 MB CPU-bound work takes 0.5 s; at 128 MB, 1 s x 1769 / 128 = 13.8203125 s (13,821 ms billed).
    assert got[3538] == pytest.approx(1e6 * REQUEST + 1e6 * 0.5 * 3538 / 1024 * X86, rel=1e-12)
    assert got[1769] == pytest.approx(data["given_total"], rel=1e-12)
    assert got[128] == pytest.approx(1e6 * REQUEST + 1e6 * 13.821 * 128 / 1024 * X86, rel=1e-12)
    assert data["duration_model"] == "cpu-bound"
    table = runner.invoke(app, ["sweep", str(path), "--memory", "128MB..2GB", "--scale-duration"]).stdout
    assert "CPU-bound" in table and "1,769 MB" in table


def test_points_over_the_15_minute_limit_are_left_out(
    runner: CliRunner, write_file: Callable[[str, str], Path]
) -> None:
    path = write_file("long.yaml", ONE.replace("duration: 1s", "duration: 10m"))
    data = sweep_json(runner, str(path), "--memory", "128MB,1769MB,3538MB", "--scale-duration")
    assert data["infeasible_points"] == 1  # 10 min x 1769/128 is over 15 min
    assert sorted(p["memory"] for p in data["cheapest"]) == [1769, 3538]
    assert data["curve"]["series"][0]["total"][0] is None


def test_only_the_named_function_is_swept(runner: CliRunner) -> None:
    path = str(WORKLOADS / "rest-api.yaml")
    data = sweep_json(runner, path, "--memory", "256MB", "--function", "get-order")
    assert data["functions"] == ["get-order"]
    assert data["cheapest"][0]["total"] == pytest.approx(
        estimate_total(runner, path, "functions.get-order.memory=256MB")
    )


def test_table_has_a_chart_and_says_the_model(runner: CliRunner) -> None:
    result = runner.invoke(app, ["sweep", str(WORKLOADS / "rest-api.yaml"), "--memory", "128MB..2GB",
                                 "--architecture", "x86_64,arm64"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Monthly cost (USD) vs memory" in result.stdout and "Duration held as given" in result.stdout
    assert "Monthly cost (USD) vs" not in runner.invoke(app, ["sweep", str(WORKLOADS / "rest-api.yaml"),
                                                              "--memory", "128MB..2GB", "--no-chart"]).stdout  # fmt: skip


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "Error: sweep: give at least one of --memory"),
        (["--memory", "64MB..1GB"], "Error: --memory 64MB..1GB: '64MB' is out of range"),
        (["--architecture", "arm64"], "Error: --architecture arm64: at arm64: functions.headers.edge: Lambda@Edge"),
        (["--duration", "1s..2s", "--scale-duration"], "Error: --scale-duration: "),
        (["--memory", "1GB", "--function", "nope"], "Error: --function: no function named 'nope'"),
        (["--memory", "128MB..10GB:1MB", "--requests", "1..100k:1"], "Error: sweep: the grid has"),
    ],
)
def test_bad_sweeps_are_one_error_line(runner: CliRunner, write_file, args: list[str], expected: str) -> None:
    text = (WORKLOADS / "rest-api.yaml").read_text() + (
        "  - name: headers\n    memory: 128MB\n    duration: 5ms\n    requests: 1M/month\n    edge: true\n"
    )
    path = write_file("w.yaml", text)
    result = runner.invoke(app, ["sweep", str(path), *args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), lines


def test_a_workload_with_charges_sweep_does_not_price_is_refused(
    runner: CliRunner, write_file: Callable[[str, str], Path]
) -> None:
    path = write_file("discounted.yaml", ONE + "discounts:\n  lambda: 17%\n")
    result = runner.invoke(app, ["sweep", str(path), "--memory", "1GB,2GB"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: sweep: this workload's estimate")


def test_a_throttled_workload_is_refused_with_the_reason(
    runner: CliRunner, write_file: Callable[[str, str], Path]
) -> None:
    # 100M requests of 200 ms a month: 7.6 concurrent on average, over a reserved limit of 2
    text = "name: t\nfunctions:\n  - name: api\n    memory: 512MB\n    duration: 200ms\n"
    path = write_file("throttled.yaml", text + "    requests: 100M/month\n    reserved_concurrency: 2\n")
    result = runner.invoke(app, ["sweep", str(path), "--memory", "1GB,2GB"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(
        "Error: sweep: throttling is not modelled yet: the concurrency limit of 1 function (api)"
    )
    # with room for its traffic, the same function sweeps
    path = write_file("served.yaml", text + "    requests: 100M/month\n    reserved_concurrency: 20\n")
    assert runner.invoke(app, ["sweep", str(path), "--memory", "1GB,2GB"]).exit_code == 0


def test_large_grids_are_priced_in_chunks_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    from lambdacost.plan import sweep as plan

    path = str(WORKLOADS / "rest-api.yaml")
    args = ("--memory", "128MB..2GB:64MB", "--architecture", "x86_64,arm64", "--top", "1000")
    whole = sweep_json(runner, path, *args)["cheapest"]
    monkeypatch.setattr(plan, "CHUNK_ROWS", 7)  # 2 points (6 rows) per engine call
    assert sweep_json(runner, path, *args)["cheapest"] == whole
