"""Feeds in the app (issue 11): the Feeds screen subscribes, fetches with a progress
bar and lists a feed's articles; the app fetches by itself when the feeds are due,
on start and while it is open; new articles appear in the list as they arrive.

Every feed is served by a real HTTP server on 127.0.0.1 (tests/localweb.py).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from localweb import LocalWeb, Reply, serve_feed
from textual.pilot import Pilot
from textual.widgets import Input, Static

from reader.app import app as app_module
from reader.app.app import ReaderApp
from reader.app.screens.article import ArticleScreen
from reader.app.screens.confirm import ConfirmScreen
from reader.app.screens.feeds import FeedsScreen
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.entry_list import EntryList
from reader.app.widgets.progress_panel import ProgressPanel
from reader.cli import main
from reader.feeds import Feeds
from reader.library import Library

# Fixtures that are helpers (tests/conftest.py).
ListOf = Callable[[ReaderApp], ArticleList]
MakeApp = Callable[..., ReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
Until = Callable[[Pilot[None], Callable[[], bool]], Awaitable[None]]
Write = Callable[[Path, str | bytes], Path]

SIZE = (100, 30)
# A sentence of the story pages that the feed itself does not carry.
PAGE_ONLY = "the time comes he will dominate the rumour mill"
FEED_NAME = "Seed Sports Daily"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty library (no bundled sample)."""
    Library(tmp_path / "lib", seed=False).close()
    return tmp_path / "lib"


def subscribe_from_a_shell(folder: Path, url: str, *, fetch: bool) -> None:
    assert main(["--library", str(folder), "feed", "add", url]) == 0
    if fetch:
        assert main(["--library", str(folder), "fetch"]) == 0


def messages(app: ReaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_subscribe_fetch_and_read_a_feed_with_keys_only(
    folder: Path,
    web: LocalWeb,
    make_app: MakeApp,
    settle: Settle,
    article_list: ListOf,
) -> None:
    url = serve_feed(web)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        feeds = app.screen
        assert isinstance(feeds, FeedsScreen)
        status = str(feeds.query_one("#list-status", Static).render())
        assert status.startswith("No feeds yet: a subscribes to one")

        await pilot.press("a", *url, "enter")
        await settle(pilot)  # subscribed, then its articles fetched

        assert [(f.name, f.articles, f.unread) for f in feeds.items] == [(FEED_NAME, 2, 2)]
        assert "2 new, 0 updated from 1 feed" in messages(app)
        assert not feeds.query_one(ProgressPanel).display  # the refresh is over
        # The library list behind got the new articles without being asked.
        assert sorted(row.title for row in article_list(app).rows) == ["Story 1", "Story 2"]

        await pilot.press("enter")  # the feed's articles in the library
        await settle(pilot)
        assert app.screen is app.library_screen
        assert app.library_screen.query_one("#search", Input).value == f'feed:"{FEED_NAME}"'
        assert len(article_list(app).rows) == 2
        await pilot.press("right_square_bracket")  # forward: the Feeds screen again
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.library_screen and len(article_list(app).rows) == 2

        await pilot.press("enter")
        await settle(pilot)
        article = app.screen
        assert isinstance(article, ArticleScreen) and article.article is not None
        assert PAGE_ONLY in article.article.body  # the full article, not the summary

        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        assert [(f.articles, f.unread) for f in app.screen.items] == [(2, 1)]


async def test_refresh_keys_fetch_what_is_new_and_name_a_feed_that_failed(
    folder: Path, web: LocalWeb, make_app: MakeApp, settle: Settle, article_list: ListOf
) -> None:
    subscribe_from_a_shell(folder, serve_feed(web), fetch=True)
    broken = serve_feed(web, "/broken", title="Broken Wire")
    subscribe_from_a_shell(folder, broken, fetch=False)
    web.serve("/broken/feed.xml", Reply("gone", status=404))
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        serve_feed(web, stories=3, etag='"v2"')  # a third story appears in the feed
        await pilot.press("F", "r")
        await settle(pilot)

        assert len(article_list(app).rows) == 3
        feeds = app.screen
        assert isinstance(feeds, FeedsScreen)
        by_name = {f.name: f for f in feeds.items}
        assert by_name["Broken Wire"].last_error == "HTTP 404 Not Found"
        assert "Broken Wire: HTTP 404 Not Found" in messages(app)
        assert any(m.startswith("1 new, 0 updated from 2 feeds; 1 failed") for m in messages(app))

        # R fetches the selected feed alone.
        feeds.query_one(EntryList).highlighted = list(by_name).index(FEED_NAME)
        before = len(web.requests_to("/broken/feed.xml"))
        await pilot.press("R")
        await settle(pilot)
        assert len(web.requests_to("/broken/feed.xml")) == before
        assert "0 new, 0 updated from 1 feed" in messages(app)


async def test_unsubscribing_asks_first_then_takes_the_articles_away(
    folder: Path, web: LocalWeb, make_app: MakeApp, settle: Settle, article_list: ListOf
) -> None:
    subscribe_from_a_shell(folder, serve_feed(web), fetch=True)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("F", "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Unsubscribe from {FEED_NAME} and remove its 2 articles?" in app.screen.question
        await pilot.press("n")  # no: nothing changes
        await settle(pilot)
        feeds = app.screen
        assert isinstance(feeds, FeedsScreen) and len(feeds.items) == 1
        await pilot.press("d", "y")
        await settle(pilot)
        assert feeds.items == []
        assert article_list(app).rows == []
        assert f"Unsubscribed from {FEED_NAME}; 2 articles removed" in messages(app)


async def test_an_address_with_no_feed_is_refused_in_one_line(
    folder: Path, web: LocalWeb, make_app: MakeApp, settle: Settle
) -> None:
    page = web.serve("/about", "<html><head><title>About</title></head><body>Hi</body></html>")
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("F", "a", *page, "enter")
        await settle(pilot)
        feeds = app.screen
        assert isinstance(feeds, FeedsScreen) and feeds.items == []
        [refusal] = [n for n in app._notifications if n.title == "Cannot subscribe"]
        assert page in refusal.message and "\n" not in refusal.message
        await pilot.press("a", "escape")  # back closes the box, not the screen
        assert app.screen is feeds and not feeds.query_one("#add-url").display


async def test_feeds_due_are_fetched_on_start(
    folder: Path, web: LocalWeb, make_app: MakeApp, settle: Settle, article_list: ListOf
) -> None:
    subscribe_from_a_shell(folder, serve_feed(web), fetch=False)
    app = make_app(folder)  # refresh_minutes 60 by default: never fetched is due
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(article_list(app).rows) == 2
        assert "2 new, 0 updated from 1 feed" in messages(app)


async def test_refresh_minutes_0_leaves_the_feeds_alone(
    folder: Path,
    tmp_path: Path,
    web: LocalWeb,
    make_app: MakeApp,
    settle: Settle,
    article_list: ListOf,
    write: Write,
) -> None:
    subscribe_from_a_shell(folder, serve_feed(web), fetch=False)
    asked = len(web.requests_to("/feed.xml"))
    config = write(tmp_path / "config.yaml", "feeds:\n  refresh_minutes: 0\n")
    app = make_app(folder, config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert article_list(app).rows == []
    assert len(web.requests_to("/feed.xml")) == asked


async def test_feeds_are_fetched_again_while_the_app_is_open(
    folder: Path,
    tmp_path: Path,
    web: LocalWeb,
    make_app: MakeApp,
    until: Until,
    article_list: ListOf,
    write: Write,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    subscribe_from_a_shell(folder, serve_feed(web), fetch=True)
    monkeypatch.setattr(app_module, "REFRESH_CHECK_SECONDS", 0.05)
    config = write(tmp_path / "config.yaml", "feeds:\n  refresh_minutes: 5\n")
    app = make_app(folder, config)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(article_list(app).rows) == 2)
        serve_feed(web, stories=3, etag='"v2"')
        # Fetched minutes ago, as if the app had been open that long.
        with sqlite3.connect(folder / "feeds.sqlite") as db:
            db.execute("UPDATE feeds SET last_fetched = '2026-01-01T00:00:00Z'")
        db.close()
        await until(pilot, lambda: len(article_list(app).rows) == 3)
        assert "1 new, 0 updated from 1 feed" in messages(app)


def test_quitting_during_a_fetch_does_not_wait_for_a_slow_server(
    folder: Path, tmp_path: Path, web: LocalWeb, reader_env: dict[str, str], write: Write
) -> None:
    import pty

    url = web.serve("/slow/feed.xml", Reply(hold=True))  # answers when the test ends
    library = Library(folder, seed=False)
    try:
        with Feeds(library) as feeds:
            opml = f'<opml version="2.0"><body><outline text="Slow" xmlUrl="{url}"/></body></opml>'
            feeds.import_opml(write(tmp_path / "slow.opml", opml))
    finally:
        library.close()
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "--library", str(folder)],  # due: fetched on start
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env={**reader_env, "TERM": "xterm-256color"},
        close_fds=True,
    )
    os.close(terminal)
    drained = threading.Thread(target=_drain, args=(controller,), daemon=True)
    drained.start()
    try:
        assert web.arrived("/slow/feed.xml").wait(60), "the app never fetched the feed"
        os.write(controller, b"q")
        asked = time.monotonic()
        # The server's timeout is 30 s: quitting must not wait for it.
        assert process.wait(timeout=20) == 0
        assert time.monotonic() - asked < 10
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        drained.join(timeout=10)
        os.close(controller)


def _drain(controller: int) -> None:
    """Read what the app draws (it would stop when the terminal is full)."""
    while True:
        try:
            if not os.read(controller, 65536):
                return
        except OSError:
            return
