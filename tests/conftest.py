"""Shared fixtures: small real article folders and libraries in temporary folders,
`reader` in child processes, and what drives the app through Textual's Pilot.

Tests take what they need as fixtures (nothing here is imported by a test).
A fixture that is a helper returns a function: `write(path, text)`,
`settle(pilot)`...; its type is spelled where it is used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.pilot import Pilot

from reader.app.app import ReaderApp
from reader.app.screens import filtered
from reader.app.screens import library as library_screen
from reader.app.screens.article import ArticleScreen
from reader.app.widgets.article_body import ArticleBody
from reader.app.widgets.article_list import ArticleList
from reader.config import load_settings
from reader.library import Library

if TYPE_CHECKING:
    from localweb import LocalWeb

REPO = Path(__file__).resolve().parent.parent
SEED = next((REPO / "seeds").glob("*.txt"))
# The people of the seed article, in the order they are first named.
SEED_PEOPLE = (
    "Xabi Alonso",
    "Jurgen Klopp",
    "Steven Gerrard",
    "Pepijn Lijnders",
    "Jamie Carragher",
    "Mikel Arteta",
    "Andrea Pirlo",
    "Frank Lampard",
)


# Files and libraries -------------------------------------------------------------


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository's top folder."""
    return REPO


@pytest.fixture(scope="session")
def seed_article() -> Path:
    """The bundled sample article (its people and quotes are known)."""
    return SEED


@pytest.fixture(scope="session")
def seed_names() -> list[str]:
    """The people of the seed article, in the order they are first named."""
    return list(SEED_PEOPLE)


@pytest.fixture
def write() -> Callable[[Path, str | bytes], Path]:
    """`write(path, text)`: the file, its folders made; text or bytes; the path."""
    return _write


@pytest.fixture
def many_articles() -> Callable[..., Path]:
    """`many_articles(folder, count, word="hello")`: `count` small articles, each with
    `word` and a word of its own (hello0, hello1...); the folder."""

    def make(folder: Path, count: int, word: str = "hello") -> Path:
        for n in range(count):
            _write(
                folder / f"{n:05}.txt",
                f"Title {n}\n\nThe body of article {n} says {word}. {word}{n} is here.\n",
            )
        return folder

    return make


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """A folder with one article in each format, plus the seed."""
    folder = tmp_path / "news"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / "seed.txt")
    _write(
        folder / "sport" / "derby.txt",
        "Derby day at Anfield\n\nThe manager said the team would take it game by game.\n\n"
        "Fans sang for ninety minutes.\n",
    )
    _write(
        folder / "notes" / "munich.md",
        "---\ntitle: Jürgen Klopp returns to Mönchengladbach\ndate: 2021-05-02\n"
        "author: A. Writer\nsource: Example Times\nurl: https://example.org/k\n"
        "tags: [football, bundesliga]\n---\n\nJurgen Klopp went back to Borussia "
        "Monchengladbach, where the fans’ pick was a local hero.\n",
    )
    _write(
        folder / "wire.jsonl",
        '{"id": "w1", "title": "Markets rise", "date": "2021-01-15", "body": "Shares rose '
        'sharply on Monday as traders bought step by step."}\n'
        '{"id": "w2", "title": "Markets fall", "date": "2021-06-20", "source": "Wire", '
        '"body": "Shares fell, and step after step the index lost ground."}\n',
    )
    return folder


@pytest.fixture
def politics(tmp_path: Path) -> Path:
    """Dated articles naming Tony Blair with Gordon Brown (3 articles) and Michael
    Howard (2), over November 2004 to March 2005, plus one undated without him."""
    folder = tmp_path / "politics"
    stories = [
        ("2004-11-05", "Blair speaks", "Tony Blair spoke to the party conference in Leeds."),
        ("2005-01-10", "Budget talks", "Tony Blair met Gordon Brown on Monday. Blair was glad."),
        ("2005-01-24", "Tax row", "Gordon Brown spoke. Michael Howard said Tony Blair had failed."),
        ("2005-03-02", "Election call", "Michael Howard said Tony Blair should call the election."),
        ("2005-03-15", "Visit to Hull", "Tony Blair visited Hull with Gordon Brown on Tuesday."),
        ("", "Treasury notes", "Gordon Brown wrote to the Treasury committee."),
    ]  # fmt: skip
    for number, (date, title, body) in enumerate(stories):
        dated = f"date: {date}\n" if date else ""
        _write(folder / f"{number}.md", f"---\ntitle: {title}\n{dated}---\n\n{body}\n")
    return folder


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """An empty library (no bundled seeds)."""
    lib = Library(tmp_path / "lib", seed=False)
    yield lib
    lib.close()


@pytest.fixture
def news_library(library: Library, news: Path) -> Library:
    report = library.import_paths([news])
    assert report.added == 5, report.problems
    return library


@pytest.fixture
def library_of(tmp_path: Path) -> Callable[[Path], Path]:
    """`library_of(folder)`: a library (closed, in tmp_path/lib) of the folder's articles."""

    def make(articles: Path) -> Path:
        folder = tmp_path / "lib"
        opened = Library(folder, seed=False)
        opened.import_paths([articles])
        opened.close()
        return folder

    return make


@pytest.fixture
def news_library_folder(library_of: Callable[[Path], Path], news: Path) -> Path:
    """The folder of a library of `news`, closed (for the app to open)."""
    return library_of(news)


@pytest.fixture
def seed_library_folder(library_of: Callable[[Path], Path], tmp_path: Path) -> Path:
    """The folder of a library of the seed article alone, closed."""
    articles = tmp_path / "seed-news"
    articles.mkdir()
    shutil.copy(SEED, articles / SEED.name)
    return library_of(articles)


# Processes ----------------------------------------------------------------------


class _ReaderProcesses:
    """The `reader` command in child processes, as a user would run it in a shell,
    on the library in tmp_path/lib; whatever a test leaves running is killed."""

    def __init__(self, library: Path) -> None:
        self.library = library
        self.started: list[subprocess.Popen[str]] = []

    def env(self, stop_at: str | None = None, stop_file: Path | None = None) -> dict[str, str]:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        env.pop("READER_STOP_AT", None)
        if stop_at is not None:
            env["READER_STOP_AT"] = stop_at
            env["READER_STOP_FILE"] = str(stop_file)
        return env

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "reader", "--library", str(self.library), *args],
            capture_output=True,
            text=True,
            env=self.env(),
            timeout=timeout,
        )

    def start(
        self, *args: str, stop_at: str | None = None, stop_file: Path | None = None
    ) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "reader", "--library", str(self.library), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env(stop_at, stop_file),
        )
        self.started.append(process)
        return process

    def kill_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
            process.communicate()


@pytest.fixture
def _processes(tmp_path: Path) -> Iterator[_ReaderProcesses]:
    processes = _ReaderProcesses(tmp_path / "lib")
    yield processes
    processes.kill_all()


@pytest.fixture
def run_reader(_processes: _ReaderProcesses) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`run_reader(*args, timeout=300)`: `reader --library LIB ARGS` run to the end
    (LIB is tmp_path/lib, also the fixture `reader_library`)."""
    return _processes.run


@pytest.fixture
def start_reader(_processes: _ReaderProcesses) -> Callable[..., subprocess.Popen[str]]:
    """`start_reader(*args, stop_at=None, stop_file=None)`: `reader --library LIB ARGS`
    started; with `stop_at`, it stops for ever at that checkpoint (reader/faults.py)
    after writing its pids to `stop_file`.  Killed at the end of the test."""
    return _processes.start


@pytest.fixture
def reader_env(_processes: _ReaderProcesses) -> dict[str, str]:
    """The environment of `run_reader`'s processes, for a test that starts one itself."""
    return _processes.env()


@pytest.fixture
def reader_library(tmp_path: Path) -> Path:
    """The library folder `run_reader` and `start_reader` use."""
    return tmp_path / "lib"


def _wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)  # another process is being waited for, not the app


@pytest.fixture
def wait_until() -> Callable[[Callable[[], bool], float, str], None]:
    """`wait_until(condition, seconds, what)`: wait for another process to make
    `condition` hold, checking often; fail naming `what` after `seconds`."""
    return _wait_until


@pytest.fixture
def wait_for_stop() -> Callable[[Path, subprocess.Popen[str]], list[int]]:
    """`wait_for_stop(stop_file, process)`: the pids a process wrote at its
    checkpoint (itself first), once it is there."""

    def wait(stop_file: Path, process: subprocess.Popen[str]) -> list[int]:
        def arrived() -> bool:
            if process.poll() is not None:
                _, err = process.communicate()
                raise AssertionError(f"the process ended before its checkpoint:\n{err}")
            return stop_file.exists()

        _wait_until(arrived, 120, f"checkpoint file {stop_file}")
        return [int(pid) for pid in stop_file.read_text().split()]

    return wait


@pytest.fixture
def alive() -> Callable[[int], bool]:
    """`alive(pid)`: whether the process runs (a zombie, dead but not reaped, is gone)."""

    def check(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                return stat.read().split(") ", 1)[1][:1] != "Z"
        except FileNotFoundError:
            return False
        except OSError:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return False
            return True

    return check


# The app -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_typing_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Search and filter as soon as a key is typed: tests wait on the work, not on
    the pause that lets a user finish a word."""
    monkeypatch.setattr(library_screen, "SEARCH_DELAY", 0)
    monkeypatch.setattr(filtered, "FILTER_DELAY", 0)


@pytest.fixture
def make_app() -> Callable[..., ReaderApp]:
    """`make_app(folder, config=None, import_paths=())`: the app on the library in
    `folder` with the settings of `config` (defaults without), no bundled sample."""

    def make(
        folder: Path, config: Path | None = None, *, import_paths: Iterable[Path] = ()
    ) -> ReaderApp:
        return ReaderApp(folder, load_settings(config), seed=False, import_paths=import_paths)

    return make


async def _settle(pilot: Pilot[None]) -> None:
    app = pilot.app
    idle = 0
    for _ in range(1000):
        await app.workers.wait_for_complete()
        await pilot.pause()  # until the UI is idle: the workers' messages are handled
        opened = not isinstance(app, ReaderApp) or app.library is not None
        busy = any(worker.is_running for worker in app.workers)
        idle = idle + 1 if opened and not busy else 0
        if idle >= 2:
            return
    raise AssertionError("the app never settled (is the library open?)")


@pytest.fixture
def settle() -> Callable[[Pilot[None]], Awaitable[None]]:
    """`await settle(pilot)`: let the workers and the messages they post run to the end.

    A finished worker may hand its answer to the UI, which starts the next
    worker: idle counts only when seen twice in a row with the library open.
    No fixed pause: it waits on the workers, then on the UI to be idle.
    """
    return _settle


@pytest.fixture
def until() -> Callable[[Pilot[None], Callable[[], bool]], Awaitable[None]]:
    """`await until(pilot, condition)`: let the app run until `condition` holds (a
    minute at most), for what no worker of the app says (another process...)."""

    async def wait(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + 60
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting in the app")
            await pilot.pause()

    return wait


@pytest.fixture
def article_list() -> Callable[[ReaderApp], ArticleList]:
    """`article_list(app)`: the library screen's list of articles (or hits)."""

    def find(app: ReaderApp) -> ArticleList:
        return app.library_screen.query_one(ArticleList)

    return find


@pytest.fixture
def submit_search() -> Callable[[Pilot[None], str], Awaitable[None]]:
    """`await submit_search(pilot, text)`: type a query, press enter, wait for the hits."""

    async def search(pilot: Pilot[None], text: str) -> None:
        await pilot.press("/", *text, "enter")
        await _settle(pilot)

    return search


@pytest.fixture
def open_seed() -> Callable[[Pilot[None]], Awaitable[ArticleScreen]]:
    """`await open_seed(pilot)`: open the first article of the list (the seed, in a
    library of it alone) and wait for it to load."""

    async def open_first(pilot: Pilot[None]) -> ArticleScreen:
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ArticleScreen)
        return screen

    return open_first


@pytest.fixture
def current_text() -> Callable[[ArticleScreen], str]:
    """`current_text(screen)`: the text of the article's highlighted mark."""

    def text(screen: ArticleScreen) -> str:
        body = screen.query_one(ArticleBody)
        assert body.current is not None
        start, end = body.current
        return body.text[start:end]

    return text


@pytest.fixture
def screen_lines() -> Callable[[ReaderApp], list[str]]:
    """`screen_lines(app)`: the screen as the terminal shows it, one string per row.

    (Textual has no public way to read the screen as text: this reads its
    compositor.)
    """

    def lines(app: ReaderApp) -> list[str]:
        return [strip.text for strip in app.screen._compositor.render_strips()]

    return lines


# A local web server ----------------------------------------------------------------


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalWeb]:
    """A real HTTP server on 127.0.0.1 at a random port (see tests/localweb.py);
    requests never go through a proxy."""
    from localweb import LocalWeb

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = LocalWeb()
    yield server
    server.stop()
