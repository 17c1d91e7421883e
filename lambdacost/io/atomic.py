"""Writing a price set atomically: a temporary folder, checked, then renamed into place."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from lambdacost.errors import PricingError
from lambdacost.io import tables


def write_price_set(files: dict[str, str], out: Path) -> None:
    """Write the price set to a temporary folder beside ``out``, check that every table loads, then
    rename it into place (the previous folder is removed only once the new one is there)."""
    from lambdacost.io.loader import load_model
    from lambdacost.schema.priceset import PriceSetManifest

    out = out.absolute()
    if out.exists() and not out.is_dir():
        raise PricingError("is a file; --out names a folder", file=out)
    if out.is_dir() and any(out.iterdir()) and not (out / tables.MANIFEST).is_file():
        raise PricingError(
            f"is not empty and has no {tables.MANIFEST}: not replacing a folder that is not a price set", file=out
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
        for kind, name in tables.TABLE_FILES.items():
            load_model(tables.table_model(kind), tmp / name, error=PricingError)
        load_model(PriceSetManifest, tmp / tables.MANIFEST, error=PricingError)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / out.name)
            try:
                os.replace(tmp, out)
            except OSError:
                os.replace(old / out.name, out)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    tables.clear_cache()
