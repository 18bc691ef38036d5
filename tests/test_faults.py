"""Faults lose nothing: kills at every point of an import, imports at once, damaged files.

Each story ends the same way: the next `reader` command exits normally with no
traceback, every article is there and searchable, `reader index --check` finds
nothing wrong, bookmarks and read marks are intact, and no process started for
a killed import is left.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from subprocess import CompletedProcess, Popen

import pytest

from reader.bookmarks.store import BookmarkStore
from reader.catalog import Catalog
from reader.library import Library
from reader.state import ReadingState

# Fixtures that are helpers (tests/conftest.py, and kill_and_reap below).
Alive = Callable[[int], bool]
KillAndReap = Callable[[Popen[str], list[int]], None]
ManyArticles = Callable[..., Path]
RunReader = Callable[..., CompletedProcess[str]]
StartReader = Callable[..., Popen[str]]
WaitForStop = Callable[[Path, Popen[str]], list[int]]
WaitUntil = Callable[[Callable[[], bool], float, str], None]
Write = Callable[[Path, str | bytes], Path]

SERIAL = 40  # files: imported in the importing process
PARALLEL = 330  # files: imported by worker processes (300 or more)


def search_total(run_reader: RunReader, query: str) -> int:
    done = run_reader("search", query, "--json")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return int(json.loads(done.stdout)["total"])


def assert_consistent(run_reader: RunReader, articles: int) -> None:
    """Every article searchable, found once, and the check finds nothing wrong."""
    assert search_total(run_reader, "hello") == articles
    for n in (0, articles // 2, articles - 1):
        assert search_total(run_reader, f"hello{n}") == 1
    check = run_reader("index", "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "library ok" in check.stdout


@pytest.fixture
def kill_and_reap(alive: Alive, wait_until: WaitUntil) -> KillAndReap:
    """`kill_and_reap(process, pids)`: kill -9 the process; everything it started must
    be gone within 2 seconds."""

    def kill(process: subprocess.Popen[str], pids: list[int]) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait()
        wait_until(lambda: not any(alive(pid) for pid in pids), 2.0, f"processes {pids} to end")

    return kill


# Killed imports --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "point"),
    [
        (SERIAL, "reading"),
        (SERIAL, "catalog-committed"),
        (SERIAL, "index-committed"),
        (PARALLEL, "workers"),
        (PARALLEL, "catalog-committed"),
        (PARALLEL, "index-committed"),
    ],
)
def test_an_import_killed_at_any_point_is_finished_by_the_next(
    tmp_path: Path,
    files: int,
    point: str,
    many_articles: ManyArticles,
    run_reader: RunReader,
    start_reader: StartReader,
    wait_for_stop: WaitForStop,
    kill_and_reap: KillAndReap,
) -> None:
    folder = many_articles(tmp_path / "news", files)
    stop_file = tmp_path / "stopped"
    process = start_reader("index", str(folder), stop_at=point, stop_file=stop_file)
    pids = wait_for_stop(stop_file, process)
    if point == "workers":
        assert len(pids) > 1, "the import should have started worker processes"
    kill_and_reap(process, pids)

    again = run_reader("index", str(folder))
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    assert_consistent(run_reader, files)


def test_a_rebuild_killed_half_way_is_finished_by_the_next_command(
    tmp_path: Path,
    many_articles: ManyArticles,
    run_reader: RunReader,
    start_reader: StartReader,
    wait_for_stop: WaitForStop,
    kill_and_reap: KillAndReap,
) -> None:
    folder = many_articles(tmp_path / "news", SERIAL)
    assert run_reader("index", str(folder)).returncode == 0
    stop_file = tmp_path / "stopped"
    process = start_reader("index", "--rebuild", stop_at="reindexed", stop_file=stop_file)
    kill_and_reap(process, wait_for_stop(stop_file, process))
    searched = run_reader("search", "hello", "--json")
    assert searched.returncode == 0 and json.loads(searched.stdout)["total"] == SERIAL
    assert "finishing an import that was interrupted" in searched.stderr
    assert_consistent(run_reader, SERIAL)


def test_a_killed_import_leaves_no_process_behind_and_the_lock_free(
    tmp_path: Path,
    many_articles: ManyArticles,
    run_reader: RunReader,
    start_reader: StartReader,
    wait_for_stop: WaitForStop,
    kill_and_reap: KillAndReap,
) -> None:
    folder = many_articles(tmp_path / "news", PARALLEL)
    stop_file = tmp_path / "stopped"
    process = start_reader("index", str(folder), stop_at="workers", stop_file=stop_file)
    pids = wait_for_stop(stop_file, process)
    kill_and_reap(process, pids)
    # Nobody holds the lock any more: an import that refuses to wait still runs.
    again = run_reader("index", "--no-wait", str(folder))
    assert again.returncode == 0, again.stderr


# Imports at the same time ----------------------------------------------------------


@pytest.mark.parametrize("count", [2, 3])
def test_imports_started_together_all_finish(
    tmp_path: Path,
    count: int,
    many_articles: ManyArticles,
    run_reader: RunReader,
    start_reader: StartReader,
) -> None:
    sizes = [PARALLEL, SERIAL, SERIAL][:count]
    folders = [
        many_articles(tmp_path / f"news{i}", size, word=f"word{i}") for i, size in enumerate(sizes)
    ]
    processes = [start_reader("index", str(folder)) for folder in folders]
    outcomes = [process.communicate(timeout=300) for process in processes]
    for process, (_out, err) in zip(processes, outcomes, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err
    for i, size in enumerate(sizes):
        assert search_total(run_reader, f"word{i}") == size
    check = run_reader("index", "--check")
    assert check.returncode == 0, check.stdout + check.stderr


def _open_stores(folder: Path, ready: Barrier, failures: Queue[str]) -> None:
    ready.wait()
    try:
        Catalog(folder / "catalog.sqlite").close()
        BookmarkStore(folder / "bookmarks.sqlite").close()
        ReadingState(folder / "state.sqlite").db.close()
    except Exception as error:
        failures.put(f"{type(error).__name__}: {error}")


def test_processes_creating_a_library_at_the_same_moment_all_open_it(tmp_path: Path) -> None:
    # Two processes switching a new SQLite file to WAL together: SQLite tells
    # one "database is locked" without waiting. Three at once, many times over,
    # so that the moment is met (it was, in about one round in three).
    context = multiprocessing.get_context("fork")
    failures: Queue[str] = context.Queue()
    for round_ in range(15):
        folder = tmp_path / f"lib{round_}"
        folder.mkdir()
        ready = context.Barrier(3)
        workers = [
            context.Process(target=_open_stores, args=(folder, ready, failures)) for _ in range(3)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
            assert worker.exitcode == 0
    problems = []
    while not failures.empty():
        problems.append(failures.get())
    assert problems == []


def test_an_import_started_while_another_holds_the_lock_waits_and_says_so(
    tmp_path: Path,
    many_articles: ManyArticles,
    run_reader: RunReader,
    start_reader: StartReader,
    wait_for_stop: WaitForStop,
    write: Write,
    kill_and_reap: KillAndReap,
) -> None:
    first_folder = many_articles(tmp_path / "first", SERIAL, word="firstword")
    second_folder = many_articles(tmp_path / "second", SERIAL, word="secondword")
    assert run_reader("index", str(first_folder)).returncode == 0  # the library exists
    write(first_folder / "late.txt", "Late\n\nA late firstword article.\n")
    stop_file = tmp_path / "stopped"
    holder = start_reader(
        "index", str(first_folder), stop_at="catalog-committed", stop_file=stop_file
    )
    holder_pids = wait_for_stop(stop_file, holder)
    refused = run_reader("index", "--no-wait", str(second_folder))
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "another reader process" in refused.stderr
    assert f"pid {holder_pids[0]}" in refused.stderr
    waiting = start_reader("index", str(second_folder))
    assert waiting.stderr is not None
    line = waiting.stderr.readline()  # it waits, and says so
    assert "waiting" in line and f"pid {holder_pids[0]}" in line
    kill_and_reap(holder, holder_pids)  # the lock dies with its holder
    _out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert search_total(run_reader, "secondword") == SERIAL
    assert search_total(run_reader, "firstword") == SERIAL + 1


# Damaged files -----------------------------------------------------------------------


@pytest.fixture
def used_library(tmp_path: Path, many_articles: ManyArticles, reader_library: Path) -> Path:
    """A library with SERIAL articles, a bookmark and a read mark."""
    folder = many_articles(tmp_path / "news", SERIAL)
    library = Library(reader_library, seed=False)
    library.import_paths([folder])
    article = library.search("hello3").hits[0]
    assert library.bookmark(article.id, 0, 5, note="precious") is not None
    library.state.remember(article.id, 7)
    library.close()
    return reader_library


def assert_nothing_lost(library_folder: Path) -> None:
    library = Library(library_folder, seed=False)
    try:
        assert [b.note for b in library.bookmarks.list()] == ["precious"]
        assert len(library.state.read_ids()) == 1
        assert library.count() == SERIAL
    finally:
        library.close()


def _garble(path: Path, at: float = 0.5, size: int = 512) -> None:
    data = bytearray(path.read_bytes())
    start = int(len(data) * at)
    data[start : start + size] = os.urandom(min(size, len(data) - start))
    path.write_bytes(bytes(data))


def _garble_pages_of(path: Path, names: tuple[str, ...]) -> None:
    """Garble the pages of these tables and indexes of an SQLite file, wherever its
    schema put them (a new table moves everything after it)."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        page_size = int(db.execute("PRAGMA page_size").fetchone()[0])
        pages = [
            page for name, page in db.execute("SELECT name, pageno FROM dbstat") if name in names
        ]
    assert pages, names
    data = bytearray(path.read_bytes())
    for page in pages:
        start = (page - 1) * page_size
        data[start : start + page_size] = os.urandom(page_size)
    path.write_bytes(bytes(data))


def _biggest(folder: Path, suffix: str) -> Path:
    return max(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_size)


INDEX_DAMAGE: dict[str, Callable[[Path], object]] = {
    "truncated terms": lambda index: os.truncate(_biggest(index, ".trm"), 100),
    "truncated postings": lambda index: os.truncate(_biggest(index, ".pst"), 10),
    "garbled postings": lambda index: _garble(_biggest(index, ".pst"), 0.0, 4096),
    "garbled terms": lambda index: _garble(_biggest(index, ".trm"), 0.3, 4096),
    "missing lengths": lambda index: _biggest(index, "_content_len.col").unlink(),
    "missing stored ids": lambda index: _biggest(index, "_stored.col").unlink(),
    "missing table of contents": lambda index: next(index.glob("*.toc")).unlink(),
    "garbled table of contents": lambda index: next(index.glob("*.toc")).write_bytes(b"junk"),
}


@pytest.mark.parametrize("damage", list(INDEX_DAMAGE))
def test_a_damaged_index_is_set_aside_and_rebuilt(
    used_library: Path, damage: str, run_reader: RunReader
) -> None:
    INDEX_DAMAGE[damage](used_library / "index")
    searched = run_reader("search", "hello", "--json")
    assert searched.returncode == 0, searched.stderr
    assert "Traceback" not in searched.stderr
    assert json.loads(searched.stdout)["total"] == SERIAL
    if searched.stderr:
        assert searched.stderr.startswith("reader: index/") or "index" in searched.stderr
    else:
        # Damage this search did not touch: the check finds it, a rebuild heals it.
        check = run_reader("index", "--check")
        assert check.returncode == 1 and "index: damaged" in check.stderr, check.stderr
        assert run_reader("index", "--rebuild").returncode == 0
    assert_consistent(run_reader, SERIAL)
    assert_nothing_lost(used_library)


CATALOG_DAMAGE: dict[str, Callable[[Path], object]] = {
    "garbled header": lambda path: _garble(path, 0.0, 100),
    # The pages of the articles' indexes (40% into the file, before the copies'
    # tables came after the people's: then the people's pages were hit).
    "garbled pages": lambda path: _garble_pages_of(
        path, ("sqlite_autoindex_articles_1", "articles_by_file", "articles_by_date")
    ),
    "truncated": lambda path: os.truncate(path, path.stat().st_size // 3),
    "missing": lambda path: path.unlink(),
}


@pytest.mark.parametrize("damage", list(CATALOG_DAMAGE))
def test_a_damaged_catalog_is_set_aside_and_imported_again(
    used_library: Path, damage: str, run_reader: RunReader
) -> None:
    catalog = used_library / "catalog.sqlite"
    for extra in ("-wal", "-shm"):
        Path(f"{catalog}{extra}").unlink(missing_ok=True)
    CATALOG_DAMAGE[damage](catalog)
    searched = run_reader("search", "hello", "--json")
    assert searched.returncode == 0, searched.stderr
    assert "Traceback" not in searched.stderr
    assert json.loads(searched.stdout)["total"] == SERIAL
    assert "catalog.sqlite" in searched.stderr.splitlines()[0], searched.stderr
    assert_consistent(run_reader, SERIAL)
    assert_nothing_lost(used_library)
    if damage != "missing":
        assert list((used_library / "damaged").glob("catalog-*.sqlite"))


def test_a_damaged_folder_list_is_restored_from_its_backup(
    used_library: Path, run_reader: RunReader
) -> None:
    (used_library / "folders.json").write_text("{ not json")
    searched = run_reader("search", "hello", "--json")
    assert searched.returncode == 0, searched.stderr
    assert "folders.json was damaged" in searched.stderr
    update = run_reader("index")  # no PATH: every folder of the library
    assert update.returncode == 0, update.stderr
    assert "0 added, 0 updated, 0 removed, 40 unchanged" in update.stdout


def test_a_damaged_reading_state_is_restored(used_library: Path, run_reader: RunReader) -> None:
    _garble(used_library / "state.sqlite", 0.0, 200)
    searched = run_reader("search", "hello", "--json")
    assert searched.returncode == 0, searched.stderr
    assert "state.sqlite was damaged" in searched.stderr
    assert_nothing_lost(used_library)


# Walking folders ---------------------------------------------------------------------


def test_symbolic_link_loops_and_broken_links_are_reported_and_the_rest_imported(
    tmp_path: Path, many_articles: ManyArticles, run_reader: RunReader
) -> None:
    folder = many_articles(tmp_path / "news", 5)
    sub = folder / "sub"
    many_articles(sub, 3, word="deeper")
    (sub / "up").symlink_to(folder)  # a loop through the parent
    (folder / "self").symlink_to(folder / "self")  # a link to itself
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "again").symlink_to(sub)  # the same folder twice
    done = run_reader("index", str(folder))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "8 added" in done.stdout
    assert "news/gone.txt: broken symbolic link" in done.stderr
    assert "news/sub/up: symbolic link to a folder already imported" in done.stderr
    assert "news/self: symbolic link loop" in done.stderr
    assert "news/again: symbolic link to a folder already imported" in done.stderr
    assert search_total(run_reader, "hello") == 5
    deeper = json.loads(run_reader("search", "deeper", "--json").stdout)
    # Imported under their real folder, not through the link to it.
    assert deeper["total"] == 3 and all("/news/sub/" in hit["path"] for hit in deeper["hits"])


def test_an_unreadable_subfolder_is_reported_and_its_articles_kept(
    tmp_path: Path, many_articles: ManyArticles, run_reader: RunReader
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    folder = many_articles(tmp_path / "news", 5)
    many_articles(folder / "locked", 2, word="locked")
    assert run_reader("index", str(folder)).returncode == 0
    (folder / "locked").chmod(0)
    try:
        done = run_reader("index", str(folder))
    finally:
        (folder / "locked").chmod(0o755)
    assert done.returncode == 0 and "news/locked: permission denied" in done.stderr
    assert search_total(run_reader, "locked") == 2


# A full disk ---------------------------------------------------------------------------


def _small_disk(limit: int) -> Callable[[], None]:
    """For a child process: files cannot grow past `limit` bytes, as on a full disk
    (writes fail with an error instead of the process being killed)."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    return apply


@pytest.mark.parametrize("files", [SERIAL * 5, PARALLEL])
def test_an_import_that_fills_the_disk_says_so_and_the_next_one_finishes(
    tmp_path: Path,
    files: int,
    reader_env: dict[str, str],
    many_articles: ManyArticles,
    reader_library: Path,
    run_reader: RunReader,
) -> None:
    first = many_articles(tmp_path / "first", SERIAL, word="firstword")
    assert run_reader("index", str(first)).returncode == 0
    more = many_articles(tmp_path / "more", files)
    for path in more.iterdir():  # about 2 MB of text more than the library has room for
        with path.open("a", encoding="utf-8") as article:
            article.write(f"\n{path.stem} " + "Other words of some length follow. " * 300)
    room = max(p.stat().st_size for p in reader_library.rglob("*") if p.is_file())
    full = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(reader_library), "index", str(more)],
        capture_output=True,
        text=True,
        env=reader_env,
        timeout=300,
        preexec_fn=_small_disk(room + 100_000),
    )
    assert full.returncode == 1, full.stdout + full.stderr
    assert "Traceback" not in full.stderr
    assert len(full.stderr.strip().splitlines()) == 1, full.stderr
    said = full.stderr.lower()
    assert any(reason in said for reason in ("file too large", "full", "disk i/o error")), said
    again = run_reader("index", str(more))
    assert again.returncode == 0, again.stderr
    assert search_total(run_reader, "firstword") == SERIAL
    assert_consistent(run_reader, files)


# The app ------------------------------------------------------------------------------


def test_an_app_that_fails_exits_non_zero_with_one_line_and_the_details_in_a_log(
    tmp_path: Path, reader_library: Path, reader_env: dict[str, str]
) -> None:
    import pty

    library = reader_library
    controller, terminal = pty.openpty()
    env = {**reader_env, "READER_FAIL_AT": "app-opened", "TERM": "xterm-256color"}
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "--library", str(library)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
        close_fds=True,
    )
    os.close(terminal)
    shown = bytearray()
    while True:  # everything the app writes, until it ends and the terminal closes
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert process.wait(timeout=60) == 1
    text = shown.decode("utf-8", "replace")
    assert "Traceback" not in text
    log = library / "logs" / "errors.log"
    assert f"details in {log}" in text
    assert "InjectedFault" in log.read_text()
