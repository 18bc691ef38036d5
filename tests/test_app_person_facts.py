"""The person screen's timeline, busiest periods and appears-with, through Pilot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList, Sparkline, Static

from reader.app.app import ReaderApp
from reader.app.screens.person import PersonScreen

SIZE = (100, 30)

# Fixtures that are helpers (tests/conftest.py).
LibraryOf = Callable[[Path], Path]
MakeApp = Callable[..., ReaderApp]
ScreenLines = Callable[[ReaderApp], list[str]]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def open_blair(app: ReaderApp, pilot: Pilot[None], settle: Settle) -> PersonScreen:
    await settle(pilot)
    app.open_person("Tony Blair")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, PersonScreen) and screen.detail is not None
    return screen


def highlighted_id(screen: PersonScreen) -> str | None:
    entries = screen.query_one(OptionList)
    assert entries.highlighted is not None
    return entries.get_option_at_index(entries.highlighted).id


async def test_timeline_and_busiest_periods(
    library_of: LibraryOf,
    politics: Path,
    make_app: MakeApp,
    screen_lines: ScreenLines,
    settle: Settle,
) -> None:
    app = make_app(library_of(politics))
    async with app.run_test(size=SIZE) as pilot:
        person = await open_blair(app, pilot, settle)
        sparkline = person.query_one(Sparkline)
        assert sparkline.display and list(sparkline.data or []) == [1, 0, 2, 0, 2]
        label = person.query_one("#person-timeline-label", Static)
        assert "Articles per month, 2004-11 – 2005-03" in str(label.render())
        lines = "\n".join(screen_lines(app))
        assert "Busiest periods" in lines and "2005-01  2 articles" in lines
        assert highlighted_id(person) == "a0"  # the newest article, as before
        # Enter on March 2005 goes to its newest article in the list.
        entries = person.query_one(OptionList)
        entries.highlighted = entries.get_option_index("p1")
        await pilot.press("enter")
        assert highlighted_id(person) == "a0"
        entries.highlighted = entries.get_option_index("p0")  # January 2005
        await pilot.press("enter")
        moved = highlighted_id(person)
        assert moved is not None and moved.startswith("a")
        seen = person.detail.appearances[int(moved[1:])] if person.detail else None
        assert seen is not None and seen.title == "Tax row"


async def test_appears_with_opens_that_person(
    library_of: LibraryOf, politics: Path, make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(library_of(politics))
    async with app.run_test(size=SIZE) as pilot:
        person = await open_blair(app, pilot, settle)
        entries = person.query_one(OptionList)
        entries.highlighted = entries.get_option_index("w0")
        prompt = str(entries.get_option_at_index(entries.highlighted).prompt)
        assert prompt == "Gordon Brown  3 articles together"
        await pilot.press("enter")
        await settle(pilot)
        brown = app.screen
        assert isinstance(brown, PersonScreen) and brown is not person
        assert brown.detail is not None and brown.detail.name == "Gordon Brown"
        await pilot.press("escape")
        assert app.screen is person


async def test_one_dated_article_is_one_bar(
    seed_library_folder: Path, make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_person("Steven Gerrard")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PersonScreen) and screen.detail is not None
        # The seed is dated: one month, one article; nothing is busier.
        assert list(screen.query_one(Sparkline).data or []) == [1]
