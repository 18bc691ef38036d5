"""The app's search aids, driven through Pilot on real libraries: did you mean."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from reader.app.app import ReaderApp
from reader.app.widgets.article_list import ArticleList

SIZE = (100, 30)

# Fixtures that are helpers (tests/conftest.py).
LibraryOf = Callable[[Path], Path]
ListOf = Callable[[ReaderApp], ArticleList]
MakeApp = Callable[..., ReaderApp]
Settle = Callable[[Pilot[None]], Awaitable[None]]


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
