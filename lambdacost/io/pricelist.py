"""Reading AWS Price List bulk offer files: the offers' rates, streamed.

An offer file (AWS names each one ``index.json``) has ``offerCode``, ``version``
and ``publicationDate`` at the top, then ``products[sku]`` and
``terms.OnDemand[sku][sku.termCode].priceDimensions``. An EC2 offer for a large
region is about 500 MB, so files are never loaded whole: JSON is read with
ijson in two passes (the products worth keeping, then their on-demand terms),
CSV row by row. Each reader returns the raw rates it found;
:mod:`lambdacost.io.pricebuild` turns them into price tables.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lambdacost.errors import PricingError

#: The offers lambdacost reads, by ``offerCode``.
OFFERS = ("AWSLambda", "AmazonEC2", "AmazonECS", "AmazonCloudFront")
#: AWS's term code of on-demand prices.
ON_DEMAND_TERM = "JRTCKXETXF"
#: Lines of metadata before the header row of a CSV offer file.
CSV_METADATA_LINES = 5
_PREFIX = re.compile(r"^([A-Z]+[0-9]*)-(.+)$")

Progress = Callable[[int], None]


@dataclass(frozen=True)
class OfferHeader:
    path: Path
    offer_code: str
    version: str
    publication_date: str
    csv: bool


@dataclass(frozen=True)
class Dimension:
    """One price dimension: USD per unit from ``begin`` up to ``end`` (None: no end)."""

    begin: float
    end: float | None
    usd: float
    unit: str


@dataclass
class UsageRates:
    """Per region and usage type (its region prefix removed): the price dimensions of its on-demand term."""

    header: OfferHeader
    rates: dict[str, dict[str, list[Dimension]]] = field(default_factory=dict)
    #: Every file read into these rates (AWS publishes some offers per region).
    headers: list[OfferHeader] = field(default_factory=list)
    locations: dict[str, str] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Instance:
    vcpus: int
    memory_gib: float
    architecture: str
    hourly: float


@dataclass
class Ec2Rates:
    header: OfferHeader
    regions: dict[str, dict[str, Instance]] = field(default_factory=dict)


def _error(path: Path, what: str) -> PricingError:
    return PricingError(what, file=path)


class _Counting:
    """A binary file that reports how many bytes have been read (for the progress bar)."""

    def __init__(self, f: IO[bytes], progress: Progress | None) -> None:
        self._f, self._progress = f, progress

    def read(self, n: int = -1) -> bytes:
        data = self._f.read(n)
        if self._progress is not None:
            self._progress(len(data))
        return data


def read_header(path: Path) -> OfferHeader:
    """The offer code, version and publication date of an offer file; anything else is an error."""
    if not path.is_file():
        raise _error(path, "file not found" if not path.exists() else "is not a file")
    if path.suffix.lower() == ".csv":
        return _csv_header(path)
    import ijson

    top: dict[str, str] = {}
    try:
        with path.open("rb") as f:
            for prefix, event, value in ijson.parse(f):
                if prefix == "" and event not in ("start_map", "map_key", "end_map"):
                    raise _error(path, "not an AWS Price List offer file (not a JSON object)")
                if "." in prefix or event in ("start_map", "start_array") and prefix:
                    break
                if event in ("string", "number") and prefix in ("offerCode", "version", "publicationDate"):
                    top[prefix] = str(value)
    except ijson.JSONError as exc:
        raise _error(path, f"not an AWS Price List offer file: invalid JSON ({_short(exc)})") from None
    return _header(path, top, csv_file=False)


def _header(path: Path, top: dict[str, str], *, csv_file: bool) -> OfferHeader:
    code = top.get("offerCode")
    if not code:
        raise _error(path, "not an AWS Price List bulk offer file: it has no offerCode")
    if code not in OFFERS:
        raise _error(path, f"offer {code!r} has no prices lambdacost uses; it reads {', '.join(OFFERS)}")
    missing = [k for k in ("version", "publicationDate") if not top.get(k)]
    if missing:
        raise _error(path, f"{code} offer file has no {' or '.join(missing)}")
    return OfferHeader(path, code, top["version"], top["publicationDate"], csv_file)


def _csv_header(path: Path) -> OfferHeader:
    top: dict[str, str] = {}
    names = {"OfferCode": "offerCode", "Version": "version", "Publication Date": "publicationDate"}
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(_lines(f, CSV_METADATA_LINES)):
                if len(row) >= 2 and row[0] in names:
                    top[names[row[0]]] = row[1]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _error(path, f"not an AWS Price List offer file: {exc}") from None
    return _header(path, top, csv_file=True)


def _lines(f: IO[str], n: int) -> Iterator[str]:
    for _ in range(n):
        line = f.readline()
        if not line:
            return
        yield line


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def _stream(header: OfferHeader, prefix: str, progress: Progress | None) -> Iterator[tuple[str, Any]]:
    """``(key, value)`` of every entry under ``prefix``; a truncated or invalid file is an error."""
    import ijson

    try:
        with header.path.open("rb") as raw:
            yield from ijson.kvitems(_Counting(raw, progress), prefix, use_float=True)
    except ijson.IncompleteJSONError as exc:
        raise _error(
            header.path, f"{header.offer_code} offer file is truncated or invalid JSON ({_short(exc)})"
        ) from None
    except ijson.JSONError as exc:
        raise _error(header.path, f"{header.offer_code} offer file is invalid JSON ({_short(exc)})") from None


def _dimensions(terms: Any, term_code: str | None) -> list[Dimension]:
    """The price dimensions in USD of a product's on-demand term (``term_code``: only that term)."""
    out: list[Dimension] = []
    if not isinstance(terms, dict):
        return out
    for term in terms.values():
        if not isinstance(term, dict) or (term_code is not None and term.get("offerTermCode") != term_code):
            continue
        for dim in (term.get("priceDimensions") or {}).values():
            usd = (dim.get("pricePerUnit") or {}).get("USD")
            if usd is None:
                continue
            end = dim.get("endRange", "Inf")
            out.append(
                Dimension(
                    begin=float(dim.get("beginRange", 0) or 0),
                    end=None if str(end) == "Inf" else float(end),
                    usd=float(usd),
                    unit=str(dim.get("unit", "")),
                )
            )
    return sorted(out, key=lambda d: d.begin)


def _complete(header: OfferHeader, seen: set[str]) -> None:
    """Both passes read the whole file; an offer without ``terms.OnDemand`` is missing its prices."""
    if not seen:
        raise _error(header.path, f"{header.offer_code} offer file has no products with on-demand prices")


def read_usage_rates(
    header: OfferHeader, wanted: Callable[[str], bool], progress: Progress | None = None
) -> UsageRates:
    """The on-demand rates of every product whose usage type (prefix removed) ``wanted`` accepts
    (Lambda, Fargate, Lambda@Edge offers)."""
    if header.csv:
        raise _error(header.path, f"read {header.offer_code} from its JSON offer file (CSV is read for AmazonEC2 only)")
    products: dict[str, tuple[str, str]] = {}
    out = UsageRates(header)
    for sku, product in _stream(header, "products", progress):
        attrs = product.get("attributes") or {}
        usage = str(attrs.get("usagetype", ""))
        match = _PREFIX.match(usage)
        prefix, base = (match[1] + "-", match[2]) if match else ("", usage)
        if not wanted(base):
            continue
        region = str(attrs.get("regionCode") or attrs.get("location") or "")
        products[sku] = (region, base)
        out.locations.setdefault(region, str(attrs.get("location", region)))
        out.prefixes.setdefault(region, prefix)
    for sku, terms in _stream(header, "terms.OnDemand", progress):
        if sku in products:
            region, base = products[sku]
            dims = _dimensions(terms, None)
            if dims:
                out.rates.setdefault(region, {})[base] = dims
    _complete(header, set(out.rates))
    return out


def _keep_instance(attrs: dict[str, Any]) -> bool:
    """Linux, shared tenancy, no pre-installed software, capacity status Used, BoxUsage."""
    return (
        attrs.get("operatingSystem") == "Linux"
        and attrs.get("tenancy") == "Shared"
        and attrs.get("preInstalledSw") in ("NA", "", None)
        and attrs.get("capacitystatus") == "Used"
        and attrs.get("licenseModel", "No License required") == "No License required"
        and "BoxUsage:" in str(attrs.get("usagetype", ""))
        and str(attrs.get("operation", "RunInstances")) == "RunInstances"
    )


def _instance_spec(attrs: dict[str, Any]) -> tuple[int, float, str] | None:
    try:
        vcpus = int(str(attrs.get("vcpu", "")).replace(",", ""))
        memory = float(str(attrs.get("memory", "")).replace(",", "").split()[0])
    except (ValueError, IndexError):
        return None
    processor = str(attrs.get("physicalProcessor", ""))
    arch = "arm64" if "Graviton" in processor or str(attrs.get("instanceType", "")).startswith("a1.") else "x86_64"
    return vcpus, memory, arch


def read_ec2(header: OfferHeader, progress: Progress | None = None) -> Ec2Rates:
    """On-demand Linux prices of every instance type in an AmazonEC2 offer file (JSON or CSV)."""
    if header.csv:
        return _read_ec2_csv(header, progress)
    kept: dict[str, tuple[str, str, tuple[int, float, str]]] = {}
    for sku, product in _stream(header, "products", progress):
        attrs = product.get("attributes") or {}
        if product.get("productFamily") not in ("Compute Instance", None) or not _keep_instance(attrs):
            continue
        spec = _instance_spec(attrs)
        if spec is not None:
            kept[sku] = (str(attrs.get("regionCode", "")), str(attrs.get("instanceType", "")), spec)
    out = Ec2Rates(header)
    for sku, terms in _stream(header, "terms.OnDemand", progress):
        if sku not in kept:
            continue
        hourly = [d.usd for d in _dimensions(terms, ON_DEMAND_TERM) if d.unit == "Hrs" and d.usd > 0]
        if hourly:
            region, name, (vcpus, memory, arch) = kept[sku]
            out.regions.setdefault(region, {})[name] = Instance(vcpus, memory, arch, hourly[0])
    _complete(header, set(out.regions))
    return out


_CSV_ATTRS = {
    "operatingSystem": "Operating System",
    "tenancy": "Tenancy",
    "preInstalledSw": "Pre Installed S/W",
    "capacitystatus": "CapacityStatus",
    "licenseModel": "License Model",
    "usagetype": "usageType",
    "operation": "operation",
    "vcpu": "vCPU",
    "memory": "Memory",
    "physicalProcessor": "Physical Processor",
    "instanceType": "Instance Type",
}


def _read_ec2_csv(header: OfferHeader, progress: Progress | None) -> Ec2Rates:
    try:
        return _read_ec2_rows(header, progress)
    except (csv.Error, UnicodeDecodeError, ValueError) as exc:
        raise _error(header.path, f"AmazonEC2 CSV offer file is malformed ({_short(exc)})") from None


def _read_ec2_rows(header: OfferHeader, progress: Progress | None) -> Ec2Rates:
    out = Ec2Rates(header)
    path = header.path
    with path.open(encoding="utf-8-sig", newline="") as f:
        for _ in range(CSV_METADATA_LINES):
            f.readline()
        reader = csv.DictReader(f)
        needed = {"TermType", "OfferTermCode", "Unit", "PricePerUnit", "Currency", "Region Code", *_CSV_ATTRS.values()}
        missing = sorted(needed - set(reader.fieldnames or ()))
        if missing:
            raise _error(path, f"AmazonEC2 CSV offer file lacks the column(s) {', '.join(missing)}")
        n_fields = len(reader.fieldnames or ())
        for row in reader:
            if None in row or None in row.values() or len(row) != n_fields:
                raise _error(path, f"AmazonEC2 CSV offer file is truncated or malformed at line {reader.line_num}")
            if progress is not None:
                progress(sum(len(v) + 3 for v in row.values()))
            if row["TermType"] != "OnDemand" or row["OfferTermCode"] != ON_DEMAND_TERM or row["Unit"] != "Hrs":
                continue
            attrs = {k: row[col] for k, col in _CSV_ATTRS.items()}
            spec = _instance_spec(attrs) if _keep_instance(attrs) and row["Currency"] == "USD" else None
            price = float(row["PricePerUnit"] or 0)
            if spec is not None and price > 0:
                vcpus, memory, arch = spec
                out.regions.setdefault(row["Region Code"], {})[attrs["instanceType"]] = Instance(
                    vcpus, memory, arch, price
                )
    _complete(header, set(out.regions))
    return out
