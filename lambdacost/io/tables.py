"""The price tables: which folder is in force (the price set), and loading its tables.

The folder is, first to last: ``--pricing DIR``; the ``LAMBDACOST_PRICING``
environment variable; the user's data folder, once ``lambdacost pricing update``
has written a set there; the tables shipped with lambdacost. Each folder may
carry a ``price-set.yaml`` manifest (name, publication date, offers read);
without one the set is named after its folder and dated by its newest table.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from lambdacost.errors import PricingError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from lambdacost.schema.discounts import DiscountTable
    from lambdacost.schema.prices import (
        Ec2PriceTable,
        FargatePriceTable,
        LambdaPriceTable,
        ServicesPriceTable,
    )
    from lambdacost.schema.priceset import PriceSetManifest
    from lambdacost.schema.stack import StackPriceTable

    M = TypeVar("M", bound=BaseModel)

#: The environment variable naming a price-table folder (below ``--pricing``, above the user's set).
PRICING_ENV = "LAMBDACOST_PRICING"
#: The manifest file of a price set.
MANIFEST = "price-set.yaml"
#: Every table of a price set: kind -> file name.
TABLE_FILES = {
    "lambda": "lambda.yaml",
    "ec2": "ec2.yaml",
    "fargate": "fargate.yaml",
    "discounts": "discounts.yaml",
    "services": "services.yaml",
    "stack": "stack.yaml",
}


def user_pricing_dir() -> Path:
    """Where ``pricing update`` writes by default: ``<user data folder>/lambdacost/pricing``."""
    import platformdirs

    return Path(platformdirs.user_data_dir("lambdacost", appauthor=False)) / "pricing"


def shipped_pricing_dir() -> Path:
    from lambdacost.io.loader import data_dir

    return data_dir("pricing")


@dataclass(frozen=True)
class PriceSet:
    """The folder of price tables in force and where the choice came from."""

    folder: Path
    origin: str  # "--pricing", "LAMBDACOST_PRICING", "user data folder" or "shipped"
    manifest: PriceSetManifest | None

    @property
    def name(self) -> str:
        return self.manifest.name if self.manifest else str(self.folder)

    @property
    def published(self) -> dt.date | None:
        """The manifest's publication date, else the newest effective date of the folder's tables
        (None if it has none of lambda, ec2, fargate)."""
        if self.manifest is not None:
            return self.manifest.published
        dates = [
            load_table(kind, self.folder).effective_date  # type: ignore[attr-defined]
            for kind in ("lambda", "ec2", "fargate")
            if (self.folder / TABLE_FILES[kind]).is_file()
        ]
        return max(dates) if dates else None

    def label(self) -> str:
        """One line for outputs: ``Price set: shipped, published 2026-09-19`` (and where from, if not shipped)."""
        where = "" if self.origin == "shipped" else f" (from {self.origin}: {self.folder})"
        return f"Price set: {self.name}, published {self._published_text()}{where}"

    def _published_text(self) -> str:
        published = self.published
        return published.isoformat() if published else "(no date)"

    def as_dict(self) -> dict[str, str | None]:
        """For JSON outputs; the shipped set's folder (an installation detail) is null."""
        return {
            "name": self.name,
            "published": self._published_text(),
            "origin": self.origin,
            "folder": None if self.origin == "shipped" else str(self.folder),
        }


def resolve_folder(pricing: str | Path | None = None) -> tuple[Path, str]:
    """The folder in force and why: ``--pricing``, the environment variable, the user's set, or the shipped one."""
    if pricing is not None:
        return Path(pricing), "--pricing"
    env = os.environ.get(PRICING_ENV, "").strip()
    if env:
        return Path(env), PRICING_ENV
    user = user_pricing_dir()
    if (user / MANIFEST).is_file():
        return user, "user data folder"
    return shipped_pricing_dir(), "shipped"


def price_set(pricing: str | Path | None = None) -> PriceSet:
    """The price set in force (its manifest read and validated when it has one)."""
    folder, origin = resolve_folder(pricing)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "folder not found"
        raise PricingError(f"{what} (price tables from {origin})", file=folder)
    manifest = _load_manifest(os.fspath(folder / MANIFEST)) if (folder / MANIFEST).is_file() else None
    return PriceSet(folder, origin, manifest)


@cache
def _load_manifest(path: str) -> PriceSetManifest:
    from lambdacost.io.loader import load_model
    from lambdacost.schema.priceset import PriceSetManifest

    return load_model(PriceSetManifest, path, error=PricingError)


def table_model(kind: str) -> type[BaseModel]:
    from lambdacost.schema import prices
    from lambdacost.schema.discounts import DiscountTable
    from lambdacost.schema.stack import StackPriceTable

    models: dict[str, type[BaseModel]] = {
        "lambda": prices.LambdaPriceTable,
        "ec2": prices.Ec2PriceTable,
        "fargate": prices.FargatePriceTable,
        "discounts": DiscountTable,
        "services": prices.ServicesPriceTable,
        "stack": StackPriceTable,
    }
    return models[kind]


@cache
def _load(kind: str, path: str) -> BaseModel:
    from lambdacost.io import tablecache
    from lambdacost.io.loader import load_model, read_text

    model = table_model(kind)
    text = read_text(path, error=PricingError)
    table = tablecache.cached(model, text)
    if table is None:
        table = load_model(model, path, error=PricingError, text=text)
        tablecache.store(model, text, table)
    return table


def table_path(kind: str, pricing: str | Path | None = None) -> Path:
    """The file of table ``kind`` in the folder in force."""
    return resolve_folder(pricing)[0] / TABLE_FILES[kind]


def load_table(kind: str, pricing: str | Path | None = None) -> BaseModel:
    """Load and validate table ``kind`` (``lambda``, ``ec2``, ``fargate``, ``discounts``, ``services``)
    of the folder in force; cached per file."""
    return _load(kind, os.fspath(table_path(kind, pricing)))


def lambda_prices(pricing: str | Path | None = None) -> LambdaPriceTable:
    return load_table("lambda", pricing)  # type: ignore[return-value]


def ec2_prices(pricing: str | Path | None = None) -> Ec2PriceTable:
    return load_table("ec2", pricing)  # type: ignore[return-value]


def fargate_prices(pricing: str | Path | None = None) -> FargatePriceTable:
    return load_table("fargate", pricing)  # type: ignore[return-value]


def discounts(pricing: str | Path | None = None) -> DiscountTable:
    return load_table("discounts", pricing)  # type: ignore[return-value]


def services_prices(pricing: str | Path | None = None) -> ServicesPriceTable:
    return load_table("services", pricing)  # type: ignore[return-value]


def stack_prices(pricing: str | Path | None = None) -> StackPriceTable:
    return load_table("stack", pricing)  # type: ignore[return-value]


def clear_cache() -> None:
    """Forget loaded tables (after ``pricing update`` replaced a folder in this process)."""
    _load.cache_clear()
    _load_manifest.cache_clear()


def describe(pricing: str | Path | None = None) -> dict[str, object]:
    """The price set in force, its manifest and each table's source, date and number of regions
    (for ``pricing show``)."""
    ps = price_set(pricing)
    rows = []
    for kind in TABLE_FILES:
        table = load_table(kind, ps.folder)
        rows.append(
            {
                "table": kind,
                "file": TABLE_FILES[kind],
                "effective_date": table.effective_date.isoformat(),  # type: ignore[attr-defined]
                "regions": len(table.regions) if hasattr(table, "regions") else None,
                "source": " ".join(table.source.split()),  # type: ignore[attr-defined]
            }
        )
    return {
        "price_set": ps.as_dict(),
        "manifest": ps.manifest.model_dump(mode="json") if ps.manifest else None,
        "tables": rows,
        "env": PRICING_ENV,
        "user_folder": str(user_pricing_dir()),
    }
