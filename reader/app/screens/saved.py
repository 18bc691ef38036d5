"""Saved searches, each with its number of articles and how many are new since it
was last run; enter runs one in the article list."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets.option_list import Option

from reader.app.keys import bindings_for
from reader.app.screens.filtered import FilteredListScreen
from reader.app.widgets.entry_list import EntryList
from reader.history import ScreenKind
from reader.wording import plural

if TYPE_CHECKING:
    from reader.saved import SavedCount

NONE_SAVED = "No saved searches yet: `reader saved add NAME QUERY` saves one"


class SavedSearchesScreen(FilteredListScreen["SavedCount"]):
    KIND = ScreenKind.SAVED
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(KIND)
    PLACEHOLDER = "Filter saved searches by name or query ({keys})"

    def on_mount(self) -> None:
        self.title = "Saved searches"
        super().on_mount()

    def fetch(self, text: str) -> tuple[list[SavedCount], str]:
        from reader.saved import SavedSearchError

        library = self.reader.library
        assert library is not None
        try:
            counts = library.saved_counts(self.reader.settings.searches, text)
        except SavedSearchError as error:
            return [], str(error)
        if not counts:
            return [], f"No saved search matches {text}" if text else NONE_SAVED
        new = sum(count.new for count in counts)
        return counts, f"{plural(len(counts), 'saved search', 'saved searches')}, {new:,} new"

    def option(self, index: int, item: SavedCount) -> Option:
        part = self.query_one(EntryList).part
        about = "about " if item.total_is_estimate else ""
        prompt = Text()
        prompt.append(f"@{item.search.name}", style=part("name"))
        prompt.append(f"  {about}{plural(item.total, 'article')}")
        if item.new:
            prompt.append(f", {item.new:,} new", style=part("name"))
        prompt.append(f"  {item.search.query}", style=part("detail"))
        return Option(prompt)

    def chosen(self, item: SavedCount) -> None:
        self.reader.search_for(f"@{item.search.name}")
