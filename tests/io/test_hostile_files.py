"""Hostile files: each reproduction of issue 11 ("Crashes, hangs, memory") is refused with one
line naming the file (and field and line where there is one), exit 2, no traceback, nothing on
stdout, in bounded time. Commands that could hang or crash run in a subprocess with a timeout."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from lambdacost.cli.app import app
from lambdacost.io import loader
from tests.io.test_bad_input import GOOD, assert_one_error_line, run_estimate

Write = Callable[[str, str], Path]


def cli(*args: str, stdin: bytes | None = None, timeout: float = 60) -> tuple[int, str, str]:
    """Run the real console entry point in a child process (a segfault or a hang cannot take pytest down)."""
    proc = subprocess.run(
        [sys.executable, "-c", "from lambdacost.cli.app import main; main()", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "100"},
    )
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


@pytest.mark.parametrize(
    "text",
    [
        "[" * 30_000,
        "{" * 30_000,
        "name: x\nfunctions: " + "[" * 30_000 + "]" * 30_000 + "\n",
        "- " * 30_000 + "x\n",
        "name: x\nfunctions: " + "[" * 200 + "]" * 200 + "\n",
    ],
    ids=["flow-30000", "mapping-30000", "balanced-30000", "block-30000", "balanced-200"],
)
def test_deep_nesting_is_one_error_not_a_crash(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = cli("estimate", str(path))
    assert code == 2, (code, err[-500:])
    assert_one_error_line(code, out, err, str(path), "nested")


def test_depth_is_bounded_by_the_composer_even_without_libyaml_s_cap(
    runner: CliRunner, write_file: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PyYAML's pure-Python parser has no nesting cap of its own: the bound must come from lambdacost.
    monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    path = write_file("deep.yaml", "name: x\nfunctions: " + "[" * 30_000 + "]" * 30_000 + "\n")
    assert_one_error_line(*run_estimate(runner, path), str(path), f"nested more than {loader.MAX_DEPTH} levels")


def test_nesting_a_real_file_needs_is_accepted(write_file: Write) -> None:
    text = "name: x\nfunctions:\n  - name: a\n    traffic:\n      hourly: [" + ", ".join(["1"] * 24) + "]\n"
    data, _ = loader.parse_yaml(text, "w.yaml")
    assert data["functions"][0]["traffic"]["hourly"] == [1] * 24


def test_dev_zero_is_refused_without_reading_it() -> None:
    code, out, err = cli("estimate", "/dev/zero", timeout=30)
    assert_one_error_line(code, out, err, "/dev/zero", "character device, not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_workload_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "w.yaml"
    os.mkfifo(fifo)
    code, out, err = cli("estimate", str(fifo), timeout=30)
    assert_one_error_line(code, out, err, str(fifo), "named pipe (FIFO)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_as_plot_target_is_refused_without_blocking(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    fifo = tmp_path / "chart.png"
    os.mkfifo(fifo)
    args = ["compare", "--memory", "512MB", "--duration", "100ms", "--requests", "5/s", "--vs", "ec2"]
    code, out, err = cli(*args, "--plot", str(fifo), "--no-chart", timeout=120)
    assert_one_error_line(code, out, err, "--plot", "not a regular file")


def test_input_larger_than_the_limit_on_stdin_is_refused() -> None:
    code, out, err = cli("estimate", "-", stdin=b"#" * (loader.MAX_FILE_BYTES + 10))
    assert_one_error_line(code, out, err, "<stdin>", "the limit is 10 MB")


def test_workload_from_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["estimate", "-", "--format", "json"], input=GOOD)
    assert result.exit_code == 0, result.stderr
    assert '"name": "shop"' in result.stdout
    bad = runner.invoke(app, ["estimate", "-"], input=GOOD.replace("512MB", "64MB"))
    assert_one_error_line(bad.exit_code, bad.stdout, bad.stderr, "<stdin>: functions[0].memory (line 4)", "64 MB")


def test_self_referencing_alias(runner: CliRunner, write_file: Write) -> None:
    path = write_file("self.yaml", "name: x\nfunctions: &x [*x]\n")
    assert_one_error_line(*run_estimate(runner, path), str(path), "(line 2)", "alias *x is inside the &x")


def test_aliases_that_do_not_contain_themselves_still_work(runner: CliRunner, write_file: Write) -> None:
    text = GOOD + "  - &f {name: b, memory: 128MB, duration: 1s, requests: 1}\n"
    text += "other: *f\n"  # an alias to a closed mapping is fine (here an unknown key, reported as such)
    path = write_file("alias.yaml", text)
    assert_one_error_line(*run_estimate(runner, path), str(path), "unknown key 'other'")


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (GOOD + "    memory: 1GB\n", ["functions[0].memory (line 7)", "given twice", "lines 4 and 7"]),
        (GOOD + "name: again\n", ["name (line 7)", "lines 1 and 7"]),
        ("name: x\nfunctions: [{name: a, name: b}]\n", ["functions[0].name (line 2)", "both on line 2"]),
    ],
)
def test_duplicate_keys_are_refused_naming_both_lines(
    runner: CliRunner, write_file: Write, text: str, fragments: list[str]
) -> None:
    path = write_file("dup.yaml", text)
    assert_one_error_line(*run_estimate(runner, path), str(path), *fragments)


def test_merge_keys_are_not_duplicates(write_file: Write) -> None:
    data, _ = loader.parse_yaml("base: &b {a: 1}\nx:\n  <<: *b\n  c: 2\n", "m.yaml")
    assert data["x"] == {"a": 1, "c": 2}


def test_second_document_and_undefined_alias(runner: CliRunner, write_file: Write) -> None:
    path = write_file("two.yaml", GOOD + "---\nname: other\n")
    assert_one_error_line(*run_estimate(runner, path), str(path), "(line 7)", "more than one document")
    path = write_file("undef.yaml", "name: x\nfunctions: *nothing\n")
    assert_one_error_line(*run_estimate(runner, path), str(path), "alias *nothing is not defined")


def test_a_number_of_5000_digits(runner: CliRunner, write_file: Write) -> None:
    # Python refuses to convert integers of more than 4,300 digits (ValueError, a traceback before).
    path = write_file("big.yaml", GOOD.replace("3M/month", "9" * 5000))
    assert_one_error_line(*run_estimate(runner, path), str(path), "functions[0].requests (line 6)", "5,000 characters")


def test_utf16_with_bom_is_read(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "u16.yaml"
    path.write_bytes(GOOD.encode("utf-16"))  # Python writes a byte-order mark
    result = runner.invoke(app, ["estimate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr


def test_utf16_without_bom_is_named(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "u16le.yaml"
    path.write_bytes(GOOD.encode("utf-16-le"))
    assert_one_error_line(*run_estimate(runner, path), str(path), "UTF-16", "save it as UTF-8")


def test_a_5_mb_value_is_not_echoed_whole(runner: CliRunner, write_file: Write) -> None:
    path = write_file("long.yaml", GOOD.replace("3M/month", "x" * 5_000_000))
    code, out, err = run_estimate(runner, path)
    assert_one_error_line(code, out, err, str(path), "functions[0].requests (line 6)", "5,000,002 characters")
    assert len(err) < 400


def test_name_on_says_to_quote_it(runner: CliRunner, write_file: Write) -> None:
    path = write_file("on.yaml", GOOD.replace("name: api", "name: on"))
    assert_one_error_line(*run_estimate(runner, path), str(path), "functions[0].name (line 3)", "True", "quotes")
    path = write_file("num.yaml", GOOD.replace("name: api", "name: 404"))
    assert_one_error_line(*run_estimate(runner, path), str(path), "functions[0].name (line 3)", "number", "quotes")
