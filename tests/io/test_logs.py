"""Log readers: every documented format gives the same records; bad input is one clear error."""

from __future__ import annotations

import gzip
import io
import math
from pathlib import Path

import numpy as np
import pytest

from lambdacost.errors import InputFileError
from lambdacost.io import logs
from lambdacost.io.logs import LogReader, Reports
from tests.fixtures.logs.generate import FILES, RECORDS, epoch_ms

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "logs"
ORDERS = sorted(FIXTURES / name for name in FILES)
TIMED = [p for p in ORDERS if p.name != "orders-plain.log"]


def read_all(reader: LogReader) -> dict[str, Reports]:
    out: dict[str, list[Reports]] = {}
    for name, batch in reader:
        out.setdefault(name, []).append(batch)
    return {name: Reports.concat(parts) for name, parts in out.items()}


def one(paths: list[str], **kwargs: object) -> Reports:
    batches = read_all(LogReader(paths, **kwargs))  # type: ignore[arg-type]
    assert len(batches) == 1, batches.keys()
    return next(iter(batches.values()))


def test_fixtures_are_up_to_date() -> None:
    for name, make in FILES.items():
        assert (FIXTURES / name).read_text(encoding="utf-8") == make(), f"run python {FIXTURES / 'generate.py'}"


@pytest.mark.parametrize("path", ORDERS, ids=[p.name for p in ORDERS])
def test_every_format_gives_the_twelve_records(path: Path) -> None:
    r = one([str(path)])
    order = np.argsort(r.billed_ms, kind="stable")
    assert sorted(r.billed_ms.tolist()) == sorted(float(rec[2]) for rec in RECORDS)
    assert sorted(r.duration_ms.tolist()) == pytest.approx(sorted(rec[1] for rec in RECORDS))
    assert set(r.memory_mb.tolist()) == {512.0}
    assert sorted(r.max_used_mb.tolist()) == sorted(float(rec[4]) for rec in RECORDS)
    assert sorted(r.init_ms[~np.isnan(r.init_ms)].tolist()) == [402.10, 731.40]
    assert np.isnan(r.restore_ms).all() and np.isnan(r.billed_restore_ms).all()
    # The 3-second timeout: Duration 3003.16 ms over Billed Duration 3000 ms (status 2).
    assert r.status[order][-1] == 2.0 and np.count_nonzero(r.status) == 1


@pytest.mark.parametrize("path", TIMED, ids=[p.name for p in TIMED])
def test_timestamps_where_the_format_has_them(path: Path) -> None:
    r = one([str(path)])
    stamps = sorted(r.timestamp_ms.tolist())
    assert stamps == [float(epoch_ms(rec[0])) for rec in sorted(RECORDS)]


def test_plain_lines_without_prefix_have_no_timestamp() -> None:
    assert np.isnan(one([str(FIXTURES / "orders-plain.log")]).timestamp_ms).all()


def test_names_come_from_the_file_the_option_or_the_log_group() -> None:
    assert set(read_all(LogReader([str(FIXTURES / "orders-export.log")]))) == {"orders-export"}
    assert set(read_all(LogReader([str(FIXTURES / "orders-export.log")], function="api"))) == {"api"}
    # Logs Insights names the function in @log (123456789012:/aws/lambda/orders).
    assert set(read_all(LogReader([str(FIXTURES / "orders-insights.csv")], function="api"))) == {"orders"}


def test_gzip_is_read_directly_whatever_the_name(tmp_path: Path) -> None:
    raw = (FIXTURES / "orders-export.log").read_bytes()
    for name in ("export.log.gz", "export.log"):
        path = tmp_path / name
        path.write_bytes(gzip.compress(raw))
        assert len(one([str(path)])) == len(RECORDS)


def test_gzipped_json_document(tmp_path: Path) -> None:
    path = tmp_path / "events.json.gz"
    path.write_bytes(gzip.compress((FIXTURES / "orders-filter-log-events.json").read_bytes()))
    assert len(one([str(path)])) == len(RECORDS)


def test_stdin_plain_and_gzip() -> None:
    raw = (FIXTURES / "orders-export.log").read_bytes()
    assert len(one(["-"], stdin=io.BytesIO(raw))) == len(RECORDS)
    assert len(one(["-"], stdin=io.BytesIO(gzip.compress(raw)))) == len(RECORDS)
    assert set(read_all(LogReader(["-"], stdin=io.BytesIO(raw)))) == {"stdin"}


def test_several_files_one_function_or_one_each() -> None:
    paths = [str(FIXTURES / "orders-export.log"), str(FIXTURES / "orders-json-format.log")]
    assert len(one(paths, function="orders")) == 2 * len(RECORDS)
    both = read_all(LogReader(paths))
    assert {k: len(v) for k, v in both.items()} == {"orders-export": 12, "orders-json-format": 12}


def test_malformed_report_lines_are_counted_and_the_first_named() -> None:
    path = FIXTURES / "orders-mixed.log"
    reader = LogReader([str(path)])
    assert len(read_all(reader)[path.stem]) == len(RECORDS)
    assert reader.malformed == 2
    line = int(reader.first_malformed.rsplit(":", 1)[1])  # type: ignore[union-attr]
    assert "0b7e-broken" in path.read_text().splitlines()[line - 1]
    assert reader.skipped_line() == f"skipped 2 malformed REPORT lines; first at {path}:{line}"


def test_blocks_split_lines_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same records, and the same malformed line, however the input is cut into blocks."""
    path = FIXTURES / "orders-mixed.log"
    for size in (7, 100, 333):
        monkeypatch.setattr(logs, "BLOCK_BYTES", size)
        reader = LogReader([str(path)])
        r = read_all(reader)[path.stem]
        assert sorted(r.billed_ms.tolist()) == sorted(float(rec[2]) for rec in RECORDS)
        assert reader.malformed == 2 and reader.first_malformed == f"{path}:21"


def write_lines(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "app.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


REPORT = (
    "REPORT RequestId: 0b7e1111-8d6e-4b1a-9c0e-5a7d2e6b1f40\tDuration: {d} ms\tBilled Duration: {b} ms\t"
    "Memory Size: {m} MB\tMax Memory Used: 96 MB\t"
)


def test_snapstart_status_and_unknown_trailing_fields(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        REPORT.format(d=88.02, b=89, m=512) + "Restore Duration: 474.16 ms\tBilled Restore Duration: 75 ms\t",
        REPORT.format(d=10.5, b=11, m=512) + "Status: error\tError Type: Runtime.ImportModuleError\t",
        REPORT.format(d=3000.4, b=3000, m=512) + "Status: timeout\t",
        REPORT.format(d=5.0, b=5, m=512) + "Shiny New Field: 12 ms\t",
    )
    r = one([path])
    assert r.restore_ms.tolist()[0] == 474.16 and r.billed_restore_ms.tolist()[0] == 75.0
    assert sorted(r.status.tolist()) == [0.0, 0.0, 1.0, 2.0]
    assert len(r) == 4


def test_old_100ms_billing_is_read_as_billed(tmp_path: Path) -> None:
    r = one([write_lines(tmp_path, "2019-05-01T10:00:00.000Z\t" + REPORT.format(d=0.62, b=100, m=128))])
    assert r.billed_ms.tolist() == [100.0] and r.duration_ms.tolist() == [0.62]


def test_impossible_numbers_are_malformed(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        REPORT.format(d=1.0, b=2, m=128),
        REPORT.format(d=1.0, b=99999999999, m=128),  # over the 15-minute limit
        REPORT.format(d=1.0, b=2, m=64),  # below 128 MB
    )
    reader = LogReader([path])
    assert len(read_all(reader)["app"]) == 1
    assert reader.malformed == 2 and reader.first_malformed == f"{path}:2"


def test_managed_instances_reports_are_not_priced(tmp_path: Path) -> None:
    lmi = '{"time":"2026-11-02T14:05:05.766Z","type":"platform.report","record":{"requestId":"x","metrics":{"durationMs":12.5}}}'
    path = write_lines(tmp_path, lmi, REPORT.format(d=1.0, b=2, m=128))
    reader = LogReader([path])
    read_all(reader)
    assert reader.managed_instances == 1 and reader.records == 1 and reader.malformed == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no REPORT records found"),
        (b"START RequestId: x\nEND RequestId: x\n", "no REPORT records found"),
        (b"\x00\x01\x02binary", "is a binary file"),
        (b"REPORT RequestId: x\tDuration: broken\n", "no REPORT records found; 1 unreadable REPORT lines"),
        (gzip.compress(b"REPORT")[:-6], "truncated gzip"),
        (b'{"events": [{"message": "REPORT', "is not valid JSON"),
    ],
)
def test_bad_input_is_one_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.log"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message) as err:
        read_all(LogReader([str(path)]))
    assert str(path) in str(err.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="file not found"):
        read_all(LogReader([str(tmp_path / "nope.log")]))
    with pytest.raises(InputFileError, match="is a directory"):
        read_all(LogReader([str(tmp_path)]))


def test_a_huge_line_without_newline_is_not_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "BLOCK_BYTES", 1000)
    monkeypatch.setattr(logs, "MAX_LINE_BYTES", 5000)
    path = tmp_path / "big.log"
    path.write_bytes(b"x" * 20_000 + b"\n" + (REPORT.format(d=1.0, b=2, m=128) + "\n").encode())
    assert len(one([str(path)])) == 1


def test_fast_and_slow_paths_agree_on_many_lines(tmp_path: Path) -> None:
    """TAB lines take the numpy path, space-separated copies the regex: the same numbers."""
    rng = np.random.default_rng(7)
    d = np.round(rng.uniform(0.5, 5000, 2000), 2)
    b = np.ceil(d).astype(int)
    tabs = [REPORT.format(d=f"{x:.2f}", b=y, m=1024) for x, y in zip(d, b, strict=True)]
    spaces = [line.replace("\t", "   ") for line in tabs]
    fast = one([write_lines(tmp_path, *tabs)])
    (tmp_path / "app.log").unlink()
    slow = one([write_lines(tmp_path, *spaces)])
    assert fast.billed_ms.tolist() == b.astype(float).tolist()
    assert np.array_equal(np.sort(fast.duration_ms), np.sort(slow.duration_ms))
    assert math.isclose(fast.duration_ms.sum(), d.sum())


def test_tab_lines_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Warm and cold TAB-separated lines are parsed without the per-line regex."""
    from lambdacost.io.logs import text

    calls = []
    real = text._slow_row
    monkeypatch.setattr(text, "_slow_row", lambda *a: calls.append(a) or real(*a))
    block = text.parse_block((FIXTURES / "orders-export.log").read_bytes())
    assert len(block.reports) == len(RECORDS) and calls == []
    assert sorted(block.reports.init_ms[~np.isnan(block.reports.init_ms)].tolist()) == [402.10, 731.40]


def test_whole_numbers_are_read_exactly_at_every_width(tmp_path: Path) -> None:
    billed = [1, 9, 10, 99, 100, 999, 1_000, 65_535, 100_000, 899_999, 900_000]
    memory = [128, 129, 512, 1_000, 1_024, 1_769, 3_008, 9_999, 10_000, 10_239, 10_240]
    lines = [REPORT.format(d=f"{b - 0.5:.2f}", b=b, m=m) for b, m in zip(billed, memory, strict=True)]
    r = one([write_lines(tmp_path, *lines)])
    assert r.billed_ms.tolist() == billed and r.memory_mb.tolist() == memory
    assert r.duration_ms.tolist() == [b - 0.5 for b in billed]
