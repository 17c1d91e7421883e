"""Unit parsing: sizes, durations, rates and shares as users write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lambdacost.schema import units


@pytest.mark.parametrize(
    ("text", "mb"),
    [
        ("512", 512),
        ("512MB", 512),
        ("512 MB", 512),
        ("1.5GB", 1536),
        ("1GB", 1024),
        (512, 512),
        ("10 GB", 10240),
        ("1GiB", 1024),
        ("2048mib", 2048),
    ],
)
def test_memory(text: object, mb: int) -> None:
    assert units.parse_memory_mb(text) == mb


@pytest.mark.parametrize("text", ["512 MBs", "abc", "-5MB", "0.3GB", "", "5 TB", True, None])
def test_memory_rejects(text: object) -> None:
    with pytest.raises(ValueError):
        units.parse_memory_mb(text)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("120ms", "0.12"),
        ("2s", "2"),
        ("1.5m", "90"),
        ("40m", "2400"),
        ("90s", "90"),
        ("2h", "7200"),
        ("1h30m", "5400"),
        ("0.1s", "0.1"),
        ("1d", "86400"),
    ],
)
def test_duration(text: str, seconds: str) -> None:
    assert units.parse_duration_s(text) == Decimal(seconds)


def test_duration_is_exact_in_milliseconds() -> None:
    assert units.parse_duration_s("0.1s") * 1000 == 100


@pytest.mark.parametrize("text", ["abc", "120", "-5s", "5x", "1h30", "ms", 12])
def test_duration_rejects(text: object) -> None:
    with pytest.raises(ValueError):
        units.parse_duration_s(text)


def test_bare_zero_duration_is_zero() -> None:
    assert units.parse_duration_s("0") == 0


@pytest.mark.parametrize(
    ("text", "per_month"),
    [
        ("3000000", 3_000_000),
        ("3M", 3_000_000),
        ("3M/month", 3_000_000),
        ("100k/day", Decimal(100_000 * 730) / 24),
        ("11/s", 11 * 730 * 3600),
        ("5/day", Decimal(5 * 730) / 24),
        ("150/month", 150),
        ("2/hour", 2 * 730),
        ("1,000,000", 1_000_000),
        ("1.5B/months", 1_500_000_000),
    ],
)
def test_rates_per_month(text: str, per_month: object) -> None:
    assert units.parse_per_month(text) == per_month


@pytest.mark.parametrize("text", ["-5/day", "3M/fortnight", "lots", "3X"])
def test_rates_reject(text: str) -> None:
    with pytest.raises(ValueError):
        units.parse_per_month(text)


@pytest.mark.parametrize(("text", "share"), [("2%", "0.02"), (0.02, "0.02"), ("0.5", "0.5"), ("100%", "1")])
def test_fraction(text: object, share: str) -> None:
    assert units.parse_fraction(text) == Decimal(share)


@pytest.mark.parametrize("text", ["2", "150%", "-1%", "half"])
def test_fraction_rejects(text: object) -> None:
    with pytest.raises(ValueError):
        units.parse_fraction(text)


def test_formatting() -> None:
    assert units.format_size_mb(10240) == "10 GB"
    assert units.format_size_mb(1536) == "1536 MB"
    assert units.format_duration_s(0.12) == "120 ms"
    assert units.format_duration_s(2400) == "40 min"
    assert units.format_duration_s(5400) == "1 h 30 min"
