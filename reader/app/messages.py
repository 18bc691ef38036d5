"""The messages the app's workers post: each carries one domain answer to the screen
that draws it (no worker waits on the UI thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.articleview import ArticleView


class ArticleLoaded(Message):
    """The article screen's view of its article; None when the article is gone."""

    def __init__(self, view: ArticleView | None) -> None:
        super().__init__()
        self.view = view
