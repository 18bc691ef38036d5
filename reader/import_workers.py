"""Reading, analysing and indexing files in worker processes, for large imports.

Whoosh is pure Python, so one process indexes a few hundred articles a
second.  A large import therefore runs on every core: each worker process
reads and parses files, runs the people and quotes analysis, and adds the
documents to Whoosh segments of its own (writers without the index lock, the
way Whoosh's own multiprocess writer works).  The importing process holds the
library's write lock, writes the catalog and, at the end of each batch,
commits the workers' finished segments in one new table of contents.

Processes are owned by the import that starts them:
- a worker is a plain `python` child running `import_workers.main`, talking over
  its standard input and output (length-prefixed pickles), never a fork of
  the importing process, which may have threads (the app's);
- its standard input is held by the importing process alone, so when that
  process dies, however it dies, the worker reads end-of-file at once and
  exits; on Linux the kernel also kills it (`PR_SET_PDEATHSIG`);
- what a killed import leaves in the index folder (unfinished segments) is
  not in any table of contents and is removed by the next writer.

Each worker keeps its segment writer under `WORKER_MEMORY_MB` of postings
and writes out a segment when it gets there, so no process grows without
bound whatever the articles' size.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
import signal
import struct
import subprocess
import sys
import threading
import traceback
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reader.aliases import Analyse
from reader.articles import Article, Problem, article_id, read_file
from reader.catalog import people_keys, quote_texts
from reader.index import document_fields, make_schema, writer_options

if TYPE_CHECKING:
    from whoosh.index import FileIndex
    from whoosh.writing import SegmentWriter

    from reader.segments import FastSegmentWriter

# Files a worker is sent at a time, and how many such chunks may wait per worker.
CHUNK_FILES = 16
CHUNKS_IN_FLIGHT = 3
# Memory for the postings a worker holds before writing them out as a
# segment, and what one posting takes (`reader.segments`, measured on BBC):
# with the name finder's word lists, a worker stays under 300 MB.
WORKER_MEMORY_MB = 150
POSTING_BYTES = 60
# Environment variable telling a worker which process it belongs to.
PARENT_ENV = "READER_IMPORT_PARENT"


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
            people_keys(people), quote_texts(quotes), a.feeds,
        )  # fmt: skip


def worker_count() -> int:
    """How many worker processes a large import uses: one per core, at most four."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


class WorkerFailed(Exception):
    """A worker process died or reported an error; the import stops (and is redone later)."""


# The pipe protocol ---------------------------------------------------------------

_LENGTH = struct.Struct("<Q")


def _frame(message: object) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


def _read_exact(stream: IO[bytes], size: int) -> bytes | None:
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            return None
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _read_message(stream: IO[bytes]) -> Any:
    """The next message, or None at end of file."""
    header = _read_exact(stream, _LENGTH.size)
    if header is None:
        return None
    body = _read_exact(stream, _LENGTH.unpack(header)[0])
    return None if body is None else pickle.loads(body)


# The importing side ------------------------------------------------------------------


class _Worker:
    """One worker process and what has arrived from it."""

    def __init__(self, number: int, log: IO[bytes] | int) -> None:
        self.number = number
        env = {**os.environ, PARENT_ENV: str(os.getpid())}
        # Not `-m reader.import_workers`: classes pickled by a `__main__` module
        # would not be found again on this side.
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from reader.import_workers import main; main()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            env=env,
            close_fds=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin = self.process.stdin
        self.stdout = self.process.stdout
        os.set_blocking(self.stdout.fileno(), False)
        self.buffer = bytearray()
        self.in_flight = 0
        self.peak_mb = 0.0

    def send(self, message: object) -> None:
        try:
            self.stdin.write(_frame(message))
            self.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise WorkerFailed(self.death()) from error

    def take_messages(self) -> list[Any]:
        """Complete messages that have arrived; raises `WorkerFailed` at end of file."""
        try:
            chunk: bytes | None = os.read(self.stdout.fileno(), 1 << 20)
        except BlockingIOError:
            chunk = None
        if chunk == b"":
            raise WorkerFailed(self.death())
        if chunk:
            self.buffer += chunk
        messages = []
        while len(self.buffer) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(self.buffer)
            if len(self.buffer) < _LENGTH.size + size:
                break
            body = bytes(self.buffer[_LENGTH.size : _LENGTH.size + size])
            del self.buffer[: _LENGTH.size + size]
            messages.append(pickle.loads(body))
        return messages

    def death(self) -> str:
        code = self.process.poll()
        if code is None:
            return f"import worker {self.number} stopped answering"
        return f"import worker {self.number} exited (code {code})"

    def stop(self) -> None:
        """End the worker: closing its input makes it exit; kill it if it does not."""
        self.peak_mb = peak_memory_mb(self.process.pid)
        with contextlib.suppress(OSError):
            self.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):
            self.stdout.close()


class WorkerPool:
    """Worker processes that prepare files and index them into their own segments.

    `index_folder` is the library's index; `analyse` must be picklable (see
    `extraction.make_analyser`).  Use as a context manager: leaving it stops
    every worker, whatever happened.
    """

    def __init__(
        self,
        index_folder: Path,
        analyse: Analyse | None,
        count: int,
        log_file: Path | None = None,
    ) -> None:
        log: IO[bytes] | int = subprocess.DEVNULL
        if log_file is not None:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            log = open(log_file, "ab")  # noqa: SIM115 - closed in close()
        self._log = log
        self.selector = selectors.DefaultSelector()
        self.workers: list[_Worker] = []
        self.finished: deque[list[Prepared]] = deque()
        self._segments: list[Any] = []
        self._replies = 0
        self.peak_mb = 0.0  # the most memory a worker held (read when they stop)
        try:
            for number in range(count):
                worker = _Worker(number, log)
                self.workers.append(worker)
                self.selector.register(worker.stdout, selectors.EVENT_READ, worker)
                worker.send(("setup", (number, str(index_folder), analyse, WORKER_MEMORY_MB)))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pids(self) -> list[int]:
        return [worker.process.pid for worker in self.workers]

    def can_send(self) -> bool:
        return min(w.in_flight for w in self.workers) < CHUNKS_IN_FLIGHT

    def send(self, jobs: list[FileJob]) -> None:
        """Give a chunk of files to the least busy worker."""
        self._send("files", jobs)

    def send_documents(self, documents: list[dict[str, str]]) -> None:
        """Give a chunk of ready Whoosh documents to the least busy worker (re-indexing)."""
        self._send("documents", documents)

    def _send(self, kind: str, payload: object) -> None:
        worker = min(self.workers, key=lambda w: w.in_flight)
        worker.in_flight += 1
        worker.send((kind, payload))

    def busy(self) -> bool:
        return bool(self.finished) or any(w.in_flight for w in self.workers)

    def receive(self) -> list[Prepared]:
        """The next finished chunk (waits for one); empty for a chunk of documents."""
        while not self.finished:
            self._pump()
        return self.finished.popleft()

    def finish_segments(self) -> list[Any]:
        """Ask every worker to write out its segments; the Whoosh segments written
        since the last call.  Call when nothing is in flight (`busy()` is False)."""
        self._segments = []
        self._replies = 0
        for worker in self.workers:
            worker.send(("flush", None))
        while self._replies < len(self.workers):
            self._pump()
        return self._segments

    def _pump(self) -> None:
        """Wait (up to a second) for messages and file them; raises when a worker failed."""
        for key, _ in self.selector.select(timeout=1.0):
            worker: _Worker = key.data
            for kind, _number, payload in worker.take_messages():
                if kind == "error":
                    raise WorkerFailed(f"import worker {worker.number} failed:\n{payload}")
                if kind == "done":
                    worker.in_flight -= 1
                    self.finished.append(payload)
                elif kind == "segments":
                    self._segments.extend(payload)
                    self._replies += 1
        for worker in self.workers:
            if worker.process.poll() is not None:
                for kind, _number, payload in worker.take_messages():
                    if kind == "error":
                        raise WorkerFailed(f"import worker {worker.number} failed:\n{payload}")
                raise WorkerFailed(worker.death())

    def close(self) -> None:
        """Stop every worker; unfinished segments are left for the next writer to remove."""
        for worker in self.workers:
            worker.stop()
            self.peak_mb = max(self.peak_mb, worker.peak_mb)
        self.workers = []
        self.selector.close()
        if not isinstance(self._log, int):
            self._log.close()


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


# The worker side ----------------------------------------------------------------------


def peak_memory_mb(pid: int) -> float:
    """The most resident memory process `pid` has had (Linux; 0.0 elsewhere).

    Read from /proc, because the kernel's figure for a finished child also
    counts the parent's memory the child shared between fork and exec.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def _die_with_parent() -> None:
    """Exit when the importing process dies, even in the middle of work."""
    parent = int(os.environ.get(PARENT_ENV, "0"))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if parent and os.getppid() != parent:
        os._exit(1)  # the parent died before the line above took effect


class _Inbox:
    """Messages from the importing process, read by a thread as they come.

    Reading on a thread keeps the importing process from ever blocking on a
    full pipe, and end of file (the importing process closed the pipe or
    died) ends this process at once, even in the middle of a chunk.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.messages: deque[Any] = deque()
        self.ready = threading.Condition()
        threading.Thread(target=self._read, name="inbox", daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                message = _read_message(self.stream)
            except Exception:
                message = None
            if message is None:
                os._exit(0)
            with self.ready:
                self.messages.append(message)
                self.ready.notify()

    def get(self) -> Any:
        with self.ready:
            while not self.messages:
                self.ready.wait()
            return self.messages.popleft()


def _serve(inbox: _Inbox, out: IO[bytes]) -> None:
    kind, (number, folder, analyse, memory_mb) = inbox.get()
    assert kind == "setup"
    from whoosh import index as whoosh_index

    from reader.index import INDEX_NAME

    ix = whoosh_index.open_dir(folder, indexname=INDEX_NAME, schema=make_schema())
    writer: FastSegmentWriter | None = None
    written: list[Any] = []
    limit = memory_mb * 1024 * 1024 // POSTING_BYTES

    def send(message: object) -> None:
        out.write(_frame(message))
        out.flush()

    while True:
        kind, payload = inbox.get()
        if kind == "flush":
            if writer is not None:
                written.append(writer._finalize_segment())
                writer = None
            send(("segments", number, written))
            written = []
            continue
        done: list[Prepared] = []
        if kind == "files":
            for job in payload:
                prepared = prepare(job, analyse)
                if prepared.articles:
                    writer = writer or _segment_writer(ix)
                    for document in documents(prepared):
                        writer.add_document(**document)
                done.append(prepared)
        else:
            writer = writer or _segment_writer(ix)
            for document in payload:
                writer.add_document(**document)
        if writer is not None and writer.postings > limit:
            written.append(writer._finalize_segment())
            writer = None
        send(("done", number, done))


def _segment_writer(ix: FileIndex) -> FastSegmentWriter:
    from reader.segments import FastSegmentWriter

    return FastSegmentWriter(ix, **writer_options())


def main() -> None:
    _die_with_parent()
    # Ctrl-C goes to the whole process group; the importing process handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by accident must not corrupt the pipe
    inbox = _Inbox(sys.stdin.buffer)
    try:
        _serve(inbox, out)
    except BaseException:
        with contextlib.suppress(OSError):
            out.write(_frame(("error", -1, traceback.format_exc())))
            out.flush()
        os._exit(1)


if __name__ == "__main__":
    main()
