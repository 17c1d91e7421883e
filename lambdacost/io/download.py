"""Fetching AWS Price List bulk offer files from AWS's public endpoint (no credentials), streamed to disk.

The endpoint is ``https://pricing.us-east-1.amazonaws.com`` unless
``LAMBDACOST_PRICE_LIST_URL`` (or ``pricing update --endpoint``) names another
(the tests serve fixture files from 127.0.0.1). Files are written as they
arrive, never held in memory; a download that ends early is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lambdacost.errors import PricingError

#: AWS's public Price List endpoint.
DEFAULT_ENDPOINT = "https://pricing.us-east-1.amazonaws.com"
#: The environment variable that replaces it.
ENDPOINT_ENV = "LAMBDACOST_PRICE_LIST_URL"
OFFERS_PATH = "/offers/v1.0/aws"
CHUNK_BYTES = 1024 * 1024
TIMEOUT_S = 60.0

#: (bytes received, total bytes or None) after each chunk; a new file starts at 0.
Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class Offer:
    """One file to fetch: its offer, its region (None: the all-regions file) and where it goes."""

    offer_code: str
    region: str | None

    def path(self) -> str:
        where = f"{self.region}/" if self.region else ""
        return f"{OFFERS_PATH}/{self.offer_code}/current/{where}index.json"

    def local_name(self) -> str:
        return f"{self.offer_code}-{self.region or 'all'}.json"


def offers_for(regions: Sequence[str]) -> list[Offer]:
    """The files ``pricing update --download`` fetches: Lambda (every region, one file) and Lambda@Edge
    (the CloudFront offer), then EC2 and Fargate for each region."""
    out = [Offer("AWSLambda", None), Offer("AmazonCloudFront", None)]
    out += [Offer(code, r) for r in regions for code in ("AmazonEC2", "AmazonECS")]
    return out


def endpoint(option: str | None = None) -> str:
    import os

    return (option or os.environ.get(ENDPOINT_ENV, "").strip() or DEFAULT_ENDPOINT).rstrip("/")


def fetch(offers: Sequence[Offer], folder: Path, base_url: str, progress: Progress | None = None) -> list[Path]:
    """Download every offer file into ``folder``; return the files written."""
    import httpx

    written = []
    with httpx.Client(timeout=TIMEOUT_S, follow_redirects=True) as client:
        for offer in offers:
            url = base_url + offer.path()
            target = folder / offer.local_name()
            try:
                _fetch_one(client, url, target, offer.local_name(), progress)
            except httpx.HTTPError as exc:
                raise PricingError(f"download failed: {exc}", file=url) from None
            written.append(target)
    return written


def _fetch_one(client: object, url: str, target: Path, label: str, progress: Progress | None) -> None:
    import httpx

    assert isinstance(client, httpx.Client)
    with client.stream("GET", url, headers={"Accept-Encoding": "identity"}) as response:
        if response.status_code != 200:
            raise PricingError(f"download failed: HTTP {response.status_code} {response.reason_phrase}", file=url)
        length = response.headers.get("content-length")
        total = int(length) if length and length.isdigit() else None
        received = 0
        if progress is not None:
            progress(label, 0, total)
        with target.open("wb") as f:
            for chunk in response.iter_bytes(CHUNK_BYTES):
                f.write(chunk)
                received += len(chunk)
                if progress is not None:
                    progress(label, received, total)
    if total is not None and received != total:
        raise PricingError(f"download ended after {received:,} of {total:,} bytes", file=url)
