"""Shared fixtures: small real article folders and libraries in temporary folders,
and helpers to drive the app through Textual's Pilot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.pilot import Pilot

from reader.app.app import ReaderApp
from reader.app.screens.article import ArticleScreen
from reader.app.widgets.article_body import ArticleBody
from reader.app.widgets.article_list import ArticleList
from reader.config import load_settings
from reader.library import Library

if TYPE_CHECKING:
    from localweb import LocalWeb

REPO = Path(__file__).resolve().parent.parent
SEED = next((REPO / "seeds").glob("*.txt"))
SHARED = REPO.parent / "shared"
# The people of the seed article, in the order they are first named.
SEED_PEOPLE = [
    "Xabi Alonso",
    "Jurgen Klopp",
    "Steven Gerrard",
    "Pepijn Lijnders",
    "Jamie Carragher",
    "Mikel Arteta",
    "Andrea Pirlo",
    "Frank Lampard",
]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """A folder with one article in each format, plus the seed."""
    folder = tmp_path / "news"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / "seed.txt")
    write(
        folder / "sport" / "derby.txt",
        "Derby day at Anfield\n\nThe manager said the team would take it game by game.\n\n"
        "Fans sang for ninety minutes.\n",
    )
    write(
        folder / "notes" / "munich.md",
        "---\ntitle: Jürgen Klopp returns to Mönchengladbach\ndate: 2021-05-02\n"
        "author: A. Writer\nsource: Example Times\nurl: https://example.org/k\n"
        "tags: [football, bundesliga]\n---\n\nJurgen Klopp went back to Borussia "
        "Monchengladbach, where the fans’ pick was a local hero.\n",
    )
    write(
        folder / "wire.jsonl",
        '{"id": "w1", "title": "Markets rise", "date": "2021-01-15", "body": "Shares rose '
        'sharply on Monday as traders bought step by step."}\n'
        '{"id": "w2", "title": "Markets fall", "date": "2021-06-20", "source": "Wire", '
        '"body": "Shares fell, and step after step the index lost ground."}\n',
    )
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


# Processes ----------------------------------------------------------------------


class ReaderRun:
    """Runs the `reader` command in a child process, as a user would in a shell."""

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

    def __call__(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Run `reader ARGS --library LIB` to the end."""
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
        """Start `reader ARGS`; with `stop_at`, it stops for ever at that checkpoint
        (see reader/faults.py) after writing its pids to `stop_file`."""
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
        """Kill what a failed test left running (a process stopped at a checkpoint)."""
        for process in self.started:
            if process.poll() is None:
                process.kill()
            process.communicate()


@pytest.fixture
def reader_run(tmp_path: Path) -> Iterator[ReaderRun]:
    """`reader` in a child process, on a library in tmp_path/lib."""
    runner = ReaderRun(tmp_path / "lib")
    yield runner
    runner.kill_all()


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Wait for `condition` to hold, checking often; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def wait_for_stop(stop_file: Path, process: subprocess.Popen[str]) -> list[int]:
    """The pids a process wrote at its checkpoint (itself first), once it is there."""

    def arrived() -> bool:
        if process.poll() is not None:
            _, err = process.communicate()
            raise AssertionError(f"the process ended before its checkpoint:\n{err}")
        return stop_file.exists()

    wait_until(arrived, 120, f"checkpoint file {stop_file}")
    return [int(pid) for pid in stop_file.read_text().split()]


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead but not yet reaped, counts as gone)."""
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


def many_articles(folder: Path, count: int, word: str = "hello") -> Path:
    """`count` small articles, each with `word` and a word of its own (`word` and its
    number: hello0, hello1...)."""
    for n in range(count):
        write(
            folder / f"{n:05}.txt",
            f"Title {n}\n\nThe body of article {n} says {word}. {word}{n} is here.\n",
        )
    return folder


# The app ---------------------------------------------------------------------

SIZE = (100, 30)


def make_app(folder: Path, config: Path | None = None, **kwargs: object) -> ReaderApp:
    return ReaderApp(folder, load_settings(config), seed=False, **kwargs)  # type: ignore[arg-type]


def library_folder(tmp_path: Path, news: Path) -> Path:
    folder = tmp_path / "lib"
    library = Library(folder, seed=False)
    library.import_paths([news])
    library.close()
    return folder


def seed_library(tmp_path: Path) -> Path:
    """A library of the bundled seed article alone (its people and quotes are known)."""
    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(SEED, news / SEED.name)
    return library_folder(tmp_path, news)


async def settle(pilot: Pilot[None]) -> None:
    """Let timers, workers and the messages they post run to the end.

    A finished worker may hand its result to the UI, which starts the next
    worker: idle counts only when seen twice in a row with the library open.
    """
    app = pilot.app
    idle = 0
    for _ in range(200):
        await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        await pilot.pause()
        opened = getattr(app, "library", None) is not None or not isinstance(app, ReaderApp)
        busy = any(w.is_running for w in app.workers)
        idle = idle + 1 if opened and not busy else 0
        if idle >= 2:
            return


def article_list(app: ReaderApp) -> ArticleList:
    return app.screen_stack[0].query_one(ArticleList)


async def submit_search(pilot: Pilot[None], text: str) -> None:
    """Type a query and press enter, which searches at once (no typing pause to wait)."""
    await pilot.press("/", *text, "enter")
    await settle(pilot)


def current_text(screen: ArticleScreen) -> str:
    body = screen.query_one(ArticleBody)
    assert body.current is not None
    start, end = body.current
    return body.text[start:end]


async def open_seed(pilot: Pilot[None]) -> ArticleScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


def screen_lines(app: ReaderApp) -> list[str]:
    """The screen as the terminal shows it, one string per row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


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
