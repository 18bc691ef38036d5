"""Importing folders of article files into the catalog and the index, incrementally.

A file is re-read only when its size or mtime changed and re-indexed only when
its content hash changed.  Work is committed in batches (index first, then
catalog), so an import that is interrupted or killed keeps every finished
batch, and the next import picks up the rest.  A kill between the two commits
leaves documents in the index that the catalog does not know; the next import
sees that the counts differ and then deletes any indexed copy of each article
it adds.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.writing import NO_MERGE

from reader.articles import ARTICLE_SUFFIXES, Article, Problem, is_article_file
from reader.catalog import Catalog, FileState, people_keys, quote_texts
from reader.import_workers import (
    CHUNK_FILES,
    FileJob,
    Prepared,
    WorkerPool,
    can_fork,
    commit_with_segments,
    documents,
    prepare,
    worker_count,
)
from reader.index import (
    SMALL_SEGMENT_DOCS,
    document_fields,
    merge_small_segments,
    writer_options,
)

if TYPE_CHECKING:
    from whoosh.index import FileIndex
    from whoosh.writing import IndexWriter

# Files per commit when importing in this process.
BATCH_FILES = 1000
# Files per commit when importing with worker processes: each commit adds one
# segment per worker, and fewer, larger segments keep searches fast.
PARALLEL_BATCH_FILES = 6000
# Below this many files to read, starting worker processes does not pay off.
PARALLEL_MIN_FILES = 300

# (files read, files to read, current file) -> None.  Only new and changed
# files are read and counted, so done/total gives a steady rate and an ETA.
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
    """One import run over some paths; `run` does the work.

    Files whose size and mtime are unchanged are counted without being read.
    The others are read, parsed and analysed in this process for a small
    import, or by worker processes (see `reader.import_workers`) for a large
    one.
    """

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
        self.done = 0
        self.total = 0
        # A killed import can leave documents in the index that the catalog
        # does not know; only then must new articles replace an indexed copy.
        self.leftovers = False

    def run(self, paths: list[Path]) -> ImportReport:
        started = time.perf_counter()
        scopes = [scope for path in paths if (scope := self._scope(path)) is not None]
        work = [(scope, list(_walk(scope))) for scope in scopes]
        try:
            jobs, removals = self._sort_out(work)
            self.total = len(jobs)
            if jobs:
                self.leftovers = self.ix.doc_count() != self.catalog.count()
                parallel = len(jobs) >= PARALLEL_MIN_FILES and worker_count() > 1 and can_fork()
                if parallel:
                    self._import_parallel(jobs)
                else:
                    self._import_serial(jobs)
            if not self.report.interrupted:
                for root_name, relpath in removals:
                    self._remove_file(root_name, relpath)
            self._commit(merge=merge_small_segments)
            self._merge_small_segments()
        except KeyboardInterrupt:
            self._cancel()
            self.report.interrupted = True
        except BaseException:
            self._cancel()
            raise
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _sort_out(
        self, work: list[tuple[_Scope, list[tuple[str, os.stat_result]]]]
    ) -> tuple[list[FileJob], list[tuple[str, str]]]:
        """Count unchanged files; return the files to read and the files to forget."""
        jobs: list[FileJob] = []
        seen: set[tuple[str, str]] = set()
        known_files: list[tuple[str, str]] = []
        for number, (scope, files) in enumerate(work):
            self.catalog.set_root(scope.root_name, scope.root_path)
            known = self.catalog.file_states(scope.root_name)
            counts = _article_counts(self.catalog, scope.root_name)
            for relpath, stat in files:
                if (scope.root_name, relpath) in seen:
                    continue
                seen.add((scope.root_name, relpath))
                state = known.get(relpath)
                if state and state.mtime_ns == stat.st_mtime_ns and state.size == stat.st_size:
                    self.report.files += 1
                    self.report.unchanged += counts.get(relpath, 0)
                    continue
                path = str(scope.root_path / relpath)
                jobs.append(
                    FileJob(
                        number, scope.root_name, relpath, path, stat.st_mtime_ns, stat.st_size,
                        state.hash if state else None,
                    )
                )  # fmt: skip
            known_files.extend(
                (scope.root_name, relpath) for relpath in known if _inside(relpath, scope.below)
            )
        removals = list(dict.fromkeys(f for f in known_files if f not in seen))
        return jobs, removals

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

    def _import_serial(self, jobs: list[FileJob]) -> None:
        for job in jobs:
            if self.should_stop():
                self.report.interrupted = True
                return
            prepared = prepare(job, self.analyse)
            self._apply(prepared)
            if prepared.articles:
                writer = self._writer()
                for document in documents(prepared):
                    writer.add_document(**document)
            self._count_in_batch()

    def _import_parallel(self, jobs: list[FileJob]) -> None:
        """Prepare and index `jobs` in worker processes, committing batch by batch."""
        pool = WorkerPool(self.ix, self.analyse, worker_count())
        try:
            # Several commits even for a mid-sized import, so a kill loses little.
            size = min(PARALLEL_BATCH_FILES, max(2000, len(jobs) // 4))
            for start in range(0, len(jobs), size):
                batch = jobs[start : start + size]
                chunks = [batch[i : i + CHUNK_FILES] for i in range(0, len(batch), CHUNK_FILES)]
                chunks.reverse()
                while chunks or pool.busy():
                    while chunks and pool.can_send() and not self.report.interrupted:
                        pool.send(chunks.pop())
                    if not pool.busy():
                        break
                    for prepared in pool.receive():
                        # Every file a worker indexed must reach the catalog,
                        # so a stop request only stops sending more work.
                        self._apply(prepared)
                        if not self.report.interrupted and self.should_stop():
                            self.report.interrupted = True
                segments = pool.finish_segments()
                if segments or self.batch.writer is not None or self.catalog.db.in_transaction:
                    commit_with_segments(self._writer(), segments, NO_MERGE)
                    self.batch.writer = None
                    self._commit()
                if self.report.interrupted:
                    return
        finally:
            pool.close()

    def _apply(self, prepared: Prepared) -> None:
        """Record one prepared file in the catalog and delete what its new documents replace.

        Adding the new documents to the index is left to the caller.
        """
        job, report = prepared.job, self.report
        report.files += 1
        report.problems.extend(prepared.problems)
        self.done += 1
        self.progress(self.done, self.total, job.relpath)
        state = FileState(job.mtime_ns, job.size, prepared.content_hash)
        if prepared.same_content:
            self.catalog.touch_file(job.root_name, job.relpath, state)
            report.unchanged += len(self.catalog.article_ids_of_file(job.root_name, job.relpath))
            return
        if not prepared.articles:
            # A file that went bad keeps its last good articles; the manifest is
            # left alone so the next import looks at it again.
            report.skipped += 1
            report.unchanged += len(self.catalog.article_ids_of_file(job.root_name, job.relpath))
            return
        old_ids = self.catalog.article_ids_of_file(job.root_name, job.relpath)
        new_ids = {i for i, _ in prepared.articles}
        replaced = old_ids | new_ids if self.leftovers else old_ids
        if replaced:
            writer = self._writer()
            for gone in replaced:
                writer.delete_by_term("id", gone)
        report.added += len(new_ids - old_ids)
        report.updated += len(new_ids & old_ids)
        report.removed += len(old_ids - new_ids)
        self.catalog.save_file(
            job.root_name, job.relpath, state, prepared.articles, prepared.analysis
        )

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
            from whoosh.writing import SegmentWriter

            try:
                self.batch.writer = SegmentWriter(self.ix, **writer_options())
            except LockError as error:
                raise ImportBusy("another reader process is importing into this library") from error
        return self.batch.writer

    def _count_in_batch(self) -> None:
        self.batch.files += 1
        if self.batch.files >= BATCH_FILES:
            self._commit()

    def _commit(self, merge: Any = NO_MERGE) -> None:
        writer = self.batch.writer
        if writer is not None:
            writer.commit(mergetype=merge)
        if self.catalog.db.in_transaction:
            self.catalog.db.commit()
        self.batch = _Batch()

    def _merge_small_segments(self) -> None:
        """Merge the small segments that earlier imports left (see `merge_small_segments`)."""
        small = [s for s in self.ix._segments() if s.doc_count_all() < SMALL_SEGMENT_DOCS]
        if len(small) >= 2:
            self._writer()
            self._commit(merge=merge_small_segments)

    def _cancel(self) -> None:
        if self.batch.writer is not None:
            self.batch.writer.cancel()
        if self.catalog.db.in_transaction:
            self.catalog.db.rollback()
        self.batch = _Batch()


def refill_index(catalog: Catalog, ix: FileIndex) -> None:
    """Index every article of the catalog into an empty index.

    A large catalog is indexed by worker processes, a batch of segments at a
    time (a schema change at 100,000 articles is otherwise a long wait).
    """
    documents = (
        document_fields(
            row.id, row.title, row.body, row.date, row.author, row.source,
            json.loads(row.tags), people_keys(row.people), quote_texts(row.quotes),
        )
        for row in catalog.all_for_index()
    )  # fmt: skip
    if catalog.count() >= PARALLEL_MIN_FILES and worker_count() > 1 and can_fork():
        _refill_parallel(ix, documents)
        return
    writer = ix.writer(**writer_options())
    for document in documents:
        writer.add_document(**document)
    writer.commit()


def _refill_parallel(ix: FileIndex, documents: Iterator[dict[str, str]]) -> None:
    from whoosh.writing import SegmentWriter

    pool = WorkerPool(ix, None, worker_count())
    writer = SegmentWriter(ix, **writer_options())
    try:
        finished = False
        while not finished:
            sent = 0
            while sent < PARALLEL_BATCH_FILES:
                chunk = list(itertools.islice(documents, CHUNK_FILES))
                if not chunk:
                    finished = True
                    break
                while not pool.can_send():
                    pool.receive()
                pool.send_documents(chunk)
                sent += len(chunk)
            while pool.busy():
                pool.receive()
            commit_with_segments(writer, pool.finish_segments(), NO_MERGE)
            if not finished:
                writer = SegmentWriter(ix, **writer_options())
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    finally:
        pool.close()


def _article_counts(catalog: Catalog, root: str) -> dict[str, int]:
    """Articles per file of a root, in one query (an unchanged 100k library needs it fast)."""
    rows = catalog.db.execute(
        "SELECT relpath, count(*) FROM articles WHERE root = ? GROUP BY relpath", (root,)
    )
    return {relpath: count for relpath, count in rows}


def _inside(relpath: str, below: str) -> bool:
    return not below or relpath == below or relpath.startswith(below + "/")


def _walk(scope: _Scope) -> Iterator[tuple[str, os.stat_result]]:
    """(relative path, stat) of the article files in `scope`, sorted, hidden entries skipped."""
    start = scope.root_path / scope.below if scope.below else scope.root_path
    if start.is_file():
        if is_article_file(start):
            yield scope.below, start.stat()
        return
    # Plain strings rather than Path objects: at 100,000 files the Path
    # arithmetic alone took seconds of an unchanged re-import.
    stack = [(str(start), scope.below)]
    while stack:
        folder, below = stack.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            relpath = f"{below}/{name}" if below else name
            if entry.is_dir():
                subfolders.append((entry.path, relpath))
            elif entry.is_file() and os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES:
                yield relpath, entry.stat()
        stack.extend(reversed(subfolders))
