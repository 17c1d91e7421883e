"""`lambdacost profile`: the cost of what ran, worked out by hand from AWS's published rates."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from lambdacost.cli.app import app
from tests.fixtures.logs.generate import FILES, RECORDS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "logs"
EXPORT = str(FIXTURES / "orders-export.log")

# us-east-1, x86_64 (pricing-facts.md section 1; pricing/lambda.yaml).
REQUEST = 0.20 / 1e6
GB_SECOND = 0.0000166667
FREE_REQUESTS, FREE_GB_SECONDS = 1_000_000, 400_000
HOURS_PER_MONTH = 730

# The twelve records: their billed ms, and the two cold starts' INIT rounded up to the ms (billed since Aug 2025).
BILLED_MS = sum(r[2] for r in RECORDS)
INIT_MS = math.ceil(731.40) + math.ceil(402.10)
WINDOW_S = 2 * 3600  # 14:05:05.766 to 16:05:05.766


def run(runner: CliRunner, *args: str, input: bytes | None = None) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["profile", *args, "--format", "json"], input=input)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_window_cost_from_each_records_billed_duration(runner: CliRunner) -> None:
    data = run(runner, EXPORT)
    f = data["functions"][0]
    assert f["invocations"] == 12
    gb_seconds = (BILLED_MS + INIT_MS) / 1000 * 512 / 1024
    assert f["window"]["request_cost"] == pytest.approx(12 * REQUEST, rel=1e-12)
    assert f["window"]["duration_cost"] + f["window"]["init_cost"] == pytest.approx(gb_seconds * GB_SECOND, rel=1e-9)
    assert f["window"]["init_cost"] == pytest.approx(INIT_MS / 1000 * 0.5 * GB_SECOND, rel=1e-9)
    assert f["window"]["total"] == pytest.approx(12 * REQUEST + gb_seconds * GB_SECOND, rel=1e-9)
    assert data["init_rule"] == {"billed_since": "2025-08-01", "billed": 2, "included_in_billed_duration": 0,
                                 "before_august_2025": 0}  # fmt: skip


def test_statistics(runner: CliRunner) -> None:
    f = run(runner, EXPORT)["functions"][0]
    billed = sorted(r[2] for r in RECORDS)
    assert f["billed_duration_ms"]["p99"] == billed[math.ceil(0.99 * 12) - 1] == 3000
    assert f["billed_duration_ms"]["p50"] == billed[6 - 1]
    assert f["billed_duration_ms"]["mean"] == pytest.approx(BILLED_MS / 12)
    assert f["cold_starts"] == 2 and f["cold_start_share"] == pytest.approx(2 / 12)
    assert f["init_mean_ms"] == pytest.approx((731.40 + 402.10) / 2)
    assert f["timeouts"] == 1 and f["errors"] == 0
    assert f["max_memory_used_mb"] == {"p99": 200.0, "max": 200.0}
    assert f["per_second"] == pytest.approx(12 / WINDOW_S)
    assert f["per_month"] == pytest.approx(12 / WINDOW_S * HOURS_PER_MONTH * 3600)
    hourly = f["hourly_per_second_utc"]
    assert hourly[14] == pytest.approx(5 / (3600 - 305.766)) and hourly[3] is None


@pytest.mark.parametrize("name", sorted(FILES), ids=sorted(FILES))
def test_every_format_prices_the_same(runner: CliRunner, name: str) -> None:
    data = run(runner, str(FIXTURES / name), "--window", "2h")
    assert data["records"] == 12
    assert data["window_total"] == pytest.approx(12 * REQUEST + (BILLED_MS + INIT_MS) / 2000 * GB_SECOND, rel=1e-9)


def month_of_mean(requests: float, mean_ms: float, cold_share: float, init_ms: float, gb: float) -> float:
    """A month as a workload file prices it: the mean billed duration and mean INIT rounded up to the ms."""
    duration = requests * math.ceil(mean_ms) / 1000 * gb + requests * cold_share * math.ceil(init_ms) / 1000 * gb
    return requests * REQUEST + duration * GB_SECOND


def test_month_is_the_windows_rate_for_730_hours(runner: CliRunner) -> None:
    requests = 12 * HOURS_PER_MONTH * 3600 / WINDOW_S  # 4,380
    # Mean billed 5,903 / 12 = 491.9 ms, billed as 492; mean INIT (732 + 403) / 2 = 567.5 ms, billed as 568.
    expected = month_of_mean(requests, BILLED_MS / 12, 2 / 12, INIT_MS / 2, 0.5)
    assert run(runner, EXPORT, "--no-free-tier")["month_total"] == pytest.approx(expected, rel=1e-8)
    assert run(runner, EXPORT)["month_total"] == 0  # 4,380 requests and 1,284 GB-s: inside the free tier


def test_gzip_stdin_and_several_files(runner: CliRunner, tmp_path: Path) -> None:
    raw = (FIXTURES / "orders-export.log").read_bytes()
    gz = tmp_path / "orders.log.gz"
    gz.write_bytes(gzip.compress(raw))
    assert run(runner, str(gz))["records"] == 12
    assert run(runner, "-", input=raw)["records"] == 12
    both = run(runner, EXPORT, str(gz), "--function", "orders")
    assert both["records"] == 24 and [f["name"] for f in both["functions"]] == ["orders"]
    assert both["functions"][0]["per_second"] == pytest.approx(24 / WINDOW_S)


def big_log(tmp_path: Path, n: int = 20_000) -> tuple[Path, int, int]:
    """``n`` invocations at 1,024 MB in one hour (1 in 100 cold), big enough to pass the free tier in a month."""
    lines, billed, init = [], 0, 0
    for i in range(n):
        b = i % 250 + 1
        stamp = f"2026-11-02T10:{i * 3600 // n // 60:02d}:{i * 3600 // n % 60:02d}.000Z"
        cold = "\tInit Duration: 500.50 ms" if i % 100 == 0 else ""
        lines.append(f"{stamp}\tREPORT RequestId: r{i}\tDuration: {b - 0.25:.2f} ms\tBilled Duration: {b} ms\t"
                     f"Memory Size: 1024 MB\tMax Memory Used: 300 MB{cold}\t")  # fmt: skip
        billed += b
        init += 501 if cold else 0
    path = tmp_path / "api.log"
    path.write_text("\n".join(lines) + "\n")
    return path, billed, init


def test_month_through_the_free_tier(runner: CliRunner, tmp_path: Path) -> None:
    path, billed, init = big_log(tmp_path)
    data = run(runner, str(path))
    seconds = data["window"]["seconds"]
    factor = HOURS_PER_MONTH * 3600 / seconds
    requests = 20_000 * factor
    # Mean billed 125.5 ms (billed as 126), 1% cold starts of 501 ms INIT, 1 GB.
    assert billed == 20_000 * 125.5 and init == 200 * 501
    gb_seconds = requests * 126 / 1000 + requests * 0.01 * 501 / 1000
    expected = (requests - FREE_REQUESTS) * REQUEST + (gb_seconds - FREE_GB_SECONDS) * GB_SECOND
    assert data["month_total"] == pytest.approx(expected, rel=1e-8)
    # The window itself, from each record's own billed ms, no free tier.
    window = 20_000 * REQUEST + (billed + init) / 1000 * GB_SECOND
    assert data["window_total"] == pytest.approx(window, rel=1e-12)


def test_yaml_round_trip_through_estimate_capacity_and_compare(runner: CliRunner, tmp_path: Path) -> None:
    path, billed, init = big_log(tmp_path)
    profile = run(runner, str(path))
    result = runner.invoke(app, ["profile", str(path), "--format", "yaml"])
    assert result.exit_code == 0, result.stderr
    workload = tmp_path / "workload.yaml"
    workload.write_text(result.stdout)
    fn = yaml.safe_load(result.stdout)["functions"][0]
    assert fn["memory"] == "1024MB" and fn["cold_start_rate"] == pytest.approx(0.01)
    assert len(fn["traffic"]["hourly"]) == 24 if "traffic" in fn else True
    est = runner.invoke(app, ["estimate", str(workload), "--format", "json"])
    assert est.exit_code == 0, est.stderr
    total = json.loads(est.stdout)["total"]
    assert total == pytest.approx(profile["month_total"], rel=1e-12)
    assert f"{total:.2f}" == f"{profile['month_total']:.2f}"  # to the cent
    for command in (["capacity", str(workload)], ["compare", str(workload)]):
        outcome = runner.invoke(app, command)
        assert outcome.exit_code == 0, outcome.stderr


def test_right_size_on_one_memory_size(runner: CliRunner) -> None:
    data = run(runner, EXPORT, "--right-size", "--no-free-tier")
    r = data["right_size"][0]
    assert r["model"] == "bounds" and r["smallest_fit_mb"] == 240  # 200 MB used + 20%
    assert r["recommended_mb"] == 240
    pick = next(c for c in r["candidates"] if c["memory_mb"] == 240)
    requests = 12 * HOURS_PER_MONTH * 3600 / WINDOW_S
    # Duration unchanged: the same mean billed duration at 240 MB.
    unchanged = month_of_mean(requests, BILLED_MS / 12, 2 / 12, INIT_MS / 2, 240 / 1024)
    assert pick["month_cost"]["low"] == pytest.approx(unchanged, rel=1e-8)
    # CPU-bound: every record's billed ms x 512/240, rounded up each, then averaged; INIT unchanged.
    scaled = sum(math.ceil(r_[2] * 512 / 240 - 1e-7) for r_ in RECORDS)
    cpu_bound = month_of_mean(requests, scaled / 12, 2 / 12, INIT_MS / 2, 240 / 1024)
    assert pick["month_cost"]["high"] == pytest.approx(cpu_bound, rel=1e-8)
    assert pick["p99_ms"] == {"low": 3000, "high": math.ceil(3000 * 512 / 240)}
    assert r["risk"] == "medium"  # p99 could grow 2.1 times
    now = next(c for c in r["candidates"] if c["memory_mb"] == 512)
    assert now["month_cost"]["low"] == pytest.approx(data["month_total"], rel=1e-9)
    assert "Lower orders-export from 512 MB to 240 MB" in r["advice"]


def test_right_size_with_several_memory_sizes(runner: CliRunner, tmp_path: Path) -> None:
    """A tuning run at 512, 1024 and 2048 MB of work that is 100 ms fixed + 400 ms per vCPU share."""
    lines = []
    for k, memory in enumerate((512, 1024, 2048)):
        billed = math.ceil(100 + 400 * 1769 / memory)
        for i in range(50):
            lines.append(f"2026-11-02T1{k}:{i:02d}:00.000Z\tREPORT RequestId: r{k}-{i}\tDuration: {billed - 0.5} ms\t"
                         f"Billed Duration: {billed} ms\tMemory Size: {memory} MB\tMax Memory Used: 150 MB\t")  # fmt: skip
    path = tmp_path / "tuning.log"
    path.write_text("\n".join(lines) + "\n")
    data = run(runner, str(path), "--right-size", "--no-free-tier")
    r = data["right_size"][0]
    assert r["model"] == "fit"
    assert r["fit_ms"]["a"] == pytest.approx(100, abs=2) and r["fit_ms"]["b_per_vcpu_share"] == pytest.approx(
        400, rel=0.01
    )
    assert r["memory_mb"] == 2048  # the latest records
    assert r["smallest_fit_mb"] == 180
    costs = {c["memory_mb"]: c["month_cost"]["low"] for c in r["candidates"]}
    # Cost grows with memory when part of the work does not scale: the smallest that fits is cheapest.
    assert r["recommended_mb"] == 180 and costs[180] < costs[1024] < costs[10240]
    at_1024 = next(c for c in r["candidates"] if c["memory_mb"] == 1024)
    assert at_1024["p99_ms"]["low"] == pytest.approx(math.ceil(100 + 400 * 1769 / 1024), abs=1)


def test_table_markdown_and_yaml_outputs(runner: CliRunner) -> None:
    for fmt in ("table", "markdown", "yaml"):
        result = runner.invoke(app, ["profile", EXPORT, "--right-size", "--format", fmt])
        assert result.exit_code == 0, result.stderr
        assert "orders-export" in result.stdout
    table = " ".join(runner.invoke(app, ["profile", EXPORT]).stdout.split())
    assert "INIT rule" in table and "1 August 2025" in table and "730 h" in table


def test_malformed_lines_warn_on_stderr(runner: CliRunner) -> None:
    result = runner.invoke(app, ["profile", str(FIXTURES / "orders-mixed.log"), "--format", "json"])
    assert result.exit_code == 0
    path = FIXTURES / "orders-mixed.log"
    assert result.stderr == f"Warning: skipped 2 malformed REPORT lines; first at {path}:21\n"
    assert json.loads(result.stdout)["skipped_malformed"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.log"], "missing.log: file not found"),
        ([str(FIXTURES / "orders-plain.log")], "--window: the records carry no timestamps"),
        ([EXPORT, "--window", "soon"], "--window"),
        ([EXPORT, "--region", "mars-1"], "unknown region 'mars-1'"),
    ],
)
def test_errors_are_one_line_and_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["profile", *args])
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1 and result.stdout == ""


def test_no_reports_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    path.write_text("START RequestId: x\nhello\n")
    result = runner.invoke(app, ["profile", str(path)])
    assert result.exit_code == 2 and result.stderr == f"Error: {path}: no REPORT records found\n"


def report_line(stamp: str, duration: float, billed: int, memory: int, extra: str = "") -> str:
    return (f"{stamp}\tREPORT RequestId: r-{stamp}\tDuration: {duration:.2f} ms\tBilled Duration: {billed} ms\t"
            f"Memory Size: {memory} MB\tMax Memory Used: 90 MB\t{extra}")  # fmt: skip


def test_snapstart_restores_and_the_init_rule_by_date(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "snap.log"
    path.write_text("\n".join([
        report_line("2026-11-02T10:00:00.000Z", 88.02, 89, 1024, "Restore Duration: 474.16 ms\tBilled Restore Duration: 75 ms\t"),
        report_line("2026-11-02T10:30:00.000Z", 10.5, 11, 1024),
        report_line("2025-07-31T10:00:00.000Z", 10.5, 11, 1024, "Init Duration: 300.00 ms\t"),  # INIT not billed then
        report_line("2026-11-02T11:00:00.000Z", 10.5, 11, 1024, "Init Duration: 300.40 ms\t"),
    ]) + "\n")  # fmt: skip
    data = run(runner, str(path))
    w = data["functions"][0]["window"]
    assert w["snapstart_restore_cost"] == pytest.approx(1 * 1024 / 1024 * 0.0001397998, rel=1e-12)
    assert w["snapstart_restore_duration_cost"] == pytest.approx(75 / 1000 * 1.0 * GB_SECOND, rel=1e-9)
    assert w["init_cost"] == pytest.approx(301 / 1000 * 1.0 * GB_SECOND, rel=1e-9)  # one INIT, rounded up
    gb_seconds = (89 + 11 + 11 + 11 + 75 + 301) / 1000
    assert w["total"] == pytest.approx(4 * REQUEST + gb_seconds * GB_SECOND + 0.0001397998, rel=1e-9)
    assert data["init_rule"]["before_august_2025"] == 1 and data["init_rule"]["billed"] == 1
    assert data["workload"]["functions"][0]["snapstart"] == {"restore_rate": 0.25}


def test_arm64_rates(runner: CliRunner) -> None:
    data = run(runner, EXPORT, "--architecture", "arm64")
    arm_gb_second = 0.0000133334
    assert data["window_total"] == pytest.approx(12 * REQUEST + (BILLED_MS + INIT_MS) / 2000 * arm_gb_second, rel=1e-9)
    assert data["workload"]["functions"][0]["architecture"] == "arm64"


def test_a_day_of_logs_writes_the_hourly_profile(runner: CliRunner, tmp_path: Path) -> None:
    """25 hours, twice the traffic from 12:00 to 23:59 UTC: traffic.hourly, and capacity reads it."""
    lines = []
    for minute in range(25 * 60):
        hour = minute // 60 % 24
        for k in range(2 if hour >= 12 else 1):
            stamp = f"2026-11-{2 + minute // 1440:02d}T{hour:02d}:{minute % 60:02d}:{k * 20:02d}.000Z"
            lines.append(report_line(stamp, 99.5, 100, 256))
    path = tmp_path / "day.log"
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["profile", str(path), "--format", "yaml"])
    assert result.exit_code == 0, result.stderr
    hourly = yaml.safe_load(result.stdout)["functions"][0]["traffic"]["hourly"]
    assert hourly[12] == pytest.approx(2 * hourly[11], rel=0.05) and hourly[0] == pytest.approx(1 / 60, rel=0.05)
    workload = tmp_path / "day.yaml"
    workload.write_text(result.stdout)
    assert runner.invoke(app, ["capacity", str(workload)]).exit_code == 0


def test_insights_export_of_messages_only(runner: CliRunner, tmp_path: Path) -> None:
    rows = ["@timestamp,@message"] + [
        f'"2026-11-02 14:0{i}:00.000","{report_line(f"2026-11-02T14:0{i}:00.000Z", 10.5, 11, 128)}"' for i in range(3)
    ]
    path = tmp_path / "insights.csv"
    path.write_text("\n".join(rows) + "\n")
    data = run(runner, str(path))
    assert data["records"] == 3 and data["window"]["seconds"] == 120


def test_insights_without_memory_used_still_profiles_and_right_sizes(runner: CliRunner, tmp_path: Path) -> None:
    rows = ["@timestamp,@billedDuration,@memorySize"] + [
        f"2026-11-02 14:0{i}:00.000,{100 + i},512000000" for i in range(4)
    ]
    path = tmp_path / "insights.csv"
    path.write_text("\n".join(rows) + "\n")
    data = run(runner, str(path), "--right-size")
    assert data["records"] == 4 and data["functions"][0]["max_memory_used_mb"] == {"p99": None, "max": None}
    r = data["right_size"][0]
    assert (
        r["max_memory_used_mb"] is None and r["smallest_fit_mb"] == 512
    )  # nothing known: never below the current size
