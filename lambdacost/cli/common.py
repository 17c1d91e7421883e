"""What every command does around its work: one error line and an exit code, writing a
finished result to stdout, and a file an option names."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from lambdacost.errors import LambdacostError

if TYPE_CHECKING:
    from rich.console import RenderableType

T = TypeVar("T")


def fail(error: LambdacostError) -> NoReturn:
    """Print one error line on stderr and exit with the error's code."""
    sys.stderr.write(f"Error: {error.one_line()}\n")
    raise typer.Exit(error.exit_code)


def run(action: Callable[[], T]) -> T:
    """Run ``action``, turning lambdacost's own errors into one line and an exit code."""
    try:
        return action()
    except LambdacostError as error:
        fail(error)


def write_file(path: Path, data: bytes, *, field: str) -> None:
    """Write ``data`` to ``path`` atomically, only over a regular file; a failure is a usage error
    naming the option that named the file."""
    from lambdacost.io.files import write_atomic

    write_atomic(path, data, field=field)


def emit(output: RenderableType | str) -> None:
    """Write a finished result to stdout: text as is, renderables through rich.

    Output that cannot be written is one error line, not a traceback: stdout closed
    (``>&-``) or full (``> /dev/full``) exits 2; a reader that went away (``| head``)
    ends quietly. Characters the output encoding lacks (``LC_ALL=C``,
    ``PYTHONIOENCODING=ascii``) are replaced by ASCII ones, and a ``COLUMNS`` that is
    not a positive number is ignored. User text is never read as rich markup, and
    control and bidi characters in it are shown as escapes.
    """
    out = sys.stdout
    if out is None or getattr(out, "closed", False):
        fail(OutputError("cannot write the result: standard output is closed"))
    from lambdacost.render.common import visible

    writer = _FoldingWriter(out)
    try:
        if isinstance(output, str):
            writer.write(visible(output))
        else:
            from lambdacost.render.common import keep_numbers_whole

            console = _console(writer)
            needed = keep_numbers_whole(output, console.width)
            if needed > console.width:  # too narrow for the numbers: wider lines, no digit lost
                console = _console(writer, width=needed)
            console.print(output)
        out.flush()
    except BrokenPipeError:
        _quiet_stdout()
    except OSError as exc:
        fail(OutputError(f"cannot write the result to standard output: {exc.strerror or exc}"))


def _console(writer: Any, width: int | None = None) -> Any:
    """A rich console for user text: no markup, no emoji codes, and control and bidi characters in any
    string or Text shown as escapes (a name cannot move the cursor, set the title or reverse a line)."""
    from rich.console import Console
    from rich.text import Text

    from lambdacost.render.common import visible

    class UserTextConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Text:
            return super().render_str(visible(text), **kwargs)

        def render(self, renderable: Any, options: Any = None) -> Any:
            if isinstance(renderable, Text) and visible(renderable.plain) != renderable.plain:
                renderable = Text(
                    visible(renderable.plain), style=renderable.style, justify=renderable.justify, end=renderable.end
                )
            return super().render(renderable, options)

    return UserTextConsole(file=writer, soft_wrap=False, markup=False, emoji=False, width=width or _columns())


def priced(action: Callable[[], T], pricing: Path | None, fmt: str) -> Callable[[], T]:
    """``action`` whose output (or the output first in the tuple it returns) names the price set."""

    def with_set() -> Any:
        result: Any = action()
        if isinstance(result, tuple):
            return (with_price_set(result[0], pricing, fmt), *result[1:])
        return with_price_set(result, pricing, fmt)

    return with_set


def with_price_set(output: RenderableType | str, pricing: Path | None, fmt: str) -> RenderableType | str:
    """``output`` naming the price set it was priced with: a last line for tables and Markdown, a
    top-level ``price_set`` key for JSON; CSV stays rows only."""
    from lambdacost.io import tables

    ps = tables.price_set(pricing)
    if fmt == "csv":
        return output
    if isinstance(output, str):
        if fmt == "json":
            import json

            indented = output.startswith("{\n")
            if indented:
                value = json.dumps(ps.as_dict(), indent=2).replace("\n", "\n  ")
                return '{\n  "price_set": ' + value + ",\n" + output[2:]
            return '{"price_set": ' + json.dumps(ps.as_dict()) + ", " + output[1:]
        if fmt == "yaml":  # a workload file (profile): the line stays a comment
            return output.rstrip("\n") + "\n# " + ps.label() + "\n"
        return output.rstrip("\n") + "\n\n" + ps.label() + "\n"
    from rich.console import Group
    from rich.text import Text

    return Group(output, Text(ps.label(), style="dim"))


class OutputError(LambdacostError):
    """The result could not be written."""


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so Python's flush at exit stays silent."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _columns() -> int | None:
    """The width for tables: ``COLUMNS`` when it is a sensible number, else rich's own choice (80 when piped)."""
    import os

    value = os.environ.get("COLUMNS")
    if value is None:
        return None
    try:
        columns = int(value)
    except ValueError:
        return 80
    return min(columns, 1000) if columns >= 20 else 80


#: Characters lambdacost prints and their ASCII stand-ins, for an output encoding without them.
_ASCII = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "−": "-",
        "…": "...",
        "×": "x",
        "≈": "~",
        "≤": "<=",
        "≥": ">=",
        "→": "->",
        "←": "<-",
        "•": "*",
        "·": "*",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "\u00a0": " ",
        "€": "EUR",
        "£": "GBP",
        "µ": "u",
    }
)


class _FoldingWriter:
    """A text stream that writes through to ``stream``, with what its encoding cannot hold folded to ASCII."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.encoding = getattr(stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        try:
            text.encode(self.encoding)
        except (UnicodeEncodeError, LookupError):
            text = text.translate(_ASCII).encode(self.encoding, "replace").decode(self.encoding, "replace")
        return int(self._stream.write(text))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(getattr(self._stream, "isatty", lambda: False)())

    def fileno(self) -> int:
        return int(self._stream.fileno())
