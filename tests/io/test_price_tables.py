"""The shipped price tables: provenance, regions, and the published rates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lambdacost.errors import PricingError
from lambdacost.io import tables
from lambdacost.schema.prices import LambdaPriceTable
from tests.conftest import ROOT

TABLES = sorted(p for p in (ROOT / "pricing").glob("*.yaml") if p.name != "price-set.yaml")


@pytest.mark.parametrize("path", TABLES, ids=[p.stem for p in TABLES])
def test_every_table_has_source_and_effective_date(path: Path) -> None:
    data = yaml.safe_load(path.read_text())
    assert data["source"].strip()
    assert data["effective_date"]


LOADERS = {
    "lambda": tables.lambda_prices,
    "ec2": tables.ec2_prices,
    "fargate": tables.fargate_prices,
    "discounts": tables.discounts,
    "services": tables.services_prices,
    "stack": tables.stack_prices,
}


def test_all_tables_load() -> None:
    # Every shipped table has a loader, and each loader returns what its file says.
    assert {p.stem for p in TABLES} == set(LOADERS)
    for kind, load in LOADERS.items():
        table = load()
        data = yaml.safe_load((ROOT / "pricing" / f"{kind}.yaml").read_text(encoding="utf-8"))
        assert table.kind == data["kind"] == kind  # type: ignore[attr-defined]
        assert table.source == data["source"]  # type: ignore[attr-defined]
        assert str(table.effective_date) == str(data["effective_date"])  # type: ignore[attr-defined]
        names = "plans" if kind == "discounts" else "regions"
        assert set(getattr(table, names)) == set(data[names]) and data[names], kind
    # One published rate from each table (us-east-1).
    assert tables.lambda_prices().region("us-east-1").request.x86_64 == 0.0000002  # $0.20 per 1M
    assert tables.ec2_prices().regions["us-east-1"].instances["m7i.xlarge"].hourly == 0.2016
    assert tables.fargate_prices().regions["us-east-1"].linux_x86_64.vcpu_hour == 0.04048
    assert tables.discounts().plans["fargate-spot"].fargate == 0.70
    services = tables.services_prices().regions["us-east-1"]
    assert services.step_functions.standard_state_transition == 0.025 / 1000


def test_tables_load_from_the_pricing_dir_given(tmp_path: Path) -> None:
    # A copy of the tables with one rate changed in each: the loaders read the copy.
    edits = {
        "lambda": ("request: {x86_64: 0.0000002000,", "request: {x86_64: 0.0000003000,"),
        "ec2": ("hourly: 0.2016}", "hourly: 0.3016}"),
        "fargate": ("vcpu_hour: 0.04048", "vcpu_hour: 0.05048"),
        "discounts": ("    fargate: 0.70", "    fargate: 0.60"),
        "services": ("standard_state_transition: 0.000025", "standard_state_transition: 0.000035"),
    }
    for kind, (old, new) in edits.items():
        text = (ROOT / "pricing" / f"{kind}.yaml").read_text(encoding="utf-8")
        assert old in text, kind
        (tmp_path / f"{kind}.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    assert tables.lambda_prices(tmp_path).region("us-east-1").request.x86_64 == 0.0000003
    assert tables.ec2_prices(tmp_path).regions["us-east-1"].instances["m7i.xlarge"].hourly == 0.3016
    assert tables.fargate_prices(tmp_path).regions["us-east-1"].linux_x86_64.vcpu_hour == 0.05048
    assert tables.discounts(tmp_path).plans["fargate-spot"].fargate == 0.60
    services = tables.services_prices(tmp_path).regions["us-east-1"]
    assert services.step_functions.standard_state_transition == 0.000035


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
    sizes = tables.fargate_prices().valid_sizes()
    assert (0.25, 0.5) in sizes and (1, 8) in sizes and (16, 120) in sizes
    assert (0.25, 3) not in sizes and (8, 18) not in sizes


def test_ec2_catalogue_has_the_section_4_types() -> None:
    inst = tables.ec2_prices().region("us-east-1").instances
    assert inst["t3.small"].hourly == 0.0208 and inst["t3.small"].burstable_baseline == 0.2
    section_4 = {n for n, i in inst.items() if i.derived_from is None}
    assert len(section_4) == 24 and not any(inst[n].unconfirmed for n in section_4)


# ---------------------------------------------------------------- regional rates (regional-prices.md)


@pytest.mark.parametrize(
    ("region", "pc_x86", "pc_duration_x86", "storage"),
    [
        ("us-west-1", 0.0000049041, 0.0000114430, 0.0000000370),
        ("eu-central-1", 0.0000050147, 0.0000117011, 0.0000000367),
        ("ap-southeast-2", 0.0000052360, 0.0000122173, 0.0000000370),
        ("sa-east-1", 0.0000066372, 0.0000154867, 0.0000000586),
        ("ap-east-1", 0.0000057153, 0.0000133358, 0.0000000407),
    ],
)
def test_regional_provisioned_and_storage_rates_are_read_not_assumed(
    lambda_prices: LambdaPriceTable, region: str, pc_x86: float, pc_duration_x86: float, storage: float
) -> None:
    r = lambda_prices.region(region)
    assert (r.provisioned_concurrency.x86_64, r.provisioned_duration.x86_64) == (pc_x86, pc_duration_x86)
    assert (r.ephemeral_storage.x86_64, r.ephemeral_storage.arm64) == (storage, storage)
    # arm64 PC follows the us-east-1 ratio (0.0000033334 / 0.0000041667) and is flagged.
    assert r.provisioned_concurrency.arm64 == pytest.approx(pc_x86 * 0.0000033334 / 0.0000041667, abs=1e-10)
    assert r.provisioned_duration.arm64 == pytest.approx(pc_duration_x86 * 0.0000077778 / 0.0000097222, abs=1e-10)
    assert {"provisioned_concurrency.arm64", "provisioned_duration.arm64"} <= set(r.unconfirmed)
    assert "ephemeral_storage" not in r.unconfirmed and "provisioned_concurrency" not in r.unconfirmed


def test_derived_tiers_follow_the_us_east_1_ratios(lambda_prices: LambdaPriceTable) -> None:
    r = lambda_prices.region("eu-south-1")
    x86 = [t.rate for t in r.duration.x86_64]
    assert x86[0] == 0.0000195172
    assert x86[1] == pytest.approx(0.0000195172 * 0.000015 / 0.0000166667, abs=1e-10)
    assert x86[2] == pytest.approx(0.0000195172 * 0.0000133334 / 0.0000166667, abs=1e-10)
    assert r.request.x86_64 == 0.00000023  # $0.23 per 1M, read for eu-south-1


def test_every_lambda_region_outside_us_east_1_flags_its_derived_rates(lambda_prices: LambdaPriceTable) -> None:
    assert len(lambda_prices.regions) >= 18
    for code, r in lambda_prices.regions.items():
        if code != "us-east-1":
            assert {"duration.x86_64[1]", "duration.arm64[2]", "snapstart"} <= set(r.unconfirmed), code


def test_ec2_larger_sizes_are_derived_from_a_read_price() -> None:
    table = tables.ec2_prices()
    assert "sa-east-1" not in table.regions and len(table.regions) == 17
    inst = table.region("us-east-1").instances
    # m5.xlarge $0.192/h read; m5.8xlarge (32 vCPU) = 8 x m5.xlarge.
    assert (inst["m5.8xlarge"].vcpus, inst["m5.8xlarge"].memory_gib) == (32, 128)
    assert inst["m5.8xlarge"].hourly == pytest.approx(8 * 0.192) and inst["m5.8xlarge"].derived_from == "m5.xlarge"
    # c5 has no 8xlarge; c5.9xlarge (36 vCPU) = 18 x c5.large ($0.085/h).
    assert "c5.8xlarge" not in inst and inst["c5.9xlarge"].hourly == pytest.approx(18 * 0.085)
    assert inst["r6g.4xlarge"].hourly == pytest.approx(8 * 0.1008) and inst["r6g.4xlarge"].memory_gib == 128
    assert inst["m5.xlarge"].derived_from is None and inst["m5.8xlarge"].estimated
    # Types the source does not list in a region are left out: m7g in eu-south-1.
    assert not any(n.startswith("m7g.") for n in table.region("eu-south-1").instances)


def test_fargate_arm_and_storage_outside_us_east_1_are_flagged() -> None:
    table = tables.fargate_prices()
    assert len(table.regions) == 18
    r = table.region("eu-west-2")
    assert (r.linux_x86_64.vcpu_hour, r.linux_x86_64.gb_hour) == (0.04656, 0.00511)
    # 0.80 of x86, rounded to 5 decimals as in us-east-1 (0.04048 -> 0.03238).
    assert (r.linux_arm64.vcpu_hour, r.linux_arm64.gb_hour) == (round(0.8 * 0.04656, 5), round(0.8 * 0.00511, 5))
    assert r.unconfirmed == ["linux_arm64", "storage_gb_second"]
    assert table.region("us-east-1").unconfirmed == []
