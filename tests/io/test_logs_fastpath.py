"""The reader's vectorized path and its per-line regular expression read the same records alike."""

from __future__ import annotations

import numpy as np

from lambdacost.io.logs.records import from_rows
from lambdacost.io.logs.text import _slow_row, _timestamps, parse_block

MIXED = (
    b"2026-11-02T10:20:30.123Z\tREPORT RequestId: a1\tDuration: 102.25 ms\tBilled Duration: 103 ms\t"
    b"Memory Size: 1024 MB\tMax Memory Used: 77 MB\t\n"
    b"XRAY TraceId: 1-6745a1b2-0001\tSegmentId: 01\tSampled: true\t\n"
    b"2024-02-29 23:59:59.5\tREPORT RequestId: a2\tDuration: 0.5 ms\tBilled Duration: 1 ms\t"
    b"Memory Size: 128 MB\tMax Memory Used: 60 MB\tInit Duration: 250.75 ms\t\n"
    b"1730542830000\tREPORT RequestId: a3 Duration: 7. ms Billed Duration: 8 ms Memory Size: 512 MB "
    b"Max Memory Used: 99 MB\n"
    b"REPORT RequestId: a4\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 2048 MB\t"
    b"Max Memory Used: 2048 MB\tStatus: timeout\n"
    b"1999-12-31T00:00:00\tREPORT RequestId: a5\tDuration:  12.5 ms\tBilled Duration: 13 ms\t"
    b"Memory Size: 256 MB\tMax Memory Used: 100 MB\t\n"
    b"2026-11-02T10:20:31.000Z\tREPORT RequestId: a6\tDuration: 899999.99 ms\tBilled Duration: 900000 ms\t"
    b"Memory Size: 10240 MB\tMax Memory Used: 1 MB\tInit Duration: .5 ms\t\n"
)


def _general(buf: bytes) -> list[tuple[float, ...]]:
    """Every REPORT line through the regular expression, one at a time (the general path)."""
    rows = []
    a = np.frombuffer(buf + b" " * 64, np.uint8)
    start = 0
    for line in buf.split(b"\n"):
        at = line.find(b"REPORT RequestId")
        if at >= 0:
            stamp = float(_timestamps(a, np.array([start]), np.array([start + at]))[0])
            row = _slow_row(buf, start + at, start + len(line), stamp)
            assert row is not None, line
            rows.append(row)
        start += len(line) + 1
    return rows


def test_fast_and_general_paths_agree_on_a_mixed_sample() -> None:
    fast = parse_block(MIXED).reports
    general = from_rows(_general(MIXED))
    assert len(fast) == len(general) == 6
    order = np.argsort(fast.duration_ms)  # the block groups records by path; compare them in one order
    expected = np.argsort(general.duration_ms)
    for name in ("timestamp_ms", "duration_ms", "billed_ms", "memory_mb", "max_used_mb", "init_ms", "status"):
        np.testing.assert_array_equal(getattr(fast, name)[order], getattr(general, name)[expected], err_msg=name)
    # 2024-02-29 23:59:59.5 UTC, counted by hand: 19,782 days after 1970-01-01.
    assert 1_709_251_199_500.0 in fast.timestamp_ms
    assert 102.25 in fast.duration_ms and 0.5 in fast.init_ms
