"""``lambdacost schema``: the JSON Schema of the workload file."""

from __future__ import annotations

from lambdacost.cli.common import emit


def schema() -> None:
    """Print the JSON Schema of the workload file (for editors and CI validation)."""
    from lambdacost.render.common import to_json
    from lambdacost.schema.workload import workload_json_schema

    emit(to_json(workload_json_schema()))
