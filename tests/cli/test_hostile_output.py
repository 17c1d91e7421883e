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


EVIL = r'"ev\e]0;title\a\e[31mred\u202eevil"'


@pytest.mark.parametrize(
    "args",
    [
        ["estimate"],
        ["estimate", "--format", "markdown"],
        ["estimate", "--format", "csv"],
        ["estimate", "--summary"],
        ["capacity"],
        ["capacity", "--format", "markdown"],
        ["compare", "--no-chart"],
        ["compare", "--format", "markdown"],
    ],
)
def test_escapes_and_bidi_controls_in_names_never_reach_the_terminal(
    runner: CliRunner, write_file: Write, args: list[str]
) -> None:
    text = GOOD.replace("name: api", f"name: {EVIL}").replace("name: shop", f"name: {EVIL}")
    path = write_file("w.yaml", text)
    result = runner.invoke(app, [args[0], str(path), *args[1:]])
    assert result.exit_code == 0, result.stderr
    for hidden in ("\x1b", "\x07", "\u202e"):
        assert hidden not in result.stdout
    assert "\\x1b" in result.stdout  # shown, not hidden: the reader sees what the name holds


def test_json_keeps_names_exact(runner: CliRunner, write_file: Write) -> None:
    import json

    path = write_file("w.yaml", GOOD.replace("name: api", f"name: {EVIL}"))
    result = runner.invoke(app, ["estimate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout  # JSON escapes it...
    assert json.loads(result.stdout)["functions"][0]["name"] == "ev\x1b]0;title\x07\x1b[31mred\u202eevil"  # ...exactly


def test_dollar_in_a_name_on_the_plot(runner: CliRunner, write_file: Write, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    path = write_file("w.yaml", GOOD.replace("name: shop", "name: 'a $5 plan $x^2$ $'"))
    out = tmp_path / "chart.png"
    previous = os.umask(0o022)
    try:
        result = runner.invoke(app, ["compare", str(path), "--plot", str(out), "--no-chart", "--vs", "ec2"])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    assert out.stat().st_mode & 0o777 == 0o644  # an ordinary file, as the umask says (not the temp file's 0600)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["decide", "--duration", "9" * 401 + "s"], "--duration"),
        (["decide", "--duration", "40m", "--runs", "9" * 401], "--runs"),
        (["compare", "--memory", "9" * 401 + "MB", "--duration", "1s", "--requests", "1/s"], "--memory"),
        (["compare", "--memory", "1GB", "--duration", "1s", "--requests", "9" * 401], "--requests"),
    ],
)
def test_numbers_too_big_for_a_float_on_the_command_line(
    capsys: pytest.CaptureFixture[str], args: list[str], fragment: str
) -> None:
    code, out, err = run_main(capsys, *args)
    assert_one_error_line(code, out, err, fragment, "too large")


def test_numbers_for_people_never_use_scientific_notation() -> None:
    from lambdacost.render.common import plain_number, quantity_text
    from lambdacost.render.compare_chart import short_count
    from lambdacost.schema.units import format_duration_s, format_size_mb

    assert plain_number(6.849e-05) == "0.00006849"
    assert plain_number(22_520.3) == "22,520"
    assert plain_number(1.23456) == "1.235"
    assert quantity_text(6.849e-05) == "0.00006849"
    assert short_count(999.6) == "1,000"  # was "1e+03"
    assert short_count(1_200) == "1.2k"
    assert format_size_mb(22_520) == "22520 MB"
    assert "e+" not in format_size_mb(22_520_000) and "e-" not in format_duration_s(1e-7)


def test_compare_at_a_large_load_has_plain_figures(runner: CliRunner) -> None:
    import re

    args = ["compare", "--memory", "1GB", "--duration", "200ms", "--requests", "3000/s", "--vs", "ec2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert not re.search(r"\d\.?\d*e[+-]?\d", result.stdout), result.stdout
    assert re.search(r"\$[0-9.,]+[kMBT]?┤", result.stdout)  # the cost axis in dollars


def test_csv_numbers_have_no_float_noise() -> None:
    from lambdacost.render.common import csv_number

    assert csv_number(0.1 + 0.2 - 0.1) == "0.2"  # 0.20000000000000004 in binary
    assert csv_number(0.19999999999999998) == "0.2"
    assert csv_number(2e-07) == "0.0000002"
    assert csv_number(3_000_000.0) == "3000000"
    assert csv_number(-0.2) == "-0.2"


def test_markdown_estimate_carries_the_capacity_warnings(runner: CliRunner, write_file: Write) -> None:
    # 50 requests/s x 2 s = 100 concurrent executions against an account limit of 10.
    text = GOOD.replace("120ms", "2s").replace("3M/month", "50/s") + "account_concurrency_limit: 10\n"
    path = write_file("busy.yaml", text)
    result = runner.invoke(app, ["estimate", str(path), "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("- **Warning:**")]
    assert len(warnings) == 1 and "api" in warnings[0] and "throttled" in warnings[0]
    assert "**Capacity:**" in result.stdout and "limit 10" in result.stdout
