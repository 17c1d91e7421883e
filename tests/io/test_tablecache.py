"""The cache of validated price tables: an entry gives back exactly the table its YAML validates to,
and an entry that is missing, stale, corrupted or invalid is never used."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from lambdacost.io import tablecache, tables
from lambdacost.io.loader import load_model, read_text
from lambdacost.schema.prices import LambdaPriceTable


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tablecache, "cache_dir", lambda: tmp_path / "tables")
    return tmp_path / "tables"


def _lambda_text() -> str:
    return read_text(tables.shipped_pricing_dir() / "lambda.yaml")


@pytest.mark.parametrize("kind", list(tables.TABLE_FILES))
def test_an_entry_gives_back_the_table_its_yaml_validates_to(cache: Path, kind: str) -> None:
    model, path = tables.table_model(kind), tables.shipped_pricing_dir() / tables.TABLE_FILES[kind]
    text = read_text(path)
    table = load_model(model, path, text=text)
    assert tablecache.cached(model, text) is None
    tablecache.store(model, text, table)
    again = tablecache.cached(model, text)
    assert again is not None and again is not table
    assert again == table
    assert again.model_dump() == table.model_dump()


def test_an_edited_table_misses_its_old_entry(cache: Path) -> None:
    text = _lambda_text()
    tablecache.store(LambdaPriceTable, text, load_model(LambdaPriceTable, "x.yaml", text=text))
    assert tablecache.cached(LambdaPriceTable, text + "\n# edited\n") is None


def _only_entry(cache: Path) -> Path:
    (entry,) = cache.glob("*.json")
    return entry


def test_a_corrupted_entry_is_ignored(cache: Path) -> None:
    text = _lambda_text()
    table = load_model(LambdaPriceTable, "x.yaml", text=text)
    tablecache.store(LambdaPriceTable, text, table)
    entry = _only_entry(cache)
    digest, payload = entry.read_bytes().split(b"\n", 1)
    changed = payload.replace(b'"x86_64":2e-7', b'"x86_64":3e-7', 1)
    assert changed != payload  # a price changed by one digit, digest kept
    entry.write_bytes(digest + b"\n" + changed)
    assert tablecache.cached(LambdaPriceTable, text) is None
    entry.write_bytes(digest + b"\n" + payload[: len(payload) // 2])  # truncated
    assert tablecache.cached(LambdaPriceTable, text) is None


def test_an_entry_that_does_not_validate_is_ignored(cache: Path) -> None:
    text = _lambda_text()
    tablecache.store(LambdaPriceTable, text, load_model(LambdaPriceTable, "x.yaml", text=text))
    entry = _only_entry(cache)
    payload = b'{"unknown": 1}'
    entry.write_bytes(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    assert tablecache.cached(LambdaPriceTable, text) is None


def test_no_cache_env_reads_and_writes_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(tablecache.NO_CACHE_ENV, "1")
    text = _lambda_text()
    tablecache.store(LambdaPriceTable, text, load_model(LambdaPriceTable, "x.yaml", text=text))
    assert not cache.exists()


def test_an_unwritable_cache_folder_costs_only_the_saving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(tablecache, "cache_dir", lambda: blocker / "tables")
    text = _lambda_text()
    tablecache.store(LambdaPriceTable, text, load_model(LambdaPriceTable, "x.yaml", text=text))
    assert tablecache.cached(LambdaPriceTable, text) is None


def test_old_entries_are_pruned(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tablecache, "MAX_ENTRIES", 2)
    text = _lambda_text()
    table = load_model(LambdaPriceTable, "x.yaml", text=text)
    for n in range(4):
        tablecache.store(LambdaPriceTable, f"{text}\n# {n}\n", table)
    assert len(list(cache.glob("*.json"))) == 2
    assert tablecache.cached(LambdaPriceTable, f"{text}\n# 3\n") == table


def test_a_table_is_loaded_from_its_entry(cache: Path) -> None:
    tables.clear_cache()
    first = tables.lambda_prices()
    assert len(list(cache.glob("*.json"))) == 1
    tables.clear_cache()
    assert tables.lambda_prices() == first
    tables.clear_cache()
