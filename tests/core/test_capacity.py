"""`lambdacost capacity`: concurrency, throttling, scaling, cold starts and provisioned concurrency.

Every expected number is worked out by hand from the published rates (pricing-facts.md
sections 1 and 2): 100 requests/s for a 730-hour month is 100 x 730 x 3,600 requests.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lambdacost.cli.app import app
from lambdacost.core import capacity
from lambdacost.core.engine import FunctionArrays
from lambdacost.io import loader
from lambdacost.plan import capacity as plan_capacity
from lambdacost.schema.prices import LambdaPriceTable
from tests.conftest import WORKLOADS

SECONDS_PER_MONTH = 730 * 3600
MONTHLY_100_RPS = 100 * SECONDS_PER_MONTH  # 262,800,000 requests

X86_OD, X86_PC, X86_PC_DURATION = 0.0000166667, 0.0000041667, 0.0000097222
ARM_OD, ARM_PC, ARM_PC_DURATION = 0.0000133334, 0.0000033334, 0.0000077778

WriteFile = Callable[[str, str], Path]


def fn_yaml(name: str, extra: str = "", *, rps: float = 100, duration: str = "500ms", memory: str = "512MB") -> str:
    text = f"  - name: {name}\n    memory: {memory}\n    duration: {duration}\n    requests: {rps:g}/s\n"
    return text + "".join(f"    {line}\n" for line in extra.splitlines() if line)


def workload(*functions: str, head: str = "") -> str:
    return f"name: test\nfree_tier: false\n{head}functions:\n" + "".join(functions)


def capacity_json(runner: CliRunner, path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["capacity", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def capacity_table(runner: CliRunner, path: Path, *args: str) -> str:
    result = runner.invoke(app, ["capacity", str(path), *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


# ---------------------------------------------------------------- Little's law and the peak


def test_average_and_peak_concurrency(runner: CliRunner, write_file: WriteFile) -> None:
    path = write_file("w.yaml", workload(fn_yaml("api", "traffic: {peak_factor: 4}")))
    data = capacity_json(runner, path)
    fn = data["functions"][0]
    assert fn["avg_concurrency"] == pytest.approx(100 * 0.5)  # 100 requests/s x 0.5 s
    assert fn["peak_concurrency"] == pytest.approx(100 * 0.5 * 4)
    assert fn["throttled_share"] == 0
    assert data["account"]["limit"] == 1000
    assert data["account"]["peak_concurrency"] == pytest.approx(200)
    assert data["account"]["headroom"] == pytest.approx(1000 - 200)
    # 150 new environments fit in one 10-second step of 1,000.
    assert fn["scale_up_seconds"] == 10
    assert {
        "name",
        "avg_concurrency",
        "peak_concurrency",
        "throttled_share",
        "scale_up_seconds",
        "cold_starts_per_month",
        "pc_break_even_utilization",
        "recommended_pc",
    } <= set(fn)
    assert {"limit", "peak_concurrency", "headroom"} <= set(data["account"])


def test_flat_traffic_has_its_average_as_peak(runner: CliRunner, write_file: WriteFile) -> None:
    data = capacity_json(runner, write_file("w.yaml", workload(fn_yaml("api"))))
    fn = data["functions"][0]
    assert fn["peak_concurrency"] == pytest.approx(50) and fn["avg_concurrency"] == pytest.approx(50)
    assert fn["scale_up_seconds"] == 0


def test_six_functions_exceed_the_account_limit(runner: CliRunner, write_file: WriteFile) -> None:
    fns = [fn_yaml(f"f{i}", "traffic: {peak_factor: 4}") for i in range(6)]
    path = write_file("w.yaml", workload(*fns))
    data = capacity_json(runner, path)
    assert data["account"]["peak_concurrency"] == pytest.approx(6 * 200)
    assert data["account"]["headroom"] == pytest.approx(1000 - 1200)
    assert data["account"]["throttled_share"] == pytest.approx(1 - 1000 / 1200)
    for fn in data["functions"]:
        assert fn["throttled_share"] == pytest.approx(1 - 1000 / 1200)
    assert data["warnings"] == [
        "account: summed peak 1,200 > account limit 1,000: about 17% of peak requests throttled"
    ]
    table = capacity_table(runner, path)
    assert "16.7%" in table
    assert "Warning: account: summed peak 1,200 > account limit 1,000: about 17% of peak requests throttled" in table
    # A higher limit removes the throttling.
    raised = capacity_json(runner, path, "--account-limit", "1200")
    assert raised["account"]["throttled_share"] == 0 and raised["warnings"] == []


def test_one_function_over_the_limit_is_named(runner: CliRunner, write_file: WriteFile) -> None:
    path = write_file("w.yaml", workload(fn_yaml("checkout", "traffic: {peak_factor: 4}", rps=350, duration="1s")))
    data = capacity_json(runner, path)
    assert data["functions"][0]["peak_concurrency"] == pytest.approx(350 * 1 * 4)
    assert data["functions"][0]["throttled_share"] == pytest.approx(1 - 1000 / 1400)
    assert data["warnings"] == ["checkout: peak 1,400 > account limit 1,000: about 29% of peak requests throttled"]


def test_reserved_concurrency_carves_out_of_the_pool(runner: CliRunner, write_file: WriteFile) -> None:
    path = write_file(
        "w.yaml",
        workload(
            fn_yaml("payments", "reserved_concurrency: 150\ntraffic: {peak_factor: 4}"),
            fn_yaml("api", "traffic: {peak_factor: 2}", rps=900, duration="1s"),
        ),
    )
    data = capacity_json(runner, path)
    account = data["account"]
    assert account["reserved"] == 150 and account["unreserved_pool"] == 1000 - 150
    payments, api = data["functions"]
    assert payments["limit"] == 150 and payments["reserved_concurrency"] == 150
    assert payments["throttled_share"] == pytest.approx(1 - 150 / 200)
    assert api["limit"] == 850
    assert api["throttled_share"] == pytest.approx(1 - 850 / 1800)  # 900/s x 1 s x 2
    assert data["warnings"][:2] == [
        "payments: peak 200 > reserved concurrency 150: about 25% of peak requests throttled",
        "api: peak 1,800 > unreserved concurrency 850 (account limit 1,000 - 150 reserved): "
        "about 53% of peak requests throttled",
    ]
    # Scaling stops at each function's limit: 150 - 50 and 850 - 900 (already above).
    assert payments["scale_up_seconds"] == 10 and api["scale_up_seconds"] == 0


def test_scale_up_in_steps_of_1000_per_10_seconds(runner: CliRunner, write_file: WriteFile) -> None:
    path = write_file("w.yaml", workload(fn_yaml("burst", "traffic: {peak_factor: 5}", rps=500, duration="1s")))
    fn = capacity_json(runner, path, "--account-limit", "5000")["functions"][0]
    # 500 -> 2,500 environments: 2,000 more, two steps of 1,000.
    assert fn["scale_up_seconds"] == 20
    assert "burst: scaling from 500 to 2,500 environments takes about 20 s" in capacity_table(
        runner, path, "--account-limit", "5000"
    )


def test_hourly_profile_shows_the_peak_hour(runner: CliRunner, write_file: WriteFile) -> None:
    weights = [1] * 24
    weights[18] = 3
    path = write_file("w.yaml", workload(fn_yaml("shop", f"traffic: {{hourly: {weights}}}")))
    data = capacity_json(runner, path)
    fn = data["functions"][0]
    # Weights sum to 26: hour 18 carries 3/26 of the day's requests, 3 x 24/26 times the average.
    assert fn["peak_hour"] == 18
    assert fn["peak_concurrency"] == pytest.approx(50 * 3 * 24 / 26)
    assert fn["hourly_concurrency"][0] == pytest.approx(50 * 24 / 26)
    assert fn["avg_concurrency"] == pytest.approx(50)
    assert data["account"]["peak_hour"] == 18
    table = capacity_table(runner, path)
    assert "18:00" in table and "peak" in table


def test_pc_quantile_of_the_hourly_concurrency(runner: CliRunner, write_file: WriteFile) -> None:
    weights = [1] * 24
    weights[18] = 3
    path = write_file("w.yaml", workload(fn_yaml("shop", f"traffic: {{hourly: {weights}}}")))
    at_peak = capacity_json(runner, path, "--pc-quantile", "1")["functions"][0]
    assert at_peak["recommended_pc"] == math.ceil(50 * 3 * 24 / 26)  # 138.46 -> 139
    median = capacity_json(runner, path, "--pc-quantile", "0.5")["functions"][0]
    assert median["recommended_pc"] == math.ceil(50 * 24 / 26)  # 46.15 -> 47


# ---------------------------------------------------------------- cold starts


def test_cold_starts_from_the_file_rate(runner: CliRunner, write_file: WriteFile) -> None:
    path = write_file("w.yaml", workload(fn_yaml("api", "cold_start_rate: 1%\ninit_duration: 400ms")))
    fn = capacity_json(runner, path)["functions"][0]
    starts = MONTHLY_100_RPS * 0.01
    assert fn["cold_starts_per_month"] == pytest.approx(starts)
    assert fn["cold_starts_estimated"] is False
    assert fn["init_cost_per_month"] == pytest.approx(starts * 0.5 * 0.4 * X86_OD)  # 0.5 GB x 0.4 s


def test_cold_starts_from_an_hourly_profile(runner: CliRunner, write_file: WriteFile) -> None:
    # 1 request/s of 1 s at 1 GB: average concurrency 1; 12 idle hours, then 12 hours at 2.
    weights = [0] * 12 + [1] * 12
    path = write_file(
        "w.yaml",
        workload(
            fn_yaml("job", f"init_duration: 1s\ntraffic: {{hourly: {weights}}}", rps=1, duration="1s", memory="1GB")
        ),
    )
    fn = capacity_json(runner, path)["functions"][0]
    starts = 2 * 730 / 24  # 2 new environments a day at 12:00, 30.4 days a month
    assert fn["cold_starts_per_month"] == pytest.approx(starts)
    assert fn["cold_starts_estimated"] is True
    assert fn["init_cost_per_month"] == pytest.approx(starts * 1 * 1 * X86_OD)


def test_cold_starts_from_a_peak_factor(runner: CliRunner, write_file: WriteFile) -> None:
    path = write_file("w.yaml", workload(fn_yaml("api", "traffic: {peak_factor: 4}")))
    fn = capacity_json(runner, path)["functions"][0]
    assert fn["cold_starts_per_month"] == pytest.approx((200 - 50) * 730 / 24)


# ---------------------------------------------------------------- provisioned concurrency


def test_pc_break_even_is_60_percent_for_x86_and_arm64(runner: CliRunner, write_file: WriteFile) -> None:
    path = write_file("w.yaml", workload(fn_yaml("x86"), fn_yaml("arm", "architecture: arm64")))
    x86, arm = capacity_json(runner, path)["functions"]
    assert x86["pc_break_even_utilization"] == pytest.approx(X86_PC / (X86_OD - X86_PC_DURATION))
    assert arm["pc_break_even_utilization"] == pytest.approx(ARM_PC / (ARM_OD - ARM_PC_DURATION))
    assert round(x86["pc_break_even_utilization"], 3) == 0.600
    assert round(arm["pc_break_even_utilization"], 3) == 0.600
    assert "60.0%" in capacity_table(runner, path)


def test_pc_cost_with_and_without(runner: CliRunner, write_file: WriteFile) -> None:
    path = write_file("w.yaml", workload(fn_yaml("api", "traffic: {peak_factor: 4}")))
    data = capacity_json(runner, path, "--pc-quantile", "1")
    fn = data["functions"][0]
    assert fn["recommended_pc"] == 200  # B(200, 50) is below 1e-60: the 200 environments serve every request
    assert fn["pc_utilization"] == pytest.approx(50 / 200)
    requests = MONTHLY_100_RPS * 0.2 / 1e6
    without = requests + MONTHLY_100_RPS * 0.5 * 0.5 * X86_OD
    # 200 environments of 0.5 GB for 730 h, and every request's 0.25 GB-s at the PC duration rate.
    with_pc = requests + 200 * 0.5 * SECONDS_PER_MONTH * X86_PC + MONTHLY_100_RPS * 0.5 * 0.5 * X86_PC_DURATION
    assert fn["monthly_cost_without_pc"] == pytest.approx(without)
    assert fn["monthly_cost_with_pc"] == pytest.approx(with_pc)
    assert data["total_without_pc"] == pytest.approx(without)
    # PC for the peak costs more than on demand: the total with the suggested PC leaves it out.
    assert with_pc > without and fn["suggested_pc"] == 0 and not fn["pc_saves"]
    assert data["total_with_pc"] == pytest.approx(without) and data["pc_saves_for"] == []


def test_pc_is_capped_by_reserved_concurrency(runner: CliRunner, write_file: WriteFile) -> None:
    path = write_file("w.yaml", workload(fn_yaml("api", "reserved_concurrency: 120\ntraffic: {peak_factor: 4}")))
    assert capacity_json(runner, path, "--pc-quantile", "1")["functions"][0]["recommended_pc"] == 120


def test_lambda_edge_is_left_out(runner: CliRunner) -> None:
    data = capacity_json(runner, WORKLOADS / "edge-headers.yaml")
    fn = data["functions"][0]
    assert fn["pc_break_even_utilization"] is None and fn["recommended_pc"] == 0 and fn["limit"] is None
    assert data["account"]["peak_concurrency"] == 0


# ---------------------------------------------------------------- invalid input


@pytest.mark.parametrize(
    ("traffic", "field", "what"),
    [
        (
            "{hourly: [" + ", ".join(["1"] * 23) + "]}",
            "functions[0].traffic.hourly (line 8)",
            "expected exactly 24 weights, one per hour of the day (00:00 to 23:00), got 23",
        ),
        (
            "{hourly: [" + ", ".join(["1"] * 5 + ["-2"] + ["1"] * 18) + "]}",
            "functions[0].traffic.hourly (line 8)",
            "hour 5: -2 is negative; weights must be 0 or more",
        ),
        (
            "{hourly: [" + ", ".join(["0"] * 24) + "]}",
            "functions[0].traffic.hourly (line 8)",
            "all 24 weights are 0; at least one hour must have traffic",
        ),
        (
            "{peak_factor: 0.5}",
            "functions[0].traffic.peak_factor (line 8)",
            "0.5 is below 1: the peak cannot be lower than the monthly average",
        ),
        (
            "{peak_factor: 2, hourly: [" + ", ".join(["1"] * 24) + "]}",
            "functions[0].traffic (line 8)",
            "give peak_factor or hourly, not both",
        ),
        (
            "{}",
            "functions[0].traffic (line 8)",
            "give peak_factor (peak over the monthly average) or hourly (24 weights)",
        ),
    ],
)
@pytest.mark.parametrize("command", ["capacity", "estimate"])
def test_invalid_traffic_is_one_line_and_exit_2(
    runner: CliRunner, write_file: WriteFile, command: str, traffic: str, field: str, what: str
) -> None:
    path = write_file("w.yaml", workload(fn_yaml("api", f"traffic: {traffic}")))
    result = runner.invoke(app, [command, str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {path}: {field}: {what}\n"


def test_reserved_over_the_account_limit(runner: CliRunner, write_file: WriteFile) -> None:
    path = write_file(
        "w.yaml", workload(fn_yaml("api", "reserved_concurrency: 600"), head="account_concurrency_limit: 500\n")
    )
    result = runner.invoke(app, ["capacity", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: account_concurrency_limit (line 3): the functions reserve 600 concurrent executions "
        "in total, more than the account limit of 500\n"
    )
    ok = write_file("ok.yaml", workload(fn_yaml("api", "reserved_concurrency: 600")))
    result = runner.invoke(app, ["capacity", str(ok), "--account-limit", "300"])
    assert result.exit_code == 2
    assert (
        result.stderr
        == "Error: --account-limit: 300 is less than the 600 concurrent executions the functions reserve\n"
    )


@pytest.mark.parametrize("args", [["--pc-quantile", "1.5"], ["--account-limit", "0"], ["--format", "csv"]])
def test_bad_options_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, ["capacity", str(WORKLOADS / "rest-api.yaml"), *args])
    assert result.exit_code == 2


def test_negative_reserved_concurrency(runner: CliRunner, write_file: WriteFile) -> None:
    path = write_file("w.yaml", workload(fn_yaml("api", "reserved_concurrency: -1")))
    result = runner.invoke(app, ["capacity", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}: functions[0].reserved_concurrency (line 8): ")


# ---------------------------------------------------------------- shipped workloads, estimate, schema


SHIPPED = sorted(WORKLOADS.glob("*.yaml"))


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_capacity_runs_on_every_shipped_workload(runner: CliRunner, path: Path, fmt: str) -> None:
    result = runner.invoke(app, ["capacity", str(path), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() and result.stderr == ""


def test_checkout_example(runner: CliRunner) -> None:
    path = WORKLOADS / "checkout-traffic.yaml"
    assert path.read_text().startswith("#")
    data = capacity_json(runner, path)
    api, webhook, emails = data["functions"]
    assert api["peak_hour"] == 20
    assert webhook["reserved_concurrency"] == 100
    # 80M requests of 1.2 s over 730 h, three times the average at the peak.
    peak = 80e6 / SECONDS_PER_MONTH * 1.2 * 3
    assert webhook["throttled_share"] == pytest.approx(1 - 100 / peak)
    assert any(w.startswith("payment-webhook: peak 110 > reserved concurrency 100") for w in data["warnings"])


def test_estimate_shows_a_capacity_summary(runner: CliRunner, write_file: WriteFile) -> None:
    fns = [fn_yaml(f"f{i}", "traffic: {peak_factor: 4}") for i in range(6)]
    path = write_file("w.yaml", workload(*fns))
    result = runner.invoke(app, ["estimate", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "Account: peak concurrency 1,200 of the limit 1,000: over by 200." in result.stdout
    # An average of 50 in flight: dozens of environments are busy above the 60% break-even.
    assert "Provisioned concurrency pays for itself: f0 " in result.stdout
    assert (
        "Warning: account: summed peak 1,200 > account limit 1,000: about 17% of peak requests throttled"
        in result.stdout
    )
    data = json.loads(runner.invoke(app, ["estimate", str(path), "-f", "json"]).stdout)
    assert {"name", "region", "currency", "free_tier_applied", "total", "functions"} <= set(data)
    assert data["capacity"]["account"]["peak_concurrency"] == pytest.approx(1200)


def test_schema_documents_the_new_fields(runner: CliRunner) -> None:
    import jsonschema

    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    fn = schema["$defs"]["Function"]["properties"]
    assert {"traffic", "reserved_concurrency"} <= set(fn)
    assert schema["properties"]["account_concurrency_limit"]["default"] == 1000
    traffic = schema["$defs"]["Traffic"]["properties"]
    assert traffic["hourly"]["minItems"] == traffic["hourly"]["maxItems"] == 24
    assert traffic["peak_factor"]["minimum"] == 1
    assert schema["$defs"]["Traffic"]["oneOf"] == [{"required": ["peak_factor"]}, {"required": ["hourly"]}]
    import yaml

    jsonschema.validate(yaml.safe_load((WORKLOADS / "checkout-traffic.yaml").read_text()), schema)


def test_capacity_module_is_pure() -> None:
    code = (
        "import sys, lambdacost.core.capacity; print(sorted(m for m in ('rich', 'typer', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


# ---------------------------------------------------------------- the numpy core against a scalar reference


def _reference(avg: float, weights: list[float] | None, peak_factor: float, limit: float) -> tuple[float, float, float]:
    """Peak, throttled share and daily new environments of one function alone, by plain Python."""
    if weights is None:
        peak = avg * peak_factor
        rises = max(min(math.ceil(peak - 1e-9), limit) - min(math.ceil(avg - 1e-9), limit), 0)
    else:
        mean = sum(weights) / 24
        hourly = [avg * w / mean for w in weights]
        peak = max(hourly)
        envs = [min(max(math.ceil(c - 1e-9), 0), limit) for c in hourly]
        rises = sum(max(envs[h] - envs[h - 1], 0) for h in range(24))
    throttled = 1 - limit / peak if peak > limit else 0.0
    return peak, throttled, rises


@settings(max_examples=60, deadline=None)
@given(
    rps=st.floats(min_value=0.01, max_value=2_000),
    duration_ms=st.integers(min_value=1, max_value=30_000),
    shape=st.one_of(
        st.floats(min_value=1, max_value=20).map(lambda f: ("peak", f)),
        st.lists(st.integers(min_value=0, max_value=50), min_size=24, max_size=24)
        .filter(any)
        .map(lambda w: ("hourly", w)),
    ),
    limit=st.integers(min_value=1, max_value=10_000),
)
def test_engine_matches_scalar_reference(
    lambda_prices: LambdaPriceTable, rps: float, duration_ms: int, shape: tuple[str, object], limit: int
) -> None:
    requests = rps * SECONDS_PER_MONTH
    fn = FunctionArrays(
        memory_mb=np.array([1024.0]),
        is_arm=np.array([False]),
        duration_ms=np.array([float(duration_ms)]),
        requests=np.array([requests]),
        init_duration_ms=np.array([500.0]),
    )
    kind, value = shape
    weights = value if kind == "hourly" else None
    traffic = capacity.TrafficArrays(
        hourly_weights=np.array([weights if weights is not None else [1.0] * 24], dtype=float),
        has_profile=np.array([weights is not None]),
        peak_factor=np.array([value if kind == "peak" else 1.0], dtype=float),
        reserved=np.array([np.nan]),
    )
    report = capacity.analyze(fn, traffic, lambda_prices.rates("us-east-1"), account_limit=limit)
    avg = rps * duration_ms / 1000
    peak, throttled, rises = _reference(avg, weights, value if kind == "peak" else 1.0, limit)  # type: ignore[arg-type]
    assert report.avg_concurrency[0] == pytest.approx(avg, rel=1e-9)
    assert report.peak_concurrency[0] == pytest.approx(peak, rel=1e-9)
    assert report.throttled_share[0] == pytest.approx(throttled, rel=1e-9, abs=1e-12)
    expected_starts = min(rises * 730 / 24, requests)
    assert report.cold_starts[0] == pytest.approx(expected_starts, rel=1e-6, abs=1e-6)
    assert report.scale_up_seconds[0] % 10 == 0
    assert 0 <= report.recommended_pc[0] <= limit
    assert report.costs.total.shape == (3, 1)


def test_shipped_workloads_analyze_without_warnings_from_numpy(lambda_prices: LambdaPriceTable) -> None:
    for path in SHIPPED:
        wl = loader.load_workload(path)
        report = plan_capacity.analyze_workload(wl, lambda_prices.rates(wl.region))
        assert np.all(np.isfinite(report.peak_concurrency))
        assert np.all((report.throttled_share >= 0) & (report.throttled_share <= 1))


def test_estimate_summary_names_the_functions_where_pc_saves(runner: CliRunner, write_file: WriteFile) -> None:
    # A flat 100 requests/s at 500 ms: 50 erlangs offered. With random arrivals 50 environments carry
    # 50 x (1 - B(50, 50)) = 50 x (1 - 0.1048) = 44.76 erlangs (tests/cli/test_capacity_coherent.py works B out):
    # 90% busy, above the 60% break-even.
    path = write_file("w.yaml", workload(fn_yaml("steady", "")))
    result = runner.invoke(app, ["estimate", str(path)], env={"COLUMNS": "200"})
    assert "Provisioned concurrency pays for itself: steady 50 (90% busy: saves $" in result.stdout
    path = write_file("w.yaml", workload(fn_yaml("sparse", "", rps=1.66)))  # 0.83 erlangs: 45% busy, under 60%
    result = runner.invoke(app, ["estimate", str(path)], env={"COLUMNS": "200"})
    assert "Provisioned concurrency would not pay for itself: with requests arriving at random" in result.stdout
