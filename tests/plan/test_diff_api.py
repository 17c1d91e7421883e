"""`lambdacost.diff` and `lambdacost.sweep` from Python, worked out by hand from published rates
(us-east-1: requests $0.20 per 1M, x86_64 duration $0.0000166667 per GB-s)."""

from __future__ import annotations

import pytest

import lambdacost
from lambdacost.errors import UsageError
from tests.conftest import WORKLOADS

REQUEST = 0.20 / 1e6
X86 = 0.0000166667


def workload(memory: str) -> dict:  # type: ignore[type-arg]
    return {"name": "w", "free_tier": False,
            "functions": [{"name": "f", "memory": memory, "duration": "100ms", "requests": "2M/month"}]}  # fmt: skip


def test_diff_of_two_mappings() -> None:
    result = lambdacost.diff(workload("512MB"), workload("1GB"), max_increase="1.66")
    before = 2e6 * REQUEST + 2e6 * 0.1 * 0.5 * X86
    after = 2e6 * REQUEST + 2e6 * 0.1 * 1.0 * X86
    assert result.total.before == pytest.approx(before, rel=1e-12)
    assert result.total.after == pytest.approx(after, rel=1e-12)
    (fn,) = result.functions
    assert fn.status == "changed" and [(c.field, c.before, c.after) for c in fn.inputs] == [("memory", 512, 1024)]
    # The increase is 100,000 GB-s x $0.0000166667 = $1.67 at the cent: over a $1.66 limit by a cent.
    (gate,) = result.gates
    assert not gate.passed and gate.over_by == pytest.approx(100_000 * X86 - 1.66, rel=1e-9)


def test_overrides_need_a_file() -> None:
    with pytest.raises(UsageError, match="HEAD is not a file"):
        lambdacost.diff(workload("512MB"), workload("1GB"), overrides=["*.memory=2GB"])


def test_sweep_from_python_agrees_with_estimate() -> None:
    path = WORKLOADS / "rest-api.yaml"
    result = lambdacost.sweep(path, memory="256MB,2GB", architecture="x86_64")
    (point, cost), _ = result.cheapest(2)
    assert point == {"memory": 256.0, "architecture": "x86_64"}
    est = lambdacost.estimate({**_loaded(path), "functions": [
        {**f, "memory": "256MB", "architecture": "x86_64"} for f in _loaded(path)["functions"]]})  # fmt: skip
    assert cost == pytest.approx(est.total, rel=1e-12)


def _loaded(path):  # type: ignore[no-untyped-def]
    import yaml

    return yaml.safe_load(path.read_text())
