"""REPORT lines (plain text) and ``platform.report`` lines (JSON log format) in a block of bytes.

The common case, TAB-separated REPORT lines with or without a timestamp or
stream prefix, is parsed without a Python step per record: numpy finds the
``REPORT RequestId:`` colons, the four field colons after each, checks their
labels and converts the numbers in one ``astype`` per field. A record the fast
path cannot take (runs of spaces, an Init/Restore/Status field, anything odd) is
parsed by one compiled regular expression; only what that cannot read is
malformed. JSON lines are few per block in mixed files and go through ``json``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from lambdacost.io.logs.records import ERROR, STATUS_CODES, SUCCESS, TIMEOUT, Reports, from_rows

Index = NDArray[np.intp]
U8 = NDArray[np.uint8]

_COLON, _NL, _SPACE, _TAB, _DOT = 58, 10, 32, 9, 46
_MARK = b"REPORT RequestId"
_MARK_U8 = np.frombuffer(_MARK, np.uint8)
#: The four fields every REPORT line has, in order (the label before each colon), and a cold start's fifth.
_LABELS = (b"Duration", b"Billed Duration", b"Memory Size", b"Max Memory Used")
_COLD_LABELS = (*_LABELS, b"Init Duration")
#: The first letter of each field's unit (ms, MB).
_UNITS = {b"Duration": ord("m"), b"Billed Duration": ord("m"), b"Memory Size": ord("M"), b"Max Memory Used": ord("M"),
          b"Init Duration": ord("m")}  # fmt: skip
_NUMBER_WIDTH = 12
#: Bytes read around each field colon: up to 16 before it (separator + label), 16 from it (": " + number + " ms").
_LEFT, _WINDOW = 16, 32
_PAD = b" " * 64

_LINE = re.compile(
    rb"REPORT RequestId:[ \t]*\S+[ \t]+Duration:[ \t]*(\d+(?:\.\d*)?)[ \t]*ms[ \t]+"
    rb"Billed Duration:[ \t]*(\d+)[ \t]*ms[ \t]+Memory Size:[ \t]*(\d+)[ \t]*MB[ \t]+"
    rb"Max Memory Used:[ \t]*(\d+)[ \t]*MB(.*)",
    re.DOTALL,
)
_FIELD = re.compile(rb"([A-Za-z][A-Za-z ]*?):[ \t]*([^\t]*?)(?:[ \t]+(?:ms|MB))?(?=\t|[ \t]{2,}|[ \t]*$)")
_ISO = re.compile(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d(?:\.\d{1,3})?)")


@dataclass
class Block:
    """What one block held: its records, and the malformed report lines (0-based line in the block)."""

    reports: Reports
    malformed: list[int]
    managed_instances: int = 0
    newlines: int | None = None  # the block's line count where the parser counted it, else None


def parse_block(buf: bytes) -> Block:
    """Every REPORT record of ``buf`` (whole lines), plain or JSON."""
    parts: list[Reports] = []
    malformed: list[int] = []
    managed, newlines = 0, None
    if _MARK in buf:
        reports, bad, newlines = _plain(buf)
        parts.append(reports)
        malformed += bad
    if b'"platform.report"' in buf:
        reports, bad, managed = _json_lines(buf)
        parts.append(reports)
        malformed += bad
    return Block(Reports.concat(parts), sorted(malformed), managed, newlines)


def _plain(buf: bytes) -> tuple[Reports, list[int], int]:
    a = np.frombuffer(buf + _PAD, np.uint8)
    colons = np.flatnonzero(a == _COLON)
    newlines = np.flatnonzero(a[: len(buf)] == _NL)
    marks = _mark_colons(a, colons)
    if marks.size == 0:
        return Reports.empty(), [], newlines.size
    n_lines = np.searchsorted(newlines, marks)  # 0-based line of each record
    ends = np.append(newlines, len(buf))[n_lines]
    starts = np.concatenate(([-1], newlines))[n_lines] + 1
    j = np.searchsorted(colons, marks)
    field_colons = np.append(colons, [len(a)] * 7)[j[:, None] + np.arange(1, 7)]
    stamps = _timestamps(a, starts, marks - len(_MARK))
    # Warm starts: four fields; cold starts: the four and Init Duration. Anything else: the regex.
    warm = (field_colons[:, 3] < ends) & (field_colons[:, 4] > ends)
    cold = (field_colons[:, 4] < ends) & (field_colons[:, 5] > ends)
    parts, lines, taken = [], [], np.zeros(marks.size, bool)
    for rows, labels in ((np.flatnonzero(warm), _LABELS), (np.flatnonzero(cold), _COLD_LABELS)):
        if rows.size == 0:
            continue
        ok, numbers = _fields(a, field_colons[rows, : len(labels)], labels)
        rows = rows[ok]
        taken[rows] = True
        parts.append(_fast_reports(stamps[rows], numbers[ok]))
        lines.append(n_lines[rows])
    rows_slow, slow_lines, bad = [], [], []
    for k in np.flatnonzero(~taken):
        row = _slow_row(buf, int(marks[k]) - len(_MARK), int(ends[k]), float(stamps[k]))
        if row is None:
            bad.append(int(n_lines[k]))
        else:
            rows_slow.append(row)
            slow_lines.append(int(n_lines[k]))
    parts.append(from_rows(rows_slow))
    lines.append(np.array(slow_lines, dtype=np.intp))
    return (*_checked(Reports.concat(parts), np.concatenate(lines), bad), newlines.size)


def _fast_reports(stamps: NDArray[np.float64], numbers: NDArray[np.float64]) -> Reports:
    duration, billed = numbers[:, 0], numbers[:, 1]
    nan = np.full(stamps.size, np.nan)
    return Reports(
        timestamp_ms=stamps,
        duration_ms=duration,
        billed_ms=billed,
        memory_mb=numbers[:, 2],
        max_used_mb=numbers[:, 3],
        init_ms=numbers[:, 4] if numbers.shape[1] > 4 else nan,
        restore_ms=nan,
        billed_restore_ms=nan,
        # Without a Status field, a run longer than its billed duration was stopped at the timeout.
        status=np.where(duration > billed, TIMEOUT, SUCCESS),
    )


def _checked(reports: Reports, lines: NDArray[np.intp], bad: list[int]) -> tuple[Reports, list[int]]:
    """Drop records whose numbers Lambda cannot produce (``lines``: each record's line), counting them as malformed."""
    ok = reports.valid()
    if ok.all():
        return reports, bad
    return reports.take(ok), bad + lines[~ok].tolist()


def _mark_colons(a: U8, colons: Index) -> Index:
    """The colons ending ``REPORT RequestId``: cheap byte tests first, then the whole mark."""
    c = colons[colons >= len(_MARK)]
    c = c[a[c - 1] == ord("d")]
    c = c[(a[c - 16] == ord("R")) & (a[c - 14] == ord("P")) & (a[c - 9] == ord("R"))]
    if c.size:
        c = c[(a[c[:, None] + np.arange(-len(_MARK), 0)] == _MARK_U8).all(axis=1)]
    return np.asarray(c, dtype=np.intp)


def _label_words(label: bytes) -> tuple[int, int, int, int]:
    """The 16 bytes before a field's colon as two little-endian words and masks: the label exactly,
    right-aligned, and nothing before its separator (checked on its own: a TAB or a space)."""
    area = bytes(16 - len(label)) + label
    mask = bytes(16 - len(label)) + b"\xff" * len(label)
    words = np.frombuffer(area, "<u8")
    masks = np.frombuffer(mask, "<u8")
    return int(words[0]), int(masks[0]), int(words[1]), int(masks[1])


_LABEL_WORDS = {label: _label_words(label) for label in _COLD_LABELS}


def _fields(a: U8, at: Index, labels: tuple[bytes, ...]) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """The numbers after the field colons ``at`` (n x k), and which rows are well formed.

    One row gather of the 32 bytes around each colon (a sliding-window view, no
    per-byte indexing): the label and separator before it (compared as two 8-byte
    words), the number after it.
    """
    n, k = at.shape
    win = sliding_window_view(a, _WINDOW)[at.ravel() - _LEFT].reshape(n, k, _WINDOW)
    words = win.view("<u8")
    ok = np.ones(n, bool)
    for f, label in enumerate(labels):
        w0, m0, w1, m1 = _LABEL_WORDS[label]
        ok &= ((words[:, f, 0] & np.uint64(m0)) == np.uint64(w0)) & ((words[:, f, 1] & np.uint64(m1)) == np.uint64(w1))
        before = win[:, f, _LEFT - len(label) - 1]
        ok &= (before == _TAB) | (before == _SPACE)
    ok &= (win[:, :, _LEFT + 1] == _SPACE).all(axis=1)
    digits = win[:, :, _LEFT + 2 : _LEFT + 2 + _NUMBER_WIDTH].copy()
    number = ((digits >= 48) & (digits <= 57)) | (digits == _DOT)
    length = np.argmin(number, axis=2)
    ok &= (length > 0).all(axis=1)
    after = np.take_along_axis(win, (_LEFT + 2 + length)[..., None] + np.arange(2), axis=2)
    units = np.array([_UNITS[label] for label in labels], np.uint8)
    ok &= (after[..., 0] == _SPACE).all(axis=1) & (after[..., 1] == units).all(axis=1)
    digits[np.arange(_NUMBER_WIDTH) >= length[..., None]] = 0
    digits[~ok] = ord("0")
    try:
        return ok, digits.view(f"S{_NUMBER_WIDTH}")[..., 0].astype(np.float64)
    except ValueError:  # "1.2.3": let the slow path decide, row by row
        return np.zeros_like(ok), np.zeros(at.shape)


def _timestamps(a: U8, starts: Index, marks: Index) -> NDArray[np.float64]:
    """ms since the epoch from each line's prefix (ISO 8601 or epoch ms), NaN where there is none."""
    out = np.full(starts.size, np.nan)
    width = marks - starts
    head = a[starts[:, None] + np.arange(23)]
    iso = (width >= 20) & (head[:, 4] == ord("-")) & (head[:, 7] == ord("-")) & (head[:, 13] == ord(":"))
    iso &= (head[:, 10] == ord("T")) | (head[:, 10] == _SPACE)
    if iso.any():
        h = head[iso].copy()
        h[:, 10] = ord("T")
        frac_digit = (h[:, 20:23] >= 48) & (h[:, 20:23] <= 57)
        keep = np.cumprod(frac_digit, axis=1).astype(bool) & (h[:, 19:20] == _DOT)
        h[:, 20:23][~keep] = 0
        h[:, 19][~keep[:, 0]] = 0
        try:
            out[iso] = h.view("S23")[:, 0].astype("datetime64[ms]").astype(np.int64)
        except ValueError:
            out[iso] = [iso_ms(s.decode("ascii", "replace")) for s in h.view("S23")[:, 0]]
    digits = (head[:, :13] >= 48) & (head[:, :13] <= 57)
    epoch = ~iso & (width >= 14) & digits.all(axis=1) & ((head[:, 13] == _TAB) | (head[:, 13] == _SPACE))
    if epoch.any():
        out[epoch] = head[epoch, :13].copy().view("S13")[:, 0].astype(np.float64)
    return out


def iso_ms(text: str) -> float:
    """An ISO 8601 timestamp as ms since the epoch (UTC unless it says otherwise); NaN if it is not one."""
    m = _ISO.search(text)
    if not m:
        return math.nan
    try:
        return datetime.fromisoformat(f"{m[1]}T{m[2]}+00:00").timestamp() * 1000.0
    except ValueError:
        return math.nan


def _slow_row(buf: bytes, start: int, end: int, stamp: float) -> tuple[float, ...] | None:
    """One REPORT line the fast path did not take, or None if it is malformed."""
    m = _LINE.match(buf, start, end)
    if not m:
        return None
    extra = {key.strip(): value.strip() for key, value in _FIELD.findall(m[5])}
    try:
        init, restore, billed_restore = (
            float(extra[k]) if k in extra else math.nan
            for k in (b"Init Duration", b"Restore Duration", b"Billed Restore Duration")
        )
    except ValueError:
        return None
    duration, billed = float(m[1]), float(m[2])
    status = STATUS_CODES.get(extra.get(b"Status", b"").decode("ascii", "replace").lower())
    if status is None:
        status = TIMEOUT if duration > billed else SUCCESS
    return (stamp, duration, billed, float(m[3]), float(m[4]), init, restore, billed_restore, status)


def _json_lines(buf: bytes) -> tuple[Reports, list[int], int]:
    """``platform.report`` records of the JSON log format, one JSON object per line."""
    rows, lines, bad, managed = [], [], [], 0
    line_no, counted = 0, 0
    pos = buf.find(b'"platform.report"')
    while pos >= 0:
        start = buf.rfind(b"\n", 0, pos) + 1
        end = buf.find(b"\n", pos)
        end = len(buf) if end < 0 else end
        line_no += buf.count(b"\n", counted, start)
        counted = start
        row = json_report(buf[start:end])
        if row == "managed":
            managed += 1
        elif isinstance(row, tuple):
            rows.append(row)
            lines.append(line_no)
        else:
            bad.append(line_no)
        pos = buf.find(b'"platform.report"', end)
    reports, bad = _checked(from_rows(rows), np.asarray(lines, dtype=np.intp), bad)
    return reports, bad, managed


def json_report(line: bytes | str | dict[str, Any]) -> tuple[float, ...] | str | None:
    """One ``platform.report`` event as a record row; ``"managed"`` for a Managed Instances report
    (no billed duration, no memory); None if it is not a readable report."""
    try:
        event = json.loads(line) if not isinstance(line, dict) else line
        if event.get("type") != "platform.report":
            return None
        record = event["record"]
        metrics = record["metrics"]
        if not isinstance(metrics, dict):
            return None
        if "billedDurationMs" not in metrics and "memorySizeMB" not in metrics:
            return "managed"

        def number(key: str) -> float:
            value = metrics.get(key)
            return math.nan if value is None else float(value)

        duration, billed = float(metrics["durationMs"]), float(metrics["billedDurationMs"])
        status = STATUS_CODES.get(str(record.get("status", "success")).lower(), ERROR)
        stamp = iso_ms(str(event.get("time", "")))
        return (
            stamp,
            duration,
            billed,
            float(metrics["memorySizeMB"]),
            float(metrics["maxMemoryUsedMB"]),
            number("initDurationMs"),
            number("restoreDurationMs"),
            number("billedRestoreDurationMs"),
            status,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
