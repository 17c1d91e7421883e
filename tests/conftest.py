"""Shared fixtures: the shipped price tables, a CLI runner, and file helpers.

Also the hypothesis profiles: ``ci`` (chosen when the environment has
``CI=true``, as ``.ci/run`` sets it) is deterministic, so a CI run can be
repeated exactly; ``dev`` (otherwise) draws new examples on every run.
``HYPOTHESIS_PROFILE=ci pytest`` picks one by name.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from lambdacost.io import tables
from lambdacost.schema.prices import LambdaPriceTable

ROOT = Path(__file__).resolve().parent.parent
WORKLOADS = ROOT / "workloads"

# Deterministic: the same examples on every run and machine (derandomize), no
# example database, no deadline (2 shared cores make timings noisy), and the
# blob that reproduces a failure printed with it. A test's own
# @settings(max_examples=...) still wins; this is the number for the others.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, max_examples=100, print_blob=True)
# Random examples each run (hypothesis's default), remembered failures replayed first.
settings.register_profile("dev", deadline=None, print_blob=True)
_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _ci else "dev"))


@pytest.fixture(scope="session")
def _cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache-home")


@pytest.fixture(autouse=True)
def _no_user_price_set(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, _cache_home: Path
) -> Path:
    """Every test starts from the shipped tables: no LAMBDACOST_PRICING, and an empty user data folder
    (``XDG_DATA_HOME`` for subprocesses, :func:`tables.user_pricing_dir` in this one); the table cache
    is the session's own (``XDG_CACHE_HOME``), never the user's."""
    home = tmp_path_factory.mktemp("data-home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(_cache_home))
    monkeypatch.delenv(tables.PRICING_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setattr(tables, "user_pricing_dir", lambda: home / "lambdacost" / "pricing")
    return home / "lambdacost" / "pricing"


@pytest.fixture(scope="session")
def lambda_prices() -> LambdaPriceTable:
    return tables.lambda_prices()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write ``text`` to ``tmp_path/name`` and return the path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
