"""Parsing of the quantities users write: sizes, durations, rates and shares.

All parsing of units lives here, so ``"512MB"``, ``"40m"`` and ``"3M/month"``
mean the same thing in a workload file and on the command line.

Conventions (AWS's own):

* Sizes are binary: ``1GB`` is 1,024 MB, as in the Lambda console and its
  pricing examples (1,536 MB = 1.5 GB). ``MiB``/``GiB`` are accepted as synonyms.
* A month is 730 hours (AWS's and Infracost's convention); a day is 24 hours.
* Arithmetic is done in :class:`decimal.Decimal` so that ``0.1s`` is exactly
  100 ms (no float noise to round up to 101 ms when billing per millisecond).

Each parser raises :class:`ValueError` with a message meant for the user; the
caller adds the file and field.

Why not pint: it takes longer to import than the whole CLI may take to start, its
``MB`` is decimal where AWS's memory ``MB`` is binary, and it has no notion of
request rates such as ``100k/day``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from lambdacost.core import aws

T = TypeVar("T")

HOURS_PER_MONTH = Decimal(aws.HOURS_PER_MONTH)
SECONDS_PER_MONTH = HOURS_PER_MONTH * aws.SECONDS_PER_HOUR

_NUMBER = r"(?P<num>[0-9][0-9_,]*(?:\.[0-9]*)?|\.[0-9]+)"
#: A comma is read only as a thousands separator: ``1,500,000`` (never ``1,5``).
_THOUSANDS_RE = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?$")

#: The largest value each parser returns, so that every quantity stays a finite
#: float with room to be multiplied (fields set tighter bounds of their own).
MAX_SIZE_MB = Decimal(10**9)
MAX_DURATION_S = Decimal(10**9)
MAX_COUNT = Decimal(10**15)
MAX_PER_MONTH = Decimal(10**15)

#: At most this many characters of a value are echoed in an error message.
MAX_ECHO_CHARS = 80


def shown(value: object) -> str:
    """``repr(value)`` for an error message, cut to MAX_ECHO_CHARS characters."""
    text = repr(value)
    if len(text) <= MAX_ECHO_CHARS:
        return text
    return f"{text[: MAX_ECHO_CHARS - 25]}... ({len(text):,} characters)"


def _at_most(amount: Decimal, limit: Decimal, value: object, unit: str) -> Decimal:
    if amount > limit:
        raise ValueError(f"{shown(value)} is too large: at most {limit:,.0f}{' ' + unit if unit else ''}")
    return amount


_SIZE_UNITS_MB = {
    "": Decimal(1),
    "mb": Decimal(1),
    "mib": Decimal(1),
    "m": Decimal(1),
    "gb": Decimal(1024),
    "gib": Decimal(1024),
    "g": Decimal(1024),
    "kb": Decimal(1) / 1024,
    "kib": Decimal(1) / 1024,
}
_SIZE_RE = re.compile(rf"^{_NUMBER}\s*(?P<unit>[a-z]*)$")

_DURATION_UNITS_S = {
    "ms": Decimal("0.001"),
    "s": Decimal(1),
    "sec": Decimal(1),
    "m": Decimal(60),
    "min": Decimal(60),
    "h": Decimal(3600),
    "hr": Decimal(3600),
    "d": Decimal(86400),
}
_DURATION_PART_RE = re.compile(r"([0-9]*\.?[0-9]+)\s*(ms|sec|min|hr|s|m|h|d)")

_MULTIPLIERS = {
    "": Decimal(1),
    "k": Decimal(1_000),
    "m": Decimal(1_000_000),
    "b": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
}
# Periods per month as (numerator, denominator): multiply first, divide last, so
# that 5/day is exactly 5 x 730 / 24.
_PERIODS_PER_MONTH: dict[str, tuple[Decimal, Decimal]] = {
    "s": (SECONDS_PER_MONTH, Decimal(1)),
    "sec": (SECONDS_PER_MONTH, Decimal(1)),
    "second": (SECONDS_PER_MONTH, Decimal(1)),
    "min": (HOURS_PER_MONTH * 60, Decimal(1)),
    "minute": (HOURS_PER_MONTH * 60, Decimal(1)),
    "h": (HOURS_PER_MONTH, Decimal(1)),
    "hr": (HOURS_PER_MONTH, Decimal(1)),
    "hour": (HOURS_PER_MONTH, Decimal(1)),
    "d": (HOURS_PER_MONTH, Decimal(24)),
    "day": (HOURS_PER_MONTH, Decimal(24)),
    "week": (HOURS_PER_MONTH, Decimal(24 * 7)),
    "mo": (Decimal(1), Decimal(1)),
    "month": (Decimal(1), Decimal(1)),
    "yr": (Decimal(1), Decimal(12)),
    "year": (Decimal(1), Decimal(12)),
}
#: The words a rate may be given per (``/day``, ``/days``, ...), for the JSON Schema.
PERIOD_WORDS = sorted({*_PERIODS_PER_MONTH, *(p + "s" for p in _PERIODS_PER_MONTH if p != "s")})
_COUNT_RE = re.compile(rf"^{_NUMBER}\s*(?P<mult>k|m|bn|b)?$")
_RATE_RE = re.compile(rf"^{_NUMBER}\s*(?P<mult>k|m|bn|b)?\s*(?:/\s*(?P<per>[a-z]+))?$")


def _to_decimal(text: str) -> Decimal:
    if "," in text and not _THOUSANDS_RE.match(text.replace("_", "")):
        raise ValueError(
            f"{shown(text)}: a comma is read only as a thousands separator (1,500,000); "
            "write decimals with a point (1.5M)"
        )
    try:
        return Decimal(text.replace("_", "").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regexes only admit numbers
        raise ValueError(f"{shown(text)} is not a number") from None


def _number_or_text(value: object, what: str) -> Decimal | str:
    """Return a Decimal for a plain number, the stripped lower-case text for a string."""
    if isinstance(value, bool):
        raise ValueError(f"expected {what}, got a boolean")
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"expected {what}, got {value}")
        return Decimal(str(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if not text:
            raise ValueError(f"expected {what}, got an empty string")
        return text
    raise ValueError(f"expected {what}, got {type(value).__name__}")


def _memo(parse: Callable[[object], T]) -> Callable[[object], T]:
    """``parse`` with its results kept per text (a workload of 100,000 functions repeats a few
    dozen sizes and durations). Only text is kept, at most :data:`_MEMO_SIZE` of them; errors are
    not kept (they are raised again, the same, next time)."""
    cache: dict[str, T] = {}

    @functools.wraps(parse)
    def parse_memo(value: object) -> T:
        if type(value) is not str:
            return parse(value)
        try:
            return cache[value]
        except KeyError:
            result = parse(value)
            if len(cache) < _MEMO_SIZE:
                cache[value] = result
            return result

    return parse_memo


_MEMO_SIZE = 4096


@_memo
def parse_size_mb(value: object) -> Decimal:
    """Parse a size in MB: ``512``, ``"512MB"``, ``"1.5GB"``, ``"1GiB"`` (1 GB = 1,024 MB)."""
    what = "a size such as 512MB or 1.5GB"
    parsed = _number_or_text(value, what)
    if isinstance(parsed, Decimal):
        mb = parsed
    else:
        if parsed.startswith("-"):
            raise ValueError(f"{shown(value)} is negative; expected {what}")
        match = _SIZE_RE.match(parsed)
        if not match or match["unit"] not in _SIZE_UNITS_MB:
            raise ValueError(f"{shown(value)} is not a size; expected {what}")
        mb = _to_decimal(match["num"]) * _SIZE_UNITS_MB[match["unit"]]
    if mb < 0:
        raise ValueError(f"{shown(value)} is negative; expected {what}")
    return _at_most(mb, MAX_SIZE_MB, value, "MB")


@_memo
def parse_memory_mb(value: object) -> int:
    """Parse a memory or storage setting that must be a whole number of MB."""
    mb = parse_size_mb(value)
    if mb != mb.to_integral_value():
        raise ValueError(f"{shown(value)} is {mb} MB; Lambda sizes are set in whole MB")
    return int(mb)


@_memo
def parse_duration_s(value: object) -> Decimal:
    """Parse a duration: ``"120ms"``, ``"2s"``, ``"1.5m"``, ``"2h"``, ``"1h30m"``.

    A bare number needs a unit (is ``120`` milliseconds or seconds?), except 0.
    """
    what = "a duration such as 120ms, 2s, 1.5m, 40m or 1h30m"
    parsed = _number_or_text(value, what)
    if isinstance(parsed, Decimal):
        if parsed == 0:
            return Decimal(0)
        raise ValueError(f"{shown(value)} has no unit; expected {what}")
    if parsed.startswith("-"):
        raise ValueError(f"{shown(value)} is negative; expected {what}")
    text = parsed.replace(" ", "")
    if re.fullmatch(r"[0-9]*\.?[0-9]+", text):
        if Decimal(text) == 0:
            return Decimal(0)
        raise ValueError(f"{shown(value)} has no unit; expected {what}")
    pos = 0
    total = Decimal(0)
    for match in _DURATION_PART_RE.finditer(text):
        if match.start() != pos:
            break
        total += Decimal(match[1]) * _DURATION_UNITS_S[match[2]]
        pos = match.end()
    if pos != len(text) or pos == 0:
        raise ValueError(f"{shown(value)} is not a duration; expected {what}")
    return _at_most(total, MAX_DURATION_S, value, "seconds")


@_memo
def parse_count(value: object) -> Decimal:
    """Parse a count: ``500000``, ``"500k"``, ``"3M"``, ``"1.2B"``."""
    what = "a count such as 500000, 500k or 3M"
    parsed = _number_or_text(value, what)
    if isinstance(parsed, Decimal):
        count = parsed
    else:
        match = _COUNT_RE.match(parsed)
        if parsed.startswith("-"):
            raise ValueError(f"{shown(value)} is negative; expected {what}")
        if not match:
            raise ValueError(f"{shown(value)} is not a count; expected {what}")
        count = _to_decimal(match["num"]) * _MULTIPLIERS[match["mult"] or ""]
    if count < 0:
        raise ValueError(f"{shown(value)} is negative; expected {what}")
    return _at_most(count, MAX_COUNT, value, "")


@_memo
def parse_per_month(value: object) -> Decimal:
    """Parse a rate and return it per month (730 hours).

    ``"3000000"``, ``"3M"`` and ``"3M/month"`` are per month; ``"100k/day"``,
    ``"11/s"``, ``"5/hour"`` (or ``/hr``), ``"2/week"``, ``"12/year"`` are converted (a year is
    12 months of 730 hours).
    """
    what = "a rate such as 3M/month, 100k/day or 11/s"
    parsed = _number_or_text(value, what)
    if isinstance(parsed, Decimal):
        amount = parsed
    else:
        if parsed.startswith("-"):
            raise ValueError(f"{shown(value)} is negative; expected {what}")
        match = _RATE_RE.match(parsed)
        if not match:
            raise ValueError(f"{shown(value)} is not a rate; expected {what}")
        per = match["per"] or "month"
        if per.endswith("s") and per[:-1] in _PERIODS_PER_MONTH and per != "s":
            per = per[:-1]
        if per not in _PERIODS_PER_MONTH:
            raise ValueError(
                f"{shown(value)}: unknown period {shown(per)}; use /s, /min, /hour, /day, /week, /month or /year"
            )
        numerator, denominator = _PERIODS_PER_MONTH[per]
        amount = _to_decimal(match["num"]) * _MULTIPLIERS[match["mult"] or ""] * numerator / denominator
    if amount < 0:
        raise ValueError(f"{shown(value)} is negative; expected {what}")
    return _at_most(amount, MAX_PER_MONTH, value, "a month")


@_memo
def parse_fraction(value: object) -> Decimal:
    """Parse a share between 0 and 1: ``0.02`` or ``"2%"``."""
    what = "a share such as 2% or 0.02"
    parsed = _number_or_text(value, what)
    if isinstance(parsed, Decimal):
        share = parsed
    else:
        text = parsed.replace(" ", "")
        percent = text.endswith("%")
        text = text.removesuffix("%")
        if not re.fullmatch(r"-?[0-9]*\.?[0-9]+", text):
            raise ValueError(f"{shown(value)} is not a share; expected {what}")
        share = Decimal(text) / 100 if percent else Decimal(text)
    if not 0 <= share <= 1:
        raise ValueError(f"{shown(value)} is outside 0% to 100%; expected {what}")
    return share


def _plain(value: float) -> str:
    """Up to 6 significant digits, never in scientific notation (``22520``, ``0.0001``)."""
    text = f"{value:.6g}"
    if "e" not in text:
        return text
    return f"{value:,.0f}" if abs(value) >= 1 else f"{value:.10f}".rstrip("0").rstrip(".")


def format_size_mb(mb: float) -> str:
    """``1536`` -> ``"1536 MB"``; whole GB are shown as GB (``10240`` -> ``"10 GB"``)."""
    if mb >= 1024 and mb % 1024 == 0:
        return f"{int(mb) // 1024:,} GB"
    return f"{_plain(mb)} MB"


def format_duration_s(seconds: float) -> str:
    """A short human form: ``0.12`` -> ``"120 ms"``, ``2400`` -> ``"40 min"``, ``5400`` -> ``"1 h 30 min"``."""
    if seconds < 1:
        return f"{_plain(seconds * 1000)} ms"
    if seconds < 60:
        return f"{_plain(seconds)} s"
    if seconds < 3600:
        return f"{_plain(seconds / 60)} min"
    hours, rest = divmod(seconds, 3600)
    return f"{int(hours):,} h" + (f" {_plain(rest / 60)} min" if rest else "")
