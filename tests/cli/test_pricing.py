"""``lambdacost pricing update`` and ``pricing show``, and the price set every command uses.

The offer-file fixtures (tests/fixtures/pricelist/, AWS's exact shape) carry the
same Lambda rates as the shipped tables for us-east-1, eu-west-2,
ap-northeast-1 and sa-east-1: an estimate priced from tables built from them
must equal one priced from the shipped tables (the round trip).
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app
from lambdacost.io import tables
from tests.conftest import WORKLOADS

OFFERS = Path(__file__).resolve().parent.parent / "fixtures" / "pricelist"


def invoke(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env=env)


def update(runner: CliRunner, out: Path, *paths: Path) -> Any:
    result = invoke(runner, "pricing", "update", "--from", *map(str, paths or (OFFERS,)), "--out", str(out))
    assert result.exit_code == 0, result.stderr + result.stdout
    return result


def estimate(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = invoke(runner, "estimate", *args, "--format", "json", env=env)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-2", "ap-northeast-1", "sa-east-1"])
@pytest.mark.parametrize("workload", ["rest-api.yaml", "mobile-backend.yaml", "ml-inference.yaml", "edge-headers.yaml"])
def test_round_trip_gives_the_shipped_estimate(runner: CliRunner, tmp_path: Path, region: str, workload: str) -> None:
    out = tmp_path / "set"
    update(runner, out)
    path = str(WORKLOADS / workload)
    shipped = estimate(runner, path, "--region", region)
    imported = estimate(runner, path, "--region", region, "--pricing", str(out))
    assert imported["total"] == shipped["total"]
    assert [f["lines"] for f in imported["functions"]] == [f["lines"] for f in shipped["functions"]]
    assert imported["price_set"]["name"] == "AWS Price List" and shipped["price_set"]["name"] == "shipped"


def test_round_trip_by_hand(runner: CliRunner, tmp_path: Path) -> None:
    # mobile-backend: 3M requests, 540,000 GB-s x86 (test_estimate.py); eu-west-2 tier 1 $0.0000166667.
    out = tmp_path / "set"
    update(runner, out)
    data = estimate(
        runner, str(WORKLOADS / "mobile-backend.yaml"), "--no-free-tier", "-r", "eu-west-2", "--pricing", str(out)
    )
    assert data["total"] == pytest.approx(540_000 * 0.0000166667 + 3_000_000 * 0.2 / 1e6)


def test_default_goes_to_the_user_data_folder_and_is_then_in_force(
    runner: CliRunner, tmp_path: Path, _no_user_price_set: Path
) -> None:
    result = invoke(runner, "pricing", "update", "--from", str(OFFERS))
    assert result.exit_code == 0, result.stderr
    assert (_no_user_price_set / "price-set.yaml").is_file()
    assert "Every command now uses it" in result.stdout
    assert "Note: " in result.stderr and "t2.nano" in result.stderr
    show = json.loads(invoke(runner, "pricing", "show", "--format", "json").stdout)
    assert show["price_set"]["origin"] == "user data folder" and show["price_set"]["published"] == "2026-09-25"
    assert {o["offer_code"] for o in show["manifest"]["offers"]} >= {"AWSLambda", "AmazonEC2", "AmazonECS"}
    # Every command names the set: estimate, compare, decide, regions.
    path = str(WORKLOADS / "rest-api.yaml")
    assert estimate(runner, path)["price_set"]["origin"] == "user data folder"
    for args in (["compare", path], ["decide", "-d", "40m"], ["regions"], ["capacity", path]):
        text = invoke(runner, *args).stdout
        assert "Price set: AWS Price List, published 2026-09-25 (from user data folder" in text, args
    # The imported EC2 prices are the ones compare uses: us-east-1 m8g.large exists only in the offer.
    data = json.loads(invoke(runner, "compare", path, "--instance", "m8g.large", "--format", "json").stdout)
    assert data["options"][0]["monthly_cost"] == pytest.approx(730 * 0.08976)
    # --pricing and the environment variable override it.
    shipped = str(tables.shipped_pricing_dir())
    assert estimate(runner, path, "--pricing", shipped)["price_set"]["origin"] == "--pricing"
    env = estimate(runner, path, env={tables.PRICING_ENV: shipped})["price_set"]
    assert (env["origin"], env["name"]) == (tables.PRICING_ENV, "shipped")


def test_show_the_shipped_set(runner: CliRunner) -> None:
    result = invoke(runner, "pricing", "show")
    assert result.exit_code == 0
    assert "Price set in force: shipped, published 2026-09-19" in result.stdout
    data = json.loads(invoke(runner, "pricing", "show", "-f", "json").stdout)
    assert [t["table"] for t in data["tables"]] == ["lambda", "ec2", "fargate", "discounts", "services", "stack"]
    assert data["price_set"] == {"name": "shipped", "published": "2026-09-19", "origin": "shipped", "folder": None}


def _bad_files(tmp_path: Path) -> list[tuple[Path, str]]:
    lam = (OFFERS / "AWSLambda/current/index.json").read_text()
    cases = {
        "notes.json": ('{"hello": "world"}', "has no offerCode"),
        "cut.json": (lam[: len(lam) // 2], "truncated"),
        "empty.json": ("", "invalid JSON"),
        "binary.json": ("\x00\x01\x02", "invalid JSON"),
    }
    out = []
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out.append((path, message))
    return out


def test_bad_input_keeps_the_previous_tables(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "set"
    update(runner, out)
    before = snapshot(out)
    for path, message in _bad_files(tmp_path):
        result = invoke(runner, "pricing", "update", "--from", str(OFFERS), str(path), "--out", str(out))
        assert result.exit_code == 2, (path, result.stdout)
        line = result.stderr.strip()
        assert line.startswith(f"Error: {path}: ") and message in line and "\n" not in line, line
        assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary folder left


@pytest.mark.parametrize(
    ("args", "start"),
    [
        ([], "Error: --from: give offer files"),
        (["--from", str(OFFERS), "--download"], "Error: --download: "),
        (["--from", str(OFFERS), "--regions", "eu-west-1"], "Error: --regions: "),
        (["--download", "--regions", "Europe"], "Error: --regions: 'Europe' is not a region code"),
    ],
)
def test_bad_options(runner: CliRunner, args: list[str], start: str) -> None:
    result = invoke(runner, "pricing", "update", *args)
    assert result.exit_code == 2 and result.stderr.startswith(start), result.stderr


def test_refuses_to_replace_a_folder_that_is_not_a_price_set(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = invoke(runner, "pricing", "update", "--from", str(OFFERS), "--out", str(tmp_path))
    assert result.exit_code == 2 and "has no price-set.yaml" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


# ---------------------------------------------------------------- --download from a local server


@pytest.fixture
def price_list_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """AWS's endpoint layout (/offers/v1.0/aws/<offer>/current/...) over the fixtures, on 127.0.0.1."""
    root = tmp_path_factory.mktemp("www")
    (root / "offers" / "v1.0").mkdir(parents=True)
    (root / "offers" / "v1.0" / "aws").symlink_to(OFFERS)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_download(runner: CliRunner, tmp_path: Path, price_list_server: str) -> None:
    out = tmp_path / "set"
    result = invoke(runner, "pricing", "update", "--download", "--regions", "us-east-1", "--out", str(out),
                    env={"LAMBDACOST_PRICE_LIST_URL": price_list_server})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    show = json.loads(invoke(runner, "pricing", "show", "--pricing", str(out), "-f", "json").stdout)
    files = {o["file"] for o in show["manifest"]["offers"]}
    assert f"{price_list_server}/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.json" in files
    assert f"{price_list_server}/offers/v1.0/aws/AWSLambda/current/index.json" in files
    # The same tables as from the files themselves.
    update(runner, tmp_path / "from-files", OFFERS / "AWSLambda", OFFERS / "AmazonCloudFront",
           OFFERS / "AmazonEC2/current/us-east-1", OFFERS / "AmazonECS/current/us-east-1")  # fmt: skip
    for name in ("lambda.yaml", "ec2.yaml", "fargate.yaml"):
        assert (out / name).read_text() == (tmp_path / "from-files" / name).read_text()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # downloads removed


def test_download_of_a_missing_file_names_the_url(runner: CliRunner, tmp_path: Path, price_list_server: str) -> None:
    out = tmp_path / "set"
    update(runner, out)
    before = snapshot(out)
    # eu-west-2's EC2 fixture is CSV only: its index.json is not there (HTTP 404).
    result = invoke(runner, "pricing", "update", "--download", "--regions", "eu-west-2", "--out", str(out),
                    "--endpoint", price_list_server)  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: {price_list_server}/offers/v1.0/aws/AmazonEC2/current/eu-west-2/index.json: "
    )
    assert "HTTP 404" in result.stderr
    assert snapshot(out) == before


def test_a_hand_made_folder_without_manifest_is_named_after_itself(runner: CliRunner, tmp_path: Path) -> None:
    # Only lambda.yaml, as before price sets: estimate works and names the folder and the table's date.
    (tmp_path / "lambda.yaml").write_bytes((tables.shipped_pricing_dir() / "lambda.yaml").read_bytes())
    data = estimate(runner, str(WORKLOADS / "rest-api.yaml"), "--pricing", str(tmp_path))
    assert data["price_set"] == {
        "name": str(tmp_path),
        "published": tables.lambda_prices().effective_date.isoformat(),
        "origin": "--pricing",
        "folder": str(tmp_path),
    }


class _CutHandler(http.server.BaseHTTPRequestHandler):
    """Announces the whole Lambda offer file, sends half of it, and hangs up."""

    def do_GET(self) -> None:
        body = (OFFERS / "AWSLambda/current/index.json").read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_download_cut_short_is_an_error_and_keeps_the_tables(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "set"
    update(runner, out)
    before = snapshot(out)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CutHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        result = invoke(runner, "pricing", "update", "--download", "--out", str(out), "--endpoint", url)
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.startswith(f"Error: {url}/offers/v1.0/aws/AWSLambda/current/index.json: download ") and "\n" not in line
    assert snapshot(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
