"""The command line: the Typer app, its commands and the console-script entry point.

This is the only module that prints or exits. Heavy modules (numpy, pydantic,
yaml, the renderers) are imported inside the commands so that ``lambdacost
--help`` starts fast. Every :class:`~lambdacost.errors.LambdacostError` becomes
one line on stderr, ``Error: <file>: <field> (line N): <what>``, and its exit
code (2 for bad input); results go to stdout only once they are complete.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from lambdacost import __version__
from lambdacost.cli import capacity, compare, decide, estimate, examples, regions, schema
from lambdacost.errors import EXIT_INPUT

app = typer.Typer(
    name="lambdacost",
    help=(
        "Cost and capacity planning for AWS Lambda, offline, from shipped AWS price tables.\n\n"
        "Exit codes: 0 success; 1 internal error (a bug: please report it); 2 invalid input "
        "(file, option or price table)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"lambdacost {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Cost and capacity planning for AWS Lambda."""


# Each command lives in its own module; the app registers them in the order of `--help`.
app.command()(estimate.estimate)
app.command()(compare.compare)
app.command()(decide.decide)
app.command()(capacity.capacity)
app.command()(regions.regions)
app.command()(examples.examples)
app.command()(schema.schema)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: every error is one line on stderr and an exit code."""
    from lambdacost.cli import usage

    # lambdacost uses no pydantic plugins; not looking for them saves the CLI
    # about 20 ms of package-metadata scanning at start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = sys.argv[1:] if argv is None else argv
    try:
        code = app(args=args, prog_name="lambdacost", standalone_mode=False)
    except usage.ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `lambdacost` alone: the help, as before
            exc.show()
            sys.exit(exc.exit_code)
        command = usage.command_of(args, [c.name or c.callback.__name__ for c in app.registered_commands if c.callback])
        sys.stderr.write(f"Error: {usage.one_line(exc, args, command)}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.stderr.write("Interrupted\n")
        sys.exit(130)
    except typer.Abort:  # pragma: no cover - interactive only (Ctrl-D at a prompt)
        sys.stderr.write("Aborted\n")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["EXIT_INPUT", "app", "main"]
