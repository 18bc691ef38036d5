"""Everyone the library's articles mention, most written about first."""

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
    from reader.peoplestore import PersonSummary

SHOWN = 500  # the top of the list; typing narrows it to anyone


class PeopleScreen(FilteredListScreen["PersonSummary"]):
    KIND = ScreenKind.PEOPLE
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(KIND)
    PLACEHOLDER = "Filter people by name ({keys})"

    def on_mount(self) -> None:
        self.title = "People"
        super().on_mount()

    def fetch(self, text: str) -> tuple[list[PersonSummary], str]:
        library = self.reader.library
        assert library is not None
        people = library.people(text, limit=SHOWN + 1)
        shown = people[:SHOWN]
        status = plural(len(shown), "person", "people")
        if len(people) > SHOWN:
            status = f"the {SHOWN:,} most mentioned; type a name to find anyone"
        elif text:
            status += f" matching {text}"
        return shown, status

    def option(self, index: int, item: PersonSummary) -> Option:
        person = item
        part = self.query_one(EntryList).part
        prompt = Text()
        prompt.append(person.name, style=part("name"))
        prompt.append(
            f"  {plural(person.article_count, 'article')}"
            f", {plural(person.mention_count, 'mention')}"
        )
        if person.aliases:
            prompt.append(f"  (also {', '.join(person.aliases)})", style=part("detail"))
        return Option(prompt)

    def chosen(self, item: PersonSummary) -> None:
        self.reader.open_person(item.key)
