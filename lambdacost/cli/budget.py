"""Ending a command whose report has budget gates: the report on stdout, one line on stderr per
gate that failed, and exit code 3 (:data:`lambdacost.errors.EXIT_BUDGET`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from lambdacost.cli.common import emit
from lambdacost.errors import EXIT_BUDGET

if TYPE_CHECKING:
    from rich.console import RenderableType

    from lambdacost.plan.budget import Gate


def emit_gated(output: RenderableType | str, gates: Sequence[Gate]) -> None:
    """Print the report; then, if a gate failed, say which and by how much, and exit with code 3."""
    emit(output)
    failed = [g for g in gates if not g.passed]
    if not failed:
        return
    from lambdacost.render.budget import gate_text

    for gate in failed:
        sys.stderr.write(gate_text(gate) + "\n")
    raise typer.Exit(EXIT_BUDGET)
