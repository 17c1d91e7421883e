"""The values `sweep` tries: lists, ranges with a step, with a number of points, and the defaults."""

from __future__ import annotations

import pytest

from lambdacost.errors import UsageError
from lambdacost.plan.ranges import DURATION, MEMORY, REQUESTS, architectures, axis_values


def test_memory_range_defaults_to_every_64_mb() -> None:
    values = axis_values(MEMORY, "128MB..3GB").tolist()
    assert values[:3] == [128, 192, 256] and values[-1] == 3072 and len(values) == (3072 - 128) // 64 + 1


def test_step_keeps_the_upper_end_and_count_spaces_evenly() -> None:
    assert axis_values(MEMORY, "128MB..1000MB:256MB").tolist() == [128, 384, 640, 896, 1000]
    assert axis_values(DURATION, "100ms..1s/4").tolist() == pytest.approx([100, 400, 700, 1000])
    assert axis_values(REQUESTS, "1M..10M").tolist() == pytest.approx([1e6 * k for k in range(1, 11)])
    assert axis_values(REQUESTS, "100k/day..1M/day/2").tolist() == pytest.approx([100e3 * 730 / 24, 1e6 * 730 / 24])


def test_lists_and_rounding_to_whole_mb() -> None:
    assert axis_values(MEMORY, "512MB,1GB,1.5GB").tolist() == [512, 1024, 1536]
    assert axis_values(MEMORY, "128MB..130MB/5").tolist() == [128, 129, 130]  # 128.5 rounds to 128 and is dropped
    assert architectures("arm64, x86_64") == ["arm64", "x86_64"]


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (MEMORY, "64MB..1GB", "'64MB' is out of range"),
        (MEMORY, "1GB..512MB", "the range runs down"),
        (MEMORY, "128MB..1GB:0MB", "the step '0MB' must be above 0"),
        (MEMORY, "128MB..10GB:1MB/5", "not both"),
        (DURATION, "100..200ms", "has no unit"),
        (DURATION, "1s..20m", "out of range"),
        (REQUESTS, "1M..1B:1", "the limit is 100,000 per axis"),
        (MEMORY, ",", "no values"),
    ],
)
def test_bad_ranges_name_the_option(kind, text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        axis_values(kind, text)
    assert caught.value.field == f"{kind.option} {text}"
    assert message in caught.value.message


def test_bad_architecture() -> None:
    with pytest.raises(UsageError, match="expected x86_64, arm64"):
        architectures("x86,arm")
