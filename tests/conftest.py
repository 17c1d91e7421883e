"""Shared fixtures: the shipped price tables, a CLI runner, and file helpers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacost.io import loader
from lambdacost.schema.prices import LambdaPriceTable

ROOT = Path(__file__).resolve().parent.parent
WORKLOADS = ROOT / "workloads"


@pytest.fixture(scope="session")
def lambda_prices() -> LambdaPriceTable:
    return loader.load_lambda_prices()


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
