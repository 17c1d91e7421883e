"""The command line: the Typer app, its commands and the console-script entry point.

This is the only module that prints or exits. Heavy modules (numpy, pydantic,
yaml, the renderers) are imported inside the commands so that ``lambdacost
--help`` starts fast, and :func:`main` imports and builds only the command it
runs. Every :class:`~lambdacost.errors.LambdacostError` becomes one line on
stderr, ``Error: <file>: <field> (line N): <what>``, and its exit code (2 for
bad input); results go to stdout only once they are complete.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import types
from functools import cache
from typing import Annotated

import typer

from lambdacost import __version__
from lambdacost.errors import EXIT_BUDGET, EXIT_INPUT

#: The commands in the order of ``--help``; each is the function of the same name in
#: ``lambdacost.cli.<name>``, imported only when the app is built with it.
COMMANDS = ("estimate", "compare", "decide", "capacity", "profile", "diff", "sweep", "regions", "examples", "schema")
#: Command groups, after the commands: each is the Typer ``app`` of ``lambdacost.cli.<name>``.
GROUPS = ("pricing",)


def _typer() -> typer.Typer:
    return typer.Typer(
        name="lambdacost",
        help=(
            "Cost and capacity planning for AWS Lambda, offline, from shipped AWS price tables.\n\n"
            "Exit codes: 0 success; 1 internal error (a bug: please report it); 2 invalid input "
            "(file, option or price table); 3 over budget (--max-monthly-cost or --max-increase: the report "
            "is printed, and one line on stderr says which limit was passed and by how much)."
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


def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Cost and capacity planning for AWS Lambda."""


@cache
def build_app(*names: str) -> typer.Typer:
    """The app with the commands ``names`` (all of them without names), in the order of ``--help``.
    Each command module registers by being imported here; the others are not imported."""
    app = _typer()
    app.callback()(_main)
    for name in COMMANDS:
        if not names or name in names:
            app.command()(getattr(importlib.import_module(f"lambdacost.cli.{name}"), name))
    for name in GROUPS:
        if not names or name in names:
            app.add_typer(importlib.import_module(f"lambdacost.cli.{name}").app)
    return app


def __getattr__(name: str) -> typer.Typer:
    if name == "app":  # the whole app, built on first use (``from lambdacost.cli.app import app``)
        return build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The values of PYDANTIC_DISABLE_PLUGINS with which pydantic loads no plugin at all.
_NO_PLUGINS = ("__all__", "1", "true")


def _skip_plugin_loader() -> None:
    """With every pydantic plugin disabled, pydantic's plugin loader only costs its import of
    ``importlib.metadata`` (about 20 ms, at the first model or option validator built): stand in
    for it with a loader that finds none, as the real one does when plugins are disabled."""
    name = "pydantic.plugin._loader"
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _NO_PLUGINS and name not in sys.modules:
        loader = types.ModuleType(name, "pydantic plugins are disabled (PYDANTIC_DISABLE_PLUGINS): none to load.")
        loader.get_plugins = tuple  # type: ignore[attr-defined]
        sys.modules[name] = loader


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: builds the app with only the command named on the command line
    (all of them for ``--help``, a mistyped name or none), so that one command is imported and built.
    Every error is one line on stderr and an exit code, the option parser's too."""
    from lambdacost.cli import usage

    # lambdacost uses no pydantic plugins; not looking for them saves the CLI
    # about 20 ms of package-metadata scanning at start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _skip_plugin_loader()
    # A command is a short-lived process whose objects are freed by reference counting;
    # the cyclic collector only rescans the imported modules' objects (about 10% of
    # start-up), so it stays off for the process.
    gc.disable()
    args = sys.argv[1:] if argv is None else list(argv)
    name = args[0] if args else ""
    command = name if name in COMMANDS else None
    app = build_app(name) if name in COMMANDS or name in GROUPS else build_app()
    try:
        code = app(args=args, prog_name="lambdacost", standalone_mode=False)
    except usage.ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `lambdacost` alone: the help, as before
            exc.show()
            sys.exit(exc.exit_code)
        sys.stderr.write(f"Error: {usage.one_line(exc, args, command)}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.stderr.write("Interrupted\n")
        sys.exit(130)
    except typer.Abort:  # pragma: no cover - interactive only (Ctrl-D at a prompt)
        sys.stderr.write("Aborted\n")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["COMMANDS", "EXIT_BUDGET", "GROUPS", "EXIT_INPUT", "build_app", "main"]
