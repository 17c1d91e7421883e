"""Reading AWS Price List offer files: what is kept, what is filtered out, what is refused.

The fixtures under tests/fixtures/pricelist/ are in the exact shape of the real
files AWS publishes (the excerpts in tests/fixtures/aws-excerpts/ are real):
several regions, tiered Lambda duration, and EC2 rows to skip (Windows, RHEL,
dedicated tenancy, capacity reservations, pre-installed SQL, a reserved
"Upfront Fee" filed under OnDemand, EBS, a load balancer). Each decoy has a
price of its own, so one that slipped through would change a rate below.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from lambdacost.errors import PricingError
from lambdacost.io import pricebuild, pricelist, tables

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
OFFERS = FIXTURES / "pricelist"
EXCERPTS = FIXTURES / "aws-excerpts"
EC2_US_EAST_1 = OFFERS / "AmazonEC2/current/us-east-1/index.json"
EC2_EU_WEST_2 = OFFERS / "AmazonEC2/current/eu-west-2/index.csv"
LAMBDA = OFFERS / "AWSLambda/current/index.json"


def built(*paths: Path) -> tuple[dict[str, Any], pricebuild.Update]:
    files, update = pricebuild.build(pricebuild.offer_files(paths), tables.shipped_pricing_dir())
    return {name: yaml.safe_load(text) for name, text in files.items()}, update


def test_headers_of_every_offer() -> None:
    h = pricelist.read_header(EC2_US_EAST_1)
    assert (h.offer_code, h.version, h.publication_date, h.csv) == (
        "AmazonEC2",
        "20260925174521",
        "2026-09-25T17:45:21Z",
        False,
    )
    assert pricelist.read_header(EC2_EU_WEST_2).csv is True
    real_ecs = pricelist.read_header(OFFERS / "AmazonECS/current/us-east-1/index.json")
    assert (real_ecs.offer_code, real_ecs.version) == ("AmazonECS", "20250828172723")


def test_ec2_keeps_linux_shared_used_box_usage_only() -> None:
    data, update = built(EC2_US_EAST_1)
    inst = data["ec2.yaml"]["regions"]["us-east-1"]["instances"]
    # Every Linux on-demand type in the file, ours or not (m8g.large is not in the shipped tables).
    assert set(inst) == {"t3.micro", "t3.small", "m5.large", "m5.xlarge", "m7g.large", "c7i.large", "m8g.large"}
    # Not the Windows (0.188), RHEL (0.156), dedicated (0.106), reservation (0.097, 0.098) or SQL (0.466) rows.
    assert inst["m5.large"] == {"vcpus": 2, "memory_gib": 8.0, "architecture": "x86_64", "hourly": 0.096}
    assert inst["m7g.large"]["architecture"] == "arm64" and inst["m8g.large"]["hourly"] == 0.08976
    # A burstable type keeps its CPU-credit baseline from the tables; t2.nano (none known) is left out.
    assert inst["t3.micro"]["burstable_baseline"] == 0.1
    assert any("t2.nano" in n for n in update.notices)
    # Regions no file covers keep their shipped prices.
    assert data["ec2.yaml"]["regions"]["eu-central-1"]["instances"]["m5.large"]["hourly"] == 0.115


def test_ec2_csv() -> None:
    data, _ = built(EC2_EU_WEST_2)
    inst = data["ec2.yaml"]["regions"]["eu-west-2"]["instances"]
    # Not the Windows (0.203), reserved (0.07), dedicated (0.122) or SQL Web (0.52) rows.
    assert {n: i["hourly"] for n, i in inst.items()} == {"m5.large": 0.111, "m7g.large": 0.0944, "t3.micro": 0.0118}
    assert data["ec2.yaml"]["effective_date"] == "2026-09-25"


def test_lambda_every_usage_type_with_its_tiers() -> None:
    data, update = built(LAMBDA)
    lam = data["lambda.yaml"]
    assert update.regions["lambda"] == ["ap-northeast-1", "eu-west-2", "sa-east-1", "us-east-1"]
    r = lam["regions"]["sa-east-1"]
    assert r["usage_type_prefix"] == "SAE1-" and r["location"] == "South America (Sao Paulo)"
    assert r["provisioned_concurrency"]["x86_64"] == 0.0000066372
    assert r["ephemeral_storage"] == {"x86_64": 0.0000000586, "arm64": 0.0000000586}
    assert r["duration"]["arm64"][0] == {"up_to_gb_seconds": 7.5e9, "rate": 0.0000133334}
    assert r["duration"]["arm64"][2]["up_to_gb_seconds"] is None
    # Read from the offer: only SnapStart (not in it) is unconfirmed.
    assert r["unconfirmed"] == ["snapstart"]
    assert lam["regions"]["us-east-1"].get("unconfirmed", []) == []
    # Requests and GB-s from the offer; the streaming allowance (not in the offer) kept from the shipped table.
    assert lam["free_tier"] == {"requests": 1_000_000, "gb_seconds": 400_000, "streaming_gb": 100}
    assert lam["effective_date"] == "2026-09-19" and "AWSLambda offer 20260919201413" in lam["source"]
    # A region the offer lacks keeps the shipped rates.
    assert lam["regions"]["af-south-1"]["request"]["x86_64"] == 0.00000027
    # The 2026 dimensions (not in the offer) are kept from the shipped table, with their own flags.
    assert lam["regions"]["us-east-1"]["managed_instances"] == {"management_fee": 0.15}
    assert lam["regions"]["sa-east-1"]["tenant_isolation"]["unconfirmed"] == ["x86_64", "arm64"]


def test_fargate_and_lambda_at_edge() -> None:
    data, _ = built(OFFERS / "AmazonECS", OFFERS / "AmazonCloudFront")
    r = data["fargate.yaml"]["regions"]["eu-west-2"]
    assert r["linux_x86_64"] == {"vcpu_hour": 0.04656, "gb_hour": 0.00511}
    assert r["linux_arm64"] == {"vcpu_hour": 0.03725, "gb_hour": 0.00409}
    assert r["storage_gb_second"] == pytest.approx(0.000129 / 3600, rel=1e-6)
    assert "unconfirmed" not in r
    # us-east-1 from the real AmazonECS offer file (Windows and ECS Anywhere rates ignored).
    assert data["fargate.yaml"]["regions"]["us-east-1"]["linux_x86_64"] == {"vcpu_hour": 0.04048, "gb_hour": 0.004445}
    assert data["lambda.yaml"]["edge"] == {"request": 0.0000006, "gb_second": 0.00005001}


def test_real_cloudfront_excerpt_gives_the_edge_request_rate() -> None:
    data, _ = built(EXCERPTS / "amazoncloudfront_bulk_offer_excerpt_lambda_edge_v20191219230750.json")
    assert data["lambda.yaml"]["edge"]["request"] == 0.0000006


def _write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def _without(offer: Path, usage_suffix: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(offer.read_text())
    gone = [s for s, p in data["products"].items() if p["attributes"]["usagetype"].endswith(usage_suffix)]
    for s in gone:
        del data["products"][s]
    return data


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: _write(d, "x.json", {"hello": 1}), "not an AWS Price List bulk offer file: it has no offerCode"),
        (lambda d: _write(d, "x.json", "[1, 2]"), "not a JSON object"),
        (lambda d: _write(d, "x.json", "{not json"), "invalid JSON"),
        (
            lambda d: _write(d, "x.json", {"offerCode": "AmazonS3", "version": "1", "publicationDate": "x"}),
            "'AmazonS3'",
        ),
        (lambda d: _write(d, "x.json", LAMBDA.read_text()[:40_000]), "AWSLambda offer file is truncated"),
        (lambda d: _write(d, "x.json", _without(LAMBDA, "-ARM")), "lacks Request-ARM"),
        (
            lambda d: _write(
                d, "x.json", _without(OFFERS / "AmazonECS/current/us-east-1/index.json", "Fargate-GB-Hours")
            ),
            "no region with every Fargate rate (us-east-1 lacks Fargate-GB-Hours)",
        ),
        (lambda d: _write(d, "x.csv", EC2_EU_WEST_2.read_text().replace('"Tenancy",', '"Tenure",')), "Tenancy"),
        (lambda d: _write(d, "x.csv", EC2_EU_WEST_2.read_text()[:-300]), "truncated or malformed"),
        (lambda d: d / "missing.json", "file not found"),
        (lambda d: EXCERPTS / "awslambda_getproducts_excerpt_APN1-Request_v20221214183021.json", "no offerCode"),
        (
            lambda d: EXCERPTS / "amazonec2_bulk_offer_excerpt_us-east-2_v20230322145651.json",
            "AmazonEC2 offer file has no products with on-demand prices",
        ),
    ],
)
def test_bad_offer_files_are_one_error_naming_the_file(tmp_path: Path, make: Any, message: str) -> None:
    path = make(tmp_path)
    with pytest.raises(PricingError) as info:
        built(path)
    assert info.value.file == str(path)
    assert message in info.value.message


def test_two_files_for_one_region_are_refused(tmp_path: Path) -> None:
    copy = _write(tmp_path, "again.json", EC2_US_EAST_1.read_text())
    with pytest.raises(PricingError, match="second AmazonEC2 offer file for us-east-1"):
        built(EC2_US_EAST_1, copy)


def test_products_without_region_code_are_matched_by_location(tmp_path: Path) -> None:
    # Older offer files (like the 2019 CloudFront excerpt) have no regionCode: the location names the region.
    data = json.loads(LAMBDA.read_text())
    for product in data["products"].values():
        product["attributes"].pop("regionCode", None)
    data["products"]["ZZZZZZZZZZZZZZZZ"] = {
        "sku": "ZZZZZZZZZZZZZZZZ",
        "productFamily": "Serverless",
        "attributes": {"location": "Somewhere New", "usagetype": "XYZ1-Request", "group": "AWS-Lambda-Requests"},
    }
    data["terms"]["OnDemand"]["ZZZZZZZZZZZZZZZZ"] = data["terms"]["OnDemand"][next(iter(data["terms"]["OnDemand"]))]
    tables_, update = built(_write(tmp_path, "index.json", data))
    assert update.regions["lambda"] == ["ap-northeast-1", "eu-west-2", "sa-east-1", "us-east-1"]
    assert any("'Somewhere New' left out: not a region code" in n for n in update.notices)
    assert tables_["lambda.yaml"]["regions"]["eu-west-2"]["usage_type_prefix"] == "EUW2-"
