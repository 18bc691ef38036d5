"""Importing folders of article files into the catalog and the index, incrementally.

A file is re-read only when its size or mtime changed and re-indexed only when
its content hash changed.  The caller holds the library's write lock
(`reader.lock`), so this is the only writer.

Work is committed in batches, the catalog first: its triggers list every
article a batch adds, changes or removes in the catalog's `index_queue`, in
the same transaction.  Then the index commits the batch, and the queue is
emptied.  A kill at any moment therefore leaves a catalog that is right and
an index that is right except for the articles listed in the queue, which
`reader.reindex` brings up to date before anything else writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.writing import NO_MERGE

from reader.aliases import Analyse, Progress
from reader.articles import Problem, content_hash
from reader.catalog import Catalog, FileState
from reader.faults import checkpoint
from reader.import_workers import (
    CHUNK_FILES,
    FileJob,
    Prepared,
    WorkerPool,
    commit_with_segments,
    documents,
    prepare,
    worker_count,
)
from reader.index import SMALL_SEGMENT_DOCS, merge_small_segments, writer_options
from reader.segments import FastSegmentWriter
from reader.walk import walk
from reader.wording import plural

if TYPE_CHECKING:
    from whoosh.index import FileIndex
    from whoosh.writing import SegmentWriter

# Files per commit when importing in this process.
BATCH_FILES = 1000
# Files per commit when importing with worker processes: each commit adds at
# least one segment per worker, each with a term table of its own, so fewer,
# larger batches keep the index small and searches fast (at 100,000 articles,
# 6,000 files a batch made 34 segments and an index 1.67x bare Whoosh's).  A
# kill loses at most one batch, about a minute of work.
PARALLEL_BATCH_FILES = 18000
# Below this many files to read, starting worker processes does not pay off
# (each takes about half a second to start and load the word lists).
PARALLEL_MIN_FILES = 300

# Called when a folder is first imported or found at a new place: (id, path).
RememberFolder = Callable[[str, Path], None]


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
    worker_memory_mb: float = 0.0  # the most a worker process held (0 without workers)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        text = (
            f"{self.added:,} added, {self.updated:,} updated, {self.removed:,} removed, "
            f"{self.unchanged:,} unchanged; {plural(self.skipped, 'file')} skipped "
            f"({self.seconds:.1f} s)"
        )
        if self.interrupted:
            text += "; interrupted: run the import again to finish"
        return text

    def to_record(self) -> dict[str, Any]:
        """The report as JSON-ready data (`reader index --json`, with the library's count)."""
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "files": self.files,
            "skipped": self.skipped,
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "problems": [problem.to_record() for problem in self.problems],
        }


@dataclass(frozen=True)
class _Scope:
    """What one PATH argument covers: a root folder and a part of it."""

    root_name: str
    root_path: Path
    below: str  # relative path inside the root that is being imported ("" = all)


class Importer:
    """One import run over some paths; `run` does the work.

    Files whose size and mtime are unchanged are counted without being read.
    The others are read, parsed and analysed in this process for a small
    import, or by worker processes (see `reader.import_workers`) for a large
    one.  `catalog` is a connection of the importing thread; `folders` are
    the library's imported folders (id -> path), and `remember_folder` saves
    a new or moved one.
    """

    def __init__(
        self,
        catalog: Catalog,
        ix: FileIndex,
        folders: dict[str, Path],
        remember_folder: RememberFolder,
        *,
        analyse: Analyse | None = None,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
        worker_log: Path | None = None,
    ) -> None:
        self.catalog = catalog
        self.ix = ix
        self.folders = folders
        self.remember_folder = remember_folder
        self.analyse = analyse
        self.progress = progress or (lambda done, total, name: None)
        self.should_stop = should_stop or (lambda: False)
        self.worker_log = worker_log
        self.report = ImportReport()
        self.writer: SegmentWriter | None = None
        self.files_in_batch = 0
        self.done = 0
        self.total = 0
        self.worker_pids: list[int] = []

    def run(self, paths: list[Path]) -> ImportReport:
        started = time.perf_counter()
        try:
            scopes = [scope for path in paths if (scope := self._scope(path)) is not None]
            jobs, removals = self._sort_out(scopes)
            self.total = len(jobs)
            if jobs:
                parallel = len(jobs) >= PARALLEL_MIN_FILES and worker_count() > 1
                if parallel:
                    self._import_parallel(jobs)
                else:
                    self._import_serial(jobs)
            if not self.report.interrupted:
                for root_name, relpath in removals:
                    self._remove_file(root_name, relpath)
            self._commit()
            self._merge_small_segments()
        except KeyboardInterrupt:
            self._cancel()
            self.report.interrupted = True
        except BaseException:
            self._cancel()
            raise
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _sort_out(self, scopes: list[_Scope]) -> tuple[list[FileJob], list[tuple[str, str]]]:
        """Count unchanged files; return the files to read and the files to forget."""
        jobs: list[FileJob] = []
        seen: set[tuple[str, str]] = set()
        known_files: list[tuple[str, str]] = []
        kept: list[tuple[str, str]] = []  # (root, relative path) whose files stay as they are
        for number, scope in enumerate(scopes):
            found = walk(str(scope.root_path), scope.below, scope.root_name)
            self.report.problems.extend(found.problems)
            self.report.skipped += sum(1 for p in found.problems if p.skipped)
            kept.extend((scope.root_name, relpath) for relpath in found.unreadable)
            known = self.catalog.file_states(scope.root_name)
            counts = self.catalog.article_counts(scope.root_name)
            for relpath, stat in found.files:
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
        removals = [
            f
            for f in dict.fromkeys(known_files)
            if f not in seen and not any(f[0] == r and _inside(f[1], below) for r, below in kept)
        ]
        return jobs, removals

    # Scopes ---------------------------------------------------------------

    def _scope(self, path: Path) -> _Scope | None:
        shown = str(path)
        try:
            path = path.expanduser().resolve()
        except (OSError, RuntimeError) as error:  # RuntimeError: a symbolic-link loop
            self._problem(shown, f"cannot resolve the path ({error})")
            return None
        if not path.exists():
            self._problem(shown, "no such file or folder")
            return None
        for name, root_path in self.folders.items():
            if path == root_path:
                return _Scope(name, root_path, "")
            if root_path in path.parents:
                return _Scope(name, root_path, path.relative_to(root_path).as_posix())
        folder = path if path.is_dir() else path.parent
        below = "" if path.is_dir() else path.name
        # A folder of the library that is no longer where it was, and whose files
        # are here: it moved, and keeps its id (so its articles keep theirs).
        gone = {key: place for key, place in self.folders.items() if not place.exists()}
        root_id = moved_folder(self.catalog, gone, folder) or new_folder_id(
            folder.name, self.folders
        )
        self.remember_folder(root_id, folder)
        return _Scope(root_id, folder, below)

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
            checkpoint("reading")
            self._count_in_batch()

    def _import_parallel(self, jobs: list[FileJob]) -> None:
        """Prepare and index `jobs` in worker processes, committing batch by batch."""
        folder = Path(self.ix.storage.folder)
        with WorkerPool(folder, self.analyse, worker_count(), self.worker_log) as pool:
            self.worker_pids = pool.pids
            # Each commit adds a segment per worker, each with a term table of its
            # own: fewer, larger batches keep the index small and searches fast.
            size = PARALLEL_BATCH_FILES
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
                    checkpoint("workers", pool.pids)
                self._commit(pool.finish_segments())
                if self.report.interrupted:
                    break
        self.report.worker_memory_mb = pool.peak_mb

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
        if old_ids:
            writer = self._writer()
            for gone in old_ids:
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

    def _writer(self) -> SegmentWriter:
        if self.writer is None:
            self.writer = FastSegmentWriter(self.ix, **writer_options())
        return self.writer

    def _count_in_batch(self) -> None:
        self.files_in_batch += 1
        if self.files_in_batch >= BATCH_FILES:
            self._commit()

    def _commit(self, segments: list[Any] | None = None, merge: Any = NO_MERGE) -> None:
        """Commit the batch: the catalog (which queues what changed), then the index,
        then empty the queue (see the module's docstring)."""
        if self.catalog.db.in_transaction:
            self.catalog.db.commit()
        checkpoint("catalog-committed", self.worker_pids)
        if segments or self.writer is not None:
            commit_with_segments(self._writer(), segments or [], merge)
            self.writer = None
        checkpoint("index-committed", self.worker_pids)
        self.catalog.unqueue()
        self.files_in_batch = 0

    def _merge_small_segments(self) -> None:
        """Merge the small segments that earlier imports left (see `merge_small_segments`)."""
        small = [s for s in self.ix._segments() if s.doc_count_all() < SMALL_SEGMENT_DOCS]
        if len(small) >= 2:
            self._writer()
            self._commit(merge=merge_small_segments)

    def _cancel(self) -> None:
        """Give up the batch in progress (the catalog rolls back, nothing reaches the index)."""
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None
        if self.catalog.db.in_transaction:
            self.catalog.db.rollback()
        self.files_in_batch = 0


def new_folder_id(name: str, folders: dict[str, Path]) -> str:
    """An id for a newly imported folder: its name, made unique ("news", "news~2").

    Article ids are made from it, so it never changes once given, wherever
    the folder goes.
    """
    base = name or "root"
    found, number = base, 1
    while found in folders:
        number += 1
        found = f"{base}~{number}"
    return found


# Files looked at to tell whether a new folder is a known one that moved.
MOVE_SAMPLE = 20


def moved_folder(catalog: Catalog, gone: dict[str, Path], folder: Path) -> str | None:
    """The id of the folder among `gone` (no longer at its path) that `folder` is,
    moved or renamed: most of a sample of its files are here, same size, same content."""
    best, best_share = None, 0.0
    for root_id in gone:
        states = catalog.file_states(root_id)
        if not states:
            continue
        sample = sorted(states)[:: max(1, len(states) // MOVE_SAMPLE)][:MOVE_SAMPLE]
        same = sum(_same_file(folder / relpath, states[relpath]) for relpath in sample)
        share = same / len(sample)
        if share > best_share:
            best, best_share = root_id, share
    return best if best_share >= 0.5 else None


def _same_file(path: Path, state: FileState) -> bool:
    try:
        if path.stat().st_size != state.size:
            return False
        return content_hash(path.read_bytes()) == state.hash
    except OSError:
        return False


def _inside(relpath: str, below: str) -> bool:
    return not below or relpath == below or relpath.startswith(below + "/")
