"""What a user typed, as validated values: an option's text parsed with a unit parser, and the
region to price in. Every mistake is a :class:`~lambdacost.errors.UsageError` naming the option
(or the workload file's field)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lambdacost.errors import UsageError
from lambdacost.io import loader
from lambdacost.io.overrides import OverriddenFile
from lambdacost.schema.workload import Workload

if TYPE_CHECKING:
    from lambdacost.schema.prices import LambdaPriceTable


def parse_option(
    flag: str,
    parser: Callable[[object], Decimal],
    value: str,
    *,
    positive: bool = False,
    what: str | None = None,
) -> float:
    """``value`` parsed by ``parser`` (one of :mod:`lambdacost.schema.units`); a value it refuses, or
    (with ``positive``) one not above 0, is an error naming ``flag``. ``what`` replaces the parser's
    message ("'x' is not <what>")."""
    try:
        parsed = parser(value)
    except ValueError as exc:
        raise UsageError(f"{value!r} is not {what}" if what else str(exc), field=flag) from None
    if positive and parsed <= 0:
        raise UsageError(f"{value!r} must be more than 0", field=flag)
    return float(parsed)


def region_source(option: str | None, workload: Path | None) -> dict[str, Any]:
    """Where the region came from, for errors about it: ``--region``, or the file's field."""
    if option is not None or workload is None:
        return {"field": "--region"}
    if isinstance(workload, OverriddenFile) and (given := workload.setting("region")) is not None:
        return {"field": f"--set {given}"}
    return {"file": "<stdin>" if str(workload) == "-" else workload, "field": "region"}


def workload_region(table: LambdaPriceTable, option: str | None, workload: Path | None, file_region: str) -> str:
    """The region to price in: ``--region``, else the workload file's; an unknown one is an
    error naming where it came from (the option, or the file's ``region`` field)."""
    code = option if option is not None else file_region
    if code not in table.regions:
        known = ", ".join(sorted(table.regions))
        raise UsageError(f"unknown region {code!r}; known regions: {known}", **region_source(option, workload))
    return code


#: What the Python API accepts as a workload: a file's path, the file's contents as a mapping, or a model.
WorkloadSource = Workload | Mapping[str, Any] | str | os.PathLike[str]


def workload_source(source: WorkloadSource) -> tuple[Workload, Path | None]:
    """The validated workload of ``source`` and the file it came from (None for a mapping or a model)."""
    if isinstance(source, Workload):
        return source, None
    if isinstance(source, Mapping):
        return loader.validate(Workload, dict(source), "<workload mapping>", {}), None
    # A path-like source may carry --set overrides (kept, so that errors can name them).
    path = source if isinstance(source, OverriddenFile) else Path(source)
    return loader.load_workload(path), path  # type: ignore[arg-type,return-value]
