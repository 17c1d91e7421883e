"""The one place that reads YAML files: workload profiles, and the price tables for :mod:`lambdacost.io.tables`.

A file is checked before it is parsed (it exists, is a regular file, is at most
10 MB, is UTF-8 text without NUL bytes, is not empty), parsed with YAML's safe
loader only (``CSafeLoader`` when available), checked for alias bombs, and then
validated by a pydantic model. Every failure is a :class:`InputFileError` (or
:class:`PricingError` for price tables) naming the file, the field path and,
where the YAML gives it, the line.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
import stat
import sys
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from lambdacost.errors import InputFileError, LambdacostError, PricingError, format_field_path
from lambdacost.io.compose import NeedsNodes, build, compose
from lambdacost.io.overrides import OverriddenFile, Overrides
from lambdacost.schema.units import shown
from lambdacost.schema.workload import Workload

#: The largest file lambdacost reads.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: The most YAML nodes aliases may add to a document once expanded (an alias
#: bomb adds billions; a file without aliases adds none, however large).
MAX_ALIAS_EXPANSION = 100_000

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)
Location = tuple[str | int, ...]


def data_dir(name: str) -> Path:
    """The folder of shipped data (``pricing`` or ``workloads``).

    In an installed wheel it is ``lambdacost/_data/<name>``; in a source
    checkout (or an editable install) it is the top-level folder of the same name.
    """
    here = Path(__file__).resolve().parent.parent  # the lambdacost package
    for candidate in (here / "_data" / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    raise PricingError(f"the shipped {name}/ folder is missing from this installation", file=str(here / "_data" / name))


#: The deepest nesting of lists and mappings a file may have (a workload needs 5;
#: checked while composing, so a hostile file cannot exhaust the stack).
MAX_DEPTH = 64
#: What ``-`` (standard input) is called in messages.
STDIN_NAME = "<stdin>"


def _refuse_kind(mode: int) -> str:
    kinds = [
        (stat.S_ISDIR, "is a directory, not a file"),
        (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
        (stat.S_ISCHR, "is a character device, not a regular file"),
        (stat.S_ISBLK, "is a block device, not a regular file"),
        (stat.S_ISSOCK, "is a socket, not a regular file"),
    ]
    return next((what for test, what in kinds if test(mode)), "is not a regular file")


def _read_limited(fd: int) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes from ``fd`` (one more than allowed tells a file is too big)."""
    chunks = []
    left = MAX_FILE_BYTES + 1
    while left > 0:
        chunk = os.read(fd, min(left, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_bytes(path: str | Path, error: type[LambdacostError]) -> bytes:
    """The bytes of a regular file (or of standard input for ``-``), at most the limit plus one.

    The file is opened without blocking and checked with ``fstat`` before a byte is
    read, so a FIFO, a device such as /dev/zero or a directory is refused at once.
    """
    if str(path) == STDIN_NAME:
        try:
            return _read_limited(sys.stdin.buffer.fileno())
        except (OSError, AttributeError, ValueError):
            return sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise error("file not found", file=path) from None
    except IsADirectoryError:
        raise error("is a directory, not a file", file=path) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", file=path) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise error(_refuse_kind(mode), file=path)
        return _read_limited(fd)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", file=path) from None
    finally:
        os.close(fd)


def _decode(raw: bytes, path: str | Path, error: type[LambdacostError]) -> str:
    """UTF-8 text (a UTF-8 BOM is dropped; UTF-16 and UTF-32 with a BOM are decoded)."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise error(
                    f"is {codec.upper()} text with an invalid byte at {exc.start}; save it as UTF-8", file=path
                ) from None
    if b"\x00" in raw:
        if len(raw) > 1 and (raw[0] == 0) != (raw[1] == 0) and raw.count(b"\x00") * 3 >= len(raw):
            raise error("looks like UTF-16 text without a byte-order mark; save it as UTF-8", file=path)
        raise error("is a binary file, not YAML text", file=path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"is not UTF-8 text (byte {exc.start}); save it as UTF-8", file=path) from None


def read_text(path: str | Path, *, error: type[LambdacostError] = InputFileError) -> str:
    """Read a small UTF-8 text file (``<stdin>``: standard input), or raise an error that says what is wrong with it."""
    raw = _read_bytes(path, error)
    if len(raw) > MAX_FILE_BYTES:
        raise error(
            f"is more than {MAX_FILE_BYTES // 1024 // 1024} MB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MB",
            file=path,
        )
    return _decode(raw, path, error)


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many nodes ``node`` stands for once its aliases are expanded (memoized, so linear)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # a node that refers to itself counts once
    size = 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            size += _expanded_size(k, memo) + _expanded_size(v, memo)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            size += _expanded_size(item, memo)
    memo[key] = size
    return size


def _line_map(node: yaml.Node, path: Location, out: dict[Location, int]) -> None:
    """Record the 1-based line of every key and item, by field path."""
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                out.setdefault((*path, k.value), k.start_mark.line + 1)
                _line_map(v, (*path, k.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, (*path, i), out)


class _LineMap(Mapping[Location, int]):
    """The line of each field path of a file the fast path read, found only when asked (to name a
    line in an error): the file is read again, recording lines this time."""

    def __init__(self, text: str, path: str | Path, error: type[LambdacostError]) -> None:
        self._text, self._path, self._error = text, path, error
        self._lines: dict[Location, int] | None = None

    def _read(self) -> dict[Location, int]:
        if self._lines is None:
            lines: dict[Location, int] = {}
            loader = _Loader(self._text)
            try:
                build(loader, self._path, self._error, lines=lines)
            finally:
                loader.dispose()
            self._lines = lines
        return self._lines

    def __getitem__(self, key: Location) -> int:
        return self._read()[key]

    def __iter__(self) -> typing.Iterator[Location]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


def parse_yaml(
    text: str, path: str | Path, *, error: type[LambdacostError] = InputFileError
) -> tuple[Any, Mapping[Location, int]]:
    """Parse YAML text safely; return the data and the line of each field path (found when first
    asked for, where the file had no anchors, aliases, merge keys or tags)."""
    loader = _Loader(text)
    try:
        try:
            built = build(loader, path, error)
            if built is None:
                raise error("file is empty (no YAML document)", file=path)
            return built[0], _LineMap(text, path, error)
        except NeedsNodes:  # anchors, aliases, merge keys or tags: compose the nodes, then construct
            loader.dispose()
            loader = _Loader(text)
        node = compose(loader, path, error)
        if node is None:
            raise error("file is empty (no YAML document)", file=path)
        memo: dict[int, int] = {}
        if _expanded_size(node, memo) - len(memo) > MAX_ALIAS_EXPANSION:
            raise error(
                f"YAML aliases expand to more than {MAX_ALIAS_EXPANSION:,} extra nodes (an alias bomb?)", file=path
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in what:  # libyaml's own cap, deeper than ours
            what = f"nested more than {MAX_DEPTH} levels deep"
        raise error(f"invalid YAML: {what}", file=path, line=mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a raw control code
        line = text.count("\n", 0, exc.position) + 1
        raise error(
            f"invalid YAML: character U+{exc.character:04X} is not allowed in YAML", file=path, line=line
        ) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", file=path) from None
    except RecursionError:
        raise error(f"invalid YAML: nested more than {MAX_DEPTH} levels deep", file=path) from None
    finally:
        loader.dispose()
    lines: dict[Location, int] = {}
    _line_map(node, (), lines)
    return data, lines


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The pydantic model that describes the mapping at ``loc`` (for "did you mean")."""
    current: Any = model
    keyed = False  # the previous field was a dict: this part is one of its keys
    for part in loc:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        annotation = current.model_fields[part].annotation
        keyed = typing.get_origin(_strip_optional(annotation)) in (dict, Mapping)
        current = _unwrap(annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _unwrap(annotation: Any) -> Any:
    """The model inside ``list[M]``, ``M | None``, ``dict[str, M]`` or ``Annotated[M, ...]``."""
    for _ in range(5):
        origin = typing.get_origin(annotation)
        if origin is None:
            return annotation
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if (
            origin in (typing.Union, types.UnionType)
            or origin is typing.Annotated
            or origin in (list, tuple, set, Sequence)
        ):
            annotation = args[0]
        elif origin in (dict, Mapping):
            annotation = args[-1]
        else:
            return annotation
    return annotation


_FIELD_PREFIX = re.compile(r"^([a-z_][a-z0-9_.]*): (.*)$", re.DOTALL)


def _describe(err: Mapping[str, Any], model: type[BaseModel]) -> tuple[Location, str]:
    """The field path and a plain message for one pydantic error."""
    loc: Location = tuple(err["loc"])
    kind = err["type"]
    msg = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent = _model_at(model, loc[:-1])
        msg = f"unknown key {key!r}"
        if parent is not None:
            known = list(parent.model_fields)
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            msg += f"; did you mean {close[0]!r}?" if close else f"; expected one of: {', '.join(known)}"
    elif kind == "missing":
        msg = "required key is missing"
    elif kind in ("literal_error", "enum"):
        msg = f"{shown(err.get('input'))} is not allowed; {msg[0].lower()}{msg[1:]}"
    elif kind == "string_type" and isinstance(err.get("input"), bool | int | float):
        value = err["input"]
        why = (
            "YAML reads yes/no/on/off/true/false as a boolean"
            if isinstance(value, bool)
            else "YAML reads it as a number"
        )
        msg = f"expected text, got {value!r} ({why}); put the value in quotes"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        msg = f"expected a mapping (key: value), got {type(err.get('input')).__name__}"
    elif kind == "list_type":
        msg = f"expected a list, got {type(err.get('input')).__name__}"
    elif "input" in err and kind.endswith(("_type", "_parsing")) and not isinstance(err["input"], dict | list):
        msg = f"{shown(err['input'])}: {msg[0].lower()}{msg[1:]}"
    match = _FIELD_PREFIX.match(msg)
    if kind == "value_error" and match:
        loc = loc + tuple(match[1].split("."))
        msg = match[2]
    return loc, msg


def validate(
    model: type[M],
    data: Any,
    path: str | Path,
    lines: Mapping[Location, int],
    *,
    error: type[LambdacostError] = InputFileError,
) -> M:
    """Validate parsed data against ``model``; the first error becomes one line naming file, field and line."""
    if not isinstance(data, dict):
        got = "a list" if isinstance(data, list) else f"{type(data).__name__} {data!r}"[:60]
        raise error(f"expected a mapping of keys at the top level, got {got}", file=path, line=1)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # An unknown key usually is a misspelt one: report it (with its "did you
        # mean") before the "missing" error the same typo causes.
        errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
        loc, msg = _describe(errors[0], model)
        if len(errors) > 1:
            msg += f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})"
        line = None
        for n in range(len(loc), -1, -1):
            if loc[:n] in lines:
                line = lines[loc[:n]]
                break
        raise error(msg, file=path, field=format_field_path(loc) or None, line=line) from None


def load_model(
    model: type[M],
    path: str | Path,
    *,
    error: type[LambdacostError] = InputFileError,
    transform: typing.Callable[[Any], Any] | None = None,
    text: str | None = None,
) -> M:
    """Read, parse and validate one YAML file; ``transform`` changes the parsed data before validation;
    ``text`` is the file's text when it has been read already (by :func:`read_text`)."""
    if text is None:
        text = read_text(path, error=error)
    if not text.strip():
        raise error("file is empty", file=path)
    data, lines = parse_yaml(text, path, error=error)
    if data is None:
        raise error("file is empty (only comments)", file=path)
    if transform is not None:
        data = transform(data)
    return validate(model, data, path, lines, error=error)


def load_workload(path: str | Path, overrides: Sequence[str] = ()) -> Workload:
    """Load a workload file; ``overrides`` (``--set PATH=VALUE``) change its data before it is validated;
    ``-`` reads it from standard input (named ``<stdin>`` in errors)."""
    if isinstance(path, OverriddenFile):
        overrides = (*path.overrides, *overrides)
        path = path.path
    if str(path) == "-":
        path = STDIN_NAME
    if not overrides:
        return load_model(Workload, path)
    sets = Overrides(overrides, path)
    try:
        return load_model(Workload, path, transform=sets.apply)
    except InputFileError as error:
        if not sets.set_the_field_of(error):
            load_model(Workload, path)  # the file's own error, if the file is invalid by itself
        raise sets.error(error) from None


def shipped_workloads() -> list[Path]:
    """The example workload files shipped with lambdacost."""
    return sorted(data_dir("workloads").glob("*.yaml"))


def with_location(error: LambdacostError, path: str | Path) -> LambdacostError:
    """``error`` (about a field of the workload file ``path``) with the file and the field's line.

    For checks made after loading (an instance type the EC2 table lacks): the
    field's line is read again from the file.
    """
    if error.file is not None or error.field is None:
        return error
    error.file = str(path)
    try:
        _, lines = parse_yaml(read_text(path), path)
    except LambdacostError:
        return error
    loc: list[str | int] = []
    for part in re.findall(r"[^.\[\]]+", error.field):
        loc.append(int(part) if part.isdigit() else part)
    for n in range(len(loc), 0, -1):
        if tuple(loc[:n]) in lines:
            error.line = lines[tuple(loc[:n])]
            break
    return error
