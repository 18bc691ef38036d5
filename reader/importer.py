"""Importing folders of article files into the catalog and the index, incrementally.

A file is re-read only when its size or mtime changed and re-indexed only when
its content hash changed.  Work is committed in batches (index first, then
catalog), so an import that is interrupted or killed keeps every finished
batch, and the next import picks up the rest: an article the catalog does not
know yet is written with `update_document`, which replaces a copy that a
killed import left in the index.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.articles import Article, Problem, article_id, is_article_file, read_file
from reader.catalog import Catalog, FileState, people_keys, quote_texts
from reader.index import document_fields

if TYPE_CHECKING:
    from whoosh.index import FileIndex
    from whoosh.writing import IndexWriter

BATCH_FILES = 1000

# (files looked at, files to look at, current file) -> None
Progress = Callable[[int, int, str], None]
Analyse = Callable[[Article], tuple[str, str]]


class ImportBusy(Exception):
    """Another process is writing to this library."""


@dataclass
class ImportReport:
    """Counts are of articles, except `files` and `skipped` (files)."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    files: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        text = (
            f"{self.added:,} added, {self.updated:,} updated, {self.removed:,} removed, "
            f"{self.unchanged:,} unchanged; {self.skipped:,} file"
            f"{'' if self.skipped == 1 else 's'} skipped ({self.seconds:.1f} s)"
        )
        if self.interrupted:
            text += "; interrupted: run the import again to finish"
        return text


@dataclass(frozen=True)
class _Scope:
    """What one PATH argument covers: a root folder and a part of it."""

    root_name: str
    root_path: Path
    below: str  # relative path inside the root that is being imported ("" = all)


@dataclass
class _Batch:
    files: int = 0
    writer: IndexWriter | None = None


class Importer:
    """One import run over some paths; `run` does the work."""

    def __init__(
        self,
        catalog: Catalog,
        ix: FileIndex,
        analyse: Analyse | None = None,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.catalog = catalog
        self.ix = ix
        self.analyse = analyse
        self.progress = progress or (lambda done, total, name: None)
        self.should_stop = should_stop or (lambda: False)
        self.report = ImportReport()
        self.batch = _Batch()

    def run(self, paths: list[Path]) -> ImportReport:
        started = time.perf_counter()
        scopes = [scope for path in paths if (scope := self._scope(path)) is not None]
        work = [(scope, list(_walk(scope))) for scope in scopes]
        total = sum(len(files) for _, files in work)
        done = 0
        try:
            for scope, files in work:
                self.catalog.set_root(scope.root_name, scope.root_path)
                known = self.catalog.file_states(scope.root_name)
                seen: set[str] = set()
                for relpath, stat in files:
                    if self.should_stop():
                        self.report.interrupted = True
                        break
                    seen.add(relpath)
                    self._import_file(scope, relpath, stat, known.get(relpath))
                    done += 1
                    self.progress(done, total, relpath)
                if self.report.interrupted:
                    break
                for relpath in known:
                    if _inside(relpath, scope.below) and relpath not in seen:
                        self._remove_file(scope.root_name, relpath)
            self._commit()
        except KeyboardInterrupt:
            self._cancel()
            self.report.interrupted = True
        except BaseException:
            self._cancel()
            raise
        self.report.seconds = time.perf_counter() - started
        return self.report

    # Scopes ---------------------------------------------------------------

    def _scope(self, path: Path) -> _Scope | None:
        shown = str(path)
        try:
            path = path.expanduser().resolve()
        except OSError as error:
            self._problem(shown, f"cannot resolve path ({error})")
            return None
        if not path.exists():
            self._problem(shown, "no such file or folder")
            return None
        roots = self.catalog.roots()
        for name, root_path in roots.items():
            if path == root_path:
                return _Scope(name, root_path, "")
            if root_path in path.parents:
                return _Scope(name, root_path, path.relative_to(root_path).as_posix())
        folder = path if path.is_dir() else path.parent
        below = "" if path.is_dir() else path.name
        name = folder.name or "root"
        other = roots.get(name)
        # Same name, old place gone: the folder was moved and its ids stay the same.
        if other is not None and other != folder and other.exists():
            self._problem(
                shown,
                f"another folder named '{name}' is already in the library ({other});"
                " rename one of them",
            )
            return None
        return _Scope(name, folder, below)

    # Files ----------------------------------------------------------------

    def _import_file(
        self, scope: _Scope, relpath: str, stat: os.stat_result, known: FileState | None
    ) -> None:
        report = self.report
        report.files += 1
        if known and known.mtime_ns == stat.st_mtime_ns and known.size == stat.st_size:
            report.unchanged += len(self.catalog.article_ids_of_file(scope.root_name, relpath))
            return
        shown = f"{scope.root_name}/{relpath}"
        read = read_file(scope.root_path / relpath, shown_as=shown)
        state = FileState(stat.st_mtime_ns, stat.st_size, read.content_hash)
        report.problems.extend(read.problems)
        if known and known.hash == read.content_hash:
            self.catalog.touch_file(scope.root_name, relpath, state)
            report.unchanged += len(self.catalog.article_ids_of_file(scope.root_name, relpath))
            return
        if not read.articles:
            # A file that went bad keeps its last good articles; the manifest is
            # left alone so the next import looks at it again.
            report.skipped += 1
            report.unchanged += len(self.catalog.article_ids_of_file(scope.root_name, relpath))
            return
        old_ids = self.catalog.article_ids_of_file(scope.root_name, relpath)
        articles = [(article_id(scope.root_name, relpath, a.key), a) for a in read.articles]
        analysis = {i: self.analyse(a) for i, a in articles} if self.analyse else None
        writer = self._writer()
        new_ids = {i for i, _ in articles}
        for gone in old_ids - new_ids:
            writer.delete_by_term("id", gone)
        for i, a in articles:
            people, quotes = analysis[i] if analysis else ("[]", "[]")
            writer.update_document(**_fields(i, a, people, quotes))
        report.added += len(new_ids - old_ids)
        report.updated += len(new_ids & old_ids)
        report.removed += len(old_ids - new_ids)
        self.catalog.save_file(scope.root_name, relpath, state, articles, analysis)
        self._count_in_batch()

    def _remove_file(self, root: str, relpath: str) -> None:
        ids = self.catalog.article_ids_of_file(root, relpath)
        writer = self._writer()
        for gone in ids:
            writer.delete_by_term("id", gone)
        self.catalog.forget_file(root, relpath)
        self.report.removed += len(ids)
        self._count_in_batch()

    def _problem(self, shown: str, reason: str) -> None:
        self.report.problems.append(Problem(shown, reason))
        self.report.skipped += 1

    # Batches ----------------------------------------------------------------

    def _writer(self) -> IndexWriter:
        if self.batch.writer is None:
            from whoosh.index import LockError

            try:
                self.batch.writer = self.ix.writer(limitmb=256)
            except LockError as error:
                raise ImportBusy("another reader process is importing into this library") from error
        return self.batch.writer

    def _count_in_batch(self) -> None:
        self.batch.files += 1
        if self.batch.files >= BATCH_FILES:
            self._commit(merge=False)

    def _commit(self, merge: bool = True) -> None:
        writer = self.batch.writer
        if writer is not None:
            writer.commit(merge=merge)
        if self.catalog.db.in_transaction:
            self.catalog.db.commit()
        self.batch = _Batch()

    def _cancel(self) -> None:
        if self.batch.writer is not None:
            self.batch.writer.cancel()
        if self.catalog.db.in_transaction:
            self.catalog.db.rollback()
        self.batch = _Batch()


def _fields(i: str, a: Article, people_json: str, quotes_json: str) -> dict[str, str]:
    return document_fields(
        i, a.title, a.body, a.date, a.author, a.source, a.tags,
        people_keys(people_json), quote_texts(quotes_json),
    )  # fmt: skip


def refill_index(catalog: Catalog, ix: FileIndex) -> None:
    """Index every article of the catalog into an empty index."""
    writer = ix.writer(limitmb=256)
    for row in catalog.all_for_index():
        writer.add_document(
            **document_fields(
                row.id, row.title, row.body, row.date, row.author, row.source,
                json.loads(row.tags), people_keys(row.people), quote_texts(row.quotes),
            )
        )
    writer.commit()


def _inside(relpath: str, below: str) -> bool:
    return not below or relpath == below or relpath.startswith(below + "/")


def _walk(scope: _Scope) -> Iterator[tuple[str, os.stat_result]]:
    """(relative path, stat) of the article files in `scope`, sorted, hidden entries skipped."""
    start = scope.root_path / scope.below if scope.below else scope.root_path
    if start.is_file():
        if is_article_file(start):
            yield scope.below, start.stat()
        return
    stack = [start]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                subfolders.append(Path(entry.path))
            elif entry.is_file() and is_article_file(Path(entry.name)):
                relpath = Path(entry.path).relative_to(scope.root_path).as_posix()
                yield relpath, entry.stat()
        stack.extend(reversed(subfolders))
