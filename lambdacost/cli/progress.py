"""``pricing update``'s work around the importer: the progress bar on stderr, the downloads, the notices."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lambdacost.errors import UsageError

if TYPE_CHECKING:
    from lambdacost.io.pricebuild import Update


def _regions(given: Sequence[str] | None) -> list[str]:
    from lambdacost.io.priceapply import REGION_CODE

    out = [r.strip() for item in (given or ["us-east-1"]) for r in item.split(",") if r.strip()]
    bad = [r for r in out if not REGION_CODE.match(r)]
    if bad:
        raise UsageError(f"{bad[0]!r} is not a region code such as eu-west-1", field="--regions")
    return list(dict.fromkeys(out))


class _NoProgress:
    """What the commands call on a progress bar, doing nothing: stderr is not a terminal."""

    def add_task(self, description: str, total: float | None = None) -> int:
        return 0

    def update(self, task: int, completed: float) -> None:
        pass

    def advance(self, task: int, advance: float) -> None:
        pass


@contextmanager
def _progress() -> Iterator[Any]:
    """A rich progress bar on stderr, only on a terminal: elsewhere nothing is drawn, not even the
    line break some rich versions write when a disabled bar stops."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield _NoProgress()
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=console,
        transient=True,
    ) as bar:
        yield bar


def update_price_set(
    paths: Sequence[Path],
    download: bool,
    regions: Sequence[str] | None,
    out: Path | None,
    base: Path | None,
    endpoint: str | None,
) -> Update:
    """Read (or fetch, then read) the offer files and write the price set; notices go to stderr."""
    from lambdacost.io import pricebuild, tables

    if download and paths:
        raise UsageError("give offer files or --download, not both", field="--download")
    if not download and not paths:
        raise UsageError("give offer files (--from PATH ...) or --download", field="--from")
    if regions and not download:
        raise UsageError(
            "--regions chooses what --download fetches; with --from every region is read", field="--regions"
        )
    target = out if out is not None else tables.user_pricing_dir()
    with _progress() as bar:
        if download:
            result = _download_and_update(_regions(regions), target, base, endpoint, bar)
        else:
            files = pricebuild.offer_files(paths)
            task = bar.add_task("reading offer files", total=_read_bytes(files))
            result = pricebuild.update(files, target, base, lambda n: bar.advance(task, n))
    for notice in result.notices:
        sys.stderr.write(f"Note: {notice}\n")
    return result


def _read_bytes(files: Sequence[Path]) -> int:
    """How many bytes reading the files takes: JSON is read twice (products, then terms), CSV once."""
    return sum(f.stat().st_size * (1 if f.suffix.lower() == ".csv" else 2) for f in files if f.is_file())


def _download_and_update(regions: list[str], target: Path, base: Path | None, endpoint: str | None, bar: Any) -> Update:
    from lambdacost.io import download as dl
    from lambdacost.io import pricebuild

    offers = dl.offers_for(regions)
    url = dl.endpoint(endpoint)
    tasks: dict[str, Any] = {}

    def progress(label: str, received: int, total: int | None) -> None:
        if label not in tasks:
            tasks[label] = bar.add_task(f"fetching {label}", total=total)
        bar.update(tasks[label], completed=received)

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".lambdacost-offers-", dir=target.parent) as tmp:
        files = dl.fetch(offers, Path(tmp), url, progress)
        labels = {f: url + o.path() for f, o in zip(files, offers, strict=True)}
        task = bar.add_task("reading offer files", total=_read_bytes(files))
        return pricebuild.update(files, target, base, lambda n: bar.advance(task, n), labels)
