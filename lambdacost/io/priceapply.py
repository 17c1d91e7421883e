"""Offer rates into price tables: what ``pricing update`` writes into each table from each AWS offer.

Each ``apply_*`` takes a table as plain data (the set in force, dumped) and the
rates one offer had, replaces the rates the offer carries region by region, and
returns the regions it wrote; what it could not take goes to ``notices``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lambdacost.errors import PricingError
from lambdacost.io import pricelist
from lambdacost.io.pricelist import Dimension, OfferHeader, UsageRates

#: Lambda usage types (region prefix removed) -> (table field, architecture).
LAMBDA_USAGE = {
    "Request": ("request", "x86_64"),
    "Request-ARM": ("request", "arm64"),
    "Lambda-GB-Second": ("duration", "x86_64"),
    "Lambda-GB-Second-ARM": ("duration", "arm64"),
    "Lambda-Provisioned-Concurrency": ("provisioned_concurrency", "x86_64"),
    "Lambda-Provisioned-Concurrency-ARM": ("provisioned_concurrency", "arm64"),
    "Lambda-Provisioned-GB-Second": ("provisioned_duration", "x86_64"),
    "Lambda-Provisioned-GB-Second-ARM": ("provisioned_duration", "arm64"),
    "Lambda-Storage-GB-Second": ("ephemeral_storage", "x86_64"),
    "Lambda-Storage-GB-Second-ARM": ("ephemeral_storage", "arm64"),
}
EDGE_USAGE = {"Lambda-Edge-Request": "request", "Lambda-Edge-GB-Second": "gb_second"}
FREE_USAGE = {"Global-Request": "requests", "Global-Lambda-GB-Second": "gb_seconds"}
FARGATE_USAGE = {
    "Fargate-vCPU-Hours:perCPU": ("linux_x86_64", "vcpu_hour"),
    "Fargate-GB-Hours": ("linux_x86_64", "gb_hour"),
    "Fargate-ARM-vCPU-Hours:perCPU": ("linux_arm64", "vcpu_hour"),
    "Fargate-ARM-GB-Hours": ("linux_arm64", "gb_hour"),
    "Fargate-EphemeralStorage-GB-Hours": ("storage", "gb_hour"),
}
SECONDS_PER_HOUR = 3600
#: What a region code looks like (products without one are left out).
REGION_CODE = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")


def published(header: OfferHeader) -> dt.date:
    try:
        return dt.datetime.fromisoformat(header.publication_date.replace("Z", "+00:00")).date()
    except ValueError:
        raise PricingError(f"publicationDate {header.publication_date!r} is not a date", file=header.path) from None


def _one_rate(dims: list[Dimension]) -> float:
    priced = [d.usd for d in dims if d.usd > 0]
    return priced[0] if priced else dims[0].usd


def _tiers(dims: list[Dimension], path: Path, what: str) -> list[dict[str, Any]]:
    if dims[-1].end is not None:
        raise PricingError(f"{what}: the last volume tier ends at {dims[-1].end:g}; expected Inf", file=path)
    return [{"up_to_gb_seconds": d.end, "rate": d.usd} for d in dims]


#: Sections of a region's Lambda rates the AWSLambda offer does not carry, kept from the set in force.
LAMBDA_KEPT_SECTIONS = ("managed_instances", "tenant_isolation", "response_streaming", "event_source_mapping")


def _lambda_region(
    code: str, found: dict[str, list[Dimension]], offer: UsageRates, base: dict[str, Any]
) -> dict[str, Any]:
    reg: dict[str, Any] = {
        "location": offer.locations.get(code, code),
        "usage_type_prefix": offer.prefixes.get(code, ""),
    }
    for usage, (name, arch) in LAMBDA_USAGE.items():
        dims = found[usage]
        value = _tiers(dims, offer.header.path, f"{code} {usage}") if name == "duration" else _one_rate(dims)
        reg.setdefault(name, {})[arch] = value
    old = base["regions"].get(code) or base["regions"].get("us-east-1") or next(iter(base["regions"].values()))
    reg["snapstart"] = old["snapstart"]
    same = code in base["regions"] and "snapstart" not in old.get("unconfirmed", [])
    reg["unconfirmed"] = [] if same else ["snapstart"]
    reg["notes"] = f"Read from the AWSLambda offer {offer.header.version}; SnapStart rates kept from the previous set."
    for section in LAMBDA_KEPT_SECTIONS:  # the 2026 dimensions: not in the offer, kept with their own flags
        if section in old:
            kept = dict(old[section])
            if code not in base["regions"]:
                kept["unconfirmed"] = [k for k in kept if k not in ("unconfirmed", "notes")]
                kept["notes"] = f"taken from {next(c for c, r in base['regions'].items() if r is old)}'s; not read."
            reg[section] = kept
    return reg


def _complete_regions(
    offer: UsageRates, usage: Sequence[str], what: str, notices: list[str]
) -> dict[str, dict[str, list[Dimension]]]:
    """The regions that have every usage type needed; the others are reported and left out."""
    complete, lacking = {}, {}
    for code, found in offer.rates.items():
        missing = [u for u in usage if u not in found]
        relevant = any(u in found for u in usage)
        if relevant and not REGION_CODE.match(code):
            notices.append(f"{offer.header.path}: {code!r} left out: not a region code (no regionCode)")
        elif relevant and not missing:
            complete[code] = found
        elif relevant:
            lacking[code] = missing
    if not complete:
        detail = "; ".join(f"{c} lacks {', '.join(m)}" for c, m in sorted(lacking.items())[:3])
        raise PricingError(
            f"{offer.header.offer_code} offer has no region with every {what} rate ({detail or 'none of ' + ', '.join(usage)})",
            file=offer.header.path,
        )
    for code, missing in sorted(lacking.items()):
        notices.append(f"{offer.header.path}: {code} left out: no {', '.join(missing)}")
    return complete


def _region_code(key: str, base_locations: dict[str, str]) -> str:
    return base_locations.get(key, key)


def apply_lambda(data: dict[str, Any], offer: UsageRates, notices: list[str]) -> list[str]:
    locations = {r["location"]: c for c, r in data["regions"].items()}
    offer.rates = {_region_code(k, locations): v for k, v in offer.rates.items()}
    offer.locations = {_region_code(k, locations): v for k, v in offer.locations.items()}
    offer.prefixes = {_region_code(k, locations): v for k, v in offer.prefixes.items()}
    complete = _complete_regions(offer, list(LAMBDA_USAGE), "Lambda", notices)
    base = dict(data)
    data["regions"] = {**data["regions"], **{c: _lambda_region(c, f, offer, base) for c, f in complete.items()}}
    for usage, key in FREE_USAGE.items():
        free = [d.end for f in offer.rates.values() for d in f.get(usage, []) if d.usd == 0 and d.end is not None]
        if free:
            data["free_tier"][key] = free[0]
    apply_edge(data, offer)
    _stamp(data, offer.headers, "SnapStart rates and the regions the offer lacks")
    return sorted(complete)


def _stamp(data: dict[str, Any], headers: Sequence[OfferHeader], kept: str) -> None:
    """A rebuilt table's ``source`` (the offer versions read, what was kept) and ``effective_date``."""
    newest = max(headers, key=lambda h: h.publication_date)
    versions = ", ".join(sorted({h.version for h in headers}))
    data["source"] = (
        f"AWS Price List, {newest.offer_code} offer {versions} (published {newest.publication_date}); "
        f"{kept} kept from the previous price set."
    )
    data["effective_date"] = published(newest).isoformat()


def apply_edge(data: dict[str, Any], offer: UsageRates) -> bool:
    """Lambda@Edge: us-east-1's rate where the offer has it, else the commonest across regions."""
    found = False
    for usage, key in EDGE_USAGE.items():
        by_region = {c: _one_rate(f[usage]) for c, f in offer.rates.items() if usage in f}
        if by_region:
            rate = by_region.get("us-east-1") or Counter(by_region.values()).most_common(1)[0][0]
            data["edge"][key] = rate
            found = True
    return found


def apply_fargate(data: dict[str, Any], offer: UsageRates, notices: list[str]) -> list[str]:
    complete = _complete_regions(offer, list(FARGATE_USAGE), "Fargate", notices)
    for code, found in complete.items():
        reg: dict[str, Any] = {}
        for usage, (platform, key) in FARGATE_USAGE.items():
            rate = _one_rate(found[usage])
            if platform == "storage":
                reg["storage_gb_second"] = float(f"{rate / SECONDS_PER_HOUR:.6g}")
            else:
                reg.setdefault(platform, {})[key] = rate
        data["regions"][code] = {**reg, "notes": f"Read from the AmazonECS offer {offer.header.version}."}
    _stamp(data, offer.headers, "task sizes and the regions the offer lacks")
    return sorted(complete)


def apply_ec2(data: dict[str, Any], offers: list[pricelist.Ec2Rates], notices: list[str]) -> list[str]:
    baselines = {
        name: inst["burstable_baseline"]
        for reg in data["regions"].values()
        for name, inst in reg["instances"].items()
        if inst.get("burstable_baseline") is not None
    }
    done: list[str] = []
    for offer in offers:
        for code, instances in offer.regions.items():
            if code in done:
                raise PricingError(f"a second AmazonEC2 offer file for {code}", file=offer.header.path)
            if not REGION_CODE.match(code):
                notices.append(f"{offer.header.path}: {len(instances)} instance types left out: no regionCode")
                continue
            out: dict[str, Any] = {}
            unknown = []
            for name, i in sorted(instances.items()):
                entry: dict[str, Any] = {
                    "vcpus": i.vcpus,
                    "memory_gib": i.memory_gib,
                    "architecture": i.architecture,
                    "hourly": i.hourly,
                }
                if name in baselines:
                    entry["burstable_baseline"] = baselines[name]
                elif name.split(".")[0][:1] == "t" and name.split(".")[0][1:2].isdigit():
                    unknown.append(name)
                    continue
                out[name] = entry
            if unknown:
                notices.append(
                    f"{offer.header.path}: {len(unknown)} burstable types left out (no CPU-credit baseline known): "
                    + ", ".join(unknown[:5])
                    + (", ..." if len(unknown) > 5 else "")
                )
            data["regions"][code] = {"instances": out}
            done.append(code)
    _stamp(
        data,
        [o.header for o in offers],
        f"read for {', '.join(sorted(done))} (on-demand, Linux, shared tenancy, no pre-installed software, "
        "capacity status Used); burstable baselines and the regions not read",
    )
    return sorted(done)
