"""The people you follow, most new articles first: how many of their articles are new
since you last opened them; enter opens the person (and they are then seen)."""

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
    from reader.following import Followed


class FollowingScreen(FilteredListScreen["Followed"]):
    KIND = ScreenKind.FOLLOWING
    BINDINGS: ClassVar[list[BindingType]] = bindings_for(KIND)
    PLACEHOLDER = "Filter the people you follow by name ({keys})"

    def on_mount(self) -> None:
        self.title = "Following"
        super().on_mount()

    def on_screen_resume(self) -> None:
        # Back from a person's page: their new articles were seen there.
        if self.items:
            self.refill(keep=self.query_one(EntryList).highlighted)

    def fetch(self, text: str) -> tuple[list[Followed], str]:
        library = self.reader.library
        assert library is not None
        followed = library.following(text)
        if followed:
            new = sum(person.new_articles for person in followed)
            status = f"{plural(len(followed), 'person', 'people')} · {plural(new, 'new article')}"
        elif text:
            status = f"nobody you follow matches {text}"
        else:
            key = self.keys("person.follow")
            status = f"You follow nobody yet: {key} on a person's page follows them."
        return followed, status

    def option(self, index: int, item: Followed) -> Option:
        part = self.query_one(EntryList).part
        prompt = Text()
        if item.new_articles:
            prompt.append("◆ ", style=part("mark"))
        prompt.append(item.name, style=part("name"))
        prompt.append(f"  {plural(item.new_articles, 'new article')}")
        prompt.append(f"  ({plural(item.articles, 'article')} in all)", style=part("detail"))
        return Option(prompt)

    def chosen(self, item: Followed) -> None:
        self.reader.open_person(item.key)
