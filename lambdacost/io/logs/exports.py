"""Exported log documents: ``aws logs filter-log-events`` JSON and CloudWatch Logs Insights results.

A filter-log-events document can be gigabytes: its events are streamed with
``ijson`` (imported here only), turned back into lines (``<epoch ms> TAB
<message>``) and parsed by the text reader a block at a time. Logs Insights
returns at most 10,000 rows per query, so its rows (CSV, the console's JSON, or
``get-query-results`` JSON) are read row by row.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator
from typing import IO, Any

from lambdacost.errors import InputFileError
from lambdacost.io.logs.records import SUCCESS, TIMEOUT, from_rows
from lambdacost.io.logs.text import Block, iso_ms, parse_block

#: Events turned back into lines and parsed together.
EVENTS_PER_BLOCK = 50_000
#: Logs Insights reports memory in bytes, 1 MB = 1,000,000 bytes (AWS's sample query divides by 1000 / 1000).
INSIGHTS_BYTES_PER_MB = 1_000_000.0
_LAMBDA_GROUP = "/aws/lambda/"

Located = tuple[str | None, Block, int]  # (function name or None, block, index of its first item)


def filter_log_events(stream: IO[bytes], label: str) -> Iterator[Located]:
    """Blocks of records from a JSON document: ``aws logs filter-log-events`` output (``{"events":
    [...]}`` or a bare list of events), or Logs Insights results (objects of ``@fields``)."""
    lines: list[str] = []
    rows: list[tuple[int, Any]] = []
    first = 0
    for number, item in enumerate(_json_items(stream, label)):
        if not (isinstance(item, dict) and "message" in item):
            rows.append((number, item))  # Insights rows: at most 10,000 per query
            continue
        stamp = item.get("timestamp")
        prefix = f"{int(stamp):013d}\t" if isinstance(stamp, int | float) and math.isfinite(stamp) else ""
        lines.append(prefix + str(item["message"]).rstrip("\n"))
        if len(lines) >= EVENTS_PER_BLOCK:
            yield None, _text_block(lines), first
            first, lines = number + 1, []
    if lines:
        yield None, _text_block(lines), first
    if rows:
        yield from _insights(rows, label)


def _text_block(lines: list[str]) -> Block:
    return parse_block("\n".join(lines).encode("utf-8", "replace") + b"\n")


def _json_items(stream: IO[bytes], label: str) -> Iterator[Any]:
    """The events or result rows of a JSON document, streamed."""
    import ijson

    head = stream.read(1)
    while head.isspace():
        head = stream.read(1)
    rest = _Prefixed(head, stream)
    try:
        if head == b"[":
            yield from ijson.items(rest, "item", use_float=True)
            return
        for key, value in ijson.kvitems(rest, "", use_float=True):
            if key in ("events", "results") and isinstance(value, list):
                yield from value
    except ijson.JSONError as exc:
        raise InputFileError(f"is not valid JSON: {exc}", file=label) from None


def insights_csv(stream: IO[bytes], label: str) -> Iterator[Located]:
    """Logs Insights results exported as CSV (a header row of ``@field`` names)."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    try:
        reader = csv.DictReader(text)
        yield from _insights(((reader.line_num, row) for row in reader), label, numbered_by_line=True)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputFileError(f"is not a readable CSV export: {exc}", file=label) from None


def _insights(rows: Iterable[tuple[int, Any]], label: str, *, numbered_by_line: bool = False) -> Iterator[Located]:
    """Rows of Insights fields, grouped by the function named in ``@log`` (where there is one)."""
    groups: dict[str | None, list[tuple[float, ...]]] = {}
    bad: dict[str | None, list[int]] = {}
    messages: list[str] = []
    for number, raw in rows:
        row = _as_fields(raw)
        if row is None:
            continue
        name = _function_of(row.get("log"))
        if "billedDuration" not in row and isinstance(row.get("message"), str):
            messages.append(row["message"].rstrip("\n"))
            continue
        if row.get("type", "REPORT") != "REPORT":
            continue
        parsed = _insights_row(row)
        if parsed is None:
            bad.setdefault(name, []).append(number - 1 if numbered_by_line else number)
        else:
            groups.setdefault(name, []).append(parsed)
    for name in groups.keys() | bad.keys():
        block = Block(from_rows(groups.get(name, [])), bad.get(name, []))
        yield name, block, 0
    if messages:
        yield None, _text_block(messages), 0


def _as_fields(raw: Any) -> dict[str, Any] | None:
    """One result row as ``{field: value}`` without the ``@``."""
    if isinstance(raw, list):  # get-query-results: [{"field": "@timestamp", "value": "..."}, ...]
        raw = {f.get("field"): f.get("value") for f in raw if isinstance(f, dict)}
    if not isinstance(raw, dict):
        return None
    if raw.get("type") == "platform.report":
        return None
    return {str(k).lstrip("@"): v for k, v in raw.items() if v not in (None, "")}


def _function_of(log: Any) -> str | None:
    """``123456789012:/aws/lambda/orders`` -> ``orders``; other log groups keep their name."""
    if not isinstance(log, str) or not log:
        return None
    group = log.split(":", 1)[1] if ":" in log else log
    return group[len(_LAMBDA_GROUP) :] if group.startswith(_LAMBDA_GROUP) else group


def _insights_row(row: dict[str, Any]) -> tuple[float, ...] | None:
    try:
        billed = float(row["billedDuration"])
        duration = float(row.get("duration", billed))
        memory = float(row["memorySize"]) / INSIGHTS_BYTES_PER_MB
        used = float(row.get("maxMemoryUsed", math.nan)) / INSIGHTS_BYTES_PER_MB
        init = float(row.get("initDuration", math.nan))
    except (KeyError, ValueError, TypeError):
        return None
    stamp = iso_ms(str(row.get("timestamp", "")))
    status = TIMEOUT if duration > billed else SUCCESS
    return (stamp, duration, billed, memory, used, init, math.nan, math.nan, status)


class _Prefixed(io.RawIOBase):
    """A binary stream that first returns ``head``, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head, self._stream = head, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n], self._head = self._head[:n], self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


__all__ = ["filter_log_events", "insights_csv"]
