"""The app's search aids, driven through Pilot on real libraries: did you mean,
saved searches, history, find in the article, more like this."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from reader.app.app import ReaderApp
from reader.app.screens.article import ArticleScreen
from reader.app.screens.library import LibraryScreen
from reader.app.screens.saved import SavedSearchesScreen
from reader.app.screens.similar import SimilarScreen
from reader.app.widgets.article_body import ArticleBody
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.entry_list import EntryList
from reader.articles import article_id
from reader.library import Library

SIZE = (100, 30)

# Fixtures that are helpers (tests/conftest.py).
LibraryOf = Callable[[Path], Path]
ListOf = Callable[[ReaderApp], ArticleList]
MakeApp = Callable[..., ReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]
Write = Callable[[Path, str | bytes], Path]
OpenSeed = Callable[[Pilot[None]], Awaitable[ArticleScreen]]
CurrentText = Callable[[ArticleScreen], str]


async def type_query(pilot: Pilot[None], text: str, settle: Settle) -> None:
    await pilot.press("/", *text)
    await settle(pilot)


async def test_a_misspelled_name_offers_did_you_mean_and_a_key_takes_it(
    news: Path, article_list: ListOf, library_of: LibraryOf, make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(library_of(news))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "klop", settle)
        assert article_list(app).rows == []
        line = app.screen.query_one("#suggestion", Static)
        assert line.display
        assert str(line.render()) == "Did you mean klopp?  (ctrl+y to search for it)"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "klopp"
        assert len(article_list(app).rows) == 2
        assert not app.screen.query_one("#suggestion", Static).display


async def test_saved_searches_screen_counts_new_articles_and_runs_one(
    tmp_path: Path,
    write: Write,
    article_list: ListOf,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
) -> None:
    news = tmp_path / "pm"
    write(news / "a.txt", "Prime minister\n\nThe prime minister spoke.\n")
    write(news / "b.txt", "Budget\n\nThe prime new minister spoke.\n")
    folder = library_of(news)
    library = Library(folder, seed=False)
    library.save_search({}, "pm", '"prime minister"~3')
    library.close()
    config = write(tmp_path / "config.yaml", "searches:\n  rain: rain\n")
    app = make_app(folder, config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SavedSearchesScreen)
        assert entries(app) == [
            '@pm  2 articles, 2 new  "prime minister"~3',
            "@rain  0 articles  rain",
        ]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#search", Input).value == "@pm"
        assert {row.title for row in article_list(app).rows} == {"Prime minister", "Budget"}
        assert app.library_screen.query_text == '"prime minister"~3'
        write(news / "c.txt", "Again\n\nThe minister and the prime suspect.\n")
        assert app.library is not None
        app.library.import_paths([news])
        await pilot.press("S")
        await settle(pilot)
        assert entries(app)[0] == '@pm  3 articles, 1 new  "prime minister"~3'


async def test_an_unknown_saved_search_in_the_box_says_so(
    news: Path, article_list: ListOf, library_of: LibraryOf, make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(library_of(news))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "@nope", settle)
        status = str(app.screen.query_one("#status", Static).render())
        assert (
            status
            == "no saved search named 'nope' (saved: none yet: `reader saved add NAME QUERY`)"
        )
        assert article_list(app).rows == []


def entries(app: ReaderApp) -> list[str]:
    options = app.screen.query_one(EntryList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_more_like_this_lists_related_articles_and_opens_one(
    tmp_path: Path,
    write: Write,
    library_of: LibraryOf,
    make_app: MakeApp,
    settle: Settle,
) -> None:
    news = tmp_path / "news"
    story = "Terror bill\n\nThe terror bill: house arrest and a sunset clause.\n"
    write(news / "a.txt", story)
    write(news / "b.txt", "House arrest row\n\nPeers want a sunset clause on house arrest.\n")
    write(news / "c.txt", "Cup final\n\nThe team won the cup final.\n")
    write(
        news / "copy" / "a.txt",
        "Terror bill\n\nThe terror bill: house arrest and a sunset clause.\n",
    )
    app = make_app(library_of(news))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_article(article_id("news", "a.txt"))
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, SimilarScreen)
        lines = entries(app)
        assert lines[0].startswith("House arrest row  undated")
        assert not any(line.startswith("Terror bill") for line in lines)
        facts = str(app.screen.query_one("#similar-facts", Static).render())
        assert "1 copy of it left out" in facts
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article_id == article_id("news", "b.txt")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SimilarScreen)


async def test_up_and_down_in_the_search_box_recall_searches_across_restarts(
    news: Path, article_list: ListOf, library_of: LibraryOf, make_app: MakeApp, settle: Settle
) -> None:
    folder = library_of(news)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for query in ("klopp", '"step by step"'):
            await pilot.press("/", "ctrl+u", *query, "enter")
            await settle(pilot)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("/", *"mar")
        await settle(pilot)
        box = app.screen.query_one("#search", Input)
        await pilot.press("up")
        await settle(pilot)
        assert box.value == '"step by step"'
        assert len(article_list(app).rows) == 2  # and it is searched
        await pilot.press("up")
        await settle(pilot)
        assert box.value == "klopp"
        await pilot.press("down", "down")
        await settle(pilot)
        assert box.value == "mar"  # back to what was typed
        assert box.has_focus
        await pilot.press("down")  # nothing newer: down goes to the list, as before
        assert article_list(app).has_focus


async def test_find_in_the_article_as_you_type_then_step_with_n(
    seed_library_folder: Path,
    make_app: MakeApp,
    open_seed: OpenSeed,
    current_text: CurrentText,
    settle: Settle,
) -> None:
    app = make_app(seed_library_folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("/", *"liv")
        await settle(pilot)
        find = screen.query_one("#find", Input)
        assert find.display and find.has_focus
        assert current_text(screen) == "Liv"  # inside a word, whatever the case
        await pilot.press(*"erpool")
        assert current_text(screen) == "Liverpool"
        total = len(screen.matches)
        assert total == 4
        assert f"match 1 of {total}" in str(screen.query_one("#side-search", Static).render())
        await pilot.press("enter")
        assert not find.display
        first = screen.matches[0]
        await pilot.press("n")
        assert screen.query_one(ArticleBody).current == screen.matches[1]
        await pilot.press("N")
        assert screen.query_one(ArticleBody).current == first
        await pilot.press("/", "ctrl+a", "ctrl+k", *"zzqq")
        await settle(pilot)
        assert screen.matches == []
        assert "no match in the text" in str(screen.query_one("#side-search", Static).render())
        await pilot.press("escape")  # closes the box, stays in the article
        assert not find.display
        assert isinstance(app.screen, ArticleScreen)
