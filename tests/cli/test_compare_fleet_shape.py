"""``compare``: the fleet is sized for the peak hour, follows the functions' architecture, and the
headline EC2 type is the cheapest at the load, with the type that breaks even when it never does.

Rates (pricing/*.yaml, us-east-1): EC2 c5.large $0.085/h (2 vCPU, 4 GiB, x86_64); t3.small
$0.0208/h (2 vCPU, 2 GiB, baseline 20%); m6g.large $0.077/h; unlimited surplus credits $0.05 per
vCPU-hour. Fargate Linux/x86 $0.04048 per vCPU-h and $0.004445 per GB-h; Linux/Arm $0.03238 and
$0.00356. A month is 730 h = 2,628,000 s.
"""

from __future__ import annotations

import json
import math

import pytest

from lambdacost.cli.app import app

SECONDS_PER_MONTH = 730 * 3600


def run_json(runner, args):
    result = runner.invoke(app, ["compare", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _workload(write_file, traffic: str, requests: int = 583_416_000, duration: str = "100ms"):
    # By default 222 requests/s (583,416,000 / 2,628,000) of 128 MB, 100 ms each.
    return write_file(
        "api.yaml",
        "name: api\nfree_tier: false\nfunctions:\n"
        f"  - {{name: a, memory: 128MB, duration: {duration}, requests: {requests}{traffic}}}\n",
    )


def test_a_fixed_fleet_is_sized_for_the_peak(runner, write_file):
    # 100 ms of CPU a request at 222/s: 22.2 vCPUs on average; a c5.large supplies 2 x 0.6 = 1.2.
    # Flat: ceil(22.2 / 1.2) = ceil(18.5) = 19 instances. A 2.4x peak: 53.28 vCPUs,
    # ceil(53.28 / 1.2) = ceil(44.4) = 45 instances = 45 x 0.085 x 730 = $2,792.25.
    # (Memory: 53.28 in flight x 128 MB = 6,820 MB over 4,096 x 0.6 = 2,458 MB: 3; CPU binds.)
    args = ["--instance", "c5.large", "--vs", "ec2", "--cpu-per-request", "100ms"]
    flat = run_json(runner, [str(_workload(write_file, "")), *args])
    assert flat["options"][0]["count"] == 19
    assert flat["options"][0]["monthly_cost"] == pytest.approx(19 * 0.085 * 730)
    peak = run_json(runner, [str(_workload(write_file, ", traffic: {peak_factor: 2.4}")), *args])
    [ec2] = peak["options"]
    assert ec2["count"] == 45
    assert ec2["monthly_cost"] == pytest.approx(2792.25)
    a = peak["assumptions"]
    assert a["vcpus_needed"] == pytest.approx(22.2)
    assert a["peak_vcpus"] == pytest.approx(53.28)
    assert a["peak_factor"] == pytest.approx(2.4)
    assert a["peak_hour"] is None  # a peak factor has no hour
    assert "peak-hour vCPUs" in a["fleet_size"]
    table = runner.invoke(app, ["compare", str(_workload(write_file, ", traffic: {peak_factor: 2.4}")), *args])
    text = " ".join(table.stdout.split())
    assert "Peak hour: 53.28 vCPUs busy" in text and "(2.4x the average)" in text
    md = runner.invoke(
        app, ["compare", str(_workload(write_file, ", traffic: {peak_factor: 2.4}")), *args, "--format", "markdown"]
    )
    assert "Peak hour: 53.28 vCPUs busy" in md.stdout


def test_an_hourly_profile_sizes_for_its_busiest_hour(runner, write_file):
    # 12 hours of weight 1 then 12 of weight 3: mean 2, so hours 12-23 run at 1.5x the average:
    # 22.2 x 1.5 = 33.3 vCPUs -> ceil(33.3 / 1.2) = ceil(27.75) = 28 c5.large, the peak at 12:00.
    hourly = ", traffic: {hourly: [" + ", ".join(["1"] * 12 + ["3"] * 12) + "]}"
    out = run_json(
        runner,
        [str(_workload(write_file, hourly)), "--instance", "c5.large", "--vs", "ec2", "--cpu-per-request", "100ms"],
    )
    assert out["options"][0]["count"] == 28
    assert out["options"][0]["monthly_cost"] == pytest.approx(28 * 0.085 * 730)
    assert out["assumptions"]["peak_hour"] == 12


def test_surplus_credits_are_billed_hour_by_hour(runner, write_file):
    # 0.5 vCPU on average (5 ms of CPU a request at 100/s = 262,800,000 a month), 12 hours at
    # 0.25 and 12 at 0.75 (weights 1 and 3). One t3.small in unlimited mode supplies 2 x 0.6 = 1.2 vCPU
    # (the peak, 0.75, fits) and sustains 2 x 0.2 = 0.4 without credits. Surplus: 0.75 - 0.4 = 0.35 vCPU
    # half the day, none the other half: 0.175 vCPU x $0.05 x 730 h = $6.3875; plus 0.0208 x 730 = $15.184.
    hourly = ", traffic: {hourly: [" + ", ".join(["1"] * 12 + ["3"] * 12) + "]}"
    # 10 ms each: 1 in flight, 1.5 at the peak, x 128 MB, within 2,048 x 0.6 MB: memory needs one.
    path = _workload(write_file, hourly, requests=262_800_000, duration="10ms")
    args = ["--instance", "t3.small", "--vs", "ec2", "--cpu-per-request", "5ms", "--unlimited"]
    [ec2] = run_json(runner, [str(path), *args])["options"]
    assert ec2["count"] == 1
    assert ec2["surplus_credit_vcpus"] == pytest.approx(0.175)
    assert ec2["monthly_cost"] == pytest.approx(0.0208 * 730 + 0.175 * 0.05 * 730)


def _mixed(write_file, *, x86: str, arm: str):
    """Two functions of 1,024 MB and 200 ms, ``x86`` and ``arm`` requests a month."""
    rows = "".join(
        f"  - {{name: {arch}, memory: 1024MB, duration: 200ms, requests: {n}/month, architecture: {arch}}}\n"
        for arch, n in (("x86_64", x86), ("arm64", arm))
    )
    return write_file("mixed.yaml", "name: mixed\nfree_tier: false\nfunctions:\n" + rows)


def test_mixed_architectures_price_ec2_and_fargate_on_one(runner, write_file):
    # a: x86_64, 1,024 MB, 200 ms, 10M a month: 10M / 2,628,000 x 0.2 s x 1024/1769 vCPU = 0.4405 vCPU.
    # b: arm64, same memory and duration, 30M a month: 1.3216 vCPU, 75% of the CPU -> arm64 for both.
    path = _mixed(write_file, x86="10M", arm="30M")
    out = run_json(runner, [str(path), "--vs", "all"])
    ec2, task = out["options"][0], out["options"][1]
    assert ec2["architecture"] == "arm64" and task["architecture"] == "arm64"
    assert all(o["architecture"] == "arm64" for o in out["runners_up"])
    # 1,024 MB = 0.579 vCPU -> a 1 vCPU task; 1,024 MB within 60% of 2 GB. 40M a month x 0.2 s =
    # 3.044 in flight: 0.4405 + 1.3216 = 1.762 vCPU / (1 x 0.6) = 2.94 -> 3 tasks; memory
    # 3.044 x 1,024 / (2,048 x 0.6) = 2.54 -> 3. 3 x 730 x (0.03238 + 2 x 0.00356) = $86.49 (Linux/Arm).
    assert (task["name"], task["count"]) == ("1 vCPU, 2 GB", 3)
    assert task["monthly_cost"] == pytest.approx(3 * 730 * (0.03238 + 2 * 0.00356))
    assert out["assumptions"]["fleet_architecture"] == "arm64"
    assert "carries 75% of the CPU" in out["assumptions"]["architecture_rule"]
    # The other way round: x86_64 carries 75%: Fargate x86, 3 x 730 x (0.04048 + 2 x 0.004445) = $108.12.
    path = _mixed(write_file, x86="30M", arm="10M")
    out = run_json(runner, [str(path), "--vs", "all"])
    assert {o["architecture"] for o in out["options"] if o["kind"] != "lmi"} == {"x86_64"}
    task = next(o for o in out["options"] if o["kind"] == "fargate")
    assert task["monthly_cost"] == pytest.approx(3 * 730 * (0.04048 + 2 * 0.004445))


def test_headline_that_never_breaks_even_names_the_type_that_does(runner):
    # 3,008 MB, 100 ms, 1M a month, arm64, no free tier. The cheapest arm64 type holding one
    # 3,008 MB request in 60% of its memory is t4g.large ($0.0672/h = $49.056), 2 x 0.3 x 0.6 = 0.36 vCPU.
    # Per vCPU it costs 49.056 / 0.36 = $136.27 a month; Lambda's arm64 vCPU-month (1,769 MB busy
    # all month: 1769/1024 GB x 2,628,000 s x $0.0000133334 = $60.53 plus requests) is cheaper, so
    # t4g.large falls further behind as the load grows: never. m6g.large ($0.077/h = $56.21,
    # 1.2 vCPU) breaks even: 56.21 = R x (0.2/1e6 + 3008/1024 x 0.1 x 0.0000133334) at
    # R = 56.21 / 4.1167e-6 = 13.65M... within its first step (1.2 vCPU carries 1.2 / (0.1 x 3008/1769)
    # = 7.06/s = 18.5M a month).
    args = ["--memory", "3008MB", "--duration", "100ms", "--requests", "1M/month", "--architecture", "arm64"]
    out = run_json(runner, [*args, "--vs", "ec2", "--no-free-tier"])
    [ec2] = out["options"]
    assert ec2["name"] == "t4g.large" and ec2["break_even_requests_per_month"] is None
    alt = out["break_even_alternative"]
    assert alt["name"] == "m6g.large" and alt["count"] == 1
    per_request = 0.2 / 1e6 + 3008 / 1024 * 0.1 * 0.0000133334
    assert alt["break_even_requests_per_month"] == pytest.approx(0.077 * 730 / per_request, rel=1e-9)
    assert "never breaks even" in out["headline_note"] and "m6g.large" in out["headline_note"]
    table = runner.invoke(app, ["compare", *args, "--vs", "ec2", "--no-free-tier", "--no-chart"])
    assert "the cheapest type here that does is m6g.large" in " ".join(table.stdout.split())
    costs = [ec2["monthly_cost"]] + [o["monthly_cost"] for o in out["runners_up"]]
    assert costs == sorted(costs)


def test_ties_at_the_load_go_to_the_earliest_break_even(runner):
    # 1,024 MB, 200 ms, 100M a month, x86_64: 4 c5.large, 2 c5.xlarge and 1 c5.2xlarge all cost
    # 4 x 0.085 x 730 = $248.20; the smaller steps reach Lambda's cost first, so c5.large leads.
    out = run_json(runner, ["--memory", "1024MB", "--duration", "200ms", "--requests", "100M/month", "--vs", "ec2"])
    names = [out["options"][0]["name"]] + [o["name"] for o in out["runners_up"]]
    assert names[:3] == ["c5.large", "c5.xlarge", "c5.2xlarge"]
    assert out["options"][0]["monthly_cost"] == pytest.approx(4 * 0.085 * 730)
    evens = [out["options"][0]["break_even_requests_per_month"]] + [
        o["break_even_requests_per_month"] for o in out["runners_up"][:2]
    ]
    assert evens == sorted(evens)
    assert math.isclose(out["runners_up"][1]["monthly_cost"], 4 * 0.085 * 730)
