"""Finding the article files of an imported folder (no Textual).

A walk never stops at the first problem: a subfolder that cannot be read, a
file that vanished between listing and looking at it, a broken link or a
symbolic-link loop is reported for that path and the rest of the folder is
walked.  Symbolic links are followed once: a folder reached a second time
(through a link to one of its parents, or through two links) is skipped.
Hidden files and folders (a name starting with ".") are never imported.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from reader.articles import ARTICLE_SUFFIXES, Problem


@dataclass(slots=True)
class Walk:
    """What walking a folder found: (relative path, stat) of each article file, sorted
    by path within each folder, and the problems met on the way."""

    files: list[tuple[str, os.stat_result]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Relative paths that could not be looked at: what the library already
    # holds from below them is kept, not taken for deleted.
    unreadable: list[str] = field(default_factory=list)


def is_article_name(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES


def walk(start: str, below: str, shown: str) -> Walk:
    """The article files under `start`, whose path inside the imported folder is `below`.

    `start` may be one file.  Paths in the result are relative to the imported
    folder ("sport/derby.txt"); `shown` names the imported folder in problems.
    """
    found = Walk()
    try:
        top = os.stat(start)
    except OSError as error:
        found.problems.append(Problem(_name(shown, below), _reason(error)))
        found.unreadable.append(below)
        return found
    if not os.path.isdir(start):
        if is_article_name(os.path.basename(start)):
            found.files.append((below, top))
        return found
    # Plain strings rather than Path objects: at 100,000 files the Path
    # arithmetic alone took seconds of an unchanged re-import.
    seen = {(top.st_dev, top.st_ino)}
    stack = [(start, below)]
    # Linked folders are walked after every real one, so that a folder reached
    # both ways is imported under its real path.
    linked: list[tuple[str, str, tuple[int, int]]] = []
    while stack or linked:
        if not stack:
            path, relative, key = linked.pop(0)
            if key in seen:
                found.problems.append(_seen_twice(shown, relative))
                continue
            seen.add(key)
            stack.append((path, relative))
        folder, relative = stack.pop()
        subfolders = list(_walk_folder(folder, relative, shown, seen, linked, found))
        stack.extend(reversed(subfolders))
    return found


def _walk_folder(
    folder: str,
    relative: str,
    shown: str,
    seen: set[tuple[int, int]],
    linked: list[tuple[str, str, tuple[int, int]]],
    found: Walk,
) -> Iterator[tuple[str, str]]:
    """Record the files of one folder; yield its subfolders to walk (links go to `linked`)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as error:
        found.problems.append(Problem(_name(shown, relative), _reason(error)))
        found.unreadable.append(relative)
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        path = f"{relative}/{name}" if relative else name
        link = entry.is_symlink()
        try:
            is_dir = entry.is_dir()  # False for a broken link or a link loop
            if not is_dir and not link and not is_article_name(name):
                continue
            stat = entry.stat()  # follows links; raises for a broken one
        except OSError as error:
            if link:
                found.problems.append(Problem(_name(shown, path), _link_reason(error), False))
            elif is_article_name(name):
                found.problems.append(Problem(_name(shown, path), _reason(error)))
            if not isinstance(error, FileNotFoundError):
                found.unreadable.append(path)
            continue
        if not is_dir and not is_article_name(name):
            continue
        if is_dir:
            key = (stat.st_dev, stat.st_ino)
            if link:
                linked.append((entry.path, path, key))
            elif key not in seen:
                seen.add(key)
                yield entry.path, path
        elif os.path.isfile(entry.path):
            found.files.append((path, stat))


def _seen_twice(shown: str, relative: str) -> Problem:
    return Problem(
        _name(shown, relative),
        "symbolic link to a folder already imported (a loop?); not followed",
        skipped=False,
    )


def _link_reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(error, FileNotFoundError):
        return "broken symbolic link"
    return _reason(error)


def _dangling(path: str) -> bool:
    return os.path.islink(path) and not os.path.exists(path)


def _name(shown: str, relative: str) -> str:
    return f"{shown}/{relative}" if relative else shown


def _reason(error: OSError) -> str:
    if error.errno is not None and os.strerror(error.errno):
        text = os.strerror(error.errno)
    else:
        text = str(error)
    return text[:1].lower() + text[1:]
