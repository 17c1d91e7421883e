"""``lambdacost compare``: expected costs and break-evens worked out by hand from the published rates.

Rates used (pricing/*.yaml, us-east-1): Lambda requests $0.20 per 1M; x86
duration $0.0000166667 per GB-s (first tier); free tier 1M requests and
400,000 GB-s. EC2 t3.small $0.0208/h (2 vCPU, 2 GiB, baseline 20%),
m7i.xlarge $0.2016/h. Fargate Linux/x86 $0.04048 per vCPU-h, $0.004445 per GB-h;
Arm $0.03238 and $0.00356. A month is 730 h = 2,628,000 s.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app
from lambdacost.io import tables

SECONDS_PER_MONTH = 730 * 3600
EXAMPLE_1 = ["--memory", "512MB", "--duration", "200ms", "--requests", "1M/month", "--no-free-tier"]


def run_json(runner, args):
    result = runner.invoke(app, ["compare", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def error_line(runner, args) -> str:
    result = runner.invoke(app, ["compare", *args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output
    return lines[0]


# ---------------------------------------------------------------- public example 1


def test_public_example_1_lambda_vs_t3_small(runner):
    out = run_json(runner, [*EXAMPLE_1, "--instance", "t3.small", "--vs", "ec2"])
    # 100,000 GB-s x $0.0000166667 + 1M x $0.20/1M
    lambda_cost = 1_000_000 * 0.5 * 0.2 * 0.0000166667 + 0.20
    assert out["lambda"]["monthly_cost"] == pytest.approx(lambda_cost, abs=1e-9)
    assert round(out["lambda"]["monthly_cost"], 2) == 1.87
    [ec2] = out["options"]
    assert (ec2["kind"], ec2["name"], ec2["count"]) == ("ec2", "t3.small", 1)
    assert ec2["monthly_cost"] == pytest.approx(730 * 0.0208)
    assert round(ec2["monthly_cost"], 2) == 15.18
    # Break-even: 15.184 = R x (0.2/1e6 + 0.5 GB x 0.2 s x 0.0000166667)
    per_request = 0.2 / 1e6 + 0.5 * 0.2 * 0.0000166667
    break_even = 730 * 0.0208 / per_request
    assert ec2["break_even_requests_per_month"] == pytest.approx(break_even, rel=1e-9)
    assert ec2["break_even_requests_per_month"] == pytest.approx(8.13e6, rel=1e-3)  # AWS's example: 8.13M
    assert ec2["break_even_rps"] == pytest.approx(break_even / SECONDS_PER_MONTH, rel=1e-9)
    assert ec2["break_even_rps"] == pytest.approx(3.1, abs=0.01)
    # One t3.small supplies its baseline 2 vCPU x 20% x 60% target utilisation = 0.24 vCPU;
    # a request takes 0.2 s x 512/1769 vCPU, so one instance carries 0.24 / (0.2 x 512/1769)
    # requests/s (4.15/s, 10.9M a month): the break-even, 3.1/s, is within the first step.
    assert ec2["usable_vcpus_per_unit"] == pytest.approx(2 * 0.2 * 0.6)
    one_instance = 2 * 0.2 * 0.6 / (0.2 * 512 / 1769) * SECONDS_PER_MONTH
    assert ec2["steps"] == [
        {
            "count": 1,
            "from_requests_per_month": 0.0,
            "to_requests_per_month": pytest.approx(one_instance, rel=1e-9),
            "monthly_cost": pytest.approx(730 * 0.0208),
        }
    ]
    assert out["assumptions"]["target_utilization"] == 0.6
    assert out["assumptions"]["free_tier_applied"] is False


def test_public_example_1_table_and_chart(runner):
    result = runner.invoke(app, ["compare", *EXAMPLE_1, "--instance", "t3.small", "--vs", "ec2"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "$1.87" in out and "$15.18" in out
    assert "8.13M/mo, 3.1/s" in out
    assert "Assumptions:" in out
    assert "break-even EC2 t3.small: 8.13M/month" in out  # the chart's legend
    assert "100M" in out and "10k" in out  # the chart's log-scale ticks, 1/100 to 100x of 1M
    no_chart = runner.invoke(app, ["compare", *EXAMPLE_1, "--instance", "t3.small", "--no-chart"])
    assert no_chart.exit_code == 0
    assert "break-even EC2" not in no_chart.stdout


# ---------------------------------------------------------------- fleet steps


def test_break_even_accounts_for_fleet_steps(runner):
    """1,024 MB (1024/1769 vCPU share), 1 s, free tier on, on t3.small.

    Each t3.small supplies 2 x 20% x 60% = 0.24 vCPU, i.e. 0.24 / (1024/1769)
    requests/s; it costs $15.184 a month. Lambda costs, with the free tier,
    0.0000166667 x (R x 1 GB-s - 400,000) + 0.2/1e6 x (R - 1M). At the end of
    step 1 and step 2 Lambda is still cheaper than 1 and 2 instances; in step 3
    (3 instances, $45.552) it crosses.
    """
    out = run_json(
        runner,
        ["--memory", "1024MB", "--duration", "1s", "--requests", "1M/month", "--instance", "t3.small", "--vs", "ec2"],
    )
    [ec2] = out["options"]
    per_instance = 0.24 / (1024 / 1769) * SECONDS_PER_MONTH  # requests a month one instance carries
    price = 730 * 0.0208

    # Lambda at the end of step 1 (per_instance = 1.09M requests of 1 GB-s): $11.51 < $15.18;
    # at the end of step 2: $29.89 < $30.37; at the end of step 3: $48.27 > $45.55. So the
    # crossing is in step 3, where Lambda's cost equals 3 instances':
    expected = (3 * price + 400_000 * 0.0000166667 + 1e6 * 0.2 / 1e6) / (0.0000166667 + 0.2 / 1e6)
    assert ec2["break_even_requests_per_month"] == pytest.approx(expected, rel=1e-9)
    assert ec2["steps"][1]["to_requests_per_month"] < ec2["break_even_requests_per_month"]
    assert ec2["break_even_requests_per_month"] <= ec2["steps"][2]["to_requests_per_month"]
    steps = [(s["count"], s["monthly_cost"]) for s in ec2["steps"]]
    assert steps == [(1, pytest.approx(price)), (2, pytest.approx(2 * price)), (3, pytest.approx(3 * price))]
    assert ec2["steps"][0]["to_requests_per_month"] == pytest.approx(per_instance)
    assert ec2["steps"][1]["to_requests_per_month"] == pytest.approx(2 * per_instance)
    assert ec2["steps"][2]["to_requests_per_month"] == pytest.approx(3 * per_instance)
    assert ec2["count"] == 1  # at the given 1M requests


def test_min_instances_sets_the_floor(runner):
    out = run_json(runner, [*EXAMPLE_1, "--instance", "t3.small", "--min-instances", "2"])
    ec2 = next(o for o in out["options"] if o["kind"] == "ec2")
    assert ec2["count"] == 2
    assert ec2["monthly_cost"] == pytest.approx(2 * 730 * 0.0208)
    per_request = 0.2 / 1e6 + 0.5 * 0.2 * 0.0000166667
    assert ec2["break_even_requests_per_month"] == pytest.approx(2 * 730 * 0.0208 / per_request, rel=1e-9)


def test_never_within_1000x(runner):
    # 128 MB, 10 ms: Lambda costs 0.2/1e6 + 0.125 x 0.01 x 0.0000166667 a request;
    # one m7i.xlarge ($147.17) matches it only at 666M requests, 6,665x 100k.
    args = [
        "--memory",
        "128MB",
        "--duration",
        "10ms",
        "--requests",
        "100k/month",
        "--no-free-tier",
        "--instance",
        "m7i.xlarge",
    ]
    out = run_json(runner, args)
    ec2 = next(o for o in out["options"] if o["kind"] == "ec2")
    per_request = 0.2 / 1e6 + 0.125 * 0.01 * 0.0000166667
    assert 730 * 0.2016 / per_request / 100_000 > 1000
    assert ec2["break_even_requests_per_month"] is None
    assert ec2["break_even_rps"] is None
    table = runner.invoke(app, ["compare", *args, "--no-chart"]).stdout
    assert "never to 1,000x" in table


def test_unlimited_mode_bills_surplus_credits(runner):
    # 0.6 requests/s of 1 s of CPU = 0.6 vCPU busy. Unlimited t3.small
    # supplies 2 x 0.6 = 1.2 vCPU; its baseline is 2 x 20% = 0.4 vCPU, so 0.2 vCPU
    # of surplus credits at $0.05 per vCPU-hour for 730 h.
    args = ["--memory", "512MB", "--duration", "1s", "--cpu-per-request", "1s", "--requests", "0.6/s"]
    out = run_json(runner, [*args, "--instance", "t3.small", "--unlimited"])
    ec2 = next(o for o in out["options"] if o["kind"] == "ec2")
    assert ec2["count"] == 1
    assert ec2["surplus_credit_vcpus"] == pytest.approx(0.2)
    assert ec2["monthly_cost"] == pytest.approx(730 * 0.0208 + 0.2 * 0.05 * 730)


# ---------------------------------------------------------------- catalogue and Fargate


def test_cheapest_type_and_runners_up(runner):
    out = run_json(runner, ["--memory", "512MB", "--duration", "200ms", "--requests", "1M/month"])
    ec2 = out["options"][0]
    # 1M requests need 0.022 vCPU and 39 MB: one of anything that holds a 512 MB
    # request in 60% of its memory, on the function's architecture (x86_64): the cheapest is
    # t3.micro at $0.0104/h (t4g.micro, $0.0084/h, is arm64), then t3.small $0.0208,
    # t3.medium $0.0416 and t3.large $0.0832 (c5.large is $0.085).
    assert (ec2["name"], ec2["count"]) == ("t3.micro", 1)
    assert ec2["monthly_cost"] == pytest.approx(730 * 0.0104)
    names = [o["name"] for o in out["runners_up"]]
    assert names == ["t3.small", "t3.medium", "t3.large"]
    costs = [ec2["monthly_cost"]] + [o["monthly_cost"] for o in out["runners_up"]]
    assert costs == sorted(costs)


def test_fargate_smallest_task_that_holds_a_request(runner):
    # 512 MB is 0.289 vCPU: 0.25 vCPU is too small, so 0.5 vCPU; 512 MB within
    # 60% of 1 GB (614 MB): 0.5 vCPU with 1 GB, Linux/x86.
    out = run_json(runner, [*EXAMPLE_1, "--vs", "fargate"])
    [task] = out["options"]
    assert (task["kind"], task["name"], task["count"]) == ("fargate", "0.5 vCPU, 1 GB", 1)
    assert task["monthly_cost"] == pytest.approx(730 * (0.5 * 0.04048 + 1 * 0.004445))
    per_request = 0.2 / 1e6 + 0.5 * 0.2 * 0.0000166667
    assert task["break_even_requests_per_month"] == pytest.approx(task["monthly_cost"] / per_request, rel=1e-9)


def test_workload_file_all_functions_as_one_service_on_arm(runner, write_file):
    path = write_file(
        "api.yaml",
        "name: api\nfree_tier: false\nfunctions:\n"
        "  - {name: a, memory: 1024MB, architecture: arm64, duration: 100ms, requests: 2M/month}\n"
        "  - {name: b, memory: 512MB, architecture: arm64, duration: 50ms, requests: 1M/month}\n",
    )
    out = run_json(runner, [str(path), "--vs", "fargate"])
    # Lambda arm64: 2M x 0.1 s x 1 GB + 1M x 0.05 s x 0.5 GB = 225,000 GB-s x $0.0000133334 + 3M x 0.2/1e6
    assert out["lambda"]["monthly_cost"] == pytest.approx(225_000 * 0.0000133334 + 0.6)
    [task] = out["options"]
    # The largest request: 1,024 MB = 0.579 vCPU -> 1 vCPU; 1,024 MB within 60% of 2 GB. Arm rates.
    assert task["name"] == "1 vCPU, 2 GB" and task["architecture"] == "arm64"
    assert task["monthly_cost"] == pytest.approx(730 * (0.03238 + 2 * 0.00356))
    assert out["assumptions"]["requests_per_month"] == 3_000_000
    picked = run_json(runner, [str(path), "--vs", "fargate", "--function", "b"])
    assert picked["lambda"]["monthly_cost"] == pytest.approx(25_000 * 0.0000133334 + 0.2)
    assert picked["options"][0]["name"] == "0.5 vCPU, 1 GB"


def test_cpu_per_request_overrides_the_share(runner):
    # 35 ms of CPU per request at 100 requests/s = 3.5 vCPU; a t3.small supplies 0.24 -> 15 instances.
    out = run_json(
        runner,
        [
            "--memory",
            "512MB",
            "--duration",
            "200ms",
            "--requests",
            "100/s",
            "--instance",
            "t3.small",
            "--cpu-per-request",
            "35ms",
        ],
    )
    ec2 = next(o for o in out["options"] if o["kind"] == "ec2")
    assert ec2["count"] == math.ceil(100 * 0.035 / 0.24)
    assert out["assumptions"]["vcpus_needed"] == pytest.approx(3.5)


# ---------------------------------------------------------------- discounts


def test_compute_savings_plan(runner):
    out = run_json(runner, [*EXAMPLE_1, "--instance", "t3.small", "--plan", "compute-savings-plan"])
    # Lambda: 17% off duration only; EC2 66% off; Fargate 50% off.
    assert out["lambda"]["monthly_cost"] == pytest.approx(100_000 * 0.0000166667 * (1 - 0.17) + 0.2)
    assert out["lambda"]["discount"] == 0.17
    ec2, task, lmi = out["options"]  # --vs all: EC2, Fargate and Managed Instances
    assert ec2["monthly_cost"] == pytest.approx(730 * 0.0208 * (1 - 0.66))
    assert lmi["kind"] == "lmi" and lmi["unit_monthly_cost"] == pytest.approx(
        lmi["unit_on_demand_monthly_cost"] * (1 - 0.66 + 0.15)
    )
    assert task["monthly_cost"] == pytest.approx(730 * (0.5 * 0.04048 + 0.004445) * (1 - 0.50))
    services = {d["service"]: d for d in out["assumptions"]["discounts"]}
    assert set(services) == {"lambda", "ec2", "fargate"}
    assert "not requests" in services["lambda"]["applies_to"]


def test_discount_flag_overrides_the_plan(runner):
    out = run_json(
        runner, [*EXAMPLE_1, "--instance", "t3.small", "--vs", "ec2", "--plan", "ec2-spot", "--discount", "ec2=30%"]
    )
    assert out["options"][0]["monthly_cost"] == pytest.approx(730 * 0.0208 * 0.7)
    assert out["lambda"]["monthly_cost"] == pytest.approx(1.66667 + 0.2)
    [d] = out["assumptions"]["discounts"]
    assert (d["service"], d["fraction"], d["source"]) == ("ec2", 0.3, "--discount")


def test_no_discount_by_default(runner):
    out = run_json(runner, EXAMPLE_1)
    assert out["assumptions"]["discounts"] == []
    table = runner.invoke(app, ["compare", *EXAMPLE_1, "--no-chart"]).stdout
    assert "No discounts applied" in table


# ---------------------------------------------------------------- formats


def test_markdown(runner):
    result = runner.invoke(
        app, ["compare", *EXAMPLE_1, "--instance", "t3.small", "--vs", "ec2", "--format", "markdown"]
    )
    assert result.exit_code == 0
    assert "| Option | Fleet | Monthly | Per 1M | Break-even |" in result.stdout
    assert "| EC2 t3.small (2 vCPU, 2 GiB, x86_64) | 1 instance | $15.18 | $15.18 | 8.13M/mo, 3.1/s |" in result.stdout


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<svg")])
def test_plot_writes_an_image(runner, tmp_path, suffix, magic):
    pytest.importorskip("matplotlib")
    path = tmp_path / f"chart{suffix}"
    result = runner.invoke(
        app, ["compare", *EXAMPLE_1, "--instance", "t3.small", "--format", "json", "--plot", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert magic in path.read_bytes()[:400]


def test_plot_without_matplotlib_says_how_to_install(runner, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    line = error_line(runner, [*EXAMPLE_1, "--plot", str(tmp_path / "c.png")])
    assert line.startswith("Error: --plot: ") and "pip install 'lambdacost[plot]'" in line
    assert not (tmp_path / "c.png").exists()


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "args, start, contains",
    [
        ([], "Error: WORKLOAD: ", "--memory, --duration and --requests"),
        (["--memory", "512MB", "--duration", "200ms"], "Error: --requests: ", "also give --requests"),
        ([*EXAMPLE_1, "--instance", "t9.huge"], "Error: --instance: ", "not in the EC2 catalogue"),
        (
            # r5.8xlarge, the largest type, has 256 GiB: 1% of it (2.56 GiB) holds no 10 GB request.
            ["--memory", "10GB", "--duration", "1s", "--requests", "1M", "--vs", "ec2", "--target-utilization", "0.01"],
            "Error: --vs: ",
            "no x86_64 EC2 type",
        ),
        (
            ["--memory", "4GB", "--duration", "1s", "--requests", "1M", "--instance", "t3.small"],
            "Error: --instance: ",
            "cannot hold one request",
        ),
        (["--memory", "512MB", "--duration", "200ms", "--requests", "-5/s"], "Error: --requests: ", "negative"),
        (["--memory", "512MB", "--duration", "200ms", "--requests", "0"], "Error: --requests: ", "0 requests"),
        (["--memory", "64MB", "--duration", "200ms", "--requests", "1M"], "Error: --memory: ", "out of range"),
        ([*EXAMPLE_1, "--region", "sa-east-1"], "Error: --region: ", "no EC2 prices for region 'sa-east-1'"),
        ([*EXAMPLE_1, "--region", "mars-1"], "Error: --region: ", "unknown region"),
        ([*EXAMPLE_1, "--discount", "s3=0.1"], "Error: --discount: ", "SERVICE=FRACTION"),
        ([*EXAMPLE_1, "--discount", "ec2=1.5"], "Error: --discount: ", "outside"),
        ([*EXAMPLE_1, "--plan", "gold"], "Error: --plan: ", "unknown plan"),
        ([*EXAMPLE_1, "--plot", "chart.pdf"], "Error: --plot: ", ".png or .svg"),
        ([*EXAMPLE_1, "--target-utilization", "0"], "Error: --target-utilization: ", "must be more than 0"),
        ([*EXAMPLE_1, "--cpu-per-request", "fast"], "Error: --cpu-per-request: ", "not a duration"),
        ([*EXAMPLE_1, "--function", "x"], "Error: --function: ", "workload file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(runner, args, start, contains):
    line = error_line(runner, args)
    assert line.startswith(start), line
    assert contains in line, line


def test_workload_and_flags_together(runner):
    line = error_line(runner, ["workloads/rest-api.yaml", "--memory", "512MB"])
    assert "not both" in line


def test_unknown_function(runner):
    line = error_line(runner, ["workloads/rest-api.yaml", "--function", "nope"])
    assert "--function: no function named 'nope'" in line and "get-order" in line


def test_click_usage_errors_exit_2(runner):
    assert runner.invoke(app, ["compare", *EXAMPLE_1, "--vs", "lightsail"]).exit_code == 2
    assert runner.invoke(app, ["compare", *EXAMPLE_1, "--min-instances", "0"]).exit_code == 2


def test_help(runner):
    result = runner.invoke(app, ["compare", "--help"])
    assert result.exit_code == 0
    assert "--cpu-per-request" in result.stdout and "--plot" in result.stdout


def test_compute_module_is_pure():
    code = (
        "import sys, lambdacost.core.compare; "
        "bad = {'typer', 'rich', 'yaml', 'plotext', 'matplotlib'} & set(sys.modules); "
        "print(sorted(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_region_without_server_prices_names_where_the_region_came_from(runner: CliRunner, write_file: Any) -> None:
    path = write_file(
        "w.yaml",
        "name: x\nregion: sa-east-1\nfunctions:\n  - {name: a, memory: 512MB, duration: 100ms, requests: 1M}\n",
    )
    result = runner.invoke(app, ["compare", str(path)])
    assert result.exit_code == 2
    known = ", ".join(sorted(tables.ec2_prices().regions))
    assert "us-west-2" in known and "sa-east-1" not in known
    assert result.stderr.strip() == (
        f"Error: {path}: region: no EC2 prices for region 'sa-east-1'; regions with EC2 prices: {known}"
    )
    result = runner.invoke(app, ["compare", str(path), "--region", "me-central-1"])
    assert result.stderr.strip().startswith("Error: --region: no EC2 prices for region 'me-central-1'")


def test_a_throttled_workload_is_compared_at_its_full_load(runner: CliRunner, write_file: Any) -> None:
    """30M requests of 1 s at 1 GB on a reservation of 5: 5 x 2,628,000 s / 1 s = 13,140,000 served,
    16,860,000 (56.2%) throttled, which `estimate` does not bill. The fleets serve every request, so
    Lambda is priced for all of them too (no free tier): 30M x $0.20/1M + 30M GB-s x $0.0000166667 =
    $6.00 + $500.001 = $506.001, and the assumptions say what `estimate` leaves out."""
    path = write_file(
        "w.yaml",
        "name: t\nfree_tier: false\nfunctions:\n"
        "  - {name: api, memory: 1GB, duration: 1s, requests: 30M, reserved_concurrency: 5}\n",
    )
    data = run_json(runner, [str(path), "--vs", "fargate"])
    assert data["lambda"]["monthly_cost"] == pytest.approx(30e6 * 0.20 / 1e6 + 30e6 * 0.0000166667)
    assert data["assumptions"]["throttled_functions"] == [
        {
            "name": "api",
            "throttled_requests": pytest.approx(30e6 - 5 * SECONDS_PER_MONTH),
            "throttled_share": pytest.approx(0.562),
        }
    ]
    assert "estimate" in data["assumptions"]["full_load"]
    text = runner.invoke(app, ["compare", str(path), "--vs", "fargate", "--no-chart"]).stdout
    assert "throttle api 16,860,000 a month (56.2%)" in " ".join(text.split())
    plain = run_json(runner, [*EXAMPLE_1, "--vs", "fargate"])["assumptions"]
    assert plain["throttled_functions"] == [] and plain["full_load"] is None
