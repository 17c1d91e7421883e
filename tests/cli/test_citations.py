"""Texts a user reads cite what a user has: the price table file and AWS's page, never a
document of this repository's development."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lambdacost.cli.app import app
from lambdacost.io import tables

ROOT = Path(__file__).resolve().parents[2]
LOADERS = {
    "lambda.yaml": tables.lambda_prices,
    "ec2.yaml": tables.ec2_prices,
    "fargate.yaml": tables.fargate_prices,
    "discounts.yaml": tables.discounts,
    "services.yaml": tables.services_prices,
}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_price_table_source_names_its_file_and_aws(name: str) -> None:
    source = LOADERS[name]().source
    assert source.startswith(f"pricing/{name}: "), source
    assert "AWS" in source and ("aws.amazon.com/" in source or "Price List API" in source)
    assert "pricing-facts" not in source and "shared/" not in source


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "workloads/rest-api.yaml", "--format", "json"],
        ["capacity", "workloads/rest-api.yaml", "--format", "markdown"],
        ["regions", "--format", "json"],
        ["decide", "--duration", "40m", "--format", "json"],
        ["compare", "--memory", "512MB", "--duration", "200ms", "--requests", "5/s", "--format", "markdown"],
    ],
)
def test_outputs_cite_no_development_document(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "pricing-facts" not in result.output and "shared/reference" not in result.output


def test_estimate_json_cites_the_lambda_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["estimate", "workloads/rest-api.yaml", "--format", "json"])
    source = json.loads(result.output)["pricing"]["source"]
    assert source.startswith("pricing/lambda.yaml: ") and "aws.amazon.com/lambda/pricing/" in source, source
