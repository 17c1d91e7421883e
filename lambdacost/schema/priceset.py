"""``price-set.yaml``: what a folder of price tables is, when it was published, and the offers it was built from."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from lambdacost.schema.prices import _Strict


class OfferRecord(_Strict):
    """One AWS Price List offer file a price set was built from."""

    offer_code: str
    version: str
    publication_date: str
    file: str
    regions: list[str] = Field(default_factory=list)


class PriceSetManifest(_Strict):
    """``price-set.yaml``: what a folder of price tables is, and when it was published."""

    kind: Literal["price-set"]
    name: str = Field(min_length=1)
    published: dt.date
    source: str = Field(min_length=1)
    created: dt.datetime | None = None
    offers: list[OfferRecord] = Field(default_factory=list)
