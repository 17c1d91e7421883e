"""Lambda@Edge: AWS publishes no INIT billing for it, so cold_start_rate and init_duration are refused
on edge functions (one line, exit 2) instead of being accepted and silently not billed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.io.test_bad_input import assert_one_error_line, run_estimate

EDGE = """\
name: cdn
functions:
  - name: headers
    edge: true
    memory: 128MB
    duration: 50ms
    requests: 10M/month
"""


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ("    cold_start_rate: 10%\n", "functions[0].cold_start_rate (line 8)"),
        ("    init_duration: 1s\n", "functions[0].init_duration (line 8)"),
        ("    init_duration: 1s\n    cold_start_rate: 10%\n", "functions[0].cold_start_rate (line 9)"),
    ],
)
def test_edge_init_fields_are_refused(
    runner: CliRunner, write_file: Callable[[str, str], Path], extra: str, field: str
) -> None:
    path = write_file("w.yaml", EDGE + extra)
    code, out, err = run_estimate(runner, path)
    assert_one_error_line(code, out, err, str(path), field, "INIT billing is not published for Lambda@Edge")


def test_edge_without_init_is_priced_at_edge_rates(runner: CliRunner, write_file: Callable[[str, str], Path]) -> None:
    # pricing/lambda.yaml edge: $0.60 per 1M requests, $0.00005001 per GB-s, no free tier.
    # 10,000,000 x $0.0000006 = $6; 10,000,000 x 0.05 s x 0.125 GB = 62,500 GB-s x $0.00005001 = $3.125625.
    # An explicit 0 is no INIT at all and is accepted.
    path = write_file("w.yaml", EDGE + "    cold_start_rate: 0%\n")
    code, out, err = run_estimate(runner, path, "--format", "csv")
    assert code == 0, err
    assert out.strip().splitlines()[-1] == "cdn,us-east-1,,total,Total,,USD,,9.125625"
