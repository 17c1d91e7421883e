"""Validated price tables kept as JSON in the user's cache folder, so that a table is parsed as YAML once.

A table's entry is named after the SHA-256 of the table file's text, its model and
lambdacost's version: an edited table, another model or another lambdacost never
finds an entry that is not its own. An entry is the SHA-256 of its JSON on the first
line, then the JSON of the validated table; it is used only if the digest matches
and the JSON validates against the model again (a table is never trusted unvalidated),
so a truncated, corrupted or hand-edited entry is ignored and written again. Only
tables that validated are stored, so every error is still reported from the YAML,
with its line. Entries are written to a temporary file and renamed into place;
a cache folder that cannot be written only costs the saving. At most MAX_ENTRIES
entries are kept. ``LAMBDACOST_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    M = TypeVar("M", bound=BaseModel)

#: Set to 1 to read every table from its YAML.
NO_CACHE_ENV = "LAMBDACOST_NO_CACHE"
#: The most entries kept (the oldest go first): a few price sets' tables.
MAX_ENTRIES = 32


def cache_dir() -> Path:
    """``<user cache folder>/lambdacost/tables``."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("lambdacost", appauthor=False)) / "tables"


def _entry(model: type[BaseModel], text: str) -> Path:
    from lambdacost import __version__

    key = hashlib.sha256(f"{model.__module__}.{model.__qualname__}\0{__version__}\0{text}".encode()).hexdigest()
    return cache_dir() / f"{key}.json"


def _enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cached(model: type[M], text: str) -> M | None:
    """The table of ``text`` as stored by :func:`store`, validated again; None if there is no good entry."""
    if not _enabled():
        return None
    try:
        digest, _, payload = _entry(model, text).read_bytes().partition(b"\n")
        if hashlib.sha256(payload).hexdigest().encode() != digest:
            return None
        # json.loads, then validation: pydantic 2.0's own JSON parser misreads numbers such as 6e-7.
        return model.model_validate(json.loads(payload))
    except (OSError, ValueError):  # no entry, or one that does not validate (ValidationError is a ValueError)
        return None


def store(model: type[BaseModel], text: str, table: BaseModel) -> None:
    """Keep ``table`` (validated from ``text``) for the next run; any failure to write is ignored."""
    if not _enabled():
        return
    path = _entry(model, text)
    payload = table.model_dump_json(by_alias=True).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        entries = sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-MAX_ENTRIES]:
            old.unlink()
    except OSError:
        pass
