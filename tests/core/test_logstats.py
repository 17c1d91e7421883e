"""Log statistics and the right-sizing model: histograms, INIT rule, window shares, fits."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import numpy as np
import pytest

from lambdacost.core import logstats as ls
from lambdacost.core import rightsize as rs

NAN = np.nan


def add(fs: ls.FunctionStats, **columns: list[float]) -> None:
    n = len(columns["billed_ms"])
    full = {
        "timestamp_ms": [NAN] * n,
        "duration_ms": [b - 0.5 for b in columns["billed_ms"]],
        "memory_mb": [512.0] * n,
        "max_used_mb": [100.0] * n,
        "init_ms": [NAN] * n,
        "restore_ms": [NAN] * n,
        "billed_restore_ms": [NAN] * n,
        "status": [0.0] * n,
        **columns,
    }
    fs.add(**{k: np.array(v, dtype=np.float64) for k, v in full.items()})


def ms(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp() * 1000


def test_core_modules_import_numpy_only() -> None:
    code = (
        "import sys, lambdacost.core.logstats, lambdacost.core.rightsize; "
        "print(sorted(m for m in ('rich', 'typer', 'yaml', 'pydantic') if m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


def test_quantiles_are_nearest_rank_on_the_histogram() -> None:
    values = [5, 1, 3, 3, 10, 7, 2, 8, 9, 4]
    hist = np.bincount(values)
    # Nearest rank: the ceil(q * n)-th smallest value.
    ordered = sorted(values)
    expected = [ordered[int(np.ceil(q * 10)) - 1] for q in (0.5, 0.9, 0.99)]
    assert ls.quantiles(hist, np.array([0.5, 0.9, 0.99])).tolist() == expected
    assert ls.histogram_mean(hist) == sum(values) / 10


def test_histograms_grow_across_batches_and_split_by_memory() -> None:
    fs = ls.FunctionStats("f")
    add(fs, billed_ms=[3.0, 5.0])
    add(fs, billed_ms=[900.0, 3.0], memory_mb=[512.0, 1024.0])
    assert fs.count == 4
    assert fs.groups[512.0].billed_ms == 3 + 5 + 900 and fs.groups[1024.0].billed_ms == 3
    assert fs.billed_histogram()[[3, 5, 900]].tolist() == [2, 1, 1]


def test_init_rule_by_date_and_when_billed_duration_includes_it() -> None:
    fs = ls.FunctionStats("f")
    add(
        fs,
        timestamp_ms=[ms("2025-07-31T23:59:59"), ms("2025-08-01T00:00:00"), NAN, ms("2026-01-01T00:00:00")],
        duration_ms=[100.2, 100.2, 100.2, 100.2],
        billed_ms=[101.0, 101.0, 101.0, 402.0],  # the last: a custom runtime, INIT inside Billed Duration
        init_ms=[300.1, 300.1, 300.1, 301.0],
    )
    assert (fs.init_before_rule, fs.init_billed, fs.init_included) == (1, 2, 1)
    # Two billed INITs of 300.1 ms, each rounded up to 301 ms.
    assert fs.groups[512.0].init_ms == 2 * 301
    assert fs.groups[512.0].extra_ms == 2 * 301
    assert fs.cold_starts == 4


def test_snapstart_restores_and_java() -> None:
    fs = ls.FunctionStats("f")
    add(fs, billed_ms=[10.0, 10.0, 10.0], restore_ms=[474.16, 300.0, NAN], billed_restore_ms=[75.0, NAN, NAN])
    assert fs.groups[512.0].restores == 1 and fs.groups[512.0].extra_ms == 75
    assert fs.restores_unbilled == 1


def test_timeouts_errors_old_billing_and_hours() -> None:
    fs = ls.FunctionStats("f")
    add(
        fs,
        timestamp_ms=[ms("2026-11-02T14:05:00"), ms("2026-11-02T14:59:59"), ms("2026-11-02T23:00:00")],
        duration_ms=[0.62, 3003.16, 10.0],
        billed_ms=[100.0, 3000.0, 10.0],
        status=[0.0, 2.0, 1.0],
    )
    assert (fs.timeouts, fs.errors, fs.old_billing) == (1, 1, 1)
    assert fs.hourly[14] == 2 and fs.hourly[23] == 1 and fs.hourly.sum() == 3


def test_exposure_counts_each_hour_of_the_day_covered() -> None:
    first, last = ms("2026-11-02T14:30:00"), ms("2026-11-03T15:00:00")  # 24.5 hours
    exposure = ls.exposure_seconds(first, last)
    assert exposure.sum() == pytest.approx(24.5 * 3600)
    assert exposure[14] == pytest.approx(1800 + 3600) and exposure[15] == pytest.approx(3600)
    rates = ls.hourly_rates(np.full(24, 36, np.int64), exposure)
    assert rates[15] == pytest.approx(0.01)
    assert np.isnan(ls.hourly_rates(np.zeros(24, np.int64), ls.exposure_seconds(first, first + 3.6e6))[3])


def test_split_rows_keeps_requests_and_billed_ms_exactly() -> None:
    lo_n, lo_ms, hi_n, hi_ms = ls.split_rows(np.array([12.0, 4380.0]), np.array([5903.0, 5903.0 * 365]))
    assert (lo_n + hi_n).tolist() == [12.0, 4380.0]
    assert (lo_n * lo_ms + hi_n * hi_ms).tolist() == pytest.approx([5903.0, 5903.0 * 365], rel=1e-15)
    assert (lo_ms == np.floor(lo_ms)).all() and (hi_ms == lo_ms + 1).all()


def test_scaled_billed_ms_rounds_each_record_up() -> None:
    hist = np.bincount([10, 10, 3])
    assert ls.scaled_billed_ms(hist, 0.5) == 5 + 5 + 2  # 1.5 ms bills 2
    assert ls.scaled_billed_ms(hist, 1.0) == 23
    assert ls.scaled_quantiles([(hist, 2.0)], np.array([0.5, 1.0])).tolist() == [20.0, 20.0]


def test_candidates_from_the_smallest_fit_up_to_the_last_vcpu() -> None:
    assert rs.smallest_fit(200, 128, 10240) == 240  # 200 MB + 20%
    assert rs.smallest_fit(50, 128, 10240) == 128
    sizes = rs.candidate_sizes(240, [512.0], 10240).tolist()
    assert sizes[0] == 240 and sizes[-1] == 10240 and 512 in sizes and 128 not in sizes


def test_cpu_bound_ratio_follows_the_vcpu_share() -> None:
    assert rs.cpu_bound_ratio(512, 1024) == pytest.approx(0.5)
    assert rs.cpu_bound_ratio(1769, 3538) == pytest.approx(0.5)  # 1 vCPU -> 2 vCPUs
    assert rs.cpu_bound_ratio(1024, 512) == pytest.approx(2.0)


def test_fit_recovers_a_model_from_exact_durations() -> None:
    memory = np.array([512.0, 1024.0, 2048.0])
    share = memory / 1769
    durations = 100 + 400 / share
    a, b = rs.fit_durations(memory, durations, np.array([10, 20, 30]))
    assert (a, b) == pytest.approx((100, 400))
    assert rs.fit_ratio(a, b, 1024, 2048) == pytest.approx((100 + 400 * 1769 / 2048) / (100 + 400 * 1769 / 1024))
    # Durations that do not fall with memory: nothing scales.
    assert rs.fit_durations(memory, np.array([50.0, 60.0, 70.0]), np.ones(3)) == pytest.approx((60.0, 0.0))


def test_risk_and_recommendation() -> None:
    assert rs.risk(100, 105) == "very low" and rs.risk(100, 140) == "low"
    assert rs.risk(100, 250) == "medium" and rs.risk(100, 400) == "high"
    # Within 1% of the cheapest, the fastest wins.
    assert rs.recommend(np.array([10.0, 10.05, 12.0]), np.array([300.0, 200.0, 100.0])) == 1
    assert rs.recommend(np.array([10.0, 11.0]), np.array([300.0, 200.0])) == 0
