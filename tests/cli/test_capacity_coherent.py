"""`lambdacost capacity` agrees with the file and with AWS's rules (issue 11, "Answers that disagree").

Rates: pricing/lambda.yaml, us-east-1, x86_64, first tier (pricing-facts.md section 1):
on-demand $0.0000166667 per GB-s, PC $0.0000041667 per GB-s kept warm, PC duration
$0.0000097222 per GB-s; requests $0.20 per 1M. A 730-hour month is 2,628,000 s.
Erlang B by hand: B(0, A) = 1, B(n, A) = A B(n-1, A) / (n + A B(n-1, A)).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app
from lambdacost.core.erlang import best_count, carried, erlang_b

MONTH_S = 730 * 3600  # 2,628,000
OD, PC, PC_DURATION = 0.0000166667, 0.0000041667, 0.0000097222

WriteFile = Callable[[str, str], Path]


def _b(n: int, a: float) -> float:
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def _json(runner: CliRunner, path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["capacity", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _workload(functions: str) -> str:
    return "name: t\nregion: us-east-1\nfree_tier: false\nfunctions:\n" + functions


def test_erlang_b_one_environment_offered_083() -> None:
    # B(1, 0.83) = 0.83 x 1 / (1 + 0.83) = 0.83 / 1.83 = 0.45355; carried 0.83 x (1 - 0.45355) = 0.45355
    assert erlang_b(1, 0.83) == pytest.approx(0.83 / 1.83)
    assert carried(1, 0.83) == pytest.approx(0.4536, abs=5e-5)
    # B(2, 0.83) = 0.83 x 0.45355 / (2 + 0.83 x 0.45355) = 0.37645 / 2.37645 = 0.15841
    assert erlang_b(2, 0.83) == pytest.approx(0.15841, abs=5e-5)
    assert erlang_b(0, 0.83) == 1.0


def test_one_environment_at_083_erlangs_loses_money(runner: CliRunner, write_file: WriteFile) -> None:
    # 0.83 requests/s of 1 s at 1 GB: 0.83 erlangs. One PC environment is busy 45.4% (< 60% break-even):
    # it costs 1 GB x 2,628,000 s x 0.0000041667 = $10.950 a month and saves
    # 0.45355 erlang x 2,628,000 s x (0.0000166667 - 0.0000097222) = $8.277: $2.67 a month dearer.
    fn = "  - {name: api, memory: 1GB, duration: 1s, requests: 0.83/s}\n"
    data = _json(runner, write_file("w.yaml", _workload(fn)))
    f = data["functions"][0]
    assert f["suggested_pc"] == 0 and f["recommended_pc"] == 0
    assert f["no_pc_reason"] == "no count is busy enough to pay for itself with random arrivals"
    one = _json(runner, write_file("w.yaml", _workload(fn)), "--pc-quantile", "1")["functions"][0]
    assert one["recommended_pc"] == 1
    assert one["pc_utilization"] == pytest.approx(0.83 / 1.83, rel=1e-9)
    assert one["pc_overflow_share"] == pytest.approx(0.83 / 1.83, rel=1e-9)  # B(1, A) of requests overflow
    dearer = MONTH_S * PC - (0.83 * (1 - 0.83 / 1.83)) * MONTH_S * (OD - PC_DURATION)
    assert dearer == pytest.approx(2.67, abs=0.01)
    assert one["monthly_cost_with_pc"] - one["monthly_cost_without_pc"] == pytest.approx(dearer, rel=1e-6)
    assert not one["pc_saves"] and one["monthly_cost_suggested"] == one["monthly_cost_without_pc"]


def test_cheapest_count_for_50_erlangs(runner: CliRunner, write_file: WriteFile) -> None:
    # 100 requests/s of 500 ms at 512 MB: 50 erlangs. N environments save, a month,
    # 0.5 GB x 2,628,000 s x [(OD - PC_DURATION) x 50 (1 - B(N, 50)) - PC x N]; the best N by brute force.
    gb_s = 0.5 * MONTH_S
    savings = [gb_s * ((OD - PC_DURATION) * 50 * (1 - _b(n, 50.0)) - PC * n) for n in range(0, 120)]
    best = int(np.argmax(savings))
    fn = "  - {name: api, memory: 512MB, duration: 500ms, requests: 100/s}\n"
    f = _json(runner, write_file("w.yaml", _workload(fn)))["functions"][0]
    assert f["suggested_pc"] == best and best > 0
    assert f["pc_utilization"] == pytest.approx(50 * (1 - _b(best, 50.0)) / best, rel=1e-9)
    assert f["monthly_cost_without_pc"] - f["monthly_cost_suggested"] == pytest.approx(savings[best], rel=1e-6)
    # The marginal environment is busy about the break-even share: 0.0000041667 / 0.0000069445 = 60%.
    marginal = 50 * (_b(best - 1, 50.0) - _b(best, 50.0))
    assert marginal > PC / (OD - PC_DURATION) > 50 * (_b(best, 50.0) - _b(best + 1, 50.0))


def test_best_count_is_searched_over_every_hour() -> None:
    # Half the day at 2 erlangs, half idle; an environment costs 1, an erlang for a month saves 3.
    loads = np.array([[2.0] * 12 + [0.0] * 12])
    n, saving = best_count(loads, [100.0], [1.0], [3.0])
    by_hand = [3 * 0.5 * 2 * (1 - _b(k, 2.0)) - k for k in range(0, 20)]
    assert n[0] == int(np.argmax(by_hand)) and saving[0] == pytest.approx(max(by_hand))


def test_configured_pc_is_priced_as_configured(runner: CliRunner, write_file: WriteFile) -> None:
    # 21.6M requests of 100 ms at 1 GB: 21.6e6 x 0.1 / 2,628,000 = 0.82192 erlangs; the file keeps 5 warm.
    fn = "  - {name: api, memory: 1GB, duration: 100ms, requests: 21.6M/month, provisioned_concurrency: {count: 5}}\n"
    data = _json(runner, write_file("w.yaml", _workload(fn)))
    f = data["functions"][0]
    a = 21.6e6 * 0.1 / MONTH_S
    served = 1 - _b(5, a)  # share of the requests the 5 environments serve
    gb_s = 21.6e6 * 0.1  # GB-s of all requests
    configured = 21.6 * 0.20 + 5 * MONTH_S * PC + gb_s * served * PC_DURATION + gb_s * (1 - served) * OD
    assert f["configured_pc"] == 5
    assert f["configured_pc_utilization"] == pytest.approx(a * served / 5, rel=1e-9)
    assert f["monthly_cost_configured"] == pytest.approx(configured, rel=1e-6)
    assert data["total_configured"] == pytest.approx(configured, rel=1e-6)
    assert f["suggested_pc"] == 0  # 5 environments at 16% busy: on demand is cheaper
    table = runner.invoke(app, ["capacity", str(write_file("w.yaml", _workload(fn)))], env={"COLUMNS": "200"})
    assert "PC configured" in table.stdout and "PC suggested" in table.stdout
    assert f"${configured:,.2f}" in table.stdout


def test_no_pc_for_snapstart(runner: CliRunner, write_file: WriteFile) -> None:
    fn = "  - {name: snap, memory: 1GB, duration: 1s, requests: 50/s, snapstart: {restore_rate: 0.01}}\n"
    path = write_file("w.yaml", _workload(fn))
    for args in ((), ("--pc-quantile", "1")):
        f = _json(runner, path, *args)["functions"][0]
        assert f["recommended_pc"] == 0 and f["suggested_pc"] == 0
        assert f["no_pc_reason"] == "SnapStart cannot be combined with provisioned concurrency"
    table = runner.invoke(app, ["capacity", str(path)], env={"COLUMNS": "200"}).stdout
    assert "No PC suggested for snap: SnapStart cannot be combined with provisioned concurrency." in table


def test_total_includes_pc_only_where_it_saves(runner: CliRunner, write_file: WriteFile) -> None:
    # Sized for the peak: "steady" (flat 50 erlangs) gains, "peaky" (peak 200, average 50) loses.
    fns = (
        "  - {name: steady, memory: 512MB, duration: 500ms, requests: 100/s}\n"
        "  - {name: peaky, memory: 512MB, duration: 500ms, requests: 100/s, traffic: {peak_factor: 4}}\n"
    )
    data = _json(runner, write_file("w.yaml", _workload(fns)), "--pc-quantile", "1")
    steady, peaky = data["functions"]
    # peaky: 200 environments for 50 erlangs, 25% busy: 200 x 0.5 GB x 2,628,000 s x PC = $1,095 a month
    # against 50 x 0.5 x 2,628,000 x (OD - PC_DURATION) = $456 saved.
    assert peaky["recommended_pc"] == 200 and not peaky["pc_saves"] and peaky["suggested_pc"] == 0
    assert steady["pc_saves"] and steady["suggested_pc"] == 50
    assert data["pc_saves_for"] == ["steady"]
    expected = steady["monthly_cost_with_pc"] + peaky["monthly_cost_without_pc"]
    assert data["total_with_pc"] == pytest.approx(expected) and data["total_suggested"] == pytest.approx(expected)


def test_no_pc_for_tenant_isolation(runner: CliRunner, write_file: WriteFile) -> None:
    # 50 erlangs would pay for PC (see above), but tenant isolation cannot carry it (AWS TenancyConfig).
    fn = (
        "  - {name: tenants, memory: 512MB, duration: 500ms, requests: 100/s,"
        " tenant_isolation: {environments_per_month: 1000}}\n"
    )
    f = _json(runner, write_file("w.yaml", _workload(fn)))["functions"][0]
    assert f["suggested_pc"] == 0 and f["recommended_pc"] == 0
    assert f["no_pc_reason"] == "tenant isolation mode cannot be combined with provisioned concurrency"


def test_volume_tiers_can_make_pc_lose(runner: CliRunner, write_file: WriteFile) -> None:
    # 50,000 erlangs of 1 GB: 131.4 billion GB-s a month, mostly above the 15 billion GB-s tier
    # ($0.0000133334): on demand costs less than PC duration + PC (0.0000097222 + 0.0000041667 =
    # 0.0000138889 per busy GB-s), so no count pays, though each environment would be busy over 99%.
    head = "name: t\nregion: us-east-1\nfree_tier: false\naccount_concurrency_limit: 200000\nfunctions:\n"
    path = write_file("w.yaml", head + "  - {name: huge, memory: 1GB, duration: 1s, requests: 50000/s}\n")
    f = _json(runner, path)["functions"][0]
    assert f["suggested_pc"] == 0 and f["monthly_cost_suggested"] == f["monthly_cost_without_pc"]


def test_capacity_bills_only_the_requests_the_limit_serves(runner: CliRunner, write_file: WriteFile) -> None:
    """Throttled requests are not billed, in `capacity` as in `estimate`. 30M requests of 1 s at 1 GB
    ask for 30,000,000 x 1 s / 2,628,000 s = 11.42 concurrent executions; reserved concurrency 5
    serves 5 of them (flat traffic): 5 x 2,628,000 s / 1 s = 13,140,000 requests. No free tier:
    13.14M x $0.20/1M = $2.628 of requests + 13,140,000 GB-s x $0.0000166667 = $219.000438."""
    fn = "  - {name: api, memory: 1GB, duration: 1s, requests: 30M, reserved_concurrency: 5}\n"
    path = write_file("w.yaml", _workload(fn))
    served = 5 * MONTH_S
    expected = served * 0.20 / 1e6 + served * OD
    data = _json(runner, path)
    f = data["functions"][0]
    assert f["peak_concurrency"] == pytest.approx(30e6 / MONTH_S)
    assert f["monthly_cost_configured"] == pytest.approx(expected, abs=1e-6)
    assert f["monthly_cost_without_pc"] == pytest.approx(expected, abs=1e-6)
    est = runner.invoke(app, ["estimate", str(path), "--format", "json"])
    assert est.exit_code == 0, est.stderr
    assert json.loads(est.stdout)["total"] == pytest.approx(expected, abs=1e-6)
    # PC is capped at the reserved 5; 5 environments offered 11.42 erlangs carry A (1 - B(5, A)) of
    # them (Erlang B), 30M x (1 - B(5, A)) requests; the rest of the 13.14M served runs on demand.
    a = 30e6 / MONTH_S
    carried_requests = 30e6 * (1 - _b(5, a))
    with_pc = 5 * MONTH_S * PC + carried_requests * PC_DURATION + (served - carried_requests) * OD + served * 0.20 / 1e6
    assert f["suggested_pc"] == 5
    assert f["monthly_cost_suggested"] == pytest.approx(with_pc, abs=1e-6)
