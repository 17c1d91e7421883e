"""Tables at any terminal width: every dollar amount and number a table shows wide is shown whole
when the terminal is narrow (text columns wrap and fold first; where even that cannot fit, lines get
longer than the terminal rather than a digit being cut). Runs the real entry point in-process."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from lambdacost.render.common import keep_numbers_whole, share_widths
from tests.cli.test_hostile_output import run_main

ROOT = Path(__file__).resolve().parent.parent.parent
WORKLOADS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "workloads").glob("*.yaml"))
#: A dollar amount as the renderers print it ("$1,234.56", "-$0.19", "<$0.01", "$0.0000166667", "$0.20/1M").
MONEY = re.compile(r"-?<?\$\d[\d,]*(?:\.\d+)?(?:/1M)?")

COMMANDS = [
    *(("estimate", w) for w in WORKLOADS),
    ("estimate", "workloads/saas-platform-2026.yaml", "--detail"),
    ("capacity", "workloads/checkout-traffic.yaml"),
    ("compare", "workloads/rest-api.yaml", "--no-chart"),
    ("decide", "--duration", "40m"),
    ("regions",),
    ("profile", "docs/examples/checkout-api.log.gz", "--right-size"),
]


def _amounts(text: str) -> Counter[str]:
    return Counter(MONEY.findall(text))


def _table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int, args: tuple[str, ...]
) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.chdir(ROOT)
    code, out, err = run_main(capsys, *args)
    assert code == 0, err
    return out


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_money_is_whole_at_every_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    wide = _amounts(_table(capsys, monkeypatch, 1000, args))
    assert wide, "the command shows no dollar amount"
    for columns in (40, 60, 80, 120):
        out = _table(capsys, monkeypatch, columns, args)
        assert "$…" not in out and not re.search(r"\$[\d,.]*…", out), f"money cut at {columns} columns"
        narrow = _amounts(out)
        missing = wide - narrow
        assert not missing, f"at {columns} columns these amounts are not shown whole: {sorted(missing)}"


def test_estimate_at_80_columns_keeps_text_readable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 columns the line items keep their words: text columns get their longest word first."""
    out = _table(capsys, monkeypatch, 80, ("estimate", "workloads/rest-api.yaml", "--detail"))
    assert "Requests" in out and "…" not in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_share_widths() -> None:
    # Fits as it is: nothing to do.
    assert share_widths([10, 5], [4, 5], [0, 0], 15) is None
    # 20 characters for columns of 30 and 10: each gets its longest word (8, 6), then the 6 left
    # are shared evenly: 11 and 9.
    assert share_widths([30, 10], [8, 6], [0, 0], 20) == [11, 9]
    # The words (20 + 20) do not fit in 12, but the table does with words folded: each column gets
    # TEXT_COLUMN_MIN (4), the second the number it holds (7), and the 1 left goes to the first: 5, 7.
    assert share_widths([30, 30], [20, 20], [0, 7], 12) == [5, 7]
    # In 10 not even 4 + 7 fit: the table is wider than the terminal anyway, so each column keeps
    # its longest word up to TEXT_WORD_KEEP (24 of 30) and its number: 24, 7.
    assert share_widths([40, 30], [30, 3], [0, 7], 10) == [24, 7]
    # Short words are never broken when the table overflows: "Function" (8) and "Total" (5).
    assert share_widths([8, 5], [8, 5], [0, 0], 4) == [8, 5]
    # Room between the minimum and the words goes towards each column's longest word, evenly:
    # 4 + 4 = 8 of 14, 6 left, 3 each: 7 and 7 (the words are 9 and 12).
    assert share_widths([20, 20], [9, 12], [0, 0], 14) == [7, 7]


def test_too_narrow_for_the_numbers_prints_wider_lines() -> None:
    from rich.table import Table

    table = Table()
    for name in ("Name", "Cost", "Total"):
        table.add_column(name)
    table.add_row("a function with a long name", "$1,234,567.89", "$9,876,543.21")
    # Two money columns of 13 characters, each padded by 2, the name column at its longest word
    # ("function", 8) + 2 and the borders (4 characters): 15 + 15 + 10 + 4 = 44.
    assert keep_numbers_whole(table, 20) == 44
    assert table.columns[1].no_wrap and table.columns[1].min_width == 13
    assert not table.columns[0].no_wrap


def test_summary_lists_the_50_most_expensive_then_the_rest_in_one_row(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from lambdacost.render.common import money

    body = "".join(
        f"  - name: f{i:03d}\n    requests: 10M/month\n    duration: 100ms\n    memory: 1024MB\n" for i in range(200)
    )
    (tmp_path / "many.yaml").write_text("name: many\nfunctions:\n" + body)
    out = _table(capsys, monkeypatch, 120, ("estimate", str(tmp_path / "many.yaml")))
    # Each function, us-east-1 x86_64: 10M requests at $0.20 per 1M = $2.00; 10M x 0.1 s x 1 GB =
    # 1,000,000 GB-s at $0.0000166667 = $16.6667 (tier 1: 200M GB-s in all). The free tier (1M
    # requests, 400,000 GB-s) is shared in proportion to GB-s: 1/200 each, 5,000 requests ($0.001)
    # and 2,000 GB-s ($0.0333334).
    each = 2.00 + 1_000_000 * 0.0000166667 - 5_000 * 0.20 / 1e6 - 2_000 * 0.0000166667
    rows = [line for line in out.splitlines() if line.startswith("│ f")]
    assert len(rows) == 50
    assert "150 more functions" in out
    remainder = next(line for line in out.splitlines() if "150 more functions" in line)
    assert money(150 * each) in remainder
    assert money(200 * each) in out  # the total


def test_capacity_lists_the_50_highest_peaks_and_json_every_function(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import json

    # f000 has the highest peak (200M requests of 100 ms: 7.61 concurrent on average), the rest
    # 1M each: f000 is listed, and 149 of the 199 others are not.
    body = "".join(
        f"  - name: f{i:03d}\n    requests: {'200M' if i == 0 else '1M'}/month\n    duration: 100ms\n"
        "    memory: 512MB\n"
        for i in range(200)
    )
    (tmp_path / "many.yaml").write_text("name: many\nfunctions:\n" + body)
    out = _table(capsys, monkeypatch, 200, ("capacity", str(tmp_path / "many.yaml")))
    assert "150 more functions" in out
    assert out.count(" f000 ") == 2  # the concurrency and PC tables
    listed = {line.split()[0] for line in out.splitlines() if re.match(r"^ ?f\d{3} ", line)}
    assert len(listed) == 50
    data = json.loads(_table(capsys, monkeypatch, 200, ("capacity", str(tmp_path / "many.yaml"), "-f", "json")))
    assert len(data["functions"]) == 200


def _many(tmp_path: Path, duration: str = "100ms", extra: str = "", name: str = "many.yaml", n: int = 200) -> str:
    body = "".join(
        f"  - name: f{i:03d}\n    requests: 10M/month\n    duration: {duration}\n    memory: 1024MB\n{extra}"
        for i in range(n)
    )
    (tmp_path / name).write_text("name: many\nfunctions:\n" + body)
    return str(tmp_path / name)


#: One of 200 equal functions (us-east-1 x86_64, 10M requests of 100 ms at 1 GB): $2.00 of requests
#: plus 1,000,000 GB-s at $0.0000166667, less its 1/200 of the free tier (5,000 requests, 2,000 GB-s).
EACH = 2.00 + 1_000_000 * 0.0000166667 - 5_000 * 0.20 / 1e6 - 2_000 * 0.0000166667


def test_markdown_bill_lists_the_50_most_expensive_then_the_rest(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from lambdacost.render.common import money

    out = _table(capsys, monkeypatch, 120, ("estimate", _many(tmp_path), "-f", "markdown"))
    subtotals = [line for line in out.splitlines() if "**Subtotal**" in line]
    assert len(subtotals) == 51  # 50 functions (equal costs: the first 50 in the file), then the rest
    assert any(line.startswith("| f049 |") for line in out.splitlines())
    assert not any(line.startswith("| f050 |") for line in out.splitlines())
    assert "150 more functions" in subtotals[-1] and money(150 * EACH) in subtotals[-1]
    assert f"**{money(200 * EACH)}**" in out


def test_throttle_notes_name_20_functions_then_count_the_rest(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # reserved_concurrency 0: every request of the 30 functions is throttled (and none billed)
    path = _many(tmp_path, extra="    reserved_concurrency: 0\n", n=30)
    for fmt in ("table", "markdown"):
        out = _table(capsys, monkeypatch, 200, ("estimate", path, "-f", fmt))
        named = [line for line in out.splitlines() if "requests throttled (100.0%), not billed" in line]
        assert len(named) == 20, fmt
        assert "f000: 10,000,000 requests throttled" in named[0]
        assert "10 more functions have throttled requests, not billed" in out


def test_diff_lists_the_50_largest_changes_then_the_rest(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import json

    from lambdacost.render.common import money

    base = _many(tmp_path)
    # HEAD: f000-f149 twice as long, f150-f199 as they were
    body = "".join(
        f"  - name: f{i:03d}\n    requests: 10M/month\n    duration: {'200ms' if i < 150 else '100ms'}\n"
        "    memory: 1024MB\n"
        for i in range(200)
    )
    (tmp_path / "head.yaml").write_text("name: many\nfunctions:\n" + body)
    out = _table(capsys, monkeypatch, 200, ("diff", base, str(tmp_path / "head.yaml")))
    # HEAD: 150 x 2,000,000 + 50 x 1,000,000 = 350M GB-s; the 400,000 free GB-s shared by GB-s: 1/175
    # to each doubled function (2,285.71 GB-s), 1/350 to each unchanged one (1,142.86 GB-s). The
    # free requests stay 5,000 each ($0.001).
    doubled = 2.00 + 2_000_000 * 0.0000166667 - 0.001 - 400_000 / 175 * 0.0000166667
    same = 2.00 + 1_000_000 * 0.0000166667 - 0.001 - 400_000 / 350 * 0.0000166667
    # listed: the 50 largest changes (the doubled ones, equal: the first 50 in the file), then 150 more:
    # 100 doubled and 50 unchanged (their cost moves a little too, with the free tier's share)
    rest = next(line for line in out.splitlines() if "150 more functions" in line)
    assert money(150 * EACH) in rest
    assert money(100 * doubled + 50 * same) in rest
    assert "f049" in out and "f050" not in out.split("What changed:")[0]
    # above 25 functions each function is one row, its subtotal: no line items
    assert "Duration" not in out.split("What changed:")[0]
    assert out.split("What changed:")[0].count("Subtotal") == 50 + 1
    changed = out.split("What changed:")[1]
    assert changed.count("duration 100 ms -> 200 ms") == 20
    assert "130 more: every one with --format json" in changed
    data = json.loads(_table(capsys, monkeypatch, 200, ("diff", base, str(tmp_path / "head.yaml"), "-f", "json")))
    assert len(data["functions"]) == 200


@pytest.mark.parametrize("pad_edge", [True, False])
@pytest.mark.parametrize("room", [80, 24])
def test_columns_are_as_wide_as_their_cells_with_or_without_edge_padding(pad_edge: bool, room: int) -> None:
    """rich before 14.3 counts an edge column's outer pad even when ``pad_edge=False`` does not draw
    it; the layout must not inherit that extra character in any version. Cells: "Hour" 5 wide
    ("00:00"), "Peak" 10 wide ("92.25 peak"), a text column 29 wide. With one character of
    padding each side: pad_edge=True draws 2 per column; False drops the outer pad of the first and
    last, so 2 fewer. At 80 columns everything fits: 5 + 10 + 29 + 6 (or 4). At 24 the text column
    gets what is left: 24 - (5 + 10 + 6 or 4) = 3 or 5, less than its longest word (9,
    "character"). With the pads, 3 is under TEXT_COLUMN_MIN (4): the table is too wide anyway, so
    the column keeps that word whole (it is under TEXT_WORD_KEEP, 24) and the table needs
    5 + 10 + 9 + 6 = 30. Without the outer pads 5 are left, which it takes (the word folds), and
    the table is 24 wide."""
    import io

    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=pad_edge, show_header=True)
    for name in ("Hour", "Peak", "Note"):
        table.add_column(name)
    table.add_row("00:00", "9.22", "a text column of 30 character")
    table.add_row("20:00", "92.25 peak", "x")
    pads = 6 if pad_edge else 4
    text = 29  # "a text column of 30 character"
    need = keep_numbers_whole(table, room)
    if room == 80:
        assert need == 5 + 10 + text + pads
    else:
        assert need == (30 if pad_edge else 24)
    console = Console(file=io.StringIO(), width=max(room, need), markup=False, color_system=None)
    console.print(table)
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert max(len(line.rstrip()) for line in lines) <= need
    # the number columns are exactly their widest cell: "20:00" then the pad, then "92.25 peak"
    row = next(line for line in lines if "92.25 peak" in line)
    start = 1 if pad_edge else 0
    assert row[start : start + 5] == "20:00"
    assert row[start + 5 + 2 : start + 5 + 2 + 10] == "92.25 peak"


def test_number_headers_wrap_before_the_table_overflows() -> None:
    """Columns "Name" (cell "alpha beta", 10), "Cost configured" (15; cells "$1.00") and "PC
    suggested" (12; cells "12"), padded 1 each side (6), no borders: 43 wide. At 40 the table is 3
    over: "Cost configured" gains most by wrapping its header (15 -> "configured", 10: 5 gained),
    which is enough; "PC suggested" keeps one line: 10 + 10 + 12 + 6 = 38. At 30, 13 over: both
    headers wrap (10 and "suggested", 9) and the name column gets what is left, 30 - 6 - 19 = 5,
    its longest word ("alpha"): exactly 30."""
    import io

    from rich.console import Console
    from rich.table import Table

    def table() -> Table:
        t = Table(box=None)
        for name in ("Name", "Cost configured", "PC suggested"):
            t.add_column(name)
        t.add_row("alpha beta", "$1.00", "12")
        return t

    wide = table()
    assert keep_numbers_whole(wide, 40) == 38
    assert wide.columns[1].width == 10 and not wide.columns[1].no_wrap
    assert wide.columns[2].no_wrap and wide.columns[2].min_width == 12
    narrow = table()
    assert keep_numbers_whole(narrow, 30) == 30
    assert (narrow.columns[1].width, narrow.columns[2].width, narrow.columns[0].width) == (10, 9, 5)
    console = Console(file=io.StringIO(), width=30, markup=False, color_system=None)
    console.print(narrow)
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert max(len(line.rstrip()) for line in lines) <= 30
    row = next(line for line in lines if "alpha" in line)
    assert "$1.00" in row and "12" in row  # the cells stay whole, on the row's first line
    assert "configured" in lines[1] and "suggested" in lines[1]
