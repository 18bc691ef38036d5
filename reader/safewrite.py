"""Writing a file the user named, without destroying anything (no Textual).

`reader bookmarks export --output FILE` once wrote over whatever FILE was, the
library's own `catalog.sqlite` included.  The rules, for the command line and
the app alike:

- an existing file is replaced only when the caller says so (`--force`, or the
  user said yes when the app asked);
- nothing is written inside the library folder, however the path is spelled:
  `..`, symbolic links to the folder or to a file in it are resolved first;
- the text goes through `safefile.write_atomic`: a temporary file in the
  same folder, flushed to disk, then renamed over the target, so a crash or
  a full disk leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

from pathlib import Path

from reader.safefile import write_atomic


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
        write_atomic(target, text.encode("utf-8"))
    except OSError as error:
        raise WriteRefused(path, f"cannot write ({error.strerror or error})") from None
    return target
