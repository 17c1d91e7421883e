"""The Python API: ``import lambdacost`` re-exports plan's entry points, lazily.

Expected money from the published us-east-1 rates: requests $0.20 per million, x86_64
duration $0.0000166667 per GB-s (first tier), arm64 $0.0000133334 per GB-s; the free tier is
1M requests and 400,000 GB-s a month.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import lambdacost

ROOT = Path(__file__).resolve().parents[2]
ONE = {"name": "x", "functions": [{"name": "f", "memory": "1GB", "duration": "1s", "requests": "1M/month"}]}


def test_import_loads_no_heavy_module() -> None:
    code = "import sys, lambdacost; print(sorted(m for m in ('numpy', 'pydantic', 'yaml', 'rich', 'typer') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_estimate_a_mapping() -> None:
    est = lambdacost.estimate(ONE, free_tier=False)
    assert isinstance(est, lambdacost.Estimate) and est.region == "us-east-1"
    assert est.total == pytest.approx(1_000_000 * 0.20 / 1e6 + 1_000_000 * 1.0 * 0.0000166667)
    # with the free tier: 1M requests and 400,000 of the 1,000,000 GB-s are free
    assert lambdacost.estimate(ONE).total == pytest.approx(600_000 * 0.0000166667)


def test_estimate_a_file_by_function() -> None:
    est = lambdacost.estimate(ROOT / "workloads" / "rest-api.yaml", free_tier=False)
    get = est.function_totals["get-order"]
    # get-order: 3M requests of 45 ms at 512 MB on arm64, 0.5% cold starts with 350 ms INIT
    gb_s = 3_000_000 * 0.045 * 0.5 + 3_000_000 * 0.005 * 0.350 * 0.5
    assert get == pytest.approx(3_000_000 * 0.20 / 1e6 + gb_s * 0.0000133334)
    assert sum(est.function_totals.values()) == pytest.approx(est.total)


def test_bad_input_raises_one_line() -> None:
    bad = {"name": "x", "functions": [{"name": "f", "memory": "1GB", "duraton": "1s", "requests": 1}]}
    with pytest.raises(lambdacost.LambdacostError) as info:
        lambdacost.estimate(bad)
    assert info.value.one_line().startswith("<workload mapping>: functions[0].duraton: unknown key 'duraton'")


def test_other_entry_points() -> None:
    view = lambdacost.capacity(ONE)
    # 1M requests of 1 s a month: 1e6 / (730 * 3600) requests in flight on average
    assert view.report.avg_concurrency[0] == pytest.approx(1_000_000 / (730 * 3600))
    result, ctx = lambdacost.compare(memory="1GB", duration="1s", requests="1M/month", vs="fargate", free_tier=False)
    assert result.lambda_monthly == pytest.approx(lambdacost.estimate(ONE, free_tier=False).total)
    assert ctx.region == "us-east-1"
    assert lambdacost.decide(duration="40m").job.duration_s == 40 * 60


def test_unknown_name() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        lambdacost.nope  # noqa: B018
    assert "estimate" in dir(lambdacost)


def test_all_names_every_entry_point() -> None:
    assert set(lambdacost.__all__) - {"__version__"} == set(lambdacost._API)
    for name in lambdacost._API:
        assert getattr(lambdacost, name) is not None


def test_estimate_sums_and_order() -> None:
    two = {
        "name": "two",
        "functions": [
            {"name": "small", "memory": "128MB", "duration": "10ms", "requests": "1M/month"},
            {"name": "big", "memory": "2GB", "duration": "1s", "requests": "2M/month"},
        ],
    }
    est = lambdacost.estimate(two)
    assert est.by_cost == [1, 0]
    sums = {s.item: s for s in est.line_item_sums}
    assert sums["requests"].quantity == 3_000_000
    assert sums["requests"].rate == pytest.approx(0.20 / 1e6)
    # GB-s: 1M x 0.01 s x 0.125 GB + 2M x 1 s x 2 GB; the free tier covers 1M requests and 400,000 GB-s
    assert sums["duration"].quantity == pytest.approx(1_000_000 * 0.01 * 0.125 + 2_000_000 * 2.0)
    assert est.free_tier_used == pytest.approx((1_000_000, 400_000))
    assert [b.name for b in est.bills] == ["small", "big"]
