"""`--set PATH=VALUE`: an override changes what it names and nothing else, is validated as the
file is, and a bad path or value is one error line naming the override."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app
from lambdacost.io import loader
from tests.conftest import WORKLOADS

FILE = """\
name: shop
region: us-east-1
functions:
  - name: checkout
    memory: 512MB
    duration: 100ms
    requests: 5M/month
  - name: api.v2
    memory: 256MB
    duration: 40ms
    requests: 1M/month
  - name: headers
    memory: 128MB
    duration: 5ms
    requests: 2M/month
    edge: true
"""


@pytest.fixture
def path(write_file: Callable[[str, str], Path]) -> Path:
    return write_file("w.yaml", FILE)


def dumps(path: Path, *sets: str) -> tuple[dict, list[dict]]:  # type: ignore[type-arg]
    wl = loader.load_workload(path, sets).model_dump(warnings=False)  # old pydantic warns on int-valued floats
    return {k: v for k, v in wl.items() if k != "functions"}, wl["functions"]


def changed(before: dict, after: dict) -> dict:  # type: ignore[type-arg]
    return {k: (before[k], after[k]) for k in before if before[k] != after[k]}


def test_a_function_override_changes_that_key_of_that_function_only(path: Path) -> None:
    top, fns = dumps(path)
    top2, fns2 = dumps(path, "functions.checkout.memory=1024MB")
    assert top2 == top
    assert changed(fns[0], fns2[0]) == {"memory": (512, 1024)}
    assert fns2[1:] == fns[1:]


def test_names_with_dots_and_nested_keys(path: Path) -> None:
    _, fns = dumps(path)
    _, fns2 = dumps(path, "functions.api.v2.provisioned_concurrency.count=3")
    assert changed(fns[1], fns2[1]) == {
        "provisioned_concurrency": (None, {"count": 3, "hours_per_month": 730.0, "requests_served": None})
    }
    assert fns2[0] == fns[0] and fns2[2] == fns[2]


def test_wildcard_sets_every_function(path: Path) -> None:
    _, fns = dumps(path)
    for spelling in ("*.requests=3M/month", "functions.*.requests=3M/month"):
        _, fns2 = dumps(path, spelling)
        for a, b in zip(fns, fns2, strict=True):
            assert changed(a, b) == {"requests": (a["requests"], 3_000_000.0)}


def test_top_level_override_and_overrides_in_order(path: Path) -> None:
    top, fns = dumps(path)
    top2, fns2 = dumps(path, "region=eu-west-1", "functions.checkout.memory=1GB", "functions.checkout.memory=2GB")
    assert changed(top, top2) == {"region": ("us-east-1", "eu-west-1")}
    assert fns2[0]["memory"] == 2048 and fns2[1:] == fns[1:]


def test_values_are_read_as_yaml_like_the_file(path: Path) -> None:
    top, _ = dumps(path, "free_tier=false")
    assert top["free_tier"] is False
    _, fns = dumps(path, "functions.checkout.traffic={peak_factor: 3}")
    assert fns[0]["traffic"] == {"peak_factor": 3.0, "hourly": None}


def test_estimate_with_set_equals_estimate_of_the_edited_file(
    runner: CliRunner, path: Path, write_file: Callable[[str, str], Path]
) -> None:
    edited = write_file("edited.yaml", FILE.replace("memory: 512MB", "memory: 1GB"))
    a = runner.invoke(app, ["estimate", str(path), "--set", "functions.checkout.memory=1GB", "-f", "csv"])
    b = runner.invoke(app, ["estimate", str(edited), "-f", "csv"])
    assert a.exit_code == 0 and a.stdout == b.stdout


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("functions.checkout.memory=xx", "Error: --set functions.checkout.memory=xx: memory: 'xx' is not a size"),
        (
            "functions.checkout.memory=20GB",
            "Error: --set functions.checkout.memory=20GB: memory: 20,480 MB is out of range",
        ),
        ("functions.chekout.memory=1GB", "Error: --set functions.chekout.memory=1GB: no function named 'chekout'"),
        (
            "functions.checkout.memroy=1GB",
            "Error: --set functions.checkout.memroy=1GB: unknown key 'memroy' for a function; did you mean 'memory'?",
        ),
        (
            "regon=eu-west-1",
            "Error: --set regon=eu-west-1: unknown key 'regon' at the top level; did you mean 'region'?",
        ),
        (
            "functions.checkout.memory.x=1",
            "Error: --set functions.checkout.memory.x=1: memory is a value, not a mapping",
        ),
        ("functions.checkout=1", "Error: --set functions.checkout=1: name a function and a key"),
        (
            "*.architecture=arm64",
            "Error: --set *.architecture=arm64: functions.headers.edge: Lambda@Edge functions run on x86_64 only",
        ),
        ("functions.checkout.memory=", "Error: --set functions.checkout.memory=: no value after '='"),
        ("memory", "Error: --set memory: expected PATH=VALUE"),
        ("functions..memory=1GB", "Error: --set functions..memory=1GB: 'functions..memory' has an empty part"),
        ("functions.checkout.memory=[1, 2", "Error: --set functions.checkout.memory=[1, 2: invalid YAML value"),
        ("functions.checkout.memory=&a 1", "Error: --set functions.checkout.memory=&a 1: YAML anchors and aliases"),
        ("free_tier=maybe", "Error: --set free_tier=maybe: free_tier: 'maybe'"),
    ],
)
@pytest.mark.parametrize("command", ["estimate", "capacity", "compare"])
def test_a_bad_override_is_one_error_line(
    runner: CliRunner, path: Path, command: str, override: str, expected: str
) -> None:
    result = runner.invoke(app, [command, str(path), "--set", override])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), lines


def test_the_files_own_error_is_the_files(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    bad = write_file("bad.yaml", FILE.replace("duration: 40ms", "duration: 40 parsecs"))
    result = runner.invoke(app, ["estimate", str(bad), "--set", "functions.checkout.memory=1GB"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad}: functions[1].duration (line 10): ")


def test_set_on_diff_and_compare_runs(runner: CliRunner) -> None:
    path = str(WORKLOADS / "rest-api.yaml")
    for args in (["compare", path], ["capacity", path], ["diff", path, path]):
        result = runner.invoke(app, [*args, "--set", "functions.get-order.memory=1GB", "-f", "json"])
        assert result.exit_code == 0, result.output


def test_set_needs_a_file_on_compare(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["compare", "--memory", "512MB", "--duration", "1s", "--requests", "1M", "--set", "region=x"]
    )
    assert result.exit_code == 2 and result.stderr.startswith("Error: --set: ")


def test_an_unknown_region_from_set_names_the_override(runner: CliRunner, path: Path) -> None:
    result = runner.invoke(app, ["estimate", str(path), "--set", "region=mars-1"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --set region=mars-1: unknown region 'mars-1'; known regions: ")
