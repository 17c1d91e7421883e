"""Hypothesis strategies for workloads (kept apart, as numpy-financial does)."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.reference import RefFunction

memory_mb = st.integers(min_value=128, max_value=10_240)
duration_ms = st.floats(min_value=1.0, max_value=900_000.0, allow_nan=False)
requests = st.one_of(
    st.just(0.0),
    st.floats(min_value=0.0, max_value=1e6),
    st.floats(min_value=1e6, max_value=5e10),
)


@st.composite
def functions(draw: st.DrawFn, *, features: bool = True) -> RefFunction:
    """One function; with ``features``, optionally PC, SnapStart, storage, INIT or Edge."""
    f = RefFunction(
        memory_mb=float(draw(memory_mb)),
        arm=draw(st.booleans()),
        duration_ms=draw(duration_ms),
        requests=draw(requests),
    )
    if not features:
        return f
    kind = draw(st.sampled_from(["plain", "plain", "edge", "pc", "snap"]))
    if kind == "edge":
        f.edge, f.arm = True, False
        f.duration_ms = min(f.duration_ms, 30_000.0)
        return f
    if draw(st.booleans()):
        f.storage_mb = float(draw(st.integers(min_value=512, max_value=10_240)))
    if draw(st.booleans()):
        f.cold_start_rate = draw(st.floats(min_value=0.0, max_value=1.0))
        f.init_ms = draw(st.floats(min_value=0.0, max_value=10_000.0))
    if kind == "pc":
        f.pc_count = float(draw(st.integers(min_value=1, max_value=500)))
        f.pc_hours = draw(st.floats(min_value=0.0, max_value=730.0))
        if draw(st.booleans()):
            f.pc_served = draw(st.floats(min_value=0.0, max_value=max(f.requests, 0.0)))
    elif kind == "snap":
        f.storage_mb = 512.0
        f.snap_versions = float(draw(st.integers(min_value=1, max_value=5)))
        f.snap_restore_rate = draw(st.floats(min_value=0.0, max_value=1.0))
        f.snap_cache_hours = draw(st.floats(min_value=0.0, max_value=730.0))
        f.snap_billed = draw(st.booleans())
    return f


workloads = st.lists(functions(), min_size=1, max_size=8)
