"""Bookmarks in the app: a passage shown with its own quotation marks (issue 10)."""

from __future__ import annotations

from pathlib import Path

from conftest import make_app, open_seed, seed_library, settle
from textual.widgets import OptionList

from reader.app.screens.article import ArticleScreen

SIZE = (80, 24)


async def test_a_passage_that_starts_with_a_quote_mark_shows_it_once(tmp_path: Path) -> None:
    app = make_app(seed_library(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        article = await open_seed(pilot)
        assert isinstance(article, ArticleScreen) and article.article is not None
        inside = article.article.body.index("“The key thing") + 1
        quote = next(i for i, q in enumerate(article.quotes) if q.start <= inside < q.end)
        await pilot.press(*["right_curly_bracket"] * (quote + 1), "v", "a", "escape")
        [passage] = app.library.bookmarks.list()  # type: ignore[union-attr]
        assert passage.text.startswith("“The key thing") and passage.speaker is None
        await pilot.press("B")
        await settle(pilot)
        entries = app.screen.query_one(OptionList)
        shown = str(entries.get_option_at_index(0).prompt)
        assert shown.startswith("“The key thing") and not shown.startswith("““")
