"""Writing files so that a crash leaves the old or the new copy, never half of one;
checking, backing up and setting aside SQLite files (no Textual).

- `write_atomic`: a temporary file in the same folder, flushed to disk, then
  renamed over the target (a rename within one file system is atomic).
- `sqlite_problem`: what is wrong with an SQLite file, read-only.
- `backup_sqlite` / `rotate_backups` / `newest_good_backup`: generations of
  a precious SQLite file (bookmarks, reading state) made with SQLite's
  backup API, so a copy is consistent even while another process writes.
- `use_wal`: switches a new connection to WAL, waiting out another process
  doing the same (SQLite answers "locked" there without waiting).
- `run_script` / `schema_transaction`: set up tables so that processes
  opening a new database together see all of them or none.
- `set_aside`: moves a damaged file or folder into `damaged/` of the library
  instead of deleting it, keeping the newest damaged copy of each name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

DAMAGED_FOLDER = "damaged"
BACKUP_FOLDER = "backups"
# Backups kept of each precious SQLite file: the latest state, and the state
# at the start of each of the last sessions before it.
BACKUP_GENERATIONS = 3
NEW_FILE_MODE = 0o644  # what a new file gets; a replaced file keeps its own mode


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` by `data` in one step: a crash leaves the old or the new file.

    A replaced file keeps its permissions; a new one gets `NEW_FILE_MODE`.
    Raises OSError (no temporary file is left behind).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else NEW_FILE_MODE
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk, where the platform allows it."""
    if not hasattr(os, "O_DIRECTORY"):
        return  # Windows cannot open a folder
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return  # the file is written; only the rename's durability is not forced
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename has still happened
    finally:
        os.close(fd)


# How long `use_wal` waits for other processes opening the same database.
WAL_SWITCH_PATIENCE = 30.0


def use_wal(db: sqlite3.Connection, synchronous: str = "NORMAL") -> None:
    """Put `db` in WAL mode, with a busy timeout, for many processes at once.

    Two processes creating the same database at the same moment both ask to
    switch its journal mode; SQLite answers "database is locked" to one of
    them at once, without calling the busy handler.  Retried here until
    `WAL_SWITCH_PATIENCE` has passed, then the error is raised.
    """
    db.execute(f"PRAGMA busy_timeout = {int(WAL_SWITCH_PATIENCE * 1000)}")
    deadline = time.monotonic() + WAL_SWITCH_PATIENCE
    pause = 0.001
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(pause)  # another process holds the switch for a moment
            pause = min(pause * 2, 0.05)
    db.execute(f"PRAGMA synchronous = {synchronous}")


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run each statement of `script` in the current transaction.

    Unlike `executescript`, which commits first, so that another process
    never sees half of a new schema.  Triggers' bodies stay whole.
    """
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                db.execute(pending)
            pending = ""


@contextlib.contextmanager
def schema_transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken before reading the schema version, so
    that of two processes creating a database one creates it and the other
    finds it done."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def sqlite_problem(path: Path, *, full: bool = False) -> str | None:
    """Why `path` is not a sound SQLite database, or None when it is.

    `quick_check` reads every page (milliseconds for a bookmarks file);
    `full` runs `integrity_check`, which also checks the indexes.
    """
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as error:
        return str(error)
    try:
        check = "integrity_check" if full else "quick_check"
        rows = db.execute(f"PRAGMA {check}(5)").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        db.close()
    findings = [str(row[0]) for row in rows]
    if findings == ["ok"]:
        return None
    return "; ".join(findings)[:200]


def backup_sqlite(db: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of the open database `db` at `target`, replaced atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        copy = sqlite3.connect(temporary)
        try:
            db.backup(copy)
            # A plain rollback-journal file: one file, nothing beside it to copy.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def backup_or_problem(db: sqlite3.Connection, target: Path) -> str | None:
    """`backup_sqlite`, for a store that goes on when its backup fails (a full
    disk): None once copied, else one line naming `target` and the reason."""
    try:
        backup_sqlite(db, target)
    except (OSError, sqlite3.Error) as error:
        return f"{target}: backup failed ({error})"
    return None


def backup_path(library: Path, name: str, generation: int) -> Path:
    """Where generation `generation` (1 = newest) of the backup of `name` lives."""
    stem, dot, suffix = name.partition(".")
    return library / BACKUP_FOLDER / f"{stem}-{generation}{dot}{suffix}"


def rotate_backups(library: Path, name: str) -> None:
    """Shift the backups of `name` one generation older (1 -> 2 -> ...), keeping the newest.

    Copies rather than moves, so generation 1 stays the latest state.
    """
    newest = backup_path(library, name, 1)
    if not newest.exists():
        return
    older = backup_path(library, name, 2)
    if older.exists() and _same_bytes(newest, older):
        return
    for generation in range(BACKUP_GENERATIONS, 1, -1):
        source = backup_path(library, name, generation - 1)
        if source.exists():
            target = backup_path(library, name, generation)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            shutil.copyfile(source, temporary)
            os.replace(temporary, target)


def newest_good_backup(library: Path, name: str) -> Path | None:
    """The newest backup of `name` that reads as a sound database, if any."""
    for generation in range(1, BACKUP_GENERATIONS + 1):
        candidate = backup_path(library, name, generation)
        if candidate.exists() and sqlite_problem(candidate) is None:
            return candidate
    return None


def set_aside(library: Path, path: Path) -> Path:
    """Move a damaged file or folder to `damaged/` (with its SQLite -wal and -shm).

    Returns where it went.  Only the newest damaged copy of a name is kept: a
    library that keeps breaking must not fill the disk with copies.
    """
    folder = library / DAMAGED_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    stem, dot, suffix = path.name.partition(".")
    for old in folder.glob(f"{stem}-*"):
        _remove(old)
    target = folder / f"{stem}-{stamp}{dot}{suffix}"
    os.replace(path, target)
    for extra in ("-wal", "-shm", "-journal"):
        companion = Path(f"{path}{extra}")
        if companion.exists():
            os.replace(companion, Path(f"{target}{extra}"))
    return target


def shown(library: Path, path: Path) -> str:
    """`path` as messages show it: relative to the library folder when inside it."""
    with contextlib.suppress(ValueError):
        return str(path.relative_to(library))
    return str(path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    return a.read_bytes() == b.read_bytes()
