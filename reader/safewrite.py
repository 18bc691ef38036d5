"""Writing a file the user named, without destroying anything (no Textual).

`reader bookmarks export --output FILE` once wrote over whatever FILE was, the
library's own `catalog.sqlite` included.  The rules, for the command line and
the app alike:

- an existing file is replaced only when the caller says so (`--force`, or the
  user said yes when the app asked);
- nothing is written inside the library folder, however the path is spelled:
  `..`, symbolic links to the folder or to a file in it are resolved first;
- the text goes to a temporary file in the same folder, flushed to disk, then
  renamed over the target (`os.replace`), so a crash or a full disk leaves
  either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

NEW_FILE_MODE = 0o644  # what a new export gets; a replaced file keeps its own mode


class WriteRefused(Exception):
    """A file that may not (or could not) be written: `str()` is "FILE: reason".

    `exists` is True when the only obstacle is that the file is already there,
    which asking the user (or `--force`) can lift.
    """

    def __init__(self, path: Path, reason: str, *, exists: bool = False) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.exists = exists


def check_target(path: Path, *, protected: Path, overwrite: bool) -> Path:
    """The real path to write `path` to; raises `WriteRefused` when it is not allowed.

    `path` is shown in messages as given (`~` expanded); `protected` is a folder
    nothing may be written into (the library).
    """
    path = path.expanduser()
    target = path.resolve()  # follows symbolic links, and ".." after them
    folder = protected.expanduser().resolve()
    if target == folder or folder in target.parents:
        raise WriteRefused(path, f"inside the library folder {folder}; choose a file elsewhere")
    if target.is_dir():
        raise WriteRefused(path, "is a folder; give a file name")
    if not target.parent.is_dir():
        raise WriteRefused(path, f"no such folder {target.parent}")
    if target.exists() and not overwrite:
        raise WriteRefused(path, "exists already", exists=True)
    return target


def write_text(path: Path, text: str, *, protected: Path, overwrite: bool) -> Path:
    """Write `text` (UTF-8) to `path` under the rules above; returns the real path written.

    Raises `WriteRefused` for a refused path and for a failed write (the
    reason then says why: no permission, disk full...), leaving no temporary
    file behind.
    """
    target = check_target(path, protected=protected, overwrite=overwrite)
    try:
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else NEW_FILE_MODE
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise WriteRefused(path, f"cannot write ({error.strerror or error})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteRefused(path, f"cannot write ({error.strerror or error})") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(target.parent)
    return target


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself to disk (POSIX; Windows cannot open a folder)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return  # the file is written; only the rename's durability is not forced
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename has still happened
    finally:
        os.close(descriptor)
