"""Read Lambda's REPORT records from log files, in a stream.

:class:`LogReader` takes file names (``-`` is standard input; gzip is detected
from the first bytes, whatever the name) and yields ``(function, Reports)``
batches, never holding more than one block of a file (4 MB of text) at a time.
Each file is sniffed once: an ``aws logs filter-log-events`` document, a Logs
Insights export (CSV or JSON), or lines (plain REPORT lines and JSON
``platform.report`` lines, mixed as they come). Lines that are not reports are
ignored; lines that look like reports (``REPORT RequestId`` or
``"platform.report"``) but cannot be read are counted, and the first is named.
"""

from __future__ import annotations

import gzip
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, cast

from lambdacost.errors import InputFileError
from lambdacost.io.logs import exports
from lambdacost.io.logs.records import Reports
from lambdacost.io.logs.text import Block, parse_block

#: Text read and parsed at a time.
BLOCK_BYTES = 4 * 1024 * 1024
#: A "line" longer than this is not a REPORT line: it is skipped without being held in memory.
MAX_LINE_BYTES = 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_DOCUMENT = re.compile(rb'^\s*(\[|\{\s*"(events|results|searchedLogStreams|nextToken|statistics|status)")')
_CSV_HEADER = re.compile(rb"^\s*\"?@[A-Za-z]+\"?\s*,")
_STEMS = (".gz", ".log", ".txt", ".json", ".jsonl", ".csv")


class LogReader:
    """Iterate over ``(function name, Reports)`` batches of every input, in order.

    After iterating: ``records`` read, ``malformed`` lines skipped (``first_malformed``
    names the first as ``file:line``), ``managed_instances`` reports without a bill.
    Function names come from the input where it carries them (Logs Insights ``@log``),
    else ``function`` if given, else the file's name without its extensions.
    """

    def __init__(self, paths: Sequence[str], *, function: str | None = None, stdin: IO[bytes] | None = None) -> None:
        self.paths = list(paths)
        self.function = function
        self._stdin = stdin
        self.records = 0
        self.malformed = 0
        self.first_malformed: str | None = None
        self.managed_instances = 0

    def __iter__(self) -> Iterator[tuple[str, Reports]]:
        for path in self.paths:
            label = "<stdin>" if path == "-" else path
            default = self.function or _default_name(path)
            with _Input(path, self._stdin) as stream:
                for name, block, base in _blocks(stream, label):
                    self._count(block, label, base)
                    if len(block.reports):
                        self.records += len(block.reports)
                        yield (name or default), block.reports
        if self.records == 0:
            where = ", ".join("<stdin>" if p == "-" else p for p in self.paths)
            found = (
                f"; {self.malformed:,} unreadable REPORT lines, first at {self.first_malformed}"
                if self.malformed
                else ""
            )
            managed = (
                f"; {self.managed_instances:,} Lambda Managed Instances reports carry no billed duration"
                if self.managed_instances
                else ""
            )
            raise InputFileError(f"no REPORT records found{found}{managed}", file=where)

    def _count(self, block: Block, label: str, base: int) -> None:
        self.managed_instances += block.managed_instances
        if block.malformed:
            if self.first_malformed is None:
                self.first_malformed = f"{label}:{base + block.malformed[0] + 1}"
            self.malformed += len(block.malformed)

    def skipped_line(self) -> str | None:
        """``skipped 12 malformed REPORT lines; first at app.log:1234``, or None."""
        if not self.malformed:
            return None
        plural = "line" if self.malformed == 1 else "lines"
        return f"skipped {self.malformed:,} malformed REPORT {plural}; first at {self.first_malformed}"


def _default_name(path: str) -> str:
    if path == "-":
        return "stdin"
    name = Path(path).name
    while (suffix := Path(name).suffix.lower()) in _STEMS and Path(name).stem:
        name = name[: -len(suffix)]
    return name or "function"


class _Input:
    """A context manager giving one input as a binary stream, gunzipped if it is gzip."""

    def __init__(self, path: str, stdin: IO[bytes] | None) -> None:
        self.path, self.stdin = path, stdin
        self.raw: IO[bytes] | None = None

    def __enter__(self) -> IO[bytes]:
        label = "<stdin>" if self.path == "-" else self.path
        if self.path == "-":
            raw = self.stdin or sys.stdin.buffer
        else:
            raw = _open_file(self.path)
            self.raw = raw
        head = _peek(raw, 2)
        if head.startswith(_GZIP_MAGIC):
            return cast("IO[bytes]", _Checked(gzip.GzipFile(fileobj=exports._Prefixed(head, raw), mode="rb"), label))
        return cast("IO[bytes]", _Checked(exports._Prefixed(head, raw), label))

    def __exit__(self, *exc: object) -> None:
        if self.raw is not None:
            self.raw.close()


def _open_file(path: str) -> IO[bytes]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputFileError("file not found", file=path) from None
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror or exc}", file=path) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError("is a directory, not a log file", file=path)
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise InputFileError("is not a regular file or a pipe", file=path)
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by _Input.__exit__
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror or exc}", file=path) from None


def _peek(raw: IO[bytes], n: int) -> bytes:
    head = b""
    while len(head) < n:
        more = raw.read(n - len(head))
        if not more:
            break
        head += more
    return head


class _Checked:
    """A stream whose read errors (a truncated or corrupt gzip, an I/O error) become one input error."""

    def __init__(self, stream: IO[bytes] | gzip.GzipFile | exports._Prefixed, label: str) -> None:
        self._stream, self._label = stream, label

    def read(self, n: int = -1) -> bytes:
        """Up to ``n`` bytes (all that is left if ``n`` < 0): short only at the end of the input."""
        try:
            data = self._stream.read(n)
            while n > 0 and data and len(data) < n:
                more = self._stream.read(n - len(data))
                if not more:
                    break
                data += more
            return data
        except (gzip.BadGzipFile, zlib.error) as exc:
            raise InputFileError(f"is not a valid gzip file: {exc}", file=self._label) from None
        except EOFError:
            raise InputFileError("is a truncated gzip file", file=self._label) from None
        except OSError as exc:
            raise InputFileError(f"cannot read: {exc.strerror or exc}", file=self._label) from None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    @property
    def closed(self) -> bool:
        return False


def _blocks(stream: IO[bytes], label: str) -> Iterator[exports.Located]:
    """Sniff the input's format from its first block and read it block by block."""
    first = stream.read(BLOCK_BYTES)
    if b"\x00" in first[:65536]:
        raise InputFileError("is a binary file, not a log", file=label)
    start = first.lstrip(b"\xef\xbb\xbf")
    if _DOCUMENT.match(start[:4096]) and not _one_json_line(start):
        return exports.filter_log_events(exports._Prefixed(start, stream), label)  # type: ignore[arg-type]
    if _CSV_HEADER.match(start[:4096]):
        return exports.insights_csv(exports._Prefixed(start, stream), label)  # type: ignore[arg-type]
    return _line_blocks(first, stream)


def _one_json_line(start: bytes) -> bool:
    """Whether the input starts with a complete one-line JSON object (the JSON log format)."""
    import json

    line = start.split(b"\n", 1)[0]
    if len(line) >= MAX_LINE_BYTES or not line.strip().startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(line), dict) and b"\n" in start.strip()
    except ValueError:
        return False


def _line_blocks(first: bytes, stream: IO[bytes]) -> Iterator[exports.Located]:
    """Blocks of whole lines; ``base`` is the 0-based line number where each block starts."""
    carry, base, data = b"", 0, first
    while data:
        buf = carry + data
        cut = buf.rfind(b"\n") + 1
        if cut == 0 and len(buf) > MAX_LINE_BYTES:
            carry = b""  # no newline in a megabyte: not a REPORT line; drop it without holding it
            data = stream.read(BLOCK_BYTES)
            continue
        block, carry = buf[:cut], buf[cut:]
        if block:
            parsed = parse_block(block)
            yield None, parsed, base
            base += block.count(b"\n") if parsed.newlines is None else parsed.newlines
        data = stream.read(BLOCK_BYTES)
    if carry:
        yield None, parse_block(carry + b"\n"), base


__all__ = ["BLOCK_BYTES", "LogReader", "Reports"]
