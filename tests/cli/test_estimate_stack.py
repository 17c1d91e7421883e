"""`lambdacost estimate` with a front door and logs: API Gateway, an Application Load Balancer and
CloudWatch Logs as line items of their own, and one error line for bad values.

Expected money is worked out here from the published us-east-1 rates (pricing-facts.md sections 5 and 7).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app

REQUEST = 0.20 / 1_000_000
X86_TIER1 = 0.0000166667
HTTP_API = (1.00 / 1e6, 0.90 / 1e6)  # first 300M, then
REST_API = (3.50 / 1e6, 2.80 / 1e6)  # first 333M, next 667M
ALB_HOUR, LCU_HOUR = 0.0225, 0.008
LOGS_GB, STORAGE_GB_MONTH = 0.50, 0.03
SECONDS_PER_MONTH = 730 * 3600


def run_json(runner: CliRunner, path: Path) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["estimate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def lines(doc: dict, fn: int = 0) -> dict[str, dict]:  # type: ignore[type-arg]
    return {ln["item"]: ln for ln in doc["functions"][fn]["lines"]}


def workload(front_door: str, requests: str, extra: str = "") -> str:
    return (
        f"name: stack\nfree_tier: false\nfront_door: {front_door}\n{extra}functions:\n"
        f"  - name: api\n    memory: 512MB\n    duration: 200ms\n    requests: {requests}\n"
    )


def test_http_api_at_10m_requests(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    doc = run_json(runner, write_file("w.yaml", workload("api_gateway_http", "10M")))
    http = lines(doc)["api_gateway_http"]
    assert http["quantity"] == 10_000_000
    assert http["cost"] == pytest.approx(10_000_000 * HTTP_API[0])  # $10.00
    lambda_cost = 10_000_000 * REQUEST + 10_000_000 * 0.5 * 0.2 * X86_TIER1
    assert doc["total"] == pytest.approx(lambda_cost + 10.0)


def test_http_api_meters_512_kb_increments(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    """A 700 KB request is two 512 KB increments: 1M invocations meter 2M requests."""
    path = write_file("w.yaml", workload("{type: api_gateway_http, request_size: 700KB}", "1M"))
    http = lines(run_json(runner, path))["api_gateway_http"]
    assert http["quantity"] == 2_000_000
    assert http["cost"] == pytest.approx(2_000_000 * HTTP_API[0])


def test_rest_api_crossing_its_first_tier(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    """400M REST requests: 333M at $3.50 per 1M, 67M at $2.80 = $1,165.50 + $187.60 = $1,353.10."""
    doc = run_json(runner, write_file("w.yaml", workload("api_gateway_rest", "400M")))
    rest = lines(doc)["api_gateway_rest"]
    assert rest["cost"] == pytest.approx(333e6 * REST_API[0] + 67e6 * REST_API[1])
    assert rest["cost"] == pytest.approx(1353.10)


def test_rest_api_tiers_count_the_whole_workload(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    """Two functions of 200M each share the account's tiers: together as one of 400M, split by requests."""
    text = (
        workload("api_gateway_rest", "200M")
        + "  - name: other\n    memory: 128MB\n    duration: 10ms\n    requests: 200M\n"
    )
    doc = run_json(runner, write_file("w.yaml", text))
    whole = 333e6 * REST_API[0] + 67e6 * REST_API[1]
    assert lines(doc, 0)["api_gateway_rest"]["cost"] == pytest.approx(whole / 2)
    assert lines(doc, 1)["api_gateway_rest"]["cost"] == pytest.approx(whole / 2)


def test_logs_at_1_kb_per_invocation(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    """10M invocations x (1 KB + 300 bytes of START/END/REPORT) = 13 GB at $0.50; kept 30 days."""
    path = write_file("w.yaml", workload("none", "10M", "logs: {bytes_per_invocation: 1KB, retention_days: 30}\n"))
    doc = run_json(runner, path)
    got = lines(doc)
    gb = 10_000_000 * (1.0 + 0.3) / 1_000_000
    assert got["logs_ingestion"]["quantity"] == pytest.approx(13.0)
    assert got["logs_ingestion"]["cost"] == pytest.approx(gb * LOGS_GB)  # $6.50
    stored = gb * 30 / (730 / 24)  # a month's logs kept 30 days of a 730-hour month, uncompressed
    assert got["logs_storage"]["cost"] == pytest.approx(stored * STORAGE_GB_MONTH)
    assert "START, END and REPORT" in " ".join(doc["stack"]["notes"])
    assert "api_gateway_http" not in got


def test_throttled_requests_reach_the_api_but_write_no_logs(
    runner: CliRunner, write_file: Callable[[str, str], Path]
) -> None:
    """20M requests of 200 ms ask for 20M x 0.2 s / 2,628,000 s = 1.52 concurrent executions; a
    reservation of 1 serves 2,628,000 s / 0.2 s = 13,140,000 of them (flat traffic). API Gateway
    receives (and bills) all 20M; only the 13.14M that run write logs: 13.14M x 1.3 KB = 17.082 GB."""
    extra = "logs: {bytes_per_invocation: 1KB}\n"
    body = workload("api_gateway_http", "20M", extra) + "    reserved_concurrency: 1\n"
    doc = run_json(runner, write_file("w.yaml", body))
    got = lines(doc)
    served = SECONDS_PER_MONTH / 0.2
    assert doc["functions"][0]["throttled_requests"] == pytest.approx(20e6 - served)
    assert got["requests"]["quantity"] == pytest.approx(served)
    assert got["api_gateway_http"]["quantity"] == pytest.approx(20e6)
    assert got["api_gateway_http"]["cost"] == pytest.approx(20e6 * HTTP_API[0])
    assert got["logs_ingestion"]["quantity"] == pytest.approx(served * 1.3 / 1e6)
    assert got["logs_ingestion"]["cost"] == pytest.approx(served * 1.3 / 1e6 * LOGS_GB)


def test_alb_sized_from_aws_example(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    """AWS's ALB example: 5 requests/s over 1 new connection/s lasting 2 minutes, 300 KB/s, 60 rules.

    New connections 1/25 = 0.04 LCU; active 120/3,000 = 0.04; bytes 1.08 GB/h over 0.4 GB (Lambda targets)
    = 2.7; rules 5 x 50 = 250/s over 1,000 = 0.25. The largest: 2.7 LCUs an hour for 730 hours.
    """
    requests = 5 * SECONDS_PER_MONTH
    door = "{type: alb, request_size: 60KB, requests_per_connection: 5, connection_duration: 120s, rules: 60}"
    got = lines(run_json(runner, write_file("w.yaml", workload(door, str(requests)))))
    assert got["alb_hours"]["cost"] == pytest.approx(730 * ALB_HOUR)
    lcus = 5 * 60 * 3600 / 1e6 / 0.4
    assert got["alb_lcus"]["quantity"] == pytest.approx(lcus * 730)
    assert got["alb_lcus"]["cost"] == pytest.approx(lcus * 730 * LCU_HOUR)


def test_function_url_is_free_and_listed(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    got = lines(run_json(runner, write_file("w.yaml", workload("function_url", "1M"))))
    assert got["function_url"]["quantity"] == 1_000_000
    assert got["function_url"]["cost"] == 0


def test_websocket_messages_and_minutes(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    door = "{type: api_gateway_websocket, request_size: 40KB, messages: 3M, connection_minutes: 10M}"
    got = lines(run_json(runner, write_file("w.yaml", workload(door, "1M"))))
    assert got["api_gateway_websocket_messages"]["quantity"] == 6_000_000  # 40 KB is two 32 KB increments
    assert got["api_gateway_websocket_messages"]["cost"] == pytest.approx(6e6 * 1.00 / 1e6)
    assert got["api_gateway_websocket_minutes"]["cost"] == pytest.approx(10e6 * 0.25 / 1e6)


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_every_format_lists_the_stack(runner: CliRunner, fmt: str) -> None:
    from lambdacost.io.loader import data_dir

    path = data_dir("workloads") / "http-api-with-logs.yaml"
    result = runner.invoke(app, ["estimate", str(path), "--format", fmt, "--detail"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    for label in ("API Gateway HTTP API", "CloudWatch Logs ingestion", "CloudWatch Logs storage"):
        assert label in result.stdout or label.replace(" ", "") in result.stdout.replace(" ", "")


def test_29_second_timeout_warning(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    text = workload("api_gateway_rest", "1M").replace("200ms", "40s")
    doc = run_json(runner, write_file("w.yaml", text))
    assert "29-second integration timeout" in doc["stack"]["warnings"][0]


@pytest.mark.parametrize(
    ("snippet", "field", "line"),
    [
        ("front_door: api_gateway_soap\n", "front_door", 3),
        ("front_door: {type: alb, rules: 0}\n", "front_door.rules", 3),
        ("front_door: {type: api_gateway_http, request_size: -5KB}\n", "front_door.request_size", 3),
        ("logs: {bytes_per_invocation: 2KB, retention_days: 31}\n", "logs.retention_days", 3),
        ("logs: {bytes_per_invocation: lots}\n", "logs.bytes_per_invocation", 3),
        ("front_door: {type: api_gateway_http, connection_minutes: 5}\n", "front_door", 3),
    ],
)
def test_bad_values_one_line(
    runner: CliRunner, write_file: Callable[[str, str], Path], snippet: str, field: str, line: int
) -> None:
    path = write_file(
        "bad.yaml", "name: bad\nfree_tier: false\n" + snippet + workload("none", "1M").split("front_door: none\n")[1]
    )
    result = runner.invoke(app, ["estimate", str(path)])
    assert result.exit_code == 2
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1, err
    assert str(path) in err and field in err and f"line {line}" in err, err


def test_capacity_and_decide_warn_of_the_29_second_timeout(
    runner: CliRunner, write_file: Callable[[str, str], Path]
) -> None:
    path = write_file("w.yaml", workload("api_gateway_http", "1M").replace("200ms", "35s"))
    result = runner.invoke(app, ["capacity", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert any("29-second integration timeout" in w for w in json.loads(result.stdout)["warnings"])
    decided = runner.invoke(
        app, ["decide", "--duration", "35s", "--front-door", "api_gateway_rest", "--format", "json"]
    )
    assert decided.exit_code == 0, decided.stderr
    assert "29-second integration timeout" in json.loads(decided.stdout)["notes"][-1]
    short = runner.invoke(app, ["decide", "--duration", "20s", "--front-door", "api_gateway_rest", "--format", "json"])
    assert not any("29-second" in n for n in json.loads(short.stdout)["notes"])


def test_stack_rates_in_every_region_of_the_catalogue() -> None:
    from lambdacost.io import tables

    stack = tables.stack_prices()
    lam = tables.lambda_prices()
    assert set(lam.regions) <= set(stack.regions)
    for code, reg in stack.regions.items():
        if code != "us-east-1":
            assert {"api_gateway_http", "api_gateway_rest", "alb", "cloudwatch_logs"} <= set(reg.unconfirmed)


def test_unconfirmed_stack_rates_are_named(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file(
        "w.yaml", workload("api_gateway_http", "1M").replace("free_tier: false", "free_tier: false\nregion: eu-west-1")
    )
    doc = run_json(runner, path)
    assert "stack.api_gateway_http" in doc["pricing"]["unconfirmed_rates"]
    assert "stack.alb" not in doc["pricing"]["unconfirmed_rates"]


def test_lambda_at_edge_takes_no_front_door(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    edge = "  - name: edge\n    memory: 128MB\n    duration: 5ms\n    requests: 1M\n    edge: true\n"
    doc = run_json(runner, write_file("w.yaml", workload("api_gateway_http", "1M") + edge))
    assert "api_gateway_http" in lines(doc, 0) and "api_gateway_http" not in lines(doc, 1)
    path = write_file("bad.yaml", workload("none", "1M") + edge + "    front_door: api_gateway_http\n")
    result = runner.invoke(app, ["estimate", str(path)])
    assert result.exit_code == 2
    assert "functions[1].front_door (line 14)" in result.stderr and "CloudFront" in result.stderr
