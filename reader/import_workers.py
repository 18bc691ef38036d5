"""Reading, analysing and indexing files in worker processes, for large imports.

Whoosh is pure Python, so one process indexes about 150 BBC-sized articles a
second, most of it in writing the segment.  A large import therefore runs on
every core: each worker process reads and parses files, runs the people and
quotes analysis, and adds the documents to a Whoosh segment of its own (a
writer without the index lock, the way Whoosh's own multiprocess writer
works).  The importing process keeps the lock, writes the catalog, deletes
replaced documents, and at the end of each batch commits the workers' finished
segments together with its own changes in one new table of contents, so a
killed import still leaves the index and the catalog consistent batch by batch.

Workers start from a fork server (a clean single-threaded process), never
from the importing process itself, which may have threads (the app's): a
fork of a threaded process can inherit a lock held by another thread and hang.
So the analyser must be picklable (`extraction.make_analyser` returns one).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.articles import Article, Problem, article_id, read_file
from reader.catalog import people_keys, quote_texts
from reader.index import document_fields, writer_options

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess
    from multiprocessing.queues import Queue

    from whoosh.index import FileIndex
    from whoosh.writing import SegmentWriter

Analyse = Callable[[Article], tuple[str, str]]

# Files a worker is sent at a time, and how many such chunks may wait per worker.
CHUNK_FILES = 16
# Memory for each worker's Whoosh segment writer (3,000 BBC-sized articles
# take about 600 MB).
WORKER_MEMORY_MB = 640
CHUNKS_IN_FLIGHT = 4


@dataclass(frozen=True, slots=True)
class FileJob:
    """One file to look at: where it is and what the catalog knew of it."""

    scope: int
    root_name: str
    relpath: str
    path: str
    mtime_ns: int
    size: int
    known_hash: str | None


@dataclass(slots=True)
class Prepared:
    """What reading and analysing one file gave.

    `same_content` is True when the content hash equals the known one (nothing
    to index).  `analysis` maps article id to (people JSON, quotes JSON), or is
    None without an analyser.
    """

    job: FileJob
    content_hash: str
    problems: list[Problem]
    articles: list[tuple[str, Article]] = field(default_factory=list)
    analysis: dict[str, tuple[str, str]] | None = None
    same_content: bool = False


def prepare(job: FileJob, analyse: Analyse | None) -> Prepared:
    """Read and parse one file, and analyse its articles unless its content is known."""
    shown = f"{job.root_name}/{job.relpath}"
    read = read_file(Path(job.path), shown_as=shown)
    prepared = Prepared(job, read.content_hash, read.problems)
    if job.known_hash is not None and job.known_hash == read.content_hash:
        prepared.same_content = True
        return prepared
    prepared.articles = [(article_id(job.root_name, job.relpath, a.key), a) for a in read.articles]
    if analyse is not None:
        prepared.analysis = {i: analyse(a) for i, a in prepared.articles}
    return prepared


def documents(prepared: Prepared) -> Iterator[dict[str, str]]:
    """The Whoosh documents of a prepared file."""
    for i, a in prepared.articles:
        people, quotes = (prepared.analysis or {}).get(i, ("[]", "[]"))
        yield document_fields(
            i, a.title, a.body, a.date, a.author, a.source, a.tags,
            people_keys(people), quote_texts(quotes),
        )  # fmt: skip


def worker_count() -> int:
    """How many worker processes a large import uses: one per core, at most four."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def can_fork() -> bool:
    return START_METHOD in multiprocessing.get_all_start_methods()


START_METHOD = "forkserver"


def start_server() -> None:
    """Start the fork server (and multiprocessing's resource tracker) if not running.

    Starting them passes `sys.stderr.fileno()` to the new process; inside the
    app (Textual captures stderr) or under pytest that is not a real file
    descriptor, so they are started with the process's original stderr.
    """
    from multiprocessing import forkserver

    captured = sys.stderr
    try:
        if sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        forkserver.ensure_running()
    finally:
        sys.stderr = captured


class WorkerPool:
    """Worker processes that prepare files and index them into their own segments."""

    def __init__(self, ix: FileIndex, analyse: Analyse | None, count: int) -> None:
        start_server()
        context = multiprocessing.get_context("forkserver")
        self.results: Queue[tuple[str, int, Any]] = context.Queue()
        self.inboxes: list[Queue[tuple[str, Any] | None]] = []
        self.processes: list[BaseProcess] = []
        self.in_flight = [0] * count
        for number in range(count):
            inbox: Queue[tuple[str, Any] | None] = context.Queue()
            process = context.Process(
                target=_work,
                args=(number, ix, analyse, inbox, self.results, os.getpid()),
                name=f"reader-import-{number}",
                daemon=True,
            )
            process.start()
            self.inboxes.append(inbox)
            self.processes.append(process)

    @property
    def size(self) -> int:
        return len(self.processes)

    def can_send(self) -> bool:
        return min(self.in_flight) < CHUNKS_IN_FLIGHT

    def send(self, jobs: list[FileJob]) -> None:
        """Give a chunk of files to the least busy worker."""
        self._send("files", jobs)

    def send_documents(self, documents: list[dict[str, str]]) -> None:
        """Give a chunk of ready Whoosh documents to the least busy worker (refilling)."""
        self._send("documents", documents)

    def _send(self, kind: str, payload: Any) -> None:
        number = self.in_flight.index(min(self.in_flight))
        self.in_flight[number] += 1
        self.inboxes[number].put((kind, payload))

    def busy(self) -> bool:
        return any(self.in_flight)

    def receive(self) -> list[Prepared]:
        """The next finished chunk (waits for one); empty for a chunk of documents."""
        kind, number, payload = self._get()
        if kind != "done":
            raise RuntimeError(f"import worker sent {kind!r} while work was expected")
        self.in_flight[number] -= 1
        prepared: list[Prepared] = payload
        return prepared

    def finish_segments(self) -> list[Any]:
        """Ask every worker to write out its segment; the Whoosh segments written."""
        for inbox in self.inboxes:
            inbox.put(("flush", None))
        segments = []
        for _ in self.inboxes:
            kind, _number, payload = self._get()
            if kind != "segment":
                raise RuntimeError(f"import worker sent {kind!r} while a segment was expected")
            if payload is not None:
                segments.append(payload)
        return segments

    def _get(self) -> tuple[str, int, Any]:
        while True:
            try:
                message = self.results.get(timeout=1.0)
            except queue.Empty as error:
                if all(p.is_alive() for p in self.processes):
                    continue
                raise RuntimeError("an import worker process died") from error
            if message[0] == "error":
                raise RuntimeError(f"import worker failed:\n{message[2]}")
            return message

    def close(self) -> None:
        """Stop the workers; unfinished segments are dropped (and cleaned up by Whoosh)."""
        for inbox in self.inboxes:
            inbox.put(None)
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
        queues: list[Queue[Any]] = [*self.inboxes, self.results]
        for channel in queues:
            channel.close()
            channel.cancel_join_thread()


def _work(
    number: int,
    ix: FileIndex,
    analyse: Analyse | None,
    inbox: Queue[tuple[str, Any] | None],
    results: Queue[tuple[str, int, Any]],
    parent: int,
) -> None:
    """A worker's loop: prepare and index chunks of files until told to stop.

    `parent` is the importing process (not the fork server that started us).
    """
    # Ctrl-C goes to the whole process group; the importing process handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    writer: SegmentWriter | None = None
    try:
        while (message := _next_message(inbox, parent)) is not None:
            kind, payload = message
            if kind == "files":
                done = []
                for job in payload:
                    prepared = prepare(job, analyse)
                    if prepared.articles:
                        if writer is None:
                            writer = _segment_writer(ix)
                        for document in documents(prepared):
                            writer.add_document(**document)
                    done.append(prepared)
                results.put(("done", number, done))
            elif kind == "documents":
                if writer is None:
                    writer = _segment_writer(ix)
                for document in payload:
                    writer.add_document(**document)
                results.put(("done", number, []))
            else:
                segment = None
                if writer is not None:
                    segment = writer._finalize_segment()
                    writer = None
                results.put(("segment", number, segment))
    except BaseException:
        results.put(("error", number, traceback.format_exc()))
    finally:
        if writer is not None:
            writer.cancel()


def _next_message(inbox: Queue[tuple[str, Any] | None], parent: int) -> tuple[str, Any] | None:
    """The next message, or None when told to stop or when the importing process died."""
    while True:
        try:
            return inbox.get(timeout=1.0)
        except queue.Empty:
            # A killed importer cannot say goodbye; do not outlive it.
            if not _alive(parent):
                return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _segment_writer(ix: FileIndex) -> SegmentWriter:
    from whoosh.writing import SegmentWriter

    # Enough memory for a whole batch's postings: when Whoosh's pool spills to
    # disk, merging the runs back costs more than the indexing itself.
    return SegmentWriter(ix, _lk=False, **writer_options(limitmb=WORKER_MEMORY_MB))


def commit_with_segments(writer: SegmentWriter, segments: list[Any], merge: Any) -> None:
    """Commit `writer` (deletions, own documents) plus segments written by workers.

    `merge` is a Whoosh merge policy for the existing segments.
    """
    final = writer._merge_segments(merge, False, True)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc([*final, *segments])
    writer._finish()
