"""Finding the article files of an imported folder (no Textual).

A walk never stops at the first problem: a subfolder that cannot be read, a
file that vanished between listing and looking at it, a broken link or a
symbolic-link loop is reported for that path and the rest of the folder is
walked.  Symbolic links are followed once: a folder reached a second time
(through a link to one of its parents, or through two links) is skipped.

Not imported: hidden files and folders (a name starting with "."), and what
a `.readerignore` file excludes.  It has the syntax of `.gitignore` (matched
by `pathspec`), applies to its own folder and everything below it, and a
deeper one can re-include (`!pattern`) what a higher one excludes.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from pathspec import GitIgnoreSpec

from reader.articles import ARTICLE_SUFFIXES, Problem

IGNORE_FILE = ".readerignore"


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


def walk(root: str, below: str, shown: str) -> Walk:
    """The article files of the imported folder `root` under its part `below` ("" for
    all of it; may name one file).

    Paths in the result are relative to `root` ("sport/derby.txt"); `shown`
    names the imported folder in problems.
    """
    found = Walk()
    start = os.path.join(root, below) if below else root
    ignores = _Ignores(root, shown, found)
    if below and ignores.ignored(below, os.path.isdir(start)):
        return found
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
        subfolders = list(_walk_folder(folder, relative, shown, seen, linked, found, ignores))
        stack.extend(reversed(subfolders))
    return found


def _walk_folder(
    folder: str,
    relative: str,
    shown: str,
    seen: set[tuple[int, int]],
    linked: list[tuple[str, str, tuple[int, int]]],
    found: Walk,
    ignores: _Ignores,
) -> Iterator[tuple[str, str]]:
    """Record the files of one folder; yield its subfolders to walk (links go to `linked`)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as error:
        found.problems.append(Problem(_name(shown, relative), _reason(error)))
        found.unreadable.append(relative)
        return
    if relative not in ignores.specs and any(entry.name == IGNORE_FILE for entry in entries):
        ignores.read(relative)
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
        if ignores.active and ignores.ignored(path, is_dir):
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


class _Ignores:
    """The `.readerignore` files of one imported folder, by the folder holding them."""

    def __init__(self, root: str, shown: str, found: Walk) -> None:
        self.root = root
        self.shown = shown
        self.found = found
        self.specs: dict[str, GitIgnoreSpec] = {}
        self._tried = {""}
        self.read("")

    @property
    def active(self) -> bool:
        return bool(self.specs)

    def read(self, folder: str) -> None:
        """Read the ignore file of `folder` (relative to the root), if it has one."""
        path = os.path.join(self.root, folder, IGNORE_FILE)
        try:
            with open(path, encoding="utf-8", errors="replace") as stream:
                lines = stream.read().splitlines()
        except FileNotFoundError:
            return
        except OSError as error:
            where = _name(self.shown, f"{folder}/{IGNORE_FILE}" if folder else IGNORE_FILE)
            self.found.problems.append(Problem(where, _reason(error), skipped=False))
            return
        self.specs[folder] = GitIgnoreSpec.from_lines(lines)

    def ignored(self, relpath: str, is_dir: bool) -> bool:
        """Whether the ignore files from the root down exclude `relpath`.

        The deepest file with a pattern about the path decides.
        """
        parts = relpath.split("/")
        verdict: bool | None = None
        for depth in range(len(parts)):
            base = "/".join(parts[:depth])
            if depth and base not in self.specs:
                self._read_once(base)
            spec = self.specs.get(base)
            if spec is None:
                continue
            rest = "/".join(parts[depth:]) + ("/" if is_dir else "")
            decided = spec.check_file(rest).include
            if decided is not None:
                verdict = decided
        return bool(verdict)

    def _read_once(self, folder: str) -> None:
        # A folder above the part being imported is never walked: read its file here.
        if folder not in self._tried:
            self._tried.add(folder)
            self.read(folder)


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
