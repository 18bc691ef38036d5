"""The list of folders imported into a library: `folders.json` (no Textual).

The catalog and the index are derived from the article files and can be
rebuilt; which folders were imported cannot be derived from anything, so it
lives in a small file of its own that rebuilding never touches, written
through a temporary file and a rename, with a copy in `backups/`.

Each folder has an id (the name its article ids are made from) and a path.
"""

from __future__ import annotations

import json
from pathlib import Path

from reader.safefile import BACKUP_FOLDER, write_atomic

FILE_NAME = "folders.json"
VERSION = 1


class FoldersFileError(Exception):
    """`folders.json` cannot be read: `str()` is "FILE: reason"."""


def folders_path(library: Path) -> Path:
    return library / FILE_NAME


def backup_of(library: Path) -> Path:
    return library / BACKUP_FOLDER / FILE_NAME


def read_folders(path: Path) -> dict[str, Path] | None:
    """Folder id -> path, as saved; None when the file does not exist.

    Raises `FoldersFileError` for a file that is not a folder list.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise FoldersFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        loaded = json.loads(data.decode("utf-8"))
        entries = loaded["folders"]
        return {str(entry["id"]): Path(str(entry["path"])) for entry in entries}
    except (ValueError, KeyError, TypeError) as error:
        raise FoldersFileError(f"{path}: not a list of folders ({error})") from None


def write_folders(library: Path, folders: dict[str, Path]) -> None:
    """Save the folder list (and its backup copy), each replaced in one step."""
    payload = {
        "version": VERSION,
        "folders": [{"id": key, "path": str(path)} for key, path in sorted(folders.items())],
    }
    data = (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    write_atomic(folders_path(library), data)
    write_atomic(backup_of(library), data)
