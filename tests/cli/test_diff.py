"""`lambdacost diff` and the budget gates, with every expected figure worked out by hand.

Rates (pricing/lambda.yaml, us-east-1, first tiers): requests $0.20 per 1M; duration
x86_64 $0.0000166667 and arm64 $0.0000133334 per GB-s. The files turn the free tier
off so that each function's cost is its own: requests x rate + GB-s x rate.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app
from lambdacost.errors import EXIT_BUDGET
from tests.conftest import WORKLOADS

REQUEST = 0.20 / 1e6
X86 = 0.0000166667
ARM = 0.0000133334

BASE = """\
name: shop
free_tier: false
functions:
  - name: checkout
    memory: 512MB
    duration: 100ms
    requests: 5M/month
  - name: legacy
    memory: 256MB
    duration: 40ms
    requests: 1M/month
  - name: static
    memory: 128MB
    architecture: arm64
    duration: 10ms
    requests: 2M/month
"""

HEAD = """\
name: shop
free_tier: false
functions:
  - name: checkout
    memory: 1GB
    duration: 200ms
    requests: 5M/month
  - name: static
    memory: 128MB
    architecture: arm64
    duration: 10ms
    requests: 2M/month
  - name: search
    memory: 2GB
    architecture: arm64
    duration: 50ms
    requests: 4M/month
"""

# checkout: 5M x 0.1 s x 0.5 GB = 250,000 GB-s before; 5M x 0.2 s x 1 GB = 1,000,000 GB-s after.
CHECKOUT_BEFORE = 5e6 * REQUEST + 250_000 * X86
CHECKOUT_AFTER = 5e6 * REQUEST + 1_000_000 * X86
# legacy (removed): 1M x 0.04 s x 0.25 GB = 10,000 GB-s.
LEGACY = 1e6 * REQUEST + 10_000 * X86
# static (unchanged): 2M x 0.01 s x 0.125 GB = 2,500 GB-s on arm64.
STATIC = 2e6 * REQUEST + 2_500 * ARM
# search (added): 4M x 0.05 s x 2 GB = 400,000 GB-s on arm64.
SEARCH = 4e6 * REQUEST + 400_000 * ARM
BASE_TOTAL = CHECKOUT_BEFORE + LEGACY + STATIC
HEAD_TOTAL = CHECKOUT_AFTER + STATIC + SEARCH


@pytest.fixture
def files(write_file: Callable[[str, str], Path]) -> tuple[Path, Path]:
    return write_file("base.yaml", BASE), write_file("head.yaml", HEAD)


def diff_json(runner: CliRunner, *args: str, code: int = 0) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["diff", *args, "--format", "json"])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def by_name(data: dict) -> dict:  # type: ignore[type-arg]
    return {f["name"]: f for f in data["functions"]}


def test_diff_of_two_files_worked_out_by_hand(runner: CliRunner, files: tuple[Path, Path]) -> None:
    data = diff_json(runner, str(files[0]), str(files[1]))
    assert data["total"]["before"] == pytest.approx(BASE_TOTAL, rel=1e-12)
    assert data["total"]["after"] == pytest.approx(HEAD_TOTAL, rel=1e-12)
    assert data["total"]["change"] == pytest.approx(HEAD_TOTAL - BASE_TOTAL, rel=1e-12)
    assert data["total"]["percent"] == pytest.approx((HEAD_TOTAL - BASE_TOTAL) / BASE_TOTAL * 100, rel=1e-12)
    fns = by_name(data)
    checkout = fns["checkout"]
    assert checkout["status"] == "changed"
    assert checkout["total"]["before"] == pytest.approx(CHECKOUT_BEFORE, rel=1e-12)
    assert checkout["total"]["after"] == pytest.approx(CHECKOUT_AFTER, rel=1e-12)
    lines = {ln["item"]: ln for ln in checkout["lines"]}
    assert set(lines) == {"requests", "duration"}
    assert lines["requests"]["cost"]["change"] == pytest.approx(0.0, abs=1e-12)
    assert lines["duration"]["quantity"]["before"] == pytest.approx(250_000)
    assert lines["duration"]["quantity"]["after"] == pytest.approx(1_000_000)
    assert lines["duration"]["cost"]["change"] == pytest.approx(750_000 * X86, rel=1e-12)
    assert lines["duration"]["cost"]["percent"] == pytest.approx(300.0, rel=1e-9)
    assert checkout["inputs"] == [
        {"field": "memory", "before": 512, "after": 1024},
        {"field": "duration", "before": 100.0, "after": 200.0},
    ]
    assert data["counts"] == {"added": 1, "removed": 1, "changed": 1, "unchanged": 1}
    assert data["summary"] == f"+${HEAD_TOTAL - BASE_TOTAL:,.2f} a month (+{(HEAD_TOTAL / BASE_TOTAL - 1) * 100:.1f}%)"


def test_added_and_removed_functions(runner: CliRunner, files: tuple[Path, Path]) -> None:
    fns = by_name(diff_json(runner, str(files[0]), str(files[1])))
    assert fns["legacy"]["status"] == "removed"
    assert fns["legacy"]["total"] == {"before": pytest.approx(LEGACY, rel=1e-12), "after": 0.0,
                                      "change": pytest.approx(-LEGACY, rel=1e-12), "percent": pytest.approx(-100.0)}  # fmt: skip
    assert fns["search"]["status"] == "added"
    assert fns["search"]["total"]["before"] == 0.0 and fns["search"]["total"]["percent"] is None
    assert fns["search"]["total"]["after"] == pytest.approx(SEARCH, rel=1e-12)
    assert fns["static"]["status"] == "unchanged" and fns["static"]["total"]["change"] == 0.0
    # Removed and added functions are named in every format.
    for fmt in ("table", "markdown"):
        out = runner.invoke(app, ["diff", str(files[0]), str(files[1]), "--format", fmt]).stdout
        assert "legacy" in out and "removed" in out and "search" in out and "added" in out


@pytest.mark.parametrize("path", sorted(WORKLOADS.glob("*.yaml")), ids=lambda p: p.stem)
def test_identical_files_give_zero_change(runner: CliRunner, path: Path) -> None:
    data = diff_json(runner, str(path), str(path))
    assert data["total"]["change"] == 0.0
    assert data["summary"].startswith("No change")
    assert data["inputs"] == []
    for fn in data["functions"]:
        assert fn["status"] == "unchanged" and fn["inputs"] == []
        assert all(ln["cost"]["change"] == 0.0 and ln["quantity"]["change"] == 0.0 for ln in fn["lines"])


def test_markdown_for_a_pull_request_comment(runner: CliRunner, files: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["diff", str(files[0]), str(files[1]), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    md = result.stdout
    first = md.splitlines()[0]
    assert (
        first
        == f"### Lambda cost: +${HEAD_TOTAL - BASE_TOTAL:,.2f} a month (+{(HEAD_TOTAL / BASE_TOTAL - 1) * 100:.1f}%)"
    )
    assert "<details>" in md and "</details>" in md
    assert "memory 512 MB -> 1,024 MB" in md and "duration 100 ms -> 200 ms" in md
    assert "Effective 2026-09-19" in md


def test_set_applies_to_head_only(runner: CliRunner) -> None:
    path = str(WORKLOADS / "rest-api.yaml")
    data = diff_json(runner, path, path, "--set", "*.architecture=x86_64")
    assert data["overrides"] == ["*.architecture=x86_64"]
    for fn in data["functions"]:
        assert fn["inputs"] == [{"field": "architecture", "before": "arm64", "after": "x86_64"}]
        duration = {ln["item"]: ln for ln in fn["lines"]}["duration"]
        # The same GB-s, priced at the x86_64 rate instead of arm64's.
        assert duration["quantity"]["after"] == pytest.approx(duration["quantity"]["before"], rel=1e-12)
        assert duration["cost"]["after"] == pytest.approx(duration["cost"]["before"] * X86 / ARM, rel=1e-9)


# ---------------------------------------------------------------- budget gates


def gated(runner: CliRunner, args: list[str]) -> tuple[int, str, str]:
    result = runner.invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def cents(amount: float) -> str:
    return f"{amount:.2f}"


def test_exit_code_for_over_budget_is_its_own() -> None:
    assert EXIT_BUDGET not in (0, 1, 2)


def test_max_monthly_cost_on_estimate_passes_and_fails_at_the_cent(runner: CliRunner, files: tuple[Path, Path]) -> None:
    total = round(HEAD_TOTAL, 2)
    code, out, err = gated(runner, ["estimate", str(files[1]), "--max-monthly-cost", cents(total)])
    assert code == 0 and err == "" and "checkout" in out
    code, out, err = gated(runner, ["estimate", str(files[1]), "--max-monthly-cost", cents(total - 0.01)])
    assert code == EXIT_BUDGET
    assert "checkout" in out  # the report is still printed
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Over budget: --max-monthly-cost $")
    assert f"${total:,.2f}" in lines[0] and "$0.01 over" in lines[0]


def test_max_monthly_cost_on_diff_checks_head(runner: CliRunner, files: tuple[Path, Path]) -> None:
    args = ["diff", str(files[0]), str(files[1]), "--max-monthly-cost"]
    assert gated(runner, [*args, cents(round(HEAD_TOTAL, 2))])[0] == 0
    code, out, err = gated(runner, [*args, cents(round(HEAD_TOTAL, 2) - 0.01)])
    assert code == EXIT_BUDGET and "checkout" in out and len(err.strip().splitlines()) == 1


def test_max_increase_in_dollars_at_its_edge(runner: CliRunner, files: tuple[Path, Path]) -> None:
    increase = round(HEAD_TOTAL - BASE_TOTAL, 2)
    args = ["diff", str(files[0]), str(files[1]), "--max-increase"]
    assert gated(runner, [*args, cents(increase)])[0] == 0
    code, out, err = gated(runner, [*args, cents(increase - 0.01)])
    assert code == EXIT_BUDGET
    assert err.strip().startswith("Over budget: --max-increase $") and "$0.01 over" in err
    assert len(err.strip().splitlines()) == 1


def test_max_increase_in_percent_at_its_edge(runner: CliRunner, files: tuple[Path, Path]) -> None:
    increase = HEAD_TOTAL - BASE_TOTAL
    args = ["diff", str(files[0]), str(files[1]), "--max-increase"]
    # A limit of exactly the increase passes; one that allows a cent less fails.
    assert gated(runner, [*args, f"{increase / BASE_TOTAL * 100!r}%"])[0] == 0
    code, _, err = gated(runner, [*args, f"{(increase - 0.01) / BASE_TOTAL * 100!r}%"])
    assert code == EXIT_BUDGET and "--max-increase" in err and "%" in err
    # A decrease never fails an increase gate.
    assert gated(runner, ["diff", str(files[1]), str(files[0]), "--max-increase", "0%"])[0] == 0


def test_gates_in_json_say_what_was_checked(runner: CliRunner, files: tuple[Path, Path]) -> None:
    data = diff_json(runner, str(files[0]), str(files[1]), "--max-increase", "10", "--max-monthly-cost", "1000",
                     code=EXIT_BUDGET)  # fmt: skip
    gates = {g["option"]: g for g in data["budget"]}
    assert gates["--max-monthly-cost"]["passed"] is True
    inc = gates["--max-increase"]
    assert inc["passed"] is False and inc["allowed"] == 10.0
    assert inc["over_by"] == pytest.approx(HEAD_TOTAL - BASE_TOTAL - 10, rel=1e-12)


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["--max-monthly-cost", "lots"], "--max-monthly-cost"),
        (["--max-monthly-cost", "10%"], "--max-monthly-cost"),
        (["--max-monthly-cost", "-5"], "--max-monthly-cost"),
        (["--max-increase", "nan"], "--max-increase"),
        (["--max-increase", "inf%"], "--max-increase"),
    ],
)
def test_bad_limits_are_one_error_line(
    runner: CliRunner, files: tuple[Path, Path], args: list[str], where: str
) -> None:
    code, out, err = gated(runner, ["diff", str(files[0]), str(files[1]), *args])
    assert code == 2 and out == ""
    assert err.startswith(f"Error: {where}: ") and len(err.strip().splitlines()) == 1


def test_a_bad_head_file_is_input_error_not_budget(runner: CliRunner, files: tuple[Path, Path], write_file) -> None:
    bad = write_file("bad.yaml", "name: x\nfunctions: 3\n")
    code, out, err = gated(runner, ["diff", str(files[0]), str(bad), "--max-monthly-cost", "1"])
    assert code == 2 and out == "" and err.startswith(f"Error: {bad}: functions")


def test_money_is_never_cut_short_on_a_narrow_terminal(runner: CliRunner, files: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["diff", str(files[0]), str(files[1])], env={"COLUMNS": "60"})
    assert result.exit_code == 0
    assert "…" not in result.stdout
    assert f"${HEAD_TOTAL:,.2f}" in result.stdout and f"${BASE_TOTAL:,.2f}" in result.stdout
