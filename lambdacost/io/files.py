"""Writing a finished file: only to a regular file (or a new one), atomically.

A FIFO as the target would block forever and a device would take anything; a
write that fails half-way must not leave half a chart. So the data goes to a
temporary file next to the target, which then replaces it in one step.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from lambdacost.errors import LambdacostError, UsageError


def write_atomic(path: Path, data: bytes, *, field: str, error: type[LambdacostError] = UsageError) -> None:
    """Write ``data`` to ``path`` (a regular file or a new one) or raise one error naming ``field``."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise error(f"cannot write {str(path)!r}: {exc.strerror or exc}", field=field) from None
    if mode is not None and not stat.S_ISREG(mode):
        raise error(f"cannot write {str(path)!r}: it exists and is not a regular file", field=field)
    folder = path.parent if str(path.parent) else Path(".")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise error(f"cannot write {str(path)!r}: {exc.strerror or exc}", field=field) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
