"""Hostile surroundings and options: the option parser's errors are one line in our words, and
output that cannot be written (full disk, closed stdout, an ASCII terminal, COLUMNS=0) is one
error line or degrades to ASCII, never a traceback. These run the real entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app, main
from tests.io.test_bad_input import GOOD, assert_one_error_line

Write = Callable[[str, str], Path]
ROOT = Path(__file__).resolve().parent.parent.parent


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    code = exit_info.value.code
    return code if isinstance(code, int) else 1, captured.out, captured.err


def shell(command: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ``command`` in a shell (for redirections such as ``>&-``), with ``$LC`` the entry point."""
    full_env = {**os.environ, "LC": f"{sys.executable} -m lambdacost", **(env or {})}
    proc = subprocess.run(["sh", "-c", command], capture_output=True, env=full_env, timeout=120, cwd=ROOT)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["estimate", "W", "--format", "xml"], "Error: --format: 'xml' is not one of table, json, csv, markdown"),
        (["capacity", "W", "--pc-quantile", "nan"], "Error: --pc-quantile: 'nan' is not a number from 0 to 1"),
        (["capacity", "W", "--pc-quantile", "1.5"], "Error: --pc-quantile: '1.5' is not a number from 0 to 1"),
        (["compare", "--min-instances", "abc"], "Error: --min-instances: 'abc' is not a whole number"),
        (["compare", "--min-instances", "0"], "Error: --min-instances: '0' is not a number from 1 to 10000"),
        (["compare", "--min-instances", "100000000"], "Error: --min-instances: '100000000' is not a number from 1 to"),
        (["compare", "--min-instances", str(10**12)], "Error: --min-instances: '1000000000000' is not a number from"),
        (["estimate", "W", "--detial"], "Error: --detial: no such option; did you mean --detail?"),
        (["estimate", "W", "--format"], "Error: --format: needs a value"),
        (["estimate"], "Error: WORKLOAD: required"),
        (["bogus"], "Error: 'bogus' is not a command"),
    ],
)
def test_option_errors_are_one_line_in_our_words(
    capsys: pytest.CaptureFixture[str], write_file: Write, args: list[str], line: str
) -> None:
    path = write_file("w.yaml", GOOD)
    code, out, err = run_main(capsys, *[str(path) if a == "W" else a for a in args])
    assert_one_error_line(code, out, err, line)
    assert err.startswith(line)
    assert "Value error" not in err and "Input should" not in err


def test_empty_region_option_is_an_error(capsys: pytest.CaptureFixture[str], write_file: Write) -> None:
    path = write_file("w.yaml", GOOD)
    for command in ("estimate", "capacity", "compare"):
        assert_one_error_line(*run_main(capsys, command, str(path), "--region", ""), "--region: unknown region ''")


def test_success_through_main_exits_0(capsys: pytest.CaptureFixture[str], write_file: Write) -> None:
    path = write_file("w.yaml", GOOD)
    code, out, err = run_main(capsys, "estimate", str(path), "--format", "json")
    assert (code, err) == (0, "")
    assert '"name": "shop"' in out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_full_disk_is_one_error_line(fmt: str) -> None:
    code, out, err = shell(f"$LC estimate workloads/rest-api.yaml --format {fmt} > /dev/full")
    assert_one_error_line(code, out, err, "cannot write the result to standard output", "No space left")


def test_closed_stdout_is_an_error_not_success() -> None:
    code, out, err = shell("$LC estimate workloads/rest-api.yaml >&-")
    assert_one_error_line(code, out, err, "standard output is closed")


def test_broken_pipe_is_quiet() -> None:
    code, _, err = shell("$LC estimate workloads/rest-api.yaml --detail | head -c 10 > /dev/null")
    assert "Traceback" not in err and "Exception" not in err


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
    ],
)
@pytest.mark.parametrize("command", ["estimate", "capacity", "compare"])
def test_ascii_terminal_gets_ascii(env: dict[str, str], command: str) -> None:
    code, out, err = shell(f"$LC {command} workloads/rest-api.yaml", env=env)
    assert code == 0, err
    assert err == ""
    assert "$" in out and "orders-api" in out
    out.encode("ascii")  # nothing a strict ASCII terminal cannot show


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "3"])
def test_columns_that_make_no_sense_are_ignored(columns: str) -> None:
    code, out, err = shell("$LC estimate workloads/rest-api.yaml", env={"COLUMNS": columns})
    assert code == 0, err
    assert "orders-api" in out and "$" in out


def test_markup_and_emoji_codes_in_names_are_text(runner: CliRunner, write_file: Write) -> None:
    for name in ["'[/]'", "'[bold]x'", "':thumbs_up:'"]:
        path = write_file("w.yaml", GOOD.replace("name: api", f"name: {name}").replace("name: shop", f"name: {name}"))
        result = runner.invoke(app, ["estimate", str(path)])
        assert result.exit_code == 0, result.stderr
        assert name.strip("'") in result.stdout
        assert "\N{THUMBS UP SIGN}" not in result.stdout


def test_discount_plan_with_a_misspelled_service(runner: CliRunner, tmp_path: Path) -> None:
    prices = tmp_path / "pricing"
    prices.mkdir()
    for f in (ROOT / "pricing").glob("*.yaml"):
        (prices / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    text = (prices / "discounts.yaml").read_text(encoding="utf-8").replace("    ec2: 0.70\n", "    ec2a: 0.70\n", 1)
    (prices / "discounts.yaml").write_text(text, encoding="utf-8")
    args = ["compare", "--memory", "1GB", "--duration", "1s", "--requests", "5/s", "--pricing", str(prices)]
    result = runner.invoke(app, [*args, "--plan", "ec2-spot", "--no-chart"])
    assert_one_error_line(
        result.exit_code,
        result.stdout,
        result.stderr,
        "discounts.yaml: plans.ec2-spot.ec2a (line",
        "unknown service; did you mean 'ec2'?",
    )


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("step: 1}", "step: 1.0e-300}", "step"),
        ("step: 1}", "step: .inf}", "step"),
    ],
)
def test_fargate_table_with_a_step_out_of_bounds(
    runner: CliRunner, tmp_path: Path, old: str, new: str, fragment: str
) -> None:
    prices = tmp_path / "pricing"
    prices.mkdir()
    for f in (ROOT / "pricing").glob("*.yaml"):
        (prices / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    text = (prices / "fargate.yaml").read_text(encoding="utf-8")
    assert old in text
    (prices / "fargate.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    args = ["compare", "--memory", "1GB", "--duration", "1s", "--requests", "5/s", "--vs", "fargate", "--no-chart"]
    result = runner.invoke(app, [*args, "--pricing", str(prices)])
    assert_one_error_line(result.exit_code, result.stdout, result.stderr, "fargate.yaml", fragment)


def test_infinite_rate_in_a_price_table(runner: CliRunner, write_file: Write, tmp_path: Path) -> None:
    prices = tmp_path / "pricing"
    prices.mkdir()
    for f in (ROOT / "pricing").glob("*.yaml"):
        (prices / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    text = (prices / "lambda.yaml").read_text(encoding="utf-8")
    assert "0.0000166667" in text
    (prices / "lambda.yaml").write_text(text.replace("0.0000166667", ".inf", 1), encoding="utf-8")
    path = write_file("w.yaml", GOOD)
    result = runner.invoke(app, ["estimate", str(path), "--pricing", str(prices)])
    assert_one_error_line(result.exit_code, result.stdout, result.stderr, "lambda.yaml", "finite")
