"""``lambdacost sweep``: one workload priced over a grid of memory, architecture, duration and requests.

The grid is every combination of the values given (:mod:`lambdacost.plan.ranges`),
priced in one call of the vectorized engine: the points are a leading scenario
axis, so the account-wide tiers and free tier apply to each point's workload
as a whole. The swept settings replace those of the chosen functions (default:
all of them); the other functions keep theirs. Each axis's lowest and highest
value (and each architecture) is first applied to the file as ``--set`` would
be and validated exactly as the file is, so a point the file could not hold
(an arm64 Lambda@Edge function, say) is an error naming the option.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lambdacost.core.aws import LAMBDA_TIMEOUT_S as TIMEOUT_S_MAX
from lambdacost.core.engine import FunctionArrays, LambdaRates, price_functions
from lambdacost.core.rightsize import cpu_bound_ratio
from lambdacost.errors import LambdacostError, UsageError
from lambdacost.plan.arrays import function_arrays
from lambdacost.plan.ranges import DURATION, MEMORY, REQUESTS, architectures, axis_values
from lambdacost.schema.prices import LambdaPriceTable, LambdaRegionRates
from lambdacost.schema.workload import Workload

#: The most rows (grid points x functions) one sweep prices (about 5 s and 300 MB).
MAX_ROWS = 2_000_000
#: Rows priced per engine call: the engine's temporaries stay this size however large the grid.
CHUNK_ROWS = 262_144
#: Axis order in the grid (and in the table's columns).
AXES = ("memory", "architecture", "duration", "requests")


@dataclass(frozen=True)
class Axis:
    """One swept setting: its workload key and its values (MB, "x86_64"/"arm64", ms, requests a month)."""

    name: str
    values: list[float] | list[str]


@dataclass(frozen=True)
class Sweep:
    """A workload priced at every point of a grid."""

    workload: Workload
    region: str
    rates: LambdaRegionRates
    table: LambdaPriceTable
    free_tier: bool
    functions: list[str]  # the functions swept
    axes: list[Axis]
    totals: np.ndarray  # the workload's monthly cost at each point, shape (len(axis) for axis in axes); NaN: infeasible
    given_total: float  # the workload as given
    scale_duration: bool

    @property
    def points(self) -> int:
        return int(self.totals.size)

    @property
    def infeasible(self) -> int:
        """Points whose scaled duration is over Lambda's 15-minute limit."""
        return int(np.count_nonzero(np.isnan(self.totals)))

    def point(self, flat: int) -> dict[str, float | str]:
        """The axis values of the point at flat index ``flat``."""
        index = np.unravel_index(flat, self.totals.shape)
        return {axis.name: axis.values[int(i)] for axis, i in zip(self.axes, index, strict=True)}

    def cheapest(self, count: int) -> list[tuple[dict[str, float | str], float]]:
        """The ``count`` cheapest feasible points and their monthly cost, cheapest first."""
        flat = self.totals.ravel()
        order = np.argsort(np.where(np.isnan(flat), np.inf, flat), kind="stable")[: max(count, 0)]
        return [(self.point(int(i)), float(flat[i])) for i in order if not np.isnan(flat[i])]

    def curve(self) -> tuple[Axis, list[tuple[str, np.ndarray]]]:
        """The chart: cost against the first numeric axis, per architecture if that is swept, the
        cheapest over the other axes at each value (NaN where no point is feasible)."""
        names = [a.name for a in self.axes]
        numeric = [a for a in self.axes if a.name != "architecture"]
        x = numeric[0] if numeric else self.axes[0]
        xi = names.index(x.name)
        series = []
        if "architecture" in names and x.name != "architecture":
            ai = names.index("architecture")
            for k, arch in enumerate(self.axes[ai].values):
                sub = np.take(self.totals, k, axis=ai)
                series.append((str(arch), _min_over_others(sub, xi if xi < ai else xi - 1)))
        else:
            series.append(("cost", _min_over_others(self.totals, xi)))
        return x, series


def _min_over_others(totals: np.ndarray, keep: int) -> np.ndarray:
    moved = np.moveaxis(totals, keep, 0).reshape(totals.shape[keep], -1)
    with np.errstate(all="ignore"):
        return np.asarray(
            np.where(
                np.all(np.isnan(moved), axis=1), np.nan, np.nanmin(np.where(np.isnan(moved), np.inf, moved), axis=1)
            )
        )


def sweep_axes(memory: str | None, architecture: str | None, duration: str | None, requests: str | None) -> list[Axis]:
    """The axes the options give, in grid order; at least one is needed."""
    axes = []
    if memory is not None:
        axes.append(Axis("memory", axis_values(MEMORY, memory).tolist()))
    if architecture is not None:
        axes.append(Axis("architecture", architectures(architecture)))
    if duration is not None:
        axes.append(Axis("duration", axis_values(DURATION, duration).tolist()))
    if requests is not None:
        axes.append(Axis("requests", axis_values(REQUESTS, requests).tolist()))
    if not axes:
        raise UsageError("give at least one of --memory, --architecture, --duration or --requests", field="sweep")
    return axes


def _corner_text(name: str, value: float | str) -> str:
    if name == "memory":
        return f"{value:.0f}MB"
    if name == "duration":
        return f"{float(value) / 1000!r}s"
    return str(value)


def swept_functions(workload: Workload, functions: Sequence[str]) -> list[str]:
    """The functions a sweep changes: those named (each must exist), or every function."""
    names = [f.name for f in workload.functions]
    unknown = [n for n in functions if n not in names]
    if unknown:
        raise UsageError(
            f"no function named {unknown[0]!r}; the workload has: {', '.join(names[:10])}", field="--function"
        )
    return list(dict.fromkeys(functions)) or names


def check_corners(
    path: Path, workload: Workload, overrides: Sequence[str], swept: Sequence[str], axes: Sequence[Axis],
    options: dict[str, str | None],
) -> None:  # fmt: skip
    """Validate the file with each axis's lowest and highest value (every architecture), as ``--set``
    would set them: a value the file could not hold is an error naming the option and the value."""
    from lambdacost.io import loader

    every = len(swept) == len(workload.functions)
    for axis in axes:
        values = axis.values if axis.name == "architecture" else [min(axis.values), max(axis.values)]
        for value in dict.fromkeys(values):
            text = _corner_text(axis.name, value)
            targets = ["*"] if every else [f"functions.{name}" for name in swept]
            try:
                loader.load_workload(path, [*overrides, *(f"{t}.{axis.name}={text}" for t in targets)])
            except LambdacostError as error:
                raise UsageError(f"at {text}: {error.message}", field=f"--{axis.name} {options[axis.name]}") from None


def _grid(axes: Sequence[Axis]) -> dict[str, np.ndarray]:
    """Each axis's value at every point, flattened (point order: C order over the axes)."""
    shape = [len(a.values) for a in axes]
    out = {}
    for i, axis in enumerate(axes):
        values = np.array([v == "arm64" for v in axis.values]) if axis.name == "architecture" else np.array(axis.values)
        view = values.reshape([-1 if j == i else 1 for j in range(len(axes))])
        out[axis.name] = np.broadcast_to(view, shape).ravel()
    return out


def grid_arrays(
    workload: Workload, swept: Sequence[str], axes: Sequence[Axis], *, scale_duration: bool
) -> tuple[FunctionArrays, np.ndarray]:
    """The engine's arrays over the grid, shape (points, functions), and which points are feasible."""
    base = function_arrays(workload)
    mask = np.array([f.name in set(swept) for f in workload.functions])
    grid = _grid(axes)
    columns = {}
    for name, field in (
        ("memory", "memory_mb"),
        ("architecture", "is_arm"),
        ("duration", "duration_ms"),
        ("requests", "requests"),
    ):
        own = np.asarray(getattr(base, field))
        columns[field] = np.where(mask, grid[name][:, None], own) if name in grid else own
    if scale_duration:
        memory = np.broadcast_to(columns["memory_mb"], (len(grid["memory"]), mask.size))
        duration = np.broadcast_to(columns["duration_ms"], memory.shape)
        scaled = duration * cpu_bound_ratio(np.asarray(base.memory_mb), memory)  # type: ignore[arg-type]
        columns["duration_ms"] = np.where(mask, scaled, duration)
    points = int(np.prod([len(a.values) for a in axes]))
    duration_ms = np.broadcast_to(columns["duration_ms"], (points, mask.size))
    feasible = np.all(duration_ms <= TIMEOUT_S_MAX * 1000.0, axis=-1)
    return FunctionArrays(**{**base.__dict__, **columns}), feasible


def _price_grid(arrays: FunctionArrays, rates: LambdaRates, free_tier: bool, points: int) -> np.ndarray:
    """The workload's monthly total at each grid point, priced ``CHUNK_ROWS`` rows at a time
    (each point is its own account month, so chunks of points are independent)."""
    n = np.shape(arrays.memory_mb)[-1]
    step = max(1, CHUNK_ROWS // max(n, 1))
    fields = arrays.__dict__
    totals = np.empty(points)
    for start in range(0, points, step):
        part = slice(start, min(start + step, points))
        chunk = {k: (v[part] if np.ndim(v) == 2 else v) for k, v in fields.items()}
        totals[part] = price_functions(FunctionArrays(**chunk), rates, free_tier=free_tier).workload_total
    return totals


def _check_covered(workload: Workload, rates: LambdaRates, free_tier: bool, given: float) -> None:
    """The grid is priced by the engine's Lambda charges; a workload whose estimate has more
    (discounts, Managed Instances, durable functions, a partly used free tier, ...) is refused."""
    engine = float(price_functions(function_arrays(workload), rates, free_tier=free_tier).workload_total)
    if not math.isclose(engine, given, rel_tol=1e-9, abs_tol=1e-9):
        raise UsageError(
            f"this workload's estimate (${given:,.2f} a month) includes charges sweep does not price yet "
            f"(discounts, Managed Instances, durable functions, a front door or logs, or a partly used free tier); its Lambda "
            f"charges alone are ${engine:,.2f}",
            field="sweep",
        )


def sweep(
    workload: Workload,
    table: LambdaPriceTable,
    axes: Sequence[Axis],
    *,
    region: str,
    functions: Sequence[str] = (),
    free_tier: bool | None = None,
    scale_duration: bool = False,
    pricing: str | Path | None = None,
) -> Sweep:
    """Price ``workload`` at every point of the grid of ``axes`` (``functions``: those swept; default all)."""
    from lambdacost.plan.estimate import estimate

    names = [f.name for f in workload.functions]
    swept = swept_functions(workload, functions)
    if scale_duration and not any(a.name == "memory" for a in axes):
        raise UsageError("scales duration with a swept memory: give --memory too", field="--scale-duration")
    shape = tuple(len(a.values) for a in axes)
    points = int(np.prod(shape))
    if points * len(names) > MAX_ROWS:
        raise UsageError(
            f"the grid has {points:,} points x {len(names):,} functions = {points * len(names):,} rows; "
            f"the limit is {MAX_ROWS:,}",
            field="sweep",
        )
    given = estimate(workload, region=region, free_tier=free_tier, pricing=pricing)
    rates = table.rates(region)
    throttled = given.throttled_functions
    if throttled:
        which = ", ".join(workload.functions[i].name for i in throttled[:3]) + (", ..." if len(throttled) > 3 else "")
        raise UsageError(
            f"throttling is not modelled yet: the concurrency limit of {len(throttled):,} "
            f"function{'s' if len(throttled) != 1 else ''} ({which}) throttles requests as given, and the "
            "estimate bills only the requests served; raise reserved_concurrency or "
            "account_concurrency_limit (lambdacost capacity shows by how much) to sweep this workload",
            field="sweep",
        )
    _check_covered(workload, rates, given.free_tier, given.total)
    arrays, feasible = grid_arrays(workload, swept, axes, scale_duration=scale_duration)
    totals = np.where(feasible, _price_grid(arrays, rates, given.free_tier, points), np.nan).reshape(shape)
    return Sweep(
        workload, region, table.region(region), table, given.free_tier, swept, list(axes), totals, given.total,
        scale_duration,
    )  # fmt: skip


def sweep_file(
    path: Path,
    *,
    memory: str | None = None,
    architecture: str | None = None,
    duration: str | None = None,
    requests: str | None = None,
    functions: Sequence[str] = (),
    overrides: Sequence[str] = (),
    scale_duration: bool = False,
    free_tier: bool | None = None,
    region: str | None = None,
    pricing: str | Path | None = None,
) -> Sweep:
    """``lambdacost sweep``: the file (with ``overrides``) priced over the grid the options give."""
    from lambdacost.io import loader, tables
    from lambdacost.plan.inputs import workload_region

    axes = sweep_axes(memory, architecture, duration, requests)
    wl = loader.load_workload(path, overrides)
    swept = swept_functions(wl, functions)
    options = {"memory": memory, "architecture": architecture, "duration": duration, "requests": requests}
    check_corners(path, wl, overrides, swept, axes, options)
    table = tables.lambda_prices(pricing)
    code = workload_region(table, region, path, wl.region)
    return sweep(
        wl, table, axes, region=code, functions=swept, free_tier=free_tier, scale_duration=scale_duration,
        pricing=pricing,
    )  # fmt: skip
