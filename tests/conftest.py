"""Shared fixtures: the shipped price tables, a CLI runner, and file helpers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacost.io import tables
from lambdacost.schema.prices import LambdaPriceTable

ROOT = Path(__file__).resolve().parent.parent
WORKLOADS = ROOT / "workloads"


@pytest.fixture(autouse=True)
def _no_user_price_set(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test starts from the shipped tables: no LAMBDACOST_PRICING, and an empty user data folder
    (``XDG_DATA_HOME`` for subprocesses, :func:`tables.user_pricing_dir` in this one)."""
    home = tmp_path_factory.mktemp("data-home")
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
