"""Reading one article: wrapped text, the search's matches marked, `n`/`N` between them."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.app.keys import bindings_for
from reader.app.widgets.article_body import ArticleBody
from reader.history import Place

if TYPE_CHECKING:
    from reader.app.app import ReaderApp
    from reader.catalog import StoredArticle

Span = tuple[int, int]


class ArticleScreen(Screen[None]):
    SCOPE = "article"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(SCOPE)

    def __init__(self, place: Place) -> None:
        super().__init__()
        self.article_id = place.target
        self.query_text = place.query
        self.start = place
        self.article: StoredArticle | None = None
        self.matches: list[Span] = []
        self.match_index = -1

    @property
    def reader(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(id="article-title")
        yield Static(id="article-meta")
        with Horizontal(id="article-main"):
            yield ArticleBody(id="body")
            with VerticalScroll(id="side"):
                yield Static(id="side-search", classes="side-section")
                yield Static(id="side-info", classes="side-section")
        yield Footer()

    def on_mount(self) -> None:
        library = self.reader.library
        self.article = library.article(self.article_id) if library else None
        body = self.query_one(ArticleBody)
        if self.article is None:
            self.query_one("#article-title", Static).update("Article not found")
            self.query_one("#article-meta", Static).update(
                f"{self.article_id} is no longer in the library (deleted or re-imported)."
            )
            return
        from reader.highlight import match_positions

        article = self.article
        self.matches = match_positions(article.body, self.query_text)
        title = Text(article.title)
        for start, end in match_positions(article.title, self.query_text):
            title.stylize("reverse", start, end)
        self.query_one("#article-title", Static).update(title)
        where = "/".join(article.path.replace("\\", "/").split("/")[-2:])
        meta = " · ".join(
            p for p in (article.date or "undated", article.source, article.author, where) if p
        )
        self.query_one("#article-meta", Static).update(
            Text(meta, overflow="ellipsis", no_wrap=True)
        )
        body.set_text(article.body, {"match": self.matches})
        body.focus()
        self.call_after_refresh(self._restore)

    def _restore(self) -> None:
        body = self.query_one(ArticleBody)
        place = self.start
        if place.scroll >= 0:  # coming forward again: exactly as it was left
            self.match_index = place.mark
            if 0 <= place.mark < len(self.matches):
                body.set_current(self.matches[place.mark], scroll=False)
            body.scroll_to(y=place.scroll, animate=False, immediate=True)
        elif self.matches:
            self._go_to_match(0)
        elif self.reader.state is not None:
            body.scroll_to(
                y=self.reader.state.position(self.article_id), animate=False, immediate=True
            )
        self._update_side()
        self.remember_position()

    def on_resize(self) -> None:
        # At 80 columns the text needs the room more than the side panel.
        self.set_class(self.size.width < 100, "-narrow")

    # Navigation state --------------------------------------------------------

    def place(self) -> Place:
        body = self.query_one(ArticleBody)
        return Place(
            "article", self.article_id, self.query_text, int(body.scroll_y), self.match_index
        )

    def remember_position(self) -> None:
        state = self.reader.state
        if state is not None and self.article is not None:
            state.remember(self.article_id, int(self.query_one(ArticleBody).scroll_y))

    def on_screen_suspend(self) -> None:
        self.remember_position()

    # Matches -----------------------------------------------------------------

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self.matches:
            self.notify(
                "No search matches in this article"
                if self.query_text
                else "No search: open an article from a search to jump between matches",
                timeout=3,
            )
            return
        if self.match_index < 0:
            index = self._first_match_in_view() if step > 0 else len(self.matches) - 1
        else:
            index = (self.match_index + step) % len(self.matches)
        self._go_to_match(index)

    def _first_match_in_view(self) -> int:
        body = self.query_one(ArticleBody)
        top = int(body.scroll_y)
        for i, (start, _end) in enumerate(self.matches):
            if body.line_of(start) >= top:
                return i
        return 0

    def _go_to_match(self, index: int) -> None:
        self.match_index = index
        self.query_one(ArticleBody).set_current(self.matches[index])
        self._update_side()

    def _update_side(self) -> None:
        article = self.article
        if article is None:
            return
        search = Text()
        if self.query_text:
            search.append("Search\n", style="bold")
            search.append(f"{self.query_text}\n")
            if self.matches:
                at = self.match_index + 1 if self.match_index >= 0 else 0
                search.append(f"match {at} of {len(self.matches)}  (n / N)")
            else:
                search.append("no match in the text")
        self.query_one("#side-search", Static).update(search)
        self.query_one("#side-search").display = bool(self.query_text)
        words = len(article.body.split())
        info = Text()
        info.append("Article\n", style="bold")
        info.append(f"{words:,} words · about {max(1, round(words / 230))} min\n")
        info.append(f"id {article.id}\n")
        if article.url:
            info.append(f"{article.url}\n")
        if article.tags:
            info.append("tags: " + ", ".join(article.tags))
        self.query_one("#side-info", Static).update(info)

    # Scrolling ---------------------------------------------------------------

    def action_scroll_down(self) -> None:
        self.query_one(ArticleBody).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one(ArticleBody).scroll_up(animate=False)

    def action_page_down(self) -> None:
        self.query_one(ArticleBody).scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.query_one(ArticleBody).scroll_page_up(animate=False)

    def action_scroll_top(self) -> None:
        self.query_one(ArticleBody).scroll_home(animate=False)

    def action_scroll_bottom(self) -> None:
        self.query_one(ArticleBody).scroll_end(animate=False)
