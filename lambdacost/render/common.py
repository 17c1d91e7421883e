"""Formatting shared by every renderer: money, quantities, rates, JSON and Markdown cells.

Formats numbers; computes none.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

#: Characters that must not reach a terminal as they are: C0 controls (but tab and
#: newline), DEL and C1 controls (ANSI and OSC escapes start with them), and the
#: invisible direction and width controls that make text read differently from
#: what it is (U+202E turns the rest of a line around).
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    """User text (a workload or function name) safe for a terminal: control and bidi characters
    shown as escapes (``\\x1b``, ``\\u202e``), the rest unchanged. Rich markup needs no escaping:
    the console prints with ``markup=False``."""
    if not _HIDDEN.search(text):
        return text
    return _HIDDEN.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def mathtext_escape(text: str) -> str:
    """Text for a matplotlib label: ``$`` would start mathtext (and fail to parse)."""
    return text.replace("$", r"\$")


def money(amount: float) -> str:
    """``1234.5`` -> ``"$1,234.50"``; negative as ``"-$0.20"``; under a cent but not zero as ``"<$0.01"``."""
    if amount != 0 and abs(amount) < 0.005:
        return "<$0.01" if amount > 0 else "-<$0.01"
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def plain_number(value: float, significant: int = 4) -> str:
    """A number for people, never in scientific notation: ``significant`` digits below
    1,000 (``0.00006849``, ``1.235``), whole numbers with thousands separators above
    (``22,520``); trailing zeros dropped."""
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    decimals = max(0, significant - 1 - math.floor(math.log10(abs(value))))
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def csv_number(value: float) -> str:
    """A number for CSV: 15 significant digits (all a float holds reliably), trailing zeros dropped,
    never scientific notation: ``0.19999999999999998`` -> ``0.2``, ``2e-07`` -> ``0.0000002``."""
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number")  # bounded inputs never give one
    if value == 0:
        return "0"
    decimals = max(0, 14 - math.floor(math.log10(abs(value))))
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def quantity_text(value: float) -> str:
    """Thousands separators; decimals only where they matter (never scientific notation)."""
    if value == 0:
        return "0"
    if abs(value) >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) >= 1 else plain_number(value)


def rate_text(rate: float, unit: str) -> str:
    """Requests per million, everything else per unit with the precision AWS quotes."""
    if unit == "requests":
        return f"${rate * 1e6:,.2f}/1M"
    if unit == "USD":  # a discount: the share of the amount it is taken off
        return f"{rate:.0%}"
    if rate == 0:
        return "$0"
    return "$" + f"{rate:.10f}".rstrip("0").rstrip(".")


#: JSON up to this size is indented for people; larger output stays compact
#: (Python's JSON encoder runs in C only without indentation).
INDENT_JSON_BELOW_BYTES = 256 * 1024


def to_json(data: Any) -> str:
    """JSON text; NaN and infinity are not valid JSON, so they are refused (ValueError)."""
    compact = json.dumps(data, allow_nan=False)
    if len(compact) > INDENT_JSON_BELOW_BYTES:
        return compact + "\n"
    return json.dumps(data, indent=2, allow_nan=False) + "\n"


def md_escape(text: str) -> str:
    """Text for one Markdown table cell: pipes escaped, line breaks folded to spaces."""
    return text.replace("|", "\\|").replace("\n", " ")
