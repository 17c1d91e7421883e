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

#: The ASCII a terminal shows as it is: printable characters, tab and newline.
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"


def visible(text: str) -> str:
    """User text (a workload or function name) safe for a terminal: control and bidi characters
    shown as escapes (``\\x1b``, ``\\u202e``), the rest unchanged. Rich markup needs no escaping:
    the console prints with ``markup=False``."""
    if text.isascii() and not text.encode("ascii").translate(None, _PRINTABLE_ASCII):
        return text  # the common case, in a fifth of the regex's time on a large output
    if not _HIDDEN.search(text):
        return text
    return _HIDDEN.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


#: A number as printed: money, counts, shares, rates ("$1,234.56", "<$0.01", "-$6.87", "12.5%", "$0.20/1M").
_NUMBER = re.compile(r"[-+<>~]*\$?\d[\d,.:]*(?:[%x]|/[0-9A-Za-z-]+)?")
#: The most letters a line may hold beside its numbers and still be a number ("1,024 MB arm64").
_NUMBER_LETTERS = 8
#: The longest cell a column of numbers keeps on one line ("1,024 MB arm64", "23 (0.96%)"); a column
#: with longer cells is text, which wraps.
NUMBER_CELL_MAX = 24
#: The fewest characters a text column keeps when a table is too wide for the terminal.
TEXT_COLUMN_MIN = 4
#: When a table is too wide for the terminal anyway, a text column still keeps words up to this
#: long whole ("Function", "Total", most function names); longer ones fold.
TEXT_WORD_KEEP = 24


def _cell_lines(cell: object) -> list[str]:
    plain = getattr(cell, "plain", None)
    return (plain if isinstance(plain, str) else str(cell)).split("\n")


def keep_numbers_whole(renderable: object, width: int) -> int:
    """Lay out the tables in ``renderable`` (a table, or a rich Group of them) for a terminal
    ``width`` wide so that no number is cut: a column with a number in it and no cell line longer
    than :data:`NUMBER_CELL_MAX` keeps its cells on one line, whole; the text columns share what
    is left, each given its longest word first where that fits, and wrap. Where the table is too
    wide, the headers of number columns wrap first (at spaces: "Cost configured" over two lines),
    the columns that gain most first, never narrower than their cells. Returns the width the
    output needs: more than ``width`` where the number columns and the text columns' words (up to
    :data:`TEXT_WORD_KEEP`) do not fit, so that the caller prints wider lines instead of cutting."""
    from rich.console import Group
    from rich.table import Table

    if isinstance(renderable, Group):
        return max((keep_numbers_whole(r, width) for r in renderable.renderables), default=0)
    if not isinstance(renderable, Table):
        return 0
    room = width - renderable._extra_width
    # (column, natural width, longest word, longest number, padding over-counted by rich)
    text: list[tuple[Any, int, int, int, int]] = []
    # (column, natural width, width with its header wrapped, padding over-counted by rich)
    numbers: list[tuple[Any, int, int, int]] = []
    for index, column in enumerate(renderable.columns):
        lines = [line for cell in [column.header, *column.cells] for line in _cell_lines(cell)]
        widest = max((_width(line) for line in lines), default=0)
        pad = _padding(renderable, index)
        # rich before 14.3 counts both pads of an edge column even with pad_edge=False; widths
        # given to it are cut by what it over-counts, so every version draws the same table
        over = renderable._get_padding_width(index) - pad
        room -= pad
        header = _cell_lines(column.header)
        body = [line for line in lines[len(header) :] if line.strip()]
        if body and all(_is_number(line) for line in body) and widest <= NUMBER_CELL_MAX:
            head_word = max((_width(w) for line in header for w in line.split()), default=0)
            numbers.append((column, widest, max(head_word, *(_width(line) for line in body)), over))
            room -= widest
        else:
            column.no_wrap, column.overflow = False, "fold"
            word = max((_width(w) for line in lines for w in line.split()), default=0)
            number = max((_width(n) for line in lines for n in _NUMBER.findall(line)), default=0)
            text.append((column, widest, word, number, over))
    short = sum(t[1] for t in text) - room  # what the table is over the terminal, text at its natural width
    for column, widest, wrapped, over in sorted(numbers, key=lambda c: c[2] - c[1]):
        if short > 0 and wrapped < widest:  # the header wraps; the cells (no wider) stay whole
            column.no_wrap, column.width = False, wrapped - over  # type: ignore[attr-defined]
            room += widest - wrapped
            short -= widest - wrapped
        else:
            column.no_wrap, column.min_width = True, widest - over
    widths = share_widths([t[1] for t in text], [t[2] for t in text], [t[3] for t in text], room)
    if widths is not None:
        for (column, *_, over), w in zip(text, widths, strict=True):
            column.width = w - over  # type: ignore[attr-defined]
    return width - room + sum(widths or [t[1] for t in text])


def _padding(table: Any, index: int) -> int:
    """The padding rich draws around column ``index`` of ``table``: left and right, none at the
    table's edges with ``pad_edge=False``, the left one merged into its neighbour's right with
    ``collapse_padding``."""
    _, right, _, left = table.padding
    if table.collapse_padding and index > 0:
        left = max(0, left - right)
    if not table.pad_edge:
        left = 0 if index == 0 else left
        right = 0 if index == len(table.columns) - 1 else right
    return int(left + right)


def _is_number(line: str) -> bool:
    """A cell line that is a number, with a unit or a few words at most ("92.25 peak", "pool 900")."""
    return bool(_NUMBER.search(line)) and sum(c.isalpha() for c in _NUMBER.sub("", line)) <= _NUMBER_LETTERS


def _width(text: str) -> int:
    from rich.cells import cell_len

    return int(cell_len(text))


def share_widths(natural: list[int], words: list[int], numbers: list[int], room: int) -> list[int] | None:
    """Widths for text columns of ``natural`` widths sharing ``room`` characters: None if they fit
    as they are. Else each gets its longest word, then the rest of ``room`` is spread evenly, no
    column above its natural width. If the words do not all fit but the table does with some of
    them folded (each column at least :data:`TEXT_COLUMN_MIN` and its longest number), the room is
    spread from there towards each column's longest word. If not even that fits (the table is
    wider than the terminal anyway), each keeps its longest word up to :data:`TEXT_WORD_KEEP`."""
    if sum(natural) <= room:
        return None
    floor = [min(n, w) for n, w in zip(natural, words, strict=True)]
    if sum(floor) > room:
        least = [max(min(n, TEXT_COLUMN_MIN), k) for n, k in zip(natural, numbers, strict=True)]
        if sum(least) <= room:
            return _spread(least, [max(f, k) for f, k in zip(floor, least, strict=True)], room)
        floor = [
            max(min(n, max(TEXT_COLUMN_MIN, min(w, TEXT_WORD_KEEP))), k)
            for n, w, k in zip(natural, words, numbers, strict=True)
        ]
    return _spread(floor, natural, room)


def _spread(widths: list[int], caps: list[int], room: int) -> list[int]:
    """``widths`` with what is left of ``room`` added evenly, no column above its cap."""
    widths = list(widths)
    left = room - sum(widths)
    while left > 0:
        open_ = [i for i, w in enumerate(widths) if w < caps[i]]
        if not open_:
            break
        step = max(1, left // len(open_))
        for i in open_:
            add = min(step, caps[i] - widths[i], left)
            widths[i] += add
            left -= add
            if left == 0:
                break
    return widths


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
    text = f"{value:.15g}"  # the same digits, in one step, where it needs no exponent
    if "e" not in text:
        return text
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
