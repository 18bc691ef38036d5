"""People, quotes and bookmarks in the app, on the bundled seed article."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from reader.app.app import ReaderApp
from reader.app.screens.article import ArticleScreen
from reader.app.screens.bookmarks import BookmarksScreen
from reader.app.screens.confirm import ConfirmScreen
from reader.app.screens.people import PeopleScreen
from reader.app.screens.person import PersonScreen
from reader.app.widgets.article_list import ArticleList

SIZE = (100, 30)  # columns and rows of the terminal

# Fixtures that are helpers (tests/conftest.py).
CurrentText = Callable[[ArticleScreen], str]
ListOf = Callable[[ReaderApp], ArticleList]
MakeApp = Callable[..., ReaderApp]
OpenSeed = Callable[[Pilot[None]], Awaitable[ArticleScreen]]
Settle = Callable[[Pilot[None]], Awaitable[None]]


async def test_from_a_mention_to_the_person_and_back(
    tmp_path: Path,
    current_text: CurrentText,
    make_app: MakeApp,
    open_seed: OpenSeed,
    seed_library_folder: Path,
    settle: Settle,
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=SIZE) as pilot:
        article = await open_seed(pilot)
        await pilot.press("m")
        assert current_text(article) == "Xabi Alonso"
        await pilot.press("full_stop")  # the next mention of the same person
        assert current_text(article) == "Alonso"
        assert article.mentions[article.current_index].name == "Xabi Alonso"
        await pilot.press("enter")
        await settle(pilot)
        person = app.screen
        assert isinstance(person, PersonScreen)
        assert person.detail is not None and person.detail.name == "Xabi Alonso"
        assert [a.article_id for a in person.detail.appearances] == [article.article_id]
        await pilot.press("enter")  # the first article, at its first mention
        await settle(pilot)
        landed = app.screen
        assert isinstance(landed, ArticleScreen) and landed is not article
        assert current_text(landed) == "Xabi Alonso"
        await pilot.press("escape")
        back = app.screen
        assert back is person
        await pilot.press("escape")
        back = app.screen
        assert back is article
        assert current_text(article) == "Alonso"  # exactly where it was left


async def test_people_screen_filters_as_you_type(
    tmp_path: Path,
    make_app: MakeApp,
    seed_library_folder: Path,
    seed_names: list[str],
    settle: Settle,
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        people = app.screen
        assert isinstance(people, PeopleScreen)
        assert {p.name for p in people.items} == set(seed_names)
        await pilot.press("slash", *"lamp")
        await settle(pilot)
        assert [p.name for p in people.items] == ["Frank Lampard"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.detail is not None and app.screen.detail.name == "Frank Lampard"


async def test_bookmark_two_quotes_restart_and_find_them(
    tmp_path: Path,
    current_text: CurrentText,
    make_app: MakeApp,
    open_seed: OpenSeed,
    seed_library_folder: Path,
    settle: Settle,
) -> None:
    folder = seed_library_folder
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        article = await open_seed(pilot)
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        first = current_text(article)
        assert article.quotes[article.current_index].speaker == "Xabi Alonso"
        await pilot.press("a")
        note = article.query_one("#note", Input)
        assert note.display and note.has_focus
        await pilot.press(*"his plan #future", "enter")
        assert not note.display
        await pilot.press("right_curly_bracket", "a", "escape")
        second = current_text(article)
        assert isinstance(app.screen, ArticleScreen)  # escape closed the note box only
        await pilot.press("q")
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert [b.text for b in screen.items] == [second, first]  # newest first
        assert {b.speaker for b in screen.items} == {"Xabi Alonso"}
        assert screen.items[1].note == "his plan" and screen.items[1].tags == ("future",)
        assert app.library is not None
        markdown = app.library.bookmarks.export("md")
        assert "Xabi Alonso" in markdown and first in markdown
        await pilot.press("down", "enter")  # open the older one in context
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert current_text(app.screen) == first


async def test_delete_asks_first_and_undo_brings_it_back(
    tmp_path: Path,
    make_app: MakeApp,
    open_seed: OpenSeed,
    seed_library_folder: Path,
    settle: Settle,
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=SIZE) as pilot:
        article = await open_seed(pilot)
        await pilot.press("right_curly_bracket", "a", "escape")
        await pilot.press("B")
        await settle(pilot)
        assert app.library is not None
        store = app.library.bookmarks
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert store.count() == 1
        await pilot.press("d", "y")
        await settle(pilot)
        assert store.count() == 0
        assert isinstance(app.screen, BookmarksScreen) and app.screen.items == []
        await pilot.press("u")
        await settle(pilot)
        assert store.count() == 1 and len(app.screen.items) == 1
        assert article.article_id == app.screen.items[0].article_id


async def test_select_a_passage_by_sentences_and_bookmark_it(
    tmp_path: Path, make_app: MakeApp, open_seed: OpenSeed, seed_library_folder: Path
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=SIZE) as pilot:
        article = await open_seed(pilot)
        await pilot.press("v")
        assert article.selection is not None and article.article is not None
        body = article.article.body
        one = body[slice(*article.selection)]
        assert one.startswith("Xabi Alonso is some fans’ pick") and one.endswith("role.")
        await pilot.press("v", "V")
        assert body[slice(*article.selection)] == one
        await pilot.press("v", "a", "escape")
        assert app.library is not None
        [bookmark] = app.library.bookmarks.list()
        assert bookmark.text.startswith(one) and len(bookmark.text) > len(one)
        assert article.selection is None


async def test_side_panel_lists_the_people_of_the_article(
    tmp_path: Path,
    article_list: ListOf,
    make_app: MakeApp,
    open_seed: OpenSeed,
    seed_library_folder: Path,
    settle: Settle,
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=(140, 40)) as pilot:
        article = await open_seed(pilot)
        panel = article.query_one("#side-people", OptionList)
        ids = [panel.get_option_at_index(i).id for i in range(panel.option_count)]
        assert ids[0] == "xabi alonso" and len(ids) == 8
        panel.focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert article_list(app) is not None
