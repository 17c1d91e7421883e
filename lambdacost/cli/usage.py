"""Errors the option parser finds, as one line in lambdacost's words.

Click (inside Typer) prints three lines for a bad option (``Usage:``, ``Try ...``,
``Error: Invalid value ...: Value error, ...``) with pydantic's wording. lambdacost
prints one, like every other error: ``Error: --format: 'xml' is not one of table,
json, csv, markdown``, and exits 2.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

try:  # Typer 0.2x vendors Click; earlier versions depend on it
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - depends on the installed Typer
    from click import exceptions as click_errors  # type: ignore[no-redef]

ClickException = click_errors.ClickException


def _value(param: Any, argv: Sequence[str]) -> str | None:
    """The value given for ``param`` on the command line, if it can be found."""
    for opt in getattr(param, "opts", None) or []:
        if not opt.startswith("-"):
            continue
        for i, token in enumerate(argv):
            if token == opt and i + 1 < len(argv):
                return argv[i + 1]
            if token.startswith(opt + "="):
                return token[len(opt) + 1 :]
    return None


def _name(param: Any) -> str:
    opts = [o for o in getattr(param, "opts", None) or [] if o.startswith("--")]
    if opts:
        return opts[0]
    return str(getattr(param, "human_readable_name", None) or getattr(param, "name", "") or "option").upper()


def _bad_value(exc: Any, argv: Sequence[str]) -> str:
    param = exc.param
    name = _name(param)
    raw = _value(param, argv)
    shown = repr(raw if raw is None or len(raw) <= 60 else raw[:50] + "...") if raw is not None else "the value"
    message = str(exc.message).removeprefix("Value error, ").rstrip(".")
    choice = re.search(r"is not one of (.*)$", message)
    # The range is the parameter's own (Typer 0.2x) or its type's (click's IntRange/FloatRange).
    own = getattr(param, "min", None) is not None or getattr(param, "max", None) is not None
    bounds = param if own else getattr(param, "type", None)
    lo, hi = getattr(bounds, "min", None), getattr(bounds, "max", None)
    if choice:
        what = f"is not one of {choice[1].replace(chr(39), '')}"
    elif _out_of_range(message) or raw is not None and raw.strip().lower() in _NAN:
        if lo is not None and hi is not None:
            what = f"is not a number from {lo:g} to {hi:g}"
        elif lo is not None:
            what = f"must be at least {lo:g}"
        elif hi is not None:
            what = f"must be at most {hi:g}"
        else:  # pragma: no cover - every bounded option sets min or max
            what = "is out of range"
    elif "valid integer" in message:
        what = "is not a whole number"
    elif "valid number" in message:
        what = "is not a number"
    else:
        what = message[:1].lower() + message[1:]
    return f"{name}: {shown} {what}"


def _out_of_range(message: str) -> bool:
    """Whether the parser's message says the value is outside the option's range (pydantic's or click's words)."""
    return any(words in message for words in ("less than", "greater than", "not in the range"))


_NAN = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def one_line(exc: ClickException, argv: Sequence[str], command: str | None) -> str:
    """The one error line for a parser error, without the ``Error: `` prefix."""
    see = f"; see `lambdacost {command} --help`" if command else "; see `lambdacost --help`"
    if isinstance(exc, click_errors.BadParameter) and getattr(exc, "param", None) is not None:
        if isinstance(exc, click_errors.MissingParameter):
            return f"{_name(exc.param)}: required{see}"
        return _bad_value(exc, argv)
    if isinstance(exc, click_errors.NoSuchOption):
        close = f"; did you mean {exc.possibilities[0]}?" if exc.possibilities else see
        return f"{exc.option_name}: no such option{close}"
    if isinstance(exc, click_errors.BadOptionUsage) and "requires an argument" in exc.message:
        return f"{exc.option_name}: needs a value{see}"
    message = exc.format_message().rstrip(".")
    missing = re.match(r"No such command '(.*)'", message)
    if missing:
        return f"{missing[1]!r} is not a command; `lambdacost --help` lists them"
    return message + see
