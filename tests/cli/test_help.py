"""Every command has --help text, and every option and argument of every command has help."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from lambdacost.cli.app import app

# Click's objects, duck-typed: typer uses click up to 0.2x and its own copy of it after.
Command = Any


def walk(command: Command, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Command]]:
    """The app and every command below it (groups have ``commands``), with the words that invoke it."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, (*path, name))


COMMANDS = list(walk(typer.main.get_command(app)))


def test_the_app_has_commands() -> None:
    names = {path[0] for path, _ in COMMANDS if path}
    assert {"estimate", "compare", "decide", "capacity", "regions", "examples", "schema"} <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) or "lambdacost" for p, _ in COMMANDS])
def test_every_command_and_option_has_help(runner: CliRunner, path: tuple[str, ...], command: Command) -> None:
    assert (command.help or "").strip(), f"{' '.join(path)}: no help text"
    missing = [
        param.name
        for param in command.params
        if not (getattr(param, "help", None) or "").strip() and not getattr(param, "hidden", False)
    ]
    assert not missing, f"{' '.join(path) or 'lambdacost'}: no help for {missing}"
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for param in command.params:
        if param.param_type_name == "option" and not param.hidden:
            assert param.opts[0] in result.stdout, param.opts[0]
