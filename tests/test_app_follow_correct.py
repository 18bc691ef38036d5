"""Following people and correcting who is who, in the app through Pilot: the person
screen's keys, the library's marks for new articles, the Following screen."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from reader.app.app import ReaderApp
from reader.app.screens.asking import NameQuestion
from reader.app.screens.following import FollowingScreen
from reader.app.screens.library import LibraryScreen
from reader.app.screens.person import PersonScreen
from reader.app.widgets.article_list import ArticleList

SIZE = (100, 30)

# Fixtures that are helpers (tests/conftest.py).
LibraryOf = Callable[[Path], Path]
MakeApp = Callable[..., ReaderApp]
ScreenLines = Callable[[ReaderApp], list[str]]
Settle = Callable[[Pilot[None]], Awaitable[None]]
Write = Callable[[Path, str | bytes], Path]


async def open_person(
    app: ReaderApp, pilot: Pilot[None], settle: Settle, name: str
) -> PersonScreen:
    await settle(pilot)
    app.open_person(name)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, PersonScreen) and screen.detail is not None
    return screen


async def test_follow_marks_new_articles_until_seen(
    tmp_path: Path,
    library_of: LibraryOf,
    politics: Path,
    make_app: MakeApp,
    settle: Settle,
    write: Write,
    screen_lines: ScreenLines,
) -> None:
    folder = library_of(politics)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        person = await open_person(app, pilot, settle, "Tony Blair")
        assert not person.followed
        await pilot.press("f")
        await settle(pilot)
        assert person.followed
        assert "Following · " in "\n".join(screen_lines(app))
        saved = json.loads((folder / "people.json").read_text())
        assert [f["key"] for f in saved["follow"]] == ["tony blair"]
        await pilot.press("escape")
        await settle(pilot)
        later = write(
            tmp_path / "later" / "blair.txt", "Blair again\n\nTony Blair spoke in York.\n"
        )
        app.library_screen.start_import([later.parent])
        await settle(pilot)
        articles = app.library_screen.query_one(ArticleList)
        new = [row.title for row in articles.rows if row.id in articles.followed_ids]
        assert new == ["Blair again"]
        assert any(line.startswith("◆ Blair again") for line in screen_lines(app))
        await pilot.press("W")
        await settle(pilot)
        following = app.screen
        assert isinstance(following, FollowingScreen)
        assert [(f.name, f.new_articles, f.articles) for f in following.items] == [
            ("Tony Blair", 1, 6)
        ]
        await pilot.press("enter")  # opening them sees their new articles
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is following
        assert [f.new_articles for f in following.items] == [0]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert articles.followed_ids == set()
        await open_person(app, pilot, settle, "Tony Blair")
        await pilot.press("f")  # and again: no longer followed
        await settle(pilot)
        assert json.loads((folder / "people.json").read_text())["follow"] == []


async def test_merge_and_split_from_the_person_screen(
    tmp_path: Path,
    library_of: LibraryOf,
    politics: Path,
    make_app: MakeApp,
    settle: Settle,
    write: Write,
) -> None:
    write(politics / "blare.md", "---\ntitle: Misspelt\n---\n\nTony Blare met the press.\n")
    app = make_app(library_of(politics))
    async with app.run_test(size=SIZE) as pilot:
        person = await open_person(app, pilot, settle, "Tony Blair")
        assert person.detail is not None and person.detail.article_count == 5
        await pilot.press("plus")
        await settle(pilot)
        assert isinstance(app.screen, NameQuestion)
        await pilot.press(*"Tony Blare", "enter")
        await settle(pilot)
        assert app.screen_stack[-1] is person
        assert person.detail is not None and person.detail.article_count == 6
        assert "Tony Blare" in person.detail.aliases
        await pilot.press("minus")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, NameQuestion)
        assert "Tony Blare" in question.query_one(Input).placeholder
        await pilot.press(*"Tony Blare", "enter")
        await settle(pilot)
        assert person.detail is not None and person.detail.article_count == 5
        # A name nobody has is refused with a notice; back cancels a question.
        await pilot.press("plus", *"Nobody Atall", "enter")
        await settle(pilot)
        assert any("no one named 'Nobody Atall'" in n.message for n in app._notifications)
        await pilot.press("plus", "escape")
        assert app.screen_stack[-1] is person
