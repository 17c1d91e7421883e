"""Bad input: one clear line on stderr naming file, field and line; exit 2; no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app

GOOD = """\
name: shop
functions:
  - name: api
    memory: 512MB
    duration: 120ms
    requests: 3M/month
"""


def run_estimate(runner: CliRunner, path: Path | str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["estimate", str(path), *args])
    return result.exit_code, result.stdout, result.stderr


def assert_one_error_line(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 2, (code, out, err)
    assert out == ""  # nothing half-written
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("name: shop\nfunctions: [\n", ["invalid YAML", "line"]),
        (
            GOOD.replace("memory: 512MB", "memroy: 512MB"),
            ["functions[0].memroy (line 4)", "unknown key 'memroy'", "did you mean 'memory'?"],
        ),
        (GOOD.replace("512MB", "512 MBs"), ["functions[0].memory (line 4)", "'512 MBs' is not a size"]),
        (GOOD.replace("512MB", "64MB"), ["functions[0].memory", "64 MB is out of range", "128 MB to 10,240 MB"]),
        (GOOD.replace("512MB", "20GB"), ["functions[0].memory", "out of range"]),
        (GOOD.replace("3M/month", "-5"), ["functions[0].requests (line 6)", "negative"]),
        (
            GOOD.replace("120ms", "20m"),
            ["functions[0].duration (line 5)", "hard limit of 900 s", "lambdacost decide --duration 20m"],
        ),
        (GOOD.replace("120ms", "120"), ["functions[0].duration", "has no unit"]),
        (GOOD + "extra_top: 1\n", ["extra_top (line 7)", "unknown key"]),
        (GOOD.replace("name: shop\n", ""), ["name", "required key is missing"]),
        (GOOD + "    architecture: arm\n", ["functions[0].architecture (line 7)", "'arm' is not allowed"]),
        ("- just\n- a list\n", ["expected a mapping"]),
        (GOOD + "    edge: true\n    architecture: arm64\n", ["functions[0].edge", "x86_64 only"]),
        (
            GOOD + "    provisioned_concurrency: {count: 1, hours_per_month: 1, requests_served: 1M}\n",
            ["functions[0].provisioned_concurrency.requests_served", "more than 1 environments can serve"],
        ),
        (GOOD + "    cold_start_rate: 150%\n", ["functions[0].cold_start_rate", "outside 0% to 100%"]),
        (
            GOOD + "  - name: api\n    memory: 128\n    duration: 1s\n    requests: 1\n",
            ["functions", "two functions are named 'api'"],
        ),
    ],
)
def test_bad_workload_file(
    runner: CliRunner, write_file: Callable[[str, str], Path], text: str, fragments: list[str]
) -> None:
    path = write_file("w.yaml", text)
    code, out, err = run_estimate(runner, path)
    assert_one_error_line(code, out, err, str(path), *fragments)


def test_empty_file(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file("empty.yaml", "")
    assert_one_error_line(*run_estimate(runner, path), str(path), "file is empty")
    path = write_file("comments.yaml", "# nothing here\n")
    assert_one_error_line(*run_estimate(runner, path), str(path), "empty")


def test_binary_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    assert_one_error_line(*run_estimate(runner, path), str(path), "binary file")


def test_not_utf8(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: caf\xe9\n".encode("latin-1"))
    assert_one_error_line(*run_estimate(runner, path), str(path), "not UTF-8")


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert_one_error_line(*run_estimate(runner, path), str(path), "file not found")


def test_directory(runner: CliRunner, tmp_path: Path) -> None:
    assert_one_error_line(*run_estimate(runner, tmp_path), "is a directory")


def test_file_over_10_mb(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("w") as f:
        f.write(GOOD)
        f.write("#" * (10 * 1024 * 1024 + 1))
    assert_one_error_line(*run_estimate(runner, path), str(path), "the limit is 10 MB")


def test_yaml_alias_bomb(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    path = write_file("bomb.yaml", "\n".join(lines) + "\nname: x\nfunctions: []\n")
    assert_one_error_line(*run_estimate(runner, path), str(path), "alias bomb")


def test_unsafe_yaml_tags_are_refused(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file("evil.yaml", "name: !!python/object/apply:os.system ['echo hacked']\nfunctions: []\n")
    assert_one_error_line(*run_estimate(runner, path), str(path), "invalid YAML")


def test_unknown_region_lists_known_ones(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file("w.yaml", GOOD + "region: mars-north-1\n")
    assert_one_error_line(
        *run_estimate(runner, path), str(path), "region", "unknown region 'mars-north-1'", "us-east-1", "af-south-1"
    )
    path = write_file("ok.yaml", GOOD)
    assert_one_error_line(*run_estimate(runner, path, "--region", "xx-1"), "--region", "known regions")


def test_bad_option_value_exits_2(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    path = write_file("w.yaml", GOOD)
    result = runner.invoke(app, ["estimate", str(path), "--format", "xml"])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_broken_price_table(runner: CliRunner, write_file: Callable[[str, str], Path], tmp_path: Path) -> None:
    path = write_file("w.yaml", GOOD)
    (tmp_path / "prices").mkdir()
    (tmp_path / "prices" / "lambda.yaml").write_text("kind: lambda\nsource: x\n", encoding="utf-8")
    result = runner.invoke(app, ["estimate", str(path), "--pricing", str(tmp_path / "prices")])
    assert_one_error_line(result.exit_code, result.stdout, result.stderr, "lambda.yaml", "required key is missing")


def test_a_large_file_without_aliases_is_not_an_alias_bomb(
    runner: CliRunner, write_file: Callable[[str, str], Path]
) -> None:
    functions = "".join(
        f"  - name: f{i}\n    memory: 128MB\n    duration: 10ms\n    requests: 1k\n" for i in range(25_000)
    )
    path = write_file("big.yaml", "name: big\nfree_tier: false\nfunctions:\n" + functions)
    result = runner.invoke(app, ["estimate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
