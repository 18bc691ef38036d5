"""What every screen looks like, at 80x24 and at 120x35, compared with the SVG files
in tests/__snapshots__ (pytest-textual-snapshot).

A change on purpose is accepted with `pytest tests/test_snapshots.py
--snapshot-update`, after looking at the report of the differences.  The
library is small and fixed (the `news` folder, one bookmark, one person
followed): no date depends on
today and no timing is shown (no search status, no import).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

import pytest
from textual.app import App
from textual.pilot import Pilot

from reader.app.app import ReaderApp
from reader.articles import article_id
from reader.feeds import Feeds
from reader.library import Library

# Fixtures that are helpers (tests/conftest.py).
LibraryOf = Callable[[Path], Path]
MakeApp = Callable[..., ReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
Write = Callable[[Path, str | bytes], Path]

SIZES = {"80x24": (80, 24), "120x35": (120, 35)}
SEED_ID = article_id("news", "seed.txt")


class SnapCompare(Protocol):
    """The `snap_compare` fixture of pytest-textual-snapshot."""

    def __call__(
        self,
        app: App[Any],
        press: tuple[str, ...] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Pilot[Any]], Awaitable[None]] | None = None,
    ) -> bool: ...


async def library_screen(pilot: Pilot[None], settle: Settle) -> None:
    await settle(pilot)


async def article(pilot: Pilot[None], settle: Settle) -> None:
    """The seed opened from a search for klopp: its one match is the current mark."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, ReaderApp)
    app.open_article(SEED_ID, query="klopp")
    await settle(pilot)


async def person(pilot: Pilot[None], settle: Settle) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, ReaderApp)
    app.open_person("xabi alonso")
    await settle(pilot)


async def people(pilot: Pilot[None], settle: Settle) -> None:
    await settle(pilot)
    await pilot.press("P")
    await settle(pilot)


async def bookmarks(pilot: Pilot[None], settle: Settle) -> None:
    await settle(pilot)
    await pilot.press("B")
    await settle(pilot)


async def saved(pilot: Pilot[None], settle: Settle) -> None:
    await settle(pilot)
    await pilot.press("S")
    await settle(pilot)


async def similar(pilot: Pilot[None], settle: Settle) -> None:
    """More like the seed."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, ReaderApp)
    app.open_similar(SEED_ID)
    await settle(pilot)


async def following(pilot: Pilot[None], settle: Settle) -> None:
    """Jurgen Klopp followed before either of his articles came: both are new."""
    await settle(pilot)
    await pilot.press("W")
    await settle(pilot)


async def merge_question(pilot: Pilot[None], settle: Settle) -> None:
    """Merging asks for the other person's name."""
    await person(pilot, settle)
    await pilot.press("plus")
    await settle(pilot)


async def help_screen(pilot: Pilot[None], settle: Settle) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


async def feeds(pilot: Pilot[None], settle: Settle) -> None:
    await settle(pilot)
    await pilot.press("F")
    await settle(pilot)


async def confirm(pilot: Pilot[None], settle: Settle) -> None:
    """Deleting the bookmark asks first."""
    await bookmarks(pilot, settle)
    await pilot.press("d")
    await settle(pilot)


SCREENS = {
    "library": library_screen,
    "article": article,
    "person": person,
    "people": people,
    "following": following,
    "merge": merge_question,
    "bookmarks": bookmarks,
    "saved": saved,
    "similar": similar,
    "feeds": feeds,
    "help": help_screen,
    "confirm": confirm,
}


OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Subscriptions</title></head><body>
<outline text="BBC News" type="rss" xmlUrl="https://feeds.example.org/bbc/news.xml"/>
<outline text="Sport Wire" type="rss" xmlUrl="https://feeds.example.org/sport.rss"/>
</body></opml>
"""


@pytest.fixture
def snapshot_library(library_of: LibraryOf, news: Path, tmp_path: Path, write: Write) -> Path:
    """A library of `news` with one bookmark, with a note and tags, two feeds
    never fetched (the app is told not to fetch them: no network, no clock) and
    two saved searches (never opened: all their articles are new)."""
    folder = library_of(news)
    library = Library(folder, seed=False)
    try:
        quote = library.article_quotes(SEED_ID)[1]
        library.bookmark(SEED_ID, quote.start, quote.end, note="on patience", tags=["coaching"])
        library.save_search({}, "klopp", "klopp OR jurgen")
        library.save_search({}, "steps", '"step by step"~2 -title:markets')
        with Feeds(library) as subscriptions:
            subscriptions.import_opml(write(tmp_path / "feeds.opml", OPML))
    finally:
        library.close()
    # Followed since the epoch: every article naming him is new (◆ in the library).
    choices = {
        "version": 1,
        "follow": [{"key": "jurgen klopp", "name": "Jurgen Klopp", "seen": 0}],
        "merge": [],
        "split": [],
    }
    (folder / "people.json").write_text(json.dumps(choices), encoding="utf-8")
    return folder


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(
    snap_compare: SnapCompare,
    snapshot_library: Path,
    make_app: MakeApp,
    settle: Settle,
    screen: str,
    size: str,
    tmp_path: Path,
    write: Write,
) -> None:
    async def arrive(pilot: Pilot[Any]) -> None:
        await SCREENS[screen](pilot, settle)

    config = write(tmp_path / "config.yaml", "feeds:\n  refresh_minutes: 0\n")
    app = make_app(snapshot_library, config)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=arrive)
