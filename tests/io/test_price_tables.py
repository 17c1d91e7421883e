"""The shipped price tables: provenance, regions, and the published rates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lambdacost.errors import PricingError
from lambdacost.io import loader
from lambdacost.schema.prices import LambdaPriceTable
from tests.conftest import ROOT

TABLES = sorted((ROOT / "pricing").glob("*.yaml"))


@pytest.mark.parametrize("path", TABLES, ids=[p.stem for p in TABLES])
def test_every_table_has_source_and_effective_date(path: Path) -> None:
    data = yaml.safe_load(path.read_text())
    assert data["source"].strip()
    assert data["effective_date"]


def test_all_tables_load() -> None:
    loader.load_lambda_prices()
    loader.load_ec2_prices()
    loader.load_fargate_prices()
    loader.load_discounts()


def test_us_east_1_lambda_rates_are_the_published_ones(lambda_prices: LambdaPriceTable) -> None:
    r = lambda_prices.region("us-east-1")
    assert (r.request.x86_64, r.request.arm64) == (0.0000002, 0.0000002)
    assert [(t.up_to_gb_seconds, t.rate) for t in r.duration.x86_64] == [
        (6e9, 0.0000166667),
        (15e9, 0.000015),
        (None, 0.0000133334),
    ]
    assert [(t.up_to_gb_seconds, t.rate) for t in r.duration.arm64] == [
        (7.5e9, 0.0000133334),
        (18.75e9, 0.0000120001),
        (None, 0.0000106667),
    ]
    assert (r.provisioned_concurrency.x86_64, r.provisioned_concurrency.arm64) == (0.0000041667, 0.0000033334)
    assert (r.provisioned_duration.x86_64, r.provisioned_duration.arm64) == (0.0000097222, 0.0000077778)
    assert r.ephemeral_storage.x86_64 == 0.0000000309
    assert (r.snapstart.cache, r.snapstart.restore) == (0.0000015046, 0.0001397998)
    assert (lambda_prices.free_tier.requests, lambda_prices.free_tier.gb_seconds) == (1_000_000, 400_000)
    assert (lambda_prices.edge.request, lambda_prices.edge.gb_second) == (0.0000006, 0.00005001)
    # 2025-2026 dimensions (pricing-facts.md section 7); AWS publishes tenant isolation for x86_64 only.
    assert r.managed_instances is not None and r.managed_instances.management_fee == 0.15
    assert r.tenant_isolation is not None and r.tenant_isolation.x86_64 == 0.000167
    assert r.tenant_isolation.arm64 == pytest.approx(0.000167 * 0.8)  # derived, so unconfirmed
    assert r.response_streaming is not None and r.response_streaming.gb == 0.008
    assert lambda_prices.free_tier.streaming_gb == 100
    assert r.event_source_mapping is not None
    assert (r.event_source_mapping.sqs_epu_hour, r.event_source_mapping.kafka_epu_hour) == (0.00925, 0.185)
    assert r.tenant_isolation.unconfirmed == ["arm64"]
    assert r.unconfirmed == []


@pytest.mark.parametrize(
    ("region", "x86", "arm"),
    [
        ("af-south-1", 0.0000221, 0.00001768),
        ("ap-east-1", 0.00002292, 0.0000183),
        ("eu-south-1", 0.0000195172, 0.0000156138),
        ("me-south-1", 0.0000206667, 0.0000165334),
        ("me-central-1", 0.0000206667, 0.0000165334),
    ],
)
def test_regions_with_their_own_rates(lambda_prices: LambdaPriceTable, region: str, x86: float, arm: float) -> None:
    r = lambda_prices.region(region)
    assert (r.duration.x86_64[0].rate, r.duration.arm64[0].rate) == (x86, arm)
    assert "duration.x86_64[1]" in r.unconfirmed  # derived tiers are flagged


def test_unknown_region_lists_the_known_ones(lambda_prices: LambdaPriceTable) -> None:
    with pytest.raises(PricingError, match="known regions: .*us-east-1"):
        lambda_prices.region("xx-nowhere-1")


def test_fargate_task_sizes() -> None:
    sizes = loader.load_fargate_prices().valid_sizes()
    assert (0.25, 0.5) in sizes and (1, 8) in sizes and (16, 120) in sizes
    assert (0.25, 3) not in sizes and (8, 18) not in sizes


def test_ec2_catalogue_has_the_section_4_types() -> None:
    inst = loader.load_ec2_prices().region("us-east-1").instances
    assert inst["t3.small"].hourly == 0.0208 and inst["t3.small"].burstable_baseline == 0.2
    assert len(inst) == 24
