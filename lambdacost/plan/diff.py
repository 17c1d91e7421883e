"""Two versions of a workload priced side by side: ``lambdacost diff BASE HEAD``.

Both sides are priced by :func:`lambdacost.plan.estimate.estimate` with the same
price table (and ``--region``, ``--no-free-tier`` when given). Functions are
matched by name: a name only in HEAD is *added*, only in BASE *removed*. For
each function the result holds every line item either side has (before, after),
its total, and the inputs that changed (memory, requests, architecture, ...).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from pydantic import BaseModel

from lambdacost.core.engine import LINE_ITEMS
from lambdacost.errors import UsageError
from lambdacost.io.overrides import with_overrides
from lambdacost.plan.budget import Gate, gates
from lambdacost.plan.estimate import Estimate, estimate
from lambdacost.plan.inputs import WorkloadSource
from lambdacost.schema.workload import Function

#: The workload's own settings a diff reports when they differ (the functions are compared one by one).
WORKLOAD_INPUTS = ("region", "free_tier")


class Change(NamedTuple):
    """A number before and after (0 for the side that does not have it). A named tuple: a diff of
    100,000 functions holds about a million of them."""

    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def percent(self) -> float | None:
        """The change as a percentage of ``before`` (None when ``before`` is 0)."""
        return None if self.before == 0 else self.delta / abs(self.before) * 100


class ItemDiff(NamedTuple):
    """One line item of one function: quantity and cost, before and after."""

    key: str
    label: str
    unit: str
    quantity: Change
    cost: Change


@dataclass(frozen=True)
class InputDiff:
    """A setting that differs: ``memory`` 512 -> 1024 (values as validated: MB, ms, requests a month)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class FunctionDiff:
    """One function in BASE, HEAD or both."""

    name: str
    status: str  # "added", "removed", "changed" (cost or inputs) or "unchanged"
    before: Function | None
    after: Function | None
    cost: Change
    items: list[ItemDiff]
    inputs: list[InputDiff]


@dataclass(frozen=True)
class WorkloadDiff:
    """BASE and HEAD priced, function by function."""

    base: Estimate
    head: Estimate
    base_file: str
    head_file: str
    functions: list[FunctionDiff]
    inputs: list[InputDiff]
    overrides: tuple[str, ...] = ()
    gates: list[Gate] = field(default_factory=list)

    @property
    def total(self) -> Change:
        return Change(self.base.total, self.head.total)

    def count(self, status: str) -> int:
        return sum(1 for f in self.functions if f.status == status)

    def listed(self, limit: int) -> list[int]:
        """The functions a table lists, in the diff's order: every one up to ``limit``, else the
        ``limit`` whose monthly cost changes most (added, removed and changed ones before unchanged
        ones at the same change)."""
        n = len(self.functions)
        if n <= limit:
            return list(range(n))
        moved = np.array([abs(f.cost.delta) for f in self.functions])
        unchanged = np.array([f.status == "unchanged" for f in self.functions])
        order = np.lexsort((np.arange(n), unchanged, -moved))  # the last key sorts first
        return sorted(int(i) for i in order[:limit])

    def others(self, listed: list[int]) -> Change:
        """The monthly cost, before and after, of the functions not in ``listed``."""
        keep = set(listed)
        rest = [f.cost for i, f in enumerate(self.functions) if i not in keep]
        return Change(math.fsum(c.before for c in rest), math.fsum(c.after for c in rest))


def _plain(value: Any) -> Any:
    return value.model_dump() if isinstance(value, BaseModel) else value


def function_inputs(before: Function, after: Function) -> list[InputDiff]:
    """The settings of a function that differ between BASE and HEAD, in the file's key order."""
    if before == after:  # the common case in a large diff, in one comparison of the fields
        return []
    return [
        InputDiff(key, _plain(getattr(before, key)), _plain(getattr(after, key)))
        for key in Function.model_fields
        if key != "name" and getattr(before, key) != getattr(after, key)
    ]


@dataclass(frozen=True)
class _Columns:
    """Each line item an estimate has: its quantity and cost per function, as lists, and for each
    function the line items it has (quantity or cost not 0), in :data:`LINE_ITEMS` order."""

    values: dict[str, tuple[list[float], list[float]]]
    present: list[list[int]]  # per function: indexes into LINE_ITEMS


def _columns(est: Estimate) -> _Columns:
    costs = est.costs
    n = len(est.workload.functions)
    values: dict[str, tuple[list[float], list[float]]] = {}
    present: list[list[int]] = [[] for _ in range(n)]
    for k, li in enumerate(LINE_ITEMS):
        if not costs.quantity.used(li.key):
            continue
        quantity = np.broadcast_to(np.asarray(costs.quantity[li.key], dtype=np.float64), (n,))
        cost = np.broadcast_to(np.asarray(costs.cost[li.key], dtype=np.float64), (n,))
        values[li.key] = (quantity.tolist(), cost.tolist())
        for i in np.flatnonzero((quantity != 0) | (cost != 0)).tolist():
            present[i].append(k)
    return _Columns(values, present)


def _items(base: _Columns, i: int | None, head: _Columns, j: int | None) -> list[ItemDiff]:
    """The line items either side of one function has (both 0 are left out)."""
    before = base.present[i] if i is not None else []
    after = head.present[j] if j is not None else []
    keys = before if before == after else sorted({*before, *after})
    out = []
    for k in keys:
        li = LINE_ITEMS[k]
        b = base.values.get(li.key) if i is not None else None
        h = head.values.get(li.key) if j is not None else None
        quantity = Change(b[0][i] if b else 0.0, h[0][j] if h else 0.0)  # type: ignore[index]
        cost = Change(b[1][i] if b else 0.0, h[1][j] if h else 0.0)  # type: ignore[index]
        out.append(ItemDiff(li.key, li.label, li.unit, quantity, cost))
    return out


def compare_estimates(
    base: Estimate,
    head: Estimate,
    *,
    base_file: str = "",
    head_file: str = "",
    overrides: tuple[str, ...] = (),
    gates: list[Gate] | None = None,
) -> WorkloadDiff:
    """BASE and HEAD function by function (matched by name), with the inputs that changed."""
    head_index = {f.name: j for j, f in enumerate(head.workload.functions)}
    base_columns, head_columns = _columns(base), _columns(head)
    base_total, head_total = base.costs.total.tolist(), head.costs.total.tolist()
    base_names = {f.name for f in base.workload.functions}
    functions = []
    for i, before in enumerate(base.workload.functions):
        j = head_index.get(before.name)
        after = None if j is None else head.workload.functions[j]
        cost = Change(base_total[i], 0.0 if j is None else head_total[j])
        inputs = [] if after is None else function_inputs(before, after)
        status = "removed" if after is None else "changed" if inputs or cost.delta != 0 else "unchanged"
        functions.append(
            FunctionDiff(before.name, status, before, after, cost, _items(base_columns, i, head_columns, j), inputs)
        )
    for j, after in enumerate(head.workload.functions):
        if after.name not in base_names:
            cost = Change(0.0, head_total[j])
            items = _items(base_columns, None, head_columns, j)
            functions.append(FunctionDiff(after.name, "added", None, after, cost, items, []))
    settings = {"region": (base.region, head.region), "free_tier": (base.free_tier, head.free_tier)}
    inputs = [InputDiff(k, b, a) for k, (b, a) in settings.items() if b != a]
    return WorkloadDiff(base, head, base_file, head_file, functions, inputs, overrides, gates or [])


def _label(source: WorkloadSource) -> str:
    """How the output names a side: its file, or what it is."""
    if isinstance(source, str | os.PathLike):
        return str(source)
    return "<workload mapping>" if isinstance(source, Mapping) else f"<workload {source.name!r}>"


def diff(
    base: WorkloadSource,
    head: WorkloadSource,
    *,
    overrides: Sequence[str] = (),
    region: str | None = None,
    free_tier: bool | None = None,
    pricing: str | Path | None = None,
    max_monthly_cost: str | None = None,
    max_increase: str | None = None,
) -> WorkloadDiff:
    """Price two workloads (files, mappings or models) with the same price table and compare them;
    ``overrides`` (``--set`` texts) apply to HEAD, which must then be a file. The budget gates asked
    for are checked and kept in the result (``WorkloadDiff.gates``)."""
    if overrides and not isinstance(head, str | os.PathLike):
        raise UsageError("--set changes a workload file; HEAD is not a file", field="--set")
    before = estimate(base, region=region, free_tier=free_tier, pricing=pricing)
    after = estimate(with_overrides(Path(head), overrides) if overrides else head,  # type: ignore[arg-type]
                     region=region, free_tier=free_tier, pricing=pricing)  # fmt: skip
    checked = gates(after.total, max_monthly_cost=max_monthly_cost, max_increase=max_increase, base=before.total)
    return compare_estimates(
        before, after, base_file=_label(base), head_file=_label(head), overrides=tuple(overrides), gates=checked
    )
