"""Where the details of an error go, so that the terminal gets one line (no Textual).

Tracebacks are appended to `logs/errors.log` in the library folder (or in the
system's temporary folder when there is no library to write to); the user is
told one line and where the details are.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
import traceback
from pathlib import Path

LOG_FOLDER = "logs"
LOG_FILE = "errors.log"


def log_error(library_folder: Path | None, error: BaseException) -> Path:
    """Append `error` with its traceback to the error log; returns the log's path."""
    candidates = [library_folder / LOG_FOLDER] if library_folder is not None else []
    candidates.append(Path(tempfile.gettempdir()) / "reader-logs")
    text = f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n" + "".join(
        traceback.format_exception(error)
    )
    for folder in candidates:
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / LOG_FILE
            with open(path, "a", encoding="utf-8") as log:
                log.write(text)
            return path
    return candidates[-1] / LOG_FILE


def one_line(error: BaseException) -> str:
    """The error's first line, or its kind when it has no message."""
    text = str(error).strip()
    return (text.splitlines()[0][:200] if text else "") or type(error).__name__
