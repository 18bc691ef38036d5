"""A list with a filter box above it that narrows it as you type; the People
and Bookmarks screens are this shape."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.app.messages import ListLoaded
from reader.app.screens.base import PlaceScreen
from reader.app.widgets.entry_list import EntryList
from reader.app.widgets.key_footer import KeyFooter
from reader.history import Place

FILTER_DELAY = 0.12

Item = TypeVar("Item")


class ListCursorActions(PlaceScreen):
    """Cursor actions of a screen whose list is its one OptionList (keys come from
    the screen's bindings, so they follow the user's keymap)."""

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cursor_first(self) -> None:
        self.query_one(OptionList).action_first()

    def action_cursor_last(self) -> None:
        self.query_one(OptionList).action_last()


class FilteredListScreen(ListCursorActions, Generic[Item]):
    """A list of `Item`s and a filter.  Subclasses say what the list holds: `fetch`
    (in a worker thread) returns the items for a filter and the status line,
    `option` draws one, `chosen` opens one."""

    PLACEHOLDER = "Filter ({keys})"  # {keys}: the keys of the scope's filter action

    def __init__(self, place: Place) -> None:
        super().__init__(place)
        self.items: list[Item] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        placeholder = self.PLACEHOLDER.format(keys=self.keys(f"{self.KIND}.filter"))
        yield Input(value=self.start.query, placeholder=placeholder, id="filter")
        yield EntryList(id="entries")
        yield Static(id="list-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.refill()

    # Subclass API ------------------------------------------------------------

    def fetch(self, text: str) -> tuple[list[Item], str]:
        """(items, status line) for the filter `text`; runs in a worker thread."""
        raise NotImplementedError

    def option(self, index: int, item: Item) -> Option:
        raise NotImplementedError

    def chosen(self, item: Item) -> None:
        """Enter on an item."""
        raise NotImplementedError

    # Filtering ---------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if FILTER_DELAY <= 0:  # no pause wanted (tests): filter at once
            self.refill()
            return
        self._timer = self.set_timer(FILTER_DELAY, self.refill)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(OptionList).focus()

    def refill(self, keep: int | None = None) -> None:
        self._load(self.query_one("#filter", Input).value, keep)

    @work(thread=True, exclusive=True, group="filter", exit_on_error=False)
    def _load(self, text: str, keep: int | None) -> None:
        if self.reader.library is None:
            return
        items, status = self.fetch(text)
        if not get_current_worker().is_cancelled:
            self.post_message(ListLoaded(items, status, keep))

    def on_list_loaded(self, message: ListLoaded[Item]) -> None:
        items, status, keep = message.items, message.status, message.keep
        self.items = items
        entries = self.query_one(OptionList)
        entries.clear_options()
        entries.add_options([self.option(i, item) for i, item in enumerate(items)])
        self.query_one("#list-status", Static).update(status)
        if items:
            wanted = keep if keep is not None else self.start.mark
            entries.highlighted = max(0, min(wanted, len(items) - 1))
            self.start = Place(self.start.kind)  # the saved cursor is used once

    @property
    def selected(self) -> Item | None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None or not 0 <= highlighted < len(self.items):
            return None
        return self.items[highlighted]

    @on(OptionList.OptionSelected, "#entries")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.chosen(self.items[event.option_index])

    # Actions -----------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_open(self) -> None:
        if self.selected is not None:
            self.chosen(self.selected)

    def action_cursor_down(self) -> None:
        if self.query_one("#filter", Input).has_focus:
            self.query_one(OptionList).focus()  # down from the filter lands on the list
        else:
            super().action_cursor_down()

    def dismiss_transient(self) -> bool:
        return self.back_focus()

    def back_focus(self) -> bool:
        """Back from the filter box goes to the list first."""
        if self.query_one("#filter", Input).has_focus:
            self.query_one(OptionList).focus()
            return True
        return False

    def place(self) -> Place:
        highlighted = self.query_one(OptionList).highlighted
        return Place(
            self.KIND,
            query=self.query_one("#filter", Input).value,
            mark=highlighted if highlighted is not None else -1,
        )
