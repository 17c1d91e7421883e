"""``lambdacost decide``: the guide's bands, the hard limits, costs worked out by hand, errors.

Every expected cost below is written out from the published rates
(shared/reference/pricing-facts.md), never copied from the program's output.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lambdacost.cli.app import app
from lambdacost.core.decide import SERVICES, DecideRates, Job, decide
from lambdacost.io import loader, tables
from lambdacost.plan.decide import decide_rates

# Published rates, us-east-1 (pricing-facts.md).
LAMBDA_GB_S_X86 = 0.0000166667
LAMBDA_REQUEST = 0.0000002
FARGATE_VCPU_H_X86 = 0.04048
FARGATE_GB_H_X86 = 0.004445
FARGATE_STORAGE_GB_S = 0.0000000308
STEP_TRANSITION = 0.025 / 1000
DURABLE_OPERATION = 8.00 / 1_000_000
C5_LARGE_HOURLY = 0.085  # 2 vCPU, 4 GiB: the cheapest non-burstable x86_64 type with 1 vCPU and 2 GiB
C6G_LARGE_HOURLY = 0.068  # 2 vCPU, 4 GiB arm64
R5_LARGE_HOURLY = 0.126  # 2 vCPU, 16 GiB x86_64
SPOT_DISCOUNT = 0.70
EKS_CLUSTER_HOUR = 0.10


@pytest.fixture(scope="module")
def rates() -> DecideRates:
    return decide_rates(
        "us-east-1",
        tables.lambda_prices(),
        tables.fargate_prices(),
        tables.ec2_prices(),
        tables.discounts(),
        tables.services_prices(),
    )


def run_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["decide", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr + result.stdout
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def option(data: dict[str, Any], service: str) -> dict[str, Any]:
    return next(o for o in data["options"] if o["service"] == service)


# ---------------------------------------------------------------- the guide's bands


def test_under_15_minutes_is_lambda(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "10m")
    assert data["recommendation"] == "lambda"
    assert option(data, "lambda")["feasible"] is True


def test_15_to_30_minutes_chunkable_is_step_functions(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "20m")
    assert data["recommendation"] == "step-functions"
    lam = option(data, "lambda")
    assert lam["feasible"] is False
    assert lam["cost_per_run"] is None and lam["monthly_cost"] is None
    assert any("15-minute timeout" in r for r in lam["reasons"])
    assert data["chunking"] is not None and "get_remaining_time_in_millis" in data["chunking"]


def test_15_to_30_minutes_not_chunkable_is_fargate(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "20m", "--no-chunkable")
    assert data["recommendation"] == "fargate"
    assert "Fargate rather than Batch: no cluster or queue to run (lower operational complexity)" in data["why"]
    # 1 vCPU and 2 GB (the defaults) for 1,200 s, once a month.
    fargate = 1200 * (1 * FARGATE_VCPU_H_X86 + 2 * FARGATE_GB_H_X86) / 3600
    assert option(data, "fargate")["monthly_cost"] == pytest.approx(fargate, rel=1e-12)
    for service in ("step-functions", "lambda-durable"):
        opt = option(data, service)
        assert opt["feasible"] is False
        assert any("cannot be split" in r for r in opt["reasons"])
    assert data["chunking"] is None


def test_not_chunkable_and_too_big_for_fargate_is_batch(runner: CliRunner) -> None:
    # 300 GB of storage: over Fargate's 200 GB, so the guide's second choice, AWS Batch on Spot.
    data = run_json(runner, "--duration", "20m", "--no-chunkable", "--storage", "300GB")
    assert option(data, "fargate")["feasible"] is False
    assert data["recommendation"] == "batch-spot"
    assert "next choice that fits: batch-spot" in data["why"]
    assert option(data, "batch-spot")["monthly_cost"] == pytest.approx(
        C5_LARGE_HOURLY * (1 - SPOT_DISCOUNT) * 20 / 60, rel=1e-12
    )


def test_over_30_minutes_is_fargate(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "40m")
    assert data["recommendation"] == "fargate"
    assert option(data, "fargate")["monthly_cost"] == pytest.approx(
        2400 * (1 * FARGATE_VCPU_H_X86 + 2 * FARGATE_GB_H_X86) / 3600, rel=1e-12
    )
    assert option(data, "lambda")["feasible"] is False
    # Chunkable work still fits Step Functions: 40 min in 4 steps of 10 min.
    assert option(data, "step-functions")["feasible"] is True


def test_continuous_is_ecs(runner: CliRunner) -> None:
    data = run_json(runner, "--continuous")
    assert data["recommendation"] == "ecs"
    assert "ECS rather than EKS: no control plane fee, no Kubernetes to run" in data["why"]
    for service in ("lambda", "step-functions", "lambda-durable", "batch-spot"):
        assert option(data, service)["feasible"] is False, service
    assert any("all the time" in r for r in option(data, "lambda")["reasons"])


def test_short_job_with_16gb_is_not_lambda(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "5m", "--memory", "16GB")
    assert data["recommendation"] != "lambda"
    assert data["recommendation"] == "fargate"
    lam = option(data, "lambda")
    assert lam["feasible"] is False
    assert lam["monthly_cost"] is None
    assert "memory 16 GB is over Lambda's 10,240 MB limit" in lam["reasons"]
    # The Lambda-based options share the limit.
    assert "memory 16 GB is over Lambda's 10,240 MB limit" in option(data, "step-functions")["reasons"]
    assert any("lambda does not fit" in w for w in data["why"])
    # Fargate: the smallest valid size with 1 vCPU and 16 GB is 2 vCPU, 16 GB.
    assert option(data, "fargate")["setup"] == "2 vCPU, 16 GB"


def test_more_than_6_vcpus_is_not_lambda(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "5m", "--vcpus", "8", "--memory", "8GB")
    lam = option(data, "lambda")
    assert lam["feasible"] is False
    assert any("at most 6" in r for r in lam["reasons"])


def test_tmp_over_10240_mb_is_not_lambda(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "5m", "--storage", "20GB")
    lam = option(data, "lambda")
    assert lam["feasible"] is False
    assert any("/tmp is at most 10,240 MB" in r for r in lam["reasons"])
    assert option(data, "fargate")["feasible"] is True  # 20 GB is included with a task


def test_gpu_only_ec2_based_options_fit_and_are_not_priced(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "2h", "--gpu")
    for service in ("lambda", "step-functions", "lambda-durable", "fargate", "fargate-spot"):
        opt = option(data, service)
        assert opt["feasible"] is False, service
        assert any("GPU" in r for r in opt["reasons"]), service
    for service in ("batch-spot", "ecs", "eks", "ec2"):
        opt = option(data, service)
        assert opt["feasible"] is True and opt["priced"] is False, service
        assert opt["monthly_cost"] is None and opt["cost_per_run"] is None
        assert any("not priced" in r for r in opt["reasons"]), service
    assert data["recommendation"] == "batch-spot"


# ---------------------------------------------------------------- costs by hand


def test_fargate_public_example_4(runner: CliRunner) -> None:
    """AWS's Fargate example 1: 150 runs of 10 min, 1 vCPU, 2 GB, 30 GB storage (10 GB billable): $1.26."""
    data = run_json(
        runner, "--duration", "10m", "--vcpus", "1", "--memory", "2GB", "--runs", "150/month", "--storage", "30GB"
    )
    vcpu = 150 * 600 * 1 * FARGATE_VCPU_H_X86 / 3600  # $1.0120
    memory = 150 * 600 * 2 * FARGATE_GB_H_X86 / 3600  # $0.2223
    storage = 150 * 600 * 10 * FARGATE_STORAGE_GB_S  # $0.0277
    fargate = option(data, "fargate")
    assert fargate["monthly_cost"] == pytest.approx(vcpu + memory + storage, rel=1e-12)
    assert round(fargate["monthly_cost"], 2) == 1.26
    assert round(vcpu, 2) == 1.01 and round(memory, 2) == 0.22 and round(storage, 2) == 0.03
    assert fargate["cost_per_run"] == pytest.approx((vcpu + memory + storage) / 150, rel=1e-12)
    assert fargate["setup"] == "1 vCPU, 2 GB"
    spot = option(data, "fargate-spot")
    assert spot["monthly_cost"] == pytest.approx((vcpu + memory + storage) * (1 - SPOT_DISCOUNT), rel=1e-12)

    table = runner.invoke(
        app,
        ["decide", "--duration", "10m", "--vcpus", "1", "--memory", "2GB", "--runs", "150/month", "--storage", "30GB"],
    )
    assert table.exit_code == 0
    assert "$1.26" in table.stdout


def test_lambda_cost_of_a_10_minute_job(runner: CliRunner) -> None:
    """10 min, 2 GB, x86_64, 30 runs a month, no free tier."""
    data = run_json(runner, "--duration", "10m", "--memory", "2GB", "--runs", "30")
    requests = 30 * LAMBDA_REQUEST  # $0.000006
    duration = 30 * 600 * 2 * LAMBDA_GB_S_X86  # 36,000 GB-s: $0.6000012
    lam = option(data, "lambda")
    assert lam["monthly_cost"] == pytest.approx(requests + duration, rel=1e-12)
    assert lam["cost_per_run"] == pytest.approx((requests + duration) / 30, rel=1e-12)
    assert data["free_tier_applied"] is False


def test_step_functions_and_durable_costs_of_a_40_minute_job(runner: CliRunner) -> None:
    """40 min, 2 GB, 30 runs: 4 Lambda steps of 10 min each run."""
    data = run_json(runner, "--duration", "40m", "--runs", "30")
    compute = 30 * 4 * LAMBDA_REQUEST + 30 * 2400 * 2 * LAMBDA_GB_S_X86  # 120 requests, 144,000 GB-s
    transitions = 30 * 4 * STEP_TRANSITION  # one transition per step, no free transitions
    sfn = option(data, "step-functions")
    assert sfn["monthly_cost"] == pytest.approx(compute + transitions, rel=1e-12)
    assert sfn["setup"].startswith("4 x 10 min")

    operations = 30 * 5 * DURABLE_OPERATION  # start + 4 checkpoints per run
    written_gb = 30 * 5 * 64 / 1024 / 1024  # 64 KB per operation
    retained = written_gb * ((2400 / 86400 + 14) * 24 / 730) * 0.15  # kept while it runs and 14 days after
    durable = option(data, "lambda-durable")
    assert durable["monthly_cost"] == pytest.approx(compute + operations + written_gb * 0.25 + retained, rel=1e-12)


def test_ec2_based_costs_of_a_40_minute_job(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "40m", "--runs", "10")
    assert option(data, "batch-spot")["monthly_cost"] == pytest.approx(
        10 * C5_LARGE_HOURLY * (1 - SPOT_DISCOUNT) * 40 / 60, rel=1e-12
    )
    assert option(data, "ec2")["monthly_cost"] == pytest.approx(10 * C5_LARGE_HOURLY * 40 / 60, rel=1e-12)
    assert option(data, "ecs")["monthly_cost"] == pytest.approx(730 * C5_LARGE_HOURLY, rel=1e-12)
    assert option(data, "eks")["monthly_cost"] == pytest.approx(
        730 * C5_LARGE_HOURLY + 730 * EKS_CLUSTER_HOUR, rel=1e-12
    )


def test_continuous_costs_a_month_of_730_hours(runner: CliRunner) -> None:
    data = run_json(runner, "--continuous")
    assert option(data, "ecs")["monthly_cost"] == pytest.approx(730 * C5_LARGE_HOURLY)  # $62.05
    assert option(data, "eks")["monthly_cost"] == pytest.approx(730 * (C5_LARGE_HOURLY + EKS_CLUSTER_HOUR))  # $135.05
    assert option(data, "ec2")["monthly_cost"] == pytest.approx(730 * C5_LARGE_HOURLY)
    fargate = 730 * (FARGATE_VCPU_H_X86 + 2 * FARGATE_GB_H_X86)
    assert option(data, "fargate")["monthly_cost"] == pytest.approx(fargate, rel=1e-12)


def test_arm64_picks_arm_instances_and_rates(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "1h", "--architecture", "arm64")
    assert option(data, "batch-spot")["setup"] == "c6g.large Spot"
    assert option(data, "batch-spot")["monthly_cost"] == pytest.approx(
        C6G_LARGE_HOURLY * (1 - SPOT_DISCOUNT), rel=1e-12
    )
    assert option(data, "fargate")["monthly_cost"] == pytest.approx(0.03238 + 2 * 0.00356, rel=1e-12)


def test_big_memory_picks_a_memory_instance(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "1h", "--memory", "16GB")
    assert option(data, "ec2")["setup"] == "r5.large"
    assert option(data, "ec2")["monthly_cost"] == pytest.approx(R5_LARGE_HOURLY, rel=1e-12)


def test_fargate_bills_at_least_a_minute(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "30s")
    assert option(data, "fargate")["cost_per_run"] == pytest.approx(
        60 * (FARGATE_VCPU_H_X86 + 2 * FARGATE_GB_H_X86) / 3600
    )
    # Lambda bills the 30 s it runs.
    assert option(data, "lambda")["cost_per_run"] == pytest.approx(LAMBDA_REQUEST + 30 * 2 * LAMBDA_GB_S_X86)


def test_lambda_memory_follows_the_vcpus_asked_for(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "5m", "--vcpus", "2", "--memory", "1GB")
    assert data["job"]["lambda_memory_mb"] == 2 * 1769
    assert option(data, "lambda")["cost_per_run"] == pytest.approx(
        LAMBDA_REQUEST + 300 * (3538 / 1024) * LAMBDA_GB_S_X86
    )


def test_cheaper_option_is_pointed_out(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "40m")
    rec = option(data, data["recommendation"])["monthly_cost"]
    cheaper = {c["service"]: c for c in data["cheaper_alternatives"]}
    assert "fargate-spot" in cheaper and "batch-spot" in cheaper
    for c in cheaper.values():
        assert c["monthly_cost"] <= 0.7 * rec
        assert c["saving"] == pytest.approx(1 - c["monthly_cost"] / rec)
    table = runner.invoke(app, ["decide", "--duration", "40m"], env={"COLUMNS": "200"})
    assert "fargate-spot is 70% cheaper" in table.stdout


# ---------------------------------------------------------------- output formats


def test_json_contract(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "40m")
    assert data["recommendation"] in SERVICES
    assert [o["service"] for o in data["options"]] == list(SERVICES)
    for o in data["options"]:
        assert {"service", "feasible", "reasons", "cost_per_run", "monthly_cost"} <= set(o)
        assert isinstance(o["reasons"], list) and o["reasons"]
        if not o["feasible"]:
            assert o["cost_per_run"] is None and o["monthly_cost"] is None
    assert sum(o["recommended"] for o in data["options"]) == 1


def test_table_highlights_the_recommendation(runner: CliRunner) -> None:
    result = runner.invoke(app, ["decide", "--duration", "40m"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "> fargate" in result.stdout
    assert "Recommendation: Fargate (fargate)" in result.stdout
    assert "Why each option fits or not" in result.stdout


def test_markdown(runner: CliRunner) -> None:
    result = runner.invoke(app, ["decide", "--duration", "20m", "--format", "markdown"])
    assert result.exit_code == 0
    assert "| Option | Fits | Per run | Per month | Complexity | Max run | Why |" in result.stdout
    assert "**Step Functions + Lambda** (recommended)" in result.stdout
    assert "How to chunk" in result.stdout


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["--duration", "0"], "Error: --duration: "),
        (["--duration", "abc"], "Error: --duration: "),
        (["--duration", "-5m"], "Error: --duration: "),
        (["--duration", "10m", "--runs", "-5"], "Error: --runs: "),
        (["--duration", "10m", "--runs", "0"], "Error: --runs: "),
        (["--duration", "10m", "--vcpus", "0"], "Error: --vcpus: "),
        (["--duration", "10m", "--memory", "lots"], "Error: --memory: "),
        (["--duration", "10m", "--storage", "-1GB"], "Error: --storage: "),
        (["--duration", "10m", "--region", "xx-nowhere-1"], "Error: --region: "),
        ([], "Error: --duration: "),
    ],
)
def test_bad_input_is_one_line_and_exit_2(runner: CliRunner, args: list[str], start: str) -> None:
    result = runner.invoke(app, ["decide", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(start)


def test_help(runner: CliRunner) -> None:
    result = runner.invoke(app, ["decide", "--help"])
    assert result.exit_code == 0
    assert "--no-chunkable" in result.stdout


# ---------------------------------------------------------------- the pure module


def test_decide_module_is_pure() -> None:
    code = (
        "import sys, lambdacost.core.decide, lambdacost.schema.prices; "
        "bad = [m for m in ('typer', 'rich', 'yaml') if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@settings(max_examples=60, deadline=None)
@given(
    minutes=st.floats(min_value=0.1, max_value=600, allow_nan=False),
    memory_mb=st.integers(min_value=128, max_value=20_480),
    chunkable=st.booleans(),
    runs=st.integers(min_value=1, max_value=10_000),
)
def test_guide_and_limits_hold_for_any_job(
    rates: DecideRates, minutes: float, memory_mb: int, chunkable: bool, runs: int
) -> None:
    job = Job(duration_s=minutes * 60, memory_mb=float(memory_mb), chunkable=chunkable, runs_per_month=float(runs))
    d = decide(job, rates)
    lam = d.option("lambda")
    lambda_fits = minutes * 60 < 900 and memory_mb <= 10_240
    assert lam.feasible == lambda_fits
    # The guide by duration; a Lambda-based choice that does not fit falls back to
    # Fargate, which fits every job here (1 vCPU and up to 20 GB: at most 4 vCPU, 30 GB).
    if lambda_fits:
        expected = "lambda"
    elif minutes * 60 < 900 and memory_mb > 10_240:
        expected = "fargate"
    elif minutes <= 30 and chunkable and memory_mb <= 10_240:
        expected = "step-functions"
    else:
        expected = "fargate"
    assert d.recommendation == expected
    if lambda_fits:
        # No free tier: a request and the GB-s of each run (rounded up to the ms), by hand.
        billed_s = math.ceil(minutes * 60_000 - 1e-7) / 1000
        per_run = LAMBDA_REQUEST + billed_s * memory_mb / 1024 * LAMBDA_GB_S_X86
        assert lam.cost_per_run == pytest.approx(per_run, rel=1e-9)
        assert lam.monthly_cost == pytest.approx(runs * per_run, rel=1e-9)
    # Fargate: per second with a 1-minute minimum, the smallest size with 1 vCPU and the memory.
    fargate = d.option("fargate")
    assert fargate.cost_per_run is not None
    gb = float(fargate.setup.split(", ")[1].removesuffix(" GB"))
    assert gb >= memory_mb / 1024
    vcpu = float(fargate.setup.split(" vCPU")[0])
    per_second = (vcpu * FARGATE_VCPU_H_X86 + gb * FARGATE_GB_H_X86) / 3600
    assert fargate.cost_per_run == pytest.approx(max(minutes * 60, 60) * per_second, rel=1e-9)
    for o in d.options:
        if o.monthly_cost is not None:
            assert o.feasible and o.monthly_cost > 0 and math.isfinite(o.monthly_cost)
            assert o.cost_per_run == pytest.approx(o.monthly_cost / runs)


@pytest.mark.parametrize(("text", "seconds"), [("90s", 90), ("40m", 2400), ("2h", 7200), ("1h30m", 5400)])
def test_duration_forms(runner: CliRunner, text: str, seconds: float) -> None:
    assert run_json(runner, "--duration", text)["job"]["duration_s"] == seconds


def test_runs_per_day(runner: CliRunner) -> None:
    data = run_json(runner, "--duration", "10m", "--runs", "5/day")
    assert data["job"]["runs_per_month"] == pytest.approx(5 * 730 / 24)  # a month is 730 hours


def test_region_without_container_prices_prices_what_it_can(runner: CliRunner) -> None:
    # me-central-1 has Lambda prices only (first-tier duration $0.0000206667 per GB-s, requests $0.20 per 1M).
    data = run_json(runner, "--duration", "10m", "--region", "me-central-1")
    assert option(data, "lambda")["monthly_cost"] == pytest.approx(LAMBDA_REQUEST + 600 * 2 * 0.0000206667)
    fargate = option(data, "fargate")
    assert fargate["feasible"] is True and fargate["priced"] is False and fargate["monthly_cost"] is None
    assert "no Fargate prices for me-central-1" in data["pricing"]["not_priced"]


def test_services_table_is_validated(tmp_path: Any) -> None:
    from lambdacost.errors import PricingError

    table = tables.services_prices()
    assert table.source and table.regions["us-east-1"].step_functions.standard_state_transition == 0.025 / 1000
    text = (loader.data_dir("pricing") / "services.yaml").read_text(encoding="utf-8")
    (tmp_path / "services.yaml").write_text(text.replace("gb_written:", "gb_writen:"), encoding="utf-8")
    with pytest.raises(
        PricingError, match=r"lambda_durable.gb_writen .*unknown key .gb_writen.; did you mean .gb_written.\?"
    ):
        tables.services_prices(tmp_path)


def test_terms_quoted_in_the_reasons_come_from_the_price_tables(rates: DecideRates) -> None:
    # A Fargate table with 30 GB included and a 2-minute minimum, 5,000 free transitions
    # and a confirmed EKS fee of $0.20: the texts and the prices follow the tables.
    changed = replace(
        rates,
        fargate_included_storage_gb=30.0,
        fargate_minimum_seconds=120.0,
        step_free_transitions=5_000.0,
        eks_cluster_hour=0.20,
        eks_unconfirmed=False,
    )
    d = decide(Job(duration_s=30.0, storage_mb=40 * 1024), changed)
    fargate = d.option("fargate")
    assert "billed per second, 2-minute minimum" in fargate.reasons
    # 10 GB over the 30 included, billed for the 120 s minimum.
    assert fargate.line_items["Storage over 30 GB"] == pytest.approx(10 * 120 * FARGATE_STORAGE_GB_S)
    small = decide(Job(duration_s=30.0), changed)
    assert any("the 5,000 free a month not applied" in r for r in small.option("step-functions").reasons)
    assert "plus the EKS control plane, $0.20 per cluster-hour" in d.option("eks").reasons
    assert d.option("eks").line_items["EKS control plane"] == pytest.approx(730 * 0.20)
    default = decide(Job(duration_s=30.0), rates)
    assert "plus the EKS control plane, $0.10 per cluster-hour (unconfirmed rate)" in default.option("eks").reasons
