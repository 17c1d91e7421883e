"""Reading a ~500 MB AmazonEC2 offer file: throughput against floors measured in the same run, and peak memory.

Generates an offer file in the exact shape AWS publishes for a region
(``products`` with every OS, tenancy, capacity-status and pre-installed-software
variant of each instance type, then ``terms.OnDemand`` and ``terms.Reserved``),
written as it is generated, so the benchmark itself never holds it. Then, each
in a fresh process so that its peak resident memory (``ru_maxrss``) is its own:

- floor 1, reading the file's bytes (1 MB chunks);
- floor 2, a bare ijson pass over ``products`` and one over ``terms.OnDemand``
  (the two passes the importer makes, building each entry and dropping it);
- the importer, ``lambdacost.io.pricelist.read_ec2`` (filter, keep the Linux
  on-demand prices).

Each step runs ``--rounds`` times (default 3), alternating, and the fastest run
counts. Run from the repository root: ``python benchmarks/bench_pricelist.py
[--mb 525] [--rounds 3]``.
The bound the importer must keep: peak memory under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MEMORY_BOUND_MB = 300
FAMILIES = ["m5", "m6i", "m7i", "c5", "c6i", "c7i", "r5", "r6i", "m6g", "m7g", "c6g", "c7g", "r6g", "t3", "t4g"]
SIZES = {"large": 2, "xlarge": 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32, "12xlarge": 48, "16xlarge": 64}
VARIANTS = [  # (operatingSystem, operation, preInstalledSw, tenancy, capacitystatus, usage prefix)
    (os_, op, sw, ten, cap, use)
    for os_, op in (
        ("Linux", "RunInstances"),
        ("Windows", "RunInstances:0002"),
        ("RHEL", "RunInstances:0010"),
        ("SUSE", "RunInstances:000g"),
    )  # fmt: skip
    for sw in ("NA", "SQL Std", "SQL Web")
    for ten, use in (("Shared", "BoxUsage"), ("Dedicated", "DedicatedUsage"), ("Host", "HostBoxUsage"))
    for cap in ("Used", "AllocatedCapacityReservation", "UnusedCapacityReservation")
]


def _product(sku: str, itype: str, vcpu: int, variant: tuple[str, ...]) -> dict[str, object]:
    os_, op, sw, tenancy, cap, usage = variant
    graviton = itype.split(".")[0].endswith("g")
    return {
        "sku": sku,
        "productFamily": "Compute Instance",
        "attributes": {
            "servicecode": "AmazonEC2", "location": "US East (N. Virginia)", "locationType": "AWS Region",
            "instanceType": itype, "currentGeneration": "Yes", "instanceFamily": "General purpose",
            "vcpu": str(vcpu), "physicalProcessor": "AWS Graviton3 Processor" if graviton else "Intel Xeon Platinum 8488C",
            "clockSpeed": "3.2 GHz", "memory": f"{vcpu * 4} GiB", "storage": "EBS only",
            "networkPerformance": "Up to 12500 Megabit", "processorArchitecture": "64-bit", "tenancy": tenancy,
            "operatingSystem": os_, "licenseModel": "No License required", "usagetype": f"{usage}:{itype}",
            "operation": op, "availabilityzone": "NA", "capacitystatus": cap, "classicnetworkingsupport": "false",
            "dedicatedEbsThroughput": "Up to 10000 Mbps", "ecu": "NA", "enhancedNetworkingSupported": "Yes",
            "gpuMemory": "NA", "intelAvxAvailable": "Yes", "intelAvx2Available": "Yes", "intelTurboAvailable": "Yes",
            "marketoption": "OnDemand", "normalizationSizeFactor": "4", "preInstalledSw": sw,
            "processorFeatures": "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo", "regionCode": "us-east-1",
            "servicename": "Amazon Elastic Compute Cloud", "vpcnetworkingsupport": "true",
        },
    }  # fmt: skip


def _term(sku: str, code: str, price: float, description: str, attrs: dict[str, str]) -> dict[str, object]:
    rate = f"{sku}.{code}.6YS6EN2CT7"
    return {
        f"{sku}.{code}": {
            "offerTermCode": code, "sku": sku, "effectiveDate": "2026-09-01T00:00:00Z",
            "priceDimensions": {rate: {"rateCode": rate, "description": description, "beginRange": "0",
                                       "endRange": "Inf", "unit": "Hrs", "pricePerUnit": {"USD": f"{price:.10f}"},
                                       "appliesTo": []}},
            "termAttributes": attrs,
        }
    }  # fmt: skip


def generate(path: Path, target_mb: float) -> int:
    """Write an offer file of about ``target_mb``; return how many Linux on-demand types it has."""
    target = target_mb * 1e6
    skus: list[tuple[str, str, int, tuple[str, ...]]] = []
    n = 0
    # Products take about 60% of a real EC2 offer, terms the rest: size the product count for that.
    per_product = len(json.dumps(_product("X" * 16, "m5.large", 2, VARIANTS[0]))) + 24
    per_terms = 2 * len(json.dumps(_term("X" * 16, "JRTCKXETXF", 0.1, "x" * 60, {}))) + 200
    count = int(target / (per_product + per_terms))
    with path.open("w", encoding="utf-8") as f:
        f.write('{"formatVersion": "v1.0", "disclaimer": "This pricing list is for informational purposes only.", '
                '"offerCode": "AmazonEC2", "version": "20260925174521", "publicationDate": "2026-09-25T17:45:21Z", '
                '"products": {')  # fmt: skip
        while n < count:
            for fam in FAMILIES:
                for size, vcpu in SIZES.items():
                    for variant in VARIANTS:
                        if n >= count:
                            break
                        # Beyond the real families, numbered ones (AWS lists ~900 types per region).
                        itype = f"{fam}{'' if n < len(FAMILIES) * len(SIZES) * len(VARIANTS) else n // 10_000}.{size}"
                        sku = f"{n:016X}"
                        f.write(
                            ("," if n else "")
                            + json.dumps(sku)
                            + ": "
                            + json.dumps(_product(sku, itype, vcpu, variant))
                        )
                        skus.append((sku, itype, vcpu, variant))
                        n += 1
        f.write('}, "terms": {"OnDemand": {')
        for i, (sku, itype, vcpu, variant) in enumerate(skus):
            price = 0.024 * vcpu * (1.0 + VARIANTS.index(variant) / 100)
            desc = f"${price:.4f} per On Demand {variant[0]} {itype} Instance Hour"
            f.write(("," if i else "") + json.dumps(sku) + ": " + json.dumps(_term(sku, "JRTCKXETXF", price, desc, {})))
        f.write('}, "Reserved": {')
        attrs = {"LeaseContractLength": "1yr", "OfferingClass": "standard", "PurchaseOption": "No Upfront"}
        for i, (sku, _, vcpu, _) in enumerate(skus):
            f.write(
                ("," if i else "")
                + json.dumps(sku)
                + ": "
                + json.dumps(_term(sku, "4NA7Y494T4", 0.015 * vcpu, "reserved", attrs))
            )
        f.write("}}}\n")
    return len({s[1] for s in skus if s[3] == VARIANTS[0]})


FLOOR_READ = """
import sys
with open(sys.argv[1], "rb") as f:
    while f.read(1 << 20):
        pass
"""
FLOOR_IJSON = """
import sys, ijson
for prefix in ("products", "terms.OnDemand"):
    with open(sys.argv[1], "rb") as f:
        for _ in ijson.kvitems(f, prefix, use_float=True):
            pass
"""
IMPORTER = """
import sys
from pathlib import Path
from lambdacost.io import pricelist
rates = pricelist.read_ec2(pricelist.read_header(Path(sys.argv[1])))
print(sum(len(r) for r in rates.regions.values()))
"""
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
out = subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2]], check=True, capture_output=True, text=True)
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(seconds, peak_kb, out.stdout.strip() or "-")
"""


def measure(code: str, path: Path) -> tuple[float, float, str]:
    """Wall seconds and peak RSS (MB) of ``code`` run in a fresh process (measured by a fresh parent, so
    ``RUSAGE_CHILDREN`` holds that one child only)."""
    out = subprocess.run([sys.executable, "-c", MEASURE, code, str(path)], check=True, capture_output=True, text=True)
    seconds, peak_kb, result = out.stdout.split()
    return float(seconds), int(peak_kb) / 1024, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=525, help="size asked of the generated file (default 525: ~500 MB)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each step, alternating; the best is kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.json"
        start = time.perf_counter()
        types = generate(path, args.mb)
        size_mb = os.path.getsize(path) / 1e6
        print(
            f"generated {size_mb:,.0f} MB AmazonEC2 offer ({types} Linux on-demand types) in {time.perf_counter() - start:.0f} s"
        )
        rows = [
            ("floor: read the bytes", FLOOR_READ),
            ("floor: bare ijson, 2 passes", FLOOR_IJSON),
            ("importer (read_ec2)", IMPORTER),
        ]
        runs: dict[str, list[tuple[float, float, str]]] = {label: [] for label, _ in rows}
        for _ in range(args.rounds):  # alternating, so a busy spell of the machine hits every step alike
            for label, code in rows:
                runs[label].append(measure(code, path))
        results = {label: min(r) for label, r in runs.items()}
    ijson_s = results["floor: bare ijson, 2 passes"][0]
    for label, (seconds, peak, _) in results.items():
        print(
            f"{label:<30} {seconds:7.1f} s  {size_mb / seconds:7.1f} MB/s  {seconds / ijson_s:5.2f} x bare ijson  peak {peak:6.0f} MB"
        )
    seconds, peak, kept = results["importer (read_ec2)"]
    verdict = "ok" if peak < MEMORY_BOUND_MB else "OVER THE BOUND"
    print(f"importer kept {kept} prices; peak memory {peak:.0f} MB, bound {MEMORY_BOUND_MB} MB: {verdict}")


if __name__ == "__main__":
    main()
