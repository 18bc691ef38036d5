"""The feeds the library is subscribed to: unread counts, when each was last
fetched and why it last failed; refresh them, subscribe to one, or list the
articles of one in the library."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Input
from textual.widgets.option_list import Option

from reader.app.keys import bindings_for, widget_key_hint
from reader.app.messages import FETCHING_FEEDS, FeedsProgress
from reader.app.screens.confirm import ConfirmScreen
from reader.app.screens.filtered import FilteredListScreen
from reader.app.widgets.entry_list import EntryList
from reader.app.widgets.progress_panel import ProgressPanel
from reader.history import ScreenKind
from reader.textnorm import fold_text
from reader.wording import plural

if TYPE_CHECKING:
    from reader.feeds import FeedStatus


class FeedsScreen(FilteredListScreen["FeedStatus"]):
    KIND = ScreenKind.FEEDS
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(KIND)
    PLACEHOLDER = "Filter feeds by name or address ({keys})"

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield ProgressPanel(id="feeds-panel")
        yield Input(
            placeholder=f"The feed's address, or a page that names its feed —"
            f" {widget_key_hint(Input, 'submit')} subscribes, {self.keys('app.back')} cancels",
            id="add-url",
        )

    def on_mount(self) -> None:
        self.title = "Feeds"
        self.query_one("#add-url").display = False
        super().on_mount()
        if self.reader.refreshing:
            self.query_one(ProgressPanel).begin(FETCHING_FEEDS)

    # The list ----------------------------------------------------------------

    def fetch(self, text: str) -> tuple[list[FeedStatus], str]:
        from reader.feeds import FeedError

        try:
            statuses = self.reader.feeds_api().list_feeds()
        except FeedError as error:  # feeds.sqlite unreadable
            return [], str(error)
        if not statuses:
            return [], (
                f"No feeds yet: {self.keys('feeds.add')} subscribes to one;"
                " from a shell, reader feed import FILE.opml brings a list"
            )
        wanted = fold_text(text.strip())
        shown = [s for s in statuses if wanted in fold_text(f"{s.name} {s.url}")]
        unread = sum(status.unread for status in statuses)
        status = f"{plural(len(statuses), 'feed')}, {unread:,} unread"
        if text.strip():
            status = f"{len(shown):,} of {status} match {text.strip()}"
        return shown, status

    def option(self, index: int, item: FeedStatus) -> Option:
        feed = item
        part = self.query_one(EntryList).part
        prompt = Text()
        prompt.append(feed.name, style=part("name"))
        prompt.append(f"  {feed.unread:,} unread", style=part("mark") if feed.unread else "")
        prompt.append(f" of {plural(feed.articles, 'article')}")
        how = " · summaries only" if feed.summary_only else ""
        prompt.append(f"\n  fetched {feed.fetched_when}{how} · {feed.url}", style=part("detail"))
        if feed.last_error:
            prompt.append(f"\n  ⚠ last fetch failed: {feed.last_error}", style=part("mark"))
        return Option(prompt, id=feed.name)

    def chosen(self, item: FeedStatus) -> None:
        self.reader.show_feed_articles(item.query, self.place())

    def refill_keeping_place(self) -> None:
        """Counts changed (a feed fetched, one added): the list again, cursor kept."""
        highlighted = self.query_one(EntryList).highlighted
        self.refill(keep=highlighted or 0)

    # Refreshing --------------------------------------------------------------

    def action_refresh(self) -> None:
        self.reader.refresh_feeds()

    def action_refresh_one(self) -> None:
        if self.selected is not None:
            self.reader.refresh_feeds((self.selected.name,))

    def feeds_progress(self, message: FeedsProgress) -> None:
        self.query_one(ProgressPanel).show(message.label, message.done, message.total)

    def feeds_ended(self) -> None:
        self.query_one(ProgressPanel).end()
        self.refill_keeping_place()

    # Subscribing and unsubscribing ------------------------------------------

    def action_add(self) -> None:
        box = self.query_one("#add-url", Input)
        box.value = ""
        box.display = True
        box.focus()

    @on(Input.Submitted, "#add-url")
    def _subscribe(self, event: Input.Submitted) -> None:
        url = event.value.strip()
        if not url:
            return
        self._close_add()
        self.reader.add_feed(url)

    def action_remove(self) -> None:
        feed = self.selected
        if feed is None:
            return
        articles = plural(feed.articles, "article")

        def answered(yes: bool | None) -> None:
            if yes:
                self.reader.remove_feed(feed.name)

        self.app.push_screen(
            ConfirmScreen(
                f"Unsubscribe from {feed.name} and remove its {articles}?\n"
                f"(To keep the articles: reader feed remove '{feed.name}' --keep-articles)"
            ),
            answered,
        )

    def _close_add(self) -> None:
        self.query_one("#add-url").display = False
        self.query_one(EntryList).focus()

    def dismiss_transient(self) -> bool:
        """Back closes the address box (and leaves the filter) before the screen."""
        if self.query_one("#add-url").display:
            self._close_add()
            return True
        return self.back_focus()
