"""Two versions of a workload priced side by side: ``lambdacost diff BASE HEAD``.

Both sides are priced by :func:`lambdacost.plan.estimate.estimate` with the same
price table (and ``--region``, ``--no-free-tier`` when given). Functions are
matched by name: a name only in HEAD is *added*, only in BASE *removed*. For
each function the result holds every line item either side has (before, after),
its total, and the inputs that changed (memory, requests, architecture, ...).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class Change:
    """A number before and after (0 for the side that does not have it)."""

    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def percent(self) -> float | None:
        """The change as a percentage of ``before`` (None when ``before`` is 0)."""
        return None if self.before == 0 else self.delta / abs(self.before) * 100


@dataclass(frozen=True)
class ItemDiff:
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


def _plain(value: Any) -> Any:
    return value.model_dump() if isinstance(value, BaseModel) else value


def function_inputs(before: Function, after: Function) -> list[InputDiff]:
    """The settings of a function that differ between BASE and HEAD, in the file's key order."""
    return [
        InputDiff(key, _plain(getattr(before, key)), _plain(getattr(after, key)))
        for key in Function.model_fields
        if key != "name" and getattr(before, key) != getattr(after, key)
    ]


def _pick(est: Estimate, index: int | None, what: str, key: str) -> float:
    """One function's quantity or cost of a line item (0 for a function this side does not have)."""
    if index is None or not est.costs.quantity.used(key):
        return 0.0
    return float(getattr(est.costs, what)[key][index])


def _items(base: Estimate, i: int | None, head: Estimate, j: int | None) -> list[ItemDiff]:
    """The line items either side of one function has (both 0 are left out)."""
    out = []
    for li in LINE_ITEMS:
        quantity = Change(_pick(base, i, "quantity", li.key), _pick(head, j, "quantity", li.key))
        cost = Change(_pick(base, i, "cost", li.key), _pick(head, j, "cost", li.key))
        if quantity.before or quantity.after or cost.before or cost.after:
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
    base_names = {f.name for f in base.workload.functions}
    functions = []
    for i, before in enumerate(base.workload.functions):
        j = head_index.get(before.name)
        after = None if j is None else head.workload.functions[j]
        cost = Change(float(base.costs.total[i]), 0.0 if j is None else float(head.costs.total[j]))
        inputs = [] if after is None else function_inputs(before, after)
        status = "removed" if after is None else "changed" if inputs or cost.delta != 0 else "unchanged"
        functions.append(FunctionDiff(before.name, status, before, after, cost, _items(base, i, head, j), inputs))
    for j, after in enumerate(head.workload.functions):
        if after.name not in base_names:
            cost = Change(0.0, float(head.costs.total[j]))
            functions.append(FunctionDiff(after.name, "added", None, after, cost, _items(base, None, head, j), []))
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
