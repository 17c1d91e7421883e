"""What-if overrides: ``--set PATH=VALUE`` applied to a workload file's data before it is validated.

A path names a top-level key (``region``, ``free_tier``), one function's key
(``functions.checkout.memory``, ``functions.checkout.provisioned_concurrency.count``)
or the same key of every function (``*.architecture`` or ``functions.*.architecture``).
The value is read as YAML, exactly as it would be in the file (``1024MB``, ``arm64``,
``true``, ``null``, ``[1, 2]``), and the changed data is validated as the file is, so
an override obeys every rule the file does. Errors name the override:
``--set functions.checkout.memory=xx: memory: 'xx' is not a size ...``.
"""

from __future__ import annotations

import copy
import difflib
import os
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from lambdacost.errors import LambdacostError, UsageError, format_field_path
from lambdacost.schema.workload import Function, Workload

#: The longest ``--set`` text read (a value is one key's, not a file).
MAX_OVERRIDE_CHARS = 10_000

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class OverriddenFile(os.PathLike[str]):
    """A workload file and the ``--set`` overrides to apply to it: passed where a workload's path
    goes (it is path-like), it makes :func:`lambdacost.io.loader.load_workload` apply them."""

    path: Path
    overrides: tuple[str, ...]

    def __fspath__(self) -> str:
        return os.fspath(self.path)

    def __str__(self) -> str:
        return str(self.path)

    def setting(self, key: str) -> str | None:
        """The last override of the top-level ``key`` (its text), or None."""
        texts = [t for t in self.overrides if t.partition("=")[0].strip() == key]
        return texts[-1] if texts else None


def with_overrides(path: Path, overrides: Sequence[str] | None) -> Path:
    """``path``, carrying ``overrides`` when there are any (typed as a path for the commands)."""
    return OverriddenFile(path, tuple(overrides)) if overrides else path  # type: ignore[return-value]


@dataclass(frozen=True)
class Override:
    """One ``--set``: the text as typed, the key path and the value read as YAML."""

    text: str
    path: tuple[str, ...]
    value: Any

    @property
    def label(self) -> str:
        return f"--set {self.text}"


def parse_override(text: str) -> Override:
    """``PATH=VALUE`` as an :class:`Override`; a malformed one is a :class:`UsageError` naming it."""
    label = f"--set {text}"
    if len(text) > MAX_OVERRIDE_CHARS:
        raise UsageError(f"is {len(text):,} characters; the limit is {MAX_OVERRIDE_CHARS:,}", field="--set")
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise UsageError("expected PATH=VALUE, e.g. functions.api.memory=1024MB or '*.architecture=arm64'", field=label)
    parts = tuple(p.strip() for p in key.split("."))
    if any(not p for p in parts):
        raise UsageError(f"{key!r} has an empty part; parts are separated by single dots", field=label)
    if not raw.strip():
        raise UsageError("no value after '='", field=label)
    return Override(text, parts, _read_value(raw, label))


def _read_value(raw: str, label: str) -> Any:
    """A value read as YAML with the safe loader, as the same text in the file would be."""
    try:
        if any(isinstance(t, yaml.AliasToken | yaml.AnchorToken) for t in yaml.scan(raw, Loader=yaml.SafeLoader)):
            raise UsageError("YAML anchors and aliases are not allowed in a value", field=label)
        return yaml.safe_load(raw)
    except yaml.MarkedYAMLError as exc:
        raise UsageError(f"invalid YAML value: {exc.problem or exc.context or exc}", field=label) from None
    except yaml.YAMLError as exc:
        raise UsageError(f"invalid YAML value: {exc}", field=label) from None


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (``M`` or ``M | None``), or None for a plain value."""
    candidates = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType) else ()
    for candidate in (annotation, *candidates):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _check_keys(model: type[BaseModel], keys: Sequence[str], ov: Override, what: str) -> None:
    """Every key of ``keys`` is a field of ``model`` (then of the model that field holds)."""
    current: type[BaseModel] | None = model
    for i, key in enumerate(keys):
        if current is None:
            raise UsageError(f"{'.'.join(keys[:i])} is a value, not a mapping: it has no key {key!r}", field=ov.label)
        known = [k for k in current.model_fields if not (current is Workload and k == "functions")]
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(known)}"
            raise UsageError(f"unknown key {key!r} {what}; {hint}", field=ov.label)
        current = _submodel(current.model_fields[key].annotation)
        what = f"in {'.'.join(keys[: i + 1])}"


def _function_targets(data: dict[str, Any], ov: Override, file: str | Path) -> tuple[list[int], tuple[str, ...]]:
    """The indexes of the functions an override names, and the keys it sets in each."""
    path = ov.path[1:] if ov.path[0] == "*" else ov.path
    functions = data.get("functions")
    entries = functions if isinstance(functions, list) else []
    names = [str(f.get("name")) if isinstance(f, dict) else "" for f in entries]
    if ov.path[0] == "*" or path[1] == "*":
        keys = path if ov.path[0] == "*" else path[2:]
        return [i for i, f in enumerate(entries) if isinstance(f, dict)], keys
    # A function's name may hold dots: the longest name that matches wins.
    for end in range(len(path) - 1, 1, -1):
        name = ".".join(path[1:end])
        if name in names:
            return [names.index(name)], path[end:]
    name = path[1]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"its functions: {', '.join(names[:10])}"
    raise UsageError(f"no function named {name!r} in {file}; {hint}", field=ov.label)


def _set(target: dict[str, Any], keys: Sequence[str], value: Any, ov: Override) -> None:
    for key in keys[:-1]:
        child = target.get(key)
        if child is None:
            child = target[key] = {}
        elif not isinstance(child, dict):
            raise UsageError(f"{key} is {child!r} in the file, not a mapping", field=ov.label)
        target = child
    target[keys[-1]] = copy.deepcopy(value)


def apply_override(data: dict[str, Any], ov: Override, file: str | Path) -> list[Location]:
    """Set ``ov`` in the parsed file ``data`` (in place); return the locations it set."""
    on_functions = ov.path[0] in ("*", "functions")
    if ov.path[0] == "functions" and len(ov.path) < 3:
        raise UsageError("name a function and a key: functions.NAME.KEY or functions.*.KEY", field=ov.label)
    if not on_functions:
        _check_keys(Workload, ov.path, ov, "at the top level")
        _set(data, ov.path, ov.value, ov)
        return [ov.path]
    indexes, keys = _function_targets(data, ov, file)
    if not keys:
        raise UsageError("name a key of the function, e.g. functions.NAME.memory", field=ov.label)
    _check_keys(Function, keys, ov, "for a function")
    for i in indexes:
        _set(data["functions"][i], keys, ov.value, ov)
    return [("functions", i, *keys) for i in indexes]


def _under(field: str, location: Location) -> bool:
    prefix = format_field_path(location)
    return field == prefix or field.startswith((prefix + ".", prefix + "["))


def _names(data: Any) -> list[str]:
    entries = data.get("functions") if isinstance(data, dict) else None
    return [str(f.get("name")) if isinstance(f, dict) else "" for f in entries] if isinstance(entries, list) else []


class Overrides:
    """The ``--set`` overrides of one workload file: applied to its parsed data, and blamed for
    the validation errors they cause."""

    def __init__(self, texts: Sequence[str], file: str | Path) -> None:
        self.file = file
        self.overrides = [parse_override(t) for t in texts]
        self.applied: list[tuple[Override, list[Location]]] = []
        self.names: list[str] = []

    def apply(self, data: Any) -> Any:
        """A copy of the file's parsed ``data`` with every override set (data that is not a
        mapping is returned as is: validating it reports the file's own error)."""
        if not isinstance(data, dict):
            return data
        self.names = _names(data)
        changed = copy.deepcopy(data)
        self.applied = [(ov, apply_override(changed, ov, self.file)) for ov in self.overrides]
        return changed

    def set_the_field_of(self, error: LambdacostError) -> bool:
        """Whether an override set the field (or a field inside it) that ``error`` is about."""
        field = error.field or ""
        return any(_under(field, loc) for _, touched in self.applied for loc in touched)

    def _blamed(self, error: LambdacostError) -> list[tuple[Override, list[Location]]]:
        """The overrides that set the error's field, else those that changed its function, else all."""
        field = error.field or ""
        exact = [(ov, t) for ov, t in self.applied if any(_under(field, loc) for loc in t)]
        if exact:
            return exact
        nearby = [
            (ov, t) for ov, t in self.applied if any(loc[0] == "functions" and _under(field, loc[:2]) for loc in t)
        ]
        return nearby or self.applied

    def _relative(self, field: str, touched: list[Location]) -> str:
        """An error's field in the override's words: ``memory`` for ``functions.api.memory=...``."""
        for location in touched:
            if location[0] != "functions" or not _under(field, location[:2]):
                continue
            rest = field[len(format_field_path(location[:2])) :].lstrip(".")
            if len(touched) == 1:
                return rest
            return f"functions.{self.names[int(location[1])]}" + (f".{rest}" if rest else "")
        return field

    def error(self, error: LambdacostError) -> LambdacostError:
        """``error`` (from validating the changed data) as one line naming the override(s) it is about."""
        if not self.applied:
            return error
        blamed = self._blamed(error)
        field = error.field or ""
        where = self._relative(field, blamed[0][1]) if len(blamed) == 1 else field
        message = f"{where}: {error.message}" if where else error.message
        return UsageError(message, field=", ".join(ov.label for ov, _ in blamed))
