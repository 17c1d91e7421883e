"""``pricing update``: price tables built from AWS Price List offer files, written atomically.

The new set starts from the set in force (its base): each offer read replaces
the rates it has, region by region; what no offer carries (SnapStart, burstable
baselines, Fargate task sizes, discounts, Step Functions) and the regions no
offer covers are kept from the base. The tables are validated before the folder
is renamed into place, so a failed update leaves the previous tables as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lambdacost.errors import PricingError
from lambdacost.io import priceapply, pricelist, tables
from lambdacost.io.priceapply import EDGE_USAGE, FARGATE_USAGE, FREE_USAGE, LAMBDA_USAGE
from lambdacost.io.pricelist import OfferHeader, UsageRates

Progress = Callable[[int], None]


@dataclass
class Update:
    """The outcome of an update: the folder written, the offers read and what was left out."""

    out: Path
    offers: list[OfferHeader]
    notices: list[str] = field(default_factory=list)
    regions: dict[str, list[str]] = field(default_factory=dict)
    name: str = ""
    published: str = ""

    def as_dict(self) -> dict[str, Any]:
        in_force = tables.resolve_folder()[0].absolute() == self.out.absolute()
        return {
            "name": self.name,
            "published": self.published,
            "folder": str(self.out),
            "in_force": in_force,
            "env": tables.PRICING_ENV,
            "regions": self.regions,
            "offers": [
                {
                    "offer_code": h.offer_code,
                    "version": h.version,
                    "publication_date": h.publication_date,
                    "file": str(h.path),
                }
                for h in self.offers
            ],
        }


def offer_files(paths: Sequence[Path]) -> list[Path]:
    """The offer files named: files as given, folders searched for ``*.json`` and ``*.csv``."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.suffix.lower() in (".json", ".csv") and f.is_file())
            if not found:
                raise PricingError("folder has no .json or .csv offer files", file=p)
            out += found
        else:
            out.append(p)
    return out


def _dump(data: dict[str, Any], header: str) -> str:
    import yaml

    return header + yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=110, allow_unicode=True)


HEADER = "# Written by `lambdacost pricing update` from AWS Price List offer files; see price-set.yaml.\n"


def _base(folder: Path) -> dict[str, dict[str, Any]]:
    return {
        kind: tables.load_table(kind, folder).model_dump(mode="json", exclude_defaults=True)
        for kind in tables.TABLE_FILES
    }


def _merge(into: UsageRates, more: UsageRates) -> None:
    """Several files of one offer (AWS's per-region files): their regions together, each region once."""
    twice = sorted(set(into.rates) & set(more.rates))
    if twice:
        raise PricingError(
            f"{', '.join(twice)} also in {into.header.path}: one offer file per region", file=more.header.path
        )
    into.rates.update(more.rates)
    into.locations.update(more.locations)
    into.prefixes.update(more.prefixes)


def _read_offers(
    files: Sequence[Path], progress: Progress | None
) -> tuple[list[OfferHeader], dict[str, Any], dict[Path, list[str]]]:
    """Every file's header first (a file that is not an offer fails before any long read), then its
    rates; and the regions (or locations) each file had prices for."""
    headers = [pricelist.read_header(f) for f in files]
    file_regions: dict[Path, list[str]] = {}
    wanted = {
        "AWSLambda": {*LAMBDA_USAGE, *EDGE_USAGE, *FREE_USAGE},
        "AmazonECS": set(FARGATE_USAGE),
        "AmazonCloudFront": set(EDGE_USAGE),
    }
    ec2: list[pricelist.Ec2Rates] = []
    usage: dict[str, UsageRates] = {}
    for h in headers:
        try:
            _read_one(h, wanted, ec2, usage, file_regions, progress)
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            raise PricingError(f"{h.offer_code} offer file has unexpected content ({exc})", file=h.path) from None
    return headers, {**usage, **({"AmazonEC2": ec2} if ec2 else {})}, file_regions


def _read_one(
    h: OfferHeader,
    wanted: dict[str, set[str]],
    ec2: list[pricelist.Ec2Rates],
    usage: dict[str, UsageRates],
    file_regions: dict[Path, list[str]],
    progress: Progress | None,
) -> None:
    if h.offer_code == "AmazonEC2":
        ec2.append(pricelist.read_ec2(h, progress))
        file_regions[h.path] = sorted(ec2[-1].regions)
        return
    rates = pricelist.read_usage_rates(h, wanted[h.offer_code].__contains__, progress)
    file_regions[h.path] = sorted(rates.rates)
    if h.offer_code in usage:
        _merge(usage[h.offer_code], rates)
    else:
        usage[h.offer_code] = rates
    usage[h.offer_code].headers.append(h)


def build(
    files: Sequence[Path], base_folder: Path, progress: Progress | None = None, labels: dict[Path, str] | None = None
) -> tuple[dict[str, str], Update]:
    """The text of every file of the new price set, and what went into it (``labels``: what to call
    each file in the manifest, e.g. the URL it was downloaded from)."""
    headers, read, file_regions = _read_offers(files, progress)
    data = _base(base_folder)
    update = Update(out=base_folder, offers=headers)
    if "AWSLambda" in read:
        update.regions["lambda"] = priceapply.apply_lambda(data["lambda"], read["AWSLambda"], update.notices)
    if "AmazonCloudFront" in read:
        cloudfront = read["AmazonCloudFront"]
        if not priceapply.apply_edge(data["lambda"], cloudfront):
            raise PricingError("AmazonCloudFront offer has no Lambda@Edge rates", file=cloudfront.header.path)
        data["lambda"]["source"] += f" Lambda@Edge from the AmazonCloudFront offer {cloudfront.header.version}."
    if "AmazonECS" in read:
        update.regions["fargate"] = priceapply.apply_fargate(data["fargate"], read["AmazonECS"], update.notices)
    if "AmazonEC2" in read:
        update.regions["ec2"] = priceapply.apply_ec2(data["ec2"], read["AmazonEC2"], update.notices)
    files_text = {tables.TABLE_FILES[kind]: _dump(table, HEADER) for kind, table in data.items()}
    published = max(priceapply.published(h) for h in headers)
    manifest = {
        "kind": "price-set",
        "name": "AWS Price List",
        "published": published.isoformat(),
        "source": "Built by `lambdacost pricing update` from AWS Price List bulk offer files "
        f"({', '.join(sorted({h.offer_code for h in headers}))}) on top of the price set in {base_folder}.",
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "offers": [
            {
                "offer_code": h.offer_code,
                "version": h.version,
                "publication_date": h.publication_date,
                "file": (labels or {}).get(h.path, str(h.path)),
                "regions": file_regions.get(h.path, []),
            }
            for h in headers
        ],
    }
    files_text[tables.MANIFEST] = _dump(manifest, HEADER)
    update.name, update.published = str(manifest["name"]), published.isoformat()
    return files_text, update


def update(
    paths: Sequence[Path],
    out: Path,
    base: Path | None = None,
    progress: Progress | None = None,
    labels: dict[Path, str] | None = None,
) -> Update:
    """Build a price set from the offer files under ``paths`` on top of ``base`` (the set in force) and
    write it to ``out``."""
    base_folder = tables.price_set(base).folder
    files, result = build(offer_files(paths), base_folder, progress, labels)
    from lambdacost.io.atomic import write_price_set

    write_price_set(files, out)
    result.out = out
    return result
