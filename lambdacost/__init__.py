"""lambdacost: cost and capacity planning for AWS Lambda, as a library and a CLI.

The entry points of :mod:`lambdacost.plan` are re-exported here and imported on
first use (``import lambdacost`` itself loads neither numpy nor pydantic)::

    import lambdacost

    est = lambdacost.estimate("workloads/rest-api.yaml")   # or a dict, or a Workload
    est.total                                               # USD a month, unrounded

The package is layered (``docs/development.md``): :mod:`lambdacost.cli` parses
options, :mod:`lambdacost.io` reads files, :mod:`lambdacost.schema` validates
them, :mod:`lambdacost.plan` turns models into arrays and results,
:mod:`lambdacost.core` computes (pure numpy) and :mod:`lambdacost.render` formats.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Name -> (module, attribute) of what ``lambdacost.<name>`` gives.
_API = {
    "estimate": ("lambdacost.plan.estimate", "estimate"),
    "Estimate": ("lambdacost.plan.estimate", "Estimate"),
    "capacity": ("lambdacost.plan.capacity", "capacity"),
    "CapacityView": ("lambdacost.plan.capacity", "CapacityView"),
    "compare": ("lambdacost.plan.compare", "compare"),
    "decide": ("lambdacost.plan.decide", "decide"),
    "diff": ("lambdacost.plan.diff", "diff"),
    "WorkloadDiff": ("lambdacost.plan.diff", "WorkloadDiff"),
    "sweep": ("lambdacost.plan.sweep", "sweep_file"),
    "Sweep": ("lambdacost.plan.sweep", "Sweep"),
    "LambdacostError": ("lambdacost.errors", "LambdacostError"),
}

__all__ = [
    "CapacityView",
    "Estimate",
    "LambdacostError",
    "Sweep",
    "WorkloadDiff",
    "__version__",
    "capacity",
    "compare",
    "decide",
    "diff",
    "estimate",
    "sweep",
]

if TYPE_CHECKING:
    from lambdacost.errors import LambdacostError
    from lambdacost.plan.capacity import CapacityView, capacity
    from lambdacost.plan.compare import compare
    from lambdacost.plan.decide import decide
    from lambdacost.plan.diff import WorkloadDiff, diff
    from lambdacost.plan.estimate import Estimate, estimate
    from lambdacost.plan.sweep import Sweep
    from lambdacost.plan.sweep import sweep_file as sweep


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'lambdacost' has no attribute {name!r}")
    module, attribute = _API[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
