"""``lambdacost examples``: the shipped example workloads."""

from __future__ import annotations

from typing import Annotated

import typer

from lambdacost.cli.common import emit, run


def examples(
    name: Annotated[
        str | None,
        typer.Argument(
            help="An example's name: print its YAML (to start a workload file from it).",
            metavar="NAME",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List the example workloads shipped with lambdacost, or print one."""

    def action() -> str:
        from lambdacost.errors import UsageError
        from lambdacost.io import loader

        paths = {p.stem: p for p in loader.shipped_workloads()}
        if name is None:
            width = max(len(n) for n in paths)
            lines = []
            for stem, path in paths.items():
                text = loader.read_text(path)
                first = next((ln.lstrip("# ").rstrip() for ln in text.splitlines() if ln.startswith("#")), "")
                lines.append(f"{stem:<{width}}  {path}\n{'':<{width}}  {first}")
            return "\n".join(lines) + "\n"
        if name not in paths:
            raise UsageError(f"no example named {name!r}; examples: {', '.join(paths)}", field="NAME")
        return loader.read_text(paths[name])

    emit(run(action))
