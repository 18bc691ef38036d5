"""Opening what a library cannot re-derive, and healing it when it is damaged (no Textual).

Four things of a library come from the user and from nowhere else: the
bookmarks (`bookmarks.sqlite`), the reading state (`state.sqlite`: read
marks, positions, the theme), the list of imported folders
(`folders.json`) and the people followed and corrected (`people.json`).
Each is checked when opened; a damaged one is moved to
`damaged/` (never deleted) and replaced by its newest sound backup from
`backups/`, with one line saying so.  Backups are made by SQLite's backup
API: bookmarks after every change, the reading state when the library is
opened and closed.

Repairs take the library's write lock, so two processes never heal the same
file at once; each checks again once it holds the lock.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from reader.bookmarks import FILE_NAME as BOOKMARKS_FILE
from reader.bookmarks import BookmarkStore
from reader.folders import (
    FILE_NAME as FOLDERS_FILE,
)
from reader.folders import (
    FoldersFileError,
    backup_of,
    folders_path,
    read_folders,
    write_folders,
)
from reader.lock import LibraryLock
from reader.peoplechoices import FILE_NAME as PEOPLE_FILE
from reader.peoplechoices import (
    PeopleChoices,
    PeopleFileError,
    choices_path,
    read_choices,
    write_choices,
)
from reader.peoplechoices import backup_of as people_backup_of
from reader.safefile import (
    backup_path,
    newest_good_backup,
    rotate_backups,
    set_aside,
    shown,
    sqlite_problem,
)
from reader.state import ReadingState

STATE_FILE = "state.sqlite"

# Called with the current holder's description while waiting for the lock.
OnWait = Callable[[str], None]


def open_bookmarks(
    folder: Path, lock: LibraryLock, notices: list[str], on_wait: OnWait | None = None
) -> BookmarkStore:
    """The library's bookmarks, restored from a backup when the file is damaged."""
    path = folder / BOOKMARKS_FILE
    _check_and_restore(folder, path, "bookmarks", lock, notices, on_wait, _count_bookmarks)
    newest = backup_path(folder, BOOKMARKS_FILE, 1)
    store = BookmarkStore(path, backup_to=newest)
    if not newest.exists():
        store.back_up()
    return store


def open_state(
    folder: Path, lock: LibraryLock, notices: list[str], on_wait: OnWait | None = None
) -> ReadingState:
    """The reading state, restored from a backup when damaged, and backed up."""
    path = folder / STATE_FILE
    _check_and_restore(folder, path, "reading state", lock, notices, on_wait, _count_read)
    state = ReadingState(path)
    back_up_state(folder, state, notices)
    return state


def back_up_state(folder: Path, state: ReadingState, notices: list[str]) -> None:
    """Copy the reading state to its newest backup (at opening and closing)."""
    try:
        state.back_up(backup_path(folder, STATE_FILE, 1))
    except (OSError, sqlite3.Error) as error:
        notices.append(f"{STATE_FILE}: could not back up the reading state ({error})")


def _check_and_restore(
    folder: Path,
    path: Path,
    what: str,
    lock: LibraryLock,
    notices: list[str],
    on_wait: OnWait | None,
    count: Callable[[Path], str],
) -> None:
    if not path.exists():
        return
    rotate_backups(folder, path.name)
    if sqlite_problem(path) is None:
        return
    with lock.hold(f"restoring the {what}", on_wait=on_wait):
        problem = sqlite_problem(path) if path.exists() else None
        if problem is None:
            return
        aside = set_aside(folder, path)
        good = newest_good_backup(folder, path.name)
        head = f"{path.name} was damaged ({problem}): moved to {shown(folder, aside)}"
        if good is None:
            notices.append(f"{head}; no sound backup to restore, starting with no {what}")
            return
        temporary = path.with_name(f".{path.name}.{os.getpid()}.restore")
        shutil.copyfile(good, temporary)
        os.replace(temporary, path)
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(good.stat().st_mtime))
        notices.append(f"{head}; restored {count(path)} from the backup of {when}")


def _count_bookmarks(path: Path) -> str:
    return _count(path, "SELECT count(*) FROM bookmarks", "bookmark")


def _count_read(path: Path) -> str:
    return _count(path, "SELECT count(*) FROM reading", "read article")


def _count(path: Path, sql: str, noun: str) -> str:
    try:
        db = sqlite3.connect(path)
        try:
            number = int(db.execute(sql).fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return f"the {noun}s"
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def load_folders(
    folder: Path,
    lock: LibraryLock,
    catalog_roots: dict[str, Path] | None,
    notices: list[str],
    on_wait: OnWait | None = None,
) -> dict[str, Path]:
    """The imported folders (id -> path) from `folders.json`.

    A missing file is made from the catalog's copy (`catalog_roots`; a library
    of an earlier version kept the list there only); a damaged one is set
    aside and restored from its backup, else from the catalog's copy.
    """
    path = folders_path(folder)
    try:
        found = read_folders(path)
    except FoldersFileError:
        found = None
        damaged = True
    else:
        damaged = False
        if found is not None:
            return found
    with lock.hold("restoring the list of folders", on_wait=on_wait):
        try:
            found = read_folders(path)
            damaged = False
        except FoldersFileError as error:
            reason = str(error).split(": ", 1)[-1]
            damaged = True
        if found is not None and not damaged:
            return found
        source = "the catalog"
        restored = catalog_roots or {}
        if damaged:
            aside = set_aside(folder, path)
            try:
                backup = read_folders(backup_of(folder))
            except FoldersFileError:
                backup = None
            if backup is not None:
                restored, source = backup, f"{FOLDERS_FILE} in backups/"
        if restored or damaged:
            write_folders(folder, restored)
        if damaged:
            notices.append(
                f"{FOLDERS_FILE} was damaged ({reason}): moved to {shown(folder, aside)};"
                f" restored {len(restored):,} folder{'' if len(restored) == 1 else 's'}"
                f" from {source}"
            )
        return dict(restored)


def load_people_choices(
    folder: Path, lock: LibraryLock, notices: list[str], on_wait: OnWait | None = None
) -> PeopleChoices:
    """The people followed and the corrections, from `people.json` (none when absent).

    A damaged file is set aside and restored from its backup copy, else
    started empty, with one line in `notices` naming the file and the reason.
    """
    path = choices_path(folder)
    try:
        found = read_choices(path)
    except PeopleFileError:
        pass
    else:
        return found or PeopleChoices()
    with lock.hold("restoring the people file", on_wait=on_wait):
        try:  # another process may have restored it meanwhile
            return read_choices(path) or PeopleChoices()
        except PeopleFileError as error:
            reason = str(error).split(": ", 1)[-1]
        aside = set_aside(folder, path)
        try:
            backup = read_choices(people_backup_of(folder))
        except PeopleFileError:
            backup = None
        restored = backup or PeopleChoices()
        source = f"{PEOPLE_FILE} in backups/" if backup is not None else "nothing (started empty)"
        write_choices(folder, restored)
        notices.append(
            f"{PEOPLE_FILE} was damaged ({reason}): moved to {shown(folder, aside)};"
            f" restored {len(restored.follows):,} followed and"
            f" {len(restored.merges) + len(restored.splits):,} corrections from {source}"
        )
        return restored


def restore_if_damaged(
    folder: Path,
    path: Path,
    what: str,
    lock: LibraryLock,
    notices: list[str],
    on_wait: OnWait | None,
    count: Callable[[Path], str],
) -> None:
    """Set aside the SQLite file `path` of the library when it is damaged and put its
    newest sound backup in its place, saying so in `notices` (for stores that
    other modules keep, such as the feeds: see `reader.feeds.store`).

    `what` names its content in messages ("list of feeds"); `count(path)` says
    what was restored ("3 feeds").
    """
    _check_and_restore(folder, path, what, lock, notices, on_wait, count)
