"""The engine's line items, and the lazy containers that hold them until they are read.

Every line item is computed, but kept in its cheapest exact form: items no
function uses are zero views, items only some functions use are kept as
(rows, values) per block, items that are a quantity times a rate as that
product. Pure numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import EllipsisType
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


class LineItem(NamedTuple):
    """How a line item is named and measured."""

    key: str
    label: str
    unit: str


#: Every line item the engine returns, in the order a bill lists them.
LINE_ITEMS: tuple[LineItem, ...] = (
    LineItem("requests", "Requests", "requests"),
    LineItem("duration", "Duration (on-demand)", "GB-s"),
    LineItem("init_duration", "INIT duration (cold starts)", "GB-s"),
    LineItem("free_tier_requests", "Free tier: requests", "requests"),
    LineItem("free_tier_duration", "Free tier: duration", "GB-s"),
    LineItem("ephemeral_storage", "Ephemeral storage over 512 MB", "GB-s"),
    LineItem("provisioned_concurrency", "Provisioned concurrency", "GB-s"),
    LineItem("provisioned_duration", "Provisioned duration", "GB-s"),
    LineItem("snapstart_cache", "SnapStart cache", "GB-s"),
    LineItem("snapstart_restore", "SnapStart restore", "GB"),
    LineItem("edge_requests", "Lambda@Edge requests", "requests"),
    LineItem("edge_duration", "Lambda@Edge duration", "GB-s"),
    # 2025-2026 billing dimensions (lambdacost.core.billing2026)
    LineItem("async_requests", "Asynchronous events over 256 KB", "requests"),
    LineItem("managed_instances", "Managed Instances: instances", "instance-hours"),
    LineItem("managed_instances_fee", "Managed Instances: management fee", "instance-hours"),
    LineItem("durable_operations", "Durable operations", "operations"),
    LineItem("durable_data_written", "Durable data written", "GB"),
    LineItem("durable_data_retained", "Durable data retained", "GB-months"),
    LineItem("tenant_isolation", "Tenant-isolated environments", "GB"),
    LineItem("response_streaming", "Response streaming beyond 6 MB", "GB"),
    LineItem("free_tier_streaming", "Free tier: response streaming", "GB"),
    LineItem("event_source_epu", "Event source mapping pollers", "EPU-hours"),
    LineItem("savings_plan", "Compute Savings Plan (duration, PC)", "USD"),
    # the stack around the function (lambdacost.core.stack)
    LineItem("function_url", "Function URL (no charge)", "requests"),
    LineItem("api_gateway_http", "API Gateway HTTP API", "requests"),
    LineItem("api_gateway_rest", "API Gateway REST API", "requests"),
    LineItem("api_gateway_websocket_messages", "API Gateway WebSocket messages", "messages"),
    LineItem("api_gateway_websocket_minutes", "API Gateway WebSocket connections", "connection-minutes"),
    LineItem("alb_hours", "Application Load Balancer hours", "hours"),
    LineItem("alb_lcus", "Application Load Balancer LCUs", "LCU-hours"),
    LineItem("logs_ingestion", "CloudWatch Logs ingestion", "GB"),
    LineItem("logs_storage", "CloudWatch Logs storage", "GB-months"),
)

_LINE_ITEM_KEYS = frozenset(li.key for li in LINE_ITEMS)


#: Where a feature is on in one block: its rows (an index tuple), or ``...`` for
#: the whole block when it is on in so many rows that pricing every row is cheaper.
Selection = tuple[NDArray[np.intp], ...] | EllipsisType


class SparseParts:
    """A line item that only some rows have, collected block by block.

    Each part is the item's values on a block's selected rows (or on the whole
    block). It is expanded to a full array only when read: most callers read
    totals only.
    """

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape
        self.parts: list[tuple[slice, Selection, Array]] = []

    def add(self, sel: Selection, block: slice, values: Array) -> None:
        self.parts.append((block, sel, values))

    def __bool__(self) -> bool:
        return bool(self.parts)

    def dense(self) -> Array:
        out = np.zeros(self.shape)
        for block, sel, values in self.parts:
            out[..., block][sel] = values
        return out

    def rows(self) -> tuple[NDArray[np.intp], ...]:
        """The selected rows as one index tuple into the batch."""
        index = []
        for block, sel, _ in self.parts:
            local = np.nonzero(np.ones(self.shape[:-1] + (block.stop - block.start,), bool)) if sel is ... else sel
            index.append((*local[:-1], local[-1] + block.start))
        return tuple(np.concatenate([ix[d] for ix in index]) for d in range(len(self.shape)))


def sum_by_scenario(sel: Selection, values: Array, lead: tuple[int, ...]) -> Array:
    """Per scenario (shape ``lead``, ending in 1), the sum of ``values`` on the selected rows."""
    if sel is ...:
        return np.asarray(np.sum(values, axis=-1, keepdims=True))
    if len(lead) == 1:
        return np.array([values.sum()])
    flat = np.ravel_multi_index(sel[:-1], lead[:-1]) if len(lead) > 2 else sel[0]
    sums = np.bincount(flat, weights=values, minlength=int(np.prod(lead[:-1])))
    return np.asarray(sums, dtype=np.float64).reshape(lead)


@dataclass(frozen=True)
class Product:
    """A line item that is ``base x factor`` (a quantity times a rate)."""

    base: Array | SparseParts | Combined | Product
    factor: Callable[[], Array | float] | Array | float

    def dense(self) -> Array:
        base = self.base if isinstance(self.base, np.ndarray) else self.base.dense()
        factor = self.factor() if callable(self.factor) else self.factor
        return np.asarray(base * factor, dtype=np.float64)


@dataclass(frozen=True)
class Combined:
    """A dense array with a sparse item added (``add``) or some rows set to zero (``zero``)."""

    base: Array
    add: SparseParts | None = None
    zero: SparseParts | None = None

    def dense(self) -> Array:
        out = np.array(self.base, dtype=np.float64)
        if self.add is not None:
            out += self.add.dense()
        if self.zero is not None:
            out[self.zero.rows()] = 0.0
        return out


Item = Array | SparseParts | Product | Combined | None


class LineItemArrays(Mapping[str, Array]):
    """Line item key -> array of the batch's shape ``(..., n)``.

    The engine computes every line item, but keeps each in its cheapest exact
    form until it is read: items no function uses are read-only zero views;
    items only some functions use are kept as (rows, values); items that are a
    quantity times a rate are kept as that product. Reading an item expands it
    to a full array once.
    """

    def __init__(self, shape: tuple[int, ...], items: dict[str, Item]) -> None:
        self._shape = shape
        self._items = items
        self._dense: dict[str, Array] = {}

    def __getitem__(self, key: str) -> Array:
        if key not in self._dense:
            if key not in self._items and key not in _LINE_ITEM_KEYS:
                raise KeyError(key)
            item = self._items.get(key)  # a line item no function of the batch has reads as zeros
            if item is None:
                dense = np.broadcast_to(np.float64(0.0), self._shape)
            elif isinstance(item, SparseParts | Product | Combined):
                dense = np.broadcast_to(item.dense(), self._shape)
            else:
                dense = np.broadcast_to(item, self._shape)
            self._dense[key] = dense
        return self._dense[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def used(self, key: str) -> bool:
        """Whether any function of the batch has this line item at all."""
        item = self._items.get(key)
        return item is not None and (not isinstance(item, SparseParts) or bool(item))

    def extended(self, items: Mapping[str, Array]) -> LineItemArrays:
        """These line items and ``items`` (full arrays of the batch's shape); the others stay unread.

        Every key of :data:`LINE_ITEMS` can be read; one that neither has reads as zeros.
        """
        merged: dict[str, Item] = {key: None for key, _, _ in LINE_ITEMS}
        merged.update(self._items)
        merged.update(items)
        out = LineItemArrays(self._shape, merged)
        out._dense.update(self._dense)
        return out
