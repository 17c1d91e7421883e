"""Hostile values in a workload file or an option: every quantity finite and within its bounds,
commas only between thousands, and a JSON Schema that refuses what the loader refuses."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from lambdacost.cli.app import app
from lambdacost.core.engine import billed_ms
from lambdacost.schema import units
from lambdacost.schema.workload import Function, workload_json_schema
from tests.io.test_bad_input import GOOD, assert_one_error_line, run_estimate

Write = Callable[[str, str], Path]
HUGE = "9" * 401


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        ("3M/month", HUGE, ["functions[0].requests (line 6)", "too large", "401 characters"]),
        ("512MB", HUGE, ["functions[0].memory (line 4)", "too large"]),
        ("120ms", HUGE + "ms", ["functions[0].duration (line 5)", "too large"]),
        ("3M/month", "1.0e+308", ["functions[0].requests (line 6)", "too large"]),
        ("3M/month", ".inf", ["functions[0].requests (line 6)", "got inf"]),
        ("3M/month", "1,5M", ["functions[0].requests (line 6)", "thousands separator"]),
        ("512MB", "0,5GB", ["functions[0].memory (line 4)", "thousands separator"]),
    ],
)
def test_values_out_of_any_bound(
    runner: CliRunner, write_file: Write, old: str, new: str, fragments: list[str]
) -> None:
    path = write_file("w.yaml", GOOD.replace(old, new))
    assert_one_error_line(*run_estimate(runner, path), str(path), *fragments)


def test_thousands_separators_still_read() -> None:
    assert units.parse_count("1,500,000") == 1_500_000
    assert units.parse_per_month("3,000,000/month") == 3_000_000
    with pytest.raises(ValueError, match="thousands separator"):
        units.parse_count("1,50,000")


def test_rates_per_hour_and_per_year() -> None:
    assert units.parse_per_month("100/hr") == 100 * 730
    assert units.parse_per_month("100/hour") == 100 * 730
    assert units.parse_per_month("12M/year") == 12_000_000 / 12  # a year is 12 months of 730 hours
    assert units.parse_per_month("24/yr") == 2


def test_requests_served_as_a_rate(runner: CliRunner, write_file: Write) -> None:
    text = GOOD.replace("3M/month", "1000/s") + "    provisioned_concurrency: {count: 100, requests_served: 100/s}\n"
    path = write_file("pc.yaml", text)
    result = runner.invoke(app, ["estimate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr


def test_hourly_weights_of_1e308_give_a_finite_profile() -> None:
    fn = Function.model_validate(
        {"name": "a", "memory": 128, "duration": "1s", "requests": 1, "traffic": {"hourly": [1e308] * 12 + [0] * 12}}
    )
    assert fn.traffic is not None and fn.traffic.hourly is not None
    # Relative weights: the same profile as [1] * 12 + [0] * 12.
    assert fn.traffic.hourly == [1.0] * 12 + [0.0] * 12
    assert math.isfinite(sum(fn.traffic.hourly))


def test_capacity_with_hourly_1e308(runner: CliRunner, write_file: Write) -> None:
    hourly = ", ".join(["1.0e+308"] * 12 + ["0"] * 12)
    path = write_file("h.yaml", GOOD + f"    traffic: {{hourly: [{hourly}]}}\n")
    result = runner.invoke(app, ["capacity", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert "NaN" not in result.stdout


def test_a_positive_duration_bills_at_least_1_ms() -> None:
    assert list(billed_ms([0.0, 1e-7, 1e-300, 0.4, 1.0, 1.2])) == [0.0, 1.0, 1.0, 1.0, 1.0, 2.0]


def test_duration_of_a_tenth_of_a_microsecond_is_billed_1_ms(runner: CliRunner, write_file: Write) -> None:
    import json

    path = write_file("tiny.yaml", GOOD.replace("120ms", "0.0000001ms") + "free_tier: false\n")
    result = runner.invoke(app, ["estimate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    total = json.loads(result.stdout)["total"]
    # 3M requests at $0.20/1M, plus 3M x 1 ms x 0.5 GB at $0.0000166667 a GB-s.
    assert total == pytest.approx(3 * 0.20 + 3_000_000 * 0.001 * 0.5 * 0.0000166667, rel=1e-6)


# ---------------------------------------------------------------- the JSON Schema agrees


@pytest.fixture(scope="module")
def schema_validator() -> jsonschema.Draft202012Validator:
    schema = workload_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


BASE: dict[str, Any] = {"name": "a", "memory": 512, "duration": "120ms", "requests": "3M"}


def loader_accepts(field: str, value: Any) -> bool:
    try:
        Function.model_validate({**BASE, field: value})
    except ValidationError:
        return False
    return True


def schema_accepts(validator: jsonschema.Draft202012Validator, field: str, value: Any) -> bool:
    return bool(validator.is_valid({"name": "x", "functions": [{**BASE, field: value}]}))


@pytest.mark.parametrize(
    ("field", "value"),
    [("duration", 100), ("memory", 99999), ("duration", "20m"), ("cold_start_rate", "150%")],
)
def test_schema_refuses_what_estimate_refuses(
    schema_validator: jsonschema.Draft202012Validator, field: str, value: Any
) -> None:
    assert not loader_accepts(field, value)
    assert not schema_accepts(schema_validator, field, value)


NUMBERS = ["0", "0.5", "1", "14", "15", "15.5", "59", "60", "100", "127", "128", "511", "512", "899", "900"]
NUMBERS += ["900.0", "901", "1000", "10240", "10241", "899999", "900000", "900001", "0.25", "0.125", ".5", "11"]
CASES = {
    "duration": [n + u for n in NUMBERS for u in ["ms", "s", "sec", "m", "min", "h", "hr", "", "MS"]]
    + [0, 100, 0.5, "14m59s", "1s500ms", "0ms", "1m 30s"],
    "init_duration": [n + u for n in NUMBERS for u in ["ms", "s", "", "Ms"]] + [0, 5, "9s999ms"],
    "memory": [n + u for n in NUMBERS for u in ["", "MB", "mb", "GB", "G", "MiB", "GiB"]] + [99999, 128, 10240, 127],
    "ephemeral_storage": [n + u for n in NUMBERS for u in ["", "MB", "GB"]],
    "cold_start_rate": [n + u for n in NUMBERS for u in ["", "%"]] + [0.5, 1, 1.5],
    "requests": [n + u for n in [*NUMBERS, "1,000", "1,5", "1_000"] for u in ["", "k", "M", "/s", "/hr", "/year"]]
    + [1e20, 5, "5/fortnight"],
}


@pytest.mark.parametrize("field", sorted(CASES))
def test_schema_and_loader_agree(schema_validator: jsonschema.Draft202012Validator, field: str) -> None:
    disagree = [
        value
        for value in CASES[field]
        if loader_accepts(field, value) != schema_accepts(schema_validator, field, value)
    ]
    assert disagree == []


def test_decimal_values_are_exact() -> None:
    assert units.parse_duration_s("0.1s") == Decimal("0.1")
